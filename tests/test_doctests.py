"""Every module's docstring examples run (numpy-style Examples are tests too).

Only modules that hold examples are collected, so every case here runs at least one; a
module that loses all its examples drops out of the list, and the floor below notices.
"""
import doctest
import importlib
import pkgutil

import pytest

import bilateral_kg

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _modules():
    import bilateral_kg.extract
    import bilateral_kg.graph
    import bilateral_kg.ontology

    for package in (bilateral_kg, bilateral_kg.ontology, bilateral_kg.extract, bilateral_kg.graph):
        yield package.__name__
        for _, name, _ in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not name.endswith("__main__"):
                yield name


def _has_examples(name):
    finder = doctest.DocTestFinder(exclude_empty=True)
    return any(test.examples for test in finder.find(importlib.import_module(name)))


MODULES = sorted(name for name in set(_modules()) if _has_examples(name))


def test_most_modules_promise_examples():
    assert len(MODULES) >= 25, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=FLAGS)
    assert result.attempted > 0 and result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
