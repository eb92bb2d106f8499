"""Entity resolution: who each name, role noun, metonym and speaking pronoun refers to.

spaCy's NER finds names; a knowledge-base alias scan adds the ones it misses. Names resolve to
KB actors (full names, aliases, surnames of office holders around the article date) or to name
keys ("name:person:<full name>"); role nouns ("the Chinese president", "his Russian counterpart")
resolve through dated office tenures and the people already mentioned; capitals and buildings
resolve to governments when they act ("Beijing said") and stay places when they locate ("in Beijing").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from parallax.kb import KBActor, KnowledgeBase, normalize_alias
from parallax.model import Article, Entity, Mention, stable_id

if TYPE_CHECKING:
    from spacy.tokens import Doc

NER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
DETERMINERS = {"the", "his", "her", "their", "its"}
LOCATION_PREPOSITIONS = frozenset(
    "in at on to from near outside inside into across around toward towards via throughout within visit visited visiting".split()
)
SPEAKING_PRONOUNS = {"he", "she"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
LEADER_OFFICES = {"head_of_state", "head_of_government", "president"}
MAX_ALIAS_TOKENS = 6
POSSESSIVE = re.compile(r"['\u2019]s$")


@dataclass
class _Found:
    """A mention being resolved: token span, label and (once known) its entity key."""

    start: int  # token index
    end: int
    label: str
    key: str | None = None
    name_start: int | None = None  # where the name proper begins after a title
    office: str | None = None  # for role nouns: the office named ("counterpart", "official", ...)
    country: str | None = None  # for role nouns: the country a demonym or possessor names


@dataclass(frozen=True)
class _Person:
    """A resolved person mention, the history that role nouns and pronouns resolve against."""

    pos: int  # token index
    key: str
    country: str | None
    subject: bool
    sentence: int


def resolve_entities(article: Article, doc: Doc, kb: KnowledgeBase) -> Article:
    """Mentions and canonical entities (reads: text, published; writes: mentions, entities)."""
    on = parse_date(article.published)
    names = find_names(doc, kb)
    info: dict[str, tuple[str, str, str | None]] = {}  # name key -> (name, type, country)
    by_surname = resolve_names(doc, kb, names, on, info)
    names = add_missed_surnames(doc, names, by_surname)
    roles = find_roles(doc, kb)
    names = [f for f in names if not any(r.start <= f.start and f.end <= r.end for r in roles)]
    found = sorted(names + roles + find_speaking_pronouns(doc, kb), key=lambda f: f.start)
    resolve_in_order(doc, kb, found, on, info)
    mentions = []
    for f in found:
        if f.key is None:
            continue
        if f.label in ("LOC", "FAC"):
            f.label = "GPE"  # places: one label for every located mention
        span = doc[f.start : f.end]
        end = span.end_char - (2 if POSSESSIVE.search(span.text) and len(span.text) > 2 else 0)
        mentions.append(Mention(span.start_char, end, article.text[span.start_char : end], f.label, f.key))
    return replace(article, mentions=tuple(mentions), entities=build_entities(mentions, kb, info))


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# --- names -----------------------------------------------------------------------------------


def find_names(doc: Doc, kb: KnowledgeBase) -> list[_Found]:
    """spaCy entities, plus KB alias matches spaCy missed or cut short; titles join short names."""
    found = [_Found(e.start, e.end, e.label_) for e in doc.ents if e.label_ in NER_LABELS]
    for start, end, label in scan_aliases(doc, kb):
        overlapping = [f for f in found if f.start < end and start < f.end]
        if all(start <= f.start and f.end <= end for f in overlapping):
            found = [f for f in found if f not in overlapping] + [_Found(start, end, label)]
    for f in found:
        strip_title(doc, kb, f)
    return sorted(found, key=lambda f: f.start)


def scan_aliases(doc: Doc, kb: KnowledgeBase) -> Iterable[tuple[int, int, str]]:
    """Longest KB alias matches over capitalised token runs (acronyms must be upper case)."""
    i = 0
    while i < len(doc):
        hit = None
        if doc[i].text[:1].isupper():
            for n in range(min(MAX_ALIAS_TOKENS, len(doc) - i), 0, -1):
                text = doc[i : i + n].text
                actor = kb.lookup(text)
                if actor and (text.isupper() or not kb.is_acronym(text)):
                    hit = (i, i + n, label_of(actor))
                    break
        if hit:
            yield hit
            i = hit[1]
        else:
            i += 1


def label_of(actor: KBActor) -> str:
    return {"person": "PERSON", "country": "GPE", "government": "GOV"}.get(actor.type, "ORG")


def strip_title(doc: Doc, kb: KnowledgeBase, f: _Found) -> None:
    """Mark where the name begins; a title before a one-word name joins the mention ("President Xi")."""
    f.name_start = f.start + title_length(doc, kb, f.start, f.end)
    if f.end - f.name_start == 1 and f.start == f.name_start:
        for n in (3, 2, 1):
            lo = f.start - n
            if lo >= 0 and doc[lo].text[:1].isupper() and title_length(doc, kb, lo, f.start + 1) == n:
                f.start = lo
                break
    if f.end - f.name_start > 1:
        f.start = f.name_start  # a title before a full name is not part of the name's mention


def title_length(doc: Doc, kb: KnowledgeBase, start: int, end: int) -> int:
    """Tokens of an optional demonym plus a title at ``start`` ("Chinese President"), 0 if none."""
    i = start + 1 if end - start > 1 and kb.country_of_demonym(doc[start].text) else start
    for n in (3, 2, 1):
        if i + n < end and normalize_alias(doc[i : i + n].text) in kb.titles:
            return i + n - start
    return 0


def resolve_names(
    doc: Doc, kb: KnowledgeBase, names: list[_Found], on: date | None, info: dict
) -> dict[str, list[tuple[int, str]]]:
    """Full names first, then one-word names: same-article full names, then KB office holders."""
    by_surname: dict[str, list[tuple[int, str]]] = {}
    for f in names:
        text = doc[f.name_start : f.end].text
        if f.end - f.name_start > 1 or f.label != "PERSON":
            resolve_full_name(doc, kb, f, text, info)
        if f.label == "PERSON" and f.key and f.end - f.name_start > 1:
            for form in surname_forms(kb, f.key, text):
                by_surname.setdefault(normalize_alias(form), []).append((f.start, f.key))
    for f in names:
        if f.end - f.name_start != 1 or f.label not in ("PERSON", "ORG", "GPE", "NORP", "LOC"):
            continue
        if f.key and f.label != "PERSON" and f.key.startswith("kb:"):
            continue
        text = doc[f.name_start : f.end].text
        key = resolve_surname(kb, normalize_alias(text), f.start, by_surname, on)
        if key:
            f.key, f.label = key, "PERSON"
        elif f.label == "PERSON":
            f.key = name_key("person", text)
            info.setdefault(f.key, (text, "person", None))
    return by_surname


def add_missed_surnames(doc: Doc, names: list[_Found], by_surname: dict) -> list[_Found]:
    """Capitalised words that are the surname of a person named in full here but that NER missed."""
    covered = {i for f in names for i in range(f.start, f.end)}
    added = []
    for t in doc:
        if t.i in covered or not t.text[:1].isupper() or t.pos_ != "PROPN":
            continue
        seen = by_surname.get(normalize_alias(t.text))
        if seen:
            earlier = [k for p, k in seen if p < t.i]
            added.append(_Found(t.i, t.i + 1, "PERSON", (earlier or [seen[0][1]])[-1], t.i))
    return sorted(names + added, key=lambda f: f.start)


def resolve_full_name(doc: Doc, kb: KnowledgeBase, f: _Found, text: str, info: dict) -> None:
    actor = kb.lookup(text)
    if actor is not None:
        if actor.type == "government" and (is_location(doc, f.start, f.end) or is_place_modifier(doc, kb, f)):
            actor = kb.country_actor(actor.country) or actor
        f.key, f.label = actor.key, label_of(actor)
        return
    if f.label == "NORP":
        code = kb.country_of_demonym(text)
        f.key = f"kb:country:{code}" if code else None
        return
    kind = {"PERSON": "person", "ORG": "organization"}.get(f.label, "place")
    if kind == "place" and f.label not in ("GPE", "LOC"):
        return
    f.key = name_key(kind, text)
    info.setdefault(f.key, (text, kind if kind != "place" else "other", nearby_country(doc, kb, f.start)))


def surname_forms(kb: KnowledgeBase, key: str, text: str) -> set[str]:
    """The forms a later one-word mention of this person can take."""
    actor = kb.actors.get(key)
    words = text.split()
    forms = (
        {words[-1]} if all(w[:1].isupper() and "'" not in w and "\u2019" not in w for w in words) else set()
    )
    if actor is not None:
        forms = {actor.surname} if actor.surname else set()
        forms |= {a for a in actor.aliases if " " not in a}
    return forms


def resolve_surname(kb: KnowledgeBase, norm: str, pos: int, by_surname: dict, on: date | None) -> str | None:
    """A one-word name: the nearest earlier full name in the article, else a later one, else the KB."""
    seen = by_surname.get(norm, [])
    earlier = [k for p, k in seen if p < pos]
    if earlier or seen:
        return (earlier or [k for _, k in seen])[-1 if earlier else 0]
    actor = kb.lookup(norm)
    if actor is not None:
        return actor.key if actor.type == "person" else None
    candidates = [a for a in kb.persons_by_surname(norm) if kb.held_office_near(a.key, on)]
    in_office = [a for a in candidates if on and kb.offices_of(a.key, on)]
    chosen = in_office or candidates
    return chosen[-1].key if len(chosen) == 1 or in_office else None


def name_key(kind: str, text: str) -> str:
    return f"name:{kind}:{normalize_alias(text)}"


def is_location(doc: Doc, start: int, end: int) -> bool:
    """A place, not an actor: after a locative preposition ("in Beijing") or as a dateline ("KYIV (AP) -")."""
    at_line_start = start == 0 or "\n" in doc[start - 1].text_with_ws
    if at_line_start and end < len(doc) and doc[end].text in ("(", "-", "\u2013", "\u2014", ","):
        return True
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in LOCATION_PREPOSITIONS


def is_place_modifier(doc: Doc, kb: KnowledgeBase, f: _Found) -> bool:
    """A capital modifying a noun names a place ("a London bar", "the Moscow talks"), not a government."""
    root = doc[f.start : f.end].root
    country = kb.country(kb.government_of(doc[f.start : f.end].text).country or "")
    is_capital = country is not None and any(
        normalize_alias(c) == normalize_alias(doc[f.start : f.end].text) for c in country.capitals
    )
    return is_capital and root.dep_ in ("compound", "amod", "nmod") and root.head.i > root.i


def nearby_country(doc: Doc, kb: KnowledgeBase, start: int) -> str | None:
    """A demonym in the few words before a name ("Russian Foreign Minister ...")."""
    for tok in reversed(doc[max(0, start - 4) : start]):
        code = kb.country_of_demonym(tok.text) if tok.text[:1].isupper() else None
        if code:
            return code
    return None


# --- role nouns and pronouns -----------------------------------------------------------------


def find_roles(doc: Doc, kb: KnowledgeBase) -> list[_Found]:
    """Role noun phrases: determiner or possessor, optional demonym, role noun ("his Russian counterpart")."""
    roles: list[_Found] = []
    i = 0
    while i < len(doc) - 1:
        role = None
        if doc[i].lower_ in DETERMINERS:
            role = match_role(doc, kb, i, i + 1, None)
        elif doc[i + 1].text in ("'s", "\u2019s"):
            owner = kb.lookup(doc[i].text)
            if owner is not None and owner.type in ("country", "government"):
                role = match_role(doc, kb, i, i + 2, owner.country)
        if role:
            roles.append(role)
            i = role.end
        else:
            i += 1
    return roles


def match_role(doc: Doc, kb: KnowledgeBase, start: int, j: int, owner: str | None) -> _Found | None:
    """An optional demonym then a role noun from ``j``; only "counterpart" may go without a country."""
    for k in (2, 1, 0):
        country = kb.country_of_demonym(doc[j : j + k].text) if k and j + k <= len(doc) else owner
        if k and not country:
            continue
        for n in (3, 2, 1):
            end = j + k + n
            if end > len(doc) or doc[end - 1].pos_ not in ("NOUN", "PROPN"):
                continue
            office = kb.office_of_role(doc[j + k : end].text)
            if (
                office
                and (country or office == "counterpart")
                and (end == len(doc) or doc[end].pos_ != "NOUN")
            ):
                return _Found(start, end, "ROLE", office=office, country=country)
    return None


def find_speaking_pronouns(doc: Doc, kb: KnowledgeBase) -> list[_Found]:
    """'he'/'she' as the subject of a speech verb: quotes need to know who spoke."""
    return [
        _Found(t.i, t.i + 1, "PRON")
        for t in doc
        if t.lower_ in SPEAKING_PRONOUNS
        and t.dep_ in SUBJECT_DEPS
        and t.head.lemma_.lower() in kb.speech_verbs
    ]


def resolve_in_order(doc: Doc, kb: KnowledgeBase, found: list[_Found], on: date | None, info: dict) -> None:
    """Walk mentions in text order so role nouns and pronouns see the people already mentioned."""
    history: list[_Person] = []
    places: list[tuple[int, str]] = []  # (token, country) of every country-like mention
    sentence_of = {t.i: n for n, s in enumerate(doc.sents) for t in s}
    for n, f in enumerate(found):
        if f.label == "ROLE":
            f.key = resolve_role(doc, kb, f, found[n + 1 :], history, places, on, sentence_of)
        elif f.label == "PRON":
            f.key = resolve_pronoun(f, history, sentence_of)
        if f.key is None:
            continue
        country = country_of(kb, f.key, info)
        if f.label in ("GPE", "GOV", "NORP") and country:
            places.append((f.start, country))
        elif f.label in ("PERSON", "ROLE", "PRON") and is_person(kb, f.key):
            if f.label == "ROLE" and f.country:
                places.append((f.start, f.country))
            subject = doc[f.start : f.end].root.dep_ in SUBJECT_DEPS
            history.append(_Person(f.start, f.key, country, subject, sentence_of[f.start]))


def resolve_role(
    doc: Doc,
    kb: KnowledgeBase,
    f: _Found,
    following: list[_Found],
    history: list[_Person],
    places: list[tuple[int, str]],
    on: date | None,
    sentence_of: dict[int, int],
) -> str | None:
    """The person a role noun names: an appositive name, a counterpart, a recent official, the office holder."""
    if following and following[0].start == f.end and following[0].label == "PERSON":
        return following[0].key  # "his Russian counterpart Vladimir Putin"
    office, country = f.office, f.country
    if office == "counterpart":
        return resolve_counterpart(kb, f, country, history, places, on, sentence_of)
    if country is None:
        return None
    recent = [p for p in reversed(history) if p.country == country]
    if office == "official":
        others = [p for p in recent if not set(o for _, o in kb.offices_of(p.key, on)) & LEADER_OFFICES]
        return (others or recent)[0].key if others or recent else None
    wanted = kb.country(country).leader_office if office == "leader" else office
    for p in recent:
        if any(
            o == wanted or (wanted == "president" and o == "head_of_state")
            for _, o in kb.offices_of(p.key, on)
        ):
            return p.key
    holder = kb.office_holder(country, office, on)
    return holder.key if holder else None


def resolve_counterpart(
    kb: KnowledgeBase,
    f: _Found,
    country: str | None,
    history: list[_Person],
    places: list[tuple[int, str]],
    on: date | None,
    sentence_of: dict[int, int],
) -> str | None:
    """The holder, in the other country, of the office held by the person the possessive points to."""
    here = sentence_of[f.start]
    same = [p for p in history if p.sentence == here]
    anchor = next((p for p in reversed(same) if p.subject), None) or (same or history or [None])[-1]
    if anchor is None:
        return None
    if country is None:
        nearby = [
            c for pos, c in reversed(places) if c and c != anchor.country and sentence_of[pos] >= here - 1
        ]
        country = nearby[0] if nearby else None
    if country is None or country == anchor.country:
        return None
    offices = [o for c, o in kb.offices_of(anchor.key, on) if c == anchor.country]
    for office in sorted(offices, key=lambda o: o not in LEADER_OFFICES):
        anchor_country = kb.country(anchor.country)
        if anchor_country and office == anchor_country.leader_office:
            office = "leader"
        holder = kb.office_holder(country, office, on)
        if holder:
            return holder.key
    recent = [p for p in reversed(history) if p.country == country]
    return recent[0].key if recent else None


def resolve_pronoun(f: _Found, history: list[_Person], sentence_of: dict[int, int]) -> str | None:
    """The most recent person who was a subject in this or the two previous sentences, else the latest."""
    here = sentence_of[f.start]
    near = [p for p in history if p.pos < f.start and p.sentence >= here - 2]
    subjects = [p for p in near if p.subject]
    chosen = (subjects or near)[-1] if near else None
    return chosen.key if chosen else None


def is_person(kb: KnowledgeBase, key: str) -> bool:
    actor = kb.actors.get(key)
    return actor.type == "person" if actor else key.startswith("name:person:")


def country_of(kb: KnowledgeBase, key: str, info: dict) -> str | None:
    actor = kb.actors.get(key)
    return actor.country if actor else info.get(key, (None, None, None))[2]


# --- entities --------------------------------------------------------------------------------


def build_entities(mentions: list[Mention], kb: KnowledgeBase, info: dict) -> tuple[Entity, ...]:
    """One Entity per key mentioned; name keys take their longest surface form as the name."""
    forms: dict[str, list[str]] = {}
    for m in mentions:
        if m.label not in ("ROLE", "PRON"):
            forms.setdefault(m.entity_key, []).append(m.text)
        else:
            forms.setdefault(m.entity_key, [])
    entities = []
    for key, seen in forms.items():
        actor = kb.actors.get(key)
        surface = tuple(dict.fromkeys(seen))
        if actor is not None:
            aliases = tuple(dict.fromkeys(actor.aliases + surface))
            entities.append(
                Entity(
                    stable_id("ent", key),
                    actor.name,
                    actor.type,
                    actor.country,
                    actor.wikidata,
                    aliases,
                    actor.roles,
                )
            )
        else:
            name, kind, country = info.get(key, (max(surface, key=len, default=key), "other", None))
            entities.append(Entity(stable_id("ent", key), name, kind, country, None, surface))
    return tuple(entities)


def canonicalize_entities(entities: Iterable[Entity]) -> dict[str, str]:
    """Map entity ids to one canonical id across a corpus.

    A one-word person name (an article that only said "Smith") merges into the unique multi-word
    person whose last or first word it is; every other id maps to itself.
    """
    unique = {e.id: e for e in entities}
    by_word: dict[str, set[str]] = {}
    for e in unique.values():
        words = e.name.split()
        if e.type == "person" and len(words) > 1:
            for word in {words[0], words[-1]}:
                by_word.setdefault(normalize_alias(word), set()).add(e.id)
    mapping = {}
    for e in unique.values():
        targets = (
            by_word.get(normalize_alias(e.name), set()) if e.type == "person" and " " not in e.name else set()
        )
        mapping[e.id] = next(iter(targets)) if len(targets) == 1 else e.id
    return mapping


def mention_at(article: Article, start: int, end: int) -> Mention | None:
    """The mention at a span: exact, else the one containing it, else the longest one inside it."""
    inside = []
    for m in article.mentions:
        if m.start == start and m.end == end:
            return m
        if m.start <= start and end <= m.end:
            inside.insert(0, m)
        elif start <= m.start and m.end <= end:
            inside.append(m)
    containing = [m for m in inside if m.start <= start and end <= m.end]
    if containing:
        return min(containing, key=lambda m: m.end - m.start)
    return max(inside, key=lambda m: (m.label in ("PERSON", "ROLE", "PRON"), m.end - m.start), default=None)
