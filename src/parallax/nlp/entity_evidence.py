"""Type by evidence: what the words of a name and all its mentions in an article say it is.

NER labels each mention on its own: "Kirstjen Nielsen" may be an organisation in one sentence
and a person in the next, a first name alone a place. These rules settle a name's type by a vote
over its mentions and from a longer name the article gives ("Highway" where "Highway Patrol" is
named). A name whose type the evidence cannot settle (one
mention, no known word, no place phrase) is kept as a mention but output as no entity.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from parallax.kb import KnowledgeBase, normalize_alias
from parallax.nlp.entity_places import is_location
from parallax.nlp.entity_roles import Found

if TYPE_CHECKING:
    from spacy.tokens import Doc

KIND_LABELS = {"person": "PERSON", "organization": "ORG", "place": "GPE"}
TIE_ORDER = ("person", "organization", "place")
PLACING = frozenset(
    ["in", "at", "near", "outside", "inside", "across", "throughout", "within", "around"]
)  # of equal votes, the likelier NER slip is the later kind


def kind_of(key: str) -> str:
    return key.split(":", 2)[1]


def vote_kinds(names: list[Found], info: dict) -> None:
    """One kind per multi-word unknown name in an article: the kind most of its mentions got (a tie
    goes to a person, then an organisation); every mention takes the winner's key."""
    by_text: dict[str, list[Found]] = {}
    for f in names:
        if f.key and f.key.startswith("name:") and kind_of(f.key) in KIND_LABELS:
            by_text.setdefault(f.key.split(":", 2)[2], []).append(f)
    for norm, group in by_text.items():
        votes = Counter(kind_of(f.key) for f in group if f.key)
        if len(votes) < 2 or " " not in norm:
            continue
        kind = max(votes, key=lambda k: (votes[k], -TIE_ORDER.index(k)))
        key = f"name:{kind}:{norm}"
        first = next(f for f in group if f.key == key)
        for f in group:
            f.key, f.label = key, KIND_LABELS[kind]
        info.setdefault(key, info.get(first.key, (norm, kind, None)))


def join_truncated(doc: Doc, names: list[Found]) -> None:
    """A one-word unknown name that starts or ends exactly one longer name of the article is that name,
    cut short ("Highway" for "Highway Patrol", a given name NER took for a place for the person named
    in full), unless the words around it locate it."""
    longer: dict[str, set[tuple[str, str]]] = {}
    for f in names:
        if f.key and f.end - f.name_start > 1:
            words = doc[f.name_start : f.end].text.split()
            for word in {words[0], words[-1]}:
                longer.setdefault(normalize_alias(word), set()).add((f.key, f.label))
    for f in names:
        one_word = f.key and f.key.startswith("name:") and f.end - f.name_start == 1
        if one_word and not is_location(doc, f.start, f.end):  # "in Lincoln" stays the town
            found = longer.get(normalize_alias(doc[f.name_start].text), set())
            if len(found) == 1:
                f.key, f.label = next(iter(found))


def settled(doc: Doc, kb: KnowledgeBase, f: Found, text: str) -> bool:
    """Whether the evidence settles a name mentioned once, with no KB entry: a person's full name, an
    institution's last word or a long acronym, a place that the words locate ("in X", "X, Y") or a
    state; an event keeps its prefix. Else the name is left out of the output entities."""
    kind = kind_of(f.key or "name:other:")
    words = text.split()
    if kind == "person":
        return len(words) > 1
    if kind == "organization":
        last = words[-1].rstrip(",.") if words else ""
        acronym = len(text) >= 3 and text.replace("-", "").replace("&", "").isupper()
        return last in kb.org_words or last in kb.org_evidence or acronym
    if kind == "place":
        after = doc[f.end] if f.end < len(doc) else None
        listed = after is not None and after.text == "," and f.end + 1 < len(doc) and doc[f.end + 1].is_title
        return bool(kb.subdivision(text)) or is_located(doc, f.start) or listed
    return True


def is_located(doc: Doc, start: int) -> bool:
    """ "in X", "at the X": a preposition that places something, not one that any noun takes ("to",
    "into", "from" go before people and ideas too)."""
    i = start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in PLACING


def of_common_words(doc: Doc, kb: KnowledgeBase, group: list[Found]) -> bool:
    """A "person" whose full name starts with a common word that is no known given name ("Kill
    Switch", "Head Start", "Common Core"): a title, a programme or a policy NER took for a name."""
    names = [
        doc[f.name_start : f.end].text.split()
        for f in group
        if f.label == "PERSON" and f.name_start is not None
    ]
    words = max(names, key=len, default=[])
    return len(words) > 1 and not kb.is_given_name(words[0]) and words[0].lower() in kb.common_words


def is_modifier_only(doc: Doc, group: list[Found], before_nouns: bool) -> bool:
    """Every mention of a name is joined to a lower-case word ("the Doe-era rules") or, with
    ``before_nouns``, qualifies a common noun after it ("the Jane Doe students", "Doe economics"): a
    period's, a school's, a doctrine's or a brand's name, not an actor."""
    for f in group:
        root = doc[f.start : f.end].root
        joined = f.end + 1 < len(doc) and doc[f.end].text == "-" and doc[f.end + 1].is_lower
        qualifies = (
            root.dep_ in ("compound", "amod", "nmod") and root.head.i >= f.end and root.head.pos_ == "NOUN"
        )
        if not (joined or (before_nouns and qualifies)):
            return False
    return True


def unsettled_keys(doc: Doc, kb: KnowledgeBase, found: list[Found]) -> set[str]:
    """The unknown names of an article whose type the evidence cannot settle: named once with no
    telling word or phrase, only ever a modifier, or a "person" named with a common word."""
    groups: dict[str, list[Found]] = {}
    for f in found:
        if f.key and f.key.startswith("name:"):
            groups.setdefault(f.key, []).append(f)
    unsettled = set()
    for key, group in groups.items():
        f = group[0]
        text = doc[f.start if f.name_start is None else f.name_start : f.end].text
        once = len(group) == 1 and not settled(doc, kb, f, text)
        person = kind_of(key) == "person"
        if once or is_modifier_only(doc, group, person) or (person and of_common_words(doc, kb, group)):
            unsettled.add(key)
    return unsettled
