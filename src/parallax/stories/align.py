"""One utterance, many reports: quotes of the same statement across articles get one id.

Outlets quote one speaker in different words or translations ("we will not be moved
by threats" / "we shall not be moved by any threat"). Two quotes are one statement
when their speaker agrees (same entity id or same canonical name) and their wording
overlaps: the shorter quote's content stems mostly appear in the longer one, or their
character 4-grams do (which catches near-spellings the stemmer misses).
"""

from __future__ import annotations

from collections.abc import Sequence

from parallax.model import Article, Quote, stable_id
from parallax.stories import content_stems, fold_text

MIN_SHARED_STEMS = 3
STEM_CONTAINMENT = 0.6
GRAM_CONTAINMENT = 0.55


def speaker_key(quote: Quote) -> str | None:
    """Who said it: the entity id, else the lower-cased canonical name, else unknown (None)."""
    if quote.speaker_entity_id:
        return quote.speaker_entity_id
    return quote.speaker.lower() if quote.speaker else None


def char_grams(text: str, n: int = 4) -> set[str]:
    s = " ".join("".join(c if c.isalnum() else " " for c in fold_text(text)).split())
    return {s[i : i + n] for i in range(len(s) - n + 1)}


def same_statement(a: Quote, b: Quote) -> bool:
    """Whether two quotes by one speaker report the same words (by stem or 4-gram containment)."""
    sa, sb = set(content_stems(a.text)), set(content_stems(b.text))
    shared = len(sa & sb)
    if shared < MIN_SHARED_STEMS:
        return False
    if shared / min(len(sa), len(sb)) >= STEM_CONTAINMENT:
        return True
    ga, gb = char_grams(a.text), char_grams(b.text)
    return bool(ga and gb) and len(ga & gb) / min(len(ga), len(gb)) >= GRAM_CONTAINMENT


def align_statements(articles: Sequence[Article]) -> dict[str, str]:
    """Quote id -> statement id, over all quotes of the articles (a lone quote is its own statement).

    The id is stable_id over the earliest member (by publication, article id, offset), so it
    does not change when later articles join.
    """
    quotes = [(a.published or "9999", a.id, q.start, q) for a in articles for q in a.quotes]
    quotes.sort(key=lambda t: t[:3])
    parent = list(range(len(quotes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_speaker: dict[str, list[int]] = {}
    for i, (*_, q) in enumerate(quotes):
        key = speaker_key(q) if q.speaker_entity_id or q.speaker else None
        if key is not None:
            by_speaker.setdefault(key, []).append(i)
    for members in by_speaker.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if root(i) != root(j) and same_statement(quotes[i][3], quotes[j][3]):
                    parent[max(root(i), root(j))] = min(root(i), root(j))
    return {q.id: stable_id("stm", quotes[root(i)][3].id) for i, (*_, q) in enumerate(quotes)}
