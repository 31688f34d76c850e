"""The SPARQL endpoint and the explorer's HTTP API, driven over real HTTP on loopback."""
from __future__ import annotations

import csv
import io
import json
import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest

from bilateral_kg.graph.server import (
    example_queries, keywords, make_server, negotiate, uses_load, uses_service,
)
from bilateral_kg.graph.store import KnowledgeGraph

ID = "https://w3id.org/bilateral-kg/id/"
TOKEN = "s3cret-token"
COUNTRIES = "SELECT ?s WHERE { ?s a bkg:Country } ORDER BY ?s LIMIT 3"
#: Three-way cross join over the whole store (ontology and KB: thousands of triples).
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def start(store, **options):
    server = make_server(store, **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def stop(server):
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def server(xss_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(xss_store, copy)
    running = start(str(copy), update_token=TOKEN, query_timeout=3.0, result_limit=50, workers=2)
    yield running
    stop(running)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)


def request(server, path, data=None, headers=None, method=None):
    url = server.url + path.lstrip("/")
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


def get_query(server, query, accept=None, **params):
    query_string = urllib.parse.urlencode({"query": query, **params})
    return request(server, "/sparql?" + query_string, headers={"Accept": accept} if accept else {})


def post_form(server, fields, headers=None):
    body = urllib.parse.urlencode(fields).encode()
    return request(server, "/sparql", body, {"Content-Type": "application/x-www-form-urlencoded",
                                            **(headers or {})})


def countries_of(json_body):
    return [b["s"]["value"] for b in json_body["results"]["bindings"]]


# -- the SPARQL protocol ---------------------------------------------------------------------

def test_server_binds_loopback_by_default(server):
    assert server.server_address[0] == "127.0.0.1"
    assert server.server_address[1] > 0


def test_get_query_answers_sparql_json_by_default(server):
    response = get_query(server, COUNTRIES)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    data = response.json()
    assert data["head"]["vars"] == ["s"] and len(data["results"]["bindings"]) == 3
    assert response.headers["X-Result-Truncated"] == "false"


def test_post_form_and_post_sparql_query_agree_with_get(server):
    expected = countries_of(get_query(server, COUNTRIES).json())
    form = post_form(server, {"query": COUNTRIES})
    direct = request(server, "/sparql", COUNTRIES.encode(), {"Content-Type": "application/sparql-query"})
    assert form.status == direct.status == 200
    assert countries_of(form.json()) == countries_of(direct.json()) == expected


@pytest.mark.parametrize("accept, fmt, content_type", [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
    ("text/csv", ox.QueryResultsFormat.CSV, "text/csv"),
])
def test_each_results_format_parses_back(server, accept, fmt, content_type):
    query = ('SELECT ?s ?label ?n WHERE { VALUES (?s ?label ?n) { (country:CHN "China"@en 1) '
             '(country:LSO "a \\"quoted\\", with\\ttab" UNDEF) } }')
    response = get_query(server, query, accept)
    assert response.status == 200, response.text
    assert response.headers["Content-Type"].startswith(content_type)
    if fmt == ox.QueryResultsFormat.CSV:
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows == [["s", "label", "n"], [ID + "country/CHN", "China", "1"],
                        [ID + "country/LSO", 'a "quoted", with\ttab', ""]]
        return
    solutions = list(ox.parse_query_results(response.body, fmt))
    assert solutions[0]["s"] == ox.NamedNode(ID + "country/CHN")
    assert solutions[0]["label"] == ox.Literal("China", language="en")
    assert solutions[0]["n"] == ox.Literal("1", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer"))
    assert solutions[1]["label"].value == 'a "quoted", with\ttab' and solutions[1]["n"] is None


def test_ask_and_format_parameter(server):
    response = get_query(server, "ASK { country:LSO bkg:supports policy:GDI }")
    assert response.json() == {"head": {}, "boolean": True}
    xml = get_query(server, "ASK { country:LSO bkg:opposes policy:GDI }", format="xml")
    assert xml.headers["Content-Type"].startswith("application/sparql-results+xml")
    assert bool(ox.parse_query_results(xml.body, ox.QueryResultsFormat.XML)) is False
    csv_text = get_query(server, COUNTRIES, "application/json", format="csv")
    assert csv_text.headers["Content-Type"].startswith("text/csv")  # format= wins over Accept


@pytest.mark.parametrize("accept, rdf_format", [
    (None, ox.RdfFormat.TURTLE), ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES), ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_formats_parse_back(server, accept, rdf_format):
    query = "CONSTRUCT { ?s bkg:supports ?o } WHERE { ?s bkg:supports ?o }"
    response = get_query(server, query, accept)
    assert response.status == 200, response.text
    if accept:
        assert response.headers["Content-Type"].startswith(accept)
    triples = {quad.triple for quad in ox.parse(response.body, format=rdf_format)}
    assert ox.Triple(ox.NamedNode(ID + "country/LSO"), ox.NamedNode(
        "https://w3id.org/bilateral-kg/ontology#supports"), ox.NamedNode(ID + "policy/GDI")) in triples


def test_describe_is_served_as_turtle(server):
    response = get_query(server, f"DESCRIBE <{ID}policy/GDI>")
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/turtle")
    assert any(True for _ in ox.parse(response.body, format=ox.RdfFormat.TURTLE))


def test_content_negotiation_follows_quality_values(server):
    response = get_query(server, COUNTRIES, "text/csv;q=0.4, application/sparql-results+xml;q=0.9")
    assert response.headers["Content-Type"].startswith("application/sparql-results+xml")
    browser = get_query(server, COUNTRIES, "text/html,application/xhtml+xml,*/*;q=0.8")
    assert browser.headers["Content-Type"].startswith("application/sparql-results+json")
    refused = get_query(server, COUNTRIES, "image/png")
    assert refused.status == 406 and "text/csv" in refused.text


def test_bad_queries_get_400_with_the_parser_message(server):
    response = get_query(server, "SELECT ?s WHERE { ?s ?p }")
    assert response.status == 400
    assert "Invalid SPARQL query" in response.text and "error at" in response.text
    assert request(server, "/sparql").status == 400  # no query at all
    both = post_form(server, {"query": COUNTRIES, "update": "CLEAR ALL"})
    assert both.status == 400


def test_result_limit_truncates_and_says_so(server):
    response = get_query(server, "SELECT ?s WHERE { ?s a bkg:Country }")
    assert response.status == 200
    assert len(response.json()["results"]["bindings"]) == 50
    assert response.headers["X-Result-Truncated"] == "true"
    assert response.headers["X-Result-Limit"] == "50"
    construct = get_query(server, "CONSTRUCT WHERE { ?s a bkg:Country }", "application/n-triples")
    assert construct.headers["X-Result-Truncated"] == "true"
    assert len(construct.text.strip().splitlines()) == 50


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
])
def test_service_is_refused(server, query):
    response = get_query(server, query)
    assert response.status == 400
    assert "SERVICE" in response.text and "disabled" in response.text


def test_service_in_names_and_strings_is_no_service(server):
    response = get_query(server, 'SELECT ?service WHERE { BIND("SERVICE" AS ?service) }')
    assert response.status == 200


def test_updates_are_refused_without_the_token(server):
    update = f"INSERT DATA {{ <{ID}x> <{ID}p> 'no' }}"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = request(server, "/sparql", update.encode(),
                           {"Content-Type": "application/sparql-update", **headers})
        assert response.status == 403
        assert "Authorization: Bearer" in response.text
    form = post_form(server, {"update": update})
    assert form.status == 403
    assert get_query(server, f"ASK {{ <{ID}x> ?p ?o }}").json()["boolean"] is False


def test_updates_with_the_token_are_seen_by_the_next_query(server):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    update = f"INSERT DATA {{ GRAPH <{ID}g> {{ <{ID}added> rdfs:label 'Added by update' }} }}"
    response = request(server, "/sparql", update.encode(),
                       {"Content-Type": "application/sparql-update", **auth})
    assert response.status == 204, response.text
    # Every worker sees it (ask more times than there are workers).
    for _ in range(4):
        assert get_query(server, f"ASK {{ <{ID}added> rdfs:label 'Added by update' }}").json()["boolean"]
    form = post_form(server, {"update": f"DELETE WHERE {{ GRAPH <{ID}g> {{ ?s ?p ?o }} }}"}, auth)
    assert form.status == 204
    assert not get_query(server, f"ASK {{ <{ID}added> ?p ?o }}").json()["boolean"]
    bad = request(server, "/sparql", b"INSERT DATA {", {"Content-Type": "application/sparql-update", **auth})
    assert bad.status == 400 and "Invalid SPARQL update" in bad.text
    load = request(server, "/sparql", b"LOAD <http://127.0.0.1:9/x.ttl>",
                   {"Content-Type": "application/sparql-update", **auth})
    assert load.status == 400 and "LOAD" in load.text


def test_time_limit_stops_a_runaway_query_while_others_are_served(server):
    with ThreadPoolExecutor(2) as pool:
        started = time.monotonic()
        slow = pool.submit(get_query, server, SLOW)
        time.sleep(0.3)
        quick_started = time.monotonic()
        quick = get_query(server, COUNTRIES)
        quick_took = time.monotonic() - quick_started
        slow_response = slow.result()
        slow_took = time.monotonic() - started
    assert quick.status == 200 and quick_took < 2.0
    assert slow_response.status == 503
    assert "time limit of 3 s" in slow_response.text
    assert 2.5 < slow_took < 15
    # The killed worker is replaced: the endpoint keeps answering, on both workers.
    for _ in range(4):
        assert get_query(server, COUNTRIES).status == 200


def test_other_methods_and_hosts_are_refused(server):
    assert request(server, "/sparql", b"x", {"Content-Type": "text/plain"}).status == 415
    assert request(server, "/sparql", method="PUT", data=b"").status == 405
    assert request(server, "/nothing").status == 404
    assert request(server, "/static/../server.py").status in (400, 404)
    rebinding = request(server, "/sparql?" + urllib.parse.urlencode({"query": COUNTRIES}),
                        headers={"Host": "evil.example:80"})
    assert rebinding.status == 421


def test_responses_carry_security_headers(server):
    for path in ("/", "/query", "/document?id=lso-chn", "/sparql?query=ASK%7B%7D"):
        response = request(server, path)
        assert response.status == 200
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"


# -- pages and the explorer API ------------------------------------------------------------------

def test_pages_use_local_assets_only(server):
    for path in ("/", "/query", "/document?id=lso-chn"):
        html = request(server, path).text
        assert "http://" not in html.replace("http://www.w3.org", "").replace(
            "http://purl.org", "").replace("http://www.wikidata.org", "")
        assert "<script>" not in html  # no inline script: the CSP forbids it
    for asset in ("vis-network.min.js", "bkg-graph.js", "bkg-query.js", "bkg.css"):
        response = request(server, "/static/" + asset)
        assert response.status == 200 and len(response.body) > 1000


def test_query_page_offers_every_example(server):
    html = request(server, "/query").text
    for example in example_queries():
        assert f'data-example="{example["name"]}"' in html


def test_document_page_shows_evidence_as_text(server, graph_data):
    page = request(server, "/document?id=xss-doc")
    XSS_IMG = graph_data.XSS_IMG
    assert page.status == 200
    assert XSS_IMG not in page.text and "<script>alert" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    good = request(server, "/document?id=lso-chn").text
    assert "Lesotho reiterated its <mark>backing</mark> for the Global Development Initiative." in good
    assert request(server, "/document?id=nope").status == 404


def test_api_search_neighbourhood_and_overview(server):
    found = request(server, "/api/search?q=lesoth").json()["results"]
    assert found[0]["iri"] == ID + "country/LSO" and found[0]["type"] == "Country"
    alias = request(server, "/api/search?q=Beijing").json()["results"]
    assert alias[0]["label"] == "China" and alias[0]["matched"] == "Beijing"
    around = request(server, "/api/neighbourhood?" + urllib.parse.urlencode({"iri": "Wang Yi"})).json()
    assert around["focus"] == [ID + "person/wang-yi"]
    assert {n["label"] for n in around["nodes"]} == {"Wang Yi", "China", "Lesotho", "Lejone Mpotjoana"}
    assert all("x" in n for n in around["nodes"])
    edge = next(e for e in around["edges"] if e["relation"] == "visits")
    assert edge["evidence"][0]["sentence"] == "Wang Yi paid an official visit to Lesotho."
    assert around["documents"]["lso-chn"]["date"] == "2025-06-02"
    missing = request(server, "/api/neighbourhood?iri=Atlantis")
    assert missing.status == 404 and "Atlantis" in missing.json()["error"]
    misspelt = request(server, "/api/neighbourhood?iri=Lesoto")
    assert misspelt.status == 404 and "did you mean: Lesotho?" in misspelt.json()["error"]
    overview = request(server, "/api/overview").json()
    assert overview["overview"]["total_nodes"] == len(overview["nodes"]) == 16
    small = request(server, "/api/overview?max_nodes=5").json()
    assert small["overview"]["truncated"] and len(small["nodes"]) <= 5
    assert request(server, "/api/overview?min_confidence=2").status == 400


def test_example_queries_run_and_answer_on_the_corpus(memory_kg):
    examples = example_queries()
    assert len(examples) >= 8
    for example in examples:
        assert example["title"] and example["description"], example["name"]
        names, rows = memory_kg.select(example["query"])
        assert rows, example["name"]
    by_name = {e["name"]: e for e in examples}
    _, rows = memory_kg.select(by_name["gdi_supporters"]["query"])
    assert {r[1] for r in rows} == {"Lesotho", "South Africa"}
    _, rows = memory_kg.select(by_name["china_builds"]["query"])
    assert rows[0][1] == "Mpiti-Sehlabathebe Road" and rows[0][4] == "Lesotho"
    _, rows = memory_kg.select(by_name["meetings"]["query"])
    assert len(rows) == 2  # China and South Africa once, though stated both ways


def test_updates_disabled_without_a_configured_token(corpus_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(corpus_store, copy)
    running = start(str(copy), workers=1)
    try:
        response = request(running, "/sparql", b"CLEAR ALL",
                           {"Content-Type": "application/sparql-update", "Authorization": "Bearer x"})
        assert response.status == 403 and "disabled" in response.text
    finally:
        stop(running)


def test_missing_store_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="bkg ingest"):
        make_server(tmp_path / "nothing")


# -- pure parts ------------------------------------------------------------------------------------

def test_negotiation_and_keyword_reading():
    offered = ["application/sparql-results+json", "text/csv"]
    assert negotiate(None, offered) == "application/sparql-results+json"
    assert negotiate("text/*", offered) == "text/csv"
    assert negotiate("text/csv;q=0", offered) is None
    assert keywords("PREFIX service: <http://x/> SELECT * { ?s service:p ?o }") == ["PREFIX", "SELECT"]
    assert not uses_service("# SERVICE <x>\nSELECT * { ?s <http://x/SERVICE> 'SERVICE' }")
    assert uses_service('SELECT * { """a""" } SERVICE <http://x/> {}')
    assert uses_load("load silent <http://x/> into graph <http://y/>")


try:
    from bilateral_kg.extract import extract_text
except ImportError:  # the extractor is another part of the project
    extract_text = None


@pytest.mark.skipif(extract_text is None,
                    reason="bilateral_kg.extract.extract_text is not importable yet")
def test_end_to_end_on_the_seeds(seed_store_copy, tmp_path):
    """The seed texts, extracted and ingested by `bkg ingest`, then viewed and served."""
    from bilateral_kg.graph.view import write_view

    kg = KnowledgeGraph(str(seed_store_copy), read_only=True)
    counts = write_view(kg, tmp_path / "seeds.html", focus="Lesotho")
    assert counts["nodes"] >= 5 and counts["edges"] >= 5
    html = (tmp_path / "seeds.html").read_text("utf-8")
    assert "Global Development Initiative" in html and "Mpiti-Sehlabathebe Road" in html
    del kg

    running = start(str(seed_store_copy), workers=1)
    try:
        around = request(running, "/api/neighbourhood?iri=Lesotho").json()
        labels = {n["label"] for n in around["nodes"]}
        assert {"Lesotho", "China"} <= labels
        assert all(e["evidence"] and e["evidence"][0]["sentence"] for e in around["edges"])
        gdi = next(e for e in example_queries() if e["name"] == "gdi_supporters")
        backers = post_form(running, {"query": gdi["query"]}).json()["results"]["bindings"]
        assert ID + "country/LSO" in {b["state"]["value"] for b in backers}
    finally:
        stop(running)
