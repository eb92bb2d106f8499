"""Properties of the readers on arbitrary input, and a check that the fuzz harness fuzzes what it claims.

``benchmarks/fuzz.py`` runs the readers and the cleaner on 100,000 mutated inputs on
demand; these tests keep a small, fast slice of that in the suite.
"""

from __future__ import annotations

import gzip
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.model import RawDocument, ReadError
from parallax.sources import INTERNAL_ERROR, read_paths
from parallax.sources.sanitize import SURROGATE_RE, sanitize_text

FUZZ = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz.py"
EXTENSIONS = ["", ".txt", ".html", ".jsonl", ".json", ".csv", ".tsv", ".warc", ".xml", ".rss", ".atom", ".md"]


def load_fuzz() -> ModuleType:
    """benchmarks/fuzz.py as a module (benchmarks/ is scripts, not a package)."""
    name = "parallax_benchmarks_fuzz"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, FUZZ)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    return sys.modules[name]


def storable(item: RawDocument | ReadError) -> bool:
    """Every string field encodes as UTF-8 and holds no NUL (what the store's writer needs)."""
    values = [v for v in vars(item).values() if isinstance(v, str)]
    return all("\x00" not in v and not SURROGATE_RE.search(v) for v in values)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=2000), extension=st.sampled_from(EXTENSIONS), packed=st.booleans())
def test_read_paths_never_raises_on_arbitrary_bytes(
    tmp_path: Path, body: bytes, extension: str, packed: bool
) -> None:
    path = tmp_path / f"input{extension}{'.gz' if packed else ''}"
    path.write_bytes(gzip.compress(body) if packed else body)
    items = list(read_paths([path]))
    assert items and all(isinstance(i, RawDocument | ReadError) for i in items)
    assert all(i.source.startswith(str(path)) and storable(i) for i in items)
    assert not [i for i in items if isinstance(i, ReadError) and i.reason.startswith(INTERNAL_ERROR)]


@given(st.text(alphabet=st.characters(codec=None, categories=None)))
def test_sanitized_text_is_storable_and_sanitizing_is_idempotent(text: str) -> None:
    clean = sanitize_text(text)
    clean.encode("utf-8")
    assert "\x00" not in clean and sanitize_text(clean) == clean
    assert len(clean) == len(text) - text.count("\x00")  # surrogates are replaced one for one, not dropped


def test_every_fuzz_seed_reads_into_documents(tmp_path: Path) -> None:
    fuzz = load_fuzz()
    pool = fuzz.seeds()
    assert {ext.removesuffix(".gz") for ext, _ in pool} == {
        "txt",
        "html",
        "jsonl",
        "json",
        "csv",
        "warc",
        "xml",
        "atom",
    }
    for ext, data in pool:
        path = tmp_path / f"seed.{ext}"
        path.write_bytes(data)
        items = list(read_paths([path]))
        assert items and all(isinstance(i, RawDocument) for i in items), (ext, items)


def test_fuzz_inputs_are_a_function_of_seed_and_index_and_mutate() -> None:
    fuzz = load_fuzz()
    pool = fuzz.seeds()
    first = [fuzz.generate(7, i, pool) for i in range(1, 40)]
    assert first == [fuzz.generate(7, i, pool) for i in range(1, 40)]
    assert first != [fuzz.generate(8, i, pool) for i in range(1, 40)]
    originals = {data for _, data in pool}
    assert sum(data not in originals for _, data in first) >= 35
