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
    if isinstance(outer, str) and outer in CLOUDS:
        # the user saying the instance was not given nesting is this cause itself
        said_off = facts.is_false("nesting_on")
        yield Finding(
            CAUSE,
            Confidence.STRONG if said_off else Confidence.SUGGESTIVE,
            facts.quotes("outer_hypervisor", "nesting_on"),
            "a cloud VM the user says has no nesting enabled"
            if said_off
            else "running in a cloud VM",
            "aws" if outer in AWS_NAMES else "gcp",
        )
