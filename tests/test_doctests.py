"""Run every module's docstring examples (numpy-style Examples are tests too)."""
import doctest
import importlib
import pkgutil

import pytest

import bilateral_kg

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(bilateral_kg.__path__, "bilateral_kg.")
    if not name.endswith("__main__") and ".tests" not in name and ".benchmarks" not in name
    and name.split(".")[1] in ("ontology", "extract", "graph", "cli")
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
