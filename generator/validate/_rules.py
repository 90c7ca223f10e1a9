"""botspec's own rules, beyond what the OpenAPI and AsyncAPI schemas require."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from generator.load import Document, SpecSet, followed, iter_mappings, iter_operations
from generator.problems import Pointer, Problem, did_you_mean

_PAGINATION_KEYS = {
    "page": ("page-param", "items"),
    "cursor": ("cursor-param", "next-cursor", "items"),
}


def _is_style(value: Any) -> bool:
    return isinstance(value, str) and value in _PAGINATION_KEYS


def _is_name(value: Any) -> bool:
    """A non-empty string: a parameter, field, file or flag name."""
    return isinstance(value, str) and bool(value)


def is_json_pointer(value: Any) -> bool:
    return isinstance(value, str) and (value == "" or value.startswith("/"))


# What the model reads from each key of x-pagination (a list or a number there was a crash).
_PAGINATION_SHAPES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "style": ("'page' or 'cursor'", _is_style),
    **dict.fromkeys(("page-param", "size-param", "cursor-param"), ("a parameter name", _is_name)),
    "first-page": ("an integer", lambda value: type(value) is int),
    **dict.fromkeys(
        ("items", "total-pages", "next-cursor"),
        ("a JSON pointer into the response body ('' or starting with '/')", is_json_pointer),
    ),
}


# RFC 9110's token: what an HTTP header name (or an Authorization scheme) may be made of.
# RFC 9110's `token`, what a header name is; also for the model's and the mock's checks.
HTTP_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
NOT_AN_HTTP_TOKEN = "is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~ only)"


def check(doc: Document, specs: SpecSet) -> list[Problem]:
    if doc.kind == "openapi":
        problems = _extension_shapes(doc) + _openapi(doc) + _header_names(doc, specs)
        return problems + _client_defaults(doc, specs)
    return _asyncapi(doc)


# The shapes of the `x-` extensions the model reads values from (specs/README.md): a mapping
# of field names, or a name. The model assumes them; a list or a number there was a crash.
_NAME = "a string"  # an empty one the model refuses, saying what it needs
_FIELDS = {
    "x-envelope": {"code": _NAME, "message": _NAME, "data": _NAME, "success": "a list of codes"},
    "x-error": {"code": _NAME, "message": _NAME},
    "x-rate-limit-headers": {key: _NAME for key in ("limit", "remaining", "reset", "bucket")}
    | {"global": _NAME},
    "x-token-exchange": {
        "operationId": _NAME,
        "credentials": "a mapping of request fields to credentials",
        "token": _NAME,
        "expires-in": _NAME,
    },
}


def _extension_shapes(doc: Document) -> list[Problem]:
    data = doc.data
    found: list[tuple[Pointer, Any]] = [
        ((key,), data[key])
        for key in ("x-envelope", "x-error", "x-rate-limit-headers")
        if key in data
    ]
    names: list[tuple[Pointer, Any]] = []
    if "x-trace-id-header" in data:
        names.append((("x-trace-id-header",), data["x-trace-id-header"]))
    components = data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    for name, scheme in (schemes or {}).items() if isinstance(schemes, dict) else ():
        if isinstance(scheme, dict):
            pointer: Pointer = ("components", "securitySchemes", name)
            if "x-token-exchange" in scheme:
                found.append(((*pointer, "x-token-exchange"), scheme["x-token-exchange"]))
            if "x-credential" in scheme:
                names.append(((*pointer, "x-credential"), scheme["x-credential"]))
    sources = []
    flags: list[tuple[Pointer, Any]] = []
    for op_pointer, _, _, op in iter_operations(data):
        flags += [((*op_pointer, key), op[key]) for key in _OPERATION_FLAGS if key in op]
        if "x-alias-of" in op:
            names.append(((*op_pointer, "x-alias-of"), op["x-alias-of"]))
        if "x-source-document" in op:
            sources.append(((*op_pointer, "x-source-document"), op["x-source-document"]))
    for index, server in enumerate(data.get("servers") or []):
        if isinstance(server, dict) and "x-name" in server:
            names.append((("servers", index, "x-name"), server["x-name"]))
    problems = [
        doc.problem(pointer, f"{pointer[-1]} must be a non-empty string")
        for pointer, value in names
        if not _is_name(value)
    ]
    problems += [
        _source_problem(doc, pointer) for pointer, value in sources if not _is_source(value)
    ]
    problems += [flag_problem(doc, pointer) for pointer, value in flags if type(value) is not bool]
    for pointer, value in found:
        problems += _fields(doc, pointer, value, _FIELDS[str(pointer[-1])])
    headers: list[tuple[Pointer, Any]] = [(("x-trace-id-header",), data.get("x-trace-id-header"))]
    limits = data.get("x-rate-limit-headers")
    if isinstance(limits, dict):
        headers += [(("x-rate-limit-headers", key), value) for key, value in limits.items()]
    problems += [
        doc.problem(pointer, f"header name {value!r} {NOT_AN_HTTP_TOKEN}")
        for pointer, value in headers
        if isinstance(value, str) and value and not HTTP_TOKEN.fullmatch(value)
    ]
    return problems


# The operations' switches (specs/README.md): `"false"`, a string, had switched them on.
_OPERATION_FLAGS = ("x-idempotent", "x-invite-only", "x-webhook-only")


def flag_problem(where: Document, pointer: Pointer) -> Problem:
    """The problem of an extension flag (at `pointer`) that is no boolean."""
    return where.problem(pointer, f"{pointer[-1]} must be true or false")


def _client_defaults(doc: Document, specs: SpecSet) -> list[Problem]:
    """The problems of `x-client-default`s, each where it is written (a parameter `$ref`'d
    from another file there), once."""
    problems: dict[tuple[str, Pointer], Problem] = {}
    components = doc.data.get("components") or {}
    for pointer, value in _parameters(doc.data, components):
        where, at, param = followed(specs, doc, pointer, value)
        if isinstance(param, dict) and "x-client-default" in param:
            problem = _client_default_problem(where, (*at, "x-client-default"), param)
            if problem is not None:
                problems.setdefault((problem.file, problem.pointer), problem)
    return list(problems.values())


def _client_default_problem(where: Document, at: Pointer, param: dict[str, Any]) -> Problem | None:
    """`x-client-default` is a switch, and only headers are set on the client: a query
    parameter given one had its value sent as a header."""
    flag = param["x-client-default"]
    if type(flag) is not bool:
        return flag_problem(where, at)
    if flag and param.get("in") != "header":
        message = (
            f"x-client-default is for header parameters only; this one is in {param.get('in')}"
        )
        return where.problem(at, message)
    return None


def _is_source(value: Any) -> bool:
    """A file name, or a list of them (`x-source-document`)."""
    names = value if isinstance(value, list) and value else [value]
    return all(_is_name(name) for name in names)


def _source_problem(doc: Document, pointer: Pointer) -> Problem:
    return doc.problem(pointer, "x-source-document must be a file name or a list of file names")


def _fields(doc: Document, pointer: Pointer, value: Any, fields: dict[str, str]) -> list[Problem]:
    name = pointer[-1]
    if not isinstance(value, dict):
        keys = ", ".join(fields)
        return [doc.problem(pointer, f"{name} must be a mapping (of {keys})")]
    problems = []
    for key, item in value.items():
        where = (*pointer, key)
        if key not in fields:
            problems.append(
                doc.problem(where, f"{name} has no key '{key}' (keys: {', '.join(fields)})")
            )
        elif not _is(fields[key], item):
            problems.append(doc.problem(where, f"{name}.{key} must be {fields[key]}"))
    return problems


def _is(shape: str, value: Any) -> bool:
    if shape == _NAME:
        return isinstance(value, str)
    if shape == "a list of codes":
        return isinstance(value, list) and all(
            isinstance(code, (int, str)) and not isinstance(code, bool) for code in value
        )
    return isinstance(value, dict) and all(
        isinstance(k, str) and _is_name(v) for k, v in value.items()
    )


def _header_names(doc: Document, specs: SpecSet) -> list[Problem]:
    """Header names and Authorization schemes the client could never send, where they are
    written (a parameter `$ref`'d from another file is checked there), each place once."""
    problems: dict[tuple[str, Pointer], Problem] = {}
    for where, pointer, what in _headers(doc, specs):
        value = where.get(pointer)
        if isinstance(value, str) and not HTTP_TOKEN.fullmatch(value):
            problem = where.problem(pointer, f"{what} {value!r} {NOT_AN_HTTP_TOKEN}")
            problems.setdefault((problem.file, pointer), problem)
    return list(problems.values())


def _headers(doc: Document, specs: SpecSet) -> Iterator[tuple[Document, Pointer, str]]:
    """(document, pointer, what it is) of the names of header parameters and apiKey headers,
    and of the schemes of http security schemes (the Authorization header's first word)."""
    data = doc.data
    components = data.get("components") or {}
    for pointer, value in _parameters(data, components):
        where, at, value = followed(specs, doc, pointer, value)
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


_NO_RESPONSES = (
    "operation has no responses: the client cannot know what it answers; add them (a "
    "'200' with its content, or a '204' when it answers nothing)"
)


def _openapi(doc: Document) -> list[Problem]:
    problems = []
    operations = list(iter_operations(doc.data))
    ids = {op.get("operationId") for _, _, _, op in operations}
    for pointer, _, _, op in operations:
        for key in ("operationId", "summary"):
            if not op.get(key):
                problems.append(doc.problem(pointer, f"operation has no {key}"))
        if "responses" not in op:  # optional in 3.1, but the client would not know its answer
            problems.append(doc.problem(pointer, _NO_RESPONSES))
        alias = op.get("x-alias-of")
        if isinstance(alias, str) and alias not in ids:  # not a string: said above
            problems.append(
                doc.problem(
                    (*pointer, "x-alias-of"), f"x-alias-of names unknown operation '{alias}'"
                )
            )
        if op.get("x-invite-only") is True and not op.get("deprecated"):  # else: said above
            problems.append(
                doc.problem(pointer, "x-invite-only operations must be deprecated: true")
            )
        if "x-pagination" in op:
            problems += _pagination(doc, (*pointer, "x-pagination"), op["x-pagination"])
    return problems + _undeclared_tags(doc, operations)


def _undeclared_tags(
    doc: Document, operations: list[tuple[Pointer, str, str, dict[str, Any]]]
) -> list[Problem]:
    """An operation's first tag names its resource (`client.user`). Where the document
    declares its tags, one it does not declare is a misspelling (`usr`) that silently made a
    resource of its own; a document declaring none leaves its tags free."""
    declared = [tag.get("name") for tag in doc.data.get("tags") or [] if isinstance(tag, dict)]
    names = [name for name in declared if isinstance(name, str)]
    if not names:
        return []
    problems = []
    for pointer, _, _, op in operations:
        tags = op.get("tags")
        tag = tags[0] if isinstance(tags, list) and tags else None
        if isinstance(tag, str) and tag not in names:
            hint = did_you_mean(tag, names) or "declare it there"
            message = (
                f"tag '{tag}' is not declared in the document's top-level tags, so its "
                f"operations would make a resource of their own: {hint}"
            )
            problems.append(doc.problem((*pointer, "tags", 0), message))
    return problems


def _pagination(doc: Document, pointer: Pointer, spec: Any) -> list[Problem]:
    if not (isinstance(spec, dict) and _is_style(spec.get("style"))):
        return [doc.problem(pointer, "x-pagination needs style 'page' or 'cursor'")]
    missing = [key for key in _PAGINATION_KEYS[spec["style"]] if key not in spec]
    problems = [
        doc.problem(pointer, f"x-pagination style '{spec['style']}' needs '{key}'")
        for key in missing
    ]
    for key, value in spec.items():
        shape = _PAGINATION_SHAPES.get(key)
        if shape is None:
            known = ", ".join(_PAGINATION_SHAPES)
            problems.append(
                doc.problem((*pointer, key), f"x-pagination has no key '{key}' (keys: {known})")
            )
        elif not shape[1](value):
            problems.append(doc.problem((*pointer, key), f"x-pagination {key} must be {shape[0]}"))
    return problems


# What a frame does in a gateway session, and in a webhook (specs/README.md): a misspelt one
# played nothing.
_ROLES = (
    *("hello", "identify", "heartbeat", "heartbeat-ack", "resume", "reconnect"),
    *("invalid-session", "ready", "resumed", "validation", "validation-answer", "ack"),
)


def _asyncapi_extensions(doc: Document) -> list[Problem]:
    """The shapes of the `x-` extensions the events model reads (specs/README.md)."""
    problems = []
    frame = doc.data.get("x-frame")
    if "x-frame" in doc.data and not (
        isinstance(frame, dict) and all(_is_name(v) for v in frame.values())
    ):
        problems.append(doc.problem(("x-frame",), "x-frame must map envelope parts to field names"))
    for pointer, node in iter_mappings(doc.data):
        for key, what in (("x-intent", "a flag name"), ("x-role", "a role name")):
            if key in node and not _is_name(node[key]):
                problems.append(doc.problem((*pointer, key), f"{key} must be {what}"))
        role = node.get("x-role")
        if _is_name(role) and role not in _ROLES:
            message = f"x-role '{role}' is no role (roles: {', '.join(_ROLES)})"
            problems.append(doc.problem((*pointer, "x-role"), message))
        if "x-source-document" in node and not _is_source(node["x-source-document"]):
            problems.append(_source_problem(doc, (*pointer, "x-source-document")))
        if "x-close-codes" in node and not isinstance(node["x-close-codes"], dict):
            message = "x-close-codes must map close codes to {action, description}"
            problems.append(doc.problem((*pointer, "x-close-codes"), message))
    return problems


def _asyncapi(doc: Document) -> list[Problem]:
    problems = _asyncapi_extensions(doc)
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
