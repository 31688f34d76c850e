"""The explorer's entity page: one entity's names, offices, relations and documents.

:func:`entity_page` gathers what ``/entity?iri=...`` shows. Every read is bounded by the
entity: its names from the knowledge base graph and its record in the entities graph, its
relations from the summaries graph (their subject and object indexes: what the entity takes
part in, not what the store holds), its offices from the knowledge base (with the titles
its data gives) and the documents, and one page of the documents that mention it, walked
in the store's order so that a page costs its length plus its offset.

>>> from bilateral_kg.graph.store import KnowledgeGraph
>>> page = entity_page(KnowledgeGraph(None), "Wang Yi")
>>> page["label"], page["type"], [o["title"] for o in page["offices"] if o["label"] == "China"]
('Wang Yi', 'Person', ['Foreign Minister'])
"""
from __future__ import annotations

from collections import defaultdict
from itertools import islice

from bilateral_kg.ontology.vocab import BKG, ENTITY_BASE

from .backends import IRI
from .records import document_records, doc_id, iri_values, local_name
from .rdf import PREFIXES
from .search import find_entities, name_index
from .summaries import ENTITIES_GRAPH, GRAPH_BASE, SUM, SUMMARIES_GRAPH

__all__ = ["entity_page", "entity_relations", "kb_offices", "relation_groups", "documents_page", "DOCUMENTS_PER_PAGE",
           "RELATIONS_PER_GROUP"]

#: Documents listed per page.
DOCUMENTS_PER_PAGE = 50
#: Related entities listed per relation and direction (the most evidenced first).
RELATIONS_PER_GROUP = 100
_KB_GRAPH = GRAPH_BASE + "kb"
_OFFICIAL_OF = str(BKG.officialOf)
_MENTIONED_IN = str(BKG.mentionedIn)
_NAMES = {PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel",
          PREFIXES["skos"] + "altLabel", str(BKG.acronym)}
_SAME_AS = PREFIXES["owl"] + "sameAs"


def _number(value, cast=float):
    try:
        return cast(str(value))
    except (TypeError, ValueError):
        return None


def entity_relations(kg, iri):
    """The summaries of every relation ``iri`` takes part in, as subject or object.

    Returns
    -------
    list of dict
        ``direction`` ("out": the entity is the subject, "in": the object), ``p``,
        ``other`` (the IRI at the other end), ``documents``, ``evidence`` (the relation's own
        sentences), ``best``, ``first``, ``last``. A core relation only implied by its
        refinements is left out (its refinements are there).
    """
    node = iri_values([iri])
    query = (f"SELECT ?direction ?p ?other ?documents ?direct ?best ?first ?last WHERE {{ "
             f"GRAPH <{SUMMARIES_GRAPH}> {{ "
             f"{{ ?n <{SUM}subject> {node} ; <{SUM}object> ?other BIND(\"out\" AS ?direction) }} "
             f"UNION {{ ?n <{SUM}object> {node} ; <{SUM}subject> ?other BIND(\"in\" AS ?direction) }} "
             f"?n <{SUM}predicate> ?p ; <{SUM}documents> ?documents ; <{SUM}directEvidence> ?direct "
             f"OPTIONAL {{ ?n <{SUM}bestConfidence> ?best }} "
             f"OPTIONAL {{ ?n <{SUM}firstDate> ?first }} OPTIONAL {{ ?n <{SUM}lastDate> ?last }} }} }}")
    relations = []
    for direction, p, other, documents, direct, best, first, last in kg.backend.select(query):
        if not _number(direct, int):
            continue
        relations.append({"direction": str(direction), "p": local_name(str(p)),
                          "other": str(other), "documents": _number(documents, int),
                          "evidence": _number(direct, int), "best": _number(best),
                          "first": None if first is None else str(first),
                          "last": None if last is None else str(last)})
    return relations


def kb_offices(iri):
    """``{organisation or state IRI: [titles]}`` of a person's offices in the knowledge base.

    >>> kb_offices(ENTITY_BASE + "person/wang-yi")[ENTITY_BASE + "country/CHN"]
    ['Foreign Minister']
    >>> kb_offices(ENTITY_BASE + "country/CHN")
    {}
    """
    from bilateral_kg.ontology.kb import load_kb

    key = iri[len(ENTITY_BASE):] if iri.startswith(ENTITY_BASE) else None
    kb = load_kb()
    if key not in kb:
        return {}
    offices = defaultdict(list)
    for office in kb.get(key).attrs.get("offices", []):
        if office.get("of"):
            offices[ENTITY_BASE + office["of"]].append(office.get("title") or "")
    return dict(offices)


