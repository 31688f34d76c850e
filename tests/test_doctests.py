"""Run every module's docstring examples (numpy-style Examples are tests too)."""
import doctest
import importlib
import pkgutil

import pytest

import bilateral_kg

def _modules():
    import bilateral_kg.extract
    import bilateral_kg.graph
    import bilateral_kg.ontology

    for package in (bilateral_kg, bilateral_kg.ontology, bilateral_kg.extract, bilateral_kg.graph):
        yield package.__name__
        for _, name, _ in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not name.endswith("__main__"):
                yield name


MODULES = sorted(set(_modules()))


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
