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
