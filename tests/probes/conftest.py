"""Shared fixtures for the probe tests (the root conftest already refuses the network)."""

from __future__ import annotations

import importlib
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FILE = ROOT / "probes" / "report.schema.json"
FIXTURES = ROOT / "tests" / "fixtures" / "probe"


@pytest.fixture(scope="session")
def probe() -> ModuleType:
    """The probe as ``vmdoctor probe`` imports it (test_cli runs it as a single file too)."""
    return importlib.import_module("probes.vmdoctor_probe")


@pytest.fixture(scope="session")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="session")
def validator(schema: dict[str, Any]) -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="session")
def machine_run(probe: ModuleType) -> Iterator[tuple[dict[str, Any], bytes, float]]:
    """One real probe run on this machine: (report, serialized bytes, wall seconds)."""
    started = time.monotonic()
    report = probe.collect()
    data = probe.dump(report)
    yield report, data, time.monotonic() - started


@pytest.fixture(scope="session")
def captured() -> Callable[[str], str]:
    """Text of a real output captured on the development machine (see SOURCES.md there)."""

    def read(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return read
