"""The explorer's dyad page: two states, their officials, what passed between them and when.

:func:`dyad_page` gathers what ``/dyad?a=...&b=...`` shows: the two states (resolved like
``bkg timeline``), each side's officials (persons ``bkg:officialOf`` the state, in the
knowledge base or in some document), the relations from one side to the other read from the
summaries graph (best confidence, documents, evidence, first and last date), and every
evidence sentence between the sides by date, with the months aggregated as
:func:`~.timeline.monthly` does. Every read is bounded by the two sides: officials through
the ``officialOf`` index, relations through the summaries' subject index, evidence through
the pairs found (see :func:`~.timeline.evidence_between`); nothing scans the store.

>>> from bilateral_kg.graph.store import KnowledgeGraph
>>> page = dyad_page(KnowledgeGraph(None), "CHN", "Lesotho")
>>> page["labels"][page["b"]], page["evidence_total"], page["officials_known"] > 0
('Lesotho', 0, True)
"""
from __future__ import annotations

from collections import defaultdict

from bilateral_kg.ontology.vocab import BKG

from .records import doc_id, document_records, iri_values, local_name, split_cue
from .search import name_index
from .summaries import SUM, SUMMARIES_GRAPH
from .timeline import evidence_between, monthly, resolve_state, timeline_svg

__all__ = ["dyad_page", "dyad_officials", "dyad_relations", "evidence_items", "EVIDENCE_LIMIT",
           "OFFICIALS_LIMIT"]

#: The page lists at most this many evidence sentences (the chart and table count them all).
EVIDENCE_LIMIT = 1000
#: At most this many officials of one state are taken in (the most named ones are not
#: ranked: a state with more is rare, and the cap only bounds the page's cost).
OFFICIALS_LIMIT = 500
#: The chart's drawing size (it scales down to narrower windows).
CHART_WIDTH, CHART_HEIGHT = 1080, 260
_OFFICIAL_OF = str(BKG.officialOf)


def dyad_officials(kg, states, limit=OFFICIALS_LIMIT):
    """``{person IRI: state IRI}`` of the officials of some states (KB or documents).

    A person who is an official of both states is left out: on neither side, their relations
    would be counted twice.
    """
    query = (f"SELECT DISTINCT ?x ?state WHERE {{ VALUES ?state {{ {iri_values(states)} }} "
             f"?x bkg:officialOf ?state }} LIMIT {limit * len(states)}")
    sides = defaultdict(set)
    for x, state in kg.backend.select(query, prefixes=_prefixes()):
        sides[str(x)].add(str(state))
    return {x: next(iter(found)) for x, found in sides.items()
            if len(found) == 1 and x not in states}


def _prefixes():
    from .rdf import PREFIXES

    return PREFIXES


def _number(value, cast=float):
    try:
        return cast(str(value))
    except (TypeError, ValueError):
        return None


def dyad_relations(kg, side_of, min_confidence=None):
    """The summaries of the relations from one side to the other.

    Parameters
    ----------
    side_of : dict
        Entity IRI -> the state whose side it is on.
    min_confidence : float, optional
        Leave out the relations whose best reading is weaker (nothing of them would show).

    Returns
    -------
    list of dict
        ``s, p, o, documents, evidence, best, first, last``, a relation only implied by its
        refinements left out (its refinements are listed), ``evidence`` counting the
        relation's own sentences.
    """
    found = kg.backend.select(
        f"SELECT ?n ?s ?o WHERE {{ VALUES ?s {{ {iri_values(side_of)} }} "
        f"GRAPH <{SUMMARIES_GRAPH}> {{ ?n <{SUM}subject> ?s ; <{SUM}object> ?o }} }}")
    nodes = [str(n) for n, s, o in found
             if str(o) in side_of and side_of[str(o)] != side_of[str(s)]]
    if not nodes:
        return []
    query = (f"SELECT ?s ?p ?o ?documents ?direct ?best ?first ?last WHERE {{ "
             f"VALUES ?n {{ {iri_values(nodes)} }} GRAPH <{SUMMARIES_GRAPH}> {{ "
             f"?n <{SUM}subject> ?s ; <{SUM}predicate> ?p ; <{SUM}object> ?o ; "
             f"<{SUM}documents> ?documents ; <{SUM}directEvidence> ?direct "
             f"OPTIONAL {{ ?n <{SUM}bestConfidence> ?best }} "
             f"OPTIONAL {{ ?n <{SUM}firstDate> ?first }} OPTIONAL {{ ?n <{SUM}lastDate> ?last }} }} }}")
    keep = kg.confidence_filter(min_confidence)
    relations = []
    for s, p, o, documents, direct, best, first, last in kg.backend.select(query):
        if str(p) == _OFFICIAL_OF or not _number(direct, int):
            continue
        if keep is not None and not keep.keeps_confidence(_number(best) or 0.0):
            continue
        relations.append({"s": str(s), "p": local_name(str(p)), "o": str(o),
                          "documents": _number(documents, int), "evidence": _number(direct, int),
                          "best": _number(best), "first": None if first is None else str(first),
                          "last": None if last is None else str(last)})
    return sorted(relations, key=lambda r: (-(r["evidence"] or 0), r["p"], r["s"], r["o"]))


