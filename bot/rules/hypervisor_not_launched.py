"""Hyper-V installed but its hypervisor not started at boot (domain-facts C3)."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "hypervisor-not-launched"


def findings(facts: Facts) -> Iterator[Finding]:
    fact = facts.get("hypervisorlaunchtype")
    if fact is not None and fact.value == "off" and facts.get("third_party_hypervisor") is None:
        yield Finding(CAUSE, Confidence.STRONG, (fact.quote,), "hypervisorlaunchtype off")
