"""One exception tree. Every message is a single line a user can act on."""

from __future__ import annotations


class VmdoctorError(Exception):
    """Base of every error vmdoctor raises on purpose; ``str(err)`` is one line."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class InputError(VmdoctorError):
    """The user's input (a question, a file, an argument) cannot be used."""


class CardError(VmdoctorError):
    """A knowledge card is malformed; the message names the file and the field."""

    def __init__(self, path: str, field: str, problem: str) -> None:
        self.path = path
        self.field = field
        self.problem = problem
        super().__init__(f"{path}: {field}: {problem}")


class IndexStoreError(VmdoctorError):
    """The retrieval index cannot be built, opened or written."""


class ReportError(InputError):
    """A probe report or pasted output cannot be read."""
