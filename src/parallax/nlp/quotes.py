"""Quotes and attribution: direct, indirect and mixed speech, its speaker and its channel ("via").

Reads: text, mentions, entities (from entities). Writes: quotes, terms.

Direct quotes come from quotation marks (quotes_marks); a marked span of a few words with no
verb labels something ("no limits" partnership) and becomes a Term, not a quote. Reported
speech is the complement clause of a speech verb ("X said (that) ...", "according to X, ...");
when it contains a short marked fragment it is a mixed quote. Speakers are the speech verb's
subject resolved through the article's mentions; a pronoun with no resolved mention takes the
latest speaker nearby.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from parallax.model import Article, Quote, Span, Term, stable_id
from parallax.nlp.docs import doc_text, sentences_overlapping
from parallax.nlp.quotes_attribution import (
    NOT_SPEAKERS,
    Cue,
    according_to,
    cue_text,
    find_subject,
    find_via,
    is_media_phrase,
    is_speech_verb,
    names_no_medium,
    resolve_speaker,
    strip_determiner,
)
from parallax.nlp.quotes_lexicon import QuoteLexicon, load_lexicon
from parallax.nlp.quotes_marks import MarkedSpan, find_marked_spans, find_paragraphs, is_prose
from parallax.nlp.quotes_reported import labelling_candidates, reported_candidates, tokens_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

WORD = re.compile(r"\w[\w'’-]*")
TERM_MAX_WORDS = 4
FRAGMENT_MAX_WORDS = 5  # a marked fragment this short inside reported speech makes it mixed
MIN_CONTENT_WORDS = 3
INTRODUCERS = (":", "—", "–", "--")
ANTECEDENT_PARAGRAPHS = 2


@dataclass(frozen=True)
class Draft:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    kind: str
    cue: Cue | None
    paragraph: int
    window: tuple[int, int]  # token range holding the attribution, where vias are looked for
    standalone: bool = False  # a quote that is its whole sentence: it may continue the previous speaker


def extract_quotes(article: Article, doc: Doc, kb: Any) -> Article:
    """Quotes with speaker and via, and quoted labels as terms (reads mentions; writes quotes, terms)."""
    lex = load_lexicon()
    paragraphs = find_paragraphs(article.text)
    marked = find_marked_spans(article.text)
    terms = [s for s in marked if is_term(s, doc, article.text)]
    statements = [s for s in marked if s not in terms]
    drafts = [direct_draft(s, doc, lex, marked, paragraphs[s.paragraph]) for s in statements]
    drafts = add_reported(drafts, doc, lex, marked, terms, paragraphs)
    quotes = resolve_drafts(sorted(drafts, key=lambda d: d.start), article, doc, kb, lex, paragraphs)
    return replace(
        article,
        quotes=tuple(quotes),
        terms=tuple(Term(s.start, s.end, article.text[s.start : s.end]) for s in terms),
    )


def word_count(tokens: SpacySpan) -> int:
    return sum(1 for t in tokens if not t.is_punct and not t.is_space)


def is_term(span: MarkedSpan, doc: Doc, text: str) -> bool:
    """A few words with no verb that do not stand as an utterance of their own label something."""
    tokens = tokens_of(doc, span.start, span.end)
    if len(WORD.findall(text[span.start : span.end])) > TERM_MAX_WORDS or any(
        t.pos_ in ("VERB", "AUX") for t in tokens
    ):
        return False
    before = text[: span.open_at].rstrip()
    starts_sentence = not before or before[-1] in ".!?:\n"
    tail = text[span.end : span.outer_end].strip(" \"”’'") or text[span.end - 1]
    return not (starts_sentence and tail in (",", ".", "!", "?"))


def occupied(i: int, marked: list[MarkedSpan]) -> bool:
    return any(s.open_at <= i < s.outer_end for s in marked)


def attribution_window(span: MarkedSpan, doc: Doc, bounds: tuple[int, int]) -> tuple[int, int]:
    """Token range of the quote's sentences within its paragraph, plus a cue clause split off after it."""
    text = doc_text(doc)
    sents = sentences_overlapping(doc, span.open_at, span.outer_end)
    if not sents:
        return 0, 0
    start, end = sents[0].start_char, sents[-1].end_char
    if sents[-1].end < len(doc):
        nxt = doc[sents[-1].end].sent
        gap = text[span.outer_end : nxt.start_char]
        opens_with_cue = any(t.pos_ == "VERB" for t in nxt[:4])
        if "\n" not in gap and not gap.strip() and (nxt.text.lstrip(" ,")[:1].islower() or opens_with_cue):
            end = nxt.end_char
    if sents[0].start > 0 and doc[sents[0].start - 1].text == ":":
        start = doc[sents[0].start - 1].sent.start_char
    clipped = tokens_of(doc, max(start, bounds[0]), min(end, bounds[1]))
    return clipped.start, clipped.end


