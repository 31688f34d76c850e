"""The relation network, the name search and the GraphML/GEXF files."""
from __future__ import annotations

import networkx as nx
import pytest

from bilateral_kg.graph.network import relation_network
from bilateral_kg.graph.network_files import to_gexf, to_graphml
from bilateral_kg.graph.search import UnknownEntityError, find_entities, search_entities
from bilateral_kg.graph.store import KnowledgeGraph
from bilateral_kg.graph.summary_network import relation_evidence, summary_network

ID = "https://w3id.org/bilateral-kg/id/"


@pytest.fixture(scope="module")
def kg(graph_data):
    return graph_data.build_corpus(KnowledgeGraph(None))


# -- the network ---------------------------------------------------------------------------

def test_network_has_every_documented_relation_once(kg):
    net = relation_network(kg)
    assert net.number_of_nodes() == 14
    assert net.number_of_edges() == 22
    attrs = net.nodes[ID + "country/CHN"]
    assert attrs["label"] == "China" and attrs["type"] == "Country" and attrs["wikidata"] == "Q148"
    assert "Beijing" in attrs["names"] and attrs["documents"] == ["lso-chn", "usa-chn", "zaf-chn"]
    assert net.nodes[ID + "region/africa"]["type"] == "Region"
    edge = net.edges[ID + "country/LSO", ID + "policy/GDI", "supports"]
    assert edge["confidence"] == 0.9 and edge["modality"] == "factual"
    (evidence,) = edge["evidence"]
    assert evidence["sentence"].startswith("Lesotho reiterated its backing")
    assert evidence["doc_id"] == "lso-chn" and evidence["source_path"] == "corpus/lso-chn.txt"
    assert evidence["title"] == "China and Lesotho elevate strategic partnership"
    assert evidence["cue"] == "backing" and evidence["start"] == 0 and evidence["end"] > 0
    assert evidence["date"] == "2025-06-02"


def test_knowledge_base_facts_are_not_edges(kg):
    # The KB says every country lies in a region; only what documents state is drawn.
    net = relation_network(kg)
    assert not any(attrs["relation"] == "locatedIn" and s.startswith(ID + "country/")
                   for s, _, attrs in net.edges(data=True))


def test_symmetric_relations_are_one_edge_per_pair_with_all_evidence(kg):
    net = relation_network(kg)
    meetings = [(s, t, a) for s, t, a in net.edges(data=True)
                if a["relation"] == "meetsWith" and {s, t} == {ID + "country/CHN", ID + "country/ZAF"}]
    assert len(meetings) == 1
    _, _, attrs = meetings[0]
    assert attrs["symmetric"] and attrs["evidence_count"] == 2
    assert attrs["confidence"] == 0.9  # the best of 0.65 and 0.9
    assert [e["confidence"] for e in attrs["evidence"]] == [0.9, 0.65]


def test_finer_relations_keep_their_name_and_core(kg):
    net = relation_network(kg, relations=["opposes"])
    relations = sorted((a["relation"], a["core"]) for _, _, a in net.edges(data=True))
    assert relations == [("condemns", "opposes"), ("opposes", "opposes")]


def test_focus_by_name_alias_key_and_iri_agree(kg):
    by_name = relation_network(kg, focus="wang yi")
    by_alias = relation_network(kg, focus="Wang")
    by_key = relation_network(kg, focus="person/wang-yi")
    by_iri = relation_network(kg, focus=ID + "person/wang-yi")
    expected = {ID + k for k in ("person/wang-yi", "country/CHN", "country/LSO",
                                 "person/lejone-mpotjoana")}
    for net in (by_name, by_alias, by_key, by_iri):
        assert set(net.nodes) == expected
        assert net.graph["focus"] == [ID + "person/wang-yi"]


