"""VT-x/AMD-V off in firmware, as the user reports it (domain-facts C2). A user saying it is
on makes it less likely, not impossible: firmware updates turn it off again."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "firmware-virt-disabled"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_false("firmware_virt_on"):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("firmware_virt_on"),
            "virtualization said to be off in firmware",
        )
    elif facts.is_true("firmware_virt_on"):
        yield Finding(
            CAUSE,
            Confidence.UNLIKELY,
            facts.quotes("firmware_virt_on"),
            "virtualization said to be on in firmware",
        )
