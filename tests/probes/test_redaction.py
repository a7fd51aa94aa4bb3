"""Private values planted into real captured outputs must not survive redaction.

The planted values are unique canaries (sos-clean's method: grep everything afterwards). They
are planted the way the real tools print them: systemd's "Hostname set to <name>.", `ip addr`
inet/link lines, systeminfo labels, a JSON-escaped profile path as ConvertTo-Json writes it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

HOST = "zq-desk-4821"
DNS_DOMAIN = "corp-zq.example"
NETBIOS_DOMAIN = "CORPZQ"
USER = "qzmorgan"
OTHER_HOST = "ZQ-DC-07"
AD_DOMAIN = "ad.zqwidgets.example"
OWNER = "Quinn Zephyr"
ORG = "Zephyr Widgets Ltd"
PROFILE_USER = "Quinn Zephyr"  # C:\Users\Quinn Zephyr\...: a space in the folder name
JSON_PROFILE_USER = "qzjson"
HOME_USER = "zqhome"
EMAIL = "quinn.zephyr@zq-mail.example"
IPV4 = ["10.23.45.67", "192.168.77.5"]
IPV6 = ["2001:db8:77:1::25", "fe80::a1b2:c3ff:fed4:e5f6"]
MAC_COLON, MAC_DASH, MAC_DOTTED = "3c:22:fb:81:4e:9a", "3C-22-FB-81-4E-9B", "3c22.fb81.4e9c"
SERIAL = "ZQ7SERIAL2291"
SHORT_SERIAL = "Z9Q"
UUID = "5b1c7e2a-93d4-4f0e-b2a1-7c6d5e4f3a21"
PRODUCT_ID = "00330-80000-00000-ZQ123"

CANARIES = [
    HOST,
    DNS_DOMAIN,
    NETBIOS_DOMAIN,
    USER,
    OTHER_HOST,
    AD_DOMAIN,
    OWNER,
    "Zephyr",
    ORG,
    JSON_PROFILE_USER,
    HOME_USER,
    EMAIL,
    "quinn.zephyr",
    "zq-mail.example",
    *IPV4,
    *IPV6,
    MAC_COLON,
    MAC_DASH,
    MAC_DOTTED,
    SERIAL,
    UUID,
    PRODUCT_ID,
    "ZQ123",
]
# This machine's own addresses, as captured in linux-ip-addr.txt: they go too.
MACHINE = ["b2:59:3d:c9:4e:89", "02:fc:00:00:00:01", "192.0.2.2", "fd00::2", "fe80::fc:ff:fe00:1"]


def planted(captured: Callable[[str], str]) -> dict[str, str]:
    """Real outputs with the canaries planted into them."""
    ip_addr = captured("linux-ip-addr.txt")
    ip_addr = ip_addr.replace("02:6c:66:11:35:f3", MAC_COLON)
    ip_addr += (
        "5: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group "
        "default qlen 1000\n"
        f"    link/ether {MAC_COLON.upper()} brd ff:ff:ff:ff:ff:ff\n"
        f"    inet {IPV4[0]}/24 brd 10.23.45.255 scope global dynamic eth1\n"
        "       valid_lft 86000sec preferred_lft 86000sec\n"
        f"    inet6 {IPV6[0]}/64 scope global dynamic\n"
        "       valid_lft forever preferred_lft forever\n"
        f"    inet6 {IPV6[1]}/64 scope link\n"
        "       valid_lft forever preferred_lft forever\n"
    )
    dmesg = captured("linux-dmesg-kvm-lines.txt") + (
        f"[    2.310000] systemd[1]: Hostname set to <{HOST}>.\n"
        f"[    3.120000] e1000e 0000:00:19.0 eth0: (PCI Express:2.5GT/s:Width x1) {MAC_DASH}\n"
        f"[    9.870000] kvm: VM started by {USER} from {IPV4[1]} on {HOST}.{DNS_DOMAIN}\n"
    )
    lscpu = captured("linux-lscpu.txt") + (
        f"Serial Number:                           {SERIAL}\n"
        f"System UUID:                             {UUID}\n"
    )
    systeminfo_like = captured("linux-virt-host-validate-qemu.txt") + (
        f"Host Name:                 {HOST.upper()}\n"
        f"Registered Owner:          {OWNER}\n"
        f"Registered Organization:   {ORG}\n"
        f"Product ID:                {PRODUCT_ID}\n"
        f"Domain:                    {AD_DOMAIN}\n"
        f"Logon Server:              \\\\{OTHER_HOST}\n"
        f"  Serial Number: {SHORT_SERIAL}\n"
        f"Cisco-style MAC {MAC_DOTTED} and again {MAC_DASH.lower()}\n"
    )
    kvm_ok = captured("linux-kvm-ok.txt") + (
        f"Log: C:\\Users\\{PROFILE_USER}\\AppData\\Local\\Temp\\kvm.log by {NETBIOS_DOMAIN}\\{USER}\n"
        f"Config: /home/{HOME_USER}/.config/vmdoctor and UPN {EMAIL}\n"
    )
    dev_kvm = json.loads(captured("linux-dev-kvm.json"))
    dev_kvm["config"] = f"C:\\Users\\{JSON_PROFILE_USER}\\.wslconfig"
    return {
        "ip_addr": ip_addr,
        "dmesg": dmesg,
        "lscpu": lscpu,
        "systeminfo_like": systeminfo_like,
        "kvm_ok": kvm_ok,
        "dev_kvm": json.dumps(dev_kvm, indent=1),
    }


def identity_redactor(probe: ModuleType) -> Any:
    """What the machine would say about itself: host, FQDN, user, NetBIOS and DNS domain."""
    return probe.Redactor(
        hosts=[HOST, f"{HOST}.{DNS_DOMAIN}"], users=[USER], domains=[NETBIOS_DOMAIN, DNS_DOMAIN]
    )


def redact_all(probe: ModuleType, texts: dict[str, str]) -> tuple[Any, dict[str, str]]:
    redactor = identity_redactor(probe)
    for text in texts.values():
        redactor.learn(text)
    return redactor, {name: redactor.redact(text) for name, text in texts.items()}


def leftovers(text: str) -> list[str]:
    return [value for value in CANARIES + MACHINE if value.lower() in text.lower()]


def test_no_planted_value_survives(probe: ModuleType, captured: Callable[[str], str]) -> None:
    texts = planted(captured)
    assert leftovers("".join(texts.values())) == CANARIES + MACHINE  # all planted, all found
    _, redacted = redact_all(probe, texts)
    for name, text in redacted.items():
        assert leftovers(text) == [], name
    assert SHORT_SERIAL not in redacted["systeminfo_like"]


def test_pseudonyms_are_consistent_across_outputs_and_forms(
    probe: ModuleType, captured: Callable[[str], str]
) -> None:
    redactor, redacted = redact_all(probe, planted(captured))
    host = redactor.token("host", HOST)
    assert f"Hostname set to <{host}>." in redacted["dmesg"]
    assert f"Host Name:                 {host}\n" in redacted["systeminfo_like"]  # upper case
    dns = redactor.token("domain", DNS_DOMAIN)
    assert f"on {host}.{dns}\n" in redacted["dmesg"]  # an FQDN keeps its two halves
    user = redactor.token("user", USER)
    assert f"started by {user} from" in redacted["dmesg"]
    assert f"{redactor.token('domain', NETBIOS_DOMAIN)}\\{user}\n" in redacted["kvm_ok"]
    mac = redactor.token("mac", "3c22fb814e9a")
    assert redacted["ip_addr"].count(mac) == 2  # lower and upper case colon forms
    dash = redactor.token("mac", "3c22fb814e9b")
    assert dash in redacted["dmesg"] and dash in redacted["systeminfo_like"]
    ip = redactor.token("ip", IPV4[1])
    assert f"from {ip} on" in redacted["dmesg"]
    assert re.fullmatch(r"<mac-\d+>", mac) and re.fullmatch(r"<host-\d+>", host)


def test_every_class_is_counted(probe: ModuleType, captured: Callable[[str], str]) -> None:
    redactor, _ = redact_all(probe, planted(captured))
    assert all(count > 0 for count in redactor.counts.values()), redactor.counts


def test_machine_facts_survive_redaction(probe: ModuleType, captured: Callable[[str], str]) -> None:
    _, redacted = redact_all(probe, planted(captured))
    assert "Hypervisor detected: KVM" in redacted["dmesg"]
    assert "Hypervisor vendor:                       KVM" in redacted["lscpu"]
    assert "inet 127.0.0.1/8 scope host lo" in redacted["ip_addr"]
    assert "inet6 ::1/128 scope host" in redacted["ip_addr"]
    assert "link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00" in redacted["ip_addr"]
    assert "brd ff:ff:ff:ff:ff:ff" in redacted["ip_addr"]
    assert "Checking for hardware virtualization" in redacted["systeminfo_like"]
    assert json.loads(redacted["dev_kvm"])["create_vm"] == "ok"


def test_named_and_well_known_bcd_identifiers_are_kept(probe: ModuleType) -> None:
    bootmgr = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}"
    text = (
        f"identifier              {{current}}\ninherit                 {bootmgr}\n"
        f"resumeobject            {{{UUID}}}\nhypervisorlaunchtype    Auto\n"
    )
    redactor = probe.Redactor()
    out = redactor.redact(text)
    assert "{current}" in out and bootmgr in out and UUID not in out
    assert "{<uuid-1>}" in out


@pytest.mark.parametrize(
    "line",
    [
        "WSL version: 2.0.14.0",
        "Kernel version: 5.15.133.1",
        "カーネル バージョン: 5.15.133.1",
    ],
)
def test_version_numbers_are_not_taken_for_addresses(probe: ModuleType, line: str) -> None:
    assert probe.Redactor().redact(line) == line


def test_the_written_report_holds_no_planted_value(
    probe: ModuleType, captured: Callable[[str], str]
) -> None:
    """The whole path: checks -> learn -> redact -> cap -> the bytes --dry-run prints."""
    texts = planted(captured)
    checks = [
        probe.Check(
            f"linux.planted_{name}",
            "lscpu",
            "linux",
            "test",
            (probe.Reader(("read", name), functools.partial(str, text)),),
        )
        for name, text in texts.items()
    ]
    report = probe.collect(
        checks=checks, os_id="linux", redactor=identity_redactor(probe), elevated=False
    )
    data = probe.dump(report).decode("utf-8")
    assert leftovers(data) == []
    assert report["redaction"]["counts"]["mac"] >= 5


def test_this_machines_own_names_are_found_without_being_told(
    probe: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPUTERNAME", HOST.upper())
    monkeypatch.setenv("USERNAME", USER)
    monkeypatch.setenv("USERDOMAIN", NETBIOS_DOMAIN)
    monkeypatch.setenv("USERDNSDOMAIN", DNS_DOMAIN)
    redactor = probe.Redactor.for_this_machine()
    out = redactor.redact(f"{NETBIOS_DOMAIN}\\{USER} on {HOST}.{DNS_DOMAIN}")
    assert leftovers(out) == []
