"""The core stays free of transports, and heavy libraries stay inside bot/retrieval/."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"
TRANSPORTS = ("bot.chat", "slack_bolt", "slack_sdk", "discord")
HEAVY = (
    "chromadb",
    "sentence_transformers",
    "langchain",
    "langchain_core",
    "langchain_chroma",
    "langchain_huggingface",
    "torch",
    "transformers",
)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _core_modules() -> list[Path]:
    return [p for p in BOT.rglob("*.py") if "chat" not in p.relative_to(BOT).parts]


def test_core_does_not_import_transports() -> None:
    for path in _core_modules():
        bad = {n for n in _imports(path) if n.startswith(TRANSPORTS)}
        assert not bad, f"{path} imports {bad}"


def test_heavy_libraries_only_inside_retrieval() -> None:
    for path in BOT.rglob("*.py"):
        if "retrieval" in path.relative_to(BOT).parts or path.name == "llm.py":
            continue
        bad = {n for n in _imports(path) if n.split(".")[0] in HEAVY}
        assert not bad, f"{path} imports {bad}"


def test_facts_and_rules_do_no_io() -> None:
    forbidden = {"socket", "subprocess", "urllib.request", "requests", "httpx", "time"}
    for folder in ("facts", "rules"):
        for path in (BOT / folder).rglob("*.py"):
            bad = _imports(path) & forbidden
            assert not bad, f"{path} imports {bad}"
