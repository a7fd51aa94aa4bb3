"""Linux sources on their real captured outputs: what each must yield and must not."""

from __future__ import annotations

from types import ModuleType

import pytest

from bot.facts import (
    dev_kvm,
    id_groups,
    kernel_log,
    kvm_nested,
    kvm_ok,
    lscpu,
    lsmod,
    proc_cpuinfo,
    systemd_detect_virt,
    virt_host_validate,
)
from tests.facts.conftest import pairs, text_of

CASES: list[tuple[ModuleType, str, dict[str, object], set[str]]] = [
    (
        proc_cpuinfo,
        "outputs/proc-cpuinfo/linux-kvm-guest-amd-epyc-hypervisor-no-svm.txt",
        {
            "cpu_vendor": "amd",
            "cpu_model": "AMD EPYC",
            "cpu_has_virt": False,
            "is_guest": True,
            "os_family": "linux",
        },
        {"slat", "firmware_virt_on"},  # no svm: the flags say nothing about npt underneath
    ),
    (
        proc_cpuinfo,
        "outputs/proc-cpuinfo/linux-amd-ryzen-svm-npt-flags.txt",
        {"cpu_has_virt": True, "slat": True, "is_guest": False},
        {"cpu_vendor"},
    ),
    (
        proc_cpuinfo,
        "outputs/proc-cpuinfo/linux-intel-vmx-ept-flags-bios-disabled.txt",
        {"cpu_has_virt": True, "slat": True, "is_guest": False},
        {"firmware_virt_on"},
    ),
    (
        proc_cpuinfo,
        "outputs/proc-cpuinfo/linux-kvm-guest-amd-epyc-vmx-svm-count-zero.txt",
        {},
        {"cpu_has_virt"},
    ),
    (
        lscpu,
        "outputs/lscpu/linux-kvm-guest-amd-epyc-hypervisor-vendor-kvm.txt",
        {
            "cpu_vendor": "amd",
            "is_guest": True,
            "outer_hypervisor": "kvm",
            "cpu_has_virt": False,
            "os_family": "linux",
        },
        {"slat"},
    ),
    (
        lscpu,
        "outputs/lscpu/linux-intel-xeon-bare-metal-virtualization-vt-x.txt",
        {
            "cpu_vendor": "intel",
            "cpu_model": "Intel(R) Xeon(R) Silver 4210 CPU @ 2.20GHz",
            "cpu_has_virt": True,
        },
        {"is_guest", "outer_hypervisor"},  # no Flags line: a missing hypervisor line says nothing
    ),
    (
        kernel_log,
        "outputs/kernel-log/linux-amd-kvm-amd-svm-disabled-by-bios.txt",
        {"firmware_virt_on": False, "os_family": "linux"},
        {"is_guest"},
    ),
    (
        kernel_log,
        "outputs/kernel-log/linux-intel-vmx-not-enabled-msr-ia32-feat-ctl.txt",
        {"firmware_virt_on": False},
        set(),
    ),
    (
        kernel_log,
        "outputs/kernel-log/ubuntu-intel-kvm-disabled-by-bios.txt",
        {"firmware_virt_on": False, "kvm_hw_support": False},
        set(),
    ),
    (
        kernel_log,
        "outputs/kernel-log/ubuntu-vmx-outside-txt-sgx-disabled-by-bios-boot.txt",
        {"firmware_virt_on": False},
        set(),
    ),
    (
        kernel_log,
        "outputs/kernel-log/linux-amd-kvm-no-hardware-support.txt",
        {"kvm_hw_support": False},
        {"firmware_virt_on", "cpu_has_virt"},
    ),
    (
        kernel_log,
        "outputs/kernel-log/linux-kvm-guest-pvm-boot.txt",
        {"is_guest": True, "outer_hypervisor": "kvm"},
        {"firmware_virt_on", "kvm_hw_support"},
    ),
    (
        kvm_ok,
        "outputs/kvm-ok/debian-kvm-guest-amd-no-svm.txt",
        {"cpu_has_virt": False, "kvm_ok_usable": False},
        {"dev_kvm_exists", "firmware_virt_on"},  # it stops before looking at /dev/kvm
    ),
    (
        kvm_ok,
        "outputs/kvm-ok/ubuntu-can-be-used.txt",
        {"kvm_ok_usable": True, "dev_kvm_exists": True},
        {"firmware_virt_on"},
    ),
    (
        kvm_ok,
        "outputs/kvm-ok/ubuntu-intel-disabled-by-bios.txt",
        {
            "kvm_ok_usable": False,
            "dev_kvm_exists": False,
            "cpu_has_virt": True,
            "firmware_virt_on": False,
            "cpu_vendor": "intel",
        },
        set(),
    ),
    (
        virt_host_validate,
        "outputs/virt-host-validate/debian-kvm-guest-amd-no-svm.txt",
        {"virt_host_validate_hw": False},
        {"dev_kvm_exists", "dev_kvm_accessible"},
    ),
    (
        virt_host_validate,
        "outputs/virt-host-validate/linux-all-pass-iommu-enabled.txt",
        {"virt_host_validate_hw": True, "dev_kvm_exists": True, "dev_kvm_accessible": True},
        set(),
    ),
    (
        virt_host_validate,
        "outputs/virt-host-validate/linux-minikube-vm-only-emulated-cpus-old-format.txt",
        {"virt_host_validate_hw": False},
        {"dev_kvm_exists"},
    ),
    (
        kvm_nested,
        "outputs/kvm-nested/linux-centos7-intel-nested-n-then-y.txt",
        {"kvm_nested": True},
        set(),
    ),
    (kvm_nested, "outputs/kvm-nested/linux-fedora-intel-nested-y.txt", {"kvm_nested": True}, set()),
    (
        kvm_nested,
        "outputs/kvm-nested/linux-wsl2-intel-builtin-nested-n.txt",
        {"kvm_nested": False},
        set(),
    ),
    (kvm_nested, "outputs/kvm-nested/linux-kvm-guest-no-kvm-amd-module.txt", {}, {"kvm_nested"}),
    (
        dev_kvm,
        "outputs/dev-kvm/linux-kvm-guest-root-only-0600.txt",
        {"dev_kvm_exists": True, "dev_kvm_mode": "crw-------", "dev_kvm_group": "root"},
        {"dev_kvm_accessible"},
    ),
    (
        dev_kvm,
        "outputs/dev-kvm/linux-ec2-docker-device-dev-kvm-missing.txt",
        {"dev_kvm_exists": False},
        {"os_family"},  # the daemon's machine may be Docker Desktop's VM on a Mac or Windows
    ),
    (
        dev_kvm,
        "outputs/dev-kvm/linux-selinux-0666-root-kvm.txt",
        {"dev_kvm_exists": True, "dev_kvm_mode": "crw-rw-rw-", "dev_kvm_group": "kvm"},
        set(),
    ),
    (
        dev_kvm,
        "outputs/dev-kvm/linux-arm64-0660-root-kvm.txt",
        {"dev_kvm_mode": "crw-rw----", "dev_kvm_group": "kvm"},
        set(),
    ),
    (
        dev_kvm,
        "probe/linux-dev-kvm.json",
        {
            "dev_kvm_exists": True,
            "dev_kvm_mode": "crw-------",
            "dev_kvm_group": "root",
            "dev_kvm_accessible": True,
            "kvm_create_vm_ok": True,
        },
        set(),
    ),
    (
        dev_kvm,
        "outputs/qemu/linux-docker-osx-could-not-access-kvm-permission-denied.txt",
        {"dev_kvm_exists": True, "dev_kvm_accessible": False},
        set(),
    ),
    (
        dev_kvm,
        "outputs/qemu/linux-could-not-access-kvm-permission-denied-uppercase.txt",
        {"dev_kvm_accessible": False},
        set(),
    ),
    (
        dev_kvm,
        "outputs/qemu/linux-libvirt-qemu-unexpectedly-closed-monitor-permission-denied.txt",
        {"dev_kvm_accessible": False},
        set(),
    ),
    (
        dev_kvm,
        "outputs/qemu/linux-multipass-could-not-access-kvm-no-such-file.txt",
        {"dev_kvm_exists": False},
        {"dev_kvm_accessible"},
    ),
    (
        dev_kvm,
        "outputs/kernel-log/linux-intel-vmx-not-enabled-msr-ia32-feat-ctl.txt",
        {"dev_kvm_exists": False},
        set(),
    ),
    (
        lsmod,
        "outputs/lsmod/linux-amd-kvm-loaded-without-kvm-amd.txt",
        {"kvm_modules_loaded": False},
        {"firmware_virt_on"},
    ),
    (
        lsmod,
        "outputs/lsmod/linux-harvester-guest-kvm-amd-loaded.txt",
        # kvm_amd does not load when firmware disables SVM (svm.c: kvm_is_svm_supported)
        {"kvm_modules_loaded": True, "firmware_virt_on": True},
        set(),
    ),
    (
        lsmod,
        "outputs/proc-modules/linux-nomodule-kernel-no-proc-modules.txt",
        {},
        {"kvm_modules_loaded"},
    ),
    (
        lsmod,
        "outputs/kvm-nested/linux-wsl2-intel-builtin-nested-n.txt",
        {"kvm_modules_loaded": True},
        set(),
    ),
    (
        lsmod,
        "outputs/kernel-log/linux-intel-vmx-not-enabled-msr-ia32-feat-ctl.txt",
        # modprobe's "could not insert 'kvm_intel': Operation not supported" after the kernel's
        # "VMX not enabled (by BIOS)": the module was refused, not missing
        {"kvm_modules_loaded": False, "kvm_vendor_unsupported": True},
        set(),
    ),
    (
        systemd_detect_virt,
        "outputs/systemd-detect-virt/linux-kvm-guest-vm-only.txt",
        {"is_guest": True, "outer_hypervisor": "kvm"},
        {"container"},
    ),
    (
        systemd_detect_virt,
        "outputs/systemd-detect-virt/linux-kvm-guest-in-docker-container.txt",
        {"container": "docker"},
        {"is_guest", "outer_hypervisor"},
    ),
]


