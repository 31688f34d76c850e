"""What a worker process runs: a query, an update, a network for the explorer, a search.

Each task is a dict with an ``op``; :func:`run_task` runs one against an open
:class:`~bilateral_kg.graph.store.KnowledgeGraph` and returns a picklable value (bytes and
plain dicts), so the HTTP side never touches the store.
"""
from __future__ import annotations

import json

from ..backends import NotAcceptable, StoreError
from ..rdf import PREFIXES
from .protocol import CANONICAL_TYPES, GRAPH_TYPES, RESULT_TYPES, choose_type, content_type_header



def run_query(kg, task):
    """Run one SPARQL query; return ``(status, content type, body, headers)``."""
    offered = {"select": RESULT_TYPES, "ask": RESULT_TYPES, "graph": GRAPH_TYPES}
    chosen = {form: choose_type(task["accept"], task["format"], types)
              for form, types in offered.items()}
    wanted = {form: CANONICAL_TYPES.get(media, media) for form, media in chosen.items() if media}
    try:
        output = kg.write_results(task["query"], wanted, limit=task["limit"],
                                  default_graphs=task.get("default_graphs") or None,
                                  named_graphs=task.get("named_graphs") or None)
    except NotAcceptable as form:
        return _not_acceptable(offered[form.args[0]])
    except StoreError as error:
        if not error.syntax:
            raise
        return 400, "text/plain; charset=utf-8", f"Invalid SPARQL query: {error}\n".encode(), {}
    headers = {} if output.form == "ask" else _limit_headers(task["limit"], output.truncated,
                                                               output.count)
    return 200, content_type_header(chosen[output.form]), output.body, headers


def _limit_headers(limit, truncated, count):
    return {"X-Result-Limit": str(limit), "X-Result-Count": str(count),
            "X-Result-Truncated": "true" if truncated else "false"}


def _not_acceptable(offered):
    message = "None of the accepted media types can be produced; available: " + ", ".join(offered)
    return 406, "text/plain; charset=utf-8", (message + "\n").encode(), {}


def run_update(path, task):
    """Run one SPARQL update on the store at ``path``, opened read-write for it alone."""
    from ..backends import open_backend

    from ..summaries import stale_marker_update

    store = open_backend(path)
    try:
        # In the same transaction, the derived graphs and the merged default graph are marked
        # out of date: readers query the union of the graphs until they are rebuilt
        store.update(task["update"] + " ;\n" + stale_marker_update(), prefixes=PREFIXES)
    except StoreError as error:
        return 400, "text/plain; charset=utf-8", f"Invalid SPARQL update: {error}\n".encode(), {}
    finally:
        store.close()  # readers may open it again
    return 204, None, b"", {}


def _truncate_network(net, max_nodes, keep=()):
    """The ``max_nodes`` best connected nodes of a network (and ``keep``), with their edges."""
    if net.number_of_nodes() <= max_nodes:
        return net, False
    weight = {node: 0 for node in net.nodes}
    for source, target, attrs in net.edges(data=True):
        weight[source] += attrs.get("evidence_count", 1)
        weight[target] += attrs.get("evidence_count", 1)
    ranked = sorted(net.nodes, key=lambda n: (n not in keep, -weight[n], str(n)))
    chosen = set(ranked[:max_nodes])
    sub = net.subgraph(chosen).copy()
    sub.remove_nodes_from([n for n in list(sub.nodes) if sub.degree(n) == 0 and n not in keep])
    return sub, True


