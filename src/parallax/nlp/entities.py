"""Placeholder stage: passes the article through until issue work replaces it."""

from __future__ import annotations

from parallax.model import Article


def resolve_entities(article: Article, doc, kb) -> Article:
    return article
