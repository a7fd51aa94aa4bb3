"""Facts from Windows ``systeminfo`` (English, Japanese and German labels).

Command: ``systeminfo`` (cmd or PowerShell; our probe runs ``systeminfo.exe``). Sample::

    OS Name:                   Microsoft Windows 10 Home
    OS Version:                10.0.19045 N/A Build 19045
    System Model:              VirtualBox
    Processor(s):              1 Processor(s) Installed.
                               [01]: Intel64 Family 6 Model 42 Stepping 7 GenuineIntel ~2008 Mhz
    Hyper-V Requirements:      VM Monitor Mode Extensions: Yes
                               Virtualization Enabled In Firmware: No
                               Second Level Address Translation: Yes
                               Data Execution Prevention Available: Yes

Quirks seen:

- With any hypervisor running (Hyper-V, VBS, or inside most VMs) the four requirement lines
  are replaced by "A hypervisor has been detected. Features required for Hyper-V will not be
  displayed." (Server 2019, Windows 10 Home; systeminfo/windows-server2019-...,
  windows10-home-findstr-hypervisor-detected.txt). The requirements are then UNKNOWN, not No;
  conversely, the requirement lines are only printed when no hypervisor runs.
- Labels are translated: Japanese 「Hyper-V の要件: VM モニター モード拡張機能: はい」,
  「ファームウェアで仮想化が有効になっています」, 「第 2 レベルのアドレス変換」,
  「データ実行防止が使用できます」 and 「ハイパーバイザーが検出されました。…」 (Windows 10 Pro
  1803, 2019; systeminfo/windows10-pro-ja-..., windows-ja-hypervisor-detected.txt); German
  "Anforderungen für Hyper-V", "Virtualisierung in Firmware aktiviert: Ja" (public notes,
  search-index file id 45408514480). A Russian-locale Windows keeps English labels
  (windows10-home-ru-locale-...).
- ``findstr`` keeps only some requirement lines and users re-indent them
  (windows10-home-findstr-firmware-disabled.txt); continuation lines may be indented 15, 24 or
  27 columns; an 80-column console wraps the processor line ("~" / "1329 Mhz",
  windows10-home-x86-...). Lines are matched by label, never by position.
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts
from bot.facts.lines import lines, yes_no
from bot.facts.machines import cpu_vendor, edition, version_facts, vm_model

SOURCE = "systeminfo"

_HEADER = r"(?:Hyper-V Requirements|Hyper-V の要件|Anforderungen für Hyper-V|Hyper-V-Anforderungen)"
_DETECTED = re.compile(
    r"A hypervisor has been detected|ハイパーバイザーが検出されました|"
    r"Es wurde ein Hypervisor erkannt",
    re.I,
)
_REQUIREMENTS = (
    (
        "cpu_has_virt",
        r"VM Monitor Mode Extensions|VM モニター モード拡張機能|"
        r"Erweiterungen für den VM-Überwachungsmodus",
    ),
    (
        "firmware_virt_on",
        r"Virtualization Enabled In Firmware|ファームウェアで仮想化が有効になっています|"
        r"Virtualisierung in Firmware aktiviert",
    ),
    (
        "slat",
        r"Second Level Address Translation|第\s*2\s*レベルのアドレス変換|"
        r"Adressübersetzung der zweiten Ebene",
    ),
    (
        "dep_available",
        r"Data Execution Prevention Available|データ実行防止が使用できます|"
        r"Datenausführungsverhinderung verfügbar",
    ),
)
_REQUIREMENT_LINES = tuple(
    (name, re.compile(r"(?:" + label + r")\s*[:：]\s*(\S+)", re.I)) for name, label in _REQUIREMENTS
)
_OS_NAME = re.compile(r"^(?:OS Name|OS 名|Betriebssystemname)\s*[:：]\s*(.+)$", re.I)
_OS_VERSION = re.compile(
    r"^(?:OS Version|OS バージョン|Betriebssystemversion)\s*[:：]\s*(\d+)\.(\d+)\.(\d+)", re.I
)
_SYSTEM_MAKER = re.compile(
    r"^(?:System Manufacturer|System Model|システム製造元|システム モデル)\s*[:：]\s*(.+)$", re.I
)
_PROCESSOR = re.compile(r"^\[\d+\]:\s*(.*(?:GenuineIntel|AuthenticAMD|Family).*)$")

# the requirements block quoted inside a sentence, its lines run together ("from systeminfo, I
# see that everything is enabled: `Hyper-V Requirements: VM Monitor Mode Extensions: Yes
# Virtualization Enabled In Firmware: Yes ...`", microsoft/WSL#7676): the header followed at
# once by its first requirement is systeminfo's, wherever it stands
_INLINE_HEADER = r"(?:" + _HEADER + r")[ \t]*[:：][ \t]*(?:" + _REQUIREMENTS[0][1] + r")[ \t]*[:：]"

#: lines only systeminfo prints; ``sniff`` uses this to recognise pasted systeminfo
SIGNATURE = re.compile(
    r"^[ \t]*(?:" + _HEADER + r")[ \t]*[:：]|^[ \t]*(?:OS Name|OS 名):[ \t]+Microsoft Windows|"
    r"^[ \t]*(?:Virtualization Enabled In Firmware|VM Monitor Mode Extensions|"
    r"ファームウェアで仮想化が有効になっています)[ \t]*[:：]|"
    + _INLINE_HEADER
    + "|"
    + _DETECTED.pattern,
    re.M | re.I,
)


def read(text: str) -> Facts:
    facts: list[Fact] = []
    detected = False
    header: str | None = None
    requirements: list[Fact] = []
    os_name: str | None = None
    version: tuple[int, int, int, str] | None = None
    for line in lines(text):
        if header is None and (
            re.match(_HEADER + r"\s*[:：]", line, re.I) or re.search(_INLINE_HEADER, line, re.I)
        ):
            header = line
        if _DETECTED.search(line):
            detected = True
            facts.append(Fact("hypervisor_present", True, line, SOURCE))
        for name, pattern in _REQUIREMENT_LINES:
            m = pattern.search(line)
            if m and (value := yes_no(m.group(1))) is not None:
                requirements.append(Fact(name, value, line, SOURCE))
        if m := _OS_NAME.match(line):
            os_name = m.group(1)
            facts.append(Fact("os_family", "windows", line, SOURCE))
            if (found := edition(os_name)) is not None:
                facts.append(Fact("windows_edition", found, line, SOURCE))
        elif m := _OS_VERSION.match(line):
            version = (int(m.group(1)), int(m.group(2)), int(m.group(3)), line)
        elif m := _SYSTEM_MAKER.match(line):
            if (outer := vm_model(m.group(1))) is not None:
                facts.append(Fact("is_guest", True, line, SOURCE))
                facts.append(Fact("outer_hypervisor", outer, line, SOURCE))
        elif (m := _PROCESSOR.match(line)) and (vendor := cpu_vendor(m.group(1))):
            facts.append(Fact("cpu_vendor", vendor, line, SOURCE))
    if version is not None:
        client = None if os_name is None else edition(os_name) not in (None, "server")
        facts.extend(version_facts(*version[:3], client, version[3], SOURCE))
    if not detected:
        # the requirement lines are printed only when no hypervisor runs
        facts.extend(requirements)
        if header is not None and requirements:
            facts.append(Fact("hypervisor_present", False, header, SOURCE))
    if header is not None:
        facts.append(Fact("os_family", "windows", header, SOURCE))
    return Facts.of(facts)
