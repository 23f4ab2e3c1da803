"""The fact check: what a story's headline, standfirst and body say, against the records it links to.

Plain rules over the record, no network and no language model. Each rule finds claims of one kind in the text
(co-sponsor numbers; how a text was adopted; adoption dates; session numbers; "record" and "most ever"; the
ASEAN chair of a year; an ambassador's title on the story's date) and compares them with the linked
resolutions, the chair years and the ambassadors' dated tenures. Each finding carries the claim, the record's
value and its source, and a verdict: it matches, it contradicts, or the record does not say.
"""

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags

from resolutions.models import ChairYear, Country, Resolution, Tenure, compute_cosponsor_record

MATCHES = "matches"
CONTRADICTS = "contradicts"
NOT_IN_RECORD = "not in the record"

MONTHS = {
    name: number
    for number, name in enumerate(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december"),
        start=1,
    )
}
MONTH = "(" + "|".join(MONTHS) + ")"
COSPONSORS = re.compile(r"\b(\d{1,3})\s+(?:co-?\s?sponsors?|sponsoring countries)\b|\bco-?sponsored\s+by\s+(\d{1,3})\b", re.I)
MENTIONS_COSPONSORS = re.compile(r"\bco-?\s?sponsor", re.I)
CONSENSUS = re.compile(r"\bby consensus\b|\bwithout (?:a )?vote\b|\bwithout voting\b", re.I)
UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b", re.I)
RECORDED = re.compile(
    r"\b(?:recorded\s+)?vote\s+of\s+(\d{1,3})\s*(?:to|-|–)\s*(\d{1,3})"
    r"(?:\s*(?:,|with|and)?\s*(?:with\s+)?(\d{1,3})\s+abstentions?)?",
    re.I,
)
IN_FAVOUR = re.compile(r"\b(\d{1,3})\s+(?:votes\s+)?in\s+favou?r\b", re.I)
ADOPTION_VERB = re.compile(r"\b(?:adopt|approv|pass|vote)", re.I)
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+{MONTH}(?:\s+(\d{{4}}))?\b", re.I)
MONTH_DAY = re.compile(rf"\b{MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
SESSION = re.compile(
    r"\b(\d{1,3})(?:st|nd|rd|th)\s+(?:regular\s+)?(?:session|(?:UN\s+|United\s+Nations\s+)?General\s+Assembly)\b"
    r"|\bsession\s+(\d{1,3})\b",
    re.I,
)
MOST_EVER = re.compile(r"\bmost ever\b|\blargest number\b|\bhighest number\b|\bmost co-?\s?sponsors\b|\bthe most\b", re.I)
RECORD = re.compile(r"\brecords?\b", re.I)
CHAIR = re.compile(r"\bchair(?:man)?(?:ship)?\s+of\s+ASEAN\b|\bASEAN(?:'s|’s)?\s+chair(?:man)?(?:ship)?\b", re.I)
YEAR = re.compile(r"\b(19[6-9]\d|2[01]\d\d)\b")
TITLES = {
    "deputy permanent representative": {Tenure.Post.DEPUTY_PERMANENT_REPRESENTATIVE},
    "permanent representative": {Tenure.Post.PERMANENT_REPRESENTATIVE},
    "head of the delegation": {Tenure.Post.HEAD_OF_DELEGATION},
    "head of delegation": {Tenure.Post.HEAD_OF_DELEGATION},
    "ambassador": {Tenure.Post.PERMANENT_REPRESENTATIVE, Tenure.Post.AMBASSADOR},
}
TITLE = r"(deputy permanent representative|permanent representative|head of (?:the )?delegation|ambassador)"
TITLE_BEFORE = re.compile(rf"{TITLE}\s*(?:of\s+[\w’' -]{{2,40}}?\s+to\s+the\s+United\s+Nations\s*)?,?\s*$", re.I)
TITLE_AFTER = re.compile(rf"^\s*,\s*(?:the\s+)?{TITLE}\b", re.I)


HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})  # "co‑sponsors" typed with a non-breaking hyphen


