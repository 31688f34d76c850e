"""The command line, end to end, through click's runner: the user's path through the product."""
import json
import os
import re
import stat

import pyoxigraph as ox
import pytest
import rdflib

from bilateral_kg.cli import main
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

GDI_WITH_EVIDENCE = """
SELECT ?sentence ?confidence WHERE {
  country:LSO bkg:supports policy:GDI .
  ?e a bkg:Evidence ; rdf:subject country:LSO ; rdf:predicate bkg:supports ;
     rdf:object policy:GDI ; bkg:sentence ?sentence ; bkg:confidence ?confidence ;
     bkg:document ?doc .
}"""

MAFETENG_WITH_EVIDENCE = """
SELECT ?project ?sentence ?where WHERE {
  country:CHN bkg:builds ?project .
  ?project rdfs:label "Mafeteng Solar Energy Power Plant" ; bkg:locatedIn ?where .
  ?e rdf:subject country:CHN ; rdf:predicate bkg:builds ; rdf:object ?project ;
     bkg:sentence ?sentence .
}"""


def run(runner, *args, ok=True):
    result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def test_lesotho_supports_gdi_with_evidence(runner, seed_store):
    out = run(runner, "query", GDI_WITH_EVIDENCE, "--store", seed_store, "--format", "csv").output
    lines = out.strip().splitlines()
    assert lines[0] == "sentence,confidence"
    assert any("backing for the four global initiatives" in line for line in lines[1:])


def test_china_builds_mafeteng_plant_in_lesotho_with_evidence(runner, seed_store):
    out = run(runner, "query", MAFETENG_WITH_EVIDENCE, "--store", seed_store, "--format", "json").output
    rows = json.loads(out)["results"]["bindings"]
    assert rows
    assert {r["where"]["value"].rsplit("/", 1)[1] for r in rows} == {"LSO"}
    assert "Mafeteng Solar Energy Power Plant" in rows[0]["sentence"]["value"]


