"""Where a name is a place and not an actor: locative prepositions and lists, capitals as modifiers,
and the country a demonym before a name gives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parallax.kb import KBActor, KnowledgeBase, normalize_alias
from parallax.nlp.entity_roles import Found

if TYPE_CHECKING:
    from spacy.tokens import Doc

LOCATION_PREPOSITIONS = frozenset(
    [
        "in",
        "at",
        "on",
        "to",
        "from",
        "near",
        "outside",
        "inside",
        "into",
        "across",
        "around",
        "toward",
        "towards",
        "via",
        "throughout",
        "within",
        "visit",
        "visited",
        "visiting",
    ]
)


def is_location(doc: Doc, start: int, end: int) -> bool:
    """A place, not an actor: after a locative preposition ("in Beijing") or as a dateline ("KYIV (AP) -")."""
    at_line_start = start == 0 or "\n" in doc[start - 1].text_with_ws
    if at_line_start and end < len(doc) and doc[end].text in ("(", "-", "\u2013", "\u2014", ","):
        return True
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 0 and doc[i].lower_ in LOCATION_PREPOSITIONS:
        return True
    return in_located_list(doc, start, end)


LIST_JOINERS = frozenset([",", "and", "or"])


def in_located_list(doc: Doc, start: int, end: int) -> bool:
    """A name inside a list that a locative preposition opens ("ambassadors in Seoul, Beijing, and
    Tokyo"): joined on both sides, or after "and"/"or", with only names and joiners back to "in"."""
    before = doc[start - 1].lower_ if start > 0 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    if before not in LIST_JOINERS or (before == "," and after not in LIST_JOINERS):
        return False
    for tok in reversed(doc[max(0, start - 12) : start]):
        if tok.lower_ in LOCATION_PREPOSITIONS:
            return True
        if not (tok.lower_ in LIST_JOINERS or tok.text[:1].isupper() or tok.lower_ == "the"):
            return False
    return False


def is_place_modifier(doc: Doc, kb: KnowledgeBase, f: Found, government: KBActor) -> bool:
    """A capital modifying a noun names a place ("a London bar", "the Moscow talks"), not a government.

    The government comes from the caller's lookup: a name such as "Government of India" is no
    metonym, so asking the metonym table again would find nothing.
    """
    root = doc[f.start : f.end].root
    country = kb.country(government.country or "")
    is_capital = country is not None and any(
        normalize_alias(c) == normalize_alias(doc[f.start : f.end].text) for c in country.capitals
    )
    return is_capital and root.dep_ in ("compound", "amod", "nmod") and root.head.i > root.i


def nearby_country(doc: Doc, kb: KnowledgeBase, start: int) -> str | None:
    """A demonym in the few words before a name ("Russian Foreign Minister ...")."""
    for tok in reversed(doc[max(0, start - 4) : start]):
        if tok.pos_ == "ADP":
            return None  # "the U.S. Consulate in Lahore": the demonym qualifies another noun
        if tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-":
            continue  # "Spanish-language networks", "Russian-born": a language or origin, no nationality
        code = kb.country_of_demonym(tok.text) if tok.text[:1].isupper() else None
        if code:
            return code
    return None
