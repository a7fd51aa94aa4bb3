"""Facts from the CIM classes Win32_Processor, Win32_ComputerSystem, Win32_OperatingSystem and
Win32_DeviceGuard, as a PowerShell list, table or ``ConvertTo-Json``.

Commands: ``Get-CimInstance Win32_Processor | Select-Object Name, Manufacturer,
VMMonitorModeExtensions, SecondLevelAddressTranslationExtensions,
VirtualizationFirmwareEnabled`` (and the other classes likewise; our probe pipes each to
``ConvertTo-Json``). Sample (list form)::

    AvailableSecurityProperties                  : {1, 2, 3, 5...}
    SecurityServicesRunning                      : {1, 2}
    VirtualizationBasedSecurityStatus            : 2

and from the probe::

    [{"Name": "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz", "Manufacturer": "GenuineIntel",
      "VMMonitorModeExtensions": true, "VirtualizationFirmwareEnabled": true, ...}]

Quirks seen:

- Win32_Processor's VirtualizationFirmwareEnabled, VMMonitorModeExtensions and
  SecondLevelAddressTranslationExtensions read the CPU as the running OS sees it: once a
  hypervisor runs (Hyper-V, VBS, WSL 2) they report False on a machine where everything is on
  (Microsoft: "valid only if no hypervisor is running", Win32_Processor docs; domain-facts
  §3). When HypervisorPresent is True they are not reported (here, and across a probe
  report's sections in bot.facts.registry).
- SecurityServicesRunning is an array: {1, 2} in a list, [1, 2] in JSON, a lone number when it
  has one element in some PowerShell versions; PowerShell cuts long lists to "{1, 2, 3, 5...}"
  (win32-deviceguard/windows10-vbs-running-cg-hvci.txt, 2020): a number missing from a cut
  list is unknown.
- Win32_ComputerSystem's Model is "Virtual Machine" on Hyper-V, "VMware7,1", "VirtualBox",
  "KVM" or "Standard PC (Q35 + ICH9, 2009)" on QEMU; Manufacturer "Microsoft Corporation" is
  also a Surface PC, so only the model says "VM".
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import os_fact
from bot.facts.machines import cpu_vendor, edition, version_facts, vm_model
from bot.facts.records import Field, Record, as_bool, as_int, as_ints, as_text, records

SOURCE = "win32"

#: facts Win32_Processor gets wrong while a hypervisor runs
HIDDEN_BY_HYPERVISOR = frozenset({"firmware_virt_on", "cpu_has_virt", "slat"})

_KEYS = (
    r"VirtualizationBasedSecurityStatus|SecurityServicesRunning|VirtualizationFirmwareEnabled|"
    r"VMMonitorModeExtensions|SecondLevelAddressTranslationExtensions|HypervisorPresent|"
    r"DataExecutionPrevention_Available"
)
SIGNATURE = re.compile(r"(?<![\w.])(?:" + _KEYS + r")\b")

_PROCESSOR_BOOLS = (
    ("vmmonitormodeextensions", "cpu_has_virt"),
    ("secondleveladdresstranslationextensions", "slat"),
    ("virtualizationfirmwareenabled", "firmware_virt_on"),
)


def _bool(record: Record, key: str, name: str) -> list[Fact]:
    field = record.get(key)
    if field is None or (value := as_bool(field.value)) is None:
        return []
    return [Fact(name, value, field.quote, SOURCE)]


def _processor(record: Record) -> list[Fact]:
    out: list[Fact] = []
    for key, name in _PROCESSOR_BOOLS:
        out += _bool(record, key, name)
    name_field = record.get("name")
    maker = record.get("manufacturer")
    for f in (maker, name_field):
        if f is not None and (text := as_text(f.value)) and (vendor := cpu_vendor(text)):
            out.append(Fact("cpu_vendor", vendor, f.quote, SOURCE))
            break
    if name_field is not None and (model := as_text(name_field.value)):
        out.append(Fact("cpu_model", model, name_field.quote, SOURCE))
    return out


def _computer_system(record: Record) -> list[Fact]:
    out = _bool(record, "hypervisorpresent", "hypervisor_present")
    for key in ("model", "manufacturer"):
        f = record.get(key)
        if f is not None and (text := as_text(f.value)) and (outer := vm_model(text)):
            out.append(Fact("is_guest", True, f.quote, SOURCE))
            out.append(Fact("outer_hypervisor", outer, f.quote, SOURCE))
            break
    return out


def _device_guard(record: Record) -> list[Fact]:
    out: list[Fact] = []
    status = record.get("virtualizationbasedsecuritystatus")
    if status is not None and (code := as_int(status.value)) is not None:
        out.append(Fact("vbs_status", code, status.quote, SOURCE))
        out.append(Fact("vbs_running", code == 2, status.quote, SOURCE))
    running = record.get("securityservicesrunning")
    if running is not None and (found := as_ints(running.value)) is not None:
        services, truncated = found
        for number, name in ((1, "credential_guard_running"), (2, "hvci_running")):
            if number in services:
                out.append(Fact(name, True, running.quote, SOURCE))
            elif not truncated:
                out.append(Fact(name, False, running.quote, SOURCE))
    return out


def _operating_system(record: Record) -> list[Fact]:
    out = _bool(record, "dataexecutionprevention_available", "dep_available")
    caption = record.get("caption")
    found_edition = None
    if caption is not None and (text := as_text(caption.value)):
        found_edition = edition(text)
        if found_edition is not None:
            out.append(Fact("windows_edition", found_edition, caption.quote, SOURCE))
    version: Field | None = record.get("version")
    if version is not None and (text := as_text(version.value)):
        m = re.match(r"(\d+)\.(\d+)\.(\d+)", text)
        if m:
            client = None if found_edition is None else found_edition != "server"
            major, minor, build = (int(g) for g in m.groups())
            out += version_facts(major, minor, build, client, version.quote, SOURCE)
    return out


def _names_windows(record: Record) -> bool:
    caption = record.get("caption")
    return caption is not None and "Windows" in str(caption.value)


def read(text: str) -> Facts:
    facts: list[Fact] = []
    for record in records(text):
        keys = record.keys()
        if keys & {"vmmonitormodeextensions", "virtualizationfirmwareenabled", "numberofcores"}:
            facts += _processor(record)
        if keys & {"hypervisorpresent"} or ("model" in keys and "manufacturer" in keys):
            facts += _computer_system(record)
        if keys & {"virtualizationbasedsecuritystatus", "securityservicesrunning"}:
            facts += _device_guard(record)
        if keys & {"buildnumber", "dataexecutionprevention_available"} or _names_windows(record):
            facts += _operating_system(record)
    if not facts:
        return Facts()
    if any(f.name == "hypervisor_present" and f.value is True for f in facts):
        facts = [f for f in facts if f.name not in HIDDEN_BY_HYPERVISOR]
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "windows", SOURCE)])
