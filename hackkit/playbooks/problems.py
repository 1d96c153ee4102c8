"""Problem: one thing wrong in a playbook, pointing at the file and line to fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """A mistake in a playbook folder; ``str()`` reads like a compiler error."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"
