"""One story across languages: the clusterer links tellings in other languages, and only them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from parallax.model import Article, Story
from parallax.stories.cluster import StoryClusterer
from parallax.stories.crosslingual import GIST_CHARS, CrossLingualIndex, gist_of

needs_encoder = pytest.mark.skipif(not CrossLingualIndex.available(), reason="sentence encoder missing")

# Invented reports: one happening told in English and Russian, and another happening in Russian
# about the same country on the same day.
FLOOD_EN = Article(
    id="art_flood_en",
    source="test",
    title="Flooding halts Danube shipping near Budapest",
    text="Shipping on the Danube was halted near Budapest on Monday after heavy rain pushed the river to "
    "its highest level in a decade, Hungarian authorities said. Cargo barges were ordered to moor, and "
    "riverside roads in the capital were closed.",
    outlet="River Gazette",
    published="2031-04-07",
    language="en",
)
FLOOD_RU = Article(
    id="art_flood_ru",
    source="test",
    title="Наводнение остановило судоходство по Дунаю у Будапешта",
    text="В понедельник власти Венгрии приостановили судоходство по Дунаю в районе Будапешта: после "
    "сильных дождей уровень воды в реке достиг максимума за десять лет. Грузовым баржам приказано "
    "встать на якорь, набережные в столице перекрыты.",
    outlet="Дунайский вестник",
    published="2031-04-07",
    language="ru",
)
BANK_TAX_RU = Article(
    id="art_tax_ru",
    source="test",
    title="Венгрия повысила налог на банки",
    text="Правительство Венгрии в понедельник объявило о повышении специального налога на банки и "
    "страховые компании. По словам министра финансов, дополнительные доходы пойдут на снижение "
    "дефицита бюджета.",
    outlet="Дунайский вестник",
    published="2031-04-07",
    language="ru",
)


@needs_encoder
def test_a_russian_and_an_english_report_of_one_happening_share_a_story() -> None:
    clusterer = StoryClusterer()
    assert clusterer.add(FLOOD_EN) == clusterer.add(FLOOD_RU)
    clusterer = StoryClusterer()  # and in the other order
    assert clusterer.add(FLOOD_RU) == clusterer.add(FLOOD_EN)


@needs_encoder
def test_a_ukrainian_report_read_through_russian_still_joins_its_story() -> None:
    flood_uk = replace(
        FLOOD_RU,
        id="art_flood_uk",
        language="uk",
        title="Повінь зупинила судноплавство Дунаєм біля Будапешта",
        text="У понеділок влада Угорщини призупинила судноплавство Дунаєм поблизу Будапешта: після сильних "
        "дощів рівень води в річці досяг максимуму за десять років. Вантажним баржам наказали стати на якір, "
        "набережні у столиці перекрито.",
    )
    tax_uk = replace(
        BANK_TAX_RU,
        id="art_tax_uk",
        language="uk",
        title="Угорщина підвищила податок на банки",
        text="Уряд Угорщини у понеділок оголосив про підвищення спеціального податку на банки та страхові "
        "компанії. За словами міністра фінансів, додаткові доходи підуть на скорочення дефіциту бюджету.",
    )
    clusterer = StoryClusterer()
    flood = clusterer.add(FLOOD_EN)
    assert clusterer.add(tax_uk) != flood
    assert clusterer.add(flood_uk) == flood


@needs_encoder
def test_reports_of_two_happenings_in_two_languages_stay_apart() -> None:
    clusterer = StoryClusterer()
    flood = clusterer.add(FLOOD_EN)
    tax = clusterer.add(BANK_TAX_RU)
    assert tax != flood
    assert clusterer.add(FLOOD_RU) == flood, "the Russian flood report joins the flood, not the tax story"


@needs_encoder
def test_tellings_days_apart_are_separate_stories() -> None:
    clusterer = StoryClusterer()
    flood = clusterer.add(FLOOD_EN)
    assert clusterer.add(replace(FLOOD_RU, published="2031-04-17")) != flood


@needs_encoder
def test_an_undated_report_is_placed_by_the_streams_clock() -> None:
    clusterer = StoryClusterer()
    flood = clusterer.add(FLOOD_EN)
    assert clusterer.add(replace(FLOOD_RU, published=None)) == flood
    later = replace(BANK_TAX_RU, id="art_undated_tax", published=None)
    assert clusterer.add(later) != flood
    assert None not in clusterer.crosslingual._by_day, "undated stories are indexed under the clock's day"


@needs_encoder
def test_an_english_only_stream_encodes_nothing() -> None:
    clusterer = StoryClusterer()
    for i in range(5):
        clusterer.add(replace(FLOOD_EN, id=f"art_{i}", published=f"2031-04-0{i + 1}"))
    clusterer.add(replace(FLOOD_EN, id="art_undetermined", language=None))
    assert clusterer.crosslingual.encoded == 0


@needs_encoder
def test_closed_stories_leave_the_cross_language_index() -> None:
    clusterer = StoryClusterer(window_days=3)
    old = clusterer.add(FLOOD_RU)
    clusterer.add(replace(BANK_TAX_RU, id="art_later", published="2031-05-20"))
    assert clusterer.close_stale_stories() >= 1
    assert clusterer.add(replace(FLOOD_EN, published="2031-05-20")) != old
    assert old not in clusterer.crosslingual


@needs_encoder
def test_languages_the_encoder_never_saw_keep_to_the_term_signals() -> None:
    """Unrelated Swedish reports embed close together (~0.7): they must not merge on that."""
    clusterer = StoryClusterer()
    food = Article(
        id="art_sv_1",
        source="test",
        title="Regeringen sänker momsen på livsmedel",
        text="Regeringen meddelade på måndagen att momsen på livsmedel sänks från april för att dämpa de höga matpriserna.",
        published="2031-04-07",
        language="sv",
    )
    quake = Article(
        id="art_sv_2",
        source="test",
        title="Jordbävning skakade Kreta under natten",
        text="En jordbävning med magnituden 5,2 skakade Kreta natten till måndag. Inga personer skadades.",
        published="2031-04-07",
        language="sv",
    )
    assert clusterer.add(food) != clusterer.add(quake)
    assert clusterer.crosslingual.encoded == 0


def test_without_the_encoder_other_languages_cluster_by_terms(monkeypatch) -> None:
    monkeypatch.setenv("PARALLAX_NO_EMBEDDINGS", "1")
    clusterer = StoryClusterer()
    assert clusterer.crosslingual is None
    assert clusterer.add(FLOOD_EN) != clusterer.add(BANK_TAX_RU)


def test_the_gist_is_the_title_and_whole_opening_sentences_within_a_bound() -> None:
    gist = gist_of(replace(FLOOD_EN, text=FLOOD_EN.text * 30))
    assert gist.startswith("Flooding halts Danube shipping near Budapest. Shipping on the Danube")
    assert len(gist) <= len(FLOOD_EN.title) + 2 + GIST_CHARS
    assert gist.endswith(".")
    assert gist_of(replace(FLOOD_EN, title=None, text="x" * 5000)) == "x" * GIST_CHARS


def test_a_report_in_another_language_omits_nothing() -> None:
    """Claims are read in English only, so the Russian outlet is not listed as leaving them out."""
    from parallax.nlp.pipeline import Pipeline
    from parallax.stories.compare import compare_story

    texts = [
        "Shipping on the Danube was halted near Budapest on Monday after heavy rain. "
        "Cargo barges were ordered to moor at Csepel harbour.",
        "Hungary halted Danube shipping near Budapest on Monday after heavy rain. "
        "Cargo barges were ordered to moor at Csepel harbour, the port authority said.",
    ]
    english = [replace(FLOOD_EN, id=f"art_en{i}", outlet=f"Outlet {i}", text=t) for i, t in enumerate(texts)]
    articles = list(Pipeline()([*english, FLOOD_RU]))
    story = Story(id="sto_flood", title="", article_ids=tuple(a.id for a in articles), outlets=())
    compared = compare_story(story, articles)
    assert FLOOD_RU.outlet not in compared.omissions
    assert any(FLOOD_RU.id not in c.article_ids and len(c.article_ids) == 2 for c in compared.consensus)


@needs_encoder
def test_a_story_across_languages_is_stored_exported_and_shown_with_its_languages(tmp_path) -> None:
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from parallax.api import create_app
    from parallax.cli import app

    inputs = tmp_path / "in"
    inputs.mkdir()
    for a in (FLOOD_EN, FLOOD_RU, BANK_TAX_RU):
        (inputs / f"{a.id}.txt").write_text(f"date {a.published}\n{a.title}\n\n{a.text}\n", encoding="utf-8")
    db, out = tmp_path / "p.duckdb", tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(inputs), "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    articles = [json.loads(line) for line in (out / "articles.jsonl").open(encoding="utf-8")]
    language = {a["title"]: a["language"] for a in articles}
    story_of = {a["title"]: a["story_id"] for a in articles}
    assert language[FLOOD_EN.title] == "en" and language[FLOOD_RU.title] == "ru"
    assert story_of[FLOOD_EN.title] == story_of[FLOOD_RU.title] != story_of[BANK_TAX_RU.title]
    page = TestClient(create_app(db)).get(f"/stories/{story_of[FLOOD_RU.title]}")
    assert page.status_code == 200
    assert FLOOD_RU.title in page.text and FLOOD_EN.title in page.text
    assert '<abbr class="language" title="language">ru</abbr>' in page.text


def test_the_benchmark_halves_share_no_story() -> None:
    data = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "crosslingual"
    stories = {}
    for split in ("dev", "test"):
        text = (data / f"articles_{split}.txt").read_text(encoding="utf-8")
        heads = [line.split("|") for line in text.splitlines() if line.startswith("=== ")]
        stories[split] = {h[1].strip() for h in heads}
        languages = {}
        for h in heads:
            languages.setdefault(h[1].strip(), set()).add(h[2].strip())
        assert all(len(v) >= 2 for k, v in languages.items() if k.startswith("S")), split
    assert stories["dev"] and not stories["dev"] & stories["test"]
