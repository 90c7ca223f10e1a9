"""The generated gateway session (generated/qqbot/_gateway.py, vendored outside the
repository) against a real WebSocket server on 127.0.0.1 playing the platform
(tests/gateway_server.py), with `botspec mock` answering the token and gateway-URL calls.

Every wait of a scenario is bounded by `GUARD` (30 s), a guard only: no test measures real
time, or counts on something happening within some. Heartbeats are timed by a `BeatClock`
the test moves (the `beats` fixture), reconnect waits are the ones `run()` asks for (the
`waits` fixture; `skipped_waits`, and a `Bot` whose test watches none, end them at once,
as if their time had passed), and a stop "at once" is one that returns although every wait
it could wrongly sit out is an hour or for ever.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from types import ModuleType, SimpleNamespace, TracebackType
from typing import Any

import pytest
from gateway_server import (
    GUARD,
    HEARTBEAT,
    HEARTBEAT_ACK,
    IDENTIFY,
    INVALID_SESSION,
    RECONNECT,
    RESUME,
    BeatClock,
    Connection,
    GatewayServer,
    event_messages,
    example,
)
from gen_support import FakeClock, refused_port
from mockserver import MockServer, issue_qq_tokens

INTENTS = 1 << 25  # GROUP_AND_C2C_EVENT: bit 25 of the spec's x-intents
SECRET = "gateway-tests-secret"


def run(scenario: Coroutine[Any, Any, None], timeout: float = 2 * GUARD) -> None:
    """Run a scenario in a new event loop, failing it after `timeout` seconds (in the
    scenario's own task: no other task of the test's is left in the loop)."""

    async def bounded() -> None:
        async with asyncio.timeout(timeout):
            await scenario

    asyncio.run(bounded())


issue_tokens = issue_qq_tokens  # test_generate_hostile_session imports it from here


def gateway_module() -> ModuleType:
    return sys.modules["qqbot._gateway"]


@pytest.fixture
def beats(qqbot: ModuleType, monkeypatch: pytest.MonkeyPatch) -> BeatClock:
    """The vendored gateway's heartbeats on a clock that moves only when the test says."""
    return BeatClock().install(gateway_module(), monkeypatch)


