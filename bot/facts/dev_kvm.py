"""Facts about ``/dev/kvm``: ``ls -l /dev/kvm``, our probe's in-process check, and the errors
QEMU and other KVM users print when they cannot open it.

Commands: ``ls -l /dev/kvm``; the probe stats /dev/kvm, opens it and asks for
KVM_GET_API_VERSION and KVM_CREATE_VM, and writes JSON. Samples::

    crw-rw---- 1 root kvm 10, 232 jan 28  2018 /dev/kvm

    {"mode": "crw-------", "group": "root", "access_rw": true, "open": "ok",
     "api_version": 12, "create_vm": "ok"}

    Could not access KVM kernel module: Permission denied
    qemu-system-x86_64: failed to initialize kvm: Permission denied

Quirks seen:

- The mode may end in "." (SELinux context) or "+" (ACL): ``crw-rw-rw-.``
  (dev-kvm/linux-selinux-0666-root-kvm.txt); months are localized ("jan",
  dev-kvm/linux-arm64-...txt).
- Pasted into a post, the listing often sits inline in backticks ("`› ll /dev/kvm
  crw-rw-rw-. 1 root kvm 10, 232 Sep 18 19:00 /dev/kvm`", Dart-Code#1205, 2018); it is read
  there too when the "major, minor" pair of a character device precedes the name.
- /dev/kvm can exist without VT-x/AMD-V: this machine's kvm_pvm module serves a paravirtual KVM
  (crw------- root root, dev-kvm/linux-kvm-guest-root-only-0600.txt, 2026).
- QEMU said "failed to initialize KVM" before 5.x and "kvm" after (qemu/*.txt); "No such file or
  directory" means no /dev/kvm; libvirt wraps the same text in "qemu unexpectedly closed the
  monitor". An Android emulator in a Flatpak sandbox says "/dev/kvm is not found" although the
  host has it, so emulator messages are not read here.
- ``docker run --device /dev/kvm`` on a machine without it fails before any container starts:
  'error gathering device information while adding custom device "/dev/kvm": no such file or
  directory' (dev-kvm/linux-ec2-docker-device-dev-kvm-missing.txt): the Docker daemon's machine
  has no /dev/kvm (with Docker Desktop on Linux, that is Docker Desktop's own VM).
- In the probe's JSON, ``open`` is "ok" or "EACCES: Permission denied"-style text, and null when
  not attempted; ``create_vm`` likewise.
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines
from bot.facts.records import as_text, records

SOURCE = "dev_kvm"

_LS = re.compile(r"^([bcdlps-][rwxsStT-]{9})[.+@]?\s+\d+\s+(\S+)\s+(\S+)\s+.*\s/dev/kvm\s*$")
# the same listing pasted inline, inside a sentence or backticks: a character device's
# "major, minor" must sit before the name
_LS_INLINE = re.compile(
    r"(?<!\S)(c[rwxsStT-]{9})[.+@]?\s+\d+\s+(\S+)\s+(\S+)\s+\d+,\s*\d+\s+[^\n`]{0,30}?/dev/kvm\b"
)
# ls's own words, and a program's failed open(2) as perror or Go print it ("I get \"open
# /dev/kvm: No such file or directory\" error when execute ./kvm.elf", en-031)
_LS_MISSING = re.compile(
    r"cannot access '?/dev/kvm'?: No such file or directory|"
    r"\bopen(?:ing)?\s+\W?/dev/kvm\W?: No such file or directory",
    re.I,
)
_QEMU = re.compile(
    r"Could not access KVM kernel module: (Permission denied|No such file or directory)"
)
_FIRECRACKER = re.compile(r"Error creating KVM object: No such file or directory")
# Docker's daemon stats a --device path on the machine it runs on before it starts a container
_DOCKER_DEVICE = re.compile(
    r"error gathering device information while adding custom device \"?/dev/kvm\"?: "
    r"no such file or directory",
    re.I,
)

SIGNATURE = re.compile(
    r"^[ \t]*[bcdlps-][rwxsStT-]{9}[.+@]?[ \t]+\d+[ \t]+\S+[ \t]+\S+[ \t].*/dev/kvm[ \t\r]*$|"
    r"cannot access '?/dev/kvm|Could not access KVM kernel module|"
    r"\bopen(?:ing)?\s+\W?/dev/kvm\W?: No such file|"
    r"failed to initialize kvm|Error creating KVM object|\"create_vm\"\s*:|"
    r"adding custom device \"?/dev/kvm|" + _LS_INLINE.pattern,
    re.M | re.I,
)


def _probe_json(text: str) -> list[Fact]:
    out: list[Fact] = []
    for record in records(text):
        if "create_vm" not in record and "open" not in record:
            continue
        mode = record.get("mode")
        if mode is not None and (value := as_text(mode.value)):
            out.append(Fact("dev_kvm_exists", True, mode.quote, SOURCE))
            out.append(Fact("dev_kvm_mode", value, mode.quote, SOURCE))
        group = record.get("group")
        if group is not None and (value := as_text(group.value)):
            out.append(Fact("dev_kvm_group", value, group.quote, SOURCE))
        for key, name in (("open", "dev_kvm_accessible"), ("create_vm", "kvm_create_vm_ok")):
            f = record.get(key)
            if f is None or (value := as_text(f.value)) is None or value.startswith("not "):
                continue  # null or "not attempted: ..." is unknown
            out.append(Fact(name, value == "ok", f.quote, SOURCE))
    return out


def read(text: str) -> Facts:
    facts = _probe_json(text)
    for line in lines(text):
        if (m := _LS.match(line)) or (m := _LS_INLINE.search(line)):
            quote = line if m.re is _LS else m.group(0)
            facts.append(Fact("dev_kvm_exists", True, quote, SOURCE))
            facts.append(Fact("dev_kvm_mode", m.group(1), quote, SOURCE))
            facts.append(Fact("dev_kvm_group", m.group(3), quote, SOURCE))
        elif _LS_MISSING.search(line) or _FIRECRACKER.search(line):
            facts.append(Fact("dev_kvm_exists", False, line, SOURCE))
        elif _DOCKER_DEVICE.search(line):
            # no /dev/kvm where the Docker daemon runs; that says nothing of the user's OS (on
            # a Mac or Windows the daemon runs in Docker Desktop's Linux VM)
            facts.append(Fact("dev_kvm_exists", False, line, SOURCE))
        elif m := _QEMU.search(line):
            if m.group(1) == "Permission denied":
                facts.append(Fact("dev_kvm_exists", True, line, SOURCE))
                facts.append(Fact("dev_kvm_accessible", False, line, SOURCE))
            else:
                facts.append(Fact("dev_kvm_exists", False, line, SOURCE))
    if not facts:
        return Facts()
    linux = next((f for f in facts if not _DOCKER_DEVICE.search(f.quote)), None)
    if linux is None:
        return Facts.of(facts)
    return Facts.of([*facts, Fact("os_family", "linux", linux.quote, SOURCE)])