def _names(kg, iri):
    """Labels (KB first), other names, types, Wikidata ids and counts of one entity."""
    kb_labels, names, wikidata, counts = [], set(), set(), {}
    for _, predicate, value, _ in kg.quads(iri, None, None, _KB_GRAPH):
        if predicate == PREFIXES["rdfs"] + "label":
            kb_labels.append(str(value))
        if predicate in _NAMES:
            names.add(str(value))
        elif predicate == _SAME_AS and str(value).startswith(PREFIXES["wd"]):
            wikidata.add(str(value)[len(PREFIXES["wd"]):])
    for _, predicate, value, _ in kg.quads(iri, None, None, ENTITIES_GRAPH):
        local = predicate[len(SUM):] if predicate.startswith(SUM) else ""
        if local in ("label", "altLabel"):
            names.add(str(value))
        elif local == "sameAs" and str(value).startswith(PREFIXES["wd"]):
            wikidata.add(str(value)[len(PREFIXES["wd"]):])
        elif local in ("documents", "evidence"):
            counts[local] = _number(value, int) or 0
    return kb_labels, names, sorted(wikidata), counts


def _kb_officials(kg, iri, outgoing):
    """Who holds an office of ``iri`` (``outgoing`` False) or where ``iri`` holds one, per KB."""
    pattern = ((iri, _OFFICIAL_OF, None, _KB_GRAPH) if outgoing
               else (None, _OFFICIAL_OF, IRI(iri), _KB_GRAPH))  # a plain str object is a literal
    return {str(o if outgoing else s) for s, _, o, _ in kg.quads(*pattern)}


def _find(kg, focus):
    """The entities ``focus`` names; three letters are tried as an ISO3 code first."""
    text = focus.strip()
    if len(text) == 3 and text.isalpha():
        try:
            return find_entities(kg, "country/" + text.upper())
        except LookupError:
            pass
    return find_entities(kg, text)


def entity_page(kg, focus, page=1, per_page=DOCUMENTS_PER_PAGE, per_relation=RELATIONS_PER_GROUP):
    """What the entity page shows about ``focus`` (an IRI, a key like ``country/CHN``,
    an ISO3 code or a name).

    Returns
    -------
    dict
        ``iri, key, label, type, names`` (the other names), ``wikidata``, ``documents_total``,
        ``evidence_total``, ``offices`` (where it holds office: ``{iri, label, type, title,
        documents, evidence, kb}``), ``officials`` (who holds office in it, the same fields,
        the most evidenced first, at most ``per_relation``; ``officials_more`` the rest),
        ``groups`` (the relations by direction and relation: ``{direction, p, count,
        documents, evidence, first, last, items, more}``, ``items`` the related entities,
        the most evidenced first, at most ``per_relation``), ``documents`` (one page of the
        documents that mention it: ``{doc_id, title, date}``), ``page``, ``pages`` and
        ``also`` (other entities with the same name).

    Raises
    ------
    bilateral_kg.graph.search.UnknownEntityError
        When ``focus`` names nothing (with near names).
    """
    found = _find(kg, focus)
    iri = found[0]
    index = name_index(kg)
    record = index.record(iri)
    kb_labels, names, wikidata, counts = _names(kg, iri)
    label = sorted(kb_labels)[0] if kb_labels else record["label"]
    relations = entity_relations(kg, iri)
    held = _kb_officials(kg, iri, outgoing=True)
    holders = _kb_officials(kg, iri, outgoing=False)
    others = {r["other"] for r in relations} | set(found[1:]) | held | holders
    item = _item_maker({x: index.record(x) for x in others}, record["type"] == "Country")
    offices, officials = _offices(iri, relations, held, holders, item)
    total = counts.get("documents", 0)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    return {
        "iri": iri, "key": iri[len(ENTITY_BASE):] if iri.startswith(ENTITY_BASE) else iri,
        "label": label, "type": record["type"],
        "names": sorted(names - {label}, key=str.casefold), "wikidata": wikidata,
        "documents_total": total, "evidence_total": counts.get("evidence", 0),
        "offices": offices, "officials": officials[:per_relation],
        "officials_more": max(0, len(officials) - per_relation),
        "groups": relation_groups(relations, item, per_relation),
        "documents": documents_page(kg, iri, (page - 1) * per_page, per_page),
        "page": page, "pages": pages, "per_page": per_page,
        "also": [{k: v for k, v in item(x).items() if k in ("iri", "label", "type")}
                 for x in found[1:]],
    }


