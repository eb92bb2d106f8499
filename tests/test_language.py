"""Languages: codes, per-article detection, stages chosen by language, Russian entities."""

from __future__ import annotations

import logging
import socket
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.clean import clean_document
from parallax.clean.metadata import (
    choose_language,
    detect_language,
    language_detector,
    language_sample,
    normalize_language,
)
from parallax.kb import load_kb
from parallax.model import Article, RawDocument
from parallax.nlp import language
from parallax.nlp.language import add_russian_annotations, russian_mentions, stages_for
from parallax.nlp.pipeline import Pipeline, default_stages

GERMAN = (
    "Der Bundeskanzler traf am Dienstag in Berlin die Ministerpräsidenten der Länder. "
    "Die Regierung will das neue Gesetz noch vor dem Sommer im Bundestag verabschieden."
)
PORTUGUESE = (
    "O presidente da câmara municipal anunciou esta quarta-feira um novo plano para os transportes "
    "públicos da cidade, que vai custar cerca de dois milhões de euros."
)
RUSSIAN = (
    "Президент России Владимир Путин провёл в Кремле встречу с губернатором Оренбургской области. "
    "По словам Путина, регион получит новые субсидии. Об этом сообщило агентство ТАСС."
)
ENGLISH = (
    "The finance ministers of Norway and Chile met in Oslo on Tuesday to discuss tariffs, "
    "the Norwegian foreign ministry said in a statement."
)


def article(text: str, code: str | None) -> Article:
    return Article(id=f"art_{code}", source="test", text=text, language=code)


# -- codes and detection ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declared", "code"),
    [("pt-BR", "pt"), ("en_US", "en"), ("ru-RU", "ru"), ("EN", "en"), ("zh-Hant-TW", "zh"), ("fil", "fil")],
)
def test_declared_codes_become_iso_639_1_lower_case(declared: str, code: str) -> None:
    assert normalize_language(declared) == code


@pytest.mark.parametrize("declared", [None, "", "English", "en-", "12"])
def test_codes_that_are_no_language_tag_give_none(declared: str | None) -> None:
    assert normalize_language(declared) is None


@pytest.mark.parametrize(
    ("text", "code"), [(GERMAN, "de"), (PORTUGUESE, "pt"), (RUSSIAN, "ru"), (ENGLISH, "en")]
)
def test_language_is_detected_per_text(text: str, code: str) -> None:
    assert detect_language(text) == code


@given(st.text(max_size=30))
def test_a_normalised_code_is_two_or_three_lower_case_letters_or_none(declared: str) -> None:
    code = normalize_language(declared)
    assert code is None or (code.isascii() and code.isalpha() and code.islower() and 2 <= len(code) <= 3)


def test_too_few_letters_is_no_language() -> None:
    assert detect_language("12:45 — 3 / 4 • 2025") is None


def test_a_confident_detection_beats_the_feeds_declared_language() -> None:
    assert choose_language("en-gb", PORTUGUESE) == "pt"


def test_the_declared_language_stands_when_the_text_cannot_tell() -> None:
    assert choose_language("pt-BR", "Lula, 2018") == "pt"
    assert choose_language(None, "Lula, 2018") is None


def test_cleaned_feed_item_stores_the_normalised_language() -> None:
    raw = RawDocument(source="feed.rss#1", content=GERMAN, format="feed", language="de-DE")
    assert clean_document(raw).language == "de"


def test_sample_prefers_prose_lines_over_chart_labels() -> None:
    chart = "\n\n".join(["GDP growth", "3.2", "Top rate %", "’90", "2000", "down from 35%"] * 20)
    text = f"{chart}\n\n{ENGLISH}"
    assert language_sample(text).startswith("The finance ministers")
    assert detect_language(text) == "en"


def test_detector_uses_its_bundled_model_and_opens_no_connection(monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the language detector tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    language_detector.cache_clear()
    try:
        assert detect_language(GERMAN) == "de"
    finally:
        language_detector.cache_clear()


# -- stages by language -------------------------------------------------------------------


def test_english_and_unknown_languages_get_the_english_stages() -> None:
    english = default_stages()
    assert stages_for(article(ENGLISH, "en"), english) == english
    assert stages_for(article("Oslo", None), english) == english
    assert stages_for(article(GERMAN, "de"), english) != english


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def test_other_languages_keep_their_article_but_get_no_english_annotations(pipeline: Pipeline) -> None:
    stream = [article(GERMAN, "de"), article(ENGLISH, "en"), article(PORTUGUESE, "pt")]
    german, english, portuguese = list(pipeline(stream))
    assert [a.id for a in (german, english, portuguese)] == ["art_de", "art_en", "art_pt"]
    for other in (german, portuguese):
        assert other.text == next(a.text for a in stream if a.id == other.id)
        assert (other.mentions, other.entities, other.quotes, other.events) == ((), (), (), ())
    assert [german.text[s:e] for s, e in german.sentences][1].startswith("Die Regierung")
    assert {e.name for e in english.entities} >= {"Norway", "Chile"}


# -- Russian entities ---------------------------------------------------------------------


def test_russian_names_join_on_their_nominative_form_and_lone_surnames() -> None:
    found = [
        (0, 14, "PER", "Владимир Путин", "Владимир Путин"),
        (20, 26, "PER", "Путина", "Путин"),
        (30, 36, "LOC", "Москве", "Москва"),
        (40, 44, "ORG", "ТАСС", "ТАСС"),
        (50, 55, "MISC", "Х", "Х"),
    ]
    mentions, info = russian_mentions(found, load_kb())
    assert [m.label for m in mentions] == ["PERSON", "PERSON", "GPE", "ORG"]
    assert mentions[0].entity_key == mentions[1].entity_key
    assert info[mentions[0].entity_key] == ("Владимир Путин", "person", None)
    assert info[mentions[2].entity_key][1] == "other"


def test_russian_article_gets_entities_from_natasha(pipeline: Pipeline) -> None:
    pytest.importorskip("natasha")
    (ru,) = pipeline([article(RUSSIAN, "ru")])
    assert all(ru.text[m.start : m.end] == m.text for m in ru.mentions)
    people = [e for e in ru.entities if e.type == "person"]
    assert [p.name for p in people] == ["Владимир Путин"] and set(people[0].aliases) == {
        "Владимир Путин",
        "Путина",
    }
    assert "ТАСС" in {m.text for m in ru.mentions if m.label == "ORG"}
    assert len(ru.sentences) == 3


def test_without_natasha_russian_articles_get_sentences_and_a_logged_reason(monkeypatch, caplog) -> None:
    monkeypatch.setitem(sys.modules, "natasha", None)  # import natasha now raises ImportError
    language.load_natasha.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="parallax.nlp.language"):
            ru = add_russian_annotations(article(RUSSIAN, "ru"), None, load_kb())  # type: ignore[arg-type]
    finally:
        language.load_natasha.cache_clear()
    assert ru.mentions == () and len(ru.sentences) == 3
    assert "natasha is not installed" in caplog.text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="Путин Москва ТАСС.,\n«»-ёЁ\x00😀", max_size=200))
def test_russian_mentions_are_spans_of_any_text(text: str) -> None:
    pytest.importorskip("natasha")
    ru = add_russian_annotations(article(text, "ru"), None, load_kb())  # type: ignore[arg-type]
    assert all(ru.text[m.start : m.end] == m.text for m in ru.mentions)
    assert all(0 <= s < e <= len(text) for s, e in ru.sentences)
