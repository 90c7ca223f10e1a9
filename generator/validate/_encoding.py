"""Form fields the client could not send as a request body's `encoding` says.

The client sends a form body (application/x-www-form-urlencoded or multipart/form-data) one
field per property: a list repeats it, a binary string is a file part
(application/octet-stream), an object or a list inside a list is JSON text, any other value
plain text; a urlencoded value has its reserved characters percent-encoded, and a part has
no headers but its own Content-Type. An `encoding` asking for anything else was ignored: it
is refused here, where it is written. What it says that the client does anyway (style
`form`, `explode: true`, the content type the field is sent as) passes.
"""

from __future__ import annotations

from typing import Any

from generator.load import (
    BrokenRef,
    Document,
    Payload,
    SpecSet,
    followed,
    is_binary,
    iter_operations,
    object_fields,
    request_payload,
    type_kinds,
)
from generator.problems import Pointer, Problem

_SUBSET = "outside botspec's supported subset"
_URLENCODED = "application/x-www-form-urlencoded"
_FORMS = (_URLENCODED, "multipart/form-data")
_TEXT, _BINARY, _JSON = "text/plain", "application/octet-stream", "application/json"
_SCALARS = frozenset({"string", "integer", "number", "boolean"})


def check(doc: Document, specs: SpecSet) -> list[Problem]:
    if doc.kind != "openapi":
        return []
    problems: dict[Problem, None] = {}  # a body `$ref`'d by several operations: once
    for op_pointer, *_ in iter_operations(doc.data):
        try:
            body = request_payload(specs, doc, op_pointer)
        except BrokenRef:
            continue  # reported by the $ref check
        if body is not None:
            problems.update(dict.fromkeys(_body(specs, body)))
    return list(problems)


def _body(specs: SpecSet, body: Payload) -> list[Problem]:
    media = body.media
    if media not in _FORMS:
        return []  # OpenAPI applies `encoding` to form bodies only
    doc, media_pointer = body.doc, body.media_pointer
    media_type = body.content[media]
    encoding = media_type.get("encoding") if isinstance(media_type, dict) else None
    if not isinstance(encoding, dict):
        return []
    fields = object_fields(specs, doc, (*media_pointer, "schema")).properties
    problems = []
    for name, spec in encoding.items():
        at = (*media_pointer, "encoding", name)
        if name not in fields:
            problems.append(doc.problem(at, f"encoding names no property '{name}' of the body"))
        elif isinstance(spec, dict):  # else the structure check says so
            refused = _refused(spec, media, _sent_as(specs, *fields[name]))
            problems += [doc.problem((*at, key), message) for key, message in refused]
    return problems


def _refused(
    spec: dict[str, Any], media: str, sent: tuple[bool, str | None]
) -> list[tuple[str, str]]:
    """(key, message) of what `spec`, a field's Encoding Object, asks that the client does
    not do; `sent`: whether the field is a list, and the content type of each value."""
    listed, content_type = sent
    refused = []
    given = spec.get("contentType")
    if "contentType" in spec and not _same_type(given, content_type):
        sends = f"the client sends {content_type}" if content_type else "its value decides"
        refused.append(("contentType", f"encoding contentType {given!r} is {_SUBSET} ({sends})"))
    if spec.get("style", "form") != "form":
        refused.append(("style", f"encoding style {spec['style']!r} is {_SUBSET}"))
    # explode: false changes nothing for one scalar or file, sent alike either way.
    if spec.get("explode", True) is not True and (listed or content_type not in (_TEXT, _BINARY)):
        refused.append(("explode", f"encoding explode: false on this field is {_SUBSET}"))
    if media == _URLENCODED and spec.get("allowReserved", False) is not False:
        message = f"encoding allowReserved: true is {_SUBSET} (reserved characters are escaped)"
        refused.append(("allowReserved", message))
    headers = spec.get("headers")
    named = [h for h in headers if h.lower() != "content-type"] if isinstance(headers, dict) else []
    if media != _URLENCODED and named:  # OpenAPI ignores them in a urlencoded body
        message = f"encoding headers ({', '.join(named)}) are {_SUBSET} (a part has none)"
        refused.append(("headers", message))
    return refused


def _same_type(given: Any, sent: str | None) -> bool:
    return isinstance(given, str) and given.strip().lower() == sent


def _sent_as(specs: SpecSet, doc: Document, pointer: Pointer) -> tuple[bool, str | None]:
    """Whether the property at `pointer` is sent as a list (a field per item), and the
    content type of each value sent: None when its value decides (a union, any value)."""
    doc, pointer, schema = followed(specs, doc, pointer, doc.get(pointer))
    if isinstance(schema, dict) and type_kinds(schema.get("type")) - {"null"} == {"array"}:
        items = schema.get("items")
        return True, _content_type(specs, doc, (*pointer, "items")) if items is not None else None
    return False, _content_type(specs, doc, pointer)


def _content_type(specs: SpecSet, doc: Document, pointer: Pointer) -> str | None:
    """What one value of the schema at `pointer` is sent as."""
    _, _, schema = followed(specs, doc, pointer, doc.get(pointer))
    if not isinstance(schema, dict):
        return None
    if is_binary(schema):
        return _BINARY
    types = type_kinds(schema.get("type")) - {"null"}
    if types and types <= _SCALARS:
        return _TEXT
    if types and types <= {"array", "object"}:
        return _JSON
    if not types and ("properties" in schema or "additionalProperties" in schema):
        return _JSON
    enum = schema.get("enum")
    if not types and isinstance(enum, list) and all(isinstance(v, (str, int, float)) for v in enum):
        return _TEXT  # bool is an int
    return None
