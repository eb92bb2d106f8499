"""What a figure is a quantity of, and whether it is the news: knowledge the omission test reads.

One quantity is written with different nouns ("homicides" and "murders", "shots" and "doses",
"prices" and the "Consumer Price Index"): ``kb/data/measure_synonyms.tsv`` names each such row,
and a measure is compared by its row (``canonical``). A figure the parse reads as a value of the
sentence's predicate (``Amount.headline``) is still no headline figure of the story where its
sentence widens the scope to the world or a whole crisis (background) or puts it inside a
condition or a demand (``kb/data/claim_context.yaml``). A name in a list of a group's members
("a group of lawmakers, led by ...") is likewise a detail of the claim (``member_names``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from parallax.kb import data_rows, data_yaml
from parallax.model import Amount
from parallax.nlp.claims import NUMBER_WORDS
from parallax.stories import fold_text, stem_word, words_of

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], dict[str, str]]:
    """Common nouns by their stems -> row, and names written with capitals -> row."""
    stems: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in data_rows("measure_synonyms.tsv"):
        head = row["measure"].strip()
        for noun in [head, *(w.strip() for w in row["same quantity"].split(","))]:
            if noun != noun.lower():  # a name ("Consumer Price Index", "CPI")
                names[noun] = head
            else:
                # the parse's lemma of a plural may keep a stray "e" off ("doses" -> "dos")
                for form in {noun, noun + "s", noun[:-1] if noun.endswith("e") else noun}:
                    stems[stem_word(form)] = head
    return stems, names


def canonical(measure: tuple[str, ...]) -> tuple[str, ...]:
    """The measure with each stem replaced by its row's name: ("homicide",) -> ("murder",)."""
    stems = _rows()[0]
    return tuple(stems.get(s, s) for s in measure)


def named_measures(text: str) -> set[tuple[str, ...]]:
    """The rows a sentence names by a name ("the Consumer Price Index rose 4.2%", "the C.P.I."):
    the measure of a number the parse finds no common noun for."""
    folded = f" {' '.join(words_of(text))} "
    return {(row,) for name, row in _rows()[1].items() if f" {' '.join(words_of(name))} " in folded}


@lru_cache(maxsize=1)
def _context() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str], re.Pattern[str]]:
    data = data_yaml("claim_context.yaml")

    def any_of(phrases: list[str]) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.IGNORECASE)

    changes = frozenset(stem_word(w) for w in data["changes"])
    return any_of(data["background"]), any_of(data["condition"]), changes, any_of(data["members"])


def member_names(
    names: frozenset[tuple[str, tuple[str, ...]]], text: str
) -> frozenset[tuple[str, tuple[str, ...]]]:
    """The claim's names (entity key, naming words) written only after a cue opening a list of a
    group's members (``members``), where the claim tells something before the cue: who the group
    is, not an actor of its happening."""
    folded = fold_text(text)
    cue = _context()[3].search(folded)
    if cue is None or not words_of(folded[: cue.start()]):
        return frozenset()
    return frozenset(
        (key, ws)
        for key, ws in names
        if (first := re.search(rf"\b{re.escape(ws[-1])}\b", folded)) is not None
        and first.start() > cue.start()
    )


def names_quantity(measure: tuple[str, ...]) -> bool:
    """Whether the measure names what is counted, not only a change ("gain", ``changes``)."""
    return bool(measure) and measure[0] not in _context()[2]


def is_headline(amount: Amount, text: str) -> bool:
    """Whether the amount is a headline figure of the story its sentence (``text``) tells: a value
    of the predicate (``Amount.headline``) not told as background or inside a condition."""
    return amount.headline and not is_background(amount, text) and not is_conditional(amount, text)


def is_background(amount: Amount, text: str) -> bool:
    """Whether the sentence widens the figure's scope (``background`` in claim_context.yaml) other
    than by naming the measured quantity itself ("worldwide sales rose"), a name ("the World Bank")
    or a possessive ("the world's largest")."""
    plain = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    measure = canonical(amount.measure[:1])
    for m in _context()[0].finditer(plain):
        after = words_of(plain[m.end() :])[:1]
        if plain[m.end() : m.end() + 2] == "'s" or any(w[0].isupper() for w in m.group().split()[1:]):
            continue
        if not (measure and after and canonical((stem_word(after[0]),)) == measure):
            return True
    return False


def is_conditional(amount: Amount, text: str) -> bool:
    """Whether a condition or demand (``condition`` in claim_context.yaml) opens before the figure."""
    folded = fold_text(text)
    at = _position(amount.value, folded)
    return at is not None and any(m.start() < at for m in _context()[1].finditer(folded))


def _position(value: str, folded: str) -> int | None:
    """Where the figure's number stands in the folded sentence, or None where it is not written."""
    first = value.split("-")[0]
    for m in _NUMBER.finditer(folded):
        if m.group().replace(",", "") == first:
            return m.start()
    words = [w for w, n in NUMBER_WORDS.items() if n == first]
    hits = [m.start() for w in words for m in re.finditer(rf"\b{w}\b", folded)]
    return min(hits) if hits else None
