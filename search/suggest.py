"""“Did you mean”: the nearest names and symbols of the record for a search that found nothing.

Only names and symbols (countries, ambassadors, UN symbols, aliases) are corrected: they are what readers
misspell (“Cambodai”, “Sovan Ke”, “A/RES/77/21”), and the record holds their right spelling. Other words are
left as typed.
"""

import difflib
import re

from resolutions.search import WORD

CUTOFF = 0.75
SHORTEST_CORRECTED = 4  # shorter words are too often right and too close to everything


def did_you_mean(search, names):
    """A corrected query text, or "" when every term is already a name, a number, or nothing near a name."""
    phrases = {_key(name): name for name in names if not _is_symbol(name)}
    words = {}
    for name in phrases.values():
        for word in WORD.findall(name):
            if len(word) >= SHORTEST_CORRECTED:
                words.setdefault(word.lower(), word)
    symbols = {}
    for name in names:
        if _is_symbol(name):
            parts = name.split("/")
            for start in range(len(parts)):  # “77/12” is a whole fragment of A/RES/77/12
                symbols.setdefault("/".join(parts[start:]), "/".join(parts[start:]))
    typed = " ".join(term.text for term in search.terms)
    only_words = not any(term.symbol or term.number is not None for term in search.terms)
    if len(search.terms) > 1 and only_words and (whole := _closest(_key(typed), phrases)):
        return whole  # “Sovan Kee”: a name typed whole, misspelt
    corrected = [_correct(term, phrases, words, symbols) for term in search.terms]
    suggestion = " ".join(corrected)
    return suggestion if suggestion.casefold() != typed.casefold() else ""


def _correct(term, phrases, words, symbols):
    if term.symbol:
        return _closest(term.symbol, symbols) or term.text
    if term.number is not None or _key(term.text) in phrases:
        return term.text
    if " " in term.text and (whole := _closest(_key(term.text), phrases)):
        return whole
    return " ".join(
        word if len(word) < SHORTEST_CORRECTED or word in words else (_closest(word, words) or word)
        for word in term.text.split()
    )


def _closest(text, candidates):
    if text in candidates:
        return ""
    match = difflib.get_close_matches(text, list(candidates), n=1, cutoff=CUTOFF)
    return candidates[match[0]] if match else ""


def _key(name):
    return " ".join(WORD.findall(name.lower()))


def _is_symbol(name):
    return bool(re.fullmatch(r"[A-Z]+(/[^/\s]+)+", name))
