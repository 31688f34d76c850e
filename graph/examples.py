"""The example SPARQL queries shipped in ``graph/queries/*.rq``.

Each file starts with comment lines ``# title: ...`` and ``# description: ...``, and
``# param: NAME KIND DEFAULT`` for each parameter: a variable of the query bound to an
entity (``KIND`` is the entity kind, ``country``, ``person``...; a value may also be a full
IRI) by a ``VALUES`` clause at the start of the query's ``WHERE``.

>>> queries = example_queries()
>>> "gdi_supporters" in queries
True
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from bilateral_kg.ontology.vocab import ENTITY_BASE


@dataclass(frozen=True)
class ExampleQuery:
    name: str
    title: str
    description: str
    text: str
    params: tuple = ()  # (name, kind, default)

    def render(self, values=None):
        """The query with its parameters bound (``values``: name -> value; else defaults).

        >>> q = ExampleQuery("x", "t", "d", "SELECT ?s WHERE { ?s ?p ?a }", (("a", "country", "CHN"),))
        >>> q.render({"a": "KEN"})
        'SELECT ?s WHERE { VALUES ?a { <https://w3id.org/bilateral-kg/id/country/KEN> } ?s ?p ?a }'
        """
        values = dict(values or {})
        unknown = set(values) - {name for name, _, _ in self.params}
        if unknown:
            raise ValueError(f"{self.name} takes no parameter {', '.join(sorted(unknown))}; "
                             f"its parameters: {', '.join(n for n, _, _ in self.params) or 'none'}")
        if not self.params:
            return self.text
        bindings = " ".join(f"VALUES ?{name} {{ <{_entity_iri(kind, values.get(name, default))}> }}"
                            for name, kind, default in self.params)
        where = re.search(r"\bWHERE\s*\{", self.text, re.I)
        return self.text[:where.end()] + " " + bindings + self.text[where.end():]


def _entity_iri(kind, value):
    """An entity IRI from a parameter value: a full IRI, or a key under the entity's kind."""
    if re.match(r"^https?://", value):
        iri = value
    else:
        key = value if "/" in value else f"{kind}/{value.upper() if kind == 'country' else value}"
        iri = ENTITY_BASE + key
    if re.search(r'[\s<>"{}|^`\\]', iri):
        raise ValueError(f"not an entity: {value!r}")
    return iri


def parse_header(text):
    """The ``# title:`` and ``# description:`` lines at the top of a query.

    >>> parse_header("# title: T\\n# description: D\\nSELECT * {}")
    {'title': 'T', 'description': 'D'}
    """
    fields = {}
    for line in text.splitlines():
        match = re.match(r"#\s*(title|description|param)\s*:\s*(.*)$", line.strip())
        if match and match.group(1) == "param":
            fields.setdefault("params", []).append(tuple(match.group(2).split()[:3]))
        elif match:
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
                                     fields.get("description", ""), text,
                                     tuple(fields.get("params", ())))
    return out
