"""The confidence gate: a factual event is output only when each of its parts is confidently right.

Filters that remove one error shape at a time leave the others (round 4 measured precision flat while
28% of the events went). The gate works the other way round: for each part of an event (date, target,
source, type) it asks whether the parse gives a confident reading, and drops the event when any part
cannot be decided. The words it needs are data (``kb/data/event_context.yaml``).

- Date: a time phrase of the event's own clause; or, without one, the publication day only for the
  article's current news (lead paragraphs, past tense or present perfect, no other time phrase in the
  sentence, no side clause but in the first sentence); or no date for plain background (past perfect, "has long", "previously", a relative
  clause on a named actor). An event past the lead with neither is undecidable.
- Target: a bare country standing for one of the source's own things ("refused a White House
  tradition") or a co-subject ("Russia, India, China condemn X") is no target; a missing target is
  taken where the object's apposition, owner or complement names it, and an event that still names
  someone it was done to without a target, or needs one, is left out.
- Source: not a dateline ("ISTANBUL (AP) —"), a hover card's link text, a pronoun read inside
  someone's quote, nor the pronoun speaker of "he said, praising X".
- Type: an event noun must be reported taking place ("held talks", "in a call"), not mentioned as a
  topic ("spoke of the meeting with Xi"); "allowing" after a clause tells its result, not an act.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from parallax.nlp.dates import MONTHS, find_time_expressions, resolve_time
from parallax.nlp.event_actors import is_clean_name
from parallax.nlp.event_context import is_agent_noun, load_context, mentioned_only
from parallax.nlp.event_times import contrasted, shares_time
from parallax.nlp.event_triggers import (
    governing_verb,
    is_past_perfect,
    load_lexicon,
    prep_objects,
    recipient_types,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from parallax.model import Actor, Event, Quote
    from parallax.nlp.event_actors import ActorIndex
    from parallax.nlp.event_triggers import Trigger

QUANTIFIERS = {"many", "some", "most", "few", "several", "thousands", "millions", "hundreds"}
MODALS = {"will", "would", "could", "might", "may", "should", "must", "shall", "can", "'ll", "'d"}
TEMPORAL_WORDS = {"after", "before", "since", "until", "following", "when", "while", "once", "prior"}
SIMULTANEOUS = {"when", "as", "while"}
REFERENCE = "2000-06-15"  # any day: whether a phrase names a date at all, publication date or not
OCCASION_PREPS = {"at", "during", "in", "on"}
TOPIC_WORDS = {"of", "about", "regarding", "given", "despite"}
LEAD_SENTENCES = 5  # the lead: the first sentences of the text, within its first paragraphs
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
RELATIVES = {"who", "that", "which", "whom"}
OBJECT_PRONOUNS = {"him", "them"}  # and "her" when no possessive
PRONOUNS = {"he", "she", "they", "him", "her", "them", "his", "their", "it", "its", "we", "i", "you"}
OBJECT_DEPS = ("dobj", "obj", "dative", "oprd")
ARGUMENT_PREPS = {"with", "against", "on", "to", "from", "toward", "towards", "upon", "for", "between"}
# a country after these is where ("withdrew from Khan Younis"); after "to"/"on" too for troops and visits
PLACE_PREPS = {"from", "toward", "towards", "in", "at", "into", "across", "near", "inside"}
SYMMETRIC = {"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID"}  # "X and Y signed": each with the other
SPEECH_LEMMAS = {"say", "add", "tell", "write", "note", "explain", "declare", "state", "continue", "argue"}
DASHES = {"—", "–", "-", "(", "--"}
# a hover card's headline ends "... MORE" (The Hill), and starts glued to the linked name ("GoodlatteUSCIS chief")
LINK_CARD = re.compile(r"\bMORE\W*$|[a-z]{3,}[A-Z].*?\bMORE\b")
YEAR = re.compile(r"(?:1[6-9]|20)\d\ds?")  # "2016", "the 1960s", "St. Patrick's Day, 1776"
# simple past; the present perfect and the past passive are read off their auxiliaries; the present
# ("Facebook asks fact-checkers") is as often a habit as news
CURRENT_TAGS = {"VBD"}


def doubt(
    trig: Trigger,
    event: Event,
    subject: Token | None,
    index: ActorIndex,
    quotes: tuple[Quote, ...],
    lead: bool,
    first: bool = False,
    dated: bool = True,
) -> str | None:
    """Why a factual event is not confidently right (a short reason), or None when every part is.
    ``lead``: the sentence is among the text's first; ``first``: it is the very first; ``dated``: the
    article has a publication date."""
    return (
        type_doubt(trig)
        or actor_type_doubt(trig, event, index)
        or date_doubt(trig, event, lead, index, first, dated)
        or source_doubt(trig, subject, event.source_actor, quotes, index)
        or target_doubt(trig, event, index)
    )


def actor_type_doubt(trig: Trigger, event: Event, index: ActorIndex) -> str | None:
    """Types whose PLOVER definition asks something of the actors: a visit consults only between
    political actors (a person the knowledge base places in no country travels privately); an aerial
    or heavy-weapons assault needs someone hit (a launch over a sea or a test hits no one); a donation is
    AID only to a polity, not to a person, a campaign or a fund."""
    rule = trig.rule
    source, target = event.source_actor, event.target_actor
    if rule.mode == "visit" and source is not None and source.country is None and is_person(source, index):
        return "type: a private person's trip, no consultation"
    if rule.plover == "PROTEST" and target is not None and is_person(target, index):
        return "type: a person blocked or confronted, no demonstration"  # "blocked the ambassador from testifying"
    if rule.plover == "THREATEN" and others_act(trig, source, index):
        return "type: a warning of someone else's act"  # "warned that Trump's policies threaten support"
    if rule.plover == "ASSAULT" and target is None and not hit_anything(trig):
        return "type: an attack on nothing named"  # "every Friday as I strike": a school strike
    if (
        rule.plover == "ASSAULT"
        and trig.obj
        is not None  # a weapon launched ("fired a missile"), not a place struck ("struck the village")
        and rule.mode in ("aerial", "heavy-weapons")
        and target is None
        and not hits_place(trig)
    ):
        return "type: a launch that hits no one named"  # "fired a missile over Japan"
    places = [
        c for c in trig.token.children if c.dep_ in ("dobj", "obj") and c.ent_type_ in ("FAC", "GPE", "LOC")
    ]
    if rule.plover == "ASSAULT" and target is None and places:
        return (
            "target: a named place attacked, whose it is unread"  # "attacked Pearl Harbor": the United States
        )
    if rule.plover == "RETREAT" and any(
        t.ent_type_ == "MONEY" for c in trig.token.children for t in c.subtree
    ):
        return "type: money taken in or out, no withdrawal"  # "pulled in $12.7 million from donors"
    donation = trig.token.lemma_.lower() in load_context().donation_verbs
    if rule.plover == "AID" and donation and not (target is not None and is_polity(target, index)):
        return "type: a donation, not aid to a polity"
    return None


def others_act(trig: Trigger, source: Actor | None, index: ActorIndex) -> bool:
    """The threatening content clause has a subject other than the source: a warning, not a threat."""
    for clause in (c for c in trig.token.children if c.dep_ == "ccomp"):
        for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            if subj.lower_ in PRONOUNS:
                continue
            if not any(same_party(a, source) for a in index.actors_of(subj)):
                return True
    return False


def hit_anything(trig: Trigger) -> bool:
    """The attack verb has an object, a consumed weapon noun or a prepositional object."""
    tok = trig.token
    if trig.obj is not None or tok.pos_ == "NOUN":
        return True
    aimed = {"on", "against", "at", "upon", "in", "inside", "into", "toward", "towards", "near"}
    return any(c.dep_ in ("dobj", "obj", "nsubjpass") for c in tok.children) or any(
        p.ent_type_ not in ("DATE", "TIME") for _, p in prep_objects(tok, aimed)
    )


def hits_place(trig: Trigger) -> bool:
    """ "strikes on targets inside Pakistan": the weapons land on a named place."""
    heads = [trig.token, *([trig.obj] if trig.obj is not None else [])]
    return any(
        t.ent_type_ in ("GPE", "LOC")
        for h in heads
        for _, p in prep_objects(h, {"on", "against", "at", "in", "inside", "into"})
        for t in p.subtree
    )


def is_person(actor: Actor, index: ActorIndex) -> bool:
    return (actor.entity_id or actor.name) in index.people


def is_polity(actor: Actor, index: ActorIndex) -> bool:
    """A country or its government: a name the index reads as a country."""
    return any(s[2] == actor and s[3] == "country" for s in index.spans) or (
        actor.country is not None and actor.name == index.words.names.get(actor.country)
    )


def type_doubt(trig: Trigger) -> str | None:
    """A participle telling a result ("..., allowing X to stay"), or an event noun only mentioned as a topic ("spoke of the meeting", "given
    his support") rather than reported taking place."""
    if trig.token.tag_ == "VBG" and trig.token.lemma_.lower() in load_context().result_participles:
        return (
            "type: a result, not an act"  # "a measure that reduced punishments, allowing more people to ..."
        )
    before = trig.token.doc[max(trig.token.i - 2, 0) : trig.token.i].text.lower()
    if before in ("rather than", "instead of"):
        return "type: what was not done"  # "abstained from the vote rather than vetoing the resolution"
    if any(c.dep_ == "aux" and c.lower_ in MODALS for c in clause_verb(trig.token).children):
        return "type: under a modal"  # "announced that he would visit Pearl Harbor, meeting Obama"
    tok = trig.token
    if len(tok.text) > 1 and tok.text.isupper():
        return "type: a headline's word"  # "AT CATHEDRAL PROTEST IN RUSSIAN CITY"
    if alleged_by_copula(tok):
        return "type: the content of an allegation"  # "Steele's allegations were that Page met ..."
    if trig.rule.plover == "AGREE" and conditional_content(tok):
        return "type: a conditional promise, a threat or a plan"  # "vowed to destroy X should it provoke"
    if opinion_shared(trig):
        return "type: an opinion shared, no agreement"  # "agreed with the company's assessment"
    if under_negation(trig.token):
        return "type: under a negated verb"  # "It did not appear that US officials had warned X"
    noun = trig.token
    if noun.pos_ == "NOUN" and mentioned_only(noun) and noun.head.lower_ in TOPIC_WORDS:
        return "type: a mention, not a report"  # "spoke of the meeting with Xi", "given his support"
    return None


def alleged_by_copula(tok: Token) -> bool:
    """The trigger's clause is the complement of "X's allegations were that ..."."""
    verb = clause_verb(tok)
    head = verb.head
    if verb.dep_ not in ("ccomp", "attr", "acomp") or head.lemma_.lower() != "be":
        return False
    modal = load_context().modal_nouns
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in modal for c in head.children)


