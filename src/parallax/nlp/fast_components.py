"""Array versions of the two spaCy components that spend their time in Python, same output.

In ``en_core_web_sm`` the attribute ruler (tag -> POS and morphology, lemma exceptions)
runs spaCy's general ``Matcher`` over every token, and the rule lemmatizer makes a Python
``Token`` for every token to look its lemma up: together about a sixth of the whole
``nlp.pipe`` CPU on news text (100 AllSides articles: 2.8 s and 2.0 s of 29.5 s), for
work that is table lookups. These components do the same lookups over ``Doc.to_array``
columns and write the results back with ``Doc.from_array``:

* ``ArrayAttributeRuler`` evaluates each of the ruler's patterns (one or two tokens;
  equality, ``IN``, ``NOT_IN`` and ``REGEX`` tests) as a column mask, then applies the
  rules in the ruler's own order, so a later rule overrides an earlier one exactly as in
  ``AttributeRuler.set_annotations``; every pattern is matched on the tokens as the
  parser left them, as the ``Matcher`` does before any rule is applied.
* ``ArrayLemmatizer`` keeps the rule lemmatizer's own answer per (orth, POS, morphology),
  the key spaCy's lemmatizer caches on, and asks spaCy's lemmatizer for each new key.

``speed_up`` swaps them in only where every pattern and setting is one they reproduce;
otherwise spaCy's components stay. ``tests/test_pipeline.py`` checks that docs come out
attribute for attribute equal to the stock pipeline's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from spacy.pipeline import AttributeRuler, Lemmatizer
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

RULER_FACTORY = "parallax_array_attribute_ruler"
LEMMATIZER_FACTORY = "parallax_array_lemmatizer"
# Token columns the ruler's patterns test, by the key a pattern names them with.
_TESTED = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
# Columns a rule may set, in the order they are read and written back.
_SET = (POS, MORPH, LEMMA, TAG, DEP)
_CACHE_MAX = 1_000_000  # entries a cache keeps before it starts afresh (hostile vocabularies)


class UnsupportedPattern(ValueError):
    """A ruler pattern or setting these components do not reproduce: spaCy's component stays."""


@dataclass(frozen=True)
class TokenTest:
    """One test of a pattern: which of its tokens, which column, and a predicate over the values."""

    position: int
    column: int  # index into the tested columns
    kind: str  # "eq", "in", "not_in", "regex"
    values: tuple[int, ...] = ()
    regex: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Rule:
    """One ruler entry: its alternative patterns (all of one length), what it sets, and on which token."""

    patterns: tuple[tuple[TokenTest, ...], ...]
    length: int
    attrs: dict[int, int]
    index: int


def compile_test(position: int, key: str, value: Any) -> TokenTest:
    if key not in _TESTED:
        raise UnsupportedPattern(f"token attribute {key}")
    column = list(_TESTED).index(key)
    if isinstance(value, bool):
        return TokenTest(position, column, "eq", (int(value),))
    if isinstance(value, str):
        return TokenTest(position, column, "eq", (get_string_id(value),))
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            return TokenTest(position, column, op.lower(), tuple(get_string_id(v) for v in arg))
        if op == "REGEX" and isinstance(arg, str):
            return TokenTest(position, column, "regex", regex=re.compile(arg))
    raise UnsupportedPattern(f"{key}: {value!r}")


def compile_rules(ruler: AttributeRuler) -> list[Rule]:
    """The ruler's entries in its own order (a later entry overrides an earlier one)."""
    rules = []
    for number, entry in enumerate(ruler.patterns):
        lengths = {len(p) for p in entry["patterns"]}
        if len(lengths) != 1 or 0 in lengths:
            raise UnsupportedPattern("empty patterns, or patterns of different lengths in one entry")
        length = lengths.pop()
        patterns = tuple(
            tuple(compile_test(position, k, v) for position, spec in enumerate(p) for k, v in spec.items())
            for p in entry["patterns"]
        )
        index = ruler.indices[number]
        if not -length <= index < length:
            raise UnsupportedPattern(f"index {index} outside a {length}-token pattern")
        attrs = ruler.attrs[number]
        if any(not isinstance(k, int) or k not in _SET for k in attrs):
            raise UnsupportedPattern(f"sets {sorted(map(str, attrs))}")
        rules.append(Rule(patterns, length, dict(attrs), index % length))
    return rules


def can_hold(test: TokenTest, present: list[set[int]]) -> bool:
    """False when the doc has none of the values an equality or ``IN`` test asks for."""
    return test.kind not in ("eq", "in") or not present[test.column].isdisjoint(test.values)


