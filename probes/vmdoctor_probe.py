#!/usr/bin/env python3
"""vmdoctor probe: why won't a VM start on this machine? Collect the raw facts, redacted.

Run it as one file, with nothing but Python 3.8+ (Linux, Windows, macOS)::

    python3 vmdoctor_probe.py [--out FILE] [--dry-run] [--timeout SECONDS]

It runs the checks in ``CHECKS`` that apply to this OS, records each one's RAW output (no
interpretation: parsing happens in vmdoctor's ``bot/facts/``), replaces private values with
consistent pseudonyms (``<host-1>``, ``<user-1>``, ``<ip-1>`` ...) and writes one
``vmdoctor.report/1`` JSON document (``report.schema.json`` next to this file).

What the caller must know:

- It opens no network connection and changes nothing, except that it opens ``/dev/kvm`` and
  asks for one KVM VM which it closes at once (what any VMM does at start).
- Unprivileged first: checks that need administrator/root are skipped when not elevated; the
  report says which and why.
- Bounded: 10 s per command, 30 s for the whole probe, 64 KiB per section, 256 KiB per report.
- It never raises: every failure becomes a section status (ok, not-found, timeout, error, skipped).
- Redaction cannot be turned off. ``--dry-run`` prints exactly the bytes that would be written.

``vmdoctor probe`` imports this module as ``probes.vmdoctor_probe`` and calls ``main(argv)``.
"""

from __future__ import annotations

import argparse
import base64
import errno
import functools
import getpass
import ipaddress
import json
import locale
import os
import platform
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

SCHEMA = "vmdoctor.report/1"
PROBE_NAME = "vmdoctor-probe"
PROBE_VERSION = "0.1.0"

DEFAULT_TIMEOUT = 10.0  # seconds per command
PROBE_BUDGET = 30.0  # seconds for the whole probe
SECTION_CAP = 64 * 1024  # bytes of stdout + stderr per section (UTF-8)
STDERR_CAP = 8 * 1024  # bytes of stderr per section, taken out of SECTION_CAP
REPORT_CAP = 256 * 1024  # bytes of the whole serialized report
RAW_CAP = 4 * SECTION_CAP  # characters kept before redaction (redacting megabytes is slow)
WORKERS = 4
DEFAULT_OUT = "vmdoctor-report.json"

OS_IDS = ("windows", "linux", "macos")
STATUSES = ("ok", "not-found", "timeout", "error", "skipped")

# Linux <linux/kvm.h>: KVMIO = 0xAE; KVM_GET_API_VERSION = _IO(KVMIO, 0x00),
# KVM_CREATE_VM = _IO(KVMIO, 0x01). The API version has been 12 since Linux 2.6.22.
KVM_GET_API_VERSION = 0xAE00
KVM_CREATE_VM = 0xAE01


# --------------------------------------------------------------------------------------------
# The table of checks: the one place to add a check.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """Run a program (never through a shell); ``argv[0]`` is looked up on PATH and known dirs."""

    argv: tuple[str, ...]

    def shown(self) -> list[str]:
        return list(self.argv)


@dataclass(frozen=True)
class PowerShell:
    """Run a Windows PowerShell 5.1 script in a child ``powershell.exe``.

    The report shows the script; it is passed as ``-EncodedCommand`` so no quoting can break
    it. By our convention a script exits 127 when the cmdlet or tool it needs is absent, which
    the probe reports as ``not-found``.
    """

    script: str

    def shown(self) -> list[str]:
        return ["powershell.exe", "-NoProfile", "-NonInteractive", "-Command", self.script]


@dataclass(frozen=True)
class Reader:
    """Read files or ask the kernel in-process; ``read`` raises ``OSError`` on failure."""

    label: tuple[str, ...]
    read: Callable[[], str]

    def shown(self) -> list[str]:
        return list(self.label)


if TYPE_CHECKING:  # an alias evaluated at run time could not use "|" on Python 3.8
    Source = Command | PowerShell | Reader


@dataclass(frozen=True)
class Check:
    """One entry of the table.

    ``kind`` names the parser the bot applies to the output. ``sources`` are tried in order
    until one runs and exits 0 (dmesg, then the journal); the section records the one used.
    ``keep`` is a regex: only matching lines are kept (kernel log, module lists).
    """

    id: str
    kind: str
    os: str
    why: str
    sources: tuple[Source, ...]
    needs_admin: bool = False
    timeout: float = DEFAULT_TIMEOUT
    keep: str | None = None


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read(RAW_CAP + 1)


# Keys of /proc/cpuinfo worth keeping. "vmx flags" exists on Intel since Linux 5.8.
_CPUINFO_KEYS = ("vendor_id", "model name", "flags", "vmx flags", "Features", "CPU implementer")


def _read_cpuinfo() -> str:
    """vendor/model/flags lines of /proc/cpuinfo, each distinct line once (in first-seen order)."""
    seen = set()
    kept = []
    with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
        for line in handle:
            key = line.split(":", 1)[0].strip()
            text = line.rstrip("\n")
            if key in _CPUINFO_KEYS and text not in seen:
                seen.add(text)
                kept.append(text)
    return "".join(line + "\n" for line in kept)


def _read_proc_modules() -> str:
    return _read_text("/proc/modules")


def _list_kvm_sysmodules() -> str:
    """Names under /sys/module starting with kvm (also lists modules built into the kernel)."""
    names = sorted(name for name in os.listdir("/sys/module") if name.startswith("kvm"))
    return "".join(name + "\n" for name in names)


# Only these DMI fields: never product_serial, product_uuid, board_serial, chassis_serial.
_DMI_FIELDS = (
    "sys_vendor",
    "product_name",
    "product_version",
    "bios_vendor",
    "bios_version",
    "board_vendor",
    "board_name",
)


def _read_dmi() -> str:
    base = "/sys/class/dmi/id"
    if not os.path.isdir(base):
        raise FileNotFoundError(errno.ENOENT, "no DMI data", base)
    lines = []
    for name in _DMI_FIELDS:
        try:
            value = _read_text(os.path.join(base, name)).strip()
        except OSError as exc:
            value = "(" + _errno_text(exc) + ")"
        lines.append(name + ": " + value)
    return "".join(line + "\n" for line in lines)


def _errno_text(exc: OSError) -> str:
    name = errno.errorcode.get(exc.errno or 0, "E?")
    return name + ": " + (exc.strerror or type(exc).__name__)


def _probe_dev_kvm(path: str = "/dev/kvm") -> str:
    """stat /dev/kvm, open it, KVM_GET_API_VERSION, KVM_CREATE_VM (closed at once), as JSON."""
    st = os.stat(path)  # FileNotFoundError -> not-found
    info: dict[str, object] = {
        "path": path,
        "mode": stat.filemode(st.st_mode),
        "is_char_device": stat.S_ISCHR(st.st_mode),
        "owner": _account_name(st.st_uid, group=False),
        "group": _account_name(st.st_gid, group=True),
        "access_rw": os.access(path, os.R_OK | os.W_OK),
        "open": None,
        "api_version": None,
        "create_vm": None,
    }
    try:
        import fcntl
    except ImportError:
        info["open"] = "not attempted: no fcntl on this platform"
        return json.dumps(info, indent=1) + "\n"
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        info["open"] = _errno_text(exc)
        return json.dumps(info, indent=1) + "\n"
    try:
        info["open"] = "ok"
        try:
            info["api_version"] = fcntl.ioctl(fd, KVM_GET_API_VERSION)
        except OSError as exc:
            info["api_version"] = _errno_text(exc)
        try:
            vm_fd = fcntl.ioctl(fd, KVM_CREATE_VM, 0)
            os.close(vm_fd)
            info["create_vm"] = "ok"
        except OSError as exc:
            info["create_vm"] = _errno_text(exc)
    finally:
        os.close(fd)
    return json.dumps(info, indent=1) + "\n"


