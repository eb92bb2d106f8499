"""The shipped knowledge: countries, governments, organisations, outlets and office holders.

Everything here is read from sourced data files in ``kb/data`` (see its README) so that rules in
the NLP stages stay general: a stage asks "who was the Chinese head of state on this date?" and
the answer comes from data, never from code.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
# libyaml's safe loader where PyYAML was built with it: the same data, a sixth of the load time
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PARTICLES = {
    "von",
    "van",
    "de",
    "der",
    "den",
    "zu",
    "le",
    "la",
    "da",
    "di",
    "du",
    "dos",
    "del",
    "bin",
    "ibn",
}
_ROMAN = re.compile(r"^[IVX]+$")
COMMON_DF = 100  # of news_df.tsv's 3,000 pseudo-documents: "head", "kill" are common words, "carson" is not


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-3
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    leader_office: str = "head_of_state"
    status: str = "member"  # member | observer | other
    family_name_first: bool = False


@dataclass(frozen=True)
class KBActor:
    key: str  # "kb:Q15031", "kb:gov:CHN", "kb:country:CHN", "kb:person:<slug>", ...
    name: str
    type: str  # person | government | country | organization | agency | outlet
    country: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    surname: str | None = None  # the bare-surname form for persons ("Xi", "von der Leyen")


@dataclass(frozen=True)
class Tenure:
    country: str
    office: str
    key: str
    start: date
    end: date | None


_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the ")
_TRAILING_POSSESSIVE = re.compile(r"'s?$")


@lru_cache(maxsize=1 << 16)
def normalize_alias(text: str) -> str:
    """Case- and accent-insensitive alias form; drops a leading "the" and a possessive."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").strip()
    if not text.isascii():  # ASCII has no accents to drop: most names skip the per-character pass
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _SPACES.sub(" ", text).lower()
    text = _LEADING_THE.sub("", text)
    return _TRAILING_POSSESSIVE.sub("", text)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize_alias(text)).strip("-")


def derive_surname(name: str, family_name_first: bool = False) -> str | None:
    """The form a bare-surname mention takes: family name first, particles kept ("von der Leyen")."""
    words = name.split()
    if len(words) < 2:
        return None
    if family_name_first:
        return words[0]
    for i, word in enumerate(words[1:], start=1):
        if word.lower() in _PARTICLES and i < len(words) - 1:
            return " ".join(words[i:])
    last = words[-1]
    if _ROMAN.match(last) or last.endswith("."):
        return None
    return last


def plural_forms(word: str) -> tuple[str, ...]:
    """A demonym and its plural ("Russian", "Russians"); no plural for "Chinese", "French", "Swiss"."""
    if re.search(r"(ese|ss|sh|ch|s|x|z|\.)$", word):
        return (word,)
    return (word, word + "s")


def _parse_date(value: object, empty: str | None = None) -> date | None:
    if value is None or value == empty:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@lru_cache(maxsize=32)