def conditional_content(tok: Token) -> bool:
    """What is promised holds a condition ("if", "unless", an inverted "should it provoke")."""
    marks = load_context().conditional_marks
    for clause in (c for c in tok.children if c.dep_ in ("xcomp", "ccomp")):
        for t in clause.subtree:
            if t.dep_ == "mark" and t.lower_ in marks:
                return True
            if (
                t.lower_ == "should"
                and t.dep_ == "aux"
                and t.i < t.head.i
                and t.i + 1 < len(t.doc)
                and t.doc[t.i + 1].dep_.startswith("nsubj")
            ):
                return True
    return False


def opinion_shared(trig: Trigger) -> bool:
    """ "agreed with the assessment", "backed the contention": concurring with a view is no AGREE or SUPPORT
    of an actor."""
    if trig.rule.plover not in ("AGREE", "SUPPORT"):
        return False
    tok = trig.token
    opinions = load_context().opinion_objects
    objects = [c for c in tok.children if c.dep_ in ("dobj", "obj")] + [
        p for _, p in prep_objects(tok, {"with"})
    ]
    return any(o.lemma_.lower() in opinions for o in objects)


def under_negation(tok: Token) -> bool:
    """The trigger's clause is the content of a negated verb ("did not appear that", "never said that")."""
    return any(
        child.dep_ in ("ccomp", "xcomp") and any(c.dep_ == "neg" for c in head.children)
        for child, head in zip([tok, *tok.ancestors], tok.ancestors, strict=False)
    )


