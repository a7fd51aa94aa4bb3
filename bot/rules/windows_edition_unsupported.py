"""Hyper-V and Windows Sandbox need Pro, Enterprise or Education (domain-facts C3, C10);
WSL 2, Docker Desktop's WSL 2 backend, VirtualBox and VMware run on Home. Docker Desktop
counts with Hyper-V: its releases before the WSL 2 backend (and its Hyper-V backend still)
need Pro. A tool's own check can also find the build too old (HAXM wants Windows 7 SP1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "windows-edition-unsupported"
HOME_NO_HYPERV = "windows-home-no-hyperv"
TOO_OLD = "windows-too-old-for-hyperv-tools"
HAXM_NEEDS_SP1 = "haxm-windows-7-needs-sp1"
# WSL 2, Windows Sandbox and Docker Desktop need Windows 10 or 11 (their requirements, cited on
# the card); client Hyper-V came with Windows 8 (8 and 8.1 Pro have it), Windows 7 has none
_NEEDS_10 = ("uses_wsl", "uses_sandbox", "uses_docker_desktop")
_NEEDS_PRO = re.compile(r"hyper-?v|sandbox|サンドボックス", re.IGNORECASE)


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_false("os_version_supported"):
        # the tool's own check says this Windows is too old for it (HAXM: Windows 7 SP1)
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("os_version_supported"),
            "the tool's check: this Windows version is too old for it",
            # the one tool whose check reads this (haxm_check): HAXM wants Windows 7 SP1
            card=HAXM_NEEDS_SP1,
        )
    version = facts.value("windows_version")
    if version in ("7", "8", "8.1") and facts.get("third_party_hypervisor") is None:
        wanted = [n for n in _NEEDS_10 if facts.is_true(n)]
        if version == "7" and facts.is_true("uses_hyperv"):
            wanted.append("uses_hyperv")
        if wanted:
            yield Finding(
                CAUSE,
                Confidence.STRONG,
                facts.quotes("windows_version", *wanted),
                f"Windows {version}, older than the Windows these need",
                card=TOO_OLD,
            )
    if facts.is_true("hyperv_not_listed") and facts.value("windows_edition") in (None, "home"):
        # Home editions have no Hyper-V in "Turn Windows features on or off" at all [R4]
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("hyperv_not_listed"),
            "Hyper-V missing from the Windows features list",
            card=HOME_NO_HYPERV,
        )
    edition = facts.value("windows_edition")
    if edition == "pro" and version in ("10", "11"):
        # Windows 10/11 Pro, Enterprise and Education have Hyper-V, Windows Sandbox and
        # everything Docker Desktop needs [R4]; on these a build too old for a tool is what its
        # own check or error says, not the edition
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("windows_edition"),
            "an edition that has Hyper-V and Windows Sandbox",
        )
        return
    if edition != "home":
        return
    others = {str(f.quote) for f in facts if f.name in ("windows_hypervisor_on",)}
    if facts.get("third_party_hypervisor") is not None:
        needs_pro = any(_NEEDS_PRO.search(q) for q in others)
    else:  # WSL named: it runs on Home, and so does Docker Desktop on its WSL 2 backend
        needs_pro = not facts.is_true("uses_wsl") or any(
            facts.is_true(name) for name in ("uses_hyperv", "uses_sandbox")
        )
    if needs_pro:
        yield Finding(
            CAUSE, Confidence.STRONG, facts.quotes("windows_edition"), "Windows Home edition"
        )
    else:
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("windows_edition"),
            "Windows Home edition, with a hypervisor that runs on Home",
        )
