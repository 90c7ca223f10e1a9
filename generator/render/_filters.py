"""Jinja filters: the only way spec text reaches generated code, always escaped."""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from typing import Any

_WIDTH = 88
_SECTION = re.compile(r"^(Args|Returns|Raises|Yields|Example|Examples|Note|Warning):$")


def pyrepr(value: Any) -> str:
    """A Python literal for a JSON-like value (deterministic: dict order is kept)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pyrepr(k)}: {pyrepr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(pyrepr(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(pyrepr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)


def docstring_text(text: str) -> str:
    """Text safe inside a triple-quoted docstring: no closing quotes, no escapes."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    text = "".join(_escape_control(char) for char in text)
    escaped = (len(text[:-1]) - len(text[:-1].rstrip("\\"))) % 2 == 1  # `\"` already
    if text.endswith('"') and not escaped:
        text = text[:-1] + '\\"'
    return text


def _escape_control(char: str) -> str:
    if char == "\n" or not unicodedata.category(char).startswith(("C", "Z")) or char == " ":
        return char
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def docstring(text: str, indent: int = 4, width: int = _WIDTH) -> str:
    """A complete docstring (with quotes) for `text`, wrapped, one paragraph per blank line.

    A paragraph whose first line is a section header (`Args:`) keeps one item per line,
    each wrapped with a hanging indent, as Google-style docstrings read.
    """
    body = docstring_text(text)
    if not body:
        return '""""""'
    pad = " " * indent
    paragraphs = [p.strip("\n") for p in body.split("\n\n") if p.strip()]
    wrapped = "\n\n".join(_wrap(p, width - indent) for p in paragraphs)
    if "\n" not in wrapped and len(wrapped) + indent + 6 <= width:
        return f'"""{wrapped}"""'
    lines = [pad + line if line else "" for line in wrapped.split("\n")]
    return '"""\n' + "\n".join(lines) + "\n" + pad + '"""'


def _wrap(paragraph: str, width: int) -> str:
    lines = paragraph.strip().split("\n")
    if _SECTION.match(lines[0]) and len(lines) > 1:
        items = [
            textwrap.fill(
                " ".join(line.split()),
                width=width,
                initial_indent="    ",
                subsequent_indent="        ",
                break_long_words=False,
            )
            for line in lines[1:]
        ]
        return "\n".join([lines[0].strip(), *items])
    return textwrap.fill(" ".join(paragraph.split()), width=width, break_long_words=False)


def comment(text: str) -> str:
    """One line of text safe in a `#` comment."""
    return " ".join(text.split())


def cell(text: str) -> str:
    """One line of text safe in a Markdown table cell."""
    return comment(text).replace("|", "\\|")


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False, indent=2)


FILTERS = {
    "pyrepr": pyrepr,
    "docstring": docstring,
    "docstring_text": docstring_text,
    "comment": comment,
    "cell": cell,
    "json": json_text,
}
