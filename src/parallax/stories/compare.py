"""One story, many outlets: consensus, omissions, discrepancies, framing, voices, tone.

Claims were read at NLP time (``nlp/claims.py``) and are aligned across the story's
articles here (``claims.py``); nothing is parsed again. A claim that most outlets carry is
consensus; one that two or more outlets carry and an outlet reports nowhere, in any words, while
it lacks the claim's names or numbers, or a headline figure two or more outlets give that it
gives no value for, is that outlet's omission (``omissions.py``); aligned details that cannot
both hold (counts and bounds of one
thing, ordinals, the quoted name given to a thing, who started a contact) are
discrepancies. Framing (``framing.py``) is what an outlet says about an actor that the
others do not. Results are typed (``Claim``, ``Discrepancy``, ``FramingItem``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from parallax.model import Article, Claim, Discrepancy, Event, Figure, Side, Story
from parallax.nlp.language import runs_english_stages
from parallax.stories import content_stems, outlet_of
from parallax.stories.claims import (
    ClaimUnit,
    align_claims,
    claim_similarity,
    claim_units,
    is_ordinal,
    leans_back,
    medoid,
    story_weights,
)
from parallax.stories.framing import find_framing
from parallax.stories.initiative import describe_people, find_initiative_conflicts, read_initiatives
from parallax.stories.omissions import (
    cites_outlet,
    figure_candidates,
    is_colour,
    missing_quantity,
    names_core,
    omitted,
    read_reported,
    statements,
)
from parallax.stories.tone import TONE_METHOD, score_tone

MAX_OMISSIONS = 5  # per outlet, most important first: more reads as noise
# claim similarity two counts' sentences need to be about one thing; ordinals are exempt, since
# "the second call this year" and "the first call since March" are worded apart on purpose
SAME_COUNT = 0.2
ESTIMATE_SLACK = 0.25  # how far "about 300" may be from 250 before the two disagree


def compare_story(story: Story, articles: Sequence[Article], events: Sequence[Event] = ()) -> Story:
    """The story with its comparison sections filled from its articles (and events, if any)."""
    articles = [a for a in articles if a.id in set(story.article_ids)] or list(articles)
    # claims are read in English only: an article in another language neither agrees nor omits
    claimed = [a for a in articles if runs_english_stages(a)]
    if len({outlet_of(a) for a in claimed}) < 2:
        # one voice: nothing to agree, omit or contrast
        return replace(story, voices=share_voices(articles), tone=measure_tone(articles))
    units = [u for a in claimed for u in claim_units(a)]
    outlet = {a.id: outlet_of(a) for a in claimed}
    weights = story_weights(units)
    figures = stated_figures(units)
    groups = [g for g in (agreeing_members(g, weights, figures) for g in align_claims(units)) if g]
    event_ids = tuple(sorted({e.id for e in events if {r.article_id for r in e.reports} & set(outlet)}))
    return replace(
        story,
        event_ids=event_ids or story.event_ids,
        consensus=tuple(find_consensus(groups, outlet, weights, claimed)),
        omissions=find_omissions(groups, outlet, weights, figures, claimed, units),
        discrepancies=tuple(find_discrepancies(units, outlet, read_contact_conflicts(articles))),
        framing=tuple(f for a in articles for f in find_framing(a, articles)),
        voices=share_voices(articles),
        tone=measure_tone(articles),
    )


def _outlets(group: Sequence[ClaimUnit], outlet: dict[str, str]) -> set[str]:
    return {outlet[u.article_id] for u in group}


def _claim(group: Sequence[ClaimUnit], weights: dict[str, float]) -> Claim:
    """The group as a claim: its wording, citing every member."""
    return Claim(wording_of(group, weights).text, tuple(sorted({u.article_id for u in group})))


def wording_of(group: Sequence[ClaimUnit], weights: dict[str, float]) -> ClaimUnit:
    """The member that words the group: its most typical one when that is a whole statement,
    else its most typical whole one (a sentence rather than "to announce that ...")."""
    best = medoid(group, weights)
    whole = [u for u in group if u.whole]
    return best if best.whole or not whole else medoid(whole, weights)


def stated(group: Sequence[ClaimUnit], weights: dict[str, float]) -> bool:
    """Whether the group can be shown as a whole statement."""
    return wording_of(group, weights).whole


def stated_figures(units: Sequence[ClaimUnit]) -> dict[tuple[str, str], set[str]]:
    """Per (article, counted noun), the numbers that article states anywhere in the story."""
    figures: dict[tuple[str, str], set[str]] = defaultdict(set)
    for u in units:
        for q in _counts(u):
            figures[(u.article_id, q.head)].add(q.value)
    return figures


def _counts(unit: ClaimUnit) -> list:
    """The unit's counts; ordinals ("first", "second") rank different scopes and are left out."""
    return [q for q in unit.quantities if not is_ordinal(q)]


