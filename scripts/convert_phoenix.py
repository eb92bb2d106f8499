"""Convert Phoenix (TABARI) actor dictionaries into the KB's dated-role table.

Reads ``*.actors.txt`` files of the Phoenix dictionaries (github.com/openeventdata/petrarch2,
``petrarch2/data/dictionaries/``, MIT licence, Copyright (c) 2014 Open Event Data Alliance) and
prints the rows of ``kb/data/phoenix_leaders.tsv``: one person a line with their government roles.

Kept: entries with at least one dated government role (agent codes GOV, GOVLEG, GOVMIL, GOVBUS,
GOVSPY, SPY and the other GOV sub-codes) of a country ``countries.tsv`` lists, ending in or after
``--since`` or still open. With ``--leaders`` only entries that also carry an elite (ELI) span
are kept: CountryInfo marks its heads of state and government that way, not its ministers.
Elite spans themselves are never kept (prominence, not an office). Names are written in normal
case ("FERNANDO_DE_LA_RUA_" -> "Fernando de la Rua"); honorifics before a name are dropped;
dates become ISO (two-digit years 00-20 are 20xx, the rest 19xx; the source's last revision is
from 2015).

    .venv/bin/python scripts/convert_phoenix.py Phoenix.Countries.actors.txt --leaders \\
        --commit 3ef2ce4e99756f4f2229ebf31c512201059677eb > src/parallax/kb/data/phoenix_leaders.tsv
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from parallax.kb import data_rows

ROLE = re.compile(r"\[([A-Z]{3,})(?:\s+([<>]?\d{6,8})(?:-(\d{6,8}))?)?\s*\]")
AGENT = re.compile(r"^(GOV[A-Z]*|SPY)$")
HONORIFICS = {
    "sir",
    "dame",
    "lord",
    "baroness",
    "bishop",
    "mullah",
    "mawlawi",
    "sheikh",
    "general",
    "lyonpo",
    "crown",
    "prince",
    "princess",
    "king",
    "queen",
}
TITLE_ALIASES = re.compile(r"^(president|prime|foreign|minister|secretary|king|queen|chancellor)_", re.I)
PARTICLES = {
    "de",
    "la",
    "del",
    "da",
    "dos",
    "das",
    "do",
    "di",
    "van",
    "von",
    "der",
    "den",
    "le",
    "du",
    "bin",
    "ibn",
    "al",
    "y",
}


@dataclass
class Entry:
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[tuple[str, str, date, date | None]] = field(default_factory=list)  # country, agent, from, to
    elite: bool = False


def parse_date(text: str) -> date | None:
    """yymmdd or yyyymmdd; None for a malformed date (the source has a few seven-digit typos)."""
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year <= 20 else 1900 + year}{text[2:]}"
    if len(text) != 8:
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def read_entries(path: Path, countries: set[str]) -> list[Entry]:
    """Entries of a TABARI actor file: a name line, "+" alias lines, "[CODE from-to]" role lines."""
    entries: list[Entry] = []
    current: Entry | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        head = line.split("[", 1)[0].strip()
        if line[0] not in " \t+[" and head:
            current = Entry(head)
            entries.append(current)
        elif line.startswith("+") and current is not None:
            current.aliases.append(head.lstrip("+").strip())
        if current is None:
            continue
        for code, start, end in ROLE.findall(line):
            if code.endswith("ELI"):
                current.elite = True
                continue
            country, agent = code[:3], code[3:]
            if country not in countries or not AGENT.match(agent) or not start or start.startswith("<"):
                continue
            began = parse_date(start.lstrip(">"))
            ended = None if start.startswith(">") else parse_date(end) if end else False
            if began is not None and ended is not False and (ended is None or ended > began):
                current.roles.append((country, agent, began, ended))
    return entries


def normal_case(token: str) -> str:
    """ "DE_LA_RUA_" -> "de la Rua"; "MCMAHON" -> "McMahon"; "O'CONNOR" -> "O'Connor"."""
    words = []
    for i, word in enumerate(w for w in token.strip("_").split("_") if w):
        low = word.lower()
        if i > 0 and (low in PARTICLES or re.fullmatch(r"[IVX]+", word)):
            words.append(low if low in PARTICLES else word)
            continue
        cased = "-".join(part.capitalize() for part in low.split("-"))
        cased = re.sub(r"^(Mc|O')([a-z])", lambda m: m.group(1) + m.group(2).upper(), cased)
        words.append(cased)
    while len(words) > 1 and words[0].lower() in HONORIFICS:
        words.pop(0)
    return " ".join(words)


def convert(entries: list[Entry], since: date, leaders: bool) -> list[tuple[str, str, str, str]]:
    rows: dict[str, tuple[str, str, str, str]] = {}
    for e in entries:
        kept = [r for r in e.roles if r[3] is None or r[3] >= since]
        if not kept or (leaders and not e.elite):
            continue
        country = Counter(r[0] for r in kept).most_common(1)[0][0]
        kept = sorted({r for r in kept if r[0] == country}, key=lambda r: (r[2], r[3] or date.max, r[1]))
        name = normal_case(e.name)
        if len(name.split()) < 2 or name in rows:
            continue
        roles = "; ".join(f"{a} {s.isoformat()} {t.isoformat() if t else '-'}" for _, a, s, t in kept)
        aliases = [
            normal_case(a)
            for a in e.aliases
            if "_" in a.strip("_") and not TITLE_ALIASES.match(a) and normal_case(a) != name
        ]
        rows[name] = (name, country, roles, "|".join(dict.fromkeys(aliases)))
    return list(rows.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", type=Path, nargs="+", help="Phoenix *.actors.txt files")
    parser.add_argument("--since", type=date.fromisoformat, default=date(1989, 1, 1))
    parser.add_argument("--leaders", action="store_true", help="only entries with an elite (ELI) span")
    parser.add_argument("--commit", default="unknown", help="the source commit, for the header")
    parser.add_argument(
        "--source-name", default=None, help="the source named in the header (default: the files)"
    )
    args = parser.parse_args()
    countries = {row["code"] for row in data_rows("countries.tsv")}
    entries = [e for path in args.sources for e in read_entries(path, countries)]
    rows = convert(entries, args.since, args.leaders)
    out = sys.stdout
    out.write(
        f"# Converted by scripts/convert_phoenix.py from {args.source_name or ', '.join(p.name for p in args.sources)}\n"
        f"# (openeventdata/petrarch2, petrarch2/data/dictionaries/, commit {args.commit}; MIT licence,\n"
        "# Copyright (c) 2014 Open Event Data Alliance; built from CountryInfo.140130.txt of the\n"
        "# Computational Event Data System project). Government roles ending in or after "
        f"{args.since.isoformat()} or open\n"
        f'# ("-": open in the source, last revised 2015){"; heads of state and government only (entries with an ELI span)" if args.leaders else ""}.\n'
        '# Columns: name, country (ISO alpha-3), roles ("CODE from to" joined by "; "), aliases ("|").\n'
        "name\tcountry\troles\taliases\n"
    )
    for row in rows:
        out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
