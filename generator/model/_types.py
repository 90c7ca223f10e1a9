"""The intermediate model: plain, frozen dataclasses that templates render.

Every naming, typing and grouping decision is made while building these;
templates only loop over them and test their flags.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import quote

_CLASS_NAME = re.compile(r"\b[A-Z][A-Za-z0-9_]*\b")
_TYPING_NAMES = frozenset({"Any", "Literal", "None"})
_CLIENT = "Client"  # the client class, whose flavours the client module defines


def admits_null(type_expression: str) -> bool:
    """True for a type whose union has None (`str | None`, not `list[str | None]`), and for
    `Any` (a schema admitting any value, null included)."""
    return type_expression in ("None", "Any") or type_expression.endswith(" | None")


def or_none(type_expression: str) -> str:
    """The type admitting None too: `str | None` for `str`; a type whose union already has
    None, and `Any`, as they are."""
    if type_expression == "Any" or "None" in type_expression.split(" | "):
        return type_expression
    return f"{type_expression} | None"


def referenced_classes(type_expression: str) -> set[str]:
    """Model classes a type expression names (`list[User] | None` -> {"User"})."""
    return set(_CLASS_NAME.findall(type_expression)) - _TYPING_NAMES


_NAME_OR_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\b\w+\b")


def renamed_classes(type_expression: str, names: dict[str, str]) -> str:
    """`type_expression` with the classes in `names` renamed (string literals untouched)."""
    return _NAME_OR_STRING.sub(lambda m: names.get(m.group(), m.group()), type_expression)


@dataclass(frozen=True)
class Parameter:
    """One keyword argument of a client method, and where it goes on the wire."""

    name: str  # name on the wire
    python_name: str  # keyword argument name
    location: str  # "path" | "query" | "header" | "body" | "extra" (a body's extra fields)
    type: str  # Python type expression, e.g. "int", "list[str]", "AuthMode"
    required: bool
    description: str
    default: str | None = None  # Python literal of the spec's default, for the docstring
    client_default: bool = False  # also settable once on the client (x-client-default)
    nullable: bool = False  # None is sent as JSON null (a JSON body value that admits null)
    example: str | None = None  # Python literal of the spec's example, for the README
    # What the client checks a value against, where the spec constrains it beyond its type
    # (`Annotated[int, Field(le=5)]`); the signature keeps the plain `type`.
    checked: str | None = None
    # Python literal of the one value a required argument admits (a `const`, an `enum` of
    # one): its default in the signature, so that a caller need not spell it out.
    constant: str | None = None

    @property
    def must_pass(self) -> bool:
        """Whether a caller has to give it: required, and not filled by itself."""
        return self.required and self.constant is None

    @property
    def runtime_type(self) -> str:
        """The type the endpoint table checks the argument against."""
        return self.checked or self.type

    @property
    def annotation(self) -> str:
        """The argument's type in the method signature."""
        if self.location == "extra":  # any mapping will do: a dict is invariant in its values
            return f"Mapping{self.type.removeprefix('dict')} | None"
        if self.required or (admits_null(self.type) and not self.nullable):
            return self.type
        return f"{self.type} | NotGiven" if self.nullable else f"{self.type} | None"

    @property
    def client_annotation(self) -> str:
        """The type of the client's argument for a header set on the client (x-client-default):
        None leaves it unset."""
        return or_none(self.type)

    @property
    def signature_default(self) -> str | None:
        """The argument's default in the method signature; None for a required one.
        Where None means null, "not given" needs a value of its own."""
        if self.required:
            return self.constant
        return "NOT_GIVEN" if self.nullable else "None"

    @property
    def null_note(self) -> str:
        """What passing None does, for the docstring, where the type admits None."""
        if self.nullable:
            unset = "" if self.required else "; leave it out to send nothing"
            return f"None sends null{unset}."
        if not admits_null(self.type):
            return ""
        where = _NO_NULL.get(self.location, "a form or text body value")
        if self.required:
            return f"None is refused ({where} cannot be null)."
        return f"None: not sent ({where} cannot be null)."


# The per-call options every method takes, as its docstring's last arguments.
_CALL_OPTION_DOCS = (
    "extra_headers: Headers to send with this call, replacing any the client would send"
    " under the same name (in any case).",
    "timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its retries and"
    " waits included; None waits without limit. Default: the client's.",
)

_NO_NULL = {"path": "a path segment", "query": "a query value", "header": "a header"}


@dataclass(frozen=True)
class Body:
    """A request body: an object spread into keyword arguments, or one value."""

    media_type: str  # "application/json" | "text/plain" | form media types
    required: bool
    model: str | None  # request model class when the body is an object
    fields: tuple[Parameter, ...] = ()  # the object's properties as keyword arguments
    value: Parameter | None = None  # the whole body as one argument, when not an object
    # The object's extra fields (typed `additionalProperties`, or any): one mapping argument
    extra: Parameter | None = None
    # `x-raw-text`: the string is sent as its own bytes under `media_type`, not encoded
    raw_text: bool = False


