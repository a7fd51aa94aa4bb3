"""Windows sources on their real captured outputs: what each must yield and must not."""

from __future__ import annotations

from types import ModuleType

import pytest

from bot.facts import (
    Facts,
    bcdedit,
    coreinfo,
    get_computerinfo,
    hyperv_vm,
    optional_features,
    systeminfo,
    win32,
    wsl,
)
from bot.facts.registry import facts_from_sections
from bot.inputs import Section, sniff
from tests.conftest import DEV
from tests.facts.conftest import pairs, text_of

OUT = "outputs/"

# (parser, fixture, facts it must yield, fact names it must NOT yield)
CASES: list[tuple[ModuleType, str, dict[str, object], set[str]]] = [
    (
        systeminfo,
        "systeminfo/windows-server2019-hypervisor-detected.txt",
        {"hypervisor_present": True, "os_family": "windows"},
        {"firmware_virt_on", "cpu_has_virt", "slat", "dep_available"},
    ),
    (
        systeminfo,
        "systeminfo/windows10-home-findstr-hypervisor-detected.txt",
        {"hypervisor_present": True},
        {"firmware_virt_on", "cpu_has_virt", "slat", "dep_available"},
    ),
    (
        systeminfo,
        "systeminfo/windows-ja-hypervisor-detected.txt",
        {"hypervisor_present": True, "os_family": "windows"},
        {"firmware_virt_on", "cpu_has_virt", "slat", "dep_available"},
    ),
    (
        systeminfo,
        "systeminfo/windows10-home-findstr-firmware-disabled.txt",
        {"cpu_has_virt": True, "firmware_virt_on": False, "hypervisor_present": False},
        {"slat", "dep_available", "windows_edition"},
    ),
    (
        systeminfo,
        "systeminfo/windows-server2012-virtualbox-guest-no-vmx-no-slat.txt",
        {
            "windows_edition": "server",
            "windows_build": 9200,
            "is_guest": True,
            "outer_hypervisor": "virtualbox",
            "cpu_vendor": "intel",
            "cpu_has_virt": False,
            "firmware_virt_on": False,
            "slat": False,
            "dep_available": True,
        },
        {"windows_version"},
    ),
    (
        systeminfo,
        "systeminfo/windows10-home-ru-locale-requirements-all-yes.txt",
        {
            "windows_edition": "home",
            "windows_build": 19045,
            "windows_version": "10",
            "cpu_has_virt": True,
            "firmware_virt_on": True,
            "slat": True,
            "dep_available": True,
            "hypervisor_present": False,
        },
        {"is_guest", "outer_hypervisor"},
    ),
    (
        systeminfo,
        "systeminfo/windows10-home-x86-requirements-all-yes.txt",
        {"windows_build": 10240, "windows_version": "10", "cpu_vendor": "intel"},
        {"is_guest"},
    ),
    (
        systeminfo,
        "systeminfo/windows10-enterprise-requirements-all-yes.txt",
        {"windows_edition": "enterprise", "firmware_virt_on": True, "slat": True},
        {"windows_build"},
    ),
    (
        systeminfo,
        "systeminfo/windows10-pro-ja-requirements-all-yes.txt",
        {"cpu_has_virt": True, "firmware_virt_on": True, "slat": True, "dep_available": True},
        set(),
    ),
    (
        systeminfo,
        "systeminfo/windows10-ja-requirements-all-yes-tail.txt",
        {"cpu_has_virt": True, "firmware_virt_on": True, "slat": True, "dep_available": True},
        set(),
    ),
    (
        get_computerinfo,
        "get-computerinfo/windows-server-vm-hypervisor-present-requirements-blank.txt",
        {"hypervisor_present": True, "os_family": "windows"},
        {"firmware_virt_on", "cpu_has_virt", "slat", "dep_available", "hvci_running"},
    ),
    (
        get_computerinfo,
        "get-computerinfo/windows10-home-firmware-disabled.txt",
        {
            "hypervisor_present": False,
            "firmware_virt_on": False,
            "cpu_has_virt": True,
            "slat": True,
            "dep_available": True,
        },
        set(),
    ),
    (
        bcdedit,
        "bcdedit/windows11-en-hypervisorlaunchtype-auto.txt",
        {"hypervisorlaunchtype": "auto", "os_family": "windows"},
        set(),
    ),
    (
        bcdedit,
        "bcdedit/windows10-de-bezeichner-hypervisorlaunchtype-auto.txt",
        {"hypervisorlaunchtype": "auto"},
        set(),
    ),
    (
        bcdedit,
        "bcdedit/windows10-zh-tw-hypervisorlaunchtype-off.txt",
        {"hypervisorlaunchtype": "off"},
        set(),
    ),
    (
        win32,
        "win32-deviceguard/windows10-vbs-running-cg-hvci.txt",
        {
            "vbs_status": 2,
            "vbs_running": True,
            "credential_guard_running": True,
            "hvci_running": True,
            "os_family": "windows",
        },
        {"firmware_virt_on", "hypervisor_present"},
    ),
    (
        optional_features,
        "get-windowsoptionalfeature/windows11-hyperv-vmp-enabled-containers-disabled.txt",
        {"feature_hyperv": "enabled", "feature_vmp": "enabled", "feature_sandbox": "disabled"},
        {"feature_whp", "feature_wsl"},
    ),
    (
        hyperv_vm,
        "get-vmprocessor/windows-format-list-expose-virtualization-extensions-true-line.txt",
        {"expose_virtualization_extensions": True},
        set(),
    ),
    (
        hyperv_vm,
        "hyperv-powershell/windows-minishift-start-vm-hypervisor-not-running.txt",
        {"hypervisor_present": False, "os_family": "windows"},
        {"short_of_memory"},
    ),
    (
        hyperv_vm,
        "hyperv-powershell/windows-start-vm-not-enough-memory.txt",
        {"short_of_memory": True},
        {"hypervisor_present"},
    ),
    (
        hyperv_vm,
        "hyperv-powershell/windows-zh-cn-start-vm-not-enough-memory.txt",
        {"short_of_memory": True},
        set(),
    ),
    (
        hyperv_vm,
        "hyperv-powershell/windows-pl-start-vm-insufficient-resources-0x800705aa.txt",
        {"short_of_memory": True},
        set(),
    ),
    (
        hyperv_vm,
        "hyperv-events/windows10-vmms-hyper-v-components-not-running.txt",
        {"os_family": "windows", "hypervisor_present": False},
        {"short_of_memory"},
    ),
    (
        coreinfo,
        "coreinfo/windows-intel-no-hypervisor-vmx-ept.txt",
        {
            "hypervisor_present": False,
            "cpu_has_virt": True,
            "slat": True,
            "cpu_vendor": "intel",
            "cpu_model": "Intel(R) Core(TM) i7-2600 CPU @ 3.40GHz",
        },
        {"is_guest"},
    ),
    (
        coreinfo,
        "coreinfo/windows10-intel-hypervisor-present-vmx-hidden.txt",
        {"hypervisor_present": True, "cpu_vendor": "intel"},
        {"cpu_has_virt", "slat", "is_guest"},
    ),
    (
        wsl,
        "wsl/windows11-hcs-e-hyperv-not-installed-createinstance.txt",
        {"hcs_error": "HCS_E_HYPERV_NOT_INSTALLED", "os_family": "windows"},
        set(),
    ),
    (
        wsl,
        "wsl/windows10-ubuntu-0x80370102-register-distribution.txt",
        {"hcs_error": "HCS_E_HYPERV_NOT_INSTALLED"},
        set(),
    ),
    (
        wsl,
        "wsl/windows10-fr-0x80370114-codepage-mojibake.txt",
        {"hcs_error": "HCS_E_SERVICE_NOT_AVAILABLE"},
        set(),
    ),
    (
        wsl,
        "docker-desktop/windows-es-unexpected-wsl-error-hcs-e-service-not-available.txt",
        {"hcs_error": "HCS_E_SERVICE_NOT_AVAILABLE"},
        set(),
    ),
    (wsl, "wsl/windows11-wsl-status-default-version-2.txt", {"wsl_default_version": 2}, set()),
    (
        wsl,
        "wsl/windows10-azure-vd-wsl-status-default-version-1.txt",
        {"wsl_default_version": 1},
        set(),
    ),
    # WSL's words for HCS_E_HYPERV_NOT_INSTALLED without the code: early WSL 2, and the
    # Japanese message whose code line was not pasted
    (
        wsl,
        "wsl/windows10-wsl-please-enable-vmp-2020.txt",
        {"hcs_error": "HCS_E_HYPERV_NOT_INSTALLED", "os_family": "windows"},
        set(),
    ),
    (
        wsl,
        "wsl/windows-ja-wsl2-not-supported-enable-vmp-and-wsl.txt",
        {"hcs_error": "HCS_E_HYPERV_NOT_INSTALLED"},
        set(),
    ),
]


