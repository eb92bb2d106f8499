"""Checkable claims aligned across a story's articles.

A claim is a sentence or one of its verb clauses, kept as a span and read at NLP time
(``nlp/claims.py``) with its figures and quoted labels. Claims of different articles are
"the same" when their content words overlap enough, weighting words by how few of the
story's articles use them, so the names every article repeats count little and the
specific words ("anniversary", "neighbours") count most.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from parallax.model import Amount, Article, Figure, Label, Mention, stable_id
from parallax.stories import STOP_WORDS, content_stems, words_of

SAME_CLAIM = 0.34
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
NAMED = frozenset({"PERSON", "ORG"})  # the mentions that make up a claim's core with its numbers
# a number standing alone or a tally ("8-1"): not part of a name ("COVID-19", "G7") or a time ("1:30")
_NUMBER = re.compile(
    r"(?<![\w:-])(?:\d+-\d+|\d[\d,]*(?:\.\d+)?)(?=(?:m|bn|k)?\b)(?:m|bn|k)?(?![\w:]|-\d)", re.I
)  # "60m", "$3.5bn", "10k" are numbers with a scale
WH_WORDS = frozenset({"how", "what", "why", "whether", "which", "who", "whom", "whose", "where"})
_AFTER_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.I)

# words that open a sentence leaning on the one before ("He said ...", "Both measures ..."): such a
# sentence is no whole proposition on its own, so it does not word a consensus row
ANAPHORA = frozenset(
    {
        "he",
        "she",
        "it",
        "they",
        "his",
        "her",
        "its",
        "their",
        "this",
        "that",
        "these",
        "those",
        "both",
        "such",
    }
)
LINKS = frozenset({"and", "but", "so", "yet", "still", "also"})  # skipped before an opening word


@dataclass(frozen=True)
class ClaimUnit:
    """One article's claim as the alignment compares it: its span, content stems and details."""

    article_id: str
    start: int
    end: int
    text: str
    stems: frozenset[str]
    quantities: tuple[Figure, ...] = ()
    labels: tuple[Label, ...] = ()
    people: frozenset[str] = frozenset()  # entity keys of the persons named in the claim
    surnames: frozenset[str] = frozenset()  # last words of those names, as written ("moreau")
    weekdays: frozenset[str] = frozenset()
    whole: bool = True  # a statement on its own, which the comparison may show
    # the claim's core, which an outlet that reports it names too: its named actors as (entity key,
    # words that name it: a person's surname, an organisation's or place's words), its numbers
    # (``numbers_of``) and, when it says who started a contact, that party
    names: frozenset[tuple[str, tuple[str, ...]]] = frozenset()
    numbers: frozenset[str] = frozenset()
    initiator: frozenset[str] = frozenset()
    rank: int = 0  # the number of the article's sentences before it: 0 is the lead
    quoted: bool = False  # mostly someone's words in quotation marks (a direct quote)
    media: frozenset[str] = frozenset()  # names of the outlets it cites ("told CBS"), as written
    amounts: tuple[Amount, ...] = ()  # its numbers with what they measure (``nlp/claims.py``)


def claim_units(article: Article) -> list[ClaimUnit]:
    """The article's claims (read at NLP time, ``nlp/claims.py``) with the words they compare by."""
    units = []
    starts = sorted(s for s, _ in article.sentences)
    # an outlet a claim names ("told CBS", "a Bloomberg survey") is where it was said, not what
    media = {m.entity_key for m in article.mentions if stable_id("ent", m.entity_key) in outlets_of(article)}
    direct = [(q.start, q.end) for q in article.quotes if q.kind != "indirect"]
    for c in article.claims:
        text = article.text[c.start : c.end]
        named = [
            m
            for m in article.mentions
            if m.label in NAMED and c.start <= m.start < c.end and m.entity_key not in media
        ]
        persons = [m for m in named if m.label == "PERSON"]
        began = [i for i in article.initiatives if i.start < c.end and c.start < i.end]
        units.append(
            ClaimUnit(
                article_id=article.id,
                start=c.start,
                end=c.end,
                text=text,
                stems=frozenset(content_stems(text)),
                quantities=c.figures,
                labels=c.labels,
                people=frozenset(m.entity_key for m in persons),
                surnames=frozenset(surname(m.text) for m in persons) - {""},
                weekdays=frozenset(w for w in words_of(text) if w in WEEKDAYS),
                whole=c.whole and (words_of(text) or [""])[0] not in WH_WORDS,  # "how they ...": a fragment
                names=frozenset((m.entity_key, ws) for m in named if (ws := naming_words(m))),
                numbers=numbers_of(text) | {f.value for f in c.figures if not is_ordinal(f)},
                initiator=frozenset(w for i in began for w in i.by),
                rank=sum(1 for s in starts if s < c.start),
                quoted=2 * sum(max(0, min(e, c.end) - max(s, c.start)) for s, e in direct) > c.end - c.start,
                media=frozenset(
                    m.text for m in article.mentions if m.entity_key in media and c.start <= m.start < c.end
                ),
                amounts=c.amounts,
            )
        )
    return units


