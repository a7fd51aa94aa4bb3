"""The probe as users run it: one file, --dry-run, --out, exit codes, standard library only."""

from __future__ import annotations

import ast
import functools
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

PROBE_FILE = Path(__file__).resolve().parents[2] / "probes" / "vmdoctor_probe.py"


@pytest.fixture
def fixed_report(probe: ModuleType, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """main() with collect() answering one fixed report, so two runs can be compared."""
    output = functools.partial(str, "host zq-desk-4821 at 10.9.8.7\n")
    check = probe.Check(
        "linux.kvm_ok", "kvm_ok", "linux", "test", (probe.Reader(("read", "output"), output),)
    )
    report = probe.collect(
        checks=[check],
        os_id="linux",
        elevated=False,
        redactor=probe.Redactor(hosts=["zq-desk-4821"]),
    )
    monkeypatch.setattr(probe, "collect", lambda **_: report)
    return report


def test_single_file_dry_run_prints_a_valid_report_and_writes_nothing(
    tmp_path: Path, validator: Any
) -> None:
    # -I -S: no site-packages at all, so the probe cannot lean on anything but the stdlib.
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(PROBE_FILE), "--dry-run"],
        cwd=tmp_path,
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.decode("utf-8"))
    validator.validate(report)
    assert list(tmp_path.iterdir()) == []
    assert b"dry run: nothing written" in done.stderr
    assert b"Traceback" not in done.stderr


def test_dry_run_prints_exactly_the_bytes_that_would_be_written(
    probe: ModuleType,
    fixed_report: dict[str, Any],
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    assert probe.main(["--dry-run", "--out", str(tmp_path / "unused.json")]) == 0
    printed = capsysbinary.readouterr().out
    out = tmp_path / "report.json"
    assert probe.main(["--out", str(out)]) == 0
    assert out.read_bytes() == printed
    assert not (tmp_path / "unused.json").exists()
    assert b"zq-desk-4821" not in printed and b"10.9.8.7" not in printed
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


def test_out_dash_prints_the_report(
    probe: ModuleType, fixed_report: dict[str, Any], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert probe.main(["--out", "-"]) == 0
    assert json.loads(capsysbinary.readouterr().out) == fixed_report


def test_a_bad_timeout_exits_2_with_one_line(
    probe: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert probe.main(["--timeout", "0"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1


def test_there_is_no_way_to_skip_redaction(
    probe: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert probe.main(["--no-redact"]) == 2
    assert capsys.readouterr().out == ""


def test_an_unwritable_output_exits_1_with_one_line(
    probe: ModuleType,
    fixed_report: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert probe.main(["--out", str(tmp_path / "no-such-dir" / "r.json")]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "cannot write" in captured.err


def test_the_imported_probe_is_the_single_file(probe: ModuleType) -> None:
    assert Path(probe.__file__).resolve() == PROBE_FILE


def test_probe_imports_only_the_standard_library() -> None:
    tree = ast.parse(PROBE_FILE.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)


def test_probe_parses_as_python_3_8() -> None:
    ast.parse(PROBE_FILE.read_text(encoding="utf-8"), feature_version=(3, 8))


def test_probe_evaluates_no_3_9_or_3_10_typing_syntax_at_run_time() -> None:
    """`list[int]` or `A | B` outside annotations would raise on Python 3.8; mypy cannot check
    3.8 any more, so this does."""
    tree = ast.parse(PROBE_FILE.read_text(encoding="utf-8"))
    exempt: set[int] = set()
    for node in ast.walk(tree):
        annotations = [getattr(node, "annotation", None), getattr(node, "returns", None)]
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            annotations.append(node)
        for annotation in filter(None, annotations):
            exempt.update(id(sub) for sub in ast.walk(annotation))
    generic = {"list", "dict", "tuple", "set", "frozenset", "type"}
    offenders = [
        ast.unparse(node)
        for node in ast.walk(tree)
        if id(node) not in exempt
        and (
            (isinstance(node, ast.Subscript) and getattr(node.value, "id", None) in generic)
            or (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.BitOr)
                and any(
                    (isinstance(side, ast.Constant) and side.value is None)
                    or getattr(side, "id", "")[:1].isupper()
                    for side in (node.left, node.right)
                )
            )
        )
    ]
    assert offenders == []
