"""The HTTP server for one store: :class:`BkgServer`, :func:`make_server`, :func:`serve`."""
from __future__ import annotations

import contextlib
import socket
import threading
import webbrowser
from collections import OrderedDict
from http.server import ThreadingHTTPServer
from pathlib import Path

from ..backends import is_remote
from ..serving import mark_served, unmark_served
from .handler import BkgRequestHandler
from .pages import SECURITY_HEADERS, Pages
from .protocol import allowed_hosts
from .workers import QueryPool

#: Addresses that listen on every interface: the server cannot know the names it is reached by.
_WILDCARDS = ("", "0.0.0.0", "::", "[::]")
_REFUSED = b"Too many open connections to this server; try again shortly.\n"


class BkgServer(ThreadingHTTPServer):
    """The HTTP server: pages, the SPARQL endpoint and the explorer's JSON API.

    Use :func:`make_server` to build one.

    Parameters
    ----------
    store_path : str
        An existing store folder.
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
    worker_memory : int
        Megabytes of address space each query worker may use; a query that needs more is
        stopped (503) and its worker replaced. 0 or None: no limit.
    queue_timeout : float, optional
        Seconds a request waits for a free worker before 503 with ``Retry-After``;
        ``query_timeout`` if None.
    idle_timeout : float
        Seconds a connection may stay silent (idle between requests, or half-sent) before
        it is closed.
    max_connections : int
        Connections served at once (one thread each); further ones get 503 at once.

    Notes
    -----
    Against DNS rebinding, a request is answered only if its ``Host`` header names the
    server: ``localhost``, ``127.0.0.1``, ``[::1]``, ``host`` as given or the bound address,
    with any port; other names get 421. A server bound to every interface (``0.0.0.0``)
    cannot know its names and answers any ``Host``.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, store_path, host="127.0.0.1", port=0, update_token=None,
                 query_timeout=10.0, result_limit=10000, allow_service=False, workers=2,
                 worker_memory=1024, queue_timeout=None, idle_timeout=20.0, max_connections=64):
        self.store_path = str(store_path)
        self.update_token = update_token or None
        self.query_timeout = float(query_timeout)
        self.result_limit = int(result_limit)
        self.allow_service = bool(allow_service)
        self.worker_memory = int(worker_memory or 0)
        self.idle_timeout = float(idle_timeout)
        self._connections = threading.BoundedSemaphore(max(1, int(max_connections)))
        self._cache = OrderedDict()
        self._cache_lock = threading.Lock()
        self._pages = Pages()
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.pool = QueryPool(self.store_path, size=workers, timeout=self.query_timeout,
                              writable=self.update_token is not None,
                              memory_mb=self.worker_memory, queue_timeout=queue_timeout)
        try:
            super().__init__((host.strip("[]"), port), BkgRequestHandler)
        except Exception:
            self.pool.close()
            raise
        bound = self.server_address[0]
        self.allowed_hosts = (None if host.strip("[]") in _WILDCARDS
                              else allowed_hosts(host.strip("[]").lower(), bound))
        self.remote = is_remote(self.store_path)
        if not self.remote:
            mark_served(self.store_path, self.url)  # writers elsewhere refuse while it is there

    @property
    def url(self):
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"

    def cached(self, key, compute):
        """A bytes result cached per store generation (the explorer's overview).

        A remote store's changes cannot be seen from here, so nothing of it is cached.
        """
        if self.remote:
            return compute()
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

    # -- connections ------------------------------------------------------------------------
    def process_request(self, request, client_address):
        """Serve a connection in a thread of its own, or refuse it (503) when all are taken."""
        if not self._connections.acquire(blocking=False):
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except Exception:
            self._connections.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def _refuse(self, request):
        headers = {**SECURITY_HEADERS, "Content-Type": "text/plain; charset=utf-8",
                   "Content-Length": str(len(_REFUSED)), "Retry-After": "2",
                   "Connection": "close"}
        head = "HTTP/1.1 503 Service Unavailable\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
        with contextlib.suppress(OSError):
            request.settimeout(0.5)  # the accepting thread must not wait on a slow client
            request.sendall(head.encode("ascii") + _REFUSED)
        self.shutdown_request(request)

    def shutdown(self):
        """Stop serving and stop the worker processes."""
        super().shutdown()
        self.pool.close()

    def server_close(self):
        super().server_close()
        self.pool.close()
        if not self.remote:
            unmark_served(self.store_path)


def make_server(store_path, host="127.0.0.1", port=0, update_token=None, **options):
    """A ready HTTP server for a store (not serving yet: call ``serve_forever()``).

    Parameters
    ----------
    store_path : str or path-like
        An existing store folder (``bkg ingest`` makes one). With an ``update_token`` a
        missing store is created empty. An ``http(s)://`` URL serves a SPARQL 1.1 server's
        store (each worker talks to it; the explorer's overview is then not cached).
    host, port, update_token
        As for :class:`BkgServer`.
    **options
        The other options of :class:`BkgServer`: ``query_timeout``, ``result_limit``,
        ``allow_service``, ``workers``, ``worker_memory``, ``queue_timeout``,
        ``idle_timeout``, ``max_connections``.

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
    if is_remote(str(store_path)):
        return BkgServer(str(store_path), host=host, port=port, update_token=update_token,
                         **options)
    path = Path(store_path)
    if not path.exists():
        if update_token is None:
            raise FileNotFoundError(f"no knowledge graph at {path}: run `bkg ingest` first")
        from ..store import KnowledgeGraph

        kg = KnowledgeGraph(str(path))
        kg.flush()
        del kg
    return BkgServer(str(path), host=host, port=port, update_token=update_token, **options)


def serve(store_path, host="127.0.0.1", port=8000, open_browser=False, **options):
    """Serve a store until interrupted (Ctrl+C); the arguments are those of :func:`make_server`."""
    server = make_server(store_path, host=host, port=port, **options)
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
