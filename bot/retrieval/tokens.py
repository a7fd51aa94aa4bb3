"""Tokens for lexical (BM25) search over English, Japanese and error codes.

- Text is NFKC-normalised first (full-width ASCII that Japanese IMEs produce becomes ASCII).
- ASCII runs: lowercase words and codes; codes keep their punctuation (``0x80370102``,
  ``verr_vmx_no_vmx``, ``hyper-v``, ``/dev/kvm``) and also give their parts. English
  stop words go; a light suffix stemmer folds plurals and ``-ing``/``-ed``.
- Japanese runs: overlapping two-character pieces (bigrams) of each katakana and each kanji
  run; a one-character run is its own token. Hiragana runs (particles, endings) go. Bigrams
  need no dictionary: a morphological analyser (fugashi + unidic-lite) scored the same or
  worse on the dev set and its dictionary pages added about 80 MB to a process answering
  Japanese.
"""

from __future__ import annotations

import re
import unicodedata

_ASCII_TOKEN = re.compile(r"[a-z0-9_]+(?:[./\-:][a-z0-9_]+)*")
_JA_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f々〆ー]+")
_PARTS = re.compile(r"[a-z0-9]+")
_JA_SCRIPT = re.compile(  # one run each of hiragana, katakana, kanji
    r"[\u3040-\u309f]+|[\u30a0-\u30ff\uff66-\uff9f]+|[\u3400-\u4dbf\u4e00-\u9fff々〆]+"
)
_HIRAGANA = re.compile(r"[\u3040-\u309f]+")

STOPWORDS = frozenset(
    """a an and are as at be been but by can could did do does doing for from had has have
    how i if in into is it its me my of on or our so than that the their them then there these
    they this to too was we were what when where which while who why will with would you your
    am any get got just also some very please help thanks thank hi hello anyone""".split()
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


def _japanese(run: str) -> list[str]:
    out: list[str] = []
    for script in _JA_SCRIPT.finditer(run):
        part = script.group()
        if _HIRAGANA.fullmatch(part):
            continue
        if len(part) == 1:
            out.append(part)
        else:
            out.extend(part[i : i + 2] for i in range(len(part) - 1))
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
