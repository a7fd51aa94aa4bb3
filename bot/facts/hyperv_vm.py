"""Facts from Hyper-V's PowerShell: ``Get-VMProcessor`` / ``Get-VM`` output and the errors
``Start-VM`` and the Virtual Machine Management Service print.

Commands: ``Get-VMProcessor -VMName NAME | Format-List *`` (our probe: ``Get-VM |
Get-VMProcessor | Select-Object VMName, Count, ExposeVirtualizationExtensions`` as JSON),
``Start-VM NAME``. Samples::

    ExposeVirtualizationExtensions               : True

    Start-VM : 'minishift' failed to start.
    Virtual machine 'minishift' could not be started because the hypervisor is not running.

Quirks seen:

- Users quote the one line that matters (get-vmprocessor/windows-format-list-...txt).
- Start-VM errors are translated (Polish, Chinese; hyperv-powershell/windows-pl-...,
  windows-zh-cn-...txt), but the HRESULT stays: 0x8007000E (E_OUTOFMEMORY, "Not enough memory
  in the system to start the virtual machine") and 0x800705AA (ERROR_NO_SYSTEM_RESOURCES) both
  mean the host could not give the VM its memory.
- "because the hypervisor is not running" is Hyper-V saying so itself (minishift, 2017,
  hyperv-powershell/windows-minishift-...txt); the Virtual Machine Management Service says it
  as "failed to start the virtual machine ... because one of the Hyper-V components is not
  running" (docker/for-win#5993, on an Azure VM whose size could not nest).
- Several VMs disagree on ExposeVirtualizationExtensions: the first stands, the others are kept
  as conflicts.
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines, os_fact
from bot.facts.records import as_bool, records

SOURCE = "hyperv_vm"

SIGNATURE = re.compile(
    r"\bExposeVirtualizationExtensions\b|\b(?:Start|Get|Set)-VM(?:Processor)?\b|"
    r"\(Virtual machine ID [0-9A-F-]+|\bVirtual Machine Management Service\b",
    re.I,
)

_NOT_RUNNING = re.compile(
    r"could not be started because the hypervisor is not running|"
    r"because one of the Hyper-V components is not running",
    re.I,
)
_NO_MEMORY = re.compile(
    r"Not enough memory in the system to start the virtual machine|\(0x8007000E\)|\(0x800705AA\)",
    re.I,
)


def read(text: str) -> Facts:
    facts: list[Fact] = []
    for record in records(text):
        f = record.get("exposevirtualizationextensions")
        if f is not None and (value := as_bool(f.value)) is not None:
            facts.append(Fact("expose_virtualization_extensions", value, f.quote, SOURCE))
    for line in lines(text):
        if _NOT_RUNNING.search(line):
            facts.append(Fact("hypervisor_present", False, line, SOURCE))
        if _NO_MEMORY.search(line):
            facts.append(Fact("short_of_memory", True, line, SOURCE))
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "windows", SOURCE)])
