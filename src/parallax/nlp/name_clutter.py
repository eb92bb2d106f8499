"""Names that are no names: page furniture, words glued across lost line breaks, storms.

Extracted pages keep clutter that NER reads as people: hover cards run a name into the next
("Jeff Sessions Jefferson (Jeff) Beauregard Sessions"), lost spaces glue two names into one
token ("RomneyJon"), furniture phrases look like titles ("Story Continued Below"). Named storms
("Hurricane Matthew") are events. The phrases and prefixes are data in kb/data/name_rules.yaml.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from parallax.kb import KnowledgeBase, normalize_alias
from parallax.nlp.entity_roles import Found

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A lower-case run then a capital inside one token: two words whose space was lost ("RomneyJon").
# Three lower-case letters at least, so "McConnell", "DeSantis" and "MacArthur" stay names.
GLUED = re.compile(r"[a-z]{3}[A-Z]")
CLOCK = re.compile(r"\d{1,2}:\d{2}")  # "7:11am PDT" is a time, whatever NER calls it
POSSESSIVES = ("'s", "\u2019s", "'", "\u2019")
# Lower-case words a name may hold besides function words: particles of family names.
NAME_PARTICLES = frozenset(
    [
        "al",
        "el",
        "bin",
        "ibn",
        "de",
        "da",
        "di",
        "do",
        "dos",
        "das",
        "du",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "la",
        "le",
        "las",
        "los",
        "y",
        "e",
        "ter",
        "zu",
        "af",
    ]
)
HANDLE_MARKS = ("#", "@")  # "#DemDebate", "@KamalaHarris": a hashtag or a handle, not a name


def drop_clutter(doc: Doc, kb: KnowledgeBase, found: list[Found]) -> list[Found]:
    """Furniture and glued names dropped, a name run into a hover card cut, storms made events."""
    kept = []
    for f in (part for whole in found for part in split_at_lower_word(doc, kb, whole)):
        while f.end - f.start > 1 and kb.is_not_name_start(doc[f.start].text):
            f.start = f.name_start = f.start + 1  # "Watch Nadler's remarks": a link's verb, no name
        while f.end - f.start > 1 and doc[f.end - 1].is_stop and doc[f.end - 1].is_lower:
            f.end -= 1  # "Planned Parenthood of": NER stopped inside a longer name
        f.end = next((t.i for t in doc[f.start + 1 : f.end] if t.text in kb.name_breaks), f.end)
        cut_at_repeat_or_line_break(doc, f)
        take_given_name_before(doc, kb, f)
        while f.label == "ORG" and f.end < len(doc) and doc[f.end].text in kb.org_evidence:
            f.end += 1  # "a Highway Patrol officer": NER stopped before the institution's last word
        cut_possessive_owner(doc, kb, f)
        text = doc[f.start : f.end].text
        if kb.is_not_name(text) or is_nickname_gloss(doc, kb, f) or CLOCK.search(text) or "/" in text:
            continue  # "REUTERS/Brian Snyder", "Jim Watson/AFP": a photo credit, no actor
        if f.label == "PERSON" and doc[f.start].text == "The":
            continue  # "The Lion King": a title, no person
        if kb.is_group_name(text) or glued_after_known_name(doc, kb, f) or is_shouted(doc, f):
            continue  # "Uighurs": a people; "DoeHouse": a hover card; "HIDE AWAY IN MANSION": a headline
        if is_handle(doc, f) or kb.is_law_name(text) or names_a_law_after(doc, kb, f) or is_case_name(doc, f):
            continue  # "#DemDebate"; "the Affordable Care Act", "the Lisbon treaty", "Roe v. Wade": no actors
        relabel_by_words(doc, kb, f)
        if not text[:1].isupper() or is_headline_run(doc, f) or names_a_place_after(doc, kb, f):
            continue  # "chaplains", "“Air Quality in America", "Roberts Critical Of ...", "X prison"
        if any(GLUED.search(t.text) for t in doc[f.start : f.end]) and (
            f.label == "PERSON" or glues_a_known_name(doc, kb, f) or starts_with_given_name(doc, kb, f)
        ):
            continue  # "RomneyJon", "Edward CruzHillicon Valley": a hover card run into the next words
        cut_before_gloss(doc, kb, f)
        if take_event_prefix(doc, kb, f):
            f.label = "EVENT"
        elif f.label == "EVENT" or kb.is_event_name(text):
            continue  # other events ("the Olympics", "the State of the Union") are no actors
        kept.append(f)
    return kept


def take_given_name_before(doc: Doc, kb: KnowledgeBase, f: Found) -> None:
    """ "Ana [Navarro]": a one-word name right after a known given name NER left out is that person's."""
    before = doc[f.start - 1] if f.start > 0 else None
    if (
        f.end - f.start == 1
        and f.label in ("PERSON", "ORG")
        and before is not None
        and before.whitespace_ == " "
        and before.is_title
        and kb.is_given_name(before.text)
        and not (before.i > 0 and doc[before.i - 1].is_title and not doc[before.i - 1].is_sent_start)
    ):
        f.start = f.name_start = f.start - 1
        f.label = "PERSON"