def _account_name(ident: int, *, group: bool) -> str:
    try:
        if group:
            import grp

            return grp.getgrgid(ident).gr_name
        import pwd

        return pwd.getpwuid(ident).pw_name
    except (ImportError, KeyError):
        return str(ident)


_MAC_APPS = ("VirtualBox", "VMware Fusion", "Docker", "UTM", "Parallels Desktop")


def _read_mac_app_versions() -> str:
    """Version strings from /Applications/<app>.app/Contents/Info.plist."""
    import plistlib

    lines = []
    for name in _MAC_APPS:
        path = "/Applications/" + name + ".app/Contents/Info.plist"
        try:
            with open(path, "rb") as handle:
                info = plistlib.load(handle)
        except FileNotFoundError:
            lines.append(name + ".app: absent")
            continue
        except Exception as exc:  # a damaged plist is data, not a crash
            lines.append(name + ".app: unreadable (" + type(exc).__name__ + ")")
            continue
        short = info.get("CFBundleShortVersionString", "?")
        build = info.get("CFBundleVersion", "?")
        lines.append(name + ".app: " + str(short) + " (" + str(build) + ")")
    return "".join(line + "\n" for line in lines)


def _ps(body: str) -> PowerShell:
    """A PowerShell source whose stdout is UTF-8 (5.1 otherwise writes the OEM code page)."""
    prelude = (
        "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; "
        "[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false; "
    )
    return PowerShell(prelude + body)


_NEEDS_HYPERV_MODULE = (
    "if (-not (Get-Command -Name Get-VM -ErrorAction SilentlyContinue)) { "
    "[Console]::Error.WriteLine('Get-VM is not available: Hyper-V PowerShell module absent'); "
    "exit 127 }; "
)

_WINDOWS_FEATURES = (
    "Microsoft-Hyper-V-All",
    "VirtualMachinePlatform",
    "HypervisorPlatform",
    "Containers-DisposableClientVM",
    "Microsoft-Windows-Subsystem-Linux",
)

_KERNEL_LOG_KEEP = r"(?i)vmx|svm|kvm|hypervisor|virtualiz"

