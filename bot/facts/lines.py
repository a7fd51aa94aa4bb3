"""Lines of pasted or captured output, and the yes/no words tools print.

Every parser reads text line by line and quotes the line a fact came from. A quote is the line
with surrounding whitespace stripped (``str.strip`` only cuts the ends, so the quote is still a
verbatim substring of the input, CRLF or not).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.facts import Fact

#: "Yes"/"No" as systeminfo prints them in English, Japanese and German Windows, and the
#: True/False PowerShell prints for booleans.
_YES = frozenset({"yes", "true", "はい", "ja"})
_NO = frozenset({"no", "false", "いいえ", "nein"})


def lines(text: str) -> Iterator[str]:
    """Each line of ``text``, stripped; empty lines are skipped."""
    for raw in text.splitlines():
        line = raw.strip().lstrip("\ufeff").strip()  # a BOM opens UTF-8 files from Notepad
        if line:
            yield line


def yes_no(word: str) -> bool | None:
    """True for yes/true/はい/ja, False for no/false/いいえ/nein, None for anything else. A
    closing quote mark a user's paste leaves on the word ("Yes`") does not change it."""
    w = word.strip().strip(".。`'\"").casefold()
    if w in _YES:
        return True
    if w in _NO:
        return False
    return None


def first_line(text: str, pattern: re.Pattern[str]) -> str | None:
    """The stripped line holding the first match of ``pattern``, if any."""
    m = pattern.search(text)
    if m is None:
        return None
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    line = text[start : end if end >= 0 else len(text)].strip()
    return line or None


def os_fact(text: str, pattern: re.Pattern[str], family: str, source: str) -> list[Fact]:
    """``os_family`` from the line that shows which tool wrote ``text`` (only that OS has it)."""
    line = first_line(text, pattern)
    return [] if line is None else [Fact("os_family", family, line, source)]