@dataclass(frozen=True)
class Finding:
    rule: str  # what kind of claim: "Co-sponsors", "How it was adopted", ...
    claim: str  # the story's words
    record: str  # what the record says
    source: str  # where the record's value comes from
    verdict: str
    note: str = ""

    @property
    def key(self):
        """Stable while the claim and the record's value stay the same: what an acknowledgement refers to."""
        raw = f"{self.rule}|{' '.join(self.claim.lower().split())}|{self.record}"
        return hashlib.sha256(raw.encode()).hexdigest()[:20]

    @property
    def contradicts(self):
        return self.verdict == CONTRADICTS


def sentences(*texts):
    for text in texts:
        plain = html.unescape(strip_tags(text or "")).replace("\xa0", " ").translate(HYPHENS)
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", plain):
            if sentence.strip():
                yield " ".join(sentence.split())


def label(resolution):
    return resolution.symbol or f"{resolution.title} ({resolution.year})"


def source_of(record, field=None):
    """Where a value comes from: the import's note for that field, else the record's first source line."""
    imported = getattr(record, "field_sources", {}).get(field) if field else None
    if imported:
        return imported["source"]
    sources = record.source_list
    return sources[0][0] if sources else "the record (no source given)"


def judge(outcomes):
    """Several linked records: a claim matches when one agrees, contradicts when every one that knows disagrees."""
    known = [ok for ok in outcomes if ok is not None]
    if any(known):
        return MATCHES
    return CONTRADICTS if known else NOT_IN_RECORD


def method_phrase(resolution):
    if resolution.adoption_method == Resolution.Method.WITHOUT_VOTE:
        return "adopted without a vote (by consensus)"
    if resolution.adoption_method == Resolution.Method.RECORDED_VOTE:
        return f"adopted by a recorded vote ({resolution.vote_summary or 'tally not recorded'})"
    return "how it was adopted is not recorded"


def check_cosponsors(sentence, resolutions):
    for match in COSPONSORS.finditer(sentence):
        number = int(match.group(1) or match.group(2))
        known = [r for r in resolutions if r.cosponsors_total is not None]
        verdict = judge([r.cosponsors_total == number for r in known])
        record = "; ".join(f"{r.cosponsors_total} co-sponsors ({label(r)})" for r in known) or "no co-sponsor count"
        source = "; ".join(source_of(r, "co_sponsor_count") for r in known) or "—"
        yield Finding("Co-sponsors", match.group(0), record, source, verdict)


def check_adoption(sentence, resolutions):
    known = [r for r in resolutions if r.adoption_method]
    record = "; ".join(f"{label(r)}: {method_phrase(r)}" for r in known) or "how it was adopted is not recorded"
    source = "; ".join(source_of(r, "adoption_method") for r in known) or "—"
    for match in CONSENSUS.finditer(sentence):
        verdict = judge([r.adoption_method == Resolution.Method.WITHOUT_VOTE for r in known])
        yield Finding("How it was adopted", match.group(0), record, source, verdict)
    for match in UNANIMOUS.finditer(sentence):
        outcomes = []
        for r in known:
            if r.adoption_method == Resolution.Method.RECORDED_VOTE and r.votes_no is not None:
                outcomes.append(r.votes_no == 0 and (r.votes_abstain or 0) == 0)
            elif r.adoption_method == Resolution.Method.WITHOUT_VOTE:
                outcomes.append(False)
        note = ""
        if any(r.adoption_method == Resolution.Method.WITHOUT_VOTE for r in known):
            note = (
                "Imprecise: “unanimously” describes a recorded vote with none against; a text adopted without a "
                "vote (by consensus) had no vote. Say “without a vote” or “by consensus”."
            )
        yield Finding("How it was adopted", match.group(0), record, source, judge(outcomes), note)
    for match in (*RECORDED.finditer(sentence), *IN_FAVOUR.finditer(sentence)):
        numbers = [int(n) if n else None for n in match.groups()] + [None, None]
        yes, no, abstain = numbers[:3]
        outcomes = []
        for r in known:
            if r.adoption_method == Resolution.Method.WITHOUT_VOTE:
                outcomes.append(False)
            elif r.votes_yes is not None:
                outcomes.append(
                    r.votes_yes == yes and no in (None, r.votes_no) and abstain in (None, r.votes_abstain)
                )
        yield Finding("How it was adopted", match.group(0), record, source, judge(outcomes))


