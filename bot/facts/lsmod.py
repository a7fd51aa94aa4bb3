"""Facts about loaded KVM modules: ``lsmod``, ``/proc/modules``, ``modprobe`` messages and our
probe's list of ``/sys/module/kvm*``.

Commands: ``lsmod | grep kvm``; ``cat /proc/modules``; the probe keeps only lines starting
with "kvm" and falls back to listing /sys/module/kvm* (which also shows built-in modules).
Samples::

    kvm                  1105920  0
    irqbypass              16384  1 kvm

    kvm_intel 372736 0 - Live 0x0000000000000000

    kvm
    kvm_pvm

Quirks seen:

- ``kvm`` without ``kvm_intel``/``kvm_amd`` means the vendor module failed to load (firmware
  off, no VT-x/AMD-V): kvm_modules_loaded False (AMD host, 2022:
  lsmod/linux-amd-kvm-loaded-without-kvm-amd.txt).
- ``kvm_intel``/``kvm_amd`` loaded means firmware has VT-x/AMD-V on: their init refuses to load
  otherwise ("VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL", arch/x86/kvm/vmx/vmx.c;
  "SVM disabled (by BIOS) in MSR_VM_CR", svm.c), so a tool saying "KVM has been disabled by
  BIOS" beside them is wrong (harvester/harvester#3900).
- ``kvm_pvm`` (PVM, a paravirtual KVM that needs no VT-x/AMD-V) is a vendor module too: it serves
  /dev/kvm on this machine (2026).
- A kernel without module support has no /proc/modules and no lsmod ("No such file or
  directory", this machine: proc-modules/linux-nomodule-...txt): unknown, not "not loaded".
- "modprobe: FATAL: Module kvm_intel is builtin." (WSL 2, 2020, kvm-nested/linux-wsl2-...txt)
  means it is there; "could not insert 'kvm_intel': Operation not supported" that it is not.
- On arm64 KVM is built into the kernel and lsmod never lists it; a full lsmod without kvm
  lines is only read as "not loaded" on x86 machines, which this text cannot tell apart, so
  only the "kvm without a vendor module" case and modprobe's own words are read.
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines, os_fact

SOURCE = "lsmod"

_VENDOR = ("kvm_intel", "kvm_amd", "kvm_pvm")
_MODULE = re.compile(r"^(kvm\w*)(?:\s+\d+\s+\d+\b.*)?$")
_BUILTIN = re.compile(r"modprobe: FATAL: Module (kvm_intel|kvm_amd) is builtin")
# with ": Operation not supported", the vendor module's init found no usable VT-x/AMD-V and
# returned EOPNOTSUPP: off in firmware ("disabled by bios"), or not offered to this VM ("no
# hardware support")
_NOT_INSERTED = re.compile(r"could not insert '(kvm[_-](?:intel|amd))'(: Operation not supported)?")

SIGNATURE = re.compile(
    r"^[ \t]*Module[ \t]+Size[ \t]+Used by|^kvm(?:_intel|_amd|_pvm)?[ \t]+\d+[ \t]+\d+|"
    r"/proc/modules|modprobe: .*\bkvm[_-]?(?:intel|amd)?\b",
    re.M,
)


def read(text: str) -> Facts:
    facts: list[Fact] = []
    core: str | None = None
    vendor: str | None = None
    for line in lines(text):
        if m := _MODULE.match(line):
            if m.group(1) == "kvm" and core is None:
                core = line
            elif m.group(1) in _VENDOR and vendor is None:
                vendor = line
        elif _BUILTIN.search(line):
            facts.append(Fact("kvm_modules_loaded", True, line, SOURCE))
        elif m := _NOT_INSERTED.search(line):
            facts.append(Fact("kvm_modules_loaded", False, line, SOURCE))
            if m.group(2):
                facts.append(Fact("kvm_vendor_unsupported", True, line, SOURCE))
    if vendor is not None:
        facts.insert(0, Fact("kvm_modules_loaded", True, vendor, SOURCE))
        if not vendor.startswith("kvm_pvm"):
            facts.append(Fact("firmware_virt_on", True, vendor, SOURCE))
    elif core is not None:
        facts.insert(0, Fact("kvm_modules_loaded", False, core, SOURCE))
    if not facts:
        return Facts()
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "linux", SOURCE)])
