"""The confidence gate's target part (see event_gate): a target is an actor the event was done to, read
from the parse (objects, their owners and appositions, prepositions' objects); a thing, a place, a
victim of what is condemned or the content of a promise is none, and a named party left unread leaves
the event out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from parallax.nlp.event_actors import is_clean_name
from parallax.nlp.event_context import is_agent_noun, load_context
from parallax.nlp.event_triggers import (
    load_lexicon,
    prep_objects,
    recipient_types,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from parallax.model import Actor, Event
    from parallax.nlp.event_actors import ActorIndex
    from parallax.nlp.event_triggers import Trigger

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
RELATIVES = {"who", "that", "which", "whom"}
OBJECT_PRONOUNS = {"him", "them"}  # and "her" when no possessive
OBJECT_DEPS = ("dobj", "obj", "dative", "oprd")
ARGUMENT_PREPS = {"with", "against", "on", "to", "from", "toward", "towards", "upon", "for", "between"}
# a country after these is where ("withdrew from Khan Younis"); after "to"/"on" too for troops and visits
PLACE_PREPS = {"from", "toward", "towards", "in", "at", "into", "across", "near", "inside"}
SYMMETRIC = {"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID"}  # "X and Y signed": each with the other


def is_person(actor: Actor, index: ActorIndex) -> bool:
    return (actor.entity_id or actor.name) in index.people


def is_polity(actor: Actor, index: ActorIndex) -> bool:
    """A country or its government: a name the index reads as a country."""
    return any(s[2] == actor and s[3] == "country" for s in index.spans) or (
        actor.country is not None and actor.name == index.words.names.get(actor.country)
    )


def target_doubt(trig: Trigger, event: Event, index: ActorIndex) -> str | None:
    """No target for a type that needs one (after settle_target cleared a wrong one), or a named party
    left unread."""
    if event.target_actor is not None and "\n" in event.target_actor.name:
        return "target: a name across a line break"  # "withdrew the U.S.\nCritics instead argue"
    if event.target_actor is not None:
        return (
            co_marcher(trig, event.target_actor, index)
            or place_target(trig, event.target_actor, index)
            or victim_target(trig, event.target_actor, index)
            or object_elsewhere(trig, event.target_actor, index)
        )
    if trig.rule.plover != "MOBILIZE" and any(
        c.dep_ in ("dobj", "obj") and c.lower_ == "it" for c in trig.token.children
    ):
        return "target: 'it' left unread"  # "halted funding for the WHO, accusing it of mistakes"
    if any(c.dep_ in OBJECT_DEPS and c.lower_ in RELATIVES | {"what"} for c in trig.token.children):
        return "target: a relative pronoun's antecedent unread"  # "the hiring of X, which Dalby protested"
    if trig.rule.plover in recipient_types():
        return "target: none, and the type needs one"
    if trig.rule.plover not in ("MOBILIZE", "RETREAT") and any(
        c.dep_ in OBJECT_DEPS and definite_agent(c) for c in trig.token.children
    ):
        return (
            "target: an object naming someone unread"  # "accused the administration", "promised President X"
        )
    if any(names_someone(o, False, event.source_actor, index) for o in owners_under(trig.token, "for")):
        return "target: an owner in what is asked for"  # "called for an end to Mueller's investigation"
    tok = trig.token
    if trig.rule.plover == "REQUEST" and tok.tag_ == "VBG" and tok.dep_ == "advcl" and tok.i < tok.head.i:
        return "target: an opening participle's appeal to no one"  # "Calling for common purpose, X declared"
    if named_party(trig, event.source_actor, index):
        return "target: a named party left unread"
    return None


def object_elsewhere(trig: Trigger, target: Actor, index: ActorIndex) -> str | None:
    """A verb's direct object naming someone is its target: "summoned him to the White House" is done
    to him, not to the White House; "met Kim's father Kim Jong Il" to the father, not to Kim."""
    tok = trig.token
    if tok.pos_ != "VERB":
        return None
    for o in (c for c in tok.children if c.dep_ in ("dobj", "obj")):
        named = [a for c in o.children if c.dep_ == "appos" for a in index.actors_of(c)]
        if named and not any(same_party(a, target) for a in named):
            return "target: not the object's own name"
    for o in (
        c for c in tok.children if c.dep_ in ("dobj", "obj") and (trig.obj is None or c.i != trig.obj.i)
    ):
        someone = o.lower_ in OBJECT_PRONOUNS | {"her"} or o.ent_type_ == "PERSON"
        if someone and not any(same_party(a, target) for a in index.actors_of(o)):
            return "target: not the direct object"
    return None


def definite_agent(tok: Token) -> bool:
    """ "the administration", "President (Barack Obama)": an agent noun that points at one known actor,
    a title or a bare definite; not "an opposition activist" or "the new coalition"."""
    if not is_agent_noun(tok):
        return False
    if tok.text[:1].isupper():
        return True
    deps = [(c.dep_, c.lower_) for c in tok.children]
    return ("det", "the") in deps and not any(d in ("amod", "compound", "nmod", "poss") for d, _ in deps)


def owners_under(tok: Token, prep: str) -> list[Token]:
    """The owners ("Mueller's") anywhere in the object of the trigger's preposition."""
    return [t for _, p in prep_objects(tok, {prep}) for t in p.subtree if t.dep_ == "poss"]


