"""One story across languages: title-and-lead embeddings inside the online clusterer.

The clusterer's term and name signals are English: its stemmer reads only Latin letters and
its stop words are English ones, so a Russian report shares no term with an English one, and
two Spanish reports of different happenings share "de", "la" and "los". A multilingual sentence
encoder (``paraphrase.load_encoder``: Universal Sentence Encoder v3, 16 languages into one space)
places "Soyuz carries new crew to the space station" near its Russian and French tellings. So
an article joins a story told in other languages when its title and lead (its *gist*) reach
``SAME_STORY`` mean cosine with the story's gists (the first of each language it holds; the mean,
not the best, so that one telling alike in topic does not pull in another happening) and their
days lie within ``MAX_GAP_DAYS``.

Cost stays near zero where it is not needed: nothing is encoded while every open story within
reach is English (an English-only corpus encodes nothing); a story keeps the text of the first
gist of each language it holds and encodes it on first comparison; a story leaves this index
when the clusterer closes it. Threshold and gap are tuned on ``benchmarks/crosslingual.py``'s
dev half.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from parallax.model import Article
from parallax.nlp.language import runs_english_stages
from parallax.stories.paraphrase import load_encoder

SAME_STORY = 0.55  # cosine of two gists that tell one happening (tuned on the dev half)
MAX_GAP_DAYS = 2  # the furthest apart two tellings of one happening may be dated
GIST_CHARS = 400  # title and opening sentences: what an outlet leads with
# The encoder's training languages (its model card), and Ukrainian, which it reads through its
# Russian. In languages it never saw, texts blur together: two unrelated Greek or Swedish sentences
# score 0.66-0.73, so those keep to the term signals.
EMBEDDED_LANGUAGES = frozenset(
    {"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "uk", "zh"}
)
# Cosine added to a pair of two languages, one of them read through a neighbour: on the dev gold,
# same-story pairs with a Ukrainian side score 0.49-0.60, other-story ones up to 0.42.
READ_THROUGH = {"uk": 0.1}
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def gist_of(article: Article) -> str:
    """The title and the whole opening sentences within ``GIST_CHARS`` (at least the first one)."""
    text = " ".join(article.text.split())[: GIST_CHARS * 4]
    lead = ""
    for sentence in _SENTENCE_END.split(text):
        if lead and len(lead) + len(sentence) > GIST_CHARS:
            break
        lead = f"{lead} {sentence}".strip()
    title = " ".join((article.title or "").split())
    return f"{title}. {lead[:GIST_CHARS]}" if title else lead[:GIST_CHARS]


def is_embedded(article: Article) -> bool:
    """Whether the encoder reads the article's language."""
    return language_of(article) in EMBEDDED_LANGUAGES


@dataclass
class _Tellings:
    """One open story's gists: the first of each language, encoded on first use."""

    gists: dict[str, str] = field(default_factory=dict)  # language -> gist text
    vectors: dict[str, Any] = field(default_factory=dict)  # language -> embedding row
    days: set[date] = field(default_factory=set)


class CrossLingualIndex:
    """The open stories' gists by language and day, and the best story for a new article."""

    def __init__(self, threshold: float = SAME_STORY, max_gap_days: int = MAX_GAP_DAYS):
        self.threshold = threshold
        self.max_gap_days = max_gap_days
        self.encoded = 0  # gists encoded so far: the cost an English-only corpus must keep at zero
        self._stories: dict[str, _Tellings] = {}
        self._by_day: dict[date | None, set[str]] = {}  # day (None: undated) -> open stories dated then
        self._foreign: dict[date | None, set[str]] = {}  # the same, for stories holding a non-English gist
        self._last: tuple[str, Any] | None = None  # the article last matched and its gist's embedding

    @staticmethod
    def available() -> bool:
        """Whether the sentence encoder is installed and switched on."""
        return load_encoder() is not None

    def __contains__(self, story_id: str) -> bool:
        return story_id in self._stories

    def add(self, story_id: str, article: Article, days: Iterable[date]) -> None:
        """Note that the article joined the story (its gist is kept if its language is new there)."""
        story = self._stories.setdefault(story_id, _Tellings())
        language = language_of(article)
        if language not in story.gists:
            story.gists[language] = gist_of(article)
            if self._last is not None and self._last[0] == article.id:
                story.vectors[language] = self._last[1]
        story.days |= set(days)
        foreign = bool(story.gists.keys() - {"en"})
        for day in story.days or {None}:
            self._by_day.setdefault(day, set()).add(story_id)
            if foreign:
                self._foreign.setdefault(day, set()).add(story_id)

    def match(self, article: Article, days: set[date]) -> tuple[str, float] | None:
        """The open story that tells the article's happening in another language, with the mean cosine.

        An English article is compared only with stories' non-English gists (English ones are the
        term signals' work); any other article with every gist of the stories in reach.
        """
        near = self._near_days(days)
        english = runs_english_stages(article)
        if english and not any(self._foreign.get(d) for d in near):
            return None
        candidates = sorted({sid for d in near for sid in self._by_day.get(d, ())})
        pairs = [
            (sid, lang)
            for sid in candidates
            for lang in self._stories[sid].gists
            if not (english and lang == "en")
        ]
        if not pairs:
            return None
        self._encode_missing(pairs)
        vector = self.encode([gist_of(article)])[0]
        self._last = (article.id, vector)
        rows = np.stack([self._stories[sid].vectors[lang] for sid, lang in pairs])
        mine = language_of(article)
        offsets = np.array(
            [
                max(READ_THROUGH.get(mine, 0.0), READ_THROUGH.get(lang, 0.0)) if lang != mine else 0.0
                for _, lang in pairs
            ]
        )
        scores = rows @ vector + offsets
        per: dict[str, list[float]] = {}
        for (sid, _), score in zip(pairs, scores, strict=True):
            per.setdefault(sid, []).append(float(score))
        best = {sid: sum(v) / len(v) for sid, v in per.items()}
        sid, score = max(best.items(), key=lambda kv: (kv[1], kv[0]))
        return (sid, score) if score >= self.threshold else None

    def close(self, story_ids: Iterable[str]) -> None:
        """Forget stories the clusterer closed (out of the time window)."""
        for sid in story_ids:
            story = self._stories.pop(sid, None)
            for day in story.days | {None} if story else ():
                for index in (self._by_day, self._foreign):
                    members = index.get(day)
                    if members is not None:
                        members.discard(sid)
                        if not members:
                            del index[day]

    def encode(self, texts: list[str]) -> Any:
        self.encoded += len(texts)
        return load_encoder().encode(texts)

    def _near_days(self, days: set[date]) -> set[date | None]:
        gap = self.max_gap_days
        return {d + timedelta(days=k) for d in days for k in range(-gap, gap + 1)} | {None}

    def _encode_missing(self, pairs: list[tuple[str, str]]) -> None:
        todo = [(sid, lang) for sid, lang in pairs if lang not in self._stories[sid].vectors]
        if todo:
            vectors = self.encode([self._stories[sid].gists[lang] for sid, lang in todo])
            for (sid, lang), row in zip(todo, vectors, strict=True):
                self._stories[sid].vectors[lang] = row


def language_of(article: Article) -> str:
    """The article's language, English standing for undetermined (as the NLP stages take it)."""
    return "en" if runs_english_stages(article) else str(article.language)
