"""Which questions are about a VM failing to start, on the development set's real posts."""

from __future__ import annotations

import pytest

from bot.scope import judge
from tests.conftest import DEV


@pytest.mark.parametrize(
    ("item", "in_scope"),
    [
        # harvester: "when I try to migrate this VM to another node it is not possible"
        ("en-125", False),
        # a VM speed test and a disk to enlarge: about a VM, not about it failing to start
        ("en-121", False),
        ("en-119", False),
        # Server Fault: "Restrict access to KVM virtual machines to specific users"
        ("en-175", False),
        # UTM on a new Mac: "transferred ... using Apples System migration tool", then "QEMU
        # exited from an error" (utmapp/UTM#6790): moving the Mac is not migrating the VM
        ("en-164", True),
        # cmsi/MateriAppsLive#137: "Virtual Box にインポート後に起動できない" (an OVA that will
        # not start; VirtualBox written as two words)
        ("ja-037", True),
        # the guest's network set-up (hashicorp/vagrant#7741: "default NAT + two private
        # networks"), a full root file system (MichaIng/DietPi#2165: "out of space errors"),
        # taking a checkpoint (hashicorp/vagrant#9977: "checkpoints disabled") and the host's
        # load with a running guest (virt-manager/virt-manager#205: "Load goes off the roof")
        ("en-380", False),
        ("en-395", False),
        ("en-426", False),
        ("en-448", False),
        # Xen names its VMs domains (forums.puri.sm/t/7115, "[Libxenlight failed to start
        # domain]"): the start of a Xen domain that fails
        ("en-858", True),
        # OrbStack and Podman Desktop name the VM tools they are (orbstack/orbstack#2442:
        # "i cannot restart the Orbstack anymore"; podman-desktop#4158: "Podman Desktop is
        # hung during its initialization")
        ("en-498", True),
        ("en-500", True),
        # a guest with no network (MicrosoftDocs/windowsserverdocs#5650: "still had no network
        # access when I set the VM to use an address on the local subnet")
        ("en-512", False),
        # henrypp/simplewall#594: Windows Sandbox "allow it to connect to the internet"
        ("en-286", False),
        # a Vagrant guest's fixed IP (tanshio-blog, 2013): "config.vm.network :private_network"
        # and "IPアドレスが固定できない"
        ("ja-054", False),
        # a cloud VM by its product's name: "[Instance Scheduler can't start some EC2s]"
        # (ministryofjustice/modernisation-platform#2542)
        ("en-518", True),
        # a compose.yaml pasted in a code block under "ERROR: KVM acceleration not available
        # (device file missing)" (winapps-org/winapps#157): the file is not the topic
        ("en-535", True),
        # a virtual TPM is a VM's (DellGEOS/AzureLocalHOLs#71: "[vTPM] ... can't start them due to
        # the following error"; the nodes are Hyper-V VMs)
        ("en-421", True),
        # Cockpit's libvirt page by its name (cockpit-project/cockpit-machines#851: "When trying
        # to install any version of Windows 10 to cockpit machines ... I'm getting BSOD errors")
        ("en-562", True),
        # a game started in a running guest slows it down (JHRobotics/softgpu#26: "when I start
        # any game in it, it starts to slow down"); the VM runs
        ("en-566", False),
        # "the vm starts to build and after that" (Linutronix/elbe#164) stays a start failure
        ("en-479", True),
        # mounting an NFS share as an ESXi datastore (mseninc/blog: "NFS で新規データストアとして
        # マウントしようとすると")
        ("ja-061", False),
        # VS Code's server in WSL, not WSL (KeiTaylor0606/How-to-built-environment: "VS Code Server
        # for WSL closed unexpectedly"); WSL itself failing, with VS Code named, stays in scope
        # (microsoft/WSL#9015, en-155: "Open VSCode with Remote WSL or open WSL Terminal")
        ("ja-057", False),
        ("en-155", True),
        # emulating another architecture is running a VM (utmapp/UTM#2674: "[Apple Silicon Mac,
        # cannot emulate x64 Windows 10] ... it cannot boot after the required reboot")
        ("en-583", True),
        # Docker's command not yet integrated into a WSL distro, both running (mseninc/blog:
        # "The command 'docker' could not be found in this WSL 2 distro")
        ("ja-069", False),
        # resizing a disk, the steps quoted inline ("1. `colima stop` 2. `colima start --edit`",
        # abiosoft/colima#1310): the start command is a step, not a failure
        ("en-602", False),
        # Docker named only in a pasted command ("$ docker compose exec web bin/dev"), above a
        # Rails server that exits at once ("A server is already running"): a program in a
        # container failing, not a VM (msmn-msmn/til, ja-046: "Webコンテナが起動後即停止")
        ("ja-046", False),
        # a running VM whose network card will not connect (hashicorp/packer#6835: "the network
        # card isn't enabled on the VM"), and a login through a port forward to the ESXi Host
        # Client (mseninc/blog, ja-070: "ポートフォワーディングで接続したESXiにログインしようとすると")
        ("en-642", False),
        ("ja-070", False),
        # VirtualBox "terribly slow" once Docker turned the Windows hypervisor on
        # (nfrechette.github.io, en-643): the clash's documented symptom, not a speed topic
        ("en-643", True),
        # vCenter Server's Windows service that does not start (mseninc/blog, ja-068), and
        # Docker Desktop's shared drives blocked by a VPN client (mseninc/blog, ja-065)
        ("ja-068", False),
        ("ja-065", False),
        # the whole question a pasted log whose own error names the VM (en-455: "COULD NOT RUN
        # VM ... ERROR CREATING THE KVM OBJECT"); a VM term in a pasted command stays no VM
        # (ja-046, above)
        ("en-455", True),
        # libvirtd's errors in the journal while the VMs themselves run (Cockpit#17439, en-801:
        # "Its worth mentioning that the VM's work fine. I just want to get rid of the errors")
        ("en-801", False),
        # Docker Desktop's account of its engine's start, failing at the disk it resizes
        # (docker/for-mac#7330, en-853: "running engine: waiting for the VM setup to be ready:
        # preparing VM: ensuring disk: Cannot resize ...Docker.raw"): a start, not a resize
        ("en-853", True),
        # SSH refused by a guest that runs (VirtualBox/virtualbox#813, en-828: "Can't SSH to my
        # virtual machine anymore ... connection was refused")
        ("en-828", False),
        # VMware Fusion named by its version alone (boxcutter/windows-batch#153, en-921: "with
        # Fusion 10.1.1 ... Windows 10 would boot and show the windows logo but the spinning
        # balls would never appear")
        ("en-921", True),
        # a guest whose screen stays black at its start (utmapp/UTM#6332, en-475: "when the VM
        # rebooted the screen was black/blank")
        ("en-475", True),
        # the hypervisor refusing the VM for want of virtualization outweighs the guest's
        # network told before it (forums.mydigitallife.net thread 49783, en-244: "my fourth
        # generation Intel i7 CPU doesn't support virtualization")
        ("en-244", True),
    ],
)
def test_other_topics_about_a_vm_are_told_from_start_failures(item: str, in_scope: bool) -> None:
    assert judge(DEV[item].question, quoted=(), best_dense=0.0).in_scope is in_scope


