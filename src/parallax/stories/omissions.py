"""What an outlet leaves out: claims other outlets carry that it reports nowhere.

A claim is read as a proposition: its happening (what its predicate says of the actors it names)
and its figures (``model.Amount``: a number, what it measures, and whether it is a value of the
sentence's predicate, a headline figure, or a detail inside a modifier or a circumstance).

A headline figure two or more other outlets state is an omission of an outlet that gives no
value for that quantity anywhere (``missing_quantity``): no number for the same measure, the
number in no form ("nearly $1 trillion" gives "$1.2 trillion"), even where the outlet tells the
surrounding happening, since a sentence-similarity test reads "sales will rise" and "sales will
reach $26 billion" alike. The figures are matched whatever the sentences' wording
(``figure_candidates``) as well as inside aligned claims. A detail is no omission: a tally, an
age, a count in a circumstance, a count of things already known ("the ten senators"), a few
things the outlet names ("three jets" of an outlet telling that jets were scrambled). A measure is
compared by its row of ``kb/data/measure_synonyms.tsv`` ("murders" give "homicides"), and a figure
told as background, inside a condition or by a change noun only is no headline figure
(``quantities.py``, ``kb/data/claim_context.yaml``).

A claim without such a figure is omitted only where its happening is reported nowhere: every
outlet's wording of it has a core element the outlet names nowhere (its actors, its numbers
other than details or quantities the outlet gives, who started a contact; not a name in a list of
a group's members), and no passage of
the outlet (a sentence, two sentences in a row, a headline or a quote) holds most of its
weighted words (``COVERED``) or reads alike to the sentence encoder (``CLEAR``): precision
first, since a wrong "omits" is a false charge against an outlet. A quote with no figure in it
is voice, not a fact (``is_colour``), and an outlet a claim cites as where it was said ("told
CBS") is its source (``cites_outlet``). Omissions are ranked by importance: carried by more
outlets, then nearer the lead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from parallax.kb import data_text
from parallax.model import Amount, Article
from parallax.nlp.claims import NUMBER_WORDS
from parallax.stories import content_stems, fold_text, words_of
from parallax.stories.claims import ClaimUnit, leans_back, numbers_of
from parallax.stories.paraphrase import Paraphrases
from parallax.stories.quantities import (
    canonical,
    is_headline,
    member_names,
    named_measures,
    names_quantity,
)

COVERED = 0.6  # share of a claim's weighted words one passage must hold to say it
# cosine at which a passage reports the claim's happening in other words: an encoder reads what
# a sentence is about, not its figures, so one reading this alike that lacks the claim's number
# reports the happening with a detail fewer, which is no omission (tuned on AllSides clusters
# 200-400: of the omissions output at 0.7, those whose best passage read 0.45-0.7 alike were
# details of a reported happening: a vote's tally, a toll's region, the hour of a call); one
# that lacks only a name says the claim from a lower cosine
CLEAR = 0.45
CLEAR_NAMES = 0.4
PARAPHRASE = 0.78  # a passage this alike says the claim whatever it names
# a rough size ("nearly $1 trillion", "about 200,000") and a figure this near it give one quantity
ESTIMATE = 0.25
FEW = 10  # counts under this are how many took part ("three jets"), not a statistic
NEAR = 0.05  # "roughly $928 billion" states the "$920 billion" another outlet writes
# a number after these words is a bound: "below 50%" is stated by an outlet giving 47%, "more
# than 1,000" by one giving 1,100 (within ``BOUND_SLACK`` of the bound, on its side)
_BOUND = re.compile(
    r"\b(?P<cap>below|under|less than|fewer than|nearly|almost|up to|at most)?"
    r"(?P<floor>more than|over|above|at least|exceeding)?\s+\$?(?P<n>\d[\d,]*(?:\.\d+)?)"
)
BOUND_SLACK = 0.25
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# sizes written in words: "hundreds of rockets", "tens of thousands", "another half billion doses"
_IN_WORDS = re.compile(
    r"\b(?:(?P<tens>tens|hundreds) of )?(?P<many>hundred|thousand|million|billion)s\b"
    r"|\bhalf (?:a )?(?P<half>million|billion|trillion)\b"
)
_SCALED = re.compile(r"(?P<n>\d[\d.]*)\s*(?P<scale>hundred|thousand|million|billion|trillion)\b")
_ROUGH = re.compile(
    r"\b(?:about|around|roughly|approximately|nearly|almost|some|an estimated|more than|over|under|"
    r"less than|at least|up to)\s+\$?(?P<n>\d[\d,]*(?:\.\d+)?)"
)
# "according to the Post", "the Times reported": a claim naming an outlet by its head word as its source
_SOURCED = re.compile(
    r"\baccording to the (?P<by>[a-z]+)\b|\bthe (?P<by2>[a-z]+) (?:reported|said|first reported)\b"
)
OUTLET_GENERIC = frozenset({"the", "news", "online"})  # words in many outlets' names
# "the charges were not immediately known": a claim that says something is unknown states no fact
UNKNOWNS = tuple(p for p in data_text("unknowns.txt").splitlines() if p and not p.startswith("#"))


@dataclass(frozen=True)
class Reported:
    """All one outlet's articles say, as the omission test reads it."""

    passages: tuple[str, ...]  # headlines, sentences, quotes
    stems: tuple[frozenset[str], ...]  # per passage, then per pair of adjacent sentences
    said: tuple[frozenset[str], ...]  # words, in the same order
    pairs: tuple[tuple[int, int], ...]  # adjacent sentences, as indexes into passages
    words: frozenset[str]
    numbers: frozenset[str]
    keys: frozenset[str]  # entity keys of the actors it names
    initiators: frozenset[str]  # words naming whoever it says started a contact
    measures: frozenset[tuple[str, ...]] = frozenset()  # what the numbers it gives measure
    estimates: frozenset[str] = frozenset()  # numbers it gives as rough ("nearly $1 trillion")
    sizes: frozenset[tuple[float, float]] = frozenset()  # ranges it gives in words ("hundreds of")


