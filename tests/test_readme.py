"""README stays true: its commands exist, and its recipe for adding a card works as written."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from bot.cli import _parser, main
from tests.conftest import KNOWLEDGE, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_newcomer_commands_are_make_run_and_make_test() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make run" in README and "make test" in README
    assert re.search(r"^run: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_vmdoctor_command_in_the_readme_exists() -> None:
    sub = next(a for a in _parser()._actions if a.dest == "command")
    commands = sub.choices  # type: ignore[attr-defined]
    used = re.findall(r"(?:bin/|`)vmdoctor ([a-z]+)(?: ([a-z]+))?", README)
    assert used
    for command, action in used:
        assert command in commands, command
        if command == "cards":
            assert action in ("list", "check"), action


def test_recipe_add_a_card(
    tmp_path: Path,
    pipeline: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    index_dir: Path,
) -> None:
    """README 'Add a knowledge card': copy a card, check, index (only the new card is
    embedded), and ask: the new card answers its own error string."""
    kb = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, kb)
    shutil.copytree(index_dir / "index", tmp_path / "data" / "index")
    folder = kb / "kvm-permission-denied"
    for suffix in (".md", ".ja.md"):
        text = (folder / f"kvm-group-membership{suffix}").read_text(encoding="utf-8")
        text = text.replace("id: kvm-group-membership", "id: kvm-recipe-example")
        text = re.sub(
            r"matches:\n(?:  - .*\n)+",
            "matches:\n  - 'recipe: /dev/kvm refused by policy XYZ-42'\n",
            text,
            count=1,
        )
        (folder / f"kvm-recipe-example{suffix}").write_text(text, encoding="utf-8")
    monkeypatch.setenv("VMDOCTOR_KNOWLEDGE_DIR", str(kb))
    monkeypatch.setenv("VMDOCTOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)

    out = io.StringIO()
    assert main(["cards", "check"], stdout=out) == 0, capsys.readouterr().err
    out = io.StringIO()
    assert main(["index", "--quiet"], stdout=out) == 0, capsys.readouterr().err
    embedded = int(re.search(r"(\d+) embedded", out.getvalue()).group(1))
    assert 0 < embedded <= 15  # the new pair's chunks, not the whole base
    out = io.StringIO()
    assert main(["ask", "recipe: /dev/kvm refused by policy XYZ-42", "--json"], stdout=out) == 0
    answer = json.loads(out.getvalue())
    assert answer["causes"][0]["cards"][0] == "kvm-recipe-example"
