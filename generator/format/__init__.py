"""Stage 5: format rendered Python with black, in process. Entry point: `format_files(files)`."""

from __future__ import annotations

import black
from black.mode import TargetVersion
from black.parsing import InvalidInput

MODE = black.Mode(line_length=100, target_versions={TargetVersion.PY311})


class FormatError(Exception):
    """Rendered code is not valid Python: a generator bug, never the user's input."""


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Every `.py` file formatted; other files unchanged."""
    out = {}
    for name, text in files.items():
        if not name.endswith(".py"):
            out[name] = text
            continue
        try:
            out[name] = black.format_str(text, mode=MODE)
        except InvalidInput as exc:
            raise FormatError(f"{name}: rendered code does not parse: {exc}") from exc
    return out
