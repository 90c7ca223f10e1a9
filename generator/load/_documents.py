"""Loaded documents and the set they form through `$ref`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from generator.problems import (
    Pointer,
    Problem,
    SpecError,
    did_you_mean,
    display_path,
    format_pointer,
)

OPENAPI_VERSIONS = ("3.0.0", "3.0.1", "3.0.2", "3.0.3", "3.0.4", "3.1.0", "3.1.1")
ASYNCAPI_VERSIONS = ("2.6.0", "3.0.0")


@dataclass
class Document:
    """One parsed file: plain JSON-like data plus the source line of every value."""

    path: Path
    data: Any
    lines: dict[Pointer, int]

    @property
    def name(self) -> str:
        return display_path(self.path)

    @property
    def kind(self) -> str | None:
        """`openapi`, `asyncapi`, or None for a file that only holds shared parts."""
        if isinstance(self.data, dict):
            for kind in ("openapi", "asyncapi"):
                if kind in self.data:
                    return kind
        return None

    @property
    def version(self) -> str:
        return str(self.data.get(self.kind, "")) if self.kind else ""

    @property
    def openapi31(self) -> bool:
        """An OpenAPI 3.1 document: its schemas are JSON Schema 2020-12 (3.0's, draft 4-ish)."""
        return self.kind == "openapi" and self.version.startswith("3.1")

    def line_of(self, pointer: Pointer) -> int:
        """Line of the value at `pointer`, or of its nearest ancestor that has one."""
        while pointer not in self.lines and pointer:
            pointer = pointer[:-1]
        return self.lines.get(pointer, 1)

    def problem(self, pointer: Pointer, message: str) -> Problem:
        return Problem(self.name, self.line_of(pointer), pointer, message)

    def get(self, pointer: Pointer) -> Any:
        """The value at `pointer`; KeyError when there is none."""
        node = self.data
        for part in pointer:
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                raise KeyError(pointer)
        return node


def unescape_token(token: str) -> str:
    """A JSON pointer's reference token as the key it names (RFC 6901: `~1` is `/`, `~0` `~`)."""
    return token.replace("~1", "/").replace("~0", "~")


def mapping_ref(value: str) -> str:
    """The `$ref` a discriminator's `mapping` value stands for. OpenAPI reads a value that is
    no URI reference (no `#`, no `/`) as a schema's name: that component schema of the
    discriminator's own document (`Cat` is `#/components/schemas/Cat`)."""
    if "#" in value or "/" in value:
        return value
    return "#/components/schemas/" + quote(value.replace("~", "~0"), safe="")


def unresolved_mapping(value: str) -> str:
    """Why a discriminator's `mapping` value that leads nowhere is a problem."""
    if mapping_ref(value) == value:
        return f"'{value}' does not resolve"
    return f"no schema named '{value}' in this document's components.schemas"


def parse_fragment(fragment: str, data: Any) -> Pointer:
    """A JSON pointer fragment (`/components/schemas/User`) as a tuple, list indexes as ints."""
    if not fragment:
        return ()
    if not fragment.startswith("/"):
        raise KeyError(fragment)
    pointer: list[str | int] = []
    node = data
    for raw in fragment[1:].split("/"):
        part = unescape_token(unquote(raw))
        if isinstance(node, list) and part.isdigit():
            pointer.append(int(part))
            node = node[int(part)] if int(part) < len(node) else None
        else:
            pointer.append(part)
            node = node.get(part) if isinstance(node, dict) else None
    return tuple(pointer)


def body_pointer(text: str) -> tuple[str, ...]:
    """The fields an `x-pagination` pointer leads through in a response body (`''` and `'/'`:
    the whole body)."""
    return tuple(str(p) for p in parse_fragment(text, None)) if text not in ("", "/") else ()


@dataclass
class SpecSet:
    """The root documents asked for, every file they reference, and what failed to load."""

    roots: list[Document] = field(default_factory=list)
    documents: dict[Path, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # The files `$ref`s name that are not there (each such `$ref` is a validation problem).
    missing: set[Path] = field(default_factory=set)
    # (referring document, file part of a `$ref`) -> the path it names
    _paths: dict[tuple[Path, str], Path] = field(default_factory=dict, repr=False, compare=False)

    def resolve(self, doc: Document, ref: str) -> tuple[Document, Pointer, Any]:
        """Follow one `$ref` from `doc`; KeyError when it leads nowhere."""
        target_file, _, fragment = ref.partition("#")
        target = self._file(doc, target_file) if target_file else doc
        pointer = parse_fragment(fragment, target.data)
        return target, pointer, target.get(pointer)

    def follow(self, doc: Document, pointer: Pointer, value: Any) -> tuple[Document, Pointer, Any]:
        """`value`, at `pointer` of `doc`, with its chain of `$ref`s followed to a value that
        is none: where that is. BrokenRef, located at the `$ref` that leads nowhere (RefCycle:
        round in a cycle)."""
        seen: set[tuple[Path, str]] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            key = (doc.path, value["$ref"])
            if key in seen:
                raise RefCycle(doc, pointer, value, "leads to a cycle of $refs")
            seen.add(key)
            try:
                doc, pointer, value = self.resolve(doc, value["$ref"])
            except (KeyError, ValueError, TypeError):
                raise BrokenRef(doc, pointer, value, self.unresolved(doc, value["$ref"])) from None
        return doc, pointer, value

    def follow_at(self, doc: Document, pointer: Pointer) -> tuple[Document, Pointer, Any]:
        """`follow` from the value at `pointer` of `doc`."""
        return self.follow(doc, pointer, doc.get(pointer))

    def deref(self, doc: Document, value: Any) -> tuple[Document, Any]:
        """`follow` without the pointer."""
        doc, _, value = self.follow(doc, (), value)
        return doc, value

    def unresolved(self, doc: Document, ref: str) -> str:
        """What is said of `ref`, written in `doc`, that leads nowhere: that it does not
        resolve and, where known, why: no such file (a misspelt name), or no such key on the
        way its pointer takes (a misspelt component), naming the closest one."""
        name, _, fragment = ref.partition("#")
        try:
            path = self._path(doc, name) if name else doc.path
            if path in self.documents:
                why = _missing_key(doc, self.documents[path], fragment)
            else:  # a file that does not load is reported on its own
                why = None if path.exists() else _no_file(path)
        except (OSError, ValueError):  # a name no file can have
            why = None
        return f"does not resolve: {why}" if why else "does not resolve"

    def _file(self, doc: Document, name: str) -> Document:
        """The document a `$ref`'s file part names."""
        path = self._path(doc, name)
        if path not in self.documents:
            raise KeyError(name)
        return self.documents[path]

    def _path(self, doc: Document, name: str) -> Path:
        """The path a `$ref`'s file part names, found on disk once per referring document:
        resolving a path costs more than the rest of a `$ref`."""
        key = (doc.path, name)
        path = self._paths.get(key)
        if path is None:
            path = self._paths[key] = (doc.path.parent / unquote(name)).resolve()
        return path


def _no_file(path: Path) -> str:
    siblings = [p.name for p in path.parent.iterdir()] if path.parent.is_dir() else []
    hint = did_you_mean(path.name, siblings)
    return f"no such file {display_path(path)}" + (f" ({hint})" if hint else "")


def _missing_key(doc: Document, target: Document, fragment: str) -> str | None:
    """The key a JSON pointer `fragment` into `target` finds missing, said from `doc`."""
    try:
        pointer = parse_fragment(fragment, target.data)
    except KeyError:  # not a JSON pointer
        return None
    for depth, key in enumerate(pointer):
        try:
            target.get(pointer[: depth + 1])
        except KeyError:
            node = target.get(pointer[:depth])
            keys = [str(k) for k in node] if isinstance(node, dict) else []
            place = [format_pointer(pointer[:depth])] if depth else []
            where = " of ".join(place + ([target.name] if target is not doc else []))
            hint = did_you_mean(str(key), keys)
            return f"no '{key}' in {where or 'the document'}" + (f" ({hint})" if hint else "")
    return None


def followed(
    specs: SpecSet, doc: Document, pointer: Pointer, value: Any
) -> tuple[Document, Pointer, Any]:
    """Where a chain of `$ref`s from `value` ends (`SpecSet.follow`); where one leads nowhere
    or round, that `$ref`'s object (validation reports it on its own)."""
    try:
        return specs.follow(doc, pointer, value)
    except BrokenRef as broken:
        return broken.at


# A value a schema admits alone, which a sender fills by itself.
Constant = str | int | float | bool


@dataclass
class ObjectFields:
    """The properties an object schema declares, merged through `$ref` and `allOf`, each
    with where its schema is written, and the names it requires."""

    properties: dict[str, tuple[Document, Pointer]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)

    def constants(self, specs: SpecSet) -> dict[str, Constant]:
        """The required fields whose schema admits one value only (a scalar `const`, or an
        `enum` of one), with that value: OAuth2's `grant_type`, say."""
        found: dict[str, Constant] = {}
        for name, (doc, pointer) in self.properties.items():
            value = sole_value(followed(specs, doc, pointer, doc.get(pointer))[2])
            if name in self.required and value is not None:
                found[name] = value
        return found


def type_kinds(types: Any) -> set[str]:
    """The JSON types a schema's `type` names (a name or a list of them)."""
    if isinstance(types, str):
        return {types}
    return {t for t in types if isinstance(t, str)} if isinstance(types, list) else set()


def is_binary(schema: dict[str, Any]) -> bool:
    """Whether a schema is a binary string (`bytes`), admitting null or not."""
    kinds = type_kinds(schema.get("type")) - {"null"}
    return schema.get("format") == "binary" and kinds == {"string"}


def sole_value(schema: Any) -> Constant | None:
    """The one scalar value a schema admits (`const`, or an `enum` of one); None if it
    admits more, or null only."""
    if not isinstance(schema, dict):
        return None
    values = [schema["const"]] if "const" in schema else schema.get("enum")
    if isinstance(values, list) and len(values) == 1 and isinstance(values[0], Constant):
        return values[0]
    return None


def object_fields(specs: SpecSet, doc: Document, pointer: Pointer) -> ObjectFields:
    """The fields of the object schema at `pointer` of `doc`."""
    found = ObjectFields()
    _merge(specs, doc, pointer, found, frozenset())
    return found


def _merge(
    specs: SpecSet, doc: Document, pointer: Pointer, into: ObjectFields, seen: frozenset[Any]
) -> None:
    """Merge the schema at `pointer` into `into`: its `allOf` parts first, then its own
    fields, so that a later definition of a field wins, as a merge would; a schema met again
    inside itself (one inheriting from itself, refused elsewhere) adds nothing."""
    doc, pointer, schema = followed(specs, doc, pointer, doc.get(pointer))
    if not isinstance(schema, dict) or (doc.path, pointer) in seen:
        return
    seen = seen | {(doc.path, pointer)}
    members = schema.get("allOf")
    for index in range(len(members) if isinstance(members, list) else 0):
        _merge(specs, doc, (*pointer, "allOf", index), into, seen)
    properties = schema.get("properties")
    if isinstance(properties, dict):
        into.properties.update({k: (doc, (*pointer, "properties", k)) for k in properties})
    required = schema.get("required")
    if isinstance(required, list):
        into.required.update(name for name in required if isinstance(name, str))


class BrokenRef(SpecError):
    """A `$ref` on the way to a value that leads nowhere, as the problem located where it is
    written; `at` is that `$ref`'s object, and where it is."""

    def __init__(self, doc: Document, pointer: Pointer, value: dict[str, Any], reason: str):
        super().__init__([doc.problem((*pointer, "$ref"), f"$ref '{value['$ref']}' {reason}")])
        self.at = (doc, pointer, value)


class RefCycle(BrokenRef):
    """`$ref`s that lead round to themselves, never to a value."""


def iter_mappings(data: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    """Every mapping in `data`, outermost first, with its pointer."""
    if isinstance(data, dict):
        yield pointer, data
        for key, value in data.items():
            yield from iter_mappings(value, (*pointer, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_mappings(value, (*pointer, index))


def iter_refs(data: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, str]]:
    """Every `$ref` string in `data`, with the pointer of the object holding it."""
    for where, node in iter_mappings(data, pointer):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield where, ref


# Header parameters OpenAPI says SHALL be ignored: the media types and security schemes
# say what these headers carry.
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def operation_parameters(
    specs: SpecSet, doc: Document, op_pointer: Pointer
) -> list[tuple[Document, Pointer, dict[str, Any]]]:
    """The parameters of the operation at `op_pointer`, its path item's included (its own
    replacing one of the same name and location), `$ref`s followed, where each is; the
    header parameters OpenAPI ignores (`IGNORED_HEADERS`, in any case) left out, and so is
    what is no parameter (a `$ref` leading nowhere, a value without a name), which
    validation reports."""
    merged: dict[tuple[str, Any], tuple[Document, Pointer, dict[str, Any]]] = {}
    for owner in (op_pointer[:-1], op_pointer):
        values = doc.get(owner).get("parameters")
        for index, value in enumerate(values if isinstance(values, list) else []):
            try:
                found = specs.follow(doc, (*owner, "parameters", index), value)
            except BrokenRef:
                continue
            param = found[2]
            if not (isinstance(param, dict) and isinstance(param.get("name"), str)):
                continue
            location = param.get("in")
            if location != "header" or param["name"].lower() not in IGNORED_HEADERS:
                merged[(param["name"], location)] = found
    return list(merged.values())


# -- how clients read an operation's answer --------------------------------------------


def is_json_media(media_type: str) -> bool:
    """Whether a media type is JSON: application/json or a structured `+json` type, with
    or without parameters (`; charset=utf-8`)."""
    essence = media_type.split(";")[0].strip().lower()
    return essence == "application/json" or essence.endswith("+json")


def answer_media(content: dict[str, Any]) -> str | None:
    """The media type of a response's `content` the client reads: application/json, else
    the first other JSON one, else text (text/plain first); None for none of them."""
    json_media = [m for m in content if is_json_media(m)]
    if json_media:
        return "application/json" if "application/json" in content else json_media[0]
    text_media = sorted((m for m in content if m.startswith("text/")), key=_plain_first)
    return text_media[0] if text_media else None


def _plain_first(media_type: str) -> tuple[bool, str]:
    return (not media_type.startswith("text/plain"), media_type)


# What a client sends a request body as, in the order it prefers them.
_BODY_MEDIA_TYPES = (
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
)


def request_media(content: dict[str, Any]) -> str | None:
    """The media type a method sends its body as: the first botspec sends that the body's
    `content` lists."""
    return next((m for m in _BODY_MEDIA_TYPES if m in content), None)


def success_status(op: dict[str, Any]) -> str | None:
    """The response a successful call gets: the first 2xx the operation lists, else its
    `default` (which then stands for the success statuses too)."""
    responses = sorted(op.get("responses") or {})
    return next(
        (s for s in responses if s.startswith("2")), "default" if "default" in responses else None
    )


@dataclass(frozen=True)
class Payload:
    """What an operation sends or gets: its Request Body or Response Object (`$ref`s
    followed), where that is, and the media type of its `content` the client sends or reads
    (None: none it can)."""

    doc: Document
    pointer: Pointer
    spec: dict[str, Any]
    media: str | None

    @property
    def content(self) -> dict[str, Any]:
        return _content_of(self.spec)

    @property
    def media_pointer(self) -> Pointer:
        """Where the Media Type Object of `media` is."""
        assert self.media is not None
        return (*self.pointer, "content", self.media)

    @property
    def schema(self) -> Pointer | None:
        """Where the schema of `media` is; None when it has none."""
        media_type = self.content.get(self.media) if self.media is not None else None
        return (*self.media_pointer, "schema") if _has_schema(media_type) else None


def _content_of(spec: dict[str, Any]) -> dict[str, Any]:
    content = spec.get("content")
    return content if isinstance(content, dict) else {}


def _has_schema(media_type: Any) -> bool:
    return isinstance(media_type, dict) and "schema" in media_type


def request_payload(specs: SpecSet, doc: Document, op_pointer: Pointer) -> Payload | None:
    """The request body of the operation at `op_pointer`, with the media type its method
    sends (`request_media`); None without one (or where it is no object). BrokenRef where
    a `$ref` leads nowhere."""
    op = doc.get(op_pointer)
    if not isinstance(op, dict) or "requestBody" not in op:
        return None
    where, at, body = specs.follow(doc, (*op_pointer, "requestBody"), op["requestBody"])
    if not isinstance(body, dict):
        return None
    return Payload(where, at, body, request_media(_content_of(body)))


def answer_payload(
    specs: SpecSet, doc: Document, op_pointer: Pointer, status: str | None = None
) -> Payload | None:
    """The response to the operation at `op_pointer` a successful call gets
    (`success_status`), or the one for `status`, with the media type the client reads
    (`answer_media`); None without one (or where it is no object). BrokenRef where a
    `$ref` leads nowhere."""
    op = doc.get(op_pointer)
    responses = op.get("responses") if isinstance(op, dict) else None
    if not isinstance(responses, dict):
        return None
    status = success_status(op) if status is None else status
    if status is None or status not in responses:
        return None
    where, at, response = specs.follow(doc, (*op_pointer, "responses", status), responses[status])
    if not isinstance(response, dict):
        return None
    return Payload(where, at, response, answer_media(_content_of(response)))


def answer_schema(
    specs: SpecSet, doc: Document, op_pointer: Pointer, status: str | None = None
) -> tuple[Document, Pointer] | None:
    """Where the schema of `answer_payload` is, where the client reads it as JSON; None
    where it is not JSON or has no schema."""
    found = answer_payload(specs, doc, op_pointer, status)
    if found is None or found.media is None or not is_json_media(found.media):
        return None
    return (found.doc, found.schema) if found.schema is not None else None


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def iter_operations(data: Any) -> Iterator[tuple[Pointer, str, str, dict[str, Any]]]:
    """Every OpenAPI operation as (pointer, path, method, operation)."""
    paths = data.get("paths") if isinstance(data, dict) else None
    for path, item in (paths or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                yield ("paths", path, method), path, method, operation
