"""VirtualBox, VMware, Android emulator and Intel HAXM output on real captures."""

from __future__ import annotations

from types import ModuleType

import pytest

from bot.facts import emulator_check, haxm_check, vbox_log, vmware_log
from tests.facts.conftest import pairs, text_of

CASES: list[tuple[ModuleType, str, dict[str, object], set[str]]] = [
    (
        vbox_log,
        "vbox-log/windows-hyperv-nem-fallback.txt",
        {"vbox_engine": "nem", "hypervisor_present": True, "os_family": "windows"},
        {"firmware_virt_on", "cpu_has_virt"},
    ),
    (vbox_log, "vbox-log/windows-hyperv-nem-snail-mode-lines.txt", {"vbox_engine": "nem"}, set()),
    (
        vbox_log,
        "vboxmanage/linux-minikube-verr-vmx-msr-all-vmx-disabled.txt",
        {"firmware_virt_on": False},
        {"vbox_engine", "hypervisor_present"},
    ),
    (
        vbox_log,
        "vboxmanage/vagrant-verr-vmx-msr-all-vmx-disabled.txt",
        {"firmware_virt_on": False},
        set(),
    ),
    (
        vbox_log,
        "vboxmanage/windows-gui-it-verr-nem-not-available-vmx-all-disabled.txt",
        {"firmware_virt_on": False, "hypervisor_present": False},
        set(),
    ),
    (
        vbox_log,
        "vboxmanage/windows-vagrant-verr-nem-not-available-vmx-no-vmx.txt",
        {"hypervisor_present": False, "os_family": "windows"},
        {"cpu_has_virt", "firmware_virt_on"},  # VERR_VMX_NO_VMX: absent or hidden, unknown
    ),
    (
        vbox_log,
        "vboxmanage/windows-docker-toolbox-verr-supdrv-no-raw-mode-hyper-v-root.txt",
        {"hypervisor_present": True},
        set(),
    ),
    (
        vbox_log,
        "vboxmanage/linux-minikube-verr-vmx-in-vmx-root-mode.txt",
        {"vtx_in_use": True},
        {"firmware_virt_on", "hypervisor_present"},
    ),
    (
        vbox_log,
        "vboxmanage/windows-gui-verr-nem-missing-kernel-api-vmx-no-vmx.txt",
        {},
        {"cpu_has_virt", "hypervisor_present"},
    ),
    (
        vmware_log,
        "vmware-log/windows11-monitor-mode-ulm.txt",
        {"vmware_monitor_mode": "ULM", "hypervisor_present": True},
        set(),
    ),
    (
        vmware_log,
        "vmware-log/windows11-monitor-mode-cpl0.txt",
        {"vmware_monitor_mode": "CPL0"},
        {"hypervisor_present"},
    ),
    (
        vmware_log,
        "vmware-log/windows-hyperv-detected-ulm-side-channel.txt",
        {"vmware_monitor_mode": "ULM", "hypervisor_present": True},
        set(),
    ),
    (
        vmware_log,
        "vmware-log/esxi-hv-settings-hardware.txt",
        {"vmware_virtual_exec": "hardware"},
        {"vmware_monitor_mode"},
    ),
    (
        vmware_log,
        "vmware-log/linux-ws7-monitor-mode-bt-only-hv-software.txt",
        {"vmware_virtual_exec": "software"},
        {"vmware_monitor_mode"},
    ),
    (
        emulator_check,
        "emulator-check/windows-haxm-usable.txt",
        {"emulator_accel_usable": True, "haxm": True},
        {"emulator_accel_reason"},
    ),
    (
        emulator_check,
        "emulator-check/windows-amd-requires-intel-accel-3.txt",
        {
            "emulator_accel_usable": False,
            "cpu_vendor": "amd",
            "emulator_accel_reason": "Android Emulator requires an Intel processor with VT-x "
            "and NX support.  Your CPU: 'AuthenticAMD'",
        },
        {"haxm"},
    ),
    (
        emulator_check,
        "emulator-check/windows-amd-whpx-usable-cpu-info-inside-vm.txt",
        {"emulator_accel_usable": True, "hypervisor_present": True, "cpu_vendor": "amd"},
        {"is_guest"},  # "Inside a VM" is the hypervisor bit of a Hyper-V host
    ),
    (
        emulator_check,
        "emulator/windows-whpx-usable-verbose.txt",
        {"emulator_accel_usable": True, "hypervisor_present": True},
        {"emulator_accel_reason"},
    ),
    (
        emulator_check,
        "emulator/windows-azure-vm-whpx-not-available.txt",
        {"emulator_accel_usable": False, "hypervisor_present": False},
        set(),
    ),
    (
        emulator_check,
        "emulator/linux-kvm-requires-vmx-or-svm.txt",
        {
            "emulator_accel_usable": False,
            "emulator_accel_reason": "CPU acceleration status: KVM requires a CPU that supports "
            "vmx or svm",
            "os_family": "linux",
        },
        set(),
    ),
    (
        emulator_check,
        "emulator/linux-flatpak-dev-kvm-not-found.txt",
        {"emulator_accel_usable": False, "emulator_sees_dev_kvm": False},
        {"dev_kvm_exists"},  # a Flatpak sandbox hides the host's /dev/kvm
    ),
    (
        haxm_check,
        "haxm-check/windows-core2-ept-not-supported.txt",
        {"cpu_has_virt": True, "firmware_virt_on": True, "slat": False, "cpu_vendor": "intel"},
        {"hypervisor_present", "vtx_in_use"},
    ),
    (
        haxm_check,
        "haxm-check/windows-vmx-disabled-in-bios.txt",
        {"cpu_has_virt": True, "firmware_virt_on": False, "slat": True, "os_family": "windows"},
        {"hypervisor_present"},
    ),
    (
        haxm_check,
        "haxm-check/windows7-rtm-os-version-failed.txt",
        {"os_version_supported": False, "cpu_has_virt": True},
        # Windows 7 prints VMX enabled and EPT supported as passed without reading them
        {"firmware_virt_on", "slat"},
    ),
    (
        haxm_check,
        "haxm-check/windows-hyperv-on-vmx-hidden.txt",
        {"hypervisor_present": True, "os_version_supported": True},
        # the Windows hypervisor hides VMX: these "- No" rows are not the hardware's
        {"cpu_has_virt", "firmware_virt_on", "slat"},
    ),
    (
        haxm_check,
        "haxm-check/windows-readme-sample-hyperv-on.txt",
        {"hypervisor_present": True},
        {"cpu_has_virt", "firmware_virt_on", "slat"},
    ),
    (
        haxm_check,
        "haxm-check/windows-emulator-running-guest-occupied.txt",
        {"vtx_in_use": True, "firmware_virt_on": True, "slat": True},
        {"hypervisor_present"},
    ),
]