def test_query_from_file_and_table_output(runner, seed_store, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?who WHERE { ?who bkg:meetsWith ?other } ORDER BY ?who")
    out = run(runner, "query", "-f", query, "--store", seed_store).output
    assert "person:wang-yi" in out or "person:lejone-mpotjoana" in out
    assert out.rstrip().endswith("rows)")


def test_bad_query_is_a_clear_error(runner, seed_store):
    result = run(runner, "query", "SELECT WHERE {", "--store", seed_store, ok=False)
    assert result.exit_code != 0
    assert "does not parse" in result.output


def test_min_confidence_filters_query_results(runner, seed_store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s bkg:supports ?o }"
    all_rows = int(run(runner, "query", count, "--store", seed_store, "--format", "csv").output.split()[1])
    high = int(run(runner, "query", count, "--store", seed_store, "--format", "csv",
                   "--min-confidence", "0.99").output.split()[1])
    assert all_rows > high


def test_min_confidence_filters_the_summaries_too(runner, seed_store):
    """state_relations reads the summaries: the filter leaves out relations whose best is below."""
    import csv
    import io

    def rows(*extra):
        out = run(runner, "query", "-e", "state_relations", "--format", "csv", "--store",
                  seed_store, *extra).output
        return list(csv.DictReader(io.StringIO(out)))

    every = rows()
    assert len(every) >= 4 and len({(r["subject"], r["relation"], r["object"]) for r in every}) == len(every)
    kept = rows("--min-confidence", "0.85")
    assert kept and all(float(r["bestConfidence"]) >= 0.85 for r in kept)
    assert len(kept) < len(every)
    assert [r for r in every if float(r["bestConfidence"]) >= 0.85] == kept


def test_reingest_changes_nothing(runner, seed_store_copy):
    before = run(runner, "stats", "--store", seed_store_copy, "--json").output
    out = run(runner, "ingest", SEEDS, "--store", seed_store_copy, "--quiet").output
    assert "2 unchanged" in out
    assert run(runner, "stats", "--store", seed_store_copy, "--json").output == before


def test_changed_text_replaces_what_it_said(runner, seed_store_copy, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    doc = folder / "000_c767cd52c52b28ad.txt"
    doc.write_text("Kenya condemned Sudan over the attacks on civilians.", encoding="utf-8")
    out = run(runner, "ingest", doc, "--store", seed_store_copy, "--quiet").output
    assert "1 replaced" in out
    q = "ASK { country:LSO bkg:supports policy:GDI }"
    assert run(runner, "query", q, "--store", seed_store_copy).output.strip() == "false"
    q = "ASK { country:KEN bkg:opposes country:SDN }"
    assert run(runner, "query", q, "--store", seed_store_copy).output.strip() == "true"


def test_bad_files_are_reported_and_the_rest_is_stored(runner, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text("Japan imposed sanctions on North Korea.", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "latin1.txt").write_bytes("Les relations entre la Chine et le L\xe9sotho".encode("latin-1"))
    (folder / "empty.md").write_text("   \n", encoding="utf-8")
    locked = folder / "locked.txt"
    locked.write_text("Russia praised India.", encoding="utf-8")
    locked.chmod(0)
    store = tmp_path / "store"
    result = run(runner, "ingest", folder, "--store", store, "--quiet", ok=False)
    locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert result.exit_code == 1
    assert "binary.txt: is a binary file" in result.output
    assert "latin1.txt: is not UTF-8" in result.output
    assert "empty.md: is empty" in result.output
    if os.geteuid() != 0:  # root reads any file
        assert "locked.txt: cannot be read" in result.output
    q = "ASK { country:JPN bkg:sanctions country:PRK }"
    assert run(runner, "query", q, "--store", store).output.strip() == "true"


def test_a_missing_path_is_reported(runner, tmp_path):
    result = run(runner, "ingest", tmp_path / "nope.txt", "--store", tmp_path / "s", ok=False)
    assert "nope.txt: no such file or folder" in result.output


@pytest.mark.parametrize("fmt,suffix", [("turtle", "ttl"), ("ntriples", "nt"), ("trig", "trig"),
                                        ("nquads", "nq"), ("jsonld", "jsonld")])
def test_exports_parse_back_with_rdflib_and_pyoxigraph(runner, seed_store, tmp_path, fmt, suffix):
    path = tmp_path / f"kg.{suffix}"
    run(runner, "export", "-o", path, "--store", seed_store)
    data = path.read_bytes()
    rdflib_format = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "nquads": "nquads",
                     "jsonld": "json-ld"}[fmt]
    if fmt in ("trig", "nquads", "jsonld"):
        graph = rdflib.Dataset()
        graph.parse(data=data, format=rdflib_format)
        triples = {(s, p, o) for s, p, o, _ in graph.quads()}
    else:
        triples = set(rdflib.Graph().parse(data=data, format=rdflib_format))
    lso = rdflib.URIRef("https://w3id.org/bilateral-kg/id/country/LSO")
    supports = rdflib.URIRef("https://w3id.org/bilateral-kg/ontology#supports")
    gdi = rdflib.URIRef("https://w3id.org/bilateral-kg/id/policy/GDI")
    assert (lso, supports, gdi) in triples
    ox_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
                 "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    parsed = list(ox.parse(data, format=ox_format))
    assert len(parsed) >= len(triples)


def test_trig_export_keeps_one_graph_per_document(runner, seed_store, tmp_path):
    path = tmp_path / "kg.trig"
    run(runner, "export", "-o", path, "--store", seed_store)
    dataset = rdflib.Dataset().parse(data=path.read_bytes(), format="trig")
    graphs = {str(g.identifier) for g in dataset.graphs()}
    assert "https://w3id.org/bilateral-kg/doc/004_3da303880bc4fff3" in graphs
    assert "https://w3id.org/bilateral-kg/doc/000_c767cd52c52b28ad" in graphs


@pytest.mark.parametrize("suffix", ["graphml", "gexf"])
def test_network_exports_load_in_networkx(runner, seed_store, tmp_path, suffix):
    import networkx as nx

    path = tmp_path / f"kg.{suffix}"
    run(runner, "export", "-o", path, "--store", seed_store)
    net = nx.read_graphml(path) if suffix == "graphml" else nx.read_gexf(path)
    labels = {data.get("label") for _, data in net.nodes(data=True)}
    assert "Lesotho" in labels and "Global Development Initiative" in labels


def test_extract_prints_turtle_that_the_scorer_reads(runner):
    out = run(runner, "extract", SEEDS / "004_3da303880bc4fff3.txt", "--format", "turtle").output
    graph = rdflib.Graph().parse(data=out, format="turtle")
    builds = rdflib.URIRef("https://w3id.org/bilateral-kg/ontology#builds")
    labels = {str(graph.value(o, rdflib.RDFS.label)) for o in graph.objects(None, builds)}
    assert "Mafeteng Solar Energy Power Plant" in labels


def test_extract_of_a_bad_file_names_it(runner, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00")
    result = run(runner, "extract", bad, ok=False)
    assert result.exit_code == 1
    assert "bad.txt" in result.output


def test_view_writes_an_offline_page_with_the_nodes(runner, seed_store, tmp_path):
    page = tmp_path / "kg.html"
    run(runner, "view", "-o", page, "--store", seed_store)
    html = page.read_text(encoding="utf-8")
    assert "Global Development Initiative" in html
    assert "Mafeteng Solar Energy Power Plant" in html
    assert "cdn" not in html.lower().replace("cdnjs", "cdn")  # no CDN of any kind
    assert 'src="http' not in html and "href=\"http" not in html


def test_view_focus_keeps_the_neighbourhood(runner, seed_store, tmp_path):
    page = tmp_path / "focus.html"
    run(runner, "view", "-o", page, "--store", seed_store, "--focus", "Mafeteng Solar Energy Power Plant")
    html = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="bkg-data">(.*?)</script>', html, re.S).group(1))
    labels = {node["label"] for node in data["nodes"]}
    assert {"Mafeteng Solar Energy Power Plant", "China", "Lesotho"} <= labels
    assert "Wang Yi" not in labels


def test_stats(runner, seed_store):
    counts = json.loads(run(runner, "stats", "--store", seed_store, "--json").output)
    assert counts["documents"] == 2
    assert counts["relations"] >= 25
    assert counts["by_relation"]["supports"] >= 6


def test_every_command_has_help_with_an_example(runner):
    for command in main.commands:
        out = run(runner, command, "--help").output
        assert "Example" in out, command


def test_store_from_environment_variable(runner, seed_store, monkeypatch):
    monkeypatch.setenv("BKG_STORE", str(seed_store))
    out = run(runner, "stats").output
    assert "documents  2" in out


def test_query_on_a_missing_store_says_so(runner, tmp_path):
    result = run(runner, "stats", "--store", tmp_path / "none", ok=False)
    assert "run `bkg ingest` first" in result.output


def test_parallel_ingest_stores_the_same_graph(runner, seed_store, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(4):
        for seed in SEEDS.glob("*.txt"):
            (folder / f"{n}_{seed.name}").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01")
    store = tmp_path / "store"
    result = run(runner, "ingest", folder, "--store", store, "-j", "2", "--quiet", ok=False)
    assert "8 documents (8 added" in result.output and "broken.txt" in result.output
    q = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?e bkg:document ?d ; rdf:subject country:LSO ; rdf:object policy:GDI }"
    assert run(runner, "query", q, "--store", store, "--format", "csv").output.split()[1] == "4"


# -- clear errors --------------------------------------------------------------------------

@pytest.mark.parametrize("focus,expected", [
    ("Lesoto", "no entity matches 'Lesoto'; did you mean: Lesotho?"),
    ("Nobody", "no entity matches 'Nobody'"),
])
def test_view_of_an_unknown_focus_suggests_near_names(runner, seed_store, tmp_path, focus, expected):
    page = tmp_path / "focus.html"
    result = run(runner, "view", "-o", page, "--store", seed_store, "--focus", focus, ok=False)
    assert result.exit_code == 1
    assert expected in result.output and "Traceback" not in result.output
    assert not page.exists()


@pytest.mark.parametrize("command,name", [("view", "x.html"), ("export", "x.ttl"),
                                          ("export", "x.graphml")])
def test_a_missing_output_folder_is_named(runner, seed_store, tmp_path, command, name):
    folder = tmp_path / "no" / "such" / "dir"
    result = run(runner, command, "-o", folder / name, "--store", seed_store, ok=False)
    assert result.exit_code == 1
    assert f"the folder {folder} does not exist" in result.output
    assert "Traceback" not in result.output and "os error" not in result.output
    assert not (tmp_path / "no").exists()


def test_a_failed_export_leaves_the_old_file_and_no_part(runner, seed_store, tmp_path, monkeypatch):
    import bilateral_kg.graph.export as export_module

    def half_then_full_disk(kg, output, *args):
        Path(output).write_text("@prefix half")
        raise OSError(28, "No space left on device")

    target = tmp_path / "kg.ttl"
    target.write_text("the previous export")
    monkeypatch.setattr(export_module, "export", half_then_full_disk)
    result = run(runner, "export", "-o", target, "--store", seed_store, ok=False)
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert target.read_text() == "the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.ttl"]


def test_a_failed_view_leaves_the_old_page_and_no_part(runner, seed_store, tmp_path, monkeypatch):
    write_text = Path.write_text

    def half_then_full_disk(path, text, *args, **kwargs):
        write_text(path, text[:len(text) // 2], *args, **kwargs)
        raise OSError(28, "No space left on device")

    target = tmp_path / "kg.html"
    target.write_text("the previous page")
    monkeypatch.setattr(Path, "write_text", half_then_full_disk)
    result = run(runner, "view", "-o", target, "--store", seed_store, ok=False)
    assert result.exit_code == 1 and "No space left on device" in result.output
    assert target.read_text() == "the previous page"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.html"]


def test_serve_offers_the_worker_and_connection_limits(runner):
    result = runner.invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--workers", "--worker-memory", "--idle-timeout", "--max-connections"):
        assert option in result.output


# -- rough edges a new user hit ------------------------------------------------------------------

def test_bkg_alone_shows_help_and_succeeds(runner):
    result = runner.invoke(main, [])
    assert result.exit_code == 0 and "Usage:" in result.output and "_BKG_COMPLETE" in result.output


def test_an_unknown_vocabulary_term_is_named_with_the_nearest(runner, seed_store):
    result = runner.invoke(main, ["query", "SELECT ?s WHERE { ?s bkg:suports ?o }",
                                  "--store", str(seed_store)])
    assert result.exit_code == 0
    assert "bkg:suports is not a term of the vocabulary; did you mean bkg:supports?" in result.output


def test_a_syntax_error_says_line_and_column(runner, seed_store):
    result = runner.invoke(main, ["query", "SELECT ?s WHERE {\n ?s bkg:supports ", "--store",
                                  str(seed_store)])
    assert result.exit_code == 1 and "error at 2:" in result.output


def test_csv_answers_carry_full_iris_and_tables_prefixed_names(runner, seed_store):
    csv_out = runner.invoke(main, ["query", "-e", "gdi_supporters", "--format", "csv", "--store",
                                   str(seed_store)]).output
    table = runner.invoke(main, ["query", "-e", "gdi_supporters", "--store", str(seed_store)]).output
    assert "https://w3id.org/bilateral-kg/id/country/LSO" in csv_out and "country:LSO" not in csv_out
    assert "country:LSO" in table


def test_json_ld_export_has_a_context_and_reads_into_a_plain_graph(runner, seed_store, tmp_path):
    import json

    import rdflib

    target = tmp_path / "kg.jsonld"
    run(runner, "export", "-o", target, "--store", seed_store)
    assert "bkg" in json.loads(target.read_text(encoding="utf-8"))["@context"]
    turtle = tmp_path / "kg.ttl"
    run(runner, "export", "-o", turtle, "--store", seed_store)
    merged = rdflib.Graph().parse(str(turtle), format="turtle")
    assert len(rdflib.Graph().parse(str(target), format="json-ld")) == len(merged) > 100


def test_ctrl_c_exits_130(seed_store_copy):
    import signal
    import subprocess
    import sys
    import time

    server = subprocess.Popen([sys.executable, "-m", "bilateral_kg", "serve", "--store",
                               str(seed_store_copy), "--port", "0"], stdout=subprocess.PIPE, text=True)
    server.stdout.readline()  # serving
    time.sleep(0.5)
    server.send_signal(signal.SIGINT)
    assert server.wait(timeout=30) == 130


def test_dyad_example_gives_net_cooperation_by_month(runner, tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "2024-03-01 ghana-togo.txt").write_text(
        "Ghana praised Togo's reforms on 3 February.\n\nGhana and Togo signed a trade pact on Friday.\n",
        encoding="utf-8")
    (corpus / "2024-04-10 ghana-togo.txt").write_text(
        "Ghana condemned Togo's decision to close the border.\n", encoding="utf-8")
    store = tmp_path / "store"
    run(runner, "ingest", corpus, "--store", store, "--quiet")
    out = run(runner, "query", "-e", "dyad", "--param", "a=GHA", "--param", "b=TGO",
              "--store", store, "--format", "csv").output
    rows = [line.split(",") for line in out.strip().splitlines()[1:]]
    by_month = {(month, relation): float(net) for month, relation, _, net in rows}
    assert by_month[("2024-02", "praises")] > 0
    assert by_month[("2024-04", "condemns")] < 0
    assert any(month == "2024-03" for month, _ in by_month)  # "on Friday" before 1 March
    bad = run(runner, "query", "-e", "dyad", "--param", "c=GHA", "--store", store, ok=False)
    assert bad.exit_code == 1 and "its parameters: a, b" in bad.output


def test_report_lists_what_was_missed_and_what_was_read_wrongly(runner, tmp_path):
    texts, gold = tmp_path / "texts", tmp_path / "gold"
    texts.mkdir()
    gold.mkdir()
    (texts / "a.txt").write_text("Kenya condemned Uganda. Kenya praised Tanzania.",
                                 encoding="utf-8")
    (gold / "a.json").write_text(json.dumps({
        "doc": "a.txt", "entities": {
            "Kenya": {"type": "Country"}, "Uganda": {"type": "Country"},
            "Rwanda": {"type": "Country"}, "Tanzania": {"type": "Country"}},
        "required": [
            {"s": "Kenya", "p": "opposes", "o": "Uganda", "evidence": "Kenya condemned Uganda"},
            {"s": "Kenya", "p": "visits", "o": "Rwanda", "evidence": "a visit not in the text"}],
    }), encoding="utf-8")
    out = run(runner, "report", "--gold", gold, "--texts", texts, "--misses").output
    assert "missed visits (1)" in out and "a.txt: Kenya visits Rwanda" in out
    assert "wrong praises (1)" in out and "Kenya praises Tanzania" in out
    assert "Kenya opposes Uganda" not in out.split("missed", 1)[1]
    as_json = json.loads(run(runner, "report", "--gold", gold, "--texts", texts, "--misses",
                             "--json").output)
    assert [m["p"] for m in as_json["misses"]] == ["visits"]
    assert [w["rule"] for w in as_json["wrong"]] == ["verb:praise"]


def test_queries_return_each_fact_once(runner, seed_store):
    """The default graph is the merge of the graphs: a fact stated by the KB and by several
    documents comes back once, with no DISTINCT; GRAPH ?g still gives it per document."""
    import csv
    import io

    def rows(query):
        out = run(runner, "query", query, "--format", "csv", "--store", seed_store).output
        return [tuple(r.values()) for r in csv.DictReader(io.StringIO(out))]

    states = rows("SELECT ?state WHERE { ?state a bkg:Country ; bkg:supports policy:GDI }")
    assert states == [("https://w3id.org/bilateral-kg/id/country/LSO",)]
    labels = rows("SELECT ?l WHERE { country:CHN rdfs:label ?l }")
    assert labels == [("China",)]
    projects = rows("SELECT ?p ?l WHERE { country:CHN bkg:builds ?p . ?p rdfs:label ?l }")
    assert len(projects) == 3 and len({p for p, _ in projects}) == 3
    per_document = rows("SELECT ?g WHERE { GRAPH ?g { country:CHN a bkg:Country } }")
    assert len(per_document) >= 3  # the KB's graph and each document naming China
