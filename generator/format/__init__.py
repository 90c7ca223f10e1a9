"""Stage 5: format rendered Python with black, in process. Entry point: `format_files(files)`.

Formatted: the Python files but those render ships as kept (`is_formatted`). A file is
formatted piece by piece (`generator.format._pieces`): black lays out the
pieces exactly as it lays out the whole file, and a piece black formatted in an earlier
run is taken from the cache (`generator.cache`) instead. `format_files` takes the steps
here (`plan_files`, `format_pieces` on the pieces the layouts miss, `finish_files`); the
pipeline's driver takes the same ones, spreading the pieces over worker processes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from generator._gc import paused_collection
from generator.cache import RunCache, cache_key
from generator.format._pieces import Piece, join_pieces, split_module
from generator.render import LINE_LENGTH, VERBATIM_FILES

__all__ = [
    "MODE",
    "FormatError",
    "Layout",
    "finish_files",
    "format_files",
    "format_pieces",
    "format_source",
    "is_formatted",
    "plan_files",
]

MODE = black.Mode(line_length=LINE_LENGTH, target_versions={TargetVersion.PY311})


class FormatError(Exception):
    """Rendered code is not valid Python: a generator bug, never the user's input."""


def format_files(files: dict[str, str], kept: RunCache | None = None) -> dict[str, str]:
    """The files black formats (`is_formatted`) formatted, here; the others unchanged.
    `kept`: the cache to take pieces from and to add them to (default: none)."""
    cache = RunCache() if kept is None else kept
    layouts = plan_files(files, cache)
    missing = list(
        dict.fromkeys(piece for layout in layouts.values() for piece in layout.missing())
    )
    formatted = dict(zip(missing, format_pieces(missing), strict=True))
    return finish_files(files, layouts, formatted, cache)


def is_formatted(file_name: str) -> bool:
    """Whether black formats the file: Python, and not shipped as kept (already formatted)."""
    return file_name.endswith(".py") and file_name not in VERBATIM_FILES


def plan_files(files: dict[str, str], cache: RunCache) -> dict[str, Layout]:
    """The layout of each file black formats (`is_formatted`), by name."""
    return {
        name: Layout.plan(name, text, cache) for name, text in files.items() if is_formatted(name)
    }


def finish_files(
    files: dict[str, str],
    layouts: dict[str, Layout],
    formatted: dict[str, str | None],
    cache: RunCache,
) -> dict[str, str]:
    """`files` with those `layouts` plans finished from the pieces `formatted` maps to their
    layout (`Layout.finish`); the others as they are."""
    return {
        name: layouts[name].finish(formatted, cache) if name in layouts else text
        for name, text in files.items()
    }


def format_source(name: str, text: str) -> str:
    """The Python source `text` of file `name`, black-formatted; FormatError if it does not parse."""
    try:
        with paused_collection():  # black's syntax tree is large and full of cycles
            return black.format_str(text, mode=MODE)
    except InvalidInput as exc:
        raise FormatError(f"{name}: rendered code does not parse: {exc}") from exc


@cache
def _step() -> str:
    """What black's layout of a piece depends on besides the piece."""
    return f"black {version('black')} {MODE.get_cache_key()}"


def format_pieces(texts: Sequence[str]) -> list[str | None]:
    """Each piece black-formatted; None for one that does not parse by itself (it was cut in
    the middle of a string or brackets)."""
    out: list[str | None] = []
    with paused_collection():
        for text in texts:
            try:
                out.append(black.format_str(text, mode=MODE))
            except InvalidInput:
                out.append(None)
    return out


@dataclass
class Layout:
    """A file cut into pieces, with the formatted text of those the cache knows."""

    name: str
    text: str
    pieces: list[Piece]
    keys: list[str]
    known: list[str | None]

    @classmethod
    def plan(cls, name: str, text: str, cache: RunCache) -> Layout:
        pieces = split_module(text)
        step = _step()
        keys = [cache_key(step, piece.text) for piece in pieces]
        return cls(name, text, pieces, keys, [cache.get(key) for key in keys])

    def missing(self) -> list[str]:
        """The pieces to format (each once)."""
        texts = (p.text for p, known in zip(self.pieces, self.known, strict=True) if known is None)
        return list(dict.fromkeys(texts))

    def finish(self, formatted: dict[str, str | None], cache: RunCache) -> str:
        """The formatted file, from the pieces `formatted` maps to their layout (None: does
        not parse alone; the whole file is formatted then)."""
        done = [
            formatted[piece.text] if known is None else known
            for piece, known in zip(self.pieces, self.known, strict=True)
        ]
        if any(text is None for text in done):
            return format_source(self.name, self.text)
        texts = [text for text in done if text is not None]
        for key, text in zip(self.keys, texts, strict=True):
            cache.put(key, text)
        return join_pieces(self.pieces, texts)
