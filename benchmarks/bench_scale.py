"""Issue 7's table at scale: each product operation beside a naive equivalent, same run.

    python benchmarks/bench_scale.py [--quads 1000000] [--store DIR] [--skip-view]
                                     [--skip-ingest] [--skip-rdflib] [--texts DIR ...]

The store: the input texts (by default the seeds and the dev texts in benchmarks/dev*/texts;
``--texts`` for others, e.g. real articles, read at run time, never copied) are extracted once,
then their extractions are written again and again under new document ids through the
product's own write path (``KnowledgeGraph.ingest_many``, 50 documents a transaction) until
the store holds ``--quads`` quads. Entities the knowledge base does not know are renamed in
each copy to one of a few copy-specific variants (``project/x`` -> ``project/x-v3``, label
"X 3"), so the store has thousands of entities and relations, not one corpus repeated.
``--store DIR`` reuses a store built before (built there if empty).

Then every row of the issue's table: the product operation through its public surface
(the explorer rows through a real ``bkg serve`` on loopback over HTTP; ``bkg stats``,
``bkg query``, ``bkg export`` and ``bkg view`` as the CLI, in a child process, with its peak
memory), beside a naive equivalent run in this process on the same store (or, for
rdflib, in a child process), and the ratio naive / product. Prints a markdown table.
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bilateral_kg.graph.examples import example_queries
from bilateral_kg.graph.store import KnowledgeGraph

HERE = Path(__file__).resolve().parent
BKG = str(Path(sys.executable).with_name("bkg"))
ENTITIES_WANTED = 3000
WRITE_BATCH = 50
REPEATS = 30
ROW_BUDGET = 60.0  # seconds a repeated row may take; at least 5 samples are taken anyway
THRESHOLD = 0.8


# -- building the store -------------------------------------------------------------------------

def input_files(folders):
    files = [p for folder in folders for p in sorted(Path(folder).glob("*.txt"))]
    if not files:
        sys.exit(f"no .txt files under {', '.join(map(str, folders))}")
    return files


def extract_once(files):
    """Extractions of the input files (one process), and the seconds it took."""
    from bilateral_kg.extract.pipeline import extract_documents
    from bilateral_kg.extract.text import read_document

    sources = []
    for n, path in enumerate(files):
        source = read_document(path)
        source.doc_id, source.path = f"{n:03d}_{path.stem}", str(path)
        sources.append(source)
    started = time.perf_counter()
    extractions = [result for _, result in extract_documents(sources)
                   if not isinstance(result, Exception)]
    return extractions, time.perf_counter() - started


def renamed_copy(extraction, copy, variants):
    """``extraction`` as document ``copy``: a new id, its non-KB entities as variant ``copy % variants``."""
    variant = copy % variants
    keys = {key: key if entity.in_kb or not variant else f"{key}-v{variant}"
            for key, entity in extraction.entities.items()}
    entities = {}
    for key, entity in extraction.entities.items():
        if keys[key] == key:
            entities[key] = entity
        else:
            label = f"{entity.label} {variant}"
            entities[keys[key]] = dataclasses.replace(entity, key=keys[key], label=label,
                                                      names={label}, aliases=set())
    doc_id = f"scale/{copy:05d}/{extraction.doc_id}"
    relations = [dataclasses.replace(
        relation, subject=keys.get(relation.subject, relation.subject),
        object=keys.get(relation.object, relation.object),
        evidence=[dataclasses.replace(e, doc_id=doc_id) for e in relation.evidence])
        for relation in extraction.relations]
    digest = hashlib.sha256(f"{extraction.content_hash}/{copy}".encode()).hexdigest()
    return dataclasses.replace(extraction, doc_id=doc_id, content_hash=digest,
                               entities=entities, relations=relations)


def variants_for(extractions):
    """How many variants of each non-KB entity give about ENTITIES_WANTED entities."""
    in_kb, other = set(), set()
    for extraction in extractions:
        for key, entity in extraction.entities.items():
            (in_kb if entity.in_kb else other).add(key)
    return max(1, round((ENTITIES_WANTED - len(in_kb)) / max(1, len(other))))


def build_store(path, files, quads):
    """Fill the store at ``path`` up to ``quads``; a dict describing how it was built."""
    extractions, extract_seconds = extract_once(files)
    variants = variants_for(extractions)
    kg = KnowledgeGraph(path)
    started, copy, documents = time.perf_counter(), 0, 0
    while len(kg) < quads:
        batch = []
        while len(batch) < WRITE_BATCH:
            batch.extend(renamed_copy(e, copy, variants) for e in extractions)
            copy += 1
        for start in range(0, len(batch), WRITE_BATCH):
            kg.ingest_many(batch[start:start + WRITE_BATCH])
        documents += len(batch)
    write_seconds = time.perf_counter() - started
    total = len(kg)
    kg.close()
    words = sum(len(e.text.split()) for e in extractions)
    return {"inputs": len(files), "words": words, "extract_seconds": extract_seconds,
            "variants": variants, "documents": documents, "quads": total,
            "write_seconds": write_seconds}


def describe_store(path):
    """Counts of the store (documents, entities, relations), read with the product's stats."""
    with KnowledgeGraph(path, read_only=True) as kg:
        stats = kg.stats()
        return {"quads": len(kg), "documents": stats["documents"],
                "entities": stats["entities"], "relations": stats["relations"],
                "evidence": stats["evidence"]}


