"""/dev/kvm exists but this user may not open it (domain-facts C12): the probe's open() failed,
or the device belongs to group kvm and the user is not in it."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "kvm-permission-denied"


def _owner_only(mode: object) -> bool:
    return isinstance(mode, str) and len(mode) == 10 and mode[4:] == "------"


def findings(facts: Facts) -> Iterator[Finding]:
    if not facts.is_true("dev_kvm_exists"):
        return
    if facts.is_false("dev_kvm_accessible"):
        yield Finding(
            CAUSE,
            Confidence.DECISIVE,
            facts.quotes("dev_kvm_accessible", "dev_kvm_mode"),
            "/dev/kvm exists but cannot be opened",
        )
    elif _owner_only(facts.value("dev_kvm_mode")) and not facts.is_true("dev_kvm_accessible"):
        # crw------- root: nobody but root may open it (some distributions, some VMs)
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("dev_kvm_mode"),
            "/dev/kvm is readable by its owner only",
        )
    elif facts.value("dev_kvm_group") == "kvm" and facts.is_false("user_in_kvm_group"):
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("dev_kvm_group", "user_in_kvm_group"),
            "not a member of the kvm group",
        )
