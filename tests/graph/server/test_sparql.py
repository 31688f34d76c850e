"""The SPARQL 1.1 Protocol endpoint, driven over real HTTP on loopback."""
from __future__ import annotations

import csv
import io
import shutil
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox
import pytest

from serving import (
    COUNTRIES, ID, SLOW, TOKEN, countries_of, get_query, post_form, request, start, stop,
)
from bilateral_kg.graph.server import make_server


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

