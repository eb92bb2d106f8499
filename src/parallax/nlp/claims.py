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

from parallax.model import Amount, Article, ClaimSpan, Figure, Label
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
# nouns that name a quantity of their "of" complement: "the number of jobs" measures jobs
QUANTITY_NOUNS = frozenset(
    {"number", "total", "amount", "level", "share", "percentage", "proportion", "count"}
)
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
# a phrase's links to its verb as one of the verb's own values (subject, object, complement)
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "npadvmod", "dative", "conj"})
VALUE_PREPS = frozenset({"to", "by", "at", "of"})  # "fell to 5.2%", "by 29,000", "stood at", "a rise of 4%"
INDEFINITE = frozenset({"a", "an", "some", "another", "any", "no"})  # determiners of a new thing
MAIN_LINE = frozenset({"ccomp", "xcomp", "conj", "parataxis"})  # a verb the root reports or continues
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
        amounts = read_amounts(words)
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
                    amounts=tuple(a for i, a in amounts if start <= i < end),
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


def read_amounts(tokens: list[Token]) -> list[tuple[int, Amount]]:
    """Every number of a sentence (not a date, a time, a year or a lone "1") with what it measures
    and whether it is a value of the sentence's predicate, keyed by its character offset.

    A score ("voted 69-30") is one number, and a detail: the tally of a vote, not the news.
    """
    out = []
    for tok in tokens:
        low = tok.lower_
        if not _COUNT.match(low) or tok.ent_type_ in ("DATE", "TIME", "ORDINAL", *NAMED):
            continue  # a date, or a part of a name ("Brians 2 penitentiary")
        doc = tok.doc
        if tok.i >= 2 and doc[tok.i - 1].text == "-" and _COUNT.match(doc[tok.i - 2].lower_):
            continue  # the second half of a score, read with the first
        value = NUMBER_WORDS.get(low, low.replace(",", ""))
        score = tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and _COUNT.match(doc[tok.i + 2].lower_)
        if score:
            value = f"{value}-{doc[tok.i + 2].lower_.replace(',', '')}"
        phrase = number_phrase(tok)
        if (value == "1" and phrase is tok) or (
            len(value) == 4 and value.isdigit() and 1900 <= int(value) <= 2100
        ):
            continue  # "1" is any one thing, but "1 billion" a figure
        noun = measured_noun(phrase)
        while noun is not None and noun.lemma_.lower() in QUANTITY_NOUNS:  # "the number of jobs"
            of = [p for c in noun.children if c.lower_ == "of" for p in c.children if p.pos_ == "NOUN"]
            if not of:
                break  # "the consensus number was 700,000": the number itself
            noun = of[0]
        measure = (
            (
                stem_word(noun.lemma_.lower()),
                *(
                    stem_word(c.lemma_.lower())
                    for c in noun.children
                    if c.dep_ == "compound" and c.pos_ == "NOUN"
                ),
            )
            if noun is not None
            else ()
        )
        counted = (
            phrase is tok  # no scale: "1 billion doses" is a figure
            and phrase.dep_ == "nummod"
            and phrase.head.pos_ == "NOUN"
            and tok.ent_type_ not in ("MONEY", "PERCENT")
        )
        out.append((tok.idx, Amount(value, measure, not score and on_main_line(phrase), counted)))
    return out


def number_phrase(tok: Token) -> Token:
    """The top of the number's own phrase: "billion" in "$3.5 billion", "%" in "8.5%"."""
    top = tok
    while (
        top.dep_ in ("compound", "nummod", "quantmod", "nmod")
        and top.head is not top
        and (
            top.head.pos_ == "NUM"  # a scale: "1 billion"
            or (tok.ent_type_ and top.head.ent_type_ == tok.ent_type_ and top.head.pos_ in ("SYM", "NOUN"))
        )
    ):
        top = top.head
    return top


def measured_noun(phrase: Token) -> Token | None:
    """The common noun a number phrase measures: what it counts ("684 deaths"), its "of" or "in"
    complement ("8.5% of stations", "$26 billion in sales"), the noun it is the value of
    ("revenue of $3.5 billion") or the subject of the verb it is the value of ("the rate fell to
    5.2%", "sales are expected to reach $26 billion"); None when the parse names none."""
    for c in phrase.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "in"):
            nouns = [p for p in c.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
            if nouns:
                return nouns[0]
    head = phrase.head
    if phrase.dep_ == "nummod" and head.pos_ == "NOUN":
        return head
    if phrase.dep_ == "pobj" and head.dep_ == "prep":
        if head.head.pos_ == "NOUN":
            return head.head
        return subject_noun(head.head) if head.head.pos_ in ("VERB", "AUX") else None
    if phrase.dep_ in ("dobj", "npadvmod", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        return subject_noun(head)
    return None


def subject_noun(verb: Token) -> Token | None:
    """The verb's subject, if a common noun, looking up through "expected to reach", "rose and hit"."""
    while True:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0] if subjects[0].pos_ == "NOUN" else None
        if verb.dep_ not in ("xcomp", "conj") or verb.head is verb:
            return None
        verb = verb.head


def on_main_line(phrase: Token) -> bool:
    """Whether the number is a value of what the sentence says happened: the phrase (or the noun
    it counts, or the noun it is the "of" value of) is a subject, object or value of a verb on the
    sentence's main line (its root, or a verb the root reports or continues: "said that ...",
    "expected to ...", "... and rose"), or the number itself is that verb's value (``VALUE_PREPS``:
    "fell to 5.2%", "by 29,000", "stood at"). A number in a modifier or a circumstance ("rescuers
    from 12 countries", "after three missiles struck", "won with 53%"), a level left ("up from
    5.8%") or a count of things already known ("the ten senators", a definite noun) is a detail."""
    node = phrase
    if node.dep_ == "nummod" and node.head.pos_ in ("NOUN", "PROPN"):
        node = node.head
        if any(c.dep_ in ("det", "poss") and c.lower_ not in INDEFINITE for c in node.children):
            return False
    elif node.dep_ == "pobj" and node.head.lower_ in ("of", "in") and node.head.head.pos_ == "NOUN":
        node = node.head.head
    while node.dep_ == "conj" and node.head.pos_ in ("NOUN", "PROPN", "NUM"):
        node = node.head
    if node.dep_ == "pobj" and node is phrase and node.head.dep_ == "prep":
        if node.head.lower_ not in VALUE_PREPS:
            return False
        verb = node.head.head
    elif node.dep_ in ARGUMENT_DEPS:
        verb = node.head
    else:
        return node.dep_ == "ROOT"  # a verbless line: "684 new deaths"
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    while verb.dep_ in MAIN_LINE and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


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
