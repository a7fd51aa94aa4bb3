"""Hyper-V installed but its hypervisor not started at boot (domain-facts C3): bcdedit's
`hypervisorlaunchtype Off` (decisive when the Hyper-V or Virtual Machine Platform feature is
on), or what remains when firmware virtualization and the Windows features are said to be on
and a Windows-hypervisor product still cannot start: emulators and games switch it off. When
that product is WSL and its own error says it found no hypervisor (HCS_E_HYPERV_NOT_INSTALLED,
0x80370102: "enable Virtual Machine Platform and virtualization in the BIOS"), the user has
already ruled out both of the error's own suggestions, and the launch type is what remains;
the same holds for Docker Desktop's "must be enabled in the BIOS" beside a Task Manager that
shows virtualization enabled, and for Docker Desktop failing to start when the user says both
the feature and the firmware switch are on: Docker's troubleshooting then names Hyper-V
installed but not started at Windows startup [R36].
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding, observed, windows_hypervisor_runs

CAUSE = "hypervisor-not-launched"
DOCKER_CARD = "wsl-docker-hypervisor-off-after-tool"
_FEATURES = ("feature_hyperv", "feature_vmp", "feature_sandbox")


def findings(facts: Facts) -> Iterator[Finding]:
    third_party = facts.get("third_party_hypervisor")
    if third_party is not None and facts.get("hcs_error") is None:
        # with VMware or VirtualBox, launch type off is the wanted state; but when WSL's own
        # error is what the user shows, the Windows hypervisor is what they need
        return
    launch = facts.get("hypervisorlaunchtype")
    enabled = [f for f in _FEATURES if facts.value(f) == "enabled"]
    if launch is not None and launch.value == "off":
        if enabled or observed(facts, "hypervisorlaunchtype"):
            yield Finding(
                CAUSE,
                Confidence.DECISIVE,
                (launch.quote, *facts.quotes(*enabled)),
                "hypervisorlaunchtype off",
            )
        else:
            yield Finding(CAUSE, Confidence.STRONG, (launch.quote,), "hypervisorlaunchtype off")
    elif launch is not None and launch.value == "auto":
        # bcdedit shows the hypervisor set to start at boot
        yield Finding(CAUSE, Confidence.UNLIKELY, (launch.quote,), "hypervisorlaunchtype Auto")
    elif facts.is_true("firmware_virt_on") and facts.is_true("windows_feature_on"):
        if third_party is not None:
            # WSL finds no hypervisor, and a tool is installed that switches it off at boot
            # (emulators do; users do it for VirtualBox and VMware)
            yield Finding(
                CAUSE,
                Confidence.STRONG,
                facts.quotes(
                    "hcs_error", "third_party_hypervisor", "firmware_virt_on", "windows_feature_on"
                ),
                "WSL finds no hypervisor beside a tool that turns it off",
            )
        else:
            yield Finding(
                CAUSE,
                Confidence.STRONG
                if facts.get("hcs_error") is not None or facts.is_true("uses_docker_desktop")
                else Confidence.SUGGESTIVE,
                facts.quotes("hcs_error", "firmware_virt_on", "windows_feature_on"),
                "firmware and features on, yet the Windows hypervisor does not start",
            )
    elif running := windows_hypervisor_runs(facts):
        # WSL 2 runs in a utility VM of the Windows hypervisor, or systeminfo found it: launched
        yield Finding(CAUSE, Confidence.UNLIKELY, *running)
    elif (
        facts.is_false("docker_virt_check")
        and facts.is_true("firmware_virt_on")
        and not facts.is_true("is_guest")
    ):
        # Docker Desktop says to enable virtualization in the BIOS, but Task Manager (or the
        # user) shows it enabled: Docker's troubleshooting then names the hypervisor not being
        # launched at Windows startup [R36]
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("docker_virt_check", "firmware_virt_on"),
            "Docker finds no hypervisor, though firmware virtualization is on",
            "docker-desktop",
            card=DOCKER_CARD,
        )
    elif (
        facts.is_false("hypervisor_present")
        and enabled
        and observed(facts, "hypervisor_present")
        and not facts.is_true("is_guest")  # in a VM, the hypervisor below is the usual reason
    ):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            (*facts.quotes("hypervisor_present"), *facts.quotes(*enabled)),
            "a Hyper-V feature is on but no hypervisor runs",
        )
