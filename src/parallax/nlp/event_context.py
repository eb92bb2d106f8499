"""Whether a matched trigger reports something that happened, literally, on the day it is dated.

News prose wraps events in claims ("she claimed he slapped her"), plans and possibilities ("the
possibility of X pardoning Y", "could mean the US recognizing"), figures of speech ("attacked the
bill", "her attacks on Sanders") and background ("has promised", "while Obama deported"). These
checks read the parse around a trigger; the words they need are data (``kb/data/event_context.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from parallax.kb import data_yaml

if TYPE_CHECKING:
    from spacy.tokens import Token

    from parallax.model import Actor, Quote

QUOTED_KINDS = ("direct", "mixed")
SUBORDINATE_MARKS = {"since", "because", "although", "though", "once", "whereas"}
CLIMB_STEPS = 8
# links by which a clause still belongs to the sentence's main statement ("met X and agreed", "visited
# X, pledging", "ended the call by asking", "said he vowed", the noun a participle hangs from)
MAIN_CLAUSE_LINKS = {"conj", "xcomp", "ccomp", "advcl", "pcomp", "prep", "pobj", "dobj", "obj", "nsubj"}
OCCASION_PREPS = {"in", "during", "at", "through", "over", "via", "with"}


@dataclass(frozen=True)
class EventContext:
    """The word lists of event_context.yaml, as lemma sets."""

    claim_verbs: frozenset[str]
    modal_nouns: frozenset[str]
    conditional_marks: frozenset[str]
    consequence_verbs: frozenset[str]
    physical_cues: frozenset[str]
    figurative_objects: frozenset[str]
    agent_nouns: frozenset[str]
    participation_verbs: frozenset[str]
    prospective_verbs: frozenset[str]
    denied_objects: frozenset[str]
    voice_nouns: frozenset[str]
    thing_heads: frozenset[str]
    press_heads: frozenset[str]
    hedge_adverbs: frozenset[str]
    speech_acts: frozenset[str]
    background_adverbs: frozenset[str]
    result_participles: frozenset[str]
    reciprocal_verbs: frozenset[str]
    stance_verbs: frozenset[str]
    deadline_nouns: frozenset[str]
    own_acts: frozenset[str]
    donation_verbs: frozenset[str]
    habit_adverbs: frozenset[str]
    opinion_objects: frozenset[str]
    receipt_verbs: frozenset[str]
    speech_objects: frozenset[str]


@lru_cache(maxsize=1)
def load_context() -> EventContext:
    data = data_yaml("event_context.yaml") or {}
    words = {
        key: frozenset(str(w).lower() for w in data.get(key) or ()) for key in EventContext.__annotations__
    }
    return EventContext(**words)


def ancestors(tok: Token) -> Iterable[tuple[Token, Token]]:
    """(child, head) edges from the token up to its sentence root."""
    cur = tok
    for _ in range(CLIMB_STEPS):
        if cur.head.i == cur.i:
            return
        yield cur, cur.head
        cur = cur.head


def is_claimed(tok: Token) -> bool:
    """ "claimed Kavanaugh slapped her", "argues that Russia attacked": the event is only the
    content of someone's allegation or belief, not the reporter's fact."""
    claims = load_context().claim_verbs
    return any(
        child.dep_ in ("ccomp", "xcomp") and head.lemma_.lower() in claims for child, head in ancestors(tok)
    )


def in_others_quote(start: int, actors: Iterable[Actor | None], quotes: Iterable[Quote]) -> bool:
    """An event told inside someone's quoted words is theirs to claim, unless they took part in it
    ("'We held talks,' Xi said" is Xi's first-hand account)."""
    names = {a.name for a in actors if a} | {a.entity_id for a in actors if a and a.entity_id}
    for q in quotes:
        if q.kind in QUOTED_KINDS and q.start <= start < q.end:
            return not (q.speaker in names or q.speaker_entity_id in names)
    return False


def is_hedged(tok: Token) -> bool:
    """ "allegedly struck", "possibly met": the writer does not assert it (on the trigger or its verb)."""
    verb = tok.head if tok.pos_ == "NOUN" else tok
    hedges = load_context().hedge_adverbs
    return any(c.dep_ == "advmod" and c.lower_ in hedges for t in (tok, verb) for c in t.children)


def in_modal_context(tok: Token) -> bool:
    """ "the possibility of X pardoning", "a plan to invade", "could mean the US recognizing",
    "if someone was planning an attack": what hangs under these did not (yet) happen."""
    ctx = load_context()
    for child, head in ancestors(tok):
        if any(c.dep_ == "mark" and c.lower_ in ctx.conditional_marks for c in child.children):
            return True
        if head.lemma_.lower() in ctx.prospective_verbs and head.pos_ == "VERB":
            return True  # "hoped for talks", "plans to stick by X instead of pulling"
        if head.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
            return True  # "has shown no interest in signing"
        if child.dep_ == "pcomp" and (head.lower_ == "from" or head.head.lower_ == "instead"):
            return True  # "barred migrants from asking", "instead of pulling the nomination"
        if head.pos_ == "NOUN" and head.lemma_.lower() in ctx.modal_nouns:
            return True
        modal = any(c.tag_ == "MD" for c in head.children)
        if modal and (
            child.dep_ in ("xcomp", "pcomp", "pobj", "prep", "acl") or head.lemma_ in ctx.consequence_verbs
        ):
            return True
    return False


def is_physical(tok: Token, source: Actor | None, target: Actor | None, people: frozenset[str]) -> bool:
    """An "attack" or a "hit" is ASSAULT only when it can hurt: a weapon, armed people or casualties in
    the sentence, and no policy or person as its object ("attacked the bill", "attacked Kavanaugh")."""
    ctx = load_context()
    # "a gun control group", "military spending": a cue naming what a noun is about is no weapon in use
    cues = [t for t in tok.sent if t.i != tok.i and not (t.dep_ == "compound" and t.head.i != tok.i)]
    if any(t.lemma_.lower() in ctx.physical_cues for t in cues):
        return True
    objects = [c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    objects += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    if any(o.lemma_.lower() in ctx.figurative_objects or o.ent_type_ == "PERSON" for o in objects):
        return False
    return not any(a is not None and (a.entity_id or a.name) in people for a in (source, target))


def undated_background(tok: Token, lead: bool = True) -> bool:
    """Without a time phrase, only a current report takes the publication day: a main clause, or what it
    reports ("said he vowed"), not "while Obama deported" (a clause setting the scene), "Romney, who
    criticized" (a relative clause), nor an event noun the clause only mentions ("Fiorina's attack is a
    lie"). Past the lead paragraphs the present perfect ("has promised") is background too."""
    verb = tok
    if tok.pos_ == "NOUN":
        if mentioned_only(tok):
            return True
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
    if in_subordinate_clause(verb):
        return True
    if not lead and any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in verb.children):
        return True
    clause = verb
    for _ in range(CLIMB_STEPS):
        # "wrote a letter calling for", "issued a tweet condemning": the participle is the letter's own act
        participle = clause.dep_ == "acl" and clause.tag_ == "VBG"
        if not (clause.dep_ in MAIN_CLAUSE_LINKS or participle) or clause.head.i == clause.i:
            break
        if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ != "as" for c in clause.children):
            return True  # "when he began demanding", "after she resigned"; not "said ... as he called"
        clause = clause.head
    # "Xi, who was hosting Shoigu, said": a progressive relative clause happens with its main clause
    return clause.dep_ != "ROOT" and not (clause.dep_ == "relcl" and clause.tag_ == "VBG")