@pytest.mark.parametrize(
    ("parser", "fixture", "must", "must_not"),
    CASES,
    ids=[f"{p.SOURCE}:{f.rsplit('/', 1)[-1]}" for p, f, _, _ in CASES],
)
def test_windows_fixture_yields_its_facts(
    parser: ModuleType, fixture: str, must: dict[str, object], must_not: set[str]
) -> None:
    text = text_of(OUT + fixture)
    facts: Facts = parser.read(text)
    got = pairs(facts)
    for name, value in must.items():
        assert got.get(name) == value, (name, got)
    assert not must_not & got.keys(), got
    assert not facts.conflicts


def test_a_detected_hypervisor_leaves_the_requirements_unknown_not_no() -> None:
    facts = systeminfo.read(text_of(OUT + "systeminfo/windows-server2019-hypervisor-detected.txt"))
    assert facts.is_true("hypervisor_present")
    assert facts.value("firmware_virt_on") is None
    assert facts.value("slat") is None


def test_japanese_labels_are_read_and_quoted_as_written() -> None:
    text = text_of(OUT + "systeminfo/windows10-pro-ja-requirements-all-yes.txt")
    facts = systeminfo.read(text)
    assert facts.quotes("firmware_virt_on") == ("ファームウェアで仮想化が有効になっています: はい",)
    assert facts.quotes("slat") == ("第 2 レベルのアドレス変換: はい",)


