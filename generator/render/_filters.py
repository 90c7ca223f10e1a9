"""Jinja filters: the only way spec text reaches generated code, always escaped."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterable
from typing import Any

from black.strings import str_width

from generator.model import Import, code_chars, split_outside

_WIDTH = 88
# black's line length: what is laid out here is in black's style, and the format stage's
# black is set up from this.
LINE_LENGTH = 100
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
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, float):
        return repr(value).replace("e+", "e")  # black writes 1e20, not 1e+20
    return repr(value)


def assign(value: Any, target: str, call: str = "") -> str:
    """`target = value`, or `target = call(value)`, laid out as black lays it out."""
    line = f"{target} = {call}({pyrepr(value)})" if call else f"{target} = {pyrepr(value)}"
    if str_width(line) <= LINE_LENGTH:
        return line
    if call:  # the call's argument on a line of its own first
        return f"{target} = {call}(\n{_literal_lines(value, 4)}\n)"
    return _literal_lines(value, 0, f"{target} = ")


def _literal_lines(value: Any, indent: int, head: str = "", tail: str = "") -> str:
    """`head value tail` at `indent`: one line if it fits, else a list or dict one item a line."""
    pad = " " * indent
    line = f"{pad}{head}{pyrepr(value)}{tail}"
    if str_width(line) <= LINE_LENGTH or not value or not isinstance(value, dict | list):
        return line
    if isinstance(value, dict):
        items = [_literal_lines(v, indent + 4, f"{pyrepr(k)}: ", ",") for k, v in value.items()]
        brackets = "{}"
    else:
        items = [_literal_lines(v, indent + 4, "", ",") for v in value]
        brackets = "[]"
    return f"{pad}{head}{brackets[0]}\n" + "\n".join(items) + f"\n{pad}{brackets[1]}{tail}"


def from_import(module: str, names: Iterable[str]) -> str:
    """`from module import names`, the names sorted as isort sorts them, as black writes it:
    one line if it fits, else one name a line."""
    names = sorted(set(names), key=isort_key)
    line = f"from {module} import {', '.join(names)}"
    if str_width(line) <= LINE_LENGTH:
        return line
    return f"from {module} import (\n" + "".join(f"    {name},\n" for name in names) + ")"


def import_lines(imports: Iterable[Import]) -> str:
    """Each import on its line(s): `from_import`'s, or `import module`."""
    return "\n".join(
        from_import(i.module, i.names) if i.names else f"import {i.module}" for i in imports
    )


def import_groups(groups: Iterable[Iterable[Import]]) -> str:
    """Import groups a blank line apart, as isort lays them out; empty ones left out."""
    return "\n\n".join(text for text in map(import_lines, groups) if text)


def isort_key(name: str) -> tuple[int, list[tuple[int, int]], list[tuple[int, int]]]:
    """The order of names imported together, as isort and ruff give it: constants, then
    classes, then the rest; each group by name ignoring case, numbers by their value."""
    return _kind(name), _natural(name.lower()), _natural(name)


def exports_key(name: str) -> tuple[int, list[tuple[int, int]]]:
    """The order of `__all__` (ruff's RUF022): as `isort_key`, but minding case."""
    return _kind(name), _natural(name)


def _kind(name: str) -> int:
    return 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2


def _natural(name: str) -> list[tuple[int, int]]:
    """`Item2` before `Item10`: a run of digits compares as its number, before any letter."""
    return [
        (0, int(part)) if part.isdigit() else (1, ord(part)) for part in re.findall(r"\d+|\D", name)
    ]


def exports(names: Iterable[str]) -> list[str]:
    """Names in the order of `__all__` (`exports_key`)."""
    return sorted(names, key=exports_key)


def string_literal(value: str) -> str:
    """A string literal for `value` in the quotes black gives it."""
    return black_quotes(repr(value))


def black_quotes(literal: str) -> str:
    """A string literal (as in source) in black's quotes: double, unless they need more
    escapes. Only plain single-quoted literals change; black's own rule, for those."""
    if literal[0] != "'" or literal.startswith("'''"):
        return literal
    body = literal[1:-1]
    if "\\" not in body:  # the usual case: no escapes, so no single quote inside
        return literal if '"' in body else f'"{body}"'
    body = _sub_twice(_ESCAPED_DOUBLE, r'\1\2"', body)  # needless escapes go
    new_body = _sub_twice(_ESCAPED_SINGLE, r"\1\2'", body)
    new_body = _sub_twice(_UNESCAPED_DOUBLE, r'\1\\"', new_body)
    if new_body.count("\\") > body.count("\\"):
        return f"'{body}'"
    return f'"{new_body}"'


_ESCAPED_DOUBLE = re.compile(r'([^\\]|^)\\((?:\\\\)*)"')
_ESCAPED_SINGLE = re.compile(r"([^\\]|^)\\((?:\\\\)*)'")
_UNESCAPED_DOUBLE = re.compile(r'(([^\\]|^)(\\\\)*)"')


def _sub_twice(pattern: re.Pattern[str], replacement: str, text: str) -> str:
    """Overlapping matches too, as black does."""
    return pattern.sub(replacement, pattern.sub(replacement, text))


# A comment or a string literal, prefix included: where Python code can hold quotes
STRING_OR_COMMENT = re.compile(
    r"#[^\n]*"
    r"|[rRbBuUfF]*(?:"
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')",
    re.DOTALL,
)


