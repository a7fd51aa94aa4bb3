"""Tokens for lexical (BM25) search over English, Japanese and error codes.

- Text is NFKC-normalised first (full-width ASCII that Japanese IMEs produce becomes ASCII).
- ASCII runs: lowercase words and codes; codes keep their punctuation (``0x80370102``,
  ``verr_vmx_no_vmx``, ``hyper-v``, ``/dev/kvm``) and also give their parts. English
  stop words go; a light suffix stemmer folds plurals and ``-ing``/``-ed``.
- Japanese runs: fugashi + unidic-lite morphemes, content words only, as lemmas. UniDic
  lemmas carry English glosses ("リセット-reset", stack-notes §4), which are cut off.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

_ASCII_TOKEN = re.compile(r"[a-z0-9_]+(?:[./\-:][a-z0-9_]+)*")
_JA_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f々〆ー]+")
_PARTS = re.compile(r"[a-z0-9]+")

STOPWORDS = frozenset(
    """a an and are as at be been but by can could did do does doing for from had has have
    how i if in into is it its me my of on or our so than that the their them then there these
    they this to too was we were what when where which while who why will with would you your
    am any get got just also some very please help thanks thank hi hello anyone""".split()
)

_JA_KEEP = frozenset({"名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞", "接尾辞"})
_JA_DROP_LEMMAS = frozenset(
    {"為る", "為", "有る", "居る", "成る", "事", "物", "此の", "其の", "よう"}
)


def _stem(word: str) -> str:
    if not word.isalpha() or len(word) <= 4:
        return word
    for suffix in ("ing", "ed", "s"):
        if (
            word.endswith(suffix)
            and not word.endswith(("ss", "us", "is"))
            and (len(word) - len(suffix) >= 4)
        ):
            return word[: -len(suffix)]
    return word


@functools.cache
def _tagger() -> Any:
    import fugashi  # imported lazily: only Japanese text needs it

    return fugashi.Tagger()


def _japanese(run: str) -> list[str]:
    out: list[str] = []
    for word in _tagger()(run):
        feature = word.feature
        if feature.pos1 not in _JA_KEEP:
            continue
        lemma = feature.lemma or word.surface
        lemma = lemma.split("-", 1)[0]
        if lemma in _JA_DROP_LEMMAS:
            continue
        out.append(lemma)
    return out


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _ascii(text: str) -> list[str]:
    out: list[str] = []
    for token in _ASCII_TOKEN.findall(text):
        parts = _PARTS.findall(token)
        if len(parts) > 1:
            out.append(token)
            out.extend(_stem(p) for p in parts if len(p) > 1 and p not in STOPWORDS)
        elif token not in STOPWORDS and len(token) > 1:
            out.append(_stem(token))
    return out


def tokenize(text: str) -> list[str]:
    """Tokens of a mixed English/Japanese text, in order."""
    text = normalize(text)
    tokens: list[str] = []
    last = 0
    for match in _JA_RUN.finditer(text):
        tokens.extend(_ascii(text[last : match.start()]))
        tokens.extend(_japanese(match.group()))
        last = match.end()
    tokens.extend(_ascii(text[last:]))
    return tokens
