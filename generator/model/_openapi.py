"""Builds the REST half of the intermediate model from an OpenAPI document."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.load import Document, SpecSet
from generator.load._documents import iter_operations, parse_fragment
from generator.model._names import field_name, pascal_case, snake_case
from generator.model._schemas import Schemas, find_property
from generator.model._types import (
    Auth,
    AuthHeader,
    Body,
    Credential,
    Envelope,
    Operation,
    Pagination,
    Parameter,
    RateLimitHeaders,
    Resource,
    Response,
    Server,
    TokenExchange,
)
from generator.problems import Pointer, SpecError

_BODY_MEDIA_TYPES = (
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
)
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Per-call options every method accepts; spec arguments never take these names.
CALL_OPTIONS = frozenset({"extra_headers", "timeout"})


class OpenApiBuilder:
    """Reads one OpenAPI document; each public method returns one part of the model."""

    def __init__(self, doc: Document, specs: SpecSet, schemas: Schemas) -> None:
        self.doc = doc
        self.specs = specs
        self.schemas = schemas
        self.data: dict[str, Any] = doc.data

    # -- document level -------------------------------------------------------

    def servers(self) -> tuple[Server, ...]:
        out = []
        for index, server in enumerate(self.data.get("servers") or [{"url": "/"}]):
            name = server.get("x-name") or ("default" if index == 0 else f"server{index + 1}")
            variables = tuple((server.get("variables") or {}).keys())
            out.append(Server(server["url"], server.get("description", ""), name, variables))
        return tuple(out)

    def envelope(self) -> Envelope | None:
        spec = self.data.get("x-envelope")
        if not spec:
            return None
        return Envelope(
            code=spec.get("code", "code"),
            message=spec.get("message", "message"),
            data=spec.get("data", "data"),
            success=tuple(spec.get("success", [0])),
        )

    def rate_limit(self) -> RateLimitHeaders | None:
        spec = self.data.get("x-rate-limit-headers")
        if not spec:
            return None
        return RateLimitHeaders(
            limit=spec.get("limit"),
            remaining=spec.get("remaining"),
            reset=spec.get("reset"),
            bucket=spec.get("bucket"),
            global_=spec.get("global"),
        )

    def auth(self) -> Auth:
        requirements = self.data.get("security") or []
        schemes = (self.data.get("components") or {}).get("securitySchemes") or {}
        credentials: list[Credential] = []
        headers: list[AuthHeader] = []
        exchange: TokenExchange | None = None
        for name in requirements[0] if requirements else {}:
            pointer: Pointer = ("components", "securitySchemes", name)
            _, scheme = self.specs.deref(self.doc, schemes.get(name, {}))
            header, credential = self._scheme(pointer, scheme)
            if "x-token-exchange" in scheme:
                header = replace(header, exchanged=True)
            headers.append(header)
            if "x-token-exchange" in scheme:
                exchange = self._token_exchange((*pointer, "x-token-exchange"), scheme)
                for _, cred in exchange.credentials:
                    credentials.append(
                        Credential(cred, f"Used to obtain the {name} token.", _secret(cred))
                    )
            else:
                credentials.append(credential)
        unique = {c.name: c for c in credentials}  # one argument may feed several headers
        return Auth(tuple(unique.values()), tuple(headers), exchange)

    def _scheme(self, pointer: Pointer, scheme: dict[str, Any]) -> tuple[AuthHeader, Credential]:
        kind = scheme.get("type")
        description = scheme.get("description", "")
        if kind == "http" and scheme.get("scheme", "").lower() != "basic":
            name = scheme.get("x-credential", "token")
            prefix = "Bearer" if scheme["scheme"].lower() == "bearer" else scheme["scheme"]
            return AuthHeader("Authorization", name, prefix + " "), Credential(name, description)
        if kind == "apiKey" and scheme.get("in") == "header":
            name = scheme.get("x-credential", snake_case(scheme["name"]))
            return AuthHeader(scheme["name"], name), Credential(name, description, _secret(name))
        what = f"security scheme type '{kind}'" + (
            f" in {scheme.get('in')}" if kind == "apiKey" else ""
        )
        raise SpecError(
            [self.doc.problem(pointer, f"{what} is outside botspec's supported subset")]
        )

    def _token_exchange(self, pointer: Pointer, scheme: dict[str, Any]) -> TokenExchange:
        spec = scheme["x-token-exchange"]
        found = [
            (path, method, op)
            for _, path, method, op in iter_operations(self.data)
            if op.get("operationId") == spec.get("operationId")
        ]
        if not found:
            raise SpecError([self.doc.problem(pointer, "x-token-exchange names no operation")])
        path, _, op = found[0]
        base = (op.get("servers") or self.data.get("servers") or [{"url": ""}])[0]["url"]
        return TokenExchange(
            operation_id=spec["operationId"],
            url=base.rstrip("/") + path,
            credentials=tuple((field, cred) for field, cred in spec.get("credentials", {}).items()),
            token_field=spec.get("token", "access_token"),
            expires_in_field=spec.get("expires-in"),
        )

    def client_headers(self) -> tuple[Parameter, ...]:
        seen: dict[str, Parameter] = {}
        for op_pointer, _, _, op in iter_operations(self.data):
            for param in self._raw_parameters(op_pointer, op):
                if param.client_default and param.name not in seen:
                    seen[param.name] = param
        return tuple(seen.values())

    # -- operations -----------------------------------------------------------

    def resources(self) -> tuple[Resource, ...]:
        aliases: dict[str, list[str]] = {}
        for _, path, method, op in iter_operations(self.data):
            if op.get("x-alias-of"):
                aliases.setdefault(op["x-alias-of"], []).append(f"{method.upper()} {path}")
        grouped: dict[str, list[Operation]] = {}
        for pointer, path, method, op in iter_operations(self.data):
            if op.get("x-alias-of"):
                continue
            tag = (op.get("tags") or ["default"])[0]
            also = tuple(aliases.get(op.get("operationId", ""), ()))
            grouped.setdefault(tag, []).append(self._operation(pointer, path, method, op, also))
        descriptions = {t["name"]: t.get("description", "") for t in self.data.get("tags") or []}
        order = [t for t in descriptions if t in grouped] + [
            t for t in grouped if t not in descriptions
        ]
        return tuple(
            Resource(
                name=snake_case(tag),
                class_name=pascal_case(tag) + "Resource",
                description=descriptions.get(tag, ""),
                operations=tuple(grouped[tag]),
            )
            for tag in order
        )

    def _operation(
        self, pointer: Pointer, path: str, method: str, op: dict[str, Any], also: tuple[str, ...]
    ) -> Operation:
        op_id = op["operationId"]
        hint = pascal_case(op_id)
        body = self._body(pointer, op, hint)
        parameters = _disambiguate(self._raw_parameters(pointer, op), body)
        servers = op.get("servers")
        source = op.get("x-source-document")
        return Operation(
            operation_id=op_id,
            method_name=snake_case(op_id),
            http_method=method.upper(),
            path=path,
            summary=op.get("summary", ""),
            description=op.get("description", ""),
            parameters=parameters,
            body=body,
            response=self._response(pointer, op, hint),
            deprecated=bool(op.get("deprecated")),
            invite_only=bool(op.get("x-invite-only")),
            webhook_only=bool(op.get("x-webhook-only")),
            idempotent=method.upper() in _IDEMPOTENT_METHODS or bool(op.get("x-idempotent")),
            also_documented_as=also,
            pagination=self._pagination(pointer, op, parameters, body),
            source_document=", ".join(source) if isinstance(source, list) else source,
            base_url=servers[0]["url"] if servers else None,
            authenticated=op.get("security") != [],
        )

    def _raw_parameters(self, op_pointer: Pointer, op: dict[str, Any]) -> list[Parameter]:
        item_pointer = op_pointer[:-1]
        merged: dict[tuple[str, str], tuple[Document, Pointer, dict[str, Any]]] = {}
        for owner in (item_pointer, op_pointer):
            for index in range(len(self.doc.get(owner).get("parameters") or [])):
                doc, pointer, param = self._deref(self.doc, (*owner, "parameters", index))
                if param.get("in") == "cookie":
                    raise SpecError(
                        [
                            doc.problem(
                                pointer, "cookie parameters are outside botspec's supported subset"
                            )
                        ]
                    )
                merged[(param["name"], param["in"])] = (doc, pointer, param)
        hint = pascal_case(self.doc.get(op_pointer).get("operationId", "Operation"))
        return [
            self._parameter(doc, pointer, param, hint) for doc, pointer, param in merged.values()
        ]

    def _parameter(
        self, doc: Document, pointer: Pointer, param: dict[str, Any], hint: str
    ) -> Parameter:
        if "schema" in param:
            type_ = self.schemas.python_type(
                doc, (*pointer, "schema"), hint + pascal_case(param["name"]), "request"
            )
            default = doc.get((*pointer, "schema")).get("default")
        else:
            type_, default = "str", None
        return Parameter(
            name=param["name"],
            python_name=_argument_name(param["name"]),
            location=param["in"],
            type=type_,
            required=bool(param.get("required")) or param["in"] == "path",
            description=param.get("description", ""),
            default=None if default is None else repr(default),
            client_default=bool(param.get("x-client-default")),
        )

    def _body(self, pointer: Pointer, op: dict[str, Any], hint: str) -> Body | None:
        if "requestBody" not in op:
            return None
        doc, body_pointer, body = self._deref(self.doc, (*pointer, "requestBody"))
        content = body.get("content") or {}
        media = next((m for m in _BODY_MEDIA_TYPES if m in content), None)
        if media is None:
            found = ", ".join(content) or "none"
            raise SpecError(
                [
                    doc.problem(
                        (*body_pointer, "content"),
                        f"request media type ({found}) is outside botspec's supported subset",
                    )
                ]
            )
        schema_pointer = (*body_pointer, "content", media, "schema")
        required = bool(body.get("required"))
        try:
            doc.get(schema_pointer)
        except KeyError:
            return Body(media, required, None, value=_body_value("bytes", required, body))
        converted = self.schemas.convert(doc, schema_pointer, hint + "Request", "request")
        if media != "text/plain" and self.schemas.is_object(converted):
            model = self.schemas.class_for(doc, schema_pointer, hint + "Request", "request")
            fields = tuple(self._body_fields(doc, schema_pointer, model))
            return Body(media, required, model, fields=fields)
        return Body(
            media,
            required,
            None,
            value=_body_value(self.schemas.type_of(converted), required, body),
        )

    def _body_fields(self, doc: Document, pointer: Pointer, model: str) -> list[Parameter]:
        fields = []
        for name, prop_type, required, description in self.schemas.fields_of(model):
            fields.append(
                Parameter(name, _argument_name(name), "body", prop_type, required, description)
            )
        return fields

    def _response(self, pointer: Pointer, op: dict[str, Any], hint: str) -> Response:
        responses = op.get("responses") or {}
        status = next((s for s in sorted(responses) if s.startswith("2")), None)
        if status is None:
            return Response("None", None, False)
        doc, response_pointer, response = self._deref(self.doc, (*pointer, "responses", status))
        content = response.get("content") or {}
        if not content:
            return Response("None", None, False)
        media = "application/json" if "application/json" in content else next(iter(content))
        schema_pointer = (*response_pointer, "content", media, "schema")
        if "schema" not in content[media]:
            return Response("bytes", media, False)
        envelope = self.data.get("x-envelope")
        if envelope and media == "application/json":
            data = find_property(self.specs, doc, schema_pointer, envelope.get("data", "data"))
            if data is not None:
                data_doc, data_pointer = data
                return Response(
                    self.schemas.python_type(data_doc, data_pointer, hint + "Data", "response"),
                    media,
                    True,
                )
        if media == "text/plain":
            return Response("str", media, False)
        return Response(
            self.schemas.python_type(doc, schema_pointer, hint + "Response", "response"),
            media,
            False,
        )

    def _pagination(
        self,
        pointer: Pointer,
        op: dict[str, Any],
        parameters: tuple[Parameter, ...],
        body: Body | None,
    ) -> Pagination | None:
        spec = op.get("x-pagination")
        if not spec:
            return None
        arguments = {p.name: p.python_name for p in (*parameters, *(body.fields if body else ()))}
        where = (*pointer, "x-pagination")
        for key in ("page-param", "size-param", "cursor-param"):
            if key in spec and spec[key] not in arguments:
                raise SpecError(
                    [
                        self.doc.problem(
                            (*where, key),
                            f"x-pagination {key} '{spec[key]}' is not a parameter of the operation",
                        )
                    ]
                )
        items = _pointer(spec["items"])
        return Pagination(
            style=spec["style"],
            items=items,
            item_type=self._item_type(pointer, op, items),
            page_param=arguments.get(spec.get("page-param") or spec.get("cursor-param", "")),
            size_param=arguments.get(spec.get("size-param", "")),
            first_page=int(spec.get("first-page", 1)),
            total_pages=_pointer(spec["total-pages"]) if "total-pages" in spec else None,
            next_cursor=_pointer(spec["next-cursor"]) if "next-cursor" in spec else None,
        )

    def _item_type(self, pointer: Pointer, op: dict[str, Any], items: tuple[str, ...]) -> str:
        status = next(s for s in sorted(op.get("responses") or {}) if s.startswith("2"))
        doc, response_pointer, _ = self._deref(self.doc, (*pointer, "responses", status))
        location: tuple[Document, Pointer] | None = (
            doc,
            (*response_pointer, "content", "application/json", "schema"),
        )
        for segment in items:
            location = location and find_property(self.specs, location[0], location[1], segment)
        if location is None:
            raise SpecError(
                [
                    self.doc.problem(
                        (*pointer, "x-pagination", "items"),
                        "x-pagination items does not name an array in the response",
                    )
                ]
            )
        list_type = self.schemas.python_type(
            location[0], location[1], pascal_case(op["operationId"]) + "Item", "response"
        )
        return list_type[5:-1] if list_type.startswith("list[") else "Any"

    def _deref(self, doc: Document, pointer: Pointer) -> tuple[Document, Pointer, dict[str, Any]]:
        value = doc.get(pointer)
        for _ in range(50):
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                return doc, pointer, value
            doc, pointer, value = self.specs.resolve(doc, value["$ref"])
        raise SpecError([doc.problem(pointer, "$ref cycle")])


def _pointer(text: str) -> tuple[str, ...]:
    return tuple(str(p) for p in parse_fragment(text, None)) if text not in ("", "/") else ()


def _secret(name: str) -> bool:
    return not name.endswith("id")


def _argument_name(wire: str) -> str:
    name = field_name(wire)
    return name + "_" if name in CALL_OPTIONS else name


def _body_value(type_: str, required: bool, body: dict[str, Any]) -> Parameter:
    return Parameter(
        "body", "body", "body", type_, required, body.get("description", "The request body.")
    )


def _disambiguate(parameters: list[Parameter], body: Body | None) -> tuple[Parameter, ...]:
    """A parameter whose Python name a body field (or another parameter) already has
    gets its location as a suffix: `user_id` header beside a `user_id` field -> `user_id_header`."""
    taken = {f.python_name for f in (body.fields if body else ())}
    out = []
    for param in parameters:
        name = param.python_name
        if name in taken:
            name = f"{name}_{param.location}"
        taken.add(name)
        out.append(replace(param, python_name=name))
    return tuple(out)