def date_doubt(
    trig: Trigger, event: Event, lead: bool, index: ActorIndex, first: bool = False, dated: bool = True
) -> str | None:
    """The date is a time phrase's of the event's own clause, current news's publication day, or plain
    background's none. An undated past perfect ("the White House said Trump had spoken with X", unless
    "had long"), and in the lead a present perfect past the first sentence ("he has pledged 1,000 miles") may be the day's news or long before: it
    cannot be told, so the event is left out."""
    verb = clause_verb(trig.token)
    undated = event.time_text is None and dated
    if undated and has_had(verb) and not long_before(verb):
        return "date: an undated past perfect, current or background?"  # "the White House said X had spoken with Y"
    if (
        undated
        and verb.dep_ == "relcl"
        and verb.head.dep_ == "nsubj"
        and verb.head.head.lemma_.lower() in SPEECH_LEMMAS
    ):
        return "date: a speaker's relative clause, current or background?"  # "said Conti, who called for"
    if undated and lead and not first and is_present_perfect(verb):
        return "date: a present perfect in the lead, current or background?"
    if event.time_text is not None and timeline_present(verb):
        return "date: a present-tense timeline"  # "Lincoln is assassinated by Booth on April 14"
    if event.time_text is None and relative_to_another(verb):
        return "date: relative to another event"  # "Hours after the governor signed the law, X asked"
    if any(c.dep_ == "advmod" and c.lower_ in load_context().habit_adverbs for c in verb.children):
        return "date: a habit, not an event"  # "the campaign has always conceded the primary"
    if event.time_text is None and not dated and any_time(trig.token.sent):
        return (
            "date: the sentence names a time the event did not take"  # "in Havana in the 1960s, ... jailed"
        )
    if event.time_text is not None:
        if resolve_time(event.time_text, REFERENCE).date is None and not event.background:
            return "date: a time phrase that names no date"  # "this spring", "last winter"
        if event.background and dated_elsewhere(trig.token.sent, event.time_text):
            return "date: background, but the sentence names a day"  # "repeatedly ... on Tuesday"
        if not own_time(trig, event.time_text):
            return "date: a time phrase of another clause"
        if rival_time(trig, event):
            return "date: two time phrases of its own clause"  # "in a tweet on Friday, attacked X for ... last year"
        return None
    if other_time(trig.token):
        return "date: another time phrase in the sentence"  # "who criticized X after the 2016 elections"
    if event.background:
        plain = is_past_perfect(trig) or long_before(verb) or biography(verb, index)
        return None if plain else "date: background or current?"
    if not current_tense(verb):
        return "date: tense"  # "Facebook asks fact-checkers", "the U.S. reaffirms": a habit or a stance
    if event.date is None:
        return None  # no publication date and no time phrase: nothing to date it by, rightly
    if not lead:
        return "date: past the lead, no time phrase"
    if in_side_clause(verb) and not first:
        return "date: a side clause"  # the first sentence's side clauses are its news too
    return None


