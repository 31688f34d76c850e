"""Ingest: read files, extract, and store each document in its own graph.

The one module that knows both families: it walks the input once, reads each text when
its turn comes, extracts in this process or in worker processes (the same
:func:`~bilateral_kg.extract.pipeline.extract_documents` either way), and writes the store
from this process alone, several documents to a transaction.

A file that cannot be read or extracted is reported with its name and the problem; the
rest of the batch goes on, and what was stored before is left as it was.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from bilateral_kg.extract.pipeline import extract_documents
from bilateral_kg.extract.text import InputError, iter_input_files, read_document

#: Documents stored per transaction (a crash loses at most the transaction under way).
WRITE_BATCH = 8


@dataclass
class IngestSummary:
    """What one ingest did. ``entities`` and ``relations`` count those of the documents it
    added or replaced (a document's entities, summed over documents)."""

    documents: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    entities: int = 0
    relations: int = 0
    words: int = 0
    errors: list = field(default_factory=list)  # (path, message)


def ingest_paths(kg, paths, nlp=None, batch_size=8, progress=None, processes=1, on_start=None):
    """Extract every text file under ``paths`` into the knowledge graph ``kg``.

    Parameters
    ----------
    kg : KnowledgeGraph
    paths : iterable of str or Path
        Files and folders (.txt, .md, .html); a file in a folder is named by its path below
        the folder, so ``a/report.txt`` and ``b/report.txt`` are two documents.
    progress : callable or None
        Called with the number of documents done after each one.
    processes : int
        Worker processes for extraction. Each loads the model (about a second), so more
        than one pays only for many documents; the store is written by this process alone.
    on_start : callable or None
        Called once with the number of files found, before the first is read.

    Returns
    -------
    IngestSummary
    """
    summary = IngestSummary()
    inputs = list(iter_input_files(paths))
    if on_start:
        on_start(len(inputs))
    tick = progress or (lambda n: None)
    sources = _changed_sources(kg, inputs, summary, tick)
    writer = _Writer(kg, summary)
    for source, result in _extract(sources, nlp, batch_size, processes):
        tick(1)
        if isinstance(result, Exception):
            summary.errors.append((source.path, str(result)))
        else:
            writer.add(source, result)
    writer.close()
    return summary


def _changed_sources(kg, inputs, summary, tick):
    """Read each input when its turn comes; leave out unreadable and unchanged ones."""
    for item in inputs:
        if item.error is not None:
            summary.errors.append((str(item.path), str(item.error)))
            tick(1)
            continue
        try:
            source = read_document(item.path)
        except InputError as err:
            summary.errors.append((str(item.path), str(err)))
            tick(1)
            continue
        source.doc_id, source.path = item.doc_id, str(item.path)
        if kg.document_hash(item.doc_id) == source.content_hash:
            summary.documents += 1
            summary.unchanged += 1
            tick(1)
            continue
        yield source


def _extract(sources, nlp, batch_size, processes):
    if processes <= 1:
        return extract_documents(sources, nlp, batch_size)
    return _extract_in_processes(sources, batch_size, processes)


def _extract_batch_in_worker(batch):
    return list(extract_documents(batch, None, len(batch)))


def _extract_in_processes(sources, batch_size, processes):
    """Batches to worker processes, a few in flight per worker; yields in input order."""
    window = []
    with ProcessPoolExecutor(processes) as pool:
        for batch in _batches(sources, batch_size):
            window.append((batch, pool.submit(_extract_batch_in_worker, batch)))
            if len(window) >= 2 * processes:
                yield from _results(*window.pop(0))
        for batch, future in window:
            yield from _results(batch, future)


def _results(batch, future):
    try:
        yield from future.result()
    except Exception as err:  # a worker that died takes only its batch down
        for source in batch:
            yield source, ValueError(f"{source.path}: could not be extracted: {err}")


def _batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Writer:
    """Stores extractions several to a transaction; a failed transaction is retried one by one."""

    def __init__(self, kg, summary):
        self.kg, self.summary, self.pending = kg, summary, []

    def add(self, source, extraction):
        self.pending.append((source, extraction))
        if len(self.pending) >= WRITE_BATCH:
            self.write()

    def write(self):
        pending, self.pending = self.pending, []
        if not pending:
            return
        try:
            results = self.kg.ingest_many([extraction for _, extraction in pending])
        except Exception:
            results = [self._one(source, extraction) for source, extraction in pending]
        for (source, extraction), result in zip(pending, results):
            if result is not None:
                self._count(extraction, result)

    def _one(self, source, extraction):
        try:
            return self.kg.ingest(extraction)
        except Exception as err:  # one bad document must not stop the batch
            self.summary.errors.append((source.path, f"{source.path}: could not be stored: {err}"))
            return None

    def _count(self, extraction, result):
        summary = self.summary
        summary.documents += 1
        setattr(summary, result.status, getattr(summary, result.status) + 1)
        summary.entities += result.entities
        summary.relations += result.relations
        summary.words += len(extraction.text.split())

    def close(self):
        self.write()
        self.kg.flush()