def test_focus_depth_and_class_filter(kg):
    one = relation_network(kg, focus="Lesotho", depth=1)
    two = relation_network(kg, focus="Lesotho", depth=2)
    assert set(one.nodes) < set(two.nodes)
    assert ID + "country/USA" not in one and ID + "country/USA" in two
    states = relation_network(kg, focus="Wang Yi", depth=2, classes=["Country"])
    # The focus stays; other people do not; the walk goes through countries only.
    assert ID + "person/wang-yi" in states
    assert {a["type"] for n, a in states.nodes(data=True) if n != ID + "person/wang-yi"} == {"Country"}
    places = relation_network(kg, classes=["Place", "Event"])
    assert set(places.nodes) == {ID + "region/africa", ID + "event/focac-2024"}  # a Region is a Place


def test_min_confidence_drops_weak_evidence(kg):
    net = relation_network(kg, min_confidence=0.8)
    assert all(e["confidence"] >= 0.8 for *_, a in net.edges(data=True) for e in a["evidence"])
    assert not net.has_edge(ID + "country/USA", ID + "policy/GDI")
    meeting = net.edges[ID + "country/CHN", ID + "country/ZAF", "meetsWith"]
    assert meeting["evidence_count"] == 1


def test_unknown_focus_and_names_are_reported(kg):
    with pytest.raises(UnknownEntityError, match="Atlantis"):
        relation_network(kg, focus="Atlantis")
    with pytest.raises(ValueError, match="unknown relation"):
        relation_network(kg, relations=["likes"])
    with pytest.raises(ValueError, match="unknown class"):
        relation_network(kg, classes=["Planet"])


def test_find_and_search_entities(kg):
    assert find_entities(kg, "GDI") == [ID + "policy/GDI"]
    assert find_entities(kg, "kingdom of lesotho") == [ID + "country/LSO"]
    results = search_entities(kg, "afri")
    labels = [r["label"] for r in results]
    assert labels[:2] == ["Africa", "South Africa"] or labels[0] in ("Africa", "African Union")
    assert {"Africa", "South Africa", "African Union"} <= set(labels)
    exact = search_entities(kg, "africa")
    assert exact[0]["label"] == "Africa"  # the exact name first


EDGE_COLUMNS = {"relation", "core", "modality", "confidence", "documents", "first_date",
                "last_date", "weight", "sentence"}


@pytest.mark.parametrize("suffix", ["graphml", "gexf"])
def test_network_files_have_plain_columns(kg, tmp_path, suffix):
    net = relation_network(kg)
    path = tmp_path / f"kg.{suffix}"
    (to_graphml if suffix == "graphml" else to_gexf)(net, path)
    back = nx.read_graphml(path) if suffix == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == net.number_of_nodes()
    assert back.number_of_edges() == net.number_of_edges()
    china = back.nodes[ID + "country/CHN"]
    assert china["label"] == "China" and china["type"] == "Country" and china["wikidata"] == "Q148"
    assert set(china) <= {"label", "type", "wikidata"}
    (support,) = [a for s, t, a in back.edges(data=True)
                  if (s, t) == (ID + "country/LSO", ID + "policy/GDI")]
    assert EDGE_COLUMNS <= set(support)
    assert support["relation"] == "supports" and support["confidence"] == 0.9
    assert support["documents"] == 1 and support["weight"] == 1
    assert support["first_date"] == support["last_date"] == "2025-06-02"
    assert support["sentence"].startswith("Lesotho reiterated its backing")
    meeting = [a for s, t, a in back.edges(data=True) if a["relation"] == "meetsWith"
               and {s, t} == {ID + "country/CHN", ID + "country/ZAF"}]
    assert meeting[0]["weight"] == 2 and meeting[0]["confidence"] == 0.9
    # No column is JSON text any more.
    values = [v for _, _, a in back.edges(data=True) for v in a.values()]
    values += [v for _, a in back.nodes(data=True) for v in a.values()]
    assert not any(isinstance(v, str) and v[:1] in "[{" for v in values)

# -- the same network from the summaries ------------------------------------------------------

