"""Event triggers: which words in a parsed sentence report an event, of which PLOVER type.

The lexicon (``kb/data/event_lexicon.tsv``) maps verbs, nouns and light-verb + noun pairs to PLOVER
types/modes and CAMEO codes; a few syntactic checks keep out words that only name an event as a
topic ("support for talks"), what is only alleged ("accused X of shelling"), and calls that name
rather than phone ("called him a liar"). Negation and hypothetical markers are read here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from parallax.kb import data_rows
from parallax.nlp.event_context import is_agent_noun, is_denied_object, is_physical, refuses_to_speak

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from parallax.model import Actor

ARMED = {"force", "troop", "army", "military", "soldier", "militant", "rebel", "fighter", "militia"}
ARMED |= {"police", "navy", "jet", "drone", "artillery", "insurgent", "guerrilla", "gunman", "missile"}
ARMED |= {"warship", "ship", "vessel", "rocket", "bomber", "aircraft", "tank", "guard"}
MODALS = {"will", "would", "could", "may", "might", "should", "can", "shall", "must", "'ll", "'d"}
REPORTING = {"say", "announce", "report", "tell", "confirm", "reveal", "disclose", "add", "note", "write"}
ASPECTUAL = {"begin", "start", "continue", "keep", "resume", "go", "manage"}
COUNTS = {"dozen", "hundred", "thousand", "million", "score", "handful", "group", "number", "batch", "couple"}
CALLEES = {"PERSON", "ORG", "GPE", "NORP"}
HYPOTHETICAL_AMODS = {"possible", "potential", "proposed", "planned", "future", "upcoming", "prospective"}
CAPTIVES = {
    "prisoner",
    "hostage",
    "detainee",
    "captive",
    "journalist",
    "activist",
    "citizen",
    "national",
    "pilot",
}
CAPTIVES |= {"soldier", "sailor", "person", "people", "dissident", "inmate", "worker", "student", "civilian"}


@dataclass(frozen=True)
class TriggerRule:
    """One row of the trigger lexicon."""

    lemma: str
    pos: str
    object: str | None
    plover: str
    mode: str | None
    cameo: str
    initiator: str | None
    condition: str | None


@dataclass(frozen=True)
class Trigger:
    """A matched trigger in a sentence: its head token, the object token it consumed, its rule."""

    token: Token
    obj: Token | None
    rules: tuple[TriggerRule, ...]  # candidates in lexicon order; the first whose condition holds applies

    @property
    def rule(self) -> TriggerRule:
        return self.rules[0]


@lru_cache(maxsize=1)
def recipient_types() -> frozenset[str]:
    """PLOVER types that need a target (the ontology's requires_recipient), plus CONSULT: one cannot consult alone."""
    rows = data_rows("plover_event_types.tsv")
    return frozenset({r["event_type"] for r in rows if r["requires_recipient"] == "Yes"} | {"CONSULT"})


LEXICONS = ("event_lexicon.tsv", "event_cameo_verbs.tsv")  # hand-written rows first, then PETRARCH2's


@lru_cache(maxsize=1)
def load_lexicon() -> dict[tuple[str, str], tuple[TriggerRule, ...]]:
    """The trigger lexicons by (lemma, pos); rows needing an object come first, then file order."""
    rows: dict[tuple[str, str], list[TriggerRule]] = {}
    for rec in (row for name in LEXICONS for row in data_rows(name)):
        dash = lambda v: None if v in ("-", "") else v  # noqa: E731
        rule = TriggerRule(
            rec["lemma"],
            rec["pos"],
            dash(rec["object"]),
            rec["plover"],
            dash(rec["mode"]),
            rec["cameo"],
            dash(rec["initiator"]),
            dash(rec["condition"]),
        )
        rows.setdefault((rule.lemma, rule.pos), []).append(rule)
    return {k: tuple(sorted(v, key=lambda r: r.object is None)) for k, v in rows.items()}


def find_triggers(sent: Span) -> list[Trigger]:
    """Trigger tokens of a sentence; a noun consumed by a light verb is not a trigger again."""
    lexicon = load_lexicon()
    found: list[Trigger] = []
    consumed: set[int] = set()
    for tok in sent:
        if tok.pos_ not in ("VERB", "NOUN") or tok.i in consumed:
            continue
        rules = lexicon.get((tok.lemma_.lower(), tok.pos_), ())
        for n, rule in enumerate(rules):
            obj = match_object(tok, rule)
            if rule.object and obj is None:
                continue
            if rule.pos == "VERB" and rule.lemma == "call" and rule.object is None and calls_names(tok):
                break
            if rule.pos == "NOUN" and not is_event_noun(tok):
                break
            if rule.pos == "VERB" and is_content_of_trigger(tok, lexicon):
                break
            if (
                rule.pos == "VERB"
                and not is_noun_object(rule)
                and any(is_particle(c) and c.lower_ != rule.object for c in tok.children)
            ):
                continue  # a phrasal verb means something else: "shot back", "backed off", "pulled in $12.7m from"
            if (
                rule.lemma == "call"
                and rule.plover == "REQUEST"
                and any(c.dep_ in ("dobj", "prt") for c in tok.children)
            ):
                break  # "calling out X for Y", "called X for comment": blame or a phone call, not a request
            if rule.plover in ("COERCE", "ASSAULT") and rule.pos == "VERB" and seizes_on(tok):
                break  # "seizing on the chaos", "jumped on the remark": a figure, not force
            if rule.plover == "ACCUSE" and any(
                c.dep_ == "prep" and c.lower_ in ("into", "onto") for c in tok.children
            ):
                break  # "slammed into the tower", "hit into": a motion, not a verbal attack
            if rule.plover == "REQUEST" and rule.pos == "VERB" and asks_a_question(tok):
                break
            if obj is not None and obj.pos_ == "NOUN":
                consumed.add(obj.i)
            same = tuple(r for r in rules[n:] if r.object == rule.object)
            found.append(Trigger(tok, obj if obj is not None and obj.pos_ == "NOUN" else None, same))
            break
    return [t for t in found if t.token.i not in consumed]


def match_object(tok: Token, rule: TriggerRule) -> Token | None:
    """The token that satisfies a rule's object column (object noun, preposition or modifier)."""
    if rule.object is None:
        return None
    for child in tok.children:
        lemma = child.lemma_.lower()
        if rule.pos == "NOUN" and child.dep_ in ("compound", "amod") and lemma == rule.object:
            return child
        if child.dep_ in ("dobj", "obj", "nsubjpass") and rule.object in (lemma, *compounds(child)):
            return child
        # a particle follows its verb: "In a visit to Estonia, Pence gave a speech" gives nothing in
        if (
            child.dep_ in ("prep", "prt")
            and lemma == rule.object
            and child.i > tok.i
            and not names_time(child)
        ):
            return child
        if child.dep_ == "prep":
            for pobj in child.children:
                # "held an event in March": a month is no march
                if (
                    pobj.dep_ == "pobj"
                    and pobj.lemma_.lower() == rule.object
                    and pobj.ent_type_ not in ("DATE", "TIME")
                ):
                    return pobj
        if child.dep_ in ("dobj", "obj"):
            for prep in child.children:
                for pobj in prep.children if prep.dep_ == "prep" else ():
                    if pobj.dep_ == "pobj" and pobj.lemma_.lower() == rule.object:
                        return pobj
    return None


def is_content_of_trigger(tok: Token, lexicon: dict) -> bool:
    """ "accused X of shelling", "warned against supplying", "threatened to retaliate": what is alleged,
    warned of or threatened is not itself reported."""
    if tok.dep_ == "xcomp":
        return any(r.plover == "THREATEN" for r in lexicon.get((tok.head.lemma_.lower(), "VERB"), ()))
    if tok.dep_ != "pcomp":
        return False
    verb = tok.head.head
    return (verb.lemma_.lower(), "VERB") in lexicon


def seizes_on(tok: Token) -> bool:
    """ "seized on the chaos": a verb with no object whose "on" is no date ("struck on Friday")."""
    if any(c.dep_ in ("dobj", "obj") for c in tok.children):
        return False
    return any(c.dep_ == "prep" and c.lower_ in ("on", "upon") and not names_time(c) for c in tok.children)


PARTICLES = {
    "out",
    "back",
    "in",
    "up",
    "off",
    "down",
    "away",
    "over",
    "from",
    "on",
    "for",
    "to",
    "with",
    "against",
}


def is_noun_object(rule: TriggerRule) -> bool:
    """The rule's object is a noun ("step up cooperation": the particle belongs to the light verb), not
    a particle or preposition ("pull out", "pull from")."""
    return rule.object is not None and rule.object not in PARTICLES


def is_particle(child: Token) -> bool:
    """ "shot back", "backed off", "backed away": a particle (or the parser's adverb "back", "away",
    "off") that changes the verb."""
    return child.dep_ == "prt" or (child.dep_ == "advmod" and child.lower_ in ("back", "away", "off"))


def names_time(prep: Token) -> bool:
    """ "called him on Thursday", "a speech he gave in Ohio": the preposition introduces a time or a
    place, not the rule's complement."""
    return any(
        c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME", "GPE", "LOC", "FAC") for c in prep.children
    )


def compounds(tok: Token) -> list[str]:
    return [c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod")]


def calls_names(tok: Token) -> bool:
    """ "called him a dictator", "called for talks", "called on X": naming or asking, not phoning."""
    deps = {c.dep_ for c in tok.children}
    objects = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
    if not objects and "oprd" in deps:
        # the parser reads "called Prime Minister X on Thursday" as naming; a lone named person is the callee
        return not any(c.dep_ == "oprd" and c.ent_type_ in ("PERSON", "GPE") for c in tok.children)
    if any(o.pos_ == "NOUN" and not is_agent_noun(o) and o.ent_type_ not in CALLEES for o in objects):
        return True  # "called West's book a monumental achievement": one phones people, not things
    return bool(deps & {"oprd", "ccomp", "xcomp", "attr", "prt"}) or len(objects) > 1 or not objects


def is_event_noun(tok: Token) -> bool:
    """Skip nouns that name an event only as a topic: "support for talks", "anniversary of the invasion"."""
    head = tok.head
    if tok.dep_ in ("compound", "nmod"):
        return False
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN"):
        return False
    return not any(c.lemma_.lower() in HYPOTHETICAL_AMODS for c in tok.children if c.dep_ == "amod")


def governing_verb(tok: Token) -> Token:
    """The verb a nominal trigger hangs from ("held [talks]", "reaffirmed ... in a [call]")."""
    cur = tok
    while cur.pos_ not in ("VERB", "AUX") and cur.head.i != cur.i:
        cur = cur.head
    return cur


def condition_holds(
    rule: TriggerRule, tok: Token, source: Actor, target: Actor | None, people: frozenset[str] = frozenset()
) -> bool:
    """Rows marked armed/unarmed apply only when an actor is (or is not) an armed force; "physical"
    rows only when the act can hurt (``people``: the article's person actors, by id or name)."""
    if rule.condition is None:
        return True
    if rule.condition == "physical":
        return is_physical(tok, source, target, people)
    if rule.condition == "thing":
        # "dismissed the report" rejects it; "dismissed the FBI director" fires him
        objects = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        labels = any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children)  # "dismissed X as animals"
        return not labels and not any(
            o.ent_type_ == "PERSON" or is_agent_noun(o) or is_denied_object(o) for o in objects
        )
    if rule.condition == "visitor":
        guests = [c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
        return any(g.ent_type_ in ("PERSON", "GPE", "NORP") or is_agent_noun(g) for g in guests)
    if rule.condition == "target":
        # "warned Iran", "offered Kyiv aid"; not the subject of a that-clause ("warned Clinton would ...")
        return target is not None and not any(c.dep_ == "ccomp" for c in tok.children)
    if rule.condition == "polity":
        objects = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        return target is not None and any(o.ent_type_ in ("GPE", "ORG", "NORP") for o in objects)
    if rule.condition == "complement":
        deps = {c.dep_ for c in tok.children}
        return "ccomp" not in deps and bool(deps & {"xcomp", "prep", "dobj", "obj", "pcomp"})
    if rule.condition == "partner":
        # "discussed Ukraine", "discussed Trump's ban": an object naming someone is the topic, not the partner
        objects = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        return not any(t.ent_type_ for o in objects for t in o.subtree)
    if rule.condition == "captive":
        return any(
            o.ent_type_ in ("PERSON", "NORP") or o.lemma_.lower() in CAPTIVES for o in counted_objects(tok)
        )
    if rule.condition == "answer":
        # "declined the offer", "refused to pay"; not "declined to comment" nor an intransitive "declined"
        return not refuses_to_speak(tok) and any(c.dep_ in ("dobj", "obj", "xcomp") for c in tok.children)
    if rule.condition == "crowd":
        # "protesters rallied"; "Trump held rallies" campaigns (the verb "rally" also needs no object)
        no_object = not any(c.dep_ in ("dobj", "obj") for c in tok.children) or tok.pos_ == "NOUN"
        return no_object and (source.entity_id or source.name) not in people
    if rule.condition == "forces":
        return any(o.lemma_.lower() in ARMED for o in counted_objects(tok))
    if rule.condition == "noclause":
        return not any(c.dep_ == "ccomp" for c in tok.children)
    if rule.condition == "hostile":
        return any(is_hostile(c) for c in tok.children if c.dep_ in ("xcomp", "ccomp"))
    if rule.condition in ("intransitive", "transitive"):
        has_object = any(c.dep_ in ("dobj", "obj", "ccomp") for c in tok.children)
        return has_object == (rule.condition == "transitive")
    words = {w.lower().rstrip("s") for a in (source, target) if a for w in a.name.split()}
    armed = bool(words & ARMED)
    return armed if rule.condition == "armed" else not armed


HOSTILE_TYPES = {"ASSAULT", "COERCE", "SANCTION", "THREATEN"}


def is_hostile(tok: Token) -> bool:
    """ "(vowed) to retaliate", "(pledged) to punish": the content verb is itself a hostile trigger."""
    rules = load_lexicon().get((tok.lemma_.lower(), "VERB"), ())
    # a row with a condition ("block" when armed) is too unsure to make a vow a threat
    return any(r.plover in HOSTILE_TYPES and r.object is None and r.condition is None for r in rules)


def is_negated(trig: Trigger) -> bool:
    """ "did not invite", "never met", "no talks", "without warning": negation on the trigger or its verb."""
    tok = trig.token
    verb = governing_verb(tok) if tok.pos_ == "NOUN" else tok
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    shared = verb.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in verb.children)
    if shared and any(c.dep_ == "neg" for c in verb.head.children):
        return True  # "does not support or endorse": the negation covers the verb that shares its subject
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ == "without":
        return True
    if in_negated_object(verb):
        return True
    return tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def in_negated_object(verb: Token) -> bool:
    """ "hasn't issued a statement ruling out X": the trigger hangs from what a negated verb did not do."""
    cur = verb
    for _ in range(4):
        if cur.dep_ not in ("acl", "relcl", "dobj", "obj", "pobj", "prep") or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in cur.children):
            return True
    return False


