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
import signal
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


class MemoryExceeded(WorkerFailed):
    """A task took more memory than a worker may have; the worker was replaced."""


#: Exit status of a worker whose Python code ran out of memory (Rust code aborts: SIGABRT).
OUT_OF_MEMORY = 3
#: Environment of a worker: one thread per numeric library and few malloc arenas, so that
#: its address space (what the memory limit counts) is mostly data.
_WORKER_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "MALLOC_ARENA_MAX": "2", "RUST_BACKTRACE": "0"}


def _worker_main(conn, store_path, writable):
    """A worker process: run tasks from the pipe until it closes."""
    logging.basicConfig(level=logging.WARNING)
    state = {"kg": None, "opened": None}
    _warm(state, store_path)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(_handle(state, store_path, task))
        except MemoryError:
            os._exit(OUT_OF_MEMORY)  # the pool tells the client and starts a fresh worker


def _warm(state, store_path):
    """Open the store, build its name index and import what the explorer's tasks use
    before the first task, so that a worker's first answer is as quick as the rest
    (measured: 400 ms rather than 130 ms for a hub's neighbourhood at 1M quads). Opened as
    of the pool's first generation (0): a worker started later, after a write, opens the
    store again for its first task."""
    try:
        kg = _open_read_only(store_path)
        from .. import summary_network, view  # noqa: F401 - imported now, not on a request
        from ..search import name_index
        name_index(kg)
    except MemoryError:
        raise
    except Exception:  # the first task opens the store again and reports what is wrong
        return
    state["kg"], state["opened"] = kg, 0


def _handle(state, store_path, task):
    """The reply to one task; ``state`` holds the open store and the generation it is of."""
    op = task["op"]
    if op == "close":
        state["kg"] = state["opened"] = None
        return "ok", None
    if op != "update" and (state["kg"] is None or state["opened"] != task.get("generation")):
        state["kg"] = None
        try:
            state["kg"] = _open_read_only(store_path)
        except MemoryError:
            raise
        except Exception as error:  # reported to the client as a 500
            log.exception("could not open the store")
            return "error", f"{type(error).__name__}: {error}"
        state["opened"] = task.get("generation")
    return _reply(state["kg"], store_path, task)


def _open_read_only(store_path):
    from ..store import KnowledgeGraph
    return KnowledgeGraph(store_path, read_only=True)


def _reply(kg, store_path, task):
    """``(kind, value)`` for one task: ok, missing (404), invalid (400) or error (500)."""
    try:
        if task["op"] == "update":
            return "ok", run_update(store_path, task)
        return "ok", run_task(kg, task)
    except MemoryError:
        raise
    except unknown_entity_error() as error:
        return "missing", str(error)
    except ValueError as error:
        return "invalid", str(error)
    except Exception as error:  # reported to the client as a 500
        log.exception("task failed")
        return "error", f"{type(error).__name__}: {error}"


def limit_memory(megabytes):
    """Cap this process's address space at ``megabytes`` MB (0 or None: no cap).

    Past it, allocations fail: Python raises :class:`MemoryError`, Oxigraph's Rust code
    aborts the process. Either way the worker ends and the pool replaces it.
    """
    if megabytes:
        import resource
        limit = int(megabytes) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _worker_fd_main(fd, store_path, writable, memory_mb=0):
    """Entry point of a worker process: serve tasks over the socket ``fd``."""
    limit_memory(memory_mb)
    _worker_main(Connection(fd), store_path, writable)


class _Worker:
    """One worker process and the connection to it.

    A plain ``python -c`` subprocess talking over a socket pair, rather than a
    :mod:`multiprocessing` process: that would re-import the caller's main module in every
    worker, which breaks scripts without an ``if __name__ == "__main__"`` guard.
    """

    def __init__(self, store_path, writable=False, memory_mb=0):
        parent, child = socket.socketpair()
        code = ("import sys; from bilateral_kg.graph.server.workers import _worker_fd_main; "
                "_worker_fd_main(int(sys.argv[1]), sys.argv[2], sys.argv[3] == '1', "
                "int(sys.argv[4]))")
        self.memory_mb = int(memory_mb or 0)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code, str(child.fileno()), store_path,
                 "1" if writable else "0", str(self.memory_mb)],
                pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                close_fds=True, env={**os.environ, **_WORKER_ENV})
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

    def out_of_memory(self):
        """Whether the process has ended as a worker ends at its memory limit."""
        try:
            code = self.process.wait(2)
        except subprocess.TimeoutExpired:
            return False
        return bool(self.memory_mb) and code in (OUT_OF_MEMORY, -signal.SIGABRT)

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
    def shared(self, timeout=None):
        """Hold the lock shared; :class:`PoolBusy` if a writer keeps it over ``timeout`` s."""
        with self._cond:
            if not self._cond.wait_for(lambda: not (self._writer or self._writers_waiting),
                                       timeout):
                raise PoolBusy()
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
    memory_mb : int, optional
        Address space each query worker may use, in MB (``RLIMIT_AS``); 0 or None: no limit.
        The writer process, which only runs the token holder's updates, has no limit.
    queue_timeout : float, optional
        Seconds a task waits for a free worker before :class:`PoolBusy`; ``timeout`` if None.
    """

    def __init__(self, store_path, size=2, timeout=10.0, writable=False, memory_mb=None,
                 queue_timeout=None):
        self.store_path = str(store_path)
        self.size = max(1, int(size))
        self.timeout = float(timeout)
        self.writable = writable
        self.memory_mb = int(memory_mb or 0)
        self.queue_timeout = self.timeout if queue_timeout is None else float(queue_timeout)
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
        worker = _Worker(self.store_path, memory_mb=self.memory_mb)
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
        try:
            worker = self._start_worker()
        except OSError:  # no process could be started now (out of processes or files)
            log.exception("could not start a query worker")
            threading.Timer(1.0, self._replace).start()
            return
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
            When no worker came free within ``queue_timeout``.
        QueryTimeout
            When the task ran out of time (its worker is then replaced).
        MemoryExceeded
            When the task took more memory than a worker may have (the worker is replaced).
        WorkerFailed
            When the worker died.
        """
        if self._closed:
            raise WorkerFailed("the server is shutting down")
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + self.queue_timeout
        with self._lock.shared(self.queue_timeout):
            self._check_store()
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise PoolBusy() from None
            task = {**task, "generation": self.generation}
            try:
                reply = worker.call(task, timeout)
            except WorkerFailed as error:
                out_of_memory = worker.out_of_memory()
                self._discard(worker)
                self._replace()
                if out_of_memory:
                    raise MemoryExceeded(str(error)) from error
                raise
            except (QueryTimeout, OSError):
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

