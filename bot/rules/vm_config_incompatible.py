"""The VM's own configuration asks for something the host cannot give. Read from words alone
in one case: a Windows container run with Hyper-V isolation. Its utility VM needs Hyper-V on
the host (and nesting when the host is itself a VM); Windows Server picks process isolation by
default, and tools such as BcContainerHelper switch to Hyper-V isolation by themselves when the
image's Windows build differs from the host's, typically after the host's monthly update.
Microsoft's isolation-modes and version-compatibility pages (the card's sources) give process
isolation with a matching image as the fix that needs no Hyper-V. The finding is decisive: the
error such a container shows (Hyper-V's "a required feature is not installed") is quoted on the
WSL card, but the container card covers every reason its utility VM cannot start (isolation
mode, the Hyper-V role, nesting on a VM host), so it is the answer to give."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "vm-config-incompatible"
#: the card on a Windows container's isolation mode that the host cannot honour
CONTAINER_CARD = "windows-container-hyperv-isolation"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.value("container_isolation") == "hyperv":
        yield Finding(
            CAUSE,
            Confidence.DECISIVE,
            facts.quotes("container_isolation"),
            "a Windows container with Hyper-V isolation",
            card=CONTAINER_CARD,
        )
