"""The intermediate model: plain, frozen dataclasses that templates render.

Every naming, typing and grouping decision is made while building these;
templates only loop over them and test their flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Parameter:
    """One keyword argument of a client method, and where it goes on the wire."""

    name: str  # name on the wire
    python_name: str  # keyword argument name
    location: str  # "path" | "query" | "header" | "body"
    type: str  # Python type expression, e.g. "int", "list[str]", "AuthMode"
    required: bool
    description: str
    default: str | None = None  # Python literal of the spec's default, for the docstring
    client_default: bool = False  # also settable once on the client (x-client-default)


@dataclass(frozen=True)
class Body:
    """A request body: an object spread into keyword arguments, or one value."""

    media_type: str  # "application/json" | "text/plain" | form media types
    required: bool
    model: str | None  # request model class when the body is an object
    fields: tuple[Parameter, ...] = ()  # the object's properties as keyword arguments
    value: Parameter | None = None  # the whole body as one argument, when not an object


@dataclass(frozen=True)
class Response:
    """What a successful call returns."""

    type: str  # Python type of the returned value ("None" for no content)
    media_type: str | None  # None when the success response has no body
    unwrap: bool  # True: return the envelope's data field


@dataclass(frozen=True)
class Pagination:
    style: str  # "page" | "cursor"
    items: tuple[str, ...]  # JSON pointer segments into the raw body
    item_type: str
    page_param: str | None = None  # python name of the page / cursor argument
    size_param: str | None = None
    first_page: int = 1
    total_pages: tuple[str, ...] | None = None
    next_cursor: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method_name: str  # Python method name on its resource
    http_method: str  # upper case
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]  # path, query and header arguments
    body: Body | None
    response: Response
    deprecated: bool = False
    invite_only: bool = False
    webhook_only: bool = False
    idempotent: bool = False
    also_documented_as: tuple[str, ...] = ()  # "POST /user/username" for x-alias-of twins
    pagination: Pagination | None = None
    source_document: str | None = None
    base_url: str | None = None  # operation-level server
    authenticated: bool = True

    @property
    def arguments(self) -> tuple[Parameter, ...]:
        """Keyword arguments in signature order: required ones first."""
        body = self.body.fields if self.body else ()
        value = (self.body.value,) if self.body and self.body.value else ()
        every = (*self.parameters, *value, *body)
        return tuple(p for p in every if p.required) + tuple(p for p in every if not p.required)


@dataclass(frozen=True)
class Resource:
    """Operations sharing a tag, grouped on the client as `client.<name>`."""

    name: str  # attribute name on the client
    class_name: str  # e.g. "UserResource" (the async twin prefixes "Async")
    description: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Credential:
    """A client constructor argument that authenticates requests."""

    name: str  # keyword argument, e.g. "token"
    description: str
    secret: bool = True


@dataclass(frozen=True)
class AuthHeader:
    """A header every authenticated request carries."""

    header: str  # e.g. "Authorization"
    credential: str  # credential (or exchanged token) that fills it
    prefix: str = ""  # e.g. "Bot "


@dataclass(frozen=True)
class TokenExchange:
    """The header's token is bought with other credentials by calling an operation."""

    operation_id: str
    url: str
    credentials: tuple[tuple[str, str], ...]  # (request field, credential name)
    token_field: str
    expires_in_field: str | None


@dataclass(frozen=True)
class Auth:
    credentials: tuple[Credential, ...]
    headers: tuple[AuthHeader, ...]
    token_exchange: TokenExchange | None = None


@dataclass(frozen=True)
class Envelope:
    code: str
    message: str
    data: str
    success: tuple[int, ...]


@dataclass(frozen=True)
class RateLimitHeaders:
    limit: str | None
    remaining: str | None
    reset: str | None
    bucket: str | None
    global_: str | None


@dataclass(frozen=True)
class Server:
    url: str
    description: str
    name: str  # python-friendly key, e.g. "default", "sandbox"


@dataclass(frozen=True)
class EventField:
    name: str
    python_name: str
    type: str
    description: str


@dataclass(frozen=True)
class Event:
    """One message told apart by its discriminator value."""

    name: str  # message name in the spec
    class_name: str  # e.g. "FriendAddEvent"
    type_value: str | None  # discriminator value (`t`), None for control frames
    opcode: int | None
    data_model: str | None  # model class of the data field
    summary: str
    description: str
    intent: str | None
    direction: str  # "receive" | "send"
    channel: str
    example: Any = None  # first example payload, for tests and docs
    source_document: str | None = None


@dataclass(frozen=True)
class CloseCode:
    code: int
    action: str  # resume | reidentify | refresh-token | fatal
    description: str


@dataclass(frozen=True)
class EventSet:
    """What an AsyncAPI document declares: frame fields, events, intents, close codes."""

    title: str
    frame: dict[str, str]  # role -> field name: opcode, sequence, type, data, id
    events: tuple[Event, ...]
    intents: tuple[tuple[str, int], ...]  # (flag name, bit)
    close_codes: tuple[CloseCode, ...]
    dispatch_opcode: int | None


@dataclass(frozen=True)
class Api:
    """Everything one generated package is rendered from."""

    package: str  # e.g. "kook"
    title: str
    description: str
    version: str
    servers: tuple[Server, ...]
    auth: Auth
    resources: tuple[Resource, ...]
    model_names: tuple[str, ...]  # classes the models module defines, in order
    models_schema: dict[str, Any]  # JSON Schema ($defs) handed to datamodel-code-generator
    field_aliases: dict[str, str]  # wire name -> Python name, for datamodel-code-generator
    envelope: Envelope | None = None
    error_model: str | None = None
    rate_limit: RateLimitHeaders | None = None
    trace_id_header: str | None = None
    client_headers: tuple[Parameter, ...] = ()  # x-client-default headers
    events: EventSet | None = None
    source_documents: tuple[str, ...] = field(default_factory=tuple)

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)