def contradicts(article_id: str, group: Sequence[ClaimUnit], weights, figures) -> bool:
    """Whether this article gives another figure for a thing the group's wording counts."""
    counted = {q.head: q.value for q in _counts(wording_of(group, weights))}
    return any(counted[head] not in figures.get((article_id, head), {counted[head]}) for head in counted)


def agreeing_members(
    group: Sequence[ClaimUnit], weights: dict[str, float], figures: dict[tuple[str, str], set[str]]
) -> list[ClaimUnit]:
    """The group without the articles that give another figure for a thing its wording counts.

    Sentences alike in all but the number ("release 250 cubic metres" / "release 300 cubic
    metres") align; an article that states only the other figure does not carry the claim:
    that is a discrepancy, not agreement (and not an omission either, see ``find_omissions``).
    """
    return [u for u in group if not contradicts(u.article_id, group, weights, figures)]


def find_consensus(
    groups, outlet: dict[str, str], weights: dict[str, float], articles: Sequence[Article]
) -> list[Claim]:
    """Claims carried by three or more outlets (by most outlets when the story has fewer than five).

    A row is worded by a whole proposition (``consensus_wording``) and lists only the articles
    whose sentence names its actors and numbers (``carries``): an outlet saying "the speaker"
    where the row says "McCarthy", or leaving out its "100 workers", does not report all of it.
    """
    n = len(set(outlet.values()))
    need = 3 if n >= 5 else max(2, n // 2 + 1)
    by_id = {a.id: a for a in articles}
    rows = []
    for g in groups:
        if len(_outlets(g, outlet)) < need or not stated(g, weights):
            continue
        wording = consensus_wording(g, weights)
        held = [u for u in g if wording is not None and carries(wording, u, by_id[u.article_id])]
        if len(_outlets(held, outlet)) >= need:
            rows.append((-len(_outlets(held, outlet)), min(u.start for u in g), wording, held))
    rows.sort(key=lambda r: r[:2])
    return [Claim(w.text, tuple(sorted({u.article_id for u in held}))) for _, _, w, held in rows]


def consensus_wording(group: Sequence[ClaimUnit], weights: dict[str, float]) -> ClaimUnit | None:
    """The group's wording (``wording_of``) or, when it opens leaning on the sentence before, its
    most typical whole member that does not; None when every member does."""
    best = wording_of(group, weights)
    if not leans_back(best.text):
        return best
    whole = [u for u in group if u.whole and not leans_back(u.text)]
    return medoid(whole, weights) if whole else None


def carries(wording: ClaimUnit, member: ClaimUnit, article: Article) -> bool:
    """Whether the member's sentence names the wording's actors and numbers."""
    start, end = next(
        ((s, e) for s, e in article.sentences if s <= member.start < e), (member.start, member.end)
    )
    start, end = min(start, member.start), max(end, member.end)
    keys = frozenset(m.entity_key for m in article.mentions if start <= m.start < end)
    return names_core(wording, article.text[start:end], keys)


def find_omissions(
    groups,
    outlet: dict[str, str],
    weights: dict[str, float],
    figures: dict[tuple[str, str], set[str]],
    articles: Sequence[Article],
    units: Sequence[ClaimUnit] = (),
) -> dict[str, tuple[Claim, ...]]:
    """For each outlet, claims that at least two other outlets carry and it reports nowhere, or
    whose headline figure it gives no value for where it words the claim itself
    (``omissions.omitted``), and headline figures of the story's claims (``units``) that two
    other outlets state and it gives no value for (``figure_candidates``), most important first.

    An outlet that gives another figure for the same thing did not leave the claim out: it
    disagrees, and the discrepancies list that.
    """
    names = sorted(set(outlet.values()))
    reported = {n: read_reported([a for a in articles if outlet[a.id] == n]) for n in names}
    candidates: dict[str, list[list[ClaimUnit]]] = {name: [] for name in names}
    carried: dict[str, list[list[ClaimUnit]]] = {name: [] for name in names}
    for name in names:
        for g in groups:
            others = [u for u in g if outlet[u.article_id] != name]
            if (
                len(_outlets(others, outlet)) >= 2
                and stated(others, weights)
                and not is_colour(others)
                and not all(leans_back(u.text) for u in statements(others))
                and not cites_outlet(others, name)
                and not any(
                    contradicts(aid, others, weights, figures) for aid, o in outlet.items() if o == name
                )
            ):
                (carried if len(others) < len(g) else candidates)[name].append(others)
    found = omitted(candidates, reported, weights, carried, outlet)
    for name in names:
        found[name] = found.get(name, []) + figure_candidates(units, outlet, name, reported[name])
    out: dict[str, tuple[Claim, ...]] = {}
    for name, missing in sorted((n, m) for n, m in found.items() if m):
        missing.sort(
            key=lambda g: (-len(_outlets(g, outlet)), min(u.rank for u in g), min(u.start for u in g))
        )
        shown: set[str] = set()  # the figures already shown as this outlet's omissions
        claims = []
        for g in missing:
            wording = omission_wording(g, reported[name], weights)
            values = {a.value for a in missing_quantity(wording, reported[name])}
            if len(claims) < MAX_OMISSIONS and not values & shown:
                claims.append(Claim(wording.text, tuple(sorted({u.article_id for u in g}))))
            shown |= values
        out[name] = tuple(claims)
    return out


def omission_wording(group: Sequence[ClaimUnit], reported, weights: dict[str, float]) -> ClaimUnit:
    """The statement that words an omission: the most typical one giving the figure the outlet
    lacks, when it lacks one, else the most typical statement; one that does not lean on the
    sentence before it ("He employed ...") where there is one, as the consensus is worded."""
    both = [u for u in statements(group) if not leans_back(u.text)] or statements(group)
    return medoid([u for u in both if missing_quantity(u, reported)] or both, weights)


def read_contact_conflicts(articles: Sequence[Article]) -> list:
    """Outlets naming opposite parties as the one who sought a contact (see initiative.py)."""
    found = [i for a in articles for i in read_initiatives(a)]
    return find_initiative_conflicts(found, describe_people(articles)) if found else []


def find_discrepancies(
    units: Sequence[ClaimUnit], outlet: dict[str, str], extra: Sequence = ()
) -> list[Discrepancy]:
    """Aligned details that differ between articles: ordinals and counts of one thing, names given
    to one thing, and ``extra`` conflicts (who started a contact) given as (about, {value: claims})."""
    out = []
    for about, by_value in _quantity_conflicts(units) + _label_conflicts(units) + list(extra):
        sides = tuple(
            Side(min(us, key=lambda u: len(u.text)).text, value, tuple(sorted({u.article_id for u in us})))
            for value, us in sorted(by_value.items())
        )
        if len({outlet[a] for s in sides for a in s.article_ids}) >= 2:
            out.append(Discrepancy(about, sides))
    return out


def _quantity_conflicts(units: Sequence[ClaimUnit]) -> list[tuple[str, dict[str, list[ClaimUnit]]]]:
    """Ordinals/counts whose topics overlap (and whose 'of' complements, verb frames and wording
    agree) but whose values differ."""
    weights = story_weights(units)
    items = [(q, u) for u in units for q in u.quantities if q.bound != "part"]  # "three more": a part
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (qa, ua) in enumerate(items):
        for j in range(i + 1, len(items)):
            qb, ub = items[j]
            ordinal = is_ordinal(qa)
            same_kind = ordinal == is_ordinal(qb)
            of_ok = not (qa.of and qb.of) or set(qa.of) & set(qb.of)
            frame_ok = not (qa.frame and qb.frame) or set(qa.frame) & set(qb.frame)
            rate_ok = (" per " in qa.unit) == (" per " in qb.unit)  # "55.8 births per 1,000" is no count
            if (
                ua.article_id != ub.article_id
                and same_kind
                and of_ok
                and frame_ok
                and rate_ok
                and set(qa.topic) & set(qb.topic)
                and (ordinal or claim_similarity(ua, ub, weights) >= SAME_COUNT)
            ):
                parent[root(j)] = root(i)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        clusters[root(i)].append(i)
    out = []
    ranks: dict[str, set[str]] = defaultdict(set)  # every ordinal each article states, of anything
    for q, u in items:
        if is_ordinal(q):
            ranks[u.article_id].add(q.value)
    for members in clusters.values():
        values_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for i in members:
            values_of[items[i][1].article_id].add((items[i][0].bound, items[i][0].value))
        if is_ordinal(items[members[0]][0]):
            # "a first shot ... their second doses": an article naming both ranks tells a sequence
            ranked = {q.value for q, _ in (items[i] for i in members)}
            for article_id in values_of:
                values_of[article_id] |= {("", v) for v in ranks[article_id] & ranked}
        by_value: dict[tuple[str, str], list[ClaimUnit]] = defaultdict(list)
        figure: dict[tuple[str, str], Figure] = {}
        for i in members:
            q, u = items[i]
            key = (q.bound, q.value)
            if len(values_of[u.article_id]) > 1:
                continue  # an article giving both figures reports the disagreement, it takes no side
            figure.setdefault(key, q)
            if u not in by_value[key]:
                by_value[key].append(u)
        arts = {u.article_id for us in by_value.values() for u in us}
        clash = any(figures_conflict(figure[a], figure[b]) for a in figure for b in figure if a < b)
        if clash and len(arts) >= 2:
            by_value = {figure[k].shown: us for k, us in by_value.items()}
            (q, _), *_ = (items[i] for i in members)
            units = Counter(items[i][0].unit or items[i][0].head for i in members)
            ask = "which" if is_ordinal(q) else "how many"
            out.append((f"{ask} {units.most_common(1)[0][0]}", dict(by_value)))
    return out


def figures_conflict(a: Figure, b: Figure) -> bool:
    """Whether two figures for one thing cannot both be right as reported.

    Exact values conflict when they differ; a bound conflicts with a value it excludes ("at
    least 3" agrees with "5"); two floors (or two caps) never do, since "more than 1,000" and
    "at least 1,800" cancelled flights can both hold; an estimate ("about 300") allows
    ``ESTIMATE_SLACK`` either way.
    """
    if is_ordinal(a) or is_ordinal(b):
        return a.value != b.value
    try:
        x, y = float(a.value), float(b.value)
    except ValueError:
        return a.value != b.value
    if a.bound == b.bound == "":
        return x != y
    if "~" in (a.bound, b.bound):
        return abs(x - y) > ESTIMATE_SLACK * max(x, y)
    if a.bound == b.bound:  # two floors or two caps
        return False
    if not a.bound or not b.bound:  # a value and a bound
        value, limit, kind = (x, y, b.bound) if not a.bound else (y, x, a.bound)
        return value < limit if kind == "min" else value > limit
    floor, cap = (x, y) if a.bound == "min" else (y, x)
    return floor > cap


def _label_conflicts(units: Sequence[ClaimUnit]) -> list[tuple[str, dict[str, list[ClaimUnit]]]]:
    """Different quoted names for one noun across articles ('no limits' vs 'boundless' partnership)."""
    by_noun: dict[str, dict[str, list[ClaimUnit]]] = defaultdict(lambda: defaultdict(list))
    for u in units:
        for label in u.labels:
            if u not in by_noun[label.noun][label.text]:
                by_noun[label.noun][label.text].append(u)
    said: dict[str, set[str]] = defaultdict(set)
    for u in units:
        said[u.article_id] |= u.stems
    out = []
    for noun, by_label in sorted(by_noun.items()):
        arts = {u.article_id for us in by_label.values() for u in us}
        # a label every article with another label also uses is shared wording, not a rival name
        own = {
            label: us
            for label, us in by_label.items()
            if not all(set(content_stems(label)) <= said[a] for a in arts - {u.article_id for u in us})
        }
        if len(own) >= 2 and len({u.article_id for us in own.values() for u in us}) >= 2:
            out.append((f"the name given to the {noun}", own))
    return out


def share_voices(articles: Sequence[Article]) -> dict[str, dict[str, float]]:
    """Per outlet, each speaker's share of the quoted words (unattributed quotes under 'unattributed')."""
    words: dict[str, Counter] = defaultdict(Counter)
    for a in articles:
        for q in a.quotes:
            words[outlet_of(a)][q.speaker or "unattributed"] += len(q.text.split())
    return {o: {s: round(n / sum(c.values()), 3) for s, n in c.most_common()} for o, c in words.items()}


def share_voice_countries(articles: Sequence[Article]) -> dict[str, dict[str, float]]:
    """Per outlet, each speaker country's share of the quoted words ('unknown' when not resolved)."""
    words: dict[str, Counter] = defaultdict(Counter)
    for a in articles:
        country = {e.id: e.country for e in a.entities}
        for q in a.quotes:
            words[outlet_of(a)][country.get(q.speaker_entity_id or "") or "unknown"] += len(q.text.split())
    return {o: {s: round(n / sum(c.values()), 3) for s, n in c.most_common()} for o, c in words.items()}


def measure_tone(articles: Sequence[Article]) -> dict:
    """Lexicon tone per article and its mean per outlet, with the method named."""
    per_article = {a.id: score_tone(a.text) for a in articles}
    by_outlet: dict[str, list[float]] = defaultdict(list)
    for a in articles:
        by_outlet[outlet_of(a)].append(per_article[a.id])
    return {
        "method": TONE_METHOD,
        "articles": per_article,
        "outlets": {o: round(sum(v) / len(v), 2) for o, v in by_outlet.items()},
        "voice_countries": share_voice_countries(articles),
    }