def test_the_requirements_quoted_inline_in_a_sentence_are_systeminfos() -> None:
    # microsoft/WSL#7676 (en-577): the block pasted into one line of prose, closed by a backtick
    text = DEV["en-577"].question
    assert "systeminfo" in [s.kind for s in sniff(text)]
    facts = systeminfo.read(text)
    assert facts.is_true("firmware_virt_on") and facts.is_true("slat")
    assert facts.is_true("dep_available")  # "Yes`"
    assert facts.is_false("hypervisor_present")  # the requirements are printed only then
    # the header named in prose, with no requirement after it, is not systeminfo's
    assert sniff("What are the Hyper-V Requirements: do I need SLAT?") == []


def test_a_bcdedit_session_that_turns_the_hypervisor_off_ends_off() -> None:
    text = text_of(OUT + "bcdedit/windows10-zh-cn-auto-then-set-off.txt")
    facts = bcdedit.read(text)
    assert facts.value("hypervisorlaunchtype") == "off"
    assert facts.quotes("hypervisorlaunchtype") == ("hypervisorlaunchtype    Off",)


def test_bcdedit_ignores_the_set_command_and_other_entries() -> None:
    text = "C:\\>bcdedit /set hypervisorlaunchtype off\nThe operation completed successfully.\n"
    assert bcdedit.read(text).value("hypervisorlaunchtype") is None
    # the Windows 7 entry of the German dual boot has no setting; the running one has Auto
    german = text_of(OUT + "bcdedit/windows10-de-bezeichner-hypervisorlaunchtype-auto.txt")
    assert german.count("hypervisorlaunchtype") == 1
    no_current = german.replace("{current}", "{default}")
    assert bcdedit.read(no_current).value("hypervisorlaunchtype") is None