def co_marcher(trig: Trigger, target: Actor, index: ActorIndex) -> str | None:
    """ "marched with thousands of Canadians": who protests with the source is not protested against."""
    if trig.rule.plover != "PROTEST":
        return None
    fellows = [p for w, p in prep_objects(trig.token, {"with", "alongside"})]
    if any(same_party(a, target) for p in fellows for a in index.actors_of(p)):
        return "target: a fellow protester"
    return None


def place_target(trig: Trigger, target: Actor, index: ActorIndex) -> str | None:
    """A target named only as a place below country level ("lauded Springfield") is a thing praised, not
    an actor: PLOVER actors are people, organisations and polities."""
    for t in trig.token.sent:
        span = index.span_at(t.idx)
        if span is not None and span[2] == target and t.ent_type_ in ("GPE", "LOC", "FAC"):
            return "target: a place, not an actor" if span[3] == "other" else None
    return None


def victim_target(trig: Trigger, target: Actor, index: ActorIndex) -> str | None:
    """ "condemned the attack by protesters against Ms. Arlow": the verbal act is aimed at the attackers
    (the event noun's "by" agent or owner); the attacked one named under "on"/"against" is not its
    target."""
    if trig.rule.plover not in ("ACCUSE", "PROTEST", "THREATEN", "REJECT"):
        return None
    for obj in (c for c in trig.token.children if c.dep_ in OBJECT_DEPS):
        if (obj.lemma_.lower(), "NOUN") not in load_lexicon():
            continue
        for victim in obj.subtree:
            against = victim.dep_ == "pobj" and victim.head.lower_ in ("on", "against", "upon", "at")
            if against and any(same_party(a, target) for a in index.actors_of(victim)):
                return "target: the event's victim, not whom it is held against"
    return None


def settle_target(trig: Trigger, event: Event, subject: Token | None, index: ActorIndex) -> Event:
    """A target that is the source's own country standing for a thing ("refused a White House
    tradition" -> United States) or a co-subject of a one-way verb ("Russia, India, China condemn X":
    China did it too, to no one) is no target; a missing one is taken where the parse names it
    (complete_target)."""
    source, target = event.source_actor, event.target_actor
    reciprocal = trig.rule.plover in SYMMETRIC or trig.token.lemma_.lower() in load_context().reciprocal_verbs
    if target is not None and (
        own_country(source, target, index)
        or (
            trig.rule.plover == "AGREE"
            and (promised_about(trig.token, target, index) or promised(trig.token, target, index))
        )
        or (not reciprocal and co_subject(target, subject, index))
    ):
        event = replace(event, target_actor=None)
    return complete_target(trig, event, index)


def promised_about(tok: Token, target: Actor, index: ActorIndex) -> bool:
    """ "pledged that the Senate would act": whom a promise is about is not whom it is made to."""
    return any(
        same_party(a, target)
        for clause in tok.children
        if clause.dep_ == "ccomp"
        for c in clause.children
        if c.dep_ == "nsubj"
        for a in index.actors_of(c)
    )


def promised(tok: Token, target: Actor, index: ActorIndex) -> bool:
    """ "vowed to renegotiate the trade pact", "pledging to invest in Indian railways": what a promise will act
    on is its content, not whom it is made to."""
    return any(
        same_party(a, target)
        for clause in tok.children
        if clause.dep_ in ("xcomp", "ccomp")
        for t in clause.subtree
        for a in index.actors_of(t)
    )


def co_subject(target: Actor, subject: Token | None, index: ActorIndex) -> bool:
    """The target is one of the subject's conjuncts."""
    if subject is None:
        return False
    return any(same_party(a, target) for c in subject.conjuncts for a in index.actors_of(c))


def own_country(source: Actor | None, target: Actor, index: ActorIndex) -> bool:
    """ "Trump refused a White House tradition" -> United States: the bare country of the source's own
    thing, not an actor it acted on."""
    if source is None or target.country is None or target.country != source.country:
        return False
    bare = target.name == index.words.names.get(target.country) or target.name.startswith("Government of ")
    return bare and source.name != target.name  # "ruled out a third White House run"


def named_party(trig: Trigger, source: Actor | None, index: ActorIndex) -> bool:
    """The trigger's object (or its owner or complement), a preposition's object, or a content clause's
    subject or object names an actor (a person, organisation or group, a country as an object, or
    "him"/"them") other than the source. A place after "from" ("from Khan Younis"), or "to" for troops,
    is where, and a nationality on a thing ("the European aid package") whose, not whom."""
    heads = party_heads(trig) + [(c, False) for clause in content_clauses(trig.token) for c in clause]
    return any(names_someone(h, at_place, source, index) for h, at_place in heads)


