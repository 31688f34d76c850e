"""The knowledge base: complete, consistent with its data, and committed as rebuilt."""
import csv

import pytest
import rdflib
from rdflib import OWL

from bilateral_kg.ontology.build import build_kb_turtle
from bilateral_kg.ontology.kb import load_kb
from bilateral_kg.ontology.vocab import ID, WD, ontology_path


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.fixture(scope="module")
def kb_graph():
    return rdflib.Graph().parse(str(ontology_path("kb.ttl")))


def test_committed_kb_ttl_matches_a_fresh_build():
    committed = ontology_path("kb.ttl").read_text(encoding="utf-8")
    assert committed == build_kb_turtle(), (
        "ontology/kb.ttl is stale: run `python -m bilateral_kg.ontology.build` and commit it")


def test_every_country_of_the_csv_is_in_the_kb_with_its_wikidata_item(kb_graph):
    rows = list(csv.DictReader(ontology_path("data/countries.csv").open(encoding="utf-8")))
    assert len(rows) == 250
    for row in rows:
        node = ID[f"country/{row['iso3']}"]
        assert (node, None, None) in kb_graph, row["iso3"]
        if row["wikidata"]:  # one historical entity (ANT) has none
            assert (node, OWL.sameAs, WD[row["wikidata"]]) in kb_graph, row["iso3"]


@pytest.mark.parametrize("name,key", [
    ("Kingdom of Lesotho", "country/LSO"),
    ("People's Republic of China", "country/CHN"),
    ("GDI", "policy/GDI"),
    ("Belt and Road Initiative", "policy/BRI"),
    ("United Nations", "org/UN"),
    ("FOCAC", "org/FOCAC"),
    ("Forum on China-Africa Cooperation", "org/FOCAC"),
    ("one-China principle", "policy/ONE_CHINA"),
])
def test_names_and_acronyms_find_their_entity(kb, name, key):
    assert key in [e.key for e in kb.lookup(name)]


def test_demonyms(kb):
    assert [e.key for e in kb.by_demonym("Chinese")] == ["country/CHN"]
    assert "country/LSO" in [e.key for e in kb.by_demonym("Basotho")]


def test_capitals_are_places_in_their_country(kb):
    maseru = kb.lookup("Maseru")[0]
    assert maseru.type == "Place"
    assert maseru.attrs["seat_of"] == ["country/LSO"]


def test_the_four_global_initiatives_resolve_to_their_members(kb):
    group = next(g for g in kb.groups if "four global initiatives" in g.label)
    assert set(group.members) == {"policy/GDI", "policy/GSI", "policy/GCI", "policy/GGI"}


def test_descriptive_facts_for_resolving_references(kb):
    lesotho = kb.get("country/LSO").attrs
    assert "landlocked" in lesotho["features"]
    assert "kingdom" in lesotho["government"]
