"""Facts from the user's words, and the rules that turn facts into findings.

Real material only: the questions come from the development set (each cites its public post).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import platforms, rules
from bot.facts import proc_cpuinfo, question
from bot.pipeline import gather
from bot.rules import Confidence
from bot.rules.nested_unsupported_by_platform import virtualizing_inside
from bot.taxonomy import CARD_CAUSES
from tests.conftest import DEV

RULES_DIR = Path(rules.__file__).parent


def _findings(item_id: str) -> dict[str, Confidence]:
    found = rules.evaluate(question.read(DEV[item_id].question))
    return {f.cause: f.confidence for f in found}


def test_every_rule_module_is_registered_and_named_for_its_cause() -> None:
    files = sorted(p.stem for p in RULES_DIR.glob("*.py") if p.stem != "__init__")
    assert files == sorted(rules.RULE_MODULES)
    for name in rules.RULE_MODULES:
        module = __import__(f"bot.rules.{name}", fromlist=["CAUSE"])
        assert name.replace("_", "-") == module.CAUSE and module.CAUSE in CARD_CAUSES


@pytest.mark.parametrize("item", list(DEV.values()), ids=list(DEV))
def test_every_piece_of_evidence_is_quoted_from_the_input(item: object) -> None:
    text = item.question  # type: ignore[attr-defined]
    for fact in question.read(text):
        assert fact.quote and fact.quote in text
    for finding in rules.evaluate(question.read(text)):
        for quote in finding.evidence:
            assert quote in text


def test_hyperv_on_beside_vmware_is_coexistence() -> None:
    # en-007: "i've enable Hyper-V (because i need it) ... Vmware workstation 16"
    assert _findings("en-007")["hypervisor-coexistence"] is Confidence.STRONG


def test_the_emulator_hypervisor_driver_by_its_folder_name_with_hyper_v_off() -> None:
    # en-544 (google/android-emulator-hypervisor-driver#69): the driver is only named by its
    # folder, "...\\Sdk\\extras\\google\\Android_Emulator_Hypervisor_Driver-2>", and the user
    # has "Disabled hyper-v": the Windows hypervisor is not what holds AMD-V here
    facts = question.read(DEV["en-544"].question)
    assert facts.value("third_party_hypervisor") == "android-emulator"
    assert "android-emulator" in platforms.mentioned(DEV["en-544"].question)
    assert _findings("en-544")["hypervisor-coexistence"] is Confidence.UNLIKELY
    # the folder of another SDK package is not the emulator
    assert question.read("Sdk\\extras\\google\\usb_driver").value("third_party_hypervisor") is None


def test_a_vendor_the_user_only_read_about_is_not_this_machines() -> None:
    # en-557 (microsoft/WSL#10106): "I've read there's issues with AMD processors but I'm
    # running it on an Intel CPU (i7-11700KF)"
    assert question.read(DEV["en-557"].question).value("cpu_vendor") == "intel"
    evidence = [
        q for f in rules.evaluate(question.read(DEV["en-557"].question)) for q in f.evidence
    ]
    assert evidence and not any("AMD" in q for q in evidence)
    assert question.read("Ryzen 7 5800X, the VM will not start").value("cpu_vendor") == "amd"


def test_a_hypervisor_said_detected_rules_out_firmware_and_the_launch_type() -> None:
    # en-548 (anthropics/claude-code#27406): "`systeminfo` confirms a hypervisor is detected and
    # running. Hyper-V, Virtual Machine Platform, and Windows Hypervisor Platform are all
    # enabled", after the app "silently auto-updated to 1.1.3918"
    found = _findings("en-548")
    assert found["firmware-virt-disabled"] is Confidence.UNLIKELY
    assert found["hypervisor-not-launched"] is Confidence.UNLIKELY
    assert found["windows-feature-missing"] is Confidence.UNLIKELY
    assert found["software-defect"] is Confidence.SUGGESTIVE
    # in a VM, the hypervisor detected may be the outer one
    inside = question.read("Nested virtualization: a hypervisor has been detected in this VM")
    assert "firmware-virt-disabled" not in {f.cause for f in rules.evaluate(inside)}


def test_turning_the_windows_hypervisor_off_as_a_wish_is_not_its_state() -> None:
    # en-554 (microsoft/WSL#8451): "Can't becuse WSL is enabled ... I'd just like a way to
    # temporarily disable Hyper-v ... bluestacks just tells me I have to disable WSL"
    facts = question.read(DEV["en-554"].question)
    assert facts.value("windows_hypervisor_on") is True
    assert _findings("en-554")["hypervisor-coexistence"] is Confidence.STRONG
    # done, it is the state
    assert (
        question.read("I had to disable Hyper-V for VMware").value("windows_hypervisor_on") is False
    )
    assert (
        question.read("How to disable Hyper-V for VMware?").value("windows_hypervisor_on") is None
    )


def test_a_message_asking_for_a_state_does_not_report_it() -> None:
    # en-335 (microsoft/WSL#9831) pastes only WSL's message: "Please enable the Virtual Machine
    # Platform Windows feature and ensure virtualization is enabled in the BIOS."
    facts = question.read(DEV["en-335"].question)
    assert facts.value("firmware_virt_on") is None
    assert facts.value("windows_hypervisor_on") is None
    assert "firmware-virt-disabled" not in {
        f.cause for f in rules.evaluate(facts) if f.confidence is Confidence.UNLIKELY
    }
    # en-242 (microsoft/WSL#8649), below the same message: "Virtual Machine Platform is
    # enabled, just like virtualization in my BIOS."
    assert question.read(DEV["en-242"].question).value("firmware_virt_on") is True
    # said as done, it is the state
    done = question.read("I made sure virtualization is enabled in the BIOS")
    assert done.value("firmware_virt_on") is True


def test_nested_virtualization_enabled_is_a_vm_setting_not_the_firmwares() -> None:
    # en-547 (microsoft/WSL#6937): "Running on VMware Workstation 16.1.1, Nested Virtualization
    # Enabled"
    facts = question.read(DEV["en-547"].question)
    assert facts.value("firmware_virt_on") is None
    assert facts.value("outer_hypervisor") == "vmware-workstation"
    assert question.read("ネストされた仮想化は有効です").value("firmware_virt_on") is None
    assert question.read("Virtualization is enabled in the BIOS").value("firmware_virt_on") is True


def test_a_flags_line_cut_short_shows_what_it_kept_not_what_is_missing() -> None:
    # en-570 (harvester/harvester#3900): "flags : fpu vme ... hypervisor lahf_lm cmp_legacy svm
    # ..." in a Proxmox guest with nesting on; no npt in what was kept is not "no SLAT"
    flags = proc_cpuinfo.read(DEV["en-570"].question.split("/proc/cpuinfo ")[-1])
    assert flags.value("cpu_has_virt") is True and flags.value("is_guest") is True
    assert flags.value("slat") is None
    assert "nested-not-exposed" not in {
        f.cause for f in rules.evaluate(flags) if f.confidence is Confidence.DECISIVE
    }


def test_editions_listed_together_are_not_this_hosts_edition() -> None:
    # en-562 (cockpit-project/cockpit-machines#851): Windows 10 installed in a KVM guest, "this
    # happens for Windows 10 Home, Education, and Professional"
    facts = question.read(DEV["en-562"].question)
    assert facts.value("windows_edition") is None
    assert "windows-edition-unsupported" not in {f.cause for f in rules.evaluate(facts)}
    assert "kvm" in platforms.mentioned(DEV["en-562"].question)
    # one edition, the host's, also beside the guests it runs
    assert question.read("Windows 10 Home, VirtualBox 7").value("windows_edition") == "home"
    host = question.read("Windows 10 Pro host with a Ubuntu guest")
    assert host.value("windows_edition") == "pro"
    assert question.read("a Windows 11 Pro VM").value("windows_edition") is None


def test_releases_newer_than_a_named_one_failing_is_a_regression() -> None:
    # en-185 (VirtualBox/virtualbox#709): "Virtualbox versions newer than v7.1.10 will not boot
    # VMs"
    facts = question.read(DEV["en-185"].question)
    assert facts.quotes("regression_named") == ("versions newer than v7.1.10 will not",)
    assert "software-defect" in {f.cause for f in rules.evaluate(facts)}
    # a requirement, not a failure
    needs = question.read("VirtualBox versions newer than 7.0 are needed for this guest")
    assert needs.value("regression_named") is None


def test_a_regression_beside_the_windows_hypervisor_is_not_the_clash_alone() -> None:
    # en-185 (VirtualBox/virtualbox#709): 7.1.10 ran beside the Windows hypervisor, later
    # releases do not; the clash is only suggested, the regression leads
    found = _findings("en-185")
    assert found["hypervisor-coexistence"] is Confidence.SUGGESTIVE
    assert found["software-defect"] is Confidence.STRONG
    # the same clash with no regression stays strong (en-089's wording without its update)
    plain = rules.evaluate(question.read("VirtualBox no longer starts VMs while WSL2 is running"))
    assert Confidence.STRONG in {f.confidence for f in plain if f.cause == "hypervisor-coexistence"}


def test_a_guest_with_no_dev_kvm_is_first_a_guest_without_vt_x() -> None:
    # en-589 (foxlet/macOS-Simple-KVM#404): "trying this on a Ubuntu VM ... Could not access KVM
    # kernel module: No such file or directory"
    found = rules.evaluate(gather(DEV["en-589"].question, None).facts)
    assert Confidence.STRONG in {f.confidence for f in found if f.cause == "nested-not-exposed"}
    # inside a container on that VM the container is the other suspect: still only suggested
    boxed = (
        "In a docker container on my Ubuntu VM: Could not access KVM kernel module: No such file"
    )
    found = rules.evaluate(gather(boxed, None).facts)
    assert {f.confidence for f in found if f.cause == "nested-not-exposed"} == {
        Confidence.SUGGESTIVE
    }


def test_an_emulator_that_starts_once_and_then_hangs_points_at_its_snapshot() -> None:
    # en-587 (ruboto/ruboto#747): "it always works the first time. On subsequent times, the
    # emulator most often freezes": Quick Boot resumes every later start from a snapshot
    facts = question.read(DEV["en-587"].question)
    assert facts.quotes("later_starts_fail") == (
        "works the first time. On subsequent times, the emulator most often freezes",
    )
    found = {f.cause: f for f in rules.evaluate(facts)}
    assert found["saved-state-incompatible"].confidence is Confidence.STRONG
    assert found["saved-state-incompatible"].card == "android-emulator-quickboot-snapshot"
    # a Hyper-V VM that worked once and not after the host's restart is not the emulator's
    # snapshot (en-417's words)
    assert "saved-state-incompatible" not in _findings("en-417")
    vm = "The VM works the first time, but on later starts it hangs at the logo"
    assert "saved-state-incompatible" not in {f.cause for f in rules.evaluate(question.read(vm))}


def test_a_misspelt_disabled_still_says_the_windows_hypervisor_is_off() -> None:
    # en-373 (intel/haxm#297): "Hyper-V diabled but still can't download"
    facts = question.read(DEV["en-373"].question)
    assert facts.quotes("windows_hypervisor_on") == ("Hyper-V diabled",)
    assert facts.value("windows_hypervisor_on") is False
    assert _findings("en-373")["hypervisor-coexistence"] is Confidence.UNLIKELY


def test_since_updating_is_after_an_update() -> None:
    # en-600 (canonical/multipass#3678): "Since updating to macOS Sequoia I have been unable to
    # launch multipass"
    assert question.read(DEV["en-600"].question).quotes("after_update") == ("Since updating",)
    assert _findings("en-600")["software-defect"] is Confidence.SUGGESTIVE


@pytest.mark.parametrize(
    ("item", "quote"),
    [
        # podman-desktop#15440: "I recently changed the CPU of my machine, and got now the
        # following error" (WSL's "ensure virtualisation is enabled in the BIOS")
        ("en-599", "changed the CPU"),
        # harvester/harvester#3900: "since i recently performed a bios update"
        ("en-579", "bios update"),
    ],
)
def test_changed_firmware_points_at_firmware_defaults(item: str, quote: str) -> None:
    facts = gather(DEV[item].question, None).facts
    assert facts.quotes("firmware_changed") == (quote,)
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found["firmware-virt-disabled"] is Confidence.STRONG


def test_changed_firmware_does_not_count_in_a_guest_or_against_a_running_hypervisor() -> None:
    guest = "After a BIOS update inside my Ubuntu VM in VirtualBox, KVM does not work"
    found = rules.evaluate(question.read(guest))
    assert "firmware-virt-disabled" not in {f.cause for f in found}
    running = (
        "After a BIOS update VMware will not start.\n"
        "Hyper-V Requirements: A hypervisor has been detected. Features required for Hyper-V "
        "will not be displayed."
    )
    found = rules.evaluate(gather(running, None).facts)
    assert {f.confidence for f in found if f.cause == "firmware-virt-disabled"} == {
        Confidence.UNLIKELY
    }


@pytest.mark.parametrize(
    "text",
    [
        "On my GCE VM, egrep -c '(vmx|svm)' /proc/cpuinfo returns 0 and I can't run KVM",
        "VirtualBox on an Azure VM says VT-x is disabled in the BIOS",
        "My EC2 instance: KVM says the virtualization is disabled in BIOS",
    ],
)
def test_a_cloud_vm_has_no_firmware_switch_of_its_own(text: str) -> None:
    # a cloud VM's virtual firmware shows what the provider passes in: nesting, not a BIOS
    # setting the user can change
    found = rules.evaluate(gather(text, None).facts)
    assert {f.confidence for f in found if f.cause == "firmware-virt-disabled"} == {
        Confidence.UNLIKELY
    }


def test_the_emulator_driver_failing_with_hyper_v_off_points_at_firmware() -> None:
    # en-544 (google/android-emulator-hypervisor-driver#69): "[SC] StartService FAILURE com
    # error 4294967201" on a Ryzen 5 3400G, after "Disabled hyper-v"
    assert _findings("en-544")["firmware-virt-disabled"] is Confidence.STRONG
    # en-278 (google/android-emulator-hypervisor-driver#13): the same failure, nothing said of
    # Hyper-V: no firmware verdict
    assert "firmware-virt-disabled" not in _findings("en-278")


def test_a_spec_list_gives_the_windows_hypervisors_state() -> None:
    # en-233 (google/android-emulator-hypervisor-driver#3): "Hyper-v: Disabled VirtualBox:
    # Enabled"
    assert question.read(DEV["en-233"].question).value("windows_hypervisor_on") is False
    assert question.read("Hyper-V: Enabled").value("windows_hypervisor_on") is True


def test_not_running_on_a_hypervisor_is_no_guest_of_hyper_v() -> None:
    # en-578 (cheat-engine/cheat-engine#3244): "Windows is not running on a hypervisor": neither
    # "hyperv" read out of "hypervisor" nor a guest where the user denies it
    facts = question.read(DEV["en-578"].question)
    assert facts.value("is_guest") is None and facts.value("outer_hypervisor") is None
    assert "nested-not-exposed" not in {f.cause for f in rules.evaluate(facts)}
    assert question.read("Windows 10 running on Hyper-V").value("outer_hypervisor") == "hyper-v"


def test_virtualbox_as_an_ignored_driver_is_not_in_the_picture() -> None:
    # en-113 (kubernetes/minikube#4374): "! Ignoring --vm-driver=virtualbox, as the existing
    # "minikube" VM was created using the hyperv driver": no VirtualBox beside Hyper-V
    facts = question.read(DEV["en-113"].question)
    assert facts.value("third_party_hypervisor") is None
    assert "hypervisor-coexistence" not in {f.cause for f in rules.evaluate(facts)}
    # nor other threads' subject; but the driver the user picks is VirtualBox
    other = question.read("I followed several similar issues for virtualbox like #3826")
    assert other.value("third_party_hypervisor") is None
    picked = question.read("minikube start --vm-driver=virtualbox fails")
    assert picked.value("third_party_hypervisor") == "virtualbox"


def test_extensions_the_user_exposed_make_nesting_not_exposed_unlikely() -> None:
    # en-377 (MicrosoftDocs/azure-stack-docs#2347): "despite having already run
    # `Set-VMProcessor -ExposeVirtualizationExtenstions $true` on my HCI node on the host"
    assert _findings("en-377")["nested-not-exposed"] is Confidence.UNLIKELY
    # the advice to run it is not the state
    advice = question.read("Run Set-VMProcessor -VMName x -ExposeVirtualizationExtensions $true")
    assert advice.value("expose_virtualization_extensions") is None


def test_a_server_os_with_its_version_on_a_hypervisor_is_its_guest() -> None:
    # en-312 (docker/for-win#4470): "Running Windows Server 2019 on VMware 6.7."
    facts = question.read(DEV["en-312"].question)
    assert facts.value("outer_hypervisor") == "vmware"
    assert _findings("en-312")["nested-not-exposed"] is Confidence.STRONG


def test_haxm_on_ryzen_is_decisive_for_the_cpu() -> None:
    # en-047: HAXM setup on an "AMD Ryzen 5 3600x"
    assert _findings("en-047")["cpu-unsupported"] is Confidence.DECISIVE


def test_core2_quad_cannot_offer_ept() -> None:
    # en-008: "Intel core 2 quad Q9400" with VMware's "Virtualized Intel VT-x/EPT" message
    assert _findings("en-008")["cpu-unsupported"] is Confidence.STRONG


def test_every_card_a_rule_names_exists_under_its_cause(kb: object) -> None:
    named = {
        (f.cause, f.card)
        for item in DEV.values()
        for f in rules.evaluate(question.read(item.question))
        if f.card is not None
    }
    assert named  # the development set exercises at least one such rule
    for cause, card in named:
        assert kb.get(card, "en").cause == cause  # type: ignore[attr-defined]


def test_wsl_on_windows_home_is_not_an_edition_problem() -> None:
    # en-242 (microsoft/WSL#8649): "WSL2 and Windows 11 Home (... 0x80370102)"; WSL 2 and the
    # Virtual Machine Platform run on Home, Hyper-V and Windows Sandbox do not
    assert _findings("en-242")["windows-edition-unsupported"] is Confidence.UNLIKELY
    # en-141 (kubernetes/minikube#13919): minikube's Hyper-V driver on Windows 11 Home
    assert _findings("en-141")["windows-edition-unsupported"] is Confidence.STRONG


def test_a_reported_regression_points_at_the_release_not_the_saved_state() -> None:
    # en-249 (VirtualBox/virtualbox#96): "Regression introduced in 7.1.12: exception resuming
    # saved state"; the same saved states resume on 7.1.10
    found = _findings("en-249")
    assert found["software-defect"] is Confidence.STRONG
    assert found["saved-state-incompatible"] is Confidence.SUGGESTIVE
    # en-198's issue template asks "Is it regression? no": no finding
    assert "software-defect" not in _findings("en-198")


def test_a_host_out_of_disk_is_strong_evidence_of_short_resources() -> None:
    # ja-032 (a Zenn note): WSL's Ubuntu stopped starting once "Cドライブが逼迫している"; en-117:
    # "No space left on device"
    assert _findings("ja-032")["insufficient-resources"] is Confidence.STRONG
    assert _findings("en-117")["insufficient-resources"] is Confidence.STRONG


def test_a_vm_that_starts_is_not_a_start_failure() -> None:
    # en-098: "The vm is started but i have a message in the VM ... like if my vm don't find a
    # system disk to boot": the hypervisor did its part
    assert _findings("en-098")["no-fault-found"] is Confidence.STRONG


def test_a_guest_of_vmware_points_at_nesting() -> None:
    # en-031: "I use ubuntu 18.04 in Vmware WorkStation 12. I get "open /dev/kvm: No such file
    # or directory" error": a guest, and KVM wanted inside it (the failed open, as perror or
    # Go print it, says there is no /dev/kvm)
    facts = gather(DEV["en-031"].question, None).facts
    assert facts.value("is_guest") is True
    assert facts.value("outer_hypervisor") == "vmware-workstation"
    assert facts.is_false("dev_kvm_exists")
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found["nested-not-exposed"] is Confidence.STRONG


def test_starting_a_vm_in_vmware_is_not_being_inside_one() -> None:
    # en-192: "the same error when starting a virtual machine in VMWare Workstation" (on Ubuntu
    # Mate, the host); en-102: "trying to install or start Windows 10 in VMware Workstation"
    for item in ("en-192", "en-102"):
        facts = question.read(DEV[item].question)
        assert facts.value("is_guest") is None and facts.value("outer_hypervisor") is None
        assert "nested-not-exposed" not in _findings(item)
    # en-023: "I tried in a Ubuntu 18.04 running in VMWare": the user works inside the guest
    assert question.read(DEV["en-023"].question).value("is_guest") is True


def test_wsl_in_a_virtualbox_vm_points_at_nesting_not_at_a_clash() -> None:
    # microsoft/WSL#5430 (title and a reporter's comment, verbatim): the VirtualBox named is
    # the machine's own host, "VT-x/AMD-V" is VirtualBox's setting, not an AMD processor
    facts = question.read(
        "Error 0x80370102 when running WSL2 in a Win10 VirtualBox VM (macOS Host)\n"
        "I'm running VBox 6.1.14 r150239 on macOS 10.15.7.  I'm running a Windows 10 Enterprise "
        "guest (current verinfo: Version 1909 Build 18363.1139) with VT-x/AMD-V, Nested Paging, "
        "PAE/NX, and Hyper-V Paravirtualization enabled."
    )
    assert facts.value("outer_hypervisor") == "virtualbox"
    assert facts.value("cpu_vendor") is None
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    # the guest's missing VT-x is VirtualBox's doing, not the processor's
    assert found == {
        "nested-not-exposed": Confidence.STRONG,
        "cpu-unsupported": Confidence.UNLIKELY,
    }


def test_wsls_0x80370102_on_an_ec2_instance_points_at_the_instance_type() -> None:
    # microsoft/WSL#8730, verbatim (solved by a metal instance): the bare error code, not WSL's
    # own "WslRegisterDistribution" line, is enough to read HCS_E_HYPERV_NOT_INSTALLED
    evidence = gather(
        "I'm running Windows Server 2022 base with container on AWS EC2 i3 instance.\n"
        "Installed WSL using command `wsl --install` after installation, I've restarted the "
        "system, and I'm getting this error `\"Error: 0x80370102 The virtual machine could not "
        'be started because a required feature is not installed."`',
        None,
    )
    assert evidence.facts.value("hcs_error") == "HCS_E_HYPERV_NOT_INSTALLED"
    found = {f.cause: f.confidence for f in rules.evaluate(evidence.facts)}
    assert found["nested-unsupported-by-platform"] is Confidence.STRONG


def test_hyper_v_components_not_running_in_an_azure_vm_points_at_the_size() -> None:
    # en-236 (docker/for-win#5993, a commenter's own case): the Virtual Machine Management
    # Service's "because one of the Hyper-V components is not running" on a Windows 10 VM in
    # Azure; the fix was a VM size that can nest
    evidence = gather(DEV["en-236"].question, None)
    assert evidence.facts.value("hypervisor_present") is False
    found = {f.cause: f.confidence for f in rules.evaluate(evidence.facts)}
    assert found["nested-unsupported-by-platform"] is Confidence.STRONG


def test_firmware_said_to_be_on_makes_firmware_less_likely() -> None:
    # en-047: "-Virtualization is enabled in the bios"
    assert _findings("en-047")["firmware-virt-disabled"] is Confidence.UNLIKELY


def test_the_seed_question_only_suggests_nesting() -> None:
    found = rules.evaluate(
        question.read(
            "The virtual machine could not be started because nested virtualization is not "
            "supported"
        )
    )
    assert [(f.cause, f.confidence) for f in found] == [
        # the message is about a VM's virtual CPU, so the processor itself is set aside
        ("cpu-unsupported", Confidence.UNLIKELY),
        ("nested-not-exposed", Confidence.SUGGESTIVE),
    ]


def test_inside_a_cloud_vm_the_bios_message_points_at_the_size() -> None:
    # en-081: Hyper-V on an Azure D3_v3 VM "will complain that virtualization is not enabled
    # in the BIOS"; the guest's firmware only reports what Azure passes in, and Azure's hosts
    # have theirs on
    found = _findings("en-081")
    assert found["nested-unsupported-by-platform"] is Confidence.STRONG
    assert found["firmware-virt-disabled"] is Confidence.UNLIKELY


def test_the_kvm_vendor_module_refused_points_at_the_firmware_on_real_hardware() -> None:
    # en-908 (kata-containers/documentation#496): kata-check's "could not insert 'kvm_intel':
    # Operation not supported"; the module exists and was refused for want of usable VT-x, so
    # loading modules is not the fix, and on a machine not known to be a VM the firmware is
    found = {
        f.cause: f.confidence for f in rules.evaluate(gather(DEV["en-908"].question, None).facts)
    }
    assert found["firmware-virt-disabled"] is Confidence.SUGGESTIVE
    assert found["kvm-unavailable"] is Confidence.UNLIKELY
    # en-832 (an EC2 m7i-flex guest): the same message inside a VM is about nesting
    guest = rules.evaluate(gather(DEV["en-832"].question, None).facts)
    assert "firmware-virt-disabled" not in {f.cause for f in guest}


def test_an_azure_size_series_names_an_azure_vm() -> None:
    # en-893 (MicrosoftDocs/azure-docs#92499): "Dasv4-series are not working with nested
    # virtualization"; Azure's documentation names its size families as series
    facts = question.read(DEV["en-893"].question)
    assert facts.value("outer_hypervisor") == "azure"
    assert _findings("en-893")["nested-unsupported-by-platform"] is Confidence.SUGGESTIVE
    # a product's own "v5-series" is not an Azure size
    assert question.read("the v5-series of the product").value("outer_hypervisor") is None


def test_an_azure_vm_alone_only_suggests_the_size() -> None:
    # en-062: nested Hyper-V VMs on Azure that ran before and now do not start
    assert _findings("en-062")["nested-unsupported-by-platform"] is Confidence.SUGGESTIVE


def test_a_message_in_the_guest_does_not_make_the_host_a_guest() -> None:
    # en-098: "i have a message in the VM" is about the guest, not the machine asking
    assert question.read(DEV["en-098"].question).value("is_guest") is None


def test_a_feature_said_to_be_off_only_suggests_it_is_missing() -> None:
    # en-054: "Hyper-V disabled" while Windows says "Feature name Containers-DisposableClientVM
    # is unknown": users switch Hyper-V off on purpose; the unknown feature is what settles it
    assert _findings("en-054")["windows-feature-missing"] is Confidence.SUGGESTIVE


def test_memory_integrity_keeping_the_hypervisor_on_is_the_specific_cause() -> None:
    # en-090: "If Memory integrity is enabled - VirtualBox ... VM can't start"
    found = _findings("en-090")
    assert found["vbs-memory-integrity"] is Confidence.STRONG
    assert found["hypervisor-coexistence"] is Confidence.SUGGESTIVE


# ygoe/HyperVSwitch issue 6 (https://github.com/ygoe/HyperVSwitch/issues/6), the asker's two
# comments: Hyper-V itself is on as well as Memory integrity
HYPERV_AND_HVCI = (
    "It seems like on Windows 11, hypervisorlaunchtype gets ignored and Hyper-V stays on if "
    "memory integrity is enabled. ... VMware runs somewhat poorly when Hyper-V is enabled on "
    "my system."
)


def test_hyperv_itself_on_keeps_coexistence_strong_beside_memory_integrity() -> None:
    found = {f.cause: f.confidence for f in rules.evaluate(question.read(HYPERV_AND_HVCI))}
    assert found["hypervisor-coexistence"] is Confidence.STRONG
    assert found["vbs-memory-integrity"] is Confidence.STRONG


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("Hyper-V disabled. But gives me the error anyways.", "windows_hypervisor_on", False),
        ("Windows 10 Home で Hyper-V を有効にできません", "windows_hypervisor_on", None),
        ("Windows 10 Home で Hyper-V を有効にできません", "windows_edition", "home"),
        # a named Windows update that broke it (en-180, microsoft/WSL#5392; en-155, WSL#9015)
        ("Windows 10 Update KB4557957 breaks WSL2.", "after_update", True),
        ("Error: Element not found after installing KB5018410", "after_update", True),
        # en-221 (flathub/com.visualstudio.code#51): the emulator's list of possible reasons is
        # not a statement that VT is off; VirtualBox's verdict (en-001) is
        (
            "CPU acceleration status: /dev/kvm is not found: VT disabled in BIOS or KVM kernel "
            "module not loaded",
            "firmware_virt_on",
            None,
        ),
        ("VT-x is disabled in the BIOS for all CPU modes", "firmware_virt_on", False),
        # ja-032 (a Zenn note): "前は余裕があったCドライブが逼迫している"
        ("前は余裕があったCドライブが逼迫している。", "short_of_disk", True),
        # en-498 (orbstack/orbstack#2442): ENOSPC's "No space left on device", misremembered
        (
            "a container ... failed because of had no memory left on device.",
            "short_of_disk",
            True,
        ),
        ("out of memory on the device", "short_of_disk", None),
        # ja-049 (a Proxmox note, Sorarinu/blog-hugo): `df -h` shows /run full; a snap's
        # squashfs loop mount is always full and says nothing
        ("tmpfs 3.2G 3.2G 0 100% /run", "short_of_disk", True),
        ("/dev/loop0 56M 56M 0 100% /snap/core18/2128", "short_of_disk", None),
        ("/dev/sda1 98G 52G 41G 56% /", "short_of_disk", None),
        # en-527 (ChrisTitusTech/ArchTitus#302): an OS booting in the VM being started is not a
        # VM inside a VM; Docker inside one is
        ("I was struggling to get ArchTitus to boot in a Proxmox VM", "is_guest", None),
        ("Docker Desktop won't start inside my Windows VM", "is_guest", True),
        # en-522 (microsoft/WSL#11323), a repro step
        (
            "Update from an old WSL version to 2.1.5.0, then starting any of WSL distros will get",
            "after_update",
            True,
        ),
        # en-924 (intel/haxm#439): HAXM's check tool row "Hyper-V disabled    -  No" is a label
        # whose check failed (Hyper-V is on), not the user saying Hyper-V is off; the user's own
        # words keep their reading (en-054, MicrosoftDocs/windows-itpro-docs#11557)
        (DEV["en-924"].question, "windows_hypervisor_on", None),
        (
            "with Virtualization enabled on BIOS and Hyper-V disabled",
            "windows_hypervisor_on",
            False,
        ),
        # en-509 (docker/for-win#10835): "i have Comodo Firewall version 12.2.2.7098"
        ("i have Comodo Firewall version 12.2.2.7098", "antivirus", "comodo"),
        # a Japanese blog (taityo-diary.hatenablog.jp, 2016): "ウィルスバスタークラウド", the
        # common spelling with a small ィ, beside the official ウイルスバスター
        (
            "ウィルスバスタークラウド11とHyper-Vをインストールすると",
            "antivirus",
            "ウィルスバスター",
        ),
        ("ウイルスバスターを入れています", "antivirus", "ウイルスバスター"),
        ("BIOSで仮想化は有効になっているのにVirtualBoxが起動しない", "firmware_virt_on", True),
        ("ＶＴ－ｘ is enabled in the BIOS", "firmware_virt_on", True),
        # en-257 (MicrosoftDocs/WSL#846): every Core 2 predates EPT, the Extreme line too
        ("a machine with a Core 2 Extreme QX9300 on Windows 2004", "cpu_too_old", True),
        ("Docker Desktop on Mac mini M2 in a UTM VM", "is_guest", True),
        # ja-042 (a personal memo, kuenishi.github.com): the title names the user's machine as
        # VirtualBox's host, so the Windows guest is what is being started
        ("Windows on VirtualBox (Arch Linux host)", "is_guest", None),
        ("Windows on VirtualBox (Arch Linux host)", "outer_hypervisor", None),
        ("Docker Desktop on Mac mini M2 in a UTM VM", "windows_hypervisor_on", None),
        ("machineType: e2-standard-2", "cloud_instance", "e2-standard-2"),
        ("on an m5.large instance", "cloud_instance", "m5.large"),
        # en-006: the user blames the setting, so it is on
        ("Due to Core Isolation Memory Integrity setting's use", "vbs_on", True),
        # Docker Desktop's issue template, verbatim (docker/for-win issues 8712, 13015), with
        # answers as filed there ("Yes, VMWare Fusion" in dev en-103, "not sure" in 13015):
        # the answer after the colon counts, the template's own "e.g. on a mac VM" does not;
        # then en-104's "running inside a virtualized VMware Workstation"
        (
            "running inside a virtualized Windows e.g. on a cloud server or on a mac VM: Yes, "
            "VMWare Fusion",
            "is_guest",
            True,
        ),
        (
            "running inside a virtualized Windows e.g. on a cloud server or a VM: No",
            "is_guest",
            False,
        ),
        (
            "running inside a virtualized Windows e.g. on a cloud server or a VM: not sure",
            "is_guest",
            None,
        ),
        # en-405 (microsoft/WSL#12267): the other hypervisor was taken off the machine
        ("2. Uninstalled VirtualBox using Control Panel", "third_party_removed", True),
        (
            "I uninstalled VirtualBox, then reinstalled VirtualBox 7.0",
            "third_party_removed",
            None,
        ),
        # an old Windows as the host, not as the guest being started (en-390, en-169)
        ("My machine is currently running Win 7 Enterprise 64 bits .", "windows_version", "7"),
        ("Windows 8.1 virtual machine this evening", "windows_version", None),
        # ... and the answer names the outer hypervisor (dev en-396, docker/for-win#10162), or
        # says no in its own words (en-232's "Nope")
        (
            "Are you running inside a virtualized Windows e.g. on a cloud server or on a mac VM: "
            "Yes, VMware",
            "outer_hypervisor",
            "vmware",
        ),
        (
            "Are you running inside a virtualized Windows e.g. on a cloud server or on a mac VM: "
            "Nope",
            "is_guest",
            False,
        ),
        (
            "running inside a virtualized VMware Workstation",
            "outer_hypervisor",
            "vmware-workstation",
        ),
        # en-114 / en-091: going back to an older release is the regression's signature
        ("downgrade to the last version of the 4.x series and worked", "after_update", True),
        ("The previous version of VirtualBox did not have this issue", "after_update", True),
        # en-098: the VM starts; what fails is inside it
        ("The vm is started but i have a message in the VM", "vm_runs", True),
        (
            "The virtual machine could not be started because the hypervisor is not running",
            "vm_runs",
            None,
        ),
        # en-073 (docker/for-win#6714): a fix not yet tried is not the machine's state;
        # bcdedit's own output line is
        ("All except one: bcdedit /set hypervisorlaunchtype auto", "windows_hypervisor_on", None),
        # bcdedit's own line, as in fixture bcdedit/windows11-en-hypervisorlaunchtype-auto.txt
        ("hypervisorlaunchtype    Auto", "windows_hypervisor_on", True),
        # kubernetes/minikube#4587, a user's comment, verbatim: a fix the user has run
        (
            "It work for me RUN > CMD > bcdedit /set hypervisorlaunchtype off then reboot host "
            "machine.",
            "hypervisorlaunchtype",
            "off",
        ),
        # en-279 (a blog draft, pwittchen/wittchen.io): the AVD Manager's "/dev/kvm device
        # permission denied", as the author wrote it from the dialog
        (
            "I saw another message... [/dev/kvm device permission denied]",
            "dev_kvm_accessible",
            False,
        ),
        # budtmo/docker-android#369 (issue description, 2023-07-07), the emulator's own line
        (
            "ProbeKVM: This user doesn't have permissions to use KVM (/dev/kvm).",
            "dev_kvm_exists",
            True,
        ),
        # en-102: "with the Hyper-V role enabled"
        ("Windows 10 with the Hyper-V role enabled", "windows_hypervisor_on", True),
    ],
)
def test_statements_users_make(text: str, name: str, value: object) -> None:
    assert question.read(text).value(name) == value


def test_a_statement_and_its_negation_cancel_out() -> None:
    facts = question.read(
        "I enabled Hyper-V, then I disabled Hyper-V again; VirtualBox still fails"
    )
    assert facts.value("windows_hypervisor_on") is None


def test_instance_families_that_cannot_nest() -> None:
    from bot.rules.nested_unsupported_by_platform import instance_nests

    assert instance_nests("m5.large") is False
    assert instance_nests("c8i.2xlarge") is True
    assert instance_nests("m5.metal") is True
    assert instance_nests("n2d-standard-4") is False
    assert instance_nests("n2-standard-8") is None


def test_a_guest_where_virt_host_validate_fails_points_at_nesting() -> None:
    # en-107 (theforeman/forklift#630): "nested provisioning" plus virt-host-validate's
    # "hardware virtualization: FAIL", pasted on one line with the asker's words
    evidence = gather(DEV["en-107"].question, None)
    assert [s.kind for s in evidence.sections] == ["virt_host_validate"]
    assert evidence.facts.value("virt_host_validate_hw") is False
    found = {f.cause: f.confidence for f in rules.evaluate(evidence.facts)}
    assert found["nested-not-exposed"] is Confidence.STRONG


# hashicorp/vagrant#12743, jt0dd's comment of 2022-04-19, verbatim
VAGRANT_12743 = (
    "Haven't confirmed on multiple machines yet, but it looks like disabling Hyper-v may have "
    "solved this."
)


@pytest.mark.parametrize(
    ("text", "helps"),
    [
        # en-092 (BOINC/boinc#4900), verbatim
        (
            "Only after I disabled Hyper-V through bcdedit and then restart can I run lhc@home "
            "again.",
            True,
        ),
        (VAGRANT_12743, True),
        # the same report negated, and in Japanese: a negation must not count
        (VAGRANT_12743.replace("may have solved", "has not solved"), None),
        ("Hyper-Vを無効にしたら解決したようです", True),
        ("Hyper-Vを無効にしても解決しませんでした", None),
        # real posts where Hyper-V is off and it did not help: myspaghetti/macos-virtualbox#440,
        # BOINC/boinc#3184 (both verbatim)
        ("Hyper-V and Windows Sandbox are disabled! Why is this happening?", None),
        (
            "I had to install Hyper-V to do some job, then I uninstalled it. After the uninstall "
            "the VM jobs are crashing.",
            None,
        ),
        # the negations the pattern guards against, on en-092's own words
        ("Only after I disabled Hyper-V through bcdedit it still does not start", None),
        ("Even after I disabled Hyper-V through bcdedit I can't run lhc@home", None),
    ],
)
def test_turning_the_windows_hypervisor_off_helped(text: str, helps: object) -> None:
    assert question.read(text).value("hypervisor_off_helps") == helps


def test_it_working_once_hyperv_is_off_is_coexistence() -> None:
    # en-092: Hyper-V is off now because turning it off is what worked
    assert _findings("en-092")["hypervisor-coexistence"] is Confidence.STRONG


def test_wsl_without_a_hypervisor_beside_an_emulator_that_turns_it_off() -> None:
    # en-139 (microsoft/WSL#11117): HCS_E_HYPERV_NOT_INSTALLED with Virtual Machine Platform
    # and VT on, and "MuMu, which happens to disable Hyper-V"
    found = {
        f.cause: f.confidence for f in rules.evaluate(gather(DEV["en-139"].question, None).facts)
    }
    assert found["hypervisor-not-launched"] is Confidence.STRONG


def test_wsl_without_a_hypervisor_when_both_of_its_suggestions_are_done() -> None:
    # en-242 (microsoft/WSL#8649): 0x80370102 "Please enable the Virtual Machine Platform ...
    # and ensure virtualization is enabled in the BIOS", and "Virtual Machine Platform is
    # enabled, just like virtualization in my BIOS": the launch type is what remains; the same
    # words without WSL's error (ja-004, a Store app) only suggest it
    def found(item: str) -> dict[str, Confidence]:
        facts = gather(DEV[item].question, None).facts
        return {f.cause: f.confidence for f in rules.evaluate(facts)}

    assert found("en-242")["hypervisor-not-launched"] is Confidence.STRONG
    assert found("ja-004")["hypervisor-not-launched"] is Confidence.SUGGESTIVE


def test_a_cloud_vm_said_to_lack_nesting_is_the_cloud_setting() -> None:
    # en-020 (kubevirt/kubevirt#1128): KubeVirt's "'/dev/kvm' not present" on GCE nodes, and
    # "GCE host isn't `nested` enabled by default"; a cloud VM alone only suggests it
    assert _findings("en-020")["cloud-nested-disabled"] is Confidence.STRONG
    for said in (
        "nested virtualization is not enabled on the instance",
        "the VM was created without nested virtualization enabled",
    ):
        assert question.read(said).get("nesting_on").value is False  # type: ignore[union-attr]
    assert question.read("nested virtualization is not supported").get("nesting_on") is None


def test_a_windows_container_with_hyperv_isolation_gets_the_container_card() -> None:
    # en-447 (microsoft/navcontainerhelper#1694): "The virtual machine could not be started
    # because a required feature is not installed" from New-BCContainer on an Azure Server 2019
    # VM, "Using hyperv isolation"; the words alone are read, and process isolation is not
    assert _findings("en-447")["vm-config-incompatible"] is Confidence.DECISIVE
    for said, value in (
        ("docker run --isolation=hyperv mcr.microsoft.com/windows/servercore:ltsc2019", "hyperv"),
        ("New-BcContainer -isolation hyperv", "hyperv"),
        ("docker run --isolation=process", None),
    ):
        fact = question.read(said).get("container_isolation")
        assert (fact.value if fact else None) == value, said


def test_windows_on_a_boot_camp_mac_is_the_firmware_lock() -> None:
    # ja-035 (a Japanese blog post kept in shoya140/shoya.io): "BootcampでWindows8.1を起動する際に
    # Hyper-Vが実行されない": the Mac's firmware leaves VT-x locked off unless macOS restarts
    # into Windows; a course called a bootcamp is not a Mac
    assert _findings("ja-035")["firmware-virt-disabled"] is Confidence.STRONG
    assert question.read("Windows 10 on Boot Camp, MacBook Pro 2015").get("boot_camp")
    assert (
        question.read("I am doing a DevOps bootcamp and my VM will not start").get("boot_camp")
        is None
    )


def test_a_boot_camp_partition_run_as_a_vm_is_not_the_firmware_lock() -> None:
    # en-857 (a personal blog): "When I launch My Boot Camp in Parallels Desktop, it hangs on the
    # black screen": Windows boots as Parallels' guest, so the Mac's lock on VT-x at power-on
    # does not decide it (its master boot record did)
    assert question.read(DEV["en-857"].question).value("boot_camp_as_vm") is True
    assert "firmware-virt-disabled" not in _findings("en-857")
    # Windows started from Boot Camp itself still is the lock
    assert question.read("Windows 10 on Boot Camp, MacBook Pro 2015").get("boot_camp_as_vm") is None


def test_an_ec2_instance_the_user_says_cannot_nest_is_the_instance_type() -> None:
    # en-273 (firecracker-microvm/firecracker-containerd#798): "AWS standard EC2 instances don't
    # support nested virtualization, so we have to use bare metal instances"; WSL's own
    # "Nested virtualization is not supported" is not read as the user's statement
    assert _findings("en-273")["nested-unsupported-by-platform"] is Confidence.STRONG
    assert (
        question.read("Nested virtualization is not supported on this machine.").get(
            "nesting_supported"
        )
        is None
    )


def test_an_emulator_alone_keeps_the_launch_type_rule_quiet() -> None:
    # en-042: an emulator changed settings, but no WSL error says the hypervisor is missing
    assert "hypervisor-not-launched" not in _findings("en-042")


def test_a_hypervisor_left_running_with_hyperv_off_and_credential_guard_named_is_vbs() -> None:
    # en-147 (MicrosoftDocs/windows-itpro-docs#1556): bcdedit "did nothing", VirtualBox says
    # "Raw-mode is unavailable courtesy of Hyper-V", Credential Guard had been enabled
    facts = gather(DEV["en-147"].question, None).facts
    found = {}
    for f in rules.evaluate(facts):
        found.setdefault(f.cause, []).append(f.confidence)
    assert Confidence.STRONG in found["vbs-memory-integrity"]
    assert Confidence.STRONG not in found["hypervisor-coexistence"]


def test_an_ec2_instance_without_kvm_most_likely_cannot_nest() -> None:
    # en-166 (sickcodes/Docker-OSX#68): "SSH'd into my EC2 instance" and QEMU's "Could not
    # access KVM kernel module: No such file or directory"; the instance type is not given
    found = {}
    for f in rules.evaluate(gather(DEV["en-166"].question, None).facts):
        found.setdefault(f.cause, []).append(f.confidence)
    assert Confidence.STRONG in found["nested-unsupported-by-platform"]
    # en-021: Android emulators "on AWS EC2", no KVM failure quoted: only a suggestion
    assert _findings("en-021")["nested-unsupported-by-platform"] is Confidence.SUGGESTIVE


def test_a_japanese_child_vm_of_hyper_v_is_a_guest() -> None:
    # ja-029 (a personal note): "Hyper-V子機で Docker Desktop をインストール後起動した際に…"
    facts = question.read(DEV["ja-029"].question)
    assert facts.value("is_guest") is True
    assert facts.value("outer_hypervisor") == "hyper-v"
    # ja-001 starts a VM "Hyper-Vから": the host's own Hyper-V, not something inside a guest
    assert question.read(DEV["ja-001"].question).value("is_guest") is not True


def test_a_github_hosted_runner_on_m1_is_a_guest_on_apple_silicon() -> None:
    # en-198 (actions/runner-images#9436): "My M1 based Macos 14 Github Runner", from the
    # issue template "Is it regression? no" (a question answered no, not a regression)
    facts = question.read(DEV["en-198"].question)
    assert facts.value("is_guest") is True
    assert facts.value("cpu_vendor") == "apple"
    assert facts.value("after_update") is None
    assert _findings("en-198")["nested-unsupported-by-platform"] is Confidence.STRONG


def test_a_machine_said_not_to_be_a_vm_makes_nesting_unlikely() -> None:
    # en-228 (docker/for-win#6252): "Are you running inside a virtualized Windows e.g. on a cloud
    # server or on a mac VM: No"
    assert _findings("en-228")["nested-not-exposed"] is Confidence.UNLIKELY


def _observed_findings(item_id: str) -> dict[str, set[Confidence]]:
    """The findings from the facts read from the question and the output pasted in it."""
    found: dict[str, set[Confidence]] = {}
    for f in rules.evaluate(gather(DEV[item_id].question, None).facts):
        found.setdefault(f.cause, set()).add(f.confidence)
    return found


def test_haxms_check_on_windows_7_without_sp1_is_an_edition_problem() -> None:
    # en-314 (intel/haxm#368): every check passes but "OS version - Windows 6.1.7600"; the
    # maintainer's Hyper-V advice did not help, Windows 7 SP1 is what HAXM's check wants
    found = _observed_findings("en-314")
    assert Confidence.STRONG in found["windows-edition-unsupported"]
    assert "cpu-unsupported" not in found and "firmware-virt-disabled" not in found


def test_hyper_v_wanted_on_windows_7_is_an_edition_problem() -> None:
    # en-390 (pluralsight/PS-AutoLab-Env#206): a Hyper-V lab on "Win 7 Enterprise 64 bits";
    # Windows 7 has no client Hyper-V, the maintainer's answer was a newer Windows
    found = rules.evaluate(question.read(DEV["en-390"].question))
    edition = [f for f in found if f.cause == "windows-edition-unsupported"]
    assert [(f.confidence, f.card) for f in edition] == [
        (Confidence.STRONG, "windows-too-old-for-hyperv-tools")
    ]
    # en-389 (docker/toolbox#873): Docker Toolbox on Windows 7 runs VirtualBox, not Hyper-V
    assert "windows-edition-unsupported" not in _findings("en-389")


def test_boot2docker_on_docker_machines_hyper_v_driver_is_not_virtualbox() -> None:
    # en-424 (docker/machine#4328): "`boot2docker` - v17.11.0-ce", "Enable hyper-v feature in
    # windows features", "docker-machine create -d hyperv --hyperv-memory 512 vm1": the
    # boot2docker VM is a Hyper-V VM, so Hyper-V on is no clash with VirtualBox
    facts = question.read(DEV["en-424"].question)
    assert facts.value("third_party_hypervisor") is None
    assert "hypervisor-coexistence" not in _findings("en-424")
    # boot2docker without that driver still runs in VirtualBox (en-917)
    assert question.read(DEV["en-917"].question).value("third_party_hypervisor") == "virtualbox"
    # and VirtualBox named outright stays, whatever the driver
    named = "VirtualBox 5.2 is installed; docker-machine create -d hyperv fails"
    assert question.read(named).value("third_party_hypervisor") == "virtualbox"


def test_a_hypervisor_the_user_uninstalled_is_not_a_clash() -> None:
    # en-405 (microsoft/WSL#12267): VirtualBox installed, then uninstalled; Virtual Machine
    # Platform then would not turn on (0x8007371B, a damaged component store)
    assert "hypervisor-coexistence" not in _findings("en-405")


@pytest.mark.parametrize("item", ["en-287", "en-924"])
def test_haxms_check_with_hyper_v_on_blames_the_clash_not_the_cpu(item: str) -> None:
    # en-287 (intel/haxm#409): "Hyper-V disabled - No" and EPT reported missing on an i7-9700;
    # en-924 (intel/haxm#439): VMX and EPT "No" beside it. HAXM's source
    # (CheckTool/feature_detector.cpp) says a running Hyper-V skews those lines, so the CPU is
    # not what they say
    found = _observed_findings(item)
    assert Confidence.STRONG in found["hypervisor-coexistence"]
    assert found["cpu-unsupported"] == {Confidence.UNLIKELY}


def test_an_emulator_that_misses_the_hosts_dev_kvm_points_at_its_sandbox() -> None:
    # en-221 (Dart-Code#1205): "/dev/kvm is not found" from the emulator, while the user's own
    # `ll /dev/kvm` shows the device: the emulator runs where the device is not passed in
    found = [
        f
        for f in rules.evaluate(gather(DEV["en-221"].question, None).facts)
        if f.rule == "the emulator does not see the host's /dev/kvm"
    ]
    assert [(f.cause, f.confidence, f.card) for f in found] == [
        ("kvm-unavailable", Confidence.STRONG, "kvm-hidden-by-flatpak-sandbox")
    ]


def test_a_first_generation_azure_size_is_read_near_azure() -> None:
    # en-328 (kubernetes/minikube#4804): "Azure VM - Ubuntu - NV6" has no _v suffix
    facts = question.read(DEV["en-328"].question)
    assert facts.value("cloud_instance") == "nv6"
    assert _findings("en-328")["nested-unsupported-by-platform"] is Confidence.STRONG
    # a processor model near "Azure" is not a size
    assert question.read("an Azure host with a Xeon E5-2673 v4").get("cloud_instance") is None


def test_haxms_installer_refusal_on_an_amd_cpu_is_the_cpu() -> None:
    # en-338 (intel/haxm#446): the post never says "HAXM", only its installer's "The system
    # requirements are not satisfied", on an "AMD Ryzen"; HAXM supports Intel CPUs only
    assert _findings("en-338")["cpu-unsupported"] is Confidence.DECISIVE


def test_an_installed_kb_and_a_version_change_are_an_update() -> None:
    # en-333 (VirtualBox/virtualbox#360): "I installed Windows update KB5066793 and also updated
    # VirtualBox from 7.2.2 to 7.2.4 ... then after the reboot I was no longer able to run"
    assert question.read(DEV["en-333"].question).value("after_update") is True
    assert question.read("I updated Docker Desktop from 4.30 to 4.31").value("after_update")
    assert question.read("I updated my notes from yesterday").get("after_update") is None


@pytest.mark.parametrize("item", ["en-352", "en-354"])
def test_hyper_v_missing_from_the_features_list_is_a_home_edition(item: str) -> None:
    # en-352 (MicrosoftDocs/xamarin-docs#2248) "Hyper-V is not on windows features"; en-354
    # (QT-DevOps/DevOpsIssues#173) "in add or remove programs hyper-v is not displayed"
    assert _findings(item)["windows-edition-unsupported"] is Confidence.STRONG


def test_hyper_v_named_beside_the_features_list_is_not_its_absence() -> None:
    assert "hyperv_not_listed" not in {
        f.name for f in question.read("I enabled the windows features but hyper-v is not working")
    }


@pytest.mark.parametrize("item", ["en-138", "en-414"])
def test_dockers_bios_message_beside_task_managers_enabled_is_the_launch_type(item: str) -> None:
    # en-138 (docker/for-win#399) and en-414 (docker/for-win#1393): Docker Desktop's "must be
    # enabled in the BIOS" while Task Manager shows "Virtualization: Enabled"; Docker's
    # troubleshooting then names hypervisorlaunchtype
    found = _findings(item)
    assert found["hypervisor-not-launched"] is Confidence.STRONG
    assert found["firmware-virt-disabled"] is Confidence.UNLIKELY


def test_docker_failing_with_feature_and_firmware_said_on_is_the_launch_type() -> None:
    # en-072 (docker/for-win#617): "Hyper-V installed, Virtualization is enabled" and Docker
    # still fails to start: Docker's troubleshooting names Hyper-V not started at Windows
    # startup; the same words beside a Store app (ja-004) only suggest it
    found = _findings("en-072")
    assert found["hypervisor-not-launched"] is Confidence.STRONG
    assert found["windows-feature-missing"] is Confidence.UNLIKELY
    assert _findings("ja-004")["hypervisor-not-launched"] is Confidence.SUGGESTIVE


def test_dockers_bios_message_where_wsl2_runs_is_its_backends_feature() -> None:
    # en-366 (docker/for-win#8464): "I'm using WSL2 successfully" beside Docker's
    # "must be enabled in the BIOS": VT-x and the Windows hypervisor are there, so the firmware
    # and the launch type are set aside and the backend's feature is what is left
    found = _findings("en-366")
    assert found["windows-feature-missing"] is Confidence.STRONG
    assert found["firmware-virt-disabled"] is Confidence.UNLIKELY
    assert found["hypervisor-not-launched"] is Confidence.UNLIKELY


@pytest.mark.parametrize("item", ["en-382", "en-190"])
def test_wsl2_that_once_ran_or_should_run_is_not_wsl2_running(item: str) -> None:
    # en-382 (dockur/windows#778): "I was using WSL 2 successfully before release 3.20"; en-190
    # (microsoft/WSL#9878): "Expected Behavior: WSL everything works fine"
    assert question.read(DEV[item].question).get("wsl2_runs") is None


def test_wsl2_said_to_run_now_is_read_in_both_languages() -> None:
    assert question.read("Expected behavior: WSL2 works fine").get("wsl2_runs") is None
    assert question.read("BTW WSL works fine at the same time").value("wsl2_runs") is True
    assert question.read("WSL2は問題なく動作しています").value("wsl2_runs") is True


def test_host_modules_that_fail_to_build_after_a_kernel_update_are_the_release() -> None:
    # en-157 (VirtualBox/virtualbox#710: "vboxconfig fails to run on kernel 7.1.0", "After
    # my Linux kernel updated"): the release does not support the new kernel yet
    found = rules.evaluate(question.read(DEV["en-157"].question))
    defect = [f for f in found if f.rule == "the hypervisor's host modules fail to build"]
    assert [f.confidence for f in defect] == [Confidence.STRONG]
    assert defect[0].card == "linux-host-modules-fail-on-new-kernel"


@pytest.mark.parametrize("item", ["en-192", "en-276"])
def test_host_modules_built_but_refused_are_not_a_failed_build(item: str) -> None:
    # en-192 (mkubecek/vmware-host-modules#108: "The output was fine with no errors") and en-276
    # (#55 there: "could not insert 'vmmon': Operation not permitted"): Secure Boot refused them
    assert not question.read(DEV[item].question).is_true("host_module_build_failed")


def test_a_build_that_fails_for_want_of_headers_is_not_the_release() -> None:
    assert (
        question.read("vboxconfig failed: kernel headers not found").get("host_module_build_failed")
        is None
    )


def test_kvm_missing_inside_wsl_is_the_windows_release_limit() -> None:
    # en-365 (qword-os/qword#44): "Could not access KVM kernel module: No such file or
    # directory ... I'm using Ubuntu WSL": WSL gives its VM /dev/kvm only on Windows 11
    found = rules.evaluate(gather(DEV["en-365"].question, None).facts)
    assert {f.cause: f.confidence for f in found}[
        "nested-unsupported-by-platform"
    ] is Confidence.STRONG
    # on Windows 11 /dev/kvm missing in WSL is not this limit
    facts = gather(
        "Windows 11: in WSL 2, qemu -enable-kvm says Could not access KVM kernel module: "
        "No such file or directory",
        None,
    ).facts
    assert facts.is_false("dev_kvm_exists")
    assert "nested-unsupported-by-platform" not in {f.cause for f in rules.evaluate(facts)}


def test_task_managers_virtualization_line_is_read() -> None:
    assert question.read("Virtualization: Enabled (from task manager)").value("firmware_virt_on")
    assert question.read("仮想化: 無効").value("firmware_virt_on") is False
    # Docker's BIOS message alone, with virtualization never said to be on, is the firmware's
    facts = question.read(
        "Hardware assisted virtualization and data execution protection must be enabled in the BIOS"
    )
    assert facts.value("docker_virt_check") is False
    assert "hypervisor-not-launched" not in {f.cause for f in rules.evaluate(facts)}


def test_an_arm_guest_on_apple_silicon_is_not_the_architecture() -> None:
    # en-263 (utmapp/UTM#5634): a macOS restore image (IPSW) on an M1 is the Mac's own architecture
    assert _findings("en-263")["cpu-unsupported"] is Confidence.UNLIKELY
    # an x86 guest named beside an Arm one still counts as the x86 case
    facts = question.read("On my M1 Mac, UTM cannot start an x86_64 VM from an arm64 build")
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found["cpu-unsupported"] is Confidence.STRONG


def test_utms_issue_form_is_not_the_users_cpu() -> None:
    # en-302 (utmapp/UTM#5517): the form asks "Mac Chip (Intel, M1, ...)"; the answer is "M2 Max"
    facts = question.read(DEV["en-302"].question)
    assert facts.value("cpu_vendor") == "apple"
    assert facts.get("x86_guest") is None
    assert question.read("Mac Chip (Intel, M1, ...): Intel").value("cpu_vendor") == "intel"


def test_virtualboxs_issue_form_on_an_arm_mac_is_apple_silicon() -> None:
    # en-402 (VirtualBox/virtualbox#679): "Host OS Type macOS ... Host Architecture ARM ... Guest
    # Architecture ARM": an Arm guest on the Mac's own architecture
    facts = question.read(DEV["en-402"].question)
    assert facts.value("cpu_vendor") == "apple"
    assert _findings("en-402")["cpu-unsupported"] is Confidence.UNLIKELY


def test_wsls_no_hypervisor_with_the_feature_said_on_points_at_the_firmware() -> None:
    # en-311 (microsoft/WSL#4120): 0x80370102 after "Reinstalled wsl and virtual machine in
    # Windows features"; of the error's two suggestions the firmware is the one left
    found = rules.evaluate(gather(DEV["en-311"].question, None).facts)
    assert {f.cause: f.confidence for f in found}["firmware-virt-disabled"] is Confidence.STRONG


def test_a_one_line_win32_paste_and_bcdedits_auto_are_read() -> None:
    # en-230 (microsoft/WSL#41635): "HypervisorPresent True VirtualizationFirmwareEnabled True
    # ... bcdedit: hypervisorlaunchtype Auto" on one line
    facts = question.read(DEV["en-230"].question)
    assert facts.value("firmware_virt_on") is True
    evidence = gather(DEV["en-230"].question, None)
    found = {f.cause: f.confidence for f in rules.evaluate(evidence.facts)}
    assert found["firmware-virt-disabled"] is Confidence.UNLIKELY
    assert found["hypervisor-not-launched"] is Confidence.UNLIKELY


def test_a_container_given_dev_kvm_is_not_the_missing_device() -> None:
    # en-464 (matsp/docker-flutter#3): "docker run ... --device /dev/kvm ..." and the emulator
    # still exits; the container has the device, so it is not the container card's case
    assert _findings("en-464")["kvm-unavailable"] is Confidence.UNLIKELY
    given = "the Android emulator in a docker container (docker run -it --device=/dev/kvm)"
    assert question.read(given).value("kvm_device_passed") is True
    # without the flag, the container is the suspect
    found = rules.evaluate(question.read("the Android emulator in a docker container"))
    assert {f.cause: f.confidence for f in found}["kvm-unavailable"] is Confidence.STRONG


def test_a_cpu_without_vt_x_inside_a_vm_is_the_virtual_cpu() -> None:
    # en-094 (WhitewaterFoundry/Pengwin#437): the emulator's "Your CPU does not support
    # required features (VT-x or SVM)" where "Nested VM's should be available"
    found = _findings("en-094")
    assert found["cpu-unsupported"] is Confidence.UNLIKELY
    # HAXM on an AMD CPU stays the CPU's, in a VM or not
    facts = question.read("HAXM on my AMD Ryzen, inside a nested VM")
    assert {f.cause: f.confidence for f in rules.evaluate(facts)}["cpu-unsupported"] is (
        Confidence.DECISIVE
    )


def test_ubuntus_release_named_vagrant_boxes_are_x86_guests() -> None:
    # en-466: "vagrant init sylabs/singularity-3.5-ubuntu-bionic64" on a "Macbook Pro M1"
    assert _findings("en-466")["cpu-unsupported"] is Confidence.STRONG
    assert question.read("vagrant init ubuntu/jammy64").is_true("x86_guest")
    assert question.read("vagrant init ubuntu/jammy").get("x86_guest") is None


def test_a_guest_the_user_looks_at_is_not_the_users_own_machine() -> None:
    # en-497 (hatching/vmcloak#142): "when I look at the VM in Virtualbox its showing the above
    # message": the VM is VirtualBox's guest; the user sits on its host
    facts = question.read(DEV["en-497"].question)
    assert facts.get("is_guest") is None and facts.get("outer_hypervisor") is None
    assert question.read("I run Docker in a VM in VirtualBox").is_true("is_guest")


def test_a_device_given_to_a_vm_on_its_host_is_not_the_users_own_machine() -> None:
    # en-859 (Stephen Wagner's vGPU post): "attaching an NVIDIA vGPU to a Virtual Machine on
    # VMware ESXi that has more than 16GB of Video Memory": the admin configures the VM from the
    # host, not from inside it
    facts = question.read(DEV["en-859"].question)
    assert facts.get("is_guest") is None and facts.get("outer_hypervisor") is None
    assert question.read("I passed the GPU through to a VM on Proxmox").get("is_guest") is None
    # a user who works in such a VM still does
    facts = question.read("I attached a USB stick, and WSL fails in my virtual machine on ESXi")
    assert facts.is_true("is_guest") and facts.value("outer_hypervisor") == "esxi"


def test_virtualization_capabilities_said_on_in_the_bios_is_read() -> None:
    # en-205 (microsoft/Windows-Sandbox#15): "I've already enabled Virtualization capabilities in the
    # BIOS, but it still prompts me to do it"
    assert question.read(DEV["en-205"].question).is_true("firmware_virt_on")
    assert _findings("en-205")["firmware-virt-disabled"] is Confidence.UNLIKELY


def test_virtualbox_on_linux_from_6_12_is_the_kvm_module_holding_vt_x() -> None:
    # en-399 (VirtualBox/virtualbox#181): "Kernel: 6.12.41+deb13-amd64" and a Guru Meditation; from
    # 6.12 a loaded kvm_amd holds AMD-V. Not before 6.12, not for a module that failed to build
    # (en-157: "vboxconfig fails to run on kernel 7.1.0"), not for WSL's own kernel
    assert _findings("en-399")["hypervisor-coexistence"] is Confidence.STRONG
    found = rules.evaluate(question.read(DEV["en-399"].question))
    # the card for VirtualBox refused by KVM, not the one for QEMU refused by VirtualBox
    assert {f.card for f in found if f.cause == "hypervisor-coexistence"} == {
        "linux-virtualbox-vs-kvm"
    }
    assert "hypervisor-coexistence" not in _findings("en-157")
    for text in (
        "VirtualBox VMs fail with Guru Meditation. Kernel: 6.11.9",
        "WSL 2 Kernel Version 6.12.1 and VirtualBox will not start a VM",
    ):
        found = rules.evaluate(question.read(text))
        assert all(f.cause != "hypervisor-coexistence" for f in found), text


def test_an_older_release_put_back_that_works_is_a_regression() -> None:
    # en-378 (VirtualBox/virtualbox#642): "I uninstalled 7.2.8 and reinstalled 7.2.6a and the
    # virtual machine booted without any problems"; a reinstall of the same release is not
    assert _findings("en-378")["software-defect"] is Confidence.STRONG
    assert not question.read("I reinstalled VirtualBox and it still fails").is_true(
        "regression_named"
    )


def test_docker_desktop_on_its_wsl_2_backend_runs_on_home() -> None:
    # en-509 (docker/for-win#10835): "Windows 10 Home 2004 ... WSL2 or Hyper-V backend? WSL2";
    # en-508 (docker/for-win#6859): "Failed to deploy distro docker-desktop" on Windows 10 Home.
    # The form's question names Hyper-V without using it; WSL 2 and its backend run on Home
    facts = question.read(DEV["en-509"].question)
    assert facts.get("uses_hyperv") is None and facts.is_true("uses_wsl")
    assert question.read(DEV["en-508"].question).is_true("uses_wsl")
    # en-864 (docker/for-win#10061) writes the edition short: "Windows Version: WIN 10 Home 20H2"
    assert question.read(DEV["en-864"].question).value("windows_edition") == "home"
    for item in ("en-508", "en-509", "en-864"):
        assert _findings(item)["windows-edition-unsupported"] is Confidence.UNLIKELY
    # en-414 (docker/for-win#1393): "Win 10 Pro (1703 build 15063.726)"
    assert question.read(DEV["en-414"].question).value("windows_edition") == "pro"


@pytest.mark.parametrize(
    ("item", "quote"),
    [
        # canonical/multipass#3091: "Instance stopped while starting" on macOS 13.3.1, with the
        # issue form's "`multipass get local.driver`: hyperkit"
        ("en-607", "local.driver`: hyperkit"),
        # canonical/multipass#3080: HyperKit's own log lines
        ("en-223", "vmx_set_ctlreg"),
    ],
)
def test_a_vm_on_hyperkit_is_the_retired_driver(item: str, quote: str) -> None:
    facts = question.read(DEV[item].question)
    assert quote in facts.quotes("hyperkit_driver")
    found = [f for f in rules.evaluate(facts) if f.cause == "software-defect"]
    assert [(f.confidence, f.card) for f in found] == [
        (Confidence.STRONG, "hyperkit-driver-macos-retired")
    ]


def test_docker_desktops_hyperkit_process_and_the_qemu_fix_are_not_the_driver() -> None:
    # docker/for-mac (en-220): "com.docker.osx.hyperkit.linux failed to start" names Docker
    # Desktop's process, not a driver setting; the fix's own command names QEMU
    assert not question.read(DEV["en-220"].question).is_true("hyperkit_driver")
    assert not question.read("I ran multipass set local.driver=qemu").is_true("hyperkit_driver")


@pytest.mark.parametrize(
    ("item", "quote"),
    [
        # microsoft/WSL#6937: "Running on VMware Workstation 16.1.1, Nested Virtualization
        # Enabled"; a later Insider build fixed it
        ("en-547", "Nested Virtualization Enabled"),
        # GNS3/gns3-gui#1767: "I enabled vhv.enable =TRUE on ESXI" (the host CPU has no EPT)
        ("en-609", "vhv.enable =TRUE"),
    ],
)
def test_a_guest_whose_user_says_nesting_is_on_is_not_hidden_vt_x(item: str, quote: str) -> None:
    facts = question.read(DEV[item].question)
    assert facts.quotes("nesting_on") == (quote,)
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found.get("nested-not-exposed", Confidence.UNLIKELY) is Confidence.UNLIKELY


@pytest.mark.parametrize(
    "text",
    [
        "I run Ubuntu in VMware Workstation without nested virtualization enabled",
        "I have not enabled nested virtualization on the Ubuntu VM in VirtualBox",
        "Nested virtualization is not enabled for my Debian VM on KVM",
    ],
)
def test_nesting_said_off_or_not_yet_on_is_not_nesting_on(text: str) -> None:
    facts = question.read(text)
    assert not facts.is_true("nesting_on")
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found["nested-not-exposed"] is Confidence.STRONG


def test_hyper_v_said_fully_installed_beside_wsls_no_hypervisor_error_is_the_firmware() -> None:
    # anthropics/claude-code#34323 (en-619): Cowork's HRESULT 0x80370102 "despite Hyper-V being
    # fully installed and configured"; VT-x was off in the BIOS
    facts = gather(DEV["en-619"].question, None).facts
    assert facts.quotes("windows_feature_on") == ("Hyper-V being fully installed",)
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found["firmware-virt-disabled"] is Confidence.STRONG


@pytest.mark.parametrize(
    ("item_id", "quote"),
    [
        # MustardChef/WSABuilds#31: "even though it's enabled in both BIOS and Windows"
        ("en-423", "enabled in both BIOS and Windows"),
        # MicrosoftDocs/WSL#652: "even though i have virtualization enabled in both windows
        # and bios", beside WSL's own request to enable both
        ("en-477", "enabled in both windows and bios"),
    ],
)
def test_virtualization_said_on_in_both_bios_and_windows_is_both_settings_on(
    item_id: str, quote: str
) -> None:
    facts = question.read(DEV[item_id].question)
    assert facts.is_true("firmware_virt_on") and facts.is_true("windows_feature_on")
    assert quote in facts.quotes("windows_feature_on")
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found["firmware-virt-disabled"] is Confidence.UNLIKELY
    assert found["windows-feature-missing"] is Confidence.UNLIKELY


def test_a_check_that_shows_the_feature_enabled_is_the_feature_on() -> None:
    # podman-desktop/podman-desktop#10462 (en-598): "The WMI check for the VirtualMachinePlatform
    # shows it's enabled"
    facts = question.read(DEV["en-598"].question)
    assert facts.quotes("windows_feature_on") == ("VirtualMachinePlatform shows it's enabled",)
    assert not question.read("Please enable VirtualMachinePlatform").is_true("windows_feature_on")
    assert question.read("VirtualMachinePlatform is disabled").is_false("windows_feature_on")


def test_the_wsl_kernel_package_keeps_its_card_though_the_features_are_on() -> None:
    # microsoft/WSL#5509 (en-178): "When I install wsl_x64_update.msi. the dialog below showed.
    # But I already turn on wsl and virtual platform feature in Control Panel"
    facts = question.read(DEV["en-178"].question)
    assert facts.quotes("windows_feature_on") == (
        "already turn on wsl and virtual platform feature in Control Panel",
    )
    assert facts.quotes("wsl_kernel_package") == ("wsl_x64_update.msi",)
    found = [f for f in rules.evaluate(facts) if f.cause == "windows-feature-missing"]
    assert [(f.confidence, f.card) for f in found] == [
        (Confidence.SUGGESTIVE, "wsl2-kernel-component-outdated")
    ]
    # the features said on, with no word of the kernel, still make the cause unlikely
    on = question.read("I already turn on the Virtual Machine Platform in Control Panel")
    assert {f.confidence for f in rules.evaluate(on) if f.cause == "windows-feature-missing"} == {
        Confidence.UNLIKELY
    }
    # advice to turn it on is not the user saying it is on
    assert not question.read("Turn on Hyper-V in Control Panel").is_true("windows_feature_on")
    assert question.read("installed wsl_update_x64.msi").is_true("wsl_kernel_package")


def test_a_tools_missing_vt_x_is_not_the_user_saying_it_is_on() -> None:
    # docker/machine#4669 (en-629): "This computer doesn't have VT-X/AMD-v enabled. Enabling it
    # in the BIOS is mandatory" is docker-machine's check failing, not "AMD-v enabled"
    facts = question.read(DEV["en-629"].question)
    assert not facts.is_true("firmware_virt_on")
    assert facts.quotes("vtx_check_failed") == ("doesn't have VT-X/AMD-v enabled",)
    assert question.read("AMD-V is enabled in the BIOS").is_true("firmware_virt_on")


def test_a_guest_whose_tool_finds_no_vt_x_has_it_hidden_by_its_host() -> None:
    # moby/moby#27787 (en-632): "I am using VDI ... This computer doesn't have VT-X/AMD-v
    # enabled"; the maintainer: not a supported setup, use a Linux VM or a dedicated machine
    found = {f.cause: f.confidence for f in rules.evaluate(question.read(DEV["en-632"].question))}
    assert found["nested-not-exposed"] is Confidence.STRONG
    # on a PC that is not said to be a guest, the same message is no evidence of nesting
    pc = question.read(DEV["en-629"].question)
    assert "nested-not-exposed" not in {f.cause for f in rules.evaluate(pc)}


def test_a_guest_of_a_hyper_v_host_before_2016_cannot_be_given_vt_x() -> None:
    # docker/machine#4271 (en-630): a CentOS guest "running on host with windows 2012 and
    # Hyper-v"; Hyper-V passes VT-x to guests only from Windows Server 2016 / Windows 10
    facts = question.read(DEV["en-630"].question)
    assert facts.value("outer_hypervisor") == "hyper-v"
    assert facts.quotes("hyperv_host_release") == ("host with windows 2012 and Hyper-v",)
    found = {f.cause: f for f in rules.evaluate(facts)}
    assert found["nested-unsupported-by-platform"].confidence is Confidence.STRONG
    assert found["nested-unsupported-by-platform"].card == "hyperv-host-before-2016-no-nesting"
    # there is no setting to expose: the Hyper-V nesting card's fix does not apply
    assert found["nested-not-exposed"].confidence is Confidence.UNLIKELY
    # a host that can nest, or a user on the host itself, is no such evidence
    for text in (
        "This server is running on host with Windows Server 2019 and Hyper-V",
        "My VM on our Windows Server 2012 R2 Hyper-V host will not start",
    ):
        causes = {f.cause for f in rules.evaluate(question.read(text))}
        assert "nested-unsupported-by-platform" not in causes, text


def test_gnomes_low_disk_warning_is_a_full_host_disk() -> None:
    # Scifabric/pybossa#1913 (en-646): the Vagrant VM paused while 'The volume "Filesystem root"
    # has only 136.0 MB disk space remaining'; moving VirtualBox's machine folder was the fix
    facts = question.read(DEV["en-646"].question)
    assert facts.quotes("short_of_disk") == ("has only 136.0 MB disk space remaining",)
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found["insufficient-resources"] is Confidence.STRONG
    low = question.read("my VM won't start, the host is low on disk space")
    assert low.is_true("short_of_disk")


def test_advice_to_turn_hyper_v_off_is_not_the_user_saying_it_is_off() -> None:
    # maierfelix/POGOserver#227 (en-651): "google told me to disable hyper-v to make it work. but
    # thats no option for me (because docker needs it to run)": Hyper-V is on
    facts = question.read(DEV["en-651"].question)
    assert not facts.is_false("windows_hypervisor_on")
    # the user's own statement still reads
    assert question.read("I disabled Hyper-V and it still fails").is_false("windows_hypervisor_on")


def test_a_tools_examples_of_what_to_check_are_not_this_machines_set_up() -> None:
    # en-009 quotes a VirtualBox wrapper script: "Check that software such as Hyper-V, Windows
    # Sandbox, WSL2, memory integrity protection, and other Windows features that lock
    # virtualization are turned off." The user then says "Hyper-V and Windows Sandbox are
    # disabled!"; the maintainer's bcdedit hypervisorlaunchtype off fixed it
    facts = question.read(DEV["en-009"].question)
    for name in ("vbs_mentioned", "uses_wsl"):
        assert facts.value(name) is None, name
    assert facts.is_false("windows_hypervisor_on")
    # the user naming what runs still reads
    mine = question.read("I have software such as WSL2 and memory integrity turned on")
    assert mine.is_true("uses_wsl") and mine.is_true("vbs_mentioned")


def test_vmware_modules_failing_to_compile_after_a_kernel_update_is_the_release() -> None:
    # aidan-law.com blog (en-654): "I updated my laptop to Linux Kernel 4.6 ... it's failing on
    # compiling two specific modules"; the author patched the module sources
    facts = question.read(DEV["en-654"].question)
    assert facts.quotes("host_module_build_failed") == (
        "failing on compiling two specific modules",
    )
    assert facts.quotes("after_update") == ("updated my laptop to Linux Kernel",)
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found["software-defect"] is Confidence.STRONG


def test_a_hypervisor_os_run_as_a_vm_is_a_guest_of_the_hypervisor_named() -> None:
    # QubesOS/qubes-issues#2981 (en-672): qvm-start fails with "could not find capabilities for
    # arch=x86_64"; "I run Qubes as a VM (VMware)": VMware does not pass VT-x in by default
    facts = question.read(DEV["en-672"].question)
    assert facts.is_true("is_guest")
    assert facts.value("outer_hypervisor") == "vmware"
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found["nested-not-exposed"] is Confidence.STRONG
    # the same OS on bare metal is no guest
    assert not question.read("I run Proxmox on bare metal").is_true("is_guest")


def test_kvm_ok_quoted_in_a_sentence_is_read_and_clears_the_outer_hypervisor() -> None:
    # vdsm/virtual-dsm#788 (en-708): a container in an Ubuntu VM on Proxmox says "KVM
    # acceleration not available (device file missing)", while "sudo kvm-ok ... tells me: INFO:
    # /dev/kvm exists KVM acceleration can be used": the VM has KVM, the container was not given it
    facts = gather(DEV["en-708"].question, None).facts
    assert facts.is_true("kvm_ok_usable") and facts.is_true("dev_kvm_exists")
    assert facts.quotes("kvm_ok_usable") == ("KVM acceleration can be used",)
    assert facts.is_true("in_container")  # "installing vDSM on Portainer"
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found["nested-not-exposed"] is Confidence.UNLIKELY
    assert found["kvm-unavailable"] is Confidence.SUGGESTIVE
    # kvm-ok's own failing verdict, in a sentence, is read too, and both its lines count
    said = gather(
        "kvm-ok says INFO: /dev/kvm does not exist KVM acceleration can NOT be used", None
    )
    assert said.facts.is_false("kvm_ok_usable") and said.facts.is_false("dev_kvm_exists")
    # a question about kvm-ok that quotes none of its messages is no output
    assert not gather("what does kvm-ok check?", None).facts.is_true("kvm_ok_usable")


def test_an_instruction_to_enable_virtualization_is_not_its_state() -> None:
    # kernalix7/winpodx#220 (en-706): the installer's "[warn] /dev/kvm not found (KVM required for
    # Windows container) [warn] Enable virtualization in BIOS" tells the user what to do; the
    # maintainer found VT-x off in the BIOS
    assert question.read(DEV["en-706"].question).get("firmware_virt_on") is None
    assert question.read("I enable virtualization in BIOS but it still fails").is_true(
        "firmware_virt_on"
    )
    assert question.read("I enabled VT-x in the BIOS").is_true("firmware_virt_on")


def test_vms_that_stopped_when_a_windows_hypervisor_feature_came_are_another_hypervisors() -> None:
    # microsoft/WSL#6213 (en-701): "After installing WSL and WSL2 my virtual machines stopped
    # working": WSL 2 does not stop Hyper-V's own VMs, so these belong to another hypervisor
    facts = question.read(DEV["en-701"].question)
    assert facts.quotes("vms_broke_with_win_hv") == (
        "After installing WSL and WSL2 my virtual machines stopped",
    )
    found = {f.cause: f.confidence for f in rules.evaluate(facts)}
    assert found["hypervisor-coexistence"] is Confidence.STRONG
    # VMs that fail for another reason, or a feature that did not arrive, say nothing of it
    for other in (
        "My virtual machines stopped working after a Windows update",
        "Before installing WSL2 my virtual machines worked",
        "After installing WSL2 my distro won't start",
    ):
        assert question.read(other).get("vms_broke_with_win_hv") is None, other


@pytest.mark.parametrize(
    ("item_id", "quote", "not_a_regression"),
    [
        # bacongravy/macinbox#49 (en-695): "if I use Parallels Desktop 15.1.2 to create a box,
        # then the created box fails to boot. When Parallels Desktop 15.0.0 is used to generate
        # the box then it works fine"; Parallels 15.1.3 fixed it. A version that works with no
        # release named beside it, or one that does not, says nothing
        (
            "en-695",
            "When Parallels Desktop 15.0.0 is used to generate the box then it works fine",
            (
                "It works fine when I give the VM 4096 MB of memory",
                "With VirtualBox 7.0.14 it does not work fine either",
            ),
        ),
        # VirtualBox/virtualbox#19 (en-808): "When reverting back to 7.1.6 build
        # (7.1.6-167084-Win), there was no issue"; the build's own dots do not end the
        # sentence. The older release put back that still fails says nothing (constructed)
        (
            "en-808",
            "reverting back to 7.1.6 build (7.1.6-167084-Win), there was no issue",
            (
                "I downgraded to 7.2.4. Still does not work",
                "I reinstalled 7.2.6 but it doesn't work",
            ),
        ),
    ],
)
def test_another_named_release_that_works_is_a_regression(
    item_id: str, quote: str, not_a_regression: tuple[str, ...]
) -> None:
    facts = question.read(DEV[item_id].question)
    assert facts.quotes("regression_named") == (quote,)
    assert _findings(item_id)["software-defect"] is Confidence.STRONG
    for other in not_a_regression:
        assert question.read(other).get("regression_named") is None, other


def test_where_the_failure_happens_is_the_vm_being_started_not_the_users_machine() -> None:
    # VirtualBox/virtualbox#799 (en-733): "This happens identically on a fresh VM (no OS
    # installed) and on an existing VM with Windows already installed": the VMs that hang
    facts = question.read(DEV["en-733"].question)
    assert facts.get("is_guest") is None
    assert "nested-not-exposed" not in _findings("en-733")
    # the user's own machine in a VM still is
    assert question.read("Docker fails to start inside my Ubuntu VM").is_true("is_guest")
    assert question.read("It happens when I run Docker inside my VM").is_true("is_guest")


def test_an_arm64_ci_runner_without_kvm_cannot_nest() -> None:
    # en-786 (actions/runner-images#14062): a job "runs-on: ubuntu-24.04-arm" passes
    # --device=/dev/kvm and QEMU says "Could not access KVM kernel module: No such file or
    # directory": a hosted runner is a cloud VM, and Arm VMs there offer no nesting
    facts = gather(DEV["en-786"].question, None).facts
    assert facts.value("is_guest") is True and facts.value("arm_guest") is True
    found = _observed_findings("en-786")
    assert Confidence.STRONG in found["nested-unsupported-by-platform"]
    # nothing the user could switch on in the outer hypervisor: only a suggestion of that
    assert found["nested-not-exposed"] == {Confidence.SUGGESTIVE}
    # a self-hosted runner's labels say nothing of where it runs
    assert question.read("runs-on: [self-hosted, linux, ARM64]").value("is_guest") is None
    assert question.read("runs-on: ubuntu-latest").value("is_guest") is True


def test_the_amd_check_of_docker_machine_0_16_1_is_the_release_not_the_machine() -> None:
    # docker/machine#4669 (en-629): Docker Toolbox v18.09.2 with docker-machine v0.16.1 on an
    # AMD FX-8300 fails the pre-create check; the check itself missed SVM (docker/machine#4679)
    found = _findings("en-629")
    assert found["software-defect"] is Confidence.STRONG
    # Docker Toolbox v18.09.1 ships docker-machine 0.16.1 too (its release notes)
    assert question.read("Docker Toolbox 18.09.1").is_true("amd_vtx_check_bug_release")
    # the same message from a current release, or on an Intel CPU, is not this bug
    current = question.read(
        "minikube v1.25.2 on an AMD Ryzen 5: This computer doesn't have VT-X/AMD-v enabled"
    )
    intel = question.read(
        "docker-machine version 0.16.1 on a Core i7: This computer doesn't have VT-X/AMD-v enabled"
    )
    for facts in (current, intel):
        assert "software-defect" not in {f.cause for f in rules.evaluate(facts)}


def test_a_tool_run_inside_most_vms_is_run_in_a_guest() -> None:
    # hashbang/airgap#3 (en-909): "[qemu fails to start with `accel=kvm` when run inside most
    # VMs]" and no /dev/kvm: a guest whose outer hypervisor does not pass VT-x in
    facts = question.read(DEV["en-909"].question)
    assert facts.quotes("is_guest") == ("run inside most VMs",)
    # with QEMU's "Could not access KVM kernel module: No such file or directory" read too
    found = rules.evaluate(gather(DEV["en-909"].question, None).facts)
    assert Confidence.STRONG in {f.confidence for f in found if f.cause == "nested-not-exposed"}
    # kubevirt/kubevirt#10851 (en-842): "a k8s cluster itself set up by VMs as nodes"
    assert question.read("a k8s cluster itself set up by VMs as nodes").is_true("is_guest")
    # VMs the user runs are not the machine they run on
    assert not question.read("QEMU fails when I start VMs on my laptop").is_true("is_guest")


def test_kubevirts_missing_kvm_resource_on_vm_nodes_is_nesting_not_exposed() -> None:
    # kubevirt/kubevirt#10851 (en-842): "0/2 nodes are available: 1 Insufficient memory, 2
    # Insufficient devices.kubevirt.io/kvm" on "a k8s cluster itself set up by VMs as nodes";
    # the asker's virt-host-validate then found no hardware virtualization on the nodes
    facts = question.read(DEV["en-842"].question)
    assert facts.is_false("dev_kvm_exists")
    assert facts.quotes("dev_kvm_exists") == ("Insufficient devices.kubevirt.io/kvm",)
    assert _findings("en-842")["nested-not-exposed"] is Confidence.STRONG
    # the same verdict on a cluster whose nodes nobody says are VMs (harvester/harvester#3415, en-454)
    # is no /dev/kvm, not yet a guest
    assert "nested-not-exposed" not in _findings("en-454")


def test_a_package_upgrade_before_the_failure_is_an_update() -> None:
    # en-837: "The recent libasan8 dependency suddenly crashes QEMU after I did an `apt update
    # && apt upgrade`. Prior to this, everything was working as expected."
    assert question.read(DEV["en-837"].question).quotes("after_update") == (
        "after I did an `apt update",
    )
    assert question.read("it broke after we ran sudo pacman -Syu").is_true("after_update")
    # an update the user plans is not one that happened
    assert not question.read("I will update after I get it working").is_true("after_update")


def test_installing_hyper_v_in_a_vms_windows_on_esxi_is_a_guest_without_vt_x() -> None:
    # ja-053 (a Japanese Windows Server note): "仮想マシンのWindows Server 2016で役割と機能の追加から
    # Hyper-Vをインストールしようとすると ... インストールできません ... 仮想化基盤：VMware ESXi 6.5";
    # vhv.enable = "TRUE" on the VM was the fix
    facts = question.read(DEV["ja-053"].question)
    assert facts.is_true("is_guest")
    assert facts.value("outer_hypervisor") == "vmware-esxi"
    # trying to install Hyper-V is not Hyper-V running
    assert facts.value("windows_hypervisor_on") is None
    assert question.read("Hyper-Vをインストールして有効にしました").is_true("windows_hypervisor_on")
    # the VM's own Windows failing to boot is the VM, not a hypervisor inside it
    assert not question.read("仮想マシンのWindows 10が起動しません").is_true("is_guest")


def test_virtualbox_finding_no_hypervisor_partition_rules_out_a_windows_hypervisor_clash() -> None:
    # canonical/multipass#1492 (en-183): "VBoxManage.exe: error: Not in a hypervisor partition
    # (HVP=0) (VERR_NEM_NOT_AVAILABLE)" beside VirtualBox's VT-x error: Windows runs on no
    # hypervisor, so none holds VT-x beside VirtualBox (the pasted lines are read as VirtualBox's
    # output, as the pipeline reads them)
    found = rules.evaluate(gather(DEV["en-183"].question, None).facts)
    assert {f.cause: f.confidence for f in found}["hypervisor-coexistence"] is Confidence.UNLIKELY


@pytest.mark.parametrize(
    "title",
    [
        # home-assistant/operating-system#1939
        "VM on proxmox fails to start after 8.1 upgrade",
        # frappe/erpnext#22207
        "Can't get ubuntu to start in VirtualBox",
        # constructed: the symptom before the failure
        "my Windows 11 VM in VirtualBox shows a black screen and doesn't boot",
        "My VM on ESXi 7 won't power on",
    ],
)
def test_the_vm_that_fails_to_start_is_not_the_users_machine(title: str) -> None:
    # the guest named is the VM being started; the user sits on its host and nothing is nested
    facts = question.read(title)
    assert facts.value("is_guest") is None and facts.value("outer_hypervisor") is None
    assert "nested-not-exposed" not in {f.cause for f in rules.evaluate(facts)}


@pytest.mark.parametrize(
    "text",
    [
        # the boundary of the rule above, in constructed sentences: the failing thing is
        # software inside the guest, so the guest phrase is not the failure's subject
        "Docker Desktop in my Windows VM on ESXi won't start",
        "Ubuntu VM on VMware: KVM won't start",
        "Ubuntu VM on VMware where KVM won't start",
        "My Ubuntu VM on VMware won't start Docker",
        "My Windows Server 2019 VM in Azure can't run Hyper-V",
    ],
)
def test_software_failing_inside_a_guest_still_runs_in_a_guest(text: str) -> None:
    facts = question.read(text)
    assert facts.value("is_guest") is True
    assert facts.value("outer_hypervisor") in ("esxi", "vmware", "azure")


def test_a_cloud_vms_size_says_nothing_of_nesting_when_nothing_runs_inside_it() -> None:
    # Azure's allocation error (Microsoft Learn, "Troubleshoot allocation failures when you
    # create, restart, or resize VMs in Azure") with the size named: the VM itself cannot be
    # placed, and no nesting limit stops a VM from starting
    text = (
        "Starting my Standard_D4s_v5 VM fails: Allocation failed. We do not have sufficient "
        "capacity for the requested VM size in this region."
    )
    facts = question.read(text)
    assert facts.value("outer_hypervisor") == "azure" and facts.value("cloud_instance")
    assert "nested-unsupported-by-platform" not in {f.cause for f in rules.evaluate(facts)}
    # the same size with WSL inside it is a question about nesting
    inside = question.read("WSL2 won't start on my Azure Standard_D4s_v5 VM")
    assert {f.cause: f.confidence for f in rules.evaluate(inside)}[
        "nested-unsupported-by-platform"
    ] is Confidence.STRONG


def test_a_cloud_vm_has_no_hidden_vt_x_setting_of_the_users() -> None:
    # Hyper-V inside an Azure VM: the size and security type decide whether it nests (Microsoft
    # Learn, "Nested virtualization"), not a setting on an outer Hyper-V the user manages
    found = rules.evaluate(question.read("My Windows Server 2019 VM in Azure can't run Hyper-V"))
    by_cause = {f.cause: f.confidence for f in found}
    assert by_cause["nested-not-exposed"] is Confidence.UNLIKELY
    assert by_cause["nested-unsupported-by-platform"] is not Confidence.UNLIKELY


def test_azure_stack_and_a_denied_cloud_are_no_cloud_vm() -> None:
    # en-641: "We are not on Azure, build server is local" (a Windows Server VM on vSphere);
    # en-835: "Azure Stack VMs in nested virtualization" (Hyper-V in the user's datacenter)
    for item_id in ("en-641", "en-835"):
        facts = question.read(DEV[item_id].question)
        assert facts.value("outer_hypervisor") is None
        assert _findings(item_id)["nested-not-exposed"] is not Confidence.UNLIKELY


@pytest.mark.parametrize(
    "text",
    [
        # Go's os.Open error as Firecracker-based tools print it
        "open /dev/kvm: permission denied",
        "Ubuntu で /dev/kvm の permission denied が出る",
        "/dev/kvm へのアクセスが拒否されました",
    ],
)
def test_a_refused_dev_kvm_in_other_words_is_a_permission_problem(text: str) -> None:
    facts = gather(text, None).facts
    assert facts.is_true("dev_kvm_exists") and facts.is_false("dev_kvm_accessible")
    assert "kvm-permission-denied" in {f.cause for f in rules.evaluate(facts)}


def test_a_guest_named_with_nothing_virtualized_inside_is_only_suggested_as_nesting() -> None:
    # constructed: the guest's own network failing, nothing run inside it that needs VT-x; a
    # guest is where the error is, not a reason to blame nesting strongly
    found = rules.evaluate(question.read("VirtualBox のゲストでネットワークに接続できない"))
    assert {f.confidence for f in found if f.cause == "nested-not-exposed"} == {
        Confidence.SUGGESTIVE
    }
    # the outer product named again is still not something run inside ("VirtualBox のゲスト");
    # nor by another of its names: en-571 (GNS3/gns3-server#1813: "[HyperV + v2.2.12] ... vm in
    # hyperv") and en-927 (GNS3/gns3-gui#3177: "a windows 7 VM installed on VMware Fusion 12")
    assert not virtualizing_inside(question.read("VirtualBox のゲストで VirtualBox のエラー"))
    for item_id in ("en-571", "en-927"):
        facts = question.read(DEV[item_id].question)
        assert not virtualizing_inside(facts, guest_os=False), item_id
        assert _findings(item_id)["nested-not-exposed"] is Confidence.SUGGESTIVE, item_id
    # en-083 (LongQT-sea/pve-live#1): Proxmox's own check, inside a VM on Proxmox, finds no
    # vmx/svm ("kvm virtualisation configured, but not available"): nesting stays strong
    facts = question.read(DEV["en-083"].question)
    assert facts.is_true("vtx_check_failed") and virtualizing_inside(facts)
    assert _findings("en-083")["nested-not-exposed"] is Confidence.STRONG


def test_windows_pro_makes_the_edition_unlikely() -> None:
    # en-212 (docker/for-win#3595, its issue form): "Windows Version: Windows 10
    # Pro": Hyper-V, Windows Sandbox and Docker Desktop all run on it
    assert _findings("en-212")["windows-edition-unsupported"] is Confidence.UNLIKELY
    # Home stays a finding of its own (constructed: Hyper-V missing from the features list)
    home = rules.evaluate(question.read("Windows 10 Home: Hyper-V is not in Windows features"))
    assert Confidence.STRONG in {
        f.confidence for f in home if f.cause == "windows-edition-unsupported"
    }


def test_a_compute_engine_vm_without_vt_x_is_nesting_left_off() -> None:
    # en-126 (kubernetes/minikube#3002): "install Minikube on a GCP vm. The VM is
    # complaining that the computer doesn't have VT-X/AMD-v enabled"
    assert _findings("en-126")["cloud-nested-disabled"] is Confidence.STRONG
    # constructed: Compute Engine's AMD machines cannot nest at all, so no VT-x there is not the
    # switch; nor is a bare EC2 instance of a type not named (most EC2 types cannot nest)
    for text in (
        "On my GCP VM with an AMD EPYC CPU, minikube says the computer doesn't have VT-X/AMD-v enabled",
        "On an EC2 instance minikube says the computer doesn't have VT-X/AMD-v enabled",
    ):
        found = {f.cause: f.confidence for f in rules.evaluate(question.read(text))}
        assert found["cloud-nested-disabled"] is Confidence.SUGGESTIVE


def test_releases_from_one_on_failing_is_a_regression() -> None:
    # en-597 (VirtualBox/virtualbox#54): "When using VirtualBox version 7.x or later, running a
    # virtual machine often results in the following error"
    facts = question.read(DEV["en-597"].question)
    assert facts.is_true("regression_named")
    assert _findings("en-597")["software-defect"] is Confidence.STRONG
    # a requirement is not a failure of those releases (constructed)
    needs = question.read("This box needs VirtualBox version 7.0 or later, else it fails")
    assert needs.get("regression_named") is None
