"""Facts from Sysinternals ``coreinfo -v`` (Windows).

Command: ``coreinfo -v`` (or ``coreinfo``). Sample::

    Intel(R) Core(TM) i7-2600 CPU @ 3.40GHz
    Intel64 Family 6 Model 42 Stepping 7, GenuineIntel
    HYPERVISOR      -       Hypervisor is present
    VMX             *       Supports Intel hardware-assisted virtualization
    EPT             *       Supports Intel extended page tables (SLAT)

Quirks seen:

- ``*`` means present, ``-`` absent, for the CPU AS THE RUNNING OS SEES IT: with Hyper-V running,
  the root partition sees "HYPERVISOR *" and "VMX -" on a CPU that has VT-x (Coreinfo v3.52,
  i5-6200U, WSL#7879, 2022: coreinfo/windows10-intel-hypervisor-present-vmx-hidden.txt). So
  with a hypervisor present a ``-`` is unknown; a ``*`` still holds.
- "Hypervisor is present" says a hypervisor runs (hypervisor_present), not that this is a guest.
- EPT/NPT lines appear only with ``-v`` (v3.31 sample, coreinfo/windows-intel-no-hypervisor-...).
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines, os_fact

SOURCE = "coreinfo"

SIGNATURE = re.compile(
    r"^Coreinfo v\d|^(?:HYPERVISOR|VMX|SVM|EPT|NPT)[ \t]+[*-][ \t]+(?:Hypervisor|Supports)",
    re.M,
)

_ROW = re.compile(r"^(HYPERVISOR|VMX|SVM|EPT|NPT)\s+([*-])\s+\S")
_BRAND = re.compile(r"\bCPU\b.*@|\bProcessor\b")
_SIGNATURE_LINE = re.compile(r"^\S.*\b(GenuineIntel|AuthenticAMD)\s*$")


def read(text: str) -> Facts:
    rows: dict[str, tuple[bool, str]] = {}
    facts: list[Fact] = []
    brand: str | None = None
    for line in lines(text):
        if m := _ROW.match(line):
            rows.setdefault(m.group(1), (m.group(2) == "*", line))
        elif m := _SIGNATURE_LINE.match(line):
            vendor = "intel" if m.group(1) == "GenuineIntel" else "amd"
            facts.append(Fact("cpu_vendor", vendor, line, SOURCE))
            if brand is not None:
                facts.append(Fact("cpu_model", brand, brand, SOURCE))
        elif brand is None and _BRAND.search(line) and "Coreinfo" not in line:
            brand = line
    if not rows and not facts:
        return Facts()
    hypervisor = rows.get("HYPERVISOR")
    if hypervisor is not None:
        facts.append(Fact("hypervisor_present", hypervisor[0], hypervisor[1], SOURCE))
    hidden = hypervisor is not None and hypervisor[0]
    for names, fact in ((("VMX", "SVM"), "cpu_has_virt"), (("EPT", "NPT"), "slat")):
        found = [rows[n] for n in names if n in rows]
        present = [quote for value, quote in found if value]
        if present:
            facts.append(Fact(fact, True, present[0], SOURCE))
        elif found and not hidden:
            facts.append(Fact(fact, False, found[0][1], SOURCE))
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "windows", SOURCE)])