def test_a_right_aligned_state_column_is_read_per_feature() -> None:
    text = text_of(
        OUT + "get-windowsoptionalfeature/windows11-hyperv-vmp-enabled-containers-disabled.txt"
    )
    facts = optional_features.read(text)
    assert facts.quotes("feature_sandbox") == ("Containers-DisposableClientVM           Disabled",)


def test_a_cut_short_deviceguard_list_leaves_missing_services_unknown() -> None:
    text = text_of(OUT + "win32-deviceguard/windows10-vbs-running-cg-hvci.txt")
    cut = text.replace(
        "SecurityServicesRunning                      : {1, 2}",
        "SecurityServicesRunning                      : {2...}",
    )
    facts = win32.read(cut)
    assert facts.value("hvci_running") is True
    assert facts.value("credential_guard_running") is None


# Shaped like our probe's output (probes/vmdoctor_probe.py: Select-Object ... | ConvertTo-Json
# -Depth 3, Windows PowerShell 5.1 spacing); not captured on a machine, there being no public
# capture of these exact commands.
PROBE_PROCESSOR = """[
    {
        "Name":  "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz",
        "Manufacturer":  "GenuineIntel",
        "NumberOfCores":  4,
        "NumberOfLogicalProcessors":  8,
        "VMMonitorModeExtensions":  false,
        "SecondLevelAddressTranslationExtensions":  false,
        "VirtualizationFirmwareEnabled":  false
    }
]
"""
PROBE_COMPUTER_SYSTEM = """{
    "HypervisorPresent":  true,
    "Manufacturer":  "LENOVO",
    "Model":  "20L7001UUS"
}
"""
PROBE_HYPERV_GUEST = """{
    "HypervisorPresent":  true,
    "Manufacturer":  "Microsoft Corporation",
    "Model":  "Virtual Machine"
}
"""
PROBE_OS = """{
    "Caption":  "Microsoft Windows 11 Pro",
    "Version":  "10.0.22631",
    "BuildNumber":  "22631",
    "OSArchitecture":  "64-bit",
    "DataExecutionPrevention_Available":  true,
    "DataExecutionPrevention_SupportPolicy":  2
}
"""
PROBE_DEVICE_GUARD = """{
    "AvailableSecurityProperties":  [
                                        1,
                                        2,
                                        3
                                    ],
    "SecurityServicesRunning":  [
                                    2
                                ],
    "VirtualizationBasedSecurityStatus":  2
}
"""
PROBE_FEATURES = """[
    {
        "FeatureName":  "Microsoft-Hyper-V-All",
        "State":  null
    },
    {
        "FeatureName":  "VirtualMachinePlatform",
        "State":  "EnablePending"
    },
    {
        "FeatureName":  "HypervisorPlatform",
        "State":  "Disabled"
    }
]
"""


def test_win32_processor_json_alone_is_read() -> None:
    facts = win32.read(PROBE_PROCESSOR)
    assert pairs(facts) == {
        "cpu_has_virt": False,
        "slat": False,
        "firmware_virt_on": False,
        "cpu_vendor": "intel",
        "cpu_model": "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz",
        "os_family": "windows",
    }
    assert facts.quotes("firmware_virt_on") == ('"VirtualizationFirmwareEnabled":  false',)


