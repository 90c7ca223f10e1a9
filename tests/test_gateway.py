"""The generated gateway session (generated/qqbot/_gateway.py, vendored outside the
repository) against a real WebSocket server on 127.0.0.1 playing the platform
(tests/gateway_server.py), with `botspec mock` answering the token and gateway-URL calls.

Every scenario runs under a few seconds' `asyncio.wait_for`; heartbeat intervals are
tens of milliseconds.
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import json
import logging
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from types import ModuleType, SimpleNamespace, TracebackType
from typing import Any

import pytest
from gateway_server import (
    HEARTBEAT,
    IDENTIFY,
    INVALID_SESSION,
    RECONNECT,
    RESUME,
    Connection,
    GatewayServer,
    event_messages,
    example,
)
from mockserver import MockServer, issue_qq_tokens

INTENTS = 1 << 25  # GROUP_AND_C2C_EVENT: bit 25 of the spec's x-intents
SECRET = "gateway-tests-secret"


def run(scenario: Coroutine[Any, Any, None], timeout: float = 5.0) -> None:
    """Run a scenario in a new event loop, failing it after `timeout` seconds (in the
    scenario's own task: no other task of the test's is left in the loop)."""

    async def bounded() -> None:
        async with asyncio.timeout(timeout):
            await scenario

    asyncio.run(bounded())


issue_tokens = issue_qq_tokens  # test_generate_hostile_session imports it from here


def point_gateway(mock: MockServer, url: str) -> None:
    """GET /gateway/bot at the mock answers `url` (for the next 100 calls)."""
    mock.fault(
        operation="getGatewayBot",
        status=200,
        count=100,
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


class Bot:
    """A bot built on the vendored package alone: an AsyncClient, a Dispatcher whose
    catch-all handler records every event, and a GatewayClient running in a task."""

    def __init__(
        self,
        qqbot: ModuleType,
        mock: MockServer,
        server: GatewayServer | None,
        *,
        async_on_error: bool = False,
        handlers: Sequence[tuple[type[Any], Callable[[Any], Any]]] = (),
        **options: Any,
    ) -> None:
        self.qqbot = qqbot
        self.mock = mock
        self.server = server
        self.events: list[Any] = []
        self.errors: list[tuple[Any, Any]] = []
        self.async_on_error = async_on_error
        self.handlers = handlers
        self.options = {"reconnect_delay": 0.01, "max_reconnect_delay": 0.05, **options}
        self.client: Any = None
        self.gateway: Any = None
        self.task: asyncio.Task[None] | None = None

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
        )

        def on_error(error: Exception, event: Any) -> None:
            self.errors.append((error, event))

        async def on_error_async(error: Exception, event: Any) -> None:
            await asyncio.sleep(0)
            self.errors.append((error, event))

        dispatcher = self.qqbot.Dispatcher(
            on_error=on_error_async if self.async_on_error else on_error
        )
        dispatcher.on(self.qqbot.Event)(self.events.append)
        for event_class, handler in self.handlers:
            dispatcher.on(event_class)(handler)
        options = {"intents": self.qqbot.Intents.GROUP_AND_C2C_EVENT, **self.options}
        self.gateway = self.qqbot.GatewayClient(self.client, dispatcher=dispatcher, **options)
        self.task = asyncio.create_task(self.gateway.run())
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
                await asyncio.wait_for(self.task, 2.0)
        finally:
            await self.client.close()

    async def until(self, condition: Callable[[], bool], timeout: float = 2.0) -> None:
        """Wait until `condition()` holds; fails early when a server script failed or
        `run()` ended."""
        assert self.task is not None
        async with asyncio.timeout(timeout):
            while not condition():
                if self.server is not None and self.server.errors:
                    raise self.server.errors[0]
                if self.task.done():
                    self.task.result()
                    raise AssertionError("run() returned before the condition held")
                await asyncio.sleep(0.005)


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


def test_heartbeats_go_out_at_the_interval_carrying_the_last_sequence(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    done: list[bool] = []

    async def platform(conn: Connection) -> None:
        await conn.identified("sess-H")
        await conn.dispatch(*events_from(2, 2))
        await conn.acknowledged(3)
        await conn.dispatch(*events_from(4, 1))
        await conn.acknowledged(4)
        start = len(conn.heartbeats)
        await conn.wait_for(lambda: len(conn.heartbeats) >= start + 4)
        done.append(True)

    async def scenario() -> None:
        async with (
            GatewayServer([platform], heartbeat_ms=50) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: done == [True])
        conn = server.connections[0]
        beats = conn.heartbeats
        assert len(beats) >= 6
        # Each beat carries the latest `s` received: never ahead of what was sent, never
        # going back, and the last ones carry the last event.
        values = [d for _, d in beats]
        assert all(d is None or 1 <= d <= 4 for d in values)
        known = [d for d in values if d is not None]
        assert known == sorted(known)
        assert values[-4:] == [4, 4, 4, 4]
        gaps = [b[0] - a[0] for a, b in itertools.pairwise(beats)]
        assert min(gaps) > 0.03, gaps
        assert 0.04 < sum(gaps) / len(gaps) < 0.075, gaps
        assert 0.03 < beats[0][0] - conn.opened_at < 0.15
        assert bot.sequences == [1, 2, 3, 4]

    run(scenario())


@pytest.mark.parametrize(
    ("request_frame", "reported"),
    [({"op": HEARTBEAT, "d": None}, 0), ({"op": HEARTBEAT}, 1)],
    ids=["as-the-spec-spells-it", "without-d-reported-too"],
)
def test_bot_answers_a_heartbeat_the_gateway_asks_for_at_once(
    qqbot: ModuleType, qqbot_mock: MockServer, request_frame: dict[str, Any], reported: int
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.hello(interval_ms=5000)  # no beat of its own during the test
        await conn.expect(IDENTIFY)
        await conn.ready("sess-P", s=7)
        await asyncio.sleep(0.05)
        asked = time.monotonic()
        await conn.send(request_frame)  # the spec requires d: without it, not decodable
        await conn.wait_for(lambda: len(conn.heartbeats) == 1, timeout=0.5)
        at, d = conn.heartbeats[0]
        assert d == 7, conn.heartbeats
        assert at - asked < 0.2, at - asked

    async def scenario() -> None:
        async with GatewayServer([platform]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            conn = await server.connection(0)
            await bot.until(lambda: bool(conn.heartbeats) and len(bot.errors) == reported)
            await asyncio.sleep(0.05)  # the script checks what came
        assert len(bot.errors) == reported
        for error, event in bot.errors:
            assert isinstance(error, qqbot.EventDecodeError) and event is None

    run(scenario())


def test_a_beat_the_gateway_asks_for_moves_the_next_one_so_a_slow_ack_is_not_death(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.hello(interval_ms=200)
        opened = time.monotonic()
        await conn.expect(IDENTIFY)
        await conn.ready("sess-B", s=1)
        conn.acknowledge = False
        # Ask for a beat 40 ms before the bot's own is due, and answer it 80 ms later:
        # the ACK comes after that due time, but within an interval of the asked beat.
        await asyncio.sleep(max(0.0, opened + 0.16 - time.monotonic()))
        await conn.send({"op": HEARTBEAT, "d": None})
        await conn.wait_for(lambda: len(conn.heartbeats) == 1)
        await asyncio.sleep(0.08)
        await conn.send({"op": 11})
        conn.acknowledge = True
        await conn.wait_for(lambda: len(conn.heartbeats) == 2, timeout=1.0)
        (asked, _), (own, _) = conn.heartbeats
        assert 0.17 < own - asked < 0.3, own - asked  # an interval after the asked beat

    async def scenario() -> None:
        async with GatewayServer([platform]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            conn = await server.connection(0)
            await bot.until(lambda: len(conn.heartbeats) >= 2)
            await asyncio.sleep(0.05)
            assert conn.client_close_code is None  # not left as dead
            assert len(server.connections) == 1

    run(scenario())


# -- reconnecting ---------------------------------------------------------------------------


def test_a_silent_gateway_is_left_with_4000_and_the_session_resumed(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    went_silent: list[float] = []
    resume: dict[str, Any] = {}

    async def silent(conn: Connection) -> None:
        await conn.identified("sess-Z")
        await conn.dispatch(*events_from(2, 2))
        await conn.acknowledged(3)
        conn.acknowledge = False  # the next heartbeat gets no ACK
        went_silent.append(time.monotonic())

    async def resumed(conn: Connection) -> None:
        resume.update(await conn.resume_asked())
        await conn.resumed(4)
        await conn.dispatch(*events_from(5, 1))

    async def scenario() -> None:
        issue_qq_tokens(qqbot_mock, "tok-Z")
        async with (
            GatewayServer([silent, resumed], heartbeat_ms=60) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 5)
            # run(), the handlers and the heartbeat of the new connection only
            assert len(vendored_tasks(qqbot)) == 3
            first = server.connections[0]
            assert await first.closed() == 4000
            assert first.client_closed_first
            assert first.closed_at is not None
            # Dead after the first unanswered beat went unanswered for one interval.
            assert 0.05 < first.closed_at - went_silent[0] < 0.3
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
        await conn.acknowledged(4)
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
        await conn.acknowledged(3)
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
        await conn.acknowledged(2)
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
        await conn.acknowledged(2)
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


@pytest.mark.parametrize("code", [4914, 4915, 4013])
def test_fatal_close_ends_run_with_gateway_closed_and_no_reconnect(
    qqbot: ModuleType, qqbot_mock: MockServer, code: int
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-F")
        await conn.dispatch(*events_from(2, 1))
        await conn.acknowledged(2)
        await conn.close(code)

    async def scenario() -> None:
        async with GatewayServer([platform]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            assert bot.task is not None
            with pytest.raises(qqbot.GatewayClosed) as raised:
                await asyncio.wait_for(bot.task, 2)
            await asyncio.sleep(0.1)  # many reconnect delays: none is attempted
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
                await asyncio.wait_for(bot.task, 2)
        assert raised.value.code == 4915
        assert len(server.connections) == 1

    run(scenario())


def test_events_received_before_a_fatal_close_are_all_handled_before_run_raises(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def slow(event: Any) -> None:
        await asyncio.sleep(0.005)  # the queue is still full when the close arrives

    async def platform(conn: Connection) -> None:
        await conn.identified("sess-F")
        await conn.dispatch(*events_from(2, 20))
        await conn.close(4915)

    async def scenario() -> None:
        async with (
            GatewayServer([platform]) as server,
            Bot(qqbot, qqbot_mock, server, handlers=[(qqbot.Event, slow)]) as bot,
        ):
            assert bot.task is not None
            with pytest.raises(qqbot.GatewayClosed):
                await asyncio.wait_for(bot.task, 2)
        assert bot.sequences == list(range(1, 22))

    run(scenario())


def test_stop_while_run_hands_the_last_events_over_after_a_fatal_close_ends_it_at_once(
    qqbot: ModuleType, qqbot_mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    cancelled: list[int] = []

    async def stuck(event: Any) -> None:
        try:
            await asyncio.sleep(30)
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
                    await asyncio.wait_for(bot.task, 1)
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
        await conn.acknowledged(4)
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
        await conn.acknowledged(seq + 3)
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
        await conn.acknowledged(3)
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


def closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


def test_a_rate_limited_gateway_url_is_retried_after_the_wait_the_platform_asks_for(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
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
                await bot.until(lambda: len(bot.events) == 1, timeout=4.0)
        asked = [r["received_at"] for r in qqbot_mock.requests("getGatewayBot")]
        assert len(asked) == 4
        assert asked[3] - asked[2] >= 0.29  # not the 10 ms reconnect delay
        assert len(server.connections) == 1

    run(scenario(), timeout=8.0)


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
    qqbot: ModuleType, qqbot_mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-L")

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            no_session_may_start(qqbot_mock, server.url, 400)
            started = time.monotonic()
            async with Bot(qqbot, qqbot_mock, server) as bot:
                await bot.until(lambda: len(bot.events) == 1)
            conn = server.connections[0]
            assert conn.opened_at - started >= 0.4  # not before reset_after
            assert bot.gateway.session_id is None  # forgotten by the stop
        assert len(server.connections) == 1
        assert len(qqbot_mock.requests("getGatewayBot")) == 1  # the URL it had was kept

    with caplog.at_level(logging.WARNING):
        run(scenario())
    assert "no gateway session may start for 0.4 s: waiting" in caplog.text


def test_stop_ends_the_wait_for_session_starts_without_connecting(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def scenario() -> None:
        async with GatewayServer() as server:
            no_session_may_start(qqbot_mock, server.url, 3_600_000)
            async with Bot(qqbot, qqbot_mock, None) as bot:
                await asyncio.sleep(0.2)
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
                await asyncio.wait_for(bot.task, 2)
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
    qqbot: ModuleType, qqbot_mock: MockServer, gateway: str
) -> None:
    # Each failed attempt asks the API for the gateway URL again, so the mock's record of
    # GET /gateway/bot times the attempts.
    if gateway == "refusing connections":
        url = f"ws://127.0.0.1:{closed_port()}/websocket"
    else:
        url = qqbot_mock.url.replace("http://", "ws://") + "/websocket"  # answers 404

    async def scenario() -> None:
        point_gateway(qqbot_mock, url)
        async with Bot(qqbot, qqbot_mock, None, reconnect_delay=0.04, max_reconnect_delay=0.32):
            while len(qqbot_mock.requests("getGatewayBot")) < 6:
                await asyncio.sleep(0.02)

    run(scenario())
    times = [r["received_at"] for r in qqbot_mock.requests("getGatewayBot")]
    gaps = [b - a for a, b in itertools.pairwise(times)][:5]
    expected = [0.08, 0.16, 0.32, 0.32, 0.32]  # from twice the first delay, doubling, capped
    for gap, wait in zip(gaps, expected, strict=True):
        assert wait - 0.005 < gap < wait + 0.1, (gaps, expected)
    assert gaps[0] < gaps[1] < gaps[2]


@pytest.mark.usefixtures("no_jitter")
def test_backoff_grows_over_failing_reconnects_and_resets_after_a_good_session(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def closes_at_once(conn: Connection) -> None:
        await conn.close(1011)

    async def good(conn: Connection) -> None:
        await conn.identified("sess-B")
        await conn.dispatch(*events_from(2, 1))
        await conn.acknowledged(2)
        await conn.close(4009)

    async def resumes(conn: Connection) -> None:
        await conn.resume_asked()
        await conn.resumed(3)

    scripts = [closes_at_once] * 3 + [good] + [closes_at_once] * 2 + [resumes]

    async def scenario() -> None:
        async with (
            GatewayServer(scripts) as server,
            Bot(qqbot, qqbot_mock, server, reconnect_delay=0.04, max_reconnect_delay=1.0) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 3, timeout=3)
        conns = server.connections
        waits = []
        for before, after in itertools.pairwise(conns):
            assert before.closed_at is not None
            waits.append(after.opened_at - before.closed_at)
        # conn 0, 1, 2 fail: 2x, 4x, 8x; conn 3 works: 1x; conn 4, 5 fail: 2x, 4x.
        expected = [0.08, 0.16, 0.32, 0.04, 0.08, 0.16]
        for wait, want in zip(waits, expected, strict=True):
            assert want * 0.95 < wait < want + 0.1, (waits, expected)
        assert waits[0] < waits[1] < waits[2]
        assert waits[3] < waits[2] / 2
        assert bot.sequences == [1, 2, 3]

    run(scenario())


def test_gateway_that_never_says_hello_is_left_for_another_connection(
    qqbot: ModuleType, qqbot_mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.modules["qqbot._gateway"], "_HELLO_TIMEOUT", 0.1)

    async def mute(conn: Connection) -> None:
        pass

    async def talks(conn: Connection) -> None:
        await conn.identified("sess-M")

    async def scenario() -> None:
        async with GatewayServer([mute, talks]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            await bot.until(lambda: len(bot.events) == 1)
        assert server.connections[0].client_closed_first
        assert server.connections[0].received == []

    run(scenario())


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
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-S")
        await conn.dispatch(*events_from(2, 2))

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            bot = Bot(qqbot, qqbot_mock, server)
            async with bot:
                await bot.until(lambda: len(bot.events) == 3)
                await bot.until(lambda: len(server.connections[0].heartbeats) >= 2)
                assert len(vendored_tasks(qqbot)) >= 2  # run(), the heartbeat, the handlers
                assert bot.task is not None
                started = time.monotonic()
                await bot.gateway.stop()
                await asyncio.wait_for(bot.task, 1)
                assert time.monotonic() - started < 0.5
                assert vendored_tasks(qqbot) == []
                assert await server.connections[0].closed() == 1000
                assert server.connections[0].client_closed_first
        assert asyncio.all_tasks() == {asyncio.current_task()}
        assert len(server.connections) == 1

    run(scenario())


def test_stop_during_a_handshake_the_server_never_answers_returns_at_once(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def scenario() -> None:
        accepted = asyncio.Event()

        async def mute(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            accepted.set()
            await reader.read()  # reads the upgrade request, never answers it

        server = await asyncio.start_server(mute, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        point_gateway(qqbot_mock, f"ws://127.0.0.1:{port}/websocket")
        async with server, Bot(qqbot, qqbot_mock, None) as bot:
            await asyncio.wait_for(accepted.wait(), 2)
            assert bot.task is not None
            started = time.monotonic()
            await bot.gateway.stop()
            await asyncio.wait_for(bot.task, 1)
            assert time.monotonic() - started < 0.5
            assert vendored_tasks(qqbot) == []

    run(scenario())


def test_a_gateway_gone_dead_at_tcp_level_is_left_within_the_close_timeout(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    went_dead: list[float] = []

    async def dead(conn: Connection) -> None:
        await conn.identified("sess-X")
        await conn.acknowledged(1)
        conn.socket.transport.pause_reading()  # reads nothing more: no ACK, no close answer
        went_dead.append(time.monotonic())

    async def second(conn: Connection) -> None:
        await conn.resume_asked()
        await conn.resumed(2)

    async def scenario() -> None:
        async with (
            GatewayServer([dead, second], heartbeat_ms=50) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 2, timeout=5.0)
            reconnected = server.connections[1].opened_at - went_dead[0]
            server.connections[0].socket.transport.resume_reading()  # lets the server close
        # Two beats (one unanswered), then at most the 2 s close timeout, not websockets' 10 s.
        assert reconnected < 3.0, reconnected
        assert bot.sequences == [1, 2]

    run(scenario(), timeout=10.0)


def test_stop_with_a_timeout_cancels_a_handler_that_does_not_return(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    cancelled: list[bool] = []

    async def stuck(event: Any) -> None:
        try:
            await asyncio.sleep(30)
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
                started = time.monotonic()
                await bot.gateway.stop(timeout=0.1)
                await asyncio.wait_for(bot.task, 1)
                assert time.monotonic() - started < 0.5
                assert cancelled == [True]
                assert vendored_tasks(qqbot) == []

    run(scenario())


def test_stop_while_waiting_to_reconnect_returns_at_once(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    async def scenario() -> None:
        point_gateway(qqbot_mock, f"ws://127.0.0.1:{closed_port()}/websocket")
        bot = Bot(qqbot, qqbot_mock, None, reconnect_delay=30.0, max_reconnect_delay=60.0)
        async with bot:
            await asyncio.sleep(0.1)  # refused, now waiting 60 s
            assert bot.task is not None and not bot.task.done()
            started = time.monotonic()
            await bot.gateway.stop()
            await asyncio.wait_for(bot.task, 1)
            assert time.monotonic() - started < 0.2
            assert vendored_tasks(qqbot) == []
        assert len(qqbot_mock.requests("getGatewayBot")) == 1

    run(scenario())


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
                {"operation": "getAppAccessToken", "delay": 3.0},  # answers after run() is to end
            ]
        )
        async with GatewayServer([rejects, hello]) as server, Bot(qqbot, qqbot_mock, server) as bot:
            await server.connection(1)
            await bot.until(lambda: len(qqbot_mock.requests("getAppAccessToken")) == 2)
            assert bot.task is not None
            await bot.gateway.stop()
            await asyncio.wait_for(bot.task, 1)
            assert vendored_tasks(qqbot) == []
            assert await server.connections[1].closed() == 1000
            assert [f for _, f in server.connections[1].received] == []  # no Identify

    run(scenario())


def test_stop_from_a_handler_ends_run_after_the_handler(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    finished: list[str] = []

    async def platform(conn: Connection) -> None:
        await conn.identified("sess-Q")
        await conn.dispatch(*events_from(2, 3))

    async def quit(event: Any) -> None:
        await bot.gateway.stop()
        await asyncio.sleep(0.02)
        finished.append(event.t)

    bot = Bot(qqbot, qqbot_mock, None, handlers=[(qqbot.FriendDelEvent, quit)])

    async def scenario() -> None:
        async with GatewayServer([platform]) as server:
            bot.server = server
            async with bot:
                assert bot.task is not None
                await asyncio.wait_for(bot.task, 2)
                assert vendored_tasks(qqbot) == []
        assert finished == ["FRIEND_DEL"]
        assert server.connections[0].client_close_code == 1000
        assert len(server.connections) == 1

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
                await asyncio.wait_for(bot.task, 1)
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
            await asyncio.sleep(0.05)
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
            await asyncio.wait_for(task, 0.5)
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
        async with (
            GatewayServer([platform, platform]) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(lambda: len(bot.events) == 1)
            await bot.gateway.stop()
            assert bot.task is not None
            await asyncio.wait_for(bot.task, 1)
            await bot.gateway.stop()  # e.g. a `finally:` of the code that ran it
            bot.task = asyncio.create_task(bot.gateway.run())
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
            dispatcher = qqbot.Dispatcher()
            dispatcher.on(qqbot.Event)(events.append)
            async with qqbot.AsyncClient(
                app_id="1001", client_secret=SECRET, base_url=qqbot_mock.url,
                token_url=qqbot_mock.url + "/app/getAppAccessToken",
            ) as client:  # fmt: skip
                gateway = qqbot.GatewayClient(client, intents=INTENTS, dispatcher=dispatcher)
                await gateway.stop()
                task = asyncio.create_task(gateway.run())
                while not events and not task.done():
                    await asyncio.sleep(0.005)
                await gateway.stop()
                await asyncio.wait_for(task, 1)
        assert [type(event) for event in events] == [qqbot.ReadyEvent]

    run(scenario())


# -- robustness ----------------------------------------------------------------------------------


@pytest.mark.parametrize("on_error", ["sync", "async"])
def test_malformed_frames_go_to_on_error_and_the_session_goes_on(
    qqbot: ModuleType, qqbot_mock: MockServer, on_error: str
) -> None:
    wrong_types = frame("FriendAdd", 3, openid=5, timestamp="yesterday")
    broken = ["not json {", json.dumps({"op": 99, "d": None}), json.dumps(wrong_types)]

    async def platform(conn: Connection) -> None:
        await conn.identified("sess-E")
        await conn.dispatch(*events_from(2, 1))
        for raw in broken:
            await conn.send(raw)
        # The broken FRIEND_ADD (s 3) went to on_error: it counts as received.
        await conn.acknowledged(3)
        await conn.dispatch(*events_from(4, 1))
        await conn.acknowledged(4)

    async def scenario() -> None:
        async with (
            GatewayServer([platform]) as server,
            Bot(qqbot, qqbot_mock, server, async_on_error=on_error == "async") as bot,
        ):
            await bot.until(lambda: len(bot.events) == 3 and len(bot.errors) == 3)
            conn = server.connections[0]
            await bot.until(lambda: [d for _, d in conn.heartbeats][-1:] == [4])
        assert [type(e) for e, _ in bot.errors] == [qqbot.EventDecodeError] * 3
        # the frame as it came off the socket: the gateway keeps text frames as bytes
        assert [e.raw for e, _ in bot.errors] == [frame.encode() for frame in broken]
        assert [event for _, event in bot.errors] == [None] * 3
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


def test_slow_handler_does_not_stall_heartbeats(qqbot: ModuleType, qqbot_mock: MockServer) -> None:
    async def platform(conn: Connection) -> None:
        await conn.identified("sess-W")
        await conn.dispatch(*events_from(2, 3))

    async def slow(event: Any) -> None:
        await asyncio.sleep(0.3)  # over seven heartbeat intervals

    async def scenario() -> None:
        async with GatewayServer([platform], heartbeat_ms=40) as server:
            bot = Bot(qqbot, qqbot_mock, server, handlers=[(qqbot.ReadyEvent, slow)])
            async with bot:
                await bot.until(lambda: len(bot.events) == 4)
                conn = server.connections[0]
                assert conn.closed_at is None
                assert len(conn.heartbeats) >= 5
                assert conn.heartbeats[-1][1] == 4
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
