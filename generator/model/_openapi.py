"""Builds the REST half of the intermediate model from an OpenAPI document."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from generator.load import (
    Constant,
    Document,
    ObjectFields,
    SpecSet,
    answer_payload,
    answer_schema,
    body_pointer,
    followed,
    is_json_media,
    iter_operations,
    object_fields,
    operation_parameters,
    request_payload,
    sole_value,
    success_status,
)
from generator.model._constraints import union_members
from generator.model._names import field_name, pascal_case, safe_identifier, snake_case, unique
from generator.model._schemas import Schemas, find_property, requires_property
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
    admits_null,
    flavour_names,
    or_none,
)
from generator.problems import Pointer, SpecError

_FORM_URLENCODED = "application/x-www-form-urlencoded"
_FORM_MEDIA_TYPES = frozenset({_FORM_URLENCODED, "multipart/form-data"})
# What a token purchase (x-token-exchange) can send the credentials as.
_EXCHANGE_MEDIA_TYPES = ("application/json", _FORM_URLENCODED)
_ABSOLUTE_URL = re.compile(r"^(https?://|\{[^{}/]+\})", re.IGNORECASE)
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# Per-call options every method accepts; spec arguments never take these names.
CALL_OPTIONS = frozenset({"extra_headers", "timeout"})
# The argument of a body's extra fields (`additionalProperties`); its declared fields never
# take this name, so that it is the same on every method.
EXTRA_FIELDS = "extra_fields"
# Constructor arguments every client has; credentials never take these names.
CLIENT_OPTIONS = frozenset(
    {"base_url", "http_client", "max_retries", "sandbox", "timeout", "token_url", "transport"}
)
# Attributes of every client and resource; tags and operations never take these names.
CLIENT_ATTRIBUTES = frozenset(
    {"base_url", "close", "max_retries", "paginate", "request", "timeout", "with_raw_response"}
)
RESOURCE_ATTRIBUTES = frozenset({"with_raw_response"})
# HTTP schemes that need a challenge-response exchange, not a token in the header.
_CHALLENGE_SCHEMES = frozenset({"basic", "digest", "negotiate", "hoba", "mutual"})


class OpenApiBuilder:
    """Reads one OpenAPI document; each public method returns one part of the model."""

    def __init__(self, doc: Document, specs: SpecSet, schemas: Schemas) -> None:
        self.doc = doc
        self.specs = specs
        self.schemas = schemas
        self.data: dict[str, Any] = doc.data

    # -- document level -------------------------------------------------------

    def servers(self) -> tuple[Server, ...]:
        """The document's servers; none declared: the client needs a base_url."""
        out = []
        for index, server in enumerate(self.data.get("servers") or []):
            self._check_server_url(("servers", index, "url"), server["url"])
            name = server.get("x-name") or ("default" if index == 0 else f"server{index + 1}")
            declared = server.get("variables") or {}
            variables = tuple(declared.keys())
            notes = tuple(str(v.get("description", "")) for v in declared.values())
            out.append(Server(server["url"], server.get("description", ""), name, variables, notes))
        return tuple(out)

    def _check_server_url(self, pointer: Pointer, url: str) -> None:
        """Server URLs are absolute (or start with a `{variable}` the user fills in)."""
        if not _ABSOLUTE_URL.match(url):
            raise SpecError(
                [
                    self.doc.problem(
                        pointer,
                        f"relative server URL '{url}' is outside botspec's supported subset "
                        "(give the absolute URL)",
                    )
                ]
            )

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

    def error_fields(self) -> tuple[str, str] | None:
        """The fields of an error body holding the platform's code and message: `x-error`'s,
        else the envelope's; None when the spec names none (nothing is guessed)."""
        spec = self.data.get("x-error")
        if not spec:
            envelope = self.envelope()
            return (envelope.code, envelope.message) if envelope else None
        fields = (spec.get("code"), spec.get("message"))
        if not all(isinstance(f, str) and f for f in fields):
            message = "x-error needs code and message (field names of the error body)"
            raise SpecError([self.doc.problem(("x-error",), message)])
        return fields[0], fields[1]

    def rate_limit(self) -> RateLimitHeaders | None:
        spec = self.data.get("x-rate-limit-headers")
        if not spec:
            return None
        return RateLimitHeaders(
            remaining=spec.get("remaining"),
            reset=spec.get("reset"),
            bucket=spec.get("bucket"),
            global_=spec.get("global"),
        )

    def auth(self) -> Auth:
        """The credentials and headers of the document's (first) security requirement."""
        requirements = self.data.get("security") or []
        schemes = (self.data.get("components") or {}).get("securitySchemes") or {}
        credentials: list[Credential] = []
        headers: list[AuthHeader] = []
        exchange: TokenExchange | None = None
        for name in requirements[0] if requirements else {}:
            pointer: Pointer = ("components", "securitySchemes", name)
            _, _, scheme = self.specs.follow(self.doc, pointer, schemes.get(name, {}))
            header, credential = self._scheme(pointer, scheme)
            clash = next((h for h in headers if h.header.lower() == header.header.lower()), None)
            if clash is not None:
                raise SpecError(
                    [
                        self.doc.problem(
                            ("security", 0, name),
                            "two security schemes of one requirement setting the "
                            f"{header.header} header are outside botspec's supported subset",
                        )
                    ]
                )
            if "x-token-exchange" in scheme:
                header = replace(header, exchanged=True)
            headers.append(header)
            if "x-token-exchange" in scheme:
                exchange = self._token_exchange((*pointer, "x-token-exchange"), scheme)
                for _, cred in exchange.credentials:
                    credentials.append(Credential(cred, f"Used to obtain the {name} token."))
            else:
                credentials.append(credential)
        for credential in credentials:
            if not _is_argument_name(credential.name) or credential.name in CLIENT_OPTIONS:
                raise SpecError(
                    [
                        self.doc.problem(
                            ("security", 0),
                            f"credential name '{credential.name}' is not usable as a client "
                            "argument (x-credential must be a snake_case identifier that is not "
                            f"one of {', '.join(sorted(CLIENT_OPTIONS))})",
                        )
                    ]
                )
        unique = {c.name: c for c in credentials}  # one argument may feed several headers
        return Auth(tuple(unique.values()), tuple(headers), exchange)

    def security_names(self) -> frozenset[str]:
        """Schemes of the requirement the client authenticates with."""
        requirements = self.data.get("security") or []
        return frozenset(requirements[0]) if requirements else frozenset()

    def _scheme(self, pointer: Pointer, scheme: dict[str, Any]) -> tuple[AuthHeader, Credential]:
        kind = scheme.get("type")
        description = scheme.get("description", "")
        http_scheme = str(scheme.get("scheme", ""))
        if kind == "http" and http_scheme.lower() not in _CHALLENGE_SCHEMES:
            name = scheme.get("x-credential", "token")
            prefix = "Bearer" if http_scheme.lower() == "bearer" else http_scheme
            return AuthHeader("Authorization", name, prefix + " "), Credential(name, description)
        if kind == "apiKey" and scheme.get("in") == "header":
            name = scheme.get("x-credential") or _derived_credential(scheme["name"])
            return AuthHeader(scheme["name"], name), Credential(name, description)
        if kind == "http":
            what = f"http authentication scheme '{http_scheme}'"
        elif kind == "apiKey":
            what = f"security scheme type 'apiKey' in {scheme.get('in')}"
        else:
            what = f"security scheme type '{kind}'"
        raise SpecError(
            [self.doc.problem(pointer, f"{what} is outside botspec's supported subset")]
        )

    def _token_exchange(self, pointer: Pointer, scheme: dict[str, Any]) -> TokenExchange:
        spec = scheme["x-token-exchange"]
        found = [
            (op_pointer, path, method)
            for op_pointer, path, method, op in iter_operations(self.data)
            if op.get("operationId") == spec.get("operationId")
        ]
        if not found:
            raise SpecError([self.doc.problem(pointer, "x-token-exchange names no operation")])
        op_pointer, path, method = found[0]
        if "{" in path:
            message = (
                f"a token operation (x-token-exchange) with path parameters ({path}) is "
                "outside botspec's supported subset: the purchase sends the credentials only"
            )
            raise SpecError([self.doc.problem(op_pointer[:-1], message)])
        media, fields = self._exchange_body(op_pointer)
        credentials = tuple((field, cred) for field, cred in spec.get("credentials", {}).items())
        return TokenExchange(
            operation_id=spec["operationId"],
            method=method.upper(),
            path=path,
            server=self._operation_server(op_pointer),
            form=media == _FORM_URLENCODED,
            credentials=credentials,
            body=_exchange_body(fields, dict(credentials), fields.constants(self.specs)),
            token_field=spec.get("token", "access_token"),
            expires_in_field=spec.get("expires-in"),
        )

    def _exchange_body(self, op_pointer: Pointer) -> tuple[str, ObjectFields]:
        """The media type the token purchase sends the credentials as (the one the token
        operation's method sends its body as), and the fields of that body."""
        body = request_payload(self.specs, self.doc, op_pointer)
        if body is None:
            message = (
                "a token operation (x-token-exchange) without a request body for the "
                "credentials is outside botspec's supported subset"
            )
            raise SpecError([self.doc.problem(op_pointer, message)])
        media = body.media
        if media is None or media not in _EXCHANGE_MEDIA_TYPES:
            message = (
                f"a token operation (x-token-exchange) whose request is "
                f"{media or ', '.join(body.content) or 'of no media type'} is outside botspec's "
                f"supported subset (it sends {' or '.join(_EXCHANGE_MEDIA_TYPES)})"
            )
            raise SpecError([body.doc.problem((*body.pointer, "content"), message)])
        return media, object_fields(self.specs, body.doc, (*body.media_pointer, "schema"))

    def client_headers(self, auth: Auth) -> tuple[Parameter, ...]:
        """Headers settable once on the client (x-client-default); their constructor
        arguments never take a credential's (of `auth`) or a client option's name."""
        seen: dict[str, Parameter] = {}
        taken = {c.name for c in auth.credentials} | CLIENT_OPTIONS
        for op_pointer, _, _, op in iter_operations(self.data):
            for param in self._raw_parameters(op_pointer, op):
                if param.client_default and param.name not in seen:
                    python = param.python_name
                    if python in taken:
                        python = unique(f"{python.rstrip('_')}_header", taken)
                    taken.add(python)
                    seen[param.name] = replace(param, python_name=python)
        return tuple(seen.values())

    # -- operations -----------------------------------------------------------

    def resources(self) -> tuple[Resource, ...]:
        aliases: dict[str, list[str]] = {}
        for _, path, method, op in iter_operations(self.data):
            if op.get("x-alias-of"):
                aliases.setdefault(op["x-alias-of"], []).append(f"{method.upper()} {path}")
        grouped: dict[str, list[Operation]] = {}
        pointers: dict[str, Pointer] = {}
        for pointer, path, method, op in iter_operations(self.data):
            if op.get("x-alias-of"):
                continue
            tag = (op.get("tags") or ["default"])[0]
            also = tuple(aliases.get(op.get("operationId", ""), ()))
            grouped.setdefault(tag, []).append(self._operation(pointer, path, method, op, also))
            pointers[op["operationId"]] = pointer
        self._check_constants(grouped, pointers)
        descriptions = {t["name"]: t.get("description", "") for t in self.data.get("tags") or []}
        order = [t for t in descriptions if t in grouped] + [
            t for t in grouped if t not in descriptions
        ]
        attributes = set(CLIENT_ATTRIBUTES)
        classes = set(self.schemas.names)
        return tuple(
            Resource(
                name=unique(snake_case(tag), attributes),
                class_name=_resource_class(tag, classes),
                description=descriptions.get(tag, ""),
                operations=_unique_methods(grouped[tag]),
            )
            for tag in order
        )

    def _check_constants(
        self, grouped: dict[str, list[Operation]], pointers: dict[str, Pointer]
    ) -> None:
        """Each operation's `Endpoint` constant needs a name of its own."""
        seen: dict[str, str] = {name: f"model class {name}" for name in self.schemas.names}
        for operations in grouped.values():
            for op in operations:
                other = seen.setdefault(op.constant, f"operationId '{op.operation_id}'")
                if other != f"operationId '{op.operation_id}'":
                    raise SpecError(
                        [
                            self.doc.problem(
                                (*pointers[op.operation_id], "operationId"),
                                f"operationId '{op.operation_id}' and {other} both become the "
                                f"Python name {op.constant}; rename one",
                            )
                        ]
                    )

    def _operation(
        self, pointer: Pointer, path: str, method: str, op: dict[str, Any], also: tuple[str, ...]
    ) -> Operation:
        op_id = op["operationId"]
        hint = pascal_case(op_id)
        body = self._body(pointer, hint)
        parameters = _disambiguate(self._raw_parameters(pointer, op), body)
        base_url = self._operation_server(pointer)
        return Operation(
            operation_id=op_id,
            method_name=snake_case(op_id),
            http_method=method.upper(),
            path=path,
            summary=op.get("summary", ""),
            description=op.get("description", ""),
            parameters=parameters,
            body=body,
            response=self._response(pointer, hint),
            deprecated=bool(op.get("deprecated")),
            invite_only=bool(op.get("x-invite-only")),
            webhook_only=bool(op.get("x-webhook-only")),
            idempotent=method.upper() in _IDEMPOTENT_METHODS or bool(op.get("x-idempotent")),
            also_documented_as=also,
            pagination=self._pagination(pointer, op, parameters, body),
            base_url=base_url,
            authenticated=self._authenticated(pointer, op),
        )

    def _operation_server(self, pointer: Pointer) -> str | None:
        """The operation's (or its path's) own server, variables filled with their defaults."""
        for owner in (pointer, pointer[:-1]):
            servers = self.doc.get(owner).get("servers")
            if servers:
                self._check_server_url((*owner, "servers", 0, "url"), servers[0]["url"])
                url = str(servers[0]["url"])
                for name, variable in (servers[0].get("variables") or {}).items():
                    url = url.replace("{" + name + "}", str(variable.get("default", "")))
                return url
        return None

    def _authenticated(self, pointer: Pointer, op: dict[str, Any]) -> bool:
        """False for `security: []` (or only `{}`); otherwise the operation must use the
        document's scheme(s): per-operation schemes are outside the subset."""
        if "security" not in op:
            return True
        alternatives = [frozenset(r) for r in op["security"]]
        if all(not r for r in alternatives):
            return False
        if self.security_names() in alternatives:
            return True
        names = " or ".join(", ".join(sorted(r)) or "none" for r in alternatives)
        raise SpecError(
            [
                self.doc.problem(
                    (*pointer, "security"),
                    f"operation security ({names}) differs from the document's "
                    f"({', '.join(sorted(self.security_names())) or 'none'}): per-operation "
                    "security schemes are outside botspec's supported subset",
                )
            ]
        )

    def _raw_parameters(self, op_pointer: Pointer, op: dict[str, Any]) -> list[Parameter]:
        found = operation_parameters(self.specs, self.doc, op_pointer)
        for doc, pointer, param in found:
            if param.get("in") == "cookie":
                message = "cookie parameters are outside botspec's supported subset"
                raise SpecError([doc.problem(pointer, message)])
        hint = pascal_case(self.doc.get(op_pointer).get("operationId", "Operation"))
        return [self._parameter(doc, pointer, param, hint) for doc, pointer, param in found]

    def _parameter(
        self, doc: Document, pointer: Pointer, param: dict[str, Any], hint: str
    ) -> Parameter:
        location = param["in"]
        if "schema" not in param:
            raise SpecError(
                [
                    doc.problem(
                        (*pointer, "content") if "content" in param else pointer,
                        "parameters described by 'content' instead of 'schema' are outside "
                        "botspec's supported subset",
                    )
                ]
            )
        schema_pointer = (*pointer, "schema")
        hint += pascal_case(param["name"])
        converted = self.schemas.convert(doc, schema_pointer, hint, "request")
        self._check_serialization(doc, pointer, param, converted)
        type_ = self.schemas.python_type(doc, schema_pointer, hint, "request")
        raw = doc.get(schema_pointer)
        default = raw.get("default") if isinstance(raw, dict) else None  # `true` has none
        required = bool(param.get("required")) or location == "path"
        constant = sole_value(followed(self.specs, doc, schema_pointer, raw)[2])
        return Parameter(
            name=param["name"],
            python_name=_argument_name(param["name"]),
            location=location,
            type=type_,
            required=required,
            description=param.get("description", ""),
            default=None if default is None else repr(default),
            client_default=bool(param.get("x-client-default")),
            example=_example(param, raw),
            checked=self.schemas.checked_type(doc, schema_pointer, converted),
            constant=_constant(type_, constant if required and location != "path" else None),
        )

    def _check_serialization(
        self, doc: Document, pointer: Pointer, param: dict[str, Any], converted: dict[str, Any]
    ) -> None:
        """The clients send scalars in paths and headers, and scalars or exploded arrays of
        scalars in the query (OpenAPI's default styles); anything else is refused."""
        location = param["in"]
        default_style = "form" if location == "query" else "simple"
        shape = self.schemas.shape(converted)
        subset = "outside botspec's supported subset"
        problem: tuple[Pointer, str] | None = None
        if param.get("style", default_style) != default_style:
            problem = (
                *pointer,
                "style",
            ), f"{location} parameter style '{param['style']}' is {subset}"
        elif shape not in ("scalar", "array") or (location != "query" and shape == "array"):
            what = _UNSENDABLE.get(shape, f"{shape} values")
            problem = (*pointer, "schema"), f"{what} in {location} parameters are {subset}"
        elif shape == "array" and param.get("explode", True) is False:
            problem = (*pointer, "explode"), f"query arrays with explode: false are {subset}"
        elif shape == "array" and self.schemas.shape(converted.get("items") or {}) != "scalar":
            problem = (
                *pointer,
                "schema",
                "items",
            ), f"query arrays of arrays or objects are {subset}"
        if problem:
            raise SpecError([doc.problem(*problem)])

    def _body(self, pointer: Pointer, hint: str) -> Body | None:
        body = request_payload(self.specs, self.doc, pointer)
        if body is None:
            return None
        doc, media = body.doc, body.media
        if media is None:
            found = ", ".join(body.content) or "none"
            raise SpecError(
                [
                    doc.problem(
                        (*body.pointer, "content"),
                        f"request media type ({found}) is outside botspec's supported subset",
                    )
                ]
            )
        schema_pointer = (*body.media_pointer, "schema")
        required = bool(body.spec.get("required"))
        form = media in _FORM_MEDIA_TYPES
        if body.schema is None and not form:
            type_ = "str" if media == "text/plain" else "Any"
            value = _body_value(type_, required, body.spec, media)
            return Body(media, required, None, value=value)
        converted = (
            self.schemas.convert(doc, schema_pointer, hint + "Request", "request")
            if body.schema
            else {}
        )
        if form and not self.schemas.is_object(converted):
            raise SpecError(
                [
                    doc.problem(
                        schema_pointer if converted else body.media_pointer,
                        f"a {media} body that is not an object schema with properties is "
                        "outside botspec's supported subset",
                    )
                ]
            )
        if media != "text/plain" and self.schemas.is_object(converted):
            model = self.schemas.class_for(doc, schema_pointer, hint + "Request", "request")
            extra_type = self.schemas.extra_type(model)
            constants = object_fields(self.specs, doc, schema_pointer).constants(self.specs)
            fields = tuple(self._body_fields(model, media, extra_type is not None, constants))
            extra = _extra_fields(extra_type) if extra_type else None
            return Body(media, required, model, fields=fields, extra=extra)
        type_ = self.schemas.whole_type(doc, schema_pointer, converted)
        # `x-raw-text` (a string schema, validate says): sent as text is, so no null either
        raw_text = doc.get(body.media_pointer).get("x-raw-text") is True
        value = _body_value(type_, required, body.spec, "text/plain" if raw_text else media)
        return Body(
            media,
            required,
            None,
            value=replace(value, checked=self.schemas.checked_type(doc, schema_pointer, converted)),
            raw_text=raw_text,
        )

    def _body_fields(
        self, model: str, media: str, extra: bool, constants: dict[str, Constant]
    ) -> list[Parameter]:
        """The body model's fields as keyword arguments, named as the model names them but
        for the per-call options' names (and `extra_fields`, beside extra fields); a required
        field admitting one value (`constants`, by wire name) defaults to it."""
        python_names = self.schemas.field_names(model)
        taken = set(python_names.values())
        reserved = CALL_OPTIONS | ({EXTRA_FIELDS} if extra else set())
        fields = []
        for name, prop_type, required, description in self.schemas.fields_of(model, sent=True):
            python = python_names[name]
            python = unique(python + "_", taken) if python in reserved else python
            nullable = _sends_null(media, prop_type)
            constant = _constant(prop_type, constants.get(name))
            fields.append(
                Parameter(
                    name,
                    python,
                    "body",
                    prop_type,
                    required,
                    description,
                    nullable=nullable,
                    constant=constant,
                )
            )
        return fields

    def _response(self, pointer: Pointer, hint: str) -> Response:
        found = answer_payload(self.specs, self.doc, pointer)
        if found is None or not found.content:
            return Response("None", None, False)
        doc, media = found.doc, found.media
        if media is None:
            raise SpecError(
                [
                    doc.problem(
                        (*found.pointer, "content"),
                        f"response media type ({', '.join(found.content)}) is outside botspec's "
                        "supported subset (JSON or text)",
                    )
                ]
            )
        if not is_json_media(media):
            return Response("str", media, False)
        schema_pointer = found.schema
        if schema_pointer is None:
            return Response("Any", media, False)
        envelope = self.data.get("x-envelope")
        if envelope:
            name = envelope.get("data", "data")
            data = find_property(self.specs, doc, schema_pointer, name)
            if data is not None:
                data_doc, data_pointer = data
                answer, decoded = self.schemas.answer_types(data_doc, data_pointer, hint + "Data")
                if not requires_property(self.specs, doc, schema_pointer, name):
                    # a success may come without it: the method returns None then
                    answer, decoded = or_none(answer), decoded and or_none(decoded)
                return Response(answer, media, True, decoded)
        answer, decoded = self.schemas.answer_types(doc, schema_pointer, hint + "Response")
        return Response(answer, media, False, decoded)

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
        items = body_pointer(spec["items"])
        item_type, item_decoded = self._item_types(pointer, op, items)
        return Pagination(
            style=spec["style"],
            items=items,
            item_type=item_type,
            item_decoded=item_decoded,
            page_param=arguments.get(spec.get("page-param") or spec.get("cursor-param", "")),
            first_page=int(spec.get("first-page", 1)),
            total_pages=body_pointer(spec["total-pages"]) if "total-pages" in spec else None,
            next_cursor=body_pointer(spec["next-cursor"]) if "next-cursor" in spec else None,
        )

    def _item_types(
        self, pointer: Pointer, op: dict[str, Any], items: tuple[str, ...]
    ) -> tuple[str, str | None]:
        """A page item's type, and the type to read it by where that differs."""
        location: tuple[Document, Pointer] | None = answer_schema(self.specs, self.doc, pointer)
        if location is None:
            status = success_status(op)
            reason = f"x-pagination needs a JSON answer to page through; response {status} has none"
            raise SpecError([self.doc.problem((*pointer, "x-pagination"), reason)])
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
        hint = pascal_case(op["operationId"]) + "Item"
        list_type = self.schemas.python_type(location[0], location[1], hint, "response")
        # An array, or null (no items); anything else beside it leaves the items untyped.
        members = [m for m in union_members(list_type) if m != "None"]
        if len(members) != 1 or not members[0].startswith("list["):
            return "Any", None
        hoisted, decoded = self.schemas.page_items(location[0], location[1], hint)
        return hoisted or members[0][5:-1], decoded