def network_payload_bytes(kg, task):
    """The explorer's JSON for a network task (overview or neighbourhood), cut to size.

    Read from the summaries (:func:`~..summary_network.summary_network`): no evidence is
    read, the page asks for an edge's with an ``evidence`` task when it is opened.
    """
    from ..summary_network import summary_network
    from ..view import network_payload
    net = summary_network(kg, min_confidence=task.get("min_confidence"),
                           relations=task.get("relations"), focus=task.get("focus"),
                           depth=task.get("depth", 1), classes=task.get("classes"))
    total_nodes, total_edges = net.number_of_nodes(), net.number_of_edges()
    net, truncated = _truncate_network(net, task["max_nodes"], keep=set(net.graph.get("focus", [])))
    payload = network_payload(net)
    payload["overview"] = {"total_nodes": total_nodes, "total_edges": total_edges,
                           "shown_nodes": net.number_of_nodes(),
                           "shown_edges": net.number_of_edges(), "truncated": truncated}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def document_record(kg, doc_id):
    """Metadata, entities and evidence of one document, or None if the store lacks it."""
    from bilateral_kg.ontology.vocab import BKG
    from ..records import EVIDENCE_FIELDS as _EVIDENCE_FIELDS, evidence_row, local_name, split_cue
    from ..rdf import document_iri
    graph = str(document_iri(doc_id))
    if any(c in graph for c in '<>"{}|^`\\ ') or not kg.backend.has_graph(graph):
        return None
    bkg = str(BKG._NS)
    meta = {"title": None, "source_path": None, "date": None, "content_hash": None,
            "extractor_version": None}
    labels, types, evidence = {}, {}, {}
    for s, p, o, _ in kg.quads(None, None, None, graph):
        if s == graph:
            for field, iri in (("title", PREFIXES["dct"] + "title"), ("source_path", bkg + "sourcePath"),
                               ("content_hash", bkg + "contentHash"),
                               ("extractor_version", bkg + "extractorVersion"),
                               ("date", PREFIXES["dct"] + "date")):
                if p == iri:
                    meta[field] = str(o)
        elif p == PREFIXES["rdfs"] + "label":
            labels[str(s)] = str(o)
        elif p == bkg + "mentionedIn":
            types.setdefault(str(s), None)
        field = _EVIDENCE_FIELDS.get(p)
        if field is not None:
            evidence.setdefault(str(s), {})[field] = o
    rows = [row for node, fields in evidence.items() if (row := evidence_row(node, fields))]
    rows.sort(key=lambda r: (r["start"] if r["start"] is not None else 1 << 60, r["p"]))
    items = []
    for row in rows:
        before, cue, after = split_cue(row["sentence"], row["cue"])
        items.append({**row, "anchor": row["evidence"].rsplit("/", 1)[-1],
                      "s_label": labels.get(row["s"], local_name(row["s"])),
                      "o_label": labels.get(row["o"], local_name(row["o"])),
                      "before": before, "cue_text": cue, "after": after})
    entities = sorted(({"iri": iri, "label": labels.get(iri, local_name(iri))} for iri in types),
                      key=lambda e: e["label"].casefold())
    return {"doc_id": doc_id, "iri": graph, **meta, "entities": entities, "evidence": items}


def run_task(kg, task):
    """Run one read task (``op``: query, network, search, document, evidence, dyad or
    entity) against ``kg``.

    Returns the value for the HTTP side; raises ``ValueError`` for an unknown ``op`` and
    :class:`~bilateral_kg.graph.network.UnknownEntityError` for an entity not in the graph.
    """
    op = task["op"]
    if op == "query":
        return run_query(kg, task)
    if op == "network":
        return network_payload_bytes(kg, task)
    if op == "search":
        from ..search import search_entities
        return search_entities(kg, task["q"], limit=task.get("limit", 20))
    if op == "document":
        return document_record(kg, task["doc_id"])
    if op == "evidence":
        from ..summary_network import relation_evidence
        return relation_evidence(kg, task["s"], task["p"], task["o"], offset=task.get("offset", 0),
                                 limit=task.get("limit", 20))
    if op in ("dyad", "entity"):
        return page_record(kg, task)
    raise ValueError(f"unknown task {op!r}")


def page_record(kg, task):
    """The dyad or entity page's data, or ``{"missing": name, "suggestions": [...]}`` when
    a name matches nothing (the page then says so, with the near names as links)."""
    from ..search import UnknownEntityError
    try:
        if task["op"] == "dyad":
            from ..dyad_page import dyad_page
            return dyad_page(kg, task["a"], task["b"], officials=task.get("officials", True),
                             min_confidence=task.get("min_confidence"))
        from ..entity_page import entity_page
        return entity_page(kg, task["iri"], page=task.get("page", 1))
    except UnknownEntityError as error:
        return {"missing": error.focus, "suggestions": error.suggestions}


def unknown_entity_error():
    """The exception class the network code raises for an entity it cannot find."""
    from ..search import UnknownEntityError
    return UnknownEntityError
