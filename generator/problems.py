"""Problems found in spec documents, reported as `file:line: pointer: message`."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

Pointer = tuple[str | int, ...]


def format_pointer(pointer: Pointer) -> str:
    """`("paths", "/user/view", "get", "parameters", 0)` -> `paths./user/view.get.parameters[0]`."""
    out = ""
    for part in pointer:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """`did you mean 'x'?`, naming the one of `choices` closest to `word` (a misspelling of
    it); None where none is close."""
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else None


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one spec document."""

    file: str
    line: int
    pointer: Pointer
    message: str

    def __str__(self) -> str:
        where = format_pointer(self.pointer)
        prefix = f"{self.file}:{self.line}: "
        return f"{prefix}{where}: {self.message}" if where else f"{prefix}{self.message}"


class SpecError(Exception):
    """Raised by a pipeline stage when the specs cannot be used; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: Sequence[Problem] = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[SpecError], tuple[list[Problem]]]:
        # Rebuilt from its problems (not its message) when a worker sends it back.
        return (SpecError, (list(self.problems),))


def _problem_order(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.file, problem.line, format_pointer(problem.pointer), problem.message)
