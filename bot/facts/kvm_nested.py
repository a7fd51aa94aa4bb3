"""Facts from KVM's ``nested`` module parameter.

Command: ``cat /sys/module/kvm_intel/parameters/nested`` (or ``kvm_amd``; our probe reads both
files, one section each). Sample::

    Y

Quirks seen:

- kvm_intel prints Y/N, kvm_amd 1/0 (Linux Documentation/virt/kvm/x86/running-nested-guests).
- A probe section holds the bare value. A pasted session holds the command, then the value,
  maybe twice (before and after ``modprobe kvm-intel nested=y``, CentOS 7, 2018:
  kvm-nested/linux-centos7-intel-nested-n-then-y.txt): the last value is the state now.
- The file is missing when the module is not loaded ("No such file or directory", this
  machine: kvm-nested/linux-kvm-guest-no-kvm-amd-module.txt): unknown, not N.
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts

SOURCE = "kvm_nested"

#: pasted text must name the parameter file; a probe section is read without sniffing
SIGNATURE = re.compile(r"/sys/module/kvm_(?:intel|amd)/parameters/nested\b")

_VALUE = re.compile(r"[ \t]*([YN10])[ \t]*\r?(?:\n|$)")


def read(text: str) -> Facts:
    value = text.strip()
    if value in ("Y", "N", "1", "0"):
        quote = value  # a probe section: the file's content alone
    else:
        # a pasted session: the value is the line right after the command that read the file
        readings = []
        for m in SIGNATURE.finditer(text):
            line_start = text.rfind("\n", 0, m.start()) + 1
            line_end = text.find("\n", m.end())
            if line_end < 0:
                continue
            after = _VALUE.match(text, line_end + 1)
            if after is not None:
                readings.append((text[line_start : after.end()].strip(), after.group(1)))
        if not readings:
            return Facts()
        quote, value = readings[-1]  # read again after reloading the module: the last is now
    return Facts.of(
        [
            Fact("kvm_nested", value in ("Y", "1"), quote, SOURCE),
            *([Fact("os_family", "linux", quote, SOURCE)] if quote != value else []),
        ]
    )
