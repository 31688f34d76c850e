"""A SPARQL 1.1 endpoint and a graph explorer over HTTP, for one knowledge-graph store.

Pages and endpoints
-------------------
``/``
    The graph explorer: search any name, expand neighbourhoods, filter, read evidence.
``/query``
    A SPARQL editor with the example queries of ``graph/queries`` one click away.
``/document?id=``
    What the store holds about one document: metadata and every evidence sentence.
``/sparql``
    The SPARQL 1.1 Protocol: ``GET ?query=``; ``POST`` form-encoded (``query=`` or
    ``update=``), ``application/sparql-query`` or ``application/sparql-update``. Results by
    content negotiation (``Accept``, or ``format=``/``output=``): SPARQL JSON (default), XML,
    CSV and TSV; ``CONSTRUCT``/``DESCRIBE`` as Turtle (default), N-Triples, JSON-LD or
    RDF/XML. The default graph is the union of all graphs and the project's prefixes are
    predeclared, as with :meth:`KnowledgeGraph.query`; ``default-graph-uri`` and
    ``named-graph-uri`` narrow the dataset.
``/api/overview``, ``/api/neighbourhood?iri=``, ``/api/search?q=``, ``/api/examples``
    JSON for the explorer.

How queries run
---------------
The serving process never opens the store. Every query runs in one of a small pool of
worker processes, each holding the store open with :meth:`pyoxigraph.Store.read_only`.
A query that outlives ``query_timeout`` has its worker killed and replaced, and gets 503
(others keep being served by the other workers); results beyond ``result_limit`` rows or
triples are cut, which the ``X-Result-Truncated`` header says. ``SERVICE`` (federated
queries, which would make the server send requests) and ``LOAD`` are refused unless
``allow_service``.

Updates and consistency
-----------------------
Updates are refused (403) unless the server has an ``update_token`` and the request carries
``Authorization: Bearer <token>``. Oxigraph does not allow a read-only opening while another
process writes, so an update is exclusive: it waits for running queries, has every worker
close the store, runs in a writer process that opens the store read-write only for that
update (killed on timeout: the update is one transaction, so nothing of it is written),
and then the workers reopen the store before their next query. A query sent after an update
has returned therefore sees it. The server also notices when the store folder changes on
disk and reopens the store then; but Oxigraph calls reading while another process writes
undefined behaviour, so stop the server while ``bkg ingest`` runs (or write through the
update endpoint).

Security
--------
Binds 127.0.0.1 by default and, when bound to loopback, answers only requests whose
``Host`` is a loopback name (against DNS rebinding). Every page is served with a strict
Content-Security-Policy (scripts and styles from the server only, no inline script), all
assets come from ``graph/static`` and every text from documents is escaped by Jinja or
inserted with ``textContent``.
"""
from __future__ import annotations

import contextlib
import hmac
import io
import json
import logging
import math
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import webbrowser
from collections import OrderedDict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from multiprocessing.connection import Connection
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from .backends import NotAcceptable, StoreError
from .examples import example_queries as shipped_examples
from .rdf import PREFIXES

__all__ = [
    "make_server", "serve", "BkgServer", "example_queries", "negotiate", "uses_service",
    "uses_load", "QueryTimeout",
]

log = logging.getLogger("bilateral_kg.server")

#: Bodies larger than this are refused (413).
MAX_BODY = 8 * 1024 * 1024
#: The explorer's first view shows at most this many entities (the most connected).
OVERVIEW_NODES = 1500
#: A neighbourhood sent to the explorer holds at most this many entities.
NEIGHBOURHOOD_NODES = 3000

#: Media types a client may ask for -> the one the store writes.
CANONICAL_TYPES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml", "text/plain": "application/n-triples",
}
#: What ``format=`` (or ``output=``) may say, for clients that cannot set ``Accept``.
FORMAT_ALIASES = {
    "json": "application/sparql-results+json", "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml", "srx": "application/sparql-results+xml",
    "csv": "text/csv", "tsv": "text/tab-separated-values",
    "ttl": "text/turtle", "turtle": "text/turtle", "nt": "application/n-triples",
    "ntriples": "application/n-triples", "n-triples": "application/n-triples",
    "jsonld": "application/ld+json", "json-ld": "application/ld+json",
    "rdfxml": "application/rdf+xml", "rdf": "application/rdf+xml",
}
_RESULT_PREFERENCE = ["application/sparql-results+json", "application/sparql-results+xml",
                      "text/csv", "text/tab-separated-values", "application/json",
                      "application/xml", "text/xml"]
_GRAPH_PREFERENCE = ["text/turtle", "application/n-triples", "application/ld+json",
                     "application/rdf+xml", "text/plain"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
_SECURITY_HEADERS = {
    "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Resource-Policy": "same-origin",
}
_STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".png": "image/png", ".svg": "image/svg+xml", ".txt": "text/plain; charset=utf-8"}
#: An absolute IRI as SPARQL writes it between angle brackets (RFC 3987, loosely).
_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$')
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


