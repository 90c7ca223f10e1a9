"""The inventory of the source documents in ../shared/seeds/, and the check that the specs hold it.

The documents are parsed, not transcribed, so a row added to one of their tables, a key added to
one of their examples or an operation added to them becomes an inventory item the specs must hold:

- markdown documents (000, 001, 002, 004): headings, markdown tables, HTML `<table>`s of
  key/value rows and fenced code blocks. An HTML table with an `intents` row declares an event
  (its type is the UPPER_SNAKE value), one with `HTTP URL` / `HTTP Method` rows declares an
  operation, and so does a markdown table row holding a path and a method. The tables and code
  blocks that follow, up to the end of the declaring heading's section, belong to it. Events
  need no label; operation tables are told apart by the label above them (path / request /
  response / error codes). Nothing here reads the Chinese of 002: its event tables, examples
  and names are ASCII. Operations only present inside an HTML comment were withdrawn from the
  document.
- the plain-text layout of 003: `METHOD /path` lines (several in a row: the same operation
  under several methods), then `Headers`, `Query`, `Body` and `返回数据` blocks holding a
  `参数名称 ...` table or a pseudo-JSON example.
- pseudo-JSON (`//` comments, `<placeholders>`, trailing commas, single quotes, bare keys) is
  read by a tolerant parser; each key's `//` comment is its description, from which enum
  members (`0 - ..., 1 - ...`, `1:ios, 2:android`, `0 和 1 代表...`), ranges (`1-500`, `0~23`,
  `大于0`) and defaults (`默认为1`) are read, as from table descriptions.

Each field also gives the JSON type its table's type column or its example value states, and
each description (of a field, an operation or an event) the runs of Chinese the spec's own
description must keep.

`missing_items(items, index)` returns what the specs lack, one `Missing` per item, and leaves
out the items of an operation, event or field that is itself missing (it is reported once).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.load import Document, SpecSet, load

REPO_ROOT = Path(__file__).resolve().parent.parent
# The source documents: beside the repository, as CI has them, unless BOTSPEC_SEEDS names them.
SEEDS = Path(os.environ.get("BOTSPEC_SEEDS") or REPO_ROOT.parent / "shared" / "seeds")
SPECS = REPO_ROOT / "specs"

# Which spec files transcribe which source document (as specs/README.md says).
SPECS_FOR_SEED: dict[str, tuple[str, ...]] = {
    "000": ("qqbot/asyncapi.yaml",),
    "001": ("qqbot/openapi.yaml", "qqbot/asyncapi.yaml"),
    "002": ("qqbot/openapi.yaml", "qqbot/asyncapi.yaml"),
    "003": ("lanying/openapi.yaml",),
    "004": ("kook/openapi.yaml",),
}

HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE")
TYPE_WORDS = frozenset(
    [
        "string",
        "str",
        "int",
        "integer",
        "int32",
        "int64",
        "long",
        "boolean",
        "bool",
        "number",
        "float",
        "double",
        "object",
        "array",
    ]
)
_FW_COLON, _FW_COMMA, _FW_PERIOD, _FW_SEMI, _FW_TILDE = (
    "\uff1a",
    "\uff0c",
    "\u3002",
    "\uff1b",
    "\uff5e",
)


# --------------------------------------------------------------------------- pseudo-JSON


class PseudoJsonError(ValueError):
    """The text is not even pseudo-JSON."""


@dataclass(frozen=True)
class Placeholder:
    """A `<placeholder>` standing for a value."""

    text: str


@dataclass(frozen=True)
class PseudoJson:
    value: Any
    comments: dict[str, str]  # key path -> the `//` comment on the key's line
    end: int  # offset just past the value


_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      |(?P<comment>//[^\n]*|/\*.*?\*/)
      |(?P<punct>[{}\[\]:,])
      |(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      |(?P<placeholder><[^<>\n]*>)
      |(?P<word>[^\s{}\[\]:,"'<>/]+)""",
    re.X | re.S,
)


