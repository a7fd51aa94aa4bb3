"""Real material only: every captured output names where it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES

FOLDERS = [FIXTURES / "outputs", FIXTURES / "probe"]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_fixture_is_listed_in_sources(folder: Path) -> None:
    sources = (folder / "SOURCES.md").read_text(encoding="utf-8")
    files = [p for p in folder.rglob("*") if p.is_file() and p.name != "SOURCES.md"]
    assert files
    missing = [
        str(p.relative_to(folder))
        for p in files
        if p.name not in sources and str(p.relative_to(folder)) not in sources
    ]
    assert missing == []
