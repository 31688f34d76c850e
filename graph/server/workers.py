"""The worker processes that hold the store open, and the pool the HTTP threads share.

The serving process never opens the store: every task runs in a worker process
(:class:`QueryPool` keeps ``size`` of them, each holding the store read-only), and an update
runs in a writer process while the readers are shut out by a shared/exclusive lock. A task
that outlives its time limit has its worker killed and replaced.
"""
from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

from .protocol import RequestError
from .tasks import run_task, run_update, unknown_entity_error

log = logging.getLogger("bilateral_kg.server")


class QueryTimeout(Exception):
    """A query or update ran longer than the server's time limit and was stopped."""


class PoolBusy(Exception):
    """No worker came free in time."""


class WorkerFailed(Exception):
    """A worker process died while running a task."""


def _worker_main(conn, store_path, writable):
    """A worker process: run tasks from the pipe until it closes."""
    logging.basicConfig(level=logging.WARNING)
    kg, opened = None, None
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        op = task["op"]
        if op == "close":
            kg = opened = None
            conn.send(("ok", None))
            continue
        if op != "update" and (kg is None or opened != task.get("generation")):
            kg = None
            try:
                kg = _open_read_only(store_path)
            except Exception as error:  # reported to the client as a 500
                log.exception("could not open the store")
                conn.send(("error", f"{type(error).__name__}: {error}"))
                continue
            opened = task.get("generation")
        conn.send(_reply(kg, store_path, task))


def _open_read_only(store_path):
    from ..store import KnowledgeGraph
    return KnowledgeGraph(store_path, read_only=True)


def _reply(kg, store_path, task):
    """``(kind, value)`` for one task: ok, missing (404), invalid (400) or error (500)."""
    try:
        if task["op"] == "update":
            return "ok", run_update(store_path, task)
        return "ok", run_task(kg, task)
    except unknown_entity_error() as error:
        return "missing", str(error)
    except ValueError as error:
        return "invalid", str(error)
    except Exception as error:  # reported to the client as a 500
        log.exception("task failed")
        return "error", f"{type(error).__name__}: {error}"


def _worker_fd_main(fd, store_path, writable):
    """Entry point of a worker process: serve tasks over the socket ``fd``."""
    _worker_main(Connection(fd), store_path, writable)


class _Worker:
    """One worker process and the connection to it.

    A plain ``python -c`` subprocess talking over a socket pair, rather than a
    :mod:`multiprocessing` process: that would re-import the caller's main module in every
    worker, which breaks scripts without an ``if __name__ == "__main__"`` guard.
    """

    def __init__(self, store_path, writable=False):
        parent, child = socket.socketpair()
        code = ("import sys; from bilateral_kg.graph.server.workers import _worker_fd_main; "
                "_worker_fd_main(int(sys.argv[1]), sys.argv[2], sys.argv[3] == '1')")
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code, str(child.fileno()), store_path,
                 "1" if writable else "0"],
                pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                close_fds=True)
        finally:
            child.close()
        self.conn = Connection(parent.detach())

    def wait_ready(self, timeout):
        if not self.conn.poll(timeout):
            raise WorkerFailed("worker did not start")
        try:
            message = self.conn.recv()
        except (EOFError, OSError) as error:
            raise WorkerFailed(f"worker died while starting: {error}") from error
        if message[0] != "ready":
            raise WorkerFailed(f"worker said {message!r}")

    def alive(self):
        return self.process.poll() is None

    def call(self, task, timeout):
        try:
            self.conn.send(task)
        except OSError as error:
            raise WorkerFailed(str(error)) from error
        if not self.conn.poll(timeout):
            raise QueryTimeout()
        try:
            return self.conn.recv()
        except (EOFError, OSError) as error:
            raise WorkerFailed(str(error)) from error

    def kill(self):
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class _SharedExclusiveLock:
    """Many readers or one writer; a waiting writer holds off new readers."""

    def __init__(self):
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0

    @contextlib.contextmanager
    def shared(self):
        with self._cond:
            while self._writer or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextlib.contextmanager
    def exclusive(self):
        with self._cond:
            self._writers_waiting += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


def store_signature(path):
    """What changes in an Oxigraph (RocksDB) folder when data is written: names, sizes, times.

    Log files of RocksDB's own are left out: opening read-only does not touch the rest.
    """
    try:
        entries = list(os.scandir(path))
    except OSError:
        return None
    return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries
                        if not e.name.startswith("LOG")))