# What a parameter's schema is, by `Schemas.shape`, where the clients cannot send it.
_UNSENDABLE = {
    "mixed": "unions of arrays or objects",
    "recursive": "schemas that hold themselves",
}


def _exchange_body(
    fields: ObjectFields, credentials: dict[str, str], constants: dict[str, Constant]
) -> tuple[tuple[str, str], ...]:
    """What a token purchase sends, in the order of the body's fields: each credential's
    argument, and the value of each required field that admits one only."""
    sent = {name: repr(value) for name, value in constants.items()} | credentials
    order = {name: index for index, name in enumerate(fields.properties)}
    return tuple(sorted(sent.items(), key=lambda item: order.get(item[0], len(order))))


def _constant(type_: str, value: Constant | None) -> str | None:
    """The default of an argument that admits `value` only, where its type is that literal
    (an enum class of one member takes the member, which the caller names)."""
    return None if value is None or not type_.startswith("Literal[") else repr(value)


def _derived_credential(header: str) -> str:
    """The client argument for an API key header that names none (x-credential)."""
    name = snake_case(header)
    return name + "_" if name in CLIENT_OPTIONS else name


def _is_argument_name(name: str) -> bool:
    return name.isidentifier() and name.isascii() and safe_identifier(name) == name


def _argument_name(wire: str) -> str:
    name = field_name(wire)
    return name + "_" if name in CALL_OPTIONS else name


