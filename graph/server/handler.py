"""The HTTP request handler: routes, the SPARQL endpoint, the pages and the explorer's API.

One :class:`BkgRequestHandler` per connection, in a thread of
:class:`~bilateral_kg.graph.server.app.BkgServer`; every task that needs the store goes to
the server's :class:`~bilateral_kg.graph.server.workers.QueryPool`.
"""
from __future__ import annotations

import hmac
import json
import logging
import math
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler

from ..rdf import PREFIXES
from ..records import ALL_RELATIONS
from .pages import SECURITY_HEADERS
from .protocol import IRI, RequestError, check_nesting, host_allowed, uses_load, uses_service
from .workers import MemoryExceeded, PoolBusy, QueryTimeout, WorkerFailed

log = logging.getLogger("bilateral_kg.server")

#: Bodies larger than this are refused (413).
MAX_BODY = 8 * 1024 * 1024
#: The explorer's first view shows at most this many entities (the most connected).
OVERVIEW_NODES = 1500
#: A neighbourhood sent to the explorer holds at most this many entities.
NEIGHBOURHOOD_NODES = 3000
#: Paths answered with HTML pages (errors too).
PAGES = ("/", "/query", "/document", "/dyad", "/entity")


class UnknownName(RequestError):
    """A page's name matched no entity: a 404 whose page links the near names."""

    def __init__(self, message, links):
        super().__init__(404, message)
        self.links = links
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
        for name, value in SECURITY_HEADERS.items():
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

    def respond_error(self, status, message, headers=None, suggestions=None):
        """Errors as JSON for the API, as a page for pages, as text elsewhere; on a page,
        ``suggestions`` (``{label, href}``) are listed as links."""
        path = urllib.parse.urlsplit(self.path).path
        if path.startswith("/api/"):
            self.respond_json(status, {"error": message}, headers)
        elif path in PAGES and self.command == "GET":
            body = self.server._pages.render("error.html", status=status,
                                             reason=HTTPStatus(status).phrase, message=message,
                                             page="", suggestions=suggestions or [])
            self.respond(status, body, "text/html; charset=utf-8", headers)
        else:
            self.respond(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8",
                         headers)

    # -- dispatch --------------------------------------------------------------------------
    def setup(self):
        """Give the connection the server's idle timeout (reads and writes alike)."""
        self.timeout = self.server.idle_timeout
        super().setup()

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
                "/api/evidence": self.api_evidence,
                "/api/examples": self.api_examples, "/dyad": self.dyad_page,
                "/entity": self.entity_page,
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
        except UnknownName as error:
            self.respond_error(404, error.message, suggestions=error.links)
        except RequestError as error:
            self.respond_error(error.status, error.message, error.headers)
        except QueryTimeout:
            self.respond_error(503, f"The query ran longer than the time limit of "
                               f"{self.server.query_timeout:g} s and was stopped. Narrow it down "
                               "(a more specific pattern, a LIMIT) or ask the operator for a "
                               "longer limit.", {"Retry-After": "1"})
        except MemoryExceeded:
            self.respond_error(503, f"The query exceeded the worker memory limit of "
                               f"{self.server.worker_memory} MB and was stopped. Narrow it down "
                               "(fewer rows to aggregate, a LIMIT).")
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
        """Against DNS rebinding: answer only requests whose ``Host`` names this server."""
        allowed = self.server.allowed_hosts
        if allowed is None or host_allowed(self.headers.get("Host"), allowed):
            return
        raise RequestError(421, "This server answers requests whose Host header is one of "
                           + ", ".join(sorted(allowed)) + " (with any port).")

    def read_body(self):
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise RequestError(411, "Send the body with a Content-Length.")
        try:
            length = int(length or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True  # where the next request starts is unknown
            raise RequestError(400, "Bad Content-Length: give the body's size in bytes.")
        if length > MAX_BODY:
            self.close_connection = True
            raise RequestError(413, f"The request body is larger than {MAX_BODY} bytes.")
        try:
            data = self.rfile.read(length) if length else b""
        except TimeoutError:
            self.close_connection = True
            raise RequestError(408, "The request body did not arrive in time.") from None
        if len(data) < length:
            self.close_connection = True
            raise RequestError(400, "The request body is shorter than its Content-Length.")
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
    def sparql_operation(self, method, params):
        """``(query, update)`` of a SPARQL request, one of them None; form fields join ``params``."""
        if method != "POST":
            if _one(params, "update") is not None:
                raise RequestError(405, "Updates must be sent with POST.", {"Allow": "POST"})
            return _one(params, "query"), None
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        body = self.read_body()
        if content_type not in ("application/x-www-form-urlencoded", "application/sparql-query",
                                "application/sparql-update"):
            raise RequestError(415, "POST a query as application/sparql-query, an update as "
                               "application/sparql-update, or either as a form "
                               "(application/x-www-form-urlencoded).")
        if content_type == "application/sparql-query":
            return body, None
        if content_type == "application/sparql-update":
            return None, body
        form = urllib.parse.parse_qs(body, keep_blank_values=True)
        for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri",
                     "using-named-graph-uri", "format", "output"):
            params.setdefault(name, []).extend(form.get(name, []))
        return _one(form, "query"), _one(form, "update")

    def sparql(self, method, params):
        query, update = self.sparql_operation(method, params)
        if query is not None and update is not None:
            raise RequestError(400, "Send either query or update, not both.")
        if update is not None:
            return self.sparql_update(update, params)
        if query is None:
            if "text/html" in (self.headers.get("Accept") or ""):
                return self.respond(303, b"", headers={"Location": "/query"})
            raise RequestError(400, "Missing the query parameter (SPARQL 1.1 Protocol).")
        check_nesting(query, "query")
        if not self.server.allow_service and uses_service(query):
            raise RequestError(400, "SERVICE (federated query) is disabled on this endpoint: it "
                               "would make the server send requests elsewhere.")
        graphs = {name: params.get(name, []) for name in ("default-graph-uri", "named-graph-uri")}
        for iri in graphs["default-graph-uri"] + graphs["named-graph-uri"]:
            if not IRI.match(iri):
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
        check_nesting(update, "update")
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
        from ..pages import page_styles, script_json, vis_options
        from markupsafe import Markup
        config = {"mode": "server", "styles": page_styles(), "options": vis_options(2000, 4000)}
        body = self.server._pages.render("explorer.html", title="bilateral-kg explorer", nav=True,
                                         config=Markup(script_json(config)), counts=None)
        self.respond(200, body, "text/html; charset=utf-8", {"Cache-Control": "no-store"})

    def query_page(self, method, params):
        from ..pages import script_json
        from markupsafe import Markup
        pages = self.server._pages
        examples = pages.examples
        query = _one(params, "query")
        if query is None:
            chosen = _one(params, "example")
            match = [e for e in examples if e["name"] == chosen] or examples[:1]
            query = match[0]["query"] if match else "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
        config = {"examples": examples, "prefixes": PREFIXES, "terms": pages.terms,
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

    def render_page(self, template, **values):
        body = self.server._pages.render(template, **values)
        self.respond(200, body, "text/html; charset=utf-8", {"Cache-Control": "no-store"})

    def page_task(self, task, param, params):
        """Run a page's task; a name that matches nothing is a 404 linking the near names."""
        record = self.run_task(task)
        if "missing" in record:
            links = [{"label": name, "href": "?" + urllib.parse.urlencode(
                {**{k: v[-1] for k, v in params.items()}, param(record["missing"]): name})}
                for name in record["suggestions"]]
            raise UnknownName(f"No entity in this knowledge graph is called "
                              f"{record['missing']!r}." + (" Did you mean:" if links else ""), links)
        return record

    def dyad_page(self, method, params):
        a, b = (_one(params, k, "").strip()[:200] for k in ("a", "b"))
        values = {"page": "dyad", "a_text": a, "b_text": b, "min_confidence": None,
                  "states": self.server._pages.state_names()}
        if not a and not b:
            return self.render_page("dyad.html", title="Two states", dyad=None, **values)
        if not a or not b:
            raise RequestError(400, "Which two states? Give both ?a= and ?b= (an ISO3 code, a "
                               "name or an IRI each).")
        officials = (_one(params, "officials") or "yes") != "no"
        values["min_confidence"] = _float_param(params, "min_confidence", 0, 1)
        task = {"op": "dyad", "a": a, "b": b, "officials": officials,
                "min_confidence": values["min_confidence"]}
        asked = {a: "a", b: "b"}
        dyad = self.page_task(task, lambda name: asked.get(name, "a"), params)
        title = f"{dyad['labels'][dyad['a']]} and {dyad['labels'][dyad['b']]}"
        # The form shows what was found, briefly: the ISO3 code of a state, else its label.
        for side in ("a", "b"):
            iri = dyad[side]
            code = iri.rsplit("/country/", 1)[-1] if "/id/country/" in iri else None
            values[side + "_text"] = code or dyad["labels"][iri]
        self.render_page("dyad.html", title=title, dyad=dyad, **values)

    def entity_page(self, method, params):
        focus = (_one(params, "iri") or "").strip()[:500]
        if not focus:
            raise RequestError(400, "Which entity? Give ?iri= (an IRI, a key like country/CHN, "
                               "an ISO3 code or a name).")
        page = _float_param(params, "page", 1, 1e9)
        record = self.page_task({"op": "entity", "iri": focus, "page": int(page or 1)},
                                lambda name: "iri", params)
        self.render_page("entity.html", page="entity", title=record["label"], entity=record)

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

    def api_evidence(self, method, params):
        """One relation's evidence, best first, a page at a time: ``?s=&p=&o=&offset=&limit=``."""
        subject, relation, obj = (_one(params, name) for name in ("s", "p", "o"))
        if not (subject and relation and obj):
            raise RequestError(400, "Which relation? Give ?s= and ?o= (entity IRIs) and ?p= "
                                    "(a relation name such as supports).")
        relation = relation.rsplit("#", 1)[-1]
        if relation not in ALL_RELATIONS:
            raise RequestError(400, f"Unknown relation {relation!r}.")
        for iri in (subject, obj):
            if not IRI.match(iri):
                raise RequestError(400, f"Not an IRI: {iri!r}.")
        task = {"op": "evidence", "s": subject, "p": relation, "o": obj,
                "offset": int(_float_param(params, "offset", 0, 10**9) or 0),
                "limit": int(_float_param(params, "limit", 1, 200) or 20)}
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

