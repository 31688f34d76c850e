"""Two states over time: a dyad's relations month by month, as rows, a table and an SVG chart.

:func:`dyad_timeline` reads every evidence sentence between two entities (either direction:
relations A->B and B->A both count) with its event month, relation and Goldstein weight;
:func:`monthly` aggregates such rows, :func:`format_table` prints them and
:func:`timeline_svg` draws them (cooperation above the axis, conflict below, net as a line).
:func:`render_timeline_html` is the self-contained page ``bkg timeline -o`` writes.

>>> months = monthly([{"month": "2024-01", "p": "visits", "weight": 1.9},
...                   {"month": "2024-01", "p": "criticises", "weight": -2.0}])
>>> months[0]["net"], months[0]["counts"]
(-0.1, {'criticises': 1, 'visits': 1})
"""
from __future__ import annotations

from html import escape

from .records import entity_records
from .search import find_entities

__all__ = ["dyad_timeline", "dyad_evidence", "monthly", "format_table", "timeline_svg",
           "render_timeline_html", "resolve_state", "evidence_between"]

# The pairs are bound before the evidence is matched, so the store looks the evidence up by
# its subject (an index) instead of filtering every evidence node.
_PAIRS_QUERY = """SELECT ?e ?s ?p ?o ?date ?precision ?weight ?sentence ?doc ?confidence ?cue ?modality
WHERE {
  VALUES (?s ?o) { %s }
  ?e rdf:subject ?s ; rdf:object ?o ; rdf:predicate ?p .
  OPTIONAL { ?e bkg:eventDate ?date OPTIONAL { ?e bkg:datePrecision ?precision } }
  OPTIONAL { ?p bkg:goldsteinWeight ?weight }
  OPTIONAL { ?e bkg:sentence ?sentence }
  OPTIONAL { ?e bkg:document ?doc }
  OPTIONAL { ?e bkg:confidence ?confidence }
  OPTIONAL { ?e bkg:cue ?cue }
  OPTIONAL { ?e bkg:modality ?modality }
}"""


def resolve_state(kg, name):
    """The IRI a name, ISO3 code or IRI stands for (resolved like ``bkg view --focus``).

    Raises :class:`~.search.UnknownEntityError` (with near names) when nothing matches.
    """
    text = name.strip()
    if len(text) == 3 and text.isalpha():
        try:
            return find_entities(kg, "country/" + text.upper())[0]
        except LookupError:
            pass
    return find_entities(kg, text)[0]


def _number(value, default=0.0):
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def dyad_evidence(kg, a, b, min_confidence=None):
    """Every evidence sentence between entities ``a`` and ``b`` (IRIs), in either direction.

    Returns
    -------
    list of dict
        ``evidence, s, p, o, date, month, weight, sentence, doc, confidence, cue, modality``,
        sorted by date (undated last). ``month`` is ``YYYY-MM``, or None when the date is
        unknown or known only to the year (a year's evidence belongs to no one month).
    """
    return evidence_between(kg, [(a, b), (b, a)], min_confidence)


def evidence_between(kg, pairs, min_confidence=None):
    """Every evidence sentence whose (subject, object) is one of ``pairs`` (IRIs), by date.

    Rows as :func:`dyad_evidence` makes them. Each pair is looked up through the store's
    indexes, so the cost grows with the evidence of the pairs' subjects, not of the store.
    """
    from .records import iri_values

    pairs = sorted(set(pairs))
    if not pairs:
        return []
    keep = kg.confidence_filter(min_confidence)
    values = " ".join(f"({iri_values(pair)})" for pair in pairs)
    rows = {}
    for r in kg.backend.select(_PAIRS_QUERY % values, prefixes=_prefixes()).dicts():
        confidence = _number(r["confidence"])
        if keep is not None and not keep.keeps_confidence(confidence):
            continue
        date = str(r["date"])[:10] if r["date"] is not None else None
        rows[str(r["e"])] = {
            "evidence": str(r["e"]), "s": str(r["s"]), "p": str(r["p"]).rsplit("#", 1)[-1],
            "o": str(r["o"]), "date": date,
            "month": date[:7] if date and str(r["precision"] or "day") != "year" else None,
            "weight": _number(r["weight"]), "sentence": str(r["sentence"] or ""),
            "doc": str(r["doc"]) if r["doc"] is not None else None, "confidence": confidence,
            "cue": str(r["cue"] or ""),
            "modality": "planned" if str(r["modality"] or "").endswith("#Planned") else "factual",
        }
    return sorted(rows.values(), key=lambda r: (r["date"] is None, r["date"] or "", r["p"],
                                                r["evidence"]))


