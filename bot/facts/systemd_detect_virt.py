"""Facts from ``systemd-detect-virt``.

Command: ``systemd-detect-virt`` (our probe). Sample::

    kvm

Quirks seen:

- It prints ONE id: "none", a VM id (kvm, qemu, amazon, zvm, vmware, microsoft, oracle,
  powervm, xen, bochs, uml, parallels, bhyve, qnx, acrn, apple, sre, google) or a container id
  (openvz, lxc, lxc-libvirt, systemd-nspawn, docker, podman, rkt, wsl, proot, pouch) (systemd
  man page systemd-detect-virt(1)).
- A container wins over the VM it runs in: this machine, a KVM guest, says "docker";
  ``--vm`` says "kvm" (2026: systemd-detect-virt/*.txt). A container id says nothing about
  whether the machine is a VM, so it gives ``container`` and leaves is_guest unknown (the
  contract's "anything but none" would call a container on bare metal a guest).
- "oracle" is VirtualBox; "microsoft" is Hyper-V (and WSL 2 with ``--vm``).
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.machines import hypervisor_name

SOURCE = "systemd_detect_virt"

_VMS = (
    "kvm qemu amazon zvm vmware microsoft oracle powervm xen bochs uml parallels bhyve qnx acrn "
    "apple sre google vm-other"
).split()
_CONTAINERS = (
    "openvz lxc lxc-libvirt systemd-nspawn docker podman rkt wsl proot pouch container-other"
).split()

#: only a whole text of one known id is taken for this command's output
SIGNATURE = re.compile(
    r"\A\s*(?:none|" + "|".join(re.escape(w) for w in _VMS + _CONTAINERS) + r")\s*\Z"
)


def read(text: str) -> Facts:
    word = text.strip()
    if word == "none":
        facts = [Fact("is_guest", False, word, SOURCE)]
    elif word in _VMS:
        facts = [
            Fact("is_guest", True, word, SOURCE),
            Fact("outer_hypervisor", hypervisor_name(word), word, SOURCE),
        ]
    elif word in _CONTAINERS:
        facts = [Fact("container", word, word, SOURCE)]
    else:
        return Facts()
    return Facts.of([*facts, Fact("os_family", "linux", word, SOURCE)])