class QueryTimeout(Exception):
    """A query or update ran longer than the server's time limit and was stopped."""


class PoolBusy(Exception):
    """No worker came free in time."""


class WorkerFailed(Exception):
    """A worker process died while running a task."""


class RequestError(Exception):
    """A request the server refuses, with its HTTP status and a message for the client."""

    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


# -- reading SPARQL without parsing it -------------------------------------------------------

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEXEME = re.compile(
    r'(?P<comment>#[^\n\r]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*(?:\'\'\'|$)'
    r'|"(?:[^"\\\n\r]|\\.)*"?|\'(?:[^\'\\\n\r]|\\.)*\'?)'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<name>[?$]?[A-Za-z_\u00C0-\uFFFF][\w\u00B7\u00C0-\uFFFF.-]*(?::[\w\u00B7\u00C0-\uFFFF.%\\-]*)?|:[\w.%\\-]*)'
    r'|(?P<other>.)', re.S)


def unescape_codepoints(text):
    r"""Resolve SPARQL's ``\u``/``\U`` escapes, which the grammar applies before anything else.

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """
    def replace(match):
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)
    return _CODEPOINT.sub(replace, text)


def keywords(text):
    """The bare words of a SPARQL text, upper-cased, outside comments, strings and IRIs.

    Variables (``?service``) and prefixed names (``ex:service``, ``service:x``) are not bare
    words.

    >>> keywords('SELECT ?service WHERE { ?s ex:service "SERVICE" } # SERVICE')
    ['SELECT', 'WHERE']
    """
    found = []
    for match in _LEXEME.finditer(unescape_codepoints(text)):
        name = match.group("name")
        if name and name[0] not in "?$:" and ":" not in name:
            found.append(name.upper())
    return found


def uses_service(text):
    """Whether a query or update asks for a ``SERVICE`` (a federated, outgoing request).

    >>> uses_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT * WHERE { seRvIcE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT ?service WHERE { ?s <http://x/SERVICE> 'SERVICE' }")
    False
    """
    return "SERVICE" in keywords(text)


def uses_load(text):
    """Whether an update asks to ``LOAD`` a document from the web.

    >>> uses_load("LOAD <http://example.org/data.ttl>")
    True
    >>> uses_load("INSERT DATA { <http://x/LOAD> <http://x/p> 'LOAD' }")
    False
    """
    return "LOAD" in keywords(text)


# -- content negotiation ----------------------------------------------------------------------

