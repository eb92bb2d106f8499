"""Actors for events: which canonical person, government or country a parse token stands for.

The entities stage resolves mentions; this index reads them, and covers what it leaves out with
small general rules: a capital or a seat of government as subject stands for its government
("Beijing said"), a role noun with a nationality stands for the last-named person of that country
("his Russian counterpart"), a pronoun for the one person named just before it, "the leaders of X and Y" for X and Y.
Country words come from the knowledge base, or from its data files while the KB API is not there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from parallax.kb import data_rows, data_yaml, outlet_records
from parallax.model import Actor, Article, stable_id
from parallax.nlp.event_context import is_agent_noun, is_agent_word, is_press_name, is_thing_word, speaks_for

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ROLE_NOUNS = {"president", "leader", "counterpart", "official", "minister", "premier", "chancellor"}
ROLE_NOUNS |= {"envoy", "diplomat", "secretary", "king", "prince", "spokesman", "spokeswoman", "ambassador"}
ROLE_NOUNS |= {"spokesperson", "general", "commander", "head", "monarch", "emir", "sultan", "dictator"}
QUANTITIES = {"hundred", "thousand", "dozen", "million", "group", "delegation", "side", "number"}
MALE = {"he", "him", "his"}
FEMALE = {"she", "her", "hers"}
PRONOUNS = MALE | FEMALE
RELATIVES = {"who", "that", "which", "whom"}
# a link's headline glued to the name before it ("Cory Scott GardnerTariffs", "John McCain2020"); a
# capital after one or two lower-case letters stays a name ("McConnell", "DeSantis", "MacArthur")
# a title with a possessive and no name between: "Mr. ’s campaign" (the name was a link the page lost)
STRAY_POSSESSIVE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.?\s+['’]s\b")
GLUED = re.compile(r"[a-z]{3,}[A-Z]|[a-z]{2,}\d")


@dataclass(frozen=True)
class CountryWords:
    """Country names, aliases, demonyms, capitals and government seats mapped to alpha-3 codes."""

    codes: dict[str, str]  # surface form -> code
    names: dict[str, str]  # code -> English short name
    seats: frozenset[str] = (
        frozenset()
    )  # surface forms that stand for a government (capitals, "Downing Street")

    def code_of(self, text: str) -> str | None:
        clean = text.strip().removeprefix("the ").removeprefix("The ")
        if clean in self.codes:
            return self.codes[clean]
        low = clean.lower()
        return self.codes.get(low) if low not in ("us", "un") else None


@lru_cache(maxsize=1)
def load_country_words() -> CountryWords:
    """Read the KB's country and metonym tables."""
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    seats: set[str] = set()
    for rec in data_rows("countries.tsv"):
        code = rec.get("code") or ""
        names[code] = rec.get("name") or code
        for col in ("name", "aliases", "demonyms", "capital"):
            for form in (rec.get(col) or "").split("|"):
                if form.strip():
                    codes.setdefault(form.strip(), code)
                    codes.setdefault(form.strip().lower(), code)
                    if col == "capital":
                        seats.add(form.strip())
        for form in (rec.get("demonyms") or "").split("|"):
            if form.strip():
                codes.setdefault(form.strip().lower() + "s", code)
    for row in (data_yaml("metonyms.yaml") or {}).get("metonyms") or []:
        if row.get("country"):
            codes.setdefault(str(row["text"]), row["country"])
            codes.setdefault(str(row["text"]).lower(), row["country"])
            seats.add(str(row["text"]))
    return CountryWords(codes, names, frozenset(seats))


