"""Questions embedded on ONNX Runtime agree with torch, which built the card index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot.retrieval import embed, query_encoder
from bot.retrieval.embed import Embedder
from bot.retrieval.glossary import english_gist
from tests.conftest import DEV


def test_answers_embed_questions_on_onnx_runtime(embedder: Any) -> None:
    assert embedder.uses_onnx


def test_onnx_and_torch_give_the_same_vectors_for_real_questions(embedder: Any) -> None:
    # every fifth development question, English and Japanese, as the searcher sends them
    questions = [english_gist(item.question) for item in list(DEV.values())[::5]]
    assert any(item.lang == "ja" for item in list(DEV.values())[::5])
    worst = min(
        float(np.dot(embedder._query_encoder.encode(q), embedder._encode_query_torch(q)))
        for q in questions
    )
    assert worst >= 0.9999


def test_an_unreadable_export_is_set_aside_and_written_again(
    embedder: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embed, "load_torch_model", lambda: embedder._model)
    first = Embedder.load(tmp_path)
    (path,) = (tmp_path / "query-encoder").glob("*.onnx")
    path.write_bytes(b"\x00 half a file")
    again = Embedder.load(tmp_path)
    assert again.uses_onnx
    assert path.with_suffix(".rejected").read_bytes() == b"\x00 half a file"
    question = "VT-x is disabled in the BIOS"
    assert float(np.dot(first.encode_query(question), again.encode_query(question))) > 0.9999


def test_without_the_exporter_questions_go_through_torch(
    embedder: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embed, "load_torch_model", lambda: embedder._model)

    def no_onnx(model: Any, path: Path, accept: Any) -> bool:
        raise ImportError("No module named 'onnx'")

    monkeypatch.setattr(query_encoder, "export", no_onnx)
    fallback = Embedder.load(tmp_path)
    assert not fallback.uses_onnx
    question = "Could not access KVM kernel module: Permission denied"
    assert float(np.dot(fallback.encode_query(question), embedder.encode_query(question))) > 0.9999
    assert not list((tmp_path / "query-encoder").glob("*.onnx"))


def test_an_export_that_disagrees_with_torch_is_never_put_in_place(
    embedder: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embed, "load_torch_model", lambda: embedder._model)
    monkeypatch.setattr(query_encoder, "agreement", lambda encoder, reference: 0.5)
    rejected = Embedder.load(tmp_path)
    assert not rejected.uses_onnx
    assert not list((tmp_path / "query-encoder").iterdir())
