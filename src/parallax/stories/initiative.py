"""Who took the initiative in a contact (a call, a conversation, a meeting), as each outlet tells it.

Outlets of the two sides of a story often disagree on who asked for the contact: one writes
"X telephoned Y", the other "the call took place at the request of Y's side". An article
states an initiative when a contact verb has a subject and a person as object ("X called
Y"), when someone asks for or requests a contact ("Y's side asked for the conversation"),
or when a contact happens "at the request of Z" / "at Z's request". Two outlets disagree
only when one names X as the caller of Y and the other names someone who matches Y (by
name or by the nationality word the story puts before Y's name) and not X: otherwise a
different wording ("the Ostrevan government" for X) could read as a different actor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from parallax.stories import words_of
from parallax.stories.tone import load_lexicon

CONTACT_VERBS = frozenset({"telephone", "phone", "ring", "call", "contact"})
CONTACT_NOUNS = frozenset(
    {"call", "conversation", "talk", "talks", "meeting", "phone", "telephone", "contact"}
)
REQUEST_VERBS = frozenset({"ask", "request", "seek"})
PERSONAL = frozenset({"her", "him", "them"})
ROLE_WORDS = frozenset({"the", "side", "government", "office", "administration", "leadership", "authorities"})


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


def read_initiatives(article_id: str, doc) -> list[Initiative]:
    """Initiatives stated in one parsed article."""
    out = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if tok.pos_ == "VERB" and lemma in CONTACT_VERBS and subj is not None:
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            odd = any(c.dep_ in ("oprd", "xcomp", "ccomp", "prt") for c in tok.children)
            if obj is not None and not odd and (obj.pos_ == "PROPN" or obj.lower_ in PERSONAL):
                other = _resolve(obj, exclude=subj)
                if other is not None:
                    out.append(_initiative(article_id, tok, subj, other))
        elif tok.pos_ == "VERB" and lemma in REQUEST_VERBS and subj is not None and _asks_for_contact(tok):
            out.append(_initiative(article_id, tok, subj))
        elif tok.lower_ == "request" and tok.pos_ == "NOUN" and tok.head.lower_ == "at" and _in_contact(tok):
            of = next(
                (p for c in tok.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj"), None
            )
            requester = of or next((c for c in tok.children if c.dep_ == "poss"), None)
            if requester is not None:
                out.append(_initiative(article_id, tok, requester))
    return out


def _asks_for_contact(verb) -> bool:
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    objs += [p for c in verb.children if c.lower_ == "for" for p in c.children if p.dep_ == "pobj"]
    return any(o.lemma_.lower() in CONTACT_NOUNS for o in objs)


def _in_contact(tok) -> bool:
    """Whether the clause a request phrase belongs to is about a contact."""
    clause = tok.head.head
    words = [t for t in clause.subtree] if clause.pos_ == "VERB" else [clause]
    return any(t.lemma_.lower() in CONTACT_NOUNS or t.lemma_.lower() in CONTACT_VERBS for t in words)


def _resolve(tok, exclude):
    """A named object as is; a personal pronoun as the nearest earlier person in the sentence."""
    if tok.pos_ == "PROPN":
        return tok
    taken = set(range(exclude.left_edge.i, exclude.i + 1))
    people = [t for t in tok.sent if t.ent_type_ == "PERSON" and t.i < tok.i and t.i not in taken]
    heads = [t for t in people if t.dep_ != "compound"]
    return heads[-1] if heads else None


def _initiative(article_id: str, at, actor, other=None) -> Initiative:
    sent = at.sent
    return Initiative(
        article_id=article_id,
        start=sent.start_char,
        end=sent.end_char,
        text=sent.text.strip(),
        initiator=actor.doc[actor.left_edge.i : actor.i + 1].text,
        by=_actor_words(actor),
        with_=_actor_words(other) if other is not None else frozenset(),
    )


def _actor_words(tok) -> frozenset[str]:
    """The distinctive words of an actor phrase: names and nationality words, not roles."""
    roles = ROLE_WORDS | set(load_lexicon("loaded_terms")["neutral_titles"])
    phrase = tok.doc[tok.left_edge.i : tok.i + 1].text
    return frozenset(w for w in words_of(phrase) if w not in roles)


def describe_people(docs: Sequence) -> dict[str, set[str]]:
    """Surname -> words the story puts before that person's name ("Valdorian", "Ilse")."""
    out: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                words = set(_actor_words(ent[-1]))
                out[ent[-1].lower_] |= words
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
