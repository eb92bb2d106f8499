"""Omissions: a claim other outlets carry is an outlet's omission only where it reports it nowhere."""

import re
from functools import cache

import numpy as np

from parallax.model import Article, InitiativeSpan, Mention, Story
from parallax.nlp.pipeline import Pipeline
from parallax.stories import compare
from parallax.stories import omissions as om
from parallax.stories.claims import ClaimUnit, numbers_of


@cache
def pipeline() -> Pipeline:
    return Pipeline()


def _article(text: str, title: str = "", **annotations) -> Article:
    sentences = tuple((m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text))
    return Article(id="x", source="x", text=text, title=title, sentences=sentences, **annotations)


def _claim(text: str, **core) -> ClaimUnit:
    return ClaimUnit("a0", 0, len(text), text, frozenset(), **core)


def test_numbers_leave_out_dates_names_and_times() -> None:
    text = (
        "On Jan. 6 and April 20, 2021, COVID-19 cases rose by 1:30 a.m.; the 8-1 ruling freed 1,800 "
        "people, 58% of them, paid $3.04 in one 12-story block."
    )
    assert numbers_of(text) == {"8-1", "1800", "58", "3.04", "12"}
    assert numbers_of("up to 60m doses and $3.5bn, not 60mph") == {"60", "3.5"}, "a scale is no name"


def test_the_core_is_missing_only_where_the_outlet_names_it_nowhere() -> None:
    ruiz = ("name:person:ana ruiz", ("ruiz",))
    reported = om.read_reported(
        [
            _article(
                "The mayor said roughly $928 billion was spent. Twelve people died.",
                mentions=(Mention(0, 9, "The mayor", "PERSON", "name:person:ana ruiz"),),
            )
        ]
    )
    assert (
        om.missing_core(_claim("Ruiz said $920 billion was spent", names=frozenset({ruiz})), reported) == []
    )
    assert om.missing_core(_claim("12 died", numbers=frozenset({"12"})), reported) == [], "a number word"
    assert om.missing_core(_claim("63 homes", numbers=frozenset({"63"})), reported) == ["63"]
    vik = ("name:person:jon vik", ("vik",))
    assert om.missing_core(_claim("Vik said so", names=frozenset({vik})), reported) == ["vik"]
    assert om.missing_core(_claim("Vik rang", initiator=frozenset({"vik"})), reported) == [
        "who started the contact"
    ]


def test_a_passage_says_a_claim_by_what_it_lacks() -> None:
    reported = om.read_reported([_article("Berg praised the deal. Officials cited a large toll.")])
    lacks_number = _claim("The flood destroyed 63 homes", numbers=frozenset({"63"}))
    assert not om._says(lacks_number, reported, np.array([om.CLEAR - 0.05]))
    assert om._says(lacks_number, reported, np.array([om.CLEAR + 0.05]))
    lacks_name = _claim("Ruiz praised the deal", names=frozenset({("k", ("ruiz",))}))
    assert om._says(lacks_name, reported, np.array([om.CLEAR_NAMES + 0.05])), "a detail fewer"
    assert not om._says(lacks_name, reported, np.array([om.CLEAR_NAMES - 0.1]))
    assert not om._says(lacks_number, reported, None), "no encoder: a missing core stays missing"


class FixedCosines:
    """A stand-in for the sentence encoder: one given cosine for every passage and pair."""

    def __init__(self, score: float | None):
        self.score = score

    def cosines(self, claim: str, passages, pairs=()):
        return None if self.score is None else np.full(len(passages) + len(pairs), self.score)


def test_who_started_a_contact_is_said_only_by_a_near_paraphrase() -> None:
    called = _claim("Berg took a phone call from Vik", initiator=frozenset({"vik"}))
    silent = om.read_reported([_article("Berg and Vik spoke by phone. They discussed trade.")])
    told = om.read_reported(
        [_article("Vik rang Berg on Monday.", initiatives=(InitiativeSpan(0, 24, "Vik", ("vik",)),))]
    )
    assert om._unsaid([called], silent, FixedCosines(om.PARAPHRASE - 0.05)), "naming both is not enough"
    assert not om._unsaid([called], silent, FixedCosines(om.PARAPHRASE))
    assert not om._unsaid([called], told, FixedCosines(0.1)), "the outlet says who called"
    plain = _claim("Berg praised the deal")
    assert not om._unsaid([plain], silent, FixedCosines(None)), "no core: no omission"


