"""Checkable claims, read off the parse once: sentences and verb clauses with their figures and labels.

A claim is a sentence or one of its verb clauses (an adverbial, conjoined or complement
clause long enough to state something), kept as a span over ``Article.text``. Claims align
at both sizes, but only a whole statement is shown as one (``ClaimSpan.whole``): a sentence
with a verb, not cut off by an excerpt, or a conjoined clause with a named subject of its
own ("..., and the ministry closed the port", "... when a gas tank exploded"); a reported clause ("that it would undermine
its legitimacy") is shown inside its sentence, with its speaker. Counts,
ordinals and quoted labels ("a 'no limits' partnership") are read here too, so the story
comparison never parses an article again: it only compares these spans.
(reads: text, doc; writes: claims)
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from parallax.model import Article, ClaimSpan, Figure, Label
from parallax.stories import fold_text, stem_word

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from parallax.kb import KnowledgeBase

CLAUSE_DEPS = frozenset({"advcl", "conj", "ccomp", "xcomp"})
# A clause is a whole statement on its own only when it is joined to its sentence ("X did this, and
# Y did that", "... when a gas tank exploded"); a complement of "said" is someone's statement: the
# sentence, with its speaker, is.
WHOLE_DEPS = frozenset({"conj", "advcl"})
MIN_CLAUSE_TOKENS = 5
SUBORDINATORS = frozenset(
    {"when", "after", "before", "as", "because", "since", "while", "though", "although", "once", "until"}
)
MIN_SENTENCE_TOKENS = 4
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
NAMED = frozenset({"ORG", "FAC", "GPE", "LOC", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT"})
GENERIC_HEADS = frozenset({"time", "occasion", "instance", "round"})
# words before a number that make it a bound, not a value: "at least 1,800", "more than 1,000"
LOWER_BOUND = frozenset({"least", "than", "over", "upwards", "exceeding"})
UPPER_BOUND = frozenset({"most", "under", "up", "fewer", "less", "nearly", "almost", "below"})
APPROXIMATE = frozenset({"about", "around", "roughly", "approximately", "some", "estimated", "~"})
BOUND_WORDS = LOWER_BOUND | UPPER_BOUND | APPROXIMATE | {"at", "more", "to", ">", "<"}
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
QUOTE_MARKS = '"\u201c\u201d'


def read_claims(article: Article, doc: Doc, kb: KnowledgeBase) -> Article:
    """The article with its claims (a pipeline stage)."""
    return replace(article, claims=tuple(split_claims(article.text, doc)))


def split_claims(text: str, doc: Doc) -> list[ClaimSpan]:
    """Sentences and their verb clauses as claims, with their figures and quoted labels."""
    out: list[ClaimSpan] = []
    for sent in doc.sents:
        if len(sent) < MIN_SENTENCE_TOKENS:
            continue
        spans = [(sent.start_char, sent.end_char, sent.root.pos_ in ("VERB", "AUX"))]
        words = list(sent)  # one Token object per word for the sentence's every span
        for tok in words:
            if (
                tok.dep_ in CLAUSE_DEPS
                and tok.pos_ in ("VERB", "AUX")
                and sent.start <= tok.head.i < sent.end
            ):
                sub = list(tok.subtree)
                if len(sub) >= MIN_CLAUSE_TOKENS and len(sub) < len(sent) - 3:
                    whole = is_proposition(tok)
                    if whole and tok.dep_ == "advcl":  # "when a gas tank exploded": what follows
                        # else a fragment, as is "as did its handle": the verb before its subject
                        whole = sub[0].lower_ in SUBORDINATORS and sub[0].head == tok and sub[1] is not tok
                        sub = sub[1:] if whole else sub
                    spans.append((sub[0].idx, sub[-1].idx + len(sub[-1]), whole))
        for start, end, whole in spans:
            start, end = trim_stray_marks(text, start, end)
            if start >= end:
                continue
            cut = text[start:end].rstrip(" \"'\u201d\u2019").endswith(("...", "\u2026"))  # by an excerpt
            toks = [t for t in words if start <= t.idx < end]
            out.append(
                ClaimSpan(
                    start=start,
                    end=end,
                    figures=tuple(read_figures(toks)),
                    labels=tuple(read_labels(text, toks, start, end)),
                    whole=whole and not cut,
                )
            )
    return out


def is_proposition(tok: Token) -> bool:
    """A conjoined or adverbial verb clause with a subject of its own that names something (not
    "he", "it")."""
    return (
        tok.dep_ in WHOLE_DEPS
        and tok.pos_ in ("VERB", "AUX")
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN") for c in tok.children)
    )


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


def read_bound(tok: Token) -> str:
    """'min', 'max' or '~' when words before the number make it a bound or an estimate, else ''."""
    before = [t.lower_ for t in tok.doc[max(0, tok.i - 2) : tok.i]]
    if before and before[-1] in (">", "<", "~"):
        return {">": "min", "<": "max", "~": "~"}[before[-1]]
    if set(before) & APPROXIMATE:
        return "~"
    if set(before) & UPPER_BOUND:  # before LOWER_BOUND: "fewer than" caps, "more than" floors
        return "max"
    if set(before) & LOWER_BOUND:
        return "min"
    return ""


def read_figures(tokens: list[Token]) -> list[Figure]:
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
            value = f"{ORDINALS.get(low, m.group(1) if m else '')}th"
        else:
            value = NUMBER_WORDS.get(low, low.replace(",", ""))
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
        partial = (nxt is not None and nxt.lower_ in PARTIAL_AFTER) or head.head.lower_ in (
            "including",
            "among",
        )
        bound = "" if is_ordinal else read_bound(tok)
        first = tok.i
        while bound and first > max(0, tok.i - 2) and tok.doc[first - 1].lower_ in BOUND_WORDS:
            first -= 1  # shown with its bound: "more than 1,000", "at least 1,800"
        out.append(
            Figure(
                value=value,
                shown=tok.doc[first : tok.i + 1].text.lower(),
                head=hl,
                topic=tuple(sorted(topic)),
                of=tuple(sorted(of)),
                frame=tuple(sorted(read_frame(head) - topic)),
                exact=bool(is_ordinal or not (bound or partial)),
                unit=read_unit(tok, head),
                bound="part" if partial and not is_ordinal else bound,
            )
        )
    return out


def read_unit(number: Token, head: Token) -> str:
    """The counted noun with the modifiers between it and the number and a 'per' rate."""
    words = [t.lower_ for t in head.lefts if t.i > number.i and t.dep_ in ("amod", "compound")] + [
        head.lower_
    ]
    rate = [p for c in head.children if c.lower_ == "per" for p in c.children if p.dep_ == "pobj"]
    if not rate:  # "release 250 cubic metres per second": the rate may hang on the verb
        rate = [p for c in head.head.children if c.lower_ == "per" for p in c.children if p.dep_ == "pobj"]
    return " ".join(words + (["per", rate[0].lower_] if rate else []))


def read_frame(tok: Token) -> frozenset[str]:
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


def read_labels(text: str, tokens: list[Token], start: int, end: int) -> list[Label]:
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
