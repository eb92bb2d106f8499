"""The confidence gate's date part (see event_gate): an event's date is a time phrase of its own clause, the
publication day only for the lead's current news, or none for plain background; anything else is
undecided, and the event is left out.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from parallax.nlp.dates import MONTHS, find_time_expressions, resolve_time
from parallax.nlp.event_context import load_context
from parallax.nlp.event_times import contrasted, shares_time
from parallax.nlp.event_triggers import (
    governing_verb,
    is_past_perfect,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from parallax.model import Event
    from parallax.nlp.event_actors import ActorIndex
    from parallax.nlp.event_triggers import Trigger

TEMPORAL_WORDS = {"after", "before", "since", "until", "following", "when", "while", "once", "prior"}
SIMULTANEOUS = {"when", "as", "while"}
REFERENCE = "2000-06-15"  # any day: whether a phrase names a date at all, publication date or not
OCCASION_PREPS = {"at", "during", "in", "on"}
SPEECH_LEMMAS = {"say", "add", "tell", "write", "note", "explain", "declare", "state", "continue", "argue"}
YEAR = re.compile(r"(?:1[6-9]|20)\d\ds?")  # "2016", "the 1960s", "St. Patrick's Day, 1776"
# simple past; the present perfect and the past passive are read off their auxiliaries; the present
# ("Facebook asks fact-checkers") is as often a habit as news
CURRENT_TAGS = {"VBD"}


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
        return "date: a speaker's relative clause, current or background?"  # "said Marek, who called for"
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
    """ "Okafor, who started the protests", "the Lindqvists, who have pledged": a past or perfect relative
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