CHECKS: tuple[Check, ...] = (
    # ---- Windows --------------------------------------------------------------------------
    Check(
        "win.systeminfo",
        "systeminfo",
        "windows",
        "Hyper-V requirements (VT-x/AMD-V, SLAT, firmware, DEP) or 'a hypervisor has been "
        "detected', OS build",
        (Command(("systeminfo.exe",)),),
    ),
    Check(
        "win.bcdedit_current",
        "bcdedit",
        "windows",
        "hypervisorlaunchtype and hypervisorloadoptions of the running boot entry",
        (Command(("bcdedit.exe", "/enum", "{current}")),),
        needs_admin=True,
    ),
    Check(
        "win.cim_processor",
        "win32_processor",
        "windows",
        "CPU name and VMMonitorModeExtensions / SLAT / VirtualizationFirmwareEnabled",
        (
            _ps(
                "ConvertTo-Json -Depth 3 -InputObject @(Get-CimInstance -ClassName "
                "Win32_Processor | Select-Object Name, Manufacturer, NumberOfCores, "
                "NumberOfLogicalProcessors, VMMonitorModeExtensions, "
                "SecondLevelAddressTranslationExtensions, VirtualizationFirmwareEnabled)"
            ),
        ),
    ),
    Check(
        "win.cim_computersystem",
        "win32_computersystem",
        "windows",
        "HypervisorPresent (a hypervisor already runs) and the maker/model (a VM or a PC?)",
        (
            _ps(
                "ConvertTo-Json -Depth 3 -InputObject (Get-CimInstance -ClassName "
                "Win32_ComputerSystem | Select-Object HypervisorPresent, Manufacturer, Model)"
            ),
        ),
    ),
    Check(
        "win.cim_operatingsystem",
        "win32_operatingsystem",
        "windows",
        "Windows edition and build (nested on AMD needs Windows 11 / Server 2022) and DEP",
        (
            _ps(
                "ConvertTo-Json -Depth 3 -InputObject (Get-CimInstance -ClassName "
                "Win32_OperatingSystem | Select-Object Caption, Version, BuildNumber, "
                "OSArchitecture, DataExecutionPrevention_Available, "
                "DataExecutionPrevention_SupportPolicy)"
            ),
        ),
    ),
    Check(
        "win.cim_deviceguard",
        "win32_deviceguard",
        "windows",
        "VBS / HVCI / Credential Guard configured and running (they hold the hypervisor)",
        (
            _ps(
                "ConvertTo-Json -Depth 3 -InputObject (Get-CimInstance -Namespace "
                "root\\Microsoft\\Windows\\DeviceGuard -ClassName Win32_DeviceGuard | "
                "Select-Object AvailableSecurityProperties, RequiredSecurityProperties, "
                "SecurityServicesConfigured, SecurityServicesRunning, "
                "VirtualizationBasedSecurityStatus, CodeIntegrityPolicyEnforcementStatus, "
                "UsermodeCodeIntegrityPolicyEnforcementStatus)"
            ),
        ),
    ),
    Check(
        "win.deviceguard_registry",
        "reg_query",
        "windows",
        "VBS/HVCI configured in the registry, including the UEFI lock (Locked=1)",
        (
            Command(
                ("reg.exe", "query", "HKLM\\SYSTEM\\CurrentControlSet\\Control\\DeviceGuard", "/s")
            ),
        ),
    ),
    Check(
        "win.optional_features",
        "windows_optional_features",
        "windows",
        "State of Hyper-V, Virtual Machine Platform, Hypervisor Platform, Sandbox, WSL",
        (
            _ps(
                "$r = foreach ($n in @('" + "', '".join(_WINDOWS_FEATURES) + "')) { "
                "$f = Get-WindowsOptionalFeature -Online -FeatureName $n "
                "-ErrorAction SilentlyContinue; "
                "[pscustomobject]@{ FeatureName = $n; State = $(if ($f) { [string]$f.State } "
                "else { $null }) } }; ConvertTo-Json -Depth 3 -InputObject @($r)"
            ),
        ),
        needs_admin=True,
    ),
    Check(
        "win.hyperv_vms",
        "hyperv_vm",
        "windows",
        "Hyper-V VMs: state, configuration version, dynamic memory",
        (
            _ps(
                _NEEDS_HYPERV_MODULE + "ConvertTo-Json -Depth 3 -InputObject @(Get-VM | "
                "Select-Object Name, @{ n = 'State'; e = { [string]$_.State } }, Version, "
                "Generation, DynamicMemoryEnabled, MemoryStartup, ProcessorCount)"
            ),
        ),
        needs_admin=True,
    ),
    Check(
        "win.hyperv_vmprocessor",
        "hyperv_vmprocessor",
        "windows",
        "ExposeVirtualizationExtensions per Hyper-V VM (nested virtualization given?)",
        (
            _ps(
                _NEEDS_HYPERV_MODULE + "ConvertTo-Json -Depth 3 -InputObject @(Get-VM | "
                "Get-VMProcessor | Select-Object VMName, Count, ExposeVirtualizationExtensions)"
            ),
        ),
        needs_admin=True,
    ),
    Check(
        "win.vmcompute_service",
        "sc_query",
        "windows",
        "Host Compute Service present and running (WSL2, Sandbox, Docker need it)",
        (Command(("sc.exe", "query", "vmcompute")),),
    ),
    Check(
        "win.wsl_status",
        "wsl_status",
        "windows",
        "WSL default version and whether its VM platform is ready",
        (Command(("wsl.exe", "--status")),),
    ),
    Check(
        "win.wsl_version",
        "wsl_version",
        "windows",
        "WSL, kernel and Windows versions as WSL reports them",
        (Command(("wsl.exe", "--version")),),
    ),
    Check(
        "win.vboxmanage_version",
        "vboxmanage_version",
        "windows",
        "VirtualBox installed and its version (6.0+ can run on the Windows hypervisor)",
        (Command(("VBoxManage.exe", "--version")),),
    ),
    Check(
        "win.vmware_registry",
        "reg_query",
        "windows",
        "VMware Workstation/Player installed and its version (15.5.5+ runs on Hyper-V)",
        (
            Command(
                (
                    "reg.exe",
                    "query",
                    "HKLM\\SOFTWARE\\WOW6432Node\\VMware, Inc.",
                    "/s",
                    "/v",
                    "ProductVersion",
                )
            ),
        ),
    ),
    Check(
        "win.haxm_service",
        "sc_query",
        "windows",
        "Intel HAXM driver installed/running (Android emulator; conflicts with Hyper-V)",
        (Command(("sc.exe", "query", "intelhaxm")),),
    ),
    Check(
        "win.aehd_service",
        "sc_query",
        "windows",
        "Android Emulator hypervisor driver (AEHD) installed/running",
        (Command(("sc.exe", "query", "aehd")),),
    ),
    # ---- Linux ----------------------------------------------------------------------------
    Check(
        "linux.proc_cpuinfo",
        "proc_cpuinfo",
        "linux",
        "vmx/svm (VT-x/AMD-V), ept/npt (SLAT) and the hypervisor flag (we are a guest)",
        (Reader(("read", "/proc/cpuinfo"), _read_cpuinfo),),
    ),
    Check(
        "linux.lscpu",
        "lscpu",
        "linux",
        "Virtualization and 'Hypervisor vendor' lines (which outer hypervisor)",
        (Command(("lscpu",)),),
    ),
    Check(
        "linux.kvm_intel_nested",
        "kvm_nested_param",
        "linux",
        "kvm_intel loaded and nested virtualization allowed (Y/N)",
        (
            Reader(
                ("read", "/sys/module/kvm_intel/parameters/nested"),
                functools.partial(_read_text, "/sys/module/kvm_intel/parameters/nested"),
            ),
        ),
    ),
    Check(
        "linux.kvm_amd_nested",
        "kvm_nested_param",
        "linux",
        "kvm_amd loaded and nested virtualization allowed (1/0)",
        (
            Reader(
                ("read", "/sys/module/kvm_amd/parameters/nested"),
                functools.partial(_read_text, "/sys/module/kvm_amd/parameters/nested"),
            ),
        ),
    ),
    Check(
        "linux.dev_kvm",
        "dev_kvm",
        "linux",
        "/dev/kvm exists, its mode and group, and whether this user can open it and create a VM",
        (Reader(("ioctl", "/dev/kvm", "KVM_GET_API_VERSION", "KVM_CREATE_VM"), _probe_dev_kvm),),
    ),
    Check(
        "linux.kvm_modules",
        "kvm_modules",
        "linux",
        "Which kvm modules are loaded (kvm_intel, kvm_amd, or none)",
        (
            Command(("lsmod",)),
            Reader(("read", "/proc/modules"), _read_proc_modules),
            Reader(("list", "/sys/module/kvm*"), _list_kvm_sysmodules),
        ),
        keep=r"^kvm",
    ),
    Check(
        "linux.systemd_detect_virt",
        "systemd_detect_virt",
        "linux",
        "Is this machine a VM or container, and under which hypervisor",
        (Command(("systemd-detect-virt",)),),
    ),
    Check(
        "linux.dmi_id",
        "dmi_id",
        "linux",
        "System and firmware vendor/product (cloud or desktop hypervisor names show here)",
        (Reader(("read", "/sys/class/dmi/id/{" + ",".join(_DMI_FIELDS) + "}"), _read_dmi),),
    ),
    Check(
        "linux.kernel_log",
        "kernel_log",
        "linux",
        "Kernel lines such as 'kvm: disabled by bios' or 'SVM disabled (by BIOS)'",
        (Command(("dmesg",)), Command(("journalctl", "-k", "-b", "--no-pager"))),
        keep=_KERNEL_LOG_KEEP,
    ),
    Check(
        "linux.groups",
        "id_groups",
        "linux",
        "Is this user in the kvm group (/dev/kvm permission)",
        (Command(("id", "-nG")),),
    ),
    Check(
        "linux.kvm_ok",
        "kvm_ok",
        "linux",
        "Ubuntu/Debian cpu-checker verdict, if installed",
        (Command(("kvm-ok",)),),
    ),
    Check(
        "linux.virt_host_validate",
        "virt_host_validate",
        "linux",
        "libvirt's host checks for QEMU, if installed",
        (Command(("virt-host-validate", "qemu")),),
    ),
    Check(
        "linux.vboxmanage_version",
        "vboxmanage_version",
        "linux",
        "VirtualBox installed and its version",
        (Command(("VBoxManage", "--version")),),
    ),
    Check(
        "linux.vmware_version",
        "vmware_version",
        "linux",
        "VMware Workstation installed and its version",
        (Command(("vmware", "--version")),),
    ),
    Check(
        "linux.qemu_version",
        "qemu_version",
        "linux",
        "QEMU installed and its version",
        (Command(("qemu-system-x86_64", "--version")),),
    ),
    Check(
        "linux.virsh_version",
        "virsh_version",
        "linux",
        "libvirt client installed and its version",
        (Command(("virsh", "--version")),),
    ),
    # ---- macOS ----------------------------------------------------------------------------
    Check(
        "mac.hv_support",
        "sysctl",
        "macos",
        "Hypervisor.framework usable (kern.hv_support = 1)",
        (Command(("sysctl", "kern.hv_support")),),
    ),
    Check(
        "mac.hv_vmm_present",
        "sysctl",
        "macos",
        "Is this Mac itself a VM (kern.hv_vmm_present = 1)",
        (Command(("sysctl", "kern.hv_vmm_present")),),
    ),
    Check(
        "mac.cpu_features",
        "sysctl",
        "macos",
        "Intel CPU features (VMX)",
        (Command(("sysctl", "machdep.cpu.features")),),
    ),
    Check(
        "mac.cpu_leaf7_features",
        "sysctl",
        "macos",
        "Intel CPU leaf-7 features",
        (Command(("sysctl", "machdep.cpu.leaf7_features")),),
    ),
    Check(
        "mac.cpu_brand",
        "sysctl",
        "macos",
        "CPU model (Intel or Apple silicon)",
        (Command(("sysctl", "machdep.cpu.brand_string")),),
    ),
    Check(
        "mac.sw_vers",
        "sw_vers",
        "macos",
        "macOS version (nested virtualization needs macOS 15 on M3 or later)",
        (Command(("sw_vers",)),),
    ),
    Check(
        "mac.uname_machine",
        "uname_machine",
        "macos",
        "Machine architecture (x86_64 or arm64; x86_64 on Apple silicon means Rosetta)",
        (Command(("uname", "-m")),),
    ),
    Check(
        "mac.vboxmanage_version",
        "vboxmanage_version",
        "macos",
        "VirtualBox installed and its version",
        (Command(("VBoxManage", "--version")),),
    ),
    Check(
        "mac.app_versions",
        "mac_app_versions",
        "macos",
        "VirtualBox, VMware Fusion, Docker, UTM, Parallels: present and their versions",
        (
            Reader(
                ("read", "/Applications/{" + ",".join(_MAC_APPS) + "}.app/Contents/Info.plist"),
                _read_mac_app_versions,
            ),
        ),
    ),
)


