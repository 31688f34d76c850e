"""Reading SPARQL text and negotiating media types, without a server."""
from __future__ import annotations

from bilateral_kg.graph.server import keywords, negotiate, uses_load, uses_service


def test_negotiation_and_keyword_reading():
    offered = ["application/sparql-results+json", "text/csv"]
    assert negotiate(None, offered) == "application/sparql-results+json"
    assert negotiate("text/*", offered) == "text/csv"
    assert negotiate("text/csv;q=0", offered) is None
    assert keywords("PREFIX service: <http://x/> SELECT * { ?s service:p ?o }") == ["PREFIX", "SELECT"]
    assert not uses_service("# SERVICE <x>\nSELECT * { ?s <http://x/SERVICE> 'SERVICE' }")
    assert uses_service('SELECT * { """a""" } SERVICE <http://x/> {}')
    assert uses_load("load silent <http://x/> into graph <http://y/>")

