"""The served store every endpoint test shares (one per test module)."""
from __future__ import annotations

import shutil

import pytest

from serving import TOKEN, start, stop


@pytest.fixture(scope="module")
def server(xss_store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("served") / "store"
    shutil.copytree(xss_store, copy)
    running = start(str(copy), update_token=TOKEN, query_timeout=3.0, result_limit=50, workers=2)
    yield running
    stop(running)