@dataclass(frozen=True)
class Response:
    """What a successful call returns."""

    type: str  # Python type of the returned value ("None" for no content)
    media_type: str | None  # None when the success response has no body
    unwrap: bool  # True: return the envelope's data field
    # The type to read it by, where `type` would read it wrong (`Schemas.answer_types`)
    decoded: str | None = None

    @property
    def runtime_type(self) -> str:
        """The type the endpoint table reads the answer by."""
        return self.decoded or self.type

    @property
    def text(self) -> bool:
        """A `text/*` answer, returned as its text (a JSON string is decoded instead)."""
        return self.media_type is not None and self.media_type.startswith("text/")


@dataclass(frozen=True)
class Pagination:
    style: str  # "page" | "cursor"
    items: tuple[str, ...]  # JSON pointer segments into the raw body
    item_type: str
    item_decoded: str | None = None  # what to read an item by, where item_type reads it wrong
    page_param: str | None = None  # python name of the page / cursor argument
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
    base_url: str | None = None  # operation-level server
    authenticated: bool = True

    @property
    def constant(self) -> str:
        """Name of the operation's `Endpoint` constant."""
        from generator.model._names import constant_case

        return constant_case(self.operation_id)

    @property
    def iter_method_name(self) -> str:
        """`list_members` -> `iter_members`: the method that walks every page."""
        name = self.method_name
        return "iter_" + (name[5:] if name.startswith("list_") else name)

    @property
    def iter_doc(self) -> str:
        """Docstring of the method that walks every page."""
        return (
            f"Every item of `{self.method_name}`, page after page; pages are fetched as the "
            f"iteration reaches them.\n\n" + "\n\n".join(self._doc_parts(one_page=False)[1:])
        )

    @property
    def warning(self) -> str | None:
        """What the DeprecationWarning a call raises, if any, says of the method as called
        (the client puts it first: `user.get_status() is deprecated`)."""
        if self.invite_only:
            return "is invite-only and no longer publicly documented"
        if self.deprecated:
            return "is deprecated"
        return None

    @property
    def doc(self) -> str:
        """The method's docstring text: summary, description, caveats and arguments."""
        return "\n\n".join(self._doc_parts(one_page=True))

    def _doc_parts(self, one_page: bool) -> list[str]:
        """The docstring's paragraphs; `one_page`: the method returns a single page, and says
        which method walks them all."""
        parts = [self.summary or self.operation_id]
        if self.description and self.description.strip() != self.summary.strip():
            parts.append(self.description)
        if one_page and self.pagination:
            parts.append(f"Returns one page; `{self.iter_method_name}()` walks every page.")
        if self.invite_only:
            parts.append(
                "Invite-only: open to invited bots only and no longer publicly documented."
            )
        elif self.deprecated:
            parts.append("Deprecated.")
        if self.webhook_only:
            parts.append("Only for bots connected through webhook.")
        if self.also_documented_as:
            parts.append("Also documented as " + ", ".join(self.also_documented_as) + ".")
        lines = ["Args:"]
        for arg in self.arguments:
            text = " ".join(arg.description.split()) or arg.name
            if arg.python_name != arg.name and arg.name != "body":
                text = _sentence(text) + f" Sent as `{arg.name}`."
            if arg.constant is not None:
                text = _sentence(text) + f" Always {arg.constant}, the default."
            elif arg.default is not None:
                text = _sentence(text) + f" Default: {arg.default}."
            if arg.null_note:
                text += " " + arg.null_note
            lines.append(f"{arg.python_name}: {text}")
        parts.append("\n".join([*lines, *_CALL_OPTION_DOCS]))
        return parts

    @property
    def arguments(self) -> tuple[Parameter, ...]:
        """Keyword arguments in signature order: required ones first."""
        body = self.body.fields if self.body else ()
        value = (self.body.value,) if self.body and self.body.value else ()
        extra = (self.body.extra,) if self.body and self.body.extra else ()
        every = (*self.parameters, *value, *body, *extra)
        return tuple(p for p in every if p.must_pass) + tuple(p for p in every if not p.must_pass)


@dataclass(frozen=True)
class Import:
    """`from module import names`; `import module` where there are no names."""

    module: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModuleImports:
    """A generated module's imports: its groups (standard library, third party, the package's
    own), a blank line apart as isort lays them out, and those only type checkers read."""

    groups: tuple[tuple[Import, ...], ...]
    type_checking: tuple[Import, ...] = ()


@dataclass(frozen=True)
class ClassNames:
    """The names of one flavour (sync or async) of a generated class: the class's own, and its
    twin's whose methods answer `RawResponse` (`client.with_raw_response`)."""

    name: str  # e.g. "AsyncUserResource"
    raw: str  # e.g. "AsyncUserResourceWithRawResponse"


def class_flavours(name: str) -> tuple[ClassNames, ClassNames]:
    """The sync and async flavours of the class `name` ("UserResource"): the only place
    their names are derived, so what the templates print is what collisions are checked on."""
    sync = ClassNames(name, f"{name}WithRawResponse")
    return sync, ClassNames(f"Async{name}", f"Async{sync.raw}")


