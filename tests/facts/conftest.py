"""Shared aids for the facts tests: the captured outputs and a way to read one."""

from __future__ import annotations

from pathlib import Path

from bot.facts import Facts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OUTPUTS = FIXTURES / "outputs"
PROBE = FIXTURES / "probe"

#: every captured output (the SOURCES.md files say where each came from)
ALL_FIXTURES = sorted(
    p for p in (*OUTPUTS.rglob("*"), *PROBE.rglob("*")) if p.is_file() and p.suffix != ".md"
)


def text_of(path: str | Path) -> str:
    """A fixture's text, by path relative to tests/fixtures/ (or absolute)."""
    p = Path(path)
    return (p if p.is_absolute() else FIXTURES / p).read_text(encoding="utf-8")


def pairs(facts: Facts) -> dict[str, object]:
    """name -> value, for comparing what a parser read."""
    return {f.name: f.value for f in facts}