# --------------------------------------------------------------------------------------------
# Redaction
# --------------------------------------------------------------------------------------------

# Fixed GUIDs of well-known BCD objects, the same on every Windows machine, so not private.
# Source: System Informer phnt/ntbcd.h (GUID_WINDOWS_BOOTMGR ...) and bcdedit /enum /v output.
WELL_KNOWN_GUIDS = frozenset(
    (
        "9dea862c-5cdd-4e70-acc1-f32b344d4795",  # {bootmgr}
        "a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba",  # {fwbootmgr}
        "fa926493-6f1c-4193-a414-58f0b2456d1e",  # {current}
        "1cae1eb7-a0df-4d4d-9851-4860e34ef535",  # {default}
        "5189b25c-5558-4bf2-bca4-289b11bd29e2",  # {badmemory}
        "6efb52bf-1766-41db-a6b3-0ee5eff72bd7",  # {bootloadersettings}
        "4636856e-540f-4170-a130-a84776f4c654",  # {dbgsettings}
        "0ce4991b-e6b3-4b16-b23c-5e0d9250e5d9",  # {emssettings}
        "7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e",  # {globalsettings}
        "7ff607e0-4395-11db-b0de-0800200c9a66",  # {hypervisorsettings}
        "313e8eed-7098-4586-a9bf-309c61f8d449",  # {kerneldbgsettings}
        "1afa9c49-16ab-4a5c-901b-212802da9460",  # {resumeloadersettings}
        "466f5a88-0af2-4f76-9038-095b170dc21c",  # {ntldr}
        "b2721d73-1db4-4c62-bf78-c548a880142d",  # {memdiag}
        "ae5534e0-a924-466c-b836-758539a3ee3a",  # {ramdiskoptions}
        "00000000-0000-0000-0000-000000000000",
    )
)

REDACTION_CLASSES = ("host", "user", "domain", "org", "ip", "mac", "serial", "uuid", "product_id")
_TOKEN_PREFIX = {"product_id": "product-id"}

# Names that identify nobody; replacing them would only destroy meaning ("root root /dev/kvm").
_NOT_PRIVATE = frozenset(
    (
        "",
        "root",
        "nobody",
        "administrator",
        "admin",
        "user",
        "guest",
        "system",
        "default",
        "public",
        "shared",
        "all users",
        "default user",
        "localhost",
        "localdomain",
        "localhost.localdomain",
        "workgroup",
        "microsoftaccount",
        "none",
        "(none)",
        "n/a",
        "na",
        "unknown",
        "null",
        "not specified",
        "not applicable",
        "to be filled by o.e.m.",
        "default string",
        "system serial number",
        "chassis serial number",
        "base board serial number",
        "0",
        "0123456789",
        "123456789",
    )
)

_TOKEN_RE = r"<[a-z-]+-\d+>"

# Labelled lines whose value names a host, user, domain or organisation (English and Japanese
# systeminfo; "Logon Server: \\DC01").
_LABEL_LITERALS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("host", re.compile(r"(?im)^[ \t]*(?:Host Name|ホスト名)[ \t]*:[ \t]*(\S[^\r\n]*?)[ \t]*$")),
    (
        "host",
        re.compile(
            r"(?im)^[ \t]*(?:Logon Server|ログオン サーバー)[ \t]*:[ \t]*\\\\"
            r"([^\s\\]+)"
        ),
    ),
    ("domain", re.compile(r"(?im)^[ \t]*(?:Domain|ドメイン)[ \t]*:[ \t]*(\S[^\r\n]*?)[ \t]*$")),
    (
        "user",
        re.compile(
            r"(?im)^[ \t]*(?:Registered Owner|登録されている所有者)[ \t]*:[ \t]*"
            r"(\S[^\r\n]*?)[ \t]*$"
        ),
    ),
    (
        "org",
        re.compile(
            r"(?im)^[ \t]*(?:Registered Organization|登録されている組織)[ \t]*:[ \t]*"
            r"(\S[^\r\n]*?)[ \t]*$"
        ),
    ),
)

# User names inside profile paths: C:\Users\<name>\ (also JSON-escaped C:\\Users\\<name>),
# /home/<name>, /Users/<name> (macOS), /var/home/<name> (Fedora Silverblue).
_WIN_PROFILE = re.compile(
    r"(?i)\b[A-Z]:\\{1,2}(?:Users|Documents and Settings)\\{1,2}"
    r"(?:([^\\/:*?\"<>|\r\n]+)(?=\\)|([^\\/:*?\"<>|\s]+))"
)
_POSIX_HOME = re.compile(r"(?<![\w.])/(?:home|Users|var/home|export/home)/([^/\s:'\"<>]+)")

# "Serial Number: X", "SerialNumber : X", "\"SerialNumber\": \"X\",", "serial=X",
# "Product ID: X", "ProductId = X", "シリアル番号: X", "プロダクト ID: X".
_LABELLED_SECRETS = re.compile(
    r"(?im)^(?P<head>[ \t\"]*(?P<label>[A-Za-z _-]*(?:serial|product[ _-]?id|identifyingnumber)"
    r"[A-Za-z _-]*"
    r"|シリアル番号|プロダクト ID)\"?[ \t]*[:=][ \t]*\"?)(?P<value>[^\"\r\n]*?)"
    r"(?P<tail>\"?,?[ \t]*)$"
)

