"""Probe reports and pasted text -> sections -> facts, and input that cannot be used."""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.errors import InputError, ReportError
from bot.facts.registry import PARSERS, facts_from_sections
from bot.inputs import (
    MAX_REPORT_BYTES,
    PROBE_KINDS,
    REPORT_KINDS,
    Section,
    read_input,
    sections_from_report,
    sniff,
)
from tests.facts.conftest import PROBE, pairs, text_of

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "probes" / "report.schema.json").read_text(encoding="utf-8"))

#: probe kinds no parser reads yet: a section of these kinds yields no facts
UNPARSED_PROBE_KINDS = {
    "dmi_id",
    "mac_app_versions",
    "qemu_version",
    "reg_query",
    "sc_query",
    "sw_vers",
    "sysctl",
    "uname_machine",
    "vboxmanage_version",
    "virsh_version",
    "vmware_version",
}


def _section(check_id: str, kind: str, stdout: str, *, in_process: bool = False) -> dict[str, Any]:
    return {
        "id": check_id,
        "kind": kind,
        "command": ["read", check_id] if in_process else [check_id.split(".")[1]],
        "in_process": in_process,
        "needs_admin": False,
        "status": "ok",
        "reason": None,
        "exit_code": None if in_process else 0,
        "duration_ms": 3,
        "stdout": stdout,
        "stderr": "",
        "truncated": False,
    }


def captured_report() -> dict[str, Any]:
    """A vmdoctor.report/1 document holding this machine's captured outputs
    (tests/fixtures/probe/, captured as root on 2026-11-28), as the probe lays them out."""
    return {
        "schema": "vmdoctor.report/1",
        "probe": {"name": "vmdoctor-probe", "version": "0.1.0", "runtime": "python"},
        "created": "2026-11-28T21:03:03Z",
        "host": {
            "os": "linux",
            "os_release": "Debian GNU/Linux 12 (bookworm) / Linux 6.18.44-fc-v782",
            "arch": "x86_64",
            "is_admin": True,
        },
        "sections": [
            _section(
                "linux.proc_cpuinfo",
                "proc_cpuinfo",
                text_of(PROBE / "linux-proc-cpuinfo.txt"),
                in_process=True,
            ),
            _section("linux.lscpu", "lscpu", text_of(PROBE / "linux-lscpu.txt")),
            _section(
                "linux.dev_kvm", "dev_kvm", text_of(PROBE / "linux-dev-kvm.json"), in_process=True
            ),
            _section("linux.kvm_modules", "kvm_modules", "kvm\nkvm_pvm\n", in_process=True),
            _section(
                "linux.systemd_detect_virt",
                "systemd_detect_virt",
                text_of(PROBE / "linux-systemd-detect-virt.txt"),
            ),
            _section(
                "linux.kernel_log", "kernel_log", text_of(PROBE / "linux-dmesg-kvm-lines.txt")
            ),
            _section("linux.groups", "id_groups", "root\n"),
            _section("linux.kvm_ok", "kvm_ok", text_of(PROBE / "linux-kvm-ok.txt")),
            _section(
                "linux.virt_host_validate",
                "virt_host_validate",
                text_of(PROBE / "linux-virt-host-validate-qemu.txt"),
            ),
        ],
        "redaction": {
            "applied": True,
            "counts": dict.fromkeys(
                ("host", "user", "domain", "org", "ip", "mac", "serial", "uuid", "product_id"), 0
            ),
        },
    }