@pytest.mark.parametrize(
    ("parser", "fixture", "must", "must_not"),
    CASES,
    ids=[f"{p.SOURCE}:{f.rsplit('/', 1)[-1]}" for p, f, _, _ in CASES],
)
def test_linux_fixture_yields_its_facts(
    parser: ModuleType, fixture: str, must: dict[str, object], must_not: set[str]
) -> None:
    facts = parser.read(text_of(fixture))
    got = pairs(facts)
    for name, value in must.items():
        assert got.get(name) == value, (name, got)
    assert not must_not & got.keys(), got


def test_the_probes_module_list_counts_kvm_pvm_as_a_vendor_module() -> None:
    facts = lsmod.read("kvm\nkvm_pvm\n")
    assert facts.is_true("kvm_modules_loaded")
    assert facts.quotes("kvm_modules_loaded") == ("kvm_pvm",)


def test_proc_modules_lines_are_read_like_lsmod() -> None:
    line = "kvm_intel 372736 0 - Live 0x0000000000000000"
    assert lsmod.read(f"{line}\nkvm 1028096 1 kvm_intel, Live 0x0000000000000000\n").quotes(
        "kvm_modules_loaded"
    ) == (line,)


def test_a_probe_nested_parameter_is_a_bare_value() -> None:
    assert kvm_nested.read("Y\n").is_true("kvm_nested")
    assert kvm_nested.read("0\n").is_false("kvm_nested")
    assert kvm_nested.read("some text\nY\n").value("kvm_nested") is None


