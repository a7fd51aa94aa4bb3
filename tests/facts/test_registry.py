"""The registry lists every parser, each parser module has the agreed shape, and PowerShell
records are read the way users paste them."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from bot.facts import records as rec
from bot.facts.registry import MODULES, PARSERS, SIGNATURES
from tests.facts.conftest import text_of

FACTS_DIR = Path(__file__).resolve().parents[2] / "bot" / "facts"
#: modules in bot/facts/ that are not output parsers
NOT_PARSERS = {"__init__", "question", "registry", "lines", "records", "machines"}
PARSER_NAMES = sorted(p.stem for p in FACTS_DIR.glob("*.py") if p.stem not in NOT_PARSERS)


def test_every_parser_module_is_in_the_registry() -> None:
    assert sorted(m.__name__.rsplit(".", 1)[-1] for m in MODULES) == PARSER_NAMES
    assert sorted(PARSERS) == sorted(SIGNATURES) == PARSER_NAMES


@pytest.mark.parametrize("name", PARSER_NAMES)
def test_a_parser_module_has_its_source_signature_and_docstring(name: str) -> None:
    module = importlib.import_module(f"bot.facts.{name}")
    assert name == module.SOURCE
    assert isinstance(module.SIGNATURE, re.Pattern)
    doc = module.__doc__ or ""
    # STYLE.md: the command, a sample of its output, and the quirks seen with their sources
    assert re.search(r"^(Command|Commands|Source|Sources):", doc, re.M), name
    assert "Sample" in doc and "Quirks seen:" in doc, name
    assert re.search(r"\b(19|20)\d\d\b", doc) and re.search(r"\.txt|#\d+|fixture", doc), name


def test_the_spec_sources_each_have_a_module() -> None:
    spec = (FACTS_DIR / "README.md").read_text(encoding="utf-8")
    listed = spec.split("Sources to cover", 1)[1].split("`bot/inputs.py`", 1)[0]
    for name in PARSER_NAMES:
        assert re.search(rf"\b{name}\b", listed), name


def test_a_wrapped_list_value_is_joined_and_quoted_with_its_continuation() -> None:
    text = text_of(
        "outputs/get-computerinfo/windows-server-vm-hypervisor-present-requirements-blank.txt"
    )
    record = next(r for r in rec.records(text) if "ossuites" in r)
    field = record["ossuites"]
    assert field.value == "{TerminalServices, DatacenterEdition, TerminalServicesSingleSession}"
    assert field.quote in text and field.quote.endswith("TerminalServicesSingleSession}")


def test_list_arrays_and_their_truncation_are_read() -> None:
    assert rec.as_ints("{1, 2, 3, 5...}") == (frozenset({1, 2, 3, 5}), True)
    assert rec.as_ints("{1, 2}") == (frozenset({1, 2}), False)
    assert rec.as_ints([2]) == (frozenset({2}), False)
    assert rec.as_ints(0) == (frozenset({0}), False)
    assert rec.as_ints("{}") == (frozenset(), False)
    assert rec.as_ints("") is None
    assert rec.as_ints(["1"]) is None


def test_json_quotes_cover_the_key_and_the_whole_value() -> None:
    text = '{\n    "SecurityServicesRunning":  [\n        1,\n        2\n    ],\n    "X":  null\n}'
    record = rec.records(text)[0]
    assert record["securityservicesrunning"].quote == (
        '"SecurityServicesRunning":  [\n        1,\n        2\n    ]'
    )
    assert record["x"].value is None


def test_broken_or_deep_json_in_pasted_text_is_skipped_not_raised() -> None:
    assert rec.records('{"a": [1, 2' + "\n") == ()
    assert rec.records("[" * 5000 + "]" * 5000) == ()
