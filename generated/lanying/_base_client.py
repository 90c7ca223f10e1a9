"""The machinery every client method goes through: argument checks, request building,
retries, error mapping and response decoding. Resource methods stay thin."""

from __future__ import annotations

import asyncio
import contextvars
import datetime
import email.utils
import enum
import functools
import inspect
import logging
import math
import random
import re
import ssl
import threading
import time
import warnings
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field, replace
from functools import cache
from types import FrameType
from typing import Any, Generic, Literal, ParamSpec, TypeGuard, TypeVar, cast
from urllib.parse import quote, urlencode

import httpx
import pydantic
import pydantic_core

from ._exceptions import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    BadRequestError,
    ClientClosedError,
    ConfigurationError,
    DecodeError,
    ForbiddenError,
    InvalidArgument,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnauthorizedError,
)

T = TypeVar("T")
P = ParamSpec("P")

_PACKAGE = __name__.rpartition(".")[0] or __name__  # wherever it is vendored
log = logging.getLogger(_PACKAGE)

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
_INITIAL_BACKOFF = 0.5
_MAX_BACKOFF = 8.0
_MAX_SERVER_DELAY = 60.0  # a longer Retry-After is not waited for; backoff applies instead
_PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")
_ABSOLUTE_URL = re.compile(r"https?://[^/?#\s]+", re.IGNORECASE)
# What HTTP carries as a header (RFC 9110): a name is a token, a value visible ASCII with
# spaces and tabs only between visible characters; h11 refuses the rest when it writes them.
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_NOT_A_HEADER_NAME = "letters, digits and !#$%&'*+-.^_`|~ only"
_HEADER_VALUE = re.compile(r"(?:[\x21-\x7e](?:[\x20-\x7e\t]*[\x21-\x7e])?)?")
_NOT_A_HEADER_VALUE = "visible ASCII, spaces and tabs only between characters"
# Headers httpx derives from the request (its URL, body and connection): one given as well
# would contradict them (h11 refuses a Content-Length the body does not have).
_MANAGED_HEADERS = frozenset(
    (
        "connection",
        "content-length",
        "host",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    )
)
_TEXT_PLAIN = "text/plain; charset=utf-8"
_ACCEPT_ENCODING = "gzip, deflate"  # the encodings httpx decodes without extra packages
_STATUS_ERRORS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    429: RateLimitError,
}


def _status_error(status: int) -> type[ApiError] | None:
    """The ApiError subclass of an HTTP status; None: ApiError itself."""
    return _STATUS_ERRORS.get(status) or (ServerError if 500 <= status <= 599 else None)


def _own_headers(user_agent: str) -> dict[str, str]:
    """The headers saying who sends and what it reads, on every request, the token
    purchase's too: none of the API's (client-wide, credentials) are among them."""
    return {
        "User-Agent": user_agent,
        "Accept-Encoding": _ACCEPT_ENCODING,  # a bare httpx.Request asks for none
    }


class NotGiven:
    """The default of an argument for which None means something: null for a body field
    (not given, it is not sent), no timeout for a call's `timeout=` (not given, the
    client's)."""

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


@dataclass(frozen=True, slots=True)
class Argument:
    """Where one keyword argument of a method goes on the wire."""

    name: str
    location: str  # "path" | "query" | "header" | "body" | "extra" (more body fields)
    type: Any
    required: bool = False  # path arguments always are
    nullable: bool = False  # None is sent as JSON null, not left out


@dataclass(frozen=True, slots=True)
class Pagination:
    """How to walk an operation's pages (pointers are into the raw response body)."""

    style: str  # "page" | "cursor"
    items: tuple[str, ...]
    item_list: Any  # runtime type of a page's items, `list[Item]`
    page_argument: str
    first_page: int = 1
    total_pages: tuple[str, ...] | None = None
    next_cursor: tuple[str, ...] | None = None
    call: str = ""  # the method walking the pages, `groups.iter_members()`; errors name it


@dataclass(frozen=True, slots=True, eq=False)
class Endpoint(Generic[T]):
    """One operation of the API: everything a call needs besides its arguments."""

    operation: str
    method: str
    path: str
    response: Any  # the runtime type of T
    arguments: Mapping[str, Argument] = field(default_factory=dict[str, Argument])
    media_type: str | None = None
    raw_text: bool = False  # the body, a string, is sent as its own UTF-8 under media_type
    body_model: type[pydantic.BaseModel] | None = None
    body_optional: bool = False  # the spec's body is optional: left out when no field is given
    unwrap: bool = False
    text: bool = False  # a text/* answer, returned as its text
    idempotent: bool = False
    authenticated: bool = True
    base_url: str | None = None
    warning: str | None = None  # "is deprecated": a call warns, naming the method as called
    pagination: Pagination | None = None
    call: str = ""  # the method as the user calls it, `user.set_nickname()`; errors name it


@dataclass(frozen=True, slots=True)
class Envelope:
    code: str
    message: str
    data: str
    success: frozenset[int | str]


def _is_success(code: Any, success: frozenset[int | str]) -> bool:
    """Whether an envelope's code is one of the success codes, as JSON compares them: a
    string `"0"` is not the number 0, nor is `false`; a list or object is no code."""
    kind = _json_kind(code)
    return any(_json_kind(value) == kind and value == code for value in success)


# What each JSON type is called in a message, by its `_json_kind`.
_JSON_NAMES = {
    "number": "a number",
    "bool": "a boolean",
    "str": "a string",
    "NoneType": "null",
    "list": "an array",
    "dict": "an object",
}


def _json_kind(value: object) -> str:
    """The JSON type of a decoded value: int and float are one (JSON has numbers), bool
    is not among them."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "number"
    return type(value).__name__


@dataclass(frozen=True, slots=True)
class ApiConfig:
    """What differs between APIs, as the spec declares it."""

    user_agent: str
    envelope: Envelope | None = None
    error_fields: tuple[str, str] | None = None  # code and message of an error body
    trace_id_header: str | None = None
    rate_limit_remaining_header: str | None = None
    rate_limit_reset_header: str | None = None
    rate_limit_bucket_header: str | None = None
    rate_limit_global_header: str | None = None


class RawResponse(Generic[T]):
    """An answer with its HTTP details: status, headers, bytes and the parsed value."""

    def __init__(self, response: httpx.Response, parsed: T) -> None:
        self.http_response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.content = response.content
        self._parsed = parsed

    def parse(self) -> T:
        """The value the method returns without raw access."""
        return self._parsed

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}]>"


_RAW: contextvars.ContextVar[bool] = contextvars.ContextVar("raw_response", default=False)


def to_raw_response(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """`method`, answering a `RawResponse` instead of the parsed value."""

    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = _RAW.set(True)
        try:
            return cast(RawResponse[T], method(*args, **kwargs))
        finally:
            _RAW.reset(token)

    _answers_raw(wrapped, method)
    return wrapped


def to_async_raw_response(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The async twin of `to_raw_response`."""

    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        token = _RAW.set(True)
        try:
            return cast(RawResponse[T], await method(*args, **kwargs))
        finally:
            _RAW.reset(token)

    _answers_raw(wrapped, method)
    return wrapped


def _answers_raw(wrapped: Callable[..., Any], method: Callable[..., Any]) -> None:
    """Make the signature, docstring and annotations of `wrapped` (which help(), IDEs and
    typing.get_type_hints read) say that it answers a RawResponse, where functools.wraps
    gave it those of `method` (its very annotations dict: changing it would change the
    method's)."""
    function = getattr(method, "__func__", method)  # one per method, whatever the instance
    signature, doc, annotations = _raw_face(function, inspect.ismethod(method))
    face = cast(Any, wrapped)
    face.__signature__, face.__doc__, face.__annotations__ = signature, doc, dict(annotations)


@cache
def _raw_face(
    function: Callable[..., Any], bound: bool
) -> tuple[inspect.Signature, str, dict[str, Any]]:
    """The signature, docstring and annotations of `function`'s raw twin (`bound`: without
    `self`)."""
    signature = inspect.signature(function)
    answer = signature.return_annotation
    if answer is inspect.Signature.empty:
        answer = Any
    raw = f"RawResponse[{answer if isinstance(answer, str) else inspect.formatannotation(answer)}]"
    parameters = list(signature.parameters.values())[1 if bound else 0 :]
    doc = (
        f"`{function.__name__}()`, answering a `{raw}`: its HTTP status, headers and bytes"
        f" beside the value it parses.\n\n{inspect.cleandoc(function.__doc__ or '')}"
    )
    # Not the text `raw`: get_type_hints reads it in the method's module, which need not
    # import RawResponse. A name the answer's text holds (`User`) is resolved there, as the
    # method's own annotations are.
    generic: Any = RawResponse  # typed Any: mypy takes no value for a type argument
    annotations = {**function.__annotations__, "return": generic[answer]}
    signature = signature.replace(parameters=parameters, return_annotation=raw)
    return signature, doc.rstrip(), annotations


def _warn_deprecated(message: str) -> None:
    """Warn at the user's line: past every frame of this package between it and here (the
    resource method, a with_raw_response wrapper), however many there are."""
    frame: FrameType | None = inspect.currentframe()
    level = 1
    while frame is not None and _in_package(frame):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, DeprecationWarning, stacklevel=level)


def _in_package(frame: FrameType) -> bool:
    module = str(frame.f_globals.get("__name__", ""))
    return module == _PACKAGE or module.startswith(_PACKAGE + ".")


