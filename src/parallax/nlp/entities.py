"""Entity resolution: who each name, role noun, metonym and speaking pronoun refers to.

spaCy's NER finds names; a knowledge-base alias scan adds the ones it misses. Names resolve to
KB actors (full names, aliases, surnames of office holders around the article date) or to name
keys ("name:person:<full name>"); role nouns ("the Chinese president", "his Russian counterpart")
resolve through dated office tenures and the people already mentioned; capitals and buildings
resolve to governments when they act ("Beijing said") and stay places when they locate ("in Beijing").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from parallax.kb import KBActor, KnowledgeBase, load_kb, normalize_alias
from parallax.model import Article, Entity, Mention, stable_id
from parallax.nlp.docs import doc_text
from parallax.nlp.entity_evidence import join_truncated, unsettled_keys, vote_kinds
from parallax.nlp.entity_places import is_location, is_place_modifier, nearby_country
from parallax.nlp.entity_roles import (
    POSSESSIVE,
    Found,
    find_roles,
    find_speaking_pronouns,
    most_prominent,
    resolve_in_order,
    titled_office_holder,
)
from parallax.nlp.name_clutter import drop_clutter, is_possessive_phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc

NER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
MAX_ALIAS_TOKENS = 6
WEB_DOMAIN = re.compile(r"\.(com|org|net|gov|edu|co\.uk)$", re.IGNORECASE)


def resolve_entities(article: Article, doc: Doc, kb: KnowledgeBase) -> Article:
    """Mentions and canonical entities (reads: text, published; writes: mentions, entities)."""
    on = parse_date(article.published)
    names = find_names(doc, kb)
    info: dict[str, tuple[str, str, str | None]] = {}  # name key -> (name, type, country)
    by_surname = resolve_names(doc, kb, names, on, info)
    names = add_missed_surnames(doc, kb, names, by_surname, on)
    roles = find_roles(doc, kb)
    names = [f for f in names if not any(r.start <= f.start and f.end <= r.end for r in roles)]
    found = sorted(names + roles + find_speaking_pronouns(doc, kb), key=lambda f: f.start)
    resolve_in_order(doc, kb, found, on, info)
    mentions = []
    unsettled = unsettled_keys(doc, kb, found)
    for f in found:
        if f.key is None:
            continue
        if f.label in ("LOC", "FAC"):
            f.label = "GPE"  # places: one label for every located mention
        span = doc[f.start : f.end]
        text = trim_mention(span.text)
        mentions.append(Mention(span.start_char, span.start_char + len(text), text, f.label, f.key))
    entities = build_entities(mentions, kb, info, unsettled)
    return replace(article, mentions=tuple(mentions), entities=entities)


def trim_mention(text: str) -> str:
    """Drop a trailing possessive and an unclosed parenthesis NER swallowed ("Nations (UN")."""
    if "(" in text and ")" not in text and text.index("(") > 0:
        text = text[: text.index("(")].rstrip()
    return text[:-2] if POSSESSIVE.search(text) and len(text) > 2 else text


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# --- names -----------------------------------------------------------------------------------


def find_names(doc: Doc, kb: KnowledgeBase) -> list[Found]:
    """spaCy entities, plus KB alias matches spaCy missed or cut short; titles join short names."""
    found = [Found(e.start, e.end, e.label_) for e in doc.ents if e.label_ in NER_LABELS | {"EVENT"}]
    for start, end, label in scan_aliases(doc, kb):
        overlapping = [f for f in found if f.start < end and start < f.end]
        if all(start <= f.start and f.end <= end for f in overlapping):
            found = [f for f in found if f not in overlapping] + [Found(start, end, label)]
    for f in found:
        if f.end - f.start > 1 and doc[f.end - 1].text in ("'s", "\u2019s"):
            f.end -= 1  # "Trump's" is Trump: the possessive is no part of the name
        strip_title(doc, kb, f)
    return sorted(drop_clutter(doc, kb, found), key=lambda f: f.start)


def scan_aliases(doc: Doc, kb: KnowledgeBase) -> Iterable[tuple[int, int, str]]:
    """Longest KB alias matches over capitalised token runs (acronyms must be upper case)."""
    # token offsets read as one array: a Python Token object per token costs more than the scan
    offsets = doc.to_array(["IDX", "LENGTH"]).tolist() if len(doc) else []
    starts = [start for start, _ in offsets]
    ends = [start + length for start, length in offsets]
    whole = doc_text(doc)  # Doc.text joins every token on each access
    i = 0
    while i < len(doc):
        hit = None
        if whole[starts[i] : starts[i] + 1].isupper():
            for n in range(min(MAX_ALIAS_TOKENS, len(doc) - i), 0, -1):
                text = whole[starts[i] : ends[i + n - 1]]
                actor = kb.lookup(text)
                if actor is None:
                    continue
                bare = kb.needs_article(text) and not text.lower().startswith("the ")
                if bare and i > 0 and whole[starts[i - 1] : ends[i - 1]].lower() == "the":  # spaCy's lower_
                    bare = False
                if (text.isupper() or not kb.is_acronym(text)) and not bare:
                    hit = (i, i + n, label_of(actor))
                    break
        if hit:
            yield hit
            i = hit[1]
        else:
            i += 1


def label_of(actor: KBActor) -> str:
    return {"person": "PERSON", "country": "GPE", "government": "GOV"}.get(actor.type, "ORG")


def strip_title(doc: Doc, kb: KnowledgeBase, f: Found) -> None:
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
    doc: Doc, kb: KnowledgeBase, names: list[Found], on: date | None, info: dict
) -> dict[str, list[tuple[int, str]]]:
    """Full names first, then one-word names: same-article full names, then KB office holders."""
    by_surname: dict[str, list[tuple[int, str]]] = {}
    context = article_countries(doc, kb, names)
    for f in names:
        text = doc[f.name_start : f.end].text
        if f.end - f.name_start > 1 or f.label != "PERSON":
            resolve_full_name(doc, kb, f, text, on, info)
        if f.label == "PERSON" and f.key and f.end - f.name_start > 1:
            for form in surname_forms(kb, f.key, text):
                by_surname.setdefault(normalize_alias(form), []).append((f.start, f.key))
    for f in sorted(names, key=lambda f: f.start == f.name_start):  # titled names ("Mr. Obama") first
        if f.end - f.name_start != 1 or f.label not in ("PERSON", "ORG", "GPE", "NORP", "LOC"):
            continue
        if f.key and f.label != "PERSON" and f.key.startswith("kb:"):
            continue
        text = doc[f.name_start : f.end].text
        key = titled_office_holder(doc, kb, f, text, on, by_surname, context) or resolve_surname(
            kb, normalize_alias(text), by_surname, on, context
        )
        if key:
            f.key, f.label = key, "PERSON"
            if f.start != f.name_start:  # "President Obama" tells who a later bare "Obama" is
                by_surname.setdefault(normalize_alias(text), []).append((f.start, key))
        elif f.label == "PERSON" and not is_modifier(doc, kb, f):
            the = f.start > 0 and doc[f.start - 1].lower_ == "the"
            kind = "organization" if the or text in kb.org_words else "person"
            f.label = label_of_kind(kind)
            f.key = name_key(kind, text)
            info.setdefault(f.key, (text, kind, None))
    unify_kinds(doc, names, info)
    vote_kinds(names, info)
    join_truncated(doc, names)
    return by_surname


def article_countries(doc: Doc, kb: KnowledgeBase, names: list[Found]) -> set[str]:
    """The countries an article names: places, governments, demonyms, and KB actors of a country."""
    found = set()
    for f in names:
        for text in (doc[f.start : f.end].text, doc[f.name_start : f.end].text, doc[f.start].text):
            actor = kb.lookup(text)
            code = actor.country if actor is not None else kb.country_of_demonym(text)
            if code:
                found.add(code)
    return found


def is_modifier(doc: Doc, kb: KnowledgeBase, f: Found) -> bool:
    """A lone capitalised word qualifying the noun or title after it ("the Marovian side",
    "Marovian Prime Minister ..."): an adjective NER took for a person, no one's name."""
    tok = doc[f.start]
    before_noun = tok.dep_ in ("compound", "amod") and tok.head.i > tok.i and tok.head.pos_ == "NOUN"
    before_title = any(normalize_alias(doc[f.end : f.end + n].text) in kb.titles for n in (1, 2, 3))
    return f.end - f.start == 1 and f.end < len(doc) and (before_noun or before_title)


