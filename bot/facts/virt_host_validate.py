"""Facts from libvirt's ``virt-host-validate``.

Command: ``virt-host-validate qemu`` (our probe; LC_ALL=C). Sample::

      QEMU: Checking for hardware virtualization                                 : PASS
      QEMU: Checking if device /dev/kvm exists                                   : PASS
      QEMU: Checking if device /dev/kvm is accessible                            : PASS

Quirks seen:

- After "hardware virtualization : FAIL" it prints no /dev/kvm lines at all, even where
  /dev/kvm exists (libvirt 9.0.0, this machine, 2026: virt-host-validate/debian-kvm-guest-...);
  missing lines are unknown.
- The FAIL reason changed: "(Only emulated CPUs are available, performance will be
  significantly limited)" (older libvirt, minikube#4508, 2019) vs "(Host not compatible with
  KVM; HW virtualization CPU features not found. ...)" (libvirt 9).
- Pasted into chat it often runs on in one line with the asker's words ("running
  virt-host-validate was giving me: QEMU: Checking for hardware virtualization: FAIL (Only
  emulated CPUs ...)", theforeman/forklift#630, 2019).
- On a terminal PASS/FAIL/WARN are coloured with ANSI escapes; the probe's output is not a
  terminal, pasted output may carry them.
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines, os_fact

SOURCE = "virt_host_validate"

#: at a line's start; its hardware line also mid-line, as chat pastes often run on
SIGNATURE = re.compile(
    r"^[ \t]*(?:QEMU|LXC|BHYVE|CH): Checking |QEMU: Checking for hardware virtualization\s*:",
    re.M,
)

_CHECK = re.compile(
    r"QEMU: Checking (for hardware virtualization|if device /dev/kvm exists|"
    r"if device /dev/kvm is accessible)\s*:\s*(?:\x1b\[[\d;]*m)*(PASS|FAIL)\b"
)
_NAMES = {
    "for hardware virtualization": "virt_host_validate_hw",
    "if device /dev/kvm exists": "dev_kvm_exists",
    "if device /dev/kvm is accessible": "dev_kvm_accessible",
}


def read(text: str) -> Facts:
    facts: list[Fact] = []
    for line in lines(text):
        if m := _CHECK.search(line):
            facts.append(Fact(_NAMES[m.group(1)], m.group(2) == "PASS", line, SOURCE))
    if not facts:
        return Facts()
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "linux", SOURCE)])
