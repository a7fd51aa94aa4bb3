"""Facts from WSL: ``wsl --status``, ``wsl --version`` and WSL's error output, including the
Host Compute Service (HCS) codes that WSL, Docker Desktop and other HCS clients print.

Commands: ``wsl --status``, ``wsl --version`` (our probe), ``wsl --install``, a distro
launcher. Samples::

    Default Version: 2

    WslRegisterDistribution failed with error: 0x80370102
    Error: 0x80370102 The virtual machine could not be started because a required feature is
    not installed.

    Error code: Wsl/Service/CreateInstance/CreateVm/HCS/HCS_E_HYPERV_NOT_INSTALLED

Quirks seen:

- The same failure shows as a hex HRESULT (older WSL, distro launchers) or as a
  "Wsl/.../HCS_E_*" path (WSL 1.x/2.x, Docker Desktop); 0x80370102 is HCS_E_HYPERV_NOT_INSTALLED
  and 0x80370114 HCS_E_SERVICE_NOT_AVAILABLE (winerror.h). hcs_error holds the name.
- Messages are translated, and launchers print them in the console code page, so accented
  letters arrive as mojibake ("opÚration", "mßquina"; wsl/windows10-fr-..., windows-es-...txt);
  the codes survive, so codes are what is read; besides them, only the English and Japanese
  words of HCS_E_HYPERV_NOT_INSTALLED, which early WSL 2 printed without a code and which
  users often paste without the code line.
- Docker Desktop quotes WSL's message with literal "\\r\\n" escapes inside a line
  (docker-desktop/windows-unexpected-wsl-error-hcs-e-service-not-available.txt, 2024).
- ``wsl --status`` labels are translated; English "Default Version:" is read.
- ``wsl --version`` prints "Windows version: 10.0.22631.2861": the build says Windows 10 or 11.
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines
from bot.facts.machines import version_facts

SOURCE = "wsl"

#: WSL's own words for HCS_E_HYPERV_NOT_INSTALLED, printed without the code by early WSL 2
#: ("Please enable the Virtual Machine Platform Windows feature and ensure virtualization is
#: enabled in the BIOS.", microsoft/WSL#4930) and as the first line of the newer message
#: (microsoft/WSL#10332, where the code follows on a later line; its Japanese text too)
#: WSL's Japanese for "WSL 2 is not supported with your current machine configuration"
_JA_NOT_SUPPORTED = "は、現在のマシン構成ではサポートされていません"
_NO_HYPERVISOR_TEXT = re.compile(
    r"Please enable the Virtual Machine Platform Windows feature and ensure virtualization|"
    r"\bWSL ?2 is not supported with your current machine configuration|"
    r"WSL ?2 " + _JA_NOT_SUPPORTED
)

SIGNATURE = re.compile(
    r"\bWsl/[A-Za-z]|\bWslRegisterDistribution\b|\bHCS_E_[A-Z_]+|\bHcs\w+ failed\b|"
    r"^[ \t]*(?:Default Version|WSL version|Default Distribution):|Unexpected WSL error|"
    r"\bWSL ?2 (?:is not supported|" + _JA_NOT_SUPPORTED + ")|"
    r"Please enable the Virtual Machine Platform Windows feature|aka\.ms/wsl2-install|"
    r"\b0x8037(?:0102|0114)\b",
    re.M,
)

_HCS_CODES = {
    "0x80370102": "HCS_E_HYPERV_NOT_INSTALLED",
    "0x80370114": "HCS_E_SERVICE_NOT_AVAILABLE",
}
_NAMED = re.compile(r"\b(HCS_E_[A-Z_]+)\b")
_HEX = re.compile(r"\b(0x8037[0-9a-fA-F]{4})\b")
_DEFAULT_VERSION = re.compile(r"^Default Version:\s*([12])\s*$")
_WINDOWS_VERSION = re.compile(r"^Windows version:\s*(\d+)\.(\d+)\.(\d+)")


def read(text: str) -> Facts:
    facts: list[Fact] = []
    for line in lines(text):
        if m := _NAMED.search(line):
            facts.append(Fact("hcs_error", m.group(1), line, SOURCE))
        elif (m := _HEX.search(line)) and m.group(1).lower() in _HCS_CODES:
            facts.append(Fact("hcs_error", _HCS_CODES[m.group(1).lower()], line, SOURCE))
        elif _NO_HYPERVISOR_TEXT.search(line):
            facts.append(Fact("hcs_error", "HCS_E_HYPERV_NOT_INSTALLED", line, SOURCE))
        if m := _DEFAULT_VERSION.match(line):
            facts.append(Fact("wsl_default_version", int(m.group(1)), line, SOURCE))
        elif m := _WINDOWS_VERSION.match(line):
            major, minor, build = (int(g) for g in m.groups())
            facts += version_facts(major, minor, build, True, line, SOURCE)
    if facts:
        facts.append(Fact("os_family", "windows", facts[0].quote, SOURCE))
    return Facts.of(facts)