def label_of_kind(kind: str) -> str:
    return {"person": "PERSON", "organization": "ORG"}.get(kind, "GPE")


def unify_kinds(doc: Doc, names: list[Found], info: dict) -> None:
    """One key per unknown name in an article: NER may call "Marovia" a place in one sentence and an
    organization or a lone-word person in the next; a place anywhere makes every mention that place,
    else an organization (a person named by one word only is the likelier mistake)."""
    by_text: dict[str, list[Found]] = {}
    for f in names:
        if f.key and f.key.startswith("name:"):
            by_text.setdefault(f.key.split(":", 2)[2], []).append(f)
    for norm, group in by_text.items():
        kinds = {f.key.split(":", 2)[1] for f in group if f.key}
        if len(kinds) < 2 or " " in norm:
            continue
        kind = "place" if "place" in kinds else "organization" if "organization" in kinds else min(kinds)
        key = f"name:{kind}:{norm}"
        first = next(f for f in group if f.key == key)
        for f in group:
            f.key, f.label = key, label_of_kind(kind)
        info.setdefault(key, info.get(first.key, (norm, "other", None)))


def add_missed_surnames(
    doc: Doc, kb: KnowledgeBase, names: list[Found], by_surname: dict, on: date | None
) -> list[Found]:
    """Capitalised words that are the surname of a person named in full here but that NER missed."""
    covered = {i for f in names for i in range(f.start, f.end)}
    added = []
    for t in doc:
        if t.i in covered or not t.text[:1].isupper() or t.pos_ != "PROPN" or in_longer_name(doc, t.i):
            continue
        seen = by_surname.get(normalize_alias(t.text))
        if seen:
            added.append(Found(t.i, t.i + 1, "PERSON", likeliest_of_surname(kb, sorted(seen), on), t.i))
    return sorted(names + added, key=lambda f: f.start)


