"""Figure omissions: a headline quantity two outlets give is left out by an outlet that gives no value for it."""

from dataclasses import asdict
from functools import cache

from parallax.model import Amount, Article, ClaimSpan, Story
from parallax.nlp.pipeline import Pipeline
from parallax.store.codec import claim_from_dict
from parallax.stories import compare
from parallax.stories import omissions as om
from parallax.stories.claims import ClaimUnit


@cache
def pipeline() -> Pipeline:
    return Pipeline()


def _amounts(text: str) -> list[Amount]:
    (article,) = pipeline()([Article(id="a", source="a", text=text)])
    return sorted({a for c in article.claims for a in c.amounts}, key=lambda a: text.find(a.value))


def test_a_number_is_a_headline_value_only_on_the_sentence_main_line() -> None:
    (rate,) = _amounts("The jobless rate in Norland fell to 4.1% in May.")
    assert (rate.value, rate.measure[:1], rate.headline) == ("4.1", ("rate",), True)
    (sales,) = _amounts("Sales of the new phone are expected to reach $12 billion, the firm said.")
    assert (sales.value, sales.measure[:1], sales.headline) == ("12", ("sale",), True)
    (trucks,) = _amounts("The bridge in Kelso collapsed after two trucks struck it on Sunday.")
    assert (trucks.measure[:1], trucks.headline) == (("truck",), False), "a count in a circumstance"
    (score,) = _amounts("The town council voted 7-2 to close the old bridge.")
    assert (score.value, score.headline) == ("7-2", False), "a tally is a detail of the vote"
    (jobs,) = _amounts("The number of open jobs rose to 9.3 million in April.")
    assert jobs.measure[:1] == ("job",), "'the number of jobs' measures jobs"
    (known,) = _amounts("The ten senators said there would be no new taxes.")
    assert not known.headline, "a count of things already known (a definite noun) is no news"
    now, before = _amounts("The jobless rate stood at 5.9%, up from 5.8% in May.")
    assert (now.value, now.headline, before.value, before.headline) == ("5.9", True, "5.8", False)
    (doses,) = _amounts("The nations pledged to deliver 1 billion doses of the vaccine.")
    assert (doses.value, doses.measure[:1], doses.counted) == ("1", ("dos",), False), "a scaled figure"


def test_amounts_survive_the_store() -> None:
    claim = ClaimSpan(0, 10, amounts=(Amount("26", ("sale",), headline=True, counted=False),))
    assert claim_from_dict(asdict(claim)) == claim


def _unit(text: str, *amounts: Amount, article_id: str = "a0") -> ClaimUnit:
    numbers = frozenset(a.value for a in amounts)
    return ClaimUnit(article_id, 0, len(text), text, frozenset(), numbers=numbers, amounts=amounts)


def _reported(text: str, *amounts: Amount) -> om.Reported:
    claim = ClaimSpan(0, len(text), amounts=amounts)
    return om.read_reported(
        [Article(id="b", source="b", text=text, sentences=((0, len(text)),), claims=(claim,))]
    )


def test_a_headline_figure_is_missing_only_where_the_outlet_gives_no_value_for_it() -> None:
    sales = Amount("26", ("sale",), headline=True)
    claim = _unit("Sales will reach $26 billion this year.", sales)
    assert om.missing_quantity(claim, _reported("Sales will rise this year.")) == [sales]
    other = _reported("Sales will reach $20 billion.", Amount("20", ("sale",), headline=True))
    assert om.missing_quantity(claim, other) == [], "another value for the same thing: no omission"
    assert om.missing_quantity(claim, _reported("Sales will reach nearly $25 billion.")) == [], "a rough size"
    detail = _unit("A man, 25, was held.", Amount("25", ("man",), headline=False))
    assert om.missing_quantity(detail, _reported("A man was held.")) == []


def test_the_same_figure_in_another_form_is_given() -> None:
    tally = _unit("The bill passed 364 to 62.", Amount("364", ("bill",), headline=True))
    assert om.missing_quantity(tally, _reported("The bill passed in a 364-62 vote.")) == [], "a score's side"
    arrests = Amount("200000", ("arrest",), headline=True)
    agents = _reported("Agents apprehended 212,672 people in July.")
    assert om.missing_quantity(_unit("Agents made about 200,000 arrests.", arrests), agents) == []
    assert om.missing_quantity(_unit("Agents made 200,000 arrests.", arrests), agents) == [arrests], "exact"
    doses = _unit("It buys another 500 million doses.", Amount("500", ("dos",), headline=True))
    assert om.missing_quantity(doses, _reported("It will donate another half billion doses.")) == []
    assert om.missing_quantity(doses, _reported("It will donate doses.")) != []
    rockets = _unit("Militants fired more than 250 rockets.", Amount("250", ("rocket",), headline=True))
    assert om.missing_quantity(rockets, _reported("Militants fired hundreds of rockets.")) == [], "in words"


