"""The cause ids every diagnosis names (a contract: ``../shared/taxonomy.md``).

A test checks this table against the shared taxonomy whenever that file is present.
"""

from __future__ import annotations

CAUSES: dict[str, str] = {
    "firmware-virt-disabled": "Intel VT-x or AMD-V (SVM) is switched off in BIOS/UEFI",
    "cpu-unsupported": "The physical CPU lacks what the hypervisor needs",
    "nested-not-exposed": "The machine is a VM whose outer hypervisor does not pass the "
    "virtualization extensions in",
    "nested-unsupported-by-platform": "The outer platform cannot offer nested virtualization "
    "in this configuration",
    "cloud-nested-disabled": "A cloud VM that could nest, but nesting is not enabled or is "
    "forbidden by policy",
    "hypervisor-coexistence": "Two hypervisors contend for the CPU's virtualization extensions",
    "hypervisor-not-launched": "Hyper-V is installed but its hypervisor is not running",
    "vbs-memory-integrity": "Virtualization-based security, Memory Integrity or Credential "
    "Guard takes the hypervisor",
    "windows-feature-missing": "A needed Windows optional feature is off",
    "windows-edition-unsupported": "The Windows edition or build cannot run what was asked",
    "kvm-unavailable": "The KVM module is not loaded or /dev/kvm is missing",
    "kvm-permission-denied": "/dev/kvm exists but the user may not open it",
    "vm-config-incompatible": "The VM's own settings block the start",
    "insufficient-resources": "Not enough host memory, disk or CPU for the VM",
    "security-software-conflict": "Third-party security software holds the virtualization "
    "extensions",
    "disk-image-problem": "The VM's disk image is missing, locked, corrupt or unreadable",
    "saved-state-incompatible": "A saved state or checkpoint cannot be restored on this host",
    "software-defect": "A bug or regression in the hypervisor or tool version in use",
    "no-fault-found": "The virtualization stack looks healthy; the failure lies elsewhere",
    "out-of-scope": "Not a virtual-machine start problem",
}

OUT_OF_SCOPE = "out-of-scope"

#: Causes a knowledge card may carry (every id but ``out-of-scope``).
CARD_CAUSES: frozenset[str] = frozenset(c for c in CAUSES if c != OUT_OF_SCOPE)


def is_cause(value: str) -> bool:
    return value in CAUSES
