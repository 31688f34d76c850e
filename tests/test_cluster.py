"""Extraction on a real Dask cluster: a scheduler and two workers as processes on loopback,
driven by `bkg ingest --cluster`, store the very quads an embedded single-process ingest
stores; a bad file is reported and the rest stored; a lost batch is retried once."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from bilateral_kg.cli import main  # noqa: E402
from bilateral_kg.graph.store import KnowledgeGraph  # noqa: E402
from bilateral_kg.ingest import BatchExecutor, _in_order, ingest_paths  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DASK = [sys.executable, "-m", "dask"]
MORE = {
    "kenya.txt": "Kenya condemned Sudan's attacks on the border town.\n\n"
                 "Kenya signed a trade pact with Ethiopia.\n",
    "ghana.md": "# Accra\n\nGhana praised Togo for reopening the border.\n",
    "news/lesotho.html": "<html><head><title>Maseru</title></head><body><p>China and Lesotho "
                         "signed a cooperation agreement in Maseru.</p></body></html>",
}


def _corpus(folder):
    shutil.copytree(ROOT / "seeds", folder)
    for name, text in MORE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _wait_for_workers(scheduler_file, count, timeout=60):
    from distributed import Client

    deadline = time.monotonic() + timeout
    while not scheduler_file.exists():
        assert time.monotonic() < deadline, "the scheduler did not start"
        time.sleep(0.2)
    address = json.loads(scheduler_file.read_text())["address"]
    with Client(address, timeout="20s") as client:
        client.wait_for_workers(count, timeout=max(1, deadline - time.monotonic()))
    return address


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """A scheduler and two single-threaded workers, each its own process on 127.0.0.1."""
    base = tmp_path_factory.mktemp("dask")
    file = base / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
             "cwd": base, "start_new_session": True}
    processes = [subprocess.Popen([*DASK, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                   "--no-dashboard", "--scheduler-file", str(file)], **quiet)]
    processes += [subprocess.Popen([*DASK, "worker", "--scheduler-file", str(file),
                                    "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1",
                                    "--no-dashboard", "--name", f"w{i}"], **quiet)
                  for i in range(2)]
    try:
        yield _wait_for_workers(file, 2)
    finally:
        for process in reversed(processes):
            os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(processes):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _graphs(store):
    with KnowledgeGraph(store, read_only=True) as kg:
        return {g: frozenset(kg.quads(None, None, None, g)) for g in kg.document_graphs()}


def test_cluster_ingest_stores_what_an_embedded_ingest_stores(scheduler, tmp_path, runner, nlp):
    corpus = _corpus(tmp_path / "corpus")
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary\xff")
    embedded = KnowledgeGraph(tmp_path / "embedded")
    summary = ingest_paths(embedded, [corpus], nlp=nlp)
    embedded.close()
    assert summary.added == 5 and len(summary.errors) == 1

    result = runner.invoke(main, ["ingest", str(corpus), "--store", str(tmp_path / "dask"),
                                  "--quiet", "--cluster", scheduler])
    assert result.exit_code == 1, result.output  # one error: the broken file
    assert "broken.txt: is a binary file" in result.output
    assert "5 documents (5 added" in result.output
    clustered, alone = _graphs(tmp_path / "dask"), _graphs(tmp_path / "embedded")
    assert len(clustered) == 5 and clustered == alone

    again = runner.invoke(main, ["ingest", str(corpus), "--store", str(tmp_path / "dask"),
                                 "--quiet", "--cluster", scheduler])
    assert "5 unchanged" in again.output


def test_batches_spread_over_both_workers_each_loading_the_pipeline_once(scheduler, tmp_path,
                                                                          nlp):
    from distributed import Client

    from bilateral_kg.extract.pipeline import default_pipeline

    corpus = _corpus(tmp_path / "corpus")
    with Client(scheduler) as client:
        kg = KnowledgeGraph(tmp_path / "kg")
        summary = ingest_paths(kg, [corpus], batch_size=1, cluster=client)
        kg.close()
        assert (summary.added, summary.errors) == (5, [])
        loaded = client.run(default_pipeline.cache_info).values()
        assert [info.currsize for info in loaded] == [1, 1]  # both at work, one model each
    embedded = KnowledgeGraph(tmp_path / "embedded")
    ingest_paths(embedded, [corpus], nlp=nlp)
    embedded.close()
    assert _graphs(tmp_path / "kg") == _graphs(tmp_path / "embedded")


def test_an_unreachable_scheduler_is_a_one_line_error(tmp_path, runner):
    import dask

    (tmp_path / "a.txt").write_text("Ghana praised Togo.", encoding="utf-8")
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = runner.invoke(main, ["ingest", str(tmp_path / "a.txt"), "--store",
                                      str(tmp_path / "kg"), "--cluster", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


class _Flaky(BatchExecutor):
    """Loses the first ``losses`` results of every batch, as a dying worker would."""

    window = 2

    def __init__(self, losses):
        self.losses, self.tries, self.closed = losses, {}, False

    def submit(self, batch):
        return tuple(batch)

    def result(self, handle):
        self.tries[handle] = self.tries.get(handle, 0) + 1
        if self.tries[handle] <= self.losses.get(handle[0], 0):
            raise OSError("worker lost")
        return [(item, item.upper()) for item in handle]

    def close(self):
        self.closed = True


class _Doc(str):
    path = property(lambda self: f"{self}.txt")


def test_a_lost_batch_is_retried_once_then_reported_and_only_it():
    docs = [_Doc(c) for c in "abcdef"]
    batches = [docs[0:2], docs[2:4], docs[4:6]]
    executor = _Flaky({"a": 1, "c": 2})
    results = list(_in_order(executor, iter(batches)))
    assert [source for source, _ in results] == docs  # input order kept
    assert [r for _, r in results if isinstance(r, str)] == ["A", "B", "E", "F"]
    errors = [str(r) for _, r in results if isinstance(r, Exception)]
    assert errors == ["c.txt: could not be extracted: worker lost",
                      "d.txt: could not be extracted: worker lost"]
    assert executor.closed