def rival_time(trig: Trigger, event: Event) -> bool:
    """Another time phrase naming another date also hangs from the event's clause: which one dates it
    cannot be told."""
    sent = trig.token.sent
    mine = resolve_time(event.time_text or "", REFERENCE).date
    return any(
        e.text != event.time_text
        and resolve_time(e.text, REFERENCE).date not in (None, mine)
        and own_time(trig, e.text)
        for e in find_time_expressions(sent.text)
    )


def timeline_present(verb: Token) -> bool:
    """ "Lincoln is assassinated on April 14", "Ford meets with Bush in December 1975": the present of a
    timeline or a caption, whose dates carry no year of their own."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.tag_ in ("VBZ", "VBP") and not auxes:
        return verb.lemma_.lower() not in load_context().stance_verbs
    return verb.tag_ == "VBN" and bool(auxes & {"is", "are"}) and not auxes & {"has", "have"}


def relative_to_another(verb: Token) -> bool:
    """The clause is placed after or before another clause's event ("hours after X signed the law"),
    whose day is not told; "after the earthquake" names the occasion and stays."""
    anchors = {"after", "before", "following", "since", "until", "prior"}
    clauses = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in anchors]
    return any(
        (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in anchors for m in c.children))
        for c in verb.children
    ) or any(g.dep_ in ("pcomp", "pobj") and g.pos_ in ("VERB", "AUX") for p in clauses for g in p.children)


def has_had(verb: Token) -> bool:
    """ "had spoken", "had demanded", the second verb of "had hired X and refused": a past perfect,
    whatever the telling's tense."""
    if verb.dep_ == "conj" and not any(c.dep_ in ("aux", "nsubj") for c in verb.children):
        verb = verb.head
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def is_present_perfect(verb: Token) -> bool:
    return verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") for c in verb.children
    )


