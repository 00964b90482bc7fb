"""Errors a user can cause. Each names the file (and row or column) and says what to do.

The CLI turns every `ListingAuditError` into exit status 2 with its message, never a traceback.
"""

from __future__ import annotations


class ListingAuditError(Exception):
    """Base for problems with the user's inputs, settings or output paths."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  -> {self.hint}" if self.hint else self.message


class InputError(ListingAuditError):
    """An input file that cannot be used as a whole."""

    def __init__(
        self,
        path: str,
        problem: str,
        hint: str = "",
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        where = str(path)
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column {column!r}"
        super().__init__(f"{where}: {problem}", hint)
        self.path = str(path)
        self.row = row
        self.column = column


class ConfigError(ListingAuditError):
    """A rules file, brand list or option that cannot be used."""


class OutputError(ListingAuditError):
    """An output path that cannot be written."""
