"""Facts from Linux ``/proc/cpuinfo``.

Command: ``cat /proc/cpuinfo`` or ``grep -E 'vmx|svm' /proc/cpuinfo`` (our probe keeps the
vendor_id, model name, flags and vmx flags lines, each distinct line once). Sample::

    vendor_id	: AuthenticAMD
    model name	: AMD EPYC
    flags		: fpu vme de pse ... rdrand hypervisor lahf_lm ... vmmcall fsgsbase ...

Quirks seen:

- Keys are padded with TABS ("flags\\t\\t: ...", proc-cpuinfo/*.txt).
- A guest shows ``hypervisor``; without nested virtualization it has no ``vmx``/``svm`` (this
  machine, a KVM guest on AMD EPYC, 2026: proc-cpuinfo/linux-kvm-guest-amd-epyc-...txt).
- Since Linux 5.6 the kernel clears ``vmx`` when firmware disables VT-x (x86/cpu feat_ctl.c:
  "VMX (outside TXT) disabled by BIOS"), so on bare metal a missing vmx can mean "off in
  firmware", not "not in the CPU"; older kernels still show it (multipass#322, 2018:
  proc-cpuinfo/linux-intel-vmx-ept-flags-bios-disabled.txt).
- SLAT is ``ept`` (Intel) / ``npt`` (AMD); since Linux 5.8 Intel also has a "vmx flags" line.
- Arm has "CPU implementer : 0x41" and "Features"; Apple silicon under Linux shows 0x61.
- ``grep -c vmx /proc/cpuinfo`` prints a bare count ("0"): nothing marks it as cpuinfo, so it is
  not read (proc-cpuinfo/linux-kvm-guest-amd-epyc-vmx-svm-count-zero.txt).
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines, os_fact
from bot.facts.machines import cpu_vendor, x86_flag_facts

SOURCE = "proc_cpuinfo"

SIGNATURE = re.compile(
    r"^(?:flags|vendor_id|model name|CPU implementer|processor)[ \t]*:[ \t]", re.M
)

_KEY = re.compile(r"^(flags|vendor_id|model name|CPU implementer)\s*:\s*(.*)$")
_IMPLEMENTERS = {"0x41": "arm", "0x61": "apple", "0x51": "arm", "0x48": "arm", "0xc0": "arm"}


def read(text: str) -> Facts:
    facts: list[Fact] = []
    seen: set[str] = set()
    for line in lines(text):
        m = _KEY.match(line)
        if m is None or m.group(1) in seen:
            continue  # the first processor speaks for all
        key, value = m.group(1), m.group(2).strip()
        seen.add(key)
        if key == "flags":
            facts += x86_flag_facts(frozenset(value.split()), line, SOURCE)
        elif key == "vendor_id" and (vendor := cpu_vendor(value)):
            facts.append(Fact("cpu_vendor", vendor, line, SOURCE))
        elif key == "model name" and value:
            facts.append(Fact("cpu_model", value, line, SOURCE))
            if vendor := cpu_vendor(value):
                facts.append(Fact("cpu_vendor", vendor, line, SOURCE))
        elif key == "CPU implementer" and (vendor := _IMPLEMENTERS.get(value.lower())):
            facts.append(Fact("cpu_vendor", vendor, line, SOURCE))
    if not facts:
        return Facts()
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "linux", SOURCE)])