class _PseudoJsonParser:
    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.pos = start
        self.line = 0
        self.line_comments: dict[int, str] = {}
        self.key_lines: list[tuple[str, int]] = []

    def next(self) -> tuple[str, str, int]:
        while True:
            if self.pos >= len(self.text):
                raise PseudoJsonError("unexpected end of text")
            match = _TOKEN.match(self.text, self.pos)
            if match is None:
                raise PseudoJsonError(f"unexpected character {self.text[self.pos]!r}")
            kind, token, line = match.lastgroup or "", match.group(), self.line
            self.pos = match.end()
            self.line += token.count("\n")
            if kind == "ws":
                continue
            if kind == "comment":
                body = token[2:] if token.startswith("//") else token[2:-2]
                self.line_comments.setdefault(line, body.strip())
                continue
            return kind, token, line

    def peek(self) -> str:
        saved = self.pos, self.line
        _, token, _ = self.next()
        self.pos, self.line = saved
        return token

    def value(self, path: str) -> Any:
        kind, token, _ = self.next()
        if token == "{":
            return self.object(path)
        if token == "[":
            return self.array(path)
        if kind == "string":
            return _unquote(token)
        if kind == "placeholder":
            return Placeholder(token[1:-1])
        if kind == "word":
            return _word(token)
        raise PseudoJsonError(f"unexpected {token!r}")

    def object(self, path: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while True:
            kind, token, line = self.next()
            if token == "}":
                return out
            if token == ",":
                continue
            if kind not in ("string", "word"):
                raise PseudoJsonError(f"expected a key, got {token!r}")
            key = _unquote(token) if kind == "string" else token
            if self.next()[1] != ":":
                raise PseudoJsonError(f"expected ':' after key {key!r}")
            sub = f"{path}.{key}" if path else key
            self.key_lines.append((sub, line))
            out[key] = self.value(sub)

    def array(self, path: str) -> list[Any]:
        out: list[Any] = []
        while True:
            token = self.peek()
            if token in ("]", ","):
                self.next()
                if token == "]":
                    return out
                continue
            out.append(self.value(f"{path}[]"))


def _unquote(token: str) -> str:
    if token.startswith('"'):
        return str(json.loads(token))
    return token[1:-1].replace("\\'", "'")


def _word(token: str) -> Any:
    lowered = token.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "null":
        return None
    for convert in (int, float):
        try:
            return convert(token)
        except ValueError:
            pass
    return token


def parse_pseudo_json(text: str, start: int = 0) -> PseudoJson:
    """Read one pseudo-JSON value from `text` at `start` (comments, placeholders, trailing commas)."""
    parser = _PseudoJsonParser(text, start)
    value = parser.value("")
    comments = {path: parser.line_comments.get(line, "") for path, line in parser.key_lines}
    return PseudoJson(value, comments, parser.pos)


def key_paths(value: Any, prefix: str = "") -> frozenset[str]:
    """Every key of a JSON value as a path: `data`, `data.id`, `data[].user_id`."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, sub in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            out.add(path)
            out |= key_paths(sub, path)
    elif isinstance(value, list):
        for sub in value:
            out |= key_paths(sub, f"{prefix}[]")
    return frozenset(out)


def value_types(value: Any, prefix: str = "") -> dict[str, set[str]]:
    """The JSON types of the values at each key path of an example; placeholders and nulls
    state no type."""
    out: dict[str, set[str]] = {}

    def visit(sub: Any, path: str) -> None:
        if isinstance(sub, dict):
            for key, inner in sub.items():
                visit(inner, f"{path}.{key}" if path else str(key))
        elif isinstance(sub, list):
            for inner in sub:
                visit(inner, f"{path}[]")
        found = json_type(sub)
        if path and found:
            out.setdefault(path, set()).add(found)

    visit(value, prefix)
    return out


def json_type(value: Any) -> str | None:
    """The JSON type of a parsed example value (None for a placeholder or null)."""
    for python, name in (
        (bool, "boolean"),
        (int, "integer"),
        (float, "number"),
        (str, "string"),
        (list, "array"),
        (dict, "object"),
    ):
        if isinstance(value, python):
            return name
    return None


_TYPE_WORDS = {
    "string": "string",
    "str": "string",
    "int": "integer",
    "integer": "integer",
    "int32": "integer",
    "int64": "integer",
    "long": "integer",
    "boolean": "boolean",
    "bool": "boolean",
    "float": "number",
    "double": "number",
    "number": "number",
    "object": "object",
    "array": "array",
}


def type_of_word(word: str) -> str | None:
    """The JSON type a table's type column names (`int`, `Array[String]`, `object[]`), if any."""
    lowered = word.strip().strip("`").lower()
    if lowered.endswith("[]") or lowered.startswith(("array[", "array<", "list")):
        return "array"
    return _TYPE_WORDS.get(lowered)


def _containers(value: Any, prefix: str = "") -> Iterator[tuple[str, set[str]]]:
    """Every object inside a JSON value: (its path, its keys)."""
    if isinstance(value, dict):
        yield prefix, set(value)
        for key, sub in value.items():
            yield from _containers(sub, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        for sub in value:
            yield from _containers(sub, f"{prefix}[]")


def _split_path(path: str) -> list[str]:
    return re.findall(r"\[\]|[^.\[\]]+", path)


# --------------------------------------------------------------------------- facts in text

_NUM = r"(?<![\w.#<])(\d+)"
_ENUM_MEMBER = re.compile(_NUM + rf"\s*(?:-(?!\s*\d)|:|{_FW_COLON}|代表|和|表示|=)")
_RANGE = re.compile(_NUM + rf"\s*[-~{_FW_TILDE}]\s*(\d+)(?![\d.])")
_BOUND = re.compile(r"(大于等于|不小于|大于|小于等于|不大于|小于)\s*(\d+)")
_DEFAULT = re.compile(
    rf"默认(?:值)?(?:为|是)?[^\d,;{_FW_COMMA}{_FW_PERIOD}{_FW_SEMI}]{{0,6}}?(\d+)"
)
_SUCCESS = re.compile(_NUM + r"\s*表示成功")
_INLINE_OBJECT = re.compile(r"\{[^{}]*:[^{}]*\}")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Facts:
    """What a description states about the values of its field."""

    enum: tuple[int, ...] = ()
    low: int | None = None  # inclusive
    high: int | None = None  # inclusive
    default: int | None = None
    success: int | None = None


def facts_of(text: str) -> Facts:
    members = tuple(dict.fromkeys(int(m) for m in _ENUM_MEMBER.findall(text)))
    low = high = None
    if match := _RANGE.search(text):
        low, high = int(match.group(1)), int(match.group(2))
    for word, number in _BOUND.findall(text):
        n = int(number)
        if word == "大于":
            low = n + 1
        elif word in ("大于等于", "不小于"):
            low = n
        elif word == "小于":
            high = n - 1
        else:
            high = n
    default = _DEFAULT.search(text)
    success = _SUCCESS.search(text)
    return Facts(
        enum=members if len(members) >= 2 else (),
        low=low,
        high=high,
        default=int(default.group(1)) if default else None,
        success=int(success.group(1)) if success else None,
    )


# --------------------------------------------------------------------------- inventory items


@dataclass(frozen=True)
class Item:
    """One thing a source document names, which the specs must hold.

    `kind` selects the check; `where` is header / query / path / body (parameters), request /
    response (body fields) or event (event payload fields); `name` a parameter name or a key
    path (`data[].user_id`); `enveloped` says the path is relative to the spec's envelope data
    field (a table with no example to place it); `anchor` the label of the item this one
    belongs to (not reported when that one is missing).
    """

    seed: str
    subject: str
    what: str
    kind: str
    method: str | None = None
    path: str | None = None
    event: str | None = None
    where: str | None = None
    name: str | None = None
    enveloped: bool = False
    value: Any = None
    anchor: str | None = None

    @property
    def label(self) -> str:
        return f"{self.seed[:3]} {self.subject}: {self.what}"


@dataclass
class Inventory:
    seed: str
    items: list[Item] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # parts of the document not understood
    sections: int = 0  # documented operations (a pair of methods counts once)
    _labels: set[str] = field(default_factory=set)

    def add(self, item: Item) -> Item:
        if item.label not in self._labels:
            self._labels.add(item.label)
            self.items.append(item)
        return item

    def of_kind(self, *kinds: str) -> list[Item]:
        return [item for item in self.items if item.kind in kinds]


@dataclass
class _Subject:
    """An operation (method + path) or an event, and what the document says about it."""

    method: str | None = None
    path: str | None = None
    event: str | None = None
    intent_bit: int | None = None
    transports: list[str] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # an event table's trigger, permission
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"event {self.event}" if self.event else f"{self.method} {self.path}"


def _add_operation(inv: Inventory, method: str, path: str) -> Item:
    subject = f"{method} {path}"
    op = inv.add(Item(inv.seed, subject, "operation", "operation", method=method, path=path))
    inv.add(
        Item(
            inv.seed,
            subject,
            "x-source-document",
            "source",
            method=method,
            path=path,
            anchor=op.label,
        )
    )
    return op


def _add_field(
    inv: Inventory,
    subject: _Subject,
    where: str,
    name: str,
    description: str = "",
    *,
    enveloped: bool = False,
    required: bool | None = None,
    types: Iterable[str] = (),
    anchor: str,
) -> None:
    noun = {
        "request": "request field",
        "response": "response field",
        "event": "field",
    }.get(where, f"{where} parameter")
    what = f"{noun} {name}"
    common: dict[str, Any] = {
        "method": subject.method,
        "path": subject.path,
        "event": subject.event,
        "where": where,
        "name": name,
        "enveloped": enveloped,
    }
    base = inv.add(Item(inv.seed, subject.title, what, "field", anchor=anchor, **common))
    if required is not None:
        inv.add(
            Item(
                inv.seed,
                subject.title,
                f"{what} {'required' if required else 'optional'}",
                "required",
                value=required,
                anchor=base.label,
                **common,
            )
        )
    wording = tuple(dict.fromkeys(_CJK.findall(description)))
    if wording:
        inv.add(
            Item(
                inv.seed,
                subject.title,
                f"{what} wording",
                "wording",
                value=wording,
                anchor=base.label,
                **common,
            )
        )
    for json_type in sorted(set(types)):
        inv.add(
            Item(
                inv.seed,
                subject.title,
                f"{what} type {json_type}",
                "type",
                value=json_type,
                anchor=base.label,
                **common,
            )
        )
    facts = facts_of(description)
    for member in facts.enum:
        inv.add(
            Item(
                inv.seed,
                subject.title,
                f"{what} enum {member}",
                "enum",
                value=member,
                anchor=base.label,
                **common,
            )
        )
    if facts.low is not None or facts.high is not None:
        low = "" if facts.low is None else str(facts.low)
        high = "" if facts.high is None else str(facts.high)
        inv.add(
            Item(
                inv.seed,
                subject.title,
                f"{what} range {low}..{high}",
                "range",
                value=(facts.low, facts.high),
                anchor=base.label,
                **common,
            )
        )
    if facts.default is not None:
        inv.add(
            Item(
                inv.seed,
                subject.title,
                f"{what} default {facts.default}",
                "default",
                value=facts.default,
                anchor=base.label,
                **common,
            )
        )
    if facts.success is not None:
        inv.add(
            Item(
                inv.seed,
                "document",
                f"success code {facts.success} in {name}",
                "success",
                name=name,
                value=facts.success,
            )
        )


def _add_example(
    inv: Inventory, subject: _Subject, where: str, example: PseudoJson, anchor: str
) -> None:
    types = value_types(example.value)
    for path in sorted(key_paths(example.value)):
        _add_field(
            inv,
            subject,
            where,
            path,
            example.comments.get(path, ""),
            types=types.get(path, ()),
            anchor=anchor,
        )
    inv.add(
        Item(
            inv.seed,
            subject.title,
            f"{where} example",
            "example",
            method=subject.method,
            path=subject.path,
            event=subject.event,
            where=where,
            value=key_paths(example.value),
            anchor=anchor,
        )
    )


# --------------------------------------------------------------------------- markdown documents


@dataclass
class _Element:
    kind: str  # heading / prose / table / html / code
    text: str = ""
    level: int = 0
    label: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _cell(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text.replace("**", "").replace("`", "").strip()


def _label(text: str) -> str:
    return text.strip().lstrip("-*>#: ").replace("*", "").strip()


def _markdown_elements(text: str) -> list[_Element]:
    lines = text.split("\n")
    out: list[_Element] = []
    label = ""
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped:
            i += 1
            continue
        if stripped.startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith("```"):
                j += 1
            out.append(_Element("code", "\n".join(lines[i + 1 : j]).strip(), label=label))
            i = j + 1
        elif stripped.lower().startswith("<table"):
            j = i
            while j < len(lines) and "</table>" not in lines[j].lower():
                j += 1
            block = "\n".join(lines[i : j + 1])
            rows = []
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", block, re.S | re.I):
                cells = re.findall(r"<(t[dh])[^>]*>(.*?)</t[dh]>", row, re.S | re.I)
                if cells and all(tag.lower() == "td" for tag, _ in cells):
                    rows.append([_cell(re.sub(r"<[^>]+>", "", c)) for _, c in cells])
            out.append(_Element("html", rows=rows, label=label))
            i = j + 1
        elif stripped.startswith("|"):
            j = i
            raw: list[list[str]] = []
            while j < len(lines) and lines[j].strip().startswith("|"):
                raw.append([_cell(c) for c in lines[j].strip().strip("|").split("|")])
                j += 1
            header: list[str] = []
            if len(raw) >= 2 and all(re.fullmatch(r":?-+:?", c) for c in raw[1] if c):
                header, raw = raw[0], raw[2:]
            out.append(_Element("table", header=header, rows=raw, label=label))
            i = j
        elif heading := re.match(r"(#{1,6})\s+(.*)", stripped):
            label = _label(heading.group(2))
            out.append(_Element("heading", heading.group(2), level=len(heading.group(1))))
            i += 1
        else:
            label = _label(stripped)
            out.append(_Element("prose", stripped))
            i += 1
    return out


def _is_path(cell: str) -> bool:
    return re.fullmatch(r"/[\w\-./{}]*", cell) is not None


def _declaration(element: _Element) -> tuple[_Subject | None, list[tuple[str | None, str]]]:
    """What a table declares: a subject, and/or operations (method or None, path) it lists."""
    if element.kind == "html":
        pairs = {row[0]: row[1] for row in element.rows if len(row) == 2}
        keys = {key.lower(): value for key, value in pairs.items()}
        if "intents" in keys:
            subject = _Subject()
            intents = keys["intents"]
            if shift := re.fullmatch(r"1\s*<<\s*(\d+)", intents):
                subject.intent_bit = int(shift.group(1))
            elif intents.isdigit() and int(intents) & (int(intents) - 1) == 0:
                subject.intent_bit = int(intents).bit_length() - 1
            for value in pairs.values():
                if re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", value):
                    subject.event = value
                if value.lower() in ("websocket", "webhook"):
                    subject.transports.append(value.lower())
                elif _CJK.search(value):
                    subject.facts.append(value)
            return subject, []
        if "http url" in keys and "http method" in keys:
            method, path = keys["http method"].upper(), keys["http url"]
            return _Subject(method=method, path=path), [(method, path)]
        return None, []
    if element.kind == "table":
        listed: list[tuple[str | None, str, list[str]]] = []
        for row in element.rows:
            if row and _is_path(row[0]):
                methods = [c.upper() for c in row[1:] if c.upper() in HTTP_METHODS]
                rest = [c for c in row[1:] if c.upper() not in HTTP_METHODS]
                listed.append((methods[0] if methods else None, row[0], rest))
        if len(listed) == 1 and listed[0][0] is not None:
            only_method, only_path, rest = listed[0]
            return _Subject(method=only_method, path=only_path, prose=rest), [
                (only_method, only_path)
            ]
        return None, [(m, p) for m, p, _ in listed]
    return None, []


def _subjects(
    elements: list[_Element],
) -> tuple[list[_Subject], list[tuple[str | None, str]], list[str]]:
    """Attribute every table and code block to the operation or event it belongs to."""
    subjects: list[_Subject] = []
    listed: list[tuple[str | None, str]] = []
    problems: list[str] = []
    current: _Subject | None = None
    scope = 0
    heading_level = 1
    headings_since: list[int] = []  # levels of the headings since the last table or code block
    prose_since: list[str] = []
    for element in elements:
        if element.kind == "heading":
            if current is not None and element.level <= scope:
                current = None
            heading_level = element.level
            headings_since.append(element.level)
            continue
        if element.kind == "prose":
            (current.prose if current is not None else prose_since).append(element.text)
            continue
        subject, ops = _declaration(element)
        if subject is not None:
            subject.prose[:0] = prose_since
            subjects.append(subject)
            current = subject
            scope = min(headings_since) if headings_since else heading_level
        elif ops:
            listed.extend(ops)
        elif current is not None:
            if element.kind == "table":
                current.tables.append((element.label, element.header, element.rows))
            elif element.kind == "code":
                current.codes.append((element.label, element.text))
            else:
                problems.append(f"HTML table under {current.title} not understood: {element.rows}")
        elif element.rows or element.text:
            problems.append(
                f"{element.kind} under '{element.label}' belongs to no operation or event"
            )
        headings_since, prose_since = [], []
    return subjects, listed, problems


def _column(header: list[str], *names: str) -> int | None:
    for index, cell in enumerate(header):
        if cell.strip().lower() in names:
            return index
    return None


def _table_role(label: str) -> str | None:
    if "错误码" in label:
        return "errors"
    if "路径" in label:
        return "path"
    if "返回" in label or "响应" in label:
        return "response"
    if "请求" in label or "参数" in label:
        return "request"
    return None


def _required_cell(text: str) -> bool | None:
    lowered = text.strip().lower()
    if lowered in ("是", "true", "yes", "required", "必填", "y"):
        return True
    if lowered in ("否", "false", "no", "optional", "n"):
        return False
    return None


def _table_fields(
    header: list[str], rows: list[list[str]]
) -> Iterator[tuple[str, str, str, str | None, bool | None]]:
    """(name, type, description, location, required) of each row; nested `{k: v}` keys too."""
    location_col = _column(header, "位置", "参数区域", "参数位置", "in", "location")
    required_col = _column(header, "必填", "必传", "必需", "必须", "required")
    type_col = _column(header, "类型", "type", "参数类型")
    for row in rows:
        if not row or not row[0]:
            continue
        name, description = row[0], row[-1] if len(row) > 1 else ""
        kind = row[type_col] if type_col is not None and type_col < len(row) else ""
        location = (
            row[location_col] if location_col is not None and location_col < len(row) else None
        )
        required = (
            _required_cell(row[required_col])
            if required_col is not None and required_col < len(row)
            else None
        )
        yield name, kind, description, location, required
        for inline in _INLINE_OBJECT.findall(description):
            try:
                nested = parse_pseudo_json(inline)
            except PseudoJsonError:
                continue
            joint = "[]." if kind.endswith("[]") or kind.lower().startswith("array") else "."
            for key in sorted(key_paths(nested.value)):
                yield f"{name}{joint}{key}", "", nested.comments.get(key, ""), location, None


def _word_types(word: str) -> tuple[str, ...]:
    found = type_of_word(word)
    return (found,) if found else ()


def _best_prefix(examples: list[Any], names: set[str]) -> str | None:
    """The object path, in the document's examples, that holds most of a table's fields."""
    best: tuple[int, str] | None = None
    for example in examples:
        for path, keys in _containers(example):
            score = len(keys & names)
            if score and (best is None or score > best[0]):
                best = (score, path)
    return None if best is None else best[1]


def _markdown_inventory(inv: Inventory, text: str) -> None:
    visible = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    subjects, listed, problems = _subjects(_markdown_elements(visible))
    inv.problems.extend(problems)
    for method, path in listed:
        if method is None:
            inv.add(Item(inv.seed, path, "listed path", "listed", path=path))
    for subject in subjects:
        if subject.event:
            _markdown_event(inv, subject)
        elif subject.method and subject.path:
            _markdown_operation(inv, subject)
        else:
            inv.problems.append(f"an event table names no event type: {subject.prose}")
    # Operations still in the document but inside an HTML comment were withdrawn from it.
    whole = text.replace("<!--", "").replace("-->", "")
    hidden_subjects, hidden_listed, _ = _subjects(_markdown_elements(whole))
    shown = {(s.method, s.path) for s in subjects} | set(listed)
    hidden = {(s.method, s.path) for s in hidden_subjects if s.method} | set(hidden_listed)
    for hidden_method, hidden_path in sorted(hidden - shown, key=str):
        if hidden_method and hidden_path:
            inv.add(
                Item(
                    inv.seed,
                    f"{hidden_method} {hidden_path}",
                    "withdrawn in this revision: deprecated",
                    "withdrawn",
                    method=hidden_method,
                    path=hidden_path,
                )
            )


def _parsed_codes(inv: Inventory, subject: _Subject) -> list[tuple[str, PseudoJson]]:
    out = []
    for label, code in subject.codes:
        if not code:
            continue  # an empty example (001)
        try:
            out.append((label, parse_pseudo_json(code)))
        except PseudoJsonError as exc:
            inv.problems.append(f"{subject.title}: example under '{label}' not readable: {exc}")
    return out


def _add_wording(inv: Inventory, subject: _Subject, texts: Iterable[str], anchor: str) -> None:
    """The Chinese of what the document says about an operation or event, which its
    description (or summary, title, transcription note) keeps."""
    runs = tuple(dict.fromkeys(run for text in texts for run in _CJK.findall(text)))
    if runs:
        inv.add(
            Item(
                inv.seed,
                subject.title,
                "wording",
                "subject-wording",
                method=subject.method,
                path=subject.path,
                event=subject.event,
                value=runs,
                anchor=anchor,
            )
        )


def _markdown_event(inv: Inventory, subject: _Subject) -> None:
    title = subject.title
    event = inv.add(Item(inv.seed, title, "message", "event", event=subject.event))
    inv.add(
        Item(
            inv.seed, title, "x-source-document", "source", event=subject.event, anchor=event.label
        )
    )
    _add_wording(inv, subject, subject.facts, event.label)
    if subject.intent_bit is not None:
        inv.add(
            Item(
                inv.seed,
                title,
                f"intent 1<<{subject.intent_bit}",
                "intent",
                event=subject.event,
                value=subject.intent_bit,
                anchor=event.label,
            )
        )
    for transport in subject.transports:
        inv.add(
            Item(
                inv.seed,
                title,
                f"pushed over {transport}",
                "transport",
                event=subject.event,
                value=transport,
                anchor=event.label,
            )
        )
    examples = _parsed_codes(inv, subject)
    for label, example in examples:
        if (
            isinstance(example.value, dict)
            and example.value.get("t", subject.event) != subject.event
        ):
            inv.problems.append(f"{title}: example under '{label}' is a {example.value['t']}")
        _add_example(inv, subject, "event", example, event.label)
    for label, header, rows in subject.tables:
        if _table_role(label) == "errors":
            continue
        fields = list(_table_fields(header, rows))
        prefix = _best_prefix([e.value for _, e in examples], {f[0] for f in fields})
        for name, kind, description, _, _ in fields:
            _add_field(
                inv,
                subject,
                "event",
                f"{prefix}.{name}" if prefix else name,
                description,
                enveloped=prefix is None,
                types=_word_types(kind),
                anchor=event.label,
            )


def _markdown_operation(inv: Inventory, subject: _Subject) -> None:
    assert subject.method and subject.path
    inv.sections += 1
    op = _add_operation(inv, subject.method, subject.path)
    prose = " ".join(subject.prose)
    # the prose, less the labels of the tables and blocks that follow (`- **请求**`)
    said = [p for p in subject.prose if not re.fullmatch(r"-\s*\*\*[^*]*\*\*", p.strip())]
    _add_wording(inv, subject, said, op.label)
    if "内邀" in prose:
        inv.add(
            Item(
                inv.seed,
                subject.title,
                "invite-only: x-invite-only and deprecated",
                "invite-only",
                method=subject.method,
                path=subject.path,
                anchor=op.label,
            )
        )
    if re.search(r"仅限\s*webhook", prose, re.I):
        inv.add(
            Item(
                inv.seed,
                subject.title,
                "webhook-only",
                "webhook-only",
                method=subject.method,
                path=subject.path,
                anchor=op.label,
            )
        )
    examples: dict[str, list[PseudoJson]] = {"request": [], "response": []}
    for label, example in _parsed_codes(inv, subject):
        role = _table_role(label)
        if role in examples:
            examples[role].append(example)
            _add_example(inv, subject, role or "", example, op.label)
        else:
            inv.problems.append(f"{subject.title}: code block under '{label}' not understood")
    for label, header, rows in subject.tables:
        role = _table_role(label)
        if role == "errors":
            continue
        if role is None:
            inv.problems.append(f"{subject.title}: table under '{label}' not understood")
            continue
        fields = list(_table_fields(header, rows))
        if role == "response":
            prefix = _best_prefix([e.value for e in examples["response"]], {f[0] for f in fields})
            for name, kind, description, _, _ in fields:
                _add_field(
                    inv,
                    subject,
                    "response",
                    f"{prefix}.{name}" if prefix else name,
                    description,
                    enveloped=prefix is None,
                    types=_word_types(kind),
                    anchor=op.label,
                )
            continue
        for name, kind, description, location, required in fields:
            if role == "path":
                where = "path"
            elif location:
                where = location.lower()
            else:
                where = "query" if subject.method in ("GET", "DELETE", "HEAD") else "body"
            _add_field(
                inv,
                subject,
                where,
                name,
                description,
                required=required,
                types=_word_types(kind),
                anchor=op.label,
            )


# --------------------------------------------------------------------------- 003 text layout

_OP_LINE = re.compile(r"(" + "|".join(HTTP_METHODS) + r")\s+(/\S*)")
_BLOCKS = {"headers": "header", "query": "query", "body": "body", "返回数据": "response"}


@dataclass
class _Section:
    methods: list[str]
    path: str
    host: str = ""
    content_type: str = ""  # the `Content-Type:` line under the method and path
    headers: list[tuple[str, str, str]] = field(default_factory=list)  # name, type, remark
    query: list[tuple[str, str, str]] = field(default_factory=list)
    body_rows: list[tuple[str | None, str, str]] = field(default_factory=list)
    body_json: list[PseudoJson] = field(default_factory=list)
    body_none: bool = False
    responses: list[PseudoJson] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)  # 接口描述


def _text_sections(inv: Inventory, text: str) -> list[_Section]:
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    sections: list[_Section] = []
    section: _Section | None = None
    block: str | None = None
    previous_was_op = False
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped:
            i += 1
            continue
        if op := _OP_LINE.fullmatch(stripped):
            method, path = op.group(1), op.group(2)
            if previous_was_op and section is not None and section.path == path:
                section.methods.append(method)
            else:
                if previous_was_op and section is not None:
                    inv.problems.append(f"{method} {path} follows {section.path} directly")
                section = _Section([method], path)
                sections.append(section)
                block = None
            previous_was_op = True
            i += 1
            continue
        previous_was_op = False
        if section is None:
            i += 1
            continue
        word = stripped.rstrip(":" + _FW_COLON).strip().lower()
        if word in _BLOCKS:
            block = _BLOCKS[word]
            i += 1
            continue
        if stripped.lower().startswith("host:"):
            section.host = stripped[5:].strip()
        elif stripped.lower().startswith("content-type:") and block is None:
            section.content_type = stripped[13:].strip()
        elif stripped.startswith("注意"):
            section.notes.append(stripped)
        elif stripped.rstrip(":" + _FW_COLON) == "接口描述":
            block = "description"
        elif block == "description":
            section.description.append(stripped)
            block = None
        elif block is None:
            pass  # titles, Content-Type
        elif stripped.startswith(("{", "[")):
            offset = starts[i] + lines[i].index(stripped[0])
            try:
                parsed = parse_pseudo_json(text, offset)
            except PseudoJsonError as exc:
                inv.problems.append(f"{section.path}: {block} example not readable: {exc}")
                block = None
                i += 1
                continue
            if block == "body":
                section.body_json.append(parsed)
            elif block == "response":
                section.responses.append(parsed)
            else:
                inv.problems.append(f"{section.path}: JSON in a {block} block")
            while i < len(lines) and starts[i + 1] <= parsed.end:
                i += 1
            block = None
        elif stripped.startswith("参数名称"):
            i += 1
            while i < len(lines) and lines[i].strip():
                tokens = lines[i].split(None, 2)
                if tokens[0].lower() in TYPE_WORDS and (
                    len(tokens) == 1 or tokens[1].lower() not in TYPE_WORDS
                ):
                    row: tuple[str | None, str, str] = (None, tokens[0], " ".join(tokens[1:]))
                else:
                    row = (
                        tokens[0],
                        tokens[1] if len(tokens) > 1 else "",
                        tokens[2] if len(tokens) > 2 else "",
                    )
                if block == "header" and row[0]:
                    section.headers.append((row[0], row[1], row[2]))
                elif block == "query" and row[0]:
                    section.query.append((row[0], row[1], row[2]))
                elif block == "body":
                    section.body_rows.append(row)
                else:
                    inv.problems.append(f"{section.path}: row {lines[i].strip()!r} in {block}")
                i += 1
            block = None
            continue
        elif block == "body" and stripped.rstrip(_FW_PERIOD + ".") in ("无", "none", "None"):
            section.body_none = True
            block = None
        else:
            inv.problems.append(f"{section.path}: line {stripped!r} in a {block} block")
            block = None
        i += 1
    return sections


def _text_inventory(inv: Inventory, text: str) -> None:
    for section in _text_sections(inv, text):
        inv.sections += 1
        if "<" in section.host:
            inv.add(
                Item(
                    inv.seed,
                    "document",
                    f"server is a per-app variable (Host: {section.host})",
                    "server-variable",
                )
            )
        if len(section.methods) > 1:
            inv.add(
                Item(
                    inv.seed,
                    f"{'+'.join(section.methods)} {section.path}",
                    "both methods, one canonical (x-alias-of)",
                    "pair",
                    path=section.path,
                    value=tuple(section.methods),
                )
            )
        for method in section.methods:
            subject = _Subject(method=method, path=section.path)
            op = _add_operation(inv, method, section.path)
            _add_wording(inv, subject, section.description, op.label)
            for name, kind, remark in section.headers:
                _add_field(
                    inv, subject, "header", name, remark, types=_word_types(kind), anchor=op.label
                )
            for name, kind, remark in section.query:
                _add_field(
                    inv, subject, "query", name, remark, types=_word_types(kind), anchor=op.label
                )
            raw = [kind for name, kind, _ in section.body_rows if name is None]
            if raw or any("非json" in note.lower() for note in section.notes):
                media = section.content_type or "text/plain"
                inv.add(
                    Item(
                        inv.seed,
                        subject.title,
                        f"request body is a raw string sent as {media}",
                        "raw-body",
                        method=method,
                        path=section.path,
                        value=media,
                        anchor=op.label,
                    )
                )
            for row_name, _, remark in section.body_rows:
                if row_name is not None:
                    _add_field(inv, subject, "body", row_name, remark, anchor=op.label)
            if section.body_json:
                inv.add(
                    Item(
                        inv.seed,
                        subject.title,
                        "request body is JSON",
                        "json-body",
                        method=method,
                        path=section.path,
                        anchor=op.label,
                    )
                )
            for example in section.body_json:
                _add_example(inv, subject, "request", example, op.label)
            if section.body_none:
                inv.add(
                    Item(
                        inv.seed,
                        subject.title,
                        "no request body",
                        "no-body",
                        method=method,
                        path=section.path,
                        anchor=op.label,
                    )
                )
            for example in section.responses:
                _add_example(inv, subject, "response", example, op.label)


# --------------------------------------------------------------------------- building


def inventory_of(seed: str, text: str) -> Inventory:
    """The inventory of one source document, given its file name and its text."""
    inv = Inventory(seed)
    if re.search(r"^#{1,6}\s", text, re.M):
        _markdown_inventory(inv, text)
    else:
        _text_inventory(inv, text)
    return inv


def seed_files() -> list[Path]:
    return sorted(p for p in SEEDS.glob("[0-9][0-9][0-9]_*.txt"))


@cache
def seed_inventory(seed: str) -> Inventory:
    return inventory_of(seed, (SEEDS / seed).read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the specs

Found = list[tuple[Document, Any]]


@dataclass
class _Operation:
    doc: Document
    method: str
    path: str  # as in the spec
    full_paths: set[str]
    op: dict[str, Any]
    item: dict[str, Any]


class SpecIndex:
    """The specs, looked up the way the documents name things."""

    def __init__(self, specs: SpecSet, files: Mapping[str, Sequence[Path]]) -> None:
        self.specs = specs
        self.files = {seed: [p.resolve() for p in paths] for seed, paths in files.items()}
        self._operations: dict[Path, list[_Operation]] = {}
        self._events: dict[str, dict[str, tuple[Document, dict[str, Any]]]] = {}

    @classmethod
    def real(cls) -> SpecIndex:
        files = {seed: [SPECS / f for f in names] for seed, names in SPECS_FOR_SEED.items()}
        return cls.of(files)

    @classmethod
    def of(cls, files: Mapping[str, Sequence[Path]], known: SpecSet | None = None) -> SpecIndex:
        """The specs in `files`, loaded with the project's loader (or taken from `known`)."""
        paths = {p.resolve() for names in files.values() for p in names}
        reused = {p: d for p, d in (known.documents if known else {}).items() if p in paths}
        specs = load(sorted(paths - set(reused)))
        if specs.problems:
            raise ValueError(f"specs do not load: {specs.problems}")
        specs.documents.update(reused)
        specs.roots = sorted(
            (d for p, d in specs.documents.items() if p in paths), key=lambda d: str(d.path)
        )
        return cls(specs, files)

    def docs(self, seed: str, kind: str) -> list[Document]:
        found = [self.specs.documents.get(p) for p in self.files.get(seed[:3], [])]
        return [d for d in found if d is not None and d.kind == kind]

    def all_docs(self) -> list[Document]:
        return sorted(self.specs.roots, key=lambda d: str(d.path))

    def deref(self, doc: Document, value: Any) -> tuple[Document, Any]:
        try:
            return self.specs.deref(doc, value)
        except KeyError:
            return doc, None

    # ---- OpenAPI

    def operations(self, doc: Document) -> list[_Operation]:
        if doc.path not in self._operations:
            self._operations[doc.path] = list(self._find_operations(doc))
        return self._operations[doc.path]

    def _find_operations(self, doc: Document) -> Iterator[_Operation]:
        for path, raw_item in (doc.data.get("paths") or {}).items():
            _, item = self.deref(doc, raw_item)
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                op = item.get(method.lower())
                if isinstance(op, dict):
                    servers = op.get("servers") or item.get("servers") or doc.data.get("servers")
                    bases = {_server_path(s) for s in servers or [{"url": "/"}]}
                    yield _Operation(doc, method, path, {b + path for b in bases}, op, item)

    def operation(self, seed: str, method: str | None, path: str) -> _Operation | None:
        for doc in self.docs(seed, "openapi"):
            for op in self.operations(doc):
                if path in op.full_paths and method in (None, op.method):
                    return op
        return None

    def parameters(self, op: _Operation, where: str, name: str) -> Found:
        found: Found = []
        for raw in [*(op.item.get("parameters") or []), *(op.op.get("parameters") or [])]:
            doc, param = self.deref(op.doc, raw)
            if isinstance(param, dict) and param.get("in") == where and param.get("name") == name:
                found.append((doc, param))
        if where == "header" and not found:
            requirements = op.op.get("security", op.doc.data.get("security")) or []
            schemes = (op.doc.data.get("components") or {}).get("securitySchemes") or {}
            for requirement in requirements:
                for key in requirement:
                    doc, scheme = self.deref(op.doc, schemes.get(key))
                    if (
                        isinstance(scheme, dict)
                        and scheme.get("type") == "apiKey"
                        and scheme.get("in") == "header"
                        and scheme.get("name") == name
                    ):
                        found.append((doc, scheme))
        return found

    def request_content(self, op: _Operation) -> dict[str, Any]:
        doc, body = self.deref(op.doc, op.op.get("requestBody"))
        content = body.get("content") if isinstance(body, dict) else None
        return {mt: (doc, media) for mt, media in (content or {}).items()}

    def response_content(self, op: _Operation) -> dict[str, Any]:
        responses = op.op.get("responses") or {}
        codes = sorted(c for c in responses if re.fullmatch(r"2\d\d|2XX", str(c)))
        for code in codes or (["default"] if "default" in responses else []):
            doc, response = self.deref(op.doc, responses[code])
            content = response.get("content") if isinstance(response, dict) else None
            return {mt: (doc, media) for mt, media in (content or {}).items()}
        return {}

    def examples(self, content: dict[str, Any]) -> list[Any]:
        """The JSON examples of a request or response content map."""
        out = []
        for media_type, (doc, media) in content.items():
            if not _is_json(media_type) or not isinstance(media, dict):
                continue
            if "example" in media:
                out.append(media["example"])
            for raw in (media.get("examples") or {}).values():
                _, example = self.deref(doc, raw)
                if isinstance(example, dict) and "value" in example:
                    out.append(example["value"])
        return out

    def schemas(self, content: dict[str, Any]) -> Found:
        return [
            (doc, media.get("schema"))
            for mt, (doc, media) in content.items()
            if _is_json(mt) and isinstance(media, dict) and "schema" in media
        ]

    # ---- AsyncAPI

    def events(self, seed: str) -> dict[str, tuple[Document, dict[str, Any]]]:
        """Messages by the value of their type field (`t`), in the specs of `seed`."""
        if seed[:3] not in self._events:
            self._events[seed[:3]] = self._find_events(seed)
        return self._events[seed[:3]]

    def _find_events(self, seed: str) -> dict[str, tuple[Document, dict[str, Any]]]:
        out: dict[str, tuple[Document, dict[str, Any]]] = {}
        for doc in self.docs(seed, "asyncapi"):
            for message_doc, message in self.messages(doc):
                for _, event_type in sorted(_message_types(self, message_doc, message), key=str):
                    out.setdefault(event_type, (message_doc, message))
        return out

    def messages(self, doc: Document) -> Iterator[tuple[Document, dict[str, Any]]]:
        seen: set[int] = set()
        sources = [(doc.data.get("components") or {}).get("messages") or {}]
        for raw_channel in (doc.data.get("channels") or {}).values():
            _, channel = self.deref(doc, raw_channel)
            if isinstance(channel, dict):
                sources.append(channel.get("messages") or {})
        for source in sources:
            for raw in source.values():
                message_doc, message = self.deref(doc, raw)
                if isinstance(message, dict) and id(message) not in seen:
                    seen.add(id(message))
                    yield message_doc, message

    def channel_protocols(self, doc: Document, message: dict[str, Any]) -> set[str]:
        protocols: set[str] = set()
        servers = doc.data.get("servers") or {}
        for raw_channel in (doc.data.get("channels") or {}).values():
            _, channel = self.deref(doc, raw_channel)
            if not isinstance(channel, dict):
                continue
            members = [self.deref(doc, m)[1] for m in (channel.get("messages") or {}).values()]
            if not any(m is message for m in members):
                continue
            refs = channel.get("servers") or list(servers.values())
            for ref in refs:
                _, server = self.deref(doc, ref)
                if isinstance(server, dict):
                    protocols.add(str(server.get("protocol", "")).lower())
        return protocols

    # ---- schemas

    def expand(
        self, doc: Document, schema: Any, depth: int = 0
    ) -> list[tuple[Document, dict[str, Any]]]:
        """A schema and, flattened, every schema it combines (allOf / anyOf / oneOf), $refs followed."""
        doc, schema = self.deref(doc, schema)
        if not isinstance(schema, dict) or depth > 20:
            return []
        out = [(doc, schema)]
        for key in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(key) or []:
                out.extend(self.expand(doc, sub, depth + 1))
        return out

    def walk(self, roots: Found, path: str) -> Found:
        """The schemas at a key path (`data[].user_id`) below `roots`."""
        current = roots
        for part in _split_path(path):
            following: Found = []
            for doc, schema in current:
                for sub_doc, sub in self.expand(doc, schema):
                    if part == "[]":
                        if "items" in sub:
                            following.append((sub_doc, sub["items"]))
                    elif part in (sub.get("properties") or {}):
                        following.append((sub_doc, sub["properties"][part]))
            current = following
        return current


def _is_json(media_type: str) -> bool:
    media_type = media_type.split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def _server_path(server: Any) -> str:
    if not isinstance(server, dict):
        return ""
    url = str(server.get("url", ""))
    for name, variable in (server.get("variables") or {}).items():
        url = url.replace("{" + name + "}", str((variable or {}).get("default", "")))
    return urlsplit(url if "//" in url else "http://host" + url).path.rstrip("/")


def _sources(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


# --------------------------------------------------------------------------- checks


@dataclass(frozen=True)
class Missing:
    """An item of a source document that the specs do not hold, and why."""

    label: str
    reason: str

    def __str__(self) -> str:
        return f"{self.label}: {self.reason}"


def _where_in_spec(index: SpecIndex, item: Item) -> str:
    return ", ".join(
        str(p.relative_to(REPO_ROOT)) if p.is_relative_to(REPO_ROOT) else str(p)
        for p in index.files.get(item.seed[:3], [])
    )


def _targets(index: SpecIndex, item: Item) -> Found | str:
    """The spec's schemas (or parameters) for the parameter or field `item` names."""
    assert item.name is not None
    if item.where == "event":
        events = index.events(item.seed)
        if item.event not in events:
            return f"no message for {item.event}"
        doc, message = events[item.event]
        name = item.name
        if item.enveloped:
            data = (doc.data.get("x-frame") or {}).get("data")
            name = f"{data}.{name}" if data else name
        return index.walk([(doc, message.get("payload"))], name)
    op = index.operation(item.seed, item.method, item.path or "")
    if op is None:
        return f"no operation {item.method} {item.path}"
    if item.where in ("path", "query", "header"):
        return index.parameters(op, item.where, item.name)
    if item.where in ("body", "request"):
        return index.walk(index.schemas(index.request_content(op)), item.name)
    name = item.name
    if item.enveloped:
        data = (op.doc.data.get("x-envelope") or {}).get("data")
        name = f"{data}.{name}" if data else name
    return index.walk(index.schemas(index.response_content(op)), name)


def _schemas_of(index: SpecIndex, found: Found) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for doc, value in found:
        if isinstance(value, dict) and "in" in value and "schema" in value:  # a parameter
            doc, value = doc, value["schema"]
        out.extend(schema for _, schema in index.expand(doc, value))
    return out


def _operation(index: SpecIndex, item: Item) -> _Operation | str:
    op = index.operation(item.seed, item.method, item.path or "")
    return (
        op if op is not None else f"no {item.method} {item.path} in {_where_in_spec(index, item)}"
    )


def _event(index: SpecIndex, item: Item) -> tuple[Document, dict[str, Any]] | str:
    found = index.events(item.seed).get(item.event or "")
    if found is None:
        return f"no message whose type is {item.event} in {_where_in_spec(index, item)}"
    return found


def _check_operation(index: SpecIndex, item: Item) -> list[str]:
    op = _operation(index, item)
    return [op] if isinstance(op, str) else []


def _check_listed(index: SpecIndex, item: Item) -> list[str]:
    if index.operation(item.seed, None, item.path or "") is None:
        return [f"no operation on {item.path} in {_where_in_spec(index, item)}"]
    return []


def _check_event(index: SpecIndex, item: Item) -> list[str]:
    event = _event(index, item)
    return [event] if isinstance(event, str) else []


def _check_source(index: SpecIndex, item: Item) -> list[str]:
    found = _event(index, item) if item.event else _operation(index, item)
    if isinstance(found, str):
        return [found]
    obj = found.op if isinstance(found, _Operation) else found[1]
    named = _sources(obj.get("x-source-document"))
    if item.seed not in named:
        return [f"x-source-document is {named or 'absent'}, not naming {item.seed}"]
    return []


def _check_field(index: SpecIndex, item: Item) -> list[str]:
    found = _targets(index, item)
    if isinstance(found, str):
        return [found]
    if not found:
        where = {
            "event": "payload",
            "request": "request body",
            "body": "request body",
            "response": "response body",
        }.get(item.where or "", f"{item.where} parameters")
        return [f"not in the spec's {where}"]
    return []


def _check_enum(index: SpecIndex, item: Item) -> list[str]:
    found = _targets(index, item)
    values: set[Any] = set()
    for schema in _schemas_of(index, found if isinstance(found, list) else []):
        values.update(schema.get("enum") or [])
        if "const" in schema:
            values.add(schema["const"])
    if item.value not in values:
        return [f"enum is {sorted(values, key=str) or 'absent'}, lacks {item.value}"]
    return []


def _check_subject_wording(index: SpecIndex, item: Item) -> list[str]:
    found = _event(index, item) if item.event else _operation(index, item)
    if isinstance(found, str):
        return [found]
    obj = found.op if isinstance(found, _Operation) else found[1]
    keys = ("description", "summary", "title", "x-transcription-note")
    texts = [str(obj.get(key, "")) for key in keys]
    lacking = [run for run in item.value if not any(run in text for text in texts)]
    return [f"neither description nor note keeps {'/'.join(lacking)}"] if lacking else []


def _check_wording(index: SpecIndex, item: Item) -> list[str]:
    """The document's Chinese wording is kept (in parentheses) in the field's description."""
    found = _targets(index, item)
    if isinstance(found, str):
        return [found]
    texts = [str(v.get("description", "")) for _, v in found if isinstance(v, dict)]
    texts += [str(s.get("description", "")) for s in _schemas_of(index, found)]
    lacking = [run for run in item.value if not any(run in text for text in texts)]
    return [f"no description keeps {'/'.join(lacking)}"] if lacking else []


def _check_type(index: SpecIndex, item: Item) -> list[str]:
    found = _targets(index, item)
    if isinstance(found, str):
        return [found]
    if found and all(isinstance(v, dict) and v.get("type") == "apiKey" for _, v in found):
        return []  # a credential header (a security scheme) is text on the wire
    types: set[str] = set()
    for schema in _schemas_of(index, found):
        types.update(_sources(schema.get("type")))
        if "const" in schema and json_type(schema["const"]):
            types.add(json_type(schema["const"]) or "")
        for member in schema.get("enum") or []:
            types.add(json_type(member) or "null")
    if item.value in types or (item.value == "integer" and "number" in types):
        return []
    return [f"spec types it {sorted(types) or 'nothing'}, the document says {item.value}"]


def _bounds(schemas: list[dict[str, Any]]) -> tuple[float | None, float | None]:
    """Lowest and highest allowed value; the documents' ranges are of integers, so an
    exclusive bound of n allows n + 1 (or n - 1) at most."""
    low = high = None
    for schema in schemas:
        if isinstance(schema.get("minimum"), int | float):
            low = schema["minimum"]
        if isinstance(schema.get("exclusiveMinimum"), int | float):
            low = schema["exclusiveMinimum"] + 1
        if isinstance(schema.get("maximum"), int | float):
            high = schema["maximum"]
        if isinstance(schema.get("exclusiveMaximum"), int | float):
            high = schema["exclusiveMaximum"] - 1
    return low, high


def _check_range(index: SpecIndex, item: Item) -> list[str]:
    found = _targets(index, item)
    low, high = _bounds(_schemas_of(index, found if isinstance(found, list) else []))
    want_low, want_high = item.value
    problems = []
    if want_low is not None and low != want_low:
        problems.append(f"lowest allowed value is {low}, the document says {want_low}")
    if want_high is not None and high != want_high:
        problems.append(f"highest allowed value is {high}, the document says {want_high}")
    return problems


def _check_default(index: SpecIndex, item: Item) -> list[str]:
    found = _targets(index, item)
    defaults = [
        s["default"]
        for s in _schemas_of(index, found if isinstance(found, list) else [])
        if "default" in s
    ]
    if item.value not in defaults:
        return [
            f"default is {defaults[0] if defaults else 'absent'}, the document says {item.value}"
        ]
    return []


def _check_required(index: SpecIndex, item: Item) -> list[str]:
    found = _targets(index, item)
    op = _operation(index, item)
    if isinstance(found, str) or isinstance(op, str) or not found or item.name is None:
        return [f"no {item.where} parameter {item.name}"]
    if item.where in ("path", "query", "header"):
        actual = any(bool(p.get("required")) for _, p in found if isinstance(p, dict))
    else:
        parent, _, last = item.name.rpartition(".")
        roots = index.schemas(index.request_content(op))
        parents = index.walk(roots, parent) if parent else roots
        actual = any(last in (s.get("required") or []) for s in _schemas_of(index, parents))
    if actual != item.value:
        return [f"spec says {'required' if actual else 'optional'}"]
    return []


def _check_example(index: SpecIndex, item: Item) -> list[str]:
    if item.where == "event":
        event = _event(index, item)
        if isinstance(event, str):
            return [event]
        examples = [e.get("payload") for e in (event[1].get("examples") or [])]
    else:
        op = _operation(index, item)
        if isinstance(op, str):
            return [op]
        content = (
            index.request_content(op) if item.where == "request" else index.response_content(op)
        )
        examples = index.examples(content)
    want: frozenset[str] = item.value
    if not examples:
        return ["the spec has no example here"]
    if any(key_paths(e) == want for e in examples):
        return []
    closest = key_paths(min(examples, key=lambda e: len(key_paths(e) ^ want)))
    return [
        f"no spec example has the document's keys (closest lacks {sorted(want - closest)}, "
        f"adds {sorted(closest - want)})"
    ]


def _check_flag(flags: Sequence[str]) -> Callable[[SpecIndex, Item], list[str]]:
    def check(index: SpecIndex, item: Item) -> list[str]:
        op = _operation(index, item)
        if isinstance(op, str):
            return [op]
        return [f"{flag} is not true" for flag in flags if op.op.get(flag) is not True]

    return check


def _check_raw_body(index: SpecIndex, item: Item) -> list[str]:
    op = _operation(index, item)
    if isinstance(op, str):
        return [op]
    content = index.request_content(op)
    want = str(item.value)
    if want not in content:
        return [f"request body media types are {sorted(content) or 'none'}, not {want}"]
    problems = []
    doc, media = content[want]
    types = {t for _, s in index.expand(doc, media.get("schema")) for t in _sources(s.get("type"))}
    if "string" not in types:
        problems.append(f"{want} body schema is not a string")
    # A raw string under a media type that is not text is sent as its text by `x-raw-text`.
    if not want.startswith("text/") and media.get("x-raw-text") is not True:
        problems.append(f"the {want} body is not marked x-raw-text: it would be JSON-encoded")
    return problems


def _check_json_body(index: SpecIndex, item: Item) -> list[str]:
    op = _operation(index, item)
    if isinstance(op, str):
        return [op]
    content = index.request_content(op)
    if not any(_is_json(mt) for mt in content):
        return [f"request body media types are {sorted(content) or 'none'}, not JSON"]
    return []


def _check_no_body(index: SpecIndex, item: Item) -> list[str]:
    op = _operation(index, item)
    if isinstance(op, str):
        return [op]
    return ["the spec gives it a request body"] if "requestBody" in op.op else []


def _check_pair(index: SpecIndex, item: Item) -> list[str]:
    ops = [index.operation(item.seed, m, item.path or "") for m in item.value]
    if any(op is None for op in ops):
        return ["not every method is in the spec"]
    canonical = [op for op in ops if op is not None and "x-alias-of" not in op.op]
    if len(canonical) != 1:
        return [f"{len(canonical)} canonical methods (without x-alias-of), expected 1"]
    problems = []
    target = canonical[0]
    if target.method == "POST":
        problems.append("POST is canonical; the idempotent method should be")
    for op in ops:
        if (
            op is not None
            and op is not target
            and op.op.get("x-alias-of") != target.op.get("operationId")
        ):
            problems.append(
                f"{op.method} x-alias-of is {op.op.get('x-alias-of')}, "
                f"not {target.op.get('operationId')}"
            )
    return problems


def _check_intent(index: SpecIndex, item: Item) -> list[str]:
    event = _event(index, item)
    if isinstance(event, str):
        return [event]
    doc, message = event
    name = message.get("x-intent")
    bit = (doc.data.get("x-intents") or {}).get(name)
    if bit != item.value:
        return [f"x-intent is {name}, bit {bit}; the document says 1<<{item.value}"]
    return []


def _check_transport(index: SpecIndex, item: Item) -> list[str]:
    event = _event(index, item)
    if isinstance(event, str):
        return [event]
    doc, message = event
    protocols = index.channel_protocols(doc, message)
    wanted = {"websocket": {"ws", "wss"}, "webhook": {"http", "https"}}[item.value]
    if not protocols & wanted:
        return [f"only on channels with protocols {sorted(protocols)}"]
    return []


def _check_server_variable(index: SpecIndex, item: Item) -> list[str]:
    problems = []
    for doc in index.docs(item.seed, "openapi"):
        servers = doc.data.get("servers") or [{}]
        names = re.findall(r"\{([^}]+)\}", str(servers[0].get("url", "")))
        if not names or any(n not in (servers[0].get("variables") or {}) for n in names):
            problems.append(f"{doc.name}: first server URL {servers[0].get('url')} has no variable")
    return problems


def _check_success(index: SpecIndex, item: Item) -> list[str]:
    problems = []
    for doc in index.docs(item.seed, "openapi"):
        envelope = doc.data.get("x-envelope") or {}
        if envelope.get("code") != item.name or item.value not in (envelope.get("success") or []):
            problems.append(f"{doc.name}: x-envelope is {envelope or 'absent'}")
    return problems


CHECKS: dict[str, Callable[[SpecIndex, Item], list[str]]] = {
    "operation": _check_operation,
    "listed": _check_listed,
    "event": _check_event,
    "source": _check_source,
    "field": _check_field,
    "enum": _check_enum,
    "type": _check_type,
    "wording": _check_wording,
    "subject-wording": _check_subject_wording,
    "range": _check_range,
    "default": _check_default,
    "required": _check_required,
    "example": _check_example,
    "invite-only": _check_flag(("x-invite-only", "deprecated")),
    "withdrawn": _check_flag(("deprecated",)),
    "webhook-only": _check_flag(("x-webhook-only",)),
    "raw-body": _check_raw_body,
    "json-body": _check_json_body,
    "no-body": _check_no_body,
    "pair": _check_pair,
    "intent": _check_intent,
    "transport": _check_transport,
    "server-variable": _check_server_variable,
    "success": _check_success,
}


def check(item: Item, index: SpecIndex) -> list[str]:
    """Why the specs do not hold `item` (empty when they do)."""
    return CHECKS[item.kind](index, item)


def missing_items(items: Iterable[Item], index: SpecIndex) -> list[Missing]:
    """Every item the specs lack; an item whose anchor is missing is covered by its anchor."""
    out: list[Missing] = []
    absent: set[str] = set()
    for item in items:
        if item.anchor is not None and item.anchor in absent:
            absent.add(item.label)
            continue
        reasons = check(item, index)
        if reasons:
            absent.add(item.label)
            out.append(Missing(item.label, "; ".join(reasons)))
    return out


# --------------------------------------------------------------------------- the other way round


@dataclass(frozen=True)
class SpecItem:
    """An operation or AsyncAPI message of the specs, and the names documents would give it."""

    label: str
    kind: str  # operation / message
    obj: dict[str, Any]
    names: frozenset[tuple[str | None, str]]  # (method, full path) or (None, event type)


def _message_types(index: SpecIndex, doc: Document, raw: Any) -> set[tuple[str | None, str]]:
    """The event types (the `const` of the x-frame type field) a message stands for."""
    type_field = (doc.data.get("x-frame") or {}).get("type", "t")
    message_doc, message = index.deref(doc, raw)
    types: set[tuple[str | None, str]] = set()
    if isinstance(message, dict):
        for _, payload in index.expand(message_doc, message.get("payload")):
            properties = payload.get("properties") or {}
            _, schema = index.deref(message_doc, properties.get(type_field))
            if isinstance(schema, dict):
                values = [schema["const"]] if "const" in schema else schema.get("enum") or []
                types.update((None, str(value)) for value in values)
    return types


def spec_items(index: SpecIndex) -> Iterator[SpecItem]:
    """Every operation (OpenAPI and AsyncAPI) and AsyncAPI message of the specs."""
    for doc in index.all_docs():
        if doc.kind == "openapi":
            for op in index.operations(doc):
                names = frozenset((op.method, p) for p in op.full_paths)
                yield SpecItem(f"{doc.name} {op.method} {op.path}", "operation", op.op, names)
        elif doc.kind == "asyncapi":
            for name, raw in ((doc.data.get("components") or {}).get("messages") or {}).items():
                _, message = index.deref(doc, raw)
                if isinstance(message, dict):
                    types = frozenset(_message_types(index, doc, raw))
                    yield SpecItem(f"{doc.name} message {name}", "message", message, types)
            for name, raw in (doc.data.get("operations") or {}).items():
                _, operation = index.deref(doc, raw)
                if isinstance(operation, dict):
                    types = frozenset(
                        t
                        for ref in operation.get("messages") or []
                        for t in _message_types(index, doc, ref)
                    )
                    yield SpecItem(f"{doc.name} operation {name}", "operation", operation, types)


def provenance_problems(item: SpecItem, inventories: Mapping[str, Inventory]) -> list[str]:
    """An operation or message names existing source documents, and they document it.

    Items from outside the documents say so with x-external-source instead.
    """
    named = _sources(item.obj.get("x-source-document"))
    if not named:
        if item.obj.get("x-external-source"):
            return []
        return ["neither x-source-document nor x-external-source"]
    problems = []
    for seed in named:
        if not (SEEDS / seed).is_file():
            problems.append(f"x-source-document {seed} is not a file in {SEEDS}")
            continue
        inventory = inventories.get(seed)
        documented: set[tuple[str | None, str]] = set()
        for i in inventory.items if inventory else []:
            if i.kind in ("operation", "withdrawn") and i.path:
                documented.add((i.method, i.path))
            elif i.kind == "event" and i.event:
                documented.add((None, i.event))
        if not item.names & documented:
            problems.append(f"{seed} does not document {sorted(item.names, key=str)}")
    return problems
