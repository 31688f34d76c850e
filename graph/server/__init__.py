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
    RDF/XML. The default graph is the merge of all graphs (each statement once) and the
    project's prefixes are predeclared, as with :meth:`KnowledgeGraph.query`; ``default-graph-uri`` and
    ``named-graph-uri`` narrow the dataset.
``/api/overview``, ``/api/neighbourhood?iri=``, ``/api/search?q=``, ``/api/examples``
    JSON for the explorer.

How queries run
---------------
The serving process never opens the store. Every query runs in one of ``workers`` worker
processes, each holding the store open read-only. A query that outlives ``query_timeout``
has its worker killed and replaced, and gets 503 (others keep being served by the other
workers); so does a query that needs more than ``worker_memory`` MB (each worker's address
space is capped with ``RLIMIT_AS``: a ``GROUP_CONCAT`` over a cross join would otherwise
grow it to gigabytes). A request that waits ``queue_timeout`` seconds for a free worker
gets 503 with ``Retry-After``. Results beyond ``result_limit`` rows or triples are cut,
which the ``X-Result-Truncated`` header says. ``SERVICE`` (federated queries, which would
make the server send requests) and ``LOAD`` are refused unless ``allow_service``; a query
or update nested deeper than 200 brackets gets 400 before any worker parses it.

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
Binds 127.0.0.1 by default and answers only requests whose ``Host`` names the server
exactly (against DNS rebinding): ``localhost``, ``127.0.0.1``, ``[::1]``, the address it is
bound to or the name it was given, with any port; others get 421. (Bound to every
interface, ``0.0.0.0``, it cannot know its names and answers any.) A connection that stays
idle or half-sent for ``idle_timeout`` seconds is closed, and at most ``max_connections``
are served at once (one thread each); further ones get 503. Every page is served with a strict
Content-Security-Policy (scripts and styles from the server only, no inline script), all
assets come from ``graph/static`` and every text from documents is escaped by Jinja or
inserted with ``textContent``.

Modules
-------
:mod:`.protocol`
    Reading SPARQL text without parsing it (``SERVICE``, ``LOAD``) and content negotiation.
:mod:`.tasks`
    What a worker runs: a query, an update, the explorer's networks, a search, a document.
:mod:`.workers`
    The worker processes, their pool and the lock that keeps updates exclusive.
:mod:`.pages`
    Templates, static files, example queries and the security headers.
:mod:`.handler`
    The request handler: routes, the SPARQL protocol, pages and the JSON API.
:mod:`.app`
    :class:`BkgServer`, :func:`make_server` and :func:`serve`.
"""
from __future__ import annotations

from .app import BkgServer, make_server, serve
from .handler import BkgRequestHandler
from .pages import example_queries
from .protocol import (
    CANONICAL_TYPES, FORMAT_ALIASES, GRAPH_TYPES, RESULT_TYPES, RequestError, choose_type,
    content_type_header, keywords, negotiate, parse_accept, unescape_codepoints, uses_load,
    uses_service,
)
from ..records import split_cue
from .tasks import document_record
from .workers import (
    MemoryExceeded, PoolBusy, QueryPool, QueryTimeout, WorkerFailed, _worker_fd_main, store_signature,
)

__all__ = [
    "make_server", "serve", "BkgServer", "BkgRequestHandler", "example_queries", "negotiate",
    "parse_accept", "choose_type", "content_type_header", "keywords", "uses_service",
    "uses_load", "unescape_codepoints", "QueryTimeout", "PoolBusy", "WorkerFailed", "MemoryExceeded",
    "RequestError", "QueryPool", "store_signature", "document_record", "split_cue",
    "CANONICAL_TYPES", "FORMAT_ALIASES", "RESULT_TYPES", "GRAPH_TYPES", "_worker_fd_main",
]
