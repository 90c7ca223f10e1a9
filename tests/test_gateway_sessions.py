"""The generated gateway session (vendored qqbot) against a gateway on 127.0.0.1 that plays a
platform keeping its own record of each session, through connections that hypothesis draws:
how many new events each connection carries (some of types the spec does not describe), how
far back a resume is replayed from, whether the bot had read everything before the connection
ends, and how it ends (each class of close code, a dropped TCP connection, op 7, op 9,
heartbeats left unanswered), also right after Hello.

The property: the bot chooses resume or identify as the platform expects after each ending,
and every event of a session reaches its handlers once, in order, as the platform sent it,
with none skipped up to what the bot had read when a session ended; the last session is
delivered whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import hypothesis
import pytest
from gateway_server import (
    IDENTIFY,
    INVALID_SESSION,
    RESUME,
    BeatClock,
    Connection,
    GatewayServer,
    event_messages,
    example,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mockserver import MockServer
from test_gateway import Bot, frame, gateway_module, run

HEARTBEAT_S = 3600.0  # the heartbeat interval GatewayServer announces by default

# How a connection ends, and whether the bot may resume the session after it.
ENDINGS: dict[str, bool] = {
    "close 4008": True,  # rate limited
    "close 4009": True,  # connection expired
    "close 1000": True,  # an ordinary close says nothing against the session
    "close 1011": True,
    "drop": True,  # the TCP connection is gone, no close frame
    "op 7": True,  # Reconnect
    "silent": True,  # heartbeats go unanswered: the bot leaves the dead connection (4000)
    "op 9": False,  # Invalid Session: a new session always starts
    "op 9 resumable": False,  # even when it says the session may resume
    "close 4006": False,  # invalid session id
    "close 4007": False,  # invalid seq
    "close 4004": False,  # bad token: bought again, then a new session
    "close 4900": False,  # internal errors 4900-4913
    "close 4913": False,
    "close 4003": False,  # an unlisted 4xxx close: the session is not trusted
}


@dataclass(frozen=True)
class Step:
    """One connection of the scenario."""

    fresh: int  # new events the platform sends on it
    unknown: bool  # every other new event is of a type the spec does not describe
    back: int  # how many events the bot already had that a resume replays
    read: bool  # the platform makes sure the bot has read them all before the ending
    ending: str
    early: bool = False  # the connection ends right after Hello, before the bot's first frame


@dataclass
class Session:
    session_id: str
    sent: list[dict[str, Any]] = field(default_factory=list)  # every dispatch frame, in order
    read_up_to: int = 0  # the highest s the bot is known to have read

    @property
    def last(self) -> int:
        return int(self.sent[-1]["s"]) if self.sent else 0

    @property
    def record(self) -> list[tuple[str, int]]:
        return [(sent["t"], sent["s"]) for sent in self.sent]


class Platform:
    """The gateway's side of the scenario: one script per step, then a last connection."""

    def __init__(self, steps: list[Step], clock: BeatClock) -> None:
        self.steps = steps
        self.clock = clock
        self.sessions: list[Session] = []
        self.expect_resume = False
        self.finished = False  # the last connection has sent its events and the bot read them

    def scripts(self) -> list[Any]:
        return [self._script(step) for step in self.steps] + [
            self._script(Step(fresh=3, unknown=False, back=0, read=True, ending=""))
        ]

    def _script(self, step: Step) -> Any:
        async def script(conn: Connection) -> None:
            await conn.hello()
            if step.early:  # the bot keeps its session only if the ending allows it
                self.expect_resume = self.expect_resume and ENDINGS[step.ending]
                await self._end(conn, step.ending)
                return
            if self.expect_resume:
                await self._resume(conn, step.back)
            else:
                await conn.expect(IDENTIFY)
                await self._start(conn)
            await self._send_new(conn, step.fresh, step.unknown)
            if step.read:
                session = self.sessions[-1]
                await conn.caught_up(session.last)
                session.read_up_to = session.last
            if step.ending:
                self.expect_resume = ENDINGS[step.ending]
                await self._end(conn, step.ending)
            else:
                self.finished = True

        return script

    async def _start(self, conn: Connection) -> None:
        session = Session(f"session-{len(self.sessions) + 1}")
        self.sessions.append(session)
        ready = example("Ready")
        ready["d"]["session_id"] = session.session_id
        ready["s"] = 1
        session.sent.append(ready)
        await conn.dispatch(ready)

    async def _resume(self, conn: Connection, back: int) -> None:
        session = self.sessions[-1]
        asked = (await conn.expect(RESUME))["d"]
        assert asked["session_id"] == session.session_id
        assert session.read_up_to <= asked["seq"] <= session.last
        # replays carry the events only, not READY or an earlier RESUMED
        await conn.dispatch(
            *(
                sent
                for sent in session.sent
                if sent["s"] > asked["seq"] - back and sent["t"] not in ("READY", "RESUMED")
            )
        )
        resumed = example("Resumed")
        resumed["s"] = session.last + 1
        session.sent.append(resumed)
        await conn.dispatch(resumed)

    async def _end(self, conn: Connection, ending: str) -> None:
        if ending == "drop":
            conn.socket.transport.abort()
        elif ending == "op 7":
            await conn.send(example("Reconnect"))
        elif ending.startswith("op 9"):
            await conn.send({"op": INVALID_SESSION, "d": ending.endswith("resumable")})
        elif ending == "silent":
            await self._fall_silent(conn)
        else:
            await conn.close(int(ending.removeprefix("close ")))

    async def _fall_silent(self, conn: Connection) -> None:
        """Answer no heartbeat, moving the bot's clock a heartbeat interval each time its
        heartbeat task sleeps, until the bot closes the connection."""
        conn.acknowledge = False
        while conn.closed_at is None:
            asked = len(self.clock.asked)
            self.clock.advance(HEARTBEAT_S)
            # the next sleep asked is this connection's, or, once the bot has left it, the
            # next connection's heartbeat
            await self.clock.sleeping(asked + 1)

    async def _send_new(self, conn: Connection, count: int, unknown: bool) -> None:
        session = self.sessions[-1]
        names = event_messages()
        for i in range(count):
            s = session.last + 1
            if unknown and i % 2 == 0:
                event = {"op": 0, "s": s, "t": "NOT_IN_THE_SPEC", "id": f"x:{s}", "d": {"n": s}}
            else:
                event = frame(names[s % len(names)], s)
            session.sent.append(event)
            await conn.dispatch(event)


