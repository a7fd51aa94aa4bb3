"""The dense index: card chunks and their embeddings in a chromadb collection.

Never half-written: every build writes a NEW collection (``vmdoctor-cards-g<N>``), copying the
embeddings of unchanged chunks from the current one (incremental by content hash) and
embedding only what changed; only when the new collection is complete and checked does a
pointer switch to it (a file replaced atomically, or a small pointer collection on a Chroma
server). A build killed half-way leaves the old collection in service; leftovers are removed by
the next build. A store that cannot be opened is moved aside and rebuilt from the cards.

Embedded store: ``<data dir>/index/chroma`` with the pointer in ``<data dir>/index/CURRENT``.
``VMDOCTOR_CHROMA_URL`` switches to a Chroma server (the pointer lives there too).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from bot.errors import IndexStoreError
from bot.retrieval.cards import KnowledgeBase
from bot.retrieval.documents import Chunk, all_chunks, parse_chunk_id
from bot.retrieval.embed import MODEL_NAME, Embedder, set_offline_environment

PREFIX = "vmdoctor-cards-g"
POINTER_COLLECTION = "vmdoctor-pointer"
_BATCH = 64
#: HNSW's search breadth never below this (chromadb's default)
_MIN_EF = 100


def _exhaustive_ef(chunks: int) -> int:
    """A search breadth of at least the number of chunks: HNSW then visits every chunk, so the
    nearest ones are exact and the same in every process. At chromadb's default of 100, the
    chunks near the 60th differed from one process to the next (and with them the score floor
    that every card outside them gets), so one question could get two answers."""
    return max(_MIN_EF, chunks)


def _search_ef(collection: Any) -> int:
    """The search breadth a collection was made with (0 when it does not say)."""
    hnsw = (getattr(collection, "configuration", None) or {}).get("hnsw") or {}
    value = hnsw.get("ef_search", (collection.metadata or {}).get("hnsw:search_ef"))
    return value if isinstance(value, int) else 0


def _serves(collection: Any, fingerprint: str, chunks: int) -> bool:
    """The collection was built from the knowledge with this fingerprint, and is searched
    exhaustively over ``chunks`` chunks (one built before the breadth was raised is not)."""
    return (collection.metadata or {}).get("fingerprint") == fingerprint and _search_ef(
        collection
    ) >= _exhaustive_ef(chunks)


Progress = Callable[[int, int], None]
"""Called with (done, total) while chunks are embedded."""


@dataclass(frozen=True)
class BuildReport:
    collection: str
    total: int
    embedded: int
    copied: int
    removed: int
    seconds: float
    rebuilt_from_scratch: bool

    @property
    def changed(self) -> bool:
        return self.embedded > 0 or self.removed > 0 or self.rebuilt_from_scratch


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    card: str
    lang: str
    kind: str
    similarity: float


def _embedding_function(embedder_source: Callable[[], Embedder]) -> Any:
    """A chromadb embedding function backed by our packaged model (never chroma's default,
    which downloads one). Registered so a collection reopened elsewhere finds it by name."""
    from chromadb import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import (
        known_embedding_functions,
        register_embedding_function,
    )

    name = "vmdoctor-minilm"

    class PackagedMiniLM(EmbeddingFunction[Documents]):
        def __init__(self) -> None:
            pass

        def __call__(self, input: Documents) -> Embeddings:
            return list(embedder_source().encode(list(input)))

        @staticmethod
        def name() -> str:
            return name

        def get_config(self) -> dict[str, Any]:
            return {}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> PackagedMiniLM:
            return PackagedMiniLM()

        def default_space(self) -> Any:
            return "cosine"

    if name not in known_embedding_functions:
        register_embedding_function(PackagedMiniLM)
    return PackagedMiniLM()


class _Pointer(Protocol):
    """Which collection is in service."""

    def read(self) -> str | None: ...

    def write(self, name: str) -> None: ...


class _FilePointer:
    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> str | None:
        try:
            value = json.loads(self.path.read_text(encoding="utf-8"))["collection"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return value if isinstance(value, str) and value.startswith(PREFIX) else None

    def write(self, name: str) -> None:
        tmp = self.path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"collection": name, "written": time.time()}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)


class _CollectionPointer:
    """The pointer as metadata of a small collection on the server. Read afresh each time:
    another process may have moved it, and a Collection object keeps the metadata it was
    fetched with."""

    def __init__(self, client: Any, embedding_function: Any) -> None:
        self._client = client
        self._ef = embedding_function
        self._collection().metadata  # noqa: B018  (create it now, not in a reader)

    def _collection(self) -> Any:
        return self._client.get_or_create_collection(
            POINTER_COLLECTION, embedding_function=self._ef, metadata={"current": ""}
        )

    def read(self) -> str | None:
        value = (self._collection().metadata or {}).get("current")
        return value if isinstance(value, str) and value.startswith(PREFIX) else None

    def write(self, name: str) -> None:
        self._collection().modify(metadata={"current": name})


def _generation(name: str) -> int:
    try:
        return int(name.removeprefix(PREFIX))
    except ValueError:
        return -1


def _describe_os_error(err: OSError, path: Path) -> str:
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"cannot write the index at {path}: permission denied; "
            "set VMDOCTOR_DATA_DIR to a writable directory"
        )
    return f"cannot use the index at {path}: {err.strerror or err}"


class DenseIndex:
    """Open (and if needed build) the chunk collection. One per process."""

    def __init__(
        self,
        client: Any,
        pointer: _Pointer,
        embedder_source: Callable[[], Embedder],
        location: str,
        lock_path: Path | None,
    ) -> None:
        self._client = client
        self._pointer = pointer
        self._embedder_source = embedder_source
        self._ef = _embedding_function(embedder_source)
        self._collection: Any = None
        self._count: int | None = None
        self.location = location
        self._lock_path = lock_path
        self.lock_timeout = 300.0

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(
        cls, index_dir: Path, embedder_source: Callable[[], Embedder], chroma_url: str | None = None
    ) -> DenseIndex:
        set_offline_environment()
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if chroma_url:
            parsed = urlparse(chroma_url)
            if parsed.scheme not in ("http", "https") or not parsed.hostname:
                raise IndexStoreError(f"VMDOCTOR_CHROMA_URL is not an http(s) URL: {chroma_url}")
            client: Any = None
            try:
                client = chromadb.HttpClient(
                    host=parsed.hostname,
                    port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                    ssl=parsed.scheme == "https",
                    settings=chroma_settings,
                )
                client.heartbeat()
            except Exception as err:  # chromadb raises many kinds; one line is what we promise
                if client is not None:
                    with contextlib.suppress(Exception):
                        client.close()
                raise IndexStoreError(
                    f"cannot reach the Chroma server at {chroma_url}: {type(err).__name__}"
                ) from None
            ef = _embedding_function(embedder_source)
            return cls(client, _CollectionPointer(client, ef), embedder_source, chroma_url, None)

        # chromadb caches a client per path string: a relative path opened again after the
        # process changed directory would reach the first store under the second's pointer
        index_dir = index_dir.resolve()
        store = index_dir / "chroma"
        try:
            index_dir.mkdir(parents=True, exist_ok=True)
            probe = index_dir / ".write-test"
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
        except OSError as err:
            raise IndexStoreError(_describe_os_error(err, index_dir)) from None
        client = cls._persistent_client(chromadb, store, chroma_settings)
        return cls(
            client,
            _FilePointer(index_dir / "CURRENT"),
            embedder_source,
            str(store),
            index_dir / ".lock",
        )

    @staticmethod
    def _persistent_client(chromadb: Any, store: Path, chroma_settings: Any) -> Any:
        try:
            client = chromadb.PersistentClient(path=str(store), settings=chroma_settings)
            client.list_collections()
            return client
        except Exception:  # a corrupt or foreign store: set it aside and start afresh
            with contextlib.suppress(Exception):
                chromadb.api.client.SharedSystemClient.clear_system_cache()
            aside = store.with_name(f"chroma.corrupt-{int(time.time())}")
            try:
                if store.exists():
                    store.rename(aside)
                    shutil.rmtree(aside, ignore_errors=True)
                client = chromadb.PersistentClient(path=str(store), settings=chroma_settings)
                client.list_collections()
                return client
            except OSError as err:
                raise IndexStoreError(_describe_os_error(err, store)) from None
            except Exception as err:
                raise IndexStoreError(
                    f"cannot open the index at {store}: {type(err).__name__}"
                ) from None

    # -- state ----------------------------------------------------------------------------

    def _current(self) -> Any:
        name = self._pointer.read()
        if not name:
            return None
        try:
            return self._client.get_collection(name, embedding_function=self._ef)
        except Exception:
            return None

    def fingerprint(self) -> str | None:
        col = self._current()
        if col is None:
            return None
        meta = col.metadata or {}
        if meta.get("model") != MODEL_NAME:
            return None
        value = meta.get("fingerprint")
        return value if isinstance(value, str) else None

    def is_fresh(self, kb: KnowledgeBase) -> bool:
        """Built from ``kb``, and searched exhaustively (an index built before the search
        breadth was raised is rebuilt from its own vectors, without embedding anything)."""
        col = self._current()
        if col is None or (col.metadata or {}).get("model") != MODEL_NAME:
            return False
        try:
            return _serves(col, kb.fingerprint(), col.count())
        except Exception:
            return False

    def is_healthy(self) -> bool:
        """The collection in service answers a query (its files may be damaged even when its
        metadata reads fine)."""
        col = self._current()
        if col is None:
            return False
        try:
            n = col.count()
            if n == 0:
                return False
            vector = [1.0] + [0.0] * 383
            res = col.query(query_embeddings=[vector], n_results=1, include=["metadatas"])
            return bool(res["ids"] and res["ids"][0])
        except Exception:
            return False

    def ensure(self, kb: KnowledgeBase, progress: Progress | None = None) -> BuildReport | None:
        """Build, refresh or repair the index so it serves ``kb``; None when it already does."""
        if self.is_fresh(kb) and self.is_healthy():
            return None
        started = time.perf_counter()
        with self._locked():
            # judged again under the lock: another process may have built it while this one
            # waited, and a collection in service is dropped only by the builder holding it
            if self.is_fresh(kb) and self.is_healthy():
                return None
            if not self.is_healthy():
                self._discard_current()
            return self._build_reporting_one_error(kb, progress, started)

    def _discard_current(self) -> None:
        name = self._pointer.read()
        if name:
            with contextlib.suppress(Exception):
                self._client.delete_collection(name)
        self._collection = None

    # -- building -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One builder at a time per data directory; others wait, for a bounded time."""
        if self._lock_path is None:
            yield
            return
        import fcntl

        try:
            fh = open(self._lock_path, "a+")
        except OSError as err:
            raise IndexStoreError(_describe_os_error(err, self._lock_path.parent)) from None
        with fh:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexStoreError(
                            f"the index at {self.location} is being built by another process; "
                            "try again when it has finished"
                        ) from None
                    time.sleep(0.2)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def build(self, kb: KnowledgeBase, progress: Progress | None = None) -> BuildReport:
        """Bring the index up to date with ``kb``; a no-op when nothing changed."""
        started = time.perf_counter()
        with self._locked():
            return self._build_reporting_one_error(kb, progress, started)

    def _build_reporting_one_error(
        self, kb: KnowledgeBase, progress: Progress | None, started: float
    ) -> BuildReport:
        try:
            return self._build(kb, progress, started)
        except IndexStoreError:
            raise
        except OSError as err:
            raise IndexStoreError(_describe_os_error(err, Path(self.location))) from None
        except Exception as err:  # chromadb's own errors; the old index stays in service
            raise IndexStoreError(
                f"could not build the index at {self.location}: {type(err).__name__}: {err}"
            ) from None

    def _build(self, kb: KnowledgeBase, progress: Progress | None, started: float) -> BuildReport:
        chunks = all_chunks(kb)
        wanted = {c.id: c for c in chunks}
        current = self._current()
        old: dict[str, Any] = {}
        if current is not None and (current.metadata or {}).get("model") == MODEL_NAME:
            try:
                got = current.get(include=["metadatas", "embeddings", "documents"])
                for i, cid in enumerate(got["ids"]):
                    old[cid] = (got["metadatas"][i], got["embeddings"][i], got["documents"][i])
            except Exception:
                old = {}
        same = {
            cid
            for cid, (meta, _, _) in old.items()
            if cid in wanted and (meta or {}).get("hash") == wanted[cid].hash
        }
        fresh = current is not None and _serves(current, kb.fingerprint(), len(wanted))
        if fresh and len(same) == len(wanted) == len(old):
            return BuildReport(
                current.name, len(wanted), 0, 0, 0, time.perf_counter() - started, False
            )

        names = [c.name for c in self._client.list_collections()]
        gens = [_generation(n) for n in names if n.startswith(PREFIX)]
        name = f"{PREFIX}{max(gens, default=0) + 1}"
        new = self._client.create_collection(
            name,
            embedding_function=self._ef,
            metadata={
                "hnsw:space": "cosine",
                "hnsw:search_ef": _exhaustive_ef(len(wanted)),
                "model": MODEL_NAME,
                "fingerprint": kb.fingerprint(),
            },
        )
        try:
            copied = sorted(same)
            for start in range(0, len(copied), 256):
                batch = copied[start : start + 256]
                new.add(
                    ids=batch,
                    embeddings=[old[c][1] for c in batch],
                    documents=[old[c][2] for c in batch],
                    metadatas=[wanted[c].metadata() for c in batch],
                )
            todo: list[Chunk] = [c for c in chunks if c.id not in same]
            embedder = self._embedder_source() if todo else None
            for start in range(0, len(todo), _BATCH):
                batch_chunks = todo[start : start + _BATCH]
                assert embedder is not None
                vectors = embedder.encode([c.text for c in batch_chunks], bulk=True)
                new.add(
                    ids=[c.id for c in batch_chunks],
                    embeddings=list(vectors),
                    documents=[c.text for c in batch_chunks],
                    metadatas=[c.metadata() for c in batch_chunks],
                )
                if progress is not None:
                    progress(min(start + _BATCH, len(todo)), len(todo))
            if new.count() != len(wanted):
                raise IndexStoreError(
                    f"index check failed: {new.count()} of {len(wanted)} chunks written"
                )
        except BaseException:
            with contextlib.suppress(Exception):
                self._client.delete_collection(name)
            raise
        self._pointer.write(name)
        self._collection = None
        self._count = None
        for other in names:
            if other.startswith(PREFIX) and other != name:
                with contextlib.suppress(Exception):
                    self._client.delete_collection(other)
        removed = len(set(old) - set(wanted))
        return BuildReport(
            name,
            len(wanted),
            len(todo),
            len(copied),
            removed,
            time.perf_counter() - started,
            current is None,
        )

    # -- querying -------------------------------------------------------------------------

    def close(self) -> None:
        """Release the client's connections (a server's HTTP sessions, an embedded store's
        database); the index is unusable afterwards."""
        with contextlib.suppress(Exception):
            self._client.close()

    def _query(self, embeddings: list[list[float]], k: int) -> Any:
        col = self.collection()
        if self._count is None:
            self._count = col.count()
        return col.query(
            query_embeddings=embeddings,
            n_results=max(1, min(k, self._count)),
            include=["distances"],
        )

    def collection(self) -> Any:
        if self._collection is None:
            col = self._current()
            if col is None:
                raise IndexStoreError("the index is not built; run 'vmdoctor index'")
            self._collection = col
        return self._collection

    def query(self, vector: Any, k: int = 40) -> list[Hit]:
        return self.query_many([vector], k)[0]

    def query_many(self, vectors: Any, k: int = 40) -> list[list[Hit]]:
        """The ``k`` nearest chunks for each vector, in one call."""
        embeddings = [[float(x) for x in v] for v in vectors]
        try:
            res = self._query(embeddings, k)
        except IndexStoreError:
            raise
        except Exception:
            # another process may have rebuilt the index and dropped the collection this one
            # had open: follow the pointer to the new one, once
            self._collection = None
            self._count = None
            try:
                res = self._query(embeddings, k)
            except IndexStoreError:
                raise
            except Exception as err:
                raise IndexStoreError(
                    f"the index could not be searched: {type(err).__name__}"
                ) from None
        out: list[list[Hit]] = []
        for ids, dists in zip(res["ids"], res["distances"], strict=True):
            hits = []
            for cid, dist in zip(ids, dists, strict=True):
                card, lang, kind = parse_chunk_id(cid)
                hits.append(Hit(cid, card, lang, kind, 1.0 - float(dist)))
            out.append(hits)
        return out
