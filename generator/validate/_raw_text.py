"""`x-raw-text`: a request body that is a string, sent as its own text under a media type
(application/json) that says otherwise, as some servers document it.

The client reads it from the Media Type Object of a request body's `application/json` and
sends the string's UTF-8 bytes, not JSON. Written anywhere else it would change nothing, on
any other media type it would say nothing (text is sent as its text, a form as its fields),
and a value that is no string would go out as Python's `str()` of it: each is a problem
located where it is written (the schema's, at the schema).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.load import (
    BrokenRef,
    Document,
    SpecSet,
    followed,
    iter_mappings,
    iter_operations,
    request_payload,
)
from generator.problems import Pointer, Problem
from generator.validate._rules import flag_problem

KEY = "x-raw-text"
_MEDIA = "application/json"


def check(doc: Document, specs: SpecSet) -> list[Problem]:
    if doc.kind != "openapi":
        return []
    problems = []
    for where, pointer, media_type in _request_media_types(doc, specs):
        if KEY in media_type:
            problems += _problems(where, specs, pointer, media_type)
    for pointer, mapping in iter_mappings(doc.data):
        if KEY in mapping and not _is_request_media(pointer):
            problems.append(_misplaced(doc, (*pointer, KEY), mapping[KEY]))
    return problems


def _request_media_types(
    doc: Document, specs: SpecSet
) -> Iterator[tuple[Document, Pointer, dict[str, Any]]]:
    """The Media Type Objects of the request bodies: the operations' (in whichever document
    a `$ref` leads to) and the document's `components.requestBodies`."""
    bodies: list[tuple[Document, Pointer, Any]] = []
    for op_pointer, *_ in iter_operations(doc.data):
        try:
            payload = request_payload(specs, doc, op_pointer)
        except BrokenRef:
            continue  # the $ref check reports it
        if payload is not None:
            bodies.append((payload.doc, payload.pointer, payload.spec))
    components = doc.data.get("components")
    named = components.get("requestBodies") if isinstance(components, dict) else None
    for name, body in named.items() if isinstance(named, dict) else ():
        bodies.append(followed(specs, doc, ("components", "requestBodies", name), body))
    for where, pointer, body in bodies:
        content = body.get("content") if isinstance(body, dict) else None
        for media, media_type in content.items() if isinstance(content, dict) else ():
            if isinstance(media_type, dict):
                yield where, (*pointer, "content", media), media_type


def _is_request_media(pointer: Pointer) -> bool:
    """Whether `pointer` is where a request body's Media Type Object is written."""
    named = len(pointer) == 5 and pointer[:2] == ("components", "requestBodies")
    return (
        len(pointer) >= 3 and pointer[-2] == "content" and (named or pointer[-3] == "requestBody")
    )


def _misplaced(doc: Document, at: Pointer, flag: Any) -> Problem:
    if type(flag) is not bool:
        return flag_problem(doc, at)
    return doc.problem(
        at,
        f"{KEY} is read from the media type of a request body only "
        f"(requestBody.content.{_MEDIA}); here it changes nothing",
    )


def _problems(
    doc: Document, specs: SpecSet, pointer: Pointer, media_type: dict[str, Any]
) -> list[Problem]:
    at = (*pointer, KEY)
    flag = media_type[KEY]
    if type(flag) is not bool:
        return [flag_problem(doc, at)]
    if not flag:
        return []
    if pointer[-1] != _MEDIA:
        message = (
            f"{KEY} is for an {_MEDIA} body sent as its text; a {pointer[-1]} body is sent "
            "as its media type says (text as its text, a form as its fields)"
        )
        return [doc.problem(at, message)]
    if "schema" not in media_type:
        return [doc.problem(at, f"{KEY} needs a schema of type string (the text sent)")]
    where, schema_at, schema = followed(specs, doc, (*pointer, "schema"), media_type["schema"])
    refused = _not_text(schema)
    if refused is None:
        return []
    message = (
        f"an {KEY} body is sent as its text: its schema must be a string (type: string, "
        "not binary, not nullable)"
    )
    return [where.problem((*schema_at, *refused), message)]


def _not_text(schema: Any) -> tuple[str, ...] | None:
    """The keyword of `schema` making it no plain string (() for the schema itself); None
    for a string."""
    if not isinstance(schema, dict) or "type" not in schema:
        return ()
    for key, wrong in (
        ("type", schema["type"] != "string"),
        ("format", schema.get("format") == "binary"),
        ("nullable", schema.get("nullable") is True),
    ):
        if wrong:
            return (key,)
    return None
