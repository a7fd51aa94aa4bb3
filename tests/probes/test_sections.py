"""Section statuses, fallbacks and limits, driven by real commands (sleep, seq, printf ...)."""

from __future__ import annotations

import functools
import os
import time
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="uses POSIX commands")

MISSING = "vmdoctor-no-such-program-7d1e"


def run_one(probe: ModuleType, *sources: Any, **options: Any) -> dict[str, Any]:
    return run_many(probe, [sources], **options)["sections"][0]


def run_many(
    probe: ModuleType,
    source_lists: list[tuple[Any, ...]],
    *,
    timeout: float = 10.0,
    budget: float = 30.0,
    keep: str | None = None,
    needs_admin: bool = False,
    elevated: bool = True,
) -> dict[str, Any]:
    checks = [
        probe.Check(
            f"linux.case_{n}",
            "lscpu",
            "linux",
            "test",
            tuple(sources),
            needs_admin=needs_admin,
            timeout=timeout,
            keep=keep,
        )
        for n, sources in enumerate(source_lists)
    ]
    return probe.collect(
        checks=checks,
        os_id="linux",
        timeout=timeout,
        budget=budget,
        elevated=elevated,
        redactor=probe.Redactor(),
    )


def test_a_command_running_past_its_timeout_is_reported_as_timeout(probe: ModuleType) -> None:
    result = run_one(probe, probe.Command(("sleep", "5")), timeout=0.3)
    assert result["status"] == "timeout"
    assert result["exit_code"] is None
    assert result["duration_ms"] < 2000
    assert "0.3 s" in result["reason"]


def test_a_missing_program_is_reported_as_not_found(probe: ModuleType) -> None:
    result = run_one(probe, probe.Command((MISSING, "--version")))
    assert result["status"] == "not-found"
    assert result["reason"] == MISSING + " not found"
    assert result["exit_code"] is None and result["command"] == [MISSING, "--version"]


def test_a_nonzero_exit_is_data_not_an_error(probe: ModuleType) -> None:
    result = run_one(probe, probe.Command(("false",)))
    assert (result["status"], result["exit_code"]) == ("ok", 1)


def test_stdout_and_stderr_are_kept_apart(probe: ModuleType) -> None:
    result = run_one(probe, probe.Command(("ls", "/vmdoctor-no-such-path")))
    assert result["status"] == "ok" and result["exit_code"] != 0
    assert result["stdout"] == "" and "No such file" in result["stderr"]


def test_the_next_source_is_used_when_the_first_is_missing(probe: ModuleType) -> None:
    result = run_one(
        probe,
        probe.Command((MISSING,)),
        probe.Command(("printf", "kvm_amd 1 0\\nsnd 2 0\\nkvm 3 1\\n")),
        keep=r"^kvm",
    )
    assert result["status"] == "ok" and result["command"][0] == "printf"
    assert result["stdout"] == "kvm_amd 1 0\nkvm 3 1\n"
    assert result["reason"] == f"{MISSING}: {MISSING} not found; used printf"


def test_a_failed_first_source_is_named_with_its_error(probe: ModuleType) -> None:
    result = run_one(
        probe, probe.Command(("ls", "/vmdoctor-no-such-path")), probe.Command(("true",))
    )
    assert result["command"] == ["true"]
    assert result["reason"].startswith("ls: exit 2 (ls: cannot access")
    assert result["reason"].endswith("; used true")


def test_a_check_needing_root_is_skipped_when_not_elevated(
    probe: ModuleType, validator: Any
) -> None:
    report = run_many(probe, [(probe.Command(("true",)),)], needs_admin=True, elevated=False)
    result = report["sections"][0]
    assert (result["status"], result["reason"]) == ("skipped", "needs root")
    validator.validate(report)


def test_an_unreadable_source_is_an_error_with_its_errno(probe: ModuleType) -> None:
    reader = probe.Reader(("read", "/"), functools.partial(probe._read_text, "/"))
    result = run_one(probe, reader)
    assert result["status"] == "error" and result["reason"].startswith("EISDIR")
    assert result["in_process"] is True and result["exit_code"] is None


def test_a_failing_reader_never_raises(probe: ModuleType) -> None:
    def broken() -> str:
        raise ValueError("bug")

    result = run_one(probe, probe.Reader(("read", "x"), broken))
    assert (result["status"], result["reason"]) == ("error", "reader failed: ValueError")


def test_the_whole_probe_stops_at_its_budget(probe: ModuleType) -> None:
    started = time.monotonic()
    report = run_many(probe, [(probe.Command(("sleep", "5")),)] * 6, budget=0.5)
    assert time.monotonic() - started < 2.0
    statuses = {s["status"] for s in report["sections"]}
    assert statuses <= {"timeout", "skipped"}


def test_output_over_64_kib_is_cut_at_a_line_end_and_flagged(probe: ModuleType) -> None:
    result = run_one(probe, probe.Command(("seq", "1", "100000")))
    assert result["truncated"] is True
    assert len(result["stdout"].encode("utf-8")) <= 64 * 1024
    numbers = [int(line) for line in result["stdout"].splitlines()]
    assert result["stdout"].endswith("\n")
    assert numbers == list(range(1, len(numbers) + 1))


def test_many_large_sections_still_fit_in_256_kib(probe: ModuleType, validator: Any) -> None:
    report = run_many(probe, [(probe.Command(("seq", "1", "20000")),)] * 8)
    assert len(probe.dump(report)) <= 256 * 1024
    assert all(s["truncated"] for s in report["sections"])
    validator.validate(report)


def test_utf16_output_as_wsl_writes_it_is_decoded(probe: ModuleType, captured: Any) -> None:
    text = captured("linux-kvm-ok.txt")
    assert probe.decode_output(text.encode("utf-16-le")) == text
    assert probe.decode_output(b"\xff\xfe" + text.encode("utf-16-le")) == text
    assert probe.decode_output(text.encode("utf-8")) == text
    assert isinstance(probe.decode_output(b"\x82\xa0\xff\xfe\x00"), str)