@cache
def _ssl_context() -> ssl.SSLContext:
    """httpx's default TLS settings, built once: loading the CA bundle takes tens of
    milliseconds, too long to repeat for every client."""
    return httpx.create_ssl_context()


@cache
def _adapter(type_: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(type_)


def _validated(type_: Any, value: Any) -> Any:
    """An argument (or a body's fields) checked against its Python type strictly: True is
    no int, "5" no int, 1 no bool, b"a" no str (pydantic's lax mode would convert them and
    send what the caller did not mean); an int is still a float, a dict a model, and an
    enum takes its listed values too (`"eu"` for `Region.EU`: the value is the wire's)."""
    adapter = _adapter(type_)
    while True:
        try:
            return adapter.validate_python(value, strict=True)
        except pydantic.ValidationError as exc:
            as_members = _as_members(exc, value, _enums(type_))
            if as_members is value:
                adapter.validate_python(value)  # a value no type takes: lax mode's words
                raise  # ("should be 0, 1 or 2", not "an instance of AuthMode") else strict's
            value = as_members


@cache
def _enums(type_: Any) -> dict[str, type[enum.Enum]]:
    """The enum classes a value of `type_` may hold, by name, as a strict problem names them."""
    found: dict[str, type[enum.Enum]] = {}
    nodes: list[Any] = [_adapter(type_).core_schema]
    while nodes:
        node = nodes.pop()
        if _is_object(node):
            if node.get("type") == "enum":
                found[node["cls"].__name__] = node["cls"]
            nodes.extend(node.values())
        elif _is_array(node):
            nodes.extend(node)
    return found


def _as_members(error: pydantic.ValidationError, value: Any, enums: Mapping[str, Any]) -> Any:
    """`value` with each listed value of an enum where strict mode wanted a member (exactly
    the member's value: 1 for an IntEnum, never True or "1") replaced by it; `value` itself
    where there is none."""
    for problem in error.errors(include_url=False):
        cls = enums.get(str(problem.get("ctx", {}).get("class")))
        if problem["type"] != "is_instance_of" or cls is None:
            continue
        given = problem["input"]
        member = next((m for m in cls if type(m.value) is type(given) and m.value == given), None)
        if member is not None:
            value = _replaced(value, problem["loc"], member)
    return value


def _replaced(value: Any, loc: tuple[int | str, ...], new: Any) -> Any:
    """A copy of `value` holding `new` at `loc` (a problem's location: keys and indexes of
    `value`, and pydantic's labels of union members, which are no part of it)."""
    if not loc:
        return new
    here, rest = loc[0], loc[1:]
    if _is_object(value) and here in value:
        return {**value, here: _replaced(value[here], rest, new)}
    if _is_array(value) and isinstance(here, int) and here < len(value):
        return [*value[:here], _replaced(value[here], rest, new), *value[here + 1 :]]
    return _replaced(value, rest, new)


_UNKNOWN: Any = object()  # no input to follow a problem's location through
# How pydantic labels a union's members in a problem's location: by type, not by key.
_MEMBER_LABEL = re.compile(
    r"constrained-\w+|[a-z]+(-[a-z]+)*\[.*\]"
    r"|str|int|float|bool|bytes|none|any|date|datetime|time|timedelta|decimal|uuid|url"
)


def _reason(error: pydantic.ValidationError, skip: int = 0, value: Any = _UNKNOWN) -> str:
    """The deepest problem, where it is below the argument (`skip`: the parts of its location
    that name the argument itself, which the message names already). Deepest, because a value
    no member of a union takes gets a problem from each member: a typo deep inside the member
    meant is the one to show, not "not a valid string"; at one depth, a broken bound before a
    wrong type (the member of the value's type is the one meant). `value`: the input, to tell
    the location's keys and indexes from pydantic's labels of union members."""
    return _said(*_deepest(error, value), skip)


def _said(problem: pydantic_core.ErrorDetails, path: tuple[int | str, ...], skip: int = 0) -> str:
    """`problem`'s message, after where it is (its `path` less the first `skip` parts)."""
    where = ".".join(str(p) for p in path[skip:])
    return f"{where}: {problem['msg']}" if where else str(problem["msg"])


def _deepest(
    error: pydantic.ValidationError, value: Any = _UNKNOWN
) -> tuple[pydantic_core.ErrorDetails, tuple[int | str, ...]]:
    problems = [(problem, _path(problem, value)) for problem in error.errors(include_url=False)]
    deepest = max(problems, key=lambda item: (len(item[1]), _is_bound(item[0])))
    return _typo_of(deepest, problems) or deepest


def _typo_of(
    missing: tuple[pydantic_core.ErrorDetails, tuple[int | str, ...]],
    problems: list[tuple[pydantic_core.ErrorDetails, tuple[int | str, ...]]],
) -> tuple[pydantic_core.ErrorDetails, tuple[int | str, ...]] | None:
    """A field the model (the same member of a union) does not declare, beside a required
    one `missing`: most likely its typo (`pasword`), which names the mistake better."""
    if missing[0]["type"] != "missing":
        return None
    parent = missing[0]["loc"][:-1]
    return next(
        (p for p in problems if p[0]["type"] == "extra_forbidden" and p[0]["loc"][:-1] == parent),
        None,
    )


def _is_bound(problem: pydantic_core.ErrorDetails) -> bool:
    """Whether the value broke a bound of the spec's (so its type was the member's)."""
    return problem["type"] in _BOUNDS


_BOUNDS = frozenset(
    (
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "multiple_of",
        "string_too_short",
        "string_too_long",
        "string_pattern_mismatch",
        "too_short",
        "too_long",
    )
)


def _path(problem: pydantic_core.ErrorDetails, value: Any) -> tuple[int | str, ...]:
    """`problem`'s location by the keys and indexes of `value` alone, without the labels
    pydantic gives a union's members (`constrained-str`, `list[int]`, a model's name, a
    discriminator's value) where `value` has no such key."""
    loc = problem["loc"]
    if value is _UNKNOWN:
        return tuple(loc)
    path: list[int | str] = []
    here: object = value
    for index, part in enumerate(loc):
        if isinstance(here, Mapping) and part in here:
            here = cast(Mapping[object, object], here)[part]
        elif isinstance(here, (list, tuple)) and isinstance(part, int):
            items = cast(Sequence[object], here)
            here = items[part] if part < len(items) else None
        elif isinstance(part, str) and _is_label(part, index == len(loc) - 1, here):
            continue
        path.append(part)
    return tuple(path)


def _is_label(part: str, last: bool, here: Any) -> bool:
    """Whether `part`, no key of `here`, labels a union's member: a key a mapping lacks
    (a required field missing) is the last part; anything a member's label leads to is
    deeper, in the same value."""
    return bool(_MEMBER_LABEL.fullmatch(part)) or not last or not isinstance(here, Mapping)


def _body_arguments(endpoint: Endpoint[Any]) -> dict[str, str]:
    """Wire name -> argument, of the body's fields."""
    return {arg.name: name for name, arg in endpoint.arguments.items() if arg.location == "body"}


def _declared_fields(endpoint: Endpoint[Any]) -> dict[str, str]:
    """The keys the body model takes as a declared field, each with the argument sending it:
    wire names, and Python names too (the models populate fields by name)."""
    assert endpoint.body_model is not None
    arguments, out = _body_arguments(endpoint), dict[str, str]()
    for attribute, info in endpoint.body_model.model_fields.items():
        wire = info.alias or attribute
        out[wire] = out[attribute] = arguments.get(wire, attribute)
    return out


def _argument_of(
    endpoint: Endpoint[Any], loc: tuple[int | str, ...], extra: tuple[str, dict[str, Any]] | None
) -> str:
    """The argument of a body model's problem at `loc` (its path in the model's input): a
    field's, or an extra field's (`extra_fields['a']`)."""
    if extra and loc and loc[0] in extra[1]:
        return f"{extra[0]}[{loc[0]!r}]"
    wire = str(loc[0]) if loc else ""
    return _body_arguments(endpoint).get(wire, wire)


def _unserializable(
    endpoint: Endpoint[Any], body: dict[str, Any], extra: tuple[str, dict[str, Any]] | None
) -> str:
    """The argument holding the value JSON has no form for (looked for once encoding failed)."""
    named = [(name, body[wire]) for wire, name in _body_arguments(endpoint).items() if wire in body]
    named += [(f"{extra[0]}[{key!r}]", value) for key, value in extra[1].items()] if extra else []
    for name, value in named:
        try:
            pydantic_core.to_json(value)
        except pydantic_core.PydanticSerializationError:
            return name
    return "body"


def _query_value(endpoint: Endpoint[Any], name: str, value: Any) -> Any:
    """A query argument as httpx sends it, if UTF-8 can carry its text. A query string has
    no null, so an array's None items are left out, as a form's are (httpx sends `ids=`)."""
    if _is_array(value):
        value = [item for item in value if item is not None]
    for item in value if _is_array(value) else [value]:
        if isinstance(item, str):
            _encodable(endpoint, name, item)
    return value


# httpx refuses a URL, or a part of one, over 64 KiB; escaped, a character takes at most 12
# (4 UTF-8 bytes, each as %XX), so a URL of fewer characters than this is never refused.
_SURELY_SHORT = 65536 // 12


def _unescaped_length(url: str, query: Mapping[str, Any]) -> int:
    """The characters of `url` and of its query's names and values, before escaping."""
    items = [item for value in query.values() for item in (value if _is_array(value) else [value])]
    return len(url) + sum(len(name) + 2 for name in query) + sum(len(str(i)) + 2 for i in items)


def _longest(endpoint: Endpoint[Any], values: Mapping[str, Any]) -> str:
    """The path or query argument a URL too long is most likely due to."""
    in_url = [
        name
        for name, value in values.items()
        if endpoint.arguments[name].location in ("path", "query") and value is not None
    ]
    return max(in_url, key=lambda name: len(str(values[name])), default="path")


def _invalid(endpoint: Endpoint[Any], argument: str, reason: str) -> InvalidArgument:
    return InvalidArgument(endpoint.operation, argument, reason, call=endpoint.call)


def _undecodable(
    endpoint: Endpoint[Any], reason: str, response: httpx.Response | None
) -> DecodeError:
    return DecodeError(endpoint.operation, reason, response, call=endpoint.call)


def _is_object(value: Any) -> TypeGuard[dict[str, Any]]:
    """Whether decoded JSON is an object."""
    return isinstance(value, dict)


def _is_array(value: Any) -> TypeGuard[list[Any]]:
    """Whether decoded JSON (or a dumped model's field) is an array."""
    return isinstance(value, list)


def _wire(value: Any) -> Any:
    """A validated argument as httpx sends it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_array(value):
        return [_wire(v) for v in value]
    return value


def _header_value(endpoint: Endpoint[Any], argument: str, header: object, value: object) -> str:
    """`value`, if it can be sent as the value of the header `header` (`argument`: what the
    caller gave it as, which an error names)."""
    problem = _header_problem(header, value)
    if problem:
        raise _invalid(endpoint, argument, problem)
    return cast(str, value)


def _header_problem(name: object, value: object) -> str | None:
    """Why HTTP cannot carry this header as given, or None."""
    if not isinstance(name, str):
        return f"a header name must be a str, got {type(name).__name__}"
    if not _HEADER_NAME.fullmatch(name):
        return f"not usable as an HTTP header name ({_NOT_A_HEADER_NAME})"
    if name.lower() in _MANAGED_HEADERS:
        return f"{name} is not for the caller to set: httpx sets it from the request itself"
    if not isinstance(value, str):
        return f"must be a str, got {type(value).__name__}"
    if not _HEADER_VALUE.fullmatch(value):
        return f"not usable as an HTTP header value ({_NOT_A_HEADER_VALUE})"
    return None


def _encodable(endpoint: Endpoint[Any], name: str, text: str) -> str:
    """`text`, if UTF-8 can carry it: a lone surrogate (half of a UTF-16 pair, as a JSON
    `"\\ud83d"` or a file name decoded with surrogateescape gives) has no UTF-8 form."""
    try:
        text.encode()
    except UnicodeEncodeError as exc:
        raise _invalid(endpoint, name, _no_utf8(exc)) from None
    return text


def _no_utf8(exc: UnicodeEncodeError) -> str:
    character = exc.object[exc.start]
    return f"holds {character!r} at {exc.start}, a lone surrogate, which UTF-8 cannot encode"


def _wrong_type(name: str, value: object, expected: str) -> ConfigurationError:
    return ConfigurationError(f"{name} must be {expected}, got {type(value).__name__}")


def check_credential(name: str, value: object) -> None:
    """Fail at construction on a credential that is missing or not a string. The message
    names it, never its value."""
    if value is None or value == "":
        raise ConfigurationError(f"{name} is required")
    if not isinstance(value, str):
        raise _wrong_type(name, value, "a str")


def check_url(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise _wrong_type(name, value, "a str")
    if not value:  # not taken for "not given": a setting left empty by mistake must not pass
        raise ConfigurationError(f"{name} is empty: it must be an absolute http:// or https:// URL")
    if not _ABSOLUTE_URL.match(value):
        raise ConfigurationError(f"{name} must be an absolute http:// or https:// URL")
    try:
        httpx.URL(value)
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"{name} is not a valid URL: {exc}") from None


def check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise _wrong_type(name, value, "a bool")


def client_header(argument: str, type_: Any, value: object) -> str | None:
    """A client-wide header's value as it is sent (None: not sent), checked as a call's
    argument is: an int header refuses "abc", an enum one sends the member's value."""
    if value is None:
        return None
    try:
        checked = _validated(type_, value)
    except pydantic.ValidationError as exc:
        raise ConfigurationError(f"{argument}: {_reason(exc)}") from None
    return str(_wire(checked))


def check_header_credential(name: str, value: object) -> None:
    """Fail at construction, not at every call, on a credential (or client-wide header)
    no header can carry. The message names it, never its value."""
    if not isinstance(value, str):
        raise _wrong_type(name, value, "a str")
    if not _HEADER_VALUE.fullmatch(value):
        raise ConfigurationError(f"{name} is not usable in an HTTP header ({_NOT_A_HEADER_VALUE})")


def _segment(endpoint: Endpoint[Any], name: str, value: Any) -> str:
    """A path parameter that cannot change the path: '/', '?', '#' and dot segments are
    escaped, and an empty one (`/items/`, `/groups//members`) is refused."""
    text = quote(_encodable(endpoint, name, str(_wire(value))), safe="")
    if not text:
        raise _invalid(endpoint, name, "is empty, which would change the path")
    return text.replace(".", "%2E") if text in (".", "..") else text


_TIMEOUT_KINDS = "seconds, an httpx.Timeout or None"
_EMPTY_FORM = "botspec-form-of-no-parts"  # the boundary of a multipart body without parts


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_timeout(value: object) -> bool:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return value is None or number or isinstance(value, httpx.Timeout)


_MAX_TIMEOUT = 1e9  # seconds; sockets refuse a much longer one (OverflowError)


def _timeout_problem(value: float | httpx.Timeout | None) -> str | None:
    """Why a timeout of the right type cannot be used (negative, NaN, infinite), or None."""
    limits = value.as_dict().values() if isinstance(value, httpx.Timeout) else [value]
    for limit in limits:
        if limit is not None and not 0 <= limit <= _MAX_TIMEOUT:
            return f"must be 0 to 1e9 seconds (None for no limit), got {limit!r}"
    return None


def _check_http(
    http_client: object, transport: object, client_type: type, transport_type: type
) -> None:
    """The constructor's own httpx client or transport, if given, is of the right kind; a
    transport beside an http_client would be ignored (the client has its own)."""
    if http_client is not None and transport is not None:
        raise ConfigurationError(
            "transport and http_client cannot both be given: pass the transport to the"
            " httpx client instead"
        )
    if http_client is not None and not isinstance(http_client, client_type):
        raise _wrong_type("http_client", http_client, f"an httpx.{client_type.__name__}")
    if transport is not None and not isinstance(transport, transport_type):
        raise _wrong_type("transport", transport, f"an httpx.{transport_type.__name__}")


# The headers authenticating a call, and the bought token they carry (None: none): the one
# a 401 to this call makes the client forget, whatever another call bought meanwhile.
Authentication = tuple[Mapping[str, str], str | None]


@dataclass(slots=True)
class PreparedCall:
    endpoint: Endpoint[Any]
    url: str  # without the query
    query: dict[str, Any]
    headers: dict[str, str]
    content: bytes | None


class BaseClient:
    """State and logic shared by the sync and async clients; no I/O here."""

    _config = ApiConfig(user_agent="botspec")
    _token_source: TokenSource | None = None
    # operation -> full URL, for operations on a server of their own whose URL the
    # client was told (e.g. the token exchange's `token_url=`)
    _operation_urls: Mapping[str, str] = {}
    _given_http: httpx.Client | httpx.AsyncClient | None = None  # the caller's own client
    _closed = False  # close() was called: calls are refused, whoever owns the pool

    def __init__(
        self,
        *,
        base_url: str,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        default_headers: Mapping[str, str | None],
    ) -> None:
        if not _is_int(max_retries):
            raise _wrong_type("max_retries", max_retries, "an int")
        if max_retries < 0:
            raise ConfigurationError("max_retries must be 0 or more")
        if not _is_timeout(timeout):
            raise _wrong_type("timeout", timeout, _TIMEOUT_KINDS)
        problem = _timeout_problem(timeout)
        if problem:
            raise ConfigurationError(f"timeout {problem}")
        check_url("base_url", base_url)
        if "?" in base_url or "#" in base_url:  # the paths go after it: `/api?x=1/user/me`
            raise ConfigurationError("base_url must not have a query or fragment")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        headers = {**_own_headers(self._config.user_agent), **default_headers}
        self._default_headers = {k: v for k, v in headers.items() if v is not None}
        for name, value in self._default_headers.items():
            check_header_credential(f"the {name} header", value)
        self._in_with = threading.Lock()  # held from `with` on: its end closes the client
        self._bucket_of: dict[str, str] = {}  # operation -> the rate-limit bucket it counts against
        self._bucket_reopens: dict[str, float] = {}  # bucket -> monotonic time it has calls again
        self._global_reopens = 0.0

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={_shown(self.base_url)!r})"

    # -- building a request ---------------------------------------------------

    def _begin(
        self,
        endpoint: Endpoint[Any],
        values: Mapping[str, Any],
        extra_headers: Mapping[str, str] | None,
        timeout: float | httpx.Timeout | NotGiven | None,
    ) -> tuple[PreparedCall, Mapping[str, str], Any]:
        """What every call does before anything is sent, sync or async, one page or all:
        warn if deprecated, check the arguments, the extra headers and the timeout."""
        self._check_open(endpoint)
        if endpoint.warning:
            _warn_deprecated(f"{endpoint.call} {endpoint.warning}")
        call = self._prepare(endpoint, values)
        return call, self._extra_headers(endpoint, extra_headers), self._timeout(endpoint, timeout)

    def _begin_pages(
        self,
        endpoint: Endpoint[Any],
        values: Mapping[str, Any],
        extra_headers: Mapping[str, str] | None,
        timeout: float | httpx.Timeout | NotGiven | None,
    ) -> tuple[Pagination, PreparedCall, dict[str, Any], Mapping[str, str], Any]:
        """`_begin` for a walk over every page: errors name the `iter_*` method."""
        pagination = endpoint.pagination
        assert pagination is not None
        endpoint = replace(endpoint, call=pagination.call or endpoint.call)
        call, extra, wait = self._begin(endpoint, values, extra_headers, timeout)
        return pagination, call, dict(values), extra, wait

    def _enter_with(self, keyword: str) -> None:
        """Start a `with` block, unless the client is closed or in one already: the inner
        block's end would close it under the outer one, whose next call would then fail."""
        self._check_open(None)
        if not self._in_with.acquire(blocking=False):
            kind = type(self).__name__
            reason = (
                f"this {kind} is already open in a `{keyword}` block, which closes it at its"
                f" end: use it there without another `{keyword}`, or make a new {kind}"
            )
            raise ClientClosedError("", reason)

    def _unusable(self, endpoint: Endpoint[Any], exc: RuntimeError) -> Exception:
        """What httpx's RuntimeError means for a call: closed meanwhile, else httpx's own."""
        return self._closed_error(endpoint) or exc

    def _check_open(self, endpoint: Endpoint[Any] | None) -> None:
        closed = self._closed_error(endpoint)
        if closed is not None:
            raise closed from None  # what httpx raised for it says nothing more

    def _closed_error(self, endpoint: Endpoint[Any] | None) -> ClientClosedError | None:
        """Why nothing can be sent, if the client (or the caller's http_client) is closed:
        httpx would raise a bare RuntimeError."""
        reason = self._closed_reason()
        if reason is None:
            return None
        if endpoint is None:  # `with` on a closed client: no call to name
            return ClientClosedError("", reason)
        return ClientClosedError(endpoint.operation, reason, call=endpoint.call)

    def _closed_reason(self) -> str | None:
        kind = type(self).__name__
        if self._closed:
            return f"this {kind} is closed: make a new one"
        if self._given_http is not None and self._given_http.is_closed:
            return f"the http_client given to this {kind} is closed"
        return None

    def _prepare(self, endpoint: Endpoint[Any], values: Mapping[str, Any]) -> PreparedCall:
        path_values: dict[str, str] = {}
        query: dict[str, Any] = {}
        headers = dict(self._default_headers)
        body: dict[str, Any] = {}
        extra: tuple[str, dict[str, Any]] | None = None
        for name, value in values.items():
            argument = endpoint.arguments[name]
            if not self._given(endpoint, name, argument, value):
                continue
            if argument.location == "extra":
                extra = name, self._extra_fields(endpoint, name, value)
                continue
            if argument.location != "body" or endpoint.body_model is None:
                value = self._check(endpoint, name, argument.type, value)
            if argument.location == "path":
                path_values[argument.name] = _segment(endpoint, name, value)
            elif argument.location == "query":
                query[argument.name] = _query_value(endpoint, name, _wire(value))
            elif argument.location == "header":
                headers[argument.name] = _header_value(
                    endpoint, name, argument.name, str(_wire(value))
                )
            else:
                body[argument.name] = value
        path = _PATH_PARAMETER.sub(lambda m: path_values[m.group(1)], endpoint.path)
        url = self._url(endpoint, path, query, values)
        content = self._encode_body(endpoint, body, headers, extra)
        return PreparedCall(endpoint, url, query, headers, content)

    def _url(
        self, endpoint: Endpoint[Any], path: str, query: dict[str, Any], values: Mapping[str, Any]
    ) -> str:
        """The URL of a call (without its query), checked with the query as httpx will."""
        if endpoint.base_url is None:
            url = self.base_url + path
        else:
            url = self._operation_urls.get(endpoint.operation) or endpoint.base_url + path
        if _unescaped_length(url, query) < _SURELY_SHORT:
            return url  # parsing it here as httpx will would cost a fifth of a call
        try:
            httpx.URL(url, params=query or None)
        except httpx.InvalidURL as exc:
            raise _invalid(
                endpoint, _longest(endpoint, values), f"makes the {exc} for httpx"
            ) from None
        return url

    @staticmethod
    def _given(endpoint: Endpoint[Any], name: str, argument: Argument, value: Any) -> bool:
        """Whether the argument goes on the wire: NOT_GIVEN never does, None only as null."""
        if value is None and argument.nullable:
            return True
        if value is not None and not isinstance(value, NotGiven):
            return True
        if argument.required or argument.location == "path":
            raise _invalid(endpoint, name, f"is required, got {value!r}")
        return False

    def _timeout(
        self, endpoint: Endpoint[Any], timeout: float | httpx.Timeout | NotGiven | None
    ) -> Any:
        """A call's timeout: the client's unless given; None (no timeout) and 0 are kept."""
        if isinstance(timeout, NotGiven):
            return self.timeout
        if not _is_timeout(timeout):
            kind = type(timeout).__name__
            raise _invalid(endpoint, "timeout", f"must be {_TIMEOUT_KINDS}, got {kind}")
        problem = _timeout_problem(timeout)
        if problem:
            raise _invalid(endpoint, "timeout", problem)
        return timeout

    @staticmethod
    def _extra_headers(endpoint: Endpoint[Any], headers: object) -> Mapping[str, str]:
        """A call's `extra_headers=`, whatever the caller passed, checked."""
        if headers is None:
            return {}
        if not isinstance(headers, Mapping):
            kind = type(headers).__name__
            raise _invalid(endpoint, "extra_headers", f"must be a mapping, got {kind}")
        for name, value in cast(Mapping[object, object], headers).items():
            _header_value(endpoint, f"extra_headers[{name!r}]", name, value)
        return cast(Mapping[str, str], headers)

    @staticmethod
    def _extra_fields(endpoint: Endpoint[Any], name: str, value: object) -> dict[str, Any]:
        """A call's extra body fields: a mapping of wire names, none of them a declared
        field's (the model would take it as that field). The model checks the values."""
        if not isinstance(value, Mapping):
            raise _invalid(endpoint, name, f"must be a mapping, got {type(value).__name__}")
        fields = dict(cast(Mapping[object, Any], value))
        declared = _declared_fields(endpoint)
        for key in fields:
            if not isinstance(key, str):
                reason = f"keys must be str, got {type(key).__name__} {key!r}"
                raise _invalid(endpoint, name, reason)
            if key in declared:
                reason = f"names a declared field: pass it as {declared[key]}= instead"
                raise _invalid(endpoint, f"{name}[{key!r}]", reason)
        return cast(dict[str, Any], fields)

    def _check(self, endpoint: Endpoint[Any], name: str, type_: Any, value: Any) -> Any:
        try:
            return _validated(type_, value)
        except pydantic.ValidationError as exc:
            raise _invalid(endpoint, name, _reason(exc, value=value)) from None

    def _encode_body(
        self,
        endpoint: Endpoint[Any],
        body: dict[str, Any],
        headers: dict[str, str],
        extra: tuple[str, dict[str, Any]] | None,
    ) -> bytes | None:
        """The body's bytes; `extra`: the argument of its extra fields, and them."""
        try:
            return self._encoded(endpoint, body, headers, extra)
        except pydantic_core.PydanticSerializationError as exc:
            # A value typed `Any` that JSON has no form for: validation let it through.
            raise _invalid(endpoint, _unserializable(endpoint, body, extra), str(exc)) from None
        except UnicodeEncodeError as exc:  # a text or form value: JSON's encoder says so above
            raise _invalid(
                endpoint, _unserializable(endpoint, body, extra), _no_utf8(exc)
            ) from None

    def _encoded(
        self,
        endpoint: Endpoint[Any],
        body: dict[str, Any],
        headers: dict[str, str],
        extra: tuple[str, dict[str, Any]] | None,
    ) -> bytes | None:
        no_fields = not body and not (extra and extra[1])
        if endpoint.media_type is None or (
            no_fields and (endpoint.body_model is None or endpoint.body_optional)
        ):
            return None
        headers["Content-Type"] = endpoint.media_type
        if endpoint.body_model is not None:
            fields = {**body, **(extra[1] if extra else {})}
            try:
                model: pydantic.BaseModel = _validated(endpoint.body_model, fields)
            except pydantic.ValidationError as exc:
                problem, path = _deepest(exc, fields)
                name = _argument_of(endpoint, path, extra)
                raise _invalid(endpoint, name, _said(problem, path, skip=1)) from None
            if endpoint.media_type == "application/json":
                return model.model_dump_json(by_alias=True, exclude_unset=True).encode()
            # Form bodies: one field per property (a list repeats it), nested values as JSON,
            # booleans as true/false; bytes are sent raw (multipart: as a file part).
            pairs: list[tuple[str, str | bytes]] = []
            for name, value in model.model_dump(by_alias=True, exclude_unset=True).items():
                for item in value if _is_array(value) else [value]:
                    wire = _wire(item)
                    if isinstance(wire, (dict, list)):
                        pairs.append((name, pydantic_core.to_json(wire).decode()))
                    elif wire is not None:
                        pairs.append((name, wire if isinstance(wire, (str, bytes)) else str(wire)))
            if endpoint.media_type == "application/x-www-form-urlencoded":
                return urlencode(pairs).encode("ascii")
            parts: list[tuple[str, Any]] = [
                (name, (name, v, "application/octet-stream") if isinstance(v, bytes) else (None, v))
                for name, v in pairs
            ]
            if not parts:  # httpx would send no body at all; no part can clash with a boundary
                headers["Content-Type"] = f"multipart/form-data; boundary={_EMPTY_FORM}"
                return f"--{_EMPTY_FORM}--\r\n".encode("ascii")
            encoded = httpx.Request("POST", "http://localhost", files=parts)
            headers["Content-Type"] = encoded.headers["Content-Type"]
            return encoded.read()
        value = body.get("body")
        if endpoint.media_type == "text/plain":
            # text/plain without a charset is US-ASCII (RFC 2046, RFC 6657); these are UTF-8.
            headers["Content-Type"] = _TEXT_PLAIN
            return str(value).encode()
        if endpoint.raw_text:  # the server reads the bytes as they are, whatever the header says
            return str(value).encode()
        adapter = _adapter(endpoint.arguments["body"].type)
        return adapter.dump_json(value, by_alias=True, exclude_unset=True)

    def _request(
        self, call: PreparedCall, auth: Mapping[str, str], extra: Mapping[str, str], timeout: Any
    ) -> httpx.Request:
        endpoint, url = call.endpoint, call.url
        headers = call.headers
        if extra:  # one header given again in another case replaces it, never doubles it
            merged = httpx.Headers(headers)
            merged.update(auth)
            merged.update(extra)
            headers, auth = dict(merged.multi_items()), {}
        if self._given_http is not None:  # the caller's client adds its headers, cookies, query
            return self._given_http.build_request(
                endpoint.method,
                url,
                params=call.query or None,
                headers={**headers, **auth},
                content=call.content,
                timeout=timeout,
            )
        return httpx.Request(
            endpoint.method,
            url,
            params=call.query or None,
            headers={**headers, **auth},
            content=call.content,
            extensions={"timeout": httpx.Timeout(timeout).as_dict()},
        )

    # -- reading the answer ---------------------------------------------------

    def _result(self, endpoint: Endpoint[T], response: httpx.Response) -> T:
        """What `request` answers: the parsed value, or a RawResponse around it."""
        value = self._process(endpoint, response)
        return cast(T, RawResponse(response, value)) if _RAW.get() else value

    def _process(self, endpoint: Endpoint[T], response: httpx.Response) -> T:
        if response.status_code >= 300:  # redirects too: they are not followed
            raise self._status_error(endpoint, response)
        if endpoint.response is None:
            return None  # type: ignore[return-value]
        envelope = self._config.envelope
        try:
            if endpoint.unwrap and envelope is not None:
                return self._data(endpoint, response, envelope)  # type: ignore[no-any-return]
            if endpoint.text:
                return response.text  # type: ignore[return-value]
            return _adapter(endpoint.response).validate_json(response.content)  # type: ignore[no-any-return]
        except pydantic.ValidationError as exc:
            raise _undecodable(endpoint, _reason(exc), response) from None

    def _data(self, endpoint: Endpoint[Any], response: httpx.Response, envelope: Envelope) -> Any:
        """The value an envelope carries, of the type the operation answers."""
        body = self._json(endpoint, response)
        self._check_envelope(endpoint, response, body, envelope)
        data = body.get(envelope.data)
        try:
            return _adapter(endpoint.response).validate_python(data)
        except pydantic.ValidationError:
            if data is not None:
                raise
        state = "null" if envelope.data in body else "missing"
        raise _undecodable(endpoint, f"the envelope's {envelope.data!r} field is {state}", response)

    def _page(
        self, endpoint: Endpoint[Any], response: httpx.Response
    ) -> tuple[list[Any], dict[str, Any]]:
        """One page's items, and the whole body that says where the next page is."""
        assert endpoint.pagination is not None
        if response.status_code >= 300:  # redirects too: they are not followed
            raise self._status_error(endpoint, response)
        body = self._json(endpoint, response)
        if self._config.envelope is not None:
            self._check_envelope(endpoint, response, body, self._config.envelope)
        raw_items = _dig(body, endpoint.pagination.items)
        try:
            items = _adapter(endpoint.pagination.item_list).validate_python(raw_items or [])
        except pydantic.ValidationError as exc:
            raise _undecodable(endpoint, _reason(exc), response) from None
        return items, body

    @staticmethod
    def _next_page(
        pagination: Pagination,
        values: dict[str, Any],
        body: dict[str, Any],
        count: int,
        longest: int,
    ) -> dict[str, Any] | None:
        """The arguments of the next page, or None after the last one: only where that is
        sure. An empty page is the last, and so is the page the answer's total says is; without
        a total, a page shorter than the longest so far (`count` items, `longest` of them). Not
        a page shorter than the page size asked for: a server capping its pages below it
        answers every page so, and stopping there would lose the rest without a word."""
        if count == 0:
            return None
        current = values.get(pagination.page_argument)
        if pagination.style == "page":
            page = current if isinstance(current, int) else pagination.first_page
            total = _dig(body, pagination.total_pages) if pagination.total_pages else None
            if isinstance(total, int) and page >= total:
                return None
            if total is None and count < longest:
                return None
            return {**values, pagination.page_argument: page + 1}
        cursor = _dig(body, pagination.next_cursor or ())
        if cursor is None or cursor == "" or cursor == current:
            return None
        return {**values, pagination.page_argument: cursor}

    def _next_call(
        self, endpoint: Endpoint[Any], values: dict[str, Any], response: httpx.Response
    ) -> PreparedCall:
        """The call of the next page, whose cursor the answer gave: one the cursor argument
        refuses (a number where the spec has a string) is the answer's fault, not the
        caller's."""
        pagination = endpoint.pagination
        assert pagination is not None
        try:
            return self._prepare(endpoint, values)
        except InvalidArgument as exc:
            if pagination.style != "cursor" or exc.argument != pagination.page_argument:
                raise
            reason = f"its next cursor is no {pagination.page_argument} to send: {exc.reason}"
            raise _undecodable(endpoint, reason, response) from None

    # -- rate limits ----------------------------------------------------------

    def _hold(self, endpoint: Endpoint[Any], deadline: float | None) -> float:
        """How long to wait before sending a call the platform has said it would refuse (its
        rate-limit bucket, or all of them, used up). A wait the call is not to make raises
        RateLimitError at once, nothing sent: one past the call's deadline, or any with
        max_retries=0 (the caller paces its calls, and is not kept waiting)."""
        now = time.monotonic()
        bucket = self._bucket_of.get(endpoint.operation)
        reopens = self._bucket_reopens.get(bucket, 0.0) if bucket else 0.0
        delay = max(0.0, reopens - now, self._global_reopens - now)
        if delay and (self.max_retries == 0 or _ends_after(deadline, delay)):
            why = "max_retries=0" if self.max_retries == 0 else "past the call's timeout"
            raise RateLimitError(
                f"not sent: the rate limit frees calls in {delay:.3g} s ({why})",
                retry_after=delay,
                bucket=bucket,
                is_global=self._global_reopens - now >= delay,
                operation=endpoint.operation,
                call=endpoint.call,
                status_code=429,  # what the platform would answer
            )
        return delay

    def _note_limits(self, endpoint: Endpoint[Any], response: httpx.Response) -> None:
        config = self._config
        reset = self._retry_after(response) if config.rate_limit_reset_header else None
        # A longer wait is not made in advance (a blocked call would look hung): the call
        # goes out and the server's answer decides, as for a long Retry-After.
        if reset is None or reset > _MAX_SERVER_DELAY:
            return
        reopens = time.monotonic() + reset
        if self._header(response, config.rate_limit_global_header) is not None:
            self._global_reopens = max(self._global_reopens, reopens)
        bucket = self._header(response, config.rate_limit_bucket_header) or endpoint.operation
        self._bucket_of[endpoint.operation] = bucket
        if self._header(response, config.rate_limit_remaining_header) == "0":
            self._bucket_reopens[bucket] = reopens
        else:
            self._bucket_reopens.pop(bucket, None)

    def _json(self, endpoint: Endpoint[Any], response: httpx.Response) -> dict[str, Any]:
        try:
            body = pydantic_core.from_json(response.content)
        except ValueError:
            raise _undecodable(endpoint, "the body is not JSON", response) from None
        if not _is_object(body):
            raise _undecodable(endpoint, "the body is not a JSON object", response)
        return body

    def _check_envelope(
        self,
        endpoint: Endpoint[Any],
        response: httpx.Response,
        body: dict[str, Any],
        envelope: Envelope,
    ) -> None:
        code = body.get(envelope.code)
        if not _is_success(code, envelope.success):
            message = str(body.get(envelope.message) or "request failed")
            raise self._error(endpoint, response, message, code, body)

    def _status_error(self, endpoint: Endpoint[Any], response: httpx.Response) -> ApiError:
        try:
            body: Any = pydantic_core.from_json(response.content)
        except ValueError:
            body = None
        code, message = _error_fields(body, self._config.error_fields)
        return self._error(endpoint, response, _status_message(response, message), code, body)

    def _error(
        self, endpoint: Endpoint[Any], response: httpx.Response, message: str, code: Any, body: Any
    ) -> ApiError:
        status = response.status_code
        kind = _status_error(status)
        if kind is None and type(code) is int:  # a platform whose body codes are HTTP's
            kind = _status_error(code)
        kwargs: dict[str, Any] = {
            "operation": endpoint.operation,
            "call": endpoint.call,
            "status_code": status,
            "code": code,
            "trace_id": self._trace_id(response, body),
            "response": response,
            "body": body,
        }
        if kind is RateLimitError:
            return RateLimitError(
                message,
                retry_after=self._retry_after(response),
                bucket=self._header(response, self._config.rate_limit_bucket_header),
                is_global=self._header(response, self._config.rate_limit_global_header) is not None,
                **kwargs,
            )
        return (kind or ApiError)(message, **kwargs)

    def _trace_id(self, response: httpx.Response, body: Any) -> str | None:
        header = self._header(response, self._config.trace_id_header)
        if header is None and _is_object(body) and body.get("trace_id"):
            return str(body["trace_id"])
        return header

    @staticmethod
    def _header(response: httpx.Response, name: str | None) -> str | None:
        return response.headers.get(name) if name else None

    # -- retries --------------------------------------------------------------

    def _retry_after(self, response: httpx.Response, reset: bool = True) -> float | None:
        """Seconds the server asks to wait: Retry-After, else (with `reset`) the time until
        the rate-limit bucket refills."""
        names = ("Retry-After", self._config.rate_limit_reset_header if reset else None)
        for name in names:
            seconds = _delay(self._header(response, name), http_date=name == "Retry-After")
            if seconds is not None:
                return seconds
        return None

    def _renew_token(
        self, endpoint: Endpoint[Any], response: httpx.Response, token: str | None, renewed: bool
    ) -> bool:
        """A 401 with a bought token: forget it and try once more with a new one."""
        if response.status_code != 401 or renewed or self._token_source is None:
            return False
        if not endpoint.authenticated:
            return False
        self._token_source.invalidate(token)
        return True

    def _should_retry(self, endpoint: Endpoint[Any], response: httpx.Response) -> bool:
        status = response.status_code
        return status == 429 or (endpoint.idempotent and (status == 408 or status >= 500))

    def _retry_delay(
        self, attempt: int, response: httpx.Response | None, deadline: float | None
    ) -> float | None:
        """The wait before trying again, or None where no try is left: max_retries made, or
        the wait would end past the call's deadline (the answer at hand is then the call's)."""
        if attempt >= self.max_retries:
            return None
        delay = self._backoff(attempt, response)
        return None if _ends_after(deadline, delay) else delay

    def _backoff(self, attempt: int, response: httpx.Response | None) -> float:
        # The bucket's reset time says when a 429 can succeed; on a 5xx it says nothing.
        delay = (
            None if response is None else self._retry_after(response, response.status_code == 429)
        )
        if delay is not None and delay <= _MAX_SERVER_DELAY:
            return delay
        base: float = min(_INITIAL_BACKOFF * 2**attempt, _MAX_BACKOFF)
        return base * (0.75 + random.random() / 2)

    def _log(self, request: httpx.Request, status: int | str, started: float, attempt: int) -> None:
        if log.isEnabledFor(logging.DEBUG):
            elapsed = (time.perf_counter() - started) * 1000
            retry = f" (retry {attempt})" if attempt else ""
            url = _shown(request.url)
            log.debug("%s %s -> %s in %.1f ms%s", request.method, url, status, elapsed, retry)