def in_longer_name(doc: Doc, i: int) -> bool:
    """Whether a capitalised word is part of a longer name NER missed ("the White House"): a
    capitalised word beside it, other than at a sentence start."""
    before = doc[i - 1] if i > 0 else None
    after = doc[i + 1] if i + 1 < len(doc) else None
    return (after is not None and after.is_alpha and after.text[:1].isupper()) or (
        before is not None and before.is_alpha and before.text[:1].isupper() and not before.is_sent_start
    )


def likeliest_of_surname(kb: KnowledgeBase, seen: list[tuple[int, str]], on: date | None) -> str:
    """Of the people an article named with one surname, the one a bare surname means: the one who
    held a KB office near the date ("Obama" beside Michelle Obama and President Obama), else the one
    named most often, else the first named: a quoted slip ("a better Michel Cohen") or a relative
    named in passing ("his father, George Romney") does not take over the article's own subject."""
    counts = Counter(k for _, k in seen)
    officials = [k for k in counts if kb.held_office_near(k, on)]
    if len(counts) > 1 and len(officials) == 1:
        return officials[0]
    return max(counts, key=lambda k: counts[k])  # first named among equals: Counter keeps insertion order


def resolve_full_name(doc: Doc, kb: KnowledgeBase, f: Found, text: str, on: date | None, info: dict) -> None:
    actor = kb.lookup(text) or (match_name_variant(kb, text, on) if f.label == "PERSON" else None)
    if actor is not None:
        if actor.type == "government" and (
            is_location(doc, f.start, f.end) or is_place_modifier(doc, kb, f, actor)
        ):
            actor = kb.country_actor(actor.country) or actor
        f.key, f.label = actor.key, label_of(actor)
        return
    if f.label == "EVENT":  # a named storm or operation ("Hurricane Matthew")
        f.key = name_key("event", text)
        info.setdefault(f.key, (text, "event", None))
        return
    if f.label == "NORP":
        code = kb.country_of_demonym(text)
        f.key = f"kb:country:{code}" if code else None
        return
    state = kb.subdivision(text)
    if state is not None:  # "Vt.", "VT", "Vermont": one place, named in full
        f.key, f.label = name_key("place", state[0]), "GPE"
        info.setdefault(f.key, (state[0], "other", state[1]))
        return
    kind = {"PERSON": "person", "ORG": "organization"}.get(f.label, "place")
    if WEB_DOMAIN.search(text):
        kind, f.label = "organization", "ORG"  # "Creators.com": a site, whatever NER called it
    if (
        (kind == "place" and f.label not in ("GPE", "LOC"))
        or (kind == "person" and not looks_like_name(text))
        or (kind == "organization" and is_portfolio(doc, kb, f))
        or is_possessive_phrase(doc, kb, f)
    ):
        return
    f.key = name_key(kind, text)
    info.setdefault(f.key, (text, kind if kind != "place" else "other", nearby_country(doc, kb, f.start)))


def is_portfolio(doc: Doc, kb: KnowledgeBase, f: Found) -> bool:
    """Words between a rank and a title before a name ("Deputy Trade Minister Lisa Marn")
    name a portfolio, not an organization."""
    for n in (1, 2):
        after = f.end + n
        if after < len(doc) and normalize_alias(doc[f.end : after].text) in kb.titles:
            return doc[after].ent_type_ == "PERSON"
    return False


def looks_like_name(text: str) -> bool:
    """A person's name has capitalised words and no slashes or digits ("Jane Doe/Getty Images"), and
    no possessive inside ("Trump's Mar" is a cut-off place)."""
    words = text.split()
    return (
        not any(c.isdigit() or c in "/@|" for c in text)
        and all(w[:1].isupper() for w in words[-1:])
        and not any(POSSESSIVE.search(w) for w in words[:-1])
    )


