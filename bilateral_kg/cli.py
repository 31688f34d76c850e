"""The ``bkg`` command line: a thin layer over the library API.

Every command takes ``--store PATH`` (else ``$BKG_STORE``, else ``./bkg-store``): a folder
for the embedded store, or the ``http(s)://`` URL of a SPARQL 1.1 server.
"""
from __future__ import annotations

import json
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from bilateral_kg import __version__

STORE_HELP = ("Folder of the knowledge graph store, or the http(s):// URL of a SPARQL 1.1 "
              "server [default: $BKG_STORE, else ./bkg-store].")


def _store_option(f):
    return click.option("--store", "store_path", type=click.Path(file_okay=False),
                        default=None, help=STORE_HELP)(f)


def _confidence_option(f):
    return click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
                        help="Leave out relations whose best evidence is below this "
                             "confidence (README: on real news 0.9 keeps about 9 right in 10).")(f)


def _open(store_path, read_only=False):
    from bilateral_kg.graph.backends import StoreError, is_remote
    from bilateral_kg.graph.store import KnowledgeGraph, resolve_store_path

    path = resolve_store_path(store_path)
    if read_only and not is_remote(path) and not Path(path).exists():
        raise click.ClickException(f"no knowledge graph at {path}: run `bkg ingest` first")
    from bilateral_kg.graph.serving import StoreServedError

    try:
        return KnowledgeGraph(path, read_only=read_only)
    except (StoreServedError, StoreError) as err:
        raise click.ClickException(str(err)) from err
    except OSError as err:
        raise click.ClickException(f"cannot open the store at {path}: {err}") from err


def _check_folder(output):
    """Fail before any work when the output's folder is missing."""
    from bilateral_kg.graph.outputs import check_folder

    check_folder(output)


@contextmanager
def _output_errors(output):
    """Writing ``output``: a missing folder or an OS error is a one-line message, exit 1."""
    from bilateral_kg.graph.outputs import OutputError

    try:
        yield
    except OutputError as err:
        raise click.ClickException(str(err)) from err
    except OSError as err:
        raise click.ClickException(f"cannot write {output}: {err.strerror or err}") from err


