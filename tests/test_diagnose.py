"""Answers grounded in a probe report or pasted output (issue #4): real captured outputs in,
the cause they show out, with the observed fact quoted as evidence."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.errors import InputError
from bot.pipeline import gather
from tests.conftest import FIXTURES, KNOWLEDGE, ROOT

OUTPUTS = FIXTURES / "outputs"
REPORT_PREFIX = "your report: "


def _quote(evidence: str) -> str:
    return evidence.removeprefix(REPORT_PREFIX)


def _assert_quoted_from(evidence: list[str] | tuple[str, ...], text: str) -> None:
    """Every quote is verbatim from the input (long lines may be cut, marked by ellipses)."""
    for item in evidence:
        for piece in _quote(item).split("\u2026"):
            assert piece.strip() in text, piece


@pytest.mark.parametrize(
    ("fixture", "cause", "fact"),
    [
        (
            "systeminfo/windows10-home-findstr-firmware-disabled.txt",
            "firmware-virt-disabled",
            "Virtualization Enabled In Firmware: No",
        ),
        (
            "kernel-log/linux-amd-kvm-amd-svm-disabled-by-bios.txt",
            "firmware-virt-disabled",
            "SVM disabled (by BIOS)",
        ),
        (
            "kvm-ok/ubuntu-intel-disabled-by-bios.txt",
            "firmware-virt-disabled",
            "disabled by your BIOS",
        ),
        (
            "systeminfo/windows-server2012-virtualbox-guest-no-vmx-no-slat.txt",
            "nested-not-exposed",
            "Second Level Address Translation: No",
        ),
        (
            "proc-cpuinfo/linux-kvm-guest-amd-epyc-hypervisor-no-svm.txt",
            "nested-not-exposed",
            "hypervisor",
        ),
        (
            "vbox-log/windows-hyperv-nem-snail-mode-lines.txt",
            "hypervisor-coexistence",
            "Snail execution mode",
        ),
        (
            "vmware-log/windows11-monitor-mode-ulm.txt",
            "hypervisor-coexistence",
            "Monitor Mode: ULM",
        ),
        (
            "bcdedit/windows10-zh-tw-hypervisorlaunchtype-off.txt",
            "hypervisor-not-launched",
            "hypervisorlaunchtype",
        ),
        (
            "win32-deviceguard/windows10-vbs-running-cg-hvci.txt",
            "vbs-memory-integrity",
            "SecurityServicesRunning",
        ),
        (
            "qemu/linux-docker-osx-could-not-access-kvm-permission-denied.txt",
            "kvm-permission-denied",
            "Permission denied",
        ),
        ("dev-kvm/linux-kvm-guest-root-only-0600.txt", "kvm-permission-denied", "crw-------"),
    ],
)
def test_diagnose_names_the_cause_the_output_shows(
    pipeline: Any, fixture: str, cause: str, fact: str
) -> None:
    text = (OUTPUTS / fixture).read_text(encoding="utf-8")
    answer = pipeline.diagnose(text)
    assert answer.causes[0].id == cause
    evidence = answer.causes[0].evidence
    assert any(fact in e for e in evidence), evidence
    assert any(e.startswith(REPORT_PREFIX) for e in evidence)
    _assert_quoted_from(evidence, text)


def test_the_report_decides_the_card_platform(pipeline: Any) -> None:
    # a VirtualBox guest: the fix for its nesting lives in VirtualBox, not in Hyper-V
    text = (
        OUTPUTS / "systeminfo/windows-server2012-virtualbox-guest-no-vmx-no-slat.txt"
    ).read_text(encoding="utf-8")
    answer = pipeline.diagnose(text)
    assert answer.steps[0].card.startswith("virtualbox")


def test_a_report_overrides_what_the_user_says_and_the_answer_says_so(pipeline: Any) -> None:
    text = (OUTPUTS / "systeminfo/windows10-home-findstr-firmware-disabled.txt").read_text(
        encoding="utf-8"
    )
    question = "Docker Desktop won't start. VT-x is enabled in the BIOS, I checked."
    answer = pipeline.answer(question, text)
    assert answer.causes[0].id == "firmware-virt-disabled"
    assert "you said \u201cVT-x is enabled in the BIOS\u201d" in answer.text
    assert "Virtualization Enabled In Firmware: No" in answer.text


def test_output_pasted_into_the_question_is_read_too(pipeline: Any) -> None:
    pasted = (OUTPUTS / "kvm-ok/ubuntu-intel-disabled-by-bios.txt").read_text(encoding="utf-8")
    answer = pipeline.answer(f"my VMs won't start, kvm-ok says:\n{pasted}")
    assert answer.causes[0].id == "firmware-virt-disabled"
    _assert_quoted_from(answer.causes[0].evidence, pasted)


def test_japanese_systeminfo_is_read(pipeline: Any) -> None:
    text = (OUTPUTS / "systeminfo/windows-ja-hypervisor-detected.txt").read_text(encoding="utf-8")
    facts = gather("", text).facts
    assert facts.value("hypervisor_present") is True
    assert facts.value("firmware_virt_on") is None  # hidden once a hypervisor runs


@pytest.mark.parametrize(
    ("fixture", "lang"),
    [
        ("systeminfo/windows-server2019-hypervisor-detected.txt", "en"),
        ("systeminfo/windows-ja-hypervisor-detected.txt", "ja"),
    ],
)
def test_a_running_hypervisor_alone_is_healthy_in_either_language(
    pipeline: Any, fixture: str, lang: str
) -> None:
    # systeminfo's "A hypervisor has been detected" (and its Japanese text) is the healthy
    # state, not a checker contradicting the machine
    text = (OUTPUTS / fixture).read_text(encoding="utf-8")
    answer = pipeline.diagnose(text, lang=lang)
    assert answer.causes[0].id == "no-fault-found"
    assert answer.language == lang


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real report from this machine, written by the single-file probe."""
    out = tmp_path_factory.mktemp("probe") / "report.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "probes" / "vmdoctor_probe.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


