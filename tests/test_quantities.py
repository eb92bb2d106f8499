"""Which quantity a figure measures and whether it is a headline figure: the knowledge the omission
test reads from kb/data (measure_synonyms.tsv, claim_context.yaml). Fixtures are written here."""

from parallax.model import Amount, Article, ClaimSpan
from parallax.stories import compare
from parallax.stories import omissions as om
from parallax.stories.claims import ClaimUnit
from parallax.stories.quantities import (
    canonical,
    is_background,
    is_conditional,
    is_headline,
    member_names,
    named_measures,
    names_quantity,
)


def test_one_quantity_written_with_two_nouns_has_one_row() -> None:
    assert canonical(("homicide",)) == canonical(("murder",))
    assert canonical(("dos",)) == canonical(("shot",)), "the parse's lemma of 'doses' is 'dos'"
    assert canonical(("funding",)) == canonical(("aid",))
    assert canonical(("death",)) != canonical(("case",)), "deaths and cases are two quantities"
    assert canonical(("ship", "cargo")) == ("ship", "cargo"), "a noun of no row is itself"


def test_a_name_of_a_quantity_is_read_only_where_it_is_written_as_a_name() -> None:
    assert named_measures("The Consumer Price Index rose 3.1% in June.") == {("price",)}
    assert named_measures("Economists expected the C.P.I. to rise.") == {("price",)}
    assert named_measures("Prices at the pump rose 3.1%.") == set(), "a common noun is the parse's to read"


def test_a_change_noun_names_no_quantity() -> None:
    assert not names_quantity(("gain",))
    assert not names_quantity(())
    assert names_quantity(("price",))


def test_a_figure_of_a_wider_scope_is_background() -> None:
    toll = Amount("2.5", ("people",), headline=True)
    assert is_background(toll, "The flu has killed 2.5 million people worldwide since it spread.")
    assert not is_headline(toll, "The flu has killed 2.5 million people worldwide since it spread.")
    assert not is_background(toll, "The flood has killed 2.5 million people in the delta.")
    sales = Amount("3", ("sale",), headline=True)
    assert not is_background(sales, "Worldwide sales of the drug reached $3 billion."), "the quantity itself"


def test_a_figure_inside_a_condition_or_demand_is_a_detail() -> None:
    bill = Amount("2", ("budget",), headline=True)
    assert is_conditional(bill, "The caucus insists that the council first pass a $2 billion budget.")
    assert is_conditional(bill, "If the merger fails, the firm will pay $2 billion.")
    assert not is_conditional(bill, "The council passed a $2 billion budget, and will cut taxes if it can.")
    assert is_headline(bill, "The council passed a $2 billion budget on Monday.")


def _reported(text: str, *amounts: Amount) -> om.Reported:
    claim = ClaimSpan(0, len(text), amounts=amounts)
    return om.read_reported(
        [Article(id="b", source="b", text=text, sentences=((0, len(text)),), claims=(claim,))]
    )


def _unit(text: str, *amounts: Amount) -> ClaimUnit:
    numbers = frozenset(a.value for a in amounts)
    return ClaimUnit("a0", 0, len(text), text, frozenset(), numbers=numbers, amounts=amounts)


def test_an_outlet_giving_a_value_under_another_noun_of_the_row_gives_the_quantity() -> None:
    claim = _unit(
        "Police counted 812 homicides in the city last year.", Amount("812", ("homicide",), True, True)
    )
    murders = _reported(
        "The city saw 95 more murders than the year before.", Amount("95", ("murder",), True, True)
    )
    assert om.missing_quantity(claim, murders) == []
    arrests = _reported(
        "The city saw 95 more arrests than the year before.", Amount("95", ("arrest",), True, True)
    )
    assert [a.value for a in om.missing_quantity(claim, arrests)] == ["812"]
    index = _reported("The Consumer Price Index rose 5.0% from a year earlier.", Amount("5.0", (), True))
    prices = _unit("Prices rose 0.6% from the month before.", Amount("0.6", ("price",), True))
    assert om.missing_quantity(prices, index) == [], "a value of the index is a value of prices"


def test_a_name_in_a_list_of_a_group_s_members_is_a_detail() -> None:
    names = frozenset({("p:ortiz", ("ortiz",)), ("p:lind", ("lind",)), ("o:senate", ("senate",))})
    text = "A panel of the Senate, led by Senator Ana Ortiz and joined by Senator Per Lind, met on Monday."
    assert member_names(names, text) == {("p:ortiz", ("ortiz",)), ("p:lind", ("lind",))}
    assert member_names(names, "Senator Ortiz met Senator Lind on Monday.") == frozenset()
    assert member_names(names, "Led by Senator Ortiz, the panel met.") == frozenset(), (
        "nothing before the cue"
    )


def test_a_name_or_a_possessive_of_the_world_is_no_scope() -> None:
    growth = Amount("6.1", ("gdp",), headline=True)
    assert not is_background(growth, "The economy grew 6.1%, the World Bank said.")
    assert not is_background(growth, "The economy, the world's fifth largest, grew 6.1%.")
    assert is_background(growth, "The economy grew 6.1%, faster than the world as a whole.")


def test_an_omission_is_worded_by_a_statement_that_does_not_lean_back() -> None:
    leaning = ClaimUnit(
        "a1", 0, 40, "He hired 19 lawyers and 40 investigators.", frozenset({"hire", "lawyer"})
    )
    whole = ClaimUnit(
        "a2",
        0,
        54,
        "The counsel hired 19 lawyers and 40 investigators.",
        frozenset({"counsel", "hire", "lawyer"}),
    )
    reported = _reported("The counsel closed the inquiry on Friday.")
    assert compare.omission_wording([leaning, whole], reported, {}) is whole
    assert compare.omission_wording([leaning], reported, {}) is leaning, "the only wording there is"


def test_a_small_count_splitting_a_quantity_the_outlet_gives_is_a_detail() -> None:
    text = "Three large ports each reported losing more than 2 million tonnes of grain."
    ports = Amount("3", ("port",), headline=True, counted=True)
    claim = ClaimUnit(
        "a0", 0, len(text), text, frozenset({"port", "report", "lose", "tonne", "grain"}), amounts=(ports,)
    )
    tonnes = _reported("Shippers lost 9 million tonnes of grain this year.", Amount("9", ("tonne",), True))
    assert om.missing_quantity(claim, tonnes) == [], "the ports split the tonnes the outlet gives"
    other = _reported("The strike closed the harbour for a week.")
    assert om.missing_quantity(claim, other) == [ports], "an outlet telling neither lacks the count"