def test_systemd_detect_virt_none_is_bare_metal_and_oracle_is_virtualbox() -> None:
    assert systemd_detect_virt.read("none\n").is_false("is_guest")
    assert pairs(systemd_detect_virt.read("oracle\n"))["outer_hypervisor"] == "virtualbox"


def test_id_groups_says_whether_kvm_is_listed() -> None:
    assert id_groups.read("root\n").is_false("user_in_kvm_group")
    assert id_groups.read("user adm cdrom sudo kvm libvirt\n").is_true("user_in_kvm_group")
    full = "uid=1000(user) gid=1000(user) groups=1000(user),4(adm),108(kvm)\n"
    assert id_groups.read(full).is_true("user_in_kvm_group")
    assert id_groups.read("ERROR: something: went wrong\n").value("user_in_kvm_group") is None


def test_virt_host_validate_reads_coloured_terminal_output() -> None:
    text = text_of("outputs/virt-host-validate/linux-all-pass-iommu-enabled.txt")
    coloured = text.replace(": PASS", ": \x1b[32mPASS\x1b[0m")
    assert pairs(virt_host_validate.read(coloured)) == pairs(virt_host_validate.read(text))


def test_the_probe_dev_kvm_json_when_open_is_refused() -> None:
    # the probe's JSON for a user outside the kvm group (shape of _probe_dev_kvm's output)
    text = (
        text_of("probe/linux-dev-kvm.json")
        .replace('"open": "ok"', '"open": "EACCES: Permission denied"')
        .replace('"create_vm": "ok"', '"create_vm": null')
    )
    got = pairs(dev_kvm.read(text))
    assert got["dev_kvm_accessible"] is False
    assert "kvm_create_vm_ok" not in got


def test_an_ls_listing_pasted_inline_in_a_post_is_read() -> None:
    # Dart-Code#1205: the listing sits in backticks after the emulator's error, on one line
    text = (
        "`Failed to launch emulator: ... CPU acceleration status: /dev/kvm is not found: VT "
        "disabled in BIOS or KVM kernel module not loaded` `› ll /dev/kvm crw-rw-rw-. 1 root "
        "kvm 10, 232 Sep 18 19:00 /dev/kvm`"
    )
    facts = dev_kvm.read(text)
    assert (facts.value("dev_kvm_exists"), facts.value("dev_kvm_group")) == (True, "kvm")
    assert (
        facts.get("dev_kvm_exists").quote == "crw-rw-rw-. 1 root kvm 10, 232 Sep 18 19:00 /dev/kvm"
    )
    # a path named in a sentence is no listing
    assert dev_kvm.read("I ran ls -l /dev/kvm and chmod 666 /dev/kvm").get("dev_kvm_exists") is None
