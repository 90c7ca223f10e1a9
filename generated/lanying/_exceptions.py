"""Every error this package raises derives from `LanyingError`."""

from __future__ import annotations

import copy
from typing import Any

import httpx

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "BadRequestError",
    "ClientClosedError",
    "ConfigurationError",
    "DecodeError",
    "ForbiddenError",
    "InvalidArgument",
    "LanyingError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "UnauthorizedError",
]


class LanyingError(Exception):
    """Base class of every error raised by this package."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt from its attributes, not by calling __init__ with `args` (its arguments
        # differ), so an error can cross a process boundary (multiprocessing, task queues).
        return (_rebuild, (type(self), self.args), _portable(self.__dict__))


def _rebuild(cls: type[LanyingError], args: tuple[Any, ...]) -> LanyingError:
    error = cls.__new__(cls)
    error.args = args
    return error


def _portable(state: dict[str, Any]) -> dict[str, Any]:
    """An error's attributes as pickled: a queue or a log of them must not hold the
    credentials, which the request of its answer carries (headers, the token purchase's
    body)."""
    response = state.get("response")
    if not isinstance(response, httpx.Response):
        return state
    return {**state, "response": _without_request(response)}


def _without_request(response: httpx.Response) -> httpx.Response:
    """A copy of `response` whose request has only its method and URL (its user name and
    password left out); cookies it sets are left out too."""
    answer = copy.copy(response)  # as httpx pickles it: no stream, no extensions
    try:
        request = response.request
    except RuntimeError:  # a response built by hand, answering no request
        pass
    else:
        answer.request = httpx.Request(request.method, request.url.copy_with(userinfo=b""))
    answer.next_request = None  # a redirect's: it carries the same headers
    answer.headers = httpx.Headers(
        [(k, v) for k, v in response.headers.multi_items() if k.lower() != "set-cookie"]
    )
    return answer


class ConfigurationError(LanyingError, ValueError):
    """The client was built with a missing or invalid setting (e.g. no credential)."""


class _CallError(LanyingError):
    """An error of one call that has no answer to show: `operation` is the operationId,
    `call` the method (`user.view()`), `reason` what went wrong."""

    def __init__(self, operation: str, reason: str, *, call: str = "", about: str = "") -> None:
        name = call or operation
        message = f"{about}{reason}"
        super().__init__(f"{name}: {message}" if name else message)
        self.operation = operation
        self.call = call
        self.reason = reason


class InvalidArgument(_CallError, TypeError, ValueError):
    """A call's argument has the wrong type or value; nothing was sent. Both `except
    TypeError` and `except ValueError` catch it."""

    def __init__(self, operation: str, argument: str, reason: str, *, call: str = "") -> None:
        super().__init__(operation, reason, call=call, about=f"argument '{argument}': ")
        self.argument = argument


class ApiError(LanyingError):
    """The API answered with an error: a non-success envelope code or an HTTP error status."""

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        status_code: int,
        code: int | str | None = None,
        trace_id: str | None = None,
        response: httpx.Response | None = None,
        body: Any = None,
        call: str = "",
    ) -> None:
        details = [f"HTTP {status_code}"]
        if code is not None:  # a string code quoted: "0" is not the success code 0
            details.append(f"code {code!r}" if isinstance(code, str) else f"code {code}")
        if trace_id:
            details.append(f"trace id {trace_id}")
        super().__init__(f"{call or operation}: {message} ({', '.join(details)})")
        self.message = message
        self.operation = operation
        self.call = call
        self.status_code = status_code
        self.code = code
        self.trace_id = trace_id
        self.response = response
        self.body = body


class BadRequestError(ApiError):
    """HTTP 400, or an error body with code 400: the request was malformed."""


class UnauthorizedError(ApiError):
    """HTTP 401, or code 401: the credentials are missing, wrong or expired."""


class ForbiddenError(ApiError):
    """HTTP 403, or code 403: the credentials do not allow this call."""


class NotFoundError(ApiError):
    """HTTP 404, or code 404: the resource does not exist."""


class RateLimitError(ApiError):
    """HTTP 429, or code 429: too many requests."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        bucket: str | None = None,
        is_global: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after
        self.bucket = bucket
        self.is_global = is_global


class ServerError(ApiError):
    """HTTP 5xx, or a code from 500 to 599: the platform failed to handle the request."""


class ApiConnectionError(_CallError):
    """The request could not be sent or its answer could not be read."""


class ApiTimeoutError(ApiConnectionError):
    """The request timed out."""


class ClientClosedError(_CallError, RuntimeError):
    """The client cannot take the call: it was closed (by `close()`, at the end of its `with`
    block, or by another thread or task during the call), its own `http_client` was closed,
    or an `AsyncClient` (or its `http_client`) is used from an event loop other than the one
    it first sent in. Also raised by a `with` on a client already inside a `with` block.
    Make a new client, one per event loop. A `RuntimeError` too, as httpx's error was."""


class DecodeError(_CallError):
    """The answer is not JSON, or not of the shape the spec declares."""

    def __init__(
        self,
        operation: str,
        reason: str,
        response: httpx.Response | None = None,
        *,
        call: str = "",
    ) -> None:
        super().__init__(operation, reason, call=call, about="cannot decode the response: ")
        self.response = response