def evidence_items(kg, rows, labels):
    """Evidence rows made ready to list: labels, the cue split out, the document's id, title
    and the anchor of the sentence on the document page (``ev-`` and the node's last part)."""

    docs = document_records(kg, sorted({r["doc"] for r in rows if r["doc"]})) if rows else {}
    for r in rows:
        key = doc_id(r["doc"])
        r["before"], r["cue_text"], r["after"] = split_cue(r["sentence"], r["cue"])
        r.update(doc_id=key, doc_title=(docs.get(key) or {}).get("title") or key,
                 anchor="ev-" + r["evidence"].rsplit("/", 1)[-1],
                 s_label=labels.get(r["s"], local_name(r["s"])),
                 o_label=labels.get(r["o"], local_name(r["o"])))
    return rows


def dyad_page(kg, a, b, officials=True, min_confidence=None, limit=EVIDENCE_LIMIT):
    """What the dyad page shows about states ``a`` and ``b`` (names, ISO3 codes or IRIs).

    Parameters
    ----------
    officials : bool
        Take in the states' officials (persons ``officialOf`` either), so that a minister's
        visit counts; without them the page counts what ``bkg timeline A B`` counts.
    min_confidence : float, optional
        Leave out weaker evidence, and the relations with none stronger (their counts stay
        the store's, over all their evidence).
    limit : int
        List at most this many evidence sentences (all are counted in the chart).

    Returns
    -------
    dict
        ``a, b`` (IRIs), ``labels`` and ``types`` (IRI -> text), ``officials`` (state IRI ->
        list of ``{iri, label}``: the officials taking part in some relation),
        ``officials_known`` (how many officials the two states have), ``relations`` (:func:`dyad_relations`, with labels),
        ``months`` (:func:`~.timeline.monthly`), ``relation_names`` (the table's columns),
        ``svg`` (the chart), ``evidence`` (at most ``limit`` rows, with document ids,
        titles and anchors), ``evidence_total`` and ``undated``.

    Raises
    ------
    bilateral_kg.graph.search.UnknownEntityError
        When ``a`` or ``b`` names nothing (with near names).
    ValueError
        When both name the same entity.
    """
    a_iri, b_iri = resolve_state(kg, a), resolve_state(kg, b)
    if a_iri == b_iri:
        raise ValueError(f"{a!r} and {b!r} are the same entity: choose two states.")
    side_of = {a_iri: a_iri, b_iri: b_iri}
    people = dyad_officials(kg, [a_iri, b_iri]) if officials else {}
    side_of.update(people)
    relations = dyad_relations(kg, side_of, min_confidence)
    evidence = evidence_between(kg, {(r["s"], r["o"]) for r in relations}, min_confidence)
    months = monthly(evidence)
    index = name_index(kg)
    involved = {a_iri, b_iri} | {end for r in relations for end in (r["s"], r["o"])}
    labels = {iri: index.record(iri)["label"] for iri in involved}
    types = {iri: index.record(iri)["type"] for iri in involved}
    for r in relations:
        r.update(s_label=labels[r["s"]], o_label=labels[r["o"]],
                 s_state=side_of[r["s"]] == r["s"], o_state=side_of[r["o"]] == r["o"])
    shown = evidence_items(kg, evidence[:limit], labels)
    # Only the officials who took part: the KB knows many (past leaders too).
    by_state = {a_iri: [], b_iri: []}
    for person in sorted(involved & set(people), key=lambda x: labels[x].casefold()):
        by_state[people[person]].append({"iri": person, "label": labels[person]})
    return {
        "a": a_iri, "b": b_iri, "labels": labels, "types": types, "officials": by_state,
        "with_officials": officials, "officials_known": len(people), "relations": relations,
        "months": months, "relation_names": sorted({p for m in months for p in m["counts"]}),
        "svg": timeline_svg(months, width=CHART_WIDTH, height=CHART_HEIGHT), "evidence": shown,
        "evidence_total": len(evidence), "undated": sum(1 for r in evidence if not r["month"]),
    }