def any_time(sent: Span) -> bool:
    """The sentence names a time: a time phrase or a year ("in the 1960s")."""
    return bool(find_time_expressions(sent.text)) or any(YEAR.fullmatch(t.text) for t in sent)


def dated_elsewhere(sent: Span, text: str) -> bool:
    """Another phrase of the sentence names a date ("called repeatedly ... in his address Tuesday")."""
    return any(
        e.text != text and resolve_time(e.text, REFERENCE).date is not None
        for e in find_time_expressions(sent.text)
    )


def own_time(trig: Trigger, text: str) -> bool:
    """The time phrase hangs from the trigger (or the noun it consumed), from its clause's verb, or from
    the verb it shares a time with ("met X on Friday and vowed"), at most through an occasion ("at
    Tuesday's rally"); not from the telling ("officials reported Friday that X had pledged"), another
    clause ("the request, lodged a year ago") or another noun ("her speech on Thursday", "an Oct. 15
    deadline")."""
    tok = trig.token
    sent = tok.sent
    start = sent.text.find(text)
    at = next((t for t in sent if t.idx - sent.start_char >= start), None) if start >= 0 else None
    if at is None:
        return False
    verb = tok if tok.pos_ in ("VERB", "AUX") else governing_verb(tok)
    below = at
    for t in [at, *at.ancestors]:
        if t.i == tok.i or (trig.obj is not None and t.i == trig.obj.i):
            # "an Oct. 15 deadline": the day the deadline falls, not the day it was set
            return not (
                t.lemma_.lower() in load_context().deadline_nouns
                and below.dep_ in ("compound", "nmod", "amod")
            )
        below = t
        if t.pos_ in ("VERB", "AUX"):
            return t.i == verb.i or clause_of_trigger(t, trig) or shares_with(verb, t)
        inside = start <= t.idx - sent.start_char < start + len(text)
        occasion = t.dep_ == "pobj" and t.head.lower_ in OCCASION_PREPS
        if t.pos_ in ("NOUN", "PROPN") and not (inside or occasion):
            return False
    return False


def clause_of_trigger(clause: Token, trig: Trigger) -> bool:
    """ "talks that took place last week", "threatened X when details emerged Wednesday", "when he was
    governor, X visited": a clause on the trigger, or a clause of the same moment on its verb."""
    heads = {trig.token.i} | ({trig.obj.i} if trig.obj is not None else set())
    if clause.dep_ in ("relcl", "acl") and clause.head.i in heads:
        return True
    verb = trig.token if trig.token.pos_ in ("VERB", "AUX") else governing_verb(trig.token)
    marks = {
        c.lower_ for c in clause.children if c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB")
    }
    return clause.dep_ == "advcl" and clause.head.i == verb.i and bool(marks) and marks <= SIMULTANEOUS