def read_reported(articles: Sequence[Article]) -> Reported:
    """One outlet's passages, words, numbers, actors and contact initiators."""
    passages: list[str] = []
    pairs: list[tuple[int, int]] = []
    for a in articles:
        passages += [a.title] if a.title else []
        first = len(passages)
        passages += [t for s, e in a.sentences if (t := a.text[s:e].strip())]
        pairs += [(i, i + 1) for i in range(first, len(passages) - 1)]
        passages += [q.text for q in a.quotes if q.text.strip()]
    stems = [frozenset(content_stems(p)) for p in passages]
    said = [frozenset(words_of(p)) for p in passages]
    words = frozenset(w for a in articles for w in words_of(f"{a.title or ''} {a.text}"))
    numbers = {f.value for a in articles for c in a.claims for f in c.figures}
    numbers |= {NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS}
    return Reported(
        passages=tuple(passages),
        stems=tuple(stems + [stems[i] | stems[j] for i, j in pairs]),
        said=tuple(said + [said[i] | said[j] for i, j in pairs]),
        pairs=tuple(pairs),
        words=words,
        numbers=_with_sides(
            frozenset(numbers).union(*(numbers_of(f"{a.title or ''} {a.text}") for a in articles))
        ),
        keys=frozenset(m.entity_key for a in articles for m in a.mentions),
        initiators=frozenset(w for a in articles for i in a.initiatives for w in i.by),
        measures=frozenset(
            m
            for a in articles
            for c in a.claims
            for m in (
                {canonical(x.measure) for x in c.amounts if x.measure}
                | (
                    named_measures(a.text[c.start : c.end])
                    if any(not x.measure for x in c.amounts)
                    else set()
                )
            )
        ),
        estimates=frozenset(
            m["n"].replace(",", "")
            for a in articles
            for m in _ROUGH.finditer(fold_text(f"{a.title or ''} {a.text}"))
        ),
        sizes=frozenset(r for a in articles for r in sizes_in_words(f"{a.title or ''} {a.text}")),
    )


def sizes_in_words(text: str) -> list[tuple[float, float]]:
    """The ranges a text gives in words: "hundreds" is 200 to 1,000, "tens of thousands" 20,000 to
    100,000, "half a billion" 500 million exactly."""
    out = []
    for m in _IN_WORDS.finditer(fold_text(text)):
        if m["half"]:
            out.append((SCALES[m["half"]] / 2, SCALES[m["half"]] / 2))
        else:
            base = SCALES[m["many"]] * {"tens": 10, "hundreds": 100, None: 1}[m["tens"]]
            out.append((2 * base, 10 * base))
    return out


def size_of(value: str, text: str) -> float | None:
    """The number's whole size, with the scale written after it: "500" in "500 million" is 5e8."""
    try:
        x = float(value)
    except ValueError:
        return None
    for m in _SCALED.finditer(fold_text(text).replace(",", "")):
        if m["n"] == value:
            return x * SCALES[m["scale"]]
    return x


def _with_sides(numbers: frozenset[str]) -> frozenset[str]:
    """The numbers with each side of a score: "a 364-62 vote" gives the "364 to 62" another writes."""
    return numbers | {side for n in numbers if "-" in n for side in n.split("-")}


