"""Facts from ``Get-WindowsOptionalFeature -Online`` (table, list or ``ConvertTo-Json``) and
``dism /online /get-featureinfo``.

Command: ``Get-WindowsOptionalFeature -Online -FeatureName VirtualMachinePlatform`` (our
probe asks for the five features below and writes JSON). Sample::

    FeatureName                                State
    -----------                                -----
    VirtualMachinePlatform                   Enabled
    Microsoft-Hyper-V-All                    Enabled
    Containers-DisposableClientVM           Disabled

Quirks seen:

- The State column is right-aligned and wider than its dashes ("Disabled" starts left of
  "-----"; Windows 11, get-windowsoptionalfeature/windows11-hyperv-vmp-...txt, 2026).
- States are enum names: Enabled, Disabled, DisabledWithPayloadRemoved, EnablePending,
  DisablePending; DISM prints "Enable Pending". A pending state means a reboot is due
  ("pending"). PowerShell's enum names are not translated; DISM's localized states are not read.
- A feature the edition lacks (Hyper-V on Home) is absent, or null in our probe's JSON: unknown.
- Microsoft-Hyper-V-All is the parent of Microsoft-Hyper-V (the platform); when both are shown
  the parent stands for "Hyper-V".
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import os_fact
from bot.facts.records import as_text, records

SOURCE = "optional_features"

SIGNATURE = re.compile(r"^[ \t]*\"?(?:FeatureName|Feature Name)\"?[ \t]*(?::|[ \t]+State\b)", re.M)

#: (feature name, fact), in order of preference for the same fact
_FEATURES = (
    ("microsoft-hyper-v-all", "feature_hyperv"),
    ("microsoft-hyper-v", "feature_hyperv"),
    ("virtualmachineplatform", "feature_vmp"),
    ("hypervisorplatform", "feature_whp"),
    ("containers-disposableclientvm", "feature_sandbox"),
    ("microsoft-windows-subsystem-linux", "feature_wsl"),
)


def state(word: str) -> str | None:
    """ "enabled"/"disabled"/"pending" from a feature State."""
    w = word.replace(" ", "").lower()
    if w == "enabled":
        return "enabled"
    if w in ("disabled", "disabledwithpayloadremoved"):
        return "disabled"
    if w in ("enablepending", "disablepending"):
        return "pending"
    return None


_DISM_NAME = re.compile(r"^Feature Name\s*:\s*(\S+)\s*$", re.I)
_DISM_STATE = re.compile(r"^State\s*:\s*(.+?)\s*$", re.I)


def _span(text: str, first: str, second: str) -> str:
    """The verbatim text from ``first`` through ``second`` (a name and its state), when close."""
    if first == second:
        return first
    start = text.find(first)
    end = text.find(second, start + len(first)) if start >= 0 else -1
    if start < 0 or end < 0 or end - start > 1000:
        return second
    return text[start : end + len(second)]


def _dism(text: str) -> list[tuple[str, str, str]]:
    """(feature, state, quote) from ``dism /get-featureinfo`` / ``/get-features`` output."""
    out: list[tuple[str, str, str]] = []
    name: tuple[str, str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if m := _DISM_NAME.match(line):
            name = (m.group(1), line)
        elif name and (m := _DISM_STATE.match(line)):
            out.append((name[0], m.group(1), _span(text, name[1], line)))
            name = None
    return out


def read(text: str) -> Facts:
    pairs: list[tuple[str, str, str]] = []  # (feature, state, quote)
    for record in records(text):
        name = record.get("featurename")
        status = record.get("state")
        if name is None or status is None:
            continue
        feature, value = as_text(name.value), as_text(status.value)
        if feature is not None and value is not None:
            pairs.append((feature, value, _span(text, name.quote, status.quote)))
    pairs += _dism(text)
    seen: dict[str, tuple[str, str]] = {}  # feature -> (state, quote)
    for feature, value, quote in pairs:
        if (found := state(value)) is not None:
            seen.setdefault(feature.lower(), (found, quote))
    facts: list[Fact] = []
    for feature, fact in _FEATURES:
        if feature in seen and all(f.name != fact for f in facts):
            found, quote = seen[feature]
            facts.append(Fact(fact, found, quote, SOURCE))
    if not facts:
        return Facts()
    return Facts.of([*facts, *os_fact(text, SIGNATURE, "windows", SOURCE)])
