"""A cloud VM whose type can nest but was not given nesting: Google Cloud adds VT-x only when
nested virtualization is enabled on the VM [R61]; AWS C8i/M8i/R8i need it enabled at launch
or while stopped [R68]."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding
from bot.rules.nested_unsupported_by_platform import AWS_NAMES, instance_nests

CAUSE = "cloud-nested-disabled"
#: the clouds whose VMs get nesting by a switch (Azure's sizes either nest or do not)
CLOUDS = frozenset({"gcp", "gce", "google-cloud", "compute-engine", *AWS_NAMES})


def findings(facts: Facts) -> Iterator[Finding]:
    outer = facts.value("outer_hypervisor")
    instance = facts.value("cloud_instance")
    if isinstance(instance, str) and instance_nests(instance) is False:
        return  # the type itself cannot nest: enabling it would not help
    if not (isinstance(outer, str) and outer in CLOUDS):
        return
    platform = "aws" if outer in AWS_NAMES else "gcp"
    if facts.is_false("nesting_on"):
        # the user saying the instance was not given nesting is this cause itself
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("outer_hypervisor", "nesting_on"),
            "a cloud VM the user says has no nesting enabled",
            platform,
        )
        return
    # the VM shows no VT-x (a tool's check, its CPU flags, no /dev/kvm): on Compute Engine, whose
    # general-purpose types nest once the VM has nesting enabled [R61], that is the switch left
    # off (not on AMD or Arm, which cannot nest there); on AWS only when the type is one that
    # nests (most do not: the platform rule's case)
    no_vtx = [n for n in ("cpu_has_virt", "dev_kvm_exists") if facts.is_false(n)]
    no_vtx += ["vtx_check_failed"] if facts.is_true("vtx_check_failed") else []
    if outer in AWS_NAMES:
        nests = isinstance(instance, str) and bool(instance_nests(instance))
    else:  # Compute Engine nests on Intel only [R61]
        nests = facts.value("cpu_vendor") != "amd" and not facts.is_true("arm_guest")
    if no_vtx and nests:
        yield Finding(
            CAUSE,
            Confidence.STRONG,
            facts.quotes("outer_hypervisor", *no_vtx),
            "a cloud VM that shows no VT-x/AMD-V",
            platform,
        )
        return
    yield Finding(
        CAUSE,
        Confidence.SUGGESTIVE,
        facts.quotes("outer_hypervisor"),
        "running in a cloud VM",
        platform,
    )