def flavour_names(name: str) -> tuple[str, ...]:
    """Every class name derived from `name`: sync, its raw twin, async, its raw twin."""
    return tuple(n for names in class_flavours(name) for n in (names.name, names.raw))


@dataclass(frozen=True)
class Resource:
    """Operations sharing a tag, grouped on the client as `client.<name>`."""

    name: str  # attribute name on the client
    class_name: str  # e.g. "UserResource": the stem of `flavours`, the classes rendered
    description: str
    operations: tuple[Operation, ...]

    @property
    def flavours(self) -> tuple[ClassNames, ClassNames]:
        """The sync and async classes' names; `flavours[is_async]` picks one."""
        return class_flavours(self.class_name)

    def call(self, op: Operation, pages: bool = False) -> str:
        """How the user calls `op`, `user.set_nickname()` (with `pages`, the method walking
        its pages): errors name it, not the spec's id."""
        return f"{self.name}.{op.iter_method_name if pages else op.method_name}()"


@dataclass(frozen=True)
class Credential:
    """A client constructor argument that authenticates requests."""

    name: str  # keyword argument, e.g. "token"
    description: str


@dataclass(frozen=True)
class AuthHeader:
    """A header every authenticated request carries."""

    header: str  # e.g. "Authorization"
    credential: str  # credential (or exchanged token) that fills it
    prefix: str = ""  # e.g. "Bot "
    exchanged: bool = False  # filled with the token from the token exchange


@dataclass(frozen=True)
class TokenExchange:
    """The header's token is bought with other credentials by calling an operation."""

    operation_id: str
    method: str  # the operation's HTTP method, upper case: the purchase calls it so
    path: str
    # The operation's own server (its path's or its own `servers`); None: it is on the
    # client's base URL, so `base_url=` and `sandbox=` move the purchase with the calls.
    server: str | None
    form: bool  # its request body is form-encoded (else JSON), as the operation's method sends
    credentials: tuple[tuple[str, str], ...]  # (request field, credential name)
    # What the purchase sends, in the body's order: (request field, Python expression), a
    # credential's argument or the one value a required field admits (OAuth2's grant_type).
    body: tuple[tuple[str, str], ...]
    token_field: str
    expires_in_field: str | None

    @property
    def url(self) -> str | None:
        """The fixed URL tokens are bought at (`token_url=` overrides it); None: the
        client's base URL and the path."""
        return None if self.server is None else self.server.rstrip("/") + self.path


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
    success: tuple[int | str, ...]  # as the spec lists them (validate: no bool)


@dataclass(frozen=True)
class RateLimitHeaders:
    remaining: str | None
    reset: str | None
    bucket: str | None
    global_: str | None


@dataclass(frozen=True)
class Server:
    url: str
    description: str
    name: str  # x-name, e.g. "production", "sandbox"
    variables: tuple[str, ...] = ()  # `{name}` placeholders the user must fill
    variable_docs: tuple[str, ...] = ()  # what each placeholder is, from the spec


@dataclass(frozen=True)
class EventField:
    """One field an event class declares."""

    name: str  # name on the wire
    python_name: str
    type: str  # Python type expression, e.g. "FriendAddData", "Literal['FRIEND_ADD']"
    description: str
    default: str | None = None  # Python literal of the default; None: the field is required
    strict: bool = False  # no lax conversion (a "5" or a true taken as 5 or 1)

    @property
    def annotation(self) -> str:
        """The type, carrying the wire name when the attribute is named differently."""
        options = ([f"alias={self.name!r}"] if self.name != self.python_name else []) + (
            ["strict=True"] if self.strict else []
        )
        return f"Annotated[{self.type}, Field({', '.join(options)})]" if options else self.type


@dataclass(frozen=True)
class Event:
    """One message of an AsyncAPI document.

    kind "dispatch": an event told apart by its type field (`t`); "control": a frame told
    apart by its opcode alone (Hello, Heartbeat, ...); "body": a message without an opcode
    (e.g. an HTTP reply), rendered as the payload's model class only.
    """

    name: str  # message name in the spec
    class_name: str  # e.g. "FriendAddEvent", "HelloFrame"; the payload's model class for "body"
    kind: str  # "dispatch" | "control" | "body"
    type_value: str | None  # discriminator value (`t`) of a dispatch event
    opcode: int | None
    fields: tuple[EventField, ...]  # declared on top of the base frame fields, wire order
    data_type: str | None  # Python type of the data field (`d`), None when the frame has none
    summary: str  # the message's summary (else its title)
    description: str
    intent: str | None  # Python name of the Intents member the event needs
    direction: str  # "receive" | "send" | "both", seen from the client
    channels: tuple[str, ...]  # channel names, in document order
    closed: bool = False  # rejects unknown fields: a frame only ever sent, with a closed payload
    examples: tuple[Any, ...] = ()  # example payloads, for tests and docs
    role: str | None = None  # x-role: what the frame does in a session or webhook

    @property
    def doc(self) -> str:
        """The class docstring: summary, description and the intent the event needs."""
        parts = [self.summary] if self.summary else []
        if self.description and self.description != self.summary:
            parts.append(self.description)
        if self.intent:
            parts.append(f"Needs the `Intents.{self.intent}` intent.")
        return "\n\n".join(parts)


