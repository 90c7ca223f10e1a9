"""Receive events by webhook: an ASGI app (run it under uvicorn or any ASGI server) that
checks every delivery's Ed25519 signature, answers the callback-URL validation and
acknowledges each dispatch.

Needs the `cryptography` package (imported when the app is built).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from ._events import (
    CallbackAckFrame,
    CallbackValidationFrame,
    Dispatcher,
    EventDecodeError,
    is_number,
    parse_event,
)
from ._exceptions import ConfigurationError, QqbotError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

__all__ = ["WebhookApp"]

log = logging.getLogger(__name__.rpartition(".")[0] + ".webhook")  # a child of the package logger

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_SEED_SIZE = 32
_ACK = CallbackAckFrame.model_validate({"op": 12, "d": 0}).model_dump_json(by_alias=True).encode()


def signing_key(secret: str) -> Ed25519PrivateKey:
    """The bot's Ed25519 key: its seed is the secret repeated until 32 bytes long, cut there."""
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise QqbotError("WebhookApp needs the cryptography package") from exc
    seed = secret.encode()
    while len(seed) < _SEED_SIZE:
        seed += seed
    return Ed25519PrivateKey.from_private_bytes(seed[:_SEED_SIZE])


class WebhookApp:
    """An ASGI app receiving webhook deliveries for one bot.

    Every request must carry a valid signature (X-Signature-Ed25519 over
    X-Signature-Timestamp + the raw body) and a timestamp in Unix seconds at most
    `max_age` seconds from now, either way, else it is answered 401 and nothing is
    dispatched: the signature alone would let a captured delivery be replayed forever. A
    callback-URL validation is answered with the signed token; any other frame goes to
    `dispatcher` (`dispatch_async`: its handlers run before the answer) and is acknowledged.
    A signed body that is not a frame is answered 400 and its `EventDecodeError` goes to the
    dispatcher's `on_error`; a method other than POST gets 405, a body over `max_body` 413.
    Every path is served.

    Args:
        secret: The bot's secret (client secret).
        dispatcher: Where events go; a new `Dispatcher` when not given.
        max_body: The largest body accepted, in bytes.
        max_age: How far, in seconds, a request's timestamp may be from the server's clock,
            in either direction (clock skew); None accepts any timestamp (and so replays).

    Example:
        app = WebhookApp(secret="...")

        @app.dispatcher.on(FriendAddEvent)
        async def handle(event: FriendAddEvent) -> None: ...

        # uvicorn.run(app, host="0.0.0.0", port=8443)
    """

    def __init__(
        self,
        secret: str,
        *,
        dispatcher: Dispatcher | None = None,
        max_body: int = 1 << 20,
        max_age: float | None = 300.0,
    ) -> None:
        if type(secret) is not str or not secret:
            kind = type(secret).__name__  # never the value: it is a secret
            raise ConfigurationError(f"secret must be the bot secret, a non-empty str, not {kind}")
        if not is_number(max_body, whole=True) or max_body < 0:
            raise ConfigurationError(f"max_body must be a byte count, 0 or more: {max_body!r}")
        if max_age is not None and (not is_number(max_age) or not 0 <= max_age < math.inf):
            raise ConfigurationError(f"max_age must be seconds, 0 or more, or None: {max_age!r}")
        self._key = signing_key(secret)
        self._public_key = self._key.public_key()
        self.dispatcher = dispatcher if dispatcher is not None else Dispatcher()
        self.max_body = max_body
        self.max_age = max_age

    def __repr__(self) -> str:
        return "WebhookApp()"

    def sign(self, message: bytes) -> str:
        """The hex Ed25519 signature of `message` with the bot's key."""
        return self._key.sign(message).hex()

    def verify(self, signature: str, timestamp: str, body: bytes) -> bool:
        """Whether `signature` (hex) signs `timestamp` + `body` with the bot's key."""
        from cryptography.exceptions import InvalidSignature

        try:
            self._public_key.verify(bytes.fromhex(signature), timestamp.encode() + body)
        except (InvalidSignature, ValueError):
            return False
        return True

    def is_fresh(self, timestamp: str) -> bool:
        """Whether `timestamp` is whole Unix seconds within `max_age` of now (always, when
        `max_age` is None)."""
        if self.max_age is None:
            return True
        # 12 digits last until the year 33658; a longer header is not worth converting.
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
            return False
        return abs(time.time() - int(timestamp)) <= self.max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if scope["method"] != "POST":
            await _respond(send, 405, b'{"error": "POST only"}', [(b"allow", b"POST")])
            return
        headers = {
            key.decode("latin-1").lower(): value.decode("latin-1")
            for key, value in scope["headers"]
        }
        try:
            body = await _body(receive, self.max_body, headers.get("content-length"))
        except _Disconnected:
            return
        if body is None:
            await _respond(send, 413, b'{"error": "body too large"}')
            return
        signature = headers.get("x-signature-ed25519", "")
        timestamp = headers.get("x-signature-timestamp", "")
        if not signature or not timestamp or not self.verify(signature, timestamp, body):
            await _respond(send, 401, b'{"error": "bad or missing signature"}')
            return
        # Validations (op 13) too: the platform sends them live, signed like any delivery; the
        # event_ts in their body is only echoed into the answer, so it is not what is checked.
        if not self.is_fresh(timestamp):
            await _respond(send, 401, b'{"error": "stale or invalid timestamp"}')
            return
        try:
            event = parse_event(body)
        except EventDecodeError as error:
            await self.dispatcher.report_async(error, None)
            await _respond(send, 400, json.dumps({"error": error.reason}).encode())
            return
        if isinstance(event, CallbackValidationFrame):
            data = event.d
            answer = {
                "plain_token": data.plain_token,
                "signature": self.sign((data.event_ts + data.plain_token).encode()),
            }
            await _respond(send, 200, json.dumps(answer).encode())
            return
        try:
            await self.dispatcher.dispatch_async(event)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is None or task.cancelling():  # the server is ending this request
                raise
            # A handler awaited something cancelled elsewhere: as any handler failure, the
            # event is not delivered again (a 500 would have the platform send it again).
            log.exception("a handler of %s raised CancelledError", type(event).__name__)
        await _respond(send, 200, _ACK)


class _Disconnected(Exception):
    """The client went away before its whole body was received."""


async def _body(receive: Receive, limit: int, length: str | None) -> bytes | None:
    """The request body, or None when it is longer than `limit` bytes (said by its
    Content-Length or found while reading)."""
    # isascii: str.isdigit also takes digits int() refuses ("²"), from a server not checking
    if length is not None and length.isascii() and length.isdigit() and int(length) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def _respond(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or ()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