def measures(measure: tuple[str, ...], reported: Reported) -> bool:
    """Whether the outlet gives a value for the thing the measure names: the same noun or one of
    its row (``quantities.canonical``: "murders" for "homicides"), or one naming it with a modifier
    ("the unemployment rate" for "unemployment")."""
    measure = canonical(measure)
    return any(m[0] == measure[0] or m[0] in measure[1:] or measure[0] in m[1:] for m in reported.measures)


def missing_quantity(claim: ClaimUnit, reported: Reported) -> list[Amount]:
    """The claim's headline quantities (``Amount.headline``) the outlet gives no value for, in any
    sentence: a figure the news is about (sales, deaths, a rate) is left out even where the outlet
    tells the surrounding happening, while a detail (a tally, a count in a circumstance) is not.

    An outlet giving one value of a predicate ("fell to 385,000") gives its quantity, not the
    other ("dropped 20,000"); a small count (under ``FEW``) of things the outlet names ("three
    jets" of an outlet telling that jets were scrambled) is how many took part in a happening it
    reports, a detail."""
    bounds = bounds_of(claim.text)

    rough = {m["n"].replace(",", "") for m in _ROUGH.finditer(fold_text(claim.text))}

    def gives(a: Amount) -> bool:
        return (
            _states_number(a.value, reported.numbers, bounds.get(a.value, ""))
            or _near_any(a.value, reported.numbers, ESTIMATE if a.value in rough else NEAR)
            or _near_any(a.value, reported.estimates, ESTIMATE)
            or any(
                low <= (size_of(a.value, claim.text) or 0) <= high * (1 + NEAR)
                for low, high in reported.sizes
            )
        )

    given = {canonical(a.measure)[0] for a in claim.amounts if a.measure and gives(a)}
    return [
        a
        for a in claim.amounts
        if names_quantity(a.measure)
        and is_headline(a, claim.text)
        and canonical(a.measure)[0] not in given
        and not measures(a.measure, reported)
        and not gives(a)
        and not (a.counted and a.value.isdigit() and int(a.value) < FEW and _few_told(a, claim, reported))
    ]


def _few_told(amount: Amount, claim: ClaimUnit, reported: Reported) -> bool:
    """Whether a small count is a detail of what the outlet tells: it names the things counted, or
    gives a value for another quantity the claim speaks of ("four chains each wasted 1 million
    doses" of an outlet giving the doses wasted): how many parts a figure it gives is split into."""
    given = {m[0] for m in reported.measures}
    return _names(amount.measure[0], reported) or any(
        canonical((s,))[0] in given for s in claim.stems - {amount.measure[0]}
    )


def _names(stem: str, reported: Reported) -> bool:
    return any(stem in stems for stems in reported.stems)


def lacks_shared_figure(group: Sequence[ClaimUnit], reported: Reported, outlet: dict[str, str]) -> bool:
    """Whether the outlet lacks a headline figure of the group (``missing_quantity``) that two or
    more of the other outlets state: one outlet's figure is its own detail, not what others report."""
    members = statements(group)
    return any(
        len({outlet.get(u.article_id, u.article_id) for u in members if _near_any(a.value, u.numbers, NEAR)})
        >= 2
        for v in members
        for a in missing_quantity(v, reported)
    )


def _near_any(value: str, numbers: frozenset[str], slack: float) -> bool:
    """Whether any of the numbers is within ``slack`` (a share) of the value."""
    return any(abs(y - x) <= slack * x for x in _floats(frozenset({value})) for y in _floats(numbers))


def missing_core(claim: ClaimUnit, reported: Reported) -> list[str]:
    """The claim's core elements the outlet names nowhere: actors (not a group's members), numbers,
    who started a contact."""
    # a detail's number, or a number of something the outlet gives its own figure for, is no core
    told = {
        a.value
        for a in claim.amounts
        if not is_headline(a, claim.text) or (a.measure and measures(a.measure, reported))
    }
    # a name in a list of a group's members is who the group is, a detail (``member_names``)
    core = replace(
        claim, numbers=claim.numbers - told, names=claim.names - member_names(claim.names, claim.text)
    )
    out = _missing_names_numbers(core, reported.words, reported.keys, reported.numbers)
    if claim.initiator and not claim.initiator & reported.initiators:
        out.append("who started the contact")
    return out


