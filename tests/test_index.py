"""The dense index: incremental, never half-written, repaired when damaged."""

from __future__ import annotations

import fcntl
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot.errors import IndexStoreError
from bot.retrieval.cards import KnowledgeBase, load_cards
from bot.retrieval.documents import all_chunks
from bot.retrieval.index import DenseIndex
from tests.conftest import KNOWLEDGE

PAIRS = [
    "nested-not-exposed/hyperv-nested-expose-extensions",
    "kvm-permission-denied/kvm-group-membership",
    "firmware-virt-disabled/virtualbox-vtx-disabled-in-bios",
]


def _small_kb() -> KnowledgeBase:
    paths = [KNOWLEDGE / f"{p}{s}" for p in PAIRS for s in (".md", ".ja.md")]
    return load_cards(KNOWLEDGE, paths)


def _open(path: Path, embedder: Any) -> DenseIndex:
    return DenseIndex.open(path, lambda: embedder)


class _FailingEmbedder:
    """Fails when asked to embed: the new collection already holds the copied chunks, so the
    build stops half-way."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls = 0

    def encode(self, texts: Any, **kw: Any) -> Any:
        self.calls += 1
        if self.calls == 1:
            raise KeyboardInterrupt
        return self.real.encode(texts, **kw)


def test_builds_then_does_nothing_then_embeds_only_what_changed(
    tmp_path: Path, embedder: Any
) -> None:
    kb = _small_kb()
    index = _open(tmp_path, embedder)
    first = index.build(kb)
    assert first.embedded == first.total == len(all_chunks(kb))
    assert index.build(kb).changed is False

    card = kb.get("kvm-group-membership", "en")
    edited = KnowledgeBase(
        tuple(replace(c, title=c.title + " (edited)") if c is card else c for c in kb.cards)
    )
    third = _open(tmp_path, embedder).build(edited)
    assert third.embedded == 1  # only the head chunk of the edited card
    assert third.copied == third.total - 1
    assert index.is_fresh(edited) and not index.is_fresh(kb)


def test_removed_cards_leave_the_index(tmp_path: Path, embedder: Any) -> None:
    kb = _small_kb()
    index = _open(tmp_path, embedder)
    index.build(kb)
    smaller = KnowledgeBase(tuple(c for c in kb.cards if c.id != "kvm-group-membership"))
    report = index.build(smaller)
    assert report.removed > 0 and report.embedded == 0
    hits = index.query(embedder.encode_one("Could not access KVM kernel module"), k=50)
    assert "kvm-group-membership" not in {h.card for h in hits}


def test_a_build_killed_half_way_leaves_the_old_index_in_service(
    tmp_path: Path, embedder: Any
) -> None:
    kb = _small_kb()
    _open(tmp_path, embedder).build(kb)
    pointer = (tmp_path / "CURRENT").read_text()
    changed = KnowledgeBase(tuple(replace(c, summary=c.summary + " changed") for c in kb.cards))
    assert _open(tmp_path, embedder).build(kb).changed is False
    with pytest.raises(KeyboardInterrupt):
        DenseIndex.open(tmp_path, lambda: _FailingEmbedder(embedder)).build(changed)
    assert (tmp_path / "CURRENT").read_text() == pointer
    index = _open(tmp_path, embedder)
    assert index.is_fresh(kb) and index.is_healthy()
    hits = index.query(embedder.encode_one("nested virtualization is not supported"))
    assert hits[0].card == "hyperv-nested-expose-extensions"
    assert index.build(changed).changed  # and the next build completes


def test_a_corrupt_store_is_set_aside_and_rebuilt(tmp_path: Path, embedder: Any) -> None:
    kb = _small_kb()
    _open(tmp_path, embedder).build(kb)
    db = tmp_path / "chroma" / "chroma.sqlite3"
    db.write_bytes(b"this is not a database" * 100)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("select 1 from sqlite_master").fetchall()
    index = _open(tmp_path, embedder)
    report = index.ensure(kb)
    assert report is not None and report.embedded == report.total
    assert index.is_healthy()


def test_a_missing_collection_is_rebuilt(tmp_path: Path, embedder: Any) -> None:
    kb = _small_kb()
    _open(tmp_path, embedder).build(kb)
    (tmp_path / "CURRENT").write_text("{not json")
    index = _open(tmp_path, embedder)
    assert not index.is_fresh(kb)
    assert index.ensure(kb) is not None and index.is_healthy()


def test_an_unusable_data_directory_is_one_clear_error(tmp_path: Path, embedder: Any) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(IndexStoreError, match=r"^cannot use the index at .*file/index: "):
        _open(blocker / "index", embedder)


def test_a_build_waits_for_another_builder_then_gives_up(tmp_path: Path, embedder: Any) -> None:
    index = _open(tmp_path, embedder)
    index.lock_timeout = 0.5
    with open(tmp_path / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(IndexStoreError, match="being built by another process"):
            index.build(_small_kb())


def test_a_reader_follows_the_pointer_when_another_process_rebuilt(
    tmp_path: Path, embedder: Any
) -> None:
    kb = _small_kb()
    reader = _open(tmp_path, embedder)
    reader.build(kb)
    vector = embedder.encode_one("Could not access KVM kernel module: Permission denied")
    assert reader.query(vector)[0].card == "kvm-group-membership"
    changed = KnowledgeBase(tuple(replace(c, summary=c.summary + " v2") for c in kb.cards))
    _open(tmp_path, embedder).build(changed)  # drops the collection the reader holds
    assert reader.query(vector)[0].card == "kvm-group-membership"


def test_the_index_is_searched_exhaustively_and_an_older_one_is_rebuilt(
    tmp_path: Path, embedder: Any
) -> None:
    # at chromadb's default search breadth (100) the chunks near the 60th nearest differed from
    # one process to the next, and with them a question's answer (en-623 flipped between two
    # causes); a breadth of at least the number of chunks makes the search exact
    kb = _small_kb()
    index = _open(tmp_path, embedder)
    index.build(kb)
    col = index.collection()
    assert col.configuration["hnsw"]["ef_search"] >= max(100, col.count())
    col.modify(configuration={"hnsw": {"ef_search": 10}})  # as an index built before
    reopened = _open(tmp_path, embedder)
    assert not reopened.is_fresh(kb)
    report = reopened.ensure(kb)
    assert report is not None and report.embedded == 0 and report.copied == report.total
    assert reopened.is_fresh(kb)
    assert reopened.collection().configuration["hnsw"]["ef_search"] >= 100


def test_a_relative_data_directory_means_the_one_it_named_when_opened(
    tmp_path: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a relative VMDOCTOR_DATA_DIR opened again after the process changed directory names a
    # different store; chromadb caches its clients by the path string, so before the path was
    # made absolute the second open wrote into the first store and dropped its collection
    # ("Error in compaction ... Missing metadata segment" in the first index's next query)
    kb = _small_kb()
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    first = _open(Path("data"), embedder)
    first.build(kb)
    vector = embedder.encode_one("Could not access KVM kernel module: Permission denied")
    assert first.query(vector)[0].card == "kvm-group-membership"
    monkeypatch.chdir(tmp_path / "b")
    smaller = KnowledgeBase(tuple(c for c in kb.cards if c.id != "kvm-group-membership"))
    second = _open(Path("data"), embedder)
    assert second.location == str((tmp_path / "b" / "data" / "chroma").resolve())
    assert second.ensure(smaller) is not None  # an empty store of its own: built afresh
    assert first.query(vector)[0].card == "kvm-group-membership"
    assert first.is_fresh(kb) and second.is_fresh(smaller)
    assert (tmp_path / "a" / "data" / "CURRENT").is_file()
    assert (tmp_path / "b" / "data" / "CURRENT").is_file()


def test_a_collection_in_service_is_dropped_only_under_the_builders_lock(
    tmp_path: Path, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a second process that wrongly judges the index unhealthy (a read that failed while the
    # first was writing) used to drop the collection before it queued for the lock
    kb = _small_kb()
    serving = _open(tmp_path, embedder)
    serving.build(kb)
    vector = embedder.encode_one("Could not access KVM kernel module: Permission denied")
    starting = _open(tmp_path, embedder)
    starting.lock_timeout = 0.5
    monkeypatch.setattr(starting, "is_healthy", lambda: False)
    with open(tmp_path / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(IndexStoreError, match="being built by another process"):
            starting.ensure(kb)
    assert serving.query(vector)[0].card == "kvm-group-membership"
    assert _open(tmp_path, embedder).ensure(kb) is None