def data_text(name: str) -> str:
    """The text of a shipped data file in kb/data: kb/ is the only module that opens them."""
    return (DATA_DIR / name).read_text(encoding="utf-8")


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of a shipped tab-separated file, by its header; "#" lines are comments."""
    lines = (line for line in data_text(name).splitlines() if line.strip() and not line.startswith("#"))
    return list(csv.DictReader(lines, delimiter="\t"))


def data_yaml(name: str) -> Any:
    """A shipped YAML file, parsed."""
    return yaml.load(data_text(name), Loader=SAFE_LOADER)


def _read_structured(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=SAFE_LOADER) or {}


@dataclass
class KnowledgeBase:
    """Actors with their aliases, countries, governments, metonyms and dated office tenures."""

    countries: dict[str, Country] = field(default_factory=dict)
    actors: dict[str, KBActor] = field(default_factory=dict)
    agencies: dict[str, KBActor] = field(default_factory=dict)
    role_nouns: dict[str, str] = field(default_factory=dict)
    titles: frozenset[str] = frozenset()
    speech_verbs: frozenset[str] = frozenset()
    given_names: dict[str, str] = field(default_factory=dict)  # normalised given name -> "f" | "m"
    title_genders: dict[str, str] = field(default_factory=dict)  # normalised courtesy title -> "f" | "m"
    not_names: frozenset[str] = frozenset()  # normalised page-furniture phrases ("story continued below")
    not_name_starts: frozenset[str] = frozenset()  # words of links glued before a name ("watch")
    facility_nouns: frozenset[str] = frozenset()  # nouns after a person's name that name a place ("prison")
    event_prefixes: frozenset[str] = frozenset()  # normalised first words of event names ("hurricane")
    event_names: frozenset[str] = frozenset()  # normalised names of recurring events ("state of the union")
    law_words: frozenset[str] = frozenset()  # last words that make a name a law's ("Act")
    org_words: frozenset[str] = frozenset()  # last words that make a name an institution's ("Center")
    org_evidence: frozenset[str] = frozenset()  # more last words of organisations' names ("Court", "Times")
    place_words: frozenset[str] = frozenset()  # last words of places' names ("Road", "County")
    unisex_given_names: frozenset[str] = frozenset()  # normalised given names of no one gender ("jordan")
    common_words: frozenset[str] = frozenset()  # lower-case words in a tenth of news documents or more
    name_breaks: frozenset[str] = frozenset()  # words that end a name where they stand ("Overnight", "Case")
    group_names: frozenset[str] = frozenset()  # normalised names of peoples and faiths ("uighurs"): no actors
    _subdivisions: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # name or abbreviation -> (name, ISO)
    _aliases: dict[str, str] = field(default_factory=dict)
    _demonyms: dict[str, str] = field(default_factory=dict)
    _metonyms: dict[str, str] = field(default_factory=dict)
    _org_keys: dict[str, str] = field(default_factory=dict)
    _acronyms: set[str] = field(default_factory=set)
    _mixed_case: set[str] = field(default_factory=set)
    _with_article: set[str] = field(default_factory=set)
    _bare: set[str] = field(default_factory=set)
    _surnames: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    _tenures: dict[tuple[str, str], list[Tenure]] = field(default_factory=lambda: defaultdict(list))
    _tenures_by_key: dict[str, list[Tenure]] = field(default_factory=lambda: defaultdict(list))
    _table_only: set[str] = field(default_factory=set)  # people known only from an actor table

    def country(self, code: str | None) -> Country | None:
        """The country with this ISO alpha-3 code (None when unknown or not given)."""
        return self.countries.get(code.upper()) if code else None

    def lookup(self, text: str) -> KBActor | None:
        """The actor an alias names (case-insensitive, "the " stripped); metonyms give governments."""
        key = self._aliases.get(normalize_alias(text))
        if key:
            return self.actors[key]
        return self.government_of(text)

    def is_acronym(self, text: str) -> bool:
        """Whether an alias is only known in capitals ("WHO", "AP"): "Who" or "Ap" must not match it."""
        norm = normalize_alias(text)
        return norm in self._acronyms and norm not in self._mixed_case

    def needs_article(self, text: str) -> bool:
        """Whether a name is only known with "The" ("The Economist"): a bare "Economist" is a word."""
        norm = normalize_alias(text)
        return norm in self._with_article and norm not in self._bare

    def gender_of_name(self, name: str) -> str | None:
        """ "f" or "m" when the first word of a full name is a given name of one gender, else None."""
        words = name.split()
        return self.given_names.get(normalize_alias(words[0])) if len(words) > 1 else None

    def government_of(self, metonym: str) -> KBActor | None:
        """The government (or organisation) a capital or building stands for: "Downing Street" -> the United Kingdom's."""
        key = self._metonyms.get(normalize_alias(metonym))
        return self.actors.get(key) if key else None

    def country_of_demonym(self, word: str) -> str | None:
        """ISO alpha-3 of a demonym or adjective ("Chinese", "Russians", "US"), else None."""
        return self._demonyms.get(normalize_alias(word))

    def government(self, code: str) -> KBActor | None:
        return self.actors.get(f"kb:gov:{code}")

    def country_actor(self, code: str) -> KBActor | None:
        return self.actors.get(f"kb:country:{code}")

    def tenures_of(self, key: str) -> tuple[Tenure, ...]:
        """Every listed office tenure of an actor, in load order."""
        return tuple(self._tenures_by_key.get(key, ()))

    def gender_of_title(self, title: str) -> str | None:
        """ "m" or "f" for a courtesy title ("Mr.", "Mrs."), else None."""
        return self.title_genders.get(normalize_alias(title))

    def is_not_name(self, text: str) -> bool:
        """Whether a capitalised run is page furniture ("Story Continued Below"), never a name."""
        return normalize_alias(text) in self.not_names

    def is_not_name_start(self, word: str) -> bool:
        """Whether a capitalised word before a name is a link's verb ("Watch Nadler's remarks")."""
        return normalize_alias(word) in self.not_name_starts

    def is_facility_noun(self, word: str) -> bool:
        """Whether a lower-case noun after a name makes it a facility's ("Victor Verster prison")."""
        return word.islower() and word in self.facility_nouns

    def event_prefix_length(self, words: list[str]) -> int:
        """How many leading words name an event kind ("Tropical Storm" in "Tropical Storm Harvey"), 0 if none."""
        for n in (2, 1):
            if len(words) > n and normalize_alias(" ".join(words[:n])) in self.event_prefixes:
                return n
        return 0

    def is_event_name(self, text: str) -> bool:
        """Whether a name is a recurring event's ("the State of the Union"), no actor."""
        return normalize_alias(text) in self.event_names

    def subdivision(self, text: str) -> tuple[str, str] | None:
        """(name, ISO alpha-3) of a state or province named in full or by its abbreviation ("Vt.", "VT");
        abbreviations match as written, names in any case."""
        return self._subdivisions.get(text) or self._subdivisions.get(normalize_alias(text))

    def is_given_name(self, word: str) -> bool:
        """Whether a word is a known given name, of either gender or of both."""
        norm = normalize_alias(word)
        return norm in self.given_names or norm in self.unisex_given_names

    def is_group_name(self, text: str) -> bool:
        """Whether a name is a people's or a faith's ("Uighurs", "Sikhs"): a group, no actor."""
        return normalize_alias(text) in self.group_names

    def is_law_name(self, text: str) -> bool:
        """Whether a name is a law's or a treaty's: its last word says so ("Affordable Care Act")."""
        words = text.split()
        return len(words) > 1 and words[-1] in self.law_words

    def persons_by_surname(self, surname: str, context: set[str] | None = None) -> tuple[KBActor, ...]:
        """KB people with this surname; with ``context`` (the countries an article names), people known
        only from a converted actor table must be of one of them: of thousands of ministers, "Abbott"
        in an article about Texas is not the Australian prime minister."""
        keys = self._surnames.get(normalize_alias(surname), ())
        return tuple(
            self.actors[k]
            for k in keys
            if context is None or k not in self._table_only or self.actors[k].country in context
        )

    def office_of_role(self, noun: str) -> str | None:
        """The office a role noun names ("premier" -> head_of_government), else None."""
        return self.role_nouns.get(normalize_alias(noun))

    def office_holder(self, country: str, office: str, on: date | None = None) -> KBActor | None:
        """Who held an office on a date (today's holder when no date); "leader" means the executive."""
        found = self.country(country)
        if found is None:
            return None
        if office == "leader":
            office = found.leader_office
        if office == "president" and (country, "president") not in self._tenures:
            office = "head_of_state"
        for candidate in (office, "head_of_state") if office == "head_of_government" else (office,):
            holder = self._holder(country, candidate, on)
            if holder or self._tenures.get((country, candidate)):
                return holder
        return None

    def _holder(self, country: str, office: str, on: date | None) -> KBActor | None:
        tenures = self._tenures.get((country, office), [])
        for t in reversed(tenures):
            if (on is None and t.end is None) or (
                on is not None and t.start <= on and (t.end is None or on < t.end)
            ):
                return self.actors[t.key]
        return None

    def offices_of(self, key: str, on: date | None = None) -> tuple[tuple[str, str], ...]:
        """(country, office) pairs an actor held on a date (or ever, without a date)."""
        return tuple(
            (t.country, t.office)
            for t in self._tenures_by_key.get(key, [])
            if on is None or (t.start <= on and (t.end is None or on < t.end))
        )

    def held_office_near(self, key: str, on: date | None, years: int = 3) -> bool:
        """Whether the actor held any listed office within ``years`` of the date (any time if no date)."""
        for t in self._tenures_by_key.get(key, []):
            if on is None:
                return True
            end = t.end or date.max
            if t.start.year - years <= on.year <= end.year + years:
                return True
        return False

    # --- building -------------------------------------------------------------------------

    def add_actor(self, actor: KBActor) -> None:
        """Register an actor and its aliases; an existing actor with the key gains the new details."""
        old = self.actors.get(actor.key)
        if old is not None:
            actor = KBActor(
                key=actor.key,
                name=old.name,
                type=old.type,
                country=actor.country or old.country,
                wikidata=actor.wikidata or old.wikidata,
                aliases=tuple(dict.fromkeys(old.aliases + actor.aliases)),
                roles=tuple(dict.fromkeys(old.roles + actor.roles)),
                surname=actor.surname if actor.surname is not None else old.surname,
            )
        self.actors[actor.key] = actor
        for alias in (actor.name, *actor.aliases):
            norm = normalize_alias(alias)
            self._aliases.setdefault(norm, actor.key)
            (self._acronyms if alias.replace(".", "").isupper() else self._mixed_case).add(norm)
            (self._with_article if alias.lower().startswith("the ") else self._bare).add(norm)
        if actor.type == "person" and actor.surname:
            keys = self._surnames[normalize_alias(actor.surname)]
            if actor.key not in keys:
                keys.append(actor.key)
        if actor.type in ("agency", "outlet"):
            self.agencies[actor.name] = actor