def _status_message(response: httpx.Response, message: str) -> str:
    """The message of an error status: the platform's `message`, else the HTTP reason; a
    redirect's says where it points."""
    message = message or response.reason_phrase or "HTTP error"
    if response.is_redirect:
        # Not followed: the credentials would go wherever it points.
        message += f", to {response.headers['Location']} (redirects are not followed)"
    return message


def _shown(url: str | httpx.URL) -> str:
    """`url` as a log or repr shows it: a password in it (`http://user:pass@host`) as `***`."""
    parsed = httpx.URL(url)
    if not parsed.password:
        return str(url)
    user = parsed.userinfo.partition(b":")[0]
    return str(parsed.copy_with(userinfo=user + b":***"))


def _deadline(timeout: Any) -> float | None:
    """When a call with this timeout is given up (monotonic seconds; None: never): after as
    many seconds as the timeout's longest limit, whatever it waits for meanwhile."""
    limits = httpx.Timeout(timeout).as_dict().values()
    return None if None in limits else time.monotonic() + max(cast(list[float], [*limits]))


def _within(timeout: Any, deadline: float | None) -> httpx.Timeout:
    """`timeout` for one attempt: each of its limits cut to the time left until `deadline`."""
    limits = httpx.Timeout(timeout).as_dict()
    if deadline is None:
        return httpx.Timeout(**limits)
    left = max(0.0, deadline - time.monotonic())
    return httpx.Timeout(**{kind: min(cast(float, limit), left) for kind, limit in limits.items()})