def _comparable(net):
    nodes = {n: (a["label"], a["type"], tuple(a["names"]), a["wikidata"],
                 a.get("document_count", len(a["documents"]))) for n, a in net.nodes(data=True)}
    edges = {(s, t, k): (a["core"], a["symmetric"], a["confidence"], a["modality"],
                         a["evidence_count"], a.get("document_count", len(a.get("documents", []))),
                         a["first_date"], a["last_date"])
             for s, t, k, a in net.edges(keys=True, data=True)}
    return nodes, edges


@pytest.fixture(scope="module")
def large_kg(graph_data):
    return graph_data.build_large(KnowledgeGraph(None))


@pytest.mark.parametrize("corpus", ["kg", "large_kg"])
@pytest.mark.parametrize("options", [
    {}, {"relations": ["opposes", "visits"]}, {"classes": ["Country", "Person"]},
    {"focus": "HUB"}, {"focus": "HUB", "depth": 2, "classes": ["Country"]},
])
def test_summary_network_is_the_evidence_network_without_the_evidence(corpus, options, request):
    """What the explorer draws (read from the summaries) is what `bkg view` draws."""
    graph = request.getfixturevalue(corpus)
    if options.get("focus") == "HUB":
        options = {**options, "focus": "country/CHN" if corpus == "kg" else "country/e3"}
    full, summarised = relation_network(graph, **options), summary_network(graph, **options)
    assert full.number_of_edges() > 0
    assert _comparable(summarised) == _comparable(full)
    for s, t, k, attrs in full.edges(keys=True, data=True):
        example = summarised.edges[s, t, k]["example"]
        assert example["sentence"] == attrs["evidence"][0]["sentence"]
        assert example["doc_id"] in summarised.graph["documents"]


def test_summary_network_keeps_what_the_confidence_filter_keeps(large_kg):
    for threshold in (0.5, 0.8, 0.95):
        full = relation_network(large_kg, min_confidence=threshold)
        summarised = summary_network(large_kg, min_confidence=threshold)
        assert set(summarised.edges(keys=True)) == set(full.edges(keys=True))


def test_relation_evidence_pages_are_the_edge_evidence_in_order(large_kg):
    full = relation_network(large_kg)
    busiest = sorted(full.edges(keys=True, data=True), key=lambda e: -e[3]["evidence_count"])[:5]
    for s, t, k, attrs in busiest:
        pages, offset = [], 0
        while True:
            page = relation_evidence(large_kg, s, k, t, offset=offset, limit=2)
            pages.extend(page["items"])
            offset += len(page["items"])
            if not page["more"]:
                break
        assert [e["evidence"] for e in pages] == [e["evidence"] for e in attrs["evidence"]]
    with pytest.raises(ValueError):
        relation_evidence(large_kg, s, "suports", t)


def test_entity_records_read_from_descriptions_are_those_of_every_graph(kg, large_kg):
    """Names and types from the KB and the entities graph (a few quads per entity) are what
    the documents' own graphs say, read one by one."""
    from bilateral_kg.graph import records

    for graph in (kg, large_kg):
        iris = set(relation_network(graph).nodes)
        scanned = {iri: records._entity_record(iri, fields)
                   for iri, fields in records._raw_from_every_graph(graph, iris).items()}
        assert records.entity_records(graph, iris) == scanned
        assert all(r["document_count"] == len(r["documents"]) for r in scanned.values())


def test_summary_network_of_a_store_without_summaries_reads_the_evidence(graph_data):
    """A store from before the summaries (opened read-only, not upgraded) still shows all."""
    old = graph_data.build_corpus(KnowledgeGraph(None))
    old.backend.update("DROP GRAPH <https://w3id.org/bilateral-kg/graph/summaries>")
    full = relation_network(old)
    assert full.number_of_edges() > 0
    assert set(summary_network(old).edges(keys=True)) == set(full.edges(keys=True))
