"""A malformed card is refused with the file and the field named (issue #3, bad input)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.errors import CardError
from bot.retrieval.cards import check_cards, load_cards
from tests.conftest import KNOWLEDGE

CARD = "hyperv-nested-expose-extensions"
#: a pair with a Windows settings screen (gui) step whose Japanese twin names it in Japanese
GUI_CAUSE, GUI_CARD = "vbs-memory-integrity", "memory-integrity-third-party-hypervisor"


def _copy_pair(
    root: Path,
    cause: str = "nested-not-exposed",
    name: str = CARD,
    source: tuple[str, str] = ("nested-not-exposed", CARD),
) -> Path:
    """Copies the real card pair `source` (cause, id) into `root` as `name` under `cause`."""
    source_cause, source_card = source
    folder = root / cause
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in (".md", ".ja.md"):
        text = (KNOWLEDGE / source_cause / f"{source_card}{suffix}").read_text(encoding="utf-8")
        text = text.replace(f"id: {source_card}", f"id: {name}").replace(
            f"cause: {source_cause}", f"cause: {cause}"
        )
        (folder / f"{name}{suffix}").write_text(text, encoding="utf-8")
    return folder / f"{name}.md"


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_a_good_pair_loads_with_commands_from_the_english_twin(tmp_path: Path) -> None:
    _copy_pair(tmp_path)
    kb = load_cards(tmp_path)
    en, ja = kb.get(CARD, "en"), kb.get(CARD, "ja")
    assert [s.command for s in ja.steps] == [s.command for s in en.steps]
    assert ja.steps[3].text != en.steps[3].text
    assert "入れ子になった仮想化" in ja.summary  # folded lines joined without a space


def test_unknown_cause_id_names_the_file_and_field(tmp_path: Path) -> None:
    path = _copy_pair(tmp_path, cause="nested-virt-is-off")
    with pytest.raises(CardError) as err:
        load_cards(tmp_path)
    assert err.value.path == str(path) and err.value.field == "cause"


def test_a_card_without_sources_is_refused(tmp_path: Path) -> None:
    path = _copy_pair(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        re.sub(r"sources:\n(  - .*\n(    .*\n)*)+", "sources: []\n", text), encoding="utf-8"
    )
    with pytest.raises(CardError) as err:
        load_cards(tmp_path)
    assert (err.value.path, err.value.field) == (str(path), "sources")


def test_a_card_with_only_community_sources_is_refused(tmp_path: Path) -> None:
    path = _copy_pair(tmp_path)
    _edit(path, "kind: vendor", "kind: community", count=-1)
    _edit(path, "kind: primary", "kind: community", count=-1)
    with pytest.raises(CardError, match=r"sources: needs at least one vendor or primary"):
        load_cards(tmp_path)


def test_an_ambiguous_card_must_say_what_else_its_error_may_mean(tmp_path: Path) -> None:
    path = _copy_pair(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"also_consider: \[.*\]\n", "ambiguous: true\n", text), encoding="utf-8")
    with pytest.raises(CardError, match="also_consider") as err:
        load_cards(tmp_path)
    assert (err.value.path, err.value.field) == (str(path), "ambiguous")


def test_an_ambiguous_match_must_be_one_of_the_cards_own(tmp_path: Path) -> None:
    path = _copy_pair(tmp_path)
    # the card's own ambiguous matches (if any) give way to one it does not own
    text = re.sub(r"ambiguous_matches:\n(?:  - .*\n)+", "", path.read_text(encoding="utf-8"))
    path.write_text(
        re.sub(
            r"(also_consider: \[.*\]\n)",
            r"\1ambiguous_matches: [\"an error this card does not own\"]\n",
            text,
        ),
        encoding="utf-8",
    )
    with pytest.raises(CardError, match="not among the card's matches") as err:
        load_cards(tmp_path)
    assert (err.value.path, err.value.field) == (str(path), "ambiguous_matches")


def test_a_step_without_a_shell_is_refused(tmp_path: Path) -> None:
    path = _copy_pair(tmp_path)
    _edit(
        path,
        "    shell: powershell\n    where: outer-host\n    elevated: true\n"
        "    needs_vm_off: true\n  - text: >-",
        "    where: outer-host\n    elevated: true\n    needs_vm_off: true\n  - text: >-",
    )
    with pytest.raises(CardError) as err:
        load_cards(tmp_path)
    assert err.value.path == str(path)
    assert err.value.field == "steps[3].shell"
    assert str(err.value) == f"{path}: steps[3].shell: Field required"


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = _copy_pair(tmp_path)
    _edit(path, "title: Hyper-V has", "title: [Hyper-V has")
    with pytest.raises(CardError, match=rf"^{re.escape(str(path))}: line \d+: invalid YAML"):
        load_cards(tmp_path)


def test_a_comment_that_would_cut_a_value_short_is_refused(tmp_path: Path) -> None:
    # "title: WSL issue #11216 — ..." loads as "WSL issue": YAML reads " #" as a comment
    path = _copy_pair(tmp_path)
    _edit(path, "title: Hyper-V has", "title: Hyper-V #2 has")
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("title: Hyper-V #2"))
    with pytest.raises(CardError, match=rf"^{re.escape(str(path))}: line {line}: ' #' after"):
        load_cards(tmp_path)
    _edit(path, "title: Hyper-V #2 has", 'title: "Hyper-V #2 has')
    _edit(path, "\nlang: en", '"\nlang: en')  # the same title, quoted, is fine
    assert "#2" in load_cards(tmp_path).get(CARD, "en").title


def test_invalid_yaml_line_numbers_count_from_the_top_of_the_file(tmp_path: Path) -> None:
    path = _copy_pair(tmp_path)
    _edit(path, "title: Hyper-V has", "title: [Hyper-V has")
    lines = path.read_text(encoding="utf-8").splitlines()
    title = next(i for i, text in enumerate(lines, 1) if text.startswith("title: [Hyper-V"))
    with pytest.raises(CardError) as err:
        load_cards(tmp_path)
    assert err.value.field in {f"line {title}", f"line {title + 1}"}


def test_a_japanese_card_without_its_english_twin_is_refused(tmp_path: Path) -> None:
    path = _copy_pair(tmp_path)
    path.unlink()
    _, errors = check_cards(tmp_path)
    assert [e.field for e in errors] == ["id"]
    assert "no English twin" in str(errors[0]) and errors[0].path.endswith(".ja.md")


def test_a_japanese_step_may_not_change_the_command(tmp_path: Path) -> None:
    path = _copy_pair(tmp_path)
    ja = path.with_name(f"{CARD}.ja.md")
    _edit(
        ja,
        "  - text: VM に仮想化支援機能を公開します。",
        "  - text: VM に仮想化支援機能を公開します。\n"
        "    command: Set-VMProcessor -VMName x -ExposeVirtualizationExtensions $false",
    )
    with pytest.raises(CardError, match=r"steps\[3\]\.command: differs from the English twin"):
        load_cards(tmp_path)


def test_a_japanese_step_may_name_a_settings_screen_as_japanese_windows_does(
    tmp_path: Path,
) -> None:
    # step 3 is a gui step: "Windows Security > Device security > Core isolation details >
    # Memory integrity > Off"; its Japanese twin names the screens as Japanese Windows does
    pair = (GUI_CAUSE, GUI_CARD)
    ja = _copy_pair(tmp_path, *pair, source=pair).with_suffix(".ja.md")
    kb = load_cards(tmp_path)
    en_path, ja_path = (
        kb.get(GUI_CARD, "en").steps[2].command,
        kb.get(GUI_CARD, "ja").steps[2].command,
    )
    assert en_path and en_path.startswith("Windows Security > Device security")
    assert ja_path and ja_path.startswith("Windows セキュリティ > デバイス セキュリティ")
    # a command that is typed stays the English twin's, character for character
    _edit(
        ja,
        "します。\n  - text: >-\n      再起動後、",
        "します。\n    command: reg add HKLM\\x /v y /d 0\n  - text: >-\n      再起動後、",
    )
    with pytest.raises(CardError, match=r"steps\[3\]\.command: differs from the English twin"):
        load_cards(tmp_path)
    # nor may a localized menu path be blank
    _copy_pair(tmp_path, *pair, source=pair)
    _edit(ja, f"    command: {ja_path}\n", '    command: " "\n')
    with pytest.raises(CardError, match=r"steps\[2\]\.command: a localized menu path"):
        load_cards(tmp_path)


def test_an_error_string_belongs_to_one_card(tmp_path: Path) -> None:
    _copy_pair(tmp_path)
    _copy_pair(tmp_path, name="copy-of-the-card")
    kb, errors = check_cards(tmp_path)
    assert errors and all("is already a match of" in str(e) for e in errors)
    assert len({c.id for c in kb.cards}) == 1  # the first in file order stays in service


def test_check_reports_every_fault_not_only_the_first(tmp_path: Path) -> None:
    shutil.copytree(KNOWLEDGE, tmp_path / "kb")
    root = tmp_path / "kb"
    a = root / "nested-not-exposed" / f"{CARD}.md"
    _edit(a, "kind: vendor", "kind: nonsense")
    b = next(
        p
        for p in sorted((root / "kvm-permission-denied").glob("*.md"))
        if not p.name.endswith(".ja.md") and "shell: bash" in p.read_text(encoding="utf-8")
    )
    _edit(b, "shell: bash", "shell: fish")
    _, errors = check_cards(root)
    assert {Path(e.path).name for e in errors} == {a.name, b.name}
