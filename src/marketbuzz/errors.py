"""Coded, user-facing errors. Each has a code so messages can be looked up and tested."""

from __future__ import annotations


class MarketbuzzError(Exception):
    """Base class: a problem with the user's input or set-up, with a clear message."""

    code = "MB000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class EmptyInputError(MarketbuzzError):
    code = "MB101"


class BinaryInputError(MarketbuzzError):
    code = "MB102"


class InputTooLargeError(MarketbuzzError):
    code = "MB103"


class DecodeError(MarketbuzzError):
    code = "MB104"


class MalformedInputError(MarketbuzzError):
    code = "MB105"


class MasterNotFoundError(MarketbuzzError):
    code = "MB201"


class MasterBuildError(MarketbuzzError):
    code = "MB202"
