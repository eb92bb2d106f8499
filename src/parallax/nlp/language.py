"""Which NLP stages fit an article's language; Russian entities from natasha.

The default stages read text with spaCy's English model and English lexicons: on German,
Portuguese or Russian text they make junk ("Der" as a person, "Estados Unidos" as an
organization). So they run only on English text and on text whose language is unknown (too
short to tell, where English is still the likeliest). An article in another language keeps its
text and metadata and gets sentence spans from a rule-based splitter that knows no language;
Russian articles also get entities from natasha (an optional extra, ``parallax-news[ru]``)
when it is installed. Without it they get none, and the reason is logged once.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from parallax.model import Article, Mention

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.language import Language
    from spacy.tokens import Doc

    from parallax.kb import KnowledgeBase

    Stage = Callable[[Article, Doc, KnowledgeBase], Article]

log = logging.getLogger(__name__)

# Languages the default (English) stages are written for; None: too little text to tell.
ENGLISH_STAGE_LANGUAGES = frozenset({"en", None})
# natasha's span types -> (mention label, entity kind for a name key, entity type).
NATASHA_TYPES = {
    "PER": ("PERSON", "person", "person"),
    "ORG": ("ORG", "organization", "organization"),
    "LOC": ("GPE", "place", "other"),
}


def runs_english_stages(article: Article) -> bool:
    """Whether the English model and stages fit this article's language."""
    return article.language in ENGLISH_STAGE_LANGUAGES


def stages_for(article: Article, english: tuple[Stage, ...]) -> tuple[Stage, ...]:
    """The stages that fit the article's language: ``english`` for English, fewer otherwise."""
    if runs_english_stages(article):
        return english
    if article.language == "ru":
        return (add_russian_annotations,)
    return (add_plain_sentences,)


@lru_cache(maxsize=1)
def load_sentencizer() -> Language:
    """spaCy's rule-based sentence splitter on a blank multi-language pipeline (no model files)."""
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def add_plain_sentences(article: Article, doc: Doc, kb: KnowledgeBase) -> Article:
    """Sentence spans by punctuation, for a language without its own stages (reads: text)."""
    own = load_sentencizer()(article.text)
    return replace(article, sentences=tuple((s.start_char, s.end_char) for s in own.sents))


@lru_cache(maxsize=1)
def load_natasha() -> dict[str, Any] | None:
    """natasha's segmenter, NER and morphology (its models ship in the wheels), or None when absent."""
    try:
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
    except ImportError as exc:
        log.warning(
            "Russian articles get no entities: natasha is not installed (%s); "
            "install it with: pip install 'parallax-news[ru]'",
            exc,
        )
        return None
    embedding = NewsEmbedding()
    return {
        "segmenter": Segmenter(),
        "ner": NewsNERTagger(embedding),
        "morph": NewsMorphTagger(embedding),
        "vocab": MorphVocab(),
    }


def add_russian_annotations(article: Article, doc: Doc, kb: KnowledgeBase) -> Article:
    """Sentences and, with natasha, PER/ORG/LOC mentions and entities (reads: text; writes:
    sentences, mentions, entities), keyed like the English path's so stories can join them."""
    models = load_natasha()
    if models is None:
        return add_plain_sentences(article, doc, kb)
    from natasha import Doc as NatashaDoc

    ru = NatashaDoc(article.text)
    ru.segment(models["segmenter"])
    ru.tag_ner(models["ner"])
    ru.tag_morph(models["morph"])
    found = []
    for span in ru.spans:
        span.normalize(models["vocab"])
        found.append((span.start, span.stop, span.type, span.text, span.normal or span.text))
    mentions, info = russian_mentions(found, kb)
    from parallax.nlp.entities import build_entities

    return replace(
        article,
        sentences=tuple((s.start, s.stop) for s in ru.sents if s.start < s.stop),  # razdel: "" for blank text
        mentions=tuple(mentions),
        entities=build_entities(mentions, kb, info),
    )


def russian_mentions(
    found: list[tuple[int, int, str, str, str]], kb: KnowledgeBase
) -> tuple[list[Mention], dict[str, tuple[str, str, str | None]]]:
    """Mentions from NER spans (start, end, type, text, nominative form) and the name keys' details.

    A known actor keeps its KB key; any other name gets a name key on its nominative form, so
    "Путина" and "Путин" are one person; a lone surname joins the article's full name ending in it.
    """
    from parallax.nlp.entities import label_of, name_key

    full_names = {
        normal.split()[-1].lower(): normal
        for _, _, kind, _, normal in found
        if kind == "PER" and len(normal.split()) > 1
    }
    mentions, info = [], {}
    for start, end, kind, text, normal in found:
        if kind not in NATASHA_TYPES or not normal.strip():
            continue
        label, key_kind, entity_type = NATASHA_TYPES[kind]
        if kind == "PER" and " " not in normal:
            normal = full_names.get(normal.lower(), normal)
        actor = kb.lookup(normal)
        if actor is not None:
            key, label = actor.key, label_of(actor)
        else:
            key = name_key(key_kind, normal)
            info.setdefault(key, (normal, entity_type, None))
        mentions.append(Mention(start, end, text, label, key))
    return mentions, info