def _person_key(name: str, wikidata: str | None) -> str:
    return f"kb:{wikidata}" if wikidata else f"kb:person:{slugify(name)}"


def _load_countries(kb: KnowledgeBase) -> None:
    for row in data_rows("countries.tsv"):
        split = lambda s: tuple(x.strip() for x in (s or "").split("|") if x.strip())  # noqa: E731
        c = Country(
            code=row["code"],
            name=row["name"],
            aliases=split(row["aliases"]),
            demonyms=split(row["demonyms"]),
            capitals=split(row["capital"]),
            leader_office="head_of_government" if row["leader"] == "hog" else "head_of_state",
            status=row["status"],
        )
        kb.countries[c.code] = c
        kb.add_actor(KBActor(f"kb:country:{c.code}", c.name, "country", c.code, aliases=c.aliases))
        kb.add_actor(KBActor(f"kb:gov:{c.code}", f"Government of {c.name}", "government", c.code))
        for demonym in c.demonyms:
            for form in plural_forms(demonym):
                kb._demonyms.setdefault(normalize_alias(form), c.code)
        for capital in c.capitals:
            kb._metonyms.setdefault(normalize_alias(capital), f"kb:gov:{c.code}")


def _load_subdivisions(kb: KnowledgeBase) -> None:
    for row in data_rows("subdivisions.tsv"):
        place = (row["name"], row["country"])
        kb._subdivisions.setdefault(normalize_alias(row["name"]), place)
        for abbreviation in (row["abbreviations"] or "").split("|"):
            if abbreviation:
                kb._subdivisions.setdefault(abbreviation, place)


