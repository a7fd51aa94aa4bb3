"""Japanese domain terms and their English equivalents, for the dense query.

The embedding model (all-MiniLM-L6-v2) was trained on English: a Japanese question embeds as
little more than its ASCII words. So for a Japanese question the dense model reads an English
gist instead: the question's own ASCII text (error codes, product names, pasted English
messages) followed by the English of the Japanese domain terms it uses. BM25 still reads the
Japanese itself, against the Japanese cards.

Terms follow Microsoft's Japanese UI and documentation wording (仮想マシン プラットフォーム =
Virtual Machine Platform, メモリ整合性 = Memory integrity, 入れ子になった仮想化 = nested
virtualization) and the words users write in Japanese posts.
"""

from __future__ import annotations

import re
import unicodedata

# Longer terms first where one contains another.
TERMS: tuple[tuple[str, str], ...] = (
    ("入れ子になった仮想化", "nested virtualization"),
    ("ネストされた仮想化", "nested virtualization"),
    ("ネスト化された仮想化", "nested virtualization"),
    ("入れ子", "nested"),
    ("ネスト", "nested"),
    ("仮想マシン プラットフォーム", "Virtual Machine Platform"),
    ("仮想マシンプラットフォーム", "Virtual Machine Platform"),
    ("ハイパーバイザー プラットフォーム", "Windows Hypervisor Platform"),
    ("ハイパーバイザープラットフォーム", "Windows Hypervisor Platform"),
    ("ハイパーバイザー", "hypervisor"),
    ("ハイパーバイザ", "hypervisor"),
    ("仮想マシン", "virtual machine"),
    ("仮想化支援機能", "hardware virtualization VT-x AMD-V"),
    ("仮想化支援", "hardware virtualization VT-x AMD-V"),
    ("仮想化", "virtualization"),
    ("仮想ディスク", "virtual disk"),
    ("仮想スイッチ", "virtual switch"),
    ("メモリ整合性", "Memory integrity"),
    ("コア分離", "Core isolation"),
    ("資格情報ガード", "Credential Guard"),
    ("デバイス ガード", "Device Guard"),
    ("セキュリティ ソフト", "antivirus security software"),
    ("セキュリティソフト", "antivirus security software"),
    ("ウイルス対策", "antivirus"),
    ("ファームウェア", "firmware"),
    ("第 2 レベルのアドレス変換", "Second Level Address Translation SLAT"),
    ("第2レベルのアドレス変換", "Second Level Address Translation SLAT"),
    ("データ実行防止", "Data Execution Prevention"),
    ("エミュレーター", "emulator"),
    ("エミュレータ", "emulator"),
    ("サンドボックス", "Sandbox"),
    ("ゲスト", "guest"),
    ("ホスト", "host"),
    ("クラウド", "cloud"),
    ("インスタンス", "instance"),
    ("保存された状態", "saved state"),
    ("保存状態", "saved state"),
    ("チェックポイント", "checkpoint"),
    ("スナップショット", "snapshot"),
    ("サスペンド", "suspend"),
    ("休止状態", "hibernation"),
    ("メモリ不足", "not enough memory"),
    ("メモリ", "memory"),
    ("ディスク", "disk"),
    ("容量不足", "not enough disk space"),
    ("ロック", "lock"),
    ("アクセス拒否", "access denied"),
    ("アクセスが拒否", "access denied"),
    ("権限", "permission"),
    ("アクセス許可", "permission"),
    ("カーネル モジュール", "kernel module"),
    ("カーネルモジュール", "kernel module"),
    ("カーネル", "kernel"),
    ("ドライバー", "driver"),
    ("ドライバ", "driver"),
    ("サービス", "service"),
    ("ネットワーク", "network"),
    ("タイムアウト", "timed out"),
    ("アップデート", "update"),
    ("更新", "update"),
    ("アップグレード", "upgrade"),
    ("再起動", "restart reboot"),
    ("電源", "power"),
    ("起動しない", "does not start"),
    ("起動できない", "cannot start"),
    ("起動できません", "cannot start"),
    ("起動しません", "does not start"),
    ("開始できません", "could not be started"),
    ("開始されなかった", "could not be started"),
    ("起動", "start boot"),
    ("開始", "start"),
    ("無効", "disabled"),
    ("有効", "enabled"),
    ("サポートされていません", "is not supported"),
    ("サポートされていない", "not supported"),
    ("見つかりません", "not found"),
    ("インストール", "install"),
    ("機能", "feature"),
    ("エディション", "edition"),
    ("ホーム", "Home"),
    ("競合", "conflict"),
    ("共存", "coexist"),
    ("遅い", "slow"),
    ("遅く", "slow"),
    ("重く", "slow"),
    ("立ち上がらない", "does not start"),
    ("立ち上がりません", "does not start"),
    ("ログイン", "sign in"),
    ("ログオン", "sign in"),
    ("ログ", "log"),
    ("ブルースクリーン", "blue screen BSOD crash"),
    ("ブルー スクリーン", "blue screen BSOD crash"),
    ("フリーズ", "freeze hang"),
    ("固まる", "freeze hang"),
    ("応答", "response not responding"),
    ("破損", "corrupt damaged"),
    ("壊れ", "corrupt broken"),
    ("不正な状態", "invalid state"),
    ("状態", "state"),
    ("互換性", "compatibility compatible"),
    ("割り当て", "assigned allocated"),
    ("構成", "configuration configure"),
    ("設定", "settings"),
    ("接続", "connection"),
    ("見つからない", "not found missing"),
    ("存在しない", "does not exist missing"),
    ("読み込", "load"),
    ("動かない", "does not work"),
    ("使えない", "cannot use"),
    ("ファイル", "file"),
    ("圧縮", "compressed"),
    ("暗号化", "encrypted"),
    ("突然", "suddenly"),
    ("エラー", "error"),
    ("失敗", "failed"),
    ("古い", "old"),
    ("プロセッサ", "processor CPU"),
    ("コンテナー", "container"),
    ("コンテナ", "container"),
)

_ASCII_RUN = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?")
_KANA = re.compile(r"[\u3040-\u30ff]")


def english_gist(question: str, *, limit: int = 1500) -> str:
    """For a Japanese question: its ASCII text, then the English of its domain terms.
    Other text comes back unchanged."""
    if not _KANA.search(question):
        return question[:limit]
    text = unicodedata.normalize("NFKC", question)
    ascii_parts = " ".join(p for p in _ASCII_RUN.findall(text) if len(p) > 1)
    found: list[str] = []
    rest = text
    for ja, en in TERMS:
        if ja in rest:
            found.append(en)
            rest = rest.replace(ja, " ")
    gist = " ".join([ascii_parts, *dict.fromkeys(found)]).strip()
    return (gist or question)[:limit]
