"""The WebSocket gateway session: connect, identify, heartbeat, resume, and dispatch
every event to a `Dispatcher` exactly once, in order.

Needs the `websockets` package (imported when a session starts).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import random
from collections.abc import Awaitable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, cast
from urllib.parse import unquote, urlsplit

from pydantic_core import from_json

from ._client import AsyncClient
from ._events import (
    Dispatcher,
    Event,
    EventDecodeError,
    HeartbeatAckFrame,
    HeartbeatFrame,
    HelloFrame,
    Intents,
    InvalidSessionFrame,
    ReadyEvent,
    ReconnectFrame,
    is_number,
    parse_event,
)
from ._exceptions import (
    ApiConnectionError,
    ConfigurationError,
    DecodeError,
    QqbotError,
    RateLimitError,
    ServerError,
)

if TYPE_CHECKING:
    from websockets.asyncio.client import ClientConnection

__all__ = ["GatewayClient", "GatewayClosed"]

log = logging.getLogger(__name__.rpartition(".")[0] + ".gateway")  # a child of the package logger

# What to do when the gateway closes the connection with one of its own codes.
_RESUME = frozenset([4008, 4009])
_REIDENTIFY = frozenset(
    [4006, 4007, 4900, 4901, 4902, 4903, 4904, 4905, 4906, 4907, 4908, 4909, 4910, 4911, 4912, 4913]
)
_REFRESH_TOKEN = frozenset([4004])
_FATAL = frozenset([4001, 4002, 4010, 4011, 4012, 4013, 4014, 4914, 4915])
_CLOSE_REASONS = {
    4001: "Invalid opcode (无效的 opcode)",
    4002: "Invalid payload (无效的 payload)",
    4004: "Invalid token / authentication failed",
    4006: "Invalid session id, the session cannot be resumed",
    4007: "Invalid seq when resuming (seq 错误)",
    4008: "Payloads sent too fast (rate limited)",
    4009: "Connection expired",
    4010: "Invalid shard (无效的 shard).",
    4011: "The connection has too many guilds to handle",
    4012: "Invalid version (无效的 version).",
    4013: "Invalid intent (无效的 intent).",
    4014: "Intent not permitted for this bot (intent 无权限).",
    4900: "Internal error",
    4901: "Internal error",
    4902: "Internal error",
    4903: "Internal error",
    4904: "Internal error",
    4905: "Internal error",
    4906: "Internal error",
    4907: "Internal error",
    4908: "Internal error",
    4909: "Internal error",
    4910: "Internal error",
    4911: "Internal error",
    4912: "Internal error",
    4913: "Internal error",
    4914: "The bot has been taken offline and may only connect to the sandbox environment",
    4915: "The bot is banned and may not connect",
}
# Our own close when we leave a connection but mean to resume the session on the next one
# (a heartbeat went unanswered, or the gateway asked us to reconnect). A normal closure
# (1000) is kept for the end of a session.
_RECONNECTING = 4000
# How long the gateway may take to say hello after the WebSocket connection opened.
_HELLO_TIMEOUT = 10.0

# How long a close handshake may take before the TCP connection is dropped.
_CLOSE_TIMEOUT = 2.0
# API errors of the calls a session makes (gateway URL, token) that pass: wait and retry.
_TRANSIENT = (ApiConnectionError, ServerError, RateLimitError, DecodeError)

_Item: TypeAlias = Event | EventDecodeError | None
_T = TypeVar("_T")


class GatewayClosed(QqbotError):
    """The gateway ended the session with a close code that forbids reconnecting."""

    def __init__(self, code: int | None, reason: str) -> None:
        super().__init__(f"gateway closed the session: {code} {reason}".rstrip())
        self.code = code
        self.reason = reason


class _Reconnect(Exception):
    """Leave the current connection; `resume` says whether the session survives."""

    def __init__(self, resume: bool, why: str) -> None:
        super().__init__(why)
        self.resume = resume


def _retry_after(error: Exception) -> float:
    """The wait, in seconds, a rate-limited answer asks for (0 for other errors)."""
    return (error.retry_after or 0.0) if isinstance(error, RateLimitError) else 0.0


def _url_problem(url: object) -> str | None:
    """Why `url` is no WebSocket URL a connection can be opened to, or None. Each of these
    would fail only once `run()` connects, some with a bare ValueError (a port out of range,
    a broken IPv6 address, a NUL, a host name label empty or too long)."""
    if not isinstance(url, str):
        return f"a {type(url).__name__}, not a str"
    try:
        url.encode()  # a lone surrogate cannot be sent
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # the port: out of range, or no number
    except ValueError as exc:
        return str(exc)
    if parts.scheme not in ("ws", "wss"):
        return "its scheme is not ws or wss"
    if not host:
        return "it has no host"
    if any(c.isspace() or not c.isprintable() for c in host):
        return f"its host {host!r} holds a space or a control character"
    try:
        host.encode("idna")  # as the resolver will
    except UnicodeError:
        return f"its host {host!r} is not a valid host name"
    if parts.username is not None:
        if parts.password is None:
            return "it has a user name without a password"
        try:  # as websockets takes them for Basic credentials
            unquote(parts.username, errors="strict")
            unquote(parts.password, errors="strict")
        except UnicodeDecodeError:
            return "its user name or password escapes bytes that are not UTF-8"
    return "it has a fragment" if parts.fragment else None


def _seconds(milliseconds: float) -> float | None:
    """A heartbeat interval in seconds; None unless it is positive and finite."""
    try:
        seconds = milliseconds / 1000
    except OverflowError:  # an int beyond a float's range
        return None
    return seconds if 0 < seconds < math.inf else None


class GatewayClient:
    """A gateway session that stays connected until `stop()`.

    Gets the gateway URL from the API, identifies with `intents` and `shard`, sends
    heartbeats, resumes after a dropped connection (or identifies again when the session
    is gone), and hands every event to `dispatcher` exactly once, in sequence order.

    Handlers run one event at a time, in order, beside the connection: a slow handler
    delays the next events but not the heartbeats. A frame that cannot be decoded goes to
    the dispatcher's `on_error` in its place, and the session goes on.

    Args:
        client: The `AsyncClient` whose credentials the session uses.
        intents: The groups of events to subscribe to: `Intents` flags, combined with `|`.
            A plain int is taken too, for bits the platform added after this package.
        shard: (index, count) of this connection.
        dispatcher: Where events go; a new `Dispatcher` when not given.
        properties: Sent with Identify.
        url: The gateway URL, instead of asking the API for it.
        reconnect_delay: The wait before reconnecting, in seconds, after a connection that
            worked; it doubles (up to `max_reconnect_delay`) while reconnects keep failing.
        max_reconnect_delay: The longest wait between reconnects, jitter included (only a
            429's Retry-After may ask for longer).

    Example:
        gateway = GatewayClient(client, intents=Intents.GROUP_AND_C2C_EVENT)

        @gateway.dispatcher.on(FriendAddEvent)
        async def handle(event: FriendAddEvent) -> None: ...

        await gateway.run()
    """

    def __init__(
        self,
        client: AsyncClient,
        *,
        intents: Intents | int,
        shard: tuple[int, int] = (0, 1),
        dispatcher: Dispatcher | None = None,
        properties: Mapping[str, Any] | None = None,
        url: str | None = None,
        reconnect_delay: float = 1.0,
        max_reconnect_delay: float = 60.0,
    ) -> None:
        # As passed (annotations are not enforced): a sync Client would block the event loop.
        if not isinstance(cast(object, client), AsyncClient):
            raise ConfigurationError(f"client must be an AsyncClient, got {type(client).__name__}")
        self.client = client
        if not is_number(intents, whole=True) or intents < 0:
            raise ConfigurationError(
                f"intents must be intent bits, `Intents` flags or a non-negative int: {intents!r}"
            )
        parts: tuple[object, ...] = tuple(shard) if type(shard) is tuple else ()  # as passed
        if not (
            len(parts) == 2 and all(type(n) is int for n in parts) and 0 <= shard[0] < shard[1]
        ):
            raise ConfigurationError(f"shard must be (index, count), 0 <= index < count: {shard!r}")
        # A wait of 0 would never grow: a failing gateway would be reconnected to in a loop.
        if not all(is_number(d) and d > 0 for d in (reconnect_delay, max_reconnect_delay)):
            raise ConfigurationError("reconnect_delay and max_reconnect_delay must be positive")
        problem = None if url is None else _url_problem(url)
        if problem is not None:
            raise ConfigurationError(f"url must be a ws:// or wss:// URL: {url!r} ({problem})")
        try:  # checked now, not when Identify is sent: a bad value would end run() then
            self.properties = dict(properties or {})
            json.dumps(self.properties, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as exc:
            raise ConfigurationError(
                f"properties must be a mapping of JSON values: {exc}"
            ) from None
        self.intents = Intents(intents)
        self.shard = shard
        self.dispatcher = dispatcher or Dispatcher()
        self.url = url
        self.reconnect_delay = reconnect_delay
        self.max_reconnect_delay = max_reconnect_delay
        self.session_id: str | None = None
        self.sequence: int | None = None
        self._socket: ClientConnection | None = None
        self._acknowledged = True
        self._last_beat = 0.0  # loop time of the last heartbeat sent
        self._session_token: str | None = None  # the token the last Identify or Resume carried
        self._runs = 0  # run() calls so far
        self._stopped_runs = 0  # the runs called before the last stop(): none of them goes on
        self._stopping: asyncio.Event | None = None
        self._handler_timeout: float | None = None  # stop()'s wait for the running handler

    def __repr__(self) -> str:
        return f"GatewayClient(shard={self.shard!r}, session_id={self.session_id!r})"

    def run(self) -> Coroutine[Any, Any, None]:
        """Stay connected until `stop()`; raises `GatewayClosed` on a fatal close.

        Events received but not yet handled when `stop()` comes are dropped; the handler
        running at that moment is awaited. Before a fatal close raises, every event received
        is handled (unless `stop()` comes first). The session is forgotten: another `run()`
        identifies anew. A `stop()` after this call and before the run starts (its task has
        not had its turn yet) ends it before it connects.
        """
        # Not async itself: the call is counted now, so that a stop() racing the task that
        # awaits it is told apart from a stop() that came before this run was asked for.
        self._runs += 1
        return self._run(self._runs)

    async def _run(self, ticket: int) -> None:
        try:
            from websockets.asyncio.client import connect
            from websockets.exceptions import InvalidHandshake, InvalidURI
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise QqbotError("GatewayClient needs the websockets package") from exc
        if self._stopping is not None:
            raise QqbotError("this GatewayClient is already running")
        self._stopping = stopping = asyncio.Event()
        if ticket <= self._stopped_runs:
            log.info("stop() came before run() started: not connecting")
            stopping.set()
        queue: asyncio.Queue[_Item] = asyncio.Queue()
        worker = asyncio.create_task(self._deliver(queue, stopping))
        failures = 0
        url = self.url
        try:
            while not stopping.is_set():
                # Closed, or of another event loop: no attempt can work, even one needing no
                # call of the client's (url= given, the connection refused).
                self.client._check_open(None)  # pyright: ignore[reportPrivateUsage]
                established = False
                pause = 0.0  # the least wait before the next attempt: a 429's Retry-After
                try:
                    if url is None:
                        url = await self._unless_stopped(self._gateway_url())
                    if url is None:  # stop() came first
                        break
                    socket = await self._unless_stopped(
                        connect(url, max_size=None, close_timeout=_CLOSE_TIMEOUT)
                    )
                except (OSError, InvalidHandshake, InvalidURI, *_TRANSIENT) as exc:
                    log.warning("gateway connection failed: %s", exc)
                    pause = _retry_after(exc)
                else:
                    if socket is None:  # stop() came first
                        break
                    self._socket = socket
                    try:
                        established = await self._connection(socket, queue)
                    except _TRANSIENT as exc:
                        log.warning("gateway session failed: %s", exc)
                        pause = _retry_after(exc)
                    finally:
                        self._socket = None
                        await socket.close()  # a normal closure, unless already closed
                if stopping.is_set():
                    break
                failures = 0 if established else failures + 1
                if not established:  # ask the API again (unless given): the address may have moved
                    url = self.url
                # Doubling while connections fail, +-20% jitter, never past the maximum: only a
                # 429's Retry-After may ask for longer.
                delay = min(self.reconnect_delay * 2 ** min(failures, 32), self.max_reconnect_delay)
                delay = min(delay * (0.8 + random.random() * 0.4), self.max_reconnect_delay)
                delay = max(delay, pause)
                log.info("gateway reconnecting in %.2f s", delay)
                await self._sleep(delay)
        except BaseException as exc:
            if not isinstance(exc, Exception):  # cancelled: so is the running handler
                worker.cancel()
            raise
        finally:
            try:
                await self._wind_down(worker, queue, stopping)
            finally:  # also when cancelled while winding down: nothing of the session goes on
                stopping.set()
                self._forget_session()
                self._handler_timeout = None
                self._stopping = None
                if not worker.done():
                    worker.cancel()
                    await asyncio.wait([worker])

    async def _wind_down(
        self, worker: asyncio.Task[None], queue: asyncio.Queue[_Item], stopping: asyncio.Event
    ) -> None:
        """Let the handlers finish as `run()` promises, once the connection is gone."""
        queue.put_nowait(None)
        if not stopping.is_set():  # every event received is handled, unless stop() comes
            stopped = asyncio.ensure_future(stopping.wait())
            await asyncio.wait([worker, stopped], return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            await asyncio.wait([stopped])
        if not worker.done():  # stopped: the events not handled yet are dropped
            while not queue.empty():
                queue.get_nowait()
            queue.put_nowait(None)
            await asyncio.wait([worker], timeout=self._handler_timeout)

    async def stop(self, *, timeout: float | None = None) -> None:
        """Close the connection and end `run()` (also when called from a handler), or one
        called but not started yet. With no `run()` called since the last ended, it does
        nothing: the next `run()` connects.

        Args:
            timeout: How long `run()` waits for the handler running at that moment before
                cancelling it, in seconds; None waits for it to return.
        """
        self._stopped_runs = self._runs  # also a run called but not started yet
        if self._stopping is not None:
            self._handler_timeout = timeout
            self._stopping.set()
        if self._socket is not None:
            await self._socket.close()

    async def _gateway_url(self) -> str:
        answer = await self.client.gateway.get_gateway_bot()
        url = str(answer.url)
        problem = _url_problem(url)
        if problem is not None:  # a failed connection: the URL is asked for again
            from websockets.exceptions import InvalidURI

            raise InvalidURI(url, problem)
        limit = answer.session_start_limit
        if limit.remaining <= 0 and self.session_id is None:
            # Identifying now would be refused: wait for the count to reset (or stop()).
            wait = limit.reset_after / 1000
            log.warning("no gateway session may start for %.1f s: waiting", wait)
            await self._sleep(wait)
        return url

    async def _unless_stopped(self, work: Awaitable[_T]) -> _T | None:
        """`work`'s result, or None when `stop()` comes first (`work` is cancelled then)."""
        assert self._stopping is not None
        task = asyncio.ensure_future(work)
        stopped = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait([task, stopped], return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
            if not task.done():
                task.cancel()
                await asyncio.wait([task])
        return None if task.cancelled() else task.result()

    async def _sleep(self, seconds: float) -> None:
        assert self._stopping is not None
        try:
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
        except TimeoutError:
            pass

    async def _deliver(self, queue: asyncio.Queue[_Item], stopping: asyncio.Event) -> None:
        """Hand the received events to the dispatcher, one at a time, in order; after
        `stop()`, none (its close handshake may take a while)."""
        while (item := await queue.get()) is not None and not stopping.is_set():
            try:
                if isinstance(item, EventDecodeError):
                    await self.dispatcher.report_async(item, None)
                else:
                    await self.dispatcher.dispatch_async(item)
            except Exception:  # the dispatcher reports its own; this is a safety net
                log.exception("dispatching %s failed", type(item).__name__)
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if task is None or task.cancelling():  # the session's end
                    raise
                # A handler awaited something cancelled elsewhere: only that event is lost.
                log.exception("a handler of %s raised CancelledError", type(item).__name__)

    # -- one connection -------------------------------------------------------

    async def _connection(self, socket: ClientConnection, queue: asyncio.Queue[_Item]) -> bool:
        """Run one connection; True when it got as far as a live session."""
        from websockets.exceptions import ConnectionClosed

        if self._stopping is None or self._stopping.is_set():
            return False
        established = False
        beating: asyncio.Task[None] | None = None
        try:
            try:
                async with asyncio.timeout(_HELLO_TIMEOUT):
                    raw = await socket.recv(decode=False)
            except TimeoutError:
                log.warning("the gateway sent no hello within %s s", _HELLO_TIMEOUT)
                return False
            try:
                hello = parse_event(raw)
            except EventDecodeError as error:
                queue.put_nowait(error)
                return False
            if not isinstance(hello, HelloFrame):
                log.warning("expected hello from the gateway, got %s", type(hello).__name__)
                return False
            milliseconds = hello.d.heartbeat_interval
            interval = _seconds(milliseconds)
            if interval is None:  # 0 would beat in a loop, a huge one cannot be waited for
                reason = f"heartbeat interval out of range: {milliseconds} ms"
                queue.put_nowait(EventDecodeError(raw, reason))
                return False
            # A token purchase may hang as long as the HTTP timeout: stop() must not wait.
            token = await self._unless_stopped(self._token())
            if token is None:  # stop() came first
                return False
            if self.session_id is not None and self.sequence is not None:
                await self._resume(socket, token)
            else:
                await self._identify(socket, token)
            beating = asyncio.create_task(self._heartbeat(socket, interval))
            while True:  # frames stay bytes: pydantic-core decodes UTF-8 as it parses
                raw = await socket.recv(decode=False)
                established = await self._receive(socket, raw, queue) or established
        except _Reconnect as reconnect:
            log.info("gateway reconnect: %s", reconnect)
            if not reconnect.resume:
                self._forget_session()
            if reconnect.resume:
                await socket.close(_RECONNECTING, "reconnecting")
            else:
                await socket.close()
            return established
        except ConnectionClosed:
            pass  # the close code below says what comes next
        finally:
            if beating is not None:
                beating.cancel()
                await asyncio.wait([beating])
        self._closed(socket.close_code, socket.close_reason or "")
        return established

    async def _receive(
        self, socket: ClientConnection, raw: str | bytes, queue: asyncio.Queue[_Item]
    ) -> bool:
        """Act on one frame; True when it is an event of a live session."""
        try:
            event = parse_event(raw)
        except EventDecodeError as error:
            opcode, replayed = self._note_broken(raw)
            if not replayed:  # a replay was reported when it first came
                queue.put_nowait(error)
            if opcode == 1:
                await self._beat(socket)  # asked for, if not as the spec spells it
            return False
        if isinstance(event, HeartbeatAckFrame):
            self._acknowledged = True
        elif isinstance(event, HeartbeatFrame):
            await self._beat(socket)
        elif isinstance(event, ReconnectFrame):
            raise _Reconnect(True, "the gateway asked to reconnect")
        elif isinstance(event, InvalidSessionFrame):
            # Even when it says the session may resume: a gateway that keeps refusing the
            # resume would hold the bot in a loop, and a new session always starts.
            raise _Reconnect(False, "the gateway invalidated the session")
        elif event.op == 0:
            sequence = event.s
            if sequence is not None:
                if self.sequence is not None and sequence <= self.sequence:
                    log.debug("skipping replayed event %s", sequence)
                    return True
                self.sequence = sequence
            if isinstance(event, ReadyEvent):
                self.session_id = event.d.session_id
            queue.put_nowait(event)
            return True
        return False

    def _note_broken(self, raw: str | bytes) -> tuple[int | None, bool]:
        """The opcode of a frame that cannot be decoded, if it has one, and whether it is a
        replayed dispatch frame; a new dispatch frame counts as received, so that resuming
        does not ask for it again."""
        try:
            frame: Any = from_json(raw)
        except ValueError:
            return None, False
        fields: dict[str, Any] = cast(dict[str, Any], frame) if isinstance(frame, dict) else {}
        opcode = fields.get("op")
        sequence = fields.get("s") if opcode == 0 else None
        replayed = False
        if type(sequence) is int:
            if self.sequence is not None and sequence <= self.sequence:
                replayed = True
            else:
                self.sequence = sequence
        return (opcode if type(opcode) is int else None), replayed

    def _closed(self, code: int | None, reason: str) -> None:
        if self._stopping is None or self._stopping.is_set():
            return
        why = reason or _CLOSE_REASONS.get(code or 0, "")
        log.info("gateway closed the connection: %s %s", code, why)
        if code in _FATAL:
            raise GatewayClosed(code, why)
        if code in _REFRESH_TOKEN:
            # The client's session-token methods are private to the package, made for this.
            forget = self.client._forget_session_token  # pyright: ignore[reportPrivateUsage]
            forget(self._session_token)
            self._forget_session()
        elif code in _REIDENTIFY or (
            code is not None and 4000 < code < 5000 and code not in _RESUME
        ):
            self._forget_session()

    def _forget_session(self) -> None:
        self.session_id = None
        self.sequence = None

    # -- frames the client sends ----------------------------------------------

    async def _token(self) -> str:
        """The token as Identify and Resume carry it (x-session token-format)."""
        # The client's session-token methods are private to the package, made for this.
        token = await self.client._session_token()  # pyright: ignore[reportPrivateUsage]
        self._session_token = token
        return "QQBot " + token

    async def _identify(self, socket: ClientConnection, token: str) -> None:
        self._forget_session()  # a new session numbers its events from the start
        await self._send(
            socket,
            2,
            {
                "token": token,
                "intents": self.intents,
                "shard": list(self.shard),
                "properties": self.properties,
            },
        )

    async def _resume(self, socket: ClientConnection, token: str) -> None:
        await self._send(
            socket,
            6,
            {
                "token": token,
                "session_id": self.session_id,
                "seq": self.sequence,
            },
        )

    async def _heartbeat(self, socket: ClientConnection, interval: float) -> None:
        """Beat `interval` seconds after the last beat (the gateway may ask for one in
        between); a beat still unanswered when the next is due means the connection is dead,
        so it is closed and the session resumed on a new one."""
        from websockets.exceptions import ConnectionClosed

        loop = asyncio.get_running_loop()
        self._acknowledged = True
        self._last_beat = loop.time()
        try:
            while True:
                due = self._last_beat + interval
                if loop.time() < due:
                    await asyncio.sleep(due - loop.time())
                    continue  # a beat the gateway asked for may have moved the next one
                if not self._acknowledged:
                    log.warning("gateway heartbeat not acknowledged; reconnecting")
                    await socket.close(_RECONNECTING, "heartbeat not acknowledged")
                    return
                await self._beat(socket)
        except ConnectionClosed:
            return

    async def _beat(self, socket: ClientConnection) -> None:
        self._acknowledged = False
        self._last_beat = asyncio.get_running_loop().time()
        await self._send(socket, 1, self.sequence)

    @staticmethod
    async def _send(socket: ClientConnection, opcode: int, data: Any) -> None:
        await socket.send(json.dumps({"op": opcode, "d": data}))
