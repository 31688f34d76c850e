"""A query that sees only readings at or above a confidence, rewritten instead of copied.

``bkg query --min-confidence T`` means what :class:`~.confidence.ConfidenceFilter` means
for exports: a document's relation triple is seen while one of its evidence nodes (in the
same graph) reaches ``T``; evidence and summary nodes below ``T`` are not seen at all
(neither their own triples nor the ``bkg:evidence`` links to them); everything else is.

Rather than copying what passes into a store of its own (a cost that grows with the
store), each triple pattern of the query's ``WHERE`` clause (its ``OPTIONAL``, ``UNION``,
``MINUS``, ``GRAPH``, ``EXISTS`` and sub-query groups too) gets a ``FILTER`` in its own
group that asks the store the question about that one triple. Such a filter costs a few
index lookups per solution, whatever the size of the store. ``EXISTS`` is evaluated in the
pattern's active graph, so a pattern inside ``GRAPH ?g { }`` is judged by the evidence of
``?g`` and one over the default graph (every document's statements) by anyone's.

The rewrite reads the query with a small tokenizer of its own: the SPARQL grammar is only
followed as far as finding groups and their triple patterns, and what it cannot judge (a
property path through a relation, a blank node that a filter would have to name,
``DESCRIBE``) is refused with a :class:`ConfidenceQueryError` that says what to write
instead, never answered unfiltered.

>>> vocabulary = ConfidenceVocabulary(relations={"http://x/supports": ()},
...                                   kept_graphs=("http://x/kb",))
>>> text = confident_query("SELECT ?a WHERE { ?a <http://x/supports> ?b }", 0.9, vocabulary)
>>> text.count("FILTER"), "0.9" in text
(2, True)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

_TOKEN = re.compile(r"""
    (?P<space>\s+|\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7]+)
  | (?P<bnode>_:[\w.-]*)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w:%-]|\\.|\.(?=[\w:%-]))*)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>\d*\.\d+(?:[eE][+-]?\d+)?|\d+(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][\w-]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;|/^*+?!=<>-])
""", re.VERBOSE)

_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class ConfidenceQueryError(ValueError):
    """A query that ``--min-confidence`` cannot filter as written (the message says why)."""


@dataclass(frozen=True)
class ConfidenceVocabulary:
    """What the rewrite must know of the graph's terms.

    Parameters
    ----------
    relations : dict
        Each relation predicate IRI -> the IRIs of its refinements (whose evidence also
        supports it: ``opposes`` -> ``condemns``...).
    kept_graphs : iterable of str
        Graphs whose relation triples are knowledge, not readings (the KB): always seen.
    confidence, evidence_class, evidence_link, best_confidence : str
        The IRIs of ``bkg:confidence``, ``bkg:Evidence``, ``bkg:evidence`` and the summary
        nodes' ``sum:bestConfidence``.
    node_predicates : iterable of str
        Predicates that evidence and summary nodes carry (a pattern with one of them may
        be about a node below the threshold); ``node_namespaces`` their namespaces.
    """

    relations: dict
    kept_graphs: tuple = ()
    confidence: str = "https://w3id.org/bilateral-kg/ontology#confidence"
    evidence_class: str = "https://w3id.org/bilateral-kg/ontology#Evidence"
    evidence_link: str = "https://w3id.org/bilateral-kg/ontology#evidence"
    best_confidence: str = "https://w3id.org/bilateral-kg/summary#bestConfidence"
    node_predicates: frozenset = frozenset()
    node_namespaces: tuple = ()
    prefixes: dict = field(default_factory=dict)

    def concerns_nodes(self, predicate):
        """Whether a triple with this predicate may be an evidence or summary node's."""
        return (predicate in self.node_predicates
                or any(predicate.startswith(ns) for ns in self.node_namespaces))


@dataclass
class _Token:
    kind: str
    text: str
    start: int

    @property
    def word(self):
        return self.text.upper() if self.kind == "name" else None


@dataclass
class _Term:
    text: str | None  # None: an anonymous node ([ ... ] or a collection)
    kind: str


