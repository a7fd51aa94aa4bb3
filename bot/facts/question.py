"""Facts from the user's own words: what they say about their machine.

Users tell us things no error string carries: "Hyper-V is enabled (I need it for Docker)",
"this is an Ubuntu VM in VMware", "Windows 10 Home", "Ryzen 5", "virtualization is on in the
BIOS", "after the latest update". Each pattern below reads one such statement; a fact quotes
the clause it came from. A statement and its negation in one question cancel out (unknown).

Patterns run over an NFKC-normalised copy (Japanese IMEs type full-width ``ＶＴ－ｘ``), and
quotes are cut from the original text, so they are always verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from bot import platforms
from bot.facts import Fact, Facts, FactValue

SOURCE = "question"

# what runs the Windows hypervisor; VBS does too, but its statements are vbs_on (a more
# specific cause: turning these off does not stop a hypervisor that VBS keeps on)
_WIN_HV = (
    r"(?:hyper-?v|wsl ?2?|virtual machine platform|docker desktop|windows sandbox|"
    r"windows hypervisor platform|whpx|仮想マシン ?プラットフォーム)"
)
# "the Hyper-V role enabled", "WSL feature is on"
_ROLE = r"(?:\s+(?:role|feature|features))?"
#: the names of Virtualization-based security's features, which keep the Windows hypervisor on
VBS_TERMS = (
    r"(?:memory integrity|core isolation|credential guard|device guard|hvci|メモリ整合性|コア分離)"
)
_FEATURE = (
    r"(?:virtual ?machine ?platform|windows hypervisor platform|hyper-?v(?: feature| role)?|"
    r"仮想マシン ?プラットフォーム|windows ?ハイパーバイザー ?プラットフォーム|"
    r"the (?:required |windows )?features)"
)
_VIRT = (
    # not nested virtualization, a VM's setting ("Running on VMware Workstation 16.1.1, Nested
    # Virtualization Enabled", microsoft/WSL#6937), nor VMware's "Virtualize Intel VT-x/EPT"
    r"(?<!nested )(?<!nested-)(?<!ネストされた)(?<!ネストした)(?<!virtualize )(?<!virtualise )"
    r"(?:vt-?x|vt-?d|amd-?v|svm(?: mode)?|intel vt|"
    r"virtuali[sz]ation(?: technology| capabilit(?:y|ies))?|hardware virtuali[sz]ation|"
    r"仮想化(?:支援機能|支援|機能)?|VT)"
)
# a hypervisor that contends with Windows' for VT-x, by the names users give it
_THIRD_NAME = r"(?:vm\s*)?(?:virtual ?box|vmware(?: workstation| player)?|haxm|bluestacks)\b"
# after an OS name: not when the words that follow make it a guest, its ISO or its image
_NOT_GUEST = (
    r"(?![\w ]{0,30}?\b(?:vms?|virtual machines?|guests?|iso|images?|box(?:es)?|"
    r"templates?)\b)"
)
# editions listed together are what the user tried or read about, not this host's one edition
# ("this happens for Windows 10 Home, Education, and Professional" installed in a KVM guest,
# cockpit-project/cockpit-machines#851)
_NOT_LISTED = (
    r"(?!\s*(?:,|/|\band\b|\bor\b)\s*(?:and\s+|or\s+)?(?:windows\s*(?:10|11)?\s*)?"
    r"(?:home|pro|professional|enterprise|education)\b)"
)
# an edition named as the thing installed or run as a guest ("a Windows 11 Pro VM", "the
# Windows 10 Pro ISO"); right after the name only, so "Windows 10 Pro host with a Ubuntu guest"
# keeps the host's edition
_EDITION_NOT_GUEST = r"(?!\s+(?:vms?|virtual machines?|guests?|iso|images?)\b)"
# Windows 10 or 11 as users name it before an edition: "Windows 10", "Windows", or short "Win 10"
# ("WIN 10 Home 20H2", docker/for-win#10061)
_WINDOWS_CLIENT = r"(?:\bwindows\s*(?:10|11)?|\bwin\s*(?:10|11))"
_OUTER = (
    r"(vmware(?: workstation| fusion| player| esxi)?|virtualbox|hyper-?v|parallels|utm|"
    r"kvm|qemu|proxmox|esxi|vsphere|xen(?:server)?|azure|aws|ec2|gcp|google cloud|"
    r"compute engine|wsl ?2?)"
)
_LAUNCH_AUTO = r"(?<!/set )(?<!\} )hypervisorlaunchtype\s+auto\b"
# up to a clause's end, with no word that turns "it works" into "it still fails"
_UNNEGATED = (
    r"(?:(?!\b(?:still|not|no|nothing|never|neither|nor|fail\w*|cannot|unable|same|error)\b"
    r"|n't|n’t)[^.\n]){0,80}?"
)
_ON = r"(?:enabled?|on|turned on|installed|activated|active|running|in use|有効|オン)"
# with the misspellings posts carry ("Hyper-V diabled but still can't", intel/haxm#285)
_OFF = (
    r"(?:disabled?|diabled|disbaled|dissabled|disabeled|off|turned off|uninstalled|removed|"
    r"not installed|deactivated|無効|オフ)"
)

# "an Ubuntu 18.04 VM in VMware Workstation", "Windows Server 2019 on VMware 6.7": the guest,
# and what it runs on; not when the words after it name the user's machine as the host
# ("Windows on VirtualBox (Arch Linux host)")
# not the word a name starts ("Windows is not running on a hypervisor" names no Hyper-V), nor
# a denial (cheat-engine/cheat-engine#3244), nor the guest a user tries to start ("Can't get
# ubuntu to start in VirtualBox", frappe/erpnext#22207)
_GUEST_OF = (
    r"\b(?:vm|guest|virtual machine|ubuntu|debian|centos|fedora|linux|windows)\s+"
    r"(?:(?!not\b|never\b|to\b)[\w.]+\s+){0,2}?(?:vm\s+)?(?:running\s+|hosted\s+|installed\s+)?"
    r"(?:in|on|inside|under)\s+(?:a\s+|an\s+)?"
    + _OUTER
    + r"(?![\w-])(?!\s+(?:host|manager)|\s*\((?:[\w.-]+\s+){1,3}host\))"
)

# "error when starting a virtual machine in VMware Workstation" (mkubecek/vmware-host-modules
# #108): the VM being started is the hypervisor's guest and the user sits on its host, so a
# _GUEST_OF phrase right after a verb of starting says nothing about nesting; nor does one
# after looking at it ("when I look at the VM in Virtualbox its showing the above message",
# hatching/vmcloak#142)
_STARTING = re.compile(
    r"\b(?:start|starting|started|boot|booting|launch|launching|power on|powering on|open|"
    r"opening|look at|looking at|looked at|check|checking|checked)\s+"
    r"(?:(?:a|an|any|the|my|our|all|every|new)\s+)?"
    r"(?:(?!(?:in|on|inside|under|within)\s)\w+\s+){0,3}$|"
    # nor after a device given to the VM from its host ("attaching an NVIDIA vGPU to a Virtual
    # Machine on VMware ESXi", Stephen Wagner's vGPU post, en-859): the admin sits on the host
    r"\b(?:attach(?:es|ed|ing)?|assign(?:s|ed|ing)?|pass(?:es|ed|ing)?\s+(?:\S+\s+){0,4}?through|"
    r"passthrough)\b[^.\n]{0,60}?\bto\s+(?:(?:a|an|the|my|our|this)\s+)?$",
    re.IGNORECASE | re.ASCII,
)
# "My Ubuntu VM on VirtualBox won't start", "my vm on esxi 7.0 u3 won't power on": a _GUEST_OF
# phrase that is the subject of the failure names the VM being started, and the user sits on its
# host; nothing is nested. Both halves are needed: "Docker won't start in my Windows VM on ESXi"
# has the failure before the phrase and stays a guest
_CLAUSE_SUBJECT = re.compile(
    r"(?:^|[.!?;:\n]\s*|\b(?:and|but|so|now|then|suddenly|today|however,?)\s+)"
    r"(?:(?:my|our|the|a|an|this|that|his|her|their|every|all)\s+)?(?:[\w.-]+\s+){0,2}$",
    re.IGNORECASE | re.ASCII,
)
_FAILS_TO_START = re.compile(
    # up to six words between ("shows a black screen and doesn't boot"), none of them another
    # clause's start or a program that could be what fails inside the guest ("... where KVM
    # won't start")
    r"(?:\s*,?\s+(?!(?:where|which|that|when|while|because|so|docker|kvm|wsl\d?|hyper-?v|"
    r"virtualbox|vmware|qemu|minikube|emulator|android|vagrant|multipass|podman)\b)[\w.()-]+)"
    r"{0,6}?\s+(?:won'?t|wont|will not|doesn'?t|does not|didn'?t|did not|"
    r"can'?t|cannot|can not|(?:is|was) unable to|refuses to|fail(?:s|ed)? to|no longer)\s+"
    # the VM itself failing, not something it fails to run ("can't run Hyper-V", "won't start
    # Docker"): a start with no program after it, a run with nothing after it but a time or way
    r"(?:(?:start|boot|power on|power up|launch|turn on|come up)\b(?!\s+(?:docker|kvm|wsl\d?|"
    r"hyper-?v|virtualbox|vmware|qemu|minikube|the emulator|an? emulator|android|vagrant|"
    r"multipass|podman|containers?|vms?|virtual machines?|guests?|nested)\b)|"
    r"run\b(?=\s*(?:$|[.,;:!?)]|(?:after|since|anymore|again|properly|correctly|at all|now|"
    r"today|when|because|with|any ?more)\b)))",
    re.IGNORECASE | re.ASCII,
)
#: the user says WSL 2 runs here today ("I'm using WSL2 successfully", "WSL 2 works fine"), not
#: that it once did ("successfully before 3.20") or should ("Expected behavior: WSL works fine")
_WSL2_RUNS = (
    r"\b(?:i(?:'m| am) using|i use|i run) wsl ?2 successfully\b(?! (?:before|until|up to)\b)|"
    r"\bwsl ?2?(?: itself)? (?:works|is working|runs|is running) (?:fine|well|perfectly)\b|"
    r"wsl ?2?\s*(?:は|も)\s*(?:問題なく|正常に)\s*(?:動作し|動い|使え)て(?:い|お)"
)
_EXPECTED = re.compile(r"\bexpected(?: behaviou?r| result)?\s*:?\s*$", re.IGNORECASE)

_KVM_DENIED = (
    r"/dev/kvm device:? permission denied|doesn't have permissions to use KVM|"
    # the same refusal in other tools' words, either way round ("open /dev/kvm: permission
    # denied", "permission denied on /dev/kvm"), and in Japanese ("/dev/kvm の permission
    # denied", "/dev/kvm へのアクセスが拒否", "/dev/kvm の権限がない")
    r"/dev/kvm[^\n.。]{0,30}?permission denied|permission denied[^\n.。]{0,20}?/dev/kvm|"
    r"/dev/kvm[^\n。]{0,20}?(?:アクセス(?:権)?が拒否|権限がな|権限がありません)"
)

# the user (or a tool) says VT-x/AMD-V is on; not a tool's "This computer doesn't have
# VT-X/AMD-v enabled" (docker/machine#4669), which says the opposite
_VIRT_SAID_ON = (
    r"\b" + _VIRT + r"\s+(?:is\s+|was\s+|has been\s+)?(?:already\s+)?"
    r"(?:enabled|turned on)\b(?:\s+in\s+(?:the\s+)?"
    r"(?:bios|uefi|firmware))?"
)
# "even though it's enabled in both BIOS and Windows" (MustardChef/WSABuilds#31),
# "virtualization enabled in both windows and bios" (MicrosoftDocs/WSL#652): the firmware
# switch and, on the Windows side, the feature
_ON_IN_BOTH = (
    r"\benabled\s+(?:in|on)\s+both\s+(?:(?:the\s+)?(?:bios|uefi)\s+and\s+(?:in\s+)?windows|"
    r"windows\s+and\s+(?:in\s+)?(?:the\s+)?(?:bios|uefi))\b"
)
_LACKING = re.compile(
    r"\b(?:doesn'?t|does not|don'?t|do not|didn'?t|did not)\s+have\s+(?:[\w-]+/)?$",
    re.IGNORECASE,
)

# "Docker won't start inside my VM": the failing machine is a VM; not after a verb of booting,
# which is what an OS does in the VM being started ("I was struggling to get ArchTitus to boot
# in a Proxmox VM", ChrisTitusTech/ArchTitus#302)
_IN_A_VM = (
    r"\b(?:inside|within|in|on|under)\s+(?:a|an|my|our|this)\s+(?:\w+\s+){0,2}"
    r"(?:vm|virtual machine|guest|vps|vdi|cloud instance|instance)\b"
)
# words before "in a VM" that make it the VM being started or watched, not the user's machine:
# what an OS does in the VM ("to boot in a Proxmox VM"), where a failure is seen
_THE_VM_ITSELF = re.compile(
    r"\bboot(?:s|ed|ing)?\s+$|"
    # nor where the failure is seen ("This happens identically on a fresh VM (no OS installed)
    # and on an existing VM", VirtualBox/virtualbox#799): the VM being started
    r"\b(?:happens?|happened|occurs?|occurred|reproduc\w*|identically|tried|tested)\s+"
    r"(?:\w+\s+){0,2}(?:(?:on|in)\s+(?:a|an|the|my)\s+[^.\n]{0,50}?\s+(?:and|or)\s+)?$",
    re.IGNORECASE,
)

# what the user has read or heard about a processor vendor, not this machine's processor ("I've
# read there's issues with AMD processors but I'm running it on an Intel CPU", WSL#10106)
_HEARSAY = re.compile(
    r"\b(?:read|heard|reportedly|apparently|supposedly)\b[^.\n]{0,40}$", re.IGNORECASE
)
_AMD_CPU = (
    r"(?<!vt-x/)(?<!vt-x / )(?<!vt-x or )(?<!vt-x and )"
    r"\b(?:amd|ryzen|epyc|threadripper|athlon|authenticamd)\b"
)
_INTEL_CPU = (
    r"\b(?:intel(?! vt-x\s*(?:/|or|and)\s*amd-v)|core i[3579]|xeon|pentium|celeron|"
    r"genuineintel)\b"
)

# "disable Hyper-V" as an action done ("I had to disable Hyper-V"); not as a wish or a demand
# ("I'd just like a way to temporarily disable Hyper-v so I can keep WSL ... bluestacks just
# tells me I have to disable WSL to open it", microsoft/WSL#8451), which leave the state as is
_OFF_WIN_HV = r"\b" + _OFF + r"\s+(?:the\s+)?" + _WIN_HV
_INTENT = re.compile(
    r"\b(?:way|how|want|wanted|wish|like|need|trying|try|able|option|possible|have|has)\s+to\s+"
    r"(?:\w+\s+)?$",
    re.IGNORECASE,
)

# an instruction, in a tool's message or a reply, names the state it asks for, not the state the
# machine is in: WSL's "Please enable the Virtual Machine Platform Windows feature and ensure
# virtualization is enabled in the BIOS" (0x80370102, microsoft/WSL#9831) says nothing of either
_ADVICE = re.compile(
    r"\b(?:please|ensure|make sure|be sure)(?:\s+that)?\s+$|"
    # what others advise ("google told me to disable hyper-v to make it work. but thats no
    # option for me (because docker needs it to run)", a Nox/BlueStacks crash report, en-651)
    r"\b(?:told|tells?|suggest(?:ed|s)?|recommend(?:ed|s)?|advis(?:ed|es?))\s+"
    r"(?:(?:me|us|you|them)\s+)?to\s+$|"
    # a tool's examples of what to check ("Check that software such as Hyper-V, Windows
    # Sandbox, WSL2, memory integrity protection, and other Windows features that lock
    # virtualization are turned off", a VirtualBox wrapper script's message, en-009) name what
    # might be, not what this machine runs
    r"\b(?:check|make sure|ensure|verify)\s+(?:that\s+)?[^.\n]{0,30}\bsuch as\b[^.\n]*$",
    re.IGNORECASE,
)

# VirtualBox in the picture, by its names and codes; not when it is named as other threads'
# subject ("I followed several similar issues for virtualbox like #3826",
# docker-archive-public/docker.machine#4328) or as a driver the tool says it ignores ("Ignoring
# --vm-driver=virtualbox, as the existing "minikube" VM was created using the hyperv driver",
# kubernetes/minikube#4374)
# ... and Docker Toolbox and boot2docker, which stand for it: their VM runs in VirtualBox unless
# docker-machine was told to use Hyper-V ("docker-machine create -d hyperv --hyperv-memory 512
# vm1", docker/machine#4328, en-424), whose boot2docker VM is a Hyper-V VM
_VBOX_TOOLS = r"\bdocker ?toolbox\b|\bboot2docker\b"
_VBOX = platforms.alias_pattern("virtualbox") + r"|\bvbox\w*|\bverr_\w+|" + _VBOX_TOOLS
_VBOX_BY_TOOL = re.compile(_VBOX_TOOLS, re.IGNORECASE)
_HYPERV_DRIVER = re.compile(
    r"(?:(?<!\S)-d|--(?:vm-)?driver)(?:\s+|=)hyperv\b|\bhyper-?v driver\b", re.IGNORECASE
)
_ELSEWHERE = re.compile(
    r"\b(?:issues?|threads?|posts?|bugs?|reports?)\s+(?:for|with|about|on)\s+$|"
    r"\bignoring\s+--(?:vm-)?driver[= ]$",
    re.IGNORECASE,
)

# a size in `df -h` output: "3.2G", "56M", "460Gi", "1,5G"
_DF_UNIT = r"[KMGTPE]?i?"
_DF_SIZE = r"[\d.,]+" + _DF_UNIT

# a public cloud named; not Azure Stack (HCI, Hub), which is Hyper-V in the user's own
# datacenter ("Azure Stack VMs in nested virtualization", en-835)
_CLOUD_NAMED = r"\b(azure|aws|ec2|gcp|gce|compute engine|google cloud)\b(?!\s+stack)"
# ... nor where the user denies being there ("We are not on Azure, build server is local", en-641)
_DENIED_PLACE = re.compile(
    r"\b(?:not|never|isn'?t|aren'?t|wasn'?t|weren'?t)\s+(?:on|in|using|running on|running in|"
    r"hosted on|hosted in)\s+(?:an?\s+|the\s+)?$",
    re.IGNORECASE | re.ASCII,
)

_NESTING_WORDS = r"\bnested(?: virtuali[sz]ation| vm| hyper-?v| kvm)?\b|入れ子|ネスト"

_HYPERVISOR_OS_AS_VM = (
    r"\b(?:qubes(?: ?os)?|proxmox(?: ve)?|esxi|xcp-ng|xenserver|harvester|unraid)\b[^.\n]{0,30}?"
    r"\bas\s+an?\s+(?:vm|virtual machine|guest)\b"
)
# "running on host with windows 2012 and Hyper-v": a guest of a host named by what it runs
_ON_HYPERV_HOST = (
    r"\b(?:running|hosted|runs|sits)\s+(?:on|under)\s+(?:a\s+|an\s+|the\s+)?host\s+"
    r"(?:with|running)\s+[^.\n]{0,40}?\b(hyper-?v)\b"
)
# a Windows Server release as Hyper-V hosts are named: "2012", "2012 R2", "2012-R2"
_HV_RELEASE = r"(20(?:08|12|16|19|22|25)(?:\s*-?\s*r2)?)"

_JA_GUEST_OF = _OUTER + r"\s*(?:の)?\s*(?:子機|ゲスト ?OS|ゲスト|仮想マシン|VM)\s*(?:上|内|の中)?で"

# (fact, value, pattern). A value of None means "take the first capture group".
_PATTERNS: tuple[tuple[str, FactValue, str], ...] = (
    # the failing machine is itself a VM (an L1 guest)
    ("is_guest", True, _NESTING_WORDS),
    # ... and that is what the user asks about, which a guest's own failure is not
    ("nesting_named", True, _NESTING_WORDS),
    # a hypervisor's own OS run as a VM ("I run Qubes as a VM (VMware)", QubesOS/qubes-issues#2981)
    # is nesting by what it is
    ("nesting_named", True, _HYPERVISOR_OS_AS_VM),
    ("is_guest", True, _IN_A_VM),
    ("is_guest", True, _GUEST_OF),
    # said of VMs in general that this machine is among: QEMU with accel=kvm "run inside most
    # VMs" (a packer build, hashbang/airgap#3, en-909); a Kubernetes cluster "set up by VMs as
    # nodes" (kubevirt/kubevirt#10851, en-842)
    (
        "is_guest",
        True,
        r"\bruns?\s+(?:inside|within|in|under)\s+(?:most|many|some)\s+(?:vms|virtual machines)\b|"
        r"\bvms\s+as\s+(?:(?:k8s|kubernetes|cluster)\s+)?nodes\b",
    ),
    # Docker Desktop's issue template: "Are you running inside a virtualized Windows e.g. on a
    # cloud server or on a mac VM: Yes, VMWare"
    ("is_guest", True, r"inside a virtuali[sz]ed windows[^:\n]{0,60}:\s*yes\b"),
    ("is_guest", False, r"inside a virtuali[sz]ed windows[^:\n]{0,60}:\s*no(?:pe)?\b"),
    # ... and the answer often names the outer hypervisor: "Yes, VMware"
    (
        "outer_hypervisor",
        None,
        r"inside a virtuali[sz]ed windows[^:\n]{0,60}:\s*yes\b[\s,.;:-]*(?:(?:on|in|with)\s+)?"
        + _OUTER,
    ),
    # "running inside a virtualized VMware Workstation"
    ("is_guest", True, r"\b(?:inside|within|in|on|under)\s+an?\s+virtuali[sz]ed\s+" + _OUTER),
    (
        "outer_hypervisor",
        None,
        r"\b(?:inside|within|in|on|under)\s+an?\s+virtuali[sz]ed\s+" + _OUTER,
    ),
    ("outer_hypervisor", None, _GUEST_OF),
    (
        "is_guest",
        True,
        r"(?:VM|仮想マシン|ゲスト ?OS|ゲスト|クラウド|インスタンス)(?:上|の中|内)(?:で|に|の)",
    ),
    # "Hyper-V子機で Docker Desktop を…": doing something in a hypervisor's guest (子機 is the
    # helpdesk word for a child VM); "Hyper-V の仮想マシンが起動しない" is the VM itself
    ("is_guest", True, _JA_GUEST_OF),
    # a hypervisor set up inside a VM's own OS: "仮想マシンのWindows Server 2016で役割と機能の
    # 追加からHyper-Vをインストールしようとすると" (a Windows Server VM on ESXi, ja-053)
    (
        "is_guest",
        True,
        r"(?:仮想マシン|VM|ゲスト)\s*(?:上)?の\s*(?:Windows|Ubuntu|Linux|CentOS|RHEL|Debian)"
        r"[^。\n]{0,40}?(?:Hyper-?V|WSL|Docker|KVM|VirtualBox|VMware)",
    ),
    ("outer_hypervisor", None, _JA_GUEST_OF),
    # the environment a Japanese post lists under its virtualization platform ("仮想化基盤：
    # VMware ESXi 6.5", ja-053)
    ("outer_hypervisor", None, r"仮想化基盤\s*[:：]\s*" + _OUTER),
    # GitHub's hosted runners are virtual machines (GitHub Docs, "About GitHub-hosted runners");
    # a self-hosted runner may be anything
    ("is_guest", True, r"(?<!self-hosted )\bgithub(?:[- ]hosted)?\s+(?:actions\s+)?runners?\b"),
    # ... and a workflow's job on one of their labels ("runs-on: ubuntu-24.04-arm"; a self-hosted
    # runner's labels start with "self-hosted")
    ("is_guest", True, r"\bruns-on:\s*\[?\s*[\"']?(?:ubuntu|windows|macos)-[\w.]"),
    (
        "is_guest",
        True,
        r"\b(?:azure|aws|ec2|gcp|gce|compute engine|google cloud)\b(?!\s+stack)[^.\n]{0,40}"
        r"\b(?:vm|instance|virtual machine|server)\b",
    ),
    (
        "outer_hypervisor",
        None,
        r"\b(?:running|installed|hosted|runs|run|created)\s+(?:\w+\s+){0,1}(?:on|in|inside|under)\s+"
        r"(?:a\s+|an\s+)?" + _OUTER + r"\s*(?:vm|guest|virtual machine|instance)?\b(?!\s+host)",
    ),
    # "inside my VMware Workstation VM", "on an Azure VM", "in a Win10 VirtualBox VM"
    (
        "outer_hypervisor",
        None,
        r"\b(?:inside|within|in|on|under)\s+(?:a|an|my|our|this|the)\s+(?:[\w.-]+\s+)??"
        + _OUTER
        + r"\s+(?:vm|guest|virtual machine|instance)\b",
    ),
    ("outer_hypervisor", None, _CLOUD_NAMED),
    # a hypervisor's own OS run as a VM is a guest that needs VT-x passed in ("I run Qubes as a VM
    # (VMware)", QubesOS/qubes-issues#2981), and the hypervisor named with it is the outer one
    ("is_guest", True, _HYPERVISOR_OS_AS_VM),
    ("outer_hypervisor", None, _HYPERVISOR_OS_AS_VM + r"\s*(?:\(\s*|(?:in|on|under)\s+)" + _OUTER),
    # "This server is running on host with windows 2012 and Hyper-v" (docker/machine#4271): the
    # machine is a guest, and the host's hypervisor is named after its Windows release
    ("is_guest", True, _ON_HYPERV_HOST),
    ("outer_hypervisor", None, _ON_HYPERV_HOST),
    # the Windows release of a Hyper-V host: "host with windows 2012 and Hyper-v", "a Windows
    # Server 2012 R2 Hyper-V host", "Hyper-V Server 2012 R2"; before Windows Server 2016 a
    # Hyper-V host cannot pass VT-x to its guests at all [R1]
    (
        "hyperv_host_release",
        None,
        r"\bhost\s+(?:with|running)\s+(?:windows\s+)?(?:server\s+)?"
        + _HV_RELEASE
        + r"\s+(?:and|with)\s+hyper-?v\b",
    ),
    (
        "hyperv_host_release",
        None,
        r"\b(?:windows\s+)?(?:server\s+)?" + _HV_RELEASE + r"\s+hyper-?v\s+(?:host|server)\b",
    ),
    ("hyperv_host_release", None, r"\bhyper-?v\s+server\s+" + _HV_RELEASE + r"\b"),
    # the Windows hypervisor (Hyper-V and everything built on it)
    ("windows_hypervisor_on", False, _OFF_WIN_HV),
    (
        "windows_hypervisor_on",
        False,
        _WIN_HV + _ROLE + r"\s+(?:is\s+|was\s+|are\s+)?(?:already\s+)?" + _OFF + r"\b",
    ),
    ("windows_hypervisor_on", False, r"hypervisorlaunchtype\s+off"),
    # a spec list: "Hyper-v: Disabled VirtualBox: Enabled"
    # (google/android-emulator-hypervisor-driver#3)
    ("windows_hypervisor_on", False, r"\b" + _WIN_HV + _ROLE + r"\s*:\s*(?:disabled|off)\b"),
    ("windows_hypervisor_on", True, r"\b" + _WIN_HV + _ROLE + r"\s*:\s*(?:enabled|on)\b"),
    ("windows_hypervisor_on", False, _WIN_HV + r"\s*(?:を|が|は)?\s*" + _OFF),
    (
        "windows_hypervisor_on",
        True,
        r"\b(?:enabled?|turn(?:ed)? on|installed|activated|using|use|"
        r"need|running|have)\s+(?:the\s+)?" + _WIN_HV,
    ),
    (
        "windows_hypervisor_on",
        True,
        _WIN_HV + _ROLE + r"\s+(?:(?:is|was|are)\s+(?:also\s+)?on|"
        r"(?:is\s+|was\s+|are\s+)?(?:also\s+)?(?:enabled|installed|"
        r"running|active|turned on))\b",
    ),
    # bcdedit's output line; not the command "bcdedit /set [{current}] hypervisorlaunchtype auto",
    # which users quote as a fix to try ("All except one: bcdedit /set hypervisorlaunchtype
    # auto", docker/for-win#6714), so it says nothing about the state
    ("windows_hypervisor_on", True, _LAUNCH_AUTO),
    (
        "windows_hypervisor_on",
        True,
        _WIN_HV + r"\s*(?:と|and|with)?\s*(?:virtual ?box|vmware)"
        r"\s*(?:が|は)?\s*(?:競合|conflict)",
    ),
    (
        "windows_hypervisor_on",
        True,
        r"(?:virtual ?box|vmware)\s*(?:と|and|with)\s*"
        + _WIN_HV
        + r"\s*(?:が|は)?\s*(?:の)?\s*(?:競合|conflict)",
    ),
    (
        "windows_hypervisor_on",
        True,
        _WIN_HV + r"\s*(?:を|が|は)?\s*(?:有効|オン|インストール|使用)"
        # not an attempt or a failure: "Hyper-Vをインストールしようとすると ... インストール
        # できません" (a Windows Server VM on ESXi, ja-053)
        r"(?!に(?:でき|なら|しても|すると)|(?:に)?しよう|でき(?:ない|ません|ず))",
    ),
    # turning the Windows hypervisor off is what made the other hypervisor work: the user
    # has already run the coexistence test ("Only after I disabled Hyper-V through bcdedit
    # and then restart can I run lhc@home again")
    (
        "hypervisor_off_helps",
        True,
        r"(?<!even )\b(?:only\s+)?(?:after|once|when|if)\s+(?:i\s+|we\s+)?"
        r"(?:disabl(?:e|ed|ing)|turn(?:ed|ing)?\s+off|uninstall(?:ed|ing)?|remov(?:e|ed|ing))"
        r"\s+(?:the\s+)?" + _WIN_HV + r"\b" + _UNNEGATED + r"\b(?:can\s+i|i\s+can|i\s+could|"
        r"could\s+i|works?|worked|starts?|started|runs?|ran|boots?|booted|fixed|solved)\b"
        r"(?!\s*(?:'t|’t|not)\b)",
    ),
    (
        "hypervisor_off_helps",
        True,
        r"\b(?:disabling|turning\s+off|uninstalling|removing)\s+(?:the\s+)?"
        + _WIN_HV
        + r"\b"
        + _UNNEGATED
        + r"\b(?:fixed|fixes|solved|solves|resolved|helped|did the trick)\b",
    ),
    (
        "hypervisor_off_helps",
        True,
        r"\b(?:works?|worked|runs?|ran|starts?|started)\s+(?:fine\s+|again\s+)?"
        r"(?:when|once|after|if)\s+(?:i\s+|we\s+)?(?:disable|turn\s+off|uninstall|remove)"
        r"\s+(?:the\s+)?" + _WIN_HV,
    ),
    (
        "hypervisor_off_helps",
        True,
        _WIN_HV + r"\s*(?:を|が)?\s*(?:無効|オフ|アンインストール)(?:に|化)?"
        r"(?:したら|すると|してから|した後|したところ)[^。\n]{0,30}?(?:起動|動|解決|直)"
        r"(?!(?:し|でき|か|き|ら|り|せ)?(?:ない|ません|ず))",
    ),
    # the user's VMs stopped when a Windows hypervisor feature arrived ("After installing WSL
    # and WSL2 my virtual machines stopped working", microsoft/WSL#6213): VMs that were there
    # before Hyper-V, WSL 2 or Docker Desktop belong to another hypervisor, whatever its name
    (
        "vms_broke_with_win_hv",
        True,
        r"\b(?:after|since)\s+(?:i\s+|we\s+)?(?:install(?:ing|ed)?|enabl(?:ing|ed?)|"
        r"turn(?:ing|ed)\s+on|activat(?:ing|ed))\s+(?:the\s+)?"
        + _WIN_HV
        + _ROLE
        + r"(?:\s+and\s+"
        + _WIN_HV
        + r")?,?\s+(?:all\s+)?(?:my|our|the)\s+(?:other\s+)?"
        r"(?:virtual machines|vms)\s+(?:have\s+)?(?:stopped|stop|won'?t|don'?t|can'?t|cannot|"
        r"no longer|fail(?:ed|s)?|(?:are|were)\s+not|aren'?t|weren'?t)\b",
    ),
    ("vbs_on", False, r"\b" + _OFF + r"\s+(?:the\s+)?" + VBS_TERMS),
    ("vbs_on", False, VBS_TERMS + r"\s*(?:is\s+|was\s+|を|が|は)?\s*" + _OFF),
    ("vbs_on", True, r"\b(?:enabled?|turned on|activated)\s+(?:the\s+)?" + VBS_TERMS),
    (
        "vbs_on",
        True,
        VBS_TERMS + r"\s*(?:is\s+|was\s+|を|が|は)?\s*(?:enabled|on|turned on|有効|オン)",
    ),
    # the user blames it: "Due to Core Isolation Memory Integrity ...", "because of HVCI"
    (
        "vbs_on",
        True,
        r"\b(?:due to|because of|caused by|blocked by)\s+(?:the\s+)?(?:\w+\s+)?" + VBS_TERMS,
    ),
    # firmware settings, as the user reports them
    (
        "firmware_virt_on",
        False,
        r"\b" + _VIRT + r"\s+(?:is\s+|was\s+)?(?:still\s+)?(?:disabled|"
        r"off|not enabled)\s+in\s+(?:the\s+)?(?:bios|uefi|firmware)"
        # a tool's list of possible reasons ("/dev/kvm is not found: VT disabled in BIOS or KVM
        # kernel module not loaded") says what might be, not what is
        r"(?!\s+or\b)",
    ),
    (
        "firmware_virt_on",
        False,
        r"(?:BIOS|UEFI)\s*(?:で|の設定で)?\s*" + _VIRT + r"\s*(?:が|は)?\s*無効",
    ),
    ("firmware_virt_on", True, _VIRT_SAID_ON),
    ("firmware_virt_on", True, _ON_IN_BOTH),
    # docker-machine's and minikube's VirtualBox pre-create check found no VT-x/AMD-V in CPUID
    # ("This computer doesn't have VT-X/AMD-v enabled. Enabling it in the BIOS is mandatory",
    # minikube's HOST_VIRT_UNAVAILABLE, older VBOX_VTX_DISABLED): what the tool sees, which a
    # running Windows hypervisor, a guest without nesting or the firmware can each cause
    (
        "vtx_check_failed",
        True,
        r"\bdoesn'?t have VT-X/AMD-v enabled\b|\bHOST_VIRT_UNAVAILABLE\b|\bVBOX_VTX_DISABLED\b",
    ),
    # ... and Proxmox's: qemu-server refuses a VM with KVM on when /proc/cpuinfo has no vmx/svm
    # flag ("die \"KVM virtualisation configured, but not available ...\" if (!$cpuinfo->{hvm}
    # && $kvm)", qemu-server's QemuServer.pm)
    ("vtx_check_failed", True, r"\bKVM virtuali[sz]ation configured, but not available\b"),
    # the releases whose VirtualBox pre-create check missed AMD-V on every AMD processor:
    # docker-machine 0.16.1 (docker/machine#4679, fixed in 0.16.2), the Docker Toolbox releases
    # that ship it, and minikube v0.34.x (fixed in v0.35.0)
    (
        "amd_vtx_check_bug_release",
        True,
        r"\bdocker-machine\s+(?:version\s+)?v?0\.16\.1\b|"
        r"\bdocker\s*toolbox\s+(?:version\s+)?v?(?:18\.09\.[1-3]|19\.03\.1)\b|"
        r"\bminikube\s+(?:version\s+)?v?0\.34(?:\.\d+)?\b",
    ),
    # "enabled VT-x in BIOS", "I enable virtualization in BIOS"; not the bare imperative, which
    # is an instruction ("[warn] /dev/kvm not found ... [warn] Enable virtualization in BIOS",
    # an installer's warning, kernalix7/winpodx#220)
    (
        "firmware_virt_on",
        True,
        r"(?:\benabled|(?<=\bi )enable|(?<=\bwe )enable)\s+(?:the\s+)?"
        + _VIRT
        + r"\s+in\s+(?:the\s+)?(?:bios|uefi)",
    ),
    # the same state said in passing of another setting: "Virtual Machine Platform is enabled,
    # just like virtualization in my BIOS" (microsoft/WSL#8649)
    (
        "firmware_virt_on",
        True,
        r"\b(?:enabled|turned on|on)\b,?\s+(?:just\s+)?(?:like|as well as|and so is)\s+"
        r"(?:the\s+)?" + _VIRT + r"\s+in\s+(?:my|the)\s+(?:bios|uefi|firmware)",
    ),
    # a one-line paste of Win32_Processor's property ("VirtualizationFirmwareEnabled True"),
    # which the win32 reader, wanting "Name : Value" lines, does not see
    ("firmware_virt_on", True, r"\bvirtualizationfirmwareenabled\s*:?\s*true\b"),
    ("firmware_virt_on", False, r"\bvirtualizationfirmwareenabled\s*:?\s*false\b"),
    # Task Manager's Performance > CPU pane: "Virtualization: Enabled" (「仮想化: 有効」)
    ("firmware_virt_on", True, r"\bvirtuali[sz]ation\s*:\s*enabled\b|仮想化\s*:\s*有効"),
    ("firmware_virt_on", False, r"\bvirtuali[sz]ation\s*:\s*disabled\b|仮想化\s*:\s*無効"),
    # the Android Emulator hypervisor driver's service would not start: 4294967201 is -95,
    # EOPNOTSUPP, "no usable SVM/VT-x" ("[SC] StartService FAILED with error 4294967201.")
    ("aehd_start_failed", True, r"\bStartService FAIL\w*\b[^\n]{0,20}?\b4294967201\b"),
    # Docker Desktop's own check found no hardware virtualization or no Windows hypervisor
    (
        "docker_virt_check",
        False,
        r"hardware assisted virtuali[sz]ation and data execution protection must be enabled|"
        r"windows hypervisor is not present|"
        r"virtuali[sz]ation support (?:was\s*n[o']t|not) detected",
    ),
    (
        "firmware_virt_on",
        True,
        r"(?:BIOS|UEFI)?\s*(?:で|の設定で)?\s*"
        + _VIRT
        + r"\s*(?:は|が|を)?\s*(?:既に|すでに)?有効",
    ),
    # systeminfo's "A hypervisor has been detected", as the user quotes or reports it ("systeminfo
    # confirms a hypervisor is detected and running", anthropics/claude-code#27406)
    (
        "hypervisor_present",
        True,
        r"\ba hypervisor (?:has been |is |was )?detected\b|ハイパーバイザーが検出されました",
    ),
    ("vbs_mentioned", True, VBS_TERMS),
    # Windows optional features the user says are (or are not) turned on
    (
        "windows_feature_on",
        False,
        _FEATURE + r"\s*(?:is\s+|are\s+|was\s+|を|が|は)?\s*"
        r"(?:not enabled|disabled|off|無効|オフ)",
    ),
    (
        "windows_feature_on",
        True,
        # ("despite Hyper-V being fully installed and configured", anthropics/claude-code#34323)
        _FEATURE + r"\s*(?:is\s+|are\s+|was\s+|being\s+|を|が|は)?\s*"
        r"(?:already\s+|also\s+|all\s+|fully\s+|すでに|既に)?(?:enabled|installed|有効|"
        r"インストール済)(?!に(?:でき|なら|しても|すると))",
    ),
    ("windows_feature_on", True, r"\b(?:enabled|installed|turned on)\s+(?:the\s+)?" + _FEATURE),
    ("windows_feature_on", True, _ON_IN_BOTH),
    # a check the user ran: "The WMI check for the VirtualMachinePlatform shows it's enabled"
    # (podman-desktop/podman-desktop#10462)
    (
        "windows_feature_on",
        True,
        _FEATURE + r"\s+(?:shows?|says?|reports?)\s+(?:it'?s\s+|it is\s+|as\s+)?"
        r"(?:enabled|installed|on)\b",
    ),
    # "Reinstalled wsl and virtual machine in Windows features", "I already turn on wsl and
    # virtual platform feature in Control Panel" (microsoft/WSL#5509): whatever they call
    # it, they turned it on in the Windows features dialog
    (
        "windows_feature_on",
        True,
        r"\b(?:(?:re-?)?(?:enabled|installed|turned on|checked)|already turn on)\b[^.\n]{0,60}?"
        r"\bin\s+(?:the\s+)?(?:windows features|control panel)\b",
    ),
    (
        "windows_feature_on",
        True,
        r"featurename\s*:\s*(?:virtualmachineplatform|"
        r"microsoft-hyper-v\S*|hypervisorplatform)[\s\S]{0,200}?"
        r"state\s*:\s*enabled",
    ),
    # the user has exposed VT-x to the VM from the Hyper-V host ("This was despite having already
    # run `Set-VMProcessor -ExposeVirtualizationExtenstions $true` on my HCI node on the host",
    # MicrosoftDocs/azure-stack-docs#2347, the parameter's name misspelt); not the advice to run it
    (
        "expose_virtualization_extensions",
        True,
        r"\b(?:ran|(?:already|have|has|had|i've)\s+run|executed|did)\b[^.\n]{0,40}?"
        r"Set-VMProcessor\b[^\n]{0,80}?"
        r"-ExposeVirtuali[sz]\w*\s+[`'\"]?\$?true\b",
    ),
    # nesting on the machine the user runs in, as they report it ("GCE host isn't `nested`
    # enabled by default", "nested virtualization is not enabled on the instance")
    (
        "nesting_on",
        False,
        r"\b(?:isn'?t|is not|wasn'?t|was not|not)\s+[`'\"]?nested[`'\"]?[\s-]+enabled\b|"
        r"\bnested virtuali[sz]ation\s+(?:is\s+|was\s+)?(?:not enabled|disabled|turned off)\b|"
        r"\bwithout nested virtuali[sz]ation enabled\b",
    ),
    # ... or that it is on: "Running on VMware Workstation 16.1.1, Nested Virtualization Enabled"
    # (microsoft/WSL#6937 form), "nested virtualization enabled via prlctl", "I enabled
    # vhv.enable =TRUE on ESXI" (GNS3/gns3-gui#1767), VirtualBox's --nested-hw-virt on; not
    # "without nested virtualization enabled", nor "not enabled" / "haven't enabled"
    (
        "nesting_on",
        True,
        r"(?<!without )(?<!not )\b(?:nested virtuali[sz]ation|nested vt-x(?:/amd-v)?|nesting)\s+"
        r"(?:is\s+|was\s+|has been\s+)?(?:already\s+)?(?:enabled|turned on|activated)\b|"
        r"(?<!not )(?<!never )(?<!n't )\b(?:enabled|turned on|activated)\s+(?:the\s+)?"
        r"(?:nested virtuali[sz]ation|nested vt-x)\b|"
        r"\bvhv\.enable\s*=\s*[\"']?true\b|--nested-hw-virt[= ]on\b",
    ),
    # ... or says the platform cannot nest at all ("AWS standard EC2 instances don't support
    # nested virtualization"); a product's own "Nested virtualization is not supported" is not
    # the user's statement and is left to the cards that quote it
    (
        "nesting_supported",
        False,
        r"\b(?:doesn'?t|don'?t|does not|do not|can'?t|cannot)\s+support\s+nested\b",
    ),
    # a Windows container run with Hyper-V isolation (docker --isolation=hyperv, BcContainerHelper
    # -isolation hyperv, or the words): its utility VM needs Hyper-V on the host
    (
        "container_isolation",
        "hyperv",
        r"-?-isolation[= ]+['\"]?hyper-?v\b|\bhyper-?v[- ]isolation\b|"
        r"\bisolation\s*:\s*hyper-?v\b",
    ),
    # Windows started through Boot Camp on an Intel Mac: its firmware leaves VT-x locked off
    # unless macOS started first and restarted into Windows (Apple's xnu vmx_cpu.c sets the lock)
    # ("a DevOps bootcamp" is not it: Windows or a Mac must be named close by)
    (
        "boot_camp",
        True,
        r"\bboot ?camp\b(?=[\s\S]{0,60}?(?:windows|\bmac|os ?x\b))|"
        r"(?:windows|\bmac\w*|os ?x\b)[\s\S]{0,60}?\bboot ?camp\b|ブート ?キャンプ",
    ),
    # ... and the Boot Camp partition run as a VM from macOS ("When I launch My Boot Camp in
    # Parallels Desktop, it hangs", a personal blog, en-857): Windows is then a guest of that
    # hypervisor, and the firmware's lock on VT-x does not decide whether it boots
    (
        "boot_camp_as_vm",
        True,
        r"\bboot ?camp\b[^.\n]{0,40}?\b(?:in|inside|under|with|from|via|using)\s+"
        r"(?:parallels|vmware fusion|fusion|virtualbox)\b|"
        r"\b(?:parallels|vmware fusion|fusion|virtualbox)\b[^.\n]{0,40}?\bboot ?camp\b",
    ),
    # the guest's architecture, when an x86 OS meets an Arm host
    # (Canonical's Vagrant boxes named <release>64, e.g. ubuntu/bionic64, are amd64 builds)
    (
        "x86_guest",
        True,
        r"\bx86(?:_64|-64)?\b|\bamd64\b|\bwindows ?(?:7|8|10)\b|\bintel\b"
        r"|\b(?:precise|trusty|xenial|bionic|focal|jammy|noble)64\b",
    ),
    # ... or an Arm guest, native on Apple silicon: an aarch64/arm64 image, QEMU's Arm system
    # emulator, a macOS restore image (IPSW), a form's "Guest Architecture: ARM"
    (
        "arm_guest",
        True,
        r"\b(?:aarch64|arm64)\b|\bipsw\b|guest architecture\W{1,10}arm\b",
    ),
    # cloud instances: the type decides whether nesting is offered at all
    (
        "cloud_instance",
        None,
        r"\b((?:[a-z][1-8][a-z-]*)\.(?:nano|micro|small|medium|large|"
        r"\d*xlarge|metal[\w-]*))\b",
    ),
    (
        "cloud_instance",
        None,
        r"\b((?:e2|n1|n2|n2d|n4|c2|c2d|c3|c3d|c4|c4a|t2d|t2a|m1|m2|m3|a2|a3|"
        r"g2|h3)-(?:standard|highmem|highcpu|medium|micro|small|megamem|"
        r"ultramem|custom)(?:-\d+)?)\b",
    ),
    ("cloud_instance", None, r"\b(?:standard_)?([a-z]{1,3}\d{1,3}[a-z]*_v\d)\b"),
    # a first-generation Azure size has no _v suffix ("Azure VM - Ubuntu - NV6", "Standard_A2"):
    # taken only after "Standard_" or near "Azure", from the series letters Azure uses
    ("cloud_instance", None, r"\bstandard_([a-z]{1,3}\d{1,3}[a-z]{0,4})\b"),
    (
        "cloud_instance",
        None,
        r"\bazure\b[^.\n]{0,40}?\b([abdefghlmn][a-z]{0,2}\d{1,3}[a-z]{0,4})\b(?![-.\d])",
    ),
    ("outer_hypervisor", "azure", r"\b(?:standard_)?[a-z]{1,3}\d{1,3}[a-z]*_v\d\b"),
    # Azure's documentation names size families as series: "Dasv4-series", "NCasT4_v3-series"
    ("outer_hypervisor", "azure", r"\b[a-z]{1,4}\d?[a-z]{0,3}v\d-series\b"),
    ("azure_trusted_launch", True, r"\btrusted launch\b|\btrustedlaunch\b|トラステッド起動"),
    # the CPU
    # "VT-x/AMD-V" and "Intel VT-x or AMD-V" name the technology (VirtualBox's setting, tools'
    # requirement lines), not this machine's processor
    ("cpu_vendor", "amd", _AMD_CPU),
    ("cpu_vendor", "intel", _INTEL_CPU),
    (
        "cpu_vendor",
        "apple",
        r"\bapple silicon\b|\bapple m[1-4]\b|\bm[1-4](?:\s+(?:pro|max|ultra))?"
        r"\s*(?:mac|macbook|chip|mini|air|pro)\b|\bmac(?:book)?[\w ,()-]{0,25}"
        r"\bm[1-4]\b|\bm[1-4][- ](?:based|powered)\b|\bmacos[\w .]{0,12}\b(?:arm64|aarch64)\b|"
        # UTM's issue form answers "Mac Chip (...): M2 Max"; VirtualBox's, "Host OS Type macOS
        # ... Host Architecture ARM"
        r"\bmac chip\b[^:\n]{0,30}:\s*m[1-4]\b|"
        r"\bhost os type\W{0,12}macos[\s\S]{0,300}?\bhost architecture\W{0,12}(?:arm|aarch64)\b",
    ),
    (
        "cpu_too_old",
        True,
        r"\bcore ?2 (?:duo|quad|extreme|solo)\b|\bpentium (?:4|d|dual[- ]core)\b|"
        r"\bq9[0-9]{3}\b|\bqx[69][0-9]{3}\b|\be[78][0-9]{3}\b|\bceleron [de]\b|CPUが古",
    ),
    # systeminfo's Hyper-V requirement lines, in English and Japanese, as users paste them
    (
        "slat",
        False,
        r"second level address translation\s*[:：]?\s*(?:is\s+)?[\"「]?no\b|"
        r"第\s*2\s*レベルのアドレス変換\s*(?:[:：]|が|は)?\s*[「\"]?いいえ",
    ),
    (
        "slat",
        True,
        r"second level address translation\s*[:：]\s*yes\b|"
        r"第\s*2\s*レベルのアドレス変換\s*[:：]\s*はい",
    ),
    # Windows edition and version
    (
        "windows_edition",
        "home",
        r"(?:" + _WINDOWS_CLIENT + r"\s*home\b|\bhome edition\b|"
        r"windows\s*(?:10|11)?\s*(?:の)?\s*(?:home|ホーム))" + _NOT_LISTED + _EDITION_NOT_GUEST,
    ),
    (
        "windows_edition",
        "pro",
        _WINDOWS_CLIENT + r"\s*(?:pro|professional|enterprise|"
        r"education)\b" + _NOT_LISTED + _EDITION_NOT_GUEST,
    ),
    ("windows_version", "10", r"\bwin(?:dows)?\s*10\b|\b10\.0\.1[0-9]{4}\b"),
    ("windows_version", "11", r"\bwin(?:dows)?\s*11\b|\b10\.0\.2[2-9][0-9]{3}\b"),
    # older clients, as the host ("Win 7 Enterprise 64 bits"); not a guest being started ("a
    # Windows 7 VM", "the Windows 8.1 ISO")
    ("windows_version", "8.1", r"\bwin(?:dows)?\s*8\.1\b" + _NOT_GUEST),
    ("windows_version", "8", r"\bwin(?:dows)?\s*8\b(?!\.\d)" + _NOT_GUEST),
    ("windows_version", "7", r"\bwin(?:dows)?\s*7\b" + _NOT_GUEST),
    # software in the picture; Docker Toolbox and boot2docker run their Linux VM in VirtualBox
    ("third_party_hypervisor", "virtualbox", _VBOX),
    ("third_party_hypervisor", "vmware", r"\bvmware\b(?! esxi| vsphere)"),
    # the user says they removed the other hypervisor ("2. Uninstalled VirtualBox using Control
    # Panel", microsoft/WSL#12267), unless they say they put it back
    ("third_party_removed", False, r"\bre-?install(?:ed|ing)?\s+(?:the\s+|my\s+)?" + _THIRD_NAME),
    (
        "third_party_removed",
        True,
        r"\b(?:uninstall(?:ed|ing)?|removed)\s+(?:the\s+|my\s+)?(?:oracle\s+)?" + _THIRD_NAME,
    ),
    (
        "third_party_hypervisor",
        "android-emulator",
        r"\bhaxm\b|\baehd\b|\bbluestacks\b|\bnox(?:player)?\b|\bgenymotion\b|\bldplayer\b|"
        # also the driver's folder, "Sdk\extras\google\Android_Emulator_Hypervisor_Driver"
        r"\bmemu\b|\bandroid[ _](?:studio[ _])?emulator(?![a-z])|\bavd\b|エミュレータ",
    ),
    # KVM, QEMU or an emulator run inside a Linux container ("I installed kvm in docker",
    # "when I run emulator-check in the docker container"): the container platform's words
    ("in_container", True, platforms.alias_pattern("container")),
    # ... and the container was given the host's /dev/kvm ("docker run --device /dev/kvm",
    # compose's "devices: - /dev/kvm")
    (
        "kvm_device_passed",
        True,
        r"--device[= ]['\"]?/dev/kvm\b|\bdevices:\s*-\s*['\"]?/dev/kvm\b",
    ),
    (
        "linux_kvm_in_use",
        True,
        r"\b(?:kvm[_-](?:intel|amd)|kvm kernel (?:module|extension)|"
        r"libvirtd?|virt-manager|qemu-kvm|vmx root mode)\b",
    ),
    # the Linux host's kernel release ("Kernel: 6.12.41+deb13-amd64", "update kernel to 6.14",
    # "uname -r 5.15.0-56-generic"): from 6.12 a loaded KVM module holds VT-x/AMD-V
    (
        "linux_kernel",
        None,
        r"\b(?:kernel|uname -r)(?:\s+version)?\s*(?::|to|is)?\s*(\d\.\d{1,2})(?:\.\d+)?"
        r"(?=[-+\s,.)]|$)",
    ),
    ("hypervisorlaunchtype", "off", r"hypervisorlaunchtype\s+off\b"),
    ("hypervisorlaunchtype", "auto", _LAUNCH_AUTO),
    # HAXM by name, or by its installer's refusal (intel/haxm Installer: "The system
    # requirements are not satisfied.", printed after its check tool's rows)
    ("haxm", True, r"\bhaxm\b|\bthe system requirements are not satisfied\b"),
    # Hyper-V absent from the list of Windows features: the list of a Home edition (on other
    # editions it is there, greyed out where the hardware falls short)
    (
        "hyperv_not_listed",
        True,
        r"\bhyper-?v\b(?:\s+option)?\s+(?:is\s+|was\s+)?(?:not|isn'?t|wasn'?t)\s+"
        r"(?:on|in|listed|shown|showing|displayed|there|available|present|visible)\b"
        r"[^.\n]{0,40}?\b(?:windows features|optional features|programs(?: and features)?)\b|"
        r"\b(?:windows features|optional features|add or remove programs|programs and features)"
        r"\b[^.\n]{0,40}?\bhyper-?v\b(?:\s+option)?\s+(?:is\s+|was\s+)?(?:not|isn'?t|wasn'?t)\s+"
        r"(?:listed|shown|showing|displayed|there|available|present|visible)\b",
    ),
    # which Windows-hypervisor product the user is trying to start
    ("uses_wsl", True, r"\bwsl ?2?\b|\bwslregisterdistribution\b|\bubuntu on windows\b"),
    # Docker Desktop's own WSL distributions ("Failed to deploy distro docker-desktop")
    ("uses_wsl", True, r"\bdistro\s+['\"]?docker-desktop(?:-data)?\b"),
    ("uses_docker_desktop", True, r"\bdocker desktop\b|\bdockerdesktopvm\b|\bdocker\b"),
    ("uses_hyperv", True, r"\bhyper-?v\b"),
    # Docker's issue form asks "WSL2 or Hyper-V backend?"; answered "WSL2", Hyper-V is not used
    ("uses_hyperv", False, r"\bwsl ?2 or hyper-?v backend\?\s*:?\s*-?\s*wsl ?2\b"),
    ("uses_sandbox", True, r"\b(?:windows )?sandbox\b|サンドボックス"),
    # the WSL 2 Linux kernel package ("When I install wsl_x64_update.msi. the dialog below
    # showed", microsoft/WSL#5509; the file is wsl_update_x64.msi, aka.ms/wsl2kernel)
    (
        "wsl_kernel_package",
        True,
        r"\bwsl_(?:update_)?(?:x64|arm64)(?:_update)?(?:\.msi)?\b|\baka\.ms/wsl2kernel\b|"
        r"\b(?:wsl ?2?|linux) kernel[- ]update(?: package| msi)?\b|\bkernel[- ]update package\b|"
        r"\bwsl ?2 requires an update to its kernel component\b",
    ),
    # a hypervisor's host kernel modules (VirtualBox's vboxdrv, VMware's vmmon/vmnet) fail to
    # compile; missing headers and a module built but refused at load time are other causes
    (
        "host_module_build_failed",
        True,
        r"\b(?:vboxconfig|vboxdrv\.sh|vmware-modconfig)\b[^\n]{0,160}?\bfail(?:s|ed|ing)?\b|"
        r"\b(?:fail(?:s|ed)? to|unable to|could(?:n't| not)|can(?:'t|not)) (?:build|compile)\b"
        r"[^.\n]{0,60}?\b(?:vbox\w*|vmmon|vmnet|(?:host |kernel )modules?)\b|"
        # "it's failing on compiling two specific modules. The VMware Monitoring service module
        # and the VMware Networking module" (a blog on Linux 4.6, en-654)
        r"\bfail(?:s|ed|ing)? (?:on|at|while|when) (?:compil|build)\w*\b[^.\n]{0,40}?\bmodules?\b",
    ),
    (
        "host_module_build_failed",
        False,
        r"kernel headers? (?:(?:were |are |is )?not found|(?:are |is )?missing)|"
        r"\bcould not insert '\w+': (?:operation not permitted|key was rejected|required key)",
    ),
    # WSL 2 runs on this machine now: its utility VM needs VT-x and the Windows hypervisor
    ("wsl2_runs", True, _WSL2_RUNS),
    # KVM wanted inside WSL 2 or Docker Desktop's WSL VM (nesting there needs Windows 11)
    (
        "kvm_in_wsl",
        True,
        r"\b(?:wsl ?2?|docker desktop)\b[\s\S]{0,400}?(?:/dev/kvm|"
        r"nestedvirtualization|\bkvm\b)|(?:/dev/kvm|nestedvirtualization|\bkvm\b)"
        r"[\s\S]{0,400}?\b(?:wsl ?2?|docker desktop)\b",
    ),
    (
        "antivirus",
        None,
        r"\b(avast|avg|kaspersky|mcafee|eset|bitdefender|norton|sophos|"
        r"trend micro|crowdstrike|sentinelone|carbon black|avira|comodo|malwarebytes|"
        r"webroot|symantec|f-secure|zonealarm|cylance|trellix)\b",
    ),
    (
        "antivirus",
        None,
        # "ウィルス" (small ィ) is as common in writing as the official "ウイルス"
        r"(ウ[イィ]ルス対策|セキュリティ ?ソフト|アバスト|カスペルスキー|ノートン|"
        r"ウ[イィ]ルスバスター)",
    ),
    (
        "after_update",
        True,
        r"\bafter (?:the\s+)?(?:latest\s+|recent\s+)?(?:windows\s+)?"
        r"(?:update|upgrade)|\bafter (?:updating|upgrading)\b|"
        r"\bafter (?:my |the |a )?(?:linux |host )?kernel (?:was |got )?(?:updated|upgraded)\b|"
        # "I updated my laptop to Linux Kernel 4.6" (en-654)
        r"\b(?:updated|upgraded)\b[^.\n]{0,20}?\bto (?:the )?(?:linux )?kernel\b|"
        r"\bsince "
        r"(?:the\s+)?(?:latest\s+)?update\b|"
        # "Since updating to macOS Sequoia I have been unable to launch multipass"
        # (canonical/multipass#3678)
        r"\bsince (?:updating|upgrading|(?:i |we )?(?:updated|upgraded))\b|\bworked "
        r"(?:fine\s+)?(?:before|with|in)\s+(?:version\s+|v)?\d|"
        # the tool updated itself ("Claude Desktop appears to have silently auto-updated to
        # 1.1.3918", anthropics/claude-code#27406)
        r"\bauto-?updated\b|\bupdated itself\b|"
        # "after I did an `apt update && apt upgrade`. Prior to this, everything was working"
        # (a Proxmox port's QEMU, en-837); "after I updated"
        r"\bafter (?:i|we) (?:did |ran |run )?(?:an? )?`?(?:sudo )?(?:apt(?:-get)?|dnf|yum|pacman|"
        r"zypper|brew)\b[^.\n`]{0,20}?(?:\b(?:update|upgrade|full-upgrade|dist-upgrade)\b|-Syu\b)|"
        r"\bafter (?:i|we) (?:updated|upgraded)\b",
    ),
    # the hypervisor did start the VM; what fails is inside it ("the vm is started but ...")
    (
        "vm_runs",
        True,
        r"\b(?:vm|virtual machine|guest)\s+(?:is\s+|was\s+|does\s+)?(?:start(?:s|ed)?|"
        r"boot(?:s|ed)?|run(?:s|ning)?|power(?:s|ed)? on)\s*(?:up\s*)?(?:fine\s*|ok\s*|"
        r"normally\s*)?,?\s*but\b|起動(?:は|自体は)(?:する|します|できる|できます|している)",
    ),
    # going back to an older release made it work (or is what the user asks about)
    (
        "after_update",
        True,
        r"\bdowngrad(?:e|ed|ing)\b|\broll(?:ed|ing)? ?back\b|"
        r"\b(?:previous|older) (?:version|release|build)\b|ダウングレード|前のバージョン",
    ),
    (
        "after_update",
        True,
        r"(?:アップデート|更新|バージョンアップ|アップグレード)(?:した)?(?:後|してから)",
    ),
    # the VM runs on HyperKit, the Intel Macs' hypervisor that Multipass (until 1.12) and
    # minikube's hyperkit driver used and nobody maintains now: the driver setting as Multipass's
    # issue form shows it ("`multipass get local.driver`: hyperkit", canonical/multipass#3091),
    # minikube's flag, or HyperKit's own log lines ("vmx_set_ctlreg: cap_field: 4 bit: 20");
    # not Docker Desktop's process names ("com.docker.osx.hyperkit.linux"), which no driver
    # setting names
    (
        "hyperkit_driver",
        True,
        r"local\.driver\W{0,12}hyperkit\b|--(?:vm-)?driver[= ]hyperkit\b|\bhyperkit driver\b|"
        r"\bvmx_set_ctlreg\b",
    ),
    # the user's own verdict that a release broke it ("Regression introduced in 7.1.12"); the
    # software-defect rule reads it before, and instead of, after_update
    ("regression_named", True, r"(?<!is it )(?<!is it a )(?<!not a )\bregression\b"),
    # ... or the user's own test: the older release, put back, works ("I uninstalled 7.2.8 and
    # reinstalled 7.2.6a and the virtual machine booted without any problems", VirtualBox#642)
    (
        "regression_named",
        True,
        # "When reverting back to 7.1.6 build (7.1.6-167084-Win), there was no issue"
        # (VirtualBox/virtualbox#19); a dot inside a version number does not end the sentence
        r"\b(?:reinstall(?:ed|ing)?|downgrad(?:e|ed|ing)(?: back)?(?: to)?|went back to|"
        r"roll(?:ed)? ?back to|revert(?:ed|ing)?(?: back)? to)\s+(?:\S+\s+){0,3}?v?\d+(?:\.\d+)+\w*"
        r"(?:[^.\n]|\.(?=\d)){0,80}?(?<!n't )(?<!not )\b(?:works?|worked|working|boots?|booted|"
        r"runs?|ran|started|without (?:any )?problems?|"
        r"(?:there (?:was|is) )?no (?:issues?|problems?|errors?))\b",
    ),
    # ... or another named release works where this one fails: "if I use Parallels Desktop 15.1.2
    # to create a box, then the created box fails to boot. When Parallels Desktop 15.0.0 is used
    # to generate the box then it works fine" (bacongravy/macinbox#49)
    (
        "regression_named",
        True,
        r"\b(?:when|with|using|on|in)\s+(?:\S+\s+){0,3}?v?\d+\.\d+(?:\.\d+)*\w*\b[^.\n]{0,60}?"
        r"(?<!not )(?<!n't )(?<!never )"
        r"\b(?:works?|worked|boots?|booted|runs?|ran)\s+(?:just\s+)?(?:fine|perfectly|ok|okay|"
        r"without (?:any )?problems?)\b",
    ),
    # ... or the releases after a named one fail: "Virtualbox versions newer than v7.1.10 will not
    # boot VMs" (VirtualBox/virtualbox#709: "I cannot get any version newer than v7.1.10 to boot")
    (
        "regression_named",
        True,
        r"\b(?:versions?|releases?|builds?)\s+(?:newer|later|higher)\s+than\s+v?\d+(?:\.\d+)+\w*"
        r"[^.\n]{0,40}?\b(?:will\s*n[o']t|won'?t|do(?:es)?\s*n[o']t|fail|can'?t|cannot|to boot)",
    ),
    # ... or a release "or later" in use fails: "When using VirtualBox version 7.x or later,
    # running a virtual machine often results in the following error", VirtualBox/virtualbox#54);
    # not a requirement ("needs VirtualBox 7.0 or later")
    (
        "regression_named",
        True,
        r"\b(?:when using|using|with|on)\s+(?:\S+\s+){0,2}?(?:versions?|releases?)\s+v?\d+"
        r"(?:\.[\dx]+)*\s+(?:or|and)\s+(?:later|newer|above|higher)\b[^.\n]{0,80}?"
        r"\b(?:errors?|fail\w*|crash\w*|won'?t|can'?t|cannot)\b",
    ),
    # a named Windows update that broke it: "Windows 10 Update KB4557957 breaks WSL2", "After
    # having installed Windows 10 Patch KB4557957"
    (
        "after_update",
        True,
        r"\bKB\d{6,7}\b[^.\n]{0,40}?\b(?:breaks|broke|broken|breaking)\b|"
        r"\bafter (?:having\s+)?install(?:ing|ed)?\s+(?:\w+\s+){0,4}?KB\d{6,7}\b|"
        # "I installed Windows update KB5066793 and ... then I was no longer able to run"
        r"\binstalled\s+(?:the\s+)?(?:windows\s+)?(?:\d+\s+)?(?:update|patch)\s+KB\d{6,7}\b",
    ),
    # "updated VirtualBox from 7.2.2 to 7.2.4": a version change the user reports; also as a
    # repro step, "Update from an old WSL version to 2.1.5.0, then starting any of WSL distros
    # will get ..." (microsoft/WSL#11323)
    (
        "after_update",
        True,
        r"\b(?:update|upgrade)[ds]?\s+(?:\w+\s+){0,2}?from\s+(?:(?:v|version\s+)?\d[\w.]*|"
        r"an?\s+(?:old(?:er)?|previous)\s+(?:\w+\s+)?version)\s+to\s+(?:v|version\s+)?\d",
    ),
    # the machine's firmware changed: a BIOS/UEFI update, a new CPU or motherboard, a cleared
    # CMOS all put firmware settings back to their defaults, where VT-x/AMD-V is often off ("I
    # recently changed the CPU of my machine, and got now the following error",
    # podman-desktop#15440; "i recently performed a bios update", harvester#3900)
    (
        "firmware_changed",
        True,
        r"\b(?:bios|uefi|firmware)\s+(?:update|upgrade|flash)\w*|"
        r"\b(?:updat|upgrad|flash|reflash)\w*\s+(?:the\s+|my\s+)?(?:motherboard'?s?\s+)?"
        r"(?:bios|uefi)\b|"
        r"\b(?:changed|replaced|swapped|upgraded)\s+(?:the\s+|my\s+)?(?:cpu|processor|"
        r"motherboard|mainboard)\b|\bnew\s+(?:cpu|processor|motherboard|mainboard)\b|"
        r"\b(?:cleared|reset)\s+(?:the\s+)?cmos\b|"
        r"(?:BIOS|UEFI)\s*(?:を)?(?:アップデート|更新)|CPU\s*(?:を)?(?:交換|換装)|"
        r"マザーボード\s*(?:を)?交換",
    ),
    # the first start works and later ones hang: what a tool that resumes from the state it
    # saved on exit shows ("it always works the first time. On subsequent times, the emulator
    # most often freezes", ruboto/ruboto#747); the saved-state rule weighs it for the emulator
    (
        "later_starts_fail",
        True,
        r"\bworks?(?: fine| ok)?\s+(?:the\s+)?first\s+time\b[^\n]{0,40}?\b(?:subsequent|later|"
        r"next|second|other)\s+(?:times?|starts?|launch\w*|runs?|boots?)\b[^.\n]{0,60}?"
        r"\b(?:freez\w*|froze|hangs?|hung|stuck|fails?|crash\w*|black)\b|"
        r"初回(?:は|だけ)[^。\n]{0,30}?(?:2回目|二回目|次回|以降)[^。\n]{0,30}?"
        r"(?:固ま|フリーズ|止ま|起動しな|失敗)",
    ),
    (
        "saved_state",
        True,
        r"\bsaved[- ]state\b|\bsuspend(?:ed)?\b|\bhibernat\w*|\bmanagedsave\b|"
        r"保存された状態|保存状態|サスペンド|休止",
    ),
    (
        "short_of_memory",
        True,
        r"\bnot enough (?:physical )?memory\b|\bout of memory\b|"
        r"\binsufficient memory\b|\bcannot allocate memory\b|メモリ不足|"
        r"メモリが足りない",
    ),
    (
        "short_of_disk",
        True,
        # GNOME's warning: 'The volume "Filesystem root" has only 136.0 MB disk space remaining'
        r"\bhas only [\d.,]+ ?[KMGT]?i?B (?:of )?disk space (?:remaining|left)\b|"
        r"\blow (?:on )?disk space\b|"
        # "no memory left on device": ENOSPC's "No space left on device" misremembered
        r"\bno (?:space|memory|storage) left\b|\bdisk (?:is )?full\b|\bnot enough (?:disk )?"
        r"space\b|ディスク容量|空き容量|\b[a-z]: ?drive (?:is )?(?:almost |nearly )?full\b|"
        r"(?:[cｃ] ?ドライブ|ディスク|ストレージ)(?:の空き)?(?:が|は)?(?:逼迫|いっぱい|満杯|不足)",
    ),
    # a pasted `df -h` line of a full file system ("tmpfs 3.2G 3.2G 0 100% /run"); not a
    # snap's squashfs loop mount, which is always full
    (
        "short_of_disk",
        True,
        rf"(?<!\S)(?!/dev/loop)\S+\s+{_DF_SIZE}\s+{_DF_SIZE}\s+0{_DF_UNIT}\s+100%\s+(?!/snap/)/\S*",
    ),
    # the Android Emulator's own verdicts (AVD Manager, emulator -accel-check): /dev/kvm is
    # there, this user may not open it
    ("dev_kvm_exists", True, _KVM_DENIED),
    ("dev_kvm_accessible", False, _KVM_DENIED),
    # KubeVirt's scheduler verdict: virt-handler's KVM device plugin offers the resource only
    # on a node where /dev/kvm exists (KubeVirt source, pkg/virt-handler/device-manager: the
    # plugin reports /dev/kvm unhealthy when it is missing; kubevirt/kubevirt#10851)
    ("dev_kvm_exists", False, r"\bInsufficient devices\.kubevirt\.io/kvm\b"),
    (
        "disk_locked",
        True,
        r"\.lck\b|\bfailed to lock\b|\block(?:ed)? file\b|\bin use by "
        r"another\b|\bbeing used by another process\b",
    ),
)

# re.ASCII: \b and \w are ASCII-only, so "VirtualBoxと" still ends a word after "VirtualBox"
_COMPILED = tuple(
    (name, value, re.compile(p, re.IGNORECASE | re.ASCII)) for name, value, p in _PATTERNS
)
#: patterns that say nothing when the words before the match fit the guard
_NOT_AFTER: dict[str, re.Pattern[str]] = {
    _GUEST_OF: _STARTING,
    _CLOUD_NAMED: _DENIED_PLACE,
    _IN_A_VM: _THE_VM_ITSELF,
    _WSL2_RUNS: _EXPECTED,
    _OFF_WIN_HV: _INTENT,
    _VBOX: _ELSEWHERE,
    _AMD_CPU: _HEARSAY,
    _VIRT_SAID_ON: _LACKING,
    _INTEL_CPU: _HEARSAY,
}
#: patterns that say nothing when the match is its clause's subject and the words after it fit
#: the guard (the VM named is the one failing to start, not the user's machine)
_NOT_AS_SUBJECT: dict[str, re.Pattern[str]] = {_GUEST_OF: _FAILS_TO_START}


def _normalized(text: str) -> tuple[str, list[int]]:
    """NFKC-normalised text, and for each of its characters the index it came from."""
    if text.isascii():
        return text, list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch)
        out.append(norm)
        origin.extend([i] * len(norm))
    return "".join(out), origin


def _quote(text: str, start: int, end: int) -> str:
    return text[start:end].strip()


# an issue template's own question, whose example words are not the user's statement (Docker
# Desktop's "e.g. on a cloud server or on a mac VM"; UTM's "Mac Chip (Intel, M1, ...)")
_TEMPLATE_PROMPTS = re.compile(
    r"e\.g\.,? on a cloud server or (?:on )?an? (?:mac )?vm|(?<=mac chip )\(intel, m1, \.\.\.\)",
    re.I,
)


#: a row of a check tool's table right after the words matched: HAXM's checktool prints
#: "Hyper-V disabled    -  No" (the check failed: Hyper-V is on), a label, not the user saying
#: so; the value as the tool prints it ("Hyper-V disabled - no luck" is a sentence)
_TOOL_ROW = re.compile(r"[ \t]*[*-][ \t]+(?:Yes|No)\b")


def _matches(text: str) -> Iterator[Fact]:
    norm, origin = _normalized(text)
    norm = _TEMPLATE_PROMPTS.sub(lambda m: " " * len(m.group()), norm)
    for name, value, pattern in _COMPILED:
        for m in pattern.finditer(norm):
            if m.end() <= m.start() or _TOOL_ROW.match(norm, m.end()):
                continue
            before = max(0, m.start() - 80)
            guard = _NOT_AFTER.get(pattern.pattern)
            if guard is not None and guard.search(norm, before, m.start()):
                continue
            if _ADVICE.search(norm, before, m.start()):
                continue
            after = _NOT_AS_SUBJECT.get(pattern.pattern)
            if (
                after is not None
                and _CLAUSE_SUBJECT.search(norm, before, m.start())
                and after.match(norm, m.end())
            ):
                continue
            start, end = origin[m.start()], origin[m.end() - 1] + 1
            found = value if value is not None else m.group(1).lower().replace(" ", "-")
            quote = _quote(text, start, end)
            if quote:
                yield Fact(name, found, quote, SOURCE)


#: facts where a question may name several values; the first named stands
_MANY_VALUED = frozenset(
    {
        "cpu_vendor",
        "outer_hypervisor",
        "antivirus",
        "windows_version",
        "third_party_hypervisor",
        "windows_edition",
    }
)


def read(text: str) -> Facts:
    """Facts the question states. Contradictory statements of one fact leave it unknown."""
    first: dict[str, Fact] = {}
    contradicted: set[str] = set()
    on_hyperv = _HYPERV_DRIVER.search(text) is not None
    for fact in _matches(text):
        if (
            on_hyperv
            and fact.name == "third_party_hypervisor"
            and _VBOX_BY_TOOL.fullmatch(fact.quote)
        ):
            continue
        seen = first.get(fact.name)
        if seen is None:
            first[fact.name] = fact
        elif seen.value != fact.value and fact.name not in _MANY_VALUED:
            contradicted.add(fact.name)
    return Facts.of(f for name, f in first.items() if name not in contradicted)
