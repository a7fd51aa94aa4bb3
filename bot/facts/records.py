"""PowerShell objects as text: ``Format-List`` ("Name : Value"), ``Format-Table`` (a header,
a line of dashes, rows) and ``ConvertTo-Json``, read into records of fields with quotes.

Users paste whichever form their command printed; our probes write ``ConvertTo-Json``. A
:class:`Field` keeps the verbatim text it was read from: the row of a table, the "Name : Value"
line (with its continuation lines) of a list, or the ``"Name": value`` span of JSON.

Quirks seen:

- Windows PowerShell 5.1 underlines only the header text with dashes, not the column, and
  right-aligns booleans and enums, so a cell can start left of its dashes ("Disabled" under
  "State", tests/fixtures/outputs/get-windowsoptionalfeature/, 2026); columns are found by the
  character positions that are blank in every line of the table.
- Format-List wraps long values onto indented continuation lines (``OsSuites : {A, B,`` /
  ``C}``, tests/fixtures/outputs/get-computerinfo/windows-server-vm-...txt) and truncates long
  arrays with ``...`` (``{1, 2, 3, 5...}``, tests/fixtures/outputs/win32-deviceguard/, 2020).
- A pasted list can lose its padding (``HyperVisorPresent: False``, get-computerinfo fixture).
- ConvertTo-Json on 5.1 puts two spaces after the colon and escapes ``< > ' &`` as ``\\u003c``
  ...; values are numbers, booleans, null, strings or arrays (probes/vmdoctor-probe.ps1).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.facts.lines import yes_no

JsonValue = object


@dataclass(frozen=True)
class Field:
    key: str
    value: JsonValue  # a JSON value, or the text of a list value or table cell
    quote: str  # verbatim from the input


#: one object: fields by lower-cased property name
Record = dict[str, Field]

_LIST_LINE = re.compile(r"^[ \t]*([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]|$)(.*)$")
_DASHES = re.compile(r"^[ \t]*-+(?:[ \t]+-+)*[ \t]*$")
# an object with a key, or an array of objects: what ConvertTo-Json writes for our commands
_JSON_START = re.compile(r"^[ \t]*(\{\s*\"|\[\s*\{)", re.M)
# PowerShell objects are small; decoding within a window keeps a failed attempt in a huge
# paste from costing time in proportion to the whole text (json counts lines up to an error)
_JSON_WINDOW = 256 * 1024
_DECODER = json.JSONDecoder()


@functools.lru_cache(maxsize=2)
def records(text: str) -> tuple[Record, ...]:
    """Every object in ``text``, in JSON, list or table form, in that order. (Several parsers
    read the same text; the last two texts' records are kept. Callers must not change them.)"""
    return (*_json_records(text), *_list_records(text), *_table_records(text))


# -- ConvertTo-Json ----------------------------------------------------------------------------


def _json_records(text: str) -> Iterator[Record]:
    pos = 0
    while True:
        m = _JSON_START.search(text, pos)
        if m is None:
            return
        start = m.start(1)
        blank = text.find("\n\n", start)
        stop = min(start + _JSON_WINDOW, blank if blank >= 0 else len(text))
        window = text[start:stop]
        try:
            value, length = _DECODER.raw_decode(window)
        except (ValueError, RecursionError):
            pos = m.end()
            continue
        end = start + length
        if isinstance(value, dict):
            yield _json_record(text, start, end, value)
        elif isinstance(value, list):
            yield from _json_array(text, start, end)
        pos = end


def _json_array(text: str, start: int, end: int) -> Iterator[Record]:
    """The objects of a top-level JSON array, each with its own span for quoting."""
    pos = start + 1
    while pos < end:
        while pos < end and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= end or text[pos] == "]":
            return
        try:
            value, length = _DECODER.raw_decode(text[pos:end])
        except (ValueError, RecursionError):
            return
        if isinstance(value, dict):
            yield _json_record(text, pos, pos + length, value)
        pos += length


def _json_record(text: str, start: int, end: int, obj: dict[str, JsonValue]) -> Record:
    record: Record = {}
    for key, value in obj.items():
        quote = _json_quote(text, start, end, key) or key
        record[key.lower()] = Field(key, value, quote)
    return record


def _json_quote(text: str, start: int, end: int, key: str) -> str | None:
    m = re.compile(r'"' + re.escape(key) + r'"\s*:\s*').search(text, start, end)
    if m is None:
        return None
    try:
        _, length = _DECODER.raw_decode(text[m.end() : end])
    except (ValueError, RecursionError):
        return None
    return text[m.start() : m.end() + length]


# -- Format-List -------------------------------------------------------------------------------


def _list_records(text: str) -> Iterator[Record]:
    record: Record = {}
    key = ""  # the field being read, if any
    indent = 0  # its line's indentation: deeper lines continue its value
    parts: list[str] = []
    first = last = 0  # the span of its quote
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        begin = offset + len(body) - len(body.lstrip())
        offset += len(raw)
        if key and stripped and _indent(body) > indent:
            parts.append(stripped)  # a wrapped value goes on, indented deeper than its name
            last = begin + len(stripped)
            continue
        if key:
            record[key.lower()] = Field(key, " ".join(p for p in parts if p), text[first:last])
            key = ""
        m = _LIST_LINE.match(body)
        if m:
            key, indent, parts = m.group(1), _indent(body), [m.group(2).strip()]
            first, last = begin, begin + len(stripped)
        elif record:
            yield record  # a blank line or other text ends the object
            record = {}
    if key:
        record[key.lower()] = Field(key, " ".join(p for p in parts if p), text[first:last])
    if record:
        yield record


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


# -- Format-Table ------------------------------------------------------------------------------


def _table_records(text: str) -> Iterator[Record]:
    raw = text.splitlines(keepends=True)
    starts = [0]
    for line in raw:
        starts.append(starts[-1] + len(line))
    rows = [line.rstrip("\r\n") for line in raw]
    for i, dashes in enumerate(rows):
        if i == 0 or not _DASHES.match(dashes) or not rows[i - 1].strip():
            continue
        header = rows[i - 1]
        body: list[tuple[str, str]] = []  # (row, its quote)
        for j in range(i + 1, len(rows)):
            line = rows[j]
            if not line.strip() or _DASHES.match(line):
                break
            # a row with one value says little alone: quote it with its header
            whole = text[starts[i - 1] : starts[j] + len(line)].strip()
            body.append((line, whole if len(line.split()) == 1 else line.strip()))
        yield from _table(header, dashes, body)


def _table(header: str, dashes: str, body: list[tuple[str, str]]) -> Iterator[Record]:
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", dashes)]
    names = [header[s:e].strip() for s, e in spans]
    if not body or not all(names):
        return
    block = [header, dashes, *(line for line, _ in body)]
    width = max(len(line) for line in block)
    blank = [all(k >= len(line) or line[k] in " \t" for line in block) for k in range(width)]
    segments: list[tuple[int, int]] = []
    k = 0
    while k < width:
        if blank[k]:
            k += 1
            continue
        s = k
        while k < width and not blank[k]:
            k += 1
        segments.append((s, k))
    # each run of non-blank positions belongs to the column whose dashes it overlaps; a run
    # over no dashes continues the column on its left (a name with spaces in it)
    columns: dict[int, tuple[int, int]] = {}
    current = 0
    for s, e in segments:
        hit = next((c for c, (ds, de) in enumerate(spans) if s < de and ds < e), None)
        current = hit if hit is not None else current
        lo, hi = columns.get(current, (s, e))
        columns[current] = (min(lo, s), max(hi, e))
    for line, quote in body:
        record: Record = {}
        for c, (lo, hi) in columns.items():
            record[names[c].lower()] = Field(names[c], line[lo:hi].strip(), quote)
        yield record


# -- values ------------------------------------------------------------------------------------


def as_bool(value: JsonValue) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return yes_no(value)
    return None


def as_int(value: JsonValue) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def as_ints(value: JsonValue) -> tuple[frozenset[int], bool] | None:
    """The numbers of an array value and whether PowerShell cut the list short (``...``).

    ``[1, 2]`` (JSON), ``{1, 2}`` or ``{1, 2, 3, 5...}`` (list/table), a lone number."""
    if isinstance(value, list):
        nums = [v for v in value if isinstance(v, int) and not isinstance(v, bool)]
        return (frozenset(nums), False) if len(nums) == len(value) else None
    single = as_int(value)
    if single is not None:
        return frozenset({single}), False
    if isinstance(value, str):
        s = value.strip()
        if not (s.startswith("{") and s.endswith("}")):
            return None
        inner = s[1:-1]
        truncated = inner.endswith(("...", "…"))
        inner = inner.rstrip(".…")
        items = [p.strip() for p in inner.split(",") if p.strip()]
        if not all(p.isdigit() for p in items):
            return None
        return frozenset(int(p) for p in items), truncated
    return None


def as_text(value: JsonValue) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def field(records: list[Record], *keys: str) -> Iterator[tuple[Record, Field]]:
    """Each record's field named by the first of ``keys`` it has, with the record."""
    for record in records:
        for key in keys:
            found = record.get(key.lower())
            if found is not None:
                yield record, found
                break
