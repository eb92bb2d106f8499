#!/usr/bin/env bash
# Run every check: lint, format, tests. Installs what it needs on a fresh machine
# (.venv, and Debian's chromium for the browser tests when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh "dev,distributed,ru"
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian chromium for the browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "warning: could not install chromium; browser tests will be skipped"
fi
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/python -m pytest -q "$@"
