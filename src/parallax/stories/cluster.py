"""Online story clustering in publication order.

Each new article joins the best-scoring open story or founds one. Candidates come from
inverted indexes (canonical entities, the article's top TF-IDF terms with idf learned
online) restricted to a time window, so each article meets a bounded handful of stories
and the total cost grows near-linearly with the stream (Miranda et al. 2018 do the same
with TF-IDF plus timestamps). The score mixes term cosine, entity overlap, title
similarity and date proximity; weights and threshold are tuned on benchmarks/stories.py.
"""

from __future__ import annotations

import math
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from parallax.model import Article, Story, stable_id
from parallax.stories import STOP_WORDS, content_stems, outlet_of, parse_day, stem_word

TOP_TERMS = 60
LOOKUP_TERMS = 12
MAX_CANDIDATES = 40
LEAD_WORDS = 400
DAY_SCALE = 2.0  # days over which date proximity decays by 1/e
_PROPER = re.compile(r"(?<![.!?\n]\s)(?<!^)\b([A-Z][a-zA-Z]+(?:[ -][A-Z][a-zA-Z]+)*)")


@dataclass(frozen=True)
class ClusterOptions:
    """Weights of the four similarity signals and the joining threshold (tuned on AllSides)."""

    window_days: int = 7
    threshold: float = 0.4
    w_terms: float = 0.45
    w_entities: float = 0.1
    w_title: float = 0.15
    w_date: float = 0.3


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
    last_day: date | None = None


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


def cosine_counts(a: Counter, b: Counter) -> float:
    """Cosine of two sparse count vectors."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) < len(b) else (b, a)
    dot = sum(v * large.get(k, 0) for k, v in small.items())
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


class StoryClusterer:
    """Assigns each article, in publication order, to a story; holds the online index."""

    def __init__(self, window_days: int = 7, options: ClusterOptions | None = None):
        self.options = replace(options or ClusterOptions(), window_days=window_days)
        self._df: Counter = Counter()
        self._docs = 0
        self._stories: dict[str, _StoryState] = {}
        self._postings: dict[str, OrderedDict[str, date | None]] = {}
        self._assigned: dict[str, str] = {}
        self._clock: date | None = None

    def vectorise(self, article: Article) -> tuple[Counter, frozenset[str]]:
        """Top TF-IDF terms of title (counted twice) and lead, L2-normalised; and the title stems."""
        title = content_stems(article.title or "")
        body = content_stems(article.text)[:LEAD_WORDS]
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
        """Smoothed inverse document frequency over the articles seen so far."""
        return math.log((1 + self._docs) / (1 + self._df[term])) + 1.0

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
        self, story: _StoryState, vec: Counter, ents: set[str], title: frozenset[str], day: date | None
    ):
        """The weighted mean of the similarity signals both sides have (title and date may be missing)."""
        o = self.options
        dot = sum(w * story.terms.get(t, 0.0) for t, w in vec.items())
        terms = dot / math.sqrt(story.norm2) if story.norm2 else 0.0
        shared = sum(1 for e in ents if story.entities.get(e))
        entities = shared / min(len(ents), len(story.entities)) if ents and story.entities else 0.0
        signals = [(o.w_terms, terms), (o.w_entities, entities)]
        if title and any(story.titles):
            signals.append(
                (o.w_title, max((len(title & t) / len(title | t) for t in story.titles if t), default=0.0))
            )
        if day and story.last_day:
            days = abs((day - story.last_day).days)
            if days > o.window_days:
                return 0.0
            signals.append((o.w_date, math.exp(-days / DAY_SCALE)))
        return sum(w * v for w, v in signals) / sum(w for w, _ in signals)

    def add(self, article: Article) -> str:
        """The story id the article joins (a new story when none scores above threshold)."""
        if article.id in self._assigned:
            return self._assigned[article.id]
        day = parse_day(article.published)
        self._clock = max(filter(None, (self._clock, day)), default=None)
        vec, title = self.vectorise(article)
        ents = entity_keys(article)
        keys = [t for t, _ in vec.most_common(LOOKUP_TERMS)] + sorted(ents)
        best, best_score = None, self.options.threshold
        for sid in self._candidates(
            ["t:" + k for k in keys[:LOOKUP_TERMS]] + ["e:" + e for e in ents], self._clock
        ):
            s = self.score(self._stories[sid], vec, ents, title, day)
            if s > best_score or (s == best_score and best and sid < best):
                best, best_score = sid, s
        story = self._stories.get(best) if best else None
        if story is None:
            story = _StoryState(id=stable_id("sto", article.id), title=article.title or article.text[:120])
            self._stories[story.id] = story
        self._join(story, article, vec, ents, title, day)
        for key in ["t:" + t for t in vec] + ["e:" + e for e in ents]:
            posting = self._postings.setdefault(key, OrderedDict())
            posting[story.id] = story.last_day
            posting.move_to_end(story.id)
        self._assigned[article.id] = story.id
        return story.id

    def _join(self, story: _StoryState, article: Article, vec: Counter, ents: set[str], title, day) -> None:
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
        if day and (story.last_day is None or day > story.last_day):
            story.last_day = day

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


def link_related(
    stories: Sequence[Story], articles: Sequence[Article], window_days: int = 7, min_shared: int = 2
) -> list[Story]:
    """Stories that share their main actors but are separate happenings point at each other."""
    by_id = {a.id: a for a in articles}
    main: dict[str, set[str]] = {}
    index: dict[str, list[str]] = {}
    for story in stories:
        counts = Counter(k for aid in story.article_ids if aid in by_id for k in entity_keys(by_id[aid]))
        need = max(1, len(story.article_ids) // 2)
        main[story.id] = {k for k, c in counts.items() if c >= need}
        for key in main[story.id]:
            index.setdefault(key, []).append(story.id)
    days = {s.id: (parse_day(s.first_published), parse_day(s.last_published)) for s in stories}
    related: dict[str, set[str]] = {s.id: set() for s in stories}
    for story in stories:
        shared = Counter(o for k in main[story.id] for o in index[k] if o != story.id)
        for other, n in shared.items():
            if n >= min_shared and _within(days[story.id], days[other], window_days):
                related[story.id].add(other)
                related[other].add(story.id)
    return [
        replace(s, related_story_ids=tuple(sorted(related[s.id] | set(s.related_story_ids)))) for s in stories
    ]


def _within(a: tuple[date | None, date | None], b: tuple[date | None, date | None], window: int) -> bool:
    if not (a[0] and b[0]):
        return True
    return (b[0] - a[1]).days <= window and (a[0] - b[1]).days <= window