@dataclass
class _Pattern:
    subject: _Term
    predicate: _Term  # kind "path" for a property path
    object: _Term
    path_iris: tuple = ()


def tokenize(sparql):
    """The query's tokens, comments and spaces left out.

    >>> [t.text for t in tokenize("SELECT * { ?s a bkg:Country . } # all states")]
    ['SELECT', '*', '{', '?s', 'a', 'bkg:Country', '.', '}']
    """
    tokens, position = [], 0
    while position < len(sparql):
        match = _TOKEN.match(sparql, position)
        if match is None:
            raise ConfidenceQueryError(
                f"--min-confidence could not read the query at {sparql[position:position + 20]!r}")
        if match.lastgroup != "space":
            tokens.append(_Token(match.lastgroup, match.group(), position))
        position = match.end()
    return tokens


def confident_query(sparql, min_confidence, vocabulary):
    """``sparql`` rewritten so that it sees only readings at or above ``min_confidence``.

    Parameters
    ----------
    sparql : str
        A SELECT, ASK or CONSTRUCT query.
    min_confidence : float
    vocabulary : ConfidenceVocabulary

    Returns
    -------
    str

    Raises
    ------
    ConfidenceQueryError
        For a query the rewrite cannot judge: DESCRIBE, a property path through a relation
        or ``bkg:evidence``, a blank node or collection a filter would have to name.

    Examples
    --------
    >>> vocabulary = ConfidenceVocabulary(relations={"http://x/p": ()})
    >>> print(confident_query("ASK { GRAPH ?g { ?a <http://x/q> ?b } }", 0.5, vocabulary))
    ASK { GRAPH ?g { ?a <http://x/q> ?b } }
    """
    tokens = tokenize(sparql)
    rewriter = _Rewriter(tokens, _threshold(min_confidence), vocabulary)
    try:
        rewriter.query()
    except IndexError:  # the text ends where a pattern needs more
        raise ConfidenceQueryError("--min-confidence could not read the query: it ends "
                                   "inside a pattern") from None
    return rewriter.apply(sparql)


def _threshold(value):
    return format(Decimal(str(float(value))).normalize(), "f")


