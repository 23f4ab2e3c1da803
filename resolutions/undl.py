"""Reading the UN Digital Library's MARCXML (the `of=xm` export and its search API) into resolution facts.

The Dag Hammarskjöld Library catalogues a resolution in these MARC fields: 001 the Library's record number;
191 $a the symbol ($c the session); 245 $a the title; 992 $a the adoption date (YYYYMMDD); 991 the agenda item
($b item, $c sub-item); 993 $a related documents (the draft is the "L." document); 996 the vote note ($a, such as
"Adopted without vote, 39th plenary meeting" or "Adopted 151-6-27, 42nd plenary meeting"; voting records also
carry the tally in $b yes, $c no, $d abstentions, $e non-voting); 952 $a the meeting record (A/77/PV.39).
Only those fields are read; a field the record lacks stays unknown.
"""

import datetime as dt
import io
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.sax
from dataclasses import dataclass, field

import pymarc

from .models import SYMBOL_RE, Resolution, normalise_symbol

RECORDED = Resolution.Method.RECORDED_VOTE
WITHOUT_VOTE = Resolution.Method.WITHOUT_VOTE
TALLY_SUBFIELDS = {"b": "votes_yes", "c": "votes_no", "d": "votes_abstain", "e": "votes_non_voting"}
ORGANS = {"A": Resolution.Organ.GENERAL_ASSEMBLY, "S": Resolution.Organ.SECURITY_COUNCIL}


class MarcError(ValueError):
    """A record or file the importer cannot use; the message is one line of the report."""


@dataclass
class LibraryRecord:
    """What one MARC record says about a resolution, with the MARC field each value came from."""

    origin: str  # where it was read, for the report: "file.xml, record 2"
    record_id: int | None
    values: dict = field(default_factory=dict)  # model field -> value
    tags: dict = field(default_factory=dict)  # model field -> "992$a"

    @property
    def symbol(self):
        return self.values["symbol"]

    def source(self, name):
        where = f"UN Digital Library record {self.record_id}" if self.record_id else f"UN Digital Library MARCXML ({self.origin})"
        return f"{where}, MARC {self.tags[name]}"


def _first(record, tag, code):
    for marc_field in record.get_fields(tag):
        value = (marc_field.get(code) or "").strip()
        if value:
            return value
    return ""


def _strip_isbd(text):
    """Titles end with cataloguing punctuation (" :", " /"), which is not part of the title."""
    return re.sub(r"[\s:;/,=]+$", "", " ".join(text.split()))


def parse_date(text):
    digits = re.sub(r"-", "", text.strip())
    if not re.fullmatch(r"\d{8}", digits):
        raise MarcError(f"the adoption date (MARC 992 $a) “{text}” is not YYYYMMDD")
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise MarcError(f"the adoption date (MARC 992 $a) “{text}” is not a real day") from None


def parse_vote_note(note):
    """The adoption method, tally and meeting a vote note states: {} when it states none of them."""
    found = {}
    lowered = note.lower()
    if "without vote" in lowered or "without a vote" in lowered:
        found["adoption_method"] = WITHOUT_VOTE
    elif tally := re.search(r"\b(\d{1,3})-(\d{1,3})-(\d{1,3})(?:-(\d{1,3}))?\b", note):
        found["adoption_method"] = RECORDED
        found["votes_yes"], found["votes_no"], found["votes_abstain"] = (int(n) for n in tally.groups()[:3])
        if tally.group(4) is not None:
            found["votes_non_voting"] = int(tally.group(4))
    if meeting := re.search(r"\b(\d{1,4}(?:st|nd|rd|th))\s+plenary\s+meeting\b", note, re.IGNORECASE):
        found["meeting"] = f"{meeting.group(1)} plenary meeting"
    return found


def ordinal(number):
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def agenda_item(record):
    """“128 (q)” from 991 $b (and $c): the form the record's pages and the admin use."""
    item, sub = _first(record, "991", "b"), _first(record, "991", "c")
    if not item:
        return ""
    if match := re.fullmatch(r"(\d+)\s*\(?([a-z]{1,2})\)?", item):
        item, sub = match.group(1), sub or match.group(2)
    sub = sub.strip("() ")
    return f"{item} ({sub})" if sub else item


