"""Ingest: read files, extract, and store each document in its own graph.

A file that cannot be read or extracted is reported with its name and the problem; the
rest of the batch goes on, and what was stored before is left as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bilateral_kg.extract.pipeline import default_pipeline, doc_to_extraction
from bilateral_kg.extract.text import (
    InputError, content_hash, document_id, iter_input_files, normalize_for_nlp, read_document,
)


@dataclass
class IngestSummary:
    documents: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    entities: int = 0
    relations: int = 0
    words: int = 0
    errors: list = field(default_factory=list)  # (path, message)


def _readable(paths, summary):
    for path, error in iter_input_files(paths):
        if error is not None:
            summary.errors.append((str(path), str(error)))
            continue
        try:
            yield path, read_document(path)
        except InputError as err:
            summary.errors.append((str(path), str(err)))


def _parse_batch(nlp, batch, summary):
    """Parse a batch at once; if one text breaks the pipeline, parse them one by one."""
    texts = [normalize_for_nlp(source.text) for _, source in batch]
    try:
        return list(nlp.pipe(texts))
    except Exception:
        docs = []
        for (path, _), text in zip(batch, texts):
            try:
                docs.append(nlp(text))
            except Exception as err:
                summary.errors.append((str(path), f"{path}: could not be extracted: {err}"))
                docs.append(None)
        return docs


def _extract_in_worker(item):
    doc_id, source, path = item
    from bilateral_kg.extract.pipeline import extract_text

    return extract_text(source.text, doc_id, source_path=path, title=source.title,
                        date=source.date)


def _extract_in_processes(todo, processes, summary):
    """Extract in worker processes, each loading the pipeline once; yields in input order."""
    from concurrent.futures import ProcessPoolExecutor

    items = [(document_id(path), source, str(path)) for path, source in todo]
    with ProcessPoolExecutor(processes) as pool:
        futures = [pool.submit(_extract_in_worker, item) for item in items]
        for (path, _), future in zip(todo, futures):
            try:
                yield path, future.result()
            except Exception as err:  # one bad document must not stop the batch
                summary.errors.append((str(path), f"{path}: could not be extracted: {err}"))
                yield path, None


def ingest_paths(kg, paths, nlp=None, batch_size=8, progress=None, processes=1):
    """Extract every text file under ``paths`` into the knowledge graph ``kg``.

    Parameters
    ----------
    kg : KnowledgeGraph
    paths : iterable of str or Path
        Files and folders (.txt, .md, .html).
    progress : callable or None
        Called with the number of documents done after each one.
    processes : int
        Worker processes for extraction. Each loads the model (about a second), so more
        than one pays only for many documents; the store is written by this process alone.

    Returns
    -------
    IngestSummary
    """
    summary = IngestSummary()
    nlp = nlp or default_pipeline()
    readable = list(_readable(paths, summary))
    # Unchanged documents skip the parse: their content hash is already in the store.
    todo = []
    for path, source in readable:
        if kg.document_hash(document_id(path)) == content_hash(source.text):
            summary.documents += 1
            summary.unchanged += 1
            if progress:
                progress(1)
        else:
            todo.append((path, source))
    if processes > 1 and len(todo) >= 4 * processes:
        for path, extraction in _extract_in_processes(todo, processes, summary):
            if progress:
                progress(1)
            if extraction is not None:
                _store(kg, path, extraction, summary)
        kg.flush()
        return summary
    for start in range(0, len(todo), batch_size):
        batch = todo[start:start + batch_size]
        for (path, source), doc in zip(batch, _parse_batch(nlp, batch, summary)):
            if progress:
                progress(1)
            if doc is None:
                continue
            try:
                extraction = doc_to_extraction(doc, document_id(path), source.text, str(path),
                                               source.title, source.date)
            except Exception as err:  # one bad document must not stop the batch
                summary.errors.append((str(path), f"{path}: could not be extracted: {err}"))
                continue
            _store(kg, path, extraction, summary)
    kg.flush()
    return summary


def _store(kg, path, extraction, summary):
    try:
        result = kg.ingest(extraction)
    except Exception as err:  # one bad document must not stop the batch
        summary.errors.append((str(path), f"{path}: could not be stored: {err}"))
        return
    summary.documents += 1
    setattr(summary, result.status, getattr(summary, result.status) + 1)
    summary.entities += result.entities
    summary.relations += result.relations
    summary.words += len(extraction.text.split())