def is_hypothetical(trig: Trigger) -> bool:
    """Future, modal, conditional or merely intended events ("will visit", "is expected to meet")."""
    tok = trig.token
    cur = governing_verb(tok) if tok.pos_ == "NOUN" else tok
    for _ in range(4):
        if any(c.tag_ == "MD" or (c.dep_ == "aux" and c.lower_ in MODALS) for c in cur.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in cur.children):
            return True
        if trig.rule.plover != "THREATEN" and conditional(cur):
            return True  # "pledged legal action if the campaign found ...": only on that condition (a threat is one)
        if any(c.lower_ == "going" and c.dep_ == "aux" for c in cur.children):
            return True
        if cur.dep_ == "xcomp" and cur.head.lemma_.lower() not in ASPECTUAL:
            return True
        if cur.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            return True
        if cur.dep_ not in ("conj", "ccomp") or cur.head.i == cur.i:
            return False
        if cur.dep_ == "ccomp":
            # reported speech stays factual, unless the telling is still to come ("will tell X that he supports")
            return any(c.tag_ == "MD" or (c.dep_ == "aux" and c.lower_ in MODALS) for c in cur.head.children)
        cur = cur.head
    return False


def is_condition(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in clause.children)


def conditional(verb: Token) -> bool:
    """An "if"/"unless" clause on the verb or on its content ("pledged to send aid if the airport reopens")."""
    heads = [verb, *(c for c in verb.children if c.dep_ == "xcomp")]
    return any(c.dep_ == "advcl" and is_condition(c) for h in heads for c in h.children)