@pytest.fixture(scope="module")
def live_report() -> str:
    """The probe's --dry-run report on the machine running the tests (about 0.3 s)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "probes" / "vmdoctor_probe.py"), "--dry-run"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


# -- the report of this machine ----------------------------------------------------------------


def test_report_kinds_are_the_schemas() -> None:
    assert set(SCHEMA["$defs"]["section"]["properties"]["kind"]["enum"]) == REPORT_KINDS


def test_every_probe_kind_has_a_parser_or_is_known_to_have_none() -> None:
    for kind in REPORT_KINDS:
        parser = PROBE_KINDS.get(kind, kind)
        assert (parser in PARSERS) != (kind in UNPARSED_PROBE_KINDS), kind


def test_the_captured_report_is_valid_against_the_published_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator(SCHEMA).validate(captured_report())


def test_this_machines_captured_report_gives_its_facts() -> None:
    sections = sections_from_report(captured_report())
    assert sections[0] == Section(
        "proc_cpuinfo", text_of(PROBE / "linux-proc-cpuinfo.txt"), "report:linux.proc_cpuinfo"
    )
    assert {s.kind for s in sections} >= {"lsmod", "dev_kvm", "kvm_ok", "id_groups"}
    facts = facts_from_sections(sections)
    got = pairs(facts)
    assert got["os_family"] == "linux"
    assert got["cpu_vendor"] == "amd"
    assert got["is_guest"] is True  # the hypervisor flag; lscpu "Hypervisor vendor: KVM"
    assert got["outer_hypervisor"] == "kvm"
    assert got["cpu_has_virt"] is False  # no svm
    assert got["dev_kvm_exists"] is True  # served by kvm_pvm
    assert got["dev_kvm_accessible"] is True  # captured as root
    assert got["kvm_create_vm_ok"] is True
    assert got["kvm_modules_loaded"] is True
    assert got["kvm_ok_usable"] is False
    assert got["virt_host_validate_hw"] is False
    assert got["container"] == "docker"
    assert "slat" not in got and "firmware_virt_on" not in got
    assert "Hypervisor vendor:                       KVM" in facts.quotes("outer_hypervisor")
    assert not facts.conflicts
    for section in sections:
        for fact in PARSERS[section.kind](section.text):
            assert fact.quote in section.text


def _cpu_flags() -> set[str]:
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    return set()


@pytest.mark.skipif(sys.platform != "linux", reason="reads this Linux machine")
def test_the_live_probe_report_of_this_machine_gives_what_the_machine_shows(
    live_report: str,
) -> None:
    sections = read_input(live_report)
    assert sections and all(s.origin.startswith("report:linux.") for s in sections)
    got = pairs(facts_from_sections(sections))
    flags = _cpu_flags()
    assert got["os_family"] == "linux"
    assert got["cpu_has_virt"] == bool(flags & {"vmx", "svm"})
    assert got["is_guest"] == ("hypervisor" in flags)
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        vendor = "amd" if "AuthenticAMD" in handle.read() else "intel"
    assert got["cpu_vendor"] == vendor
    assert got.get("dev_kvm_exists") is (True if os.path.exists("/dev/kvm") else None)
    if os.path.exists("/dev/kvm") and os.geteuid() == 0:
        assert got["dev_kvm_accessible"] is True
        assert got["kvm_create_vm_ok"] is True


def test_sections_that_did_not_run_or_printed_nothing_are_left_out() -> None:
    report = captured_report()
    report["sections"][1]["status"] = "timeout"
    report["sections"][2]["stdout"] = "   \n"
    kinds = [s.kind for s in sections_from_report(report)]
    assert "lscpu" not in kinds and "dev_kvm" not in kinds and "proc_cpuinfo" in kinds


# -- pasted text -------------------------------------------------------------------------------


def test_pasted_text_of_several_kinds_gives_each_kind() -> None:
    text = (
        text_of("outputs/systeminfo/windows10-home-findstr-firmware-disabled.txt")
        + "\n"
        + text_of("outputs/bcdedit/windows11-en-hypervisorlaunchtype-auto.txt")
    )
    sections = read_input(text)
    assert [s.kind for s in sections] == ["systeminfo", "bcdedit"]
    assert all(s.origin == "pasted" and s.text == text for s in sections)
    got = pairs(facts_from_sections(sections))
    assert got["firmware_virt_on"] is False and got["hypervisorlaunchtype"] == "auto"


def test_pasted_text_of_an_unknown_kind_gives_no_sections() -> None:
    assert read_input("my VM won't start, please help\n") == []
    assert read_input("") == []
    assert sniff("hello") == []


def test_report_sections_come_before_pasted_ones() -> None:
    pasted = Section("kvm_ok", text_of("outputs/kvm-ok/ubuntu-can-be-used.txt"), "pasted")
    report = sections_from_report(captured_report())
    facts = facts_from_sections([pasted, *report])
    assert facts.value("kvm_ok_usable") is False  # the report's verdict stands
    assert [(a.source, b.value) for a, b in facts.conflicts if a.name == "kvm_ok_usable"] == [
        ("kvm_ok", True)
    ]


def test_powershell_json_pasted_by_hand_is_read_as_text() -> None:
    text = (
        '{\n    "VirtualizationBasedSecurityStatus":  2,\n    "SecurityServicesRunning":  [2]\n}\n'
    )
    assert [s.kind for s in read_input(text)] == ["win32"]


# -- input that cannot be used -----------------------------------------------------------------


def _one_line(err: pytest.ExceptionInfo[InputError]) -> str:
    message = str(err.value)
    assert "\n" not in message and message.strip() == message
    assert "send" in message  # says what to send instead
    return message


def test_a_truncated_report_is_refused_in_one_line() -> None:
    data = json.dumps(captured_report(), indent=1)
    with pytest.raises(ReportError) as err:
        read_input(data[: len(data) // 2])
    assert "not valid JSON" in _one_line(err)


def test_a_50_mb_input_is_refused_in_one_line() -> None:
    with pytest.raises(InputError) as err:
        read_input("x" * (50 * 1024 * 1024))
    assert "50 MB" in _one_line(err)


def test_an_oversized_report_is_refused_in_one_line() -> None:
    report = captured_report()
    for section in report["sections"]:
        section["stdout"] = "y" * 60000
    data = json.dumps(report)
    assert len(data) > MAX_REPORT_BYTES
    with pytest.raises(ReportError) as err:
        read_input(data)
    assert "256 KB" in _one_line(err)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 10_000 + "]" * 10_000,
        '{"schema": "vmdoctor.report/1", "probe": ' + "[" * 10_000 + "]" * 10_000 + "}",
        '{"a": ' * 10_000 + "1" + "}" * 10_000,
        "[" * 100 + "]" * 100,
    ],
    ids=["array-10000", "report-10000", "object-10000", "array-100"],
)
def test_deeply_nested_json_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(ReportError) as err:
        read_input(text)
    assert "nested" in _one_line(err)


def test_a_deeply_nested_report_dict_is_refused_by_sections_from_report() -> None:
    report = captured_report()
    deep: list[Any] = []
    for _ in range(10_000):
        deep = [deep]
    report["probe"] = deep
    with pytest.raises(ReportError) as err:
        sections_from_report(report)
    _one_line(err)


@pytest.mark.parametrize(
    "raw",
    [
        bytes(range(256)) * 32,
        random.Random(4).randbytes(16384),
    ],
    ids=["all-bytes", "random-bytes"],
)
def test_binary_bytes_decoded_as_text_are_refused_in_one_line(raw: bytes) -> None:
    for text in (raw.decode("latin-1"), raw.decode("utf-8", errors="replace")):
        with pytest.raises(InputError) as err:
            read_input(text)
        assert "binary" in _one_line(err)


def test_a_report_of_another_schema_version_is_refused_in_one_line() -> None:
    report = captured_report()
    report["schema"] = "vmdoctor.report/2"
    with pytest.raises(ReportError) as err:
        read_input(json.dumps(report))
    message = _one_line(err)
    assert "vmdoctor.report/2" in message and "vmdoctor.report/1" in message


def test_a_report_whose_sections_are_not_a_list_is_refused_in_one_line() -> None:
    report = captured_report()
    report["sections"] = {"linux.lscpu": "..."}
    with pytest.raises(ReportError) as err:
        read_input(json.dumps(report))
    assert "'sections'" in _one_line(err) and "not a list" in str(err.value)


def _broken(change: str) -> dict[str, Any]:
    report = captured_report()
    section = report["sections"][0]
    if change == "missing-field":
        del report["host"]
    elif change == "extra-field":
        report["extra"] = 1
    elif change == "section-not-object":
        report["sections"][0] = "proc_cpuinfo"
    elif change == "stdout-not-string":
        section["stdout"] = ["flags : vmx"]
    elif change == "unknown-kind":
        section["kind"] = "rm_rf"
    elif change == "bad-id":
        section["id"] = "../../etc/passwd"
    elif change == "bad-status":
        section["status"] = "fine"
    elif change == "exit-code-bool":
        section["exit_code"] = True
    elif change == "stdout-too-long":
        section["stdout"] = "z" * 70000
    elif change == "not-redacted":
        report["redaction"]["applied"] = False
    elif change == "too-many-sections":
        report["sections"] = [copy.deepcopy(section) for _ in range(65)]
    return report


@pytest.mark.parametrize(
    "change",
    [
        "missing-field",
        "extra-field",
        "section-not-object",
        "stdout-not-string",
        "unknown-kind",
        "bad-id",
        "bad-status",
        "exit-code-bool",
        "stdout-too-long",
        "not-redacted",
        "too-many-sections",
    ],
)
def test_a_report_that_breaks_the_schema_is_refused_in_one_line(change: str) -> None:
    report = _broken(change)
    with pytest.raises(ReportError) as err:
        sections_from_report(report)
    _one_line(err)
    jsonschema = pytest.importorskip("jsonschema")
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(report)


@pytest.mark.parametrize(
    "text",
    ['{"foo": 1}', "[1, 2, 3]", "{}", '[{"Name": "x"}]'],
    ids=["object", "array", "empty", "list"],
)
def test_json_that_is_not_a_report_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(ReportError) as err:
        read_input(text)
    assert "not a vmdoctor report" in _one_line(err)


def test_text_that_merely_starts_with_a_bracket_is_sniffed() -> None:
    text = text_of("probe/linux-dmesg-kvm-lines.txt")
    assert text.startswith("[")
    assert [s.kind for s in read_input(text)] == ["kernel_log"]