def test_a_slow_vm_is_about_the_windows_hypervisor_only_when_one_is_named() -> None:
    on_hyperv = "Since I enabled Hyper-V my VirtualBox VM is extremely slow"
    assert judge(on_hyperv, quoted=(), best_dense=0.0).in_scope
    network = "The network in my VirtualBox VM is extremely slow"
    assert not judge(network, quoted=(), best_dense=0.0).in_scope


def test_the_vcenter_appliance_vm_that_will_not_boot_stays_in_scope() -> None:
    text = "The vCenter Server Appliance VM will not boot after the upgrade"
    assert judge(text, quoted=(), best_dense=0.0).in_scope


def test_a_network_card_named_in_a_start_failure_keeps_it_in_scope() -> None:
    text = "The VM fails to power on after I changed its network adapter to e1000"
    assert judge(text, quoted=(), best_dense=0.0).in_scope
    ja = "ポートフォワードを設定したら仮想マシンが起動しなくなりました"
    assert judge(ja, quoted=(), best_dense=0.0).in_scope


LOCK = "Failed to lock the file"
CPU = "guest CPU doesn't match specification: missing features"
VMMON = "Could not open /dev/vmmon: Broken pipe"
BACKUP_LOCK = "VM is locked (backup)"


def test_an_error_quoted_while_doing_something_else_with_a_vm_is_not_a_start_failure() -> None:
    # lamw/ghettoVCB#226 (en-540): "some backups are failing ... Failed to lock the file
    # (16392)": VMware's lock error, which a card quotes for a start, during a backup
    assert not judge(DEV["en-540"].question, quoted=[LOCK], best_dense=0.9).in_scope
    # harvester/harvester#8121 (en-125): moving a VM to another node
    assert not judge(DEV["en-125"].question, quoted=[CPU], best_dense=0.9).in_scope
    # canonical/multipass#3626 (en-612): "`multipass stop --force` can not stop suspended vm"
    # with qemu-img's "Could not delete snapshot 'suspend'": stopping, not starting
    assert not judge(DEV["en-612"].question, quoted=[], best_dense=0.9).in_scope
    # ... while a VM that will not start, whose lock files cannot be deleted, is a start failure
    locked = "My VM won't start and I cannot delete the .lck folder: Failed to lock the file"
    assert judge(locked, quoted=[LOCK], best_dense=0.9).in_scope
    # the same error when the VM will not start after a restore is a start failure
    restored = "After restoring the VM from a backup it won't start: Failed to lock the file"
    assert judge(restored, quoted=[LOCK], best_dense=0.9).in_scope
    # en-270 (hashicorp/packer#7172): "VMware Fusion network config" in a title is a subject, not
    # another activity; the quoted /dev/vmmon error keeps it in scope
    assert judge(DEV["en-270"].question, quoted=[VMMON], best_dense=0.5).in_scope
    # Proxmox refusing a start with "VM is locked (backup)" (PVE::AbstractConfig::check_lock,
    # "VM is locked ($lock)"): the backup is the error's word, not the user's activity
    assert judge("TASK ERROR: VM is locked (backup)", quoted=[BACKUP_LOCK], best_dense=0.5).in_scope


