"""The example SPARQL queries shipped in ``graph/queries/*.rq``.

Each file starts with comment lines ``# title: ...`` and ``# description: ...``.

>>> queries = example_queries()
>>> "gdi_supporters" in queries
True
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class ExampleQuery:
    name: str
    title: str
    description: str
    text: str


def _header(text, field):
    for line in text.splitlines():
        if line.lower().startswith(f"# {field}:"):
            return line.split(":", 1)[1].strip()
    return ""


def example_queries():
    """Example queries by name (the file name without ``.rq``)."""
    folder = resources.files("bilateral_kg.graph").joinpath("queries")
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            name = entry.name[:-3]
            out[name] = ExampleQuery(name, _header(text, "title") or name,
                                     _header(text, "description"), text)
    return out
