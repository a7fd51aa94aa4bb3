"""Is a question about a virtual machine (or a hypervisor, WSL, Docker, an emulator) failing
to start? Questions that are not get the ``out-of-scope`` cause and a short, polite reply.

A question is in scope when it quotes a known error string, or when it talks about
virtualization AND about something failing (or reads close to a card); a question that never
mentions virtualization must read very close to a card to count. A rule's strong finding does not
put a question in scope on its own: "Outlook won't start: out of memory" and "my Windows 10 Home
laptop won't start" are strong findings of their causes, and not about a VM.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from bot.facts.question import VBS_TERMS

_VM_TERMS = re.compile(
    r"(?<![a-z0-9])(vms?|virtual ?machines?|virtuali[sz]ation|virtuali[sz]ed|hypervisors?|"
    r"hyper-?v|wsl2?|docker|dockerdesktopvm|crc|minishift|podman machine|podman desktop|colima|"
    r"lima|orbstack|"
    r"rancher desktop|vmware|virtual ?box|vbox\w*|ova|ovf|kvm|qemu|libvirt\w*|"
    r"virsh|cockpit[- ]machines|proxmox|"
    r"esxi|vsphere|emulators?|emulat(?:e[ds]?|ing|ion)|avd|haxm|aehd|whpx|sandbox|nested|"
    r"vt-?x|vt-?d|amd-?v|svm|vmx|"
    r"guests?|ept|slat|credential guard|device guard|memory integrity|hvci|vbs|vtpm|"
    r"hypervisorlaunchtype|/dev/kvm|minikube|multipass|vagrant|parallels|utm|bluestacks|"
    r"hcs_e_\w+|verr_\w+|0x8037\w+|ec2s?|gce|compute engine|"
    # VMware Fusion by its version alone ("build a win10x64 eval box on OSX 10.13.4 with Fusion
    # 10.1.1", boxcutter/windows-batch#153, en-921)
    r"fusion(?=\s+\d{1,2}(?:\.\d+)*(?!\.?\d))|"
    # Xen and the tools built on it; libvirt's and Xen's "failed to start domain"
    r"xen|xenserver|xcp-ng|libxl|libxenlight|qubes|start(?:ing)? domain)(?![a-z0-9])"
    r"|仮想|ハイパーバイザ|エミュレータ|ゲスト|入れ子|ネスト|サンドボックス|メモリ整合性|コア分離",
    re.IGNORECASE,
)

_FAILURE_TERMS = re.compile(
    r"(?<![a-z])(start\w*|boot\w*|launch\w*|run\w*|power(ed)? on|open\w*|error\w*|fail\w*|"
    r"won'?t|can'?t|cannot|unable|not supported|unsupported|disabled|not available|"
    r"unavailable|crash\w*|stuck|refus\w*|doesn'?t|does not|didn'?t|not work\w*|problem\w*|"
    r"issue\w*|enabl\w*|install\w*|denied|missing|incompatible|not compatible|turn(ed)? off|"
    r"0x[0-9a-f]{6,8}|verr_\w+|hcs_e_\w+|"
    # a screen that stays black where the guest should show ("when the VM rebooted the screen
    # was black/blank", utmapp/UTM#6332, en-475)
    r"(?:black|blank) screen|screen\s+(?:\w+\s+){0,2}(?:black|blank))(?![a-z])"
    r"|起動|開始|エラー|できな|出来な|失敗|動かな|使えな|無効|有効|サポートされ|立ち上が|"
    r"表示され|止ま|落ち|インストール|動作しな|作動しな|つかな|入らな|見つから",
    re.IGNORECASE,
)


# A start verb: what separates "my VM won't start" from "my VM is slow / too small". Not one
# whose object is a program in the guest, nor "begins to" ("when I start any game in it, it
# starts to slow down", JHRobotics/softgpu#26)
_START_TERMS = re.compile(
    # not a start the user only muses about ("or perhaps launch a new container with --disk",
    # canonical/multipass#1387, en-247)
    r"(?<!perhaps )(?<!maybe )"
    r"(?<![a-z])(start\w*|boot\w*|launch\w*|power(ed)? on|resum\w*|initiali[sz]\w*)(?![a-z])"
    r"(?!\s+(?:of\s+|up\s+)?(?:(?:a|an|any|the|my|some|every)\s+)?(?:\w+\s+)?"
    r"(?:games?|apps?|applications?|programs?|browsers?)\b)"
    # "it starts to slow down": begins to, not a start
    r"(?!\s+to\s+(?!boot|start|launch|run)\w)"
    # Docker Desktop's own account of its engine's start ("running engine: waiting for the VM
    # setup to be ready: preparing VM: ensuring disk: Cannot resize ...", docker/for-mac#7330,
    # en-853): a start, whatever step of it failed
    r"|\brunning engine:|\bwaiting for the vm setup\b"
    r"|起動|開始|立ち上が",
    re.IGNORECASE,
)

# Topics that are about a VM, but not about it failing to start.
_OTHER_TOPICS = re.compile(
    r"disk space|increase .{0,30}(?:disk|size|space)|speed test|\bspeed\b|\bslow\w*|"
    r"bandwidth|mbit|throughput|yaml|docker-compose|compose file|licen[cs]\w*|\bprice\b|"
    r"shared folder|clipboard|screen resolution|restrict\w* access|容量|速度|遅い|"
    # a running VM that crashes again and again ("the GNS3 VM running on Hyper-V ... crashes
    # every day", GNS3/gns3-vm#183, en-574)
    r"\bcrash\w*\s+(?:every|each|once a|twice a)\s+(?:day|night|hour|week)|"
    r"\bcrash\w*\s+(?:daily|nightly|randomly|periodically)\b|"
    # ... or stops answering for a while ("The affected Windows 10 guest became unresponsive for
    # approximately 114 seconds", VirtualBox/virtualbox#837, en-734)
    r"\bbec(?:ame|omes?) unresponsive\b|"
    # the user saying the VMs themselves run ("Its worth mentioning that the VM's work fine. I
    # just want to get rid of the errors", cockpit-project/cockpit#17439, en-801); not with a
    # condition or a turn after it ("the VM runs fine with one CPU but ...")
    r"\b(?:vm'?s?|virtual machines?|guests?)\s+(?:themselves\s+|itself\s+)?"
    r"(?:work|works|run|runs|are running|is running)\s+(?:fine|well|normally|perfectly)\b"
    r"(?![^.\n]{0,60}\b(?:but|except|until|when|if|after|only|unless)\b)|"
    # the guest's disk filling up, the host's load, its network set-up, taking a checkpoint
    r"out of (?:disk )?space|\bload\b[^.\n]{0,30}\b(?:roof|high)\b|high cpu|cpu usage|"
    r"network config\w*|private[_ ]networks?\b|port[- ]forward\w*|\bnic[_ ]?type\b|IP ?アドレス|"
    # a network card that is not connected in a running VM (hashicorp/packer#6835, en-642); a
    # port forward to the host's management page (mseninc/blog, ja-070)
    r"\bnetwork (?:cards?|adapters?|parameters)\b|ポート ?フォワー|"
    r"\bno (?:network|internet)(?: access| connectivity| connection)?\b|"
    r"\b(?:network|internet) access\b|\bconnect(?:ed|ion)? to the internet\b|"
    # reaching a guest that runs: its internet connection, its address, SSH into it ("Can't
    # SSH to my virtual machine anymore", VirtualBox/virtualbox#813, en-828)
    r"\binternet connection\b|\bcan'?t ssh\b|\bunable to ssh\b|\bget an ip address\b|"
    r"checkpoints? (?:are |is )?disabled|snapshot save|create (?:a )?snapshot|"
    # mounting storage on the hypervisor host (an NFS share as an ESXi datastore)
    r"mount\w*\s+(?:\w+\s+){0,3}(?:as\s+)?(?:a\s+)?(?:new\s+)?datastores?|"
    r"datastores?\s+(?:\w+\s+){0,2}mount|データストア.{0,20}マウント",
    re.IGNORECASE,
)


# A VM slowed to a crawl beside the Windows hypervisor is the documented symptom of the clash,
# not another topic: VirtualBox's "snail" execution mode on Hyper-V, VMware's Host VBS mode
# (domain-facts C6: "VirtualBox ... will still run your guest OS ... terribly slow", en-643)
_SLOW = re.compile(r"\bslow\w*|遅い", re.IGNORECASE)
_WINDOWS_HYPERVISOR = re.compile(
    r"\bhyper-?v\b|\bturtle\b|\bsnail\b|virtuali[sz]ation[- ]based security|\bvbs\b|"
    r"windows hypervisor platform|" + VBS_TERMS,
    re.IGNORECASE,
)


# A program refusing to run a VM at all because virtualization is missing: what a start comes to
# when the hypervisor checks the CPU first, whatever else the post is about ("Now when I attempt
# to create a VM, I get a message stating my fourth generation Intel i7 CPU doesn't support
# virtualization", after a guest without network, forums.mydigitallife.net thread 49783, en-244)
_VIRT_REFUSED = re.compile(
    r"\b(?:does\s*n[o']?t|do\s*n[o']?t|not|can\s*n[o']?t)\s+support\s+(?:\w+\s+){0,3}?"
    r"(?:virtuali[sz]ation|(?:a\s+)?virtual machines?)\b|"
    r"\bvirtuali[sz]ation\s+(?:is\s+|was\s+)?(?:not|isn'?t|wasn'?t)\s+"
    r"(?:supported|enabled|available)\b|"
    # Docker Desktop's start-up check: "Virtualization support not detected", "virtualisation
    # support wasn't detected", "unable to detect a Hypervisor", "Windows Hypervisor is not
    # present" (the messages on the windows-firmware-vtx-off card)
    r"\bvirtuali[sz]ation\s+support\s+(?:is\s+|was\s+)?(?:not|isn'?t|wasn'?t)\s+detected\b|"
    r"\b(?:unable\s+to|can\s*n[o']?t|could\s*n[o']?t)\s+detect\s+(?:a\s+)?hypervisor\b|"
    r"\bhypervisor\s+is\s+not\s+present\b|"
    # KVM's device said to be missing: what QEMU, libvirt and the emulators need to start a VM
    # ("/dev/kvm is missing", "there is no /dev/kvm", "/dev/kvm が見つからない")
    r"/dev/kvm\s*(?:is\s+|was\s+)?(?:missing|not\s+found|not\s+present|"
    r"does\s*n[o']?t\s+exist)\b|\bno\s+/dev/kvm\b|"
    r"/dev/kvm\s*(?:が|は)?\s*(?:見つからない|見つかりません|ない|ありません|存在しない|存在しません)|"
    # the extensions or KVM said to be unavailable, off or missing ("Intel VT-x not available",
    # "KVM has been disabled by BIOS", "KVM is required to run this AVD", "KVM is not installed")
    r"\b(?:vt-?x|amd-?v|svm|vmx|kvm|hardware\s+(?:acceleration|virtuali[sz]ation))\s+"
    r"(?:is\s+|has\s+been\s+|was\s+)?(?:not\s+(?:available|enabled|supported|installed)|"
    r"unavailable|disabled|required)\b",
    re.IGNORECASE,
)


# A start in other words: a VM (or the program that runs one) said not to run or load ("when I
# use the official precise32 base box it fails to run", hashicorp/vagrant#945, en-912; "It
# currently is not able to load in VMware Fusion 12", en-755), Vagrant's start command, Japanese
# "動かない" (does not run) and "再起不能" (broken and never up again, ja-064); "COULD NOT RUN VM"
# (threefoldtech/zos#783, en-455)
_START_OTHERWISE = re.compile(
    r"\b(?:can'?t|cannot|can not|could\s*n[o']?t|unable to|fail(?:s|ed)? to|won'?t|wouldn'?t|"
    r"doesn'?t|does not|didn'?t|not able to|never)\s+(?:\w+\s+)?(?:run|load|come up|come online)\b|"
    r"\bvagrant up\b|動かな|再起不能",
    re.IGNORECASE,
)


def _other_topic(prose: str) -> bool:
    if _WINDOWS_HYPERVISOR.search(prose):
        prose = _SLOW.sub(" ", prose)
    return bool(_OTHER_TOPICS.search(prose))


# Doing something else with a VM than starting it (backing it up, resizing it, moving it
# between hosts; not moving the user's own machine to a new one; stopping or deleting it, which
# fails: "`multipass stop --force` can not stop suspended vm", canonical/multipass#3626): an
# error the VM's tools print then (a disk's "Failed to lock the file" during a backup) belongs
# to that activity, though a card quotes the same error for a start
_OTHER_ACTIVITIES = re.compile(
    r"\bbackups?\b|\bbacking up\b|\bresiz\w*|live[- ]migrat\w*|vmotion|"
    r"migrat\w* (?:(?:this|the|my|a|that) )?(?:vms?|virtual machines?|guests?)\b|"
    r"\b(?:can ?not|could ?not|couldn't|unable to|fail(?:ed|s)? to|won'?t|doesn'?t|does not)\s+"
    r"(?:force[- ]?)?(?:stop|shut ?down|power off|delete|remove|destroy)\b|"
    r"\b(?:stop|delete|shutdown|destroy) failed\b",
    re.IGNORECASE,
)

# A program that runs beside the VM failing, or a feature of a running one, not the VM: VS
# Code's server inside WSL ("VS Code Server for WSL closed unexpectedly", a Japanese setup memo
# kept on GitHub, ja-057); Docker's command missing from a WSL distro that Docker Desktop has
# not been integrated with, both of them running ("The command 'docker' could not be found in
# this WSL 2 distro. We recommend to activate the WSL integration", mseninc/blog, ja-069)
_OTHER_PROGRAMS = re.compile(
    r"\bvs ?code server\b|\bvscode-server\b|"
    r"\bcommand '?docker(?:-compose)?'? could not be found in this wsl|"
    # vCenter Server's own Windows service, which manages VMs but is not one ("vCenter Server
    # のサービスが自動起動しない", mseninc/blog, ja-068)
    r"\bvcenter(?: server)?\s*(?:の)?\s*(?:services?|サービス)|\bvmware virtualcenter server\b|"
    # Docker Desktop's drive sharing into containers, with Docker running ("Docker Desktop の
    # 共有ドライブ (Shared Drives) が設定できなくて困った", mseninc/blog, ja-065)
    r"\bshared drives?\b|\bdrive sharing\b|共有ドライブ|"
    # the package manager failing to set up a package that is not a hypervisor's, its kernel
    # modules or the kernel ("dpkg: error processing package lvm2 (--configure)" while
    # installing virt-manager, ja-047)
    r"\bdpkg: error processing package (?!\S*(?:virtualbox|vbox|vmware|qemu|libvirt|kvm|dkms|"
    r"linux-(?:image|headers|modules)))\S+",
    re.IGNORECASE,
)

# what a log says when something failed (not "exited with code 1" of a program in a container)
_LOG_FAILURE = re.compile(
    r"(?<![a-z])(?:fail\w*|error\w*|could not|cannot|can't|unable|panic\w*)(?![a-z])",
    re.IGNORECASE,
)

# A pasted file or log between code fences: its words are not what the question is about
# (a compose.yaml pasted to show a "KVM acceleration not available" set-up is not a question
# about YAML). An unclosed fence runs to the end.
_CODE_BLOCK = re.compile(r"```.*?(?:```|\Z)", re.DOTALL)
# A command quoted inline, as a step the user took: "1. `colima stop` 2. `colima start --edit`"
# is how they resized a disk (abiosoft/colima#1310), not a start that failed
_INLINE_CODE = re.compile(r"`[^`\n]{1,200}`")
# A start the user tells as done, in a sentence of its own with nothing going wrong in it: "I
# launched an Ubuntu 26.04 Multipass VM. Then, I tried to set its disk size ..."
# (canonical/multipass#4935, en-712) is the set-up of another topic, not a start that failed
#: the rest of a sentence; a dot inside a version number ("Ubuntu 26.04") does not end it
_SENTENCE_REST = r"(?:[^.!?\n]|\.(?=\d))*"
_STARTED_FINE = re.compile(
    # a sentence's start, or an issue's numbered step: "Step 4: I started the VM with Debian 12
    # arm64, then I did log in and I reconfigured the network interface" (jiangcuo/pxvirt#82,
    # en-930) tells a start that worked
    r"(?:^|(?<=[.!?\]\n])|\bstep\s*\d{1,2}\s*[:.)])"
    r"\s*(?:then,?\s+)?(?:i|we)\s+(?:first\s+)?(?:launched|started|booted)\b" + _SENTENCE_REST,
    re.IGNORECASE,
)
_TROUBLE = re.compile(
    r"fail|error|\bnot\b|n'?t\b|cannot|unable|stuck|crash|hang|freez|time[sd]?[- ]?out|refus|"
    r"\bbut\b|\bonly\b|\bafter\b",
    re.IGNORECASE,
)
_NEXT_SENTENCE = re.compile(r"[.!?\]\n]?" + _SENTENCE_REST)


def _narrated_starts_removed(text: str) -> str:
    """The text without starts told as done, where neither their sentence nor the next one says
    anything went wrong ("I launched the VM. It timed out ..." is still a start that failed)."""

    def fine(m: re.Match[str]) -> str:
        after = _NEXT_SENTENCE.match(text, m.end())
        told = m.group() + (after.group() if after else "")
        return m.group() if _TROUBLE.search(told) else " "

    return _STARTED_FINE.sub(fine, text)


# An issue form's steps say what the user did ("Steps to reproduce the bug Start a sandbox
# with: ..."), its actual result what went wrong ("Actual result There is no network access
# within the sandbox", microsoft/Windows-Sandbox#52, en-726)
_STEPS = re.compile(r"\bsteps? to reproduce\b", re.IGNORECASE)
_ACTUAL = re.compile(r"\bactual (?:result|behaviou?r)s?\b", re.IGNORECASE)


def _told(text: str) -> str:
    """The text without an issue form's steps to reproduce, up to its actual result."""
    steps, actual = _STEPS.search(text), _ACTUAL.search(text)
    if steps and actual and steps.start() < actual.start():
        return text[: steps.start()] + " " + text[actual.start() :]
    return text


