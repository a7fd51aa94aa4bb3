"""Facts from ``bcdedit`` (``bcdedit /enum {current}``, or plain ``bcdedit``).

Command: ``bcdedit /enum {current}`` (our probe; needs an elevated prompt). Sample::

    Windows Boot Loader
    -------------------
    identifier              {current}
    description             Windows 11
    hypervisorlaunchtype    Auto

Quirks seen:

- Section titles are translated and so, in some languages, is the identifier key (German
  "Windows-Startladeprogramm" / "Bezeichner", Simplified Chinese 「Windows 启动加载器」 /
  「标识符」, Traditional Chinese 「Windows 開機載入器」 with "identifier"; Windows 10, 2020;
  bcdedit/*.txt); every other key, "hypervisorlaunchtype" included, stays English, and the
  value is Auto/Off in any language. So an entry is found by its ``{current}`` value, not by
  its key name.
- Only the running entry counts: a dual-boot Windows 7 entry has no hypervisorlaunchtype
  (windows10-de-...). A missing line is unknown, not Off.
- A pasted session can show the setting before and after ``bcdedit /set hypervisorlaunchtype
  off`` (2020: windows10-zh-cn-auto-then-set-off.txt): the last listing is the current state. The
  ``/set`` command line itself is not a setting.
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import os_fact

SOURCE = "bcdedit"

_SETTING = re.compile(r"^hypervisorlaunchtype\s+(\w+)\s*$", re.I)
# the first line under a section's dashes is its identifier, whatever the key is called
_IDENTIFIER = re.compile(r"^\S+\s+(\{[^}]*\})\s*$")

SIGNATURE = re.compile(
    r"^[ \t]*hypervisorlaunchtype[ \t]+(?:Auto|Off)\b|"
    r"^[ \t]*(?:identifier|Bezeichner|标识符)[ \t]+\{(?:current|bootmgr)\}|"
    r"^[ \t]*Windows Boot (?:Manager|Loader)[ \t\r]*$",
    re.M | re.I,
)


def read(text: str) -> Facts:
    found: list[tuple[str, str]] = []  # (value, quote) of each setting in the running entry
    loose: list[tuple[str, str]] = []  # settings pasted without their section
    entry: str | None = None  # the identifier of the section being read
    after_dashes = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if set(line) == {"-"}:
            after_dashes = True
            continue
        if after_dashes:
            after_dashes = False
            m = _IDENTIFIER.match(line)
            entry = m.group(1).lower() if m else ""
            continue
        if m := _SETTING.match(line):
            value = m.group(1).lower()
            if value not in ("auto", "off"):
                continue
            if entry is None:
                loose.append((value, line))
            elif entry == "{current}":
                found.append((value, line))
    chosen = found or loose
    if not chosen:
        return Facts()
    value, quote = chosen[-1]  # the last listing is the state now
    facts = [Fact("hypervisorlaunchtype", value, quote, SOURCE)]
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "windows", SOURCE)])
