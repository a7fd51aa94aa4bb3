"""A needed Windows optional feature is off (domain-facts C3, C8). When the user (or pasted
Get-WindowsOptionalFeature output) shows it on, the cause is less likely."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "windows-feature-missing"
#: Docker Desktop's card on the features its two backends need
DOCKER_CARD = "docker-desktop-wsl-feature"
#: WSL 2's Linux kernel package, which is not an optional feature
KERNEL_CARD = "wsl2-kernel-component-outdated"


# which product needs which feature (domain-facts C3, C8, C9, C10)
_NEEDED_BY = {
    "feature_vmp": ("uses_wsl", "uses_docker_desktop"),
    "feature_wsl": ("uses_wsl",),
    "feature_hyperv": ("uses_hyperv",),
    "feature_sandbox": ("uses_sandbox",),
}
_PRODUCTS = ("uses_wsl", "uses_docker_desktop", "uses_hyperv", "uses_sandbox")


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_false("docker_virt_check") and facts.is_true("wsl2_runs"):
        # Docker Desktop finds no virtualization where WSL 2 itself runs, so VT-x and the
        # Windows hypervisor are there: what its engine lacks is its backend's feature (Hyper-V
        # for the Hyper-V backend) or the WSL 2 based engine being chosen [R36]
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("docker_virt_check", "wsl2_runs"),
            "Docker finds no virtualization, though WSL 2 runs",
            "docker-desktop",
            card=DOCKER_CARD,
        )
    if facts.get("third_party_hypervisor") is None:
        # "pending": switched on, but Windows has not restarted yet
        off = [n for n in _NEEDED_BY if facts.value(n) in ("disabled", "pending")]
        named = [p for p in _PRODUCTS if facts.is_true(p)]
        for feature in off:
            needed_by = [p for p in _NEEDED_BY[feature] if facts.is_true(p)]
            if needed_by:
                yield Finding(
                    CAUSE,
                    Confidence.STRONG,
                    facts.quotes(feature, *needed_by),
                    f"{feature} is off and the product needs it",
                )
            elif not named and feature in ("feature_vmp", "feature_hyperv"):
                yield Finding(
                    CAUSE, Confidence.SUGGESTIVE, facts.quotes(feature), f"{feature} is off"
                )
    if facts.is_true("wsl_kernel_package"):
        # the kernel comes in a package of its own (on Windows 10's inbox WSL, the kernel-update
        # MSI), so features that are on do not rule it out
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE,
            facts.quotes("wsl_kernel_package"),
            "WSL 2's kernel package is involved",
            card=KERNEL_CARD,
        )
    elif facts.is_true("windows_feature_on"):
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("windows_feature_on"),
            "the feature is said to be on",
        )
    elif facts.is_false("windows_feature_on") and facts.get("third_party_hypervisor") is None:
        # with VMware, VirtualBox or HAXM, Hyper-V being off is what they want, not a fault
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE,
            facts.quotes("windows_feature_on"),
            "the feature is said to be off",
        )