def _inline_code_removed(text: str) -> str:
    """The text without its inline commands; a fenced block stays whole (its own backticks
    would otherwise pair with an inline command's)."""
    kept, last = [], 0
    for block in _CODE_BLOCK.finditer(text):
        kept += [_INLINE_CODE.sub(" ", text[last : block.start()]), block.group()]
        last = block.end()
    return "".join([*kept, _INLINE_CODE.sub(" ", text[last:])])


def _vm_error_in_log(text: str) -> bool:
    """A pasted log whose own error names the VM ("FAILED TO INSTALL K3S: COULD NOT RUN VM ...
    FIRECRACKER PANICKED AT 'ERROR CREATING THE KVM OBJECT'", en-455): a failure word within a
    few words of a VM term, inside the code. A VM term in a command ("$ docker compose exec web
    bin/dev", ja-046) is not one."""
    for block in _CODE_BLOCK.findall(text):
        for term in _VM_TERMS.finditer(block):
            near = block[max(0, term.start() - 40) : term.end() + 40]
            if _LOG_FAILURE.search(near):
                return True
    return False


@dataclass(frozen=True)
class Scope:
    in_scope: bool
    reason: str
    #: the question speaks of a start (a start word, a VM that fails to run or load, or the
    #: CPU's virtualization refused): a question in scope without one ("Winget fails in
    #: Windows Sandbox") may be about something else that fails with the VM running
    starting: bool = True