def delivered_by_session(qqbot: ModuleType, events: list[Any]) -> list[list[tuple[str, int]]]:
    """The bot's events as (type, s), split where a READY starts a session."""
    sessions: list[list[tuple[str, int]]] = []
    for event in events:
        if isinstance(event, qqbot.ReadyEvent):
            sessions.append([])
        sessions[-1].append((event.t, event.s))
    return sessions


steps = st.builds(
    Step,
    fresh=st.integers(0, 4),
    unknown=st.booleans(),
    back=st.integers(0, 3),
    read=st.booleans(),
    ending=st.sampled_from(sorted(ENDINGS)),
    early=st.booleans(),
)


# Every ending once, read or not, besides what hypothesis draws (it need not draw them all).
EVERY_ENDING = [
    Step(fresh=2, unknown=i % 2 == 0, back=i % 4, read=i % 3 != 0, ending=ending, early=i % 5 == 4)
    for i, ending in enumerate(sorted(ENDINGS))
]


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(plan=st.lists(steps, min_size=1, max_size=6))
@hypothesis.example(plan=EVERY_ENDING)
def test_every_event_of_a_session_is_handled_once_in_order_across_any_reconnects(
    qqbot: ModuleType, qqbot_mock: MockServer, plan: list[Step]
) -> None:
    clock = BeatClock()  # one per example: each runs in a new event loop
    platform = Platform(plan, clock)

    async def scenario() -> None:
        async with (
            GatewayServer(platform.scripts()) as server,
            Bot(qqbot, qqbot_mock, server) as bot,
        ):
            await bot.until(
                lambda: platform.finished and bot.sequences[-1:] == [platform.sessions[-1].last]
            )
        assert bot.errors == []
        delivered = delivered_by_session(qqbot, bot.events)
        assert len(delivered) == len(platform.sessions)
        for session, got in zip(platform.sessions, delivered, strict=True):
            # a prefix of what was sent, at least what the bot had read when it ended
            assert got == session.record[: len(got)]
            assert len(got) >= session.read_up_to
        assert delivered[-1] == platform.sessions[-1].record

    with pytest.MonkeyPatch.context() as monkeypatch:
        clock.install(gateway_module(), monkeypatch)
        run(scenario())
