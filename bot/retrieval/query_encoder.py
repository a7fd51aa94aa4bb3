"""The question's embedding, through ONNX Runtime instead of torch.

A question is one short text, and torch spends most of an answer on it (about 35 ms of 55 on one
core). The same MiniLM network exported once to ONNX and run by ONNX Runtime on one thread
takes about 19 ms, with the same word pieces (the model's own ``tokenizer.json``) and the same
mean pooling and normalisation: on the development set's questions the two vectors agree to a
cosine of 0.99999 or better, so the card index that torch built still fits.

The exported graph lives next to the index (``<index>/query-encoder/``), named for the model
files it came from. It is written once, by the process that loads torch for the index, and
checked against torch on a few sentences before it is put in place (one that disagrees never
is); an unreadable or foreign file is set aside and written again. Without the ``onnx`` package
(the exporter needs it) the questions go through torch as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

log = logging.getLogger(__name__)

#: how closely ONNX Runtime must agree with torch on the check sentences
AGREEMENT = 0.9999
#: the sentences an export is checked on: English, Japanese, a pasted error
CHECK_TEXTS = (
    "The virtual machine could not be started because nested virtualization is not supported",
    "仮想マシンが開始されなかったのは、ネストされた仮想化がサポートされていないためです",
    "VERR_VMX_MSR_ALL_VMX_DISABLED: VT-x is disabled in the BIOS for all CPU modes",
    "Could not access KVM kernel module: Permission denied",
)
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def model_fingerprint(model_dir: Path) -> str:
    """Names an export for the model files it came from (their sizes and the config's text)."""
    digest = hashlib.sha256()
    for name in ("config.json", "tokenizer.json", "model.safetensors"):
        path = model_dir / name
        digest.update(name.encode())
        digest.update(str(path.stat().st_size).encode())
    digest.update((model_dir / "config.json").read_bytes())
    return digest.hexdigest()[:16]


class QueryEncoder:
    """One question -> its L2-normalised vector, on ONNX Runtime with one thread."""

    def __init__(self, session: Any, tokenizer: Any) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path, model_dir: Path, max_tokens: int) -> QueryEncoder:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
        if [i.name for i in session.get_inputs()] != list(_INPUTS):
            raise ValueError(f"{path.name}: not a MiniLM export (its inputs differ)")
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(max_tokens)
        tokenizer.no_padding()
        return cls(session, tokenizer)

    def encode(self, text: str) -> NDArray[np.float32]:
        encoding = self._tokenizer.encode(text)
        feed = {
            "input_ids": np.asarray([encoding.ids], dtype=np.int64),
            "attention_mask": np.asarray([encoding.attention_mask], dtype=np.int64),
            "token_type_ids": np.asarray([encoding.type_ids], dtype=np.int64),
        }
        with self._lock:
            hidden = self._session.run(None, feed)[0][0]
        mask = feed["attention_mask"][0][:, None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=0) / max(float(mask.sum()), 1e-9)
        norm = float(np.linalg.norm(pooled))
        return np.asarray(pooled / max(norm, 1e-12), dtype=np.float32)


def export(model: Any, path: Path, accept: Callable[[Path], bool]) -> bool:
    """Write the torch model's transformer as an ONNX graph, and put it at ``path`` only if
    ``accept`` (given the written file) says so: a reader never sees half a file or one that
    failed its check. Needs the ``onnx`` package. Returns whether it was kept."""
    import torch

    transformer = model[0].auto_model

    class _Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.transformer = transformer

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.transformer(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    sample = model[0].tokenizer(["a virtual machine"], return_tensors="pt")
    axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "hidden")}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    os.close(fd)
    try:
        # the TorchScript-based exporter is the one that needs no onnxscript; it warns that it
        # is deprecated, and the tracer warns about Python control flow it froze (none that
        # depends on the input here: the check below compares the result with torch)
        with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Hidden().eval(),
                tuple(sample[name] for name in _INPUTS),
                tmp,
                input_names=list(_INPUTS),
                output_names=["hidden"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        if not accept(Path(tmp)):
            return False
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide it from a service running as another user
        os.replace(tmp, path)
        return True
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def agreement(encoder: QueryEncoder, reference: Any) -> float:
    """The worst cosine between this encoder and ``reference(text)`` on the check sentences."""
    return min(float(np.dot(encoder.encode(t), reference(t))) for t in CHECK_TEXTS)


def set_aside(path: Path) -> None:
    """Move an unreadable export out of the way (kept for a look, never read again). If it
    cannot be moved, the next export replaces it in place."""
    try:
        os.replace(path, path.with_suffix(".rejected"))
    except OSError as err:
        log.warning("could not set %s aside (%s); it will be overwritten", path.name, err)
