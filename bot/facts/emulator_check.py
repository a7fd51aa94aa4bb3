"""Facts from the Android Emulator's acceleration checks: ``emulator-check accel`` /
``cpu-info``, ``emulator -accel-check`` and the emulator's own start-up messages.

Commands: ``emulator-check.exe accel``, ``emulator -accel-check``, ``emulator -avd NAME
-verbose``. Samples::

    accel:
    0
    WHPX (10.0.18362) is installed and usable.
    accel

    emulator: ERROR: x86 emulation currently requires hardware acceleration!
    CPU acceleration status: KVM requires a CPU that supports vmx or svm

Quirks seen:

- ``emulator-check`` prints the check name, a status number (0 = usable), the message and the
  name again; old emulators said "requires an Intel processor with VT-x and NX support.  Your
  CPU: 'AuthenticAMD'" (two spaces; status 3, 2022: emulator-check/windows-amd-...txt).
- ``cpu-info`` says "Inside a VM" whenever the CPUID hypervisor bit is set, which includes a
  Windows host running Hyper-V (2020: emulator-check/windows-amd-whpx-usable-cpu-info-...txt):
  it shows a hypervisor is present, not that the machine is a guest.
- With -verbose a "CPU Acceleration status:" line can advise disabling Hyper-V although WHPX
  works (Detox#3455: emulator/windows-whpx-usable-verbose.txt); "CPU Acceleration: working"
  decides.
- A Flatpak sandbox hides /dev/kvm ("/dev/kvm is not found", emulator/linux-flatpak-...txt), so
  the reason is kept as said, not turned into dev_kvm facts.
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines
from bot.facts.machines import cpu_vendor

SOURCE = "emulator_check"

SIGNATURE = re.compile(
    r"^[ \t]*(?:accel|cpu-info):[ \t\r]*$|\bemulator-check\b|\b-accel-check\b|"
    r"\bCPU [Aa]cceleration(?: status)?:|emulation currently requires hardware acceleration|"
    r"\bis installed and usable\.|\bWHPX is either not available",
    re.M,
)

_USABLE = re.compile(r"\bis installed and usable\.|\bCPU Acceleration: working\b", re.I)
_UNUSABLE = re.compile(
    r"\bCPU Acceleration: DISABLED\b|emulation currently requires hardware acceleration", re.I
)
_REASON = re.compile(
    r"\bCPU [Aa]cceleration status: (?!Please disable)|Android Emulator requires an? ", re.I
)
_ACCEL = re.compile(r"^accel:$")  # then the status number, then the message
# the reason when the emulator finds no KVM device where it runs (a sandbox may hide the host's)
_NO_DEV_KVM = re.compile(r"/dev/kvm is (?:not found|missing)", re.I)


def read(text: str) -> Facts:
    facts: list[Fact] = []
    usable: list[Fact] = []
    unusable: list[Fact] = []
    reasons: list[str] = []
    rows = list(lines(text))
    for i, line in enumerate(rows):
        if _ACCEL.match(line) and i + 2 < len(rows):
            code, message = rows[i + 1], rows[i + 2]
            if code.isdigit():
                target = usable if code == "0" else unusable
                target.append(Fact("emulator_accel_usable", code == "0", message, SOURCE))
                if code != "0":
                    reasons.append(message)
        if _USABLE.search(line):
            usable.append(Fact("emulator_accel_usable", True, line, SOURCE))
        if _UNUSABLE.search(line):
            unusable.append(Fact("emulator_accel_usable", False, line, SOURCE))
        if _REASON.search(line):
            reasons.append(line)
        if "HAXM version" in line and "installed" in line:
            facts.append(Fact("haxm", True, line, SOURCE))
        if re.search(r"\bWHPX \([\d.]+\) is installed and usable", line):
            facts.append(Fact("hypervisor_present", True, line, SOURCE))
            facts.append(Fact("os_family", "windows", line, SOURCE))
        if re.search(r"HypervisorPresent\? 0\b", line):
            facts.append(Fact("hypervisor_present", False, line, SOURCE))
        if "|Inside a VM|" in f"|{line}":
            facts.append(Fact("hypervisor_present", True, line, SOURCE))
        if (m := re.search(r"Your CPU: '(\w+)'|^(AMD|Intel) CPU\|", line)) and (
            vendor := cpu_vendor(m.group(1) or m.group(2))
        ):
            facts.append(Fact("cpu_vendor", vendor, line, SOURCE))
        if "emulator-check.exe" in line:
            facts.append(Fact("os_family", "windows", line, SOURCE))
        if re.search(r"CPU acceleration status: (?:KVM|/dev/kvm)", line):
            facts.append(Fact("os_family", "linux", line, SOURCE))
    # "working" outweighs an advisory status line; a refusal outweighs nothing
    verdict = usable[:1] if usable else unusable[:1]
    if verdict and verdict[0].value is False and reasons:
        verdict.append(Fact("emulator_accel_reason", reasons[0], reasons[0], SOURCE))
        if _NO_DEV_KVM.search(reasons[0]):
            verdict.append(Fact("emulator_sees_dev_kvm", False, reasons[0], SOURCE))
    return Facts.of([*verdict, *facts])