class QueryPool:
    """Worker processes that run queries against a store opened read-only.

    Parameters
    ----------
    store_path : str
    size : int
        How many queries may run at once.
    timeout : float
        Seconds a task may run before its worker is killed and replaced.
    writable : bool
        Whether updates may be run (by a separate writer process).
    """

    def __init__(self, store_path, size=2, timeout=10.0, writable=False):
        self.store_path = str(store_path)
        self.size = max(1, int(size))
        self.timeout = float(timeout)
        self.writable = writable
        self._idle = queue.Queue()
        self._workers = set()
        self._workers_lock = threading.Lock()
        self._lock = _SharedExclusiveLock()
        self._closed = False
        self._writer = None
        self._writer_lock = threading.Lock()
        self.generation = 0
        self._failed_starts = 0
        self._signature = store_signature(self.store_path)
        self._signature_checked = time.monotonic()
        starting = [self._start_worker() for _ in range(self.size)]
        for worker in starting:
            self._finish_start(worker)

    # -- workers ---------------------------------------------------------------------------
    def _start_worker(self):
        worker = _Worker(self.store_path)
        with self._workers_lock:
            self._workers.add(worker)
        return worker

    def _finish_start(self, worker):
        try:
            worker.wait_ready(60)
        except WorkerFailed:
            log.exception("a query worker failed to start")
            self._discard(worker)
            self._failed_starts += 1
            if not self._closed and self._failed_starts < 5:
                threading.Timer(1.0, self._replace).start()
            return
        self._failed_starts = 0
        if self._closed:
            self._discard(worker)
        else:
            self._idle.put(worker)

    def _replace(self):
        """Start a worker in the background to take a killed one's place."""
        if self._closed:
            return
        worker = self._start_worker()
        threading.Thread(target=self._finish_start, args=(worker,), daemon=True).start()

    def _discard(self, worker):
        worker.kill()
        with self._workers_lock:
            self._workers.discard(worker)

    def _check_store(self):
        now = time.monotonic()
        if now - self._signature_checked < 1.0:
            return
        self._signature_checked = now
        signature = store_signature(self.store_path)
        if signature != self._signature:
            self._signature = signature
            self.generation += 1

    # -- running ---------------------------------------------------------------------------
    def run(self, task, timeout=None):
        """Run a task on a free worker and return its ``(kind, value)`` reply.

        Raises
        ------
        PoolBusy
            When no worker came free within the time limit.
        QueryTimeout
            When the task ran out of time (its worker is then replaced).
        WorkerFailed
            When the worker died.
        """
        if self._closed:
            raise WorkerFailed("the server is shutting down")
        timeout = self.timeout if timeout is None else timeout
        with self._lock.shared():
            self._check_store()
            try:
                worker = self._idle.get(timeout=timeout)
            except queue.Empty:
                raise PoolBusy() from None
            task = {**task, "generation": self.generation}
            try:
                reply = worker.call(task, timeout)
            except (QueryTimeout, WorkerFailed, OSError, BrokenPipeError):
                self._discard(worker)
                self._replace()
                raise
            self._idle.put(worker)
            return reply

    def update(self, text, timeout=None):
        """Run a SPARQL update with the store closed to readers; see the module notes."""
        if not self.writable:
            raise RequestError(403, "Updates are disabled on this endpoint.")
        timeout = self.timeout if timeout is None else timeout
        with self._writer_lock, self._lock.exclusive():
            self._close_reader_stores()
            if self._writer is None or not self._writer.alive():
                self._writer = _Worker(self.store_path, writable=True)
                self._writer.wait_ready(60)
            try:
                reply = self._writer.call({"op": "update", "update": text}, timeout)
            except (QueryTimeout, WorkerFailed):
                self._writer.kill()
                self._writer = None
                raise
            finally:
                self.generation += 1
                self._signature = store_signature(self.store_path)
            return reply

    def _close_reader_stores(self):
        """Have every idle worker drop its store (no query runs: the caller is exclusive)."""
        idle = []
        while True:
            try:
                idle.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in idle:
            try:
                worker.call({"op": "close"}, 10)
                self._idle.put(worker)
            except (QueryTimeout, WorkerFailed, OSError):
                self._discard(worker)
                self._replace()

    def close(self):
        """Stop every worker process."""
        self._closed = True
        with self._workers_lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()
        if self._writer is not None:
            self._writer.kill()
            self._writer = None

