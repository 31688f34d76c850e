"""Writing query answers on the command line: a table for people; for tools, the same
SPARQL results writer as the HTTP endpoint (CSV and TSV as SPARQL 1.1 defines them, with
full IRIs; SPARQL JSON)."""
from __future__ import annotations

import io

from rdflib import BNode, URIRef
from rdflib.util import from_n3

from .rdf import PREFIXES

#: ``bkg query --format`` -> media type of the answer to a SELECT or ASK query
MEDIA_TYPES = {"csv": "text/csv", "tsv": "text/tab-separated-values",
               "json": "application/sparql-results+json"}


def shorten(value):
    """An IRI with a known prefix as a prefixed name.

    >>> shorten("https://w3id.org/bilateral-kg/id/country/LSO")
    'country:LSO'
    """
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        if value.startswith(namespace) and len(value) > len(namespace):
            return f"{prefix}:{value[len(namespace):]}"
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, URIRef):
        return shorten(str(value))
    if isinstance(value, BNode):
        return "_:" + value
    return str(value)


def write_results(kg, sparql, out, fmt="table", min_confidence=None):
    """Write any query's answer to a text stream: a table, CSV, TSV or SPARQL JSON.

    CONSTRUCT and DESCRIBE answers are Turtle whatever ``fmt`` says. The query runs once:
    a table is read back from the store's TSV.
    """
    media = MEDIA_TYPES.get(fmt, "text/tab-separated-values")
    output = kg.write_results(sparql, {"select": media, "ask": media, "graph": "text/turtle"},
                              min_confidence=min_confidence)
    text = output.body.decode("utf-8")
    if fmt == "table" and output.form == "select":
        names, rows = read_tsv(text)
        out.write(format_table(names, [[_cell(v) for v in row] for row in rows]))
        return
    out.write(text if text.endswith("\n") else text + "\n")


def read_tsv(text):
    """SPARQL TSV results as ``(variables, rows)`` of rdflib terms (None where unbound).

    >>> read_tsv('?s\\t?n\\n<http://x/a>\\t"2"^^<http://www.w3.org/2001/XMLSchema#integer>\\n')
    (['s', 'n'], [[rdflib.term.URIRef('http://x/a'), rdflib.term.Literal('2', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))]])
    """
    lines = text.split("\n")
    names = [name.lstrip("?$") for name in lines[0].split("\t")] if lines[0] else []
    rows = [[from_n3(cell) if cell else None for cell in line.split("\t")]
            for line in lines[1:] if line]
    return names, rows


def format_table(names, rows, max_width=60):
    """A plain-text table.

    >>> print(format_table(["s", "o"], [["country:LSO", "policy:GDI"]]), end="")
    s            o         
    -----------  ----------
    country:LSO  policy:GDI
    (1 row)
    """
    cut = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cut]) for i, n in enumerate(names)]
    buffer = io.StringIO()
    buffer.write("  ".join(n.ljust(w) for n, w in zip(names, widths)) + "\n")
    buffer.write("  ".join("-" * w for w in widths) + "\n")
    for row in cut:
        buffer.write("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "\n")
    buffer.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return buffer.getvalue()