def cut_at_repeat_or_line_break(doc: Doc, f: Found) -> None:
    """A name ends before a word it repeats ("Jane Doe Jane Ann DoeHouse": a hover card's full name
    after the name) and at a line break (a caption or a list item before the next line)."""
    words = [t.text for t in doc[f.start : f.end]]
    repeat = next((i for i in range(1, len(words)) if words[i] in words[:i] and words[i][:1].isupper()), None)
    if repeat is not None:
        f.end = f.start + repeat
    while f.end - f.start > 1 and not doc[f.end - 1].text.strip():
        f.end -= 1  # trailing line-break tokens
    breaks = [t.i for t in doc[f.start : f.end - 1] if "\n" in t.text_with_ws]
    if breaks:
        f.start = f.name_start = breaks[-1] + 1  # "Getty\n\nConway": the name is the last line's
        while f.start < f.end and not doc[f.start].text.strip():
            f.start = f.name_start = f.start + 1


def is_shouted(doc: Doc, f: Found) -> bool:
    """A word of a headline written in capitals ("HIDE AWAY IN MANSION"): capitals on both sides."""
    if not doc[f.start : f.end].text.isupper():
        return False
    sides = [doc[i] for i in (f.start - 1, f.end) if 0 <= i < len(doc) and doc[i].is_alpha]
    return len(sides) == 2 and all(t.is_upper and len(t) > 1 for t in sides)


def cut_possessive_owner(doc: Doc, kb: KnowledgeBase, f: Found) -> None:
    """ "Fox News' Adam Shaw": a person's name after an owner's possessive is the mention, when the owner
    is a known actor or the name starts with a known given name; the owner is another thing."""
    if f.label not in ("PERSON", "ORG"):
        return
    for i in range(f.start + 1, f.end - 2):
        if doc[i].text not in POSSESSIVES:
            continue
        rest = doc[i + 1 : f.end]
        plain = len(rest) <= 3 and all(t.is_alpha and t.text[:1].isupper() for t in rest)
        owner = doc[f.start : i].text
        if plain and (kb.lookup(owner) or normalize_alias(rest[0].text) in kb.given_names):
            f.start = f.name_start = i + 1
            f.label = "PERSON"
        return


def glued_after_known_name(doc: Doc, kb: KnowledgeBase, f: Found) -> bool:
    """A token gluing a known surname or given name to the next word ("DoeHouse"): a hover card or a
    link run into the text, not a name of its own."""
    for t in doc[f.start : f.end]:
        glue = GLUED.search(t.text)
        if glue and kb.lookup(t.text) is None:
            head = normalize_alias(t.text[: glue.end() - 1])
            if head in kb.given_names or kb.persons_by_surname(head):
                return True
    return False


def is_handle(doc: Doc, f: Found) -> bool:
    """A hashtag or a social-media handle: "#" or "@" right before the span."""
    before = doc[f.start - 1] if f.start > 0 else None
    return before is not None and before.text in HANDLE_MARKS and not before.whitespace_


def split_at_lower_word(doc: Doc, kb: KnowledgeBase, f: Found) -> list[Found]:
    """A name holds no lower-case word but function words and particles: NER that ran a sentence's
    first words into a name ("People leave Disney") or two names into one ("The Associated Press the
    Justice Department": a "the" after a capitalised word starts a new name) is cut at that word.
    The part after it stays; the part before only when it is a known actor."""
    for i in range(f.end - 2, f.start, -1):
        t = doc[i]
        if not (t.is_alpha and t.is_lower) or not doc[i + 1].text[:1].isupper():
            continue
        starts_name = t.lower_ == "the" and not doc[i - 1].is_lower
        if starts_name or not (t.is_stop or t.lower_ in NAME_PARTICLES):
            after = Found(i + 1, f.end, f.label, name_start=i + 1)
            before = doc[f.start : i]
            head = [Found(f.start, i, f.label, name_start=f.start)] if kb.lookup(before.text) else []
            return [*head, after]
    return [f]


def is_case_name(doc: Doc, f: Found) -> bool:
    """A court case ("Roe v. Wade", "De Niz Robles v. Lynch", "Roe v." cut short) names no actor."""
    return any(t.lower_ in ("v.", "vs.") for t in doc[f.start + 1 : f.end])


def names_a_law_after(doc: Doc, kb: KnowledgeBase, f: Found) -> bool:
    """A place before a lower-case law word names the law ("the Lisbon treaty", "the Paris accord")."""
    nxt = doc[f.end] if f.end < len(doc) else None
    return nxt is not None and nxt.is_lower and nxt.text.capitalize() in kb.law_words