class ArrayAttributeRuler:
    """``AttributeRuler`` over token columns; built from a loaded ruler by ``take``."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.rules: list[Rule] = []
        self._regex_cache: dict[tuple[str, int], bool] = {}

    def take(self, ruler: AttributeRuler) -> None:
        self.rules = compile_rules(ruler)

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        tested = doc.to_array(list(_TESTED.values())).reshape(n, len(_TESTED))
        values = doc.to_array(list(_SET)).reshape(n, len(_SET))
        # which values occur in each column: most rules name a word or tag this doc lacks
        present = [set(np.unique(tested[:, c]).tolist()) for c in range(len(_TESTED))]
        # matched on `tested` (the parser's values), written to `values` in rule order: a later rule overrides
        for rule in self.rules:
            patterns = [p for p in rule.patterns if all(can_hold(t, present) for t in p)]
            if not patterns:
                continue
            starts = np.flatnonzero(
                np.logical_or.reduce([self._match(p, rule.length, tested) for p in patterns])
            )
            for attr, value in rule.attrs.items():
                values[starts + rule.index, _SET.index(attr)] = value
        doc.from_array(list(_SET), values)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def _match(self, pattern: tuple[TokenTest, ...], length: int, tested: np.ndarray) -> np.ndarray:
        """Whether the pattern matches starting at each token (False where it would run off the end)."""
        n = tested.shape[0]
        ok = np.zeros(n, dtype=bool)
        span = n - length + 1
        if span <= 0:
            return ok
        ok[:span] = True
        for test in pattern:
            ok[:span] &= self._test(test, tested[test.position : test.position + span, test.column])
        return ok

    def _test(self, test: TokenTest, column: np.ndarray) -> np.ndarray:
        if test.kind == "eq":
            return column == np.uint64(test.values[0])
        if test.kind == "in":
            return np.isin(column, np.array(test.values, dtype=np.uint64))
        if test.kind == "not_in":
            return ~np.isin(column, np.array(test.values, dtype=np.uint64))
        assert test.regex is not None
        strings, pattern = self.vocab.strings, test.regex
        if len(self._regex_cache) > _CACHE_MAX:
            self._regex_cache.clear()
        found = {}
        for value in np.unique(column).tolist():
            key = (pattern.pattern, value)
            if key not in self._regex_cache:
                self._regex_cache[key] = bool(pattern.search(strings[value]))
            found[value] = self._regex_cache[key]
        return np.array([found[v] for v in column.tolist()], dtype=bool)


class ArrayLemmatizer:
    """spaCy's rule lemmatizer with its answers kept per (orth, POS, morphology)."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.lemmatizer: Lemmatizer | None = None
        self.cache: dict[tuple[int, int, int], int] = {}

    def take(self, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode != "rule" or lemmatizer.overwrite:
            raise UnsupportedPattern(f"lemmatizer mode {lemmatizer.mode}, overwrite {lemmatizer.overwrite}")
        self.lemmatizer = lemmatizer

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        assert self.lemmatizer is not None
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).reshape(n, 4).tolist()
        if len(self.cache) > _CACHE_MAX:
            self.cache.clear()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma == 0:  # the attribute ruler set none: the rule lemmatizer's answer
                key = (orth, pos, morph)
                lemma = self.cache.get(key)
                if lemma is None:
                    lemma = self.cache[key] = self.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(lemma)
        doc.from_array([LEMMA], np.array(lemmas, dtype=np.uint64))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(RULER_FACTORY)
def make_ruler(nlp: Language, name: str) -> ArrayAttributeRuler:
    return ArrayAttributeRuler(nlp.vocab)


@Language.factory(LEMMATIZER_FACTORY)
def make_lemmatizer(nlp: Language, name: str) -> ArrayLemmatizer:
    return ArrayLemmatizer(nlp.vocab)


def speed_up(nlp: Language) -> Language:
    """Swap in the array components where they reproduce the loaded ones; the rest stay spaCy's."""
    for name, factory in (("attribute_ruler", RULER_FACTORY), ("lemmatizer", LEMMATIZER_FACTORY)):
        if name not in nlp.pipe_names:
            continue
        stock = nlp.get_pipe(name)
        replacement = nlp.create_pipe(factory, name=name)
        try:
            replacement.take(stock)
        except UnsupportedPattern:
            continue
        nlp.replace_pipe(name, factory)
        nlp.get_pipe(name).take(stock)
    return nlp
