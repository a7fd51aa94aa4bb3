"""Facts from ``kvm-ok`` (Ubuntu/Debian package cpu-checker).

Command: ``kvm-ok`` (exits 1 when KVM cannot be used). Samples::

    INFO: /dev/kvm exists
    KVM acceleration can be used

    INFO: /dev/kvm does not exist
    HINT:   sudo modprobe kvm_intel
    INFO: Your CPU supports KVM extensions
    INFO: KVM (vmx) is disabled by your BIOS
    KVM acceleration can NOT be used

Quirks seen:

- It checks /proc/cpuinfo for vmx/svm BEFORE /dev/kvm, so in a guest without nesting it says
  "Your CPU does not support KVM extensions" and stops, although /dev/kvm exists there (this
  machine, cpu-checker 0.7-1.3+b1, 2026: kvm-ok/debian-kvm-guest-amd-no-svm.txt).
- "disabled by your BIOS" names the extension, "KVM (vmx)" or "KVM (svm)" (kvm-ok/ubuntu-intel-
  disabled-by-bios.txt, 2019).
- Quoted in a sentence, its lines run together: "I checked with: sudo kvm-ok and it tells me:
  INFO: /dev/kvm exists KVM acceleration can be used." (vdsm/virtual-dsm#788), so its messages
  are looked for anywhere in a line, each on its own.
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines, os_fact

SOURCE = "kvm_ok"

SIGNATURE = re.compile(
    r"^[ \t]*(?:INFO: (?:/dev/kvm|Your CPU|KVM \()|KVM acceleration can)|"
    r"\bINFO: /dev/kvm (?:exists|does not exist)|\bKVM acceleration can (?:NOT )?be used\b",
    re.M,
)

_RULES: tuple[tuple[re.Pattern[str], str, bool], ...] = (
    (re.compile(r"KVM acceleration can NOT be used"), "kvm_ok_usable", False),
    (re.compile(r"KVM acceleration can be used"), "kvm_ok_usable", True),
    (re.compile(r"INFO: /dev/kvm exists"), "dev_kvm_exists", True),
    (re.compile(r"INFO: /dev/kvm does not exist"), "dev_kvm_exists", False),
    (re.compile(r"INFO: Your CPU supports KVM extensions"), "cpu_has_virt", True),
    (re.compile(r"INFO: Your CPU does not support KVM extensions"), "cpu_has_virt", False),
    (re.compile(r"is disabled by your BIOS"), "firmware_virt_on", False),
)
_EXTENSION = re.compile(r"KVM \((vmx|svm)\)")
_LINE_QUOTE = 120


def read(text: str) -> Facts:
    facts: list[Fact] = []
    for line in lines(text):
        for pattern, name, value in _RULES:
            if m := pattern.search(line):
                # a line of kvm-ok's own is its quote; in a sentence, the message is
                quote = line if len(line) <= _LINE_QUOTE else m.group()
                facts.append(Fact(name, value, quote, SOURCE))
        if m := _EXTENSION.search(line):
            vendor = "intel" if m.group(1) == "vmx" else "amd"
            facts.append(Fact("cpu_vendor", vendor, line, SOURCE))
    if not facts:
        return Facts()
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "linux", SOURCE)])