def starts_with_given_name(doc: Doc, kb: KnowledgeBase, f: Found) -> bool:
    """Whether a span of several words starts with a known given name ("Kate ...", "Edward ...")."""
    return f.end - f.start > 1 and normalize_alias(doc[f.start].text) in kb.given_names


def relabel_by_words(doc: Doc, kb: KnowledgeBase, f: Found) -> None:
    """NER's label against the words of the name: a person's name ending in an institution's word is
    the institution's ("Belfer Center"); an organisation of two or three plain words starting with a
    given name is a person ("Kate Malloy Corriveau"), or is one before a possessive ("Nigel Farage's
    Brexit party" names Farage: the party's own name is not given)."""
    words = [t.text for t in doc[f.start : f.end]]
    if f.label == "PERSON" and len(words) > 1 and words[-1] in kb.org_words:
        f.label = "ORG"
    elif f.label == "PERSON" and len(words) > 1 and words[-1] in kb.place_words:
        f.label = "GPE"  # "Carson Road"
    elif f.label == "ORG" and starts_with_given_name(doc, kb, f) and kb.lookup(" ".join(words)) is None:
        cut = next((i for i, w in enumerate(words) if w in POSSESSIVES), len(words))
        plain = all(w[:1].isupper() and w.isalpha() and w not in kb.org_words for w in words[:cut])
        if 2 <= cut <= 3 and plain:
            f.end, f.label = f.start + cut, "PERSON"


def take_event_prefix(doc: Doc, kb: KnowledgeBase, f: Found) -> bool:
    """Whether a name is an event's: its first words, or the words NER left before it ("Hurricane"
    before "Matthew"), start an event name; those words join the mention."""
    for n in (2, 1, 0):
        lo = f.start - n
        if lo >= 0 and kb.event_prefix_length([t.text for t in doc[lo : f.end]]) >= max(n, 1):
            f.start = f.name_start = lo
            return True
    return False


def has_gloss(doc: Doc, kb: KnowledgeBase, i: int) -> bool:
    """A one-word nickname in parentheses at token i, inside a name that goes on ("(Jeff) Beauregard"):
    not a known actor ("(Reuters)", "(Germany)") and not a name's last word ("Graf (Germany) won")."""
    return (
        i + 3 < len(doc)
        and doc[i].text == "("
        and doc[i + 2].text == ")"
        and doc[i + 1].is_alpha
        and doc[i + 1].text[:1].isupper()
        and doc[i + 3].is_alpha
        and doc[i + 3].text[:1].isupper()
        and kb.lookup(doc[i + 1].text) is None
        and kb.country_of_demonym(doc[i + 1].text) is None
    )


def cut_before_gloss(doc: Doc, kb: KnowledgeBase, f: Found) -> None:
    """ "Jeff Sessions Jefferson (Jeff) ...": the word before a nickname gloss starts another name."""
    if f.end - f.start >= 3 and has_gloss(doc, kb, f.end):
        f.end -= 1


def is_nickname_gloss(doc: Doc, kb: KnowledgeBase, f: Found) -> bool:
    """The nickname inside such a gloss is no mention of its own."""
    return f.end - f.start == 1 and f.start > 0 and has_gloss(doc, kb, f.start - 1)


def is_possessive_phrase(doc: Doc, kb: KnowledgeBase, f: Found) -> bool:
    """ "Fox News' Adam Shaw", "Trump's Day One": a known actor's possessive inside a span makes it
    two things, not one name."""
    for i in range(f.start + 1, f.end - 1):
        owner = doc[f.start : i].text
        if doc[i].text in POSSESSIVES and (kb.lookup(owner) or kb.persons_by_surname(owner)):
            return True
    return False


def is_headline_run(doc: Doc, f: Found) -> bool:
    """Title-case headline words ("Roberts Critical Of Administration"): a function word written with
    a capital inside a span; names write "Bank of America"."""
    return any(t.is_stop and t.is_title and len(t) > 1 for t in doc[f.start + 1 : f.end - 1])


def names_a_place_after(doc: Doc, kb: KnowledgeBase, f: Found) -> bool:
    """A person's name before a facility noun names the facility ("Victor Verster prison")."""
    return f.label == "PERSON" and f.end < len(doc) and kb.is_facility_noun(doc[f.end].text)


def glues_a_known_name(doc: Doc, kb: KnowledgeBase, f: Found) -> bool:
    """A glued token whose second half starts a known actor's name ("MuellerFox News")."""
    for t in doc[f.start : f.end]:
        glue = GLUED.search(t.text)
        rest = doc[t.i + 1 : f.end].text
        if glue and kb.lookup(f"{t.text[glue.end() - 1 :]} {rest}".strip()):
            return True
    return False
