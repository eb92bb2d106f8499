"""Checkable claims: clause-level units of an article, aligned across a story's articles.

A claim is a sentence or one of its verb clauses (an adverbial, conjoined or
complement clause long enough to state something), kept as a span. Claims of different
articles are "the same" when their content words overlap enough, weighting words by
how few of the story's articles use them, so the names every article repeats count
little and the specific words ("anniversary", "neighbours") count most. Numbers,
ordinals and quoted labels are read off the parse for the discrepancy checks.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parallax.model import Article
from parallax.nlp.pipeline import load_spacy
from parallax.stories import content_stems, fold_text, stem_word

if TYPE_CHECKING:
    from spacy.tokens import Doc

CLAUSE_DEPS = frozenset({"advcl", "conj", "ccomp", "xcomp"})
MIN_CLAUSE_TOKENS = 5
SAME_CLAIM = 0.34
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
NAMED = frozenset({"ORG", "FAC", "GPE", "LOC", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT"})
GENERIC_HEADS = frozenset({"time", "occasion", "instance", "round"})
APPROXIMATORS = frozenset(
    {"least", "most", "than", "over", "under", "nearly", "about", "almost", "around", "roughly",
     "approximately", "some", "up", "upwards", "estimated", "~"}
)  # fmt: skip
NOT_A_NAME_START = frozenset(
    {"the", "a", "an", "we", "i", "you", "our", "my", "this", "these", "their", "his", "her"}
)
PARTIAL_AFTER = frozenset({"more", "other", "others", "additional", "further", "new", "extra"})
GENERIC_VERBS = frozenset({"be", "have", "do", "say", "tell", "report", "add", "cite", "quote", "put"})
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "dozen": "12", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
}  # fmt: skip
_COUNT = re.compile(r"^(\d[\d,]*(\.\d+)?|" + "|".join(NUMBER_WORDS) + r")$")
_ORDINAL_DIGITS = re.compile(r"^(\d+)(st|nd|rd|th)$")
_QUOTED = re.compile(r"[\"'\u201c\u2018]([^\"\u201c\u201d\u2018\u2019\n]{2,40}?)[\"'\u201d\u2019]")


@dataclass(frozen=True)
class Quantity:
    """An ordinal or a count, the noun it counts, and what that noun is 'of'.

    ``value`` is "<rank>th:<as written>" for ordinals (so "2nd" and "second" agree) and
    "<number>:<as written>" for counts ("60:sixty").
    """

    value: str
    head: str
    topic: frozenset[str]
    of: frozenset[str]
    frame: frozenset[str] = frozenset()  # the governing verb and its core nouns: what is counted
    exact: bool = True  # False for "at least 3", "about 300": a bound agrees with many values
    unit: str = ""  # the counted noun as written, with its modifiers: "cubic metres per second"


@dataclass(frozen=True)
class Label:
    """A quoted name given to a thing: 'no limits' partnership -> ('no limits', 'partnership')."""

    text: str
    noun: str


@dataclass(frozen=True)
class ClaimUnit:
    article_id: str
    start: int
    end: int
    text: str
    stems: frozenset[str]
    quantities: tuple[Quantity, ...] = ()
    labels: tuple[Label, ...] = ()
    people: frozenset[str] = frozenset()  # entity keys of the persons named in the claim
    weekdays: frozenset[str] = frozenset()


def split_claims(article: Article, doc: Doc | None = None) -> list[ClaimUnit]:
    """Sentences and their verb clauses as claims, with their quantities and quoted labels."""
    doc = doc if doc is not None else load_spacy()(article.text)
    units: list[ClaimUnit] = []
    for sent in doc.sents:
        if len(sent) < 4:
            continue
        spans = [(sent.start_char, sent.end_char)]
        for tok in sent:
            if tok.dep_ in CLAUSE_DEPS and tok.pos_ in ("VERB", "AUX") and tok.head.sent == sent:
                sub = list(tok.subtree)
                if len(sub) >= MIN_CLAUSE_TOKENS and len(sub) < len(sent) - 3:
                    spans.append((sub[0].idx, sub[-1].idx + len(sub[-1])))
        for start, end in spans:
            start, end = trim_stray_marks(article.text, start, end)
            text = article.text[start:end]
            toks = [t for t in sent if start <= t.idx < end]
            units.append(
                ClaimUnit(
                    article_id=article.id,
                    start=start,
                    end=start + len(text),
                    text=text,
                    stems=frozenset(content_stems(text)),
                    quantities=tuple(read_quantities(toks)),
                    labels=tuple(read_labels(article.text, toks, start, end)),
                    people=frozenset(
                        m.entity_key
                        for m in article.mentions
                        if m.label == "PERSON" and start <= m.start < end
                    ),
                    weekdays=frozenset(t.lower_ for t in toks if t.lower_ in WEEKDAYS),
                )
            )
    return units


QUOTE_MARKS = '"\u201c\u201d'


def trim_stray_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding spaces and a leading quotation mark left over from the previous
    sentence (the parser often opens a sentence with the mark that closed the one before)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end and text[start] in QUOTE_MARKS and sum(text[start:end].count(m) for m in QUOTE_MARKS) % 2:
        start += 1
        while start < end and text[start].isspace():
            start += 1
    return start, end


def read_quantities(tokens: list) -> list[Quantity]:
    """Ordinals ('second call', '80th anniversary') and counts ('40 times') with their nouns."""
    out = []
    clause = frozenset(
        stem_word(t.lemma_)
        for t in tokens
        if t.pos_ in ("NOUN", "VERB") and t.lemma_.lower() not in GENERIC_HEADS
    )
    for tok in tokens:
        low = tok.lower_
        m = _ORDINAL_DIGITS.match(low)
        is_ordinal = low in ORDINALS or m
        is_count = (
            tok.dep_ == "nummod"
            and _COUNT.match(low) is not None
            and tok.ent_type_ not in ("DATE", "TIME", "PERCENT", "MONEY")
        )
        if not (is_ordinal or is_count) or tok.head.pos_ != "NOUN" or tok.ent_type_ in NAMED:
            continue
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.text == "-":  # "second-largest": a rank, not a count of events
            continue
        if is_ordinal and nxt is not None and (nxt.like_num or _COUNT.match(nxt.lower_)):
            continue  # "first 100 days": a span of a count, not the rank of one thing
        head = tok.head
        if any(t.lower_ == "group" for t in tok.doc[max(0, tok.i - 2) : tok.i]):
            continue  # "Group of 7": part of a name
        if is_ordinal:
            value = f"{ORDINALS.get(low, m.group(1) if m else '')}th:{low}"
        else:
            value = f"{NUMBER_WORDS.get(low, low.replace(',', ''))}:{low}"
        hl = stem_word(head.lemma_.lower())
        if head.lemma_.lower() in GENERIC_HEADS:
            topic = clause
        else:
            topic = frozenset(
                {hl} | {stem_word(c.lemma_.lower()) for c in head.children if c.dep_ == "compound"}
            )
        of = frozenset(
            stem_word(p.lemma_.lower())
            for c in head.children
            if c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
        )
        before = {t.lower_ for t in tok.doc[max(0, tok.i - 2) : tok.i]}
        partial = (nxt is not None and nxt.lower_ in PARTIAL_AFTER) or head.head.lower_ in (
            "including",
            "among",
        )
        exact = is_ordinal or not (before & APPROXIMATORS or partial)
        frame = read_frame(head) - topic
        out.append(Quantity(value, hl, topic, of, frame=frame, exact=bool(exact), unit=read_unit(tok, head)))
    return out


def read_unit(number, head) -> str:
    """The counted noun with the modifiers between it and the number and a 'per' rate."""
    words = [t.lower_ for t in head.lefts if t.i > number.i and t.dep_ in ("amod", "compound")] + [
        head.lower_
    ]
    rate = [p for c in head.children if c.lower_ == "per" for p in c.children if p.dep_ == "pobj"]
    if not rate:  # "release 250 cubic metres per second": the rate may hang on the verb
        rate = [p for c in head.head.children if c.lower_ == "per" for p in c.children if p.dep_ == "pobj"]
    return " ".join(words + (["per", rate[0].lower_] if rate else []))


def read_frame(tok) -> frozenset[str]:
    """Stems of the verb governing a counted noun and of that verb's subject and object nouns.

    "five killed" and "twelve injured" count people in different frames; "release 300 m3"
    and "raise the release to 250 m3" share one ("release").
    """
    verb = next((a for a in tok.ancestors if a.pos_ == "VERB"), None)
    if verb is None:
        return frozenset()
    args = [
        c
        for c in verb.children
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and c.pos_ in ("NOUN", "PROPN")
    ]
    return frozenset(
        stem_word(t.lemma_.lower()) for t in [verb, *args] if t.lemma_.lower() not in GENERIC_VERBS
    )


def read_labels(text: str, tokens: list, start: int, end: int) -> list[Label]:
    """Short quoted phrases used as the name of a following (or final) noun."""
    by_start = {t.idx: t for t in tokens}
    out = []
    for m in _QUOTED.finditer(text, start, end):
        inner = m.group(1).strip()
        words = inner.split()
        if not 1 <= len(words) <= 4 or words[0].lower() in NOT_A_NAME_START or inner.endswith(("!", "?")):
            continue  # "the outrageous", "we want", "Freedom!": quoted speech, not a name for a thing
        after = text[m.end() : m.end() + 40]
        nxt_match = re.match(r"\s+([a-z][a-z-]+)", after)
        nxt = by_start.get(m.end() + nxt_match.start(1)) if nxt_match else None
        if nxt is not None and nxt.pos_ == "NOUN":
            out.append(Label(text=normalise_label(inner), noun=stem_word(nxt.lemma_.lower())))
        elif len(words) >= 2:
            last = by_start.get(m.start(1) + inner.rfind(words[-1]))
            if last is not None and last.pos_ == "NOUN" and last.dep_ != "compound":
                out.append(
                    Label(text=normalise_label(" ".join(words[:-1])), noun=stem_word(last.lemma_.lower()))
                )
    return out


def normalise_label(text: str) -> str:
    return " ".join(re.sub(r"[-\u2010-\u2015]", " ", fold_text(text)).split())


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
    counts = {q.head: q.value.split(":")[0] for q in a.quantities if not q.value.split(":")[0].endswith("th")}
    return any(
        q.head in counts and counts[q.head] != q.value.split(":")[0]
        for q in b.quantities
        if not q.value.split(":")[0].endswith("th")
    )


def _conflict(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Two different statements of one article: same article, spans that do not nest or overlap."""
    return a.article_id == b.article_id and (a.end <= b.start or b.end <= a.start)


def medoid(group: Sequence[ClaimUnit], weights: dict[str, float]) -> ClaimUnit:
    """The member most similar to the others (shorter text breaks ties): the group's wording."""
    return max(
        group, key=lambda u: (sum(claim_similarity(u, o, weights) for o in group if o is not u), -len(u.text))
    )
