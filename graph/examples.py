"""The example SPARQL queries shipped in ``graph/queries/*.rq``.

Each file starts with comment lines ``# title: ...`` and ``# description: ...``.

>>> queries = example_queries()
>>> "gdi_supporters" in queries
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class ExampleQuery:
    name: str
    title: str
    description: str
    text: str


def parse_header(text):
    """The ``# title:`` and ``# description:`` lines at the top of a query.

    >>> parse_header("# title: T\\n# description: D\\nSELECT * {}")
    {'title': 'T', 'description': 'D'}
    """
    fields = {}
    for line in text.splitlines():
        match = re.match(r"#\s*(title|description)\s*:\s*(.*)$", line.strip())
        if match:
            fields[match.group(1)] = match.group(2).strip()
        elif line.strip() and not line.lstrip().startswith("#"):
            break
    return fields


def example_queries():
    """Example queries by name (the file name without ``.rq``)."""
    folder = resources.files("bilateral_kg.graph").joinpath("queries")
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            name = entry.name[:-3]
            fields = parse_header(text)
            out[name] = ExampleQuery(name, fields.get("title") or name.replace("_", " "),
                                     fields.get("description", ""), text)
    return out
