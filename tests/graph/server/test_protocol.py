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



def test_accept_lists_and_malformed_quality_values():
    from bilateral_kg.graph.server.protocol import GRAPH_TYPES, RESULT_TYPES, parse_accept
    assert parse_accept("application/ld+json,application/x-json+ld") == [
        ("application/ld+json", 1.0), ("application/x-json+ld", 1.0)]
    assert negotiate("application/ld+json,application/x-json+ld", GRAPH_TYPES) == "application/ld+json"
    for accept in ("*/*;q=abc", "*/*;q=", "*/*;q=nan", "*/*;q=2"):
        assert negotiate(accept, RESULT_TYPES) == RESULT_TYPES[0], accept


def test_nesting_depth_ignores_strings_comments_and_iris():
    import pytest
    from bilateral_kg.graph.server.protocol import RequestError, check_nesting, nesting_depth
    assert nesting_depth('ASK { "{{{" <http://x/((([> } # {{{') == 1
    assert nesting_depth("ASK " + "\\u007B" * 3) == 3  # escapes count, as the grammar applies them
    with pytest.raises(RequestError) as refused:
        check_nesting("SELECT * WHERE " + "{" * 5000 + "}" * 5000)
    assert refused.value.status == 400 and "5000 levels" in refused.value.message


def test_host_names_are_matched_exactly():
    from bilateral_kg.graph.server.protocol import allowed_hosts, host_allowed
    names = allowed_hosts("127.0.0.1", "bkg.example")
    for good in ("localhost", "LOCALHOST:1", "127.0.0.1:7878", "[::1]:80", "bkg.example:8080"):
        assert host_allowed(good, names), good
    for bad in ("127.evil.com", "127.0.0.1.evil.com", "localhost.", "bkg.example.evil.com",
                "evil.com#@localhost", "", None, "::1", "localhost:7878:1"):
        assert not host_allowed(bad, names), bad
