"""Facts from VirtualBox: ``VBox.log`` lines and ``VBoxManage`` / GUI error text.

Sources: ``%USERPROFILE%\\VirtualBox VMs\\NAME\\Logs\\VBox.log``, the errors of ``VBoxManage
startvm`` (as printed by Vagrant, minikube, Docker Toolbox) and of the GUI's "Failed to open a
session" dialog. Samples::

    00:00:02.468829 HM: HMR3Init: Attempting fall back to NEM: VT-x is not available
    00:00:02.523713 NEM: NEMR3Init: Active.
    NEM: NEMR3Init: Snail execution mode is active!

    VBoxManage: error: VT-x is disabled in the BIOS for all CPU modes
    (VERR_VMX_MSR_ALL_VMX_DISABLED)
    Not in a hypervisor partition (HVP=0) (VERR_NEM_NOT_AVAILABLE).

Quirks seen:

- On a Windows host with the Windows hypervisor running, VirtualBox 6+ falls back to NEM (the
  Windows Hypervisor Platform); "Snail execution mode" is the slow variant (VBox.log, 2019+,
  vbox-log/*.txt). vbox_engine is "nem" then, "vt-x"/"amd-v" when HM uses the CPU directly
  ("HM: HMR3Init: VT-x w/ nested paging ..." / "AMD-V w/ nested paging", VirtualBox
  src/VBox/VMM/VMMR3/HM.cpp).
- "VT-x is not available (VERR_VMX_NO_VMX)" is printed both when the CPU lacks VT-x and when a
  hypervisor hides it, so it is not read as "no VT-x".
- "(HVP=0) (VERR_NEM_NOT_AVAILABLE)" says the Windows hypervisor is not running (vboxmanage/
  windows-gui-*, windows-vagrant-*); "Raw-mode is unavailable courtesy of Hyper-V" that it is.
- "VT-x is being used by another hypervisor (VERR_VMX_IN_VMX_ROOT_MODE)": KVM or another VMM
  holds VT-x (Linux, minikube CI, 2019: vboxmanage/linux-minikube-verr-vmx-in-vmx-root-mode.txt).
- The GUI dialog text is translated (Italian labels, vboxmanage/windows-gui-it-*) but the VERR_
  codes are not; pastes carry "</p>" and Markdown table pipes from the dialog's HTML.
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines

SOURCE = "vbox_log"

SIGNATURE = re.compile(
    r"\bVERR_[A-Z0-9_]+\b|\bVBoxManage(?:\.exe)?: error:|\bHM: HMR3Init:|\bNEM: NEMR3Init:|"
    r"\bVirtualBox VM \d+\.\d+|\bNEM: WHvCapability",
)

_RULES: tuple[tuple[re.Pattern[str], str, bool | str], ...] = (
    (re.compile(r"NEMR3Init: (?:Active\.|Snail execution mode is active)"), "vbox_engine", "nem"),
    (re.compile(r"HMR3Init: VT-x w/"), "vbox_engine", "vt-x"),
    (re.compile(r"HMR3Init: AMD-V w/"), "vbox_engine", "amd-v"),
    (re.compile(r"WHvCapabilityCodeHypervisorPresent is TRUE"), "hypervisor_present", True),
    (re.compile(r"\(HVP=0\)"), "hypervisor_present", False),
    (re.compile(r"VERR_SUPDRV_NO_RAW_MODE_HYPER_V_ROOT"), "hypervisor_present", True),
    (re.compile(r"VERR_VMX_MSR_ALL_VMX_DISABLED"), "firmware_virt_on", False),
    (re.compile(r"VERR_VMX_IN_VMX_ROOT_MODE"), "vtx_in_use", True),
)


def read(text: str) -> Facts:
    facts: list[Fact] = []
    for line in lines(text):
        for pattern, name, value in _RULES:
            if pattern.search(line):
                facts.append(Fact(name, value, line, SOURCE))
        if "VBoxManage.exe" in line or "WinHvPlatform.dll" in line:
            facts.append(Fact("os_family", "windows", line, SOURCE))
    return Facts.of(facts)
