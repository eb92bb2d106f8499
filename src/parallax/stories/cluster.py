"""Online story clustering in publication order.

Each new article joins the best-scoring open story or founds one. Candidates come from
inverted indexes (canonical entities, reported happenings, the article's top TF-IDF
terms with idf learned online over a shipped background) restricted to a time window,
so each article meets a bounded handful of stories and the total cost grows
near-linearly with the stream (Miranda et al. 2018 do the same with TF-IDF plus
timestamps). The score is a weighted mean of term cosine, entity and event overlap
(weighted by rarity), title similarity and date proximity, where an article's dates are
its publication day and the days of the happenings it reports, so a follow-up that
recounts Monday's call sits next to Monday's reports. Weights and threshold are tuned
on benchmarks/stories.py."""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from parallax.kb import data_text
from parallax.model import Article, Event, Story, stable_id
from parallax.nlp.dates import parse_iso_date as parse_day
from parallax.nlp.language import runs_english_stages
from parallax.stories import STOP_WORDS, content_stems, outlet_of, stem_word
from parallax.stories.crosslingual import CrossLingualIndex, is_embedded

TOP_TERMS = 60
LOOKUP_TERMS = 12
MAX_CANDIDATES = 40
SWEEP_EVERY = 1000  # articles between sweeps of stories that left the time window
LEAD_WORDS = 400
LEAD_CHARS = 6000  # enough text for LEAD_WORDS content words; the rest is never tokenised
DAY_SCALE = 2.0  # days over which date proximity decays by 1/e
_PROPER = re.compile(r"(?<![.!?\n]\s)(?<!^)\b([A-Z][a-zA-Z]+(?:[ -][A-Z][a-zA-Z]+)*)")


@dataclass(frozen=True)
class ClusterOptions:
    """Weights of the four similarity signals and the joining threshold (tuned on AllSides)."""

    window_days: int = 7
    threshold: float = 0.43
    w_terms: float = 0.45
    w_entities: float = 0.05
    w_title: float = 0.15
    w_date: float = 0.3
    late_margin: float = 0.1


@dataclass
class _StoryState:
    id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    published: list[str] = field(default_factory=list)
    terms: Counter = field(default_factory=Counter)
    norm2: float = 0.0
    entities: Counter = field(default_factory=Counter)
    titles: list[frozenset[str]] = field(default_factory=list)
    days: set[date] = field(default_factory=set)
    last_day: date | None = None
    open: bool = True


@lru_cache(maxsize=1)
def load_background_df() -> tuple[int, dict[str, int]]:
    """Background document frequencies of stems, so idf is sensible from the first article.

    kb/data/news_df.tsv, built by scripts/build_lexicons.py from wordfreq's English word
    frequencies (CC BY-SA 4.0), which hold none of the articles the benchmarks score: the
    expected df of each stem in N pseudo-documents, first line "#documents<TAB>N".
    """
    lines = data_text("news_df.tsv").splitlines()
    docs = int(lines[0].split("\t")[1])
    return docs, {t: int(c) for t, c in (line.split("\t") for line in lines[1:])}


def entity_keys(article: Article) -> set[str]:
    """Canonical actors of an article; capitalised names when no entity stage ran."""
    keys = {m.entity_key for m in article.mentions if m.label != "PRON"} or {e.id for e in article.entities}
    if keys:
        return keys
    found = set()
    for name in _PROPER.findall(article.text[:3000]):
        for word in name.lower().replace("-", " ").split():
            if word not in STOP_WORDS and len(word) > 1:
                found.add("name:" + stem_word(word))
    return found


def event_keys(article: Article) -> set[str]:
    """Dyadic happenings the article reports (type and both actors), as extra keys beside its entities."""
    keys = set()
    for e in article.events:
        if e.source_actor and e.target_actor and not (e.negated or e.hypothetical):
            pair = sorted((a.entity_id or a.name).lower() for a in (e.source_actor, e.target_actor))
            keys.add(f"ev:{e.plover}|{pair[0]}|{pair[1]}")
    return keys


