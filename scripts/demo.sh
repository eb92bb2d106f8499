#!/usr/bin/env bash
# Set everything up on a fresh machine and run Parallax on the bundled example articles.
# Needs only Python 3.11+, pip and git. Re-running reuses .venv and adds nothing twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh ""
.venv/bin/parallax analyze examples/selka-river/ --db out/parallax.duckdb --out out/
.venv/bin/parallax report --db out/parallax.duckdb --out out/report.html
echo
echo "Results:"
echo "  store:   out/parallax.duckdb   (parallax stats --db out/parallax.duckdb)"
echo "  export:  out/*.jsonl           (articles, entities, quotes, events, stories)"
echo "  report:  out/report.html       (open it in a browser)"
echo "  web UI:  .venv/bin/parallax serve --db out/parallax.duckdb   then http://127.0.0.1:8000/"