def requote(code: str) -> str:
    """Python code (a type, a default) from the model stage, its strings in black's quotes."""
    if "'" not in code:
        return code
    return STRING_OR_COMMENT.sub(lambda match: black_quotes(match.group()), code)


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
    if "\n" not in wrapped and str_width(wrapped) + indent + 6 <= width:
        # black pads a one-line docstring that starts or ends with a quote
        start = " " if wrapped.startswith('"') else ""
        end = " " if wrapped.endswith('"') else ""
        return f'"""{start}{wrapped}{end}"""'
    lines = [pad + line if line else "" for line in wrapped.split("\n")]
    return '"""\n' + "\n".join(lines) + "\n" + pad + '"""'


def _wrap(paragraph: str, width: int) -> str:
    lines = paragraph.strip().split("\n")
    if _SECTION.match(lines[0]) and len(lines) > 1:
        items = [
            _fill(line, width, initial_indent="    ", subsequent_indent="        ")
            for line in lines[1:]
        ]
        return "\n".join([lines[0].strip(), *items])
    return _fill(paragraph, width)


def _fill(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """`text` wrapped at `width` columns, a wide (CJK) character counting two, as editors
    and linters count it. Lines break at spaces and, as CJK text has none, beside a wide
    character, but not before closing punctuation nor after opening punctuation. Other
    words are never split, at hyphens neither: "access-token" is one name in a docstring.
    """
    if text.isascii():  # textwrap gives the same, faster
        return textwrap.fill(
            " ".join(text.split()),
            width=width,
            initial_indent=initial_indent,
            subsequent_indent=subsequent_indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        for i, piece in enumerate(_unbreakable(word)):
            gap = " " if i == 0 and line else ""
            size = str_width(piece)
            if line and used + len(gap) + size > width:
                lines.append(line)
                line, gap = "", ""
            if not line:
                line = subsequent_indent if lines else initial_indent
                used = str_width(line)
            line += gap + piece
            used += len(gap) + size
    return "\n".join([*lines, line] if line else lines)


# A line never starts with closing or other punctuation (`)`, `,`, an ideographic full
# stop), nor ends with opening punctuation (`(`, a corner bracket): Unicode's general
# categories say which is which.
_NO_BREAK_BEFORE = ("Pe", "Pf", "Po")
_NO_BREAK_AFTER = ("Ps", "Pi")


def _unbreakable(word: str) -> list[str]:
    """`word` cut where a line may break inside it: beside a wide character."""
    pieces, start = [], 0
    for i in range(1, len(word)):
        before, after = word[i - 1], word[i]
        if (
            (_is_wide(before) or _is_wide(after))
            and unicodedata.category(after) not in _NO_BREAK_BEFORE
            and unicodedata.category(before) not in _NO_BREAK_AFTER
        ):
            pieces.append(word[start:i])
            start = i
    pieces.append(word[start:])
    return pieces


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def comment(text: str) -> str:
    """One line of text safe in a `#` comment."""
    return " ".join(text.split())


def cell(text: str) -> str:
    """One line of text safe in a Markdown table cell."""
    return comment(text).replace("|", "\\|")


def code(text: str) -> str:
    """`text` as a Markdown code span in a table cell: fenced by one backtick more than the
    longest run it holds, padded where it starts or ends with one."""
    text = cell(text)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def black_line(text: str, indent: int) -> str:
    """One line of code (a dict item, a statement) at `indent`, laid out as black lays it
    out, so that black needs one pass: as it is where it fits; else split inside its last
    brackets, their content on one line if that fits, else one element a line (a trailing
    comma added), each laid out in turn."""
    end = "\n" if text.endswith("\n") else ""
    return _black_lines(text.strip(), indent) + end


def _black_lines(line: str, indent: int) -> str:
    pad = " " * indent
    split = _last_brackets(line)
    if str_width(pad + line) <= LINE_LENGTH or split is None:
        return pad + line
    head, body, tail = split
    inner = " " * (indent + 4)
    parts = split_outside(body, ",")
    if str_width(inner + body) <= LINE_LENGTH:
        middle = inner + body
    elif len(parts) == 1:
        middle = _black_lines(body, indent + 4)
    else:
        middle = "\n".join(_black_lines(part + ",", indent + 4) for part in parts)
    return f"{pad}{head}\n{middle}\n{pad}{tail}"


def _last_brackets(line: str) -> tuple[str, str, str] | None:
    """(up to the last bracket pair's opening, its content, from its closing on): the
    split black makes first; None without brackets (or with nothing inside them)."""
    depth, opening, closing = 0, -1, -1
    for index, char, outside in code_chars(line):
        if char in "([{" and outside:
            depth += 1
            opening = index if depth == 1 else opening
        elif char in ")]}" and outside:
            depth -= 1
            closing = index if depth == 0 else closing
    if opening < 0 or closing <= opening + 1:
        return None
    return line[: opening + 1], line[opening + 1 : closing], line[closing:]


FILTERS = {
    "code": code,
    "pyrepr": pyrepr,
    "from_import": from_import,
    "import_lines": import_lines,
    "import_groups": import_groups,
    "exports": exports,
    "assign": assign,
    "requote": requote,
    "docstring": docstring,
    "docstring_text": docstring_text,
    "cell": cell,
    "black_line": black_line,
}
