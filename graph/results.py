"""Writing SPARQL results for people (a table) and for tools (CSV, TSV, SPARQL JSON)."""
from __future__ import annotations

import csv
import io

import pyoxigraph as ox

from .rdf import PREFIXES


def shorten(value):
    """An IRI with a known prefix as a prefixed name.

    >>> shorten("https://w3id.org/bilateral-kg/id/country/LSO")
    'country:LSO'
    """
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
        if value.startswith(namespace) and len(value) > len(namespace):
            return f"{prefix}:{value[len(namespace):]}"
    return value


def _cell(term):
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    return term.value


def write_results(result, out, fmt="table"):
    """Write a query result (solutions, boolean or triples) to a text stream."""
    if isinstance(result, ox.QueryBoolean):
        out.write(("true" if bool(result) else "false") + "\n")
        return
    if isinstance(result, ox.QueryTriples):
        out.write(ox.serialize(result, None, ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode())
        return
    if fmt == "json":
        out.write(result.serialize(None, ox.QueryResultsFormat.JSON).decode() + "\n")
        return
    names = [v.value for v in result.variables]
    rows = [[_cell(s[n]) for n in names] for s in result]
    if fmt in ("csv", "tsv"):
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return
    out.write(format_table(names, rows))


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