def in_subordinate_clause(tok: Token) -> bool:
    """ "Since Portugal deported ...", "because X had ...": a clause giving a premise, told as background."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in SUBORDINATE_MARKS for c in verb.children
    )


def mentioned_only(noun: Token) -> bool:
    """An event noun the clause only mentions ("Fiorina's attack is a lie", "followed his demands",
    "excluded them from talks"), rather than reports taking place ("held talks", "in a call")."""
    verb = noun.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    occasion = noun.dep_ == "pobj" and noun.head.lower_ in OCCASION_PREPS  # "in a call", "during talks"
    owned = any(c.dep_ == "poss" for c in noun.children)
    taken = noun.dep_ in ("dobj", "obj", "attr", "nsubjpass") and takes_part(verb)
    return not (occasion or taken or (noun.dep_ in ("nsubj", "ROOT") and not owned))


def owned_mention(noun: Token) -> bool:
    """ "Abe's visit makes a fitting counterpoint", "followed his demands": someone's event, only mentioned."""
    return any(c.dep_ == "poss" for c in noun.children) and mentioned_only(noun)


def takes_part(verb: Token) -> bool:
    """ "held talks", "staged a strike": the verb gives its subject to the event noun it governs.
    The lemma or the word less its ending (the tagger lemmatises "staged" as "stag")."""
    verbs = load_context().participation_verbs
    low = verb.lower_
    stems = {
        verb.lemma_.lower(),
        low,
        *(low[: -len(e)] for e in ("d", "ed", "s", "es", "ing") if low.endswith(e)),
    }
    return bool(stems & verbs)


def is_denied_object(tok: Token) -> bool:
    """ "rejected the claims", "dismissed the comments": a denial or a rebuttal, which PLOVER does not
    code as REJECT (rejections and refusals of a demand, an offer, a proposal)."""
    return tok.lemma_.lower() in load_context().denied_objects


def speaks_for(tok: Token) -> bool:
    """ "Cummings' letter urged", "Scott's lawsuits accuse": a text acts for its author."""
    return tok.lemma_.lower() in load_context().voice_nouns


def is_agent_noun(tok: Token) -> bool:
    """ "Russian officials", "Syrian rebels" name actors; "Russian interference" names a thing."""
    return tok.lemma_.lower() in load_context().agent_nouns or tok.lower_ in load_context().agent_nouns


def is_agent_word(word: str) -> bool:
    """ "citizens", "officials": a plain word that names people (the lemma, or the plural less its "s")."""
    low = word.lower()
    return low in load_context().agent_nouns or low.removesuffix("s") in load_context().agent_nouns


def is_thing_word(word: str) -> bool:
    """ "Act", "Treaty", "accusations", "attacks": the head of a name that is a thing, never an actor."""
    low = word.lower().removesuffix("'s").removesuffix("’s")
    return low in load_context().thing_heads or low.removesuffix("s") in load_context().thing_heads


def is_press_name(name: str) -> bool:
    """ "Kansas City Star", "Dallas Morning News": a many-word name ending like a newspaper's."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in load_context().press_heads


def refuses_to_speak(verb: Token) -> bool:
    """ "refused to comment", "declined to say whether", "declined to take questions": silence, not the
    rejection of a demand; "declined to charge the officers": an office's own decision not to act (both
    reject no one's proposal, PLOVER REJECT)."""
    ctx = load_context()
    # "declined to comment", and "declined comment" with the noun as object
    for c in verb.children:
        if c.dep_ not in ("xcomp", "dobj"):
            continue
        lemma = c.lemma_.lower()
        if (
            lemma in ctx.speech_acts
            or lemma in ctx.speech_objects
            or (c.dep_ == "xcomp" and lemma in ctx.own_acts)
        ):
            return True
        if c.dep_ == "xcomp" and any(
            o.dep_ in ("dobj", "obj") and o.lemma_.lower() in ctx.speech_objects for o in c.children
        ):
            return True
    return False
