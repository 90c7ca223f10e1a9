"""Request checks: credentials, parameters and bodies against the operation's spec."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from jsonschema.exceptions import best_match
from starlette.datastructures import Headers, QueryParams

from generator.load import Document, SpecSet, operation_parameters, request_payload
from generator.problems import Pointer, format_pointer
from generator.validate import SchemaValidators

_MISSING = "missing"


def _authorization_fault(scheme: dict[str, Any], value: str) -> str | None:
    """What is wrong with an `Authorization` header for an http security scheme: missing, or
    not `<scheme> <token>` (what it holds instead is said by its scheme word alone, never the
    token); None if nothing."""
    if not value:
        return _MISSING
    named = str(scheme.get("scheme", ""))
    expected = "Bearer" if named.lower() == "bearer" else named
    given, space, token = value.partition(" ")
    if given != expected:  # said by the scheme word only: what follows may be a token
        return f"expects '{expected} <token>', got " + (f"'{given} ...'" if space else "no scheme")
    return None if token.strip() else f"expects '{expected} <token>', got no token"


class SchemaChecker:
    def __init__(self, doc: Document, specs: SpecSet) -> None:
        self.doc = doc
        self.specs = specs
        self._validators = SchemaValidators(doc, specs)
        self._schemes = (doc.data.get("components") or {}).get("securitySchemes") or {}

    # -- credentials ----------------------------------------------------------

    def credentials_problem(self, op: dict[str, Any], headers: Headers) -> str | None:
        """What is wrong with the credential headers the operation's security requirement
        names, each said on its own (missing, or the form it should take); None if nothing."""
        requirements = op.get("security", self.doc.data.get("security") or [])
        faults: list[tuple[str, str]] = []
        for scheme_name in requirements[0] if requirements else {}:
            scheme = self._schemes.get(scheme_name, {})
            if scheme.get("type") == "http":
                fault = _authorization_fault(scheme, headers.get("authorization", ""))
                faults += [("Authorization", fault)] if fault else []
            elif scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                name = str(scheme.get("name", ""))
                faults += [] if headers.get(name) else [(name, _MISSING)]
        if all(fault == _MISSING for _, fault in faults):
            return f"missing credentials: {', '.join(n for n, _ in faults)}" if faults else None
        return "bad credentials: " + "; ".join(f"{name} {fault}" for name, fault in faults)

    # -- parameters and bodies ------------------------------------------------

    def parameters(
        self,
        op_pointer: Pointer,
        op: dict[str, Any],
        path_values: Mapping[str, str],
        query: QueryParams,
        headers: Headers,
    ) -> str | None:
        for doc, pointer, param in operation_parameters(self.specs, self.doc, op_pointer):
            name, where = param["name"], param["in"]
            if where == "path":
                raw: list[str] = [path_values[name]] if name in path_values else []
            elif where == "query":
                raw = query.getlist(name)
            else:
                raw = [headers[name]] if name in headers else []
            if not raw:
                if param.get("required") or where == "path":
                    return f"missing required {where} parameter '{name}'"
                continue
            if "schema" in param:
                schema = doc.get((*pointer, "schema"))
                value: Any = raw if "array" in _kinds(self.specs, doc, schema) else raw[0]
                coerced = _coerce(self.specs, doc, schema, value)
                error = self._error(doc, (*pointer, "schema"), coerced)
                if error:
                    return f"{where} parameter '{name}': {error}"
        return None

    def body(self, op_pointer: Pointer, content_type: str | None, body: bytes) -> str | None:
        expected = request_payload(self.specs, self.doc, op_pointer)
        if expected is None:
            return None
        if not body and content_type is None:  # with a media type, an empty body is one
            return "missing required request body" if expected.spec.get("required") else None
        media = (content_type or "").split(";")[0].strip().lower()
        content = expected.content
        if media not in content:
            return f"Content-Type '{media or 'none'}' not accepted; expected {', '.join(content)}"
        if media != "application/json" or "schema" not in content[media]:
            return None
        try:  # an `x-raw-text` body is the string itself, under whatever its media type says
            value = body.decode() if content[media].get("x-raw-text") is True else json.loads(body)
        except UnicodeDecodeError:
            return "request body is not UTF-8 text"
        except ValueError:
            return "request body is not JSON"
        error = self._error(expected.doc, (*expected.pointer, "content", media, "schema"), value)
        return f"request body: {error}" if error else None

    def _error(self, doc: Document, schema_pointer: Pointer, value: Any) -> str | None:
        try:
            validator = self._validators.at(doc, schema_pointer)
        except RecursionError:  # a schema holding itself in place: no value can be checked
            return None
        error = best_match(validator.iter_errors(value))
        if error is None:
            return None
        where = format_pointer(tuple(error.absolute_path))
        return f"{where}: {error.message}" if where else error.message


def _kinds(specs: SpecSet, doc: Document, schema: Any) -> list[str]:
    """The JSON types a schema admits: its `type` (a name or a list of them), or its
    anyOf/oneOf members' (3.1 writes a nullable integer either way)."""
    where, value = specs.deref(doc, schema)
    if not isinstance(value, dict):
        return []
    kind = value.get("type")
    if isinstance(kind, (str, list)):
        return [k for k in ([kind] if isinstance(kind, str) else kind) if isinstance(k, str)]
    members = value.get("anyOf") or value.get("oneOf") or []
    return [k for member in members for k in _kinds(specs, where, member)]


def _coerce(specs: SpecSet, doc: Document, schema: Any, value: Any) -> Any:
    """Query and header values arrive as text; read them as the schema's type."""
    if isinstance(value, list):
        _, resolved = specs.deref(doc, schema)
        return [_coerce(specs, doc, resolved.get("items", {}), v) for v in value]
    kinds = _kinds(specs, doc, schema)
    for kind, read in (("integer", int), ("number", float)):
        if kind in kinds:
            try:
                return read(value)
            except ValueError:
                pass
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    return value
