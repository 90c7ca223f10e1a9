"""Answers: the spec's examples (or values made from the schema), paged and enveloped."""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass
from typing import Any

from generator.load import Document, SpecSet, iter_operations, parse_fragment
from generator.model import answer_media, is_json_media, success_status
from generator.problems import Pointer

_MAX_DEPTH = 8
# What a schema's value is inside itself (`ResponseMaker._make`): not made.
_RECURSES: Any = object()


@dataclass
class Answer:
    status: int
    body: Any  # None: no body
    headers: dict[str, str]
    media_type: str | None = None  # None: JSON, but a `str` body as text (a fault's)


class ResponseMaker:
    def __init__(self, doc: Document, specs: SpecSet) -> None:
        self.doc = doc
        self.specs = specs
        self.envelope: dict[str, Any] | None = doc.data.get("x-envelope")
        # The error body's code and message fields, as the client reads them.
        fields = doc.data.get("x-error") or self.envelope or {}
        self.error_fields = (fields.get("code", "code"), fields.get("message", "message"))
        self.rate_limit: dict[str, str] = doc.data.get("x-rate-limit-headers") or {}
        self.trace_header: str | None = doc.data.get("x-trace-id-header")
        self._traces = itertools.count(1)
        self._error_template = self._find_error_template()

    # -- success --------------------------------------------------------------

    def answer(
        self,
        op_pointer: Pointer,
        op: dict[str, Any],
        query: dict[str, str],
        body: Any,
        collection: list[Any] | None,
    ) -> Answer:
        status = success_status(op)  # the answer the generated client reads
        if status is None:
            return Answer(200, None, self.headers())
        media, payload = self._example(op_pointer, status)
        pagination = op.get("x-pagination")
        if pagination and isinstance(payload, dict):
            arguments = {**(body if isinstance(body, dict) else {}), **query}
            payload = _page(payload, pagination, arguments, collection)
        code = int(status) if status.isdigit() else 200
        return Answer(code, payload, self.headers(), media)

    def _example(self, op_pointer: Pointer, status: str) -> tuple[str | None, Any]:
        """The answer's media type (the one the client reads) and body: JSON's value, or
        the text of any other."""
        doc, pointer, response = self._deref(self.doc, (*op_pointer, "responses", status))
        content = response.get("content") or {}
        if not content:
            return None, None
        media = answer_media(content) or next(iter(content))
        value = self._example_of(doc, (*pointer, "content", media), content[media])
        return media, value if is_json_media(media) else str(value)

    def _example_of(self, doc: Document, pointer: Pointer, media_type: dict[str, Any]) -> Any:
        if "example" in media_type:
            return copy.deepcopy(media_type["example"])
        for example in (media_type.get("examples") or {}).values():
            _, _, resolved = self._deref(doc, (*pointer, "examples"), example)
            if "value" in resolved:
                return copy.deepcopy(resolved["value"])
        return self._synthesize(doc, media_type.get("schema", {}), 0)

    # -- errors and headers ---------------------------------------------------

    def error_body(self, code: int, message: str) -> Any:
        code_field, message_field = self.error_fields
        if self.envelope:
            return {code_field: code, message_field: message, self.envelope.get("data", "data"): {}}
        body = copy.deepcopy(self._error_template)
        body.update({code_field: code, message_field: message})
        if "trace_id" in body:
            body["trace_id"] = f"mock-trace-{next(self._traces)}"
        if "err_code" in body:
            body["err_code"] = code
        return body

    def headers(self) -> dict[str, str]:
        headers = self.rate_limit_headers()
        if self.trace_header:
            headers[self.trace_header] = f"mock-trace-{next(self._traces)}"
        return headers

    def rate_limit_headers(self) -> dict[str, str]:
        values = {"limit": "120", "remaining": "119", "reset": "60", "bucket": "mock"}
        return {self.rate_limit[k]: v for k, v in values.items() if k in self.rate_limit}

    def _find_error_template(self) -> dict[str, Any]:
        for pointer, _, _, op in iter_operations(self.doc.data):
            if "default" in (op.get("responses") or {}):
                doc, _, response = self._deref(self.doc, (*pointer, "responses", "default"))
                content = response.get("content") or {}
                media = answer_media(content)
                schema = content[media].get("schema") if media and is_json_media(media) else None
                if schema is not None:
                    value = self._synthesize(doc, schema, 0)
                    if isinstance(value, dict):
                        return value
        return {"code": 0, "message": ""}

    # -- helpers --------------------------------------------------------------

    def _deref(
        self, doc: Document, pointer: Pointer, value: Any = None
    ) -> tuple[Document, Pointer, dict[str, Any]]:
        value = doc.get(pointer) if value is None else value
        while isinstance(value, dict) and "$ref" in value:
            doc, pointer, value = self.specs.resolve(doc, value["$ref"])
        return doc, pointer, value

    def _synthesize(self, doc: Document, schema: Any, depth: int) -> Any:
        """A value the schema accepts, preferring what the spec itself shows."""
        value = self._make(doc, schema, depth, frozenset())
        return None if value is _RECURSES else value

    def _make(self, doc: Document, schema: Any, depth: int, within: frozenset[int]) -> Any:
        """`_synthesize`'s value. `within`: the schemas being made around this one; met again
        inside itself, a schema is `_RECURSES`, which an optional property or an array's items
        leave out, so a recursive schema's value ends where the spec lets it end."""
        doc, schema = self.specs.deref(doc, schema)
        if not isinstance(schema, dict) or depth > _MAX_DEPTH:
            return None
        if id(schema) in within:
            return _RECURSES
        within |= {id(schema)}
        for key in ("const", "default", "example"):
            if key in schema:
                return copy.deepcopy(schema[key])
        if schema.get("examples"):
            return copy.deepcopy(schema["examples"][0])
        if schema.get("enum"):
            return schema["enum"][0]
        if "allOf" in schema:
            own = {k: v for k, v in schema.items() if k != "allOf"}
            parts = [self._make(doc, member, depth + 1, within) for member in schema["allOf"]]
            parts.append(self._make(doc, own, depth + 1, within) if own.get("properties") else None)
            if _RECURSES in parts:
                return _RECURSES
            merged: dict[str, Any] = {}
            for part in parts:
                if isinstance(part, dict):
                    merged.update(part)
            return merged
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                members = (self._make(doc, m, depth + 1, within) for m in schema[key])
                return next((v for v in members if v is not _RECURSES), _RECURSES)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        if kind == "object" or "properties" in schema:
            required = set(schema.get("required") or [])
            out = {}
            for name, sub in (schema.get("properties") or {}).items():
                value = self._make(doc, sub, depth + 1, within)
                if value is _RECURSES and name in required:
                    return _RECURSES
                if value is not _RECURSES:
                    out[name] = value
            return out
        if kind == "array":
            item = self._make(doc, schema.get("items", {}), depth + 1, within)
            return [] if item is _RECURSES else [item]
        return {
            "string": "string",
            "integer": schema.get("minimum", 0),
            "number": 0.0,
            "boolean": False,
        }.get(str(kind))