def _load_organizations(kb: KnowledgeBase, data: dict) -> None:
    for org in data.get("organizations") or []:
        key = f"kb:{org['wikidata']}" if org.get("wikidata") else f"kb:org:{org['key']}"
        kb.add_actor(
            KBActor(
                key,
                org["name"],
                "organization",
                org.get("country"),
                org.get("wikidata"),
                tuple(org.get("aliases") or ()),
            )
        )
        kb._org_keys[org["key"]] = key


def _load_outlets(kb: KnowledgeBase) -> None:
    """News agencies and outlets from the one outlet list (outlets.yaml) as actors."""
    for row in outlet_records():
        if row.get("ambiguous"):
            continue
        kind = "agency" if row.get("kind") == "agency" else "outlet"
        key = f"kb:{row['wikidata']}" if row.get("wikidata") else f"kb:{kind}:{slugify(row['name'])}"
        kb.add_actor(
            KBActor(
                key,
                row["name"],
                kind,
                row.get("country"),
                row.get("wikidata"),
                tuple(row.get("aliases") or ()),
            )
        )


def outlet_records() -> list[dict]:
    """The outlet list: name, aliases, domains, country, kind (agency | newspaper | broadcaster | ...)."""
    return data_yaml("outlets.yaml")["outlets"]