def names_core(claim: ClaimUnit, text: str, keys: frozenset[str]) -> bool:
    """Whether a passage (its text, the entity keys of its mentions) names the claim's actors and
    numbers: another outlet's sentence that does states the claim, one that does not is vaguer."""
    words = frozenset(words_of(text))
    numbers = numbers_of(text) | {NUMBER_WORDS[w] for w in words if w in NUMBER_WORDS}
    return not _missing_names_numbers(claim, words, keys, numbers)


def _missing_names_numbers(
    claim: ClaimUnit, words: frozenset[str], keys: frozenset[str], numbers: frozenset[str]
) -> list[str]:
    out = [ws[-1] for key, ws in sorted(claim.names) if key not in keys and not set(ws) & words]
    bounds = bounds_of(claim.text)
    return out + [n for n in sorted(claim.numbers) if not _states_number(n, numbers, bounds.get(n, ""))]


def bounds_of(text: str) -> dict[str, str]:
    """The numbers the text gives as a bound: number -> "max" ("below 50%") or "min" ("over 1,000")."""
    return {
        m["n"].replace(",", ""): "max" if m["cap"] else "min"
        for m in _BOUND.finditer(fold_text(text))
        if m["cap"] or m["floor"]
    }


def _states_number(value: str, numbers: frozenset[str], bound: str = "") -> bool:
    if value in numbers:
        return True
    try:
        x = float(value)
    except ValueError:
        return False  # an ordinal ("2th") is stated exactly or not at all
    if bound:
        low, high = ((1 - BOUND_SLACK) * x, x) if bound == "max" else (x, (1 + BOUND_SLACK) * x)
        return any(low <= y <= high for y in _floats(numbers))
    return x >= 10 and any(_near(x, n) for n in numbers)


def _floats(numbers: frozenset[str]) -> list[float]:
    out = []
    for n in numbers:
        try:
            out.append(float(n))
        except ValueError:
            continue
    return out


def _near(x: float, other: str) -> bool:
    try:
        return abs(float(other) - x) <= NEAR * x
    except ValueError:
        return False


def says_in_words(claim: ClaimUnit, reported: Reported, weights: dict[str, float]) -> bool:
    """Whether a passage (or two adjacent sentences) holds ``COVERED`` of the claim's weighted words."""
    total = sum(weights.get(s, 1.0) for s in claim.stems)
    return bool(total) and any(
        sum(weights.get(s, 1.0) for s in claim.stems & stems) >= COVERED * total for stems in reported.stems
    )


def omitted(
    candidates: dict[str, list[list[ClaimUnit]]],
    reported: dict[str, Reported],
    weights: dict[str, float],
    carried: dict[str, list[list[ClaimUnit]]] | None = None,
    outlet: dict[str, str] | None = None,
) -> dict[str, list[list[ClaimUnit]]]:
    """Per outlet, the candidate groups (claims it does not carry) that it reports nowhere, and
    the groups of ``carried`` (claims it words too, given as the other outlets' members) whose
    headline figure it gives no value for (``missing_quantity``).

    A candidate is reported nowhere when it has a headline figure the outlet lacks, or when every
    whole member has a core element the outlet lacks and no passage of the outlet says it in words
    or, to the encoder, in other words. The figure, core and word tests run first; the encoder
    reads only what is left, every text it needs in one batch per story.
    """
    carried = carried or {}
    candidates = {
        name: [g for g in groups if not any(states_unknown(u) for u in statements(g))]
        for name, groups in candidates.items()
    }
    figures = {
        name: [
            g
            for g in groups + carried.get(name, [])
            if lacks_shared_figure(g, reported[name], outlet or {})
            and not any(states_unknown(u) for u in statements(g))
        ]
        for name, groups in candidates.items()
    }
    left = {
        name: [
            g
            for g in groups
            if all(g is not f for f in figures[name])
            and (_contact(g, reported[name]) or all(missing_core(u, reported[name]) for u in statements(g)))
            and not any(says_in_words(u, reported[name], weights) for u in statements(g))
        ]
        for name, groups in candidates.items()
    }
    paraphrases = Paraphrases()
    paraphrases.encode(
        [t for name, groups in left.items() if groups for t in reported[name].passages]
        + [u.text for groups in left.values() for g in groups for u in statements(g)]
    )
    return {
        name: kept
        for name, groups in left.items()
        if (kept := figures[name] + [g for g in groups if _unsaid(g, reported[name], paraphrases)])
    }