_EMAIL = re.compile(
    r"(?<![\w.+%-])(?P<local>" + _TOKEN_RE + r"|[A-Za-z0-9._%+-]+)@"
    r"(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24})(?![\w-])"
)
_UUID = re.compile(
    r"(?i)(?<![0-9a-f-])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
    r"(?![0-9a-f-])"
)
_MAC = re.compile(
    r"(?i)(?<![0-9a-f:.-])("
    r"[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\2){4}[0-9a-f]{2}(?:\2[0-9a-f]{2}\2[0-9a-f]{2})?"
    r"|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})(?![0-9a-f:-]|\.[0-9a-f])"
)
_IPV6 = re.compile(
    r"(?<![\w:.])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\d{1,3}(?:\.\d{1,3}){3})?)"
    r"(?![\w:]|\.\d)"
)
_IPV4 = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w]|\.\d)")
# A dotted quad right after "version" is a version number, not an address ("Kernel version:
# 5.15.133.1" in `wsl --version`, "カーネル バージョン: ..." in Japanese).
_VERSION_BEFORE = re.compile(r"(?i)(?:version|バージョン|\bver\.?)[^\n]{0,24}$")


class Redactor:
    """Replace private values with consistent pseudonyms; the map never leaves this object.

    Build it with what the machine says about itself (``Redactor.for_this_machine()``), let it
    ``learn()`` from every output (systeminfo "Host Name:", ``C:\\Users\\<name>`` ...), then
    ``redact()`` each text. The same value (case-insensitively) always gets the same token,
    e.g. ``<host-1>``, ``<user-1>``, ``<ip-2>``; ``counts`` says how many values of each class
    were replaced.
    """

    def __init__(
        self, *, hosts: Iterable[str] = (), users: Iterable[str] = (), domains: Iterable[str] = ()
    ) -> None:
        self._tokens: dict[str, str] = {}
        self._issued = dict.fromkeys(REDACTION_CLASSES, 0)
        self.counts = dict.fromkeys(REDACTION_CLASSES, 0)
        self._literals: dict[str, str] = {}
        self._literal_re: re.Pattern[str] | None = None
        for host in hosts:
            self.add_host(host)
        for user in users:
            self.add_user(user)
        for domain in domains:
            self.add_domain(domain)

    @classmethod
    def for_this_machine(cls) -> Redactor:
        hosts, users, domains = _local_identity()
        return cls(hosts=hosts, users=users, domains=domains)

    # -- what to look for ---------------------------------------------------------------------

    def add_host(self, value: str) -> None:
        value = value.strip().strip("\\").rstrip(".")
        if _is_ip(value):
            return
        short, _, domain = value.partition(".")
        self._add_literal(short, "host")
        if domain:
            self.add_domain(domain)

    def add_user(self, value: str) -> None:
        value = value.strip()
        if "\\" in value:  # DOMAIN\user
            domain, _, value = value.rpartition("\\")
            self.add_domain(domain)
        if "@" in value:  # UPN or e-mail
            value, _, domain = value.partition("@")
            self.add_domain(domain)
        if not value.isdigit():
            self._add_literal(value, "user")

    def add_domain(self, value: str) -> None:
        self._add_literal(value.strip().strip("."), "domain")

    def add_org(self, value: str) -> None:
        self._add_literal(value.strip(), "org")

    def _add_literal(self, value: str, cls: str) -> None:
        key = value.casefold()
        if len(value) < 2 or key in _NOT_PRIVATE or key in self._literals or "<" in value:
            return
        self._literals[key] = cls
        self._literal_re = None

    def learn(self, text: str) -> None:
        """Collect names that outputs label (host, domain, owner, profile paths) as literals."""
        adders = {
            "host": self.add_host,
            "user": self.add_user,
            "domain": self.add_domain,
            "org": self.add_org,
        }
        for cls, pattern in _LABEL_LITERALS:
            for match in pattern.finditer(text):
                adders[cls](match.group(1))
        for match in _WIN_PROFILE.finditer(text):
            self.add_user(match.group(1) or match.group(2) or "")
        for match in _POSIX_HOME.finditer(text):
            self.add_user(match.group(1))
        for match in _LABELLED_SECRETS.finditer(text):
            value = match.group("value").strip()
            # Long serials are also hunted elsewhere in the text; short ones only on their line
            # (a serial "1234" would otherwise erase every 1234).
            if len(value) >= 6 and not value.startswith("<"):
                self._add_literal(value, _secret_class(match.group("label")))

    # -- replacing ----------------------------------------------------------------------------

    def token(self, cls: str, value: str) -> str:
        key = value.casefold()
        found = self._tokens.get(key)
        if found is None:
            self._issued[cls] += 1
            found = "<" + _TOKEN_PREFIX.get(cls, cls) + "-" + str(self._issued[cls]) + ">"
            self._tokens[key] = found
        return found

    def _replace(self, cls: str, value: str) -> str:
        self.counts[cls] += 1
        return self.token(cls, value)

    def redact(self, text: str) -> str:
        if not text:
            return text
        self.learn(text)
        text = _LABELLED_SECRETS.sub(self._sub_labelled, text)
        text = _EMAIL.sub(self._sub_email, text)
        text = self._literal_pattern().sub(self._sub_literal, text) if self._literals else text
        text = _UUID.sub(self._sub_uuid, text)
        text = _MAC.sub(self._sub_mac, text)
        text = _IPV6.sub(self._sub_ipv6, text)
        text = _IPV4.sub(self._sub_ipv4, text)
        return text

    def _literal_pattern(self) -> re.Pattern[str]:
        if self._literal_re is None:
            alternatives = "|".join(
                re.escape(value) for value in sorted(self._literals, key=len, reverse=True)
            )
            # Letters, digits and "_" glue a name to its neighbours; "-", "." and "<" do not,
            # so "alice" is found in "alice-pc" when the longer "alice-pc" is not itself known,
            # and "vm" in systemd's "Hostname set to <vm>.". The lookahead spares our tokens.
            self._literal_re = re.compile(
                r"(?<![A-Za-z0-9_])(?:" + alternatives + r")(?![A-Za-z0-9_]|(?:-[a-z]+)*-\d+>)",
                re.IGNORECASE,
            )
        return self._literal_re

    def _sub_labelled(self, match: re.Match[str]) -> str:
        value = match.group("value")
        stripped = value.strip()
        if stripped.casefold() in _NOT_PRIVATE or re.fullmatch(_TOKEN_RE, stripped):
            return match.group(0)
        return (
            match.group("head")
            + self._replace(_secret_class(match.group("label")), stripped)
            + match.group("tail")
        )

    def _sub_email(self, match: re.Match[str]) -> str:
        local = match.group("local")
        if not re.fullmatch(_TOKEN_RE, local):
            local = self._replace("user", local)
        return local + "@" + self._replace("domain", match.group("domain"))

    def _sub_literal(self, match: re.Match[str]) -> str:
        value = match.group(0)
        return self._replace(self._literals.get(value.casefold(), "user"), value)

    def _sub_uuid(self, match: re.Match[str]) -> str:
        value = match.group(1)
        if value.lower() in WELL_KNOWN_GUIDS:
            return value
        return self._replace("uuid", value.lower())

    def _sub_mac(self, match: re.Match[str]) -> str:
        value = match.group(1)
        digits = re.sub(r"[^0-9a-fA-F]", "", value).lower()
        if digits.strip("0") == "" or digits.strip("f") == "":  # 00:00:... and ff:ff:...
            return value
        return self._replace("mac", digits)

    def _sub_ipv6(self, match: re.Match[str]) -> str:
        value = match.group(1)
        try:
            address = ipaddress.IPv6Address(value)
        except ValueError:
            return value
        if address.is_loopback or address.is_unspecified:
            return value
        return self._replace("ip", str(address))

    def _sub_ipv4(self, match: re.Match[str]) -> str:
        value = match.group(1)
        try:
            address = ipaddress.IPv4Address(value)
        except ValueError:
            return value
        if address.is_loopback or address.is_unspecified or str(address) == "255.255.255.255":
            return value
        line_start = match.string.rfind("\n", 0, match.start()) + 1
        if _VERSION_BEFORE.search(match.string, line_start, match.start()):
            return value
        return self._replace("ip", str(address))


