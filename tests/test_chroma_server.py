"""VMDOCTOR_CHROMA_URL: the same index on a real Chroma server on loopback.

The client side runs in a child process: chromadb keeps HTTP clients in a process-wide cache
whose sockets outlive close(), and the test session must end without unclosed sockets.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMA = Path(sys.executable).parent / "chroma"

CLIENT = r"""
import json, sys
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bot.errors import IndexStoreError
from bot.retrieval.cards import KnowledgeBase
from bot.retrieval.embed import Embedder
from bot.retrieval.index import DenseIndex
from tests.test_index import _small_kb

url, tmp = sys.argv[2], Path(sys.argv[3])
embedder = Embedder.load()
kb = _small_kb()
out = {}
index = DenseIndex.open(tmp, lambda: embedder, url)
first = index.build(kb)
out["first"] = [first.total, first.embedded]
out["fresh"] = index.is_fresh(kb) and index.is_healthy()
out["hit"] = index.query(embedder.encode_one("Could not access KVM kernel module: Permission denied"))[0].card
changed = KnowledgeBase(tuple(replace(c, title=c.title + " (v2)")
                              if c.id == "kvm-group-membership" and c.lang == "en" else c
                              for c in kb.cards))
builder = DenseIndex.open(tmp, lambda: embedder, url)
second = builder.build(changed)
out["second"] = [second.total, second.embedded, second.copied]
out["followed"] = index.query(embedder.encode_one("Permission denied /dev/kvm"))[0].card
out["fresh_after"] = index.is_fresh(changed)
out["local_store"] = (tmp / "chroma").exists()
try:
    DenseIndex.open(tmp, lambda: embedder, sys.argv[4])
    out["unreachable"] = "no error"
except IndexStoreError as err:
    out["unreachable"] = str(err)
print(json.dumps(out))
"""


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
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_builds_queries_and_refreshes_on_a_server(chroma_url: str, tmp_path: Path) -> None:
    unreachable = f"http://127.0.0.1:{_free_port()}"
    done = subprocess.run(
        [sys.executable, "-c", CLIENT, str(ROOT), chroma_url, str(tmp_path), unreachable],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "OMP_NUM_THREADS": "1",
            "ANONYMIZED_TELEMETRY": "False",
            "PATH": "/usr/bin:/bin",
        },
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    total, embedded = out["first"]
    assert embedded == total > 0 and out["fresh"]
    assert out["hit"] == "kvm-group-membership"
    total2, embedded2, copied2 = out["second"]
    assert embedded2 == 1 and copied2 == total2 - 1  # incremental on the server too
    assert out["followed"] == "kvm-group-membership" and out["fresh_after"]
    assert out["local_store"] is False  # nothing was written locally
    assert out["unreachable"].startswith("cannot reach the Chroma server at http://")


def test_a_url_that_is_not_http_is_refused(tmp_path: Path) -> None:
    from bot.errors import IndexStoreError
    from bot.retrieval.index import DenseIndex

    with pytest.raises(IndexStoreError, match="not an http"):
        DenseIndex.open(tmp_path, lambda: None, "ftp://example.invalid")  # type: ignore[arg-type,return-value]