def _prefixes():
    from .records import PREFIXES

    return PREFIXES


def monthly(rows):
    """Evidence rows aggregated by month: counts by relation, cooperation, conflict, net.

    Undated rows are left out; months are in order.

    >>> m = monthly([{"month": "2024-02", "p": "supports", "weight": 3.4},
    ...              {"month": "2024-01", "p": "supports", "weight": 3.4},
    ...              {"month": None, "p": "visits", "weight": 1.9}])
    >>> [(x["month"], x["cooperation"], x["conflict"], x["evidence"]) for x in m]
    [('2024-01', 3.4, 0.0, 1), ('2024-02', 3.4, 0.0, 1)]
    """
    months = {}
    for row in rows:
        if not row.get("month"):
            continue
        m = months.setdefault(row["month"], {"month": row["month"], "counts": {},
                                             "cooperation": 0.0, "conflict": 0.0})
        m["counts"][row["p"]] = m["counts"].get(row["p"], 0) + 1
        weight = row.get("weight") or 0.0
        m["cooperation" if weight >= 0 else "conflict"] += weight
    out = []
    for key in sorted(months):
        m = months[key]
        m["counts"] = dict(sorted(m["counts"].items()))
        m["cooperation"], m["conflict"] = round(m["cooperation"], 2), round(m["conflict"], 2)
        m["net"] = round(m["cooperation"] + m["conflict"], 2)
        m["evidence"] = sum(m["counts"].values())
        out.append(m)
    return out


