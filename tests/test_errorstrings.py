from __future__ import annotations

from bot.retrieval.cards import KnowledgeBase
from bot.retrieval.errorstrings import ErrorStringMatcher


def _matcher(kb: KnowledgeBase) -> ErrorStringMatcher:
    return ErrorStringMatcher(kb)


def test_a_pasted_message_with_the_vm_name_filled_in_matches(kb: KnowledgeBase) -> None:
    # Hyper-V fills in the VM's name; the card keeps a fragment without it.
    pasted = (
        "The Virtual Machine Management Service failed to start the virtual machine "
        "'DockerDesktopVM' because one of the Hyper-V components is not running."
    )
    hits = _matcher(kb).find(pasted)
    assert hits and hits[0].card == "hyperv-nested-expose-extensions"
    assert hits[0].score >= 1.0


def test_case_spacing_and_curly_quotes_do_not_matter(kb: KnowledgeBase) -> None:
    pasted = (
        "the  VIRTUAL machine could not be started because nested virtualization is not supported"
    )
    assert _matcher(kb).find(pasted)[0].card == "hyperv-nested-expose-extensions"


def test_codes_match_inside_a_long_log(kb: KnowledgeBase) -> None:
    log = "00:00:01.234 ... failed\nResult Code: E_FAIL (0x80004005)\n VERR_VMX_MSR_ALL_VMX_DISABLED\n"
    cards = [h.card for h in _matcher(kb).find(log)]
    assert any(kb.get(c, "en").cause == "firmware-virt-disabled" for c in cards[:1])


def test_a_fragment_of_a_long_message_is_a_partial_hit(kb: KnowledgeBase) -> None:
    hits = _matcher(kb).find("nested virtualization is not supported")
    assert hits and 0.5 <= hits[0].score < 1.2


def test_unrelated_text_hits_nothing(kb: KnowledgeBase) -> None:
    assert _matcher(kb).find("How do I bake sourdough bread?") == []


def test_spacing_around_a_colon_does_not_matter(kb: KnowledgeBase) -> None:
    # as pasted in hashicorp/packer#7172 (VMware Fusion 11 on macOS Mojave): no space after the
    # colon, so only the shorter Linux string "Could not open /dev/vmmon" used to match
    pasted = (
        "Could not open /dev/vmmon:broken pipe. "
        "Please make sure that the kernel module 'vmmon' is loaded."
    )
    assert _matcher(kb).find(pasted)[0].card == "vmware-fusion-macos-kext-not-allowed"