def match_name_variant(kb: KnowledgeBase, text: str, on: date | None) -> KBActor | None:
    """A KB person written another way: middle names or initials ("Dmitri A. Medvedev"), transliterations.

    Same surname, a first name sharing its first three letters, and an office held around the date.
    """
    words = [w for w in text.split() if not w.endswith(".") or len(w) > 2]
    if len(words) < 2:
        return None
    for given, family in ((words[0], words[-1]), (words[-1], words[0])):  # also "Surname Given"
        first = normalize_alias(given)[:3]
        for actor in kb.persons_by_surname(family):
            if normalize_alias(actor.name)[:3] == first and kb.held_office_near(actor.key, on):
                return actor
    return None


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


def resolve_surname(
    kb: KnowledgeBase, norm: str, by_surname: dict, on: date | None, context: set[str] | None = None
) -> str | None:
    """A one-word name: a person the article named in full or titled (of several, the one who held a
    KB office near the date: "Obama" in an article naming Michelle Obama and President Obama is he;
    else the one named most often), else the KB office holder around the date, else the most prominent.
    ``context`` (the countries the article names) keeps out table-only people of other countries."""
    seen = sorted(by_surname.get(norm, []))
    if seen:
        return likeliest_of_surname(kb, seen, on)
    actor = kb.lookup(norm)
    if actor is not None:
        return actor.key if actor.type == "person" else None
    people = kb.persons_by_surname(norm, context)
    candidates = [a for a in people if kb.held_office_near(a.key, on)]
    in_office = [a for a in candidates if on and kb.offices_of(a.key, on)]
    chosen = in_office or candidates
    if len(chosen) == 1 or in_office:
        return chosen[-1].key
    return most_prominent(kb, chosen or people, on)


def name_key(kind: str, text: str) -> str:
    return f"name:{kind}:{normalize_alias(text)}"


# --- entities --------------------------------------------------------------------------------


def build_entities(
    mentions: list[Mention], kb: KnowledgeBase, info: dict, unsettled: set[str] = frozenset()
) -> tuple[Entity, ...]:
    """One Entity per key mentioned, but for the unsettled names (their mentions stay); name keys take
    their longest surface form as the name."""
    forms: dict[str, list[str]] = {}
    for m in (m for m in mentions if m.entity_key not in unsettled):
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

    One name typed differently in different articles is one entity of the type its words settle
    (``corpus_kind``); then a one-word person name (an article that only said "Smith") merges into
    the unique multi-word person whose last or first word it is; every other id maps to itself.
    """
    unique = {e.id: e for e in entities}
    mapping = retype_across_articles(unique.values())
    by_word: dict[str, set[str]] = {}
    for e in unique.values():
        words = e.name.split()
        if e.type == "person" and len(words) > 1 and e.id not in mapping:
            for word in {words[0], words[-1]}:
                by_word.setdefault(normalize_alias(word), set()).add(e.id)
    for e in unique.values():
        if e.id in mapping:
            continue
        targets = (
            by_word.get(normalize_alias(e.name), set()) if e.type == "person" and " " not in e.name else set()
        )
        mapping[e.id] = next(iter(targets)) if len(targets) == 1 else e.id
    return mapping


def retype_across_articles(entities: Iterable[Entity]) -> dict[str, str]:
    """Entities of one unknown name with several types ("Twitter" a person in one article, an
    organisation in ten): each merges into the one of the type ``corpus_kind`` settles."""
    by_name: dict[str, dict[str, str]] = {}
    for e in entities:
        if e.wikidata is None and e.type in ("person", "organization", "other"):
            by_name.setdefault(normalize_alias(e.name), {})[e.type] = e.id
    mapping = {}
    for norm, by_type in by_name.items():
        kind = corpus_kind(load_kb(), norm, by_type.keys()) if len(by_type) > 1 else None
        if kind is not None:
            mapping.update({eid: by_type[kind] for kind_, eid in by_type.items() if kind_ != kind})
    return mapping


def corpus_kind(kb: KnowledgeBase, norm: str, kinds: Iterable[str]) -> str | None:
    """The type a name's words settle among those NER gave it: one word is a place, else an
    organisation (a person named by one word only is the likelier mistake); longer names after a
    known given name are people, ending in an institution's word organisations; else unsettled."""
    kinds = set(kinds)
    words = norm.split()
    if len(words) == 1:
        return "other" if "other" in kinds else "organization"
    last = words[-1].capitalize()
    if words[0] in kb.given_names and "person" in kinds:
        return "person"
    if (last in kb.org_words or last in kb.org_evidence) and "organization" in kinds:
        return "organization"
    return None


def entity_for(article: Article, mention: Mention) -> Entity | None:
    """The entity a mention points to: its id is ``stable_id("ent", mention.entity_key)``."""
    wanted = stable_id("ent", mention.entity_key)
    return next((e for e in article.entities if e.id == wanted), None)


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
