"""It worked before an update: a regression in the version in use is likely."""

from __future__ import annotations

from collections.abc import Iterator

from bot.facts import Facts
from bot.rules import Confidence, Finding

CAUSE = "software-defect"


def findings(facts: Facts) -> Iterator[Finding]:
    if facts.is_true("after_update"):
        yield Finding(
            CAUSE,
            Confidence.SUGGESTIVE,
            facts.quotes("after_update"),
            "failure began after an update",
        )
