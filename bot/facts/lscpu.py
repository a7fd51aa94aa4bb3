"""Facts from Linux ``lscpu``.

Command: ``lscpu`` (our probe runs it with LC_ALL=C). Sample::

    Vendor ID:                               AuthenticAMD
    Model name:                              AMD EPYC
    Flags:                                   fpu vme de pse ... hypervisor lahf_lm
    Hypervisor vendor:                       KVM
    Virtualization type:                     full

Quirks seen:

- On bare metal "Virtualization: VT-x" / "AMD-V" appears and "Hypervisor vendor:" does not
  (RHEL 8 era, lscpu/linux-intel-xeon-bare-metal-...txt); in a guest it is the other way round,
  "Virtualization:" only when the outer hypervisor passes vmx/svm in (Debian 12 util-linux,
  this machine, 2026: lscpu/linux-kvm-guest-amd-epyc-...txt).
- Newer util-linux prints a "Flags:" line (read like /proc/cpuinfo's flags); older versions
  do not, and then a missing "Virtualization:" line says nothing.
- Hypervisor vendor names come from util-linux's table: KVM, Microsoft, VMware, Xen,
  "Innotek GmbH"/"Oracle" (VirtualBox), Parallels, "Windows Subsystem for Linux" ...
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines, os_fact
from bot.facts.machines import cpu_vendor, hypervisor_name, x86_flag_facts

SOURCE = "lscpu"

SIGNATURE = re.compile(
    r"^[ \t]*(?:Architecture|CPU op-mode\(s\)|Hypervisor vendor|Virtualization type|"
    r"Model name|Vendor ID|Byte Order):[ \t]+\S",
    re.M,
)

_KEY = re.compile(
    r"^(Vendor ID|Model name|Flags|Virtualization|Hypervisor vendor|Virtualization type)\s*:"
    r"\s*(.*)$"
)


def read(text: str) -> Facts:
    facts: list[Fact] = []
    seen: set[str] = set()
    for line in lines(text):
        m = _KEY.match(line)
        if m is None or m.group(1) in seen:
            continue
        key, value = m.group(1), m.group(2).strip()
        seen.add(key)
        if not value:
            continue
        if key == "Vendor ID" and (vendor := cpu_vendor(value)):
            facts.append(Fact("cpu_vendor", vendor, line, SOURCE))
        elif key == "Model name":
            facts.append(Fact("cpu_model", value, line, SOURCE))
        elif key == "Virtualization" and re.search(r"VT-x|AMD-V", value):
            facts.append(Fact("cpu_has_virt", True, line, SOURCE))
        elif key == "Hypervisor vendor":
            facts.append(Fact("is_guest", True, line, SOURCE))
            facts.append(Fact("outer_hypervisor", hypervisor_name(value), line, SOURCE))
        elif key == "Virtualization type" and value in ("full", "para"):
            facts.append(Fact("is_guest", True, line, SOURCE))
        elif key == "Flags":
            facts += x86_flag_facts(frozenset(value.split()), line, SOURCE)
    if not facts:
        return Facts()
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "linux", SOURCE)])
