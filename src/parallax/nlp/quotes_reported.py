"""Reported speech read off the parse: complement clauses of speech verbs, "according to X"
sentences, and labels a speaker gives ("X called Y a “traitor”"), as candidate quote spans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parallax.nlp.docs import doc_text
from parallax.nlp.quotes_attribution import (
    according_to,
    cue_text,
    find_subject,
    is_media_phrase,
    is_speech_verb,
)
from parallax.nlp.quotes_lexicon import QuoteLexicon
from parallax.nlp.quotes_marks import MarkedSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

SKIP_DEPS = ("punct", "cc", "conj", "advcl", "mark", "npadvmod", "advmod")
Candidate = tuple["Token", "Token | None", int, int, str]  # cue, speaker head, content start, end, cue text


def tokens_of(doc: Doc, start: int, end: int) -> SpacySpan:
    """The tokens covering a character span (empty when the span is)."""
    span = doc.char_span(start, end, alignment_mode="expand") if start < end else None
    return span if span is not None else doc[0:0]


def clause_bounds(clause: Token, text: str) -> tuple[int, int]:
    """Character span of a complement clause without its "that" and trailing punctuation."""
    tokens = list(clause.subtree)
    while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct or tokens[0].is_space):
        tokens.pop(0)
    if not tokens:
        return clause.idx, clause.idx
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def according_clause(tok: Token, obj: Token, text: str) -> tuple[int, int]:
    """The sentence without its "according to X" phrase: the longer side of it."""
    sent = tok.sent
    cut_start, cut_end = tok.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text)
    before = (sent.start_char, cut_start)
    after = (cut_end, sent.end_char)
    start, end = max(before, after, key=lambda b: b[1] - b[0])
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip(" ,"))
    start += lead
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.—–-"):
        end -= 1
    return start, end


def reported_candidates(doc: Doc, lex: QuoteLexicon) -> list[Candidate]:
    """(cue token, speaker head, content start, content end, cue) for each reported clause."""
    out = []
    for tok in doc:
        if is_speech_verb(tok, lex):
            subject = find_subject(tok)
            if subject is not None and is_media_phrase(subject, lex):
                if tok.dep_ == "ccomp" and is_speech_verb(tok.head, lex):
                    continue  # "X said ..., the agency reported": the agency is X's channel
                subject = cited_source(tok) or subject
            for clause in tok.children:
                if clause.dep_ == "ccomp" and subject is not None:
                    if relays_speech(tok, clause, lex) or is_detached(tok, clause, lex):
                        continue
                    start, end = clause_bounds(clause, doc_text(doc))
                    if clause.i > tok.i:
                        end = extend_to_sentence_end(tok, end, lex)
                    end = cut_at_new_speaker(clause, start, end, lex)
                    out.append((tok, subject, start, end, cue_text(tok)))
        obj = according_to(tok)
        if (
            obj is not None
            and not is_media_phrase(obj, lex)
            and not any(is_speech_verb(t, lex) for t in tok.sent)
        ):
            out.append((tok, obj, *according_clause(tok, obj, doc_text(doc)), "according to"))
    return out


def relays_speech(verb: Token, clause: Token, lex: QuoteLexicon) -> bool:
    """A medium reporting someone's words after them ("X told Y that ..., the agency reported"): the
    words are X's, the medium is the channel; a clause that is itself a medium's report is no content."""
    subject = find_subject(verb)
    if subject is not None and is_media_phrase(subject, lex):
        return clause.i < verb.i and is_speech_verb(clause, lex) and find_subject(clause) is not None
    inner = find_subject(clause) if is_speech_verb(clause, lex) else None
    return inner is not None and is_media_phrase(inner, lex) and clause.i > verb.i


def is_detached(verb: Token, clause: Token, lex: QuoteLexicon) -> bool:
    """A clause the parse hung on the verb that is not what was said: one before a colon that
    the cue follows ("The accounts differ: X says ..."), or a coordinated statement with its own
    speaker ("X said ..., and Y dismissed ...")."""
    doc = verb.doc
    if clause.i < verb.i:
        return any(t.text in (":", ";") for t in doc[clause.right_edge.i + 1 : verb.i])
    before = doc[clause.left_edge.i - 1] if clause.left_edge.i > 0 else None
    coordinated = before is not None and before.dep_ == "cc" and before.i > verb.i
    return coordinated and is_speech_verb(clause, lex) and find_subject(clause) is not None


def cut_at_new_speaker(clause: Token, start: int, end: int, lex: QuoteLexicon) -> int:
    """Content ends before a coordinated speech verb with a subject of its own
    ("... until the lock was repaired, and Ana Pell dismissed ...")."""
    for conj in clause.children:
        own_subject = any(c.dep_ == "nsubj" for c in conj.children)
        if conj.dep_ == "conj" and own_subject and is_speech_verb(conj, lex):
            first = conj.left_edge
            while first.i > clause.i and first.doc[first.i - 1].dep_ in ("cc", "punct"):
                first = first.doc[first.i - 1]
            if start < first.idx < end:
                return trim_span(doc_text(clause.doc), start, first.idx)[1]
    return end


def cited_source(verb: Token) -> Token | None:
    """The source a medium cites ("..., the agency reported, citing the presidential office")."""
    for child in verb.children:
        if child.dep_ == "advcl" and child.lemma_.lower() in ("cite", "quote") and child.tag_ == "VBG":
            return next((g for g in child.children if g.dep_ == "dobj"), None)
    return None


def extend_to_sentence_end(verb: Token, end: int, lex: QuoteLexicon) -> int:
    """Reported content runs on to the sentence end ("that X is “peanuts,” compared to ...") until
    another cue and its speaker, a channel, or a second predicate of the speaker begins."""
    doc, sent = verb.doc, verb.sent
    second = [c.left_edge.i for c in verb.children if c.dep_ in ("cc", "conj") and c.i > verb.i]
    stop_at = min(second, default=sent.end)
    last = end
    for tok in sent:
        if tok.idx < end:
            continue
        cue_word = tok.lemma_.lower() in lex.speech_verbs and tok.tag_ in ("VBD", "VBZ", "VBP")
        stops = (
            tok.i >= stop_at
            or is_speech_verb(tok, lex)
            or cue_word
            or (tok.dep_ == "nsubj" and is_speech_verb(tok.head, lex))
            or tok.lower_ in ("according", "citing", "quoting")
            or "\n" in doc_text(doc)[last : tok.idx]
        )
        if stops:
            break
        last = tok.idx + len(tok.text)
    return trim_span(doc_text(doc), verb.idx, last)[1]


def labelling_candidates(doc: Doc, lex: QuoteLexicon, terms: list[MarkedSpan]) -> list[Candidate]:
    """Speech verbs whose object carries a quoted label or fragment: X called Y a "traitor", X vowed to "fight on"."""
    out = []
    for term in terms:
        tokens = tokens_of(doc, term.start, term.end)
        if not len(tokens):
            continue
        child, node = tokens.root, tokens.root.head
        for _ in range(5):
            if child.dep_ in ("nsubj", "nsubjpass", "relcl", "advcl", "ccomp", "acl") or node == child:
                break
            if is_speech_verb(node, lex):
                subject = find_subject(node)
                if subject is not None and node.i < child.i:
                    parts = [c for c in node.rights if c.i <= child.i and c.dep_ not in SKIP_DEPS]
                    first = min((c.left_edge for c in parts), key=lambda t: t.i, default=child.left_edge)
                    end = extend_to_sentence_end(node, child.right_edge.idx + len(child.right_edge), lex)
                    start, end = trim_span(doc_text(doc), first.idx, end)
                    out.append((node, subject, start, end, cue_text(node)))
                break
            child, node = node, node.head
    return out


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding space and trailing sentence punctuation (a closing quote mark stays)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.—–-"):
        end -= 1
    return start, end
