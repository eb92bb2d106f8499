"""One Resources object, built by the engine, is what every stage reads the KB and the model from."""

from __future__ import annotations

from dataclasses import replace

import pytest

from parallax.clean import clean_document
from parallax.kb import KnowledgeBase, normalize_alias
from parallax.model import RawDocument
from parallax.nlp.pipeline import Pipeline
from parallax.resources import Resources
from parallax.settings import Settings

BODY = (
    "The regional council approved the new water budget on Tuesday after a long debate. "
    "Officials said the plan would repair pipes across the district over three years."
)
# A name line the model reads as an organisation, so only a known given name makes it a byline.
BYLINE = "Quill Marrow"


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load(Settings(n_process=1))


def _signed() -> RawDocument:
    return RawDocument(source="signed.txt", content=f"{BODY}\n\n{BYLINE}", format="text")


def test_the_kb_handed_to_cleaning_is_the_one_it_asks(resources: Resources) -> None:
    assert clean_document(_signed(), resources).author is None  # the shipped KB lacks the name
    given = normalize_alias(BYLINE.split()[0])
    custom = replace(resources, kb=KnowledgeBase(given_names={given: "f"}))  # its only given name
    assert clean_document(_signed(), custom).author == BYLINE


def test_no_stage_loads_a_model_or_a_kb_of_its_own(resources: Resources, monkeypatch) -> None:
    import spacy

    import parallax.kb
    import parallax.nlp.pipeline

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a stage loaded the KB or the model itself instead of using its Resources")

    monkeypatch.setattr(parallax.kb, "load_kb", refuse)
    monkeypatch.setattr(parallax.nlp.pipeline, "load_spacy", refuse)
    monkeypatch.setattr(spacy, "load", refuse)
    raw = RawDocument(
        source="titled.txt",
        content=f"Council approves water budget after long debate\n\n{BODY}\n\nBy Anna Lind",
        format="text",
    )
    article = clean_document(raw, resources)
    assert article.title and article.author
    (done,) = Pipeline(resources)([article])
    assert not done.failed_stages and done.sentences and done.claims