def direct_draft(
    span: MarkedSpan, doc: Doc, lex: QuoteLexicon, marked: list[MarkedSpan], bounds: tuple[int, int]
) -> Draft:
    """A direct quote and the speech cue nearest to it in its sentence."""
    ws, we = attribution_window(span, doc, bounds)
    quote_tokens = tokens_of(doc, span.start, span.end)
    ancestors = {a.i for t in quote_tokens for a in t.ancestors}
    candidates = []
    for tok in doc[ws:we]:
        if occupied(tok.idx, marked):
            continue
        obj = according_to(tok)
        if is_speech_verb(tok, lex) or (obj is not None and not is_media_phrase(obj, lex)):
            distance = min(abs(tok.idx - span.open_at), abs(tok.idx - span.outer_end))
            candidates.append((tok.i not in ancestors, obj is not None, distance, tok))
    if not candidates:
        return introduced_draft(span, doc, (ws, we), marked)
    tok = min(candidates, key=lambda c: c[:3])[3]
    cues = {c[3] for c in candidates}
    while tok.i in ancestors and tok.dep_ == "ccomp" and tok.head in cues:
        tok = tok.head  # "X told him Y was asking for “...”": the words reach us as X's
    obj = according_to(tok)
    if obj is not None:
        cue = Cue(tok, obj, "according to")
    else:
        subject = find_subject(tok)
        if subject is None or not ws <= subject.i < we or occupied(subject.idx, marked):
            subject = adjacent_subject(tok, (ws, we), marked)
        cue = Cue(tok, subject, cue_text(tok))
    return Draft(span.start, span.end, "direct", cue, span.paragraph, (ws, we))


def introduced_draft(span: MarkedSpan, doc: Doc, window: tuple[int, int], marked: list[MarkedSpan]) -> Draft:
    """A quote introduced by a clause ending in a colon or dash ("X responded:"), on its line or above."""
    text = doc_text(doc)
    lead = text[: span.open_at]
    opens_line = not lead[lead.rfind("\n") + 1 :].strip()
    lead = lead.rstrip() if opens_line else lead.rstrip(" \t")
    if lead.endswith(INTRODUCERS) and not (lead.endswith("-") and not lead.endswith("--")):
        colon = len(lead) - 1
        clause = doc.char_span(colon, colon + 1, alignment_mode="expand")
        if clause is not None and text[colon] in ":—–-":
            sent = clause[0].sent
            verbs = [t for t in doc[sent.start : clause[0].i] if t.pos_ in ("VERB", "AUX")]
            root = verbs[-1] if verbs else clause[0]
            subject = find_subject(root) or next((c for c in root.children if c.dep_ == "nsubjpass"), None)
            before = clause[0].doc[clause[0].i - 1] if clause[0].i > 0 else None
            if (
                subject is None
                and before is not None
                and before.pos_ == "PROPN"
                and before.sent == clause[0].sent
            ):
                sent = before.sent
                return Draft(
                    span.start,
                    span.end,
                    "direct",
                    Cue(before, before, ":"),
                    span.paragraph,
                    (sent.start, window[1]),
                )
            if subject is not None and root.pos_ in ("VERB", "AUX"):
                sent = root.sent
                return Draft(
                    span.start,
                    span.end,
                    "direct",
                    Cue(root, subject, cue_text(root)),
                    span.paragraph,
                    (sent.start, window[1]),
                )
    rest = [
        t
        for t in doc[window[0] : window[1]]
        if not occupied(t.idx, marked) and t.pos_ not in ("PUNCT", "SPACE", "CCONJ", "ADV")
    ]
    governor = governing_verb(span, doc, marked)
    if governor is not None and rest:
        cue = Cue(governor[0], governor[1], cue_text(governor[0]))
        return Draft(span.start, span.end, "direct", cue, span.paragraph, window)
    return Draft(span.start, span.end, "direct", None, span.paragraph, window, standalone=not rest)


def governing_verb(span: MarkedSpan, doc: Doc, marked: list[MarkedSpan]) -> tuple[Token, Token] | None:
    """The verb outside the quote that governs it, with a named or pronoun subject: the holder of
    words reported with a verb the lexicon lacks ("Ramos believes in journalism that “takes sides”")."""
    tokens = tokens_of(doc, span.start, span.end)
    if not len(tokens):
        return None
    for verb in tokens.root.ancestors:
        if verb.pos_ != "VERB" or occupied(verb.idx, marked):
            continue
        subject = find_subject(verb)
        person = subject is not None and (
            subject.pos_ == "PROPN" or subject.tag_ == "PRP" or subject.ent_type_ in ("PERSON", "ORG", "NORP")
        )
        return (verb, subject) if person else None
    return None


