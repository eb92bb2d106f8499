"""Who took the initiative in a contact (a call, a conversation, a meeting), as each outlet tells it.

Outlets of the two sides of a story often disagree on who asked for the contact: one writes
"X telephoned Y", the other "the call took place at the request of Y's side". An article
states an initiative when a contact verb has a subject and a person as object ("X called
Y"), when someone asks for or requests a contact ("Y's side asked for the conversation"),
or when a contact happens "at the request of Z" / "at Z's request". Two outlets disagree
only when one names X as the caller of Y and the other names someone who matches Y (by
name or by the nationality word the story puts before Y's name) and not X: otherwise a
different wording ("the Ostrevan government" for X) could read as a different actor.
The statements are read off the parse at NLP time (``nlp/wording.py``); this module compares.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from parallax.model import Article


@dataclass(frozen=True)
class Initiative:
    """One article's statement of who started a contact, as word sets of the actors."""

    article_id: str
    start: int
    end: int
    text: str  # the sentence stating it
    initiator: str
    by: frozenset[str]
    with_: frozenset[str] = frozenset()  # the other party, when the statement names one


def read_initiatives(article: Article) -> list[Initiative]:
    """The initiatives the NLP stage found in one article (``nlp/wording.py``)."""
    return [
        Initiative(article.id, i.start, i.end, article.text[i.start : i.end].strip(), i.initiator,
                   frozenset(i.by), frozenset(i.with_))
        for i in article.initiatives
    ]  # fmt: skip


def describe_people(articles: Sequence[Article]) -> dict[str, set[str]]:
    """Surname -> words the story puts before that person's name ("Valdorian", "Ilse")."""
    out: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        for cue in a.cues:
            if cue.kind == "person":
                out[cue.key] |= set((cue.about or "").split())
    return out


def find_initiative_conflicts(
    initiatives: Sequence[Initiative], people: dict[str, set[str]]
) -> list[tuple[str, dict[str, list[Initiative]]]]:
    """('who initiated the contact', {initiator: statements}) where outlets name opposite parties."""
    by_article: dict[str, list[Initiative]] = defaultdict(list)
    for i in initiatives:
        by_article[i.article_id].append(i)

    def widen(words: frozenset[str]) -> set[str]:
        return set(words).union(*(people.get(w, set()) for w in words))

    def opposed(a: Initiative, b: Initiative) -> bool:  # b names a's other party, not a's caller
        return bool(a.with_) and bool(widen(b.by) & widen(a.with_)) and not widen(b.by) & widen(a.by)

    # an article that itself gives both accounts reports the disagreement, it takes no side
    sided = [
        i
        for arts in by_article.values()
        if not any(opposed(x, y) or opposed(y, x) for x in arts for y in arts)
        for i in arts
    ]
    for a in sided:
        rivals = [b for b in sided if opposed(a, b)]
        if rivals:
            allies = [x for x in sided if widen(x.by) & widen(a.by) and not widen(x.by) & widen(a.with_)]
            return [("who initiated the contact", {a.initiator: allies, rivals[0].initiator: rivals})]
    return []  # one contact per story is what this rule can tell apart safely