@dataclass(frozen=True)
class CloseCode:
    code: int
    action: str  # resume | reidentify | refresh-token | fatal
    description: str
    channel: str


@dataclass(frozen=True)
class StartLimit:
    """Where the gateway-URL answer says how many sessions may still start."""

    # Python attributes:
    field: str  # object field of the answer
    remaining: str  # its field: sessions left to start
    reset_after: str  # its field: milliseconds until the count resets


@dataclass(frozen=True)
class Session:
    """A WebSocket session's protocol, as `x-session` declares it."""

    url_operation: str  # method name, on its resource, answering the gateway URL
    url_resource: str
    url_field: str  # Python attribute of the URL field of its answer
    token_parts: tuple[str, str]  # before and after the token: ("Bot ", "") (token-format)
    heartbeat_interval: str  # Python attribute of the field of hello's data (milliseconds)
    session_id: str  # Python attribute of the field of ready's data
    # token / intents / shard / properties -> wire name of the field of identify's data
    identify: dict[str, str]
    resume: dict[str, str]  # token / session-id / sequence -> wire name, in resume's data
    start_limit: StartLimit | None = None


@dataclass(frozen=True)
class Webhook:
    """How webhook deliveries are signed and validated, as `x-webhook` declares it."""

    signature_header: str  # HTTP header names (tokens)
    timestamp_header: str
    plain_token: str  # wire names of the validation request's and answer's fields
    signature: str
    # Python attributes of the validation frame's data field and of its fields
    data_attribute: str = ""
    plain_token_attribute: str = ""
    event_ts_attribute: str = ""


@dataclass(frozen=True)
class EventSet:
    """What an AsyncAPI document declares: frame fields, events, intents, close codes."""

    title: str
    frame: dict[str, str]  # role -> field name: opcode, sequence, type, data, id
    base_fields: tuple[EventField, ...]  # frame fields every event has, wire order
    events: tuple[Event, ...]
    intents: tuple[tuple[str, int], ...]  # (Python member name, bit)
    close_codes: tuple[CloseCode, ...]
    dispatch_opcode: int | None
    models: tuple[str, ...]  # model classes the events module imports
    session: Session | None = None
    webhook: Webhook | None = None

    def role(self, role: str) -> Event:
        """The frame playing `role` (the session and webhook templates ask for these)."""
        return next(e for e in self.events if e.role == role)

    @property
    def gateway_imports(self) -> tuple[str, ...]:
        """What the gateway module takes from the events module."""
        roles = ("hello", "heartbeat-ack", "heartbeat", "reconnect", "invalid-session", "ready")
        names = ("Dispatcher", "Event", "EventDecodeError", "is_number", "parse_event")
        return (
            names
            + ("Intents",) * bool(self.intents)
            + tuple(self.role(r).class_name for r in roles)
        )

    def close_codes_for(self, action: str) -> tuple[int, ...]:
        return tuple(c.code for c in self.close_codes if c.action == action)

    @property
    def close_reasons(self) -> dict[int, str]:
        """Close code -> the first sentence of its description, for log lines and errors."""
        return {c.code: c.description.split(". ")[0].split("; ")[0] for c in self.close_codes}

    @property
    def dispatch_events(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind == "dispatch")

    @property
    def control_frames(self) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind == "control")

    @property
    def frames(self) -> tuple[Event, ...]:
        """Messages that get an event class: dispatch events and control frames."""
        return tuple(e for e in self.events if e.kind != "body")

    @property
    def routed_frames(self) -> tuple[Event, ...]:
        """The control frame `parse_event` builds for each opcode: a frame the client
        receives wins over one it only sends under the same opcode."""
        received = {e.opcode for e in self.control_frames if e.direction != "send"}
        return tuple(
            e for e in self.control_frames if e.direction != "send" or e.opcode not in received
        )

    def requires_base_field(self, field: EventField) -> bool:
        """`field` makes a frame field of the base class required (`id: str` over `id: str |
        None = None`): declared `= Field()`, still required, for type checkers, which take
        a field that has no default of its own for one inheriting the base class's."""
        return field.default is None and any(
            f.python_name == field.python_name and f.default is not None for f in self.base_fields
        )

    @property
    def optional_frame_fields(self) -> tuple[str, ...]:
        """Base frame fields a frame may lack; a dump leaves them out when it did."""
        return tuple(f.python_name for f in self.base_fields if f.default is not None)

    @property
    def sample_class(self) -> str:
        """The event class the docs show a handler for: an event of the application (one
        with no session role, unlike READY) where there is one."""
        plain = (e for e in self.dispatch_events if e.role is None)
        sample = (*plain, *self.dispatch_events, *self.frames)
        return sample[0].class_name if sample else "Event"

    @property
    def aliased(self) -> bool:
        """Some field's Python name differs from its wire name."""
        fields = [*self.base_fields, *(f for e in self.events for f in e.fields)]
        return any(f.name != f.python_name for f in fields)

    @property
    def typing_imports(self) -> tuple[str, ...]:
        """What the events module takes from `typing`: its own names, and those the event
        classes' fields use (a small document's need no `Annotated`)."""
        used = tuple(n for n in ("Annotated", "Literal") if f"{n}[" in self._declarations)
        return ("Any", "NamedTuple", "TypeVar", "cast", "overload", *used)

    @property
    def pydantic_imports(self) -> tuple[str, ...]:
        """What the events module takes from `pydantic` (`Field` where a field uses it)."""
        names = ["BaseModel", "ConfigDict", "GetCoreSchemaHandler", "SerializerFunctionWrapHandler"]
        names += ["TypeAdapter", "ValidationError", "model_serializer"]
        return (*names, *["Field"] * ("Field(" in self._declarations))

    @property
    def _declarations(self) -> str:
        """The event classes' field declarations, as the events module writes them."""
        lines = [f"{f.annotation} = {f.default}" for f in self.base_fields]
        for field_ in (f for e in self.frames for f in e.fields):
            default = "Field()" if self.requires_base_field(field_) else field_.default
            lines.append(f"{field_.annotation} = {default}")
        if self.dispatch_opcode is not None:  # UnknownEvent's opcode and type
            lines.append(f"Literal[{self.dispatch_opcode}] = {self.dispatch_opcode}; str = Field()")
        return "\n".join(lines)

    @property
    def exports(self) -> tuple[str, ...]:
        """Public names of the events module."""
        names = ["Dispatcher", "EVENTS", "Event", "EventDecodeError", "parse_event"]
        if self.dispatch_opcode is not None:
            names.append("UnknownEvent")
        if self.intents:
            names.append("Intents")
        names += [e.class_name for e in self.frames]
        return tuple(sorted(names))


