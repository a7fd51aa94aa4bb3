"""VMDOCTOR_CHROMA_URL: the same index on a real Chroma server on loopback."""

from __future__ import annotations

import gc
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.errors import IndexStoreError
from bot.retrieval.cards import KnowledgeBase
from bot.retrieval.index import DenseIndex
from tests.test_index import _small_kb

CHROMA = Path(sys.executable).parent / "chroma"

# chromadb's HTTP client leaves keep-alive sockets for the garbage collector even after
# close(); they are collected here (see the fixture), not in some later, unrelated test
pytestmark = pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMA.exists() and shutil.which("chroma") is None:
        pytest.fail("the chroma server binary (from the chromadb package) is missing")
    port = _free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"ANONYMIZED_TELEMETRY": "False", "PATH": "/usr/bin:/bin"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):  # up to 20 s; it is ready in about 1-2 s
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the chroma server did not start within 20 s")
        yield url
    finally:
        gc.collect()
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_builds_queries_and_refreshes_on_a_server(
    chroma_url: str, tmp_path: Path, embedder: Any
) -> None:
    kb = _small_kb()
    index = DenseIndex.open(tmp_path, lambda: embedder, chroma_url)
    first = index.build(kb)
    assert first.embedded == first.total > 0
    assert index.is_fresh(kb) and index.is_healthy()
    hits = index.query(embedder.encode_one("Could not access KVM kernel module: Permission denied"))
    assert hits[0].card == "kvm-group-membership"

    changed = KnowledgeBase(
        tuple(
            replace(c, title=c.title + " (v2)")
            if c.id == "kvm-group-membership" and c.lang == "en"
            else c
            for c in kb.cards
        )
    )
    builder = DenseIndex.open(tmp_path, lambda: embedder, chroma_url)
    second = builder.build(changed)
    builder.close()
    assert second.embedded == 1 and second.copied == second.total - 1
    # the first handle follows the server-side pointer to the new collection
    assert index.query(embedder.encode_one("Permission denied /dev/kvm"))[0].card == (
        "kvm-group-membership"
    )
    assert not (tmp_path / "chroma").exists()  # nothing was written locally
    index.close()


def test_an_unreachable_server_is_one_clear_error(tmp_path: Path, embedder: Any) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(IndexStoreError, match=r"^cannot reach the Chroma server at http://"):
        DenseIndex.open(tmp_path, lambda: embedder, url)


def test_a_url_that_is_not_http_is_refused(tmp_path: Path, embedder: Any) -> None:
    with pytest.raises(IndexStoreError, match="not an http"):
        DenseIndex.open(tmp_path, lambda: embedder, "ftp://example.invalid")
