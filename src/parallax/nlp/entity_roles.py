"""Role nouns, counterparts and speaking pronouns: the mentions that resolve against earlier people.

"The Chinese president" is whoever held the office on the article date, unless the article just
named a person of that country who held it; "his Russian counterpart" holds, in the other country,
the office of the person the possessive points to; "the Russian official" is the latest Russian
mentioned who is not a leader; "he said" is the latest subject who was a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from parallax.kb import KBActor, KnowledgeBase, normalize_alias

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

DETERMINERS = {"the", "his", "her", "their", "its"}
SPEAKING_PRONOUNS = {"he", "she"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
LEADER_OFFICES = {"head_of_state", "head_of_government", "president"}
# Offices that "the <role>" names without a country once the article has introduced their holder
# ("President Mira Ellend ... the president said"); vaguer roles ("the minister") stay unresolved.
TITLED_OFFICES = LEADER_OFFICES | {"foreign_minister", "defence_minister", "vice_head_of_state"}
POSSESSIVE = re.compile(r"['\u2019]s$")
OFFICE_QUALIFIERS = {"deputy", "vice", "former", "acting", "ex", "assistant", "junior", "shadow"}


@dataclass
class Found:
    """A mention being resolved: token span, label and (once known) its entity key."""

    start: int  # token index
    end: int
    label: str
    key: str | None = None
    name_start: int | None = None  # where the name proper begins after a title
    office: str | None = None  # the office a role noun or a name's title names ("counterpart", ...)
    country: str | None = None  # for role nouns: the country a demonym or possessor names


@dataclass(frozen=True)
class PersonSeen:
    """A resolved person mention, the history that role nouns and pronouns resolve against."""

    pos: int  # token index
    key: str
    country: str | None
    subject: bool
    sentence: int
    gender: str | None = None  # "f" | "m" when the given name tells
    office: str | None = None  # the office the article gives this person (title or apposition)


def titled_office_holder(
    doc: Doc,
    kb: KnowledgeBase,
    f: Found,
    text: str,
    on: date | None,
    by_surname: dict,
    context: set[str] | None = None,
) -> str | None:
    """A titled surname: an office title picks the holder of that office ("President Clinton" is the
    Clinton who was president, in office on the date first, else the latest before it); a courtesy
    title ("Mrs. Obama") picks the person of that gender the article named; any other title (or none
    found) the one KB person of that surname in office on the date, before a same-surname relative."""
    if f.start == f.name_start or f.label != "PERSON":
        return None
    people = kb.persons_by_surname(POSSESSIVE.sub("", text), context)
    title = doc[f.start : f.name_start]
    words = title[1:] if len(title) > 1 and kb.country_of_demonym(title[0].text) else title
    office = kb.office_of_role(words.text)
    if office in TITLED_OFFICES:
        held = [(t, a.key) for a in people for t in kb.tenures_of(a.key) if same_office(t.office, office)]
        current = [k for t, k in held if on and t.start <= on and (t.end is None or on < t.end)]
        before = sorted((t.start, k) for t, k in held if on is None or t.start <= on)
        if current or before:
            return (current or [k for _, k in before])[-1]
    gender = kb.gender_of_title(words.text)
    if gender:
        seen = dict.fromkeys(k for _, k in by_surname.get(normalize_alias(text), []))
        matching = [k for k in seen if kb.gender_of_name(name_of_key(kb, k)) == gender]
        if len(matching) == 1:
            return matching[0]
    holders = [a.key for a in people if kb.offices_of(a.key, on)]
    return holders[0] if len(holders) == 1 else None


def name_of_key(kb: KnowledgeBase, key: str) -> str:
    """The full name behind a KB key or a person name key ("name:person:jane doe")."""
    actor = kb.actors.get(key)
    return actor.name if actor else key.split(":", 2)[-1]


def most_prominent(kb: KnowledgeBase, people: Iterable[KBActor], on: date | None) -> str | None:
    """Of same-surname KB people, the one who led a country latest before the date ("Bush" after
    2009 is George W. Bush); None when none led one (a guess between ministers is no better)."""
    led = [
        (t.start, a.key)
        for a in people
        for t in kb.tenures_of(a.key)
        if t.office in LEADER_OFFICES and (on is None or t.start <= on)
    ]
    return max(led)[1] if led else None


def find_roles(doc: Doc, kb: KnowledgeBase) -> list[Found]:
    """Role noun phrases: determiner or possessor, optional demonym, role noun ("his Russian counterpart")."""
    roles: list[Found] = []
    toks = list(doc)  # one Token object per word, not one per look
    i = 0
    while i < len(doc) - 1:
        role = None
        if is_national_possessive(toks, i):
            role = match_role(doc, kb, i, i + 3, None)  # "the country's foreign minister"
        if role is None and toks[i].lower_ in DETERMINERS:
            role = match_role(doc, kb, i, i + 1, None)
        elif toks[i + 1].text in ("'s", "\u2019s"):
            owner = kb.lookup(toks[i].text)
            if owner is not None and owner.type in ("country", "government"):
                role = match_role(doc, kb, i, i + 2, owner.country)
        if role:
            roles.append(role)
            i = role.end
        else:
            i += 1
    return roles


def is_national_possessive(toks: list[Token], i: int) -> bool:
    """ "the country's" / "the nation's" at token i."""
    return (
        toks[i].lower_ == "the"
        and i + 2 < len(toks)
        and toks[i + 1].lower_ in ("country", "nation")
        and toks[i + 2].text in ("'s", "\u2019s")
    )


def match_role(doc: Doc, kb: KnowledgeBase, start: int, j: int, owner: str | None) -> Found | None:
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
            untitled = (
                doc[start].lower_ == "the"
                and office in TITLED_OFFICES
                and (end == len(doc) or doc[end].lower_ != "of")  # "the president of the bank"
            )
            if (
                office
                and (country or office == "counterpart" or untitled)
                and (end == len(doc) or doc[end].pos_ != "NOUN")
                and not any(
                    t.is_space or "\n" in t.whitespace_ or t.is_sent_start for t in doc[start + 1 : end]
                )
            ):
                return Found(start, end, "ROLE", office=office, country=country)
    return None


def find_speaking_pronouns(doc: Doc, kb: KnowledgeBase) -> list[Found]:
    """'he'/'she' as the subject of a speech verb: quotes need to know who spoke."""
    wanted = {doc.vocab.strings[w] for w in SPEAKING_PRONOUNS}  # the hashes of their lower-case forms
    lowers = doc.to_array("LOWER").tolist() if len(doc) else []  # no Token object for every word
    return [
        Found(i, i + 1, "PRON")
        for i, lower in enumerate(lowers)
        if lower in wanted and (t := doc[i]).dep_ in SUBJECT_DEPS and t.head.lemma_.lower() in kb.speech_verbs
    ]


def resolve_in_order(doc: Doc, kb: KnowledgeBase, found: list[Found], on: date | None, info: dict) -> None:
    """Walk mentions in text order so role nouns and pronouns see the people already mentioned."""
    history: list[PersonSeen] = []
    places: list[tuple[int, str]] = []  # (token, country) of every country-like mention
    sentence_of = {t.i: n for n, s in enumerate(doc.sents) for t in s}
    for n, f in enumerate(found):
        if f.label == "ROLE":
            f.key = resolve_role(doc, kb, f, found[n + 1 :], history, places, on, sentence_of)
            f.key = f.key or appositive_person(doc, f, found[:n], kb)
        elif f.label == "PRON":
            f.key = resolve_pronoun(f, doc[f.start].lower_, history, sentence_of)
        if f.key is None:
            continue
        country = country_of(kb, f.key, info)
        if f.label in ("GPE", "GOV", "NORP") and country:
            places.append((f.start, country))
        elif f.label in ("PERSON", "ROLE", "PRON") and is_person(kb, f.key):
            if f.label == "ROLE" and f.country:
                places.append((f.start, f.country))
            subject = doc[f.start : f.end].root.dep_ in SUBJECT_DEPS
            gender = kb.gender_of_name(name_of(kb, f.key, info))
            office = (
                f.office if f.label == "ROLE" else title_office(doc, kb, f) if f.label == "PERSON" else None
            )
            seen = PersonSeen(f.start, f.key, country, subject, sentence_of[f.start], gender, office)
            history.append(seen)


def title_office(doc: Doc, kb: KnowledgeBase, f: Found) -> str | None:
    """The office a title before a name gives ("Prime Minister Jonas Reeve"), unless qualified
    ("Deputy Foreign Minister ..." holds no foreign ministry)."""
    name_start = f.name_start if f.name_start is not None else f.start
    for n in (3, 2, 1):
        lo = name_start - n
        if lo < 0 or not doc[lo].text[:1].isupper() or any(t.is_space for t in doc[lo:name_start]):
            continue
        office = kb.office_of_role(doc[lo:name_start].text)
        if office in TITLED_OFFICES:
            before = doc[lo - 1] if lo > 0 else None
            qualified = before is not None and (
                before.lower_ in OFFICE_QUALIFIERS
                or before.ent_type_ == "ORG"
                or (before.is_upper and len(before) > 1 and kb.lookup(before.text) is None)
            )
            return None if qualified else office  # "Chamber of Commerce President X" holds no state office
    return None


def appositive_person(doc: Doc, f: Found, before: list[Found], kb: KnowledgeBase) -> str | None:
    """A role in apposition to the person just named ("Paul Deverin, the foreign minister,")."""
    prev = before[-1] if before else None
    if prev is None or prev.key is None or not is_person(kb, prev.key) or f.start != prev.end + 1:
        return None
    root = doc[f.start : f.end].root
    apposed = root.dep_ == "appos" and prev.start <= root.head.i < prev.end
    return prev.key if doc[prev.end].text == "," and apposed else None


def resolve_role(
    doc: Doc,
    kb: KnowledgeBase,
    f: Found,
    following: list[Found],
    history: list[PersonSeen],
    places: list[tuple[int, str]],
    on: date | None,
    sentence_of: dict[int, int],
) -> str | None:
    """The person a role noun names: an appositive name, a counterpart, a recent official, the office holder."""
    named_next = following and following[0].start == f.end and following[0].label == "PERSON"
    if named_next and (f.country or f.office == "counterpart"):
        return following[0].key  # "his French counterpart Emmanuel Macron"
    office, country = f.office, f.country
    if office == "counterpart":
        return resolve_counterpart(kb, f, country, history, places, on, sentence_of)
    titled = [p for p in reversed(history) if same_office(p.office, office)]
    if country is None:  # "the president": the one the article introduced, a KB holder first
        holders = [p for p in titled if any(same_office(o, office) for _, o in kb.offices_of(p.key, on))]
        unplaced = [p for p in titled if p.country is None]  # "Iraqi President X" is no bare "president"
        chosen = holders or unplaced
        return chosen[0].key if chosen else None
    recent = [p for p in reversed(history) if p.country == country]
    titled = [p for p in titled if p.country == country]
    if titled and office != "official":
        return titled[0].key
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


def same_office(held: str | None, wanted: str | None) -> bool:
    """A title matches the role noun; a president is the head of state."""
    pair = {held, wanted}
    return held is not None and (held == wanted or pair == {"president", "head_of_state"})


def resolve_counterpart(
    kb: KnowledgeBase,
    f: Found,
    country: str | None,
    history: list[PersonSeen],
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


def resolve_pronoun(
    f: Found, pronoun: str, history: list[PersonSeen], sentence_of: dict[int, int]
) -> str | None:
    """The most recent agreeing person who was a subject in this or the two previous sentences, else the latest."""
    here = sentence_of[f.start]
    gender = {"he": "m", "she": "f"}.get(pronoun)
    near = [p for p in history if p.pos < f.start and p.sentence >= here - 2 and p.gender in (None, gender)]
    subjects = [p for p in near if p.subject]
    chosen = (subjects or near)[-1] if near else None
    return chosen.key if chosen else None


def name_of(kb: KnowledgeBase, key: str, info: dict) -> str:
    actor = kb.actors.get(key)
    return actor.name if actor else info.get(key, ("",))[0]


def is_person(kb: KnowledgeBase, key: str) -> bool:
    actor = kb.actors.get(key)
    return actor.type == "person" if actor else key.startswith("name:person:")


def country_of(kb: KnowledgeBase, key: str, info: dict) -> str | None:
    actor = kb.actors.get(key)
    return actor.country if actor else info.get(key, (None, None, None))[2]