def _body_value(type_: str, required: bool, body: dict[str, Any], media: str) -> Parameter:
    description = body.get("description", "The request body.")
    nullable = _sends_null(media, type_)
    return Parameter("body", "body", "body", type_, required, description, nullable=nullable)


def _extra_fields(value_type: str) -> Parameter:
    description = (
        "Fields to send beside the declared ones, by their names on the wire, as the spec"
        " allows; a declared field's name is refused (pass it as its own argument)."
    )
    return Parameter(
        EXTRA_FIELDS, EXTRA_FIELDS, "extra", f"dict[str, {value_type}]", False, description
    )


def _sends_null(media: str, type_: str) -> bool:
    """None is sent as null where the value admits null and the body is JSON; forms and
    text have no null (None leaves a form field out)."""
    return media == "application/json" and admits_null(type_)


def _disambiguate(parameters: list[Parameter], body: Body | None) -> tuple[Parameter, ...]:
    """A parameter whose Python name a body field (or another parameter) already has
    gets its location as a suffix: `user_id` header beside a `user_id` field -> `user_id_header`."""
    own = (*body.fields, body.value, body.extra) if body else ()  # `body`, `extra_fields`
    taken = {f.python_name for f in own if f} | set(CALL_OPTIONS)
    out = []
    for param in parameters:
        name = param.python_name
        if name in taken:
            name = unique(f"{name.rstrip('_')}_{param.location}", taken)
        taken.add(name)
        out.append(replace(param, python_name=name))
    return tuple(out)