def test_win32_processor_is_not_believed_while_a_hypervisor_runs_in_the_same_input() -> None:
    facts = win32.read(PROBE_PROCESSOR + PROBE_COMPUTER_SYSTEM)
    assert facts.is_true("hypervisor_present")
    for name in ("firmware_virt_on", "cpu_has_virt", "slat"):
        assert facts.value(name) is None, name
    assert facts.value("is_guest") is None  # a Lenovo laptop, not a VM


def test_win32_processor_is_not_believed_across_report_sections_either() -> None:
    sections = [
        Section("win32", PROBE_PROCESSOR, "report:win.cim_processor"),
        Section("win32", PROBE_COMPUTER_SYSTEM, "report:win.cim_computersystem"),
    ]
    facts = facts_from_sections(sections)
    assert facts.is_true("hypervisor_present")
    assert facts.value("firmware_virt_on") is None


def test_a_hyperv_vm_model_makes_a_guest() -> None:
    facts = win32.read(PROBE_HYPERV_GUEST)
    assert pairs(facts)["outer_hypervisor"] == "microsoft"
    assert facts.is_true("is_guest")


def test_win32_operating_system_gives_edition_build_version_and_dep() -> None:
    got = pairs(win32.read(PROBE_OS))
    assert got["windows_edition"] == "pro"
    assert got["windows_build"] == 22631
    assert got["windows_version"] == "11"
    assert got["dep_available"] is True


def test_win32_deviceguard_json_arrays_are_read() -> None:
    got = pairs(win32.read(PROBE_DEVICE_GUARD))
    assert got["hvci_running"] is True
    assert got["credential_guard_running"] is False
    assert got["vbs_running"] is True


def test_probe_feature_json_maps_null_to_unknown_and_pending() -> None:
    got = pairs(optional_features.read(PROBE_FEATURES))
    assert "feature_hyperv" not in got
    assert got["feature_vmp"] == "pending"
    assert got["feature_whp"] == "disabled"


def test_a_get_computerinfo_table_with_a_blank_requirement_is_read() -> None:
    # verbatim from https://github.com/microsoft/Windows-Sandbox/issues/15 (comment by
    # scarycrow-dave, 2020-04-07)
    text = (
        "PS C:\\WINDOWS\\system32> Get-ComputerInfo -Property "
        "HyperVRequirementVirtualizationFirmwareEnabled,hypervisorpresent     \n"
        "HyperVRequirementVirtualizationFirmwareEnabled HyperVisorPresent\n"
        "---------------------------------------------- -----------------\n"
        "                                                            True\n"
    )
    assert [s.kind for s in sniff(text)] == ["get_computerinfo"]
    facts = get_computerinfo.read(text)
    assert facts.is_true("hypervisor_present")
    assert facts.value("firmware_virt_on") is None
    assert "HyperVisorPresent" in facts.quotes("hypervisor_present")[0]


def test_a_win32_processor_table_keeps_names_with_spaces_whole() -> None:
    # Format-Table as Windows PowerShell 5.1 prints it: dashes under the header text only
    text = (
        "Name                                     VirtualizationFirmwareEnabled\n"
        "----                                     -----------------------------\n"
        "Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz                          True\n"
    )
    got = pairs(win32.read(text))
    assert got["cpu_model"] == "Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz"
    assert got["firmware_virt_on"] is True


def test_old_client_versions_are_named_and_servers_are_not() -> None:
    # 6.1 / 6.3 are Windows 7 / 8.1 on a client and Server 2008 R2 / 2012 R2 on a server
    # (HAXM's check prints "OS version - Windows 6.1.7600", fixture haxm-check/windows7-rtm)
    from bot.facts.machines import version_facts

    def named(*args: object) -> object:
        return {f.name: f.value for f in version_facts(*args, "q", "t")}.get("windows_version")  # type: ignore[arg-type]

    assert named(6, 1, 7601, True) == "7"
    assert named(6, 3, 9600, True) == "8.1"
    assert named(6, 1, 7601, False) is None
    assert named(10, 0, 22631, True) == "11"
