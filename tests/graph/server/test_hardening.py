"""The endpoint under hostile or careless clients: Host names, memory, busy workers, idle
sockets and malformed requests. Real servers on loopback, real sockets."""
from __future__ import annotations

import shutil
import socket
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from serving import COUNTRIES, SLOW, TOKEN, get_query, request, start, stop

#: GROUP_CONCAT over a cross join of the store with itself: a string of gigabytes.
GREEDY = ("SELECT (GROUP_CONCAT(CONCAT(STR(?a), STR(?c), STR(?d), STR(?f))) AS ?x) "
          "WHERE { ?a ?b ?c . ?d ?e ?f }")


@pytest.fixture
def store_copy(xss_store, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(xss_store, copy)
    return str(copy)


@pytest.fixture
def serving(store_copy):
    """Start servers on the store copy with given options; all stopped at the end."""
    running = []

    def launch(**options):
        running.append(start(store_copy, **options))
        return running[-1]
    yield launch
    for server in running:
        stop(server)


def raw(server, data, timeout=5.0):
    """Send raw bytes on a fresh connection; return everything read until the server closes."""
    with socket.create_connection(server.server_address[:2], timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def query_with_host(server, host):
    path = "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    return raw(server, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())


def status_of(response):
    return int(response.split(b" ", 2)[1])


# -- Host names (DNS rebinding) ------------------------------------------------------------------

def test_host_header_must_name_this_server(serving):
    server = serving(host="127.0.0.2", workers=1)
    port = server.server_address[1]
    for good in ("localhost", f"localhost:{port}", "127.0.0.1", f"127.0.0.1:{port}", "[::1]",
                 f"[::1]:{port}", "127.0.0.2", f"127.0.0.2:{port}", "LocalHost"):
        assert status_of(query_with_host(server, good)) == 200, good
    for bad in ("127.evil.com", "127.0.0.1.evil.com", f"127.0.0.2.evil.com:{port}",
                "localhost.evil.com", "evil.example:80", "127.0.0.3", "", "[::1].evil.com",
                "localhost:80:80", "localhost:http"):
        response = query_with_host(server, bad)
        assert status_of(response) == 421, bad
        assert b"Host" in response and b"localhost" in response, bad


# -- the worker memory limit --------------------------------------------------------------------

def test_a_query_over_the_worker_memory_limit_is_stopped_and_others_still_answered(serving):
    server = serving(workers=1, query_timeout=60, worker_memory=512)
    started = time.monotonic()
    response = get_query(server, GREEDY)
    assert response.status == 503, response.text
    assert "worker memory limit of 512 MB" in response.text
    assert time.monotonic() - started < 30
    for _ in range(3):  # the worker is replaced
        assert get_query(server, COUNTRIES).status == 200


# -- busy workers ---------------------------------------------------------------------------------

def test_a_request_that_waits_too_long_for_a_worker_gets_503(serving):
    server = serving(workers=2, query_timeout=4, queue_timeout=0.5)
    assert server.pool.size == 2
    with ThreadPoolExecutor(2) as pool:
        slow = [pool.submit(get_query, server, SLOW) for _ in range(2)]
        time.sleep(0.5)
        started = time.monotonic()
        waiting = get_query(server, COUNTRIES)
        took = time.monotonic() - started
        assert [s.result().status for s in slow] == [503, 503]
    assert waiting.status == 503 and took < 2.5
    assert "busy" in waiting.text and waiting.headers["Retry-After"]
    assert _eventually_ok(server, within=15)  # once the killed workers are replaced


def _eventually_ok(server, within):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if get_query(server, COUNTRIES).status == 200:
            return True
        time.sleep(0.2)
    return False


# -- idle and half-sent connections ---------------------------------------------------------------

def _closed_by_server(sock, within):
    """Whether the server closes ``sock`` within ``within`` seconds (what it sent first)."""
    sock.settimeout(within)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def test_idle_and_half_sent_connections_are_closed(serving):
    server = serving(workers=1, idle_timeout=1, max_connections=16)
    address = server.server_address[:2]
    sockets = [socket.create_connection(address) for _ in range(8)]
    sockets[0].sendall(b"GET /sparql?query=ASK")  # half a request line
    sockets[1].sendall(b"POST /sparql HTTP/1.1\r\nHost: localhost\r\n"
                       b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\nASK")
    try:
        assert get_query(server, COUNTRIES).status == 200  # answered meanwhile
        assert all(_closed_by_server(sock, 4) for sock in sockets)
    finally:
        for sock in sockets:
            sock.close()


def test_connections_over_the_cap_get_503_and_service_resumes(serving):
    server = serving(workers=1, idle_timeout=1.5, max_connections=4)
    address = server.server_address[:2]
    held = [socket.create_connection(address) for _ in range(4)]
    try:
        time.sleep(0.3)
        over = raw(server, b"", timeout=5)
        assert status_of(over) == 503 and b"Retry-After" in over
        time.sleep(2.5)  # the idle ones are closed
        assert get_query(server, COUNTRIES).status == 200
    finally:
        for sock in held:
            sock.close()


# -- client errors are 4xx, not 500 ---------------------------------------------------------------

def test_negative_content_length_is_400(serving):
    server = serving(workers=1)
    response = raw(server, b"POST /sparql HTTP/1.1\r\nHost: localhost\r\n"
                           b"Content-Type: application/sparql-query\r\nContent-Length: -5\r\n\r\n")
    assert status_of(response) == 400 and b"Content-Length" in response


def test_deeply_nested_queries_are_400_and_the_worker_survives(serving):
    server = serving(workers=1, update_token=TOKEN)
    pid = next(iter(server.pool._workers)).process.pid
    nested = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
    response = get_query(server, nested)
    assert response.status == 400 and "nested" in response.text
    parens = get_query(server, "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5001 + " }")
    assert parens.status == 400
    update = request(server, "/sparql", ("INSERT DATA " + "{" * 5000).encode(),
                     {"Content-Type": "application/sparql-update",
                      "Authorization": f"Bearer {TOKEN}"})
    assert update.status == 400 and "nested" in update.text
    assert get_query(server, "SELECT * WHERE " + "{" * 50 + "}" * 50).status == 200
    assert {w.process.pid for w in server.pool._workers} == {pid}


def test_malformed_quality_values_count_as_1(serving):
    server = serving(workers=1)
    for accept in ("*/*;q=abc", "application/sparql-results+json;q=", "*/*;q=nan"):
        response = get_query(server, COUNTRIES, accept)
        assert response.status == 200, accept
        assert response.headers["Content-Type"].startswith("application/sparql-results+json")


def test_sparqlwrapper_accept_for_json_ld_gets_json_ld(serving):
    server = serving(workers=1)
    response = get_query(server, "CONSTRUCT WHERE { ?s a bkg:Country }",
                         "application/ld+json,application/x-json+ld")
    assert response.status == 200, response.text
    assert response.headers["Content-Type"].startswith("application/ld+json")


def test_ingest_into_a_served_store_is_refused_naming_the_server(seed_store_copy, tmp_path):
    """Writing behind a running server's back gave readers half batches: it is refused."""
    import subprocess
    import sys

    from click.testing import CliRunner

    from bilateral_kg.cli import main

    text = tmp_path / "more.txt"
    text.write_text("Ghana praised Togo.", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-m", "bilateral_kg", "serve", "--store",
                               str(seed_store_copy), "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().split(" at ", 1)[1].split(" ", 1)[0]
        result = CliRunner().invoke(main, ["ingest", str(text), "--store", str(seed_store_copy)])
        assert result.exit_code == 1
        assert "being served by `bkg serve`" in result.output and url in result.output
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = CliRunner().invoke(main, ["ingest", str(text), "--store", str(seed_store_copy)])
    assert result.exit_code == 0, result.output