def _secret_class(label: str) -> str:
    return "product_id" if re.search(r"(?i)product[ _-]?id|プロダクト", label) else "serial"


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _local_identity() -> tuple[list[str], list[str], list[str]]:
    """Host names, user names and domains this machine reports about itself (no network)."""
    env = os.environ
    hosts = [platform.node(), env.get("COMPUTERNAME", ""), env.get("HOSTNAME", "")]
    try:
        hosts.append(socket.gethostname())
    except OSError:
        pass
    users = [env.get(name, "") for name in ("USERNAME", "USER", "LOGNAME", "SUDO_USER")]
    try:
        users.append(getpass.getuser())
    except (KeyError, OSError, ImportError):  # no name for this uid (container, no passwd)
        users.append("")
    for home in (env.get("USERPROFILE", ""), env.get("HOME", ""), os.path.expanduser("~")):
        if home and home != "~":
            users.append(os.path.basename(home.rstrip("\\/")))
    domains = [env.get("USERDOMAIN", ""), env.get("USERDNSDOMAIN", "")]
    domains.extend(_resolv_conf_domains())
    return ([h for h in hosts if h], [u for u in users if u], [d for d in domains if d])


def _resolv_conf_domains(path: str = "/etc/resolv.conf") -> list[str]:
    """DNS search domains with a dot (single labels like "lan" or "home" are common words)."""
    try:
        text = _read_text(path)
    except OSError:
        return []
    found: list[str] = []
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] in ("search", "domain"):
            found.extend(word.rstrip(".") for word in words[1:] if "." in word.rstrip("."))
    return found


# --------------------------------------------------------------------------------------------
# Running checks
# --------------------------------------------------------------------------------------------


@dataclass
class Section:
    """One check's outcome, as it goes into the report (before redaction and capping)."""

    id: str
    kind: str
    command: list[str]
    in_process: bool
    needs_admin: bool
    status: str
    reason: str | None = None
    exit_code: int | None = None
    duration_ms: int = 0
    stdout: str = ""
    stderr: str = ""
    truncated: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "command": self.command,
            "in_process": self.in_process,
            "needs_admin": self.needs_admin,
            "status": self.status,
            "reason": self.reason,
            "exit_code": self.exit_code,
            "duration_ms": self.duration_ms,
            "stdout": self.stdout,
            "stderr": self.stderr,
            "truncated": self.truncated,
        }


def current_os() -> str:
    if sys.platform.startswith("win") or sys.platform == "cygwin":
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"  # other POSIX systems get the Linux checks; missing tools become not-found


def is_elevated() -> bool:
    if sys.platform == "win32":
        import ctypes

        try:
            return bool(ctypes.windll.shell32.IsUserAnAdmin())
        except (AttributeError, OSError):  # no shell32 (Nano Server): say not elevated
            return False
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def _search_dirs(os_id: str) -> list[str]:
    """Where to look for a check's program, in order.

    On Windows the system directories come first and the current directory never counts
    (shutil.which before 3.12 tries it first). A 32-bit Python sees SysWOW64 as System32,
    where bcdedit.exe does not exist, so Sysnative comes first.
    """
    path_dirs = [d for d in os.environ.get("PATH", "").split(os.pathsep) if d and d != "."]
    if os_id == "windows":
        root = os.environ.get("SYSTEMROOT", "C:\\Windows")
        program_files = os.environ.get("PROGRAMFILES", "C:\\Program Files")
        first = [
            os.path.join(root, "Sysnative"),
            os.path.join(root, "System32"),
            os.path.join(root, "System32", "WindowsPowerShell", "v1.0"),
        ]
        extra = [
            os.environ.get("VBOX_MSI_INSTALL_PATH", ""),
            os.path.join(program_files, "Oracle", "VirtualBox"),
        ]
        return [d for d in first + path_dirs + extra if d]
    if os_id == "macos":
        return [
            *path_dirs,
            "/usr/sbin",
            "/sbin",
            "/usr/local/bin",
            "/opt/homebrew/bin",
            "/Applications/VirtualBox.app/Contents/MacOS",
        ]
    # Debian puts kvm-ok in /usr/sbin, which is not on an ordinary user's PATH.
    return [*path_dirs, "/usr/local/sbin", "/usr/sbin", "/sbin"]


def find_program(name: str, os_id: str) -> str | None:
    if os.path.isabs(name):
        return name if os.path.isfile(name) else None
    for directory in _search_dirs(os_id):
        candidate = os.path.join(directory, name)
        if os.path.isfile(candidate) and (os_id == "windows" or os.access(candidate, os.X_OK)):
            return candidate
    return None


def decode_output(data: bytes) -> str:
    """Bytes from a child process to text.

    wsl.exe writes UTF-16LE without a BOM unless WSL_UTF8=1 is honoured (newer WSL releases),
    which shows as a NUL in every second byte. Windows console tools write the OEM code page.
    """
    if not data:
        return ""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16", errors="replace")
    elif len(data) >= 4 and data[1::2].count(0) >= len(data) // 4:
        text = data.decode("utf-16-le", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = ""
            for codec in ("oem", locale.getpreferredencoding(False), "utf-8"):
                try:
                    text = data.decode(codec)
                    break
                except (LookupError, UnicodeDecodeError):
                    continue
            else:
                text = data.decode("utf-8", errors="replace")
    return text.replace("\x00", "").replace("\r\n", "\n")


def _child_env(os_id: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"PAGER": "cat", "SYSTEMD_PAGER": "", "SYSTEMD_COLORS": "0", "TERM": "dumb"})
    if os_id == "windows":
        env["WSL_UTF8"] = "1"
    else:
        env["LC_ALL"] = "C"  # parsers expect English output
        env["LANG"] = "C"
    return env


@dataclass
class _Attempt:
    status: str
    command: list[str]
    in_process: bool
    reason: str | None = None
    exit_code: int | None = None
    stdout: str = ""
    stderr: str = ""
    duration_ms: int = 0

    @property
    def succeeded(self) -> bool:
        return self.status == "ok" and self.exit_code in (0, None)


def _kill_tree(proc: subprocess.Popen[bytes], os_id: str) -> None:
    try:
        if os_id == "windows":
            taskkill = find_program("taskkill.exe", os_id)
            if taskkill:
                subprocess.run(
                    [taskkill, "/F", "/T", "/PID", str(proc.pid)],
                    check=False,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=5,
                    creationflags=0x08000000,
                )
            proc.kill()
        else:
            os.killpg(proc.pid, getattr(signal, "SIGKILL", 9))
    except (OSError, subprocess.SubprocessError):
        try:
            proc.kill()
        except OSError:
            pass


