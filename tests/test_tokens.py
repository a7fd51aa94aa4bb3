from __future__ import annotations

from bot.retrieval.tokens import tokenize


def test_japanese_is_split_into_content_words() -> None:
    tokens = tokenize(
        "仮想マシンが開始されなかったのは、ネストされた仮想化がサポートされていないためです"
    )
    assert {"仮想", "マシン", "開始", "ネスト", "サポート"} <= set(tokens)
    assert "が" not in tokens and "は" not in tokens  # particles go


def test_error_codes_stay_whole_and_give_their_parts() -> None:
    tokens = tokenize("Error: 0x80370102 ... (VERR_VMX_MSR_ALL_VMX_DISABLED) on Hyper-V")
    assert "0x80370102" in tokens
    assert "verr_vmx_msr_all_vmx_disabled" in tokens
    assert "hyper-v" in tokens and "hyper" in tokens


def test_full_width_ascii_from_japanese_imes_is_normalised() -> None:
    assert tokenize("ＷＳＬ２") == tokenize("WSL2")


def test_english_stop_words_go_and_plurals_fold() -> None:
    tokens = tokenize("Why are the machines not starting?")
    assert "the" not in tokens and "why" not in tokens
    assert "machin" in tokens or "machine" in tokens
    assert tokenize("machines") == tokenize("machine")