def adjacent_subject(verb: Token, window: tuple[int, int], marked: list[MarkedSpan]) -> Token | None:
    """The name just before the verb ('“…,” Ramos, 58, told') or after it ('said the 46-year-old')
    when the parse gave none."""
    doc = verb.doc
    before = range(verb.i - 1, max(window[0], verb.i - 6) - 1, -1)
    after = range(verb.i + 1, min(window[1], verb.i + 6))
    for indices, kinds in ((before, ("PRON", "PROPN")), (after, ("PRON", "PROPN", "NOUN"))):
        for i in indices:
            tok = doc[i]
            if occupied(tok.idx, marked) or (tok.pos_ == "ADP" and i > verb.i):
                break  # after the verb, a name behind a preposition is no subject ("said on Fox News")
            if tok.dep_ == "appos" and tok.head.i < tok.i and tok.head.pos_ in ("PROPN", "PRON"):
                return tok.head  # "Flynn, a top aide, said": the name the apposition describes
            if tok.pos_ in kinds and tok.ent_type_ not in NOT_SPEAKERS and tok.tag_ not in ("PRP$", "WP$"):
                while tok.dep_ in ("compound", "flat", "amod") and tok.head.i > tok.i:
                    tok = tok.head
                return tok
    return None


def add_reported(
    drafts: list[Draft],
    doc: Doc,
    lex: QuoteLexicon,
    marked: list[MarkedSpan],
    terms: list[MarkedSpan],
    paragraphs: list[tuple[int, int]],
) -> list[Draft]:
    """Indirect quotes, turned mixed when a short marked fragment sits inside them."""
    out = list(drafts)
    candidates = [(c, False) for c in reported_candidates(doc, lex)]
    fragments = [s for s in marked if s not in terms and is_fragment(s, doc)]
    candidates += [(c, True) for c in labelling_candidates(doc, lex, terms + fragments)]
    for (tok, subject, start, end, cue), labels in candidates:
        if labels and any(d.kind != "direct" and d.start < end and start < d.end for d in out):
            continue
        para = paragraph_of(tok.idx, paragraphs)
        if para < 0 or not is_prose(doc_text(doc)[slice(*paragraphs[para])]) or occupied(tok.idx, marked):
            continue
        ps, pe = paragraphs[para]
        start, end = max(start, ps), min(end, pe)
        if subject is not None and not ps <= subject.idx < pe:
            continue
        if word_count(tokens_of(doc, start, end)) < MIN_CONTENT_WORDS and not labels:
            continue
        inside = [d for d in out if d.kind == "direct" and d.start < end and start < d.end]
        if any(not fragment_of(d, start, end, doc) for d in inside):
            out = [adopt_cue(d, tok, subject, cue) if d in inside else d for d in out]
            continue
        has_terms = any(t.start < end and start < t.end for t in terms)
        kind = "mixed" if inside or has_terms or labels else "indirect"
        out = [d for d in out if d not in inside]
        clipped = tokens_of(doc, max(tok.sent.start_char, ps), min(tok.sent.end_char, pe))
        window = (clipped.start, clipped.end)
        out.append(Draft(start, end, kind, Cue(tok, subject, cue), para, window))
    return dedupe(out)


def is_fragment(span: MarkedSpan, doc: Doc) -> bool:
    """A few quoted words that cannot stand as a statement: a short phrase, or one without its own verb."""
    words = len(WORD.findall(doc_text(doc)[span.start : span.end]))
    tokens = tokens_of(doc, span.start, span.end)
    return words <= 3 or (words <= FRAGMENT_MAX_WORDS and len(tokens) > 0 and tokens.root.pos_ != "VERB")


def fragment_of(draft: Draft, start: int, end: int, doc: Doc) -> bool:
    """A short marked piece lying inside reported speech (so the speech is mixed, not two quotes)."""
    inside = start <= draft.start and draft.end <= end
    return inside and word_count(tokens_of(doc, draft.start, draft.end)) <= FRAGMENT_MAX_WORDS


def adopt_cue(draft: Draft, tok: Token, subject: Token | None, cue: str) -> Draft:
    """A direct quote with no cue of its own takes the speech verb whose clause holds it."""
    return draft if draft.cue is not None else replace(draft, cue=Cue(tok, subject, cue))


def dedupe(drafts: list[Draft]) -> list[Draft]:
    """One quote per content span (two cues can claim one clause)."""
    seen: dict[tuple[int, int], Draft] = {}
    for d in drafts:
        seen.setdefault((d.start, d.end), d)
    return list(seen.values())


def paragraph_of(offset: int, paragraphs: list[tuple[int, int]]) -> int:
    return next((n for n, (s, e) in enumerate(paragraphs) if s <= offset < e), -1)