def _resource_class(tag: str, taken: set[str]) -> str:
    """`<Tag>Resource`, free together with the classes named after it (`Resource.flavours`)."""
    stem, counter = pascal_case(tag), 1
    while True:
        name = f"{stem}{counter if counter > 1 else ''}Resource"
        derived = flavour_names(name)
        if taken.isdisjoint(derived):
            taken.update(derived)
            return name
        counter += 1


def _unique_methods(operations: list[Operation]) -> tuple[Operation, ...]:
    """Method names unique on their resource, paging twins (`iter_*`) included."""
    taken = set(RESOURCE_ATTRIBUTES)
    out = []
    for op in operations:
        name, counter = op.method_name, 1
        while True:
            candidate = replace(op, method_name=name if counter == 1 else f"{name}{counter}")
            names = {candidate.method_name}
            if candidate.pagination:
                names.add(candidate.iter_method_name)
            if len(names) == (2 if candidate.pagination else 1) and not names & taken:
                break
            counter += 1
        taken |= names
        out.append(candidate)
    return tuple(out)


def _example(param: dict[str, Any], schema: Any) -> str | None:
    """Python literal of a parameter's first example (its own, else its schema's)."""
    examples = param.get("examples")
    if isinstance(examples, dict):
        for example in examples.values():
            if isinstance(example, dict) and "value" in example:
                return repr(example["value"])
    if "example" in param:
        return repr(param["example"])
    if isinstance(schema, dict):
        if "example" in schema:
            return repr(schema["example"])
        if isinstance(schema.get("examples"), list) and schema["examples"]:
            return repr(schema["examples"][0])
    return None
