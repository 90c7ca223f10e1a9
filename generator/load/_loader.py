"""YAML/JSON parsing with source lines, duplicate-key detection and `$ref` file discovery."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from generator._gc import paused_collection
from generator.load._documents import Document, SpecSet, iter_refs
from generator.problems import Pointer, Problem, did_you_mean, display_path

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Constructor(yaml.constructor.SafeConstructor):
    """Builds scalars only; dates stay strings so every document is plain JSON data."""


# A date stays a string, and so does a plain `=` (YAML 1.1's "value" key, a string in JSON).
for _tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"):
    _Constructor.add_constructor(
        _tag, yaml.constructor.SafeConstructor.construct_yaml_str  # type: ignore[type-var]
    )
_SCALARS = _Constructor()
_CORE = "tag:yaml.org,2002:"
# The tags of the values JSON has; any other (`!foo`, `!!binary`, `!!set`) makes none.
_JSON_TAGS = {
    yaml.ScalarNode: {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
    | {_CORE + "value"},
    yaml.MappingNode: {_CORE + "map"},
    yaml.SequenceNode: {_CORE + "seq"},
}
_YAML_UNSAFE_IN_JSON = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}|[\x80-\x9f]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# A `$ref`'s value as text, for a document that did not parse: `$ref: "parts.yaml#/A"`.
_REF_IN_TEXT = re.compile(r"""\$ref["']?\s*:\s*["']?([^"'\s,}\]]+)""")


_MAX_DEPTH = 200
# More values than any spec holds: aliases of aliases can spell 10**9 from a few lines.
_MAX_VALUES = 1_000_000
# libyaml's composer recurses in C and overflows the stack some 50,000 levels down; text with
# fewer characters that can open a collection cannot nest that deep, and is not scanned.
_DEEP_SCAN_FROM = 10_000


class _StructureError(Exception):
    """Valid YAML that is not plain JSON-like data (duplicate keys, merge keys, alias cycles)."""

    def __init__(self, line: int, pointer: Pointer, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.pointer = pointer


def _check_tag(node: yaml.Node, pointer: Pointer) -> None:
    if node.tag not in _JSON_TAGS.get(type(node), ()):
        tag = _short_tag(node.tag)
        message = f"YAML tag {tag!r} is not supported (a spec document holds JSON values only)"
        raise _StructureError(node.start_mark.line + 1, pointer, message)


def _key(node: yaml.Node, pointer: Pointer) -> str:
    _check_tag(node, pointer)
    if isinstance(node, yaml.ScalarNode):
        value = _scalar(node, pointer)
    else:  # a complex key (`? [a, b]`), read as its text
        value = _SCALARS.construct_object(node, deep=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def _build(
    node: yaml.Node,
    pointer: Pointer,
    lines: dict[Pointer, int],
    outer: frozenset[int] = frozenset(),
) -> Any:
    """Turn a composed YAML node into plain data, recording each value's line.

    `outer` holds the ids of the collections `node` is inside of: an alias to one of them
    would make the data infinite.
    """
    if id(node) in outer:
        raise _StructureError(node.start_mark.line + 1, pointer, "recursive YAML alias")
    if len(outer) > _MAX_DEPTH:
        raise _StructureError(node.start_mark.line + 1, pointer, _TOO_DEEP)
    if len(lines) >= _MAX_VALUES:
        message = f"YAML aliases expand to more than {_MAX_VALUES:,} values"
        raise _StructureError(node.start_mark.line + 1, pointer, message)
    lines[pointer] = node.start_mark.line + 1
    outer = outer | {id(node)}
    _check_tag(node, pointer)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _StructureError(
                    key_node.start_mark.line + 1,
                    pointer,
                    "YAML merge keys ('<<') are not supported",
                )
            key = _key(key_node, pointer)
            line = key_node.start_mark.line + 1
            if key in first:
                raise _StructureError(
                    line, (*pointer, key), f"duplicate key '{key}' (first on line {first[key]})"
                )
            first[key] = line
            out[key] = _build(value_node, (*pointer, key), lines, outer)
            lines[(*pointer, key)] = line
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*pointer, index), lines, outer) for index, item in enumerate(node.value)
        ]
    return _scalar(node, pointer)


def _scalar(node: yaml.Node, pointer: Pointer) -> Any:
    """The value of a scalar node: one its tag refuses (`!!int abc`) is a problem there."""
    try:
        return _SCALARS.construct_object(node, deep=True)
    except (ValueError, KeyError, yaml.YAMLError):
        message = f"{node.value!r} is not a valid {_short_tag(node.tag)}"
        raise _StructureError(node.start_mark.line + 1, pointer, message) from None


def _short_tag(tag: str) -> str:
    """`!!int` for YAML's own `tag:yaml.org,2002:int`; any other tag as it is."""
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


_TOO_DEEP = f"nested more than {_MAX_DEPTH} levels deep"
_LIBYAML_TOO_DEEP = "maximum nesting depth"  # in libyaml's message when it stops there


def _too_deep_line(text: str) -> int | None:
    """The line where YAML (or JSON) `text` nests deeper than the loader takes, if it does
    and is big enough to overflow libyaml's composer (its parser keeps its own stack)."""
    if sum(text.count(c) for c in "[{-?:") < _DEEP_SCAN_FROM:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > _MAX_DEPTH:
                    return event.start_mark.line + 1 if event.start_mark else 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # Newer libyaml (PyYAML 6.0.4's) has a nesting limit of its own, and scans nested flow
        # collections ahead of the events: it can stop there before this loop sees 200 levels.
        if _LIBYAML_TOO_DEEP in str(exc.problem) and exc.problem_mark is not None:
            return exc.problem_mark.line + 1
        return None  # composing says what is wrong
    except yaml.YAMLError:
        return None
    return None


