"""The command line through main(argv): exit codes, stdout, one-line stderr."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import FIXTURES, KNOWLEDGE

SEED_EN = "The virtual machine could not be started because nested virtualization is not supported"


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch, index_dir: Path, pipeline: object) -> None:
    # `pipeline` first builds the shared test index, which the CLI then opens
    monkeypatch.setenv("VMDOCTOR_DATA_DIR", str(index_dir))
    monkeypatch.setenv("VMDOCTOR_KNOWLEDGE_DIR", str(KNOWLEDGE))
    monkeypatch.chdir(index_dir)  # no stray .env


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(argv, stdout=out)
    return code, out.getvalue(), capsys.readouterr().err


def _usage_error(code: int, out: str, err: str) -> None:
    assert code == 2
    assert out == ""
    assert err.startswith("vmdoctor: ") and err.count("\n") == 1


def test_ask_prints_a_readable_answer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["ask", SEED_EN], capsys)
    assert code == 0 and err == ""
    assert "ExposeVirtualizationExtensions" in out and "nested-not-exposed" in out


def test_ask_json_prints_the_answer_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ask", SEED_EN, "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and data["language"] == "en"
    assert data["causes"][0]["id"] == "nested-not-exposed"


def test_lang_option_overrides_the_detected_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["ask", SEED_EN, "--json", "--lang", "ja"], capsys)
    assert code == 0 and json.loads(out)["language"] == "ja"


def test_report_file_feeds_the_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = FIXTURES / "outputs"
    sample = next(log.rglob("*VERR_VMX_MSR_ALL_VMX_DISABLED*"), None) or next(
        p
        for p in log.rglob("*.txt")
        if "VERR_VMX_MSR_ALL_VMX_DISABLED" in p.read_text(encoding="utf-8", errors="replace")
    )
    code, out, _ = run(["ask", "my VM does not start", "--report", str(sample), "--json"], capsys)
    assert code == 0
    assert json.loads(out)["causes"][0]["id"] == "firmware-virt-disabled"


def test_report_saved_as_utf16_by_powershell_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "vbox.txt"
    path.write_bytes(
        "VT-x is disabled in the BIOS for all CPU modes (VERR_VMX_MSR_ALL_VMX_DISABLED)\r\n".encode(
            "utf-16"
        )
    )
    code, out, _ = run(["ask", "VM won't start", "--report", str(path), "--json"], capsys)
    assert code == 0 and json.loads(out)["causes"][0]["id"] == "firmware-virt-disabled"


def test_jsonl_answers_every_line_in_order_with_its_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text(
        "\n".join(
            [
                json.dumps({"id": "q1", "question": SEED_EN}),
                "this is not json",
                json.dumps({"id": "q3", "question": ""}),
                json.dumps(
                    {
                        "id": 4,
                        "question": "仮想マシンが開始されなかったのは、ネストされた仮想化がサポートされていないためです",
                    }
                ),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, err = run(["ask", "--jsonl", str(batch)], capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r.get("id") for r in rows] == ["q1", None, "q3", 4]
    assert rows[0]["causes"][0]["id"] == "nested-not-exposed"
    assert "not JSON" in rows[1]["error"] and "empty" in rows[2]["error"]
    assert rows[3]["language"] == "ja"
    assert "2 of 4 lines" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", ""],
        ["ask", "   "],
        ["ask"],
        ["ask", "x" * 1_000_000],
        ["ask", "\x00\x01binary"],
        ["ask", "q", "--report", "/nonexistent/report.json"],
        ["ask", "q", "--lang", "fr"],
        ["ask", "q", "--jsonl", "x.jsonl"],
        ["frobnicate"],
        [],
    ],
)
def test_bad_usage_exits_2_with_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _usage_error(*run(argv, capsys))


def test_binary_report_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "r.bin"
    path.write_bytes(bytes(range(256)) * 10)
    _usage_error(*run(["ask", "q", "--report", str(path)], capsys))


def test_directory_as_report_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _usage_error(*run(["ask", "q", "--report", str(tmp_path)], capsys))


def test_cards_check_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["cards", "check"], capsys)
    assert code == 0 and "cards ok" in out
    code, out, _ = run(["cards", "list", "--cause", "nested-not-exposed"], capsys)
    assert code == 0 and "hyperv-nested-expose-extensions" in out


def test_cards_check_reports_a_broken_card(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    shutil.copytree(KNOWLEDGE, tmp_path / "kb")
    broken = tmp_path / "kb" / "kvm-permission-denied" / "kvm-group-membership.md"
    broken.write_text(
        re.sub(r"kind: \w+", "kind: blog", broken.read_text(encoding="utf-8"), count=1),
        encoding="utf-8",
    )
    monkeypatch.setenv("VMDOCTOR_KNOWLEDGE_DIR", str(tmp_path / "kb"))
    code, out, err = run(["cards", "check"], capsys)
    assert code == 2 and out == ""
    assert err.startswith(f"vmdoctor: {broken}: sources[")


def test_index_refuses_a_broken_card_and_keeps_the_previous_index(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    index_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import shutil

    shutil.copytree(KNOWLEDGE, tmp_path / "kb")
    broken = tmp_path / "kb" / "kvm-permission-denied" / "kvm-group-membership.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("shell: bash", "shell: fish", 1),
        encoding="utf-8",
    )
    monkeypatch.setenv("VMDOCTOR_KNOWLEDGE_DIR", str(tmp_path / "kb"))
    pointer = (index_dir / "index" / "CURRENT").read_text()
    code, out, err = run(["index"], capsys)
    _usage_error(code, out, err)
    assert f"{broken}: steps[" in err and ".shell" in err
    assert (index_dir / "index" / "CURRENT").read_text() == pointer


def test_index_is_a_no_op_when_nothing_changed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["index", "--quiet"], capsys)
    assert code == 0 and "up to date" in out


def test_listing_cards_of_an_unknown_cause_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["cards", "list", "--cause", "bogus"], capsys)
    _usage_error(code, out, err)
    assert "unknown cause 'bogus'" in err and "nested-not-exposed" in err


def test_japanese_answers_wrap_between_characters_not_only_at_spaces(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import itertools
    import unicodedata

    from rich import _wrap
    from rich.cells import cell_len

    before = _wrap.re_word
    code, out, _ = run(
        [
            "ask",
            "仮想マシンが開始されなかったのは、ネストされた仮想化がサポートされていないためです",
        ],
        capsys,
    )
    assert code == 0 and _wrap.re_word is before  # rich's own rule is back afterwards

    def wide(ch: str) -> bool:
        return unicodedata.east_asian_width(ch) in ("W", "F")

    lines = [line.rstrip() for line in out.splitlines()]
    ragged = [
        a
        for a, b in itertools.pairwise(lines)
        if a and b.strip() and wide(a[-1]) and wide(b.strip()[0]) and cell_len(a) < 70
    ]
    assert ragged == []
    assert not any(line.lstrip().startswith(("、", "。", "」")) for line in lines)


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"], capsys)[0] == 0
