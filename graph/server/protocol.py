"""The SPARQL 1.1 Protocol without a parser: what a request asks for, and in which format.

Reading SPARQL text
    :func:`keywords`, :func:`uses_service`, :func:`uses_load` find the bare words of a query
    or update (outside comments, strings and IRIs, after ``\\u`` escapes are resolved), so
    the server can refuse ``SERVICE`` and ``LOAD`` before any worker parses the text.
Content negotiation
    :func:`parse_accept`, :func:`negotiate`, :func:`choose_type` and the media-type tables
    pick the result format from ``Accept`` or ``format=``; :func:`content_type_header` says
    it back.
"""
from __future__ import annotations

import re

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
#: What SELECT and ASK results may be sent as, the server's preference first.
RESULT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values", "application/json",
                "application/xml", "text/xml"]
#: What CONSTRUCT and DESCRIBE results may be sent as, the server's preference first.
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json",
               "application/rdf+xml", "text/plain"]

#: An absolute IRI as SPARQL writes it between angle brackets (RFC 3987, loosely).
IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$')


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


#: Deepest nesting of ``{ }``, ``( )`` and ``[ ]`` a query or update may have. The SPARQL
#: parser recurses per level; thousands of levels would overflow a worker's stack.
MAX_NESTING = 200


def nesting_depth(text):
    """How deeply brackets nest in a SPARQL text, outside comments, strings and IRIs.

    >>> nesting_depth("SELECT * WHERE { ?s ?p ?o FILTER((?o > 1)) }")
    3
    >>> nesting_depth("SELECT * WHERE { ?s ?p '{{{{' } # {{{{")
    1
    """
    depth = deepest = 0
    for match in _LEXEME.finditer(unescape_codepoints(text)):
        char = match.group("other")
        if char is None:
            continue
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth = max(0, depth - 1)
    return deepest


def check_nesting(text, what="query"):
    """Raise :class:`RequestError` (400) when brackets nest deeper than :data:`MAX_NESTING`.

    >>> check_nesting("ASK {}")
    >>> check_nesting("ASK " + "{" * 500)
    Traceback (most recent call last):
    ...
    bilateral_kg.graph.server.protocol.RequestError: The query is nested 500 levels deep; at most 200 are allowed.
    """
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise RequestError(400, f"The {what} is nested {depth} levels deep; at most "
                                f"{MAX_NESTING} are allowed.")


# -- the Host header ----------------------------------------------------------------------------

#: Host names a server on loopback always answers to.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[^\s:\[\]/@]+)(?::[0-9]{1,5})?")


def host_name(header):
    """The name of a ``Host`` header (lower case, IPv6 in brackets), or None if malformed.

    >>> host_name("LocalHost:7878"), host_name("[::1]:80"), host_name("a:b:c")
    ('localhost', '[::1]', None)
    """
    match = _HOST.fullmatch((header or "").strip())
    return match.group(1).lower() if match else None


def allowed_hosts(*names):
    """The ``Host`` names a server answers to: the loopback names and ``names`` (its own).

    >>> sorted(allowed_hosts("127.0.0.2", "::1"))
    ['127.0.0.1', '127.0.0.2', '[::1]', 'localhost']
    """
    own = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names if n}
    return LOOPBACK_NAMES | {n.lower() for n in own}


def host_allowed(header, allowed):
    """Whether a request's ``Host`` header names one of ``allowed`` exactly (any port).

    >>> names = allowed_hosts("127.0.0.1")
    >>> host_allowed("127.0.0.1:7878", names), host_allowed("localhost", names)
    (True, True)
    >>> host_allowed("127.evil.com", names), host_allowed("127.0.0.1.evil.com:80", names)
    (False, False)
    """
    return host_name(header) in allowed


# -- content negotiation ----------------------------------------------------------------------

def parse_accept(header):
    """``Accept`` as ``[(media range, q)]``, best first; ranges with ``q=0`` are dropped.

    A comma separates media ranges; a quality value that is not a number from 0 to 1 is
    ignored (the range counts as ``q=1``), as a server should rather answer than refuse.

    >>> parse_accept("text/csv;q=0.5, application/sparql-results+json")
    [('application/sparql-results+json', 1.0), ('text/csv', 0.5)]
    >>> parse_accept("application/ld+json,application/x-json+ld")
    [('application/ld+json', 1.0), ('application/x-json+ld', 1.0)]
    >>> parse_accept("*/*;q=abc, text/csv;q=0")
    [('*/*', 1.0)]
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
                quality = _quality(value)
        if quality > 0:
            ranges.append((media, quality, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, quality) for media, quality, _ in ranges]


def _quality(value):
    """A ``q`` parameter's value; 1.0 unless it is a number from 0 to 1.

    >>> _quality("0.3"), _quality("abc"), _quality("nan"), _quality("7"), _quality("")
    (0.3, 1.0, 1.0, 1.0, 1.0)
    """
    try:
        quality = float(value.strip())
    except ValueError:
        return 1.0
    return quality if 0.0 <= quality <= 1.0 else 1.0


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

