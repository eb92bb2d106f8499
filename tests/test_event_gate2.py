"""The confidence gate's PLOVER checks on actors and types, targets, sources and dates (nlp/event_gate.py),
one sentence per error class found by hand-judging AllSides events in round 5; sentences are written for
the test (invented people, world-news shapes), each paired with the shape that must still come out.
"""

from __future__ import annotations

import pytest
from tests.test_event_gate import factual

from parallax.nlp.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def types(pipeline: Pipeline, text: str, published: str | None = "2025-06-18") -> list[str]:
    return [e.plover for e in factual(pipeline, text, published)]


def test_a_preposition_before_the_verb_is_not_its_particle(pipeline) -> None:
    # "give in" concedes; "In a visit ..., X gave a speech" does not
    assert "CONCEDE" not in types(pipeline, "In a visit to Lima on Tuesday, Chile's president gave a speech.")


def test_a_launch_that_hits_no_one_is_no_assault_but_a_strike_on_a_place_is(pipeline) -> None:
    assert "ASSAULT" not in types(
        pipeline, "North Korea fired a ballistic missile over the sea on Wednesday."
    )
    assert "ASSAULT" in types(pipeline, "Turkey struck the village on Wednesday.")


def test_a_refused_own_act_or_question_is_no_rejection(pipeline) -> None:
    assert "REJECT" not in types(
        pipeline, "Peru's attorney general declined on Monday to charge the officers."
    )
    assert "REJECT" not in types(pipeline, "Peru's president declined on Monday to take questions.")
    assert "REJECT" in types(pipeline, "Peru's president rejected Chile's proposal on Monday.")


def test_a_donation_is_aid_only_to_a_polity(pipeline) -> None:
    assert "AID" not in types(
        pipeline, "A Chilean businessman donated $2 million to the senator's campaign on Monday."
    )
    assert "AID" in types(pipeline, "Japan donated $40 million in emergency aid to Peru on Monday.")


def test_money_pulled_in_is_no_withdrawal(pipeline) -> None:
    assert "RETREAT" not in types(pipeline, "Peru's ruling party pulled in $3 million from donors on Monday.")


def test_the_victim_of_a_condemned_attack_is_not_its_target(pipeline) -> None:
    text = "Bolivia condemned the attack by gunmen against Chile's consul Tom Reyes on Monday."
    assert [
        e for e in factual(pipeline, text) if e.target_actor is not None and "Reyes" in e.target_actor.name
    ] == []


def test_what_a_promise_will_act_on_is_not_whom_it_is_made_to(pipeline) -> None:
    text = "Argentina's president on Monday vowed to expel Chile's ambassador."
    assert [e for e in factual(pipeline, text) if e.plover == "AGREE" and e.target_actor is not None] == []


def test_an_undated_past_perfect_is_left_out_unless_plainly_long_before(pipeline) -> None:
    assert types(pipeline, "Officials said Peru had expelled the Bolivian envoy.") == []
    (e,) = factual(pipeline, "Peru had long criticised Bolivia.")
    assert (e.plover, e.date, e.background) == ("ACCUSE", None, True)


def test_two_time_phrases_on_one_clause_leave_the_date_undecided(pipeline) -> None:
    text = "In a speech on Friday, Peru's president criticized Bolivia for doing nothing last year."
    assert [e for e in factual(pipeline, text) if e.plover == "ACCUSE" and e.date == "2024-01-01"] == []


def test_an_undated_article_leaves_out_an_event_beside_a_time_it_did_not_take(pipeline) -> None:
    text = "As a boy living in Lima in the 1960s, he watched as Peruvian police jailed his father."
    assert types(pipeline, text, published=None) == []


def test_a_definite_unnamed_object_leaves_the_target_unread(pipeline) -> None:
    assert types(pipeline, "Peru's president criticized the administration on Monday.") == []
    assert "ACCUSE" in types(pipeline, "Peru's president criticized Bolivia on Monday.")


def test_a_fellow_marcher_is_not_protested_against(pipeline) -> None:
    text = "Chilean students marched with thousands of Peruvians in Lima on Monday."
    assert [e for e in factual(pipeline, text) if e.plover == "PROTEST" and e.target_actor is not None] == []


