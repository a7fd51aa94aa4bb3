from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.taxonomy import CARD_CAUSES, CAUSES, OUT_OF_SCOPE

SHARED = Path(__file__).resolve().parents[2] / "shared" / "taxonomy.md"


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not beside this checkout")
def test_cause_ids_equal_the_shared_contract() -> None:
    ids = re.findall(r"^\| `([a-z-]+)` \|", SHARED.read_text(encoding="utf-8"), re.MULTILINE)
    assert ids == list(CAUSES)


def test_out_of_scope_is_not_a_card_cause() -> None:
    assert OUT_OF_SCOPE in CAUSES
    assert OUT_OF_SCOPE not in CARD_CAUSES
    assert len(CARD_CAUSES) == len(CAUSES) - 1