def _load_metonyms(kb: KnowledgeBase, data: dict) -> None:
    for m in data.get("metonyms") or []:
        key = f"kb:gov:{m['country']}" if m.get("country") else kb._org_keys.get(m["org"])
        if key:
            kb._metonyms[normalize_alias(m["text"])] = key


def _load_officeholders(kb: KnowledgeBase, data: dict, details: dict[str, dict]) -> None:
    kb.role_nouns.update({normalize_alias(k): v for k, v in (data.get("role_nouns") or {}).items()})
    kb.titles = frozenset(normalize_alias(t) for t in data.get("titles") or ())
    for gender, titles in (data.get("courtesy_titles") or {}).items():
        kb.title_genders.update({normalize_alias(t): gender[0] for t in titles})
    for code, block in (data.get("countries") or {}).items():
        family_first = bool(block.get("family_name_first"))
        if family_first and code in kb.countries:
            c = kb.countries[code]
            kb.countries[code] = Country(**{**c.__dict__, "family_name_first": True})
        for office, rows in (block.get("offices") or {}).items():
            for name, start, end in rows:
                extra = details.get(name, {})
                key = _person_key(name, extra.get("wikidata"))
                surname = extra["surname"] if "surname" in extra else derive_surname(name, family_first)
                kb.add_actor(
                    KBActor(
                        key,
                        name,
                        "person",
                        code,
                        extra.get("wikidata"),
                        roles=(f"{office}:{code}",),
                        surname=surname,
                    )
                )
                tenure = Tenure(code, office, key, _parse_date(start), _parse_date(end))
                kb._tenures[(code, office)].append(tenure)
                kb._tenures_by_key[key].append(tenure)


def _load_persons(kb: KnowledgeBase, persons: list[dict]) -> None:
    """Person details: aliases and QIDs for office holders, and actors with no listed office."""
    for p in persons:
        key = _person_key(p["name"], p.get("wikidata"))
        country = p.get("country")
        surname = p["surname"] if "surname" in p else None if key in kb.actors else derive_surname(p["name"])
        kb.add_actor(
            KBActor(
                key,
                p["name"],
                "person",
                country,
                p.get("wikidata"),
                tuple(p.get("aliases") or ()),
                tuple(p.get("roles") or ()),
                surname,
            )
        )


