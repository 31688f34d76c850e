"""The HTTP server for one store: :class:`BkgServer`, :func:`make_server`, :func:`serve`."""
from __future__ import annotations

import threading
import webbrowser
from collections import OrderedDict
from http.server import ThreadingHTTPServer
from pathlib import Path

from .handler import BkgRequestHandler
from .pages import Pages
from .workers import QueryPool


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
        self._pages = Pages()
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
        from ..store import KnowledgeGraph
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