def article_days(article: Article) -> set[date]:
    """The publication day and the days of the happenings it reports (day-precise, not background)."""
    days = {parse_day(article.published)}
    for e in article.events:
        if e.date_precision in (None, "day") and not getattr(e, "background", False):
            days.add(parse_day(e.date))
    return {d for d in days if d}


class StoryClusterer:
    """Assigns each article, in publication order, to a story; holds the online index."""

    def __init__(
        self,
        window_days: int | None = None,
        options: ClusterOptions | None = None,
        background: tuple[int, Mapping[str, int]] | None = None,
    ):
        """``window_days``, when given, overrides the options' window (the CLI setting does)."""
        options = options or ClusterOptions()
        self.options = options if window_days is None else replace(options, window_days=window_days)
        self._background = background if background is not None else load_background_df()
        self._df: Counter = Counter()
        self._edf: Counter = Counter()
        self.comparisons = 0  # article-story scores computed so far: the work that must stay near-linear
        self._docs = 0
        self._stories: dict[str, _StoryState] = {}
        self._postings: dict[str, OrderedDict[str, date | None]] = {}
        self._assigned: dict[str, str] = {}
        self._since_sweep = 0
        self._clock: date | None = None
        # stories across languages, where the sentence encoder is installed (see crosslingual.py)
        self.crosslingual = CrossLingualIndex() if CrossLingualIndex.available() else None

    def vectorise(self, article: Article) -> tuple[Counter, frozenset[str]]:
        """Top TF-IDF terms of title (counted twice) and lead, L2-normalised; and the title stems."""
        title = content_stems(article.title or "")
        body = content_stems(article.text[:LEAD_CHARS])[:LEAD_WORDS]
        tf = Counter(t for t in body if not t.isdigit())
        for t in title:
            tf[t] += 2
        self._docs += 1
        self._df.update(tf.keys())
        weights = {t: (1 + math.log(c)) * self.idf(t) for t, c in tf.items()}
        top = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return Counter({t: w / norm for t, w in top if w > 0}), frozenset(title)

    def idf(self, term: str) -> float:
        """Smoothed idf over the background counts plus the articles seen so far."""
        docs, df = self._background
        return math.log((1 + docs + self._docs) / (1 + df.get(term, 0) + self._df[term])) + 1.0

    def _candidates(self, keys: Iterable[str], day: date | None) -> list[str]:
        hits: Counter = Counter()
        window = self.options.window_days
        for key in keys:
            posting = self._postings.get(key)
            if not posting:
                continue
            while day and posting:
                first_day = next(iter(posting.values()))
                if first_day is None or (day - first_day).days <= window:
                    break
                posting.popitem(last=False)
            hits.update(posting.keys())
        return [sid for sid, _ in hits.most_common(MAX_CANDIDATES)]

    def score(
        self, story: _StoryState, vec: Counter, mass: dict[str, float], title: frozenset[str], days: set[date]
    ) -> float:
        """Weighted mean of the signals both sides have (title, date may be missing); mass = entity rarity."""
        o = self.options
        dot = sum(w * story.terms.get(t, 0.0) for t, w in vec.items())
        terms = dot / math.sqrt(story.norm2) if story.norm2 else 0.0
        total = sum(mass.values())
        entities = sum(m for e, m in mass.items() if story.entities.get(e)) / total if total else 0.0
        signals = [(o.w_terms, terms), (o.w_entities, entities)]
        if title and any(story.titles):
            signals.append(
                (o.w_title, max((len(title & t) / len(title | t) for t in story.titles if t), default=0.0))
            )
        if days and story.days:
            gap = min(abs((a - b).days) for a in days for b in story.days)
            if gap > o.window_days:
                return 0.0
            content = sum(w * v for w, v in signals) / sum(w for w, _ in signals)
            signals.append((o.w_date, math.exp(-gap / DAY_SCALE)))
            return max(content - o.late_margin, sum(w * v for w, v in signals) / sum(w for w, _ in signals))
        return sum(w * v for w, v in signals) / sum(w for w, _ in signals)

    def add(self, article: Article) -> str:
        """The story id the article joins (a new story when none scores above threshold)."""
        if article.id in self._assigned:
            return self._assigned[article.id]
        days = article_days(article)
        self._clock = max(filter(None, (self._clock, parse_day(article.published))), default=None)
        crosslingual = self.crosslingual if self.crosslingual is not None and is_embedded(article) else None
        if crosslingual is not None and not runs_english_stages(article):
            # English terms and names misread other languages: the embeddings alone place it
            vec, title, ents, best = Counter(), frozenset(), set(), None
        else:
            vec, title = self.vectorise(article)
            ents = entity_keys(article) | event_keys(article)
            best = self._best_story(vec, title, ents, days)
        reach = days or {d for d in (self._clock,) if d}  # an undated article is placed by the clock
        if best is None and crosslingual is not None:
            hit = crosslingual.match(article, reach)
            best = hit[0] if hit else None
        story = self._stories.get(best) if best else None
        if story is None:
            story = _StoryState(id=stable_id("sto", article.id), title=article.title or article.text[:120])
            self._stories[story.id] = story
        self._join(story, article, vec, ents, title, days)
        if crosslingual is not None:
            crosslingual.add(story.id, article, story.days or reach)
        for key in ["t:" + t for t in vec] + ["e:" + e for e in ents]:
            posting = self._postings.setdefault(key, OrderedDict())
            posting[story.id] = story.last_day
            posting.move_to_end(story.id)
        self._assigned[article.id] = story.id
        self._since_sweep += 1
        if self._since_sweep >= SWEEP_EVERY:
            self.close_stale_stories()
        return story.id

    def _best_story(self, vec: Counter, title: frozenset[str], ents: set[str], days: set[date]) -> str | None:
        """The best-scoring open story over the threshold by terms, names, title and dates."""
        self._edf.update(ents)
        keys = [t for t, _ in vec.most_common(LOOKUP_TERMS)] + sorted(ents)
        best, best_score = None, self.options.threshold
        mass = {e: math.log((2 + self._docs) / (1 + self._edf[e])) for e in ents}
        for sid in self._candidates(
            ["t:" + k for k in keys[:LOOKUP_TERMS]] + ["e:" + e for e in ents], self._clock
        ):
            self.comparisons += 1
            s = self.score(self._stories[sid], vec, mass, title, days)
            if s > best_score or (s == best_score and best and sid < best):
                best, best_score = sid, s
        return best

    def close_stale_stories(self) -> int:
        """Forget the term and entity profiles of stories that fell out of the time window.

        An article can only join a story within ``window_days`` of its dates, so a story whose
        last day is further behind the clock can never be a candidate again; dropping its
        profile and postings keeps memory bounded by the window, not the corpus.
        """
        self._since_sweep = 0
        if self._clock is None:
            return 0
        horizon = self._clock - timedelta(days=self.options.window_days + 1)
        closed = {
            sid
            for sid, st in self._stories.items()
            if st.last_day is not None and st.last_day < horizon and st.open
        }
        for sid in closed:
            story = self._stories[sid]
            story.terms, story.entities, story.titles, story.norm2 = Counter(), Counter(), [], 0.0
            story.open = False
        if self.crosslingual is not None:
            self.crosslingual.close(closed)
        if closed:
            for key in list(self._postings):
                posting = self._postings[key]
                for sid in closed & posting.keys():
                    del posting[sid]
                if not posting:
                    del self._postings[key]
        return len(closed)

    def _join(self, story: _StoryState, article: Article, vec: Counter, ents: set[str], title, days) -> None:
        for t, w in vec.items():
            old = story.terms.get(t, 0.0)
            story.norm2 += (old + w) ** 2 - old**2
            story.terms[t] = old + w
        story.entities.update(ents)
        story.titles.append(title)
        story.article_ids.append(article.id)
        outlet = outlet_of(article)
        if outlet not in story.outlets:
            story.outlets.append(outlet)
        if article.published:
            story.published.append(article.published)
        story.days |= days
        story.last_day = max(story.days, default=None)

    def titles(self) -> dict[str, str]:
        """Story id -> the founding article's title (or its opening words)."""
        return {s.id: s.title for s in self._stories.values()}

    def story_of(self, article_id: str) -> str | None:
        return self._assigned.get(article_id)

    def stories(self) -> list[Story]:
        """The clusters so far, as Story objects (comparison fields left empty)."""
        return [
            Story(
                id=s.id,
                title=s.title,
                article_ids=tuple(s.article_ids),
                outlets=tuple(s.outlets),
                first_published=min(s.published) if s.published else None,
                last_published=max(s.published) if s.published else None,
            )
            for s in self._stories.values()
        ]


