"""Facts from VMware's ``vmware.log`` (Workstation, Player, Fusion, ESXi).

Source: the ``vmware.log`` next to the VM's .vmx. Samples::

    2026-10-03T09:55:38.139Z In(05) vmx Monitor Mode: ULM
    IOPL_Init: Hyper-V detected by CPUID
    2018-02-16T05:13:14.651z| vmxl I120: HV Settings: virtual exec = 'hardware'; virtual mmu =
    'hardware'

Quirks seen:

- "Monitor Mode: ULM" (user-level monitor) means Workstation runs on the Windows hypervisor
  (Hyper-V/VBS on the host, Workstation 15.5.5+); "CPL0" means it owns VT-x itself (Windows 11,
  2026: vmware-log/windows11-monitor-mode-*.txt). CPL0 is not read as "no hypervisor": VMware
  nested in a VM with "virtualize VT-x" also runs in CPL0. "IOPL_Init: Hyper-V detected by CPUID" is
  the same host state (vmware-log/windows-hyperv-detected-ulm-side-channel.txt).
- Line prefixes changed: "Aug 20 20:09:04.611: vmx|" (Workstation 7), "...z| vmx| I120:"
  (ESXi 6), "...Z In(05) vmx" (Workstation 17); authors also quote bare lines.
- Old versions log "MONITOR MODE: allowed modes : BT" in capitals and "HV Settings: virtual
  exec = 'software'" when no usable VT-x is found (Core 2 host, Workstation 7:
  vmware-log/linux-ws7-monitor-mode-bt-only-hv-software.txt). vmware_virtual_exec is that
  "virtual exec" value: "hardware" (VT-x/AMD-V in use) or "software".
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines

SOURCE = "vmware_log"

SIGNATURE = re.compile(
    r"\bMonitor Mode: |\bMONITOR MODE: |\bHV Settings: virtual exec|\bIOPL_Init: |"
    r"\bvmx\| |\bIn\(\d+\) vmx ",
)

_MODE = re.compile(r"\bMonitor Mode: ([A-Z0-9]+)\s*$")
_EXEC = re.compile(r"\bHV Settings: virtual exec = '(\w+)'")
_HYPERV = re.compile(r"\bHyper-V detected by CPUID")


def read(text: str) -> Facts:
    facts: list[Fact] = []
    for line in lines(text):
        if m := _MODE.search(line):
            facts.append(Fact("vmware_monitor_mode", m.group(1), line, SOURCE))
            if m.group(1) == "ULM":
                facts.append(Fact("hypervisor_present", True, line, SOURCE))
        elif m := _EXEC.search(line):
            facts.append(Fact("vmware_virtual_exec", m.group(1).lower(), line, SOURCE))
        elif _HYPERV.search(line):
            facts.append(Fact("hypervisor_present", True, line, SOURCE))
    return Facts.of(facts)