TEXTS = {
    "A": "Storms flooded the river town of Kelso on Sunday. Mayor Ana Ruiz said 63 homes were destroyed "
    "and dozens of families had fled. Rescue teams from the capital arrived by boat.",
    "B": "Floods hit Kelso on Sunday after days of rain. Mayor Ana Ruiz said 63 homes were destroyed and "
    "dozens of families had fled. Roads to the capital were closed.",
    "C": "Heavy rain flooded the river town of Kelso on Sunday. Volunteers from nearby farms worked "
    "through the night to clear the roads.",
}


def _compare(texts: dict[str, str], titles: dict[str, str]) -> Story:
    arts = list(
        pipeline()(
            Article(id=f"art_{k}", source=k, text=t, outlet=f"Outlet {k}", title=titles.get(k))
            for k, t in texts.items()
        )
    )
    return compare.compare_story(
        Story(id="s", title="", article_ids=tuple(a.id for a in arts), outlets=()), arts
    )


def test_a_fact_two_outlets_report_is_an_omission_of_the_third() -> None:
    story = _compare(TEXTS, {})
    assert any("63 homes" in c.claim for c in story.omissions.get("Outlet C", ())), story.omissions
    assert not story.omissions.get("Outlet A") and not story.omissions.get("Outlet B")


def test_a_fact_the_outlet_gives_in_its_headline_is_no_omission() -> None:
    story = _compare(TEXTS, {"C": "Kelso mayor says flood destroyed 63 homes"})
    assert not any("63 homes" in c.claim for c in story.omissions.get("Outlet C", ())), story.omissions


def test_a_call_taken_from_someone_is_read_as_their_initiative() -> None:
    took, placed = pipeline()(
        [
            Article(
                id="t",
                source="t",
                text="President Anna Berg took a phone call from Prime Minister Jon Vik on Monday.",
            ),
            Article(
                id="p",
                source="p",
                text="Prime Minister Jon Vik placed a call to President Anna Berg on Monday.",
            ),
        ]
    )
    assert [i.by for i in took.initiatives] == [("jon", "vik")]
    assert [i.by for i in placed.initiatives] == [("jon", "vik")]
    (asked,) = pipeline()(
        [
            Article(
                id="w",
                source="w",
                text="The health agency of Norland called Wednesday for a pause in the trials.",
            )
        ]
    )
    assert asked.initiatives == (), "a day is not the party called"


def test_a_bound_is_stated_by_a_number_on_its_side() -> None:
    reported = om.read_reported(
        [_article("Support stood at 47% in the poll. Some 1,100 flights were cancelled.")]
    )
    assert om.bounds_of("fell below 50% as more than 1,000 flights and 300 trains stopped") == {
        "50": "max",
        "1000": "min",
    }
    assert om.missing_core(_claim("Support fell below 50%", numbers=frozenset({"50"})), reported) == []
    assert om.missing_core(_claim("more than 1,000 flights", numbers=frozenset({"1000"})), reported) == []
    assert om.missing_core(_claim("Support fell below 40%", numbers=frozenset({"40"})), reported) == ["40"]
    assert om.missing_core(_claim("Support stood at 50%", numbers=frozenset({"50"})), reported) == ["50"]


def test_a_quote_without_a_figure_is_voice_not_an_omission() -> None:
    colour = _claim('"We will never give up," Ruiz said.', quoted=True)
    figure = _claim('"We lost 63 homes," Ruiz said.', quoted=True, numbers=frozenset({"63"}))
    assert om.is_colour([colour])
    assert not om.is_colour([figure]), "a quote that gives a figure states a fact"
    assert not om.is_colour([_claim("Ruiz said the town would rebuild.")])


def test_an_outlet_the_claim_cites_is_its_source() -> None:
    cited = _claim("Ruiz told CBS's 60 Minutes the dam failed.", media=frozenset({"CBS"}))
    assert om.cites_outlet([cited], "CBS News (Online)")
    assert not om.cites_outlet([cited], "Fox News (Online News)")
    assert not om.cites_outlet([_claim("Ruiz said the dam failed.")], "CBS News (Online)")