def parse_accept(header):
    """``Accept`` as ``[(media range, q)]``, best first; ranges with ``q=0`` are dropped.

    >>> parse_accept("text/csv;q=0.5, application/sparql-results+json")
    [('application/sparql-results+json', 1.0), ('text/csv', 0.5)]
    """
    ranges = []
    for position, part in enumerate((header or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for field in fields[1:]:
            key, _, value = field.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranges.append((media, quality, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, quality) for media, quality, _ in ranges]


def negotiate(accept, offered):
    """The offered media type the client prefers, or None if it accepts none of them.

    Among equally wanted types the server's order (``offered``) decides; no ``Accept``
    header takes the first offered type.

    >>> negotiate("text/csv, */*;q=0.1", ["application/sparql-results+json", "text/csv"])
    'text/csv'
    >>> negotiate("text/html,*/*;q=0.8", ["application/sparql-results+json", "text/csv"])
    'application/sparql-results+json'
    >>> negotiate("image/png", ["text/csv"]) is None
    True
    """
    ranges = parse_accept(accept) if accept else [("*/*", 1.0)]
    best, best_quality = None, 0.0
    for media_type in offered:
        kind = media_type.split("/")[0]
        quality = 0.0
        for media_range, q in ranges:
            if media_range in (media_type, f"{kind}/*", "*/*"):
                specificity = 2 if media_range == media_type else 1 if media_range != "*/*" else 0
                quality = max(quality, q + specificity * 1e-3)
        if quality > best_quality:
            best, best_quality = media_type, quality
    return best


def choose_type(accept, format_param, offered):
    """Media type for a response: the ``format`` parameter wins over ``Accept``."""
    if format_param:
        wanted = FORMAT_ALIASES.get(format_param.lower(), format_param.lower())
        return wanted if wanted in offered else None
    return negotiate(accept, offered)


def content_type_header(media_type):
    """``Content-Type`` for a result media type (UTF-8 for every text format).

    >>> content_type_header("text/csv")
    'text/csv; charset=utf-8'
    """
    if media_type.startswith("text/") or media_type.endswith(("+json", "+xml", "/json", "/xml")) \
            or media_type in ("application/n-triples", "application/ld+json"):
        return media_type + "; charset=utf-8"
    return media_type


# -- example queries ---------------------------------------------------------------------------

def example_queries():
    """The shipped example queries as dicts (name, title, description, query), by file name."""
    return [{"name": q.name, "title": q.title, "description": q.description, "query": q.text}
            for q in shipped_examples().values()]


# -- the worker processes ----------------------------------------------------------------------

def _run_query(kg, task):
    """Run one query in a worker; return ``(status, content type, body, headers)``."""
    offered = {"select": _RESULT_PREFERENCE, "ask": _RESULT_PREFERENCE, "graph": _GRAPH_PREFERENCE}
    chosen = {form: choose_type(task["accept"], task["format"], types)
              for form, types in offered.items()}
    wanted = {form: CANONICAL_TYPES.get(media, media) for form, media in chosen.items() if media}
    try:
        output = kg.write_results(task["query"], wanted, limit=task["limit"],
                                  default_graphs=task.get("default_graphs") or None,
                                  named_graphs=task.get("named_graphs") or None)
    except NotAcceptable as form:
        return _not_acceptable(offered[form.args[0]])
    except StoreError as error:
        if not error.syntax:
            raise
        return 400, "text/plain; charset=utf-8", f"Invalid SPARQL query: {error}\n".encode(), {}
    headers = {} if output.form == "ask" else _limit_headers(task["limit"], output.truncated,
                                                               output.count)
    return 200, content_type_header(chosen[output.form]), output.body, headers


def _limit_headers(limit, truncated, count):
    return {"X-Result-Limit": str(limit), "X-Result-Count": str(count),
            "X-Result-Truncated": "true" if truncated else "false"}


def _not_acceptable(offered):
    message = "None of the accepted media types can be produced; available: " + ", ".join(offered)
    return 406, "text/plain; charset=utf-8", (message + "\n").encode(), {}


def _run_update(path, task):
    from .backends import open_backend

    store = open_backend(path)
    try:
        store.update(task["update"], prefixes=PREFIXES)
    except StoreError as error:
        return 400, "text/plain; charset=utf-8", f"Invalid SPARQL update: {error}\n".encode(), {}
    finally:
        store.close()  # readers may open it again
    return 204, None, b"", {}


def _truncate_network(net, max_nodes, keep=()):
    """The ``max_nodes`` best connected nodes of a network (and ``keep``), with their edges."""
    if net.number_of_nodes() <= max_nodes:
        return net, False
    weight = {node: 0 for node in net.nodes}
    for source, target, attrs in net.edges(data=True):
        weight[source] += attrs.get("evidence_count", 1)
        weight[target] += attrs.get("evidence_count", 1)
    ranked = sorted(net.nodes, key=lambda n: (n not in keep, -weight[n], str(n)))
    chosen = set(ranked[:max_nodes])
    sub = net.subgraph(chosen).copy()
    sub.remove_nodes_from([n for n in list(sub.nodes) if sub.degree(n) == 0 and n not in keep])
    return sub, True


def _network_payload(kg, task):
    from .network import relation_network
    from .view import network_payload
    net = relation_network(kg, min_confidence=task.get("min_confidence"),
                           relations=task.get("relations"), focus=task.get("focus"),
                           depth=task.get("depth", 1), classes=task.get("classes"))
    total_nodes, total_edges = net.number_of_nodes(), net.number_of_edges()
    net, truncated = _truncate_network(net, task["max_nodes"], keep=set(net.graph.get("focus", [])))
    payload = network_payload(net)
    payload["overview"] = {"total_nodes": total_nodes, "total_edges": total_edges,
                           "shown_nodes": net.number_of_nodes(),
                           "shown_edges": net.number_of_edges(), "truncated": truncated}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def split_cue(sentence, cue):
    """``(before, cue, after)`` of a sentence around the first case-insensitive cue match.

    >>> split_cue("China built the road.", "built")
    ('China ', 'built', ' the road.')
    >>> split_cue("No cue here.", "")
    ('No cue here.', '', '')
    """
    at = sentence.lower().find(cue.lower()) if cue else -1
    if at < 0:
        return sentence, "", ""
    return sentence[:at], sentence[at:at + len(cue)], sentence[at + len(cue):]


def document_record(kg, doc_id):
    """Metadata, entities and evidence of one document, or None if the store lacks it."""
    from bilateral_kg.ontology.vocab import BKG
    from .network import _EVIDENCE_FIELDS, evidence_row, local_name
    from .rdf import document_iri
    graph = str(document_iri(doc_id))
    if any(c in graph for c in '<>"{}|^`\\ ') or not kg.backend.has_graph(graph):
        return None
    bkg = str(BKG._NS)
    meta = {"title": None, "source_path": None, "date": None, "content_hash": None,
            "extractor_version": None}
    labels, types, evidence = {}, {}, {}
    for s, p, o, _ in kg.quads(None, None, None, graph):
        if s == graph:
            for field, iri in (("title", PREFIXES["dct"] + "title"), ("source_path", bkg + "sourcePath"),
                               ("content_hash", bkg + "contentHash"),
                               ("extractor_version", bkg + "extractorVersion"),
                               ("date", PREFIXES["dct"] + "date")):
                if p == iri:
                    meta[field] = str(o)
        elif p == PREFIXES["rdfs"] + "label":
            labels[str(s)] = str(o)
        elif p == bkg + "mentionedIn":
            types.setdefault(str(s), None)
        field = _EVIDENCE_FIELDS.get(p)
        if field is not None:
            evidence.setdefault(str(s), {})[field] = o
    rows = [row for node, fields in evidence.items() if (row := evidence_row(node, fields))]
    rows.sort(key=lambda r: (r["start"] if r["start"] is not None else 1 << 60, r["p"]))
    items = []
    for row in rows:
        before, cue, after = split_cue(row["sentence"], row["cue"])
        items.append({**row, "anchor": row["evidence"].rsplit("/", 1)[-1],
                      "s_label": labels.get(row["s"], local_name(row["s"])),
                      "o_label": labels.get(row["o"], local_name(row["o"])),
                      "before": before, "cue_text": cue, "after": after})
    entities = sorted(({"iri": iri, "label": labels.get(iri, local_name(iri))} for iri in types),
                      key=lambda e: e["label"].casefold())
    return {"doc_id": doc_id, "iri": graph, **meta, "entities": entities, "evidence": items}


def _unknown_entity():
    from .network import UnknownEntityError
    return UnknownEntityError


def _worker_main(conn, store_path, writable):
    """A worker process: run tasks from the pipe until it closes."""
    logging.basicConfig(level=logging.WARNING)
    kg, opened = None, None
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            op = task["op"]
            if op == "close":
                kg = opened = None
                conn.send(("ok", None))
                continue
            if op == "update":
                conn.send(("ok", _run_update(store_path, task)))
                continue
            if kg is None or opened != task.get("generation"):
                kg = None
                from .store import KnowledgeGraph
                kg = KnowledgeGraph(store_path, read_only=True)
                opened = task.get("generation")
            if op == "query":
                result = _run_query(kg, task)
            elif op == "network":
                result = _network_payload(kg, task)
            elif op == "search":
                from .network import search_entities
                result = search_entities(kg, task["q"], limit=task.get("limit", 20))
            elif op == "document":
                result = document_record(kg, task["doc_id"])
            else:
                raise ValueError(f"unknown task {op!r}")
            conn.send(("ok", result))
        except _unknown_entity() as error:
            conn.send(("missing", str(error)))
        except ValueError as error:
            conn.send(("invalid", str(error)))
        except Exception as error:  # reported to the client as a 500
            log.exception("task failed")
            conn.send(("error", f"{type(error).__name__}: {error}"))


def _worker_fd_main(fd, store_path, writable):
    """Entry point of a worker process: serve tasks over the socket ``fd``."""
    _worker_main(Connection(fd), store_path, writable)


class _Worker:
    """One worker process and the connection to it.

    A plain ``python -c`` subprocess talking over a socket pair, rather than a
    :mod:`multiprocessing` process: that would re-import the caller's main module in every
    worker, which breaks scripts without an ``if __name__ == "__main__"`` guard.
    """

    def __init__(self, store_path, writable=False):
        parent, child = socket.socketpair()
        code = ("import sys; from bilateral_kg.graph.server import _worker_fd_main; "
                "_worker_fd_main(int(sys.argv[1]), sys.argv[2], sys.argv[3] == '1')")
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code, str(child.fileno()), store_path,
                 "1" if writable else "0"],
                pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                close_fds=True)
        finally:
            child.close()
        self.conn = Connection(parent.detach())

    def wait_ready(self, timeout):
        if not self.conn.poll(timeout):
            raise WorkerFailed("worker did not start")
        try:
            message = self.conn.recv()
        except (EOFError, OSError) as error:
            raise WorkerFailed(f"worker died while starting: {error}") from error
        if message[0] != "ready":
            raise WorkerFailed(f"worker said {message!r}")

    def alive(self):
        return self.process.poll() is None

    def call(self, task, timeout):
        try:
            self.conn.send(task)
        except OSError as error:
            raise WorkerFailed(str(error)) from error
        if not self.conn.poll(timeout):
            raise QueryTimeout()
        try:
            return self.conn.recv()
        except (EOFError, OSError) as error:
            raise WorkerFailed(str(error)) from error

    def kill(self):
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class _SharedExclusiveLock:
    """Many readers or one writer; a waiting writer holds off new readers."""

    def __init__(self):
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0

    @contextlib.contextmanager
    def shared(self):
        with self._cond:
            while self._writer or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextlib.contextmanager
    def exclusive(self):
        with self._cond:
            self._writers_waiting += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


