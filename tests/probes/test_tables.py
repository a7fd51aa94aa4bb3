"""The check table, the schema, the README and the PowerShell probe agree."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PS1 = (ROOT / "probes" / "vmdoctor-probe.ps1").read_text(encoding="utf-8")
README = (ROOT / "probes" / "README.md").read_text(encoding="utf-8")

ID_PATTERN = re.compile(r"^(win|linux|mac)\.[a-z0-9_]{1,48}$")
PREFIX = {"windows": "win.", "linux": "linux.", "macos": "mac."}


def ps_strings(text: str) -> list[str]:
    """The single-quoted PowerShell strings in text, unescaped ('' -> ')."""
    return [s.replace("''", "'") for s in re.findall(r"'((?:[^']|'')*)'", text)]


def ps1_checks() -> dict[str, dict[str, Any]]:
    """$Checks entries of the .ps1: id -> {kind, admin, command | script}."""
    scripts = {
        name: body.strip()
        for name, body in re.findall(r"^\$(Script\w+) = @'\r?\n(.*?)\r?\n'@", PS1, re.M | re.S)
    }
    table = re.search(r"^\$Checks = @\((.*?)^\)", PS1, re.M | re.S)
    assert table is not None
    found: dict[str, dict[str, Any]] = {}
    for entry in re.findall(r"@\{ (Id = .*?) \}(?:,|$)", table.group(1), re.M):
        fields = dict(re.findall(r"(\w+) = ((?:@\(.*?\))|'[^']*'|\$\w+)", entry))
        item: dict[str, Any] = {
            "kind": ps_strings(fields["Kind"])[0],
            "admin": fields["Admin"] == "$true",
        }
        if "Command" in fields:
            item["command"] = ps_strings(fields["Command"])
        else:
            item["script"] = scripts[fields["Script"].lstrip("$")]
        found[ps_strings(fields["Id"])[0]] = item
    return found


def ps1_list(name: str) -> list[str]:
    match = re.search(r"^\$" + name + r" = @\((.*?)\)\s*$", PS1, re.M | re.S)
    assert match is not None, name
    return ps_strings(re.sub(r"#[^\n]*", "", match.group(1)))


def test_check_ids_are_unique_well_formed_and_prefixed_by_their_os(probe: ModuleType) -> None:
    ids = [c.id for c in probe.CHECKS]
    assert len(ids) == len(set(ids))
    for check in probe.CHECKS:
        assert ID_PATTERN.match(check.id) and check.id.startswith(PREFIX[check.os])
        assert check.why and check.sources and 0 < check.timeout <= probe.DEFAULT_TIMEOUT


def test_schema_kind_enum_is_exactly_the_kinds_of_the_table(
    probe: ModuleType, schema: dict[str, Any]
) -> None:
    enum = schema["$defs"]["section"]["properties"]["kind"]["enum"]
    assert sorted(enum) == sorted({c.kind for c in probe.CHECKS})


def test_schema_statuses_and_os_ids_are_the_probes(
    probe: ModuleType, schema: dict[str, Any]
) -> None:
    section = schema["$defs"]["section"]["properties"]
    assert section["status"]["enum"] == list(probe.STATUSES)
    assert schema["properties"]["host"]["properties"]["os"]["enum"] == list(probe.OS_IDS)
    assert {c.os for c in probe.CHECKS} == set(probe.OS_IDS)


def test_schema_lists_every_redaction_class(probe: ModuleType, schema: dict[str, Any]) -> None:
    counts = schema["properties"]["redaction"]["properties"]["counts"]
    assert counts["required"] == list(probe.REDACTION_CLASSES)


def test_readme_has_a_line_for_every_check(probe: ModuleType) -> None:
    rows = set(re.findall(r"^\| `([a-z0-9_.]+)` \| `([a-z0-9_]+)` \| (admin)? ?\|", README, re.M))
    expected = {(c.id, c.kind, "admin" if c.needs_admin else "") for c in probe.CHECKS}
    assert rows == expected


def test_ps1_declares_every_windows_check_the_python_probe_declares(probe: ModuleType) -> None:
    python_ids = {c.id for c in probe.CHECKS if c.os == "windows"}
    assert set(ps1_checks()) == python_ids


def test_ps1_checks_have_the_same_kind_rights_and_command(probe: ModuleType) -> None:
    ps1 = ps1_checks()
    line = re.search(r"^\$Prelude = (.*)$", PS1, re.M)
    assert line is not None
    prelude = ps_strings(line.group(1))[0]
    for check in (c for c in probe.CHECKS if c.os == "windows"):
        theirs = ps1[check.id]
        assert (theirs["kind"], theirs["admin"]) == (check.kind, check.needs_admin), check.id
        source = check.sources[0]
        if isinstance(source, probe.PowerShell):
            assert prelude + theirs["script"] == source.script, check.id
        else:
            assert theirs["command"] == list(source.argv), check.id


def test_ps1_redacts_the_same_classes_and_spares_the_same_values(probe: ModuleType) -> None:
    assert ps1_list("RedactionClasses") == list(probe.REDACTION_CLASSES)
    assert set(ps1_list("WellKnownGuids")) == set(probe.WELL_KNOWN_GUIDS)
    assert set(ps1_list("NotPrivate")) == set(probe._NOT_PRIVATE)
    assert "runtime = 'powershell'" in PS1 and "schema    = 'vmdoctor.report/1'" in PS1


def test_ps1_writes_json_depth_6_as_utf8_without_bom() -> None:
    assert "ConvertTo-Json -InputObject $report -Depth 6" in PS1
    assert "New-Object System.Text.UTF8Encoding -ArgumentList $false" in PS1
    assert "[System.IO.File]::WriteAllText($path, $text, $Utf8NoBom)" in PS1


def test_ps1_is_ascii_so_powershell_5_reads_it_in_any_code_page() -> None:
    assert PS1.isascii()
