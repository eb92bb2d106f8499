"""Who did what to whom, when and where: PLOVER/CAMEO events from parsed sentences.

Triggers are data (``kb/data/event_lexicon.tsv``): a verb ("accused"), a noun ("a phone call
between"), or a light verb with its noun ("held talks", "imposed sanctions"). The dependency parse
gives the actors (subject, object, "with"/"between"/"from" objects, possessives), the time phrase
and the place attached to the trigger; actors are the entities the entities stage resolved.
Negated, hypothetical and background events are kept but flagged, so that later stages can drop
them from counts while the UI can still show them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from parallax.model import Actor, Article, Event, EventReport, stable_id
from parallax.nlp.dates import find_time_expressions
from parallax.nlp.event_actors import ActorIndex, build_actor_index, is_clean_name
from parallax.nlp.event_context import (
    in_modal_context,
    in_others_quote,
    in_subordinate_clause,
    is_claimed,
    is_hedged,
    owned_mention,
    takes_part,
    undated_background,
)
from parallax.nlp.event_dating import biography, clause_verb, long_before
from parallax.nlp.event_gate import LEAD_SENTENCES, doubt, is_dateline
from parallax.nlp.event_targets import settle_target
from parallax.nlp.event_times import assign_to_anchors, between, choose_time, shares_time
from parallax.nlp.event_triggers import (
    Trigger,
    condition_holds,
    find_triggers,
    governing_verb,
    in_question,
    is_hypothetical,
    is_negated,
    is_past_perfect,
    prep_objects,
    recipient_types,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CONTENT_PREPS = {"with", "against", "toward", "towards", "upon", "to"}
TARGET_PREPS = {"with", "against", "on", "to", "from", "at", "toward", "towards", "upon"}
PREP_RANK = {"with": 0, "against": 0, "to": 1, "toward": 1, "towards": 1, "upon": 1, "at": 3, "of": 3}
NOUN_TARGET_PREPS = {"with", "against", "on", "to", "from", "between", "of", "toward", "towards"}
# The lead paragraphs tell the day's news; further down, an undated event in a side clause or the present
# perfect may be any time before it (see event_context.undated_background)
LEAD_PARAGRAPHS = 3
LINK_TEXT = re.compile(r"\w*[a-z]{3,}[A-Z].*?\bMORE\b", re.DOTALL)
RECIPIENT_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
PERSONAL_OBJECTS = {"him", "her", "them"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
LIGHT_VERBS = {"hold", "have", "take", "make", "conduct", "launch", "carry", "stage", "receive"}
CONTENT_VERBS = {
    "threaten",
    "warn",
    "urge",
    "agree",
    "pledge",
    "promise",
    "vow",
    "refuse",
    "call",
    "ask",
    "press",
    "demand",
    "request",
    "plead",
}


def extract_events(article: Article, doc: Doc, kb: object) -> Article:
    """Events per sentence (reads: text, mentions, entities, published; writes: events)."""
    index = build_actor_index(article, doc, kb)
    events: list[Event] = []
    for n, sent in enumerate(doc.sents):
        events.extend(extract_sentence_events(article, sent, index, n))
    return replace(article, events=tuple(share_initiator(events)))


def share_initiator(events: list[Event]) -> list[Event]:
    """ "X was the one who made the call to Y" anywhere in the article says who placed its call."""
    placed = {
        frozenset(actor_names(e)): e.initiator
        for e in events
        if e.initiator and e.mode == "phone" and not (e.negated or e.hypothetical)
    }
    return [
        replace(e, initiator=placed[frozenset(actor_names(e))])
        if e.mode == "phone" and e.initiator is None and frozenset(actor_names(e)) in placed
        else e
        for e in events
    ]


def actor_names(e: Event) -> list[str]:
    return [a.entity_id or a.name for a in (e.source_actor, e.target_actor) if a is not None]


def extract_sentence_events(article: Article, sent: Span, index: ActorIndex, number: int = 0) -> list[Event]:
    """The events one sentence (the ``number``-th of its text) reports, with actors, time, place and
    flags; a factual event that is not confidently right in every part is left out (event_gate)."""
    triggers = find_triggers(sent)
    if not triggers:
        return []
    anchors = {t.token.i: t for t in triggers}
    anchors |= {t.obj.i: t for t in triggers if t.obj is not None}  # "reached an agreement ... on Sunday"
    for t in triggers:
        if t.token.pos_ == "NOUN":
            anchors.setdefault(governing_verb(t.token).i, t)
    times = assign_to_anchors(
        sent, [(e.start, e) for e in find_time_expressions(sent.text)], anchors, noun_bound=True
    )
    places = assign_to_anchors(
        sent,
        [(p.start_char - sent.start_char, p) for p in place_spans(sent)],
        anchors,
    )
    links = link_text_spans(sent)
    events: list[tuple[int, Event]] = []
    for trig in triggers:
        if any(a <= trig.token.idx < b for a, b in links):
            continue
        place = (
            places.get(trig.token.i)
            or places.get(governing_verb(trig.token).i)
            or (places.get(trig.obj.i) if trig.obj is not None else None)
            or nested(trig, triggers, places)
            or [None]
        )[0]
        location = strip_article(place.text) if place is not None else None
        source, target, initiator = find_actors(trig, index)
        source, target = place_actors(trig, source, target, index.words.code_of(location or ""), index)
        if (
            source is None
            or same_actor(source, target)
            or not all(is_clean_name(a) for a in (source, target) if a)
        ):
            continue
        rules = [r for r in trig.rules if condition_holds(r, trig.token, source, target, index.people)]
        if not rules or (target is None and rules[0].plover in recipient_types()):
            continue
        if target is None and names_recipient(trig, source):
            continue  # the text names who it was done to, but no actor came out: a half-read event
        trig = replace(trig, rules=tuple(rules))
        expressions = times.get(trig.token.i, []) or times.get(governing_verb(trig.token).i, [])
        if not expressions and trig.obj is not None:
            expressions = times.get(trig.obj.i, [])
        if not expressions and shares_time(trig.token):
            # "met X on Friday and vowed", "visited X, pledging"
            expressions = times.get(trig.token.head.i, [])
        expressions = expressions or nested(trig, triggers, times)  # "signed at the February summit"
        # a caption or dateline line glued to the sentence ("(Nov. 6) AP\n\nPaxton applauded") dates nothing in it
        expressions = [e for e in expressions if "\n\n" not in between(sent, e.start, trig.token.idx)]
        if trig.token.pos_ == "NOUN" and owned_mention(trig.token):
            continue  # "Abe's visit makes a fitting counterpoint", "Mueller's investigation was": a mention, no report
        paragraphs_before = article.text.count("\n\n", 0, sent.start_char)
        lead = paragraphs_before < LEAD_PARAGRAPHS
        # the first sentence tells the article's news, side clauses included ("Cameron has resigned after the
        # British public voted to reject ..."): only plain background ("had met", "since X deported") there
        # is earlier
        earlier = (
            is_past_perfect(trig)
            or (number > 0 and undated_background(trig.token, lead))
            or in_subordinate_clause(trig.token)
            or long_before(clause_verb(trig.token))
            or biography(clause_verb(trig.token), index)
        )
        time_text, resolved = choose_time(expressions, article.published, earlier)
        if location is None and trig.rule.mode == "visit" and article.dateline:
            location = article.dateline
        future = any(e.future for e in expressions)
        start = trig.token.idx
        end = (trig.obj or trig.token).idx + len((trig.obj or trig.token).text)
        start, end = min(start, (trig.obj or trig.token).idx), max(end, trig.token.idx + len(trig.token))
        event = Event(
            id=stable_id("ev", article.id, start, trig.rule.plover),
            plover=trig.rule.plover,
            cameo=trig.rule.cameo,
            source_actor=source,
            target_actor=target,
            initiator=initiator,
            date=resolved[0],
            date_precision=resolved[1],
            date_inferred=time_text is None and resolved[0] is not None,
            location=location,
            mode=trig.rule.mode,
            trigger=article.text[start:end],
            negated=is_negated(trig),
            hypothetical=future or not asserted(trig, start, (source, target), article),
            reports=(EventReport(article.id, sent.start_char, sent.end_char, sent.text),),
            time_text=time_text,
            background=resolved[2],
        )
        factual = not (event.negated or event.hypothetical)
        subject = actor_subject(trig)
        if factual:
            event = settle_target(trig, event, subject, index)
        in_lead = paragraphs_before < LEAD_PARAGRAPHS and number < LEAD_SENTENCES
        if factual and doubt(
            trig, event, subject, index, article.quotes, in_lead, number == 0, article.published is not None
        ):
            continue
        events.append((trig.token.i, event))
    return drop_nested(events, sent)


def actor_subject(trig: Trigger) -> Token | None:
    """The token the source was read from: a noun's possessive owner, else its clause's subject."""
    tok = trig.token
    if tok.pos_ == "NOUN":
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        return owner or subject_of(governing_verb(tok))
    return subject_of(tok)


def link_text_spans(sent: Span) -> list[tuple[int, int]]:
    """Document offsets of scraped link text: a headline glued to a name and running to "MORE" (hover
    cards kept by some pages: "Dick DurbinPentagon watchdog declines to investigate ... MORE")."""
    return [(sent.start_char + m.start(), sent.start_char + m.end()) for m in LINK_TEXT.finditer(sent.text)]


def asserted(trig: Trigger, start: int, actors: tuple[Actor | None, ...], article: Article) -> bool:
    """The text tells the event as having happened: not asked, planned, conditional, possible, or
    only claimed by someone who did not take part (those stay, flagged hypothetical)."""
    tok = trig.token
    if (
        in_question(tok)
        or is_hypothetical(trig)
        or in_modal_context(tok)
        or is_claimed(tok)
        or is_hedged(tok)
    ):
        return False
    return not in_others_quote(start, actors, article.quotes)


def drop_nested(events: list[tuple[int, Event]], sent: Span) -> list[Event]:
    """A noun under a verb that reports an event is part of that event, not another one: "visited
    Tokyo for a summit" is one visit, "rebuffed the Philippines' protest" one rejection; "could host
    talks between Sudan and Chad" keeps the talks when the hosting names no guest."""
    reported = {i: e for i, e in events}

    def nested(i: int, e: Event) -> bool:
        tok = sent.doc[i]
        if tok.pos_ != "NOUN":
            return False
        head = governing_verb(tok)
        if head.i not in reported or head.lemma_.lower() in LIGHT_VERBS:
            return False
        return reported[head.i].plover == e.plover or tok.dep_ in ("dobj", "obj")

    return [e for i, e in events if not nested(i, e)]


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, inherited through xcomp/conj/advcl chains and relative clauses."""
    cur = verb
    raised = False
    passive = verb.tag_ == "VBN" and verb.dep_ == "acl"  # "officers accused of shootings"
    if passive or any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        # "was hijacked", "who was shot": the passive subject suffered it; only "by ..." did it
        by = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        return by[0] if by else None
    for _ in range(6):
        for child in cur.children:
            # "Kenya is expected to host": the passive subject of the raising verb does the hosting
            subject = child.dep_ in ("nsubj", "csubj") or (raised and child.dep_ == "nsubjpass")
            if subject and not is_dateline(child):  # "ISTANBUL (AP) — Turkish police fired"
                return child
        agent = [g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agent:
            return agent[0]
        if cur.dep_ == "relcl":
            return cur.head
        if cur.dep_ == "advcl" and cur.tag_ == "VBN":
            return None  # "Asked if ..., Cohen answered": the main clause's subject was asked, not asking
        if cur.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl") and cur.head.i != cur.i:
            raised = cur.dep_ == "xcomp"
            cur = cur.head if cur.head.pos_ in ("VERB", "AUX") else cur.head.head
            continue
        return None
    return None


def find_actors(trig: Trigger, index: ActorIndex) -> tuple[Actor | None, Actor | None, Actor | None]:
    """Source, target and (when the text says who placed the contact) initiator."""
    tok, obj, rule = trig.token, trig.obj, trig.rule
    sources: list[Actor] = []
    targets: list[Actor] = []
    initiator_tok: Token | None = None
    nominal = tok.pos_ == "NOUN"
    holders = [tok] + ([obj] if obj is not None else [])
    ranked: list[tuple[int, Actor]] = []
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "poss" and nominal:
                sources.extend(index.actors_of(child))
        for prep, pobj in prep_objects(holder, NOUN_TARGET_PREPS if holder.pos_ == "NOUN" else TARGET_PREPS):
            if prep == "at" and obj is None and not any(c.dep_ == "prt" for c in tok.children):
                continue
            found = index.actors_of(pobj)
            if prep == "between":
                sources.extend(found)
            else:
                ranked.extend((PREP_RANK.get(prep, 2), a) for a in found)
            if prep == "from" and rule.initiator == "from":
                initiator_tok = pobj
    if not nominal:
        # "On MSNBC, Powell accused Romney": the object is the target before any preposition's
        for child in tok.children:
            lone_oprd = child.dep_ == "oprd" and not any(c.dep_ == "dobj" for c in tok.children)
            if child.dep_ in ("dobj", "dative", "obj", "nsubjpass") or lone_oprd:
                if obj is not None and child.i == obj.i:
                    continue
                if rule.plover != "MOBILIZE":  # "deployed 5,800 troops": the troops are its own, not a target
                    targets.extend(index.actors_of(child))
    # "exchanged intelligence with the US on North Korean launches": the partner, not the topic
    targets.extend(a for _, a in sorted(ranked, key=lambda r: r[0]))
    if not nominal:
        for child in tok.children:
            objective = child.dep_ in ("dobj", "dative", "obj", "nsubjpass") and rule.plover != "MOBILIZE"
            if objective and (obj is None or child.i != obj.i) and not index.actors_of(child):
                targets.extend(owner_actors(child, index))
        if not targets and tok.dep_ == "relcl" and not any(c.dep_ in ("dobj", "obj") for c in tok.children):
            # "the judge Trump accused", "the Democrats he chastised": the antecedent is the object
            subj = subject_of(tok)
            if subj is None or subj.i != tok.head.i:
                targets.extend(index.actors_of(tok.head))
        if not targets and obj is not None:
            targets.extend(owner_actors(obj, index))  # "welcomed Saudi Arabia's decision"
        if not targets and tok.lemma_.lower() in CONTENT_VERBS:
            targets.extend(content_targets(tok, index))
        if not targets:
            # "called for the withdrawal of American troops", "approved aid for Taiwan"
            for _, pobj in prep_objects(tok, {"for"}):
                targets.extend(index.actors_of(pobj) or owner_actors(pobj, index))
    verb = tok if not nominal else governing_verb(tok)
    subj = subject_of(verb) if (not nominal or (not sources and reports_subject(tok))) else None
    if subj is not None and not (nominal and subj.i == tok.i):
        found = index.actors_of(subj)
        if found and len(found) <= len(subj.conjuncts):
            return None, None, None  # "he and Japan reached": a subject read in part is not read
        sources.extend(found)
    sources = unique(sources)
    targets = [t for t in unique(targets) if not any(same_actor(t, s) for s in sources)]
    transitive = any(c.dep_ in ("dobj", "obj") and (obj is None or c.i != obj.i) for c in tok.children)
    if len(sources) > 1 and not targets and not transitive:
        sources, targets = sources[:1], sources[1:2]
    source = sources[0] if sources else None
    target = targets[0] if targets else None
    initiator = None
    if initiator_tok is not None:
        initiator = next(iter(index.actors_of(initiator_tok)), None)
    elif rule.initiator == "subj":
        initiator = source
    return source, target, initiator


def names_recipient(trig: Trigger, source: Actor) -> bool:
    """The trigger's object, or the object of a preposition that introduces a target, is someone (a
    person, group, organisation or country, or "him"/"her"/"them") other than the source; a place after a
    preposition ("withdrew from Khan Younis") is where, not whom."""
    tok = trig.token
    preps = NOUN_TARGET_PREPS if tok.pos_ == "NOUN" else TARGET_PREPS
    heads = [(pobj, RECIPIENT_LABELS - {"GPE"}) for _, pobj in prep_objects(tok, preps)]
    if tok.pos_ != "NOUN":
        objects = [c for c in tok.children if c.dep_ in ("dobj", "dative", "obj") and c is not trig.obj]
        heads += [(o, RECIPIENT_LABELS) for o in objects]
    source_words = set(source.name.split())
    return any(
        (head.ent_type_ in labels or head.lower_ in PERSONAL_OBJECTS) and head.text not in source_words
        for head, labels in heads
    )


def owner_actors(noun: Token, index: ActorIndex, depth: int = 2) -> list[Actor]:
    """ "the proposal from Egypt", "Egypt's decision", "a case against Israel", "support for Israel's
    right", "an investigation into X", "the attack by X on Y" (X): the actor behind a non-actor object
    (one noun deep)."""
    # a pronoun owner ("his political opponents") says whose they are, not who they are
    found = [a for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON" for a in index.actors_of(c)]
    preps = prep_objects(noun, {"from", "of", "by", "for", "against", "into"})
    if any(prep == "by" for prep, _ in preps):
        # "condemned the attack by protesters against a reporter": whoever did it, not whom it hit
        preps = [(prep, pobj) for prep, pobj in preps if prep == "by"]
    for _, pobj in preps:
        found.extend(index.actors_of(pobj) or (owner_actors(pobj, index, depth - 1) if depth > 1 else []))
    return found


def content_targets(verb: Token, index: ActorIndex) -> list[Actor]:
    """ "threatened to retaliate against Israel", "agreed to send officers to Haiti": the target sits in the content."""
    found: list[Actor] = []
    for xcomp in (c for c in verb.children if c.dep_ in ("xcomp", "ccomp")):
        for child in xcomp.children:
            if child.dep_ == "nsubj" and xcomp.dep_ == "ccomp":
                found.extend(index.actors_of(child))  # "demanded that Japan halt ..."
            if child.dep_ in ("dobj", "dative"):
                found.extend(index.actors_of(child))
                found.extend(
                    a
                    for _, p in prep_objects(child, {"to", "on", "against", "in"})
                    for a in index.actors_of(p)
                )
        # "threatened to retaliate against Israel", "agreed to cooperate with X"; not "urged fans to reflect on Y"
        found.extend(a for _, p in prep_objects(xcomp, CONTENT_PREPS) for a in index.actors_of(p))
    return found


def reports_subject(noun: Token) -> bool:
    """ "held talks", "in a phone call", "during the meeting": the clause's subject took part.

    "Before the invasion", "despite the sanctions" only place the clause in time or context.
    """
    if noun.dep_ in ("dobj", "obj", "attr", "nsubjpass"):
        # "held talks" gives its subject to the talks; "condemned the attack" does not
        return takes_part(noun.head)
    if any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children):
        return True  # "talks with Russia": the subject is the other party
    return noun.dep_ == "pobj" and noun.head.lower_ in (
        "in",
        "during",
        "with",
        "through",
        "over",
        "via",
        "at",
    )


def unique(actors: Iterable[Actor]) -> list[Actor]:
    seen: list[Actor] = []
    for a in actors:
        if not any(same_actor(a, s) for s in seen):
            seen.append(a)
    return seen


def same_actor(a: Actor | None, b: Actor | None) -> bool:
    if a is None or b is None:
        return False
    if a.entity_id and b.entity_id:
        return a.entity_id == b.entity_id
    return a.name.lower() == b.name.lower()


def place_actors(
    trig: Trigger, source: Actor | None, target: Actor | None, place_country: str | None, index: ActorIndex
) -> tuple[Actor | None, Actor | None]:
    """Unnamed local actors take the place's country ("protesters rallied in Tbilisi"); an attack or
    raid in another country than the attacker's is on that country ("struck a refinery in Russia")."""
    if source is None:
        subj = subject_of(trig.token if trig.token.pos_ == "VERB" else governing_verb(trig.token))
        # only groups on the ground ("protesters", "students", "police"), not "the family" or "the report"
        if subj is not None and subj.pos_ == "NOUN" and subj.tag_ == "NNS" and place_country:
            phrase = " ".join(t.text for t in subj.subtree if t.dep_ != "det" and t.i <= subj.i)
            source = Actor(phrase, place_country, None)
    hostile = trig.rule.plover in ("ASSAULT", "COERCE", "THREATEN")
    elsewhere = source is not None and place_country is not None and place_country != source.country
    if hostile and elsewhere and (target is None or target.country is None):
        target = Actor(index.words.names.get(place_country, place_country), place_country, None)
    return source, target


def nested(trig: Trigger, triggers: list[Trigger], found: dict[int, list]) -> list:
    """ "clashed during a meeting at the White House", "signed at the February summit": a verb takes
    the place or time of the event noun under it."""
    for other in triggers:
        under = other.token.pos_ == "NOUN" and other is not trig
        if under and governing_verb(other.token).i == trig.token.i and found.get(other.token.i):
            return found[other.token.i]
    return []


def place_spans(sent: Span) -> list[Span]:
    """Named places introduced by "in"/"at" (cities, countries, "the White House")."""
    return [
        ent
        for ent in sent.ents
        if (ent.label_ in PLACE_LABELS or ent.label_ == "ORG")
        and ent.root.dep_ == "pobj"
        and ent.root.head.lower_ in ("in", "at")
        and (ent.label_ != "ORG" or ent.text.lower().startswith("the "))
    ]


def strip_article(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