_EXAMPLE_IMPORTS = {
    "events": ("Dispatcher",),
    "gateway": ("AsyncClient", "GatewayClient"),
    "webhook": ("WebhookApp",),
}


def _names_in(types: list[str]) -> frozenset[str]:
    found = (m.group() for t in types for m in _NAME_OR_STRING.finditer(t))
    return frozenset(name for name in found if name[0] not in "'\"")


@dataclass(frozen=True)
class Api:
    """Everything one generated package is rendered from."""

    package: str  # e.g. "chat"
    error_base: str  # the package's base exception, e.g. "ChatError"
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
    error_fields: tuple[str, str] | None = None  # code and message of an error body
    rate_limit: RateLimitHeaders | None = None
    trace_id_header: str | None = None
    client_headers: tuple[Parameter, ...] = ()  # x-client-default headers
    events: EventSet | None = None
    # Where each model class's schema is, to point at it when datamodel-code-generator
    # objects; "" is the main document. (file, line, pointer)
    model_origins: dict[str, tuple[str, int, tuple[str | int, ...]]] = field(default_factory=dict)

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for r in self.resources for op in r.operations)

    def _in_order(self, used: AbstractSet[str]) -> tuple[str, ...]:
        return tuple(name for name in self.model_names if name in used)

    @property
    def paginated(self) -> bool:
        return any(op.pagination for op in self.operations)

    @property
    def paged_by_number(self) -> bool:
        """Some operation pages by page numbers (the README says where they stop)."""
        return any(op.pagination and op.pagination.style == "page" for op in self.operations)

    @property
    def not_given(self) -> bool:
        """Some method argument defaults to NOT_GIVEN (None would send null)."""
        return any(
            a.signature_default == "NOT_GIVEN" for op in self.operations for a in op.arguments
        )

    @property
    def endpoint_models(self) -> tuple[str, ...]:
        """Model classes the endpoint table names: argument and response types, body models."""
        bodies = {op.body.model for op in self.operations if op.body and op.body.model}
        return self._in_order(self._signature_classes | bodies)

    @property
    def resource_models(self) -> tuple[str, ...]:
        """Model classes the resource methods' signatures name."""
        return self._in_order(self._signature_classes)

    @cached_property
    def _signature_classes(self) -> frozenset[str]:
        """The classes the operations' argument, response and page item types name."""
        types = [t for op in self.operations for t in self._types_of(op)]
        return frozenset().union(*map(referenced_classes, types))

    @staticmethod
    def _types_of(op: Operation, runtime: bool = False) -> list[str]:
        """The operation's type expressions: answer, arguments (as the signature has them,
        or as the endpoint table checks them) and page items."""
        types = [op.response.type, *([op.response.runtime_type] if runtime else [])]
        types += [a.runtime_type if runtime else a.type for a in op.arguments]
        if not op.pagination:
            return types
        decoded = [op.pagination.item_decoded] if runtime and op.pagination.item_decoded else []
        return [*types, op.pagination.item_type, *decoded]

    def _library_imports(
        self, module: str, stdlib: tuple[Import, ...] = (), typing: tuple[str, ...] = ()
    ) -> tuple[tuple[Import, ...], tuple[Import, ...]]:
        """The standard library and third-party imports of the module: `stdlib` and `typing`
        (its own needs), and what its type expressions use: `re`, `typing`'s `Any` and
        `Literal`, in runtime types (the endpoint table's, the client's header checks)
        `Annotated` and `Union` too, and pydantic's `Field`."""
        used = self._names_used[module]
        typing += tuple(n for n in ("Annotated", "Any", "Literal", "Union") if n in used)
        first = (Import("re"),) * ("re" in used) + stdlib
        third = (Import("pydantic", ("Field",)),) * ("Field" in used)
        return first + (Import("typing", typing),) * bool(typing), third

    @cached_property
    def _names_used(self) -> dict[str, frozenset[str]]:
        """The names in each module's type expressions (not in their string literals)."""
        ops, headers = self.operations, self.client_headers
        types = {
            "endpoints": [t for op in ops for t in self._types_of(op, runtime=True)],
            "resources": [t for op in ops for t in self._types_of(op)],
            "client": [t for h in headers for t in (h.type, h.runtime_type)],
        }
        return {module: _names_in(found) for module, found in types.items()}

    @property
    def exception_names(self) -> tuple[str, ...]:
        """The base error and those the package can raise: a package without REST operations
        gets no HTTP errors (nor needs httpx for them)."""
        names = {self.error_base}
        if self.resources or self.webhook_exports:
            names.add("ConfigurationError")
        if self.resources:
            names |= {"ApiConnectionError", "ApiError", "ApiTimeoutError", "BadRequestError"}
            names.add("ClientClosedError")
            names |= {"DecodeError", "ForbiddenError", "InvalidArgument", "NotFoundError"}
            names |= {"RateLimitError", "ServerError", "UnauthorizedError"}
        return tuple(sorted(names))

    @property
    def client_header_models(self) -> tuple[str, ...]:
        """The model classes the types of the headers set on the client name."""
        names = set()
        for header in self.client_headers:
            names |= referenced_classes(header.type) | referenced_classes(header.runtime_type)
        return self._in_order(names)

    @property
    def endpoint_imports(self) -> ModuleImports:
        """The endpoints module's imports: what its types use, the base client's table
        classes, the model classes its entries name."""
        stdlib, third = self._library_imports("endpoints")
        names = ("Argument",) * any(op.arguments for op in self.operations) + ("Endpoint",)
        own = [Import("._base_client", names + ("Pagination",) * self.paginated)]
        own += [Import("._models", self.endpoint_models)] * bool(self.endpoint_models)
        return ModuleImports((stdlib, third, tuple(own)))

    @property
    def resource_imports(self) -> ModuleImports:
        """The resources module's imports: the call options' types, the model classes the
        signatures name, and the clients (for type checkers only: the client module imports
        the resources)."""
        iterators = ("AsyncIterator", "Iterator") * self.paginated
        abc = Import("collections.abc", (*iterators, "Mapping"))
        stdlib, third = self._library_imports("resources", (abc,), ("TYPE_CHECKING",))
        call = ("NOT_GIVEN", "NotGiven", "to_async_raw_response", "to_raw_response")
        own = [Import(".", ("_endpoints",)), Import("._base_client", call)]
        own += [Import("._models", self.resource_models)] * bool(self.resource_models)
        clients = Import("._base_client", ("AsyncApiClient", "SyncApiClient"))
        return ModuleImports((stdlib, (Import("httpx"), *third), tuple(own)), (clients,))

    @property
    def token_url(self) -> str | None:
        """The fixed URL of the token purchase, overridden by the `token_url=` argument; None
        where there is none (no purchase, or one on the client's base URL)."""
        return self.auth.token_exchange.url if self.auth.token_exchange else None

    @property
    def client_imports(self) -> ModuleImports:
        """The client module's imports: what its types use, the base client's parts the
        API's auth, envelope and options need, the model classes of the headers set on the
        client, and the resources."""
        stdlib, third = self._library_imports(
            "client", (Import("types", ("TracebackType",)),), ("Any", "Self")
        )
        own = [Import("._base_client", self._client_base_names)]
        own += [Import("._exceptions", ("ConfigurationError",))] * self.sandbox_switch
        models = self.client_header_models
        own += [Import("._models", models)] * bool(models)
        own += [Import("._resources", self.resource_exports)]
        return ModuleImports((stdlib, (Import("httpx"), *third), tuple(own)))

    @property
    def _client_base_names(self) -> tuple[str, ...]:
        """What the client module takes from the base client, as the API needs."""
        names = ["DEFAULT_MAX_RETRIES", "DEFAULT_TIMEOUT", "ApiConfig", "AsyncApiClient"]
        names += ["Authentication", "Endpoint", "SyncApiClient"] + ["Envelope"] * bool(
            self.envelope
        )
        if self.auth.credentials:
            names.append("check_credential")
        if any(not h.exchanged for h in self.auth.headers):
            names.append("check_header_credential")
        if self.auth.token_exchange:
            names += ["check_url"] * bool(self.token_url) + ["TokenSource"]
        if self.sandbox_switch:
            names.append("check_bool")
        if self.client_headers:
            names.append("client_header")
        return tuple(names)

    @property
    def client_flavours(self) -> tuple[ClassNames, ClassNames]:
        """The names of the sync and async client classes (and their raw-response twins)."""
        return class_flavours(_CLIENT)

    @property
    def client_exports(self) -> tuple[str, ...]:
        """Public names of the client module: both clients and their raw-response twins."""
        return flavour_names(_CLIENT)

    @property
    def package_clients(self) -> tuple[str, ...]:
        """The client classes the package exports (their raw-response twins stay inside)."""
        return tuple(names.name for names in self.client_flavours)

    @property
    def resource_exports(self) -> tuple[str, ...]:
        """Public names of the resources module: each resource's sync and async class."""
        return tuple(names.name for r in self.resources for names in r.flavours)

    @property
    def event_exports(self) -> tuple[str, ...]:
        """Public names of the events module (set by the events model)."""
        return tuple(getattr(self.events, "exports", ())) if self.events else ()

    @property
    def gateway_exports(self) -> tuple[str, ...]:
        """Public names of the gateway module (a WebSocket session runtime)."""
        return ("GatewayClient", "GatewayClosed") if self.events and self.events.session else ()

    @property
    def webhook_exports(self) -> tuple[str, ...]:
        """Public names of the webhook module (an ASGI receiver)."""
        return ("WebhookApp",) if self.events and self.events.webhook else ()

    @property
    def public_names(self) -> tuple[str, ...]:
        clients = (
            (*self.package_clients, "NOT_GIVEN", "NotGiven", "RawResponse")
            if self.resources
            else ()
        )
        names = {
            *clients,
            *self.exception_names,
            *self.event_exports,
            *self.gateway_exports,
            *self.webhook_exports,
            *self.model_names,
        }
        return tuple(sorted(names))

    @property
    def user_agent(self) -> str:
        """Always a valid header value: the package and version as HTTP tokens."""
        return f"{_token(self.package)}/{_token(self.version) or '0'} (botspec; python-httpx)"

    @property
    def client_doc(self) -> str:
        """The Args section of the clients' docstrings."""
        lines = ["Args:"]
        for credential in self.auth.credentials:
            lines.append(f"{credential.name}: {' '.join(credential.description.split())}")
        server = self.default_server
        # A token purchase on no server of its own goes where the calls go.
        also = " Access tokens are bought there too." * bool(
            self.auth.token_exchange and not self.token_url
        )
        if self.needs_base_url:
            lines.append("base_url: The API's base URL" + _base_url_note(server) + also)
        else:
            lines.append(
                f"base_url: Overrides the API's base URL ({server.url if server else ''}).{also}"
            )
        if self.sandbox_server:
            lines.append(
                f"sandbox: Use the sandbox server ({self.sandbox_server.url}); not with "
                f"base_url.{also}"
            )
        if self.token_url:
            lines.append("token_url: Where access tokens are bought (override for tests).")
        for header in self.client_headers:
            lines.append(
                f"{header.python_name}: {' '.join(header.description.split())} Sent on every call."
            )
        lines += [
            "timeout: Seconds (or an httpx.Timeout: its longest limit) before a call is abandoned,"
            " its retries and waits included; None never abandons it. A method's `timeout=`"
            " overrides it for that call.",
            "max_retries: How often a failed request is retried.",
            "http_client: An httpx client to send requests with, e.g. with your own proxies.",
            "transport: An httpx transport for the client this one creates; not with http_client.",
        ]
        return "\n".join(lines)

    @property
    def quickstart_arguments(self) -> str:
        """Constructor arguments for the README's example."""
        args = [f'{c.name}="..."' for c in self.auth.credentials]
        if self.needs_base_url:
            args.insert(0, 'base_url="https://..."')
        return ", ".join(args)

    @property
    def quickstart_operation(self) -> dict[str, str]:
        """The README example's call: a read-only operation if there is one (an example
        should change nothing), one without required arguments first; the required ones
        get placeholders."""
        every = [(r, op) for r in self.resources for op in r.operations]
        candidates = [(r, op) for r, op in every if not op.warning] or every
        resource, op = min(candidates, key=lambda pair: _example_rank(pair[1]))
        return {
            "resource": resource.name,
            "method": op.method_name,
            "arguments": _placeholders(op),
            "raw_call": f"client.{resource.name}.with_raw_response.{op.method_name}",
        }

    @property
    def pagination_example(self) -> dict[str, str] | None:
        """The README's `iter_*` example: the first paginated operation, read-only first."""
        paged = [(r, op) for r in self.resources for op in r.operations if op.pagination]
        if not paged:
            return None
        resource, op = min(paged, key=lambda pair: _example_rank(pair[1]))
        return {
            "call": f"client.{resource.name}.{op.iter_method_name}({_placeholders(op)})",
            "method": op.method_name,
            # deprecated ranks last: every paged one is, then
            "warning": f"{resource.call(op, pages=True)} {op.warning}" if op.warning else "",
        }

    @property
    def readme_intro(self) -> str:
        """The README's first paragraph, wrapped: what the package is and where it came from."""
        version = f" version {self.version} of" if self.version else ""
        text = (
            f"Typed Python client for {self.title}, generated by botspec from{version} the"
            " spec. Do not edit the files here: change the spec and run `botspec\xa0generate`."
        )
        wrapped = textwrap.fill(text, width=90, break_on_hyphens=False)
        return wrapped.replace("\xa0", " ")  # the no-break space kept the command whole

    @property
    def frame_example(self) -> Any:
        """The README's sample event as the API sends it (the spec's example of it), decoded;
        `{}` when the spec gives none."""
        events = self.events
        assert events is not None
        sample = next((e for e in events.frames if e.class_name == events.sample_class), None)
        return sample.examples[0] if sample and sample.examples else {}

    @property
    def readme_needs(self) -> tuple[str, ...]:
        """README: the packages only one module needs (imported when it is first used)."""
        needs = []
        if self.gateway_exports:
            needs.append("`websockets` only for the gateway (`GatewayClient`)")
        if self.webhook_exports:
            needs.append("`cryptography` only for the webhook app (`WebhookApp`)")
        return tuple(needs)

    @property
    def quickstart_event(self) -> str:
        """The event class the README's handlers are written for."""
        return self.events.sample_class if self.events else "Event"

    @property
    def quickstart_intents(self) -> str:
        """GatewayClient's `intents` in the README: the one the example's event needs (with
        another, its handler would never be called), else the first, else none."""
        if not self.events or not self.events.intents:
            return "0"
        events = self.events.events
        needed = next((e.intent for e in events if e.class_name == self.quickstart_event), None)
        return f"Intents.{needed or self.events.intents[0][0]}"

    def quickstart_imports(self, example: str) -> str:
        """What the README's `events`, `gateway` or `webhook` example imports, sorted."""
        names = {self.quickstart_event, *_EXAMPLE_IMPORTS[example]}
        if example == "gateway" and self.quickstart_intents != "0":
            names.add("Intents")
        return ", ".join(sorted(names))

    @property
    def default_server(self) -> Server | None:
        return self.servers[0] if self.servers else None

    @property
    def sandbox_server(self) -> Server | None:
        return next((s for s in self.servers if s.name == "sandbox"), None)

    @property
    def sandbox_switch(self) -> bool:
        """`sandbox=True` picks the sandbox server over the default one, both fixed URLs:
        the client checks it is a bool and refuses it beside `base_url=`."""
        return self.sandbox_server is not None and not self.needs_base_url

    @property
    def needs_base_url(self) -> bool:
        """The default server's URL has placeholders: the user must give base_url."""
        return self.default_server is None or bool(self.default_server.variables)