def complete_target(trig: Trigger, event: Event, index: ActorIndex) -> Event:
    """An event without a target takes the actor its object's apposition, owner or complement names
    ("praised Dolphins players Stills and Wilson", "pulled out of the deal with Iran"), when the parse
    names one there; content clauses ("vowed to move the US embassy") stay unread."""
    if event.target_actor is not None or event.source_actor is None:
        return event
    for head, at_place in party_heads(trig):
        if at_place or not (head.ent_type_ in ACTOR_LABELS or index.span_at(head.idx) is not None):
            continue
        found = [
            a
            for a in index.actors_of(head)
            if not same_party(a, event.source_actor) and not own_country(event.source_actor, a, index)
        ]
        if found and is_clean_name(found[0]):
            return replace(event, target_actor=found[0])
    return event


def party_heads(trig: Trigger) -> list[tuple[Token, bool]]:
    """The trigger's objects, their appositions, owners and complements, and its prepositions' objects,
    each with whether it stands where a place would ("from", or "to" and "on" for troops and visits)."""
    tok = trig.token
    objects = [c for c in tok.children if c.dep_ in OBJECT_DEPS and (trig.obj is None or c.i != trig.obj.i)]
    heads: list[tuple[Token, str | None]] = [(o, None) for o in objects]
    # "blamed mismanagement at the State Department" ("at" stands where a place would: "at the White House")
    heads += [(p, w) for w, p in prep_objects(tok, ARGUMENT_PREPS | {"at"})]
    holders = [tok, *([trig.obj] if trig.obj is not None else [])]
    # "his attack on the Romney-Ryan plan", "voiced support for Obama's policy"
    owners = [p for h in holders for _, p in prep_objects(h, ARGUMENT_PREPS - {"between"})]
    if tok.tag_ == "VBG" and tok.dep_ in ("acl", "advcl"):
        # "wrote a letter to Trump asking for documents": the letter's addressee is asked
        heads += [(p, w) for h in (tok.head, tok.head.head) for w, p in prep_objects(h, {"to"})]
    if not objects and tok.pos_ == "VERB":
        # "shot and killed Brown": the object of the verb it is coordinated with
        heads += [(c, None) for v in tok.conjuncts for c in v.children if c.dep_ in ("dobj", "obj")]
    for o in [*objects, *([trig.obj] if trig.obj is not None else []), *owners]:
        heads += [(c, None) for c in o.children if c.dep_ in ("poss", "compound", "appos")]
        # "blamed mismanagement at the State Department": whose the blamed thing is
        heads += [(p, w) for w, p in prep_objects(o, ARGUMENT_PREPS | {"of", "by", "at"})]
    own_subject = any(c.dep_ == "nsubj" and c.lower_ not in RELATIVES for c in tok.children)
    if tok.dep_ == "relcl" and own_subject and not objects:
        heads.append((tok.head, None))  # "the Democrats he chastised": the antecedent is the object
    heads += [(c, prep) for h, prep in heads for c in h.conjuncts]
    # "a letter to Trump Tuesday": a name the parser hung as a compound on the phrase's last word
    heads += [
        (c, prep)
        for h, prep in heads
        for c in h.children
        if c.dep_ == "compound" and c.ent_type_ in ACTOR_LABELS
    ]
    moving = trig.rule.plover in ("MOBILIZE", "RETREAT") or trig.rule.mode == "visit"
    places = PLACE_PREPS | ({"to", "on"} if moving else set())
    return [(h, prep in places) for h, prep in heads]


def content_clauses(tok: Token) -> list[list[Token]]:
    """The subjects, objects and prepositional objects of the trigger's content clauses."""
    return [
        [c for c in clause.children if c.dep_ in (*OBJECT_DEPS, "nsubj")]
        + [p for _, p in prep_objects(clause, ARGUMENT_PREPS)]
        for clause in tok.children
        if clause.dep_ in ("xcomp", "ccomp")
    ]


def names_someone(t: Token, at_place: bool, source: Actor | None, index: ActorIndex) -> bool:
    """The token names an actor other than the source (see named_party)."""
    span = index.span_at(t.idx)
    if (source is not None and t.text in source.name.split()) or (
        span is not None and same_party(span[2], source)
    ):
        return False
    if t.lower_ in OBJECT_PRONOUNS or (t.lower_ == "her" and t.dep_ != "poss"):
        return True
    if definite_agent(t) and t.dep_ != "poss":
        return True  # "a lawsuit against the company", "asked the government"; not "the court's ruling"
    place = t.ent_type_ in ("GPE", "LOC", "FAC") or (span is not None and span[3] == "country")
    if place and at_place:
        return False  # "withdrew from Khan Younis", "rushed troops to the Ladakh frontier": where, not whom
    if t.ent_type_ == "NORP" and t.dep_ == "amod" and not is_agent_noun(t.head):
        return False  # "the European aid package": a nationality on a thing
    return span is not None or t.ent_type_ in ACTOR_LABELS


def same_party(actor: Actor, source: Actor | None) -> bool:
    if source is None:
        return False
    if actor.entity_id and source.entity_id:
        return actor.entity_id == source.entity_id
    return actor.name.lower() == source.name.lower()
