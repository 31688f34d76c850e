"""The store as a SPARQL 1.1 server: a real ``oxigraph serve``, driven through ``bkg --store URL``.

One server runs for the module; the seeds are ingested into it through the CLI, and every
answer is compared with the embedded store's (``seed_store``).
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from bilateral_kg.cli import main
from bilateral_kg.graph.backends import SparqlStore, StoreError, open_backend
from bilateral_kg.graph.server.tasks import run_task
from bilateral_kg.graph.store import KnowledgeGraph

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
EXAMPLES = ["gdi_supporters", "china_builds", "officials", "state_relations", "visits"]

pytestmark = pytest.mark.skipif(not Path(OXIGRAPH).exists(),
                                reason="the oxigraph server (pip install oxigraph) is missing")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_oxigraph(location=None, union=True):
    """An ``oxigraph serve`` on a free loopback port, and its URL once it answers."""
    port = _free_port()
    args = [OXIGRAPH, "serve", "--bind", f"127.0.0.1:{port}"]
    args += ["--location", str(location)] if location else []
    args += ["--union-default-graph"] if union else []
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).close()
            return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("oxigraph serve did not answer")


def _stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def run(runner, *args, ok=True):
    result = runner.invoke(main, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def remote(tmp_path_factory, runner):
    """The URL of an Oxigraph server holding the seeds, ingested through ``bkg ingest``."""
    process, url = _start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "data")
    try:
        out = run(runner, "ingest", SEEDS, "--store", url, "--quiet").output
        assert "2 added" in out
        yield url
    finally:
        _stop(process)


def test_a_url_selects_the_remote_store(remote):
    store = open_backend(remote, read_only=True)
    assert isinstance(store, SparqlStore)
    assert store.query_url == remote + "/query" and store.gsp_url == remote + "/store"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_queries_answer_as_with_the_embedded_store(runner, remote, seed_store, name):
    for fmt in ("csv", "json"):
        there = run(runner, "query", "-e", name, "--format", fmt, "--store", remote).output
        here = run(runner, "query", "-e", name, "--format", fmt, "--store", seed_store).output
        assert there == here


def test_confidence_filter_and_ask_answer_as_with_the_embedded_store(runner, remote, seed_store):
    q = "ASK { country:LSO bkg:supports policy:GDI }"
    assert run(runner, "query", q, "--store", remote).output.strip() == "true"
    outs = [run(runner, "query", "-e", "state_relations", "--min-confidence", "0.9",
                "--format", "csv", "--store", store).output for store in (remote, seed_store)]
    assert outs[0] == outs[1]


def test_stats_are_those_of_the_embedded_store(runner, remote, seed_store):
    there = run(runner, "stats", "--json", "--store", remote).output
    assert json.loads(there) == json.loads(run(runner, "stats", "--json", "--store", seed_store).output)
    assert len(KnowledgeGraph(remote, read_only=True)) == len(KnowledgeGraph(seed_store, read_only=True))


def test_exports_hold_the_same_triples(runner, remote, seed_store, tmp_path):
    for name, store in (("remote", remote), ("embedded", seed_store)):
        run(runner, "export", "-o", tmp_path / f"{name}.ttl", "--store", store)
        run(runner, "export", "-o", tmp_path / f"{name}.trig", "--min-confidence", "0.8",
            "--store", store)
    there = rdflib.Graph().parse(tmp_path / "remote.ttl")
    assert len(there) > 500
    assert isomorphic(there, rdflib.Graph().parse(tmp_path / "embedded.ttl"))
    quads = [set(rdflib.Dataset().parse(tmp_path / f"{n}.trig").quads()) for n in ("remote", "embedded")]
    assert quads[0] == quads[1]


def test_view_writes_the_same_network(runner, remote, seed_store, tmp_path):
    outs = [run(runner, "view", "-o", tmp_path / f"{n}.html", "--store", s).output.split(": ")[-1]
            for n, s in (("r", remote), ("e", seed_store))]
    assert outs[0] == outs[1] and "entities" in outs[0]


def test_explorer_tasks_answer_as_with_the_embedded_store(remote, seed_store):
    there, here = KnowledgeGraph(remote, read_only=True), KnowledgeGraph(seed_store, read_only=True)
    lesotho = "https://w3id.org/bilateral-kg/id/country/LSO"
    for task in ({"op": "search", "q": "Lesotho"}, {"op": "search", "q": "chin"},
                 {"op": "network", "max_nodes": 200},
                 {"op": "network", "focus": lesotho, "depth": 1, "max_nodes": 200}):
        assert run_task(there, task) == run_task(here, task)
    doc = here.documents()[0]
    assert run_task(there, {"op": "document", "doc_id": doc}) == run_task(
        here, {"op": "document", "doc_id": doc})


def test_bkg_serve_explores_the_remote_store(remote):
    import threading

    from bilateral_kg.graph.server import make_server

    server = make_server(remote, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(server.url + "api/search?q=Lesotho", timeout=30) as response:
            results = json.loads(response.read())["results"]
        assert results[0]["label"] == "Lesotho"
        query = urllib.parse.quote("ASK { country:LSO bkg:supports policy:GDI }")
        with urllib.request.urlopen(server.url + "sparql?query=" + query, timeout=30) as response:
            assert json.loads(response.read())["boolean"] is True
    finally:
        server.shutdown()
        server.server_close()


def test_reingest_changes_nothing(runner, remote):
    before = run(runner, "stats", "--json", "--store", remote).output
    out = run(runner, "ingest", SEEDS, "--store", remote, "--quiet").output
    assert "2 unchanged" in out
    assert run(runner, "stats", "--json", "--store", remote).output == before


def test_a_changed_document_replaces_its_graph(runner, remote, tmp_path):
    doc = tmp_path / "extra.txt"
    kg = KnowledgeGraph(remote)
    before = set(kg.documents())
    try:
        doc.write_text("Kenya condemned Sudan over the attacks on civilians.", encoding="utf-8")
        assert "1 added" in run(runner, "ingest", doc, "--store", remote, "--quiet").output
        doc.write_text("Japan imposed sanctions on North Korea.", encoding="utf-8")
        assert "1 replaced" in run(runner, "ingest", doc, "--store", remote, "--quiet").output
        assert kg.ask("ASK { country:KEN bkg:opposes country:SDN }") is False
        assert kg.ask("ASK { country:JPN bkg:sanctions country:PRK }") is True
    finally:
        for added in set(kg.documents()) - before:
            kg.remove_document(added)
    assert set(kg.documents()) == before


def test_an_unreachable_server_is_a_message(runner):
    url = f"http://127.0.0.1:{_free_port()}"
    result = run(runner, "stats", "--store", url, ok=False)
    assert result.exit_code == 1 and "cannot reach the SPARQL server at " + url in result.output
    assert "Traceback" not in result.output


def test_a_server_without_a_union_default_graph_is_refused():
    process, url = _start_oxigraph(union=False)
    try:
        kg = KnowledgeGraph(url)  # writing needs no union: the KB goes in
        assert kg.backend.has_graph("https://w3id.org/bilateral-kg/graph/kb")
        with pytest.raises(StoreError, match="--union-default-graph"):
            kg.ask("ASK { country:LSO rdfs:label 'Lesotho' }")
    finally:
        _stop(process)