class _ReadBy(httpx.SyncByteStream, httpx.AsyncByteStream):
    """An answer's bytes, read no later than the call's deadline: each read's own timeout
    would let a server trickling its answer keep the call going."""

    def __init__(self, response: httpx.Response, deadline: float) -> None:
        self._stream = response.stream
        self._request = response.request
        self._deadline = deadline

    def __iter__(self) -> Iterator[bytes]:
        for chunk in cast(httpx.SyncByteStream, self._stream):
            self._check()
            yield chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in cast(httpx.AsyncByteStream, self._stream):
            self._check()
            yield chunk

    def close(self) -> None:
        cast(httpx.SyncByteStream, self._stream).close()

    async def aclose(self) -> None:
        await cast(httpx.AsyncByteStream, self._stream).aclose()

    def _check(self) -> None:
        if time.monotonic() > self._deadline:
            reason = "the call's timeout passed while its answer was read"
            raise httpx.ReadTimeout(reason, request=self._request)


def _read_by(response: httpx.Response, deadline: float | None) -> httpx.Response:
    """The streamed `response`, read whole by `deadline` (None: whenever it comes)."""
    if deadline is not None:
        response.stream = _ReadBy(response, deadline)
    try:
        response.read()
    finally:
        response.close()
    return response


async def _aread_by(response: httpx.Response, deadline: float | None) -> httpx.Response:
    """The async twin of `_read_by`."""
    if deadline is not None:
        response.stream = _ReadBy(response, deadline)
    try:
        await response.aread()
    finally:
        await response.aclose()
    return response


