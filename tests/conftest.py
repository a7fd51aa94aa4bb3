"""Shared test set-up: offline environment, no network but loopback, and the expensive things
(the real embedding model, the knowledge base, the index) built once per test run."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.evaluation import load_items

for _key, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    os.environ.setdefault(_key, _value)

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
#: the development set's real questions by id, for tests that use one of them as material
DEV = {item.id: item for item in load_items(ROOT / "eval" / "dev.yaml")}
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _is_loopback(address: Any) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like stay on this machine
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_loopback(address):
        raise ConnectionRefusedError(f"tests may only connect to loopback, not {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if not _is_loopback(address):
        raise ConnectionRefusedError(f"tests may only connect to loopback, not {address!r}")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any connection to a non-loopback address fails at once (a broken mock fails fast)."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    yield


@pytest.fixture(scope="session")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The model as answers use it: questions on ONNX Runtime (exported once per run)."""
    from bot.retrieval.embed import Embedder

    return Embedder.load(tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def kb() -> Any:
    from bot.retrieval.cards import load_cards

    return load_cards(KNOWLEDGE)


@pytest.fixture(scope="session")
def index_dir() -> Path:
    """The test index lives in .cache/ and is refreshed incrementally, so a second run of the
    suite reuses the embeddings of unchanged cards (CI starts from a clean clone anyway)."""
    path = Path(os.environ.get("VMDOCTOR_TEST_INDEX") or ROOT / ".cache" / "test-data").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def pipeline(embedder: Any, index_dir: Path) -> Any:
    from bot.pipeline import Pipeline
    from bot.settings import Settings

    return Pipeline.open(Settings(data_dir=index_dir, knowledge_dir=KNOWLEDGE), embedder=embedder)