def previous_subject(article: Article, doc: Doc, tok: Token, kb: Any) -> tuple | None:
    """The named subject of the closest earlier sentence: the usual antecedent of a subject pronoun."""
    sent = tok.sent
    while sent.start > 0:
        sent = doc[sent.start - 1].sent
        for t in sent:
            if t.dep_ == "nsubj" and t.pos_ in ("PROPN", "NOUN") and t.head.dep_ == "ROOT":
                resolved = resolve_speaker(article, t, kb)
                return resolved if resolved[0] else None
        if re.search(r"\n", doc_text(doc)[sent.end_char : tok.idx]) and sent.start < tok.sent.start - 200:
            return None
    return None


def is_definite_outlet(head: Token | None, lex: QuoteLexicon) -> bool:
    """ "The agency", "the state newspaper": an outlet the article named before, not a new one."""
    return (
        head is not None
        and head.pos_ == "NOUN"
        and head.lemma_.lower() in lex.outlet_nouns
        and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
    )


def find_named_vias(
    article: Article, doc: Doc, kb: Any, lex: QuoteLexicon, paragraphs: list[tuple[int, int]]
) -> list[tuple[int, str]]:
    """(offset, name) of each named channel in reading order, for "the agency said" to refer back to."""
    out = []
    for ps, pe in paragraphs:
        if not is_prose(article.text[ps:pe]):
            continue
        for sent in tokens_of(doc, ps, pe).sents:
            found = find_via(sent, article, kb, lex, None)
            if found is not None and not found[1]:
                out.append((sent.start_char, found[0]))
    return out


def resolve_drafts(
    drafts: list[Draft],
    article: Article,
    doc: Doc,
    kb: Any,
    lex: QuoteLexicon,
    paragraphs: list[tuple[int, int]],
) -> list[Quote]:
    """Speakers in reading order (a pronoun takes the latest speaker nearby), then vias."""
    quotes: list[Quote] = []
    last: tuple[str | None, str | None, Span | None, int] | None = None
    named_vias = find_named_vias(article, doc, kb, lex, paragraphs)
    resolved = []
    for d in drafts:
        name = eid = mention = None
        cue = d.cue
        if cue is not None and cue.speaker is not None:
            name, eid, mention, needs = resolve_speaker(article, cue.speaker, kb)
            if needs:
                if last is not None and d.paragraph - last[3] <= ANTECEDENT_PARAGRAPHS and last[0]:
                    name, eid = last[0], last[1]
                else:
                    found = previous_subject(article, doc, cue.speaker, kb)
                    if found:
                        name, eid = found[0], found[1]
        elif d.standalone and last is not None and d.paragraph - last[3] <= 1:
            name, eid, mention = last[0], last[1], last[2]
        if eid is None and cue is not None and is_definite_outlet(cue.speaker, lex):
            earlier = [via for offset, via in named_vias if offset < d.start]
            name = earlier[-1] if earlier else name  # "the state agency said": the agency named before
        speaker_tok = cue.speaker if cue is not None else None
        own = find_via(doc[d.window[0] : d.window[1]], article, kb, lex, speaker_tok)
        if name is not None:
            last = (name, eid, mention, d.paragraph)
        resolved.append((d, name, eid, mention, speaker_tok, own))
    relayed: dict[int, set[str | None]] = {}  # paragraph -> speakers whose sentence names their channel
    for d, name, *_, own in resolved:
        if own is not None:
            relayed.setdefault(d.paragraph, set()).add(name)
    para_via: dict[int, tuple[str, bool] | None] = {}
    for d, name, eid, mention, speaker_tok, found in resolved:
        cue = d.cue
        if found is None and (speaker_tok is None or name in relayed.get(d.paragraph, ())):
            # a channel named elsewhere in the paragraph carries these words too when they have no
            # cue of their own or the same speaker's words there came through it ("Tarsa says ...")
            if d.paragraph not in para_via:
                ps, pe = paragraphs[d.paragraph] if 0 <= d.paragraph < len(paragraphs) else (0, 0)
                para_via[d.paragraph] = find_via(tokens_of(doc, ps, pe), article, kb, lex, speaker_tok)
            found = para_via[d.paragraph]
        via = found[0] if found is not None else None
        if found is not None and found[1]:
            earlier = [named for offset, named in named_vias if offset < d.start]
            via = earlier[-1] if earlier else None if names_no_medium(via, lex) else via
        if (
            via is not None
            and name is not None
            and strip_determiner(via).lower() == strip_determiner(name).lower()
        ):
            via = None  # "according to the Post": the outlet speaks, it relays nothing
        quotes.append(
            Quote(
                id=stable_id("quo", article.id, d.start, d.end),
                start=d.start,
                end=d.end,
                text=article.text[d.start : d.end],
                kind=d.kind,
                speaker=name,
                speaker_entity_id=eid,
                speaker_mention=mention,
                cue=cue.text if cue is not None else None,
                via=via,
            )
        )
    return quotes