def shares_with(verb: Token, time_verb: Token) -> bool:
    """The trigger's verb is coordinated with, a participle of, or the infinitive of the dated verb, or
    a clause of the same moment on it ("secured X on Monday after Vasko telephoned her")."""
    if verb.head.i != time_verb.i:
        return False
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB")}
    moment = verb.dep_ == "advcl" and bool(marks) and marks <= SIMULTANEOUS | {"after"}
    return shares_time(verb) or verb.dep_ == "xcomp" or moment


def in_side_clause(verb: Token) -> bool:
    """ "came after the State Department rejected ...", "when he resigned": a clause placing the story in
    time, whose own day is not told."""
    for t in [verb, *verb.ancestors]:
        if t.dep_ == "prep" and t.lower_ in TEMPORAL_WORDS:
            return True
        if any(c.dep_ == "mark" and c.lower_ in TEMPORAL_WORDS for c in t.children):
            return True
    return False


def other_time(tok: Token) -> bool:
    """The sentence has a time phrase ("the July 25 call", "after the 2016 elections") that the trigger did
    not take, outside a relative or contrasted clause of its own ("the treaty Laos signed last year", "X
    lost seats earlier this month, but Y backs Z")."""
    sent, verb = tok.sent, clause_verb(tok)
    chars = [sent.start_char + e.start for e in find_time_expressions(sent.text)]
    chars += [t.idx for t in sent if YEAR.fullmatch(t.text) or (t.ent_type_ == "DATE" and t.lower_ in MONTHS)]
    for char in chars:
        at = next((t for t in sent if t.idx <= char < t.idx + len(t.text) + 1), None)
        if at is None:
            continue
        clause = next((a for a in [at, *at.ancestors] if a.pos_ in ("VERB", "AUX")), None)
        own = clause is not None and (clause.dep_ in ("relcl", "acl") or contrasted(clause))
        set_against = contrasted(verb) and at not in verb.subtree  # the time is the other clause's
        if not set_against and (not own or tok in clause.subtree):
            return True
    return False


def clause_verb(tok: Token) -> Token:
    """The verb whose tense tells when: the trigger's own, its governing verb's for a noun, the verb a
    participle hangs from ("met X, pledging", "wrote a letter calling for"), the head of an infinitive
    ("agreed to meet")."""
    verb = tok
    for _ in range(8):
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        participle = verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj", "acl", "xcomp")
        infinitive = verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX")
        if not (participle or infinitive) or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb


def current_tense(verb: Token) -> bool:
    """Simple past ("met"), present perfect ("has met"), past passive ("was shot"), past progressive
    ("was hosting"), or the present of a stance ("backs"; other presents are habits: "Facebook asks")."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & {"will", "would", "could", "might", "may", "should", "had", "'d"}:
        return False
    if verb.tag_ in CURRENT_TAGS:
        return True
    if verb.tag_ in ("VBZ", "VBP") and not auxes:
        return verb.lemma_.lower() in load_context().stance_verbs  # "Cuellar backs Pelosi": a stance held now
    if verb.tag_ == "VBG":
        return bool(auxes & {"was", "were"})  # "Xi, who was hosting Shoigu, said"
    return verb.tag_ == "VBN" and bool(auxes & {"has", "have", "'ve", "was", "were"})


def biography(verb: Token, index: ActorIndex) -> bool:
    """ "Kaepernick, who started the protests", "the Gateses, who have pledged": a past or perfect relative
    clause on a named actor tells who they are, not the day's news."""
    perfect = verb.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children
    )
    if verb.dep_ != "relcl" or not (verb.tag_ == "VBD" or perfect):
        return False  # "Harris, who supports X": a stance held now, not a biography
    named = verb.head.pos_ == "PROPN" or index.span_at(verb.head.idx) is not None
    return named and verb.head.i < verb.i


