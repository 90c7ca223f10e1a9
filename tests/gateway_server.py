"""A local WebSocket server playing a chat platform's gateway, scriptable per test.

`GatewayServer(scripts)` listens on 127.0.0.1 (a port the OS picks) with the real
`websockets` asyncio server. Connection n runs `scripts[n]` (then `default`), an async
function of a `Connection`: it says hello, reads what the client sends, dispatches
events, closes with a code, goes silent... Every frame the client sends is recorded
with its arrival time; heartbeats are answered with an ACK unless the script turned
that off. When a script returns, the connection stays open until the client leaves.

The frames come from the spec's message examples (`example`), so the server speaks the
documented protocol; `dispatch` records every `s` it sends, for comparing with what the
client handled.
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

SPEC = Path(__file__).resolve().parent.parent / "specs" / "qqbot" / "asyncapi.yaml"

Script = Callable[["Connection"], Awaitable[None]]

# How long a test waits for anything before failing: a safety limit only, which no test's
# outcome depends on, so long that a machine however loaded never reaches it.
GUARD = 30.0

# Opcodes of the frames the server reads and writes (the spec's x-opcode values).
DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, INVALID_SESSION, HELLO, HEARTBEAT_ACK = (
    0, 1, 2, 6, 7, 9, 10, 11,
)  # fmt: skip


@cache
def _messages() -> dict[str, Any]:
    messages: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"][
        "messages"
    ]
    return messages


def example(message: str) -> dict[str, Any]:
    """A copy of the first example payload of a message of the spec (e.g. "FriendAdd")."""
    payload: dict[str, Any] = copy.deepcopy(_messages()[message]["examples"][0]["payload"])
    return payload


def event_messages() -> list[str]:
    """Names of the spec's event messages (dispatch frames other than READY and RESUMED)."""
    return [
        name
        for name, message in _messages().items()
        if "x-role" not in message and message["examples"][0]["payload"].get("op") == DISPATCH
    ]