@pytest.mark.parametrize(
    "item",
    [
        # canonical/multipass#4935: "I launched an Ubuntu 26.04 Multipass VM. Then, I tried to
        # set its disk size ..." (a start told as done; the reproduce steps' inline `multipass
        # launch` is a command, not a failed start)
        "en-712",
        # microsoft/Windows-Sandbox#52: "Steps to reproduce the bug Start a sandbox with: ...
        # Actual result There is no network access within the sandbox" (an issue form's steps
        # are what was done, its actual result what went wrong)
        "en-726",
        # canonical/multipass#1387: "not enough disk space VM too small ... or perhaps launch a
        # new container with --disk" (a start only mused about)
        "en-247",
        # GNS3/gns3-vm#183: "the GNS3 VM running on Hyper-V ... crashes every day"
        "en-574",
        # VirtualBox/virtualbox#837: "The affected Windows 10 guest became unresponsive for
        # approximately 114 seconds" (a running VM that stalls)
        "en-734",
        # Coopydood/ultimate-macOS-KVM#14: "[You are not connected to the internet] My internet
        # connection is fine, but Ventura can't access it trough qemu"
        "en-757",
        # a Japanese setup note kept on GitHub: installing virt-manager stops at "dpkg: error
        # processing package lvm2 (--configure)", before any VM exists
        "ja-047",
        # jiangcuo/pxvirt#82: "Step 4: I started the VM with Debian 12 arm64, then I did log
        # in and I reconfigured the network interface to get a DHCP IP address" (an issue's
        # numbered step tells a start that worked)
        "en-930",
    ],
)
def test_a_vm_that_started_fine_is_the_set_up_of_another_topic(item: str) -> None:
    assert not judge(DEV[item].question, quoted=(), best_dense=0.5).in_scope


@pytest.mark.parametrize(
    "text",
    [
        # a start told with what went wrong in its sentence, or the next
        "I launched the VM but it hangs at the boot screen. The disk space is fine.",
        "Step 2: I started the VM and it failed to get an IP address, then stopped booting",
        "We started the VM and it failed with a disk space error.",
        "I launched the Multipass VM. It timed out waiting for response, disk space is free.",
        # an issue form whose actual result is a failed start, whatever else it says
        "Steps to reproduce 1. Start the VM Expected result The VM has internet access "
        "Actual result The VM fails to boot with error 0x80004005",
        # a start that fails, and a VM that crashes as it boots
        "Not enough disk space: the VM will not start, should I launch it with a bigger disk?",
        "The VM crashes every time I start it",
        "My Hyper-V VM crashes during boot with a blue screen",
        "The VM became unresponsive while booting and never reached the login screen",
        "The PC is not connected to the internet and the VM fails to boot",
        # the package that fails is the hypervisor's own kernel module
        "VirtualBox VMs do not start: dpkg: error processing package virtualbox-dkms",
        # VMs said to run, but only under a condition, or not this one
        "The VM runs fine with one CPU but fails to start with two",
        "Other VMs work fine, only this VM fails to boot with VERR_NEM_VM_CREATE_FAILED",
    ],
)
def test_a_start_that_failed_stays_in_scope_whatever_else_is_said(text: str) -> None:
    assert judge(text, quoted=(), best_dense=0.5).in_scope


def test_fusion_is_a_hypervisor_only_with_a_version_and_a_black_screen_only_on_a_screen() -> None:
    # the reading's limits: "fusion" without a version (a fusion reactor, Autodesk Fusion in a
    # sentence) and "black" without a screen are no VM start
    reactor = "My fusion reactor model won't start"
    assert not judge(reactor, quoted=(), best_dense=0.0).in_scope
    black_theme = "The black theme of the VirtualBox manager looks odd"
    assert not judge(black_theme, quoted=(), best_dense=0.0).in_scope