def _load_actor_table(kb: KnowledgeBase, name: str) -> None:
    """People with dated roles converted from an event-data actor dictionary (phoenix_*.tsv).

    A role becomes a tenure of office ``agent:<code>`` ("agent:GOVLEG"), unless it overlaps an
    office the hand-checked officeholders.yaml already gives that person: one fact, one source.
    """
    for row in data_rows(name):
        name, code = row["name"], row["country"]
        known = kb.lookup(name)
        key = known.key if known is not None and known.type == "person" else _person_key(name, None)
        listed = list(kb._tenures_by_key.get(key, ()))
        roles = []
        for role in (row["roles"] or "").split(";"):
            agent, start, end = role.split()
            tenure = Tenure(code, f"agent:{agent}", key, _parse_date(start), _parse_date(end, "-"))
            if not any(_overlaps(tenure, t) for t in listed):
                kb._tenures[(code, tenure.office)].append(tenure)
                kb._tenures_by_key[key].append(tenure)
                roles.append(f"{agent}:{code}")
        aliases = tuple(a for a in (row["aliases"] or "").split("|") if a)
        country = kb.country(code)
        surname = (
            None if key in kb.actors else derive_surname(name, bool(country and country.family_name_first))
        )
        if key not in kb.actors:
            kb._table_only.add(key)
        kb.add_actor(KBActor(key, name, "person", code, None, aliases, tuple(dict.fromkeys(roles)), surname))


def _overlaps(a: Tenure, b: Tenure) -> bool:
    return a.start < (b.end or date.max) and b.start < (a.end or date.max)


def _common_words() -> frozenset[str]:
    """Words of news_df.tsv (word, tab, document frequency; no header) common enough to be words."""
    rows = (line.split("\t") for line in data_text("news_df.tsv").splitlines() if not line.startswith("#"))
    return frozenset(row[0] for row in rows if len(row) == 2 and float(row[1]) >= COMMON_DF)


def merge_extra(kb: KnowledgeBase, path: Path) -> None:
    """Merge a user YAML/JSON file of ``persons`` / ``organizations`` into the KB."""
    data = _read_structured(path)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping with persons/organizations lists")
    _load_persons(kb, data.get("persons") or [])
    _load_organizations(kb, data)


@lru_cache(maxsize=8)
def load_kb(extra: Path | None = None) -> KnowledgeBase:
    """The shipped knowledge base, plus a user file of extra actors; cached per path."""
    kb = KnowledgeBase()
    _load_countries(kb)
    actor_data = data_yaml("actors.yaml")
    actors = actor_data.get("persons") or []
    for gender, names in (actor_data.get("given_names") or {}).items():
        kb.given_names.update({normalize_alias(n): gender[0] for n in names})
    details = {p["name"]: p for p in actors}
    _load_officeholders(kb, data_yaml("officeholders.yaml"), details)
    _load_persons(kb, actors)
    _load_actor_table(kb, "phoenix_actors.tsv")
    _load_actor_table(kb, "phoenix_leaders.tsv")
    _load_organizations(kb, data_yaml("organizations.yaml"))
    _load_outlets(kb)
    _load_metonyms(kb, data_yaml("metonyms.yaml"))
    rules = data_yaml("name_rules.yaml")
    kb.not_names = frozenset(normalize_alias(x) for x in rules.get("not_names") or ())
    kb.event_prefixes = frozenset(normalize_alias(x) for x in rules.get("event_prefixes") or ())
    kb.event_names = frozenset(normalize_alias(x) for x in rules.get("event_names") or ())
    kb.law_words = frozenset(rules.get("law_words") or ())
    kb.org_words = frozenset(rules.get("org_words") or ())
    kb.not_name_starts = frozenset(normalize_alias(x) for x in rules.get("not_name_starts") or ())
    kb.facility_nouns = frozenset(rules.get("facility_nouns") or ())
    kb.name_breaks = frozenset(rules.get("name_breaks") or ())
    kb.org_evidence = frozenset(rules.get("org_evidence") or ())
    kb.place_words = frozenset(rules.get("place_words") or ())
    kb.unisex_given_names = frozenset(normalize_alias(x) for x in rules.get("unisex_given_names") or ())
    kb.common_words = _common_words()
    kb.group_names = frozenset(normalize_alias(x) for x in rules.get("group_names") or ())
    _load_subdivisions(kb)
    lines = data_text("speech_verbs.txt").splitlines()  # the quotes stage's lexicon, shared
    kb.speech_verbs = frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))
    if extra is not None:
        merge_extra(kb, Path(extra))
    return kb