def _ends_after(deadline: float | None, delay: float) -> bool:
    """Whether a wait of `delay` seconds from now would end past `deadline`."""
    return deadline is not None and time.monotonic() + delay > deadline


def _delay(value: str | None, http_date: bool) -> float | None:
    """The seconds a header asks to wait: a number, or (`http_date`) an HTTP-date. None for
    anything else (`soon`, `inf`, `nan`): such a header says nothing."""
    if value is None:
        return None
    seconds = _seconds(value)
    if seconds is None and http_date:
        seconds = _http_date_delay(value)
    return None if seconds is None else max(0.0, seconds)


def _seconds(value: Any) -> float | None:
    """A number of seconds (a header's, a token lifetime); None for anything that is not a
    finite number."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if math.isfinite(seconds) else None


def _http_date_delay(value: str) -> float | None:
    """Seconds until an HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`); None if it is not one."""
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # `-0000`: UTC, as RFC 5322 has it
        when = when.replace(tzinfo=datetime.UTC)
    return when.timestamp() - time.time()


def _dig(body: Any, pointer: tuple[str, ...]) -> Any:
    for part in pointer:
        body = body.get(part) if _is_object(body) else None
    return body


def _transport_error(
    endpoint: Endpoint[Any], exc: httpx.RequestError, about: str = ""
) -> ApiConnectionError | DecodeError:
    """The error of a request whose answer never came or could not be read (`about`: what
    its reason follows)."""
    exc = _as_timeout(exc)
    if isinstance(exc, httpx.TimeoutException):
        reason = f"{about}timed out ({type(exc).__name__})"
        return ApiTimeoutError(endpoint.operation, reason, call=endpoint.call)
    if isinstance(exc, httpx.DecodingError):  # e.g. a body that is not the gzip it says it is
        reason = f"{about}the body does not match its Content-Encoding ({exc})"
        return _undecodable(endpoint, reason, None)
    reason = f"{about}{type(exc).__name__}: {exc}"
    return ApiConnectionError(endpoint.operation, reason, call=endpoint.call)


# httpx's timeout of each network wait, for the error a limit of 0 s makes of it instead.
_TIMEOUT_OF: dict[type[httpx.RequestError], type[httpx.TimeoutException]] = {
    httpx.ConnectError: httpx.ConnectTimeout,
    httpx.ReadError: httpx.ReadTimeout,
    httpx.WriteError: httpx.WriteTimeout,
}


def _as_timeout(exc: httpx.RequestError) -> httpx.RequestError:
    """`exc` as the timeout it is where a limit of 0 s made it: with one, the sync transport
    makes its socket non-blocking, and a wait then fails at once (`BlockingIOError`) instead
    of timing out, as it does in the async transport."""
    kind = _TIMEOUT_OF.get(type(exc))
    cause: BaseException | None = exc
    while kind is not None and cause is not None:
        if isinstance(cause, BlockingIOError):
            return kind(str(exc), request=exc.request)
        cause = cause.__cause__ or cause.__context__
    return exc


# Failures before the request left: no connection could be opened, or none was free.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _retryable(endpoint: Endpoint[Any], exc: httpx.RequestError) -> bool:
    """Before the request left any call may be retried; after it, only idempotent ones."""
    return isinstance(exc, _NOT_SENT) or endpoint.idempotent


class SyncApiClient(BaseClient):
    """Sends requests with an `httpx.Client`."""

    def __init__(
        self,
        *,
        http_client: httpx.Client | None,
        transport: httpx.BaseTransport | None,
        **kwargs: Any,
    ) -> None:
        _check_http(http_client, transport, httpx.Client, httpx.BaseTransport)
        super().__init__(**kwargs)
        self._owns_http = http_client is None
        self._given_http = http_client
        self._http = http_client or httpx.Client(transport=transport, verify=_ssl_context())

    def _auth_headers(self, endpoint: Endpoint[Any], timeout: Any) -> Authentication:
        return {}, None

    def request(
        self,
        endpoint: Endpoint[T],
        values: Mapping[str, Any],
        *,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> T:
        call, extra, wait = self._begin(endpoint, values, extra_headers, timeout)
        return self._result(endpoint, self._send(call, extra, wait))

    def paginate(
        self,
        endpoint: Endpoint[Any],
        values: Mapping[str, Any],
        *,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> Iterator[Any]:
        """Every item of every page, fetching each page when the previous one is used up.
        The arguments are checked here, so that a wrong one fails at the call, not later
        where the loop begins."""
        return self._walk(*self._begin_pages(endpoint, values, extra_headers, timeout))

    def _walk(
        self,
        pagination: Pagination,
        call: PreparedCall,
        page: dict[str, Any] | None,
        extra: Mapping[str, str],
        wait: Any,
    ) -> Iterator[Any]:
        endpoint, longest = call.endpoint, 0
        while page is not None:
            response = self._send(call, extra, wait)
            items, body = self._page(endpoint, response)
            yield from items
            longest = max(longest, len(items))
            page = self._next_page(pagination, page, body, len(items), longest)
            if page is not None:
                call = self._next_call(endpoint, page, response)

    def _send(self, call: PreparedCall, extra: Mapping[str, str], timeout: Any) -> httpx.Response:
        endpoint, attempt, renewed = call.endpoint, 0, False
        deadline = _deadline(timeout)
        while True:
            held = self._hold(endpoint, deadline)
            if held:
                time.sleep(held)
            self._check_open(endpoint)  # a retry, or the next page, after close()
            try:
                auth, token = self._auth_headers(endpoint, _within(timeout, deadline))
            except _TOKEN_TRANSIENT as exc:  # buying the token failed; buying one is safe
                self._check_open(endpoint)  # closed under the purchase: no retry
                delay = self._retry_delay(attempt, _response_of(exc), deadline)
                if delay is None:
                    raise
                time.sleep(delay)
                attempt += 1
                continue
            except RuntimeError as exc:  # closed while buying the token
                raise self._unusable(endpoint, exc) from None
            request = self._request(call, auth, extra, _within(timeout, deadline))
            started = time.perf_counter()
            try:
                # A caller's own httpx client may follow redirects; the credentials would go along.
                response = self._http.send(request, follow_redirects=False, stream=True)
                response = _read_by(response, deadline)
            except RuntimeError as exc:  # closed meanwhile, by another thread or task
                raise self._unusable(endpoint, exc) from None
            except httpx.RequestError as exc:
                self._log(request, type(exc).__name__, started, attempt)
                self._check_open(endpoint)  # closed under the call: not the network's doing
                delay = self._retry_delay(attempt, None, deadline)
                if delay is not None and _retryable(endpoint, exc):
                    time.sleep(delay)
                    attempt += 1
                    continue
                raise _transport_error(endpoint, exc) from None
            self._log(request, response.status_code, started, attempt)
            if self._closed:  # by another thread or task while the answer came: not returned
                self._check_open(endpoint)
            self._note_limits(endpoint, response)
            if self._renew_token(endpoint, response, token, renewed):
                renewed = True
                continue
            delay = self._retry_delay(attempt, response, deadline)
            if delay is not None and self._should_retry(endpoint, response):
                time.sleep(delay)
                attempt += 1
                continue
            return response

    def close(self) -> None:
        """Close the connection pool (unless it came from the caller); calls after it raise
        `ClientClosedError`. Closing again does nothing."""
        self._closed = True
        if self._owns_http:
            self._http.close()


class AsyncApiClient(BaseClient):
    """Sends requests with an `httpx.AsyncClient`."""

    def __init__(
        self,
        *,
        http_client: httpx.AsyncClient | None,
        transport: httpx.AsyncBaseTransport | None,
        **kwargs: Any,
    ) -> None:
        _check_http(http_client, transport, httpx.AsyncClient, httpx.AsyncBaseTransport)
        super().__init__(**kwargs)
        self._owns_http = http_client is None
        self._given_http = http_client
        self._http = http_client or httpx.AsyncClient(transport=transport, verify=_ssl_context())
        self._loop: asyncio.AbstractEventLoop | None = None  # the one its connections are of

    def _closed_reason(self) -> str | None:
        closed = super()._closed_reason()  # first: a closed client is closed in any loop
        if closed is not None or self._loop is None:
            return closed
        # Its connections (and locks) belong to that loop; once the loop is closed
        # (asyncio.run() closes it at its end) they are gone with it.
        running = _running()  # None outside a loop: an iter_* method may be called there
        if self._loop.is_closed() or (running is not None and running is not self._loop):
            return (
                "this AsyncClient belongs to another event loop, the one it first sent in: make"
                " one in each event loop (inside the coroutine asyncio.run() runs)"
            )
        return None

    def _unusable(self, endpoint: Endpoint[Any], exc: RuntimeError) -> Exception:
        # The caller's httpx client may hold connections of a loop it was used in before:
        # httpx keeps no note of which, so its error is the first sign.
        if self._given_http is None or not _of_another_loop(exc):
            return super()._unusable(endpoint, exc)
        reason = (
            "the http_client given to this AsyncClient was used in another event loop, whose"
            " connections this one cannot use: give it an httpx.AsyncClient made in this one"
        )
        return self._closed_error(endpoint) or ClientClosedError(
            endpoint.operation, reason, call=endpoint.call
        )

    def _enter_loop(self, endpoint: Endpoint[Any] | None) -> None:
        """Fail if closed; else the running loop is the client's from now on."""
        self._check_open(endpoint)
        if self._loop is None:
            self._loop = asyncio.get_running_loop()

    async def _auth_headers(self, endpoint: Endpoint[Any], timeout: Any) -> Authentication:
        return {}, None

    async def request(
        self,
        endpoint: Endpoint[T],
        values: Mapping[str, Any],
        *,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> T:
        call, extra, wait = self._begin(endpoint, values, extra_headers, timeout)
        return self._result(endpoint, await self._send(call, extra, wait))

    def paginate(
        self,
        endpoint: Endpoint[Any],
        values: Mapping[str, Any],
        *,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> AsyncIterator[Any]:
        """Every item of every page, fetching each page when the previous one is used up.
        The arguments are checked here, so that a wrong one fails at the call, not later
        where the loop begins."""
        return self._walk(*self._begin_pages(endpoint, values, extra_headers, timeout))

    async def _walk(
        self,
        pagination: Pagination,
        call: PreparedCall,
        page: dict[str, Any] | None,
        extra: Mapping[str, str],
        wait: Any,
    ) -> AsyncIterator[Any]:
        endpoint, longest = call.endpoint, 0
        while page is not None:
            response = await self._send(call, extra, wait)
            items, body = self._page(endpoint, response)
            for item in items:
                yield item
            longest = max(longest, len(items))
            page = self._next_page(pagination, page, body, len(items), longest)
            if page is not None:
                call = self._next_call(endpoint, page, response)

    async def _send(
        self, call: PreparedCall, extra: Mapping[str, str], timeout: Any
    ) -> httpx.Response:
        endpoint, attempt, renewed = call.endpoint, 0, False
        deadline = _deadline(timeout)
        while True:
            held = self._hold(endpoint, deadline)
            if held:
                await asyncio.sleep(held)
            self._enter_loop(endpoint)  # also refuses a retry, or the next page, after close()
            try:
                auth, token = await self._auth_headers(endpoint, _within(timeout, deadline))
            except _TOKEN_TRANSIENT as exc:  # buying the token failed; buying one is safe
                self._check_open(endpoint)  # closed under the purchase: no retry
                delay = self._retry_delay(attempt, _response_of(exc), deadline)
                if delay is None:
                    raise
                await asyncio.sleep(delay)
                attempt += 1
                continue
            except RuntimeError as exc:  # closed while buying the token
                raise self._unusable(endpoint, exc) from None
            request = self._request(call, auth, extra, _within(timeout, deadline))
            started = time.perf_counter()
            try:
                # A caller's own httpx client may follow redirects; the credentials would go along.
                response = await self._http.send(request, follow_redirects=False, stream=True)
                response = await _aread_by(response, deadline)
            except RuntimeError as exc:  # closed meanwhile, by another thread or task
                raise self._unusable(endpoint, exc) from None
            except httpx.RequestError as exc:
                self._log(request, type(exc).__name__, started, attempt)
                self._check_open(endpoint)  # closed under the call: not the network's doing
                delay = self._retry_delay(attempt, None, deadline)
                if delay is not None and _retryable(endpoint, exc):
                    await asyncio.sleep(delay)
                    attempt += 1
                    continue
                raise _transport_error(endpoint, exc) from None
            self._log(request, response.status_code, started, attempt)
            if self._closed:  # by another thread or task while the answer came: not returned
                self._check_open(endpoint)
            self._note_limits(endpoint, response)
            if self._renew_token(endpoint, response, token, renewed):
                renewed = True
                continue
            delay = self._retry_delay(attempt, response, deadline)
            if delay is not None and self._should_retry(endpoint, response):
                await asyncio.sleep(delay)
                attempt += 1
                continue
            return response

    async def close(self) -> None:
        """Close the connection pool (unless it came from the caller); calls after it raise
        `ClientClosedError`. Closing again does nothing."""
        self._closed = True
        # The connections of a closed loop cannot be closed from another: they went with it.
        if self._owns_http and not (self._loop is not None and self._loop.is_closed()):
            await self._http.aclose()


# What asyncio says of an object of another loop: a closed one, or one still running.
_OTHER_LOOP = ("event loop is closed", "different event loop", "attached to a different loop")


def _of_another_loop(exc: RuntimeError) -> bool:
    text = str(exc).lower()
    return any(words in text for words in _OTHER_LOOP)


def _running() -> asyncio.AbstractEventLoop | None:
    """The running event loop, if any."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class TokenSource:
    """Buys an access token with the app's credentials, caches it, and renews it shortly
    before it expires. Concurrent callers share one purchase."""

    def __init__(
        self,
        *,
        url: str,
        body: Mapping[str, str | int | float | bool],
        token_field: str,
        expires_in_field: str | None,
        operation: str,
        user_agent: str,
        error_fields: tuple[str, str] | None = None,
        form: bool = False,
        method: str = "POST",
    ) -> None:
        self.url = url
        # Not the client's other headers: a client-wide one (an act-as user) is the API's,
        # and the token bought is the app's, shared by calls acting as anyone.
        self._headers = _own_headers(user_agent)
        self._method = method  # the token operation's, as a call of it sends
        self._body = dict(body)
        self._form = form  # sent form-encoded, as the token operation declares; else JSON
        self._error_fields = error_fields
        self._token_field = token_field
        self._expires_in_field = expires_in_field
        self._operation = operation
        self._token: str | None = None
        self._expires_at = 0.0
        self._thread_lock = threading.Lock()  # held by a sync client's purchase
        self._async_lock: asyncio.Lock | None = None  # held by an async client's purchase
        # Held only while the token is stored or forgotten, never across a purchase: a call
        # forgetting the token a 401 refused does not wait for another call's purchase.
        self._token_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"TokenSource(url={_shown(self.url)!r})"

    def _fresh(self) -> str | None:
        return self._token if time.monotonic() < self._expires_at else None

    def invalidate(self, token: str | None) -> None:
        """Forget `token` (after a 401); a newer token bought meanwhile is kept."""
        # Under the lock a purchase stores its token with: one stored between the check and
        # the forgetting would be lost.
        with self._token_lock:
            if token is not None and token == self._token:
                self._token = None

    @property
    def current(self) -> str | None:
        return self._token

    def get(self, http: httpx.Client, timeout: Any, call: str = "") -> str:
        """The token, bought if need be for `call` (the method needing it, which its errors
        name; "": none, a gateway session's)."""
        wait = _purchase_wait(timeout)
        # A lock waits at most TIMEOUT_MAX (49 days on Windows), less than a timeout may be.
        wait = -1 if wait is None else min(wait, threading.TIMEOUT_MAX)
        if not self._thread_lock.acquire(timeout=wait):
            raise self._waited_too_long(call)
        try:
            token = self._fresh()
            if token is None:
                try:
                    response = http.send(self._request(http, timeout), follow_redirects=False)
                except httpx.RequestError as exc:
                    raise self._failed(exc, call) from None
                token = self._store(response, call)
            return token
        finally:
            self._thread_lock.release()

    async def aget(self, http: httpx.AsyncClient, timeout: Any, call: str = "") -> str:
        """The async twin of `get`."""
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        try:
            async with asyncio.timeout(_purchase_wait(timeout)):
                await self._async_lock.acquire()
        except TimeoutError:
            raise self._waited_too_long(call) from None
        try:
            token = self._fresh()
            if token is None:
                try:
                    response = await http.send(self._request(http, timeout), follow_redirects=False)
                except httpx.RequestError as exc:
                    raise self._failed(exc, call) from None
                token = self._store(response, call)
            return token
        finally:
            self._async_lock.release()

    def _waited_too_long(self, call: str) -> ApiTimeoutError:
        reason = "timed out (waiting for the access token another call is buying)"
        return ApiTimeoutError(self._operation, reason, call=call)

    def _failed(self, exc: httpx.RequestError, call: str) -> ApiConnectionError | DecodeError:
        """The error of a purchase whose answer never came (or could not be read)."""
        endpoint: Endpoint[None] = Endpoint(self._operation, self._method, "", None, call=call)
        return _transport_error(endpoint, exc, about=_NO_TOKEN)

    def _request(self, http: httpx.Client | httpx.AsyncClient, timeout: Any) -> httpx.Request:
        if self._form:
            return http.build_request(
                self._method, self.url, data=self._body, headers=self._headers, timeout=timeout
            )
        return http.build_request(
            self._method, self.url, json=self._body, headers=self._headers, timeout=timeout
        )

    def _store(self, response: httpx.Response, call: str) -> str:
        log.debug(
            "%s %s -> %s (access token)", self._method, _shown(self.url), response.status_code
        )
        try:
            body: Any = pydantic_core.from_json(response.content)
        except ValueError:
            body = None
        token = body.get(self._token_field) if _is_object(body) else None
        if response.status_code >= 300 or not isinstance(token, str) or not token:
            raise self._no_token(response, body, call)
        lifetime = _seconds(body.get(self._expires_in_field)) if self._expires_in_field else None
        lifetime = 3600.0 if lifetime is None else lifetime
        # Renew a minute early (a platform may hand out a new token only near the end of the
        # old one's life), or at 90% of a lifetime shorter than ten minutes, so no call
        # carries a dying token.
        with self._token_lock:
            self._expires_at = time.monotonic() + max(0.0, lifetime - 60.0, lifetime * 0.9)
            self._token = token
        return token

    def _no_token(self, response: httpx.Response, body: Any, call: str) -> ApiError | DecodeError:
        """The error of a purchase answering no token. Only a refusal of the credentials (401,
        403, or the platform's error code in a 2xx answer, as some platforms refuse) is
        UnauthorizedError; another error status is classed as a call's is (a failing or busy
        token service is worth retrying), and a 2xx answer that is no refusal is not what the
        spec declares."""
        status = response.status_code
        code, message = _error_fields(body, self._error_fields)
        if status < 300 and code is None:
            reason = f"{_NO_TOKEN}{self._token_problem(body)}"
            return DecodeError(self._operation, reason, response, call=call)
        if status >= 300:
            message = _status_message(response, message)
        details: dict[str, Any] = {
            "operation": self._operation,
            "call": call,
            "status_code": status,
            "code": code,
            "response": response,
            "body": body,
        }
        text = f"{_NO_TOKEN}{message or 'no access token'}"
        if status == 429:
            retry_after = _delay(response.headers.get("Retry-After"), http_date=True)
            return RateLimitError(text, retry_after=retry_after, **details)
        refused = status < 300 or status in (401, 403)
        kind = UnauthorizedError if refused else _status_error(status) or ApiError
        return kind(text, **details)

    def _token_problem(self, body: Any) -> str:
        """What a 2xx answer to a purchase holding no usable token holds instead."""
        if not _is_object(body):
            return "the body is not a JSON object"
        if self._token_field not in body:
            return f"the body has no {self._token_field!r}"
        token = body[self._token_field]
        kind = "empty" if isinstance(token, str) else _JSON_NAMES[_json_kind(token)]
        return f"its {self._token_field!r} is {kind}, not a token"


def _purchase_wait(timeout: Any) -> float | None:
    """How long a call waits for another call's token purchase: its pool timeout, the one
    for waiting on a shared connection (None: no limit)."""
    return httpx.Timeout(timeout).pool


def _error_fields(body: Any, fields: tuple[str, str] | None) -> tuple[Any, str]:
    """The platform's code and message in an error body, where the spec names their fields
    ("" for a message it does not give)."""
    if fields is None or not _is_object(body):
        return None, ""
    message = body.get(fields[1])
    return body.get(fields[0]), "" if message is None else str(message)


# What buying a token may fail with that another try may not: a call retries them.
_TOKEN_TRANSIENT = (ServerError, RateLimitError, ApiConnectionError)


def _response_of(error: Exception) -> httpx.Response | None:
    return error.response if isinstance(error, ApiError) else None


_NO_TOKEN = "could not obtain an access token: "  # what a failed purchase's error says first