def _quotes_removed(text: str, quoted: Sequence[str]) -> str:
    """The text without the known error strings it quotes."""
    for match in quoted:
        text = re.sub(re.escape(match), " ", text, flags=re.IGNORECASE)
    return text


def judge(question: str, *, quoted: Sequence[str], best_dense: float) -> Scope:
    """``quoted``: the known error strings (card ``matches``) the question quotes. A word of
    another activity inside one of them is the error's, not the user's: Proxmox refuses to
    start a VM with "VM is locked (backup)", which is not about a backup."""
    text = unicodedata.normalize("NFKC", question)
    prose = _CODE_BLOCK.sub(" ", text)
    told = _told(text)
    starting = bool(
        _START_TERMS.search(_narrated_starts_removed(_inline_code_removed(told)))
        or _VIRT_REFUSED.search(text)
    )
    if _OTHER_ACTIVITIES.search(_quotes_removed(prose, quoted)) and not starting:
        return Scope(False, "about doing something else with a VM than starting it")
    # a start command quoted inline counts here ("`minikube start`を実行すると失敗する", ja-026)
    speaks_of_start = starting or bool(_START_TERMS.search(told) or _START_OTHERWISE.search(text))
    if quoted:
        return Scope(True, "quotes a known error string", speaks_of_start)
    if _OTHER_PROGRAMS.search(prose):
        return Scope(False, "about a program or feature beside the VM, not the VM starting")
    # the VM named in the prose, or in a pasted log's own error, not only in a pasted command:
    # "$ docker compose exec web bin/dev" above a Rails server's exit is a container's program
    # failing (ja-046)
    about_vm = bool(_VM_TERMS.search(prose)) or _vm_error_in_log(text)
    failing = bool(_FAILURE_TERMS.search(text))
    if _other_topic(_CODE_BLOCK.sub(" ", told)) and not starting:
        return Scope(False, "about a VM, but not about it failing to start")
    if about_vm and failing:
        return Scope(True, "about virtualization and something failing", speaks_of_start)
    if about_vm and best_dense >= 0.45:
        return Scope(True, "about virtualization and close to a card", speaks_of_start)
    if best_dense >= 0.62:
        return Scope(True, "close to a card", speaks_of_start)
    return Scope(False, "not about a virtual machine failing to start")