def _run_command(
    argv: list[str], shown: list[str], timeout: float, os_id: str, absent_exit: int | None = None
) -> _Attempt:
    attempt = _Attempt(status="ok", command=shown, in_process=False)
    program = find_program(argv[0], os_id)
    if program is None:
        attempt.status = "not-found"
        attempt.reason = argv[0] + " not found"
        return attempt
    kwargs: dict[str, object] = {}
    if os_id == "windows":
        kwargs["creationflags"] = 0x08000000  # CREATE_NO_WINDOW: no console flashes
    else:
        kwargs["start_new_session"] = True  # so a timeout kills the whole process group
    started = time.monotonic()
    try:
        # argv[0] stays the plain name: tools print it in their messages ("dmesg: ...").
        proc = subprocess.Popen(
            argv,
            executable=program,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_child_env(os_id),
            **kwargs,
        )  # type: ignore[call-overload]
    except OSError as exc:
        attempt.status = "error"
        attempt.reason = "could not start " + argv[0] + ": " + _errno_text(exc)
        return attempt
    try:
        out, err = proc.communicate(timeout=max(timeout, 0.001))
        attempt.exit_code = proc.returncode
    except subprocess.TimeoutExpired:
        _kill_tree(proc, os_id)
        try:
            out, err = proc.communicate(timeout=2)
        except subprocess.TimeoutExpired:  # a grandchild still holds the pipes
            out, err = b"", b""
        attempt.status = "timeout"
        attempt.reason = f"no answer within {timeout:g} s"
    attempt.duration_ms = int((time.monotonic() - started) * 1000)
    attempt.stdout = decode_output(out)
    attempt.stderr = decode_output(err)
    if absent_exit is not None and attempt.exit_code == absent_exit:
        attempt.status = "not-found"
        attempt.reason = (attempt.stderr.strip().splitlines() or ["absent"])[-1][:200]
    return attempt


def _run_reader(source: Reader) -> _Attempt:
    attempt = _Attempt(status="ok", command=source.shown(), in_process=True)
    started = time.monotonic()
    try:
        attempt.stdout = source.read()
    except FileNotFoundError as exc:
        attempt.status = "not-found"
        attempt.reason = (exc.filename or "file") + " does not exist"
    except OSError as exc:
        attempt.status = "error"
        attempt.reason = _errno_text(exc)
    except Exception as exc:  # never raise: a reader bug is a section error
        attempt.status = "error"
        attempt.reason = "reader failed: " + type(exc).__name__
    attempt.duration_ms = int((time.monotonic() - started) * 1000)
    return attempt


def _run_source(source: Source, timeout: float, os_id: str) -> _Attempt:
    if isinstance(source, Reader):
        return _run_reader(source)
    if isinstance(source, PowerShell):
        encoded = base64.b64encode(source.script.encode("utf-16-le")).decode("ascii")
        argv = [
            "powershell.exe",
            "-NoLogo",
            "-NoProfile",
            "-NonInteractive",
            "-OutputFormat",
            "Text",
            "-EncodedCommand",
            encoded,
        ]
        return _run_command(argv, source.shown(), timeout, os_id, absent_exit=127)
    return _run_command(list(source.argv), source.shown(), timeout, os_id)


def run_check(
    check: Check, *, timeout: float, deadline: float, os_id: str, elevated: bool
) -> Section:
    """Run one check within ``timeout`` seconds and before ``deadline`` (time.monotonic())."""
    section = Section(
        id=check.id,
        kind=check.kind,
        command=check.sources[0].shown(),
        in_process=isinstance(check.sources[0], Reader),
        needs_admin=check.needs_admin,
        status="skipped",
    )
    if check.needs_admin and not elevated:
        section.reason = "needs administrator" if os_id == "windows" else "needs root"
        return section
    attempts: list[_Attempt] = []
    for source in check.sources:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        attempt = _run_source(source, min(check.timeout, timeout, remaining), os_id)
        attempts.append(attempt)
        if attempt.succeeded:
            break
    if not attempts:
        section.reason = "probe time budget spent"
        return section
    # Report the source that worked; else the last one that ran; else the last one tried.
    chosen = next((a for a in attempts if a.succeeded), None) or next(
        (a for a in reversed(attempts) if a.status != "not-found"), attempts[-1]
    )
    notes = [_short(a) + ": " + _attempt_summary(a) for a in attempts if a is not chosen]
    if chosen.reason:
        notes.append(chosen.reason)
    elif notes:
        notes.append("used " + _short(chosen))
    section.status = chosen.status
    section.command = chosen.command
    section.in_process = chosen.in_process
    section.exit_code = chosen.exit_code
    section.duration_ms = chosen.duration_ms
    section.stdout = chosen.stdout
    section.stderr = chosen.stderr
    section.reason = "; ".join(notes) or None
    if check.keep is not None:
        keep = re.compile(check.keep)
        section.stdout = "".join(
            line + "\n" for line in section.stdout.splitlines() if keep.search(line)
        )
    return section


def _short(attempt: _Attempt) -> str:
    return " ".join(attempt.command[:2] if attempt.in_process else attempt.command[:1])


def _attempt_summary(attempt: _Attempt) -> str:
    """ "exit 1 (dmesg: read kernel buffer failed: Operation not permitted)" and the like."""
    if attempt.status != "ok":
        return attempt.reason or attempt.status
    first = (attempt.stderr.strip().splitlines() or [""])[0][:160]
    return f"exit {attempt.exit_code}" + (f" ({first})" if first else "")


def _run_all(
    checks: Sequence[Check], *, timeout: float, budget: float, os_id: str, elevated: bool
) -> list[Section]:
    """Run checks on a few daemon threads; whatever is not done when the budget ends is reported
    as a timeout (daemon threads cannot keep the process alive past that)."""
    started = time.monotonic()
    deadline = started + budget
    results: dict[str, Section] = {}
    pending = list(checks)
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if not pending:
                    return
                check = pending.pop(0)
            try:
                section = run_check(
                    check, timeout=timeout, deadline=deadline, os_id=os_id, elevated=elevated
                )
            except Exception as exc:  # never raise
                section = Section(
                    id=check.id,
                    kind=check.kind,
                    command=check.sources[0].shown(),
                    in_process=False,
                    needs_admin=check.needs_admin,
                    status="error",
                    reason="probe bug: " + type(exc).__name__,
                )
            with lock:
                results[check.id] = section

    threads = [
        threading.Thread(target=worker, name=f"vmdoctor-probe-{n}", daemon=True)
        for n in range(min(WORKERS, max(len(checks), 1)))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline + 3.0 - time.monotonic()))
    sections = []
    with lock:
        for check in checks:
            section = results.get(check.id)
            if section is None:
                section = Section(
                    id=check.id,
                    kind=check.kind,
                    command=check.sources[0].shown(),
                    in_process=isinstance(check.sources[0], Reader),
                    needs_admin=check.needs_admin,
                    status="timeout",
                    reason=f"not finished within the probe budget of {budget:g} s",
                    duration_ms=int((time.monotonic() - started) * 1000),
                )
            sections.append(section)
    return sections


