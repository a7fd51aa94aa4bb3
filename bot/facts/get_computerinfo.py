"""Facts from PowerShell ``Get-ComputerInfo`` (list form or ``ConvertTo-Json``).

Command: ``Get-ComputerInfo`` or ``Get-ComputerInfo -Property 'HyperV*'``. Sample::

    HyperVisorPresent                                 : False
    HyperVRequirementDataExecutionPreventionAvailable : True
    HyperVRequirementSecondLevelAddressTranslation    : True
    HyperVRequirementVirtualizationFirmwareEnabled    : False
    HyperVRequirementVMMonitorModeExtensions          : True

Quirks seen:

- With a hypervisor running, HyperVisorPresent is True and the four HyperVRequirement* values
  are EMPTY (a trailing space after the colon), like systeminfo's "A hypervisor has been
  detected" (Windows Server Datacenter VM; get-computerinfo/windows-server-vm-...txt): empty is
  unknown.
- Long values wrap onto continuation lines (``OsSuites : {TerminalServices, ...,`` / ``...}``)
  and users' pastes lose padding (``HyperVisorPresent: False``, 2024:
  windows10-home-firmware-...txt).
- The property is spelled ``HyperVisorPresent`` (capital V), unlike Win32_ComputerSystem's
  ``HypervisorPresent``; names are matched case-insensitively.
- As a table (few properties) a blank requirement is an empty cell under its dashes
  (Windows-Sandbox#15, 2020).
- DeviceGuard values are enum names in list form (``Running``; ``{CredentialGuard,
  HypervisorEnforcedCodeIntegrity}``) and numbers in JSON (2; [1, 2]).
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import os_fact
from bot.facts.machines import cpu_vendor, edition, version_facts, vm_model
from bot.facts.records import Record, as_bool, as_int, as_text, records

SOURCE = "get_computerinfo"

SIGNATURE = re.compile(
    r"^[ \t]*\"?(?:HyperVisorPresent|HyperVRequirement\w+|WindowsProductName|"
    r"OsHardwareAbstractionLayer|DeviceGuardVirtualizationBasedSecurityStatus|CsProcessors)"
    r"\"?(?:[ \t]*:|[ \t]+(?:HyperV|Os|Cs|DeviceGuard)\w*[ \t\r]*$)",
    re.M,
)

_REQUIREMENTS = (
    ("hypervrequirementvmmonitormodeextensions", "cpu_has_virt"),
    ("hypervrequirementsecondleveladdresstranslation", "slat"),
    ("hypervrequirementvirtualizationfirmwareenabled", "firmware_virt_on"),
    ("hypervrequirementdataexecutionpreventionavailable", "dep_available"),
)
_VBS_STATES = {"notenabled": 0, "enablednotrunning": 1, "running": 2}


def _bools(record: Record) -> list[Fact]:
    out: list[Fact] = []
    present = record.get("hypervisorpresent")
    running = present is not None and as_bool(present.value) is True
    if present is not None and (value := as_bool(present.value)) is not None:
        out.append(Fact("hypervisor_present", value, present.quote, SOURCE))
    for key, name in _REQUIREMENTS:
        f = record.get(key)
        if f is not None and not running and (value := as_bool(f.value)) is not None:
            out.append(Fact(name, value, f.quote, SOURCE))
    return out


def _windows(record: Record) -> list[Fact]:
    out: list[Fact] = []
    found_edition = None
    for key in ("windowsproductname", "osname"):
        f = record.get(key)
        if f is not None and (text := as_text(f.value)) and (found := edition(text)):
            found_edition = found
            out.append(Fact("windows_edition", found, f.quote, SOURCE))
            break
    install = record.get("windowsinstallationtype")
    if found_edition is None and install is not None:
        found_edition = "server" if "server" in str(install.value).lower() else None
    client = None if found_edition is None else found_edition != "server"
    for key in ("osversion", "windowsversion"):
        f = record.get(key)
        if f is not None and (text := as_text(f.value)):
            m = re.match(r"(\d+)\.(\d+)\.(\d+)", text)
            if m:
                major, minor, build = (int(g) for g in m.groups())
                out += version_facts(major, minor, build, client, f.quote, SOURCE)
                break
    return out


def _machine(record: Record) -> list[Fact]:
    out: list[Fact] = []
    for key in ("csmodel", "csmanufacturer"):
        f = record.get(key)
        if f is not None and (text := as_text(f.value)) and (outer := vm_model(text)):
            out.append(Fact("is_guest", True, f.quote, SOURCE))
            out.append(Fact("outer_hypervisor", outer, f.quote, SOURCE))
            break
    cpus = record.get("csprocessors")
    if cpus is not None:
        value = cpus.value
        first = value[0] if isinstance(value, list) and value else value
        if isinstance(first, dict):
            first = first.get("Name")
        if isinstance(first, str) and (name := first.strip().strip("{}").strip()):
            if vendor := cpu_vendor(name):
                out.append(Fact("cpu_vendor", vendor, cpus.quote, SOURCE))
            out.append(Fact("cpu_model", name, cpus.quote, SOURCE))
    return out


def _device_guard(record: Record) -> list[Fact]:
    out: list[Fact] = []
    status = record.get("deviceguardvirtualizationbasedsecuritystatus")
    if status is not None:
        code = as_int(status.value)
        if code is None and isinstance(status.value, str):
            code = _VBS_STATES.get(status.value.strip().lower())
        if code is not None:
            out.append(Fact("vbs_status", code, status.quote, SOURCE))
            out.append(Fact("vbs_running", code == 2, status.quote, SOURCE))
    running = record.get("deviceguardsecurityservicesrunning")
    if running is not None:
        value = running.value
        names: set[str] | None = None
        if isinstance(value, list):
            names = {str(v).lower() for v in value}
        elif isinstance(value, str) and value.strip().startswith("{"):
            names = {p.strip().lower() for p in value.strip().strip("{}").split(",") if p.strip()}
        if names is not None and not any(n.endswith(("...", "…")) for n in names):
            for name, fact in (
                ({"1", "credentialguard"}, "credential_guard_running"),
                ({"2", "hypervisorenforcedcodeintegrity"}, "hvci_running"),
            ):
                out.append(Fact(fact, bool(names & name), running.quote, SOURCE))
    return out


def read(text: str) -> Facts:
    facts: list[Fact] = []
    for record in records(text):
        facts += _bools(record) + _windows(record) + _machine(record) + _device_guard(record)
    if not facts:
        return Facts()
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "windows", SOURCE)])