def _item_maker(info, is_state):
    """A function making the listed form of a related entity (and of its relation)."""
    def item(other, relation=None):
        return {"iri": other, "label": info[other]["label"], "type": info[other]["type"],
                "dyad": is_state and info[other]["type"] == "Country",
                **({k: relation[k] for k in ("documents", "evidence", "best", "first", "last")}
                   if relation else {"documents": 0, "evidence": 0, "best": None,
                                     "first": None, "last": None})}
    return item


def _offices(iri, relations, held, holders, item):
    """Where ``iri`` holds office and who holds office in it: documents and KB, with titles,
    the most evidenced first."""
    offices, officials = {}, {}
    for r in relations:
        if r["p"] == "officialOf":
            target = offices if r["direction"] == "out" else officials
            target[r["other"]] = dict(item(r["other"], r), kb=False)
    for x in held:
        offices.setdefault(x, item(x))["kb"] = True
    for x in holders:
        officials.setdefault(x, item(x))["kb"] = True
    titles = kb_offices(iri)
    for x, office in offices.items():
        office["title"] = ", ".join(t for t in titles.get(x, []) if t)
    for x, official in officials.items():
        official["title"] = ", ".join(t for t in kb_offices(x).get(iri, []) if t)
    ranked = lambda rows: sorted(rows.values(), key=lambda r: (-r["evidence"], r["label"].casefold()))
    return ranked(offices), ranked(officials)


def relation_groups(relations, item, per_relation=RELATIONS_PER_GROUP):
    """Relations (but offices) grouped by direction and relation, outgoing first, with their
    totals; in each, the most evidenced related entities, at most ``per_relation``.

    >>> rows = [{"direction": "out", "p": "visits", "other": x, "documents": 1, "evidence": n,
    ...          "best": 0.9, "first": None, "last": None} for x, n in (("a", 1), ("b", 3))]
    >>> item = lambda x, r=None: {"iri": x, "label": x, "evidence": r["evidence"]}
    >>> [(g["p"], g["count"], g["evidence"], [i["iri"] for i in g["items"]], g["more"])
    ...  for g in relation_groups(rows, item, per_relation=1)]
    [('visits', 2, 4, ['b'], 1)]
    """
    groups = defaultdict(list)
    for r in relations:
        if r["p"] != "officialOf":
            groups[(r["direction"], r["p"])].append(r)
    grouped = []
    for (direction, p), rows in sorted(groups.items(), key=lambda kv: (kv[0][0] != "out", kv[0][1])):
        rows.sort(key=lambda r: (-(r["evidence"] or 0), item(r["other"], r)["label"].casefold()))
        dates = [d for r in rows for d in (r["first"], r["last"]) if d]
        grouped.append({"direction": direction, "p": p, "count": len(rows),
                        "documents": sum(r["documents"] or 0 for r in rows),
                        "evidence": sum(r["evidence"] or 0 for r in rows),
                        "first": min(dates, default=None), "last": max(dates, default=None),
                        "items": [item(r["other"], r) for r in rows[:per_relation]],
                        "more": max(0, len(rows) - per_relation)})
    return grouped


def documents_page(kg, iri, start, count):
    """``{doc_id, title, date}`` of ``count`` documents mentioning ``iri`` from ``start`` on,
    in the store's order (its index): a page costs its offset plus its length."""
    doc_iris = [str(d) for _, _, d, _ in islice(kg.quads(iri, _MENTIONED_IN), start, start + count)]
    records = document_records(kg, doc_iris) if doc_iris else {}
    return [records.get(doc_id(d)) or {"doc_id": doc_id(d), "title": None, "date": None}
            for d in doc_iris]