def is_past_perfect(trig: Trigger) -> bool:
    """ "had met", "had imposed": an event before the story's time, not on the publication day."""
    verb = governing_verb(trig.token) if trig.token.pos_ == "NOUN" else trig.token
    if verb.dep_ == "conj" and not any(c.dep_ in ("aux", "nsubj") for c in verb.children):
        verb = verb.head  # "had hired Dowd and refused to cooperate": the second verb shares the "had"
    if verb.dep_ == "ccomp" and (verb.head.tag_ == "VBD" or verb.head.lemma_.lower() in REPORTING):
        return False  # "said that Trump had spoken with X", "announcing that he had reached": the telling's tense
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def in_question(tok: Token) -> bool:
    """The clause holding the token ends in a question mark ("Did X agree ...?", a quoted "Why would X ...?")."""
    for t in tok.doc[tok.i : tok.sent.end]:
        if t.text in ("?", '?"', "?'"):
            return True
        if t.text in (".", "!"):
            return False
    return False


def asks_a_question(tok: Token) -> bool:
    """ "asked whether ...", "asked why ...", '"...?" she asked', "asked a woman at her door": a question
    asked, not a request made. "Ask" requests only with what is wanted ("asked X to ...", "asked for ...")."""
    deps = {(c.dep_, c.lower_ if c.dep_ == "prep" else "") for c in tok.children}
    if tok.lemma_.lower() == "ask" and not deps & {("xcomp", ""), ("ccomp", ""), ("prep", "for")}:
        return True
    for c in tok.children:
        if c.dep_ in ("dobj", "obj") and c.lemma_.lower() == "question":
            return True  # "asking leading questions"
        if c.dep_ != "ccomp":
            continue
        first = c.left_edge
        if first.tag_ in ("WDT", "WP", "WRB") or first.lower_ in ("whether", "if"):
            return True
        if any(t.text == "?" for t in c.subtree):
            return True
    return False


def prep_objects(tok: Token, preps: set[str]) -> list[tuple[str, Token]]:
    return [
        (c.lemma_.lower(), g)
        for c in tok.children
        if (c.dep_ == "prep" or (c.dep_ == "dative" and c.pos_ == "ADP")) and c.lemma_.lower() in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]


def counted_objects(tok: Token) -> list[Token]:
    """The trigger's objects, and what a count among them counts ("dozens of prisoners", not "a list of
    Russians")."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    return objects + [
        p
        for o in objects
        if o.lemma_.lower() in COUNTS or o.pos_ == "NUM"
        for _, p in prep_objects(o, {"of"})
    ]
