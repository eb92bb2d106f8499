"""Fuzz the HTTP API with schemathesis against a real ``parallax serve`` on 127.0.0.1.

Builds a store from the bundled ``examples/`` with ``parallax analyze``, serves it on a
free local port, runs ``schemathesis run`` on the app's own ``/openapi.json`` (every
phase: examples, coverage, fuzzing, stateful; one worker; a bounded number of cases per
operation), and prints the counts: operations, test cases, failures by check, and
server errors (schemathesis check ST101, any 5xx). Exits 1 if there is a server error.

    .venv/bin/python benchmarks/api_fuzz.py                      # 100 cases per operation, seed 1
    .venv/bin/python benchmarks/api_fuzz.py --max-examples 20 --seed 7

Needs schemathesis (the ``dev`` extra).
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SERVER_ERROR = "ST101"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=100, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    parallax = [sys.executable, "-m", "parallax.cli"]
    schemathesis = Path(sys.executable).with_name("schemathesis")
    with tempfile.TemporaryDirectory(prefix="parallax-fuzz-") as tmp:
        db, report = Path(tmp) / "examples.duckdb", Path(tmp) / "report.json"
        subprocess.run([*parallax, "analyze", str(REPO / "examples"), "--db", str(db)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server_log = Path(tmp) / "serve.log"  # a file, not a pipe: a full pipe would stall the server
        with server_log.open("w") as log_file:  # the server keeps its own copy of the descriptor
            server = subprocess.Popen(
                [*parallax, "serve", "--db", str(db), "--port", str(port)],
                stdout=subprocess.DEVNULL,
                stderr=log_file,
            )
        try:
            wait_for(f"{base}/openapi.json")
            started = time.perf_counter()
            subprocess.run(
                [str(schemathesis), "run", f"{base}/openapi.json", "--max-examples", str(args.max_examples),
                 "--seed", str(args.seed), "--workers", "1", "--checks", "all",
                 "--report", "json", "--report-json-path", str(report)],
                stdout=subprocess.DEVNULL, cwd=tmp,
            )  # fmt: skip
            seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
        log = server_log.read_text(encoding="utf-8", errors="replace")
        result = json.loads(report.read_text(encoding="utf-8"))
    cases = result["test_cases"]
    by_code = {f["code"]: f for f in result["failures"]}
    server_errors = by_code[SERVER_ERROR]["count"] if SERVER_ERROR in by_code else 0
    print(f"schemathesis {result['schemathesis_version']}, seed {args.seed}, "
          f"{args.max_examples} examples per operation, {seconds:.0f} s")  # fmt: skip
    print(f"operations tested:   {result['operations']['tested']} of {result['operations']['total']}")
    print(f"test cases:          {cases['generated']} ({cases['with_failures']} with a failure)")
    print(f"unique failures:     {cases['unique_failures']}")
    for failure in result["failures"]:
        print(
            f"  {failure['code']} {failure['title']}: {failure['count']} ({', '.join(failure['operations'])})"
        )
    print(f"errors (not checks): {len(result['errors'])}")
    print(f"server errors (5xx): {server_errors}")
    if "Traceback" in log:
        print("the server logged a traceback:\n" + log[log.index("Traceback") :][:4000])
    return 1 if server_errors or "Traceback" in log else 0


if __name__ == "__main__":
    sys.exit(main())