def test_asking_forgiveness_is_an_apology_not_a_request(pipeline) -> None:
    found = types(pipeline, "Peru's president asked forgiveness from the victims on Monday.")
    assert "REQUEST" not in found and "SUPPORT" in found


def test_a_warning_of_someone_else_s_act_is_no_threat(pipeline) -> None:
    text = "Peru's president warned on Monday that Bolivia's new tariffs threaten Peruvian farmers."
    assert "THREATEN" not in types(pipeline, text)


def test_a_month_is_no_march(pipeline) -> None:
    assert "PROTEST" not in types(
        pipeline, "The Lima Bar Association held an event in March on judicial reform."
    )


def test_some_of_a_people_are_not_its_state(pipeline) -> None:
    text = "Many Peruvians who supported Tom Reyes in the past now back his rival."
    assert [
        e for e in factual(pipeline, text) if e.source_actor is not None and e.source_actor.name == "Peru"
    ] == []


def test_a_clause_placed_after_another_s_untold_day_is_left_out(pipeline) -> None:
    text = "Hours after the governor signed the law, Peru's attorney general asked Chile for help."
    assert "REQUEST" not in types(pipeline, text)
    assert "AID" in types(pipeline, "India airlifted medicine and tents to Myanmar after the earthquake.")


def test_a_present_tense_timeline_is_no_dated_report(pipeline) -> None:
    text = "Tom Reyes is assassinated by a gunman in Lima on April 14."
    assert [e for e in factual(pipeline, text) if e.date and e.date.endswith("04-14")] == []


def test_a_strike_on_nothing_is_no_attack(pipeline) -> None:
    assert "ASSAULT" not in types(pipeline, "Peruvian students were striking on Friday for their future.")


def test_a_habit_is_no_event(pipeline) -> None:
    assert types(pipeline, "Peru has always criticised Bolivia.") == []
    assert types(pipeline, "Peru has long criticised Bolivia.") == ["ACCUSE"]


def test_the_object_s_own_name_is_the_target_not_its_owner(pipeline) -> None:
    text = "In 2007, Chile's president met Peru's ambassador Tom Reyes in Lima."
    assert [
        e for e in factual(pipeline, text) if e.target_actor is not None and e.target_actor.name == "Peru"
    ] == []


def test_a_headline_word_is_no_event(pipeline) -> None:
    assert "PROTEST" not in types(
        pipeline, "STUDENTS PROTEST IN LIMA\n\nPeruvian police estimated the crowd at 3,000."
    )


def test_agreeing_with_a_view_is_no_agreement(pipeline) -> None:
    assert "AGREE" not in types(
        pipeline, "In May, Peru's court agreed with the ministry's assessment of the dam."
    )
    assert "AGREE" in types(pipeline, "In May, Peru agreed with Chile on a new border crossing.")


def test_it_as_the_object_leaves_the_target_unread(pipeline) -> None:
    text = "Peru's president halted funding for the agency on Monday, accusing it of waste."
    assert "ACCUSE" not in types(pipeline, text)


def test_a_source_on_another_line_is_a_byline(pipeline) -> None:
    text = "Tom Reyes and Ana Ruiz\nLIMA TIMES\nLIMA — Peru's president and his Chilean counterpart met on Monday."
    assert [
        e for e in factual(pipeline, text) if e.source_actor is not None and "Reyes" in e.source_actor.name
    ] == []


def test_a_conditional_promise_is_no_agreement(pipeline) -> None:
    text = "Peru's president on Monday vowed to destroy Bolivia's army should it attack."
    assert "AGREE" not in types(pipeline, text)
    assert "AGREE" in types(pipeline, "Peru's president on Monday vowed to cut taxes.")


def test_receiving_memos_is_no_visit(pipeline) -> None:
    assert "CONSULT" not in types(
        pipeline, "Peru's intelligence agency began receiving Chile's memos on Monday."
    )


def test_criticism_received_is_not_given(pipeline) -> None:
    text = "Peru's president apologized on Monday after receiving criticism from Chile."
    assert [
        e
        for e in factual(pipeline, text)
        if e.plover == "ACCUSE" and e.source_actor and e.source_actor.name == "Peru"
    ] == []


def test_a_raid_on_a_home_is_coercion_not_assault(pipeline) -> None:
    found = types(pipeline, "Peruvian police raided the home of Tom Reyes on Monday.")
    assert "ASSAULT" not in found and "COERCE" in found
