"""Platform ids that cards declare and questions mention, with the words users write for them.

A card's ``platforms`` must use these ids. A question mentions a platform when one of its
aliases appears as a word (ASCII aliases match on word boundaries, case-insensitively;
Japanese aliases match as substrings).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    aliases: tuple[str, ...]
    #: a broader platform this one implies (WSL2 runs on Windows, Proxmox runs KVM)
    implies: tuple[str, ...] = ()


PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "windows",
        "Windows",
        ("windows", "win10", "win11", "windows 10", "windows 11", "ウィンドウズ"),
    ),
    Platform(
        "windows-server",
        "Windows Server",
        ("windows server", "server 2016", "server 2019", "server 2022", "server 2025"),
        ("windows",),
    ),
    Platform(
        "hyper-v",
        "Hyper-V",
        ("hyper-v", "hyperv", "hyper v", "vmms", "vmcompute", "set-vmprocessor", "get-vm"),
        ("windows",),
    ),
    Platform(
        "wsl2",
        "WSL 2",
        ("wsl", "wsl2", "wsl 2", "windows subsystem for linux", "wslregisterdistribution"),
        ("windows",),
    ),
    Platform(
        "docker-desktop", "Docker Desktop", ("docker desktop", "docker", "dockerdesktopvm"), ()
    ),
    # a Linux container (Docker, Podman, a CI job) that must be given the host's /dev/kvm
    Platform(
        "container",
        "Linux container (Docker, Podman, CI job)",
        (
            "docker container",
            "in a container",
            "inside a container",
            "in the container",
            "inside the container",
            "in docker",
            "inside docker",
            "docker image",
            "docker run",
            "podman run",
            "--device /dev/kvm",
            # a web UI that runs Docker or Podman containers ("installing vDSM on Portainer",
            # vdsm/virtual-dsm#788)
            "portainer",
        ),
        ("linux",),
    ),
    Platform(
        "windows-sandbox",
        "Windows Sandbox",
        ("windows sandbox", "sandbox", "サンドボックス"),
        ("windows",),
    ),
    Platform(
        "vmware-workstation",
        "VMware Workstation / Player",
        (
            "vmware workstation",
            "workstation pro",
            "workstation player",
            "vmware player",
            "vmware",
        ),
        (),
    ),
    # ESX is ESXi's older name, still how users speak of the host ("the ESX host")
    Platform("vmware-esxi", "VMware ESXi / vSphere", ("esxi", "esx", "vsphere", "vcenter"), ()),
    Platform("vmware-fusion", "VMware Fusion", ("fusion", "vmware fusion"), ("macos",)),
    Platform(
        "virtualbox",
        "VirtualBox",
        # with the misspellings users type ("VirutalBox" in ja-037, "VirtuaBox" in ja-041)
        (
            "vbox",
            "vboxmanage",
            "vbox.log",
            *(
                f"{w}{gap}box"
                for w in ("virtual", "virutal", "virtua", "vitual")
                for gap in ("", " ")
            ),
        ),
        (),
    ),
    Platform(
        "kvm",
        "KVM / QEMU / libvirt",
        (
            "kvm",
            "qemu",
            "libvirt",
            "virt-manager",
            "virsh",
            "/dev/kvm",
            "kvm_intel",
            "kvm_amd",
            "kvm-ok",
            "virt-install",
            "gnome boxes",
            # Cockpit's libvirt page (cockpit-project/cockpit-machines)
            "cockpit-machines",
            "cockpit machines",
        ),
        ("linux",),
    ),
    # /etc/pve (the cluster file system) and /mnt/pve/<storage> (mounted storages) are Proxmox's
    # own paths: a pasted `df -h` or log that shows them comes from a Proxmox node
    Platform(
        "proxmox",
        "Proxmox VE",
        # "TASK ERROR: start failed: ..." is how Proxmox's task log reports a failed task
        ("proxmox", "pve", "qm set", "qm start", "/etc/pve", "/mnt/pve", "task error:"),
        ("kvm", "linux"),
    ),
    Platform(
        "android-emulator",
        "Android Emulator",
        (
            "android emulator",
            # the hypervisor driver's folder under the SDK (Sdk\extras\google\...)
            "android_emulator_hypervisor_driver",
            "android studio",
            "emulator",
            "avd",
            "haxm",
            "aehd",
            "whpx",
            "bluestacks",
            "エミュレーター",
            "エミュレータ",
        ),
        (),
    ),
    # the tools that create their own VM on a hypervisor they drive (VirtualBox, Hyper-V,
    # HyperKit): their checks and drivers are their own, and a card about them is not a card
    # for every VirtualBox or Hyper-V question
    Platform(
        "minikube",
        "minikube / docker-machine",
        (
            "minikube",
            "docker-machine",
            "docker machine",
            "docker toolbox",
            # the Toolbox's installer (DockerToolbox-19.03.1.exe) and its shortcut
            "dockertoolbox",
            "docker quickstart terminal",
            "boot2docker",
        ),
        (),
    ),
    # Canonical's Multipass runs its instances on Hyper-V or VirtualBox (Windows), QEMU or
    # Apple's framework (macOS) and KVM (Linux): its own cards are its platform's, not a bonus
    # for every question that names the host
    Platform("multipass", "Multipass", ("multipass", "multipassd"), ()),
    # Podman's machine: a Linux VM that podman machine creates on WSL 2 or Hyper-V (Windows),
    # Apple's framework or libkrun (macOS) and QEMU (Linux); Podman on Linux runs containers
    # without one, and a container given /dev/kvm is the container platform
    Platform(
        "podman",
        "Podman machine",
        ("podman machine", "podman-machine", "podman-machine-default", "podman desktop"),
        (),
    ),
    Platform("gcp", "Google Cloud", ("gcp", "google cloud", "compute engine", "gce", "gcloud"), ()),
    Platform("azure", "Microsoft Azure", ("azure",), ()),
    # Claude Desktop's Cowork runs its workspace in a local VM (Hyper-V's platform on Windows)
    Platform(
        "claude-desktop",
        "Claude Desktop (Cowork)",
        ("claude desktop", "claude cowork", "cowork", "claude's workspace", "coworkvmservice"),
        (),
    ),
    Platform("aws", "Amazon Web Services", ("aws", "ec2", "amazon web services"), ()),
    Platform(
        "macos",
        "macOS",
        (
            "macos",
            "mac os",
            "macbook",
            "apple silicon",
            "m1",
            "m2",
            "m3",
            "m4",
            "osx",
            "imac",
            "mac mini",
            "mac studio",
            "mac pro",
            "parallels",
            "utm",
            # a Mac-only app that runs its Linux machine on Apple's virtualization framework
            "orbstack",
            # Apple's hypervisor APIs: QEMU's and the Android Emulator's accelerator on a Mac
            "hvf",
            "hypervisor.framework",
            "apple hypervisor",
            "virtualization.framework",
            "virtualization framework",
            # Lima's and Colima's driver on Apple's Virtualization framework ("colima start -t vz
            # --vz-rosetta", abiosoft/colima#1417), and Apple's x86-64 translator, macOS-only
            "vz",
            "rosetta",
        ),
        (),
    ),
    Platform(
        "linux",
        "Linux",
        ("linux", "ubuntu", "debian", "fedora", "centos", "rhel", "arch linux", "mint"),
        (),
    ),
)

BY_ID: dict[str, Platform] = {p.id: p for p in PLATFORMS}
#: the host systems; every other platform is a tool that runs on one of them
HOSTS = frozenset({"windows", "macos", "linux"})
PLATFORM_IDS: frozenset[str] = frozenset(BY_ID)


def _alternative(alias: str) -> str:
    if alias.isascii():
        return r"(?<![\w/-])" + re.escape(alias) + r"(?![\w])"
    return re.escape(alias)


# One pattern per platform: the alternation of its aliases (longest first). re.ASCII: a word
# ends where Japanese text begins ("Hyper-VとVirtualBoxの" names both)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (
        p.id,
        re.compile(
            "|".join(_alternative(a) for a in sorted(p.aliases, key=len, reverse=True)),
            re.IGNORECASE | re.ASCII,
        ),
    )
    for p in PLATFORMS
)


def alias_pattern(pid: str) -> str:
    """The regular expression that finds a platform's aliases in a text (case-insensitive)."""
    return dict(_PATTERNS)[pid].pattern


def mentioned(text: str) -> frozenset[str]:
    """Platform ids a text names, with the platforms they imply."""
    found: set[str] = set()
    for pid, pattern in _PATTERNS:
        if pattern.search(text):
            found.add(pid)
    for pid in list(found):
        found.update(BY_ID[pid].implies)
    return frozenset(found)