def read_record(record, origin):
    """One MARC record as resolution facts; MarcError when it is not a resolution or lacks a required field."""
    control = record.get_fields("001")
    raw_id = control[0].data.strip() if control and control[0].data else ""
    record_id = int(raw_id) if raw_id.isdigit() else None
    label = f"{origin}" + (f" (Library record {record_id})" if record_id else "")

    raw_symbol = _first(record, "191", "a")
    if not raw_symbol:
        raise MarcError(f"{label}: no document symbol (MARC 191 $a), so it cannot be matched to a resolution")
    symbol = normalise_symbol(raw_symbol)
    label = f"{label} {symbol}"
    if not SYMBOL_RE.match(symbol) or "/RES/" not in symbol:
        raise MarcError(f"{label}: not a resolution (a resolution's symbol has /RES/); only resolutions are imported")
    organ = ORGANS.get(symbol.split("/", 1)[0])
    if organ is None:
        raise MarcError(f"{label}: only General Assembly (A/RES/) and Security Council (S/RES/) resolutions are imported")
    title = _strip_isbd(_first(record, "245", "a"))
    if not title:
        raise MarcError(f"{label}: no title (MARC 245 $a)")
    raw_date = _first(record, "992", "a")
    if not raw_date:
        raise MarcError(f"{label}: no adoption date (MARC 992 $a)")
    try:
        adopted_on = parse_date(raw_date)
    except MarcError as error:
        raise MarcError(f"{label}: {error}") from None

    found = LibraryRecord(origin=origin, record_id=record_id)

    def put(name, value, tag):
        if value not in (None, ""):
            found.values[name] = value
            found.tags[name] = tag

    put("symbol", symbol, "191$a")
    put("organ", organ, "191$a")
    put("title", title[:300], "245$a")
    put("adopted_on", adopted_on, "992$a")
    session = _first(record, "191", "c")
    if session.isdigit():
        put("session", int(session), "191$c")
    elif match := re.match(r"^A/RES/(\d+)/", symbol):
        put("session", int(match.group(1)), "191$a")
    put("agenda_item", agenda_item(record)[:120], "991$b")
    drafts = [
        normalise_symbol(marc_field.get("a") or "")
        for marc_field in record.get_fields("993")
        if re.search(r"/L\.\d", marc_field.get("a") or "")
    ]
    put("draft_symbol", drafts[0] if drafts else "", "993$a")
    note = " ".join(_first(record, "996", "a").split())
    put("vote_note", note[:300], "996$a")
    for name, value in parse_vote_note(note).items():
        put(name, value, "996$a")
    for marc_field in record.get_fields("996"):
        for code, name in TALLY_SUBFIELDS.items():
            value = (marc_field.get(code) or "").strip()
            if value.isdigit():
                put(name, int(value), f"996${code}")
                put("adoption_method", RECORDED, "996")
    if "meeting" not in found.values and (pv := re.search(r"/PV\.(\d+)$", _first(record, "952", "a"))):
        put("meeting", f"{ordinal(int(pv.group(1)))} plenary meeting", "952$a")
    put("document_url", f"https://docs.un.org/en/{symbol}", "191$a (its text on docs.un.org)")
    return found


def read_marcxml(data, origin):
    """Every resolution in a MARCXML document (a file, or a search API answer): (records, problems)."""
    try:
        marc_records = pymarc.parse_xml_to_array(io.BytesIO(data))
    except xml.sax.SAXParseException as error:
        return [], [f"{origin}: not well-formed XML (line {error.getLineNumber()}: {error.getMessage()})"]
    except Exception as error:  # pymarc raises plain exceptions for XML that is not MARC
        return [], [f"{origin}: not MARCXML ({error.__class__.__name__}: {error})"]
    if not marc_records:
        return [], [f"{origin}: no MARC records in it (is it a MARCXML export, of=xm?)"]
    records, problems = [], []
    for number, marc_record in enumerate(marc_records, start=1):
        try:
            records.append(read_record(marc_record, f"{origin}, record {number}"))
        except MarcError as error:
            problems.append(str(error))
    return records, problems


class FetchError(RuntimeError):
    """The Library could not be asked, or refused; the message says what to do."""


@dataclass
class LibraryClient:
    """The Library's search API, asked for one symbol at a time (standard library HTTP, no extra package).

    A 429 ("too many requests") is retried after the Retry-After the Library sends, a few times; anything else
    fails at once with a message an editor can act on.
    """

    url: str
    token: str = ""
    timeout: float = 20
    retries: int = 3
    sleep: object = time.sleep
    max_wait: float = 60

    def search_url(self, symbol):
        query = urllib.parse.urlencode({"p": f'191__a:"{symbol}"', "format": "xml"})
        return f"{self.url}?{query}"

    def fetch_symbol(self, symbol):
        request = urllib.request.Request(self.search_url(symbol), headers={"Accept": "application/xml"})
        if self.token:
            request.add_header("Authorization", f"Token {self.token}")
        for attempt in range(self.retries + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - URL from settings
                    return response.read()
            except urllib.error.HTTPError as error:
                if error.code == 429 and attempt < self.retries:
                    self.sleep(self.retry_after(error, attempt))
                    continue
                raise FetchError(self.refusal(error)) from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                reason = getattr(error, "reason", error)
                raise FetchError(
                    f"Could not reach the UN Digital Library at {self.url} ({reason}). Check the network, or export "
                    "the record from the Library as MARCXML and import the file instead."
                ) from None
        raise AssertionError("unreachable")

    def retry_after(self, error, attempt):
        value = (error.headers or {}).get("Retry-After", "")
        seconds = float(value) if value.strip().isdigit() else 2.0 ** attempt
        return min(seconds, self.max_wait)

    @staticmethod
    def refusal(error):
        if error.code == 429:
            return "The UN Digital Library still says “too many requests” after several tries: wait and run it again."
        if error.code in (401, 403):
            return (
                f"The UN Digital Library refused the request (HTTP {error.code}): set UNDL_API_TOKEN to an API "
                "token from the Library."
            )
        return f"The UN Digital Library answered HTTP {error.code} ({error.reason})."


def search_total(data):
    """The <total> of a search API answer, when it has one (a plain export has none)."""
    match = re.search(rb"<total>\s*(\d+)\s*</total>", data[:2000])
    return int(match.group(1)) if match else None


def jsonable(value):
    """A value as the JSON of `Resolution.field_sources` stores it, so stored and new values compare equal."""
    return json.loads(json.dumps(value, default=str))