@pytest.mark.parametrize(
    ("parser", "fixture", "must", "must_not"),
    CASES,
    ids=[f"{p.SOURCE}:{f.rsplit('/', 1)[-1]}" for p, f, _, _ in CASES],
)
def test_log_fixture_yields_its_facts(
    parser: ModuleType, fixture: str, must: dict[str, object], must_not: set[str]
) -> None:
    got = pairs(parser.read(text_of("outputs/" + fixture)))
    for name, value in must.items():
        assert got.get(name) == value, (name, got)
    assert not must_not & got.keys(), got


def test_vbox_hm_lines_name_the_engine() -> None:
    # VBox.log line format of HM.cpp (VirtualBox 6.x/7.x) with hardware virtualization in use
    vtx = "00:00:01.234567 HM: HMR3Init: VT-x w/ nested paging and unrestricted guest execution hw support\n"
    amdv = "00:00:01.234567 HM: HMR3Init: AMD-V w/ nested paging\n"
    assert vbox_log.read(vtx).value("vbox_engine") == "vt-x"
    assert vbox_log.read(amdv).value("vbox_engine") == "amd-v"


def test_haxm_check_rows_pasted_onto_one_line_are_read() -> None:
    # intel/haxm#369 as a post flattens it (en-044): the rows are found by their names
    text = (
        "Hyper- V disabled. But gives me the error anyways. ... VMX supported * Yes VMX enabled "
        "- No EPT supported * Yes ... Hyper-V disabled * Yes OS version * Windows 10.0.19042"
    )
    facts = haxm_check.read(text)
    assert (facts.value("cpu_has_virt"), facts.value("firmware_virt_on")) == (True, False)
    assert facts.get("firmware_virt_on").quote == "VMX enabled - No"


def test_haxm_check_os_version_of_its_non_english_bug_is_not_an_old_windows() -> None:
    # HAXM 7.6.5 printed "Windows 0.0.0" on non-English Windows (intel/haxm#323)
    facts = haxm_check.read(
        "OS version：       - Windows 0.0.0\nGuest unoccupied    *  Yes. 0 guest(s)"
    )
    assert facts.get("os_version_supported") is None
