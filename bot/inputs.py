"""Files users hand us (a probe report, a saved log, pasted output) read as text.

Windows tools write what users save in several encodings: PowerShell 5.1's ``>`` writes
UTF-16 LE with a BOM, ``wsl.exe`` prints UTF-16 LE without one, Japanese Windows consoles
write CP932 (Shift_JIS). We decode by BOM, then UTF-8, then UTF-16 LE when every other byte
is NUL, then CP932; anything else is refused as binary.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from bot.errors import InputError

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