# -- measuring ----------------------------------------------------------------------------------

def timed(call):
    started = time.perf_counter()
    value = call()
    return time.perf_counter() - started, value


def repeated(calls):
    """Seconds of each call, in order, until REPEATS or ROW_BUDGET (but at least 5)."""
    seconds, started = [], time.perf_counter()
    for call in calls:
        seconds.append(timed(call)[0])
        if len(seconds) >= 5 and time.perf_counter() - started > ROW_BUDGET:
            break
    return seconds


def p95(seconds):
    ordered = sorted(seconds)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def spread(seconds):
    return (f"p50 {ms(statistics.median(seconds))} / p95 {ms(p95(seconds))} / "
            f"max {ms(max(seconds))} (n={len(seconds)})")


def ms(seconds):
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def mb(size):
    return f"{size / 1e6:,.1f} MB"


def run_cli(args, stdout=subprocess.DEVNULL):
    """Wall seconds and peak RSS (MB) of one ``bkg`` command in a child process."""
    started = time.perf_counter()
    child = subprocess.Popen([BKG, *args], stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    error = child.stderr.read().decode()
    child.stderr.close()
    if status:
        raise RuntimeError(f"bkg {' '.join(args)} failed: {error}")
    return seconds, usage.ru_maxrss / 1024


class Table:
    """The rows printed at the end: operation, product, naive, naive / product, target."""

    def __init__(self):
        self.rows, self.notes = [], []

    def add(self, operation, product, naive, ratio, target):
        ratio_text = "" if ratio is None else f"{ratio:,.1f}x"
        self.rows.append((operation, product, naive, ratio_text, target))
        print(f"  {operation}: {product} | {naive} | {ratio_text}", flush=True)

    def note(self, text):
        self.notes.append(text)
        print(f"  note: {text}", flush=True)

    def markdown(self):
        lines = ["| operation | product (this run) | naive equivalent (this run) | "
                 "naive / product | target |", "|---|---|---|---|---|"]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines + [""] + [f"- {n}" for n in self.notes])