@pytest.fixture
def waits(qqbot: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits `run()` asks for (between attempts, for session starts), in order; each is
    recorded when asked, then waited as ever (a stop() still ends it)."""
    asked: list[float] = []
    sleep = qqbot.GatewayClient._sleep

    async def recorded(self: Any, seconds: float) -> None:
        asked.append(seconds)
        Bot.notify_all()
        await sleep(self, seconds)

    monkeypatch.setattr(qqbot.GatewayClient, "_sleep", recorded)
    return asked


@pytest.fixture
def skipped_waits(qqbot: ModuleType, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits `run()` asks for (between attempts, for session starts), in order; each is
    recorded when asked and then over at once, as if its time had passed (after one turn of
    the event loop, so that a stop() may come in between)."""
    asked: list[float] = []

    async def recorded(self: Any, seconds: float) -> None:
        asked.append(seconds)
        Bot.notify_all()
        await asyncio.sleep(0)

    monkeypatch.setattr(qqbot.GatewayClient, "_sleep", recorded)
    return asked


def connect_kwargs(monkeypatch: pytest.MonkeyPatch, **forced: Any) -> list[dict[str, Any]]:
    """Record the keyword arguments of every websockets `connect` the gateway makes, with
    `forced` ones put in (say open_timeout=None: a handshake never answered hangs for ever)."""
    import websockets.asyncio.client

    real = websockets.asyncio.client.connect
    calls: list[dict[str, Any]] = []

    def recorded(url: str, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(url, **{**kwargs, **forced})

    monkeypatch.setattr(websockets.asyncio.client, "connect", recorded)
    return calls


def point_gateway(mock: MockServer, url: str, count: int = 100) -> None:
    """GET /gateway/bot at the mock answers `url` (for the next `count` calls)."""
    mock.fault(
        operation="getGatewayBot",
        status=200,
        count=count,
        body={
            "url": url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 14400000,
                "max_concurrency": 1,
            },
        },
    )


def frame(message: str, s: int, **data: Any) -> dict[str, Any]:
    """The spec's example of `message` as the `s`-th frame, with `data` added to its d."""
    payload = example(message)
    payload["s"] = s
    payload["d"].update(data)
    return payload


def events_from(s: int, count: int) -> list[dict[str, Any]]:
    """`count` dispatch frames numbered from `s`, cycling through the spec's events."""
    names = event_messages()
    return [frame(names[i % len(names)], s + i) for i in range(count)]


class _Notifying(logging.Handler):
    """Calls `notify` for every record logged (at the level the logger lets through)."""

    def __init__(self, notify: Callable[[], None]) -> None:
        super().__init__()
        self.notify = notify

    def emit(self, record: logging.LogRecord) -> None:
        self.notify()


_RUNNING: list[Bot] = []  # the bots between their __aenter__ and __aexit__


async def skipped(seconds: float) -> None:
    """A wait of the gateway's, over (after a turn of the event loop) as if its time had
    passed."""
    await asyncio.sleep(0)


class Bot:
    """A bot built on the vendored package alone: an AsyncClient, a Dispatcher whose
    catch-all handler records every event, and a GatewayClient running in a task.

    `until` waits for a condition, checking it whenever something happens that could make it
    hold: an event or error handled, a frame the gateway client took, a log record of the
    session, a wait `run()` asked for (`notify_all`), something at the server (a frame, a
    connection opened or closed, a script's end), `run()` ending."""

    def __init__(
        self,
        qqbot: ModuleType,
        mock: MockServer,
        server: GatewayServer | None,
        *,
        async_on_error: bool = False,
        handlers: Sequence[tuple[type[Any], Callable[[Any], Any]]] = (),
        client_options: dict[str, Any] | None = None,
        **options: Any,
    ) -> None:
        self.qqbot = qqbot
        self.mock = mock
        self.server = server
        self.events: list[Any] = []
        self.errors: list[tuple[Any, Any]] = []
        self.async_on_error = async_on_error
        self.handlers = handlers
        self.client_options = client_options or {}  # more arguments of the AsyncClient
        self.options = {"reconnect_delay": 0.01, "max_reconnect_delay": 0.05, **options}
        self.client: Any = None
        self.gateway: Any = None
        self.task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self._log_handler = _Notifying(self.notify)

    def notify(self, *_: Any) -> None:
        """Something happened: `until` checks its condition again."""
        self._changed.set()

    @classmethod
    def notify_all(cls) -> None:
        for bot in _RUNNING:
            bot.notify()

    @property
    def sequences(self) -> list[int | None]:
        return [event.s for event in self.events]

    async def __aenter__(self) -> Bot:
        if self.server is not None:
            point_gateway(self.mock, self.server.url)
        self.client = self.qqbot.AsyncClient(
            app_id="1001",
            client_secret=SECRET,
            base_url=self.mock.url,
            token_url=self.mock.url + "/app/getAppAccessToken",
            **self.client_options,
        )

        def on_error(error: Exception, event: Any) -> None:
            self.errors.append((error, event))
            self.notify()

        async def on_error_async(error: Exception, event: Any) -> None:
            await asyncio.sleep(0)
            on_error(error, event)

        def record(event: Any) -> None:
            self.events.append(event)
            self.notify()

        dispatcher = self.qqbot.Dispatcher(
            on_error=on_error_async if self.async_on_error else on_error
        )
        dispatcher.on(self.qqbot.Event)(record)
        for event_class, handler in self.handlers:
            dispatcher.on(event_class)(handler)
        options = {"intents": self.qqbot.Intents.GROUP_AND_C2C_EVENT, **self.options}
        self.gateway = self.qqbot.GatewayClient(self.client, dispatcher=dispatcher, **options)
        receive = self.gateway._receive

        async def received(*args: Any) -> Any:
            try:
                return await receive(*args)
            finally:
                self.notify()  # the frame is taken: the session's state may have changed

        self.gateway._receive = received
        if self.qqbot.GatewayClient._sleep.__module__ == gateway_module().__name__:
            # Unless the test watches them (`waits`...), the waits between attempts are over
            # at once, as if their time had passed: no test hangs on real time passing.
            self.gateway._sleep = skipped
        if self.server is not None:
            self.server.listeners.append(self.notify)
        logging.getLogger("qqbot.gateway").addHandler(self._log_handler)
        _RUNNING.append(self)
        self.task = asyncio.create_task(self.gateway.run())
        self.task.add_done_callback(self.notify)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.task is not None
        try:
            if not self.task.done():
                await self.gateway.stop()
                await asyncio.wait_for(self.task, GUARD)
        finally:
            _RUNNING.remove(self)
            logging.getLogger("qqbot.gateway").removeHandler(self._log_handler)
            if self.server is not None:
                self.server.listeners.remove(self.notify)
            await self.client.close()

    async def until(self, condition: Callable[[], bool], timeout: float = GUARD) -> None:
        """Wait until `condition()` holds, checked each time something happens (see the
        class); fails early when a server script failed or `run()` ended."""
        assert self.task is not None
        async with asyncio.timeout(timeout):
            while not condition():
                if self.server is not None and self.server.errors:
                    raise self.server.errors[0]
                if self.task.done():
                    self.task.result()
                    raise AssertionError("run() returned before the condition held")
                self._changed.clear()
                await self._changed.wait()


# -- identify and deliver ---------------------------------------------------------------


def realistic_frames(s: int) -> list[dict[str, Any]]:
    """One frame per event type with fields the spec does not list, as live payloads carry."""
    extra: dict[str, dict[str, Any]] = {
        "FriendAdd": {"author": {"union_openid": "UNION-7D2F"}},
        "FriendDel": {"author": {"union_openid": "UNION-7D2F"}, "scene": "c2c"},
        "C2CMsgReject": {"author": {"union_openid": "UNION-7D2F"}},
        "C2CMsgReceive": {"author": {"union_openid": "UNION-7D2F"}, "scene_param": "ice"},
        "GroupAddRobot": {"group_union_openid": "G-UNION-1", "member_role": "owner"},
        "GroupDelRobot": {"group_union_openid": "G-UNION-1"},
        "GroupMsgReject": {"group_union_openid": "G-UNION-1"},
        "GroupMsgReceive": {"group_union_openid": "G-UNION-1"},
    }
    frames = []
    for i, name in enumerate(event_messages()):
        payload = frame(name, s + i, **extra[name])
        payload["trace"] = f"trace-{i}"  # unlisted frame field
        frames.append(payload)
    return frames


def test_bot_identifies_with_the_bought_token_and_gets_the_eight_spec_events_typed(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    names = event_messages()
    assert len(names) == 8
    spec_frames = [frame(name, 2 + i) for i, name in enumerate(names)]
    live_frames = realistic_frames(2 + len(names))
    identify: dict[str, Any] = {}

    async def platform(conn: Connection) -> None:
        identify.update(await conn.identified("sess-A"))
        await conn.dispatch(*spec_frames, *live_frames)

    async def scenario() -> None:
        issue_qq_tokens(qqbot_mock, "tok-A")
        typed: dict[str, list[Any]] = {name: [] for name in names}
        async with GatewayServer([platform]) as server:
            bot = Bot(
                qqbot,
                qqbot_mock,
                server,
                shard=(2, 4),
                properties={"$os": "linux", "$browser": "botspec", "$device": "tests"},
            )
            async with bot:
                for name in names:
                    bot.gateway.dispatcher.on(getattr(qqbot, name + "Event"))(typed[name].append)
                await bot.until(lambda: len(bot.events) == 1 + 2 * len(names))
                assert bot.gateway.session_id == "sess-A"

        assert identify == {
            "op": IDENTIFY,
            "d": {
                "token": "QQBot tok-A",
                "intents": INTENTS,
                "shard": [2, 4],
                "properties": {"$os": "linux", "$browser": "botspec", "$device": "tests"},
            },
        }
        assert bot.errors == []
        # The gateway URL came from GET /gateway/bot, paid with the same token.
        url_call = qqbot_mock.last("getGatewayBot")
        assert url_call["headers"]["authorization"] == "QQBot tok-A"
        assert len(qqbot_mock.requests("getAppAccessToken")) == 1

        ready = bot.events[0]
        assert isinstance(ready, qqbot.ReadyEvent)
        assert ready.d.session_id == "sess-A"
        for i, name in enumerate(names):
            cls = getattr(qqbot, name + "Event")
            spec_event, live_event = typed[name]
            assert type(spec_event) is cls and type(live_event) is cls
            assert spec_event.model_dump(by_alias=True, exclude_unset=True) == spec_frames[i]
            assert live_event.model_dump(by_alias=True, exclude_unset=True) == live_frames[i]
            assert live_event.model_extra == {"trace": f"trace-{i}"}
            assert live_event.id == live_frames[i]["id"]
            assert live_event.d.timestamp == live_frames[i]["d"]["timestamp"]
        assert typed["FriendAdd"][1].d.author.union_openid == "UNION-7D2F"
        assert typed["FriendDel"][1].d.model_extra["author"] == {"union_openid": "UNION-7D2F"}
        assert typed["GroupAddRobot"][1].d.model_extra["member_role"] == "owner"
        assert bot.sequences == list(range(1, 2 + 2 * len(names)))

    run(scenario())


async def beat(beats: BeatClock, bot: Bot, conn: Connection, count: int, interval: float) -> None:
    """Once the heartbeat waits for its `count`-th beat, move the clock an interval on: the
    beat goes out, and its ACK is taken."""
    await beats.sleeping(count)
    beats.advance(interval)
    await conn.wait_for(lambda: len(conn.heartbeats) == count)
    await bot.until(lambda: bot.gateway._acknowledged)


def test_heartbeats_go_out_at_the_interval_carrying_the_last_sequence(
    qqbot: ModuleType, qqbot_mock: MockServer, beats: BeatClock
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-H")
        await conn.dispatch(*events_from(2, 2))

    async def scenario() -> None:
        async with (
            GatewayServer([platform], heartbeat_ms=125) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            conn = await server.connection(0)
            await bot.until(lambda: bot.sequences == [1, 2, 3])
            await beats.sleeping(1)
            assert conn.heartbeats == []  # none before the clock has moved
            await beat(beats, bot, conn, 1, 0.125)
            await conn.dispatch(*events_from(4, 1))
            await bot.until(lambda: bot.sequences == [1, 2, 3, 4])
            for count in (2, 3, 4):
                await beat(beats, bot, conn, count, 0.125)
            await beats.sleeping(5)
        # Each beat carries the latest `s` received.
        assert [d for _, d in conn.heartbeats] == [3, 4, 4, 4]
        # Each wait is the interval, from the hello, then from the last beat.
        assert beats.asked == [0.125] * 5
        assert bot.sequences == [1, 2, 3, 4]

    run(scenario())


@pytest.mark.parametrize(
    ("request_frame", "reported"),
    [({"op": HEARTBEAT, "d": None}, 0), ({"op": HEARTBEAT}, 1)],
    ids=["as-the-spec-spells-it", "without-d-reported-too"],
)
def test_bot_answers_a_heartbeat_the_gateway_asks_for_at_once(
    qqbot: ModuleType,
    qqbot_mock: MockServer,
    request_frame: dict[str, Any],
    reported: int,
    beats: BeatClock,
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.hello(interval_ms=5000)
        await conn.expect(IDENTIFY)
        await conn.ready("sess-P", s=7)

    async def scenario() -> None:
        async with GatewayServer([platform]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            conn = await server.connection(0)
            await bot.until(lambda: bot.sequences == [7])
            await beats.sleeping(1)  # its own beat is 5 s away, on a clock that stands still
            await conn.send(request_frame)  # the spec requires d: without it, not decodable
            await conn.wait_for(lambda: len(conn.heartbeats) == 1)
            await bot.until(lambda: len(bot.errors) == reported)
        assert [d for _, d in conn.heartbeats] == [7]
        assert beats.asked == [5.0]  # no time passed: the beat answered the request
        assert len(bot.errors) == reported
        for error, event in bot.errors:
            assert isinstance(error, qqbot.EventDecodeError) and event is None

    run(scenario())


def test_a_beat_the_gateway_asks_for_moves_the_next_one_so_a_slow_ack_is_not_death(
    qqbot: ModuleType, qqbot_mock: MockServer, beats: BeatClock
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.hello(interval_ms=500)
        await conn.expect(IDENTIFY)
        await conn.ready("sess-B", s=1)

    async def scenario() -> None:
        async with GatewayServer([platform]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            conn = await server.connection(0)
            await bot.until(lambda: bot.sequences == [1])
            await beats.sleeping(1)  # its own beat is due in 500 ms
            conn.acknowledge = False
            # Ask for a beat 125 ms before the bot's own is due ...
            beats.advance(0.375)
            await conn.send({"op": HEARTBEAT, "d": None})
            await conn.wait_for(lambda: len(conn.heartbeats) == 1)
            # ... at the old due time, the next beat is an interval after the asked one ...
            beats.advance(0.125)
            await beats.sleeping(2)
            assert conn.closed_at is None
            # ... and the ACK, 250 ms after the asked beat, after the old due time, is in time.
            beats.advance(0.125)
            await conn.send({"op": HEARTBEAT_ACK})
            await bot.until(lambda: bot.gateway._acknowledged)
            conn.acknowledge = True
            beats.advance(0.375)  # an interval after the asked beat: the bot's own
            await conn.wait_for(lambda: len(conn.heartbeats) == 2)
            await beats.sleeping(3)
            assert conn.closed_at is None  # not left as dead
        assert beats.asked == [0.5, 0.375, 0.5]
        assert [d for _, d in conn.heartbeats] == [1, 1]
        assert conn.client_close_code == 1000  # closed by the stop, not as dead
        assert len(server.connections) == 1

    run(scenario())


# -- reconnecting ---------------------------------------------------------------------------


def test_a_silent_gateway_is_left_with_4000_and_the_session_resumed(
    qqbot: ModuleType, qqbot_mock: MockServer, beats: BeatClock
) -> None:
    resume: dict[str, Any] = {}

    async def silent(conn: Connection) -> None:
        await conn.identified("sess-Z")
        await conn.dispatch(*events_from(2, 2))

    async def resumed(conn: Connection) -> None:
        resume.update(await conn.resume_asked())
        await conn.resumed(4)
        await conn.dispatch(*events_from(5, 1))

    async def scenario() -> None:
        issue_qq_tokens(qqbot_mock, "tok-Z")
        async with (
            GatewayServer([silent, resumed], heartbeat_ms=125) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            first = await server.connection(0)
            await bot.until(lambda: bot.sequences == [1, 2, 3])
            await beat(beats, bot, first, 1, 0.125)  # answered
            first.acknowledge = False  # the next heartbeat gets no ACK
            await beats.sleeping(2)
            beats.advance(0.125)
            await first.wait_for(lambda: len(first.heartbeats) == 2)
            await beats.sleeping(3)
            assert first.closed_at is None  # the unanswered beat has an interval to be answered
            beats.advance(0.125)  # it had: the connection is dead
            assert await first.closed() == 4000
            assert first.client_closed_first
            await bot.until(lambda: len(bot.events) == 5)
            # run(), the handlers and the heartbeat of the new connection only
            assert len(vendored_tasks(qqbot)) == 3
        assert beats.asked[:3] == [0.125] * 3
        assert [d for _, d in first.heartbeats] == [3, 3]
        assert resume == {
            "op": RESUME,
            "d": {"token": "QQBot tok-Z", "session_id": "sess-Z", "seq": 3},
        }
        assert bot.sequences == [1, 2, 3, 4, 5]
        assert isinstance(bot.events[3], qqbot.ResumedEvent)
        assert bot.events[3].d == ""
        assert bot.gateway.session_id is None  # forgotten once run() is over
        assert len(server.connections) == 2

    run(scenario())


@pytest.mark.parametrize("trigger", ["op 7", 4008, 4009])
def test_bot_resumes_with_session_and_sequence_after(
    qqbot: ModuleType, qqbot_mock: MockServer, trigger: str | int
) -> None:
    resumes: list[dict[str, Any]] = []

    async def first(conn: Connection) -> None:
        await conn.identified("sess-R")
        await conn.dispatch(*events_from(2, 3))
        await conn.caught_up(4)
        if trigger == "op 7":
            await conn.send(example("Reconnect"))
            assert await conn.closed() == 4000  # the client leaves, meaning to resume
        else:
            await conn.close(int(trigger))

    async def second(conn: Connection) -> None:
        resumes.append(await conn.resume_asked())
        await conn.resumed(5)
        await conn.dispatch(*events_from(6, 2))

    async def scenario() -> None:
        issue_qq_tokens(qqbot_mock, "tok-R")
        async with GatewayServer([first, second]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            await bot.until(lambda: len(bot.events) == 7)
            assert bot.gateway.session_id == "sess-R"
        assert resumes == [
            {"op": RESUME, "d": {"token": "QQBot tok-R", "session_id": "sess-R", "seq": 4}}
        ]
        assert bot.sequences == [1, 2, 3, 4, 5, 6, 7]
        assert len(server.connections) == 2
        assert example("Reconnect")["op"] == RECONNECT

    run(scenario())


@pytest.mark.parametrize("code", [4006, 4007, 4900, 4913])
def test_bot_identifies_anew_after_close(
    qqbot: ModuleType, qqbot_mock: MockServer, code: int
) -> None:
    identifies: list[dict[str, Any]] = []

    async def first(conn: Connection) -> None:
        identifies.append(await conn.identified("sess-1"))
        await conn.dispatch(*events_from(2, 2))
        await conn.caught_up(3)
        await conn.close(code)

    async def second(conn: Connection) -> None:
        identifies.append(await conn.identified("sess-2"))
        # The new session numbers from 1 again: nothing of it is a replay.
        await conn.dispatch(*events_from(2, 2))

    async def scenario() -> None:
        async with GatewayServer([first, second]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            await bot.until(lambda: len(bot.events) == 6)
            assert bot.gateway.session_id == "sess-2"
        assert [i["op"] for i in identifies] == [IDENTIFY, IDENTIFY]
        assert identifies[0]["d"] == identifies[1]["d"]
        assert bot.sequences == [1, 2, 3, 1, 2, 3]
        assert [type(e).__name__ for e in bot.events][::3] == ["ReadyEvent", "ReadyEvent"]
        assert len(server.connections) == 2

    run(scenario())


def test_invalid_session_on_resume_makes_the_bot_identify_anew(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def first(conn: Connection) -> None:
        await conn.identified("sess-1")
        await conn.dispatch(*events_from(2, 1))
        await conn.caught_up(2)
        await conn.close(4009)

    async def refused(conn: Connection) -> None:
        resume = await conn.resume_asked()
        assert resume["d"]["session_id"] == "sess-1" and resume["d"]["seq"] == 2
        await conn.send(example("InvalidSession"))  # d: false
        assert await conn.closed() == 1000  # the session is over: a normal closure

    async def third(conn: Connection) -> None:
        await conn.identified("sess-2")
        await conn.dispatch(*events_from(2, 1))

    async def scenario() -> None:
        async with (
            GatewayServer([first, refused, third]) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 4)
            assert bot.gateway.session_id == "sess-2"
        assert bot.sequences == [1, 2, 1, 2]
        assert len(server.connections) == 3
        assert example("InvalidSession")["op"] == INVALID_SESSION

    run(scenario())


def test_invalid_session_even_one_saying_it_may_resume_makes_the_bot_identify_anew(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    # A gateway that answered every Resume with it would otherwise hold the bot in a loop.
    async def first(conn: Connection) -> None:
        await conn.identified("sess-1")
        await conn.dispatch(*events_from(2, 1))
        await conn.caught_up(2)
        await conn.send({"op": INVALID_SESSION, "d": True})

    async def second(conn: Connection) -> None:
        await conn.identified("sess-2")

    async def scenario() -> None:
        async with GatewayServer([first, second]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            await bot.until(lambda: len(bot.events) == 3)
            assert bot.gateway.session_id == "sess-2"
        assert bot.sequences == [1, 2, 1]
        assert await server.connections[0].closed() == 1000

    run(scenario())


def test_rejected_token_is_bought_again_before_identifying(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    identifies: list[dict[str, Any]] = []

    async def rejects(conn: Connection) -> None:
        await conn.hello()
        identifies.append(await conn.expect(IDENTIFY))
        await conn.close(4004)

    async def accepts(conn: Connection) -> None:
        identifies.append(await conn.identified("sess-T"))

    async def scenario() -> None:
        issue_qq_tokens(qqbot_mock, "tok-old", "tok-new")
        async with (
            GatewayServer([rejects, accepts]) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 1)
        assert [i["d"]["token"] for i in identifies] == ["QQBot tok-old", "QQBot tok-new"]
        assert len(qqbot_mock.requests("getAppAccessToken")) == 2

    run(scenario())


def test_a_rejected_token_a_call_has_replaced_since_is_not_bought_again(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    """The gateway forgets the token its Identify carried, not the one a REST call bought
    after a 401 meanwhile: that one is good, and the next Identify carries it."""
    identifies: list[dict[str, Any]] = []
    identified, renewed = asyncio.Event(), asyncio.Event()

    async def rejects(conn: Connection) -> None:
        await conn.hello()
        identifies.append(await conn.expect(IDENTIFY))
        identified.set()
        await renewed.wait()
        await conn.close(4004)

    async def accepts(conn: Connection) -> None:
        identifies.append(await conn.identified("sess-R"))

    async def scenario() -> None:
        issue_qq_tokens(qqbot_mock, "tok-old", "tok-new", "tok-third")
        async with (
            GatewayServer([rejects, accepts]) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await identified.wait()
            qqbot_mock.fault(operation="getGateway", status=401)
            await bot.client.gateway.get_gateway()  # 401: forgets tok-old, buys tok-new
            renewed.set()
            await bot.until(lambda: len(bot.events) == 1)
        tokens = [i["d"]["token"] for i in identifies]
        assert tokens == ["QQBot tok-old", "QQBot tok-new"]
        assert len(qqbot_mock.requests("getAppAccessToken")) == 2

    run(scenario())


@pytest.mark.parametrize("code", [4914, 4915, 4013])
def test_fatal_close_ends_run_with_gateway_closed_and_no_reconnect(
    qqbot: ModuleType, qqbot_mock: MockServer, code: int, waits: list[float]
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-F")
        await conn.dispatch(*events_from(2, 1))
        await conn.caught_up(2)
        await conn.close(code)

    async def scenario() -> None:
        async with GatewayServer([platform]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            assert bot.task is not None
            with pytest.raises(qqbot.GatewayClosed) as raised:
                await asyncio.wait_for(bot.task, GUARD)
            assert vendored_tasks(qqbot) == []  # nothing left that could reconnect
        assert waits == []  # no wait before another attempt was even asked for
        assert raised.value.code == code
        assert str(code) in str(raised.value)
        assert isinstance(raised.value, qqbot.QqbotError)
        assert len(server.connections) == 1
        assert bot.sequences == [1, 2]

    run(scenario())


def test_fatal_close_right_after_connecting_ends_run(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def banned(conn: Connection) -> None:
        await conn.close(4915)  # before hello

    async def scenario() -> None:
        async with GatewayServer([banned]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            assert bot.task is not None
            with pytest.raises(qqbot.GatewayClosed) as raised:
                await asyncio.wait_for(bot.task, GUARD)
        assert raised.value.code == 4915
        assert len(server.connections) == 1

    run(scenario())


def test_events_received_before_a_fatal_close_are_all_handled_before_run_raises(
    qqbot: ModuleType, qqbot_mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-F")
        await conn.dispatch(*events_from(2, 20))
        await conn.close(4915)

    async def scenario() -> None:
        caplog.set_level(logging.INFO, logger="qqbot.gateway")
        closed = asyncio.Event()

        async def held(event: Any) -> None:
            await closed.wait()  # the queue is still full when the close arrives

        async with (
            GatewayServer([platform]) as server,
            Bot(qqbot, qqbot_mock, server, handlers=[(qqbot.ReadyEvent, held)]) as bot,
        ):
            assert bot.task is not None
            await bot.until(lambda: "gateway closed the connection: 4915" in caplog.text)
            assert bot.sequences == [1]  # READY's handler still holds the other 20
            closed.set()
            with pytest.raises(qqbot.GatewayClosed):
                await asyncio.wait_for(bot.task, GUARD)
        assert bot.sequences == list(range(1, 22))

    run(scenario())


def test_stop_while_run_hands_the_last_events_over_after_a_fatal_close_ends_it_at_once(
    qqbot: ModuleType, qqbot_mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    cancelled: list[int] = []

    async def stuck(event: Any) -> None:
        try:
            await asyncio.Event().wait()  # for ever
        except asyncio.CancelledError:
            cancelled.append(event.s)
            raise

    async def platform(conn: Connection) -> None:
        await conn.identified("sess-F")
        await conn.dispatch(*events_from(2, 3))
        await conn.close(4915)

    async def scenario() -> None:
        caplog.set_level(logging.INFO, logger="qqbot.gateway")
        async with GatewayServer([platform]) as server:
            bot = Bot(qqbot, qqbot_mock, server, handlers=[(qqbot.FriendAddEvent, stuck)])
            async with bot:
                # run() has taken the fatal close: it waits for the stuck handler now.
                await bot.until(lambda: "gateway closed the connection: 4915" in caplog.text)
                assert bot.task is not None and not bot.task.done()
                await bot.gateway.stop(timeout=0.1)
                with pytest.raises(qqbot.GatewayClosed):
                    await asyncio.wait_for(bot.task, GUARD)
                assert vendored_tasks(qqbot) == []
        assert cancelled == [2]
        assert bot.sequences == [1, 2]  # what stop() came before is dropped, as ever

    run(scenario())


@pytest.mark.parametrize("code", [None, 1000, 1001, 1011, 4003])
def test_an_ordinary_drop_or_unlisted_close_is_resumed_without_loss_or_repeat(
    qqbot: ModuleType, qqbot_mock: MockServer, code: int | None
) -> None:
    resumes: list[dict[str, Any]] = []
    identifies: list[dict[str, Any]] = []

    async def first(conn: Connection) -> None:
        await conn.identified("sess-D")
        await conn.dispatch(*events_from(2, 3))
        await conn.caught_up(4)
        if code is None:
            conn.socket.transport.abort()  # the TCP connection drops: no close frame
        else:
            await conn.close(code)

    async def second(conn: Connection) -> None:
        await conn.hello()
        frame = await conn.expect(RESUME if code != 4003 else IDENTIFY)
        if code == 4003:  # an unlisted 4xxx close: the session is not trusted
            identifies.append(frame)
            await conn.ready("sess-E")
            return
        resumes.append(frame)
        await conn.dispatch(*events_from(4, 2))  # 4 is a replay
        await conn.resumed(6)

    async def scenario() -> None:
        async with GatewayServer([first, second]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            await bot.until(lambda: len(bot.events) == (5 if code == 4003 else 6))
        if code == 4003:
            assert bot.sequences == [1, 2, 3, 4, 1]
            assert len(identifies) == 1
        else:
            assert bot.sequences == [1, 2, 3, 4, 5, 6]
            assert resumes[0]["d"]["seq"] == 4

    run(scenario())


def test_events_replayed_across_resumes_are_dispatched_once_and_none_skipped(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    resumed_at: list[int] = []
    done: list[bool] = []

    async def first(conn: Connection) -> None:
        await conn.identified("sess-D")
        await conn.dispatch(*events_from(2, 5))  # 2..6
        await conn.close(4009)  # right away: the client may not have acknowledged them

    async def replays_overlap(conn: Connection) -> None:
        seq = (await conn.resume_asked())["d"]["seq"]
        resumed_at.append(seq)
        await conn.dispatch(*events_from(seq - 2, 5))  # two already delivered, then new
        await conn.resumed(seq + 3)
        await conn.dispatch(*events_from(seq + 4, 2))
        await conn.send(example("Reconnect"))

    async def replays_everything(conn: Connection) -> None:
        seq = (await conn.resume_asked())["d"]["seq"]
        resumed_at.append(seq)
        await conn.dispatch(*events_from(2, seq + 1))  # from the start, and two new
        await conn.resumed(seq + 3)
        await conn.caught_up(seq + 3)
        done.append(True)

    async def scenario() -> None:
        async with (
            GatewayServer([first, replays_overlap, replays_everything]) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: done == [True])
            await bot.until(lambda: bot.sequences[-1:] == [max(server.sent)])
        assert resumed_at == [6, 11]
        assert bot.sequences == sorted(set(server.sent))
        assert bot.sequences == list(range(1, max(server.sent) + 1))
        assert len(server.sent) == len(bot.sequences) + 3 + 10  # 4..6, then 2..11 replayed
        assert sum(isinstance(e, qqbot.ResumedEvent) for e in bot.events) == 2

    run(scenario())


def test_a_broken_event_replayed_after_a_resume_goes_to_on_error_once(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    broken = frame("FriendAdd", 3, openid=5)  # a field of the wrong type

    async def first(conn: Connection) -> None:
        await conn.identified("sess-B")
        await conn.dispatch(*events_from(2, 1), broken)
        await conn.caught_up(3)
        await conn.close(4009)

    async def replays_everything(conn: Connection) -> None:
        await conn.resume_asked()
        await conn.dispatch(*events_from(2, 1), broken, *events_from(4, 1))
        await conn.resumed(5)

    async def scenario() -> None:
        async with (
            GatewayServer([first, replays_everything]) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: bot.sequences[-1:] == [5])
        assert bot.sequences == [1, 2, 4, 5]
        assert [type(error) for error, _ in bot.errors] == [qqbot.EventDecodeError]

    run(scenario())


# -- backoff -------------------------------------------------------------------------------


def test_a_token_server_outage_is_waited_out(qqbot: ModuleType, qqbot_mock: MockServer) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-O")

    async def scenario() -> None:
        qqbot_mock.fault(operation="getAppAccessToken", drop=True, count=2)
        async with (
            GatewayServer([platform]) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 1)
        assert len(qqbot_mock.requests("getAppAccessToken")) == 3
        assert len(server.connections) == 1

    run(scenario())


@pytest.mark.parametrize(
    "answer",
    ["<html>502 Bad Gateway</html>", {"access_token": 12345, "expires_in": 7200}],
    ids=["html", "a number"],
)
def test_a_token_answer_that_is_not_what_the_spec_declares_is_waited_out(
    qqbot: ModuleType, qqbot_mock: MockServer, skipped_waits: list[float], answer: Any
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-D")

    async def scenario() -> None:
        qqbot_mock.fault(operation="getAppAccessToken", status=200, body=answer)
        async with (
            GatewayServer([platform]) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 1)
        assert len(qqbot_mock.requests("getAppAccessToken")) == 2
        assert len(skipped_waits) == 1  # a backoff between the two attempts
        assert len(server.connections) == 1

    run(scenario())


def test_a_rate_limited_gateway_url_is_retried_after_the_wait_the_platform_asks_for(
    qqbot: ModuleType,
    qqbot_mock: MockServer,
    skipped_waits: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client_clock = FakeClock().install(qqbot._base_client, monkeypatch)

    async def platform(conn: Connection) -> None:
        await conn.identified("sess-L")

    async def scenario() -> None:
        # Three 429s outlast the client's own two retries: RateLimitError reaches the session.
        qqbot_mock.fault(
            operation="getGatewayBot", status=429, count=3, headers={"Retry-After": "0.3"}
        )
        async with GatewayServer([platform]) as server:
            point_gateway(qqbot_mock, server.url)
            async with Bot(qqbot, qqbot_mock, None) as bot:
                await bot.until(lambda: len(bot.events) == 1)
        assert len(qqbot_mock.requests("getGatewayBot")) == 4
        assert client_clock.asked == [0.3, 0.3]  # the client's own two retries
        assert skipped_waits == [0.3]  # then the session's: not its 10-20 ms reconnect delay
        assert len(server.connections) == 1

    run(scenario())


def test_a_gateway_url_answer_that_is_not_json_is_retried(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-H")

    async def scenario() -> None:
        # A proxy's error page with a 200 status: DecodeError, which passes like an outage.
        qqbot_mock.fault(operation="getGatewayBot", status=200, body="<html>busy</html>")
        async with GatewayServer([platform]) as server:
            point_gateway(qqbot_mock, server.url)
            async with Bot(qqbot, qqbot_mock, None) as bot:
                await bot.until(lambda: len(bot.events) == 1)
        assert len(qqbot_mock.requests("getGatewayBot")) == 2

    run(scenario())


def no_session_may_start(mock: MockServer, url: str, reset_after_ms: int) -> None:
    """The next GET /gateway/bot says no session may start for `reset_after_ms`."""
    mock.fault(
        operation="getGatewayBot",
        status=200,
        body={
            "url": url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 0,
                "reset_after": reset_after_ms,
                "max_concurrency": 1,
            },
        },
    )


def test_with_no_session_starts_left_the_bot_waits_for_the_reset_before_connecting(
    qqbot: ModuleType,
    qqbot_mock: MockServer,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    timeline: list[tuple[str, float]] = []

    async def recorded_sleep(self: Any, seconds: float) -> None:
        await asyncio.sleep(0)  # the wait, over as if its time had passed
        timeline.append(("waited", seconds))

    monkeypatch.setattr(qqbot.GatewayClient, "_sleep", recorded_sleep)

    async def platform(conn: Connection) -> None:
        timeline.append(("connected", 0))
        await conn.identified("sess-L")

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            no_session_may_start(qqbot_mock, server.url, 400)
            async with Bot(qqbot, qqbot_mock, server) as bot:
                await bot.until(lambda: len(bot.events) == 1)
            assert timeline == [("waited", 0.4), ("connected", 0)]  # reset_after, then
            assert bot.gateway.session_id is None  # forgotten by the stop
        assert len(server.connections) == 1
        assert len(qqbot_mock.requests("getGatewayBot")) == 1  # the URL it had was kept

    with caplog.at_level(logging.WARNING):
        run(scenario())
    assert "no gateway session may start for 0.4 s: waiting" in caplog.text


def test_stop_ends_the_wait_for_session_starts_without_connecting(
    qqbot: ModuleType, qqbot_mock: MockServer, waits: list[float]
) -> None:
    async def scenario() -> None:
        async with GatewayServer() as server:
            no_session_may_start(qqbot_mock, server.url, 3_600_000)
            async with Bot(qqbot, qqbot_mock, None) as bot:
                await bot.until(lambda: waits == [3600.0])  # waiting an hour
                assert bot.task is not None and not bot.task.done()
            # Bot's exit stopped it: run() returned within its 2 s, never connecting.
            assert bot.task.done() and bot.task.exception() is None
            assert server.connections == []

    run(scenario())


def test_rejected_credentials_end_run_without_connecting(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def scenario() -> None:
        qqbot_mock.fault(
            operation="getAppAccessToken", status=401, body={"code": 100016, "message": "bad"}
        )
        async with GatewayServer() as server, Bot(qqbot, qqbot_mock, server) as bot:
            assert bot.task is not None
            with pytest.raises(qqbot.UnauthorizedError):
                await asyncio.wait_for(bot.task, GUARD)
        assert server.connections == []
        assert len(qqbot_mock.requests("getAppAccessToken")) == 1

    run(scenario())


@pytest.fixture
def no_jitter(qqbot: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reconnect waits without their random +-20%, so they can be compared exactly."""
    monkeypatch.setattr(
        sys.modules["qqbot._gateway"], "random", SimpleNamespace(random=lambda: 0.5)
    )


@pytest.mark.usefixtures("no_jitter")
@pytest.mark.parametrize("gateway", ["refusing connections", "not a WebSocket server"])
def test_backoff_doubles_while_connecting_fails_up_to_the_maximum(
    qqbot: ModuleType, qqbot_mock: MockServer, gateway: str, skipped_waits: list[float]
) -> None:
    waits = skipped_waits

    async def scenario(url: str) -> None:
        point_gateway(qqbot_mock, url)
        async with Bot(qqbot, qqbot_mock, None, reconnect_delay=40, max_reconnect_delay=320) as bot:
            await bot.until(lambda: len(waits) >= 5)

    if gateway == "refusing connections":
        with refused_port() as port:
            run(scenario(f"ws://127.0.0.1:{port}/websocket"))
    else:
        run(scenario(qqbot_mock.url.replace("http://", "ws://") + "/websocket"))  # 404
    # From twice the first delay, doubling, capped; each failed attempt asked the API for
    # the gateway URL again.
    assert waits[:5] == [80, 160, 320, 320, 320]
    assert len(qqbot_mock.requests("getGatewayBot")) >= 5


def test_the_most_jitter_never_takes_a_wait_past_max_reconnect_delay(
    qqbot: ModuleType,
    qqbot_mock: MockServer,
    skipped_waits: list[float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(gateway_module(), "random", SimpleNamespace(random=lambda: 0.999))

    async def scenario(url: str) -> None:
        options = {"url": url, "reconnect_delay": 40, "max_reconnect_delay": 100}
        async with Bot(qqbot, qqbot_mock, None, **options) as bot:
            await bot.until(lambda: len(skipped_waits) >= 4)

    with refused_port() as port:
        run(scenario(f"ws://127.0.0.1:{port}/websocket"))
    # 80 with all but +20% jitter, then 160, 320... with it: the maximum, never more.
    assert skipped_waits[:4] == pytest.approx([80 * 1.1996, 100, 100, 100])


@pytest.mark.usefixtures("no_jitter")
def test_backoff_grows_over_failing_reconnects_and_resets_after_a_good_session(
    qqbot: ModuleType, qqbot_mock: MockServer, skipped_waits: list[float]
) -> None:
    async def closes_at_once(conn: Connection) -> None:
        await conn.close(1011)

    async def good(conn: Connection) -> None:
        await conn.identified("sess-B")
        await conn.dispatch(*events_from(2, 1))
        await conn.caught_up(2)
        await conn.close(4009)

    async def resumes(conn: Connection) -> None:
        await conn.resume_asked()
        await conn.resumed(3)

    scripts = [closes_at_once] * 3 + [good] + [closes_at_once] * 2 + [resumes]

    async def scenario() -> None:
        async with (
            GatewayServer(scripts) as server,
            Bot(qqbot, qqbot_mock, server, reconnect_delay=40, max_reconnect_delay=1000) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 3)
        assert len(server.connections) == 7
        # conn 0, 1, 2 fail: 2x, 4x, 8x; conn 3 works: 1x; conn 4, 5 fail: 2x, 4x.
        assert skipped_waits == [80, 160, 320, 40, 80, 160]
        assert bot.sequences == [1, 2, 3]

    run(scenario())


class _HelloTimeouts:
    """Stands in for the `asyncio` of the vendored `_gateway` module, recording the time
    limits it sets (`asyncio.timeout`, the wait for Hello): the first `expire` run out at
    once, as if their time had passed, and later ones never do."""

    def __init__(self, expire: int) -> None:
        self.asked: list[float | None] = []
        self.expire = expire

    def timeout(self, delay: float | None) -> asyncio.Timeout:
        self.asked.append(delay)
        return asyncio.timeout(0 if len(self.asked) <= self.expire else None)

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)


def test_gateway_that_never_says_hello_is_left_for_another_connection(
    qqbot: ModuleType, qqbot_mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = _HelloTimeouts(expire=1)  # the mute gateway's runs out; the next one's never
    monkeypatch.setattr(gateway_module(), "asyncio", limits)

    async def mute(conn: Connection) -> None:
        pass

    async def talks(conn: Connection) -> None:
        await conn.identified("sess-M")

    async def scenario() -> None:
        async with GatewayServer([mute, talks]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            await bot.until(lambda: len(bot.events) == 1)
        assert limits.asked == [10.0, 10.0]  # Hello is awaited 10 s, as the README says
        assert server.connections[0].client_closed_first
        assert server.connections[0].received == []
        assert len(server.connections) == 2

    run(scenario())


@pytest.mark.parametrize("interval_ms", [0, -5, 10**400], ids=["zero", "negative", "huge"])
def test_a_hello_whose_heartbeat_interval_is_out_of_range_goes_to_on_error_and_is_left(
    qqbot: ModuleType, qqbot_mock: MockServer, interval_ms: int
) -> None:
    hello = example("Hello")
    hello["d"]["heartbeat_interval"] = interval_ms

    async def absurd(conn: Connection) -> None:
        await conn.send(hello)
        await conn.closed()

    async def talks(conn: Connection) -> None:
        await conn.identified("sess-I")

    async def scenario() -> None:
        async with GatewayServer([absurd, talks]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            await bot.until(lambda: len(bot.events) == 1)
        [(error, event)] = bot.errors
        assert type(error) is qqbot.EventDecodeError and event is None
        assert error.reason == f"heartbeat interval out of range: {interval_ms} ms"
        assert error.raw == json.dumps(hello).encode()
        assert server.connections[0].received == []  # neither Identify nor a heartbeat
        assert len(server.connections) == 2

    run(scenario())


def test_a_connection_that_ends_before_a_session_makes_the_bot_ask_for_the_gateway_url_again(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def closes_at_once(conn: Connection) -> None:
        await conn.close(1011)

    async def talks(conn: Connection) -> None:
        await conn.identified("sess-G")

    async def scenario() -> None:
        async with (
            GatewayServer([closes_at_once, talks]) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 1)
        assert len(server.connections) == 2
        assert len(qqbot_mock.requests("getGatewayBot")) == 2  # once before each connection

    run(scenario())


def test_a_gateway_url_answer_that_is_not_a_websocket_url_is_asked_again(
    qqbot: ModuleType, qqbot_mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-U")

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            point_gateway(qqbot_mock, server.url.replace("ws://", "http://", 1))
            async with Bot(qqbot, qqbot_mock, None) as bot:
                await bot.until(lambda: len(qqbot_mock.requests("getGatewayBot")) == 2)
                point_gateway(qqbot_mock, server.url)
                await bot.until(lambda: len(bot.events) == 1)
        assert "gateway connection failed" in caplog.text

    run(scenario())


UNUSABLE_URLS = {
    "port out of range": "ws://127.0.0.1:99999/websocket",
    "broken IPv6 address": "ws://[::1/websocket",
    "NUL in the host": "ws://\x00gateway/websocket",
    "empty host label": "ws://gateway..example/websocket",
    "host label too long": "ws://" + "a" * 64 + ".example/websocket",
}


@pytest.mark.parametrize("url", UNUSABLE_URLS.values(), ids=UNUSABLE_URLS.keys())
def test_a_gateway_url_answer_no_connection_can_be_opened_to_is_asked_again(
    qqbot: ModuleType, qqbot_mock: MockServer, caplog: pytest.LogCaptureFixture, url: str
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-U")

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            point_gateway(qqbot_mock, url, count=1)
            point_gateway(qqbot_mock, server.url)
            async with Bot(qqbot, qqbot_mock, None) as bot:
                await bot.until(lambda: len(bot.events) == 1)
        assert len(qqbot_mock.requests("getGatewayBot")) == 2
        assert len(server.connections) == 1

    with caplog.at_level(logging.WARNING):
        run(scenario())
    assert f"gateway connection failed: {url} isn't a valid URI: " in caplog.text


@pytest.mark.parametrize(
    "url",
    [
        *UNUSABLE_URLS.values(),
        "ws://gateway.example/websocket#events",
        "ws://bot@gateway.example/websocket",
    ],
    ids=[*UNUSABLE_URLS.keys(), "fragment", "user without password"],
)
def test_a_given_url_no_connection_can_be_opened_to_is_a_configuration_error(
    qqbot: ModuleType, url: str
) -> None:
    client = qqbot.AsyncClient(app_id="1001", client_secret=SECRET, base_url="http://127.0.0.1:9")
    with pytest.raises(qqbot.ConfigurationError) as info:
        qqbot.GatewayClient(client, intents=INTENTS, url=url)
    assert str(info.value).startswith(f"url must be a ws:// or wss:// URL: {url!r} (")


# -- shutting down ----------------------------------------------------------------------------


def vendored_tasks(qqbot: ModuleType) -> list[asyncio.Task[Any]]:
    """Pending tasks running code of the vendored package."""
    assert qqbot.__file__ is not None
    folder = Path(qqbot.__file__).parent
    found = []
    for task in asyncio.all_tasks():
        coro: Any = task.get_coro()
        code = getattr(coro, "cr_code", None)
        if code is not None and Path(code.co_filename).is_relative_to(folder):
            found.append(task)
    return found


def test_stop_closes_the_socket_and_run_returns_leaving_no_task(
    qqbot: ModuleType, qqbot_mock: MockServer, beats: BeatClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Were stop() to sit out the next heartbeat or a close timeout, it would wait for ever
    # (the heartbeat clock stands still) or an hour.
    monkeypatch.setattr(gateway_module(), "_CLOSE_TIMEOUT", 3600.0)

    async def platform(conn: Connection) -> None:
        await conn.identified("sess-S")
        await conn.dispatch(*events_from(2, 2))

    async def scenario() -> None:
        async with GatewayServer([platform], heartbeat_ms=60) as server:
            bot = Bot(qqbot, qqbot_mock, server)
            async with bot:
                conn = await server.connection(0)
                await bot.until(lambda: len(bot.events) == 3)
                for count in (1, 2):
                    await beat(beats, bot, conn, count, 0.06)
                await beats.sleeping(3)
                assert len(vendored_tasks(qqbot)) == 3  # run(), the heartbeat, the handlers
                assert bot.task is not None
                await bot.gateway.stop()
                await asyncio.wait_for(bot.task, GUARD)
                assert vendored_tasks(qqbot) == []
                assert await server.connections[0].closed() == 1000
                assert server.connections[0].client_closed_first
        assert asyncio.all_tasks() == {asyncio.current_task()}
        assert len(server.connections) == 1

    run(scenario())


def test_stop_during_a_handshake_the_server_never_answers_returns_at_once(
    qqbot: ModuleType, qqbot_mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No opening timeout: were stop() to wait for the handshake, it would wait for ever.
    connect_kwargs(monkeypatch, open_timeout=None)

    async def scenario() -> None:
        accepted = asyncio.Event()

        async def mute(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            accepted.set()
            await reader.read()  # reads the upgrade request, never answers it

        server = await asyncio.start_server(mute, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        point_gateway(qqbot_mock, f"ws://127.0.0.1:{port}/websocket")
        async with server, Bot(qqbot, qqbot_mock, None) as bot:
            await asyncio.wait_for(accepted.wait(), GUARD)
            assert bot.task is not None
            await bot.gateway.stop()
            await asyncio.wait_for(bot.task, GUARD)
            assert vendored_tasks(qqbot) == []

    run(scenario())


def test_a_gateway_gone_dead_at_tcp_level_is_left_within_the_close_timeout(
    qqbot: ModuleType, qqbot_mock: MockServer, beats: BeatClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The close timeout given to websockets is the package's (2 s, as the README says), not
    # websockets' 10 s; a short one here, so the dead gateway is left soon.
    assert gateway_module()._CLOSE_TIMEOUT == 2.0
    monkeypatch.setattr(gateway_module(), "_CLOSE_TIMEOUT", 0.05)
    connects = connect_kwargs(monkeypatch)

    async def dead(conn: Connection) -> None:
        await conn.identified("sess-X")
        await conn.acknowledged(1)
        conn.socket.transport.pause_reading()  # reads nothing more: no ACK, no close answer

    async def second(conn: Connection) -> None:
        await conn.resume_asked()
        await conn.resumed(2)

    async def scenario() -> None:
        async with (
            GatewayServer([dead, second], heartbeat_ms=125) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            first = await server.connection(0)
            await bot.until(lambda: bot.sequences == [1])
            await beat(beats, bot, first, 1, 0.125)  # answered; then the server reads no more
            await beats.sleeping(2)
            beats.advance(0.125)  # a beat the dead server never reads
            await beats.sleeping(3)
            beats.advance(0.125)  # unanswered: closed, the close never answered
            await bot.until(lambda: len(bot.events) == 2)
            first.socket.transport.resume_reading()  # lets the server close
        assert [c["close_timeout"] for c in connects] == [0.05, 0.05]
        assert bot.sequences == [1, 2]

    run(scenario())


def test_stop_with_a_timeout_cancels_a_handler_that_does_not_return(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    cancelled: list[bool] = []

    async def stuck(event: Any) -> None:
        try:
            await asyncio.Event().wait()  # for ever
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    async def platform(conn: Connection) -> None:
        await conn.identified("sess-T")
        await conn.dispatch(*events_from(2, 2))

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            bot = Bot(qqbot, qqbot_mock, server, handlers=[(qqbot.FriendAddEvent, stuck)])
            async with bot:
                await bot.until(lambda: len(bot.events) == 2)  # READY, then the stuck one
                assert bot.task is not None
                await bot.gateway.stop(timeout=0.1)
                await asyncio.wait_for(bot.task, GUARD)  # the handler never returns of itself
                assert cancelled == [True]
                assert vendored_tasks(qqbot) == []

    run(scenario())


def test_stop_while_waiting_to_reconnect_returns_at_once(
    qqbot: ModuleType, qqbot_mock: MockServer, waits: list[float]
) -> None:
    async def scenario(port: int) -> None:
        point_gateway(qqbot_mock, f"ws://127.0.0.1:{port}/websocket")
        bot = Bot(qqbot, qqbot_mock, None, reconnect_delay=3600.0, max_reconnect_delay=7200.0)
        async with bot:
            await bot.until(lambda: len(waits) == 1)  # refused, now waiting hours
            assert waits[0] >= 3600
            assert bot.task is not None and not bot.task.done()
            await bot.gateway.stop()
            await asyncio.wait_for(bot.task, GUARD)
            assert vendored_tasks(qqbot) == []
        assert len(qqbot_mock.requests("getGatewayBot")) == 1

    with refused_port() as port:
        run(scenario(port))


def test_stop_while_a_token_purchase_hangs_returns_at_once(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def rejects(conn: Connection) -> None:
        await conn.identified("sess-H")
        await conn.close(4004)  # the next Identify needs a new token

    async def hello(conn: Connection) -> None:
        await conn.hello()

    async def scenario() -> None:
        qqbot_mock.faults(
            [
                {
                    "operation": "getAppAccessToken",
                    "status": 200,
                    "body": {"access_token": "tok-1", "expires_in": "7200"},
                },
                {"operation": "getAppAccessToken", "hold": True},  # answers after run() ends
            ]
        )
        # No HTTP timeout: were stop() to wait for the purchase, it would wait for ever.
        async with (
            GatewayServer([rejects, hello]) as server,
            Bot(qqbot, qqbot_mock, server, client_options={"timeout": None}) as bot,
        ):
            await server.connection(1)
            await asyncio.to_thread(qqbot_mock.wait_held)  # the second purchase hangs
            assert len(qqbot_mock.requests("getAppAccessToken")) == 2
            assert bot.task is not None
            await bot.gateway.stop()
            await asyncio.wait_for(bot.task, GUARD)
            assert vendored_tasks(qqbot) == []
            assert await server.connections[1].closed() == 1000
            assert [f for _, f in server.connections[1].received] == []  # no Identify

    run(scenario())


class _WaitWatch:
    """Stands in for the `asyncio` of the vendored `_gateway` module, noting when it waits
    (`asyncio.wait`) for the task `watched` holds: `awaited` is set then."""

    def __init__(self) -> None:
        self.watched: asyncio.Task[Any] | None = None
        self.awaited = asyncio.Event()

    def wait(self, tasks: Any, **options: Any) -> Any:
        if self.watched is not None and self.watched in tasks:
            self.awaited.set()
        return asyncio.wait(tasks, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)


def test_stop_from_a_handler_ends_run_after_the_handler(
    qqbot: ModuleType, qqbot_mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    finished: list[str] = []
    watch = _WaitWatch()
    monkeypatch.setattr(gateway_module(), "asyncio", watch)

    async def platform(conn: Connection) -> None:
        await conn.identified("sess-Q")
        await conn.dispatch(*events_from(2, 3))

    async def quit(event: Any) -> None:
        watch.watched = asyncio.current_task()  # the task handing the events over
        await bot.gateway.stop()
        # Not done yet: run() must wait for this handler (and does so before it returns).
        await watch.awaited.wait()
        assert bot.task is not None and not bot.task.done()
        finished.append(event.t)

    bot = Bot(qqbot, qqbot_mock, None, handlers=[(qqbot.FriendDelEvent, quit)])

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            bot.server = server
            async with bot:
                assert bot.task is not None
                await asyncio.wait_for(bot.task, GUARD)
                assert vendored_tasks(qqbot) == []
        assert bot.errors == []
        assert finished == ["FRIEND_DEL"]
        assert server.connections[0].client_close_code == 1000
        assert len(server.connections) == 1

    run(scenario())


def test_after_stop_no_handler_starts_on_the_events_still_queued(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-Z")
        await conn.dispatch(*events_from(2, 5))

    async def quit(event: Any) -> None:
        if event.s == 2:
            await bot.until(lambda: bot.gateway.sequence == 6)  # s 3-6 wait in the queue
            await bot.gateway.stop()

    bot = Bot(qqbot, qqbot_mock, None, handlers=[(qqbot.Event, quit)])

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            bot.server = server
            async with bot:
                assert bot.task is not None
                await asyncio.wait_for(bot.task, GUARD)
        assert bot.sequences == [1, 2]
        assert bot.errors == []

    run(scenario())


@pytest.mark.parametrize("ending", ["stop", "fatal close"])
def test_cancelling_run_while_it_waits_for_a_handler_cancels_the_handler_and_frees_the_client(
    qqbot: ModuleType, qqbot_mock: MockServer, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    watch = _WaitWatch()
    monkeypatch.setattr(gateway_module(), "asyncio", watch)
    started = asyncio.Event()
    cancelled: list[int] = []

    async def stuck(event: Any) -> None:
        watch.watched = asyncio.current_task()  # the task handing the events over
        started.set()
        try:
            await asyncio.Event().wait()  # for ever
        except asyncio.CancelledError:
            cancelled.append(event.s)
            raise

    async def platform(conn: Connection) -> None:
        await conn.identified("sess-W")
        await conn.dispatch(*events_from(2, 2))
        await conn.caught_up(3)
        if ending == "fatal close":
            await conn.close(4914)
        else:
            await conn.closed()

    async def again(conn: Connection) -> None:
        await conn.identified("sess-W2")

    bot = Bot(qqbot, qqbot_mock, None, handlers=[(qqbot.FriendAddEvent, stuck)])

    async def scenario() -> None:
        async with GatewayServer([platform, again]) as server:
            bot.server = server
            async with bot:
                assert bot.task is not None
                await asyncio.wait_for(started.wait(), GUARD)
                if ending == "stop":
                    await bot.gateway.stop()
                await watch.awaited.wait()  # run() is over but for the stuck handler
                assert not bot.task.done()
                bot.task.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await asyncio.wait_for(bot.task, GUARD)
                assert cancelled == [2]
                assert vendored_tasks(qqbot) == []
                bot.task = asyncio.create_task(bot.gateway.run())  # the client is free
                bot.task.add_done_callback(bot.notify)
                await bot.until(lambda: bot.sequences[-1:] == [1] and len(bot.events) == 3)
        assert bot.sequences == [1, 2, 1]  # the queued s 3 was dropped with the session

    run(scenario())


def test_cancelling_run_closes_the_socket_and_leaves_no_task(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-C")
        await conn.dispatch(*events_from(2, 2))

    async def scenario() -> None:
        async with (
            GatewayServer([platform]) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 3)
            assert bot.task is not None
            bot.task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await asyncio.wait_for(bot.task, GUARD)
            assert vendored_tasks(qqbot) == []
            assert await server.connections[0].closed() == 1000
        assert asyncio.all_tasks() == {asyncio.current_task()}

    run(scenario())


def test_a_second_run_at_the_same_time_is_refused(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-2x")

    async def scenario() -> None:
        async with GatewayServer([platform]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            await bot.until(lambda: len(bot.events) == 1)
            with pytest.raises(qqbot.QqbotError, match="already running"):
                await bot.gateway.run()
            # The first run goes on: it still takes the events of its connection.
            await server.connections[0].dispatch(*events_from(2, 1))
            await bot.until(lambda: bot.sequences == [1, 2])
            assert bot.task is not None and not bot.task.done()
        assert len(server.connections) == 1

    run(scenario())


@pytest.mark.parametrize(
    "intents",
    [
        pytest.param(lambda qq: qq.Intents.GROUP_AND_C2C_EVENT | 1 << 30, id="flags-and-a-new-bit"),
        pytest.param(lambda qq: INTENTS | 1 << 30, id="plain-int"),
    ],
)
def test_intents_flags_or_a_plain_int_with_a_bit_the_spec_lacks_are_identified_as_given(
    qqbot: ModuleType, qqbot_mock: MockServer, intents: Callable[[ModuleType], int]
) -> None:
    identify: dict[str, Any] = {}

    async def platform(conn: Connection) -> None:
        identify.update(await conn.identified("sess-I"))

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            bot = Bot(qqbot, qqbot_mock, server, intents=intents(qqbot))
            async with bot:
                await bot.until(lambda: len(bot.events) == 1)
        assert identify["d"]["intents"] == INTENTS | 1 << 30
        assert type(bot.gateway.intents) is qqbot.Intents
        assert qqbot.Intents.GROUP_AND_C2C_EVENT in bot.gateway.intents

    run(scenario())


def test_gateway_client_intents_are_typed_and_documented_as_intents_flags(
    qqbot: ModuleType,
) -> None:
    signature = inspect.signature(qqbot.GatewayClient)
    assert signature.parameters["intents"].annotation == "Intents | int"
    doc = inspect.getdoc(qqbot.GatewayClient)
    assert doc is not None
    assert "intents: The groups of events to subscribe to: `Intents` flags" in doc


@pytest.mark.parametrize("intents", [-1, "GROUP_AND_C2C_EVENT", True, 1.0, None])
def test_intents_that_are_not_flags_or_a_non_negative_int_are_a_configuration_error(
    qqbot: ModuleType, intents: Any
) -> None:
    client = qqbot.AsyncClient(app_id="1001", client_secret=SECRET, base_url="http://127.0.0.1:9")
    with pytest.raises(qqbot.ConfigurationError, match="intents must be"):
        qqbot.GatewayClient(client, intents=intents)


@pytest.mark.parametrize(
    "options",
    [
        {"shard": (1, 1)},
        {"shard": (0, 0)},
        {"shard": (-1, 2)},
        {"shard": (0,)},
        {"shard": [0, 1]},
        {"reconnect_delay": 0},
        {"max_reconnect_delay": -1.0},
        {"reconnect_delay": "1"},
        {"max_reconnect_delay": None},
    ],
    ids=repr,
)
def test_a_shard_out_of_range_or_a_wait_that_cannot_grow_is_a_configuration_error(
    qqbot: ModuleType, options: dict[str, Any]
) -> None:
    client = qqbot.AsyncClient(app_id="1001", client_secret=SECRET, base_url="http://127.0.0.1:9")
    name = next(iter(options))
    with pytest.raises(qqbot.ConfigurationError, match=name):
        qqbot.GatewayClient(client, intents=INTENTS, **options)


@pytest.mark.parametrize(
    "options",
    [
        {"url": "http://127.0.0.1:1/"},
        {"url": "wss://"},
        {"url": "ws://[::1"},
        {"url": b"ws://127.0.0.1:1/"},
        {"properties": {"started": object()}},
        {"properties": {"ratio": float("nan")}},
        {"properties": ["os", "linux"]},
    ],
    ids=repr,
)
def test_a_url_that_is_not_websocket_or_properties_that_are_not_json_are_a_configuration_error(
    qqbot: ModuleType, options: dict[str, Any]
) -> None:
    client = qqbot.AsyncClient(app_id="1001", client_secret=SECRET, base_url="http://127.0.0.1:9")
    name = next(iter(options))
    with pytest.raises(qqbot.ConfigurationError, match=f"^{name} must be"):
        qqbot.GatewayClient(client, intents=INTENTS, **options)


@pytest.mark.parametrize("url", ["asked for", "given"])
def test_run_on_a_closed_client_raises_client_closed_error_at_once(
    qqbot: ModuleType, qqbot_mock: MockServer, url: str
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.hello()
        await conn.closed()

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            point_gateway(qqbot_mock, server.url)
            client = qqbot.AsyncClient(
                app_id="1001", client_secret=SECRET, base_url=qqbot_mock.url,
                token_url=qqbot_mock.url + "/app/getAppAccessToken",
            )  # fmt: skip
            await client.close()
            gateway = qqbot.GatewayClient(
                client, intents=INTENTS, url=server.url if url == "given" else None
            )
            with pytest.raises(qqbot.ClientClosedError, match="this AsyncClient is closed"):
                await gateway.run()
        assert qqbot_mock.requests() == []

    run(scenario())


def test_run_on_a_closed_client_whose_url_refuses_connections_raises_at_once(
    qqbot: ModuleType, qqbot_mock: MockServer, skipped_waits: list[float]
) -> None:
    async def scenario(url: str) -> None:
        client = qqbot.AsyncClient(
            app_id="1001", client_secret=SECRET, base_url=qqbot_mock.url,
            token_url=qqbot_mock.url + "/app/getAppAccessToken",
        )  # fmt: skip
        await client.close()
        gateway = qqbot.GatewayClient(client, intents=INTENTS, url=url)
        with pytest.raises(qqbot.ClientClosedError, match="this AsyncClient is closed"):
            await asyncio.wait_for(gateway.run(), GUARD)

    with refused_port() as port:
        run(scenario(f"ws://127.0.0.1:{port}/websocket"))
    assert skipped_waits == []  # not one attempt made, nor waited after


def test_a_sync_client_for_the_gateway_is_a_configuration_error_naming_the_parameter(
    qqbot: ModuleType,
) -> None:
    client = qqbot.Client(app_id="1001", client_secret=SECRET, base_url="http://127.0.0.1:9")
    with pytest.raises(qqbot.ConfigurationError) as info:
        qqbot.GatewayClient(client, intents=INTENTS, url="ws://127.0.0.1:9/websocket")
    assert str(info.value) == "client must be an AsyncClient, got Client"
    client.close()


def test_a_stop_racing_the_start_of_run_ends_that_run_before_it_connects(
    qqbot: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        client = qqbot.AsyncClient(
            app_id="1001", client_secret=SECRET, base_url="http://127.0.0.1:9"
        )
        gateway = qqbot.GatewayClient(client, intents=INTENTS, url="ws://127.0.0.1:9/websocket")
        task = asyncio.create_task(gateway.run())  # called, not started: the task waits its turn
        await gateway.stop()
        with caplog.at_level(logging.INFO):
            await asyncio.wait_for(task, GUARD)
        await client.close()
        assert "stop() came before run() started: not connecting" in caplog.text
        assert "gateway connection failed" not in caplog.text  # never tried

    run(scenario())


def test_a_stop_after_run_ended_does_not_stop_the_next_run(
    qqbot: ModuleType, qqbot_mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-R")

    async def scenario() -> None:
        caplog.set_level(logging.INFO, logger="qqbot.gateway")  # where a kept stop() would log
        async with (
            GatewayServer([platform, platform]) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 1)
            await bot.gateway.stop()
            assert bot.task is not None
            await asyncio.wait_for(bot.task, GUARD)
            await bot.gateway.stop()  # e.g. a `finally:` of the code that ran it
            bot.task = asyncio.create_task(bot.gateway.run())
            bot.task.add_done_callback(bot.notify)
            await bot.until(lambda: len(bot.events) == 2)  # READY of a new session
        assert "not connecting" not in caplog.text
        assert len(server.connections) == 2

    run(scenario())


def test_a_stop_before_run_was_called_does_not_stop_it(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-F")

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            point_gateway(qqbot_mock, server.url)
            events: list[Any] = []
            arrived = asyncio.Event()

            def record(event: Any) -> None:
                events.append(event)
                arrived.set()

            dispatcher = qqbot.Dispatcher()
            dispatcher.on(qqbot.Event)(record)
            async with qqbot.AsyncClient(
                app_id="1001", client_secret=SECRET, base_url=qqbot_mock.url,
                token_url=qqbot_mock.url + "/app/getAppAccessToken",
            ) as client:  # fmt: skip
                gateway = qqbot.GatewayClient(client, intents=INTENTS, dispatcher=dispatcher)
                await gateway.stop()
                task = asyncio.create_task(gateway.run())
                arrival = asyncio.create_task(arrived.wait())
                await asyncio.wait(
                    [task, arrival], timeout=GUARD, return_when=asyncio.FIRST_COMPLETED
                )
                arrival.cancel()
                await asyncio.wait([arrival])
                assert not task.done()  # the stop() before it did not end it: READY came
                await gateway.stop()
                await asyncio.wait_for(task, GUARD)
        assert [type(event) for event in events] == [qqbot.ReadyEvent]

    run(scenario())


# -- robustness ----------------------------------------------------------------------------------


@pytest.mark.parametrize("on_error", ["sync", "async"])
def test_malformed_frames_go_to_on_error_and_the_session_goes_on(
    qqbot: ModuleType, qqbot_mock: MockServer, on_error: str
) -> None:
    wrong_types = frame("FriendAdd", 3, openid=5, timestamp="yesterday")
    too_deep = '{"op": 0, "t": "FRIEND_ADD", "d": ' + "[" * 10_000 + "]" * 10_000 + "}"
    broken = ["not json {", json.dumps({"op": 99, "d": None}), json.dumps(wrong_types), too_deep]

    async def platform(conn: Connection) -> None:
        await conn.identified("sess-E")
        await conn.dispatch(*events_from(2, 1))
        for raw in broken:
            await conn.send(raw)
        # The broken FRIEND_ADD (s 3) went to on_error: it counts as received.
        await conn.caught_up(3)
        await conn.dispatch(*events_from(4, 1))
        await conn.caught_up(4)

    async def scenario() -> None:
        async with (
            GatewayServer([platform]) as server,
            Bot(qqbot, qqbot_mock, server, async_on_error=on_error == "async") as bot,
        ):
            await bot.until(lambda: len(bot.events) == 3 and len(bot.errors) == 4)
            conn = server.connections[0]
            await bot.until(lambda: [d for _, d in conn.heartbeats][-1:] == [4])
        assert [type(e) for e, _ in bot.errors] == [qqbot.EventDecodeError] * 4
        # the frame as it came off the socket: the gateway keeps text frames as bytes
        assert [e.raw for e, _ in bot.errors] == [frame.encode() for frame in broken]
        assert [event for _, event in bot.errors] == [None] * 4
        assert bot.sequences == [1, 2, 4]
        assert len(server.connections) == 1

    run(scenario())


def test_a_handler_raising_cancelled_error_unasked_loses_only_its_event(
    qqbot: ModuleType, qqbot_mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-K")
        await conn.dispatch(*events_from(2, 3))

    async def awaits_a_cancelled_task(event: Any) -> None:
        task = asyncio.create_task(asyncio.sleep(30))
        task.cancel()
        await task  # raises CancelledError here, though nobody cancelled the session

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            handlers = [(qqbot.FriendAddEvent, awaits_a_cancelled_task)]
            async with Bot(qqbot, qqbot_mock, server, handlers=handlers) as bot:
                await bot.until(lambda: len(bot.events) == 4)
        assert bot.sequences == [1, 2, 3, 4]
        assert "a handler of FriendAddEvent raised CancelledError" in caplog.text
        assert len(server.connections) == 1

    run(scenario())


def test_slow_handler_does_not_stall_heartbeats(
    qqbot: ModuleType, qqbot_mock: MockServer, beats: BeatClock
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-W")
        await conn.dispatch(*events_from(2, 3))

    async def scenario() -> None:
        released = asyncio.Event()

        async def slow(event: Any) -> None:
            await released.wait()  # over the five heartbeat intervals below

        async with GatewayServer([platform], heartbeat_ms=125) as server:
            bot = Bot(qqbot, qqbot_mock, server, handlers=[(qqbot.ReadyEvent, slow)])
            async with bot:
                conn = await server.connection(0)
                await bot.until(lambda: bot.gateway.sequence == 4)
                for count in range(1, 6):
                    await beat(beats, bot, conn, count, 0.125)
                assert bot.sequences == [1]  # READY's handler still runs
                released.set()
                await bot.until(lambda: len(bot.events) == 4)
                assert conn.closed_at is None
                assert [d for _, d in conn.heartbeats] == [4] * 5
        assert len(server.connections) == 1
        assert bot.sequences == [1, 2, 3, 4]

    run(scenario())


def test_a_handler_that_raises_goes_to_on_error_and_the_next_events_still_arrive(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-X")
        await conn.dispatch(*events_from(2, 3))

    async def broken(event: Any) -> None:
        raise RuntimeError("handler bug")

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            bot = Bot(qqbot, qqbot_mock, server, handlers=[(qqbot.ReadyEvent, broken)])
            async with bot:
                await bot.until(lambda: len(bot.events) == 4)
        assert [(str(e), type(ev).__name__) for e, ev in bot.errors] == [
            ("handler bug", "ReadyEvent")
        ]
        assert bot.sequences == [1, 2, 3, 4]
        assert len(server.connections) == 1

    run(scenario())