@dataclass
class ActorIndex:
    """Actor spans of one article (character offsets) and the rules that resolve a parse token."""

    spans: list[
        tuple[int, int, Actor, str]
    ]  # start, end, actor, kind (person | person-subj | country | other)
    words: CountryWords
    press: frozenset[str] = frozenset()  # outlet, agency and byline names: never actors

    @cached_property
    def people(self) -> frozenset[str]:
        """The person actors of the article, by entity id or name."""
        return frozenset(s[2].entity_id or s[2].name for s in self.spans if s[3].startswith("person"))

    def person_named(self, word: str) -> Actor | None:
        """A person of this article by one word of their name ("Trump" in "Trump administration")."""
        people = {s[2] for s in self.spans if s[3].startswith("person") and word in s[2].name.split()}
        return people.pop() if len(people) == 1 else None

    def actors_of(self, tok: Token) -> list[Actor]:
        """The actors a noun phrase head stands for, conjuncts included ("Macron and Scholz")."""
        found = self.resolve(tok)
        for conj in tok.conjuncts if tok.dep_ != "conj" else ():
            found.extend(self.resolve(conj))
        return [a for a in found if not is_press(a.name, a, self.press)]

    def resolve(self, tok: Token) -> list[Actor]:
        low = tok.lower_
        if low in ("whom", "who") and tok.dep_ in ("dobj", "obj") and tok.head.dep_ == "relcl":
            return self.actors_of(tok.head.head)  # "Putin, whom Nemtsov criticized"
        if low in RELATIVES and tok.dep_.startswith("nsubj") and tok.head.dep_ == "relcl":
            # "the jurist who threatened": a relative subject acts only when its antecedent names an actor
            ante = tok.head.head
            named = self.span_at(ante.idx) is not None or is_agent_noun(ante) or ante.pos_ == "PROPN"
            return self.actors_of(ante) if named else []
        if tok.lemma_ == "one" and tok.dep_ == "attr":
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
            return self.actors_of(subj[0]) if subj else []
        if low in PRONOUNS:
            covered = self.span_at(tok.idx)
            return [covered[2]] if covered else self.pronoun_person(tok)
        covered = self.span_at(tok.idx)
        if covered is not None:
            # "Jim Jordan" is a person, not the country his surname spells
            return [] if covered[3] == "country" and tok.ent_type_ == "PERSON" else [covered[2]]
        for child in tok.children:
            if (
                child.dep_ == "prep"
                and child.lower_ == "of"
                and (tok.lemma_.lower() in ROLE_NOUNS | QUANTITIES or tok.pos_ == "NUM")
            ):
                pobjs = [g for g in child.children if g.dep_ == "pobj"]
                if pobjs:
                    return self.actors_of(pobjs[0])
        return self.resolve_modified(tok)

    def resolve_modified(self, tok: Token) -> list[Actor]:
        """ "his Russian counterpart", "US officials", "Trump administration officials"."""
        code = None
        for mod in (t for t in tok.subtree if t.i < tok.i):
            if mod.dep_ not in ("amod", "compound", "nmod", "poss") or mod.lower_ in PRONOUNS:
                continue
            code = self.words.code_of(f"{mod.text} {mod.nbor().text}") or self.words.code_of(mod.text)
            others = [self.words.code_of(c.text) for c in mod.conjuncts]
            if code and any(others):
                rest = " ".join(
                    t.text for t in tok.subtree if t.i <= tok.i and t.i > max(c.i for c in mod.conjuncts)
                )
                pairs = [(mod.text, code), *((c.text, self.words.code_of(c.text)) for c in mod.conjuncts)]
                return [Actor(f"{word} {rest}", c, None) for word, c in pairs if c]
            covered = self.span_at(mod.idx)
            if mod.dep_ == "poss" and covered is not None:
                # "Trump's lawyers said", "Cummings' letter urged"; not "Trump's strategy appeals to ..."
                acts = not tok.dep_.startswith("nsubj") or is_agent_noun(tok) or speaks_for(tok)
                return [covered[2]] if acts else []
            if code is None and covered is not None:
                code = covered[2].country
            if code is None and mod.pos_ == "PROPN" and self.person_named(mod.text):
                code = self.person_named(mod.text).country
            if code:
                break
        if code is None:
            return []
        if not (is_agent_noun(tok) or tok.pos_ == "PROPN"):
            # "tariffs on Australian barley": the country stands behind a thing, which is no actor itself;
            # a thing does nothing, though: "Trump's trade policies threaten ..." has no actor as subject
            return (
                [] if tok.dep_.startswith("nsubj") else [Actor(self.words.names.get(code, code), code, None)]
            )
        if tok.lemma_.lower() in ROLE_NOUNS and tok.tag_ in ("NN", "NNP"):
            person = self.last_person(tok.idx, code)
            if person:
                return person
        phrase = " ".join(t.text for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("det", "poss"))
        return [Actor(phrase, code, None)]

    def span_at(self, char: int) -> tuple[int, int, Actor, str] | None:
        for span in self.spans:
            if span[0] <= char < span[1]:
                return span
        return None

    def pronoun_person(self, tok: Token) -> list[Actor]:
        """The one person a pronoun can mean: named before it in its sentence, or as a subject in the
        sentence before. Two people there ("identified the gunman as X ... and said he shot"), or a
        subject before it that names no person ("The chairman grew impassioned as he called"), and the
        pronoun stays unread."""
        sent = tok.sent
        if any(t.dep_.startswith("nsubj") and t.pos_ == "NOUN" for t in tok.doc[sent.start : tok.i]):
            return []
        if {t.lower_ for t in sent} & MALE and {t.lower_ for t in sent} & FEMALE:
            return []  # "He said she was cooperating": one name cannot be both
        here = [
            s for s in self.spans if s[3].startswith("person") and sent.start_char <= s[0] and s[1] <= tok.idx
        ]
        if tok.dep_ in ("dobj", "obj", "dative", "pobj"):
            # "Vasko telephoned her": an object pronoun is not its own clause's subject
            subjects = [
                (c.left_edge.idx, c.right_edge.idx + len(c.right_edge))
                for c in tok.head.children
                if c.dep_.startswith("nsubj")
            ]
            here = [s for s in here if not any(a <= s[0] and s[1] <= b for a, b in subjects)]
        if not here and sent.start > 0:
            before = tok.doc[sent.start - 1].sent
            here = [
                s
                for s in self.spans
                if s[3] == "person-subj" and before.start_char <= s[0] and s[1] <= before.end_char
            ]
        people = [s[2] for s in here]
        return people[-1:] if len({a.entity_id or a.name for a in people}) == 1 else []

    def last_person(self, char: int, country: str) -> list[Actor]:
        """The last person of that country named before ``char`` ("his Russian counterpart")."""
        people = [
            s for s in self.spans if s[3].startswith("person") and s[1] <= char and s[2].country == country
        ]
        return [people[-1][2]] if people else []