def store_signature(path):
    """What changes in an Oxigraph (RocksDB) folder when data is written: names, sizes, times.

    Log files of RocksDB's own are left out: opening read-only does not touch the rest.
    """
    try:
        entries = list(os.scandir(path))
    except OSError:
        return None
    return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries
                        if not e.name.startswith("LOG")))


class QueryPool:
    """Worker processes that run queries against a store opened read-only.

    Parameters
    ----------
    store_path : str
    size : int
        How many queries may run at once.
    timeout : float
        Seconds a task may run before its worker is killed and replaced.
    writable : bool
        Whether updates may be run (by a separate writer process).
    """

    def __init__(self, store_path, size=2, timeout=10.0, writable=False):
        self.store_path = str(store_path)
        self.size = max(1, int(size))
        self.timeout = float(timeout)
        self.writable = writable
        self._idle = queue.Queue()
        self._workers = set()
        self._workers_lock = threading.Lock()
        self._lock = _SharedExclusiveLock()
        self._closed = False
        self._writer = None
        self._writer_lock = threading.Lock()
        self.generation = 0
        self._failed_starts = 0
        self._signature = store_signature(self.store_path)
        self._signature_checked = time.monotonic()
        starting = [self._start_worker() for _ in range(self.size)]
        for worker in starting:
            self._finish_start(worker)

    # -- workers ---------------------------------------------------------------------------
    def _start_worker(self):
        worker = _Worker(self.store_path)
        with self._workers_lock:
            self._workers.add(worker)
        return worker

    def _finish_start(self, worker):
        try:
            worker.wait_ready(60)
        except WorkerFailed:
            log.exception("a query worker failed to start")
            self._discard(worker)
            self._failed_starts += 1
            if not self._closed and self._failed_starts < 5:
                threading.Timer(1.0, self._replace).start()
            return
        self._failed_starts = 0
        if self._closed:
            self._discard(worker)
        else:
            self._idle.put(worker)

    def _replace(self):
        """Start a worker in the background to take a killed one's place."""
        if self._closed:
            return
        worker = self._start_worker()
        threading.Thread(target=self._finish_start, args=(worker,), daemon=True).start()

    def _discard(self, worker):
        worker.kill()
        with self._workers_lock:
            self._workers.discard(worker)

    def _check_store(self):
        now = time.monotonic()
        if now - self._signature_checked < 1.0:
            return
        self._signature_checked = now
        signature = store_signature(self.store_path)
        if signature != self._signature:
            self._signature = signature
            self.generation += 1

    # -- running ---------------------------------------------------------------------------
    def run(self, task, timeout=None):
        """Run a task on a free worker and return its ``(kind, value)`` reply.

        Raises
        ------
        PoolBusy
            When no worker came free within the time limit.
        QueryTimeout
            When the task ran out of time (its worker is then replaced).
        WorkerFailed
            When the worker died.
        """
        if self._closed:
            raise WorkerFailed("the server is shutting down")
        timeout = self.timeout if timeout is None else timeout
        with self._lock.shared():
            self._check_store()
            try:
                worker = self._idle.get(timeout=timeout)
            except queue.Empty:
                raise PoolBusy() from None
            task = {**task, "generation": self.generation}
            try:
                reply = worker.call(task, timeout)
            except (QueryTimeout, WorkerFailed, OSError, BrokenPipeError):
                self._discard(worker)
                self._replace()
                raise
            self._idle.put(worker)
            return reply

    def update(self, text, timeout=None):
        """Run a SPARQL update with the store closed to readers; see the module notes."""
        if not self.writable:
            raise RequestError(403, "Updates are disabled on this endpoint.")
        timeout = self.timeout if timeout is None else timeout
        with self._writer_lock, self._lock.exclusive():
            self._close_reader_stores()
            if self._writer is None or not self._writer.alive():
                self._writer = _Worker(self.store_path, writable=True)
                self._writer.wait_ready(60)
            try:
                reply = self._writer.call({"op": "update", "update": text}, timeout)
            except (QueryTimeout, WorkerFailed):
                self._writer.kill()
                self._writer = None
                raise
            finally:
                self.generation += 1
                self._signature = store_signature(self.store_path)
            return reply

    def _close_reader_stores(self):
        """Have every idle worker drop its store (no query runs: the caller is exclusive)."""
        idle = []
        while True:
            try:
                idle.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in idle:
            try:
                worker.call({"op": "close"}, 10)
                self._idle.put(worker)
            except (QueryTimeout, WorkerFailed, OSError):
                self._discard(worker)
                self._replace()

    def close(self):
        """Stop every worker process."""
        self._closed = True
        with self._workers_lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()
        if self._writer is not None:
            self._writer.kill()
            self._writer = None


