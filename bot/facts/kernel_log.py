"""Facts from Linux kernel log lines (``dmesg``, ``journalctl -k``).

Command: ``dmesg | grep -iE 'vmx|svm|kvm|hypervisor|virtualiz'`` (our probe: dmesg, else
``journalctl -k -b``, keeping only such lines). Samples::

    [    0.135737] x86/cpu: VMX (outside TXT) disabled by BIOS
    [  808.026917] kvm_intel: VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL on CPU 0
    kvm_amd: SVM disabled (by BIOS) in MSR_VM_CR
    [   38.526047] kvm: disabled by bios
    [    0.894716] kvm: no hardware support
    [    0.000000] Hypervisor detected: KVM

Quirks seen:

- The firmware message changed with the kernel: "kvm: disabled by bios" (before 5.6, Ubuntu
  2019: kernel-log/ubuntu-intel-kvm-disabled-by-bios.txt), "VMX (outside TXT) disabled by BIOS"
  at boot and "VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL" on modprobe (5.6+, kernel-log/
  linux-intel-vmx-not-enabled-...txt), "SVM disabled (by BIOS) in MSR_VM_CR" on AMD
  (kernel-log/linux-amd-kvm-amd-svm-disabled-by-bios.txt).
- "kvm: no hardware support" means the kvm vendor module found no usable VT-x/AMD-V: missing in
  the CPU, off in firmware, or a guest without nesting alike (kvm_hw_support False).
- Timestamps may be missing or unpadded ("[0.216455]", kernel-log/ubuntu-vmx-outside-...txt);
  journalctl prefixes "Mon DD HH:MM:SS host kernel:". "SGX disabled by BIOS" is not about VMX.
- "Hypervisor detected: KVM" is printed by a guest kernel (this machine, 2026:
  kernel-log/linux-kvm-guest-pvm-boot.txt).
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines, os_fact
from bot.facts.machines import hypervisor_name

SOURCE = "kernel_log"

_FIRMWARE_OFF = re.compile(
    r"\bkvm: disabled by bios\b|\bVMX \(outside TXT\) disabled by BIOS|"
    r"\bVMX not enabled \(by BIOS\)|\bSVM disabled \(by BIOS\)|\bkvm: (?:vmx|svm) disabled by bios",
    re.I,
)
_NO_HARDWARE = re.compile(r"\bkvm(?:_intel|_amd)?: no hardware support\b", re.I)
_HYPERVISOR = re.compile(r"\bHypervisor detected: (.+?)\s*$")

SIGNATURE = re.compile(
    _FIRMWARE_OFF.pattern
    + r"|"
    + _NO_HARDWARE.pattern
    + r"|\bHypervisor detected: |^\[\s*\d+\.\d+\] |\bkernel: \[?",
    re.I | re.M,
)


def read(text: str) -> Facts:
    facts: list[Fact] = []
    for line in lines(text):
        if _FIRMWARE_OFF.search(line):
            facts.append(Fact("firmware_virt_on", False, line, SOURCE))
        elif _NO_HARDWARE.search(line):
            facts.append(Fact("kvm_hw_support", False, line, SOURCE))
        elif m := _HYPERVISOR.search(line):
            facts.append(Fact("is_guest", True, line, SOURCE))
            facts.append(Fact("outer_hypervisor", hypervisor_name(m.group(1)), line, SOURCE))
    if not facts:
        return Facts()
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "linux", SOURCE)])
