"""A rendered module cut into pieces that black formats the same alone as in the whole file.

Black lays out each top-level statement by itself; what it takes from the statements
before is only the number of blank lines in front. So the module is cut, after the
imports it starts with, before top-level statements whose blank lines are known without
that context:

- a `class`, `def` or `async def` line, or a decorator, after a blank line: always two;
- an assignment after a blank line, when every top-level statement before it (since the
  imports, or the last cut) is an assignment too: as many as the source has, at most two.

Not cut at all: a module that does not start with imports (black has rules of its own
after a module docstring and after imports), and one holding black's or yapf's switches,
tabs, form feeds or carriage returns. A cut inside a string or brackets leaves a piece
that does not parse; the caller then formats the whole file, so a wrong cut costs time,
never a wrong layout. Where a string's contents could pass for code, or a semicolon hide
a statement, the rules keep away from it (see `cut` and `_cut`).
"""

from __future__ import annotations

import keyword
import re
import tokenize
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

_QUOTES = re.compile("[\"']")
_ASSIGNMENT = re.compile(r"([A-Za-z_]\w*)\s*(?::|=(?!=))")
_CLOSER = (")", "]", "}")
_RUN_SPLIT = 4  # pieces per run, on average
_RUN_BYTES = 8192
# Black treats these specially across statements (its own switches, yapf's, other line
# ends and indentation); a module holding any is not cut.
_NO_CUT = ("fmt:", "yapf:", "\r", "\f", "\t")


@dataclass(frozen=True)
class Piece:
    """Top-level statements of a module, each piece ending with one newline."""

    text: str
    blank_lines: int  # in front of it once formatted (none for the first)
    gap: str = ""  # the blank lines in front of it in the source


def split_module(text: str) -> list[Piece]:
    """`text` cut into pieces (runs of `cut`'s); joined back (`join_pieces`) they are the
    module again."""
    return _grouped(cut(text))


def cut(text: str) -> list[Piece]:
    """`text` cut before every top-level statement the rules above allow."""
    if any(marker in text for marker in _NO_CUT):
        return [Piece(text, 0)]
    lines = _lines(text)
    header_end = _imports_end(lines)
    if header_end is None:
        return [Piece(text, 0)]
    pieces: list[Piece] = []
    start, blank_lines, gap = 0, 0, ""
    last = lines[header_end]  # the last line that is not blank
    # Whether every top-level statement since the imports or the last cut is an assignment;
    # None: there is none yet (the statement before is an import, or the cut's own).
    assignments: bool | None = None
    blanks = 0
    for i in range(header_end + 1, len(lines)):
        line = lines[i]
        if not line.strip(" \n"):
            blanks += 1
            continue
        if line[0] != " ":
            before = _cut(line, last, blanks, assignments is True) if blanks else 0
            if before:
                pieces.append(Piece("".join(lines[start : i - blanks]), blank_lines, gap))
                start, blank_lines, gap = i, before, "".join(lines[i - blanks : i])
                assignments = None
            if not line.startswith(_CLOSER):
                assignments = _is_assignment(line) and assignments is not False
        if ";" in line:  # more statements on the line (or after a backslash): maybe an import
            assignments = False
        last, blanks = line, 0
    pieces.append(Piece("".join(lines[start:]).rstrip("\n") + "\n", blank_lines, gap))
    return pieces


def _imports_end(lines: list[str]) -> int | None:
    """The index of the last line of the imports the module starts with (after its
    docstring and comments); None if it does not start with imports.

    Found with Python's tokenizer, which stops there: a line of a string that reads
    "import x" is not an import.
    """
    end, first = None, None  # first: the first token of the logical line
    try:
        for token in tokenize.generate_tokens(iter(lines).__next__):
            if token.type in (tokenize.COMMENT, tokenize.NL):
                continue
            if token.type == tokenize.NEWLINE:
                if first in ("import", "from"):
                    end = token.start[0] - 1
                first = None
            elif first is None:
                first = (
                    token.string if token.type == tokenize.NAME else tokenize.tok_name[token.type]
                )
                if first not in ("import", "from", "STRING"):
                    break
    except (tokenize.TokenError, SyntaxError):  # not Python: black will say so
        return None
    return end


def _lines(text: str) -> list[str]:
    """The lines as Python counts them: `str.splitlines` also ends a line at characters
    such as U+2028, which a string in the source may hold."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def join_pieces(pieces: Sequence[Piece], formatted: Sequence[str]) -> str:
    """The module from its pieces' formatted text, with the blank lines black puts between."""
    if len(formatted) == 1:
        return formatted[0]  # as black made it (an empty module stays empty)
    parts = [formatted[0].rstrip("\n")]
    for piece, text in zip(pieces[1:], formatted[1:], strict=True):
        parts += ["\n" * (piece.blank_lines + 1), text.rstrip("\n")]
    return "".join(parts) + "\n"


def _grouped(pieces: list[Piece]) -> list[Piece]:
    """Runs of pieces merged, so black is called less often (each call costs a fifth of a
    millisecond before any work). A run ends where its last piece's hash says, or once it
    is big: an edit changes the runs around it only, not every run after it."""
    out, run, size = [], [], 0
    for piece in pieces:
        run.append(piece)
        size += len(piece.text)
        if zlib.crc32(piece.text.encode("utf-8", "surrogatepass")) % _RUN_SPLIT == 0 or (
            size >= _RUN_BYTES
        ):
            out.append(_merged(run))
            run, size = [], 0
    if run:
        out.append(_merged(run))
    return out


def _merged(run: list[Piece]) -> Piece:
    # The source between them as it is: a cut inside a string must leave the string as it was.
    text = "".join(piece.gap + piece.text for piece in run[1:])
    return Piece(run[0].text + text, run[0].blank_lines, run[0].gap)


def _cut(line: str, last: str, blanks: int, assignments: bool) -> int:
    """The blank lines black puts before `line` (at column 0, after `blanks` blank lines and
    the line `last`) if a piece starts there; 0: no cut here."""
    if line.startswith(("class ", "def ", "async def ")):
        return 0 if last.startswith("@") else 2
    if line.startswith("@"):
        # Black puts one blank line between a module docstring and a decorator. Cuts start
        # after the imports, so none follows the docstring; still, a line holding a quote
        # may end a docstring, and no cut is made after one.
        return 0 if last.startswith("@") or _QUOTES.search(last) else 2
    if assignments and _is_assignment(line) and not _QUOTES.search(last):
        # Black keeps the blank lines between simple statements, at most two. A string's
        # last line holds its quotes: the statement before is known to have ended.
        return min(blanks, 2)
    return 0


def _is_assignment(line: str) -> bool:
    match = _ASSIGNMENT.match(line)
    return match is not None and not keyword.iskeyword(match.group(1))