def actor_counts(
    stories: Sequence[Story], evidence: Sequence[Article] | Sequence[Event]
) -> dict[str, Counter]:
    """Per story, in how many of its articles each actor appears: from the articles' entities,
    or, given events, from the actors of the events its articles report."""
    counts: dict[str, Counter] = {s.id: Counter() for s in stories}
    story_of = {aid: s.id for s in stories for aid in s.article_ids}
    for item in evidence:
        if isinstance(item, Event):
            actors = {(a.entity_id or a.name).lower() for a in (item.source_actor, item.target_actor) if a}
            for aid in {r.article_id for r in item.reports}:
                if aid in story_of:
                    counts[story_of[aid]].update(actors)
        elif item.id in story_of:
            counts[story_of[item.id]].update(entity_keys(item))
    return counts


def link_related(
    stories: Sequence[Story],
    evidence: Sequence[Article] | Sequence[Event],
    window_days: int = 7,
    min_shared: int = 2,
) -> list[Story]:
    """Stories that share their main actors but are separate happenings point at each other.

    ``evidence`` is the stories' articles (actors from their entities) or the merged events
    (actors of the events each story's articles report); the main actors of a story are
    those in at least half of its articles.
    """
    counts = actor_counts(stories, evidence)
    need = {s.id: max(1, len(s.article_ids) // 2) for s in stories}
    main = {
        sid: frozenset(k for k, c in counted.items() if c >= need[sid]) for sid, counted in counts.items()
    }
    related = sweep_related(
        ((s.id, s.first_published, s.last_published, main[s.id]) for s in stories), window_days, min_shared
    )
    return [
        replace(s, related_story_ids=tuple(sorted(related.get(s.id, set()) | set(s.related_story_ids))))
        for s in stories
    ]


def sweep_related(
    stories: Iterable[tuple[str, str | None, str | None, frozenset[str]]],
    window_days: int = 7,
    min_shared: int = 2,
) -> dict[str, set[str]]:
    """Pairs of stories sharing ``min_shared`` main actors, within ``window_days`` of each other.

    Given (id, first day, last day, main actors) per story. Why a sweep: in first-day order,
    only the stories whose last day is within the window of the current one's first are held
    in the actor index (an undated story is within every window and stays), so the work grows
    with the stories of a window, not with the corpus squared.
    """
    items = [
        (sid, parse_day(first), parse_day(last or first), main) for sid, first, last, main in stories if main
    ]
    related: dict[str, set[str]] = {}
    undated_index: dict[str, dict[str, None]] = {}
    open_index: dict[str, dict[str, None]] = {}
    expiry: list[tuple[date, str, frozenset[str]]] = []

    def relate(sid: str, main: frozenset[str], indexes: tuple[dict[str, dict[str, None]], ...]) -> None:
        shared = Counter(other for key in main for index in indexes for other in index.get(key, ()))
        for other, n in shared.items():
            if n >= min_shared:
                related.setdefault(sid, set()).add(other)
                related.setdefault(other, set()).add(sid)

    for sid, _, _, main in (item for item in items if item[1] is None):
        relate(sid, main, (undated_index,))
        for key in main:
            undated_index.setdefault(key, {})[sid] = None
    for sid, first, last, main in sorted((i for i in items if i[1] is not None), key=lambda i: (i[1], i[0])):
        while expiry and expiry[0][0] < first:
            _, old, old_main = heapq.heappop(expiry)
            for key in old_main:
                del open_index[key][old]
                if not open_index[key]:
                    del open_index[key]
        relate(sid, main, (open_index, undated_index))
        for key in main:
            open_index.setdefault(key, {})[sid] = None
        heapq.heappush(expiry, (last + timedelta(days=window_days), sid, main))
    return related