def surname(name: str) -> str:
    """The last word of a person's name as written; '' when it holds a digit, since a tagger's
    "person" named "COVID-19" is no one."""
    words = words_of(name)
    return words[-1] if words and words[-1].isalpha() else ""


def outlets_of(article: Article) -> set[str]:
    """Ids of the news outlets and agencies among the article's entities."""
    return {e.id for e in article.entities if e.type in ("outlet", "agency")}


def naming_words(mention: Mention) -> tuple[str, ...]:
    """The words that name a mention's actor in another article: a person's surname; the words of
    an organisation's or a place's name ("Senate Finance Committee" is named by "Senate")."""
    if mention.label == "PERSON":
        return tuple(w for w in [surname(mention.text)] if w)
    return tuple(w for w in words_of(mention.text) if w.isalpha() and len(w) > 1 and w not in STOP_WORDS)


def numbers_of(text: str) -> frozenset[str]:
    """The numbers written in digits ("1,800" -> "1800"), dates ("Jan. 6", a year) and a lone "1"
    left out: a date places a claim more often than it states something, "1" is any one thing."""
    out = set()
    for m in _NUMBER.finditer(text):
        value = m.group().lower().replace(",", "").rstrip(".").rstrip("mbnk")
        year = len(value) == 4 and value.isdigit() and 1900 <= int(value) <= 2100
        if value != "1" and not year and not _AFTER_MONTH.search(text, max(0, m.start() - 12), m.start()):
            out.add(value)
    return frozenset(out)


def is_ordinal(q: Figure) -> bool:
    return q.value.endswith("th")


def story_weights(units: Sequence[ClaimUnit]) -> dict[str, float]:
    """Per-stem weights: idf over the story's claims, so the names every sentence repeats count little."""
    df = Counter(s for u in units for s in u.stems)
    n = len(units) + 1
    return {s: math.log(n / c) for s, c in df.items()}


def claim_similarity(a: ClaimUnit, b: ClaimUnit, weights: dict[str, float]) -> float:
    """Weighted Dice overlap of the two claims' content stems."""
    wa = sum(weights.get(s, 1.0) for s in a.stems)
    wb = sum(weights.get(s, 1.0) for s in b.stems)
    shared = sum(weights.get(s, 1.0) for s in a.stems & b.stems)
    return 2 * shared / (wa + wb) if wa + wb else 0.0


def candidate_pairs(units: Sequence[ClaimUnit]) -> list[tuple[int, int]]:
    """Pairs of claims from different articles sharing two or more stems, found through a stem
    index; stems in over a fifth of the claims (the story's own names) are not indexed, which
    keeps the pair count near the number of real matches instead of quadratic."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        for stem in u.stems:
            index[stem].append(i)
    limit = max(50, len(units) // 5)
    shared: Counter = Counter()
    for members in index.values():
        if len(members) > limit:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if units[i].article_id != units[j].article_id:
                    shared[i, j] += 1
    return sorted(p for p, c in shared.items() if c >= 2)


def align_claims(units: Sequence[ClaimUnit], threshold: float = SAME_CLAIM) -> list[list[ClaimUnit]]:
    """Groups of claims from different articles that state the same thing.

    Pairs merge greedily from the most similar down (single linkage), never letting one
    article contribute two separate statements to a group; a sentence and a clause inside
    it may sit together, since they are one statement at two sizes.
    """
    weights = story_weights(units)
    pairs = []
    for i, j in candidate_pairs(units):
        a, b = units[i], units[j]
        if not disagree(a, b):
            s = claim_similarity(a, b, weights)
            if s >= threshold:
                pairs.append((s, i, j))
    group_of = list(range(len(units)))
    members: dict[int, set[int]] = {i: {i} for i in range(len(units))}
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if any(_conflict(units[x], units[y]) for x in members[gi] for y in members[gj]):
            continue
        for k in members.pop(gj):
            group_of[k] = gi
            members[gi].add(k)
    return [[units[k] for k in sorted(m)] for m in members.values() if len(m) > 1]


def disagree(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Details that make two similar claims different statements: other people, other days,
    other counts of the same thing."""
    if a.people and b.people and not a.people & b.people:
        return True
    if a.weekdays and b.weekdays and not a.weekdays & b.weekdays:
        return True
    counts = {q.head: q.value for q in a.quantities if not is_ordinal(q)}
    return any(q.head in counts and counts[q.head] != q.value for q in b.quantities if not is_ordinal(q))


def _conflict(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Two different statements of one article: same article, spans that do not nest or overlap."""
    return a.article_id == b.article_id and (a.end <= b.start or b.end <= a.start)


def medoid(group: Sequence[ClaimUnit], weights: dict[str, float]) -> ClaimUnit:
    """The member most similar to the others (shorter text breaks ties): the group's wording."""
    return max(
        group, key=lambda u: (sum(claim_similarity(u, o, weights) for o in group if o is not u), -len(u.text))
    )


def leans_back(text: str) -> bool:
    """Whether the text opens with a word pointing back to an earlier sentence (``ANAPHORA``)."""
    words = words_of(text)[:3]
    while words and words[0] in LINKS:
        words = words[1:]
    return bool(words) and words[0] in ANAPHORA