def parse(path: Path) -> Document | Problem:
    """Parse one file; a Problem says why it could not be."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(name, 1, (), f"cannot read file: {exc.strerror}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return Problem(name, line, (), f"not UTF-8 text: {exc.reason} at byte {exc.start}")
    json_data: Any = None
    surrogate_escapes = False
    if path.suffix == ".json":  # YAML would also accept what JSON does not (trailing commas...)
        try:
            json_data = json.loads(text)
        except json.JSONDecodeError as exc:
            return Problem(name, exc.lineno, (), f"malformed JSON: {exc.msg}")
        except RecursionError:
            return Problem(name, _too_deep_line(text) or 1, (), _TOO_DEEP)
        # The data is JSON's; YAML only supplies the lines, from a copy it can read (it
        # refuses surrogate-pair escapes and C1 control characters that JSON allows).
        surrogate_escapes = bool(_SURROGATE_ESCAPE.search(text))
        text = _YAML_UNSAFE_IN_JSON.sub(lambda m: " " * len(m.group()), text)
    deep = _too_deep_line(text)
    if deep is not None:
        return Problem(name, deep, (), _TOO_DEEP)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return _malformed(name, exc)
    if root is None:
        return Problem(name, 1, (), "empty document")
    lines: dict[Pointer, int] = {}
    try:
        data = _build(root, (), lines)
    except _StructureError as exc:
        return Problem(name, exc.line, exc.pointer, str(exc))
    except yaml.YAMLError as exc:
        return _malformed(name, exc)
    document = Document(path=path, data=data if json_data is None else json_data, lines=lines)
    # JSON's escapes can spell half a surrogate pair: a string no UTF-8 file can hold.
    lone = _lone_surrogate(json_data, ()) if surrogate_escapes else None
    if lone is not None:
        message = "a \\uD800-\\uDFFF escape without its pair: not a Unicode character"
        return document.problem(lone, message)
    return document


def _malformed(name: str, exc: yaml.YAMLError) -> Problem:
    """A YAML error as one line, on the line its marks name (the mark's own text, `in
    "<unicode string>", line 44`, left out)."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return Problem(name, line, (), f"malformed YAML: {exc.problem or exc.context}")
    return Problem(name, 1, (), f"malformed YAML: {' '.join(str(exc).split())}")


def _lone_surrogate(data: Any, pointer: Pointer) -> Pointer | None:
    """Where the first string (or key) holding a lone surrogate is."""
    if isinstance(data, str):
        return pointer if _SURROGATE.search(data) else None
    if isinstance(data, dict):
        for key, value in data.items():
            if _SURROGATE.search(key):
                return (*pointer, key)
            found = _lone_surrogate(value, (*pointer, key))
            if found is not None:
                return found
    if isinstance(data, list):
        for index, value in enumerate(data):
            found = _lone_surrogate(value, (*pointer, index))
            if found is not None:
                return found
    return None


def load(paths: Iterable[Path]) -> SpecSet:
    """Load the given files and every file their `$ref`s name.

    A file referenced by another one holds shared parts and is not a root, unless it is
    an OpenAPI or AsyncAPI document itself.
    """
    specs = SpecSet()
    pending = [p.resolve() for p in paths]
    asked = set(pending)
    referenced: set[Path] = set()
    while pending:
        path = pending.pop(0)
        if path in specs.documents:
            continue
        with paused_collection():  # a big document is a big tree of nodes
            result = parse(path)
        if isinstance(result, Problem):
            specs.problems.append(result)
            # Its shared parts are no stray documents to report besides its own problem.
            referenced |= _files_named_in_text(path)
            continue
        specs.documents[path] = result
        for target in _referenced_files(result):
            referenced.add(target)
            if target in specs.documents:
                continue
            if _is_file(target):
                pending.append(target)
            else:
                specs.missing.add(target)
    specs.roots = [
        doc
        for path, doc in specs.documents.items()
        if path in asked
        and (doc.kind is not None or not (path in referenced or _meant(path, specs.missing)))
    ]
    specs.roots.sort(key=lambda d: str(d.path))
    return specs


def _meant(path: Path, missing: set[Path]) -> bool:
    """Whether a `$ref` naming one of the `missing` files likely meant the file at `path`
    (the name misspelt): that is a part, not a stray document."""
    names = [m.name for m in missing if m.parent == path.parent]
    return bool(names) and did_you_mean(path.name, names) is not None


def _referenced_files(doc: Document) -> set[Path]:
    return _ref_files(doc.path, (ref for _, ref in iter_refs(doc.data)))


def _files_named_in_text(path: Path) -> set[Path]:
    """The files the `$ref`s of a document that did not parse name, read from its text."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return _ref_files(path, _REF_IN_TEXT.findall(text))


def _ref_files(path: Path, refs: Iterable[str]) -> set[Path]:
    files = set()
    for ref in refs:
        target, _, _ = ref.partition("#")
        if target and "://" not in target:
            try:
                files.add((path.parent / unquote(target)).resolve())
            except ValueError:  # a NUL byte names no file: the $ref check says it leads nowhere
                continue
    return files


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system, say: no file is there
        return False
