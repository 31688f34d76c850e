"""Linguistic knowledge is data: no word set may sit in ``extract/*.py`` as a literal.

A set, frozenset, list, tuple or dict literal whose entries include two or more words is a
word list, and belongs in ``extract/patterns/`` (see :mod:`bilateral_kg.extract.lexicon`).
The parser's own label scheme (dependency labels, part-of-speech tags, entity types) and
spaCy's token attribute names (``LOWER``, ``TAG``) are grammar, not vocabulary, and may be
named in code; so may the ontology's class names,
configuration keys (``patterns_dir``) and file endings. Scoring and calibration
(``evaluate.py``, ``calibrate.py``) read records, not text, and are not rules.
"""
import ast
from pathlib import Path

import pytest
import spacy.attrs

EXTRACT = Path(__file__).resolve().parents[2] / "extract"
NOT_RULES = {"__init__.py", "evaluate.py", "calibrate.py"}


@pytest.fixture(scope="module")
def grammar_labels(nlp):
    labels = set()
    for name in ("parser", "tagger", "ner", "morphologizer", "attribute_ruler"):
        if name in nlp.pipe_names:
            labels |= set(getattr(nlp.get_pipe(name), "labels", ()))
    labels |= set(spacy.attrs.IDS)
    labels |= {"ROOT", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM",
               "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X", "SPACE"}
    return labels


def _ontology_names():
    from bilateral_kg.ontology.vocab import ENTITY_CLASSES

    return {str(c).rsplit("#", 1)[-1] for c in ENTITY_CLASSES} | {"Region"}


def _word_literals(tree, allowed):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        words = [i.value for i in items if isinstance(i, ast.Constant)
                 and isinstance(i.value, str) and i.value not in allowed
                 and any(ch.isalpha() for ch in i.value)
                 and "_" not in i.value and not i.value.startswith(".")]
        if len(words) >= 2:
            yield node.lineno, words


def test_no_word_set_is_a_literal_in_code(grammar_labels):
    allowed = grammar_labels | _ontology_names()
    found = []
    for path in sorted(EXTRACT.rglob("*.py")):
        if path.name in NOT_RULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, words in _word_literals(tree, allowed):
            found.append(f"{path.relative_to(EXTRACT)}:{line}: {words[:6]}")
    assert not found, ("word lists in code; move them to extract/patterns/*_words.jsonl:\n"
                       + "\n".join(found))
