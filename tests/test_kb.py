"""The knowledge base: complete country data, aliases, metonyms, dated office tenures, user extras."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from parallax.kb import derive_surname, load_kb, normalize_alias


def test_every_un_member_and_observer_is_present_with_capital_and_demonym() -> None:
    kb = load_kb()
    members = [c for c in kb.countries.values() if c.status == "member"]
    observers = {c.code for c in kb.countries.values() if c.status == "observer"}
    assert len(members) == 193
    assert observers == {"VAT", "PSE"}
    assert all(c.capitals and c.demonyms and len(c.code) == 3 for c in members)


def test_demonyms_with_plurals_map_to_countries() -> None:
    kb = load_kb()
    assert kb.country_of_demonym("Chinese") == "CHN"
    assert kb.country_of_demonym("Russians") == "RUS"
    assert kb.country_of_demonym("U.S.") == "USA"
    assert kb.country_of_demonym("Britons") == "GBR"
    assert kb.country_of_demonym("Frenchs") is None
    assert kb.country_of_demonym("table") is None


def test_lookup_strips_the_and_ignores_case() -> None:
    kb = load_kb()
    assert kb.lookup("the United Nations").name == "United Nations"
    assert kb.lookup("NATO").type == "organization"
    assert kb.lookup("xi jinping").key == "kb:Q15031"
    assert kb.lookup("Zelenskyy").name == "Volodymyr Zelensky"
    assert kb.lookup("Ukraine").type == "country"
    assert kb.lookup("Atlantis") is None


def test_metonyms_and_capitals_name_governments() -> None:
    kb = load_kb()
    assert kb.government_of("the Kremlin").key == "kb:gov:RUS"
    assert kb.government_of("Downing Street").name == "Government of United Kingdom"
    assert kb.government_of("Beijing").country == "CHN"
    assert kb.government_of("Kiev").country == "UKR"
    assert kb.government_of("Brussels").name == "European Union"
    assert kb.government_of("Paris Hilton") is None


def test_office_holder_follows_dates() -> None:
    kb = load_kb()
    assert kb.office_holder("USA", "head_of_state", date(2019, 6, 1)).name == "Donald Trump"
    assert kb.office_holder("USA", "head_of_state", date(2023, 6, 1)).name == "Joe Biden"
    assert kb.office_holder("RUS", "head_of_state", date(2010, 1, 1)).name == "Dmitry Medvedev"
    assert kb.office_holder("RUS", "defence_minister", date(2020, 1, 1)).name == "Sergei Shoigu"
    assert kb.office_holder("RUS", "security_council_secretary", date(2025, 3, 1)).name == "Sergei Shoigu"
    assert kb.office_holder("DEU", "leader", date(2015, 1, 1)).name == "Angela Merkel"
    assert kb.office_holder("USA", "head_of_government", date(2012, 1, 1)).name == "Barack Obama"
    assert kb.office_holder("GBR", "head_of_state", date(1990, 1, 1)).name == "Elizabeth II"
    assert kb.office_holder("FRA", "head_of_state", date(1990, 1, 1)) is None
    assert kb.office_holder("XXX", "head_of_state") is None


def test_surnames_respect_name_order_and_particles() -> None:
    kb = load_kb()
    assert [a.name for a in kb.persons_by_surname("Xi")] == ["Xi Jinping"]
    assert derive_surname("Ursula von der Leyen") == "von der Leyen"
    assert derive_surname("Charles III") is None
    assert derive_surname("Kim Jong Un", family_name_first=True) == "Kim"
    assert normalize_alias("The Kremlin’s") == "kremlin"


def test_agencies_carry_their_country() -> None:
    kb = load_kb()
    assert kb.agencies["Xinhua"].country == "CHN"
    assert kb.agencies["Reuters"].type == "agency"
    assert kb.lookup("AFP").country == "FRA"
    assert kb.is_acronym("Who") and not kb.is_acronym("Nato")


def test_wikidata_keys_are_used_only_where_known() -> None:
    kb = load_kb()
    persons = [a for a in kb.actors.values() if a.type == "person"]
    assert all(a.key == f"kb:{a.wikidata}" for a in persons if a.wikidata)
    assert all(a.key.startswith("kb:person:") for a in persons if not a.wikidata)


def test_extra_file_merges_new_actors(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "persons:\n  - {name: Amara Okafor, country: NGA, aliases: [Dr Okafor]}\n"
        "organizations:\n  - {key: LAKE, name: Lake Chad Basin Commission, aliases: [LCBC]}\n",
        encoding="utf-8",
    )
    kb = load_kb(extra)
    assert kb.lookup("Amara Okafor").country == "NGA"
    assert kb.lookup("LCBC").name == "Lake Chad Basin Commission"
    assert [a.name for a in kb.persons_by_surname("Okafor")] == ["Amara Okafor"]
    assert load_kb().lookup("Amara Okafor") is None


def test_actor_dictionary_people_carry_dated_roles_and_keep_hand_checked_offices() -> None:
    kb = load_kb()
    reid = kb.lookup("Harry Reid")
    assert reid is not None and reid.type == "person" and reid.country == "USA" and reid.surname == "Reid"
    assert kb.offices_of(reid.key, date(2010, 5, 1)) == (("USA", "agent:GOVLEG"),)
    assert kb.offices_of(reid.key, date(2005, 5, 1)) == ()
    kerry = kb.lookup("John Kerry")
    # the Senate years come from the dictionary; the State Department years stay the hand-checked office
    assert kb.offices_of(kerry.key, date(2010, 1, 1)) == (("USA", "agent:GOVLEG"),)
    assert kb.offices_of(kerry.key, date(2014, 1, 1)) == (("USA", "foreign_minister"),)
    assert kb.lookup("Barack Hussein Obama") == kb.lookup("Barack Obama")


def test_courtesy_titles_and_name_rules_are_data() -> None:
    kb = load_kb()
    assert kb.gender_of_title("Mrs.") == "f" and kb.gender_of_title("Mr") == "m"
    assert kb.gender_of_title("Senator") is None
    assert kb.is_not_name("story continued below") and not kb.is_not_name("Jane Doe")
    assert kb.event_prefix_length(["Tropical", "Storm", "Ana"]) == 2
    assert kb.event_prefix_length(["Hurricane"]) == 0  # a prefix alone names nothing
    assert kb.country(None) is None


def test_one_outlet_list_gives_both_outlets_and_agency_actors() -> None:
    from parallax.kb import outlet_records

    kb = load_kb()
    names = [r["name"] for r in outlet_records()]
    assert len(names) == len(set(names))
    assert kb.lookup("Jiji Press").type == "agency" and kb.lookup("Sky News").type == "outlet"
    assert kb.lookup("The New York Times").country == "USA"


def test_world_leaders_table_gives_dated_roles_and_stays_in_its_country() -> None:
    kb = load_kb()
    ingraham = kb.lookup("Hubert Ingraham")
    assert ingraham is not None and ingraham.country == "BHS" and ingraham.surname == "Ingraham"
    assert kb.offices_of(ingraham.key, date(1995, 1, 1)) == (("BHS", "agent:GOV"),)
    assert kb.offices_of(ingraham.key, date(2004, 1, 1)) == ()
    # a surname only a converted table knows resolves only where the article names that country
    assert ingraham in kb.persons_by_surname("Ingraham")
    assert ingraham in kb.persons_by_surname("Ingraham", {"BHS", "USA"})
    assert ingraham not in kb.persons_by_surname("Ingraham", {"USA"})
    # hand-checked office holders are not filtered
    assert [a.name for a in kb.persons_by_surname("Xi", set())] == ["Xi Jinping"]


def test_law_and_event_names_are_data() -> None:
    kb = load_kb()
    assert kb.is_law_name("Free Exercise of Religion Act") and kb.is_law_name("Second Amendment")
    assert not kb.is_law_name("Act") and not kb.is_law_name("ACT Party")
    assert kb.is_event_name("the State of the Union") and not kb.is_event_name("European Union")
    assert kb.lookup("Bernard Sanders") == kb.lookup("Bernie Sanders")
    assert kb.lookup("Hillary").wikidata == "Q6294"
