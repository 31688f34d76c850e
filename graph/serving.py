"""Who serves a store: ``bkg serve`` leaves a marker in the store's folder while it runs.

Oxigraph lets one process write a store while others read it only at the price of readers
seeing half-written batches (and, now and then, failing). So a writer that finds a live
server for its store stops with a message naming it, rather than writing behind its back.

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> mark_served(folder, "http://127.0.0.1:7878/")
>>> serving_process(folder)["url"]
'http://127.0.0.1:7878/'
>>> unmark_served(folder); serving_process(folder) is None
True
"""
from __future__ import annotations

import json
import os
from pathlib import Path

MARKER = "bkg-serve.json"


class StoreServedError(RuntimeError):
    """The store is open in a running ``bkg serve``; the message names it."""


def mark_served(store_path, url):
    """Record that this process serves the store at ``url``."""
    marker = Path(store_path) / MARKER
    marker.write_text(json.dumps({"pid": os.getpid(), "url": url}), encoding="utf-8")


def unmark_served(store_path):
    """Remove this process's marker (another process's is left alone)."""
    marker = Path(store_path) / MARKER
    record = _read(marker)
    if record is not None and record.get("pid") == os.getpid():
        marker.unlink(missing_ok=True)


def serving_process(store_path):
    """``{"pid": ..., "url": ...}`` of a live server of the store, else None (stale markers go)."""
    marker = Path(store_path) / MARKER
    record = _read(marker)
    if record is None:
        return None
    if not _alive(record.get("pid")):
        marker.unlink(missing_ok=True)
        return None
    return record


def refuse_if_served(store_path):
    """Raise :class:`StoreServedError` when a live ``bkg serve`` has the store open."""
    record = serving_process(store_path)
    if record is not None and record.get("pid") != os.getpid():
        raise StoreServedError(
            f"the store {store_path} is being served by `bkg serve` (process {record['pid']}, "
            f"{record['url']}); stop the server before writing to the store, or send updates "
            "to its /sparql endpoint with its update token")


def _read(marker):
    try:
        return json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _alive(pid):
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
