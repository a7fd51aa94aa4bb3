"""Facts from ``id -nG`` (or ``id``): is the user in the kvm group?

Commands: ``id -nG`` (our probe) or ``id``. Samples::

    user adm cdrom sudo kvm libvirt

    uid=1000(user) gid=1000(user) groups=1000(user),4(adm),108(kvm)

Quirks seen:

- ``id -nG`` is a bare list of words; only a probe section (or the ``id`` form with
  "groups=") is read, since pasted words could be anything.
- root is not in the kvm group and needs not be: the fact only says whether "kvm" is listed
  (the probe's linux.groups section on this machine, as root, prints "root", 2026; no captured
  fixture file, the report test in tests/facts/test_inputs.py holds it).
"""

from __future__ import annotations

import re

from bot.facts import Fact, Facts

SOURCE = "id_groups"

SIGNATURE = re.compile(r"\buid=\d+\([^)]*\)\s+gid=\d+\([^)]*\)\s+groups=")

_ID = re.compile(r"\buid=\d+\([^)]*\)\s+gid=\d+\([^)]*\)\s+groups=(\S+)")
_NAMES = re.compile(r"\A[\w.@$-]+(?:[ \t]+[\w.@$-]+)*\Z")


def read(text: str) -> Facts:
    m = _ID.search(text)
    if m is not None:
        groups = set(re.findall(r"\(([^)]*)\)", m.group(1)))
        quote = m.group(0)
    elif _NAMES.match(text.strip()):
        groups = set(text.split())
        quote = text.strip()
    else:
        return Facts()
    return Facts.of([Fact("user_in_kvm_group", "kvm" in groups, quote, SOURCE)])
