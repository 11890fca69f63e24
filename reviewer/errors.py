"""Typed domain errors. Each carries a message a secretary or expert can read.

The UI turns these into dialogs and the command line into a message on stderr
and an exit code, at one boundary each; nothing else catches them.
"""

from __future__ import annotations


class ReviewerError(Exception):
    """Base of all domain errors; ``str(err)`` is the user-facing message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WorkspaceError(ReviewerError):
    """The workspace cannot be opened or used."""


class ImportRejected(ReviewerError):
    """An input file (dossier, roster, manifest, scores, bundle, return) was refused whole."""


class SignatureError(ReviewerError):
    """A signature is missing, foreign or does not match the content."""


class KeyProblem(ReviewerError):
    """The signing key is missing, locked or the passphrase is wrong."""


class ValidationError(ReviewerError):
    """What the user entered is incomplete or invalid; ``problems`` lists each point."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class StateError(ReviewerError):
    """The action is not allowed in the current state (e.g. a finalised round)."""


class NotFound(ReviewerError):
    """A round, dossier or expert named by the user does not exist."""
