from __future__ import annotations

import pytest

from bot.language import detect


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "仮想マシンが開始されなかったのは、ネストされた仮想化がサポートされていないためです",
            "ja",
        ),
        ("WSL2 で 0x80370102 が出ます", "ja"),
        ("VirtualBox：VT-x is not available (VERR_VMX_NO_VMX) と表示されて起動しません", "ja"),
        ("The virtual machine could not be started because the hypervisor is not running", "en"),
        # Chinese (no kana) is answered in English, the closer of our two languages for it
        ("此平台不支持虚拟化的 AMD-V/RVI。", "en"),
        ("仮想化支援機能", "en"),  # bare kanji: no kana, so not known to be Japanese
        ("", "en"),
    ],
)
def test_detects_the_question_language(text: str, lang: str) -> None:
    assert detect(text) == lang
