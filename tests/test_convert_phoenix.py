"""The Phoenix actor-dictionary converter: TABARI entries to the KB's dated-role rows."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "convert_phoenix.py"
SOURCE = """\
MAROVIA_  [AFG]
+MAROVIAN_
JANE_DE_LA_TORRE_  # an invented leader
+PRESIDENT_DE_LA_TORRE_
+JANE_M._DE_LA_TORRE_
\t[AFGELI 600101-900101]
\t[AFGGOV 900101-020505]
\t[AFGGOV >100101]
\t[AFGELI]
SIR_OLD_MCLEADER_
\t[AFGGOV 700101-801231]
\t[AFGELI]
PLAIN_MINISTER_\t[AFGGOVAGR 030101-041231]
TERRITORY_GOVERNOR_
\t[XXXGOV 030101-041231]
\t[XXXELI]
"""


def load_converter():
    spec = importlib.util.spec_from_file_location("convert_phoenix", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_converter_keeps_dated_government_roles_in_normal_case(tmp_path: Path) -> None:
    convert = load_converter()
    path = tmp_path / "sample.actors.txt"
    path.write_text(SOURCE, encoding="utf-8")
    entries = convert.read_entries(path, {"AFG"})
    rows = {row[0]: row for row in convert.convert(entries, date(1989, 1, 1), leaders=False)}
    assert rows["Jane de la Torre"] == (
        "Jane de la Torre",
        "AFG",
        "GOV 1990-01-01 2002-05-05; GOV 2010-01-01 -",
        "Jane M. de la Torre",
    )
    assert "Plain Minister" in rows  # a minister's role is a government role
    assert not any("Mcleader" in n or "McLeader" in n for n in rows)  # its role ended before 1989
    assert "Territory Governor" not in rows  # no country the KB lists
    leaders = convert.convert(entries, date(1989, 1, 1), leaders=True)
    assert [row[0] for row in leaders] == ["Jane de la Torre"]  # only entries with an elite span


def test_converter_reads_two_and_four_digit_years() -> None:
    convert = load_converter()
    assert convert.parse_date("991210") == date(1999, 12, 10)
    assert convert.parse_date("030525") == date(2003, 5, 25)
    assert convert.parse_date("19270101") == date(1927, 1, 1)
    assert convert.parse_date("2004017") is None
    assert convert.normal_case("CARLOS_SAUL_MCMAHON_") == "Carlos Saul McMahon"
    assert convert.normal_case("ALBERT_II_") == "Albert II"