class Connection:
    """One client connection, as the script sees it."""

    def __init__(self, server: GatewayServer, socket: ServerConnection, index: int) -> None:
        self.server = server
        self.socket = socket
        self.index = index
        self.opened_at = time.monotonic()
        self.received: list[tuple[float, Any]] = []  # (arrival time, decoded frame)
        self.acknowledge = True  # answer heartbeats with an ACK
        self.client_close_code: int | None = None  # the code of the client's close frame
        self.closed_at: float | None = None
        self.client_closed_first = False  # the client started the closing handshake
        self._frames: asyncio.Queue[Any] = asyncio.Queue()  # everything but heartbeats
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    # -- what the client sent ---------------------------------------------------

    @property
    def heartbeats(self) -> list[tuple[float, Any]]:
        """(arrival time, d) of every heartbeat the client sent, oldest first."""
        return [(at, frame.get("d")) for at, frame in self.received if _op(frame) == HEARTBEAT]

    async def expect(self, opcode: int, timeout: float = GUARD) -> dict[str, Any]:
        """The next frame the client sends (heartbeats aside), which must have `opcode`."""
        frame = await asyncio.wait_for(self._frames.get(), timeout)
        assert _op(frame) == opcode, f"expected op {opcode} from the client, got {frame!r}"
        assert isinstance(frame, dict)
        return frame

    async def wait_for(self, condition: Callable[[], bool], timeout: float = GUARD) -> None:
        """Wait until `condition()` holds (checked whenever the client sends something)."""
        async with asyncio.timeout(timeout):
            while not condition():
                self._changed.clear()
                await self._changed.wait()

    async def acknowledged(self, sequence: int, timeout: float = GUARD) -> None:
        """Wait for a heartbeat carrying `sequence` or later: the client has received
        every frame up to it."""
        await self.wait_for(
            lambda: any(isinstance(d, int) and d >= sequence for _, d in self.heartbeats), timeout
        )

    async def caught_up(self, sequence: int, timeout: float = GUARD) -> None:
        """Ask the client for a heartbeat (op 1), which it sends at once carrying the last
        `s` it read, and wait for one carrying `sequence` or later: the client has received
        every frame up to it. No time need pass, unlike `acknowledged`."""
        await self.send({"op": HEARTBEAT, "d": None})
        await self.acknowledged(sequence, timeout)

    async def closed(self, timeout: float = GUARD) -> int | None:
        """Wait until the connection is closed; the code the client closed with."""
        await asyncio.wait_for(asyncio.shield(self._reader), timeout)
        return self.client_close_code

    # -- what the server sends ----------------------------------------------------

    async def send(self, frame: Any) -> None:
        """Send a frame: a JSON value, or text / bytes as they are."""
        await self.socket.send(frame if isinstance(frame, (str, bytes)) else json.dumps(frame))

    async def hello(self, interval_ms: int | None = None) -> None:
        frame = example("Hello")
        frame["d"]["heartbeat_interval"] = interval_ms or self.server.heartbeat_ms
        await self.send(frame)

    async def ready(self, session_id: str, s: int = 1) -> None:
        frame = example("Ready")
        frame["s"] = s
        frame["d"]["session_id"] = session_id
        await self.dispatch(frame)

    async def resumed(self, s: int) -> None:
        frame = example("Resumed")
        frame["s"] = s
        await self.dispatch(frame)

    async def dispatch(self, *frames: dict[str, Any]) -> None:
        """Send dispatch frames, noting their sequence numbers in `server.sent`."""
        for frame in frames:
            if "s" in frame:
                self.server.sent.append(frame["s"])
            await self.send(frame)

    async def close(self, code: int, reason: str = "") -> None:
        await self.socket.close(code, reason)

    # -- the conversations most scripts start with --------------------------------------

    async def identified(self, session_id: str, s: int = 1) -> dict[str, Any]:
        """Hello, the client's Identify (returned), READY."""
        await self.hello()
        identify = await self.expect(IDENTIFY)
        await self.ready(session_id, s)
        return identify

    async def resume_asked(self) -> dict[str, Any]:
        """Hello, the client's Resume (returned); the script replays, then `resumed`."""
        await self.hello()
        return await self.expect(RESUME)

    # -- internals ----------------------------------------------------------------

    async def _read(self) -> None:
        try:
            async for raw in self.socket:
                try:
                    frame = json.loads(raw)
                except ValueError:
                    frame = raw
                self.received.append((time.monotonic(), frame))
                if _op(frame) == HEARTBEAT:
                    if self.acknowledge:
                        await self.send({"op": HEARTBEAT_ACK})
                else:
                    self._frames.put_nowait(frame)
                self._changed.set()
                self.server.changed()
        except ConnectionClosed:
            pass
        finally:
            received = self.socket.protocol.close_rcvd
            self.client_close_code = received.code if received is not None else None
            self.client_closed_first = bool(self.socket.protocol.close_rcvd_then_sent)
            self.closed_at = time.monotonic()
            self._changed.set()
            self.server.changed()


def _op(frame: Any) -> Any:
    return frame.get("op") if isinstance(frame, dict) else None


async def _hold(connection: Connection) -> None:
    """The default script: say nothing (a client may be trying anything)."""


