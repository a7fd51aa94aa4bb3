"""A real probe run on this machine: schema, size, time, and what the sections hold."""

from __future__ import annotations

import json
import os
import re
import sys
from types import ModuleType
from typing import Any

import pytest

Run = tuple[dict[str, Any], bytes, float]
on_linux = pytest.mark.skipif(sys.platform != "linux", reason="Linux sections")


def section(report: dict[str, Any], check_id: str) -> dict[str, Any]:
    return next(s for s in report["sections"] if s["id"] == check_id)


def test_report_on_this_machine_validates_against_the_schema(
    machine_run: Run, validator: Any
) -> None:
    validator.validate(machine_run[0])


def test_report_on_this_machine_is_at_most_256_kib(machine_run: Run) -> None:
    assert len(machine_run[1]) <= 256 * 1024


def test_probe_on_this_machine_takes_under_two_seconds(machine_run: Run) -> None:
    assert machine_run[2] < 2.0


def test_serialized_report_is_the_report(machine_run: Run) -> None:
    report, data, _ = machine_run
    assert json.loads(data.decode("utf-8")) == report
    assert not data.startswith(b"\xef\xbb\xbf")


def test_report_has_one_section_per_check_of_this_os_in_table_order(
    machine_run: Run, probe: ModuleType
) -> None:
    report = machine_run[0]
    expected = [c.id for c in probe.CHECKS if c.os == report["host"]["os"]]
    assert [s["id"] for s in report["sections"]] == expected


def test_redaction_block_counts_every_class(machine_run: Run, probe: ModuleType) -> None:
    redaction = machine_run[0]["redaction"]
    assert redaction["applied"] is True
    assert list(redaction["counts"]) == list(probe.REDACTION_CLASSES)


@on_linux
def test_cpuinfo_section_keeps_each_distinct_flags_line_once(machine_run: Run) -> None:
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        distinct = {line.rstrip("\n") for line in handle if line.startswith("flags")}
    stdout = section(machine_run[0], "linux.proc_cpuinfo")["stdout"]
    kept = [line for line in stdout.splitlines() if line.startswith("flags")]
    assert sorted(kept) == sorted(distinct)


@on_linux
def test_kernel_log_section_keeps_only_virtualization_lines(
    machine_run: Run, probe: ModuleType
) -> None:
    kernel = section(machine_run[0], "linux.kernel_log")
    keep = re.compile(probe._KERNEL_LOG_KEEP)
    assert all(keep.search(line) for line in kernel["stdout"].splitlines())


@on_linux
def test_dev_kvm_section_reports_the_open_and_create_vm_results(machine_run: Run) -> None:
    kvm = section(machine_run[0], "linux.dev_kvm")
    if not os.path.exists("/dev/kvm"):
        assert kvm["status"] == "not-found"
        return
    assert kvm["status"] == "ok" and kvm["in_process"] is True
    info = json.loads(kvm["stdout"])
    assert info["mode"].startswith("c") and info["is_char_device"] is True
    if info["open"] == "ok":
        assert info["api_version"] == 12  # stable since Linux 2.6.22
        assert info["create_vm"] == "ok" or info["create_vm"].startswith("E")
    else:
        assert info["open"].startswith("E") and info["create_vm"] is None


@on_linux
def test_not_installed_tools_are_not_found_not_errors(machine_run: Run) -> None:
    for item in machine_run[0]["sections"]:
        if item["status"] == "not-found":
            assert item["reason"] and item["exit_code"] is None and item["stdout"] == ""
