"""Every captured output, through every parser: recognised, quoted verbatim, never a crash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.facts.registry import FACT_VALUES, PARSERS, facts_from_sections
from bot.inputs import read_input, sniff
from tests.facts.conftest import ALL_FIXTURES, FIXTURES, pairs, text_of

#: the parser each fixture folder's outputs belong to
FOLDER_KINDS = {
    "bcdedit": "bcdedit",
    "coreinfo": "coreinfo",
    "dev-kvm": "dev_kvm",
    "docker-desktop": "wsl",
    "emulator": "emulator_check",
    "emulator-check": "emulator_check",
    "haxm-check": "haxm_check",
    "get-computerinfo": "get_computerinfo",
    "get-vmprocessor": "hyperv_vm",
    "get-windowsoptionalfeature": "optional_features",
    "hcs": "wsl",
    "hyperv-events": "hyperv_vm",
    "hyperv-powershell": "hyperv_vm",
    "kernel-log": "kernel_log",
    "kvm-nested": "kvm_nested",
    "kvm-ok": "kvm_ok",
    "lscpu": "lscpu",
    "lsmod": "lsmod",
    "proc-cpuinfo": "proc_cpuinfo",
    "proc-modules": "lsmod",
    "qemu": "dev_kvm",
    "systemd-detect-virt": "systemd_detect_virt",
    "systeminfo": "systeminfo",
    "vbox-log": "vbox_log",
    "vboxmanage": "vbox_log",
    "virt-host-validate": "virt_host_validate",
    "vmware-log": "vmware_log",
    "win32-deviceguard": "win32",
    "wsl": "wsl",
}
PROBE_KINDS = {
    "linux-dev-kvm.json": "dev_kvm",
    "linux-dmesg-kvm-lines.txt": "kernel_log",
    "linux-kvm-ok.txt": "kvm_ok",
    "linux-lscpu.txt": "lscpu",
    "linux-proc-cpuinfo.txt": "proc_cpuinfo",
    "linux-systemd-detect-virt.txt": "systemd_detect_virt",
    "linux-virt-host-validate-qemu.txt": "virt_host_validate",
}
#: outputs that carry no signature of their tool, on purpose left unrecognised
DELIBERATELY_UNKNOWN = {
    # a bare "0" from grep -c: nothing says it is about /proc/cpuinfo
    "outputs/proc-cpuinfo/linux-kvm-guest-amd-epyc-vmx-svm-count-zero.txt",
    # VMware Workstation's Chinese dialog text: no fact to read, retrieval matches it
    "outputs/vmware-ui/windows11-zh-cn-vt-x-ept-not-supported-nested-hv-module.txt",
    # virt-manager's connection dialog: no fact to read, retrieval matches libvirt's socket line
    "outputs/virt-manager/ubuntu-libvirt-socket-permission-denied.txt",
    # ip addr: kept for the probe's redaction tests, not a facts source
    "probe/linux-ip-addr.txt",
}


def _rel(path: Path) -> str:
    return path.relative_to(FIXTURES).as_posix()


def _expected_kind(path: Path) -> str | None:
    rel = _rel(path)
    if rel in DELIBERATELY_UNKNOWN:
        return None
    if rel.startswith("probe/"):
        return PROBE_KINDS[path.name]
    return FOLDER_KINDS[path.parent.name]


FIXTURE_IDS = [_rel(p) for p in ALL_FIXTURES]


def test_there_are_over_a_hundred_captured_outputs() -> None:
    assert len(ALL_FIXTURES) >= 100


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=FIXTURE_IDS)
def test_sniff_recognises_the_tool_that_wrote_each_fixture(path: Path) -> None:
    kinds = [s.kind for s in sniff(text_of(path))]
    expected = _expected_kind(path)
    if expected is None:
        assert kinds == [], f"{_rel(path)} is listed as deliberately unknown"
    else:
        assert expected in kinds


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=FIXTURE_IDS)
def test_every_parser_reads_every_fixture_without_raising_and_quotes_verbatim(
    path: Path,
) -> None:
    text = text_of(path)
    for kind, parser in PARSERS.items():
        facts = parser(text)
        for fact in (*facts, *(loser for _, loser in facts.conflicts)):
            assert fact.quote and fact.quote in text, (kind, fact)
            assert fact.quote == fact.quote.strip(), (kind, fact)
            assert fact.source == kind
            allowed = FACT_VALUES[fact.name]
            if isinstance(allowed, frozenset):
                assert fact.value in allowed, (kind, fact)
            else:
                assert isinstance(fact.value, allowed), (kind, fact)
                assert not (isinstance(fact.value, bool) and bool not in allowed), fact


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=FIXTURE_IDS)
def test_read_input_and_the_merged_facts_quote_the_input(path: Path) -> None:
    text = text_of(path)
    facts = facts_from_sections(read_input(text))
    for fact in facts:
        assert fact.quote in text, fact


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=FIXTURE_IDS)
def test_crlf_line_endings_read_the_same(path: Path) -> None:
    text = text_of(path)
    crlf = text.replace("\n", "\r\n")
    lf_facts = facts_from_sections(read_input(text))
    crlf_facts = facts_from_sections(read_input(crlf))
    assert pairs(crlf_facts) == pairs(lf_facts)
    for fact in crlf_facts:
        assert fact.quote in crlf and "\r" not in fact.quote.replace("\r\n", "\n"), fact


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=FIXTURE_IDS)
def test_a_utf8_bom_and_trailing_blank_lines_change_nothing(path: Path) -> None:
    text = text_of(path)
    assert pairs(facts_from_sections(read_input("\ufeff" + text + "\n\n"))) == pairs(
        facts_from_sections(read_input(text))
    )


def test_most_fixtures_yield_facts() -> None:
    silent = [_rel(p) for p in ALL_FIXTURES if not len(facts_from_sections(read_input(text_of(p))))]
    # the deliberately unknown ones, plus outputs that hold no fact (see the report)
    assert len(silent) <= 10, silent


def test_half_a_megabyte_of_pasted_outputs_is_read_in_seconds_not_minutes() -> None:
    # a guard against work that grows with the square of the input (json counting lines up to
    # each failed attempt did, once): every fixture, repeated to 500 kB, read in one go
    everything = "\n".join(text_of(p) for p in ALL_FIXTURES)
    big = (everything * (500_000 // len(everything) + 1))[:500_000]
    started = time.perf_counter()
    facts = facts_from_sections(read_input(big))
    assert time.perf_counter() - started < 5.0
    assert len(facts) > 20
