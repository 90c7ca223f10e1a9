"""Answers: the spec's examples (or values made from the schema), paged and enveloped."""

from __future__ import annotations

import contextlib
import copy
import itertools
from dataclasses import dataclass
from typing import Any

from generator.load import (
    Document,
    SpecSet,
    answer_payload,
    answer_schema,
    is_json_media,
    iter_operations,
    parse_fragment,
    success_status,
)
from generator.mock._values import Unmade, ValueMaker
from generator.problems import Pointer


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
        self.values = ValueMaker(doc, specs)
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
        found = answer_payload(self.specs, self.doc, op_pointer, status)
        if found is None or not found.content:
            return None, None
        media = found.media or next(iter(found.content))
        value = self._example_of(
            found.doc, (*found.pointer, "content", media), found.content[media]
        )
        return media, value if is_json_media(media) else str(value)

    def _example_of(self, doc: Document, pointer: Pointer, media_type: dict[str, Any]) -> Any:
        if "example" in media_type:
            return copy.deepcopy(media_type["example"])
        for name in media_type.get("examples") or {}:
            _, _, resolved = self.specs.follow_at(doc, (*pointer, "examples", name))
            if "value" in resolved:
                return copy.deepcopy(resolved["value"])
        if "schema" not in media_type:
            return None
        return self.values.value(doc, (*pointer, "schema"))  # Unmade: none was found

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
        for pointer, _, _, _ in iter_operations(self.doc.data):
            schema = answer_schema(self.specs, self.doc, pointer, "default")
            if schema is not None:
                with contextlib.suppress(Unmade):
                    value = self.values.value(*schema)
                    if isinstance(value, dict):
                        return value
        return {"code": 0, "message": ""}


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
