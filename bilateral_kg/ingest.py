"""Ingest: read files, extract, and store each document in its own graph.

The one module that knows both families: it walks the input once, reads each text when
its turn comes, extracts in this process, in worker processes or on a Dask cluster (the
same :func:`~bilateral_kg.extract.pipeline.extract_documents` everywhere, behind one
:class:`BatchExecutor`: submit a batch, get results in order, a bounded window in flight),
and writes the store from this process alone (a thread of its own, so that the store's work
overlaps the next parse), several documents to a transaction.

A file that cannot be read or extracted is reported with its name and the problem; the
rest of the batch goes on, and what was stored before is left as it was.
"""
from __future__ import annotations

import queue
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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


def ingest_paths(kg, paths, nlp=None, batch_size=8, progress=None, processes=1, on_start=None,
                 cluster=None):
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
    cluster : str, distributed.Client or None
        Extract on a Dask cluster instead: a scheduler address (``tcp://HOST:8786``), a
        ``Client``, or ``"local"`` for a ``LocalCluster`` of ``processes`` workers. The
        workers need bilateral-kg installed; the store is still written here alone.

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
    try:
        for source, result in _extract(sources, nlp, batch_size, processes, cluster):
            tick(1)
            if isinstance(result, Exception):
                summary.errors.append((source.path, str(result)))
            else:
                writer.add(source, result)
    finally:
        writer.close()  # what was extracted is stored, each document whole
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


def _extract(sources, nlp, batch_size, processes, cluster):
    """``(source, extraction or error)`` in input order, from the executor chosen."""
    if cluster is not None:
        executor = DaskExecutor(cluster, processes)
    elif processes > 1:
        executor = ProcessExecutor(processes)
    else:
        executor = LocalExecutor(nlp)
    return _in_order(executor, _batches(sources, batch_size))


def _extract_batch_in_worker(batch):
    """The task each worker runs: the process's one pipeline over one batch, one at a time."""
    with _WORKER_LOCK:  # a Dask worker with several threads still parses one batch at a time
        return list(extract_documents(batch, None, len(batch)))


_WORKER_LOCK = threading.Lock()


class BatchExecutor:
    """Somewhere to extract batches: submit one, get its results; ``window`` in flight.

    Subclasses implement :meth:`submit` (returning a handle), :meth:`result` (the batch's
    ``(source, extraction or error)`` pairs, or an exception when the batch was lost) and
    :meth:`close`; :func:`_in_order` keeps the window, the order and the one retry.
    """

    window = 1

    def submit(self, batch):
        raise NotImplementedError

    def result(self, handle):
        raise NotImplementedError

    def close(self):
        pass


class LocalExecutor(BatchExecutor):
    """This process: a batch is extracted when its results are asked for."""

    def __init__(self, nlp=None):
        self.nlp = nlp

    def submit(self, batch):
        return batch

    def result(self, handle):
        return list(extract_documents(handle, self.nlp, len(handle)))


class ProcessExecutor(BatchExecutor):
    """A pool of worker processes on this machine, two batches in flight per worker."""

    def __init__(self, processes):
        self.processes, self.window = processes, 2 * processes
        self.pool = ProcessPoolExecutor(processes)

    def submit(self, batch):
        try:
            return self.pool.submit(_extract_batch_in_worker, batch)
        except BrokenProcessPool:  # a worker died: the retry gets a fresh pool
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = ProcessPoolExecutor(self.processes)
            return self.pool.submit(_extract_batch_in_worker, batch)

    def result(self, handle):
        return handle.result()

    def close(self):
        self.pool.shutdown(cancel_futures=True)


class DaskExecutor(BatchExecutor):
    """A ``dask.distributed`` cluster: ``"tcp://HOST:8786"``, ``"local"`` or a ``Client``.

    ``"local"`` starts a :class:`~distributed.LocalCluster` of ``processes`` single-threaded
    worker processes for the run. Each worker loads the pipeline once (on its first batch);
    two batches are in flight per worker thread.
    """

    def __init__(self, cluster, processes=1):
        try:
            from distributed import Client, LocalCluster
        except ImportError as err:
            raise ClusterError("--cluster needs dask.distributed: pip install "
                               "'bilateral-kg[cluster]'") from err
        self.owned = []
        if isinstance(cluster, Client):
            self.client = cluster
        else:
            if cluster == "local":
                cluster = LocalCluster(n_workers=max(1, processes), threads_per_worker=1,
                                       processes=True, dashboard_address=None)
                self.owned.append(cluster)
            self.client = _connect(Client, cluster)
            self.owned.insert(0, self.client)
        threads = sum(self.client.nthreads().values()) or 1
        self.window = 2 * threads

    def submit(self, batch):
        return self.client.submit(_extract_batch_in_worker, batch, pure=False)

    def result(self, handle):
        try:
            return handle.result()
        finally:
            handle.release()

    def close(self):
        for owned in self.owned:
            owned.close()


class ClusterError(RuntimeError):
    """The Dask cluster cannot be used: not installed, or not reachable."""


def _connect(client_class, address):
    """A ``Client`` of ``address``, waiting ``distributed.comm.timeouts.connect`` at most."""
    try:
        return client_class(address)
    except (OSError, TimeoutError) as err:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {err}") from err


def _in_order(executor, batches):
    """Batches through ``executor``, ``executor.window`` in flight; yields in input order.

    A batch whose results are lost (a worker died, the connection broke) is submitted once
    more; lost again, each of its documents is reported as an error and the rest goes on.
    """
    window = deque()
    try:
        for batch in batches:
            window.append((batch, executor.submit(batch)))
            if len(window) >= executor.window:
                yield from _results(executor, *window.popleft())
        while window:
            yield from _results(executor, *window.popleft())
    finally:
        executor.close()


def _results(executor, batch, handle):
    try:
        return executor.result(handle)
    except Exception:  # a lost worker takes only its batch down, and that only twice
        try:
            return executor.result(executor.submit(batch))
        except Exception as err:
            return [(source, ValueError(f"{source.path}: could not be extracted: {err}"))
                    for source in batch]


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
    """Stores extractions several to a transaction; a failed transaction is retried one by one.

    Transactions are written by a thread of their own, one at a time and in order, so that
    the store's work (which runs outside the GIL) overlaps the parse of the next batch;
    :meth:`close` waits for the last.
    """

    def __init__(self, kg, summary):
        self.kg, self.summary, self.pending = kg, summary, []
        self._queue = queue.Queue(maxsize=2)  # bounded: extraction waits for a slow store
        self._failure = None
        self._thread = threading.Thread(target=self._run, name="bkg-writer", daemon=True)
        self._thread.start()

    def add(self, source, extraction):
        self.pending.append((source, extraction))
        if len(self.pending) >= WRITE_BATCH:
            self._send()

    def _send(self):
        pending, self.pending = self.pending, []
        if pending:
            self._raise_failure()
            self._queue.put(pending)

    def _run(self):
        while True:
            pending = self._queue.get()
            if pending is None:
                return
            try:
                self.write(pending)
            except BaseException as err:  # handed to the ingesting thread
                self._failure = err

    def _raise_failure(self):
        if self._failure is not None:
            failure, self._failure = self._failure, None
            raise failure

    def write(self, pending):
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
        """Write what is pending and wait for every transaction to be stored."""
        try:
            self._send()
        finally:
            self._queue.put(None)
            self._thread.join()
        self._raise_failure()
        self.kg.flush()
