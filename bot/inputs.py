"""Files users hand us (a probe report, a saved log, pasted output) read as text, and that
text as named raw sections for the parsers in bot/facts/.

Windows tools write what users save in several encodings: PowerShell 5.1's ``>`` writes
UTF-16 LE with a BOM, ``wsl.exe`` prints UTF-16 LE without one, Japanese Windows consoles
write CP932 (Shift_JIS). We decode by BOM, then UTF-8, then UTF-16 LE when every other byte
is NUL, then CP932; anything else is refused as binary.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import InputError, ReportError

MAX_FILE_BYTES = 8 * 1024 * 1024


def decode(raw: bytes, name: str = "the input") -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(f"{name} is not valid {encoding} text") from None
    sample = raw[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) >= len(sample[1::2]) * 0.9 > 0:
        try:
            return raw.decode("utf-16-le")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        raise InputError(f"{name} is binary data, not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp932")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not text (not UTF-8, UTF-16 or Shift_JIS)") from None


def read_text_file(path: str | Path, *, limit: int = MAX_FILE_BYTES) -> str:
    """The text of a user's file, or an :class:`InputError` that says what is wrong."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"{p} is a directory, not a file")
        size = p.stat().st_size
        if size > limit:
            raise InputError(
                f"{p} is {size // (1024 * 1024)} MB; the limit is "
                f"{limit // (1024 * 1024)} MB: send the probe report or the "
                "relevant part of the log"
            )
        with open(p, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as err:
        raise InputError(f"cannot read {p}: {err.strerror or err}") from None
    return decode(raw, str(p))


# -- sections: a probe report or pasted text, as named raw outputs --------------------------

REPORT_SCHEMA = "vmdoctor.report/1"
REPORT_PREFIX = "vmdoctor.report/"
MAX_REPORT_BYTES = 256 * 1024  # probes/report.schema.json: 256 KiB per report
MAX_SECTION_CHARS = 65536
MAX_SECTIONS = 64
MAX_JSON_DEPTH = 32  # a report is 4 deep; anything far deeper is not one
MAX_TEXT_CHARS = MAX_FILE_BYTES
SNIFF_HEAD = 512 * 1024  # characters sniff looks at from the start of pasted text
SNIFF_TAIL = 128 * 1024  # and from its end

_SEND_REPORT = "send the JSON file the probe wrote (vmdoctor probe --out FILE), unchanged"
_SEND_INSTEAD = (
    "send the JSON file the probe wrote (vmdoctor probe --out FILE), or paste the output of "
    "a command such as systeminfo, lscpu or kvm-ok as text"
)

#: section kinds of probes/report.schema.json (a test compares the two)
REPORT_KINDS = frozenset(
    {
        "bcdedit", "dev_kvm", "dmi_id", "hyperv_vm", "hyperv_vmprocessor", "id_groups",
        "kernel_log", "kvm_modules", "kvm_nested_param", "kvm_ok", "lscpu",
        "mac_app_versions", "proc_cpuinfo", "qemu_version", "reg_query", "sc_query",
        "sw_vers", "sysctl", "systemd_detect_virt", "systeminfo", "uname_machine",
        "vboxmanage_version", "virsh_version", "virt_host_validate", "vmware_version",
        "win32_computersystem", "win32_deviceguard", "win32_operatingsystem",
        "win32_processor", "windows_optional_features", "wsl_status", "wsl_version",
    }
)  # fmt: skip

#: probe kinds whose parser has another name; other kinds are parser names already, or have
#: no parser yet (a section of such a kind is kept and yields no facts)
PROBE_KINDS = {
    "kvm_modules": "lsmod",
    "kvm_nested_param": "kvm_nested",
    "win32_processor": "win32",
    "win32_computersystem": "win32",
    "win32_deviceguard": "win32",
    "win32_operatingsystem": "win32",
    "windows_optional_features": "optional_features",
    "hyperv_vmprocessor": "hyperv_vm",
    "wsl_status": "wsl",
    "wsl_version": "wsl",
}

_STATUSES = frozenset({"ok", "not-found", "timeout", "error", "skipped"})
_SECTION_ID = re.compile(r"^(win|linux|mac)\.[a-z0-9_]{1,48}$")
_TOP_FIELDS = ("schema", "probe", "created", "host", "sections", "redaction")
_SECTION_FIELDS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "kind": (str,),
    "command": (list,),
    "in_process": (bool,),
    "needs_admin": (bool,),
    "status": (str,),
    "reason": (str, type(None)),
    "exit_code": (int, type(None)),
    "duration_ms": (int,),
    "stdout": (str,),
    "stderr": (str,),
    "truncated": (bool,),
}


