"""The committed gazetteer: rebuilt byte for byte from the pinned packages, and read back."""
import gzip

from bilateral_kg.ontology.build_gazetteer import GAZETTEER, build_gazetteer_bytes
from bilateral_kg.ontology.gazetteer import places_named


def test_committed_gazetteer_matches_a_fresh_build():
    assert GAZETTEER.read_bytes() == build_gazetteer_bytes(), (
        "ontology/data/gazetteer.tsv.gz is stale: run "
        "`python -m bilateral_kg.ontology.build_gazetteer` and commit it")


def test_cities_and_provinces_have_their_states():
    assert {(p.iso3, p.kind) for p in places_named("gauteng")} == {("ZAF", "region")}
    lusaka = places_named("Lusaka")
    assert [p.iso3 for p in lusaka] == ["ZMB"] and lusaka[0].population >= 15000
    assert {p.iso3 for p in places_named("Punjab")} >= {"IND", "PAK"}


def test_small_towns_are_left_out():
    rows = [line for line in gzip.decompress(GAZETTEER.read_bytes())
            .decode("utf-8").splitlines() if line.split("\t")[2] == "city"]
    assert min(int(line.split("\t")[3]) for line in rows) >= 15000