def is_clean_name(actor: Actor) -> bool:
    """A name an actor can have: not glued to a link's headline ("Cory GardnerTariffs"), no possessive
    left without its name ("Mr. ’s campaign"), no handle or markup ("@POTUS", "(@Rep) June"), not a thing ("Defense of Marriage Act", "accusations")."""
    name = actor.name
    if GLUED.search(name) or STRAY_POSSESSIVE.search(name) or any(ch in name for ch in "@()[]|—–/\\"):
        return False
    words = name.split()
    if not words or is_thing_word(words[-1]) or is_press_name(name):
        return False
    return actor.entity_id is not None or any(w[:1].isupper() for w in words) or is_agent_word(words[-1])


def build_actor_index(article: Article, doc: Doc, kb: object) -> ActorIndex:
    """Actor spans from the entities stage's mentions, completed from spaCy's entities."""
    words = load_country_words()
    entities = {e.id: e for e in article.entities}
    spans: list[tuple[int, int, Actor, str]] = []
    for m in article.mentions:
        # the entities stage names an entity stable_id("ent", key) after its mentions' key
        ent = entities.get(stable_id("ent", m.entity_key)) or entities.get(m.entity_key)
        if ent is None:
            continue
        kind = (
            person_kind(doc, m.start)
            if ent.type == "person"
            else ("country" if ent.type in ("country", "government") else "other")
        )
        spans.append((m.start, m.end, Actor(last_line(ent.name), ent.country, ent.id), kind))
    fallback = fallback_spans(doc, words, kb)
    for n, (start, end, actor, kind) in enumerate(spans):
        if actor.country is None:
            # the text may say the country the KB does not know ("Jordan's King Abdullah", "the US Treasury")
            code = next((a.country for s, e, a, _ in fallback if s < end and start < e and a.country), None)
            spans[n] = (start, end, replace(actor, country=code), kind)
    covered = [(s, e) for s, e, _, _ in spans]
    for start, end, actor, kind in fallback:
        if not any(s < end and start < e for s, e in covered):
            spans.append((start, end, actor, kind))
    press = press_names() | {n.lower().removeprefix("the ") for n in (article.outlet, article.author) if n}
    spans = [s for s in spans if not is_press(article.text[s[0] : s[1]], s[2], press)]
    spans.sort(key=lambda s: s[0])
    return ActorIndex(spans, words, frozenset(press))


@lru_cache(maxsize=1)
def press_names() -> frozenset[str]:
    """Outlet and agency names and aliases from the KB (lower case, without a leading "the")."""
    rows = outlet_records()
    names = {str(n) for r in rows for n in [r.get("name"), *(r.get("aliases") or [])] if n}
    return frozenset(n.lower().removeprefix("the ") for n in names)


def is_press(surface: str, actor: Actor, press: frozenset[str]) -> bool:
    """A byline, outlet or agency ("USA TODAY", "Reuters") reports events; it is never their actor."""
    return any(n.strip().lower().removeprefix("the ") in press for n in (surface, actor.name))


def person_kind(doc: Doc, char: int) -> str:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return "person-subj" if span is not None and span.root.dep_ in ("nsubj", "nsubjpass") else "person"