# --------------------------------------------------------------------------------------------
# Size limits
# --------------------------------------------------------------------------------------------


def _cut_raw(text: str, limit: int) -> tuple[str, bool]:
    """Cut before redaction at a line end, dropping the partial last line (it could hold half of
    an address that redaction would then no longer recognise)."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    cut = head.rfind("\n")
    return (head[: cut + 1] if cut >= 0 else ""), True


def _cap_utf8(text: str, limit: int) -> tuple[str, bool]:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text, False
    head = data[: max(limit, 0)].decode("utf-8", errors="ignore")
    cut = head.rfind("\n")
    return (head[: cut + 1] if cut > len(head) // 2 else head), True


def _apply_caps(section: Section, redactor: Redactor) -> None:
    """Redact stdout/stderr/reason and bound them to SECTION_CAP bytes."""
    truncated = section.truncated
    stdout, cut_out = _cut_raw(section.stdout, RAW_CAP)
    stderr, cut_err = _cut_raw(section.stderr, RAW_CAP)
    stdout = redactor.redact(stdout)
    stderr = redactor.redact(stderr)
    stderr, cap_err = _cap_utf8(stderr, STDERR_CAP)
    stdout, cap_out = _cap_utf8(stdout, SECTION_CAP - len(stderr.encode("utf-8")))
    section.stdout, section.stderr = stdout, stderr
    section.truncated = truncated or cut_out or cut_err or cap_err or cap_out
    if section.reason:
        section.reason = redactor.redact(section.reason)[:500]


def dump(report: dict[str, object]) -> bytes:
    """The exact bytes written to a file or printed by --dry-run."""
    return (json.dumps(report, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def _fit_report(report: dict[str, object], sections: list[Section]) -> None:
    """Shrink the largest outputs until the serialized report fits REPORT_CAP."""
    for _ in range(200):
        if len(dump(report)) <= REPORT_CAP:
            return
        biggest = max(sections, key=lambda s: max(len(s.stdout), len(s.stderr)), default=None)
        if biggest is None or max(len(biggest.stdout), len(biggest.stderr)) == 0:
            return
        field = "stdout" if len(biggest.stdout) >= len(biggest.stderr) else "stderr"
        value = getattr(biggest, field)
        setattr(biggest, field, _cap_utf8(value, len(value.encode("utf-8")) // 2)[0])
        biggest.truncated = True
        report["sections"] = [s.as_json() for s in sections]


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------


def _os_release(os_id: str) -> str:
    if os_id == "windows":
        return ("Windows " + platform.release() + " " + platform.version()).strip()
    if os_id == "macos":
        return "macOS " + platform.mac_ver()[0] + " / Darwin " + platform.release()
    pretty = ""
    try:
        for line in _read_text("/etc/os-release").splitlines():
            if line.startswith("PRETTY_NAME="):
                pretty = line.split("=", 1)[1].strip().strip("\"'")
    except OSError:
        pass
    return ((pretty + " / ") if pretty else "") + "Linux " + platform.release()


def collect(
    *,
    timeout: float = DEFAULT_TIMEOUT,
    budget: float = PROBE_BUDGET,
    os_id: str | None = None,
    checks: Sequence[Check] | None = None,
    redactor: Redactor | None = None,
    elevated: bool | None = None,
) -> dict[str, object]:
    """Run the checks for this OS and return the redacted, size-bounded report as a dict.

    ``checks`` defaults to the entries of ``CHECKS`` for ``os_id``; tests pass their own.
    Never raises for a failing check: the failure is that section's status.
    """
    os_id = os_id or current_os()
    elevated = is_elevated() if elevated is None else elevated
    redactor = redactor or Redactor.for_this_machine()
    chosen = [c for c in (CHECKS if checks is None else checks) if c.os == os_id]
    created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    sections = _run_all(chosen, timeout=timeout, budget=budget, os_id=os_id, elevated=elevated)
    # Learn names from every output first, so that a host name systeminfo reveals is also
    # replaced in the sections collected before it.
    for section in sections:
        redactor.learn(section.stdout[:RAW_CAP])
        redactor.learn(section.stderr[:RAW_CAP])
    for section in sections:
        _apply_caps(section, redactor)
    report: dict[str, object] = {
        "schema": SCHEMA,
        "probe": {"name": PROBE_NAME, "version": PROBE_VERSION, "runtime": "python"},
        "created": created,
        "host": {
            "os": os_id,
            "os_release": redactor.redact(_os_release(os_id))[:200],
            "arch": platform.machine()[:32],
            "is_admin": elevated,
        },
        "sections": [s.as_json() for s in sections],
        "redaction": {"applied": True, "counts": redactor.counts},
    }
    _fit_report(report, sections)
    return report


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vmdoctor_probe.py",
        description="Collect raw facts about why a VM may not start here, redact private values "
        "(always), and write one JSON report for vmdoctor.",
    )
    parser.add_argument(
        "--out",
        metavar="FILE",
        default=DEFAULT_OUT,
        help="where to write the report ('-' = stdout; default: %(default)s)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print exactly the JSON that would be written, and write nothing",
    )
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="limit for each command (default: %(default)g; the whole probe "
        "stops after " + str(int(PROBE_BUDGET)) + " s)",
    )
    return parser


def _write(path: str, data: bytes) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python3 vmdoctor_probe.py`` and ``vmdoctor probe``; returns the exit code:
    0 report produced, 1 it could not be written, 2 bad arguments."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and on bad arguments (2)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    if not 0 < args.timeout <= PROBE_BUDGET:
        sys.stderr.write(
            f"vmdoctor-probe: --timeout must be between 0 and {PROBE_BUDGET:g} seconds\n"
        )
        return 2
    try:
        report = collect(timeout=args.timeout)
        data = dump(report)
    except Exception as exc:  # no traceback: it could show private paths
        sys.stderr.write("vmdoctor-probe: internal error (" + type(exc).__name__ + ")\n")
        return 1
    if args.dry_run or args.out == "-":
        out = getattr(sys.stdout, "buffer", None)
        if out is not None:
            out.write(data)
            out.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
        if args.dry_run:
            _summarise(report, None)
        return 0
    try:
        _write(args.out, data)
    except OSError as exc:
        sys.stderr.write(
            "vmdoctor-probe: cannot write " + args.out + ": " + _errno_text(exc) + "\n"
        )
        return 1
    _summarise(report, args.out)
    return 0


def _summarise(report: dict[str, object], path: str | None) -> None:
    sections = report.get("sections")
    if not isinstance(sections, list):
        return
    skipped = [s["id"] for s in sections if s.get("status") == "skipped" and s.get("needs_admin")]
    where = ("wrote " + path) if path else "dry run: nothing written"
    sys.stderr.write(f"vmdoctor-probe: {where} ({len(sections)} checks)\n")
    if skipped:
        sys.stderr.write(
            "vmdoctor-probe: skipped, need administrator/root: "
            + ", ".join(str(s) for s in skipped)
            + "; run elevated to include them\n"
        )


if __name__ == "__main__":
    sys.exit(main())