_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _example_rank(op: Operation) -> tuple[bool, bool, bool]:
    """Sort key of operations for README examples: deprecated last, read-only first, then
    no required arguments first (`min` keeps spec order among equals)."""
    safe = op.http_method in _SAFE_METHODS
    return op.warning is not None, not safe, any(a.must_pass for a in op.arguments)


def _placeholders(op: Operation) -> str:
    """The required arguments of a README example call: a string's placeholder runs as it is;
    another takes the spec's example or default, so that the call runs as written."""
    return ", ".join(f"{a.python_name}={_sample(a)}" for a in op.arguments if a.must_pass)


def _sample(argument: Parameter) -> str:
    if argument.type == "str":
        return '"..."'  # runs as it is, and says what to fill in
    for literal in (argument.example, argument.default):
        try:
            value = ast.literal_eval(literal) if literal is not None else None
        except (ValueError, SyntaxError):  # a YAML date, say
            continue
        if literal is not None and _fits(argument.type, value):
            return _double_quoted(value)
    return "..."


def _double_quoted(value: Any) -> str:
    """`value` as a Python literal, strings in double quotes as the README's others are."""
    if isinstance(value, list):
        return "[" + ", ".join(_double_quoted(v) for v in value) + "]"
    text = repr(value)
    if isinstance(value, str) and text.startswith("'") and '"' not in value:
        return '"' + text[1:-1] + '"'
    return text