def _get(payload: Any, pointer: tuple[str | int, ...]) -> Any:
    for part in pointer:
        payload = payload.get(part) if isinstance(payload, dict) else None
    return payload


def _set(payload: dict[str, Any], pointer: tuple[str | int, ...], value: Any) -> None:
    for part in pointer[:-1]:
        payload = payload.setdefault(str(part), {})
    if value is None:
        payload.pop(str(pointer[-1]), None)
    else:
        payload[str(pointer[-1])] = value


def _page(
    payload: dict[str, Any],
    spec: dict[str, Any],
    arguments: dict[str, Any],
    collection: list[Any] | None,
) -> dict[str, Any]:
    """Cut the collection (or the example's items) into the page the arguments ask for."""
    items_pointer = parse_fragment(spec["items"], payload)
    items = collection if collection is not None else list(_get(payload, items_pointer) or [])
    # A size below 1 gets the server's own (a zero would divide by zero below), a page or
    # cursor before the first the first page.
    size = _int(arguments.get(spec.get("size-param", "")), default=max(1, len(items)), least=1)
    if spec["style"] == "page":
        first = int(spec.get("first-page", 1))
        page = max(first, _int(arguments.get(spec["page-param"]), default=first))
        start = (page - first) * size
        _set(payload, items_pointer, items[start : start + size])
        if "total-pages" in spec:
            _set(
                payload,
                parse_fragment(spec["total-pages"], payload),
                max(1, -(-len(items) // size)),
            )
        return payload
    # Without a size argument the server picks the page size: as many items as the
    # example's page shows. The next cursor has the example's type (a string, say).
    example_size = len(_get(payload, items_pointer) or []) or len(items)
    start = max(0, _int(arguments.get(spec["cursor-param"]), default=0))
    size = _int(
        arguments.get(spec.get("size-param", "limit")), default=max(1, example_size), least=1
    )
    _set(payload, items_pointer, items[start : start + size])
    cursor_pointer = parse_fragment(spec["next-cursor"], payload)
    as_text = isinstance(_get(payload, cursor_pointer), str)
    more = start + size < len(items)
    cursor = (str(start + size) if as_text else start + size) if more else None
    _set(payload, cursor_pointer, cursor)
    return payload


def _int(value: Any, default: int, least: int | None = None) -> int:
    try:
        number = int(value) if value is not None else default
    except (TypeError, ValueError):
        return default
    return default if least is not None and number < least else number