# -- the explorer over HTTP ------------------------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A real ``bkg serve`` on loopback for the store (``--timeout 60``: measure, not cut)."""

    def __init__(self, store):
        self.port = free_port()
        self.child = subprocess.Popen(
            [BKG, "serve", "--store", str(store), "--port", str(self.port), "--timeout", "60"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                self.get("/api/examples")
                return
            except OSError:
                time.sleep(0.2)
        self.close()
        raise RuntimeError("bkg serve did not answer within 120 s")

    def get(self, path):
        """The body of a GET (raises for an error status)."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=600) as answer:
            return answer.read()

    def close(self):
        self.child.terminate()
        self.child.wait(timeout=30)


def top_entities(kg, kind=None, limit=10):
    """``(iri, label)`` of the entities with the most evidence (of a class, if given)."""
    typed = f"?x a bkg:{kind} ." if kind else ""
    # Counted first, named after: an entity's label is in every graph that mentions it.
    _, rows = kg.select(f"SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ {{ SELECT ?x (COUNT(?e) AS ?n) "
                        f"WHERE {{ ?x bkg:evidence ?e }} GROUP BY ?x ORDER BY DESC(?n) "
                        f"LIMIT {limit * 20} }} {typed} ?x rdfs:label ?l }} GROUP BY ?x ?n "
                        f"ORDER BY DESC(?n) LIMIT {limit}")
    return [(str(iri), str(label)) for iri, label in rows]


def keystrokes(labels):
    """What a person types looking for each label: its first 3, 4 and 5 letters."""
    return [label[:n].lower() for label in labels for n in (3, 4, 5)][:REPEATS]


def search_row(table, served, kg, labels):
    typed = keystrokes(labels)
    first = timed(lambda: served.get("/api/search?q=" + urllib.parse.quote(typed[0])))[0]
    product = repeated(lambda q=q: served.get("/api/search?q=" + urllib.parse.quote(q))
                       for q in typed)
    naive = repeated(lambda q=q: kg.select(
        "SELECT DISTINCT ?e ?l WHERE { ?e rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "
        f"{json.dumps(q)})) }} LIMIT 20") for q in typed)
    table.add("explorer search as you type (`/api/search?q=`)", spread(product),
              f"SPARQL FILTER(CONTAINS(LCASE(label))) LIMIT 20, in-process: {spread(naive)}",
              p95(naive) / p95(product), "p95 < 50 ms")
    table.note(f"search: the first request of the server (building its name index) took "
               f"{ms(first)}; keystrokes: {', '.join(typed[:6])}, ...")


def naive_neighbourhood(kg, hub):
    """Every evidence row of the hub's relations, one SPARQL query, as JSON."""
    _, rows = kg.select(
        "SELECT ?s ?p ?o ?sentence ?c ?d WHERE { <" + hub + "> bkg:evidence ?e . "
        "?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; bkg:sentence ?sentence ; "
        "bkg:confidence ?c ; bkg:document ?d }")
    return json.dumps([[str(v) for v in row] for row in rows]).encode()


def neighbourhood_row(table, served, kg, hubs):
    sizes = {}

    def ask(hub):
        sizes[hub] = len(served.get("/api/neighbourhood?iri=" + urllib.parse.quote(hub)))

    turns = [hubs[n % len(hubs)] for n in range(REPEATS)]
    product = repeated(lambda h=h: ask(h) for h in turns)
    naive_sizes = {h: len(naive_neighbourhood(kg, h)) for h in hubs}
    naive = repeated(lambda h=h: naive_neighbourhood(kg, h) for h in turns)
    table.add("explorer neighbourhood of a hub state (`/api/neighbourhood`)",
              f"{spread(product)}; JSON {mb(min(sizes.values()))}-{mb(max(sizes.values()))}",
              f"one SPARQL SELECT of the hub's evidence rows, in-process: {spread(naive)}; "
              f"JSON {mb(min(naive_sizes.values()))}-{mb(max(naive_sizes.values()))}",
              p95(naive) / p95(product), "p95 < 300 ms, < 1 MB")
    table.note("neighbourhood hubs (most evidence): " + ", ".join(
        h.rsplit("/", 1)[-1] for h in hubs))


def naive_overview(kg):
    """Every relation with its evidence count, one SPARQL scan, as JSON."""
    _, rows = kg.select("SELECT ?s ?p ?o (COUNT(?e) AS ?n) WHERE { ?e a bkg:Evidence ; "
                        "rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } GROUP BY ?s ?p ?o")
    return json.dumps([[str(v) for v in row] for row in rows]).encode()


def overview_row(table, served, kg):
    first, body = timed(lambda: served.get("/api/overview"))
    again = timed(lambda: served.get("/api/overview"))[0]
    naive, naive_body = timed(lambda: naive_overview(kg))
    shown = json.loads(body).get("overview", {})
    table.add("explorer first overview (`/api/overview`)",
              f"{ms(first)}, {mb(len(body))} (cached repeat {ms(again)})",
              f"full SPARQL scan of relations, in-process: {ms(naive)}, {mb(len(naive_body))}",
              naive / first, "< 1.5 s")
    table.note(f"overview: {shown.get('shown_nodes')} of {shown.get('total_nodes')} entities, "
               f"{shown.get('shown_edges')} of {shown.get('total_edges')} relations shown")


def explorer_rows(table, store, kg):
    hubs = [iri for iri, _ in top_entities(kg, "Country", 3)]
    labels = [label for _, label in top_entities(kg, None, REPEATS // 3)]
    served = Served(store)
    try:
        search_row(table, served, kg, labels)
        neighbourhood_row(table, served, kg, hubs)
        overview_row(table, served, kg)
    finally:
        served.close()


# -- stats, queries, exports --------------------------------------------------------------------

def naive_stats(kg):
    """The counts of ``bkg stats`` as plain COUNT queries over all graphs."""
    one = lambda q: int(kg.select(q)[1][0][0])
    return {
        "entities": one("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x bkg:mentionedIn ?d } }"),
        "relations": one("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { "
                         "?e a bkg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }"),
        "evidence": one("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH ?g { ?e a bkg:Evidence } }"),
    }


def stats_row(table, store, kg):
    library = timed(kg.stats)[0]
    cli, rss = run_cli(["stats", "--store", str(store)])
    naive = timed(lambda: naive_stats(kg))[0]
    table.add("`bkg stats`", f"CLI {ms(cli)} ({rss:,.0f} MB); KnowledgeGraph.stats {ms(library)}",
              f"COUNT queries over all graphs: {ms(naive)}", naive / library, "< 1 s")


def example_rows(table, store, kg, startup):
    import pyoxigraph

    from bilateral_kg.graph.examples import example_queries

    raw = pyoxigraph.Store.read_only(str(store))
    for name in ("confident_relations", "state_relations"):
        text = example_queries()[name].render()
        cli, rss = run_cli(["query", "-e", name, "--format", "csv", "--store", str(store)])
        library, (_, rows) = timed(lambda: kg.select(text))
        naive = timed(lambda: list(raw.query(text, use_default_graph_as_union=True)))[0]
        table.add(f"example `{name}`",
                  f"CLI {ms(cli)} ({rss:,.0f} MB); library select {ms(library)}, {len(rows):,} rows",
                  f"the query's full answer on bare pyoxigraph: {ms(naive)}", naive / library,
                  "< 200 ms (first page)")
    table.note(f"a CLI figure includes the start-up of `bkg` itself (`bkg --version`: {ms(startup)})")


def confidence_rows(table, store, work, rdflib_figures):
    """The filter on a query and an export, beside the same query unfiltered and beside the
    copy ``--min-confidence`` used to make (the store without the weak readings, in memory)."""
    base = ["query", "-e", "state_relations", "--format", "csv", "--store", str(store)]
    plain, plain_rss = run_cli(base)
    filtered, filtered_rss = run_cli(base + ["--min-confidence", str(THRESHOLD)])
    with KnowledgeGraph(store, read_only=True) as kg:
        query = example_queries()["state_relations"].render()
        copying = timed(lambda: copied_answer(kg, query))[0]
        for name in ("state_relations", "officials", "confident_relations"):
            text = example_queries()[name].render()
            plain_s = statistics.median(repeated([lambda: kg.select(text)] * 5))
            kept_s = statistics.median(repeated(
                [lambda: kg.select(text, min_confidence=THRESHOLD)] * 5))
            table.note(f"`{name}` in the library: {ms(kept_s)} with --min-confidence "
                       f"{THRESHOLD}, {ms(plain_s)} without ({kept_s / plain_s:.2f}x: the "
                       "filter's cost follows the query's answer, not the store)")
    table.add(f"`--min-confidence {THRESHOLD}` on query",
              f"query -e state_relations {ms(filtered)} ({filtered_rss:,.0f} MB) vs unfiltered "
              f"{ms(plain)} ({plain_rss:,.0f} MB)",
              f"the filtered copy it used to make, then the query (in this process): "
              f"{ms(copying)}", copying / filtered, "no copy; cost independent of store size")
    out = work / "filtered.nq"
    export, export_rss = run_cli(["export", "-o", str(out), "--store", str(store),
                                  "--min-confidence", str(THRESHOLD)])
    naive = rdflib_figures.get("confidence")
    table.add(f"`--min-confidence {THRESHOLD}` on export", f"export N-Quads {ms(export)} "
              f"({export_rss:,.0f} MB)",
              f"rdflib in-memory copy (parse + filter): {ms(naive)} "
              f"({rdflib_figures['rss']:,.0f} MB)" if naive else "skipped",
              naive / export if naive else None, "streamed, no copy")


def copied_answer(kg, query):
    """The filtered query the way it was answered before the rewrite: a filtered copy."""
    import io

    from bilateral_kg.graph import summaries
    from bilateral_kg.graph.backends import OxigraphStore

    copy, buffer = OxigraphStore(None), io.BytesIO()
    kg.backend.dump(buffer, "application/n-quads", keep=kg.confidence_filter(THRESHOLD))
    copy.load_bytes(buffer.getvalue(), "nquads")
    summaries.rebuild_merged(copy)
    return KnowledgeGraph(copy).select(query)


def export_rows(table, store, work, skip_rdflib):
    """Both exports by the CLI, then rdflib on the N-Quads written; rdflib's figures."""
    product = {}
    for suffix in ("ttl", "nq"):
        out = work / f"export.{suffix}"
        product[suffix] = (*run_cli(["export", "-o", str(out), "--store", str(store)]),
                           out.stat().st_size)
    figures = {} if skip_rdflib else rdflib_child(work / "export.nq")
    for fmt, suffix in (("Turtle", "ttl"), ("N-Quads", "nq")):
        seconds, rss, size = product[suffix]
        naive = (f"rdflib serialisation: {ms(figures[suffix])} ({figures['rss']:,.0f} MB; "
                 f"its parse of the N-Quads first: {ms(figures['load'])})") if figures else "skipped"
        table.add(f"export of the store ({fmt})", f"CLI {ms(seconds)} ({rss:,.0f} MB), {mb(size)}",
                  naive, figures[suffix] / seconds if figures else None, "keep < 10 s")
    return figures


def rdflib_child(nquads):
    """rdflib's figures on the N-Quads export, in a child process (its own memory)."""
    answer = subprocess.run([sys.executable, __file__, "--rdflib-child", str(nquads)],
                            check=True, capture_output=True, text=True)
    return json.loads(answer.stdout.strip().splitlines()[-1])


def rdflib_naive(nquads):
    """Parse, filter by confidence (a copy without the low evidence), serialise: seconds each."""
    import resource

    import rdflib

    figures = {}
    dataset = rdflib.Dataset()
    figures["load"] = timed(lambda: dataset.parse(nquads, format="nquads"))[0]
    figures["confidence"] = timed(lambda: rdflib_filtered(dataset))[0] + figures["load"]
    figures["nq"] = timed(lambda: dataset.serialize(format="nquads"))[0]
    union = rdflib.Graph()
    for s, p, o, _ in dataset.quads():
        union.add((s, p, o))
    figures["ttl"] = timed(lambda: union.serialize(format="turtle"))[0]
    figures["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


def rdflib_filtered(dataset):
    """A copy of ``dataset`` without evidence below THRESHOLD and the links to it."""
    import rdflib

    confidence = rdflib.URIRef("https://w3id.org/bilateral-kg/ontology#confidence")
    low = {s for s, _, o, _ in dataset.quads((None, confidence, None, None))
           if float(o) < THRESHOLD}
    copy = rdflib.Dataset()
    for s, p, o, g in dataset.quads():
        if s not in low and o not in low:
            copy.add((s, p, o, g))
    return copy


# -- the view in Chromium -----------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
NAIVE_VIEW_LIMIT = 60
#: After the page says it is ready, one complete drawing of the network (vis-network's
#: ``afterDrawing``); milliseconds since navigation started.
DRAWN = """() => new Promise((done) => {
  const net = window.bkgApp.network;
  net.once('afterDrawing', () => done(performance.now()));
  net.redraw();
})"""
#: The naive drawing: the same nodes and edges without positions, laid out by vis-network's
#: own physics in the browser until it stabilises (its default options); -1 when it has not
#: within ``limit`` seconds.
STABILISED = """(limit) => new Promise((done) => {
  const app = window.bkgApp, started = performance.now();
  const nodes = app.nodes.get().map((n) => ({id: n.id, label: n.label}));
  const edges = app.edges.get().map((e) => ({from: e.from, to: e.to}));
  const box = document.createElement('div');
  box.style.cssText = 'width:1400px;height:900px;position:absolute;top:0;left:0';
  document.body.appendChild(box);
  const net = new vis.Network(box, {nodes, edges}, {});
  net.once('stabilizationIterationsDone', () => done(performance.now() - started));
  setTimeout(() => { net.destroy(); done(-1); }, limit * 1000);
})"""


def view_row(table, store, work):
    out = work / "view.html"
    seconds, rss = run_cli(["view", "-o", str(out), "--store", str(store)])
    if not os.path.exists(CHROMIUM):
        return table.note(f"view: {CHROMIUM} is missing; `bkg view` itself took {ms(seconds)}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(out.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=120000)
        drawn = page.evaluate(DRAWN) / 1000
        shown = page.evaluate("() => [window.bkgApp.nodes.length, window.bkgApp.edges.length]")
        page.set_default_timeout((NAIVE_VIEW_LIMIT + 60) * 1000)
        naive = page.evaluate(STABILISED, NAIVE_VIEW_LIMIT) / 1000
        browser.close()
    table.add(f"`bkg view` of {shown[0]:,} entities drawn in Chromium",
              f"{ms(drawn)} to the first complete drawing ({mb(out.stat().st_size)} page; "
              f"writing it: CLI {ms(seconds)}, {rss:,.0f} MB)",
              f"vis-network physics stabilising the same {shown[0]:,} nodes, {shown[1]:,} edges "
              f"in the page: " + (ms(naive) if naive > 0 else f"not stable after {NAIVE_VIEW_LIMIT} s"),
              (naive if naive > 0 else NAIVE_VIEW_LIMIT) / drawn, "keep < 3 s")


# -- ingest -------------------------------------------------------------------------------------

def ingest_rows(table, copies):
    """bench_ingest's runs (bare parse, -j 1, -j 2) on its corpus, in this run."""
    sys.path.insert(0, str(HERE))
    import bench_ingest
    from bilateral_kg.extract.pipeline import build_pipeline

    work = Path(tempfile.mkdtemp(prefix="bkg-scale-ingest-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        texts = bench_ingest.make_corpus(corpus, copies)
        words = sum(len(t.split()) for t in texts)
        bare = bench_ingest.bare_parse(texts)
        one = bench_ingest.timed_ingest(work, "j1", corpus, len(texts), nlp=build_pipeline())[0]
        two = bench_ingest.timed_ingest(work, "j2", corpus, len(texts), processes=2)[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rate = lambda s: f"{words / s:,.0f} words/s"
    table.add("`bkg ingest` one process vs bare spaCy parse", f"-j 1: {rate(one)}",
              f"bare parse: {rate(bare)}", None, ">= 0.9x")
    table.rows[-1] = (*table.rows[-1][:3], f"{bare / one:.2f}x (-j 1 / bare)", ">= 0.9x")
    table.add("`bkg ingest -j 2` vs one process", f"-j 2: {rate(two)}", f"-j 1: {rate(one)}",
              None, ">= 1.8x")
    table.rows[-1] = (*table.rows[-1][:3], f"{one / two:.2f}x (-j 2 / -j 1)", ">= 1.8x")
    table.note(f"ingest: benchmarks/bench_ingest.py's corpus, {len(texts)} documents, "
               f"{words:,} words (seed texts x {copies}); worker start-up counted")


# -- the run ------------------------------------------------------------------------------------

def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--store", type=Path, help="Reuse (or build) the store in this folder.")
    parser.add_argument("--texts", type=Path, nargs="+", help="Input folders of .txt files.")
    parser.add_argument("--skip-view", action="store_true")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-rdflib", action="store_true",
                        help="No rdflib naive rows (parsing the export takes minutes at 1M).")
    parser.add_argument("--ingest-copies", type=int, default=40)
    parser.add_argument("--rdflib-child", help=argparse.SUPPRESS)
    return parser.parse_args()


def prepare_store(args, work):
    """The store to measure (built if missing or empty) and what is known of its building."""
    store = args.store or work / "store"
    built = None
    if not (store.exists() and any(store.iterdir())):
        folders = args.texts or [HERE.parent / "seeds", *sorted(HERE.glob("dev*/texts"))]
        print(f"building a store of >= {args.quads:,} quads at {store} ...", flush=True)
        built = build_store(store, input_files(folders), args.quads)
        print(f"  built: {built}", flush=True)
    return store, built


def store_notes(table, built, described):
    if built:
        table.note(
            f"store: {built['inputs']} input texts ({built['words']:,} words) extracted once in "
            f"{built['extract_seconds']:.1f} s; {built['documents']:,} renamed copies (non-KB "
            f"entities in {built['variants']} variants) written by KnowledgeGraph.ingest_many, "
            f"{WRITE_BATCH} documents a transaction, in {built['write_seconds']:.1f} s "
            f"({built['quads'] / built['write_seconds']:,.0f} quads/s)")
    table.note(f"store: {described['quads']:,} quads, {described['documents']:,} documents, "
               f"{described['entities']:,} entities, {described['relations']:,} relations, "
               f"{described['evidence']:,} evidence; "
               f"{described['quads'] / max(1, described['documents']):,.0f} quads per document")


def main():
    args = parse_args()
    if args.rdflib_child:
        return rdflib_naive(args.rdflib_child)
    work = Path(tempfile.mkdtemp(prefix="bkg-scale-"))
    table, load_before = Table(), os.getloadavg()
    try:
        store, built = prepare_store(args, work)
        described = describe_store(store)
        store_notes(table, built, described)
        startup = run_cli(["--version"])[0]
        with KnowledgeGraph(store, read_only=True) as kg:
            explorer_rows(table, store, kg)
            stats_row(table, store, kg)
            example_rows(table, store, kg, startup)
        figures = export_rows(table, store, work, args.skip_rdflib)
        confidence_rows(table, store, work, figures)
        if not args.skip_ingest:
            ingest_rows(table, args.ingest_copies)
        if not args.skip_view:
            view_row(table, store, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table.note(f"{os.cpu_count()} cores; load average {load_before[0]:.2f} before, "
               f"{os.getloadavg()[0]:.2f} after")
    print("\n" + table.markdown())


if __name__ == "__main__":
    main()