def fallback_spans(doc: Doc, words: CountryWords, kb: object) -> list[tuple[int, int, Actor, str]]:
    """People (with the nationality the text gives them), countries and seats of government."""
    # entities with no word in them (whitespace the NER labelled on real pages) name nobody
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.text.split()]
    named = [(p.text, frozenset(p.text.split())) for p in people]  # Span.text builds a string per call
    full = {text: longest_name(text, named) or text for text, _ in named}
    country_of: dict[str, str] = {}
    for ent in people:
        code = nationality_near(ent, words)
        if code and full[ent.text] not in country_of:
            country_of[full[ent.text]] = code
    names = {w for _, words_in in named for w in words_in}
    spans = []
    for ent in (e for e in doc.ents if e.text.split()):
        name = longest_name(ent.text, named)
        if ent.label_ != "PERSON" and name and words.code_of(ent.text) is None:
            spans.append(
                (
                    ent.start_char,
                    ent.end_char,
                    Actor(name, country_of.get(name) or kb_country(kb, name), None),
                    kind_of(ent),
                )
            )
        elif ent.label_ == "ORG" and set(ent.text.split()) & names and words.code_of(ent.text) is None:
            # "the Trump administration": a person's government or team
            name = next(text for text, words_in in named if set(ent.text.split()) & words_in)
            code = country_of.get(full.get(name, name)) or kb_country(kb, full.get(name, name))
            spans.append(
                (ent.start_char, ent.end_char, Actor(ent.text.removeprefix("the "), code, None), "other")
            )
        elif ent.label_ == "PERSON":
            name = full[ent.text]
            code = country_of.get(name) or kb_country(kb, name)
            spans.append((ent.start_char, ent.end_char, Actor(last_line(name), code, None), kind_of(ent)))
        elif ent.label_ in ("GPE", "ORG", "FAC", "NORP", "LOC"):
            code = words.code_of(ent.text)
            if code is None and ent.label_ == "ORG":
                name = ent.text.removeprefix("the ")
                code = kb_country(kb, name) or org_country(ent, words)
                spans.append((ent.start_char, ent.end_char, Actor(name, code, None), "other"))
                continue
            if code is None or (ent.label_ == "NORP" and ent.root.dep_ == "amod"):
                continue
            spans.append(
                (ent.start_char, ent.end_char, Actor(words.names.get(code, ent.text), code, None), "country")
            )
    return spans


def last_line(name: str) -> str:
    """A name never spans a paragraph break: "Morgan Chalfant\n\nCohen" is a byline, then Cohen."""
    return name.strip().splitlines()[-1].strip() if "\n" in name.strip() else name


def longest_name(text: str, named: list[tuple[str, frozenset[str]]]) -> str | None:
    """The longest person name holding every word of ``text`` ("Scholz" -> "Olaf Scholz"), or None:
    the words of "Berg Holm" may come from two different people, so no one name holds them all."""
    wanted = set(text.split())
    return max((name for name, words_in in named if wanted <= words_in), key=len, default=None)


def org_country(ent, words: CountryWords) -> str | None:
    """A body's country when its name or modifiers say it ("the US Treasury", "Peru's Congress")."""
    inside = [t.text for t in ent] + [f"{a.text} {b.text}" for a, b in pairwise(ent)]
    mods = [c.text for c in ent.root.children if c.dep_ in ("poss", "amod", "compound") and c.i < ent.start]
    return next((words.code_of(w) for w in inside + mods if words.code_of(w)), None)


def kind_of(ent) -> str:
    """ "person-subj" for a person named as a clause subject (pronouns prefer those), else "person"."""
    return "person-subj" if ent.root.dep_ in ("nsubj", "nsubjpass") else "person"


def nationality_near(ent, words: CountryWords) -> str | None:
    """The country a name's own noun phrase or apposition gives ("Chinese President Xi Jinping")."""
    root = ent.root
    before = [t for t in root.doc[root.left_edge.i : ent.start]]
    # the apposition's own noun phrase ("China's foreign minister"), not its clauses ("... in the Russia probe")
    appos = [
        t for c in root.children if c.dep_ == "appos" for t in c.subtree if t.head.i == c.i or t.i == c.i
    ]
    if root.dep_ == "appos":
        before += [t for t in root.head.subtree if t.i < root.head.i + 1]
    if root.dep_ == "pobj" and root.head.lower_ in ("under", "of"):
        before.append(root.head.head)
    for tok in before + appos:
        code = words.code_of(tok.text)
        if code:
            return code
    return None


def kb_country(kb: object, name: str) -> str | None:
    """The country the knowledge base gives a person, when its lookup API is there."""
    lookup = getattr(kb, "lookup", None)
    if lookup is None:
        return None
    try:
        found = lookup(name)
    except Exception:  # the KB API is still settling; an unknown name is not an error here
        return None
    if isinstance(found, list | tuple):
        found = found[0] if found else None
    return getattr(found, "country", None)
