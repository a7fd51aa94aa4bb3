from __future__ import annotations

from bot.retrieval.tokens import tokenize
from tests.conftest import DEV


def test_japanese_kanji_and_katakana_runs_become_bigrams() -> None:
    tokens = tokenize(
        "仮想マシンが開始されなかったのは、ネストされた仮想化がサポートされていないためです"
    )
    assert tokens == [
        "仮想", "マシ", "シン", "開始", "ネス", "スト", "仮想", "想化", "サポ", "ポー", "ート",
    ]  # fmt: skip
    assert not {"が", "は", "され", "ため"} & set(tokens)  # hiragana runs go


def test_a_single_kanji_is_its_own_token_and_codes_inside_japanese_stay_whole() -> None:
    # ja-029 (a Japanese TIL note): "Hyper-V子機で Docker Desktop をインストール後起動した際に…"
    assert tokenize(DEV["ja-029"].question)[:5] == ["hyper-v", "hyper", "子機", "docker", "desktop"]
    # ja-012 (msmn-msmn/til): "…エラーメッセージが出る … エラー コード: Wsl/Service/HCS_E_CONNECTION_TIMEOUT"
    tokens = tokenize(DEV["ja-012"].question)
    assert "出" in tokens  # 出 stands alone between hiragana
    assert "wsl/service/hcs_e_connection_timeout" in tokens
    assert {"起動", "完了", "仮想", "応答"} <= set(tokens)


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
