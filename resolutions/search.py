"""What a reader typed, understood against the record: words, quoted phrases, UN symbols, numbers, and aliases.

`parse()` turns any text into `SearchTerms` (never an error: operators, quotes and brackets are just punctuation;
NUL, emoji and control characters are dropped). Each term lists the ways of writing it that mean the same
(`Alias` rows, both ways: “ASEAN” and “Association of Southeast Asian Nations”), so every search built on the
terms, the stories' full text included, finds a name however it is written.

The `*_matching()` functions find the record by those terms: every term must match some field (a name, a title,
a symbol fragment on slash boundaries, a year or session), each written any of its ways.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Case, Q, Value, When
from django.db.models.functions import Lower

from .models import Alias, Ambassador, ChairYear, Country, Resolution, normalise_symbol

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
LONGEST_ALIAS_WORDS = 5
MAX_SYMBOLS = 10  # full symbols a fragment stands for in a story search
# Private-use characters that mark highlighted words in snippets: never part of what a reader searches for.
MARK_START, MARK_END = "\ue000", "\ue001"
# Words that only announce a symbol (“res 77/12”, “resolution A/77/L.12”): dropped when a symbol is given.
SYMBOL_WORDS = {"res", "resolution", "resolutions", "draft", "symbol", "document", "doc"}
WORD = re.compile(r"[^\W_]+")
# A whitespace-separated chunk with a slash between letters or digits: a UN symbol or a fragment of one.
_SYMBOL_PART = r"[^\W_](?:[^\W_]|[.\-()])*"
SYMBOL = re.compile(rf"^{_SYMBOL_PART}(?:/{_SYMBOL_PART})+$")
YEAR_RANGE = range(1945, 2201)


@dataclass(frozen=True)
class Term:
    text: str  # as the reader wrote it, tidied: shown in “did you mean” and kept for corrections
    alternatives: tuple[str, ...]  # lower-case phrases meaning the same; the first is the text itself
    symbol: str = ""  # a UN symbol or fragment in official form: “A/RES/77/12”, “77/12”
    number: int | None = None  # a year or a session

    @property
    def words(self):
        return WORD.findall(self.text.lower())


@dataclass(frozen=True)
class SearchTerms:
    text: str  # the query as searched (cleaned and shortened), for the page and its links
    terms: tuple[Term, ...] = ()

    def __bool__(self):
        return bool(self.terms)


def clean(text):
    """The query as searched: NFKC-normalised, without control or private-use characters, spaces collapsed, cut
    to `MAX_QUERY_LENGTH` characters."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp") else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def split(text):
    """The pieces of a cleaned query, in order: ("phrase", words) for quoted text, ("symbol", fragment) and
    ("word", word). Quotes that are not closed, brackets and operators are only punctuation."""
    pieces = []
    for number, chunk in enumerate(re.split(r"\"([^\"]*)\"", text)):
        if number % 2:
            words = WORD.findall(chunk.lower())
            if words:
                pieces.append(("phrase", " ".join(words)))
            continue
        for part in chunk.split():
            candidate = part.strip(".,;:!?'\"“”‘’[]{}<>")
            if "/" in candidate and SYMBOL.match(candidate):
                pieces.append(("symbol", normalise_symbol(candidate)))
            else:
                pieces.extend(("word", word) for word in WORD.findall(part.lower()))
    if any(kind == "symbol" for kind, _ in pieces):
        pieces = [(kind, value) for kind, value in pieces if not (kind == "word" and value in SYMBOL_WORDS)]
    return pieces


def parse(text):
    """`SearchTerms` for any text, in one query: the aliases of its words, and the symbols its fragments name."""
    text = clean(text)
    pieces = split(text)
    if not pieces:
        return SearchTerms(text=text)
    aliases, symbols = _look_up(pieces)
    terms, position = [], 0
    while position < len(pieces) and len(terms) < MAX_TERMS:
        kind, value = pieces[position]
        if kind == "symbol":
            pattern = re.compile(rf"(^|/){re.escape(value)}(/|$)")
            named = sorted(symbol.lower() for symbol in symbols if pattern.search(symbol) and symbol != value)
            terms.append(Term(text=value, alternatives=(value.lower(), *named[:MAX_SYMBOLS]), symbol=value))
            position += 1
            continue
        span = 1
        if kind == "word":  # the longest run of words that is an alias: “viet nam”, “lao pdr”
            for length in range(LONGEST_ALIAS_WORDS, 1, -1):
                run = pieces[position:position + length]
                if len(run) == length and all(k == "word" for k, _ in run) and " ".join(v for _, v in run) in aliases:
                    span = length
                    break
        phrase = " ".join(value for _, value in pieces[position:position + span])
        number = int(phrase) if phrase.isascii() and phrase.isdigit() and len(phrase) <= 4 else None
        others = tuple(dict.fromkeys(other for other in aliases.get(phrase, ()) if other != phrase))
        terms.append(Term(text=phrase, alternatives=(phrase, *others), number=number))
        position += span
    return SearchTerms(text=text, terms=tuple(terms))


def _phrase(text):
    return " ".join(WORD.findall(text.lower()))