def format_table(months):
    """A plain-text table: a row per month, a column per relation, then net cooperation.

    >>> print(format_table([{"month": "2024-01", "counts": {"visits": 2}, "net": 3.8}]))
    month    visits  net
    2024-01       2  3.8
    """
    relations = sorted({p for m in months for p in m["counts"]})
    header = ["month"] + relations + ["net"]
    body = [[m["month"]] + [str(m["counts"].get(p, 0)) for p in relations] + [f"{m['net']:g}"]
            for m in months]
    widths = [max(len(r[i]) for r in [header] + body) for i in range(len(header))]
    lines = []
    for r in [header] + body:
        cells = [r[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(r[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _scale(months, height):
    top = max([m["cooperation"] for m in months] + [1.0])
    bottom = max([-m["conflict"] for m in months] + [1.0])
    unit = (height - 40) / (top + bottom)
    return unit, 20 + top * unit


def timeline_svg(months, width=720, height=260):
    """An inline SVG chart: per month a bar of cooperation above the axis, conflict below,
    and the net as a line. Each month's group is a link to ``#month-YYYY-MM``.

    >>> svg = timeline_svg([{"month": "2024-01", "cooperation": 3.4, "conflict": -2.0,
    ...                      "net": 1.4, "evidence": 2}])
    >>> svg.count('class="bar coop"'), svg.count('class="bar conflict"'), 'data-month="2024-01"' in svg
    (1, 1, True)
    >>> "no dated relations" in timeline_svg([])
    True
    """
    if not months:
        return (f'<svg class="bkg-timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" '
                f'height="40"><text x="10" y="25">no dated relations</text></svg>')
    unit, axis = _scale(months, height)
    step = (width - 40) / len(months)
    bar = max(2.0, step * 0.6)
    parts, points = [], []
    for i, m in enumerate(months):
        x = 30 + i * step
        month = escape(m["month"])
        coop, conflict = m["cooperation"] * unit, -m["conflict"] * unit
        parts.append(
            f'<a href="#month-{month}" class="month" data-month="{month}">'
            f'<title>{month}: {m["evidence"]} sentences, net {m["net"]:g}</title>'
            f'<rect class="bar coop" x="{x:.1f}" y="{axis - coop:.1f}" width="{bar:.1f}" '
            f'height="{coop:.1f}" fill="#2f855a"/>'
            f'<rect class="bar conflict" x="{x:.1f}" y="{axis:.1f}" width="{bar:.1f}" '
            f'height="{conflict:.1f}" fill="#c53030"/>'
            f'<text x="{x + bar / 2:.1f}" y="{height - 4}" font-size="10" '
            f'text-anchor="middle">{month}</text></a>')
        points.append(f"{x + bar / 2:.1f},{axis - m['net'] * unit:.1f}")
    return (f'<svg class="bkg-timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" role="img">'
            f'<line x1="20" x2="{width - 10}" y1="{axis:.1f}" y2="{axis:.1f}" stroke="#1f2933"/>'
            + "".join(parts)
            + f'<polyline class="net" points="{" ".join(points)}" fill="none" stroke="#2b6cb0" '
              f'stroke-width="2"/></svg>')


def dyad_timeline(kg, a, b, min_confidence=None):
    """The timeline of two states: names, evidence rows and monthly aggregates.

    ``a`` and ``b`` are names, ISO3 codes or IRIs; relations A->B and B->A both count.

    Returns
    -------
    dict
        ``a, b`` (IRIs), ``labels`` (IRI -> label), ``evidence`` (:func:`dyad_evidence`) and
        ``months`` (:func:`monthly`).
    """
    a_iri, b_iri = resolve_state(kg, a), resolve_state(kg, b)
    evidence = dyad_evidence(kg, a_iri, b_iri, min_confidence)
    records = entity_records(kg, [a_iri, b_iri])
    labels = {iri: records.get(iri, {}).get("label") or iri for iri in (a_iri, b_iri)}
    return {"a": a_iri, "b": b_iri, "labels": labels, "evidence": evidence,
            "months": monthly(evidence)}


def evidence_list_html(timeline):
    """The evidence sentences by date as an HTML list (items carry ``data-month``)."""
    labels = timeline["labels"]
    items = []
    for r in timeline["evidence"]:
        month = escape(r["month"] or "undated")
        items.append(
            f'<li data-month="{month}"><span class="date">{escape(r["date"] or "undated")}</span> '
            f'<b>{escape(labels.get(r["s"], r["s"]))} {escape(r["p"])} '
            f'{escape(labels.get(r["o"], r["o"]))}</b>: {escape(r["sentence"])}</li>')
    if not items:
        return '<p class="empty">No relations between these two states.</p>'
    return '<ol class="evidence">' + "".join(items) + "</ol>"


def render_timeline_html(timeline):
    """A self-contained HTML page (no scripts from elsewhere) of a dyad's timeline."""
    a, b = (escape(timeline["labels"][k]) for k in (timeline["a"], timeline["b"]))
    months = timeline["months"]
    anchors = "".join(f'<span id="month-{escape(m["month"])}"></span>' for m in months)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<title>{a} and {b} over time</title><style>'
            'body{font-family:sans-serif;margin:2em;max-width:60em}'
            '.date{color:#555;font-family:monospace}li{margin:.3em 0}'
            '.bar.coop:hover,.bar.conflict:hover{opacity:.7}</style></head><body>'
            f'<h1>{a} and {b} over time</h1>'
            '<p>Relations in both directions; bars: cooperation (green, above) and conflict '
            '(red, below) as sums of Goldstein weights; line: net cooperation.</p>'
            f'{timeline_svg(months)}{anchors}<h2>Evidence by date</h2>'
            f'{evidence_list_html(timeline)}</body></html>')