def _unsaid(group: Sequence[ClaimUnit], reported: Reported, paraphrases: Paraphrases) -> bool:
    """Whether no passage of the outlet says any statement of the group.

    A group that says who started a contact the outlet never says anyone started is said only
    by a near paraphrase (``PARAPHRASE``) of one of its statements: an encoder does not read who
    called whom, and an outlet naming both sides of a call has not said who placed it.
    """
    cosines = {u: paraphrases.cosines(u.text, reported.passages, reported.pairs) for u in statements(group)}
    if _contact(group, reported):
        return all(c is None or float(c.max()) < PARAPHRASE for c in cosines.values())
    return not any(_says(u, reported, c) for u, c in cosines.items())


def _says(claim: ClaimUnit, reported: Reported, scores) -> bool:
    """Whether a passage of the outlet, with these cosines to the claim, says it: any passage does
    when the outlet names the claim's whole core, else one reading alike (``_clear``)."""
    if not missing_core(claim, reported):
        return True
    return scores is not None and float(scores.max()) >= _clear(claim, reported)


def is_colour(group: Sequence[ClaimUnit]) -> bool:
    """Whether every statement of the group is someone's quoted words with no number in them: a
    quote is reported for what it says, and one without a figure is voice, not a missing fact."""
    return all(u.quoted and not u.numbers for u in statements(group))


def cites_outlet(group: Sequence[ClaimUnit], outlet: str) -> bool:
    """Whether a statement of the group names the outlet as where it was said ("told CBS's 60
    Minutes", "according to the Post"): that outlet's article is the source, it does not leave its
    own words out."""
    own = _name_words(outlet)
    head = [w for w in words_of(re.sub(r"\(.*?\)", " ", outlet)) if w in own][-1:]
    return any(
        any(own and (words := _name_words(m)) and words <= own for m in u.media)
        or bool(set(head) & {m["by"] or m["by2"] for m in _SOURCED.finditer(fold_text(u.text))})
        for u in statements(group)
    )


def _name_words(name: str) -> frozenset[str]:
    """An outlet's distinctive words: "CBS News (Online)" -> {"cbs"}."""
    return frozenset(words_of(re.sub(r"\(.*?\)", " ", name))) - OUTLET_GENERIC


def states_unknown(claim: ClaimUnit) -> bool:
    """Whether the claim says something is not known or not said (``UNKNOWNS``)."""
    text = fold_text(claim.text)
    return any(p in text for p in UNKNOWNS)


def _contact(group: Sequence[ClaimUnit], reported: Reported) -> bool:
    """Whether the group says who started a contact and the outlet never says so."""
    return any(u.initiator and not u.initiator & reported.initiators for u in statements(group))


def _clear(claim: ClaimUnit, reported: Reported) -> float:
    """The cosine a passage needs to report the claim's happening: ``CLEAR`` when the outlet lacks
    one of the claim's numbers, ``CLEAR_NAMES`` when it lacks only names."""
    bounds = bounds_of(claim.text)
    lacks = any(not _states_number(n, reported.numbers, bounds.get(n, "")) for n in claim.numbers)
    return CLEAR if lacks else CLEAR_NAMES


def statements(group: Sequence[ClaimUnit]) -> list[ClaimUnit]:
    """Each article's statement of the group's claim: its widest whole member (a sentence and a
    clause of it may both align; the sentence is what the article says)."""
    widest: dict[str, ClaimUnit] = {}
    for u in group:
        if u.whole and (
            u.article_id not in widest
            or u.end - u.start > widest[u.article_id].end - widest[u.article_id].start
        ):
            widest[u.article_id] = u
    return list(widest.values())


def figure_candidates(
    units: Sequence[ClaimUnit], outlet: dict[str, str], name: str, reported: Reported
) -> list[list[ClaimUnit]]:
    """The same fact read off the numbers, whatever the sentences' wording: per headline figure
    of a statistic (not a count of a few things, ``FEW``) that the outlet gives no value for
    (``missing_quantity``) and two or more other outlets state, the other outlets' whole
    statements giving it. A statement leaning on the one before ("That estimate was revised"),
    a quote, one citing the outlet or one saying something is unknown is left out."""
    by_value: dict[str, list[ClaimUnit]] = defaultdict(list)
    for u in units:
        if (
            outlet[u.article_id] != name
            and u.whole
            and not u.quoted
            and not leans_back(u.text)
            and not states_unknown(u)
            and not cites_outlet([u], name)
        ):
            for a in missing_quantity(u, reported):
                if not (a.counted and a.value.isdigit() and int(a.value) < FEW):
                    by_value[a.value].append(u)
    out = []
    for value, stating in by_value.items():
        giving = [u for u in units if outlet[u.article_id] != name and value in u.numbers]
        if len({outlet[u.article_id] for u in giving}) >= 2:
            out.append(list(dict.fromkeys(stating + [u for u in giving if u.whole])))
    return out