def check_dates(sentence, resolutions):
    if not ADOPTION_VERB.search(sentence):
        return
    found = []
    for match in DAY_MONTH.finditer(sentence):
        found.append((match.group(0), int(match.group(1)), MONTHS[match.group(2).lower()], match.group(3)))
    for match in MONTH_DAY.finditer(sentence):
        found.append((match.group(0), int(match.group(2)), MONTHS[match.group(1).lower()], match.group(3)))
    known = [r for r in resolutions if r.adopted_on]
    for words, day_number, month, year in found:
        try:
            claimed = dt.date(int(year) if year else 2000, month, day_number)  # 2000: a leap year, for 29 February
        except ValueError:
            continue
        if year:
            outcomes = [r.adopted_on == claimed for r in known]
        else:  # "On November 23": the story's context gives the year; compare the day
            outcomes = [(r.adopted_on.month, r.adopted_on.day) == (month, day_number) for r in known]
        record = "; ".join(f"{label(r)}: adopted {date_format(r.adopted_on, 'j F Y')}" for r in known)
        yield Finding(
            "Adoption date", words, record or "the adoption date is not recorded",
            "; ".join(source_of(r, "adopted_on") for r in known) or "—",
            judge(outcomes),
            "" if year else "The story gives no year; the day and month are compared.",
        )


def check_sessions(sentence, resolutions):
    known = [r for r in resolutions if r.session]
    for match in SESSION.finditer(sentence):
        number = int(match.group(1) or match.group(2))
        record = "; ".join(f"{label(r)}: session {r.session}" for r in known) or "the session is not recorded"
        source = "; ".join(source_of(r, "session") for r in known) or "—"
        yield Finding("Session", match.group(0), record, source, judge([r.session == number for r in known]))


def series_editions(resolution):
    editions = getattr(resolution.series, "editions", None)
    if editions is None:
        editions = list(resolution.series.resolutions.all())
    return editions


def check_records(sentence, resolutions, day):
    if not MENTIONS_COSPONSORS.search(sentence):
        return
    most_ever = MOST_EVER.search(sentence)
    record_word = RECORD.search(sentence)
    if not (most_ever or record_word):
        return
    words = (most_ever or record_word).group(0)
    candidates = [r for r in resolutions if r.series_id and r.cosponsors_total is not None]
    outcomes, records, notes, sources = [], [], [], []
    for resolution in candidates:
        editions = series_editions(resolution)
        full = compute_cosponsor_record(resolution, editions)
        if most_ever:
            # "Most ever" is true when written: judged over the editions adopted by the story's date.
            by_then = [e for e in editions if e.adoption_day <= day or e.pk == resolution.pk]
            judged = compute_cosponsor_record(resolution, by_then)
            holds = judged.series_max
        else:
            judged = full
            holds = judged.record_at_time
        sources.append(source_of(resolution, "co_sponsor_count"))
        if judged.compared_with < 2:
            outcomes.append(None)
            records.append(f"{label(resolution)}: {judged.count} co-sponsors, but no other edition had a known count by then")
            continue
        outcomes.append(holds)
        summary = full.summary or ("a record at the time" if full.record_at_time else "not a record")
        records.append(f"{label(resolution)}: {judged.count} co-sponsors, {summary}")
        notes.append(judged.basis)
    yield Finding(
        "Record", words, "; ".join(records) or "no co-sponsor count in a series",
        "; ".join(sources) or "—", judge(outcomes), " ".join(notes),
    )


def country_names():
    names = []
    for country in Country.objects.only("name", "common_name"):
        names += [(name, country) for name in {country.name, country.common_name} if name]
    return sorted(names, key=lambda item: -len(item[0]))


def check_chair(sentence, day, names_cache):
    for match in CHAIR.finditer(sentence):
        after = sentence[match.end(): match.end() + 30]
        year_match = YEAR.search(after) or YEAR.search(sentence[max(0, match.start() - 30): match.start()])
        year = int(year_match.group(1)) if year_match else day.year
        if not names_cache:
            names_cache.extend(country_names())
        mentioned = [
            (abs(found.start() - match.start()), name, country)
            for name, country in names_cache
            for found in re.finditer(rf"\b{re.escape(name)}\b", sentence)
        ]
        if not mentioned:
            continue
        _, name, country = min(mentioned, key=lambda item: item[0])
        chair_year = ChairYear.objects.select_related("chair").filter(year=year).first()
        claim = f"{match.group(0)} {year}: {name}"
        if chair_year is None:
            yield Finding("ASEAN chair", claim, f"no chair year {year} on record", "—", NOT_IN_RECORD)
            continue
        yield Finding(
            "ASEAN chair", claim, f"ASEAN chair {year}: {chair_year.chair.name}", source_of(chair_year),
            MATCHES if chair_year.chair_id == country.pk else CONTRADICTS,
        )


