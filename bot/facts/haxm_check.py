"""Facts from Intel HAXM's environment check: ``checktool.exe`` (``checktool --verbose`` as the
HAXM installer runs it, whose lines then sit in ``haxm_install-*.log``).

Command: ``checktool.exe`` (Windows) / ``./checktool`` (macOS). Sample (intel/haxm
CheckTool/README.md)::

    CPU vendor          *  GenuineIntel
    VMX supported       *  Yes
    VMX enabled         *  Yes
    EPT supported       *  Yes
    Hyper-V disabled    -  No
    OS version          *  Windows 10.0.18363
    Guest unoccupied    *  Yes. 0 guest(s)

"*" is a check passed, "-" one failed. What each check reads (intel/haxm CheckTool
os_windows.cpp, feature_detector.cpp):

- VMX enabled is Windows' PF_VIRT_FIRMWARE_ENABLED, EPT supported its
  PF_SECOND_LEVEL_ADDRESS_TRANSLATION; on Windows 7 (6.1) both are printed as passed without
  being read.
- Hyper-V disabled fails when the Microsoft hypervisor runs with the root's CreatePartitions
  privilege: the Windows hypervisor is running on this machine. It then hides VMX from the CPU,
  so the VMX and EPT lines are not the hardware's: the tool itself stops counting them.
- OS version fails below Windows 7 SP1. Non-English Windows made HAXM 7.6.5 print
  "Windows 0.0.0" (intel/haxm#323): a bug of the tool, not an old OS.
- Guest unoccupied fails when another program holds HAXM (an emulator or QEMU VM running).

Quirks seen:

- Pasted into a post, the rows often arrive flattened onto one line ("VMX supported * Yes VMX
  enabled - No ...", intel/haxm#369 as quoted in 2021), so rows are found by their names, not
  by line.
- HAXM 7.6.5 on non-English Windows printed "OS version：       - Windows 0.0.0", with a
  full-width colon (2020, intel/haxm#323).
- With the Windows hypervisor on, VMX supported, VMX enabled and EPT supported all print "- No"
  (2021, haxm-check/windows-hyperv-on-vmx-hidden.txt).
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.machines import cpu_vendor

SOURCE = "haxm_check"

_NAMES = (
    "CPU vendor",
    "Intel64 supported",
    "VMX supported",
    "VMX enabled",
    "EPT supported",
    "NX supported",
    "NX enabled",
    "Hyper-V disabled",
    "OS version",
    "OS architecture",
    "Guest unoccupied",
)
_NAME = "|".join(re.escape(n) for n in _NAMES)

SIGNATURE = re.compile(
    r"\b(?:VMX supported|EPT supported|Guest unoccupied)[ \t:：]+[*-][ \t]"
    r"|\bHyper-V disabled[ \t:：]+-[ \t]+No\b",
    re.I,
)

# the names in any case, the values as the tool prints them: "Hyper-V disabled - no luck" in a
# sentence is not a row
_ROW = re.compile(
    rf"\b((?i:{_NAME}))[ \t]*[:：]?[ \t]*([*-])[ \t]+"
    r"((?:Windows|macOS)[ \t]+\d+\.\d+\.\d+|(?:Yes|No)\.[ \t]*\d+[ \t]+guest\(s\)"
    r"|\w+)"
)
_YES_NO = {"Yes": True, "No": False}
_OS = re.compile(r"(Windows|macOS)\s+(\d+)\.(\d+)\.(\d+)", re.I)


def read(text: str) -> Facts:
    rows: dict[str, tuple[bool, str, str]] = {}  # name -> (passed, value, quote)
    for m in _ROW.finditer(text):
        name, passed, value = m.group(1).casefold(), m.group(2) == "*", m.group(3)
        said = _YES_NO.get(value.split(".")[0])
        if name.endswith(("supported", "enabled", "disabled", "unoccupied")) and said is not passed:
            continue  # a yes/no row whose mark and word disagree is not the tool's
        rows.setdefault(name, (passed, value, m.group(0)))
    if not rows:
        return Facts()
    # the rows are HAXM's own check: HAXM is what is being installed or run (quoting the first
    # row found, as rows keeps the order of the text)
    facts: list[Fact] = [Fact("haxm", True, next(iter(rows.values()))[2], SOURCE)]

    def row(name: str) -> tuple[bool, str, str] | None:
        return rows.get(name.casefold())

    if (vendor_row := row("CPU vendor")) and (vendor := cpu_vendor(vendor_row[1])):
        facts.append(Fact("cpu_vendor", vendor, vendor_row[2], SOURCE))
    windows_7 = False
    if os_row := row("OS version"):
        passed, value, quote = os_row
        if os_match := _OS.match(value):
            family = "windows" if os_match.group(1).casefold() == "windows" else "macos"
            facts.append(Fact("os_family", family, quote, SOURCE))
            version = tuple(int(os_match.group(i)) for i in (2, 3, 4))
            windows_7 = family == "windows" and version[:2] == (6, 1)
            if version != (0, 0, 0):  # HAXM 7.6.5 on non-English Windows: the tool's bug
                facts.append(Fact("os_version_supported", passed, quote, SOURCE))
    hypervisor_on = False
    if (hyperv := row("Hyper-V disabled")) and not hyperv[0]:
        hypervisor_on = True
        facts.append(Fact("hypervisor_present", True, hyperv[2], SOURCE))
    if (guests := row("Guest unoccupied")) and not guests[0]:
        facts.append(Fact("vtx_in_use", True, guests[2], SOURCE))
    vmx = row("VMX supported")
    amd = any(f.name == "cpu_vendor" and f.value == "amd" for f in facts)
    if hypervisor_on or vmx is None or amd:
        # the Windows hypervisor hides VMX (the tool stops counting these rows), and an AMD CPU
        # has AMD-V, which this Intel-only check does not look for
        return Facts.of(facts)
    facts.append(Fact("cpu_has_virt", vmx[0], vmx[2], SOURCE))
    if vmx[0] and not windows_7:  # Windows 7 prints these two as passed without reading them
        if enabled := row("VMX enabled"):
            facts.append(Fact("firmware_virt_on", enabled[0], enabled[2], SOURCE))
        if ept := row("EPT supported"):
            facts.append(Fact("slat", ept[0], ept[2], SOURCE))
    return Facts.of(facts)
