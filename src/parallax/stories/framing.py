"""Framing: the words an outlet chooses for an actor or event that the other outlets do not.

Labels before a name, commenting relative clauses, loaded words from
kb/data/loaded_terms.yaml (in the body and in the headline), and evaluative verbs an outlet
alone uses for what a named actor did (the within-story log-odds contrast of Monroe et
al. 2008), each kept only where the other outlets do not share it. The parse was read
once, at NLP time, into ``Article.cues`` (``nlp/wording.py``); this module only compares.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from parallax.model import Article, Cue, FramingItem
from parallax.nlp.wording import quoted_regions
from parallax.stories import outlet_of, words_of
from parallax.stories.tone import count_words, log_odds_z

# Under the story-pooled prior one use of a word no other outlet uses scores z ~ 0.4-0.9 and
# three uses ~ 1.1: only a verb an outlet keeps using for actors counts, which keeps one-off
# event verbs ("supported", "condemned", "died": 56 items, mostly plain, on 505 AllSides
# stories at 0.9) out of the framing list.
CONTRAST_Z = 1.0
# headlines quote with single marks ("Haitian president killed in 'barbaric act'"); an apostrophe
# inside a word ("woman's") neither opens nor closes one
_HEADLINE_QUOTE = re.compile(r"(?<!\w)['\u2018](?:[^'\u2018\u2019\n]|['\u2019](?=\w)){1,200}['\u2019](?!\w)")


def cues_of(article: Article, kind: str, field: str = "text") -> list[Cue]:
    return [c for c in article.cues if c.kind == kind and c.field == field]


def find_framing(article: Article, articles: Sequence[Article]) -> list[FramingItem]:
    """Words this outlet uses about an actor or event that the story's other outlets do not.

    Headline loaded terms come first (``field="title"``, offsets into the title). Words in
    quotation marks (and the quote stage's direct quotes) are the speaker's, not the
    outlet's, so nothing inside them is framing; scare quotes are handled on their own.
    """
    others = [a for a in articles if outlet_of(a) != outlet_of(article)]
    z = log_odds_z(count_words([article.text]), count_words(a.text for a in others))
    other_mods = {c.key for a in others for c in cues_of(a, "modifier")}
    other_terms = Counter(k for a in others for k in {c.key for c in cues_of(a, "term")})
    other_lemmas = {c.key for a in others for c in cues_of(a, "predicate")}
    quoted = quoted_regions(article.text) + [(q.start, q.end) for q in article.quotes if q.kind == "direct"]
    n_outlets = len({outlet_of(a) for a in others})
    items: list[FramingItem] = []

    def add(cue: Cue, kind: str) -> None:
        start, end = cue.start, cue.end
        if any(qs <= start < qe for qs, qe in quoted) or any(i.start <= start < i.end for i in items):
            return
        head = max(words_of(article.text[start:end]) or [""], key=lambda w: z.get(w, 0.0))
        items.append(FramingItem(article.id, outlet_of(article), article.text[start:end], start, end,
                                 cue.about, kind, round(z.get(head, 0.0), 2)))  # fmt: skip

    for cue in cues_of(article, "modifier"):
        if cue.candidate and cue.key not in other_mods:
            add(cue, "label")
    for cue in cues_of(article, "relative clause"):
        add(cue, "relative clause")
    for cue in cues_of(article, "loaded term"):
        if not (n_outlets and other_terms[cue.key] * 2 >= n_outlets + 1):
            add(cue, "loaded term")
    for cue in cues_of(article, "predicate"):
        if cue.candidate and cue.key not in other_lemmas and z.get(cue.word, 0.0) >= CONTRAST_Z:
            add(cue, "actor contrast")
    other_text = " " + " ".join(" ".join(words_of(a.text)) for a in others) + " "
    attributed = [(q.start, q.end) for q in article.quotes if q.speaker or q.via]
    for cue in cues_of(article, "scare quotes"):
        if article.text[cue.start : cue.end].rstrip(" '\"\u201d\u2019").endswith(("...", "\u2026")):
            continue  # cut off by an excerpt: a quotation that lost its speaker, not a scare quote
        if any(qs < cue.end and cue.start < qe for qs, qe in attributed):
            continue  # a quote with a speaker or source is reported speech
        if cue.candidate and f" {cue.key} " not in other_text:  # the others use other words for it
            add(cue, "scare quotes")
    body = sorted(items, key=lambda i: i.start)
    if not article.title:
        return body
    shared = other_terms + Counter(k for a in others for k in {c.key for c in cues_of(a, "term", "title")})
    head_z = log_odds_z(
        count_words([article.title or "", article.text]),
        count_words(f"{a.title or ''} {a.text}" for a in others),
    )
    return find_title_framing(article, shared, n_outlets, head_z) + body


def find_title_framing(article: Article, other_terms: Counter, n_outlets: int, z: dict) -> list[FramingItem]:
    """Loaded terms in the headline, by the same lexicon rules as the body; offsets are into the title."""
    title = article.title or ""
    quoted = quoted_regions(title) + [(m.start(), m.end()) for m in _HEADLINE_QUOTE.finditer(title)]
    items: list[FramingItem] = []
    for cue in cues_of(article, "loaded term", "title"):
        start, end = cue.start, cue.end
        if (
            start == end
            or (n_outlets and other_terms[cue.key] * 2 >= n_outlets + 1)
            or any(qs <= start < qe for qs, qe in quoted)
            or any(i.start <= start < i.end for i in items)
        ):
            continue
        head = max(words_of(title[start:end]) or [""], key=lambda w: z.get(w, 0.0))
        items.append(FramingItem(article.id, outlet_of(article), title[start:end], start, end, cue.about,
                                 "loaded term", round(z.get(head, 0.0), 2), field="title"))  # fmt: skip
    return items
