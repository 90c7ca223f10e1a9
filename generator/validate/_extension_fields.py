"""The fields the `x-` extensions name must be fields of the schemas they are read from.

`x-token-exchange` sends its credentials as fields of the token operation's request body and
reads the token (and its lifetime) from fields of that operation's answer (a HEAD answer has
none); `x-envelope` reads
the code of every answer it unwraps and compares it with its `success` values; `x-pagination`
reads the next cursor or the number of pages at a pointer into the answer. A name no schema
declares made a client that sent a body the server refuses, that failed every call, or that
stopped paging after the first page: each is a problem located where the name is written
(`_rules` checks the extensions' shapes; a value of the wrong shape is left to it).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from generator.load import (
    BrokenRef,
    Document,
    ObjectFields,
    SpecSet,
    answer_schema,
    body_pointer,
    followed,
    iter_operations,
    object_fields,
    operation_parameters,
    request_payload,
    type_kinds,
)
from generator.problems import Pointer, Problem
from generator.validate._rules import is_json_pointer
from generator.validate._schemas import SchemaValidators

# Where a schema is written.
Place = tuple[Document, Pointer]


class Kinds(NamedTuple):
    """The JSON types a field the client reads or sends may have, and how a problem says so."""

    types: frozenset[str]
    said: str


_TEXT = Kinds(frozenset({"string"}), "a string")
# The client reads "7200" too.
_SECONDS = Kinds(
    frozenset({"integer", "number", "string"}), "a number of seconds (a number or a string)"
)
_COUNT = Kinds(frozenset({"integer"}), "an integer")
# Sent back as the cursor argument.
_CURSOR = Kinds(frozenset({"string", "integer", "number"}), "a string or a number")
_OBJECT = Kinds(frozenset({"object"}), "an object")
# The pointers of `x-pagination` the client reads besides its items (which the model checks).
_PAGE_POINTERS = {"total-pages": _COUNT, "next-cursor": _CURSOR}
_PAGE_PARAMETERS = ("page-param", "size-param", "cursor-param")


def check(doc: Document, specs: SpecSet) -> list[Problem]:
    if doc.kind != "openapi":
        return []
    fields = _Fields(doc, specs)
    problems = []
    for pointer, spec in _token_exchanges(doc):
        problems += fields.token_exchange(pointer, spec)
    for op_pointer, path, method, op in iter_operations(doc.data):
        if isinstance(op.get("x-pagination"), dict):
            problems += fields.pagination(op_pointer, _operation_name(op, path, method))
    return problems + fields.envelope()


def _answer_schema(specs: SpecSet, doc: Document, op_pointer: Pointer) -> Place | None:
    """The JSON schema of an operation's success answer, as the client reads it; None where
    it has none (or a `$ref` on the way leads nowhere, which the $ref check reports)."""
    try:
        return answer_schema(specs, doc, op_pointer)
    except BrokenRef:
        return None


def _request_schema(specs: SpecSet, doc: Document, op_pointer: Pointer) -> Place | None:
    """The schema of an operation's request body, where the method sends it as fields (JSON
    or a form, not text)."""
    try:
        body = request_payload(specs, doc, op_pointer)
    except BrokenRef:
        return None  # reported by the $ref check
    if body is None or body.media == "text/plain" or body.schema is None:
        return None
    return body.doc, body.schema


def _token_exchanges(doc: Document) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    components = doc.data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    for name, scheme in schemes.items() if isinstance(schemes, dict) else ():
        spec = scheme.get("x-token-exchange") if isinstance(scheme, dict) else None
        if isinstance(spec, dict):
            yield ("components", "securitySchemes", name, "x-token-exchange"), spec


def _operation_name(op: dict[str, Any], path: str, method: str) -> str:
    return str(op.get("operationId") or f"{method.upper()} {path}")


def _operation(doc: Document, operation_id: str) -> Pointer | None:
    found = (p for p, *_, op in iter_operations(doc.data) if op.get("operationId") == operation_id)
    return next(found, None)


def _written(spec: dict[str, Any], pointer: Pointer, key: str, default: Any) -> tuple[Any, Pointer]:
    """The value of `key` in an extension's mapping at `pointer` (`default` where it is not
    written), and where a problem with it is reported."""
    return (spec[key], (*pointer, key)) if key in spec else (default, pointer)


class _Fields:
    """The checks of one OpenAPI document's extensions."""

    def __init__(self, doc: Document, specs: SpecSet) -> None:
        self.doc = doc
        self.specs = specs

    def token_exchange(self, pointer: Pointer, spec: dict[str, Any]) -> list[Problem]:
        """Its operation's request body takes the credentials, its answer has the token."""
        operation_id, where = _written(spec, pointer, "operationId", None)
        if not isinstance(operation_id, str):  # one of the wrong shape `_rules` reports
            message = "x-token-exchange needs operationId (the operation giving the token)"
            return [] if "operationId" in spec else [self.doc.problem(where, message)]
        found = _operation(self.doc, operation_id)
        if found is None:
            message = f"x-token-exchange names no operation ({operation_id!r})"
            return [self.doc.problem(where, message)]
        if found[-1] == "head":
            message = (
                f"x-token-exchange names {operation_id}, a HEAD operation: the answer to a "
                "HEAD request has no body to carry the token"
            )
            return [self.doc.problem(where, message)]
        problems = self.credentials(pointer, spec, found, operation_id)
        answer = _answer_schema(self.specs, self.doc, found)
        if answer is None:
            return problems
        fields = object_fields(self.specs, *answer)
        owner = f"the answer of {operation_id}"
        for key, default, kinds in (
            ("token", "access_token", _TEXT),
            ("expires-in", None, _SECONDS),
        ):
            name, where = _written(spec, pointer, key, default)
            problems += self.field(where, f"x-token-exchange {key}", name, fields, owner, kinds)
        return problems

    def credentials(
        self, pointer: Pointer, spec: dict[str, Any], op_pointer: Pointer, operation_id: str
    ) -> list[Problem]:
        """Each credential fills a field of the request body; together they fill all it
        requires."""
        credentials, where = _written(spec, pointer, "credentials", {})
        if not isinstance(credentials, dict):
            return []
        label = "x-token-exchange credentials"
        body = _request_schema(self.specs, self.doc, op_pointer)
        if body is None:
            if not credentials:
                return []
            return [self.doc.problem(where, f"{label}: {operation_id} has no JSON or form body")]
        fields = object_fields(self.specs, *body)
        owner = f"the request body of {operation_id}"
        problems = [
            problem
            for name in credentials
            for problem in self.field((*where, name), label, name, fields, owner, _TEXT)
        ]
        missing = sorted(fields.required - set(credentials) - set(fields.constants(self.specs)))
        if missing:
            names = ", ".join(repr(name) for name in missing)
            message = f"{label}: {owner} requires {names}, which no credential fills"
            problems.append(self.doc.problem(where, message))
        return problems

    def field(
        self,
        where: Pointer,
        label: str,
        name: Any,
        fields: ObjectFields,
        owner: str,
        kinds: Kinds | None,
    ) -> list[Problem]:
        """The problem of `name` as a field of `owner` (of one of `kinds` where it states a
        type); none for a name that is no string (`_rules` says what it must be)."""
        if not isinstance(name, str):
            return []
        if name not in fields.properties:
            return [self.doc.problem(where, f"{label}: {owner} has no {name!r} field")]
        if kinds is not None and self.refuses(fields.properties[name], kinds.types):
            message = f"{label}: the {name!r} field of {owner} must be {kinds.said}"
            return [self.doc.problem(where, message)]
        return []

    def pagination(self, op_pointer: Pointer, operation: str) -> list[Problem]:
        """The answer has the fields `x-pagination` points at, and the page (or cursor) and
        its size are arguments the client can send as pages are asked for."""
        pointer = (*op_pointer, "x-pagination")
        spec = self.doc.get(pointer)
        problems = self.page_parameters(op_pointer, pointer, spec)
        answer = _answer_schema(self.specs, self.doc, op_pointer)
        if answer is None:  # the model says it needs a JSON answer
            return problems
        for key, kinds in _PAGE_POINTERS.items():
            if is_json_pointer(spec.get(key)):  # a value of another shape: `_rules` says so
                path = body_pointer(spec[key])
                where = (*pointer, key)
                problems += self.reached(
                    answer, path, where, f"x-pagination {key}", operation, kinds
                )
        return problems

    def reached(
        self,
        answer: Place,
        path: tuple[str, ...],
        where: Pointer,
        label: str,
        operation: str,
        kinds: Kinds,
    ) -> list[Problem]:
        """The problem of the field `path` leads to in `answer` (a nested one through
        objects), of one of `kinds` where it states a type."""
        owner = f"the answer of {operation}"
        if not path:
            return [self.doc.problem(where, f"{label}: names the whole of {owner}, not a field")]
        place = answer
        for depth, name in enumerate(path):
            fields = object_fields(self.specs, *place)
            within = f"/{'/'.join(path[:depth])} of {owner}" if depth else owner
            last = depth == len(path) - 1
            problems = self.field(where, label, name, fields, within, kinds if last else _OBJECT)
            if problems:
                return problems
            place = fields.properties[name]
        return []

    def page_parameters(
        self, op_pointer: Pointer, pointer: Pointer, spec: dict[str, Any]
    ) -> list[Problem]:
        """A problem at each name of `spec` that is a parameter sent elsewhere than in the
        query (a header, say) and no body property: pages are asked for in those two only.
        (One naming nothing the model reports.)"""
        places: dict[str, set[str]] = {}
        for _, _, param in operation_parameters(self.specs, self.doc, op_pointer):
            places.setdefault(param["name"], set()).add(str(param.get("in")))
        body = _request_schema(self.specs, self.doc, op_pointer)
        body_fields = object_fields(self.specs, *body).properties if body else {}
        problems = []
        for key in _PAGE_PARAMETERS:
            name = spec.get(key)
            found = places.get(name, set()) if isinstance(name, str) else set()
            if found and "query" not in found and name not in body_fields:
                message = (
                    f"x-pagination {key}: {name!r} is a {' and '.join(sorted(found))} "
                    "parameter; pages are asked for by a query parameter or a body property"
                )
                problems.append(self.doc.problem((*pointer, key), message))
        return problems

    def refuses(self, place: Place, kinds: frozenset[str]) -> bool:
        """Whether the schema at `place` states a `type` that is none of `kinds`."""
        _, _, schema = followed(self.specs, place[0], place[1], place[0].get(place[1]))
        types = schema.get("type") if isinstance(schema, dict) else None
        named = type_kinds(types)
        return bool(named) and not named & kinds

    def envelope(self) -> list[Problem]:
        """`code` is a field of every answer the envelope unwraps (those declaring its `data`
        field), and each `success` value a value of that field."""
        spec = self.doc.data.get("x-envelope")
        if not isinstance(spec, dict) or not spec:
            return []
        code, code_at = _written(spec, ("x-envelope",), "code", "code")
        data = spec.get("data", "data")
        if not (isinstance(code, str) and isinstance(data, str)):
            return []
        problems: list[Problem] = []
        codes: dict[tuple[Path, Pointer], tuple[Place, str]] = {}
        for op_pointer, path, method, op in iter_operations(self.doc.data):
            answer = _answer_schema(self.specs, self.doc, op_pointer)
            fields = object_fields(self.specs, *answer) if answer else ObjectFields()
            if data not in fields.properties:
                continue  # an answer the envelope does not unwrap
            owner = f"the answer of {_operation_name(op, path, method)}"
            if not problems:  # said of the first answer lacking it
                problems = self.field(code_at, "x-envelope code", code, fields, owner, None)
            place = fields.properties.get(code)
            if place is not None:
                codes.setdefault((place[0].path, place[1]), (place, owner))
        return problems + self.success(spec, code, list(codes.values()))

    def success(
        self, spec: dict[str, Any], code: str, codes: list[tuple[Place, str]]
    ) -> list[Problem]:
        success, where = _written(spec, ("x-envelope",), "success", [0])
        if not codes or not isinstance(success, list):
            return []
        validators = SchemaValidators(self.doc, self.specs)
        problems = []
        for index, value in enumerate(success):
            at = (*where, index) if "success" in spec else where
            for (code_doc, code_pointer), owner in codes:
                reason = _refusal(validators, code_doc, code_pointer, value)
                if reason is not None:
                    message = f"x-envelope success: the {code!r} field of {owner} refuses {value!r}"
                    problems.append(self.doc.problem(at, f"{message} ({reason})"))
                    break
        return problems


def _refusal(
    validators: SchemaValidators, doc: Document, pointer: Pointer, value: Any
) -> str | None:
    """Why the schema at `pointer` refuses `value`; None if it takes it."""
    try:
        error = next(iter(validators.at(doc, pointer).iter_errors(value)), None)
    except Exception:  # a malformed or endless schema is reported on its own
        return None
    return None if error is None else error.message