def long_before(verb: Token) -> bool:
    """ "has long sought", "previously backed", "once called": plainly before the story."""
    adverbs = load_context().background_adverbs
    cur = verb
    for _ in range(3):
        if any(c.dep_ == "advmod" and c.lower_ in adverbs for c in cur.children):
            return True
        if cur.dep_ not in ("xcomp", "conj") or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def source_doubt(
    trig: Trigger,
    subject: Token | None,
    source: Actor | None,
    quotes: tuple[Quote, ...],
    index: ActorIndex | None = None,
) -> str | None:
    """A dateline as subject ("ISTANBUL (AP) — Turkish police fired"), a hover card's link text
    ("... aid to Ukraine MORE"), someone unnamed ("a spokeswoman"), a pronoun source
    read inside a quote (the speaker's "he", not the writer's), or the pronoun speaker of a participle
    after a speech verb ("he added, praising X")."""
    if LINK_CARD.search(trig.token.sent.text):
        return "source: a link's hover card"
    tok = trig.token
    agents = [p for w, p in prep_objects(tok, {"by"})] if tok.pos_ == "NOUN" else []
    if (
        agents
        and index is not None
        and not any(same_party(a, source) for p in agents for a in index.actors_of(p))
    ):
        return "source: not the event noun's 'by' agent"  # "condemned the attack by protesters": not the condemners'
    if tok.tag_ == "VBG" and tok.dep_ == "acl" and not is_actor_noun(tok.head, index):
        return (
            "source: a thing's participle"  # "cut ads supporting Pryor": the ads support, whoever made them
        )
    if subject is None:
        return None
    if is_dateline(subject):
        return "source: a dateline"
    if source is not None and "\n" in source.name:
        return "source: a name across a line break"
    if suffered(trig):
        return "source: the one who received it"  # "after receiving criticism for his statement"
    if source is not None and source.entity_id is None and " and " in source.name:
        return "source: two actors in one name"  # "US and Taliban negotiators struck a deal"
    if gerund_of_object(trig.token):
        return "source: the gerund's doer is the verb's object"  # "arrested dissidents for ... demanding"
    start, end = sorted((subject.idx, trig.token.idx))
    if "\n" in subject.doc.text[start:end]:
        return "source: on another line (a byline or a caption)"  # "Gregory Korte\nUSA TODAY\nHELSINKI — Trump met"
    if index is not None and source is not None and relative_source_elsewhere(subject, source, index):
        return "source: not the relative clause's antecedent"  # "Pugno, counsel of X.com, which petitioned"
    indefinite = subject.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("a", "an") for c in subject.children
    )
    if indefinite and source is not None and not set(source.name.split()) & {t.text for t in subject.subtree}:
        return "source: someone unnamed"  # "a State Department spokeswoman" is not the last-named official
    if source is not None and source.entity_id is None and source.name.lower() == source.name:
        return "source: an unnamed group"  # "leaders of all three countries", "press groups"
    plain = subject.pos_ in ("NOUN", "PROPN") and subject.lower_ not in PRONOUNS | RELATIVES
    if plain and index is not None and source is not None and not names_source(subject, source, index):
        return "source: not the subject's"  # "which developed countries agreed to support": not the Fund
    if (
        subject.lower_ in ("he", "she")
        and source is not None
        and index is not None
        and not is_person(source, index)
    ):
        return "source: a personal pronoun read as no person"  # "he attacked X" read as the gunman's platform
    people = subject.head.head if subject.lower_ in RELATIVES and subject.head.dep_ == "relcl" else subject
    if people.ent_type_ == "NORP" and any(c.lower_ in QUANTIFIERS for c in people.children):
        return "source: some of a people, not its state"  # "many Israelis who supported Netanyahu"
    if subject.lower_ not in PRONOUNS:
        return None
    if any(q.kind in ("direct", "mixed") and q.start <= subject.idx < q.end for q in quotes):
        return "source: a pronoun inside a quote"
    tok = trig.token
    if (
        tok.tag_ == "VBG"
        and tok.dep_ in ("advcl", "xcomp", "conj")
        and tok.head.lemma_.lower() in SPEECH_LEMMAS
    ):
        return "source: a pronoun speaker of a participle"
    return None


def names_source(subject: Token, source: Actor, index: ActorIndex) -> bool:
    """The subject phrase (its head, conjuncts, owners, compounds, appositions) names the source."""
    words = [
        subject,
        *subject.conjuncts,
        *(c for c in subject.children if c.dep_ in ("poss", "compound", "appos", "nmod")),
    ]
    words += [p for _, p in prep_objects(subject, {"of"})]
    return any(same_party(a, source) for w in words for a in index.actors_of(w)) or any(
        w in source.name.split() for w in (t.text for t in subject.subtree)
    )


