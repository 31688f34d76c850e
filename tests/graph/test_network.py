"""The relation network, the name search and the GraphML/GEXF files."""
from __future__ import annotations

import json

import networkx as nx
import pytest

from bilateral_kg.graph.network import relation_network
from bilateral_kg.graph.network_files import to_gexf, to_graphml
from bilateral_kg.graph.search import UnknownEntityError, find_entities, search_entities
from bilateral_kg.graph.store import KnowledgeGraph

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


def test_graphml_and_gexf_read_back(kg, tmp_path):
    net = relation_network(kg)
    to_graphml(net, tmp_path / "kg.graphml")
    to_gexf(net, tmp_path / "kg.gexf")
    back = nx.read_graphml(tmp_path / "kg.graphml")
    assert back.number_of_nodes() == net.number_of_nodes()
    assert back.number_of_edges() == net.number_of_edges()
    china = back.nodes[ID + "country/CHN"]
    assert china["label"] == "China" and "Beijing" in json.loads(china["names"])
    _, _, attrs = next(iter(back.edges(data=True)))
    assert json.loads(attrs["evidence"])[0]["sentence"]
    gexf = nx.read_gexf(tmp_path / "kg.gexf")
    assert gexf.number_of_edges() == net.number_of_edges()
