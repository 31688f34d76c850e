"""Starting a server on loopback and talking to it over real HTTP, for the server tests."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

from bilateral_kg.graph.server import make_server

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

