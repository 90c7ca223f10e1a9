"""Stage 5: format rendered Python with black, in process. Entry point: `format_files(files)`.

`format_source` formats one file; the pipeline's driver uses it to spread files
over worker processes.
"""

from __future__ import annotations

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

from generator._gc import paused_collection

MODE = black.Mode(line_length=100, target_versions={TargetVersion.PY311})


class FormatError(Exception):
    """Rendered code is not valid Python: a generator bug, never the user's input."""


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Every `.py` file formatted; other files unchanged. Identical files are formatted once."""
    formatted: dict[str, str] = {}
    out = {}
    for name, text in files.items():
        if not name.endswith(".py"):
            out[name] = text
            continue
        if text not in formatted:
            formatted[text] = format_source(name, text)
        out[name] = formatted[text]
    return out


def format_source(name: str, text: str) -> str:
    """The Python source `text` of file `name`, black-formatted; FormatError if it does not parse."""
    try:
        with paused_collection():  # black's syntax tree is large and full of cycles
            return black.format_str(text, mode=MODE)
    except InvalidInput as exc:
        raise FormatError(f"{name}: rendered code does not parse: {exc}") from exc