@dataclass(frozen=True)
class Section:
    """One raw output: ``kind`` names the parser, ``origin`` is "report:<section id>" or
    "pasted"."""

    kind: str
    text: str
    origin: str


def _type_name(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def _check_fields(obj: dict[str, Any], where: str, expected: Iterable[str]) -> None:
    wanted = list(expected)
    for name in wanted:
        if name not in obj:
            raise ReportError(f"{where} has no {name!r} field: {_SEND_REPORT}")
    for name in obj:
        if name not in wanted:
            raise ReportError(f"{where} has an unexpected field {name!r}: {_SEND_REPORT}")


def _check_section(index: int, section: object) -> None:
    where = f"report section {index + 1}"
    if not isinstance(section, dict):
        raise ReportError(f"{where} is {_type_name(section)}, not an object: {_SEND_REPORT}")
    _check_fields(section, where, _SECTION_FIELDS)
    for name, types in _SECTION_FIELDS.items():
        value = section[name]
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            raise ReportError(
                f"{where}: field {name!r} is {_type_name(value)}, which the schema does not "
                f"allow: {_SEND_REPORT}"
            )
    if not _SECTION_ID.match(section["id"]):
        raise ReportError(f"{where}: id {section['id'][:60]!r} is not a check id: {_SEND_REPORT}")
    where = f"report section {section['id']!r}"
    if section["kind"] not in REPORT_KINDS:
        raise ReportError(f"{where}: unknown kind {section['kind'][:60]!r}: {_SEND_REPORT}")
    if section["status"] not in _STATUSES:
        raise ReportError(f"{where}: unknown status {section['status'][:60]!r}: {_SEND_REPORT}")
    command = section["command"]
    if not 1 <= len(command) <= 16 or not all(isinstance(c, str) for c in command):
        raise ReportError(f"{where}: 'command' must be 1 to 16 strings: {_SEND_REPORT}")
    for name in ("stdout", "stderr"):
        if len(section[name]) > MAX_SECTION_CHARS:
            raise ReportError(
                f"{where}: {name} is longer than the probe writes ({MAX_SECTION_CHARS} "
                f"characters): {_SEND_REPORT}"
            )
    if not 0 <= section["duration_ms"] <= 600000:
        raise ReportError(f"{where}: duration_ms is out of range: {_SEND_REPORT}")


def _check_report(data: object) -> list[dict[str, Any]]:
    """The report's sections, after a hand-written check against probes/report.schema.json
    (no jsonschema at run time); any departure is a :class:`ReportError`."""
    if not isinstance(data, dict):
        raise ReportError(
            f"the input is {_type_name(data)}, not a vmdoctor report: {_SEND_INSTEAD}"
        )
    schema = data.get("schema")
    if not isinstance(schema, str) or not schema.startswith(REPORT_PREFIX):
        raise ReportError(
            f'the JSON is not a vmdoctor report (no "schema": "{REPORT_SCHEMA}"): {_SEND_INSTEAD}'
        )
    if schema != REPORT_SCHEMA:
        raise ReportError(
            f"the report's schema is {schema[:60]!r}; this vmdoctor reads {REPORT_SCHEMA}: run "
            "the probe that ships with this vmdoctor (vmdoctor probe) and send its report"
        )
    if _depth(data) > MAX_JSON_DEPTH:
        raise ReportError(f"the report is nested deeper than any probe writes: {_SEND_REPORT}")
    _check_fields(data, "the report", _TOP_FIELDS)
    for name in ("probe", "host", "redaction"):
        if not isinstance(data[name], dict):
            raise ReportError(
                f"the report's {name!r} field is {_type_name(data[name])}, not an object: "
                f"{_SEND_REPORT}"
            )
    _check_fields(data["probe"], "the report's 'probe'", ("name", "version", "runtime"))
    _check_fields(data["host"], "the report's 'host'", ("os", "os_release", "arch", "is_admin"))
    if data["host"]["os"] not in ("windows", "linux", "macos"):
        raise ReportError(f"the report's host os is not windows, linux or macos: {_SEND_REPORT}")
    _check_fields(data["redaction"], "the report's 'redaction'", ("applied", "counts"))
    if data["redaction"]["applied"] is not True:
        raise ReportError(f"the report says it was not redacted: {_SEND_REPORT}")
    sections = data["sections"]
    if not isinstance(sections, list):
        raise ReportError(
            f"the report's 'sections' field is {_type_name(sections)}, not a list: {_SEND_REPORT}"
        )
    if len(sections) > MAX_SECTIONS:
        raise ReportError(
            f"the report has {len(sections)} sections; the probe writes at most {MAX_SECTIONS}: "
            f"{_SEND_REPORT}"
        )
    for index, section in enumerate(sections):
        _check_section(index, section)
    return sections


def _depth(data: object) -> int:
    """How deeply lists and objects nest in parsed JSON (iteratively: no recursion limit)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            children: Iterable[object] = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def sections_from_report(data: dict[str, Any]) -> list[Section]:
    """One :class:`Section` per report section that ran (status ok) and printed something;
    ``kind`` is the parser's name. A report that breaks the schema is a :class:`ReportError`."""
    out = []
    for section in _check_report(data):
        if section["status"] != "ok" or not section["stdout"].strip():
            continue
        kind = PROBE_KINDS.get(section["kind"], section["kind"])
        out.append(Section(kind, section["stdout"], f"report:{section['id']}"))
    return out


def sniff(text: str) -> list[Section]:
    """Pasted text -> one section per kind of output recognised in it (each holds the whole
    text: parsers read only the lines they know). Unknown text -> []."""
    from bot.facts.registry import SIGNATURES

    text = text.removeprefix("\ufeff")  # kept out: anchored signatures must see line 1
    # a tool's output shows what it is near its start (or, pasted after other text, its end):
    # looking there keeps a multi-megabyte log from costing seconds per signature
    if len(text) > SNIFF_HEAD + SNIFF_TAIL:
        window = text[:SNIFF_HEAD] + "\n" + text[-SNIFF_TAIL:]
    else:
        window = text
    return [Section(kind, text, "pasted") for kind, sig in SIGNATURES.items() if sig.search(window)]


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if "\x00" in sample:
        return True
    odd = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f\v\x1b") or ch == "\ufffd")
    return odd > max(8, len(sample) // 20)


def read_input(raw: str) -> list[Section]:
    """A probe report (JSON whose "schema" starts with "vmdoctor.report/") or pasted output,
    as sections. Unknown pasted text gives []; input that cannot be used (too big, binary, a
    broken or foreign report, JSON that is no report) raises :class:`InputError` /
    :class:`ReportError` with one line naming what is wrong and what to send instead."""
    if len(raw) > MAX_TEXT_CHARS:
        raise InputError(
            f"the input is {len(raw) // (1024 * 1024)} MB; the limit is "
            f"{MAX_TEXT_CHARS // (1024 * 1024)} MB: send the probe report (vmdoctor probe) or "
            "only the relevant part of the log"
        )
    if _looks_binary(raw):
        raise InputError(f"the input is binary data, not text: {_SEND_INSTEAD}")
    raw = raw.removeprefix("\ufeff")
    text = raw.lstrip(" \t\r\n")
    if not text.startswith(("{", "[")):
        return sniff(raw)
    head = text[:4096]
    is_report = REPORT_PREFIX in head and '"schema"' in head
    if is_report and len(text.replace("\r\n", "\n").encode("utf-8")) > MAX_REPORT_BYTES:
        raise ReportError(
            f"the report is {len(text.encode('utf-8')) // 1024} KB; a vmdoctor report is at "
            f"most {MAX_REPORT_BYTES // 1024} KB: {_SEND_REPORT}"
        )
    try:
        data = json.loads(text)
    except RecursionError:
        raise ReportError(
            f"the input is JSON nested far deeper than a vmdoctor report: {_SEND_INSTEAD}"
        ) from None
    except json.JSONDecodeError as err:
        if is_report:
            raise ReportError(
                f"the report is not valid JSON ({err.msg} at line {err.lineno} column "
                f"{err.colno}); it may be cut short: {_SEND_REPORT}"
            ) from None
        return sniff(raw)  # text that merely starts with a bracket, such as dmesg lines
    if _depth(data) > MAX_JSON_DEPTH:
        raise ReportError(
            f"the input is JSON nested deeper than a vmdoctor report: {_SEND_INSTEAD}"
        )
    if isinstance(data, dict) and ("schema" in data or "sections" in data or "probe" in data):
        return sections_from_report(data)
    found = sniff(raw)  # PowerShell ConvertTo-Json output pasted by hand reads as text
    if not found:
        raise ReportError(
            f'the input is JSON but not a vmdoctor report (no "schema": "{REPORT_SCHEMA}"): '
            f"{_SEND_INSTEAD}"
        )
    return found