class _Commands(click.Group):
    """The commands; a store that fails mid-command (a remote server gone) is a message."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Exception as err:
            base = sys.modules.get("bilateral_kg.graph.backends.base")  # imported if it raised
            if base is not None and isinstance(err, base.StoreError):
                raise click.ClickException(str(err)) from err
            raise


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]},
             invoke_without_command=True)
@click.version_option(__version__, prog_name="bkg")
@click.pass_context
def main(ctx):
    """bilateral-kg: a knowledge graph of bilateral relations between states, from text.

    \b
    Example:
      bkg ingest seeds/ && bkg query -e gdi_supporters && bkg view -o kg.html
    \b
    Shell completion (bash; zsh and fish likewise):
      eval "$(_BKG_COMPLETE=bash_source bkg)"
    """
    # Ctrl-C ends any command with the shell's usual status for an interrupt (128 + SIGINT).
    signal.signal(signal.SIGINT, _interrupted)
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


def _interrupted(signum, frame):
    click.echo("\ninterrupted", err=True)
    sys.exit(130)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_store_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--processes", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Extraction processes; each loads the model once, so use 2+ for hundreds "
                   "of documents (with --cluster local: its workers).")
@click.option("--cluster", metavar="ADDRESS", default=None,
              help="Extract on a Dask cluster: its scheduler (tcp://HOST:8786), or 'local' "
                   "for a LocalCluster of -j workers. Needs bilateral-kg[cluster] here and on "
                   "the workers; the store is still written by this process alone.")
def ingest(paths, store_path, quiet, processes, cluster):
    """Extract relations from texts (.txt, .md, .html files or folders) into the store.

    A document already stored with the same text is skipped; a changed text replaces what
    the document said before. Unreadable files are reported and the rest goes on.

    \b
    Example:
      bkg ingest seeds/ news/2024-01-15.html --store kg
      bkg ingest news/ --cluster tcp://10.0.0.5:8786
    """
    from bilateral_kg.ingest import ClusterError, ingest_paths

    kg = _open(store_path)
    bars = []

    def start(total):
        if not quiet and total > 1:
            from tqdm import tqdm

            bars.append(tqdm(total=total, unit="doc", file=sys.stderr, disable=None))

    try:
        summary = ingest_paths(kg, paths, progress=lambda n: bars and bars[0].update(n),
                               processes=processes, on_start=start, cluster=cluster)
    except ClusterError as err:
        raise click.ClickException(str(err)) from err
    finally:
        kg.close()
        for bar in bars:
            bar.close()
    for _, message in summary.errors:
        click.echo(f"error: {message}", err=True)
    changed = summary.added + summary.replaced
    click.echo(f"{summary.documents} documents ({summary.added} added, {summary.replaced} "
               f"replaced, {summary.unchanged} unchanged), {len(summary.errors)} errors; "
               f"the {changed} added or replaced name {summary.entities} entities and state "
               f"{summary.relations} relations (counted per document)")
    if summary.errors:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["turtle", "ntriples", "jsonld", "json"]),
              default="turtle", show_default=True)
@_confidence_option
def extract(file, fmt, min_confidence):
    """Print the entities and relations of one text, without storing them.

    \b
    Example:
      bkg extract seeds/000_c767cd52c52b28ad.txt --format turtle
    """
    from bilateral_kg.extract import InputError, extract_file
    from bilateral_kg.graph.rdf import extraction_to_graph

    try:
        extraction = extract_file(file)
    except InputError as err:
        raise click.ClickException(str(err)) from err
    if min_confidence is not None:
        extraction.relations = [r for r in extraction.relations if r.confidence >= min_confidence]
    if fmt == "json":
        labels = {k: e.label for k, e in extraction.entities.items()}
        rows = [{"doc": extraction.doc_id, "s": labels[r.subject], "p": r.predicate,
                 "o": labels[r.object], "confidence": r.confidence, "modality": r.modality,
                 "evidence": [e.sentence for e in r.evidence]} for r in extraction.relations]
        click.echo("\n".join(json.dumps(row, ensure_ascii=False) for row in rows))
        return
    graph = extraction_to_graph(extraction)
    rdflib_format = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}[fmt]
    click.echo(graph.serialize(format=rdflib_format))


def _example_query(name, params=()):
    from bilateral_kg.graph.examples import example_queries

    queries = example_queries()
    if name not in queries:
        raise click.ClickException(
            f"no example query {name!r}; choose one of: {', '.join(sorted(queries))}")
    values = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep or not key or not value:
            raise click.UsageError(f"--param takes NAME=VALUE, not {param!r}")
        values[key.strip()] = value.strip()
    try:
        return queries[name].render(values)
    except ValueError as err:
        raise click.ClickException(str(err)) from err


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r"), help="Read the query from a file.")
@click.option("-e", "--example", help="Run a shipped example query by name (see `bkg queries`).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the example query (repeatable), e.g. --param a=CHN.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]),
              default="table", show_default=True)
@_store_option
@_confidence_option
def query(sparql, query_file, example, params, fmt, store_path, min_confidence):
    """Run a SPARQL query over all documents (prefixes bkg:, country:, policy:, rdfs:... predeclared).

    \b
    Examples:
      bkg query 'SELECT ?s WHERE { ?s bkg:supports policy:GDI }'
      bkg query -f question.rq --format csv
      bkg query -e gdi_supporters
      bkg query -e dyad --param a=CHN --param b=LSO
    """
    text = sparql or (query_file.read() if query_file else None) or (
        _example_query(example, params) if example else None)
    if not text:
        raise click.UsageError("give a query, -f FILE or -e EXAMPLE")
    from bilateral_kg.graph.backends import StoreError
    from bilateral_kg.graph.confidence_query import ConfidenceQueryError
    from bilateral_kg.graph.results import write_results
    from bilateral_kg.ontology.vocab import unknown_terms

    for term, near in unknown_terms(text):
        hint = f"; did you mean bkg:{near}?" if near else ""
        click.echo(f"warning: bkg:{term} is not a term of the vocabulary{hint}", err=True)
    kg = _open(store_path, read_only=True)
    try:
        write_results(kg, text, sys.stdout, fmt, min_confidence=min_confidence)
    except ConfidenceQueryError as err:
        raise click.ClickException(str(err)) from err
    except StoreError as err:
        if err.syntax:
            raise click.ClickException(f"the query does not parse: {err}") from err
        raise click.ClickException(str(err)) from err


@main.command()
def queries():
    """List the shipped example queries.

    \b
    Example:
      bkg queries && bkg query -e china_builds
    """
    from bilateral_kg.graph.examples import example_queries

    for name, q in sorted(example_queries().items()):
        click.echo(f"{name:32s} {q.title}")


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="File to write; '-' for standard output.")
@click.option("--format", "fmt", default=None,
              type=click.Choice(["turtle", "ntriples", "trig", "nquads", "jsonld", "rdfxml",
                                 "graphml", "gexf"]),
              help="Default: from the file name, else Turtle.")
@click.option("--with-kb", is_flag=True, help="Include the knowledge base and the ontology.")
@_store_option
@_confidence_option
def export(output, fmt, with_kb, store_path, min_confidence):
    """Export the knowledge graph: Turtle, TriG/N-Quads (with provenance), JSON-LD, GraphML, GEXF.

    Turtle, N-Triples, RDF/XML and JSON-LD hold the documents' graphs merged (JSON-LD with
    an @context: read it with rdflib.Graph().parse("kg.jsonld", format="json-ld")); TriG
    and N-Quads keep one named graph per document (read them with rdflib.Dataset).

    \b
    Examples:
      bkg export -o kg.ttl
      bkg export -o kg.trig --min-confidence 0.8
      bkg export -o kg.graphml        # for Gephi or Cytoscape
    """
    from bilateral_kg.graph.export import export as export_graph
    from bilateral_kg.graph.export import format_for_path
    from bilateral_kg.graph.outputs import written_whole

    fmt = fmt or format_for_path(output)
    if output == "-":
        export_graph(_open(store_path, read_only=True), sys.stdout.buffer, fmt, min_confidence,
                     with_kb)
        return
    with _output_errors(output):
        _check_folder(output)
        kg = _open(store_path, read_only=True)
        with written_whole(output) as part:
            export_graph(kg, str(part), fmt, min_confidence, with_kb)
    click.echo(f"wrote {output} ({fmt})", err=True)


@main.command()
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@click.option("--focus", help="An entity (name or IRI): show only its neighbourhood.")
@click.option("--depth", type=int, default=1, show_default=True,
              help="How many steps from --focus.")
@click.option("--relation", "relations", multiple=True,
              help="Show only these relations (repeatable), e.g. --relation supports.")
@click.option("--class", "classes", multiple=True,
              help="Show only entities of these classes (repeatable), e.g. --class Country.")
@_store_option
@_confidence_option
def view(output, focus, depth, relations, classes, store_path, min_confidence):
    """Write an interactive network of the graph as one HTML file that works offline.

    \b
    Examples:
      bkg view -o kg.html
      bkg view -o lesotho.html --focus Lesotho --relation supports --relation cooperatesWith
    """
    from bilateral_kg.graph.search import UnknownEntityError
    from bilateral_kg.graph.view import write_view

    with _output_errors(output):
        _check_folder(output)
        kg = _open(store_path, read_only=True)
        try:
            counts = write_view(kg, output, focus=focus, relations=list(relations) or None,
                                min_confidence=min_confidence, depth=depth,
                                classes=list(classes) or None)
        except (UnknownEntityError, ValueError) as err:
            raise click.ClickException(str(err)) from err
    click.echo(f"wrote {output}: {counts['nodes']} entities that take part in the "
               f"{counts['edges']} relations shown",
               err=True)


@main.command()
@click.argument("state_a")
@click.argument("state_b")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Also write the chart and the evidence by date as one HTML file.")
@_store_option
@_confidence_option
def timeline(state_a, state_b, output, store_path, min_confidence):
    """Two states month by month: relations by type and net cooperation.

    STATE_A and STATE_B are ISO3 codes or names. Relations in both directions count; a
    month's net is the sum of its evidence's Goldstein weights (cooperation positive,
    conflict negative; the weights are in the ontology). Evidence with no date, or dated
    only to a year, is listed in the HTML file but counted in no month.

    \b
    Examples:
      bkg timeline CHN LSO
      bkg timeline China Kenya -o china-kenya.html --min-confidence 0.9
    """
    from bilateral_kg.graph.outputs import written_whole
    from bilateral_kg.graph.search import UnknownEntityError
    from bilateral_kg.graph.timeline import dyad_timeline, format_table, render_timeline_html

    if output:
        with _output_errors(output):
            _check_folder(output)
    kg = _open(store_path, read_only=True)
    try:
        result = dyad_timeline(kg, state_a, state_b, min_confidence=min_confidence)
    except UnknownEntityError as err:
        raise click.ClickException(str(err)) from err
    a, b = (result["labels"][result[k]] for k in ("a", "b"))
    if result["months"]:
        click.echo(format_table(result["months"]))
    else:
        click.echo(f"no dated relations between {a} and {b}")
    undated = sum(1 for row in result["evidence"] if not row["month"])
    click.echo(f"{len(result['evidence'])} evidence sentences between {a} and {b}"
               + (f" ({undated} not dated to a month)" if undated else ""), err=True)
    if output:
        with _output_errors(output), written_whole(output) as part:
            part.write_text(render_timeline_html(result), encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@main.command()
@_store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to bind; serving beyond this machine is an explicit choice.")
@click.option("--port", default=7878, show_default=True, type=int)
@click.option("--update-token", envvar="BKG_UPDATE_TOKEN", default=None,
              help="Secret that enables SPARQL Update for requests bearing it "
                   "[env: BKG_UPDATE_TOKEN]. Without it the endpoint is read-only.")
@click.option("--timeout", type=float, default=10.0, show_default=True,
              help="Seconds a query may run.")
@click.option("--limit", type=int, default=10000, show_default=True,
              help="Most result rows returned.")
@click.option("--allow-service", is_flag=True, help="Allow federated SERVICE calls.")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Queries run at once, one worker process each; a request that waits "
                   "--timeout seconds for a free worker gets 503 with Retry-After.")
@click.option("--worker-memory", type=click.IntRange(0), default=1024, show_default=True,
              metavar="MB", help="Address space each query worker may use; a query that needs "
                                 "more is stopped (503) and its worker replaced. 0: no limit.")
@click.option("--idle-timeout", type=click.FloatRange(0.1), default=20.0, show_default=True,
              help="Seconds a connection may stay idle or half-sent before it is closed.")
@click.option("--max-connections", type=click.IntRange(1), default=64, show_default=True,
              help="Connections served at once; further ones get 503.")
@click.option("--open", "open_browser", is_flag=True, help="Open the explorer in a browser.")
def serve(store_path, host, port, update_token, timeout, limit, allow_service, workers,
          worker_memory, idle_timeout, max_connections, open_browser):
    """Serve the graph explorer, a SPARQL page and a SPARQL 1.1 endpoint at /sparql.

    \b
    Example:
      bkg serve --port 7878     # then open http://127.0.0.1:7878/
      bkg serve --workers 4 --worker-memory 2048
    """
    from bilateral_kg.graph.server import serve as run_server
    from bilateral_kg.graph.store import resolve_store_path

    path = resolve_store_path(store_path)
    _open(path).flush()  # creates the store and loads the KB if needed
    run_server(path, host=host, port=port, update_token=update_token, query_timeout=timeout,
               result_limit=limit, allow_service=allow_service, workers=workers,
               worker_memory=worker_memory, idle_timeout=idle_timeout,
               max_connections=max_connections, open_browser=open_browser)


@main.command()
@_store_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--rebuild", is_flag=True,
              help="First recompute the summaries, entity records and counters from the "
                   "documents (they are kept current at every write; this is a check).")
def stats(store_path, as_json, rebuild):
    """Counts of documents, entities, relations and evidence (read from counters kept at
    every write).

    \b
    Example:
      bkg stats --json
    """
    kg = _open(store_path, read_only=not rebuild)
    if rebuild:
        kg.rebuild_summaries()
    counts = kg.stats()
    if as_json:
        click.echo(json.dumps(counts, indent=2))
        return
    click.echo(f"documents  {counts['documents']}\n"
               f"entities   {counts['entities']}  (distinct entities the documents name)\n"
               f"relations  {counts['relations']}  (distinct subject-relation-object triples)\n"
               f"evidence   {counts['evidence']}  (sentences stating them)")
    for name, n in counts["by_relation"].items():
        click.echo(f"  {name:16s} {n}")


@main.command()
@click.argument("doc_ids", nargs=-1, required=True)
@_store_option
def remove(doc_ids, store_path):
    """Remove documents (by id, as `bkg query` shows them after doc:) and what they said.

    The summaries, counters and name index follow in the same transaction.

    \b
    Example:
      bkg remove 004_3da303880bc4fff3
    """
    kg = _open(store_path)
    missing = [doc_id for doc_id in doc_ids if not kg.remove(doc_id)]
    kg.close()
    removed = len(doc_ids) - len(missing)
    click.echo(f"{removed} document{'s' if removed != 1 else ''} removed")
    if missing:
        raise click.ClickException("no document with the id " + ", ".join(missing)
                                   + " in the store (see `bkg stats`)")


@main.command()
@click.option("--gold", required=True, type=click.Path(file_okay=False, exists=True),
              help="Folder of gold JSON files (format: shared/gold/FORMAT.md).")
@click.option("--texts", required=True, type=click.Path(file_okay=False, exists=True),
              help="Folder of the texts the gold files are named after.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--misses", is_flag=True,
              help="Also list the required relations missed and the relations read wrongly, "
                   "by relation, with the gold's evidence or the rule and sentence.")
def report(gold, texts, as_json, misses):
    """Score extraction against gold annotations: per relation, and by confidence threshold.

    \b
    Example:
      bkg report --gold ../shared/gold --texts seeds
      bkg report --gold ../shared/gold --texts seeds --misses
    """
    from bilateral_kg.extract.evaluate import evaluate, format_misses, format_report

    result = evaluate(gold, texts, details=misses)
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(format_report(result) + ("\n" + format_misses(result) if misses else ""))


if __name__ == "__main__":
    main()