def suffered(trig: Trigger) -> bool:
    """A hostile event noun governed by "receive", "face", "draw": its subject is the target, not the doer."""
    tok = trig.token
    hostile = trig.rule.plover in ("ACCUSE", "THREATEN", "REJECT", "SANCTION", "COERCE", "ASSAULT", "PROTEST")
    return (
        tok.pos_ == "NOUN" and hostile and governing_verb(tok).lemma_.lower() in load_context().receipt_verbs
    )


def gerund_of_object(tok: Token) -> bool:
    """ "arrested 100 dissidents for expressing support and demanding X": the object did the gerund (a
    gerund the parser coordinated with a finite verb is read so too)."""
    if tok.tag_ == "VBG" and tok.dep_ == "conj" and tok.head.tag_ in ("VBD", "VBZ", "VBP"):
        return True  # "arrested dissidents for expressing X, and demanding Y": misparsed onto the finite verb
    t = tok
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    verb = t.head.head
    return (
        t.tag_ == "VBG"
        and t.dep_ == "pcomp"
        and t.head.lower_ in ("for", "of")
        and verb.pos_ == "VERB"
        and any(c.dep_ in ("dobj", "obj") for c in verb.children)
    )


def is_actor_noun(tok: Token, index: ActorIndex | None) -> bool:
    """A noun standing for an actor or speaking for one ("a letter calling for")."""
    ctx = load_context()
    named = index is not None and index.span_at(tok.idx) is not None
    return named or tok.pos_ == "PROPN" or is_agent_noun(tok) or tok.lemma_.lower() in ctx.voice_nouns


def relative_source_elsewhere(subject: Token, source: Actor, index: ActorIndex) -> bool:
    """A relative pronoun subject ("X.com, which petitioned") acts for its antecedent: a source named
    anywhere but in the antecedent's own words is someone else."""
    if subject.lower_ not in RELATIVES or subject.head.dep_ != "relcl":
        return False
    ante = subject.head.head
    if ante.dep_ == "pobj":
        return True  # "Kussman, assistant secretary under Mr. Bush, who rejected": whose clause is unsure
    words = [ante, *(c for c in ante.children if c.dep_ in ("compound", "amod", "poss"))]
    return not any(same_party(a, source) for w in words for a in index.actors_of(w))


def is_dateline(tok: Token) -> bool:
    """ "ISTANBUL (AP) — Turkish police fired", "Tehran, Iran — Two rockets struck": a place opening the
    sentence before a dash or an agency's bracket, which the parser may take for a subject."""
    start = tok.i - tok.sent.start
    if tok.text.isupper() and start < 2:
        return any(t.text in DASHES for t in tok.doc[tok.i + 1 : tok.i + 3])
    # "Tehran, Iran — Two rockets struck": a named place, maybe with its country, before a dash
    place = tok.ent_type_ in ("GPE", "LOC") and start < 3
    return place and any(t.text in DASHES - {"("} for t in tok.doc[tok.i + 1 : tok.i + 4])


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
        return (
            "target: a relative pronoun's antecedent unread"  # "DeVos's hiring of X, which Warren protested"
        )
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
    """A target named only as a place below country level ("lauded El Paso") is a thing praised, not
    an actor: PLOVER actors are people, organisations and polities."""
    for t in trig.token.sent:
        span = index.span_at(t.idx)
        if span is not None and span[2] == target and t.ent_type_ in ("GPE", "LOC", "FAC"):
            return "target: a place, not an actor" if span[3] == "other" else None
    return None


def victim_target(trig: Trigger, target: Actor, index: ActorIndex) -> str | None:
    """ "condemned the attack by protesters against Vittert": the verbal act is aimed at the attackers
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
    """ "vowed to renegotiate NAFTA", "pledging to invest in Indian railways": what a promise will act
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