def _look_up(pieces):
    """({phrase: [phrases it may also be written as]}, {symbols on record}) for the query's runs of words and its
    symbol fragments, in one query. Stories on PostgreSQL need the full symbols: its parser reads “A/RES/77/12”
    as one word, so a story citing it is found through them, not through “77/12”."""
    words = [value for kind, value in pieces if kind == "word"]
    runs = {value for kind, value in pieces if kind == "phrase"}
    for start in range(len(words)):
        for length in range(1, LONGEST_ALIAS_WORDS + 1):
            if start + length <= len(words):
                runs.add(" ".join(words[start:start + length]))
    rows = (
        Alias.objects.annotate(lower_name=Lower("name"), lower_means=Lower("means"))
        .filter(Q(lower_name__in=runs) | Q(lower_means__in=runs))
        .annotate(kind=Value("alias"))
        .values_list("kind", "name", "means")
        .order_by()
    )
    fragments = [value for kind, value in pieces if kind == "symbol"]
    if fragments:
        named = reduce(or_, (symbol_q(f, "symbol") | symbol_q(f, "draft_symbol") for f in fragments))
        symbols = Resolution.objects.filter(named).annotate(kind=Value("symbol")).values_list(
            "kind", "symbol", "draft_symbol"
        )
        rows = rows.union(symbols.order_by(), all=True)
    aliases, symbols = {}, set()
    for kind, first, second in rows:
        if kind == "symbol":
            symbols.update(s for s in (first, second) if s)
            continue
        name, means = _phrase(first), _phrase(second)
        aliases.setdefault(name, []).append(means)
        aliases.setdefault(means, []).append(name)
    return aliases, symbols


# Matching the record


def symbol_q(fragment, field_name):
    """`fragment` is the whole symbol or whole parts of it: “77/12” finds A/RES/77/12, never A/RES/77/120."""
    return Q(**{f"{field_name}__regex": rf"(^|/){re.escape(fragment)}(/|$)"})


def word_pattern(phrase):
    """A regular expression (the same on SQLite and PostgreSQL) for `phrase` at the start of a word, its words
    separated by anything that is not a letter; a short word (“UN”) must be whole, not the start of “UNESCO”."""
    words = WORD.findall(phrase)
    body = r"\W+".join(re.escape(word) for word in words)
    end = r"(\W|$)" if len(phrase) <= 3 else ""
    return rf"(^|\W){body}{end}"


def _text_q(term, *field_names):
    condition = Q()
    for alternative in term.alternatives:
        if not WORD.search(alternative):
            continue
        pattern = word_pattern(alternative)
        for name in field_names:
            condition |= Q(**{f"{name}__iregex": pattern})
    return condition


def _organs(term):
    """Organs whose name is one way of writing the term (“UNGA” is “General Assembly”)."""
    return [value for value, label in Resolution.Organ.choices if _phrase(label) in term.alternatives]


def _country_q(term, prefix=""):
    condition = _text_q(term, f"{prefix}name", f"{prefix}common_name")
    if term.text.isalpha() and len(term.text) in (2, 3):
        condition |= Q(**{f"{prefix}iso_alpha2__iexact": term.text}) | Q(**{f"{prefix}iso_alpha3__iexact": term.text})
    return condition


def _every(terms, term_q):
    if not terms:
        return Q(pk__in=[])
    condition = Q()
    for term in terms:
        condition &= term_q(term) or Q(pk__in=[])  # a term no field can hold matches nothing
    return condition


def resolution_q(term):
    if term.symbol:
        return symbol_q(term.symbol, "symbol") | symbol_q(term.symbol, "draft_symbol")
    condition = _text_q(
        term, "title", "series__title", "introduced_by__full_name", "drafting_lead__name", "drafting_lead__common_name"
    )
    if organs := _organs(term):
        condition |= Q(organ__in=organs)
    if term.number is not None:
        condition |= Q(year=term.number) | Q(session=term.number)
    return condition


def ambassador_q(term):
    if term.symbol or term.number is not None:
        return Q()
    return _text_q(term, "full_name", "native_name") | _country_q(term, "country__")


def chair_year_q(term):
    if term.symbol:
        return Q()
    if term.number is not None:
        return Q(year=term.number) if term.number in YEAR_RANGE else Q()
    return _text_q(term, "theme") | _country_q(term, "chair__")


def country_q(term):
    if term.symbol or term.number is not None:
        return Q()
    return _country_q(term)


def resolutions_matching(search):
    """Resolutions for `search` (`SearchTerms`): a symbol typed in full first, then the newest."""
    resolutions = Resolution.objects.filter(_every(search.terms, resolution_q))
    order = ["-year", "-adopted_on", "title", "pk"]
    if exact := [term.symbol for term in search.terms if term.symbol]:
        typed_in_full = Case(When(Q(symbol__in=exact) | Q(draft_symbol__in=exact), then=0), default=1)
        resolutions, order = resolutions.alias(typed_in_full=typed_in_full), ["typed_in_full", *order]
    return resolutions.order_by(*order)


def ambassadors_matching(search):
    return Ambassador.objects.filter(_every(search.terms, ambassador_q)).order_by("full_name", "pk")


def chair_years_matching(search):
    return ChairYear.objects.filter(_every(search.terms, chair_year_q)).order_by("-year")


def countries_matching(search):
    return Country.objects.filter(_every(search.terms, country_q)).order_by("name")


def vocabulary():
    """Every name and symbol of the record (and every alias), for “did you mean”: one query."""
    parts = [
        Country.objects.values_list("name", "common_name"),
        Ambassador.objects.values_list("full_name", "native_name"),
        Resolution.objects.exclude(symbol="", draft_symbol="").values_list("symbol", "draft_symbol"),
        Alias.objects.values_list("name", "means"),
    ]
    first, *rest = [part.order_by() for part in parts]
    return {name for pair in first.union(*rest, all=True) for name in pair if name}