def test_a_report_from_this_machine_is_diagnosed(pipeline: Any, report: Path) -> None:
    text = report.read_text(encoding="utf-8")
    evidence = gather("", text)
    facts = evidence.facts
    answer = pipeline.diagnose(text)
    ids = [c.id for c in answer.causes]
    if facts.is_true("is_guest") and facts.is_false("cpu_has_virt"):
        # this development machine: a KVM guest whose CPU shows no vmx/svm
        assert "nested-not-exposed" in ids[:2]
    if facts.is_true("kvm_create_vm_ok"):
        # ...where a paravirtualised KVM (kvm_pvm) still creates VMs as root
        assert ids[0] == "no-fault-found"
    if facts.is_true("dev_kvm_exists") and facts.is_false("dev_kvm_accessible"):
        assert ids[0] == "kvm-permission-denied"
    sections = "\n".join(s.text for s in evidence.sections)  # the report's decoded outputs
    for cause in answer.causes:
        _assert_quoted_from(cause.evidence, sections)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(argv, stdout=out)
    return code, out.getvalue(), capsys.readouterr().err


@pytest.fixture()
def _env(monkeypatch: pytest.MonkeyPatch, index_dir: Path, pipeline: object) -> None:
    monkeypatch.setenv("VMDOCTOR_DATA_DIR", str(index_dir))
    monkeypatch.setenv("VMDOCTOR_KNOWLEDGE_DIR", str(KNOWLEDGE))
    monkeypatch.chdir(index_dir)


@pytest.mark.usefixtures("_env")
def test_cli_diagnose_and_doctor(
    report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(["diagnose", str(report), "--json"], capsys)
    assert code == 0, err
    assert json.loads(out)["causes"]
    code, out, err = _run(
        ["diagnose", str(OUTPUTS / "kvm-ok/ubuntu-intel-disabled-by-bios.txt"), "--lang", "ja"],
        capsys,
    )
    assert code == 0 and "BIOS" in out
    saved = tmp_path / "saved.json"
    code, out, err = _run(["doctor", "--json", "--save", str(saved)], capsys)
    assert code == 0, err
    assert json.loads(out)["causes"] and json.loads(saved.read_text())["schema"].startswith(
        "vmdoctor.report/"
    )


@pytest.mark.usefixtures("_env")
def test_cli_probe_writes_or_prints_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "r.json"
    code, _, err = _run(["probe", "--out", str(out_file)], capsys)
    assert code == 0, err
    assert json.loads(out_file.read_text())["schema"] == "vmdoctor.report/1"


@pytest.mark.usefixtures("_env")
@pytest.mark.parametrize(
    "content",
    [
        "just some notes about my weekend",  # text of an unknown kind
        '{"schema": "vmdoctor.report/1", "sections": [',  # truncated report
        '{"schema": "vmdoctor.report/9", "probe": {}, "created": "x", "host": {}, '
        '"sections": [], "redaction": {}}',  # a future schema version
        '{"schema": "vmdoctor.report/1", "probe": {}, "created": "x", "host": {}, '
        '"sections": {"a": 1}, "redaction": {}}',  # sections not a list
        "[" * 10_000 + "]" * 10_000,  # nested far too deep
    ],
)
def test_cli_diagnose_refuses_bad_input_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    path = tmp_path / "in.txt"
    path.write_text(content, encoding="utf-8")
    code, out, err = _run(["diagnose", str(path)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("vmdoctor: ") and err.count("\n") == 1


@pytest.mark.usefixtures("_env")
def test_cli_diagnose_refuses_a_50_mb_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.log"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    code, out, err = _run(["diagnose", str(path)], capsys)
    assert code == 2 and out == "" and "MB" in err


def test_pipeline_diagnose_refuses_unknown_text(pipeline: Any) -> None:
    with pytest.raises(InputError, match="vmdoctor probe"):
        pipeline.diagnose("hello, nothing to see here")