# -- the HTTP server ---------------------------------------------------------------------------

class BkgServer(ThreadingHTTPServer):
    """The HTTP server: pages, the SPARQL endpoint and the explorer's JSON API.

    Use :func:`make_server` to build one.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, store_path, host="127.0.0.1", port=0, update_token=None,
                 query_timeout=10.0, result_limit=10000, allow_service=False, workers=2):
        self.store_path = str(store_path)
        self.update_token = update_token or None
        self.query_timeout = float(query_timeout)
        self.result_limit = int(result_limit)
        self.allow_service = bool(allow_service)
        self.loopback_only = host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
        self._cache = OrderedDict()
        self._cache_lock = threading.Lock()
        self._pages = _Pages()
        self.pool = QueryPool(self.store_path, size=workers, timeout=self.query_timeout,
                              writable=self.update_token is not None)
        try:
            super().__init__((host, port), BkgRequestHandler)
        except Exception:
            self.pool.close()
            raise

    @property
    def url(self):
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    def cached(self, key, compute):
        """A bytes result cached per store generation (the explorer's overview)."""
        key = (self.pool.generation, key)
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = compute()
        with self._cache_lock:
            self._cache[key] = value
            while len(self._cache) > 8:
                self._cache.popitem(last=False)
        return value

    def shutdown(self):
        """Stop serving and stop the worker processes."""
        super().shutdown()
        self.pool.close()

    def server_close(self):
        super().server_close()
        self.pool.close()


class _Pages:
    """Templates and static files, read once."""

    def __init__(self):
        from .view import template_environment
        self.env = template_environment()
        self.static = resources.files("bilateral_kg.graph").joinpath("static")
        self.examples = example_queries()

    def render(self, name, **values):
        return self.env.get_template(name).render(**values).encode("utf-8")

    def static_file(self, name):
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
            return None
        entry = self.static.joinpath(name)
        if not entry.is_file():
            return None
        return entry.read_bytes(), _STATIC_TYPES.get(Path(name).suffix, "application/octet-stream")


def _one(params, name, default=None):
    values = params.get(name)
    return values[-1] if values else default


def _float_param(params, name, low=None, high=None):
    value = _one(params, name)
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except ValueError:
        raise RequestError(400, f"{name} must be a number") from None
    if not math.isfinite(number) or (low is not None and number < low) or (high is not None and number > high):
        raise RequestError(400, f"{name} is out of range")
    return number


def _list_param(params, name):
    values = [v for value in params.get(name, []) for v in value.split(",") if v.strip()]
    return [v.strip() for v in values] or None


class BkgRequestHandler(BaseHTTPRequestHandler):
    """Routes requests; see the module documentation for the endpoints."""

    protocol_version = "HTTP/1.1"
    server_version = "bilateral-kg"
    sys_version = ""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        log.info("%s %s", self.address_string(), format % args)

    # -- responses -----------------------------------------------------------------------
    def respond(self, status, body=b"", content_type="text/plain; charset=utf-8", headers=None):
        self.send_response(status)
        for name, value in _SECURITY_HEADERS.items():
            self.send_header(name, value)
        if content_type and status != 204:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 204:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and status != 204:
            self.wfile.write(body)

    def respond_json(self, status, data, headers=None):
        body = data if isinstance(data, bytes) else json.dumps(
            data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.respond(status, body, "application/json; charset=utf-8",
                     {"Cache-Control": "no-store", **(headers or {})})

    def respond_error(self, status, message, headers=None):
        """Errors as JSON for the API, as a page for pages, as text elsewhere."""
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith("/api/"):
            self.respond_json(status, {"error": message}, headers)
        elif path in ("/", "/query", "/document") and self.command == "GET":
            body = self.server._pages.render("error.html", status=status,
                                             reason=HTTPStatus(status).phrase, message=message,
                                             page="")
            self.respond(status, body, "text/html; charset=utf-8", headers)
        else:
            self.respond(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8",
                         headers)

    # -- dispatch --------------------------------------------------------------------------
    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (ConnectionResetError, BrokenPipeError):
            self.close_connection = True

    def do_GET(self):
        self.dispatch("GET")

    def do_HEAD(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_OPTIONS(self):
        self.respond(204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})

    def do_PUT(self):
        self.respond_error(405, "Method not allowed", {"Allow": "GET, HEAD, POST, OPTIONS"})

    do_DELETE = do_PATCH = do_PUT

    def dispatch(self, method):
        try:
            self.check_host()
            parts = urllib.parse.urlsplit(self.path)
            params = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
            route = {
                "/sparql": self.sparql, "/": self.explorer, "/query": self.query_page,
                "/document": self.document_page, "/api/search": self.api_search,
                "/api/neighbourhood": self.api_neighbourhood, "/api/overview": self.api_overview,
                "/api/examples": self.api_examples,
            }.get(parts.path)
            if route is None and parts.path.startswith("/static/") and method == "GET":
                return self.static(parts.path[len("/static/"):])
            if route is None:
                if parts.path == "/favicon.ico":
                    return self.respond(204)
                raise RequestError(404, f"Nothing at {parts.path}")
            if method == "POST" and route != self.sparql:
                raise RequestError(405, "Method not allowed", {"Allow": "GET, HEAD"})
            route(method, params)
        except RequestError as error:
            self.respond_error(error.status, error.message, error.headers)
        except QueryTimeout:
            self.respond_error(503, f"The query ran longer than the time limit of "
                               f"{self.server.query_timeout:g} s and was stopped. Narrow it down "
                               "(a more specific pattern, a LIMIT) or ask the operator for a "
                               "longer limit.", {"Retry-After": "1"})
        except PoolBusy:
            self.respond_error(503, "Every query worker is busy; try again shortly.",
                               {"Retry-After": "2"})
        except WorkerFailed as error:
            self.respond_error(500, f"The query worker failed: {error}")
        except (ConnectionResetError, BrokenPipeError):
            self.close_connection = True
        except Exception as error:  # a bug: say so, keep serving
            log.exception("request failed")
            self.respond_error(500, f"Internal error: {type(error).__name__}")

    def check_host(self):
        """Against DNS rebinding: a loopback server answers loopback host names only."""
        if not self.server.loopback_only:
            return
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        if name not in _LOOPBACK_NAMES and not name.startswith("127."):
            raise RequestError(421, "This server answers requests for localhost only.")

    def read_body(self):
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise RequestError(411, "Send the body with a Content-Length.")
        try:
            length = int(length or 0)
        except ValueError:
            raise RequestError(400, "Bad Content-Length") from None
        if length > MAX_BODY:
            raise RequestError(413, f"The request body is larger than {MAX_BODY} bytes.")
        data = self.rfile.read(length) if length else b""
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise RequestError(400, "The request body is not UTF-8.") from None

    def run_task(self, task, timeout=None):
        kind, value = self.server.pool.run(task, timeout)
        if kind == "ok":
            return value
        if kind == "missing":
            raise RequestError(404, value)
        if kind == "invalid":
            raise RequestError(400, value)
        raise RequestError(500, value)

    # -- SPARQL protocol -------------------------------------------------------------------
    def sparql(self, method, params):
        query = update = None
        if method == "POST":
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            body = self.read_body()
            if content_type == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(body, keep_blank_values=True)
                query, update = _one(form, "query"), _one(form, "update")
                for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri",
                             "using-named-graph-uri", "format", "output"):
                    params.setdefault(name, []).extend(form.get(name, []))
            elif content_type == "application/sparql-query":
                query = body
            elif content_type == "application/sparql-update":
                update = body
            else:
                raise RequestError(415, "POST a query as application/sparql-query, an update as "
                                   "application/sparql-update, or either as a form "
                                   "(application/x-www-form-urlencoded).")
        else:
            query = _one(params, "query")
            if _one(params, "update") is not None:
                raise RequestError(405, "Updates must be sent with POST.", {"Allow": "POST"})
        if query is not None and update is not None:
            raise RequestError(400, "Send either query or update, not both.")
        if update is not None:
            return self.sparql_update(update, params)
        if query is None:
            if "text/html" in (self.headers.get("Accept") or ""):
                return self.respond(303, b"", headers={"Location": "/query"})
            raise RequestError(400, "Missing the query parameter (SPARQL 1.1 Protocol).")
        if not self.server.allow_service and uses_service(query):
            raise RequestError(400, "SERVICE (federated query) is disabled on this endpoint: it "
                               "would make the server send requests elsewhere.")
        graphs = {name: params.get(name, []) for name in ("default-graph-uri", "named-graph-uri")}
        for iri in graphs["default-graph-uri"] + graphs["named-graph-uri"]:
            if not _IRI.match(iri):
                raise RequestError(400, f"Not an IRI: {iri!r}") from None
        task = {"op": "query", "query": query, "accept": self.headers.get("Accept"),
                "format": _one(params, "format") or _one(params, "output"),
                "limit": self.server.result_limit, "default_graphs": graphs["default-graph-uri"],
                "named_graphs": graphs["named-graph-uri"]}
        status, content_type, body, headers = self.run_task(task)
        headers = {**headers, "Vary": "Accept", "Cache-Control": "no-store"}
        self.respond(status, body, content_type, headers)

    def sparql_update(self, update, params):
        token = self.server.update_token
        if token is None:
            raise RequestError(403, "Updates are disabled on this endpoint. Start the server with "
                               "an update token to allow them.")
        given = (self.headers.get("Authorization") or "")
        scheme, _, credentials = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(credentials.strip().encode(),
                                                                 token.encode()):
            raise RequestError(403, "Updates need the header 'Authorization: Bearer <token>' with "
                               "the server's update token.")
        if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
            raise RequestError(400, "using-graph-uri and using-named-graph-uri are not supported: "
                               "write USING in the update.")
        if not self.server.allow_service and (uses_service(update) or uses_load(update)):
            raise RequestError(400, "SERVICE and LOAD are disabled on this endpoint: they would "
                               "make the server send requests elsewhere.")
        kind, value = self.server.pool.update(update)
        if kind != "ok":
            raise RequestError(500, value)
        status, content_type, body, headers = value
        self.respond(status, body, content_type, headers)

    # -- pages ------------------------------------------------------------------------------
    def explorer(self, method, params):
        from .view import page_styles, script_json, vis_options
        from markupsafe import Markup
        config = {"mode": "server", "styles": page_styles(), "options": vis_options(2000, 4000)}
        body = self.server._pages.render("explorer.html", title="bilateral-kg explorer", nav=True,
                                         config=Markup(script_json(config)), counts=None)
        self.respond(200, body, "text/html; charset=utf-8", {"Cache-Control": "no-store"})

    def query_page(self, method, params):
        from .view import script_json
        from markupsafe import Markup
        pages = self.server._pages
        examples = pages.examples
        query = _one(params, "query")
        if query is None:
            chosen = _one(params, "example")
            match = [e for e in examples if e["name"] == chosen] or examples[:1]
            query = match[0]["query"] if match else "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
        config = {"examples": examples, "prefixes": PREFIXES,
                  "entity_base": "https://w3id.org/bilateral-kg/id/",
                  "document_base": "https://w3id.org/bilateral-kg/doc/"}
        body = pages.render("query.html", page="query", title="SPARQL", query=query,
                            examples=examples, prefixes=sorted(PREFIXES),
                            result_limit=self.server.result_limit,
                            timeout=f"{self.server.query_timeout:g}",
                            config=Markup(script_json(config)))
        self.respond(200, body, "text/html; charset=utf-8", {"Cache-Control": "no-store"})

    def document_page(self, method, params):
        doc_id = _one(params, "id")
        if not doc_id:
            raise RequestError(400, "Which document? Give ?id=")
        record = self.run_task({"op": "document", "doc_id": doc_id})
        if record is None:
            raise RequestError(404, f"No document {doc_id!r} in this knowledge graph.")
        body = self.server._pages.render("document.html", page="document", doc=record,
                                         title=record.get("title") or doc_id)
        self.respond(200, body, "text/html; charset=utf-8", {"Cache-Control": "no-store"})

    def static(self, name):
        found = self.server._pages.static_file(name)
        if found is None:
            raise RequestError(404, f"No static file {name!r}")
        body, content_type = found
        self.respond(200, body, content_type, {"Cache-Control": "max-age=300"})

    # -- JSON API ---------------------------------------------------------------------------
    def network_task(self, params, **extra):
        depth = _float_param(params, "depth", 0, 3)
        return {"op": "network", "min_confidence": _float_param(params, "min_confidence", 0, 1),
                "relations": _list_param(params, "relations"),
                "classes": _list_param(params, "classes"),
                "depth": int(depth) if depth is not None else 1, **extra}

    def api_overview(self, method, params):
        max_nodes = _float_param(params, "max_nodes", 1, 20000)
        task = self.network_task(params, max_nodes=int(max_nodes or OVERVIEW_NODES))
        key = json.dumps(task, sort_keys=True)
        body = self.server.cached(key, lambda: self.run_task(task, self.server.query_timeout * 6))
        self.respond_json(200, body)

    def api_neighbourhood(self, method, params):
        focus = _one(params, "iri") or _one(params, "focus")
        if not focus:
            raise RequestError(400, "Which entity? Give ?iri= (an IRI, a key or a name).")
        task = self.network_task(params, focus=focus, max_nodes=NEIGHBOURHOOD_NODES)
        self.respond_json(200, self.run_task(task))

    def api_search(self, method, params):
        text = (_one(params, "q") or "").strip()
        if not text:
            return self.respond_json(200, {"results": []})
        limit = int(_float_param(params, "limit", 1, 100) or 20)
        self.respond_json(200, {"results": self.run_task({"op": "search", "q": text[:200],
                                                          "limit": limit})})

    def api_examples(self, method, params):
        self.respond_json(200, {"examples": self.server._pages.examples})


def make_server(store_path, host="127.0.0.1", port=0, update_token=None, query_timeout=10.0,
                result_limit=10000, allow_service=False, workers=2):
    """A ready HTTP server for a store (not serving yet: call ``serve_forever()``).

    Parameters
    ----------
    store_path : str or path-like
        An existing store folder (``bkg ingest`` makes one).
    host, port : str, int
        Where to listen; port 0 takes a free port (see ``server.server_address``).
    update_token : str, optional
        Allow SPARQL updates from requests that carry ``Authorization: Bearer <token>``.
    query_timeout : float
        Seconds a query may run before it is stopped (503).
    result_limit : int
        Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) a response carries.
    allow_service : bool
        Allow ``SERVICE`` in queries and ``LOAD`` in updates (outgoing requests).
    workers : int
        How many queries may run at once (one process each).

    Returns
    -------
    BkgServer
        With ``server_address``, ``url``, ``serve_forever()``, ``shutdown()`` and
        ``server_close()``.

    Raises
    ------
    FileNotFoundError
        When there is no store at ``store_path``.
    """
    path = Path(store_path)
    if not path.exists():
        if update_token is None:
            raise FileNotFoundError(f"no knowledge graph at {path}: run `bkg ingest` first")
        from .store import KnowledgeGraph
        kg = KnowledgeGraph(str(path))
        kg.flush()
        del kg
    return BkgServer(str(path), host=host, port=port, update_token=update_token,
                     query_timeout=query_timeout, result_limit=result_limit,
                     allow_service=allow_service, workers=workers)


def serve(store_path, host="127.0.0.1", port=8000, update_token=None, query_timeout=10.0,
          result_limit=10000, allow_service=False, workers=2, open_browser=False):
    """Serve a store until interrupted (Ctrl+C); the arguments are those of :func:`make_server`."""
    server = make_server(store_path, host=host, port=port, update_token=update_token,
                         query_timeout=query_timeout, result_limit=result_limit,
                         allow_service=allow_service, workers=workers)
    print(f"Serving {store_path} at {server.url} (SPARQL endpoint: {server.url}sparql); "
          "Ctrl+C stops.", flush=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print("Warning: listening beyond this machine; anyone who reaches it can query the graph.",
              flush=True)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(server.url,)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
