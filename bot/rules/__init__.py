"""Facts -> findings, one module per cause id. Pure: no I/O, no clock.

A rule returns data: a :class:`Finding` names a cause, a named confidence (never a bare
float) and the evidence quoted verbatim from the input. Prose lives in the cards and the
composer. Every rule module is listed in :data:`RULES`; a test checks the list is complete.
"""

from __future__ import annotations

import enum
import functools
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.facts import Facts


class Confidence(enum.Enum):
    DECISIVE = "decisive"  # the fact alone settles it (e.g. HAXM on an AMD CPU)
    STRONG = "strong"  # two facts that together point at the cause
    SUGGESTIVE = "suggestive"  # one fact that makes the cause more likely
    WEAK = "weak"  # a hint
    UNLIKELY = "unlikely"  # a fact that speaks against the cause


@dataclass(frozen=True)
class Finding:
    cause: str
    confidence: Confidence
    evidence: tuple[str, ...]  # verbatim quotes from the input
    rule: str  # which rule fired, for tests and logs
    #: the platform id (bot/platforms.py) the rule is about, when it is about one: the answer
    #: then takes this cause's card for that platform (an Azure VM gets the Azure card)
    platform: str | None = None
    #: the card that describes the rule's situation itself, when no platform card does (a
    #: reported regression: the card on finding and fixing a release's bug) or the platform has
    #: several (an Azure VM: the size card, read before the security type); a test checks that
    #: it exists under the rule's cause
    card: str | None = None


Rule = Callable[[Facts], Iterable[Finding]]

#: the source of facts read from the user's own words; every other source is observed output
STATED = "question"


def observed(facts: Facts, name: str) -> bool:
    """Whether ``name`` was read from the machine's output (a report or pasted command output)
    rather than from what the user says: observed facts weigh more."""
    fact = facts.get(name)
    return fact is not None and fact.source != STATED


def windows_hypervisor_runs(facts: Facts) -> tuple[tuple[str, ...], str] | None:
    """The evidence (quotes, why) that the Windows hypervisor runs here, so VT-x/AMD-V is on in
    firmware and the hypervisor was launched: WSL 2 runs (in a utility VM of that hypervisor),
    or systeminfo's "A hypervisor has been detected", seen or quoted, on a machine not said to
    be a VM (in a VM the hypervisor detected may be the outer one). None without such evidence."""
    if facts.is_true("wsl2_runs"):
        return facts.quotes("wsl2_runs"), "WSL 2 runs here"
    if facts.is_true("hypervisor_present") and not facts.is_true("is_guest"):
        return facts.quotes("hypervisor_present"), "a hypervisor runs"
    return None


#: Every rule module, by name; a test checks this list against the files in bot/rules/.
RULE_MODULES: tuple[str, ...] = (
    "cloud_nested_disabled",
    "cpu_unsupported",
    "firmware_virt_disabled",
    "hypervisor_coexistence",
    "hypervisor_not_launched",
    "insufficient_resources",
    "kvm_permission_denied",
    "kvm_unavailable",
    "nested_not_exposed",
    "nested_unsupported_by_platform",
    "no_fault_found",
    "saved_state_incompatible",
    "security_software_conflict",
    "software_defect",
    "vbs_memory_integrity",
    "vm_config_incompatible",
    "windows_edition_unsupported",
    "windows_feature_missing",
)


@functools.cache
def _registry() -> tuple[tuple[str, Rule], ...]:
    modules = [importlib.import_module(f"bot.rules.{name}") for name in RULE_MODULES]
    return tuple((m.CAUSE, m.findings) for m in modules)


def evaluate(facts: Facts) -> list[Finding]:
    """Every finding every rule makes from these facts."""
    out: list[Finding] = []
    for cause, rule in _registry():
        for finding in rule(facts):
            assert finding.cause == cause, f"{finding.rule} reported {finding.cause}"
            out.append(finding)
    return out
