"""Which language a question is in: ``ja`` or ``en``.

Japanese sentences carry hiragana or katakana; kanji alone are shared with Chinese, so a
question counts as Japanese when it has kana, and everything else is answered in English.
Pasted English error text inside a Japanese question does not change its language.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["en", "ja"]

_KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\uff66-\uff9f]")


def detect(text: str) -> Language:
    return "ja" if _KANA.search(text) else "en"
