"""When an event happened: which time phrase of a sentence belongs to which trigger, and what it resolves to.

A time phrase dates the trigger it hangs from in the parse, or, hanging from no trigger, the main clause's
triggers; never a clause of its own (a relative clause, the content of a request, a noun's modifier,
another paragraph glued to the sentence). Without a phrase, the publication day goes to current reports
only (see ``event_context.undated_background``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parallax.nlp.dates import resolve_time

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from parallax.nlp.event_triggers import Trigger


def between(sent: Span, offset: int, char: int) -> str:
    """The sentence text between an offset into it and a document character offset, either way round."""
    here = char - sent.start_char
    return sent.text[min(offset, here) : max(offset, here)]


def assign_to_anchors(
    sent: Span, spans: list[tuple[int, object]], anchors: dict[int, Trigger], noun_bound: bool = False
) -> dict[int, list]:
    """Attach each span to the nearest anchor above it in the parse; unattached spans go to every
    anchor outside a contrasted clause. A span in a contrasted or subordinate clause of its own belongs
    to no anchor: "Y made headlines earlier this year, but X endorsed Y" does not date the endorsement.
    With ``noun_bound`` (times), a span inside a noun phrase that is no anchor belongs to that noun."""
    assigned: dict[int, list] = {}
    loose = []
    for start, item in spans:
        char = sent.start_char + start
        tok = next((t for t in sent if t.idx <= char < t.idx + len(t.text) + 1), None)
        cur, hit, own_clause = tok, None, False
        for _ in range(12):
            if cur is None:
                break
            if cur.i in anchors and cur.i != tok.i:
                hit = cur.i
                break
            if cur.head.i == cur.i:
                break
            if contrasted(cur) or (cur.i != tok.i and cur.head.i not in anchors and other_clause(cur)):
                own_clause = True
                break
            if noun_bound and noun_modifier(cur) and cur.head.i not in anchors:
                own_clause = True
                break
            cur = cur.head
        if hit is not None:
            assigned.setdefault(hit, []).append(item)
        elif not own_clause:
            loose.append(item)
    for i in anchors:
        if (
            i not in assigned
            and loose
            and not in_coordinated_clause(sent.doc[i])
            and in_main_clause(sent.doc[i])
        ):
            assigned[i] = list(loose)
    return assigned


def noun_modifier(tok: Token) -> bool:
    """A preposition inside a noun phrase ("interference in the 2016 election", "his rival in 2008"): what
    it introduces dates that noun only."""
    return tok.dep_ == "prep" and tok.head.pos_ in ("NOUN", "PROPN")


def shares_time(tok: Token) -> bool:
    """A verb coordinated with, or a participle hanging from, the verb a time phrase dates."""
    if tok.pos_ != "VERB" or contrasted(tok):
        return False
    return tok.dep_ == "conj" or (
        tok.dep_ == "advcl" and tok.tag_ == "VBG" and not any(c.dep_ == "mark" for c in tok.children)
    )


def other_clause(tok: Token) -> bool:
    """A verb heading a clause of its own below the trigger's ("the package Congress passed last year",
    "since he left office in 2019", "asked X to invite Y in the fall"): a time phrase under it dates
    that clause, not the trigger. A clause on the trigger itself dates it ("talks that took place last week")."""
    return tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("relcl", "acl", "advcl", "ccomp", "csubj", "xcomp")


def in_main_clause(tok: Token) -> bool:
    """The token is the sentence's main verb, or a clause or an argument of it: a time phrase hanging
    from no trigger may date it, not "a day after Trump's call" further down."""
    cur = tok
    for _ in range(8):
        if cur.dep_ == "ROOT":
            return True
        if cur.dep_ not in ("conj", "xcomp", "ccomp", "advcl", "dobj", "obj", "nsubj", "nsubjpass", "attr"):
            return False
        cur = cur.head
    return False


def contrasted(tok: Token) -> bool:
    """A clause set against the one before it ("X flipped earlier this month, but Y supports Z");
    "arrived on Monday and met X" shares its time."""
    head = tok.head
    return (
        tok.dep_ == "conj"
        and tok.pos_ in ("VERB", "AUX")
        and any(c.dep_ == "cc" and c.lower_ in ("but", "yet") for c in head.children)
    )


def in_coordinated_clause(tok: Token) -> bool:
    """The token's clause is contrasted with the one a loose time phrase hangs from."""
    cur = tok
    for _ in range(12):
        if contrasted(cur):
            return True
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def choose_time(
    expressions: list, published: str | None, earlier: bool = False
) -> tuple[str | None, tuple[str | None, str | None, bool]]:
    """The event's time phrase and its resolution; without one, the publication day (inferred),
    unless the tense puts it before the story ("had met"): then no date, and it is background."""
    # "cut emissions by 2025", "until 2030": a deadline, not when the event happened
    expressions = [e for e in expressions if not e.text.lower().startswith(("by ", "until "))]
    # "repeatedly urged X in his speech on Tuesday": a named day wins over a background phrase
    dated = any(resolve_time(e.text, published).date for e in expressions)
    for expr in expressions:
        if resolve_time(expr.text, published).background and not dated:
            return expr.text, (None, None, True)
    resolved = [(expr.text, resolve_time(expr.text, published)) for expr in expressions]
    order = {"day": 0, "week": 1, "month": 2, "year": 3}
    resolved = [r for r in resolved if r[1].precision] or resolved
    if resolved:
        text, best = min(resolved, key=lambda r: order.get(r[1].precision or "", 9))
        return text, (best.date, best.precision, False)
    if earlier:
        return None, (None, None, True)
    if published:
        return None, (published[:10], "day", False)
    return None, (None, None, False)
