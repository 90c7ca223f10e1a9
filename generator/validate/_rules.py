"""botspec's own rules, beyond what the OpenAPI and AsyncAPI schemas require."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.load import Document, SpecSet, iter_operations
from generator.problems import Pointer, Problem

_PAGINATION_KEYS = {
    "page": ("page-param", "items"),
    "cursor": ("cursor-param", "next-cursor", "items"),
}


# RFC 9110's token: what an HTTP header name (or an Authorization scheme) may be made of.
_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
_NOT_A_TOKEN = "is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~ only)"


def check(doc: Document, specs: SpecSet) -> list[Problem]:
    if doc.kind == "openapi":
        return _openapi(doc) + _header_names(doc, specs)
    return _asyncapi(doc)


def _header_names(doc: Document, specs: SpecSet) -> list[Problem]:
    """Header names and Authorization schemes the client could never send, where they are
    written (a parameter `$ref`'d from another file is checked there), each place once."""
    problems: dict[tuple[str, Pointer], Problem] = {}
    for where, pointer, what in _headers(doc, specs):
        value = where.get(pointer)
        if isinstance(value, str) and not _TOKEN.match(value):
            problem = where.problem(pointer, f"{what} {value!r} {_NOT_A_TOKEN}")
            problems.setdefault((problem.file, pointer), problem)
    return list(problems.values())


def _headers(doc: Document, specs: SpecSet) -> Iterator[tuple[Document, Pointer, str]]:
    """(document, pointer, what it is) of the names of header parameters and apiKey headers,
    and of the schemes of http security schemes (the Authorization header's first word)."""
    data = doc.data
    components = data.get("components") or {}
    for pointer, value in _parameters(data, components):
        where, at, value = _followed(specs, doc, pointer, value)
        if isinstance(value, dict) and value.get("in") == "header" and "name" in value:
            yield where, (*at, "name"), "header name"
    for name, scheme in (components.get("securitySchemes") or {}).items():
        pointer = ("components", "securitySchemes", name)
        if not isinstance(scheme, dict):
            continue
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header" and "name" in scheme:
            yield doc, (*pointer, "name"), "header name"
        elif scheme.get("type") == "http" and "scheme" in scheme:
            yield doc, (*pointer, "scheme"), "authentication scheme"


def _followed(
    specs: SpecSet, doc: Document, pointer: Pointer, value: Any
) -> tuple[Document, Pointer, Any]:
    """Where a chain of `$ref`s from `value` ends (as it is, when one leads nowhere: that is
    reported elsewhere)."""
    for _ in range(32):  # a cycle is reported elsewhere too
        if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
            break
        try:
            doc, pointer, value = specs.resolve(doc, value["$ref"])
        except (KeyError, ValueError):
            break
    return doc, pointer, value


def _parameters(data: dict[str, Any], components: dict[str, Any]) -> Iterator[tuple[Pointer, Any]]:
    """Parameters of the operations, the path items and the components."""
    lists = [
        ((*pointer, "parameters"), op.get("parameters"))
        for pointer, *_, op in iter_operations(data)
    ]
    lists += [
        (("paths", path, "parameters"), item.get("parameters"))
        for path, item in (data.get("paths") or {}).items()
        if isinstance(item, dict)
    ]
    for pointer, values in lists:
        if isinstance(values, list):
            yield from (((*pointer, index), value) for index, value in enumerate(values))
    for name, value in (components.get("parameters") or {}).items():
        yield ("components", "parameters", name), value


def _openapi(doc: Document) -> list[Problem]:
    problems = []
    operations = list(iter_operations(doc.data))
    ids = {op.get("operationId") for _, _, _, op in operations}
    for pointer, _, _, op in operations:
        for key in ("operationId", "summary"):
            if not op.get(key):
                problems.append(doc.problem(pointer, f"operation has no {key}"))
        alias = op.get("x-alias-of")
        if alias is not None and alias not in ids:
            problems.append(
                doc.problem(
                    (*pointer, "x-alias-of"), f"x-alias-of names unknown operation '{alias}'"
                )
            )
        if op.get("x-invite-only") and not op.get("deprecated"):
            problems.append(
                doc.problem(pointer, "x-invite-only operations must be deprecated: true")
            )
        if "x-pagination" in op:
            problems += _pagination(doc, (*pointer, "x-pagination"), op["x-pagination"])
    return problems


def _pagination(doc: Document, pointer: Pointer, spec: Any) -> list[Problem]:
    if not isinstance(spec, dict) or spec.get("style") not in _PAGINATION_KEYS:
        return [doc.problem(pointer, "x-pagination needs style 'page' or 'cursor'")]
    missing = [key for key in _PAGINATION_KEYS[spec["style"]] if key not in spec]
    return [
        doc.problem(pointer, f"x-pagination style '{spec['style']}' needs '{key}'")
        for key in missing
    ]


def _asyncapi(doc: Document) -> list[Problem]:
    problems = []
    if doc.version.startswith("3."):
        for name, op in (doc.data.get("operations") or {}).items():
            if isinstance(op, dict) and "$ref" not in op and not op.get("summary"):
                problems.append(doc.problem(("operations", name), "operation has no summary"))
        return problems
    for channel, item in (doc.data.get("channels") or {}).items():
        for action in ("publish", "subscribe"):
            op = item.get(action) if isinstance(item, dict) else None
            if isinstance(op, dict):
                for key in ("operationId", "summary"):
                    if not op.get(key):
                        pointer = ("channels", channel, action)
                        problems.append(doc.problem(pointer, f"operation has no {key}"))
    return problems