_SCALARS: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "bool": (bool,)}
_SCALARS["float"] = (int, float)


def _fits(type_: str, value: Any) -> bool:
    """`value` is one of the Python type `type_` (scalars and lists of them; an enum or a
    model is not written as a literal)."""
    if type_.startswith("list[") and type_.endswith("]"):
        return isinstance(value, list) and all(_fits(type_[5:-1], v) for v in value)
    kinds = _SCALARS.get(type_)
    if kinds is None or (isinstance(value, bool) and bool not in kinds):
        return False
    return isinstance(value, kinds)


def _token(text: str) -> str:
    """`text` as an HTTP token (RFC 9110): other characters percent-encoded as UTF-8."""
    return quote(text, safe="!#$&'*+-.^_`|~")


def _sentence(text: str) -> str:
    """`text` ending as a sentence does, so that another sentence can follow it."""
    return text if text.endswith((".", "!", "?", "\u3002", "\uff01", "\uff1f")) else text + "."


def _base_url_note(server: Server | None) -> str:
    """The end of the `base_url` line: the server's URL template and what fills it."""
    if server is None:
        return "."
    filled = [
        f"`{{{name}}}`: {' '.join(doc.split())}"
        for name, doc in zip(server.variables, server.variable_docs, strict=False)
        if doc.strip()
    ]
    return f", `{server.url}`." + "".join(f" {_sentence(note)}" for note in filled)