def test_one_value_of_a_predicate_gives_its_quantity_and_a_few_named_things_are_a_detail() -> None:
    drop, level = Amount("20000", ("claim",), headline=True), Amount("385000", ("claim",), headline=True)
    fell = _unit("Claims dropped 20,000 to 385,000.", drop, level)
    assert om.missing_quantity(fell, _reported("Claims fell to 385,000 last week.")) == []
    jets = Amount("3", ("jet",), headline=True, counted=True)
    scrambled = _unit("The air force scrambled three jets.", jets)
    assert om.missing_quantity(scrambled, _reported("The air force scrambled jets on Sunday.")) == []
    assert om.missing_quantity(scrambled, _reported("The air force was on alert on Sunday.")) == [jets]


def test_a_figure_only_one_other_outlet_gives_is_not_what_others_report() -> None:
    sales = Amount("26", ("sale",), headline=True)
    one = [
        _unit("Sales will reach $26 billion.", sales, article_id="x"),
        _unit("Sales will rise.", article_id="y"),
    ]
    two = [one[0], _unit("Sales should hit $26 billion.", sales, article_id="y")]
    outlet = {"x": "X", "y": "Y"}
    reported = _reported("Sales will rise this year.")
    assert not om.lacks_shared_figure(one, reported, outlet)
    assert om.lacks_shared_figure(two, reported, outlet)


def test_a_figure_two_other_outlets_state_is_found_whatever_their_wording() -> None:
    sales = Amount("26", ("sale",), headline=True)
    outlet = {"x": "X", "y": "Y", "b": "B"}
    reported = _reported("Sales will rise this year.")
    x = _unit("Pfizer expects $26 billion in sales.", sales, article_id="x")
    y = _unit("The vaccine should bring in 26 billion dollars.", sales, article_id="y")
    (group,) = om.figure_candidates([x, y], outlet, "B", reported)
    assert {u.article_id for u in group} == {"x", "y"}
    assert om.figure_candidates([x], outlet, "B", reported) == [], "one outlet's figure"
    back = [_unit("That estimate was raised to $26 billion.", sales, article_id=k) for k in "xy"]
    assert om.figure_candidates(back, outlet, "B", reported) == [], "a sentence leaning on the one before"


def _compare(texts: dict[str, str]) -> Story:
    arts = list(
        pipeline()(Article(id=f"art_{k}", source=k, text=t, outlet=f"Outlet {k}") for k, t in texts.items())
    )
    return compare.compare_story(
        Story(id="s", title="", article_ids=tuple(a.id for a in arts), outlets=()), arts
    )


FIGURE = "Exports from the port of Kelso rose to $4.2 billion last year, the trade ministry said on Monday."


def test_an_outlet_telling_the_happening_without_its_figure_omits_the_figure() -> None:
    story = _compare(
        {
            "A": f"{FIGURE} Officials credited new ferry routes to the islands.",
            "B": f"{FIGURE} Ferry routes to the islands opened in the spring.",
            "C": "Exports from the port of Kelso rose last year, the trade ministry said on Monday. "
            "Officials credited new ferry routes to the islands.",
        }
    )
    assert any("$4.2 billion" in c.claim for c in story.omissions.get("Outlet C", ())), story.omissions
    assert not story.omissions.get("Outlet A") and not story.omissions.get("Outlet B")


def test_a_tally_of_a_vote_the_outlet_reports_is_no_omission() -> None:
    vote = "The town council of Kelso voted 7-2 on Monday to close the old harbour bridge."
    story = _compare(
        {
            "A": f"{vote} Repairs had been delayed for years.",
            "B": f"{vote} Traffic will move to the ferry.",
            "C": "The town council of Kelso voted on Monday to close the old harbour bridge. Repairs had "
            "been delayed for years.",
        }
    )
    assert not story.omissions.get("Outlet C"), story.omissions


def test_a_claim_naming_the_outlet_as_its_source_is_not_its_omission() -> None:
    said = _unit("According to the Post, the singer confirmed the party.")
    assert om.cites_outlet([said], "Washington Post")
    assert not om.cites_outlet([said], "Fox News (Online News)")
    assert om.cites_outlet([_unit("The Times reported that talks failed.")], "New York Times (News)")
    assert not om.cites_outlet([_unit("According to the data, talks failed.")], "New York Times (News)")