def describe(tenure):
    dates = ""
    if tenure.started_on:
        dates = f" (from {date_format(tenure.started_on, 'j F Y')}"
        dates += f" to {date_format(tenure.ended_on, 'j F Y')})" if tenure.ended_on else ")"
    return f"{tenure.get_post_display()} of {tenure.country.name}, {tenure.organisation}{dates}"


def check_titles(text, ambassadors, day):
    held = {}
    for tenure in Tenure.objects.held_on(day).filter(ambassador__in=ambassadors).select_related("country"):
        held.setdefault(tenure.ambassador_id, []).append(tenure)
    when = date_format(day, "j F Y")
    for ambassador in ambassadors:
        names = [name for name in {ambassador.full_name, ambassador.native_name} if name]
        for name in names:
            for found in re.finditer(re.escape(name), text):
                before, after = text[max(0, found.start() - 90): found.start()], text[found.end(): found.end() + 60]
                titles = []
                title = TITLE_BEFORE.search(before)
                if title and not re.search(r"\bformer\s*$", before[: title.start()], re.I):
                    titles.append((title.group(1), f"{before[title.start():].strip()} {name}"))
                if title := TITLE_AFTER.search(after):
                    titles.append((title.group(1), f"{name}{after[: title.end()]}"))
                for title_words, claim in titles:
                    yield judge_title(ambassador, title_words, claim, held.get(ambassador.pk, []), when)


def judge_title(ambassador, title_words, claim, held, when):
    wanted = TITLES[" ".join(title_words.lower().split())]
    source = source_of(ambassador)
    if held:
        record = f"On {when}: " + "; ".join(describe(t) for t in held)
        if any(t.post in wanted for t in held):
            return Finding("Title on the story's date", claim, record, source, MATCHES)
        if wanted == {Tenure.Post.HEAD_OF_DELEGATION}:
            return Finding(
                "Title on the story's date", claim, record, source, NOT_IN_RECORD,
                "The record holds no head-of-delegation post for that date; his post then is given above.",
            )
        return Finding("Title on the story's date", claim, record, source, CONTRADICTS)
    tenures = list(ambassador.tenures.select_related("country"))
    if not tenures or any(t.started_on is None for t in tenures):
        return Finding(
            "Title on the story's date", claim,
            f"{ambassador.full_name}'s posts on {when} are not recorded (dates not sourced)", source, NOT_IN_RECORD,
        )
    record = f"No post on record on {when}. Posts: " + "; ".join(describe(t) for t in tenures)
    return Finding("Title on the story's date", claim, record, source, CONTRADICTS)


def check_story(*, headline, standfirst, body, resolutions, ambassadors, day):
    """Every finding for one story's text, in reading order, each claim once."""
    resolutions, ambassadors = list(resolutions), list(ambassadors)
    findings, names_cache = [], []
    for sentence in sentences(headline, standfirst, body):
        findings += check_cosponsors(sentence, resolutions)
        findings += check_adoption(sentence, resolutions)
        findings += check_dates(sentence, resolutions)
        findings += check_sessions(sentence, resolutions)
        findings += check_records(sentence, resolutions, day)
        findings += check_chair(sentence, day, names_cache)
    text = " ".join(sentences(headline, standfirst, body))
    findings += check_titles(text, ambassadors, day)
    unique = {}
    for finding in findings:
        unique.setdefault(finding.key, finding)
    return list(unique.values())


def story_day(publish_at):
    return timezone.localdate(publish_at) if publish_at else timezone.localdate()


def check_article(article):
    """The findings for a saved story and its saved links."""
    resolutions = Resolution.objects.for_detail().filter(articles=article) if article.pk else []
    ambassadors = article.ambassadors.all() if article.pk else []
    return check_story(
        headline=article.headline, standfirst=article.standfirst, body=article.body,
        resolutions=resolutions, ambassadors=ambassadors, day=story_day(article.publish_at),
    )