class _Rewriter:
    def __init__(self, tokens, threshold, vocabulary):
        self.tokens, self.threshold, self.vocabulary = tokens, threshold, vocabulary
        self.prefixes = dict(vocabulary.prefixes)
        self.insertions = []  # (offset in the text, text to insert there)
        self.template = None  # where a short CONSTRUCT WHERE's template is to be written
        self.fresh = 0

    # -- the query's shape ---------------------------------------------------------------
    def query(self):
        tokens, i = self.tokens, 0
        while i < len(tokens) and tokens[i].word in ("PREFIX", "BASE"):
            if tokens[i].word == "PREFIX" and i + 2 < len(tokens):
                self.prefixes[tokens[i + 1].text[:-1]] = tokens[i + 2].text[1:-1]
                i += 3
            else:
                i += 2
        if i >= len(tokens) or tokens[i].word not in _FORMS:
            raise ConfidenceQueryError("--min-confidence applies to SELECT, ASK and CONSTRUCT queries")
        form = tokens[i].word
        if form == "DESCRIBE":
            raise ConfidenceQueryError(
                "--min-confidence cannot filter DESCRIBE (the store chooses what to describe): "
                "write a CONSTRUCT or SELECT query instead")
        start = i + 1
        template = form == "CONSTRUCT" and start < len(tokens) and tokens[start].text == "{"
        if template:
            start = self.closing(start) + 1  # the template: what to build, not what to match
        where = self.first_group(start)
        if where is None:
            raise ConfidenceQueryError("--min-confidence found no WHERE clause in the query")
        end = self.group(where)
        if form == "CONSTRUCT" and not template:
            # CONSTRUCT WHERE { triples } allows no FILTER: the triples become the template
            self.template = (tokens[where - 1].start, tokens[where].start, tokens[end].start + 1)

    def first_group(self, i):
        """The index of the first ``{`` outside parentheses from ``i``, or None."""
        depth = 0
        for j in range(i, len(self.tokens)):
            text = self.tokens[j].text
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
            elif text == "{" and depth == 0:
                return j
        return None

    def closing(self, i):
        """The index of the bracket closing the one at ``i``."""
        pairs = {"{": "}", "(": ")", "[": "]"}
        stack = []
        for j in range(i, len(self.tokens)):
            text = self.tokens[j].text
            if text in pairs:
                stack.append(pairs[text])
            elif stack and text == stack[-1]:
                stack.pop()
                if not stack:
                    return j
        raise ConfidenceQueryError(f"--min-confidence: unbalanced {self.tokens[i].text!r} in the query")

    # -- groups --------------------------------------------------------------------------
    def group(self, i, in_named_graph=False):
        """Rewrite the group opening at ``i``; the index of its ``}``. ``in_named_graph``:
        the group is matched in a named graph (inside ``GRAPH``), not the default graph."""
        tokens, j = self.tokens, i + 1
        if j < len(tokens) and tokens[j].word == "SELECT":
            inner = self.first_group(j)
            if inner is None:
                raise ConfidenceQueryError("--min-confidence: a sub-query without a WHERE clause")
            self.group(inner, in_named_graph)
            return self.closing(i)
        patterns = []
        while j < len(tokens) and tokens[j].text != "}":
            token, word = tokens[j], tokens[j].word
            if token.text == "{":
                j = self.group(j, in_named_graph) + 1
            elif token.text == "." or word in ("UNION", "OPTIONAL", "MINUS"):
                j += 1
            elif word == "GRAPH":
                j = self.group(j + 2, in_named_graph=True) + 1
            elif word == "SERVICE":
                j += 3 if tokens[j + 1].word == "SILENT" else 2
            elif word == "FILTER":
                j = self.constraint(j + 1, in_named_graph)
            elif word == "BIND":
                j = self.expression(j + 1, in_named_graph)
            elif word == "VALUES":
                j = self.closing(self.first_group(j)) + 1  # data, not patterns
            else:
                j = self.triples(j, patterns)
        if j >= len(tokens):
            raise ConfidenceQueryError("--min-confidence: a group of the query is not closed")
        conditions = [c for c in (self.condition(p, in_named_graph) for p in patterns) if c]
        if conditions:
            self.insertions.append((tokens[j].start, " FILTER(" + " && ".join(conditions) + ") "))
        return j

    def constraint(self, j, in_named_graph):
        """Past a FILTER's constraint (rewriting the groups of its EXISTS)."""
        tokens = self.tokens
        if tokens[j].word == "NOT":
            j += 1
        if tokens[j].word == "EXISTS":
            return self.group(j + 1, in_named_graph) + 1
        if tokens[j].text != "(":
            j += 1  # a function's name: its arguments follow
        return self.expression(j, in_named_graph)

    def expression(self, j, in_named_graph):
        """Past the parenthesised expression at ``j``, rewriting any EXISTS groups in it."""
        end = self.closing(j)
        k = j + 1
        while k < end:
            if self.tokens[k].text == "{":
                k = self.group(k, in_named_graph)
            k += 1
        return end + 1

    # -- triples -------------------------------------------------------------------------
    def triples(self, j, patterns):
        """Read one subject's triples from ``j``; the index after them."""
        subject, j = self.term(j, patterns)
        if subject.text is None and self.tokens[j].text in (".", "}"):
            return j  # [ p o ] on its own
        return self.property_list(j, subject, patterns)

    def property_list(self, j, subject, patterns):
        tokens = self.tokens
        while True:
            predicate, path_iris, j = self.verb(j)
            while True:
                obj, j = self.term(j, patterns)
                patterns.append(_Pattern(subject, predicate, obj, path_iris))
                if tokens[j].text != ",":
                    break
                j += 1
            if tokens[j].text != ";":
                return j
            while tokens[j].text == ";":
                j += 1
            if tokens[j].text in (".", "}", "]") or tokens[j].word in ("FILTER", "OPTIONAL", "MINUS",
                                                                         "GRAPH", "BIND", "VALUES"):
                return j

    def verb(self, j):
        """The predicate at ``j`` (an IRI, a variable or a property path)."""
        tokens = self.tokens
        token = tokens[j]
        if token.kind == "var":
            return _Term(token.text, "var"), (), j + 1
        simple = token.kind in ("iri", "pname") or token.text == "a"
        if simple and tokens[j + 1].text not in ("/", "|", "*", "+", "?"):
            return _Term(self.iri(token), "iri"), (), j + 1
        iris, expect_primary, depth = [], True, 0
        while j < len(tokens):
            token = tokens[j]
            if expect_primary and token.text in ("^", "!"):
                if token.text == "!":
                    iris.append("!")
            elif expect_primary and token.text == "(":
                depth += 1
            elif expect_primary and (token.kind in ("iri", "pname") or token.text == "a"):
                iris.append(self.iri(token))
                expect_primary = False
            elif not expect_primary and token.text in ("*", "+", "?"):
                pass
            elif not expect_primary and token.text == ")" and depth:
                depth -= 1
            elif not expect_primary and token.text in ("/", "|"):
                expect_primary = True
            else:
                break
            j += 1
        return _Term(None, "path"), tuple(iris), j

    def term(self, j, patterns):
        """A subject or object at ``j``: ``(term, index after it)``; ``[ ... ]`` adds its own
        triples (with an anonymous subject) to ``patterns``."""
        tokens = self.tokens
        token = tokens[j]
        if token.text == "[":
            if tokens[j + 1].text == "]":
                return _Term(None, "anonymous"), j + 2
            anonymous = _Term(None, "anonymous")
            end = self.property_list(j + 1, anonymous, patterns)
            return anonymous, end + 1
        if token.text == "(":
            return _Term(None, "collection"), self.closing(j) + 1
        if token.kind == "string":
            if tokens[j + 1].kind == "lang":
                return _Term(token.text + tokens[j + 1].text, "literal"), j + 2
            if tokens[j + 1].text == "^^":
                return _Term(token.text + "^^" + tokens[j + 2].text, "literal"), j + 3
            return _Term(token.text, "literal"), j + 1
        if token.text in ("-", "+") and tokens[j + 1].kind == "number":
            return _Term(token.text + tokens[j + 1].text, "literal"), j + 2
        if token.kind in ("number",) or token.word in ("TRUE", "FALSE"):
            return _Term(token.text, "literal"), j + 1
        if token.kind in ("var", "iri", "pname", "bnode"):
            return _Term(token.text, token.kind), j + 1
        raise ConfidenceQueryError(
            f"--min-confidence could not read the query's pattern at {token.text!r}")

    def iri(self, token):
        return self.expand(token.kind, token.text)

    def expand(self, kind, text):
        """The full IRI of ``a``, ``<iri>`` or a prefixed name."""
        if text == "a":
            return _RDF + "type"
        if kind == "iri":
            return text[1:-1]
        prefix, _, local = text.partition(":")
        if prefix not in self.prefixes:
            raise ConfidenceQueryError(f"--min-confidence: unknown prefix {prefix!r} in the query")
        return self.prefixes[prefix] + local.replace("\\", "")

    # -- conditions ----------------------------------------------------------------------
    def condition(self, pattern, in_named_graph):
        """The filter one pattern needs (SPARQL text), or None."""
        vocabulary, predicate = self.vocabulary, pattern.predicate
        if predicate.kind == "path":
            through = [i for i in pattern.path_iris
                       if i == "!" or i in vocabulary.relations or i == vocabulary.evidence_link]
            if through:
                raise ConfidenceQueryError(
                    "--min-confidence cannot filter a property path through a relation or "
                    "bkg:evidence (or a negated path): write its steps as triple patterns")
            if any(vocabulary.concerns_nodes(i) for i in pattern.path_iris):
                return self.not_low(pattern.subject)
            return None
        if predicate.kind == "iri":
            iri = predicate.text
            if iri in vocabulary.relations:
                return self.kept_relation(pattern.subject, f"<{iri}>", pattern.object,
                                          in_named_graph, [iri, *vocabulary.relations[iri]])
            if iri == vocabulary.evidence_link:
                return self.not_low(pattern.object)
            if (iri == _RDF + "type" and pattern.object.kind in ("iri", "pname")
                    and self.expand(pattern.object.kind, pattern.object.text) != vocabulary.evidence_class):
                return None  # typed as something other than evidence: not a node filtered
            if vocabulary.concerns_nodes(iri):
                return self.not_low(pattern.subject)
            return None
        p = predicate.text  # a variable: any of the cases, decided per solution
        relations = ", ".join(f"<{iri}>" for iri in vocabulary.relations)
        return " && ".join([
            self.not_low(pattern.subject),
            f"({p} != <{vocabulary.evidence_link}> || {self.not_low(pattern.object)})",
            f"(!({p} IN ({relations})) || "
            f"{self.kept_relation(pattern.subject, p, pattern.object, in_named_graph)})"])

    def named(self, term):
        if term.text is None or term.kind == "bnode":
            raise ConfidenceQueryError(
                "--min-confidence cannot filter a pattern on a blank node ([ ... ], _:b or a "
                "collection) whose confidence matters: name it with a variable")
        return term.text

    def variable(self, name):
        self.fresh += 1
        return f"?bkg_{name}{self.fresh}"

    def not_low(self, term):
        """``term`` is not an evidence or summary node below the threshold."""
        node, v = self.named(term), self.vocabulary
        confidence, best = self.variable("confidence"), self.variable("best")
        return (f"(NOT EXISTS {{ {node} a <{v.evidence_class}> ; <{v.confidence}> {confidence} "
                f"FILTER({confidence} < {self.threshold}) }} && "
                f"NOT EXISTS {{ {node} <{v.best_confidence}> {best} "
                f"FILTER({best} < {self.threshold}) }})")

    def kept_relation(self, subject, predicate, obj, in_named_graph, stated_as=None):
        """A relation triple is seen: an evidence of it (or of a refinement) in the active
        graph reaches the threshold, or a kept graph (the KB) states it; in a named graph,
        only where that graph holds no evidence of it (a document's triple is judged by its
        own evidence alone)."""
        s, o, v = self.named(subject), self.named(obj), self.vocabulary
        if stated_as is not None:
            def which(stated):
                return f"{stated} IN ({', '.join(f'<{iri}>' for iri in stated_as)})"
        else:
            def which(stated):
                refined = [f"({predicate} = <{core}> && {stated} IN "
                           f"({', '.join(f'<{f}>' for f in finer)}))"
                           for core, finer in v.relations.items() if finer]
                return "(" + " || ".join([f"{stated} = {predicate}", *refined]) + ")"

        def evidence(threshold):
            node, stated = self.variable("evidence"), self.variable("stated")
            pattern = f"{node} <{_RDF}subject> {s} ; <{_RDF}object> {o} ; <{_RDF}predicate> {stated}"
            if threshold is None:
                return f"EXISTS {{ {pattern} FILTER({which(stated)}) }}"
            confidence = self.variable("confidence")
            return (f"EXISTS {{ {pattern} ; <{v.confidence}> {confidence} "
                    f"FILTER({confidence} >= {threshold} && {which(stated)}) }}")

        known = " || ".join(f"EXISTS {{ GRAPH <{g}> {{ {s} {predicate} {o} }} }}"
                            for g in v.kept_graphs)
        if known and in_named_graph:
            known = f"(({known}) && NOT {evidence(None)})"
        return "(" + " || ".join(filter(None, [evidence(self.threshold), known])) + ")"

    # -- the text ------------------------------------------------------------------------
    def apply(self, sparql):
        if self.template is not None:
            keyword, start, end = self.template
            self.insertions.append((keyword, sparql[start:end] + " "))
        out, last = [], 0
        for offset, text in sorted(self.insertions, key=lambda insertion: insertion[0]):
            out.append(sparql[last:offset])
            out.append(text)
            last = offset
        out.append(sparql[last:])
        return "".join(out)