class GatewayServer:
    """The gateway on a loopback port, for the length of an `async with` block.

    Args:
        scripts: What connection 0, 1, 2... does.
        default: What any later connection does.
        heartbeat_ms: The heartbeat interval `Connection.hello` announces; by default an hour,
            so that the client beats in a test only when asked (`Connection.caught_up`) or
            when a `BeatClock` moves: a beat every few real milliseconds would make a loaded
            machine, slow to pass the ACK on, look like a dead connection.
    """

    def __init__(
        self,
        scripts: Sequence[Script] = (),
        *,
        default: Script = _hold,
        heartbeat_ms: int = 3_600_000,
    ) -> None:
        self.scripts = list(scripts)
        self.default = default
        self.heartbeat_ms = heartbeat_ms
        self.connections: list[Connection] = []
        self.sent: list[int] = []  # `s` of every dispatch frame sent, in order
        self.errors: list[BaseException] = []  # scripts that failed
        # Called whenever something happens: a connection opens or closes, the client sends a
        # frame, a script returns or fails.
        self.listeners: list[Callable[[], None]] = []
        self._server: Server | None = None
        self._new_connection = asyncio.Event()

    @property
    def url(self) -> str:
        assert self._server is not None
        port = next(iter(self._server.sockets)).getsockname()[1]
        return f"ws://127.0.0.1:{port}/websocket"

    async def __aenter__(self) -> GatewayServer:
        self._server = await serve(self._handle, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        for connection in self.connections:
            await asyncio.wait([connection._reader])
        if self.errors and exc_info[0] is None:
            raise self.errors[0]

    def changed(self) -> None:
        """Tell the listeners something happened."""
        for listener in self.listeners:
            listener()

    async def connection(self, index: int, timeout: float = GUARD) -> Connection:
        """Wait for connection `index` (0 is the first) to be opened."""
        async with asyncio.timeout(timeout):
            while len(self.connections) <= index:
                self._new_connection.clear()
                await self._new_connection.wait()
        return self.connections[index]

    async def _handle(self, socket: ServerConnection) -> None:
        index = len(self.connections)
        connection = Connection(self, socket, index)
        self.connections.append(connection)
        self._new_connection.set()
        self.changed()
        script = self.scripts[index] if index < len(self.scripts) else self.default
        try:
            await script(connection)
        except ConnectionClosed:
            pass  # the client left while the script talked
        except Exception as error:
            self.errors.append(error)
            await socket.close(1011, "script failed")
        finally:
            self.changed()
        await asyncio.wait([connection._reader])  # until the client leaves


class BeatClock:
    """Stands in for the clock of a generated `_gateway` module, so heartbeats go out when the
    test says, not when real time has passed: there, `asyncio.get_running_loop().time()`
    reads `now`, and `asyncio.sleep` records the wait asked (in `asked`) and returns only
    once `advance` has moved the clock past it. Everything else is the real asyncio."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.asked: list[float] = []
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []
        self._slept = asyncio.Event()

    def install(self, module: Any, monkeypatch: Any) -> BeatClock:
        """Make `module` (the vendored `_gateway`) use this clock; undone by `monkeypatch`."""
        monkeypatch.setattr(module, "asyncio", _ClockedAsyncio(self))
        return self

    def advance(self, seconds: float) -> None:
        """Move the clock on; the sleeps due by then end (their tasks run at the next turn)."""
        self.now += seconds
        for wake, future in list(self._sleepers):
            if wake <= self.now + 1e-9 and not future.done():
                future.set_result(None)

    async def sleeping(self, count: int, timeout: float = GUARD) -> None:
        """Wait until the module has asked for its `count`-th sleep (and is in it)."""
        async with asyncio.timeout(timeout):
            while len(self.asked) < count:
                self._slept.clear()
                await self._slept.wait()

    async def _sleep(self, seconds: float) -> None:
        self.asked.append(seconds)
        self._slept.set()
        future = asyncio.get_running_loop().create_future()
        entry = (self.now + seconds, future)
        self._sleepers.append(entry)
        try:
            if entry[0] <= self.now + 1e-9:
                future.set_result(None)
            await future
        finally:
            self._sleepers.remove(entry)


class _ClockedLoop:
    def __init__(self, loop: asyncio.AbstractEventLoop, clock: BeatClock) -> None:
        self._loop = loop
        self._clock = clock

    def time(self) -> float:
        return self._clock.now

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loop, name)


class _ClockedAsyncio:
    def __init__(self, clock: BeatClock) -> None:
        self._clock = clock

    def get_running_loop(self) -> _ClockedLoop:
        return _ClockedLoop(asyncio.get_running_loop(), self._clock)

    async def sleep(self, seconds: float) -> None:
        await self._clock._sleep(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)
