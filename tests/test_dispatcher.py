"""The generated `Dispatcher`: how events reach handlers, and what happens to frames and
handlers that go wrong.

Everything runs on generated/qqbot copied outside the repository (the `qqbot` fixture), as a
bot developer vendors it. The typing of handlers is checked by running `mypy --strict` on a
small bot.
"""

from __future__ import annotations

import asyncio
import gc
import json
import re
import shutil
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from gen_support import GENERATED, run_isolated, run_mypy_strict

FRIEND_ADD = {
    "op": 0,
    "s": 4,
    "t": "FRIEND_ADD",
    "id": "FRIEND_ADD:701d1cfb-46cd-4979-9a01-1031819c2e4b",
    "d": {"openid": "E4F4AEA33253A2797FB897C50B81D7ED", "timestamp": 1699240365},
}
FRIEND_DEL = {
    "op": 0,
    "s": 3,
    "t": "FRIEND_DEL",
    "id": "FRIEND_DEL:bcb31d69-a2b6-4a3e-89dc-077951f22e53",
    "d": {"openid": "E4F4AEA33253A2797FB897C50B81D7ED", "timestamp": 1699240328},
}
GROUP_MSG_RECEIVE = {
    "op": 0,
    "s": 8,
    "t": "GROUP_MSG_RECEIVE",
    "id": "GROUP_MSG_RECEIVE:db4a10f1-0599-4345-bbbb-a2ed194b9c9c",
    "d": {
        "group_openid": "C9F778FE6ADF9D1D1DBE395BF744A33A",
        "op_member_openid": "E4F4AEA33253A2797FB897C50B81D7ED",
        "timestamp": 1699240477,
    },
}


def raw(frame: dict[str, Any]) -> bytes:
    return json.dumps(frame).encode()


async def let_the_loop_run_others() -> None:
    """Suspend, and let the event loop run every task and callback ready meanwhile (each
    `sleep(0)` is one turn of the loop): had the dispatcher started the other handlers
    concurrently, they would run now. A yield, not a timing."""
    for _ in range(10):
        await asyncio.sleep(0)


@contextmanager
def never_awaited() -> Iterator[list[str]]:
    """The "coroutine ... was never awaited" warnings given inside the block."""
    found: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield found
        gc.collect()
    found += [str(w.message) for w in caught if "never awaited" in str(w.message)]


class Recorder:
    """An `on_error` callback that keeps what it is given."""

    def __init__(self) -> None:
        self.errors: list[tuple[Exception, Any]] = []

    def __call__(self, error: Exception, event: Any) -> None:
        self.errors.append((error, event))


# -- typed handlers ------------------------------------------------------------------------


def test_a_sync_handler_gets_only_the_events_of_its_class_typed(qqbot: ModuleType) -> None:
    dispatcher = qqbot.Dispatcher()
    added: list[Any] = []
    dispatcher.on(qqbot.FriendAddEvent)(added.append)

    dispatcher.feed(raw(FRIEND_DEL))
    returned = dispatcher.feed(raw(FRIEND_ADD))

    assert len(added) == 1
    event = added[0]
    assert type(event) is qqbot.FriendAddEvent
    assert event is returned
    assert isinstance(event.d, qqbot.FriendAddData)
    assert (event.s, event.id, event.d.openid, event.d.timestamp) == (
        4,
        FRIEND_ADD["id"],
        "E4F4AEA33253A2797FB897C50B81D7ED",
        1699240365,
    )


def test_an_async_handler_is_awaited_with_its_typed_event(qqbot: ModuleType) -> None:
    dispatcher = qqbot.Dispatcher()
    seen: list[tuple[str, Any]] = []

    @dispatcher.on(qqbot.GroupMsgReceiveEvent)
    async def received(event: Any) -> None:
        await asyncio.sleep(0)
        seen.append(("done", event))

    event = asyncio.run(dispatcher.feed_async(raw(GROUP_MSG_RECEIVE)))

    assert seen == [("done", event)]
    assert type(event) is qqbot.GroupMsgReceiveEvent
    assert event.d.group_openid == "C9F778FE6ADF9D1D1DBE395BF744A33A"


def test_dispatch_takes_an_already_parsed_event(qqbot: ModuleType) -> None:
    dispatcher = qqbot.Dispatcher()
    seen: list[Any] = []
    dispatcher.on(qqbot.FriendDelEvent)(seen.append)
    event = qqbot.parse_event(FRIEND_DEL)  # a decoded mapping works too

    dispatcher.dispatch(event)
    asyncio.run(dispatcher.dispatch_async(event))

    assert seen == [event, event]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_one_handler_serves_several_event_classes(qqbot: ModuleType, mode: str) -> None:
    dispatcher = qqbot.Dispatcher()
    seen: list[str] = []
    classes = (qqbot.FriendAddEvent, qqbot.FriendDelEvent, qqbot.GroupMsgReceiveEvent)

    if mode == "sync":

        @dispatcher.on(*classes)
        def handler(event: Any) -> None:
            seen.append(type(event).__name__)

    else:

        @dispatcher.on(*classes)
        async def handler(event: Any) -> None:
            seen.append(type(event).__name__)

    frames = [FRIEND_ADD, {**FRIEND_ADD, "t": "C2C_MSG_RECEIVE"}, FRIEND_DEL, GROUP_MSG_RECEIVE]
    for frame in frames:
        if mode == "sync":
            dispatcher.feed(raw(frame))
        else:
            asyncio.run(dispatcher.feed_async(raw(frame)))

    assert seen == ["FriendAddEvent", "FriendDelEvent", "GroupMsgReceiveEvent"]
    assert handler.__name__ == "handler"  # the decorator hands the function back


def test_handlers_of_one_event_run_one_after_another_in_registration_order(
    qqbot: ModuleType,
) -> None:
    dispatcher = qqbot.Dispatcher()
    calls: list[str] = []

    @dispatcher.on(qqbot.FriendAddEvent)
    async def slow_first(event: Any) -> None:
        calls.append("first starts")
        await let_the_loop_run_others()
        calls.append("first ends")

    dispatcher.on(qqbot.Event)(lambda event: calls.append("catch-all"))
    dispatcher.on(qqbot.FriendDelEvent)(lambda event: calls.append("other class"))

    @dispatcher.on(qqbot.FriendDelEvent, qqbot.FriendAddEvent)
    async def third(event: Any) -> None:
        calls.append("third")

    dispatcher.on(qqbot.FriendAddEvent)(lambda event: calls.append("fourth"))

    asyncio.run(dispatcher.feed_async(raw(FRIEND_ADD)))

    assert calls == ["first starts", "first ends", "catch-all", "third", "fourth"]


def test_sync_handlers_run_in_registration_order_with_sync_dispatch(qqbot: ModuleType) -> None:
    dispatcher = qqbot.Dispatcher()
    calls: list[int] = []
    for number in range(5):
        dispatcher.on(qqbot.Event if number % 2 else qqbot.FriendAddEvent)(
            lambda event, number=number: calls.append(number)
        )
    dispatcher.feed(raw(FRIEND_ADD))
    assert calls == [0, 1, 2, 3, 4]


def test_a_handler_registered_twice_runs_twice_but_one_for_overlapping_classes_once(
    qqbot: ModuleType,
) -> None:
    dispatcher = qqbot.Dispatcher()
    calls: list[str] = []

    def handler(event: Any) -> None:
        calls.append(type(event).__name__)

    dispatcher.on(qqbot.FriendAddEvent, qqbot.Event)(handler)  # one registration
    dispatcher.feed(raw(FRIEND_ADD))
    assert calls == ["FriendAddEvent"]

    dispatcher.on(qqbot.FriendAddEvent)(handler)  # a second one
    dispatcher.feed(raw(FRIEND_ADD))
    assert calls == ["FriendAddEvent"] * 3


def test_the_catch_all_gets_every_event_and_control_frame(qqbot: ModuleType) -> None:
    dispatcher = qqbot.Dispatcher()
    seen: list[str] = []
    dispatcher.on(qqbot.Event)(lambda event: seen.append(type(event).__name__))
    for frame in (
        raw(FRIEND_ADD),
        raw(GROUP_MSG_RECEIVE),
        b'{"op": 10, "d": {"heartbeat_interval": 45000}}',
        b'{"op": 11}',
        b'{"op": 7}',
    ):
        dispatcher.feed(frame)
    assert seen == [
        "FriendAddEvent",
        "GroupMsgReceiveEvent",
        "HelloFrame",
        "HeartbeatAckFrame",
        "ReconnectFrame",
    ]


def test_an_event_without_handlers_is_dropped_quietly(qqbot: ModuleType) -> None:
    errors = Recorder()
    dispatcher = qqbot.Dispatcher(on_error=errors)
    dispatcher.on(qqbot.FriendDelEvent)(lambda event: pytest.fail("wrong handler"))
    assert type(dispatcher.feed(raw(FRIEND_ADD))) is qqbot.FriendAddEvent
    assert type(asyncio.run(dispatcher.feed_async(raw(FRIEND_ADD)))) is qqbot.FriendAddEvent
    assert errors.errors == []


# -- unknown event types -------------------------------------------------------------------


@pytest.mark.parametrize(
    "frame",
    [
        {"op": 0, "s": 12, "t": "GUILD_CREATE", "id": "GUILD_CREATE:1", "d": {"id": "42"}},
        {"op": 0, "t": "INTERACTION_CREATE", "d": {"data": {"resolved": {"button_id": "1"}}}},
        {"op": 0, "s": 13, "t": "SOMETHING_NEW", "d": [1, "two", None]},
        {"op": 0, "t": "NO_DATA"},
        {"op": 0, "t": "friend_add", "d": "lower case is another type"},
    ],
    ids=["guild", "nested", "list-data", "no-data", "case"],
)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_type_outside_the_table_is_an_unknown_event_for_the_catch_all(
    qqbot: ModuleType, frame: dict[str, Any], mode: str
) -> None:
    errors = Recorder()
    dispatcher = qqbot.Dispatcher(on_error=errors)
    caught: list[Any] = []
    dispatcher.on(qqbot.Event)(caught.append)
    for cls in qqbot.EVENTS.values():
        dispatcher.on(cls)(lambda event: pytest.fail(f"typed handler got {event!r}"))

    if mode == "sync":
        event = dispatcher.feed(raw(frame))
    else:
        event = asyncio.run(dispatcher.feed_async(raw(frame)))

    assert errors.errors == []
    assert caught == [event]
    assert type(event) is qqbot.UnknownEvent
    assert event.t == frame["t"]
    assert event.d == frame.get("d")
    assert event.s == frame.get("s")


def test_an_unknown_event_never_raises_whatever_its_data(qqbot: ModuleType) -> None:
    for data in (None, 0, 1.5, "x", [], {}, {"deep": [{"er": {"still": True}}]}):
        event = qqbot.parse_event({"op": 0, "t": "WHATEVER", "d": data})
        assert type(event) is qqbot.UnknownEvent
        assert event.d == data


# -- malformed frames ----------------------------------------------------------------------

# Past any parser's nesting limit (json.loads' is the recursion limit: 1,000).
DEEP = b'{"op": 0, "t": "FRIEND_ADD", "d": ' + b"[" * 10_000 + b"]" * 10_000 + b"}"

# A str frame as a lax JSON parser decodes `"\ud800"`: text UTF-8 cannot carry.
LONE_SURROGATE = '{"op": 0, "t": "FRIEND_ADD", "d": {"openid": "\ud800", "timestamp": 1}}'
MALFORMED: list[Any] = [
    pytest.param(b"{oops", id="not-json"),
    pytest.param(b"", id="empty"),
    pytest.param("\u00ff not json either", id="text-not-json"),
    pytest.param(LONE_SURROGATE, id="text-with-a-lone-surrogate"),
    pytest.param(b"[1, 2]", id="json-array"),
    pytest.param(b'"a string"', id="json-string"),
    pytest.param(b"null", id="json-null"),
    pytest.param(DEEP, id="nested-too-deep"),
    pytest.param(b'{"s": 4, "t": "FRIEND_ADD", "d": {}}', id="missing-op"),
    pytest.param(
        raw({k: v for k, v in FRIEND_ADD.items() if k != "op"}), id="missing-op-data-valid"
    ),
    pytest.param(b'{"t": "GUILD_CREATE", "d": {}}', id="missing-op-unknown-type"),
    pytest.param(b'{"op": 99, "d": {}}', id="unknown-op"),
    pytest.param(b'{"op": -1}', id="negative-op"),
    pytest.param(b'{"op": "0", "t": "FRIEND_ADD"}', id="op-as-string"),
    pytest.param(b'{"op": 0.5}', id="op-as-float"),
    pytest.param(b'{"op": null}', id="op-null"),
    pytest.param(b'{"op": true}', id="op-bool"),
    pytest.param(b'{"op": 0, "d": {}}', id="dispatch-without-type"),
    pytest.param(b'{"op": 0, "t": 5, "d": {}}', id="type-not-a-string"),
    pytest.param(
        raw({**FRIEND_ADD, "d": {**FRIEND_ADD["d"], "timestamp": "yesterday"}}),  # type: ignore[dict-item]
        id="data-field-wrong-type",
    ),
    pytest.param(raw({**FRIEND_ADD, "d": "not an object"}), id="data-wrong-type"),
    pytest.param(raw({k: v for k, v in FRIEND_ADD.items() if k != "d"}), id="data-missing"),
    pytest.param(raw({**FRIEND_ADD, "d": {"timestamp": 1}}), id="required-field-missing"),
    pytest.param(raw({**FRIEND_ADD, "s": "four"}), id="sequence-wrong-type"),
    # Replays are told by the sequence number: no lax conversion of it.
    pytest.param(raw({**FRIEND_ADD, "s": "4"}), id="sequence-numeric-string"),
    pytest.param(raw({**FRIEND_ADD, "s": True}), id="sequence-bool"),
    pytest.param(raw({**FRIEND_ADD, "s": 4.0}), id="sequence-float"),
    pytest.param(raw({**FRIEND_ADD, "id": 17}), id="id-wrong-type"),
    pytest.param(b'{"op": 10, "d": {"heartbeat_interval": "soon"}}', id="control-field-wrong-type"),
    pytest.param(b'{"op": 10}', id="control-data-missing"),
]


@pytest.mark.parametrize("frame", MALFORMED)
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_malformed_frame_goes_to_on_error_with_the_raw_frame_and_the_loop_goes_on(
    qqbot: ModuleType, frame: bytes | str, mode: str
) -> None:
    errors = Recorder()
    dispatcher = qqbot.Dispatcher(on_error=errors)
    seen: list[Any] = []
    dispatcher.on(qqbot.Event)(seen.append)

    async def feed_all() -> list[Any]:
        return [await dispatcher.feed_async(f) for f in (frame, raw(FRIEND_ADD), frame)]

    if mode == "sync":
        results = [dispatcher.feed(f) for f in (frame, raw(FRIEND_ADD), frame)]
    else:
        results = asyncio.run(feed_all())

    assert results[0] is None and results[2] is None
    assert type(results[1]) is qqbot.FriendAddEvent
    assert seen == [results[1]]  # nothing else reached a handler, the next frame did
    assert len(errors.errors) == 2
    for error, event in errors.errors:
        assert type(error) is qqbot.EventDecodeError
        assert isinstance(error, qqbot.QqbotError)
        assert error.raw is frame
        assert error.reason and error.reason in str(error)
        assert event is None


def test_a_malformed_decoded_mapping_is_held_as_given(qqbot: ModuleType) -> None:
    errors = Recorder()
    dispatcher = qqbot.Dispatcher(on_error=errors)
    frame = {"op": 0, "t": "FRIEND_DEL", "d": {"openid": 7}}
    assert dispatcher.feed(frame) is None
    [(error, _)] = errors.errors
    assert error.raw is frame
    assert "openid" in error.reason


def test_decode_errors_say_what_is_wrong(qqbot: ModuleType) -> None:
    def reason(frame: bytes) -> str:
        with pytest.raises(qqbot.EventDecodeError) as caught:
            qqbot.parse_event(frame)
        return str(caught.value.reason)

    assert reason(b"{oops").startswith("not JSON")
    assert reason(b"[]").startswith("not a JSON object")
    assert "opcode" in reason(b'{"t": "FRIEND_ADD"}')
    assert reason(b'{"op": 99}') == "unknown opcode 99"
    wrong = reason(raw({**FRIEND_ADD, "d": {"openid": "x", "timestamp": "yesterday"}}))
    assert "FriendAddEvent" in wrong and "d.timestamp" in wrong


def test_a_str_frame_holding_a_lone_surrogate_is_a_decode_error_saying_where(
    qqbot: ModuleType,
) -> None:
    with pytest.raises(qqbot.EventDecodeError) as caught:
        qqbot.parse_event(LONE_SURROGATE)
    assert caught.value.raw is LONE_SURROGATE
    position = LONE_SURROGATE.index("\ud800")
    assert caught.value.reason == (
        f"not JSON: '\\ud800' at {position} is a lone surrogate, not UTF-8 text"
    )


def test_a_decode_error_names_every_field_that_is_wrong(qqbot: ModuleType) -> None:
    frame = {**FRIEND_ADD, "d": {"openid": 5, "timestamp": "yesterday"}}
    with pytest.raises(qqbot.EventDecodeError) as caught:
        qqbot.parse_event(raw(frame))
    assert "d.openid" in caught.value.reason and "d.timestamp" in caught.value.reason


def test_a_broken_frame_of_a_type_outside_events_is_reported_as_an_unknown_event(
    qqbot: ModuleType,
) -> None:
    # Neither a FriendAddEvent nor the base Event: the class the frame was read as.
    with pytest.raises(qqbot.EventDecodeError) as caught:
        qqbot.parse_event(b'{"op": 0, "t": "NOT_IN_EVENTS", "s": "seven", "d": {}}')
    assert caught.value.reason.startswith("UnknownEvent: s: ")


# -- handlers that fail --------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["sync", "dispatch", "async"])  # feed runs dispatch's code inline
def test_a_handler_that_raises_goes_to_on_error_and_the_other_handlers_still_run(
    qqbot: ModuleType, mode: str
) -> None:
    errors = Recorder()
    dispatcher = qqbot.Dispatcher(on_error=errors)
    calls: list[str] = []
    boom = RuntimeError("boom")
    ouch = KeyError("ouch")

    dispatcher.on(qqbot.FriendAddEvent)(lambda event: calls.append("before"))

    @dispatcher.on(qqbot.FriendAddEvent)
    def broken(event: Any) -> None:
        raise boom

    dispatcher.on(qqbot.FriendAddEvent)(lambda event: calls.append("between"))

    if mode == "async":

        @dispatcher.on(qqbot.Event)
        async def broken_too(event: Any) -> None:
            await asyncio.sleep(0)
            raise ouch

    else:

        @dispatcher.on(qqbot.Event)
        def broken_too(event: Any) -> None:
            raise ouch

    dispatcher.on(qqbot.Event)(lambda event: calls.append("after"))

    if mode == "sync":
        event = dispatcher.feed(raw(FRIEND_ADD))
        following = dispatcher.feed(raw(FRIEND_DEL))
    elif mode == "dispatch":
        event, following = qqbot.parse_event(raw(FRIEND_ADD)), qqbot.parse_event(raw(FRIEND_DEL))
        dispatcher.dispatch(event)
        dispatcher.dispatch(following)
    else:
        event = asyncio.run(dispatcher.feed_async(raw(FRIEND_ADD)))
        following = asyncio.run(dispatcher.feed_async(raw(FRIEND_DEL)))

    assert calls == ["before", "between", "after", "after"]
    assert errors.errors == [(boom, event), (ouch, event), (ouch, following)]


def test_an_async_on_error_is_awaited_by_the_async_methods(qqbot: ModuleType) -> None:
    handled: list[tuple[str, Any]] = []

    async def on_error(error: Exception, event: Any) -> None:
        await asyncio.sleep(0)
        handled.append((type(error).__name__, event))

    dispatcher = qqbot.Dispatcher(on_error=on_error)

    @dispatcher.on(qqbot.FriendAddEvent)
    async def broken(event: Any) -> None:
        raise ValueError("bad")

    async def run() -> Any:
        event = await dispatcher.feed_async(raw(FRIEND_ADD))
        await dispatcher.feed_async(b"{oops")
        await dispatcher.report_async(LookupError("mine"), None)
        return event

    event = asyncio.run(run())
    assert handled == [("ValueError", event), ("EventDecodeError", None), ("LookupError", None)]


def test_an_async_on_error_in_a_sync_method_is_logged_not_left_unawaited(
    qqbot: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    async def on_error(error: Exception, event: Any) -> None:
        pytest.fail("never runs")  # pragma: no cover

    dispatcher = qqbot.Dispatcher(on_error=on_error)
    with never_awaited() as unawaited:
        assert dispatcher.feed(b"{oops") is None
    assert unawaited == []
    [record] = caplog.records
    assert "async" in record.getMessage()
    assert record.exc_info is not None and type(record.exc_info[1]) is qqbot.EventDecodeError


def test_an_on_error_that_raises_is_logged_and_dispatching_goes_on(
    qqbot: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    def on_error(error: Exception, event: Any) -> None:
        raise RuntimeError("the error handler is broken too")

    dispatcher = qqbot.Dispatcher(on_error=on_error)
    calls: list[str] = []
    dispatcher.on(qqbot.FriendAddEvent)(lambda event: 1 / 0)
    dispatcher.on(qqbot.FriendAddEvent)(lambda event: calls.append("second"))

    assert dispatcher.feed(b"{oops") is None
    dispatcher.feed(raw(FRIEND_ADD))
    asyncio.run(dispatcher.feed_async(raw(FRIEND_ADD)))

    assert calls == ["second", "second"]
    assert len(caplog.records) == 3
    assert all("on_error raised" in r.getMessage() for r in caplog.records)


def test_errors_are_logged_when_there_is_no_on_error(
    qqbot: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    dispatcher = qqbot.Dispatcher()
    dispatcher.on(qqbot.FriendAddEvent)(lambda event: 1 / 0)
    dispatcher.feed(raw(FRIEND_ADD))
    dispatcher.feed(b"[]")
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("qqbot", "ERROR", "error handling FriendAddEvent"),
        ("qqbot", "ERROR", "error handling a frame"),
    ]
    assert caplog.records[0].exc_info is not None
    assert type(caplog.records[0].exc_info[1]) is ZeroDivisionError


VENDORED_LOGGERS = """
import json, logging
from myapp.vendor.qqbot import Dispatcher, _base_client, _events, _gateway

records = []
logging.getLogger().addHandler(type("H", (logging.Handler,), {"emit": records.append})())
Dispatcher().feed(b"[]")
print(json.dumps({
    "modules": [m.log.name for m in (_base_client, _events, _gateway)],
    "records": [r.name for r in records],
    "loggers": sorted(logging.root.manager.loggerDict),
}))
"""


def test_a_copy_vendored_under_a_parent_package_logs_under_that_package_only(
    tmp_path: Path,
) -> None:
    vendor = tmp_path / "myapp" / "vendor"
    shutil.copytree(GENERATED / "qqbot", vendor / "qqbot")
    for parent in (vendor.parent, vendor):
        (parent / "__init__.py").write_text("")
    result = run_isolated(VENDORED_LOGGERS, tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    package = "myapp.vendor.qqbot"
    assert found["modules"] == [package, package, package + ".gateway"]
    assert found["records"] == [package]
    assert not [name for name in found["loggers"] if name.split(".")[0] == "qqbot"]


def test_cancellation_is_not_an_error_it_stops_the_dispatch(qqbot: ModuleType) -> None:
    errors = Recorder()
    dispatcher = qqbot.Dispatcher(on_error=errors)
    calls: list[str] = []

    @dispatcher.on(qqbot.FriendAddEvent)
    async def cancelled(event: Any) -> None:
        raise asyncio.CancelledError

    dispatcher.on(qqbot.FriendAddEvent)(lambda event: calls.append("after"))
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(dispatcher.feed_async(raw(FRIEND_ADD)))
    assert errors.errors == [] and calls == []


def test_sync_dispatch_refuses_an_async_handler_naming_it(qqbot: ModuleType) -> None:
    dispatcher = qqbot.Dispatcher()

    @dispatcher.on(qqbot.FriendAddEvent)
    async def on_add(event: Any) -> None: ...

    with pytest.raises(TypeError, match=r"FriendAddEvent has an async handler \(.*on_add\)"):
        dispatcher.feed(raw(FRIEND_ADD))
    with pytest.raises(TypeError, match=r"FriendAddEvent has an async handler \(.*on_add\)"):
        dispatcher.dispatch(qqbot.parse_event(raw(FRIEND_ADD)))
    dispatcher.feed(raw(FRIEND_DEL))  # other classes are not concerned


def test_sync_dispatch_refuses_an_object_whose_call_is_async_before_calling_it(
    qqbot: ModuleType,
) -> None:
    dispatcher = qqbot.Dispatcher()
    called: list[Any] = []

    class OnAdd:
        async def __call__(self, event: Any) -> None:
            called.append(event)

    dispatcher.on(qqbot.FriendAddEvent)(OnAdd())
    with pytest.raises(TypeError, match=r"FriendAddEvent has an async handler"):
        dispatcher.feed(raw(FRIEND_ADD))
    assert called == []
    asyncio.run(dispatcher.feed_async(raw(FRIEND_ADD)))  # the async methods await it
    assert [type(event).__name__ for event in called] == ["FriendAddEvent"]


def test_a_sync_handler_returning_an_awaitable_is_awaited_by_dispatch_async(
    qqbot: ModuleType,
) -> None:
    dispatcher = qqbot.Dispatcher()
    calls: list[str] = []

    async def work(event: Any) -> None:
        calls.append(type(event).__name__)

    dispatcher.on(qqbot.FriendAddEvent)(lambda event: work(event))  # e.g. a plain wrapper
    asyncio.run(dispatcher.feed_async(raw(FRIEND_ADD)))
    assert calls == ["FriendAddEvent"]


@pytest.mark.parametrize("method", ["feed", "dispatch"])
def test_a_sync_handler_returning_an_awaitable_is_an_error_for_sync_dispatch(
    qqbot: ModuleType, method: str
) -> None:
    errors = Recorder()
    dispatcher = qqbot.Dispatcher(on_error=errors)
    calls: list[str] = []

    async def work(event: Any) -> None:  # pragma: no cover - never awaited
        calls.append("ran")

    dispatcher.on(qqbot.FriendAddEvent)(lambda event: work(event))
    dispatcher.on(qqbot.FriendAddEvent)(lambda event: calls.append("next"))
    with never_awaited() as unawaited:
        if method == "feed":
            event = dispatcher.feed(raw(FRIEND_ADD))
        else:
            event = qqbot.parse_event(raw(FRIEND_ADD))
            dispatcher.dispatch(event)
    assert unawaited == []
    assert calls == ["next"]
    [(error, seen)] = errors.errors
    assert type(error) is TypeError and "dispatch_async" in str(error)
    assert seen is event


def test_on_takes_event_classes_and_callables_only(qqbot: ModuleType) -> None:
    dispatcher = qqbot.Dispatcher()
    for bad in ((), (dict,), ("FRIEND_ADD",), (qqbot.FriendAddEvent, int), (qqbot.FriendAddData,)):
        with pytest.raises(TypeError):
            dispatcher.on(*bad)
    with pytest.raises(TypeError, match="callable"):
        dispatcher.on(qqbot.FriendAddEvent)("not a function")


def test_registrations_made_after_dispatching_take_effect(qqbot: ModuleType) -> None:
    dispatcher = qqbot.Dispatcher()
    calls: list[str] = []
    dispatcher.on(qqbot.FriendAddEvent)(lambda event: calls.append("first"))
    dispatcher.feed(raw(FRIEND_ADD))
    asyncio.run(dispatcher.feed_async(raw(FRIEND_ADD)))
    dispatcher.on(qqbot.Event)(lambda event: calls.append("later"))
    dispatcher.feed(raw(FRIEND_ADD))
    asyncio.run(dispatcher.feed_async(raw(FRIEND_ADD)))
    assert calls == ["first", "first", "first", "later", "first", "later"]


# -- match statements ----------------------------------------------------------------------


def describe(qqbot: ModuleType) -> Callable[[Any], str]:
    FriendAddEvent = qqbot.FriendAddEvent
    FriendDelEvent = qqbot.FriendDelEvent
    GroupMsgReceiveEvent = qqbot.GroupMsgReceiveEvent
    HelloFrame = qqbot.HelloFrame
    UnknownEvent = qqbot.UnknownEvent
    FriendAddData = qqbot.FriendAddData

    def run(event: Any) -> str:
        match event:
            case FriendAddEvent(d=FriendAddData(openid=openid, timestamp=when)):
                return f"added by {openid} at {when}"
            case FriendDelEvent():
                return "friend gone"
            case GroupMsgReceiveEvent(d=data) if data.group_openid.startswith("C9"):
                return f"group {data.group_openid} opened by {data.op_member_openid}"
            case HelloFrame(d=hello):
                return f"hello every {hello.heartbeat_interval} ms"
            case UnknownEvent(t="GUILD_CREATE" as kind) | UnknownEvent(t="GUILD_DELETE" as kind):
                return f"guild event {kind}"
            case UnknownEvent(t=kind, d={"n": int(n)}):
                return f"unknown {kind} with {n}"
            case qqbot.Event(op=op):
                return f"some frame with op {op}"
        return "not an event"  # pragma: no cover

    return run


def test_event_classes_work_in_a_match_statement(qqbot: ModuleType) -> None:
    run = describe(qqbot)
    parse = qqbot.parse_event
    assert run(parse(raw(FRIEND_ADD))) == "added by E4F4AEA33253A2797FB897C50B81D7ED at 1699240365"
    assert run(parse(raw(FRIEND_DEL))) == "friend gone"
    assert run(parse(raw(GROUP_MSG_RECEIVE))) == (
        "group C9F778FE6ADF9D1D1DBE395BF744A33A opened by E4F4AEA33253A2797FB897C50B81D7ED"
    )
    assert run(parse(b'{"op":10,"d":{"heartbeat_interval":45000}}')) == "hello every 45000 ms"
    assert run(parse(b'{"op":0,"t":"GUILD_DELETE","d":{}}')) == "guild event GUILD_DELETE"
    assert run(parse(b'{"op":0,"t":"NEW","d":{"n":3}}')) == "unknown NEW with 3"
    assert run(parse(b'{"op":11}')) == "some frame with op 11"


def test_a_match_inside_a_catch_all_handler_sees_each_event_once(qqbot: ModuleType) -> None:
    dispatcher = qqbot.Dispatcher()
    run = describe(qqbot)
    said: list[str] = []
    dispatcher.on(qqbot.Event)(lambda event: said.append(run(event)))
    for frame in (raw(FRIEND_ADD), b'{"op":0,"t":"GUILD_CREATE"}', b'{"op":7}'):
        dispatcher.feed(frame)
    assert said == [
        "added by E4F4AEA33253A2797FB897C50B81D7ED at 1699240365",
        "guild event GUILD_CREATE",
        "some frame with op 7",
    ]


# -- typing --------------------------------------------------------------------------------

BOT = """\
from qqbot import (
    C2CMsgReceiveEvent, C2CMsgRejectEvent, Dispatcher, Event, FriendAddEvent, FriendDelEvent,
    GroupAddRobotEvent, GroupDelRobotEvent, GroupMsgReceiveEvent, UnknownEvent,
)

Four = FriendAddEvent | FriendDelEvent | C2CMsgRejectEvent | C2CMsgReceiveEvent
Six = Four | GroupAddRobotEvent | GroupDelRobotEvent

dispatcher = Dispatcher()


@dispatcher.on(FriendAddEvent)
def added(event: FriendAddEvent) -> None:
    print(event.d.openid, event.d.timestamp + 1)


@dispatcher.on(FriendAddEvent)
async def added_async(event: FriendAddEvent) -> None:
    print(event.d.openid)


@dispatcher.on(FriendAddEvent, FriendDelEvent)
def friends(event: FriendAddEvent | FriendDelEvent) -> None:
    print(event.d.openid)


@dispatcher.on(FriendAddEvent, FriendDelEvent, GroupMsgReceiveEvent)
async def three(event: FriendAddEvent | FriendDelEvent | GroupMsgReceiveEvent) -> None:
    print(event.d.timestamp)


@dispatcher.on(FriendAddEvent, FriendDelEvent, C2CMsgRejectEvent, C2CMsgReceiveEvent)
def four(event: Four) -> None:
    print(event.id)


@dispatcher.on(
    FriendAddEvent, FriendDelEvent, C2CMsgRejectEvent, C2CMsgReceiveEvent, GroupAddRobotEvent
)
async def five(event: Four | GroupAddRobotEvent) -> None:
    print(event.id)


@dispatcher.on(
    FriendAddEvent,
    FriendDelEvent,
    C2CMsgRejectEvent,
    C2CMsgReceiveEvent,
    GroupAddRobotEvent,
    GroupDelRobotEvent,
)
def six(event: Six) -> None:
    print(event.id)


@dispatcher.on(FriendAddEvent)
def broader(event: Event) -> None:
    print(event.op)


@dispatcher.on(Event)
def anything(event: Event) -> None:
    match event:
        case FriendAddEvent(d=data):
            print(data.openid)
        case UnknownEvent(t=kind):
            print(kind.upper())


@dispatcher.on(FriendAddEvent)  # rejected: a handler for another event
def wrong(event: GroupMsgReceiveEvent) -> None:
    print(event.d.group_openid)


@dispatcher.on(FriendAddEvent)  # rejected: an async handler for another event
async def wrong_async(event: FriendDelEvent) -> None:
    print(event.d.openid)


@dispatcher.on(FriendAddEvent, FriendDelEvent)  # rejected: does not take FriendDelEvent
def too_narrow(event: FriendAddEvent) -> None:
    print(event.d.openid)


@dispatcher.on(  # rejected: does not take GroupDelRobotEvent
    FriendAddEvent,
    FriendDelEvent,
    C2CMsgRejectEvent,
    C2CMsgReceiveEvent,
    GroupAddRobotEvent,
    GroupDelRobotEvent,
)
def six_too_narrow(event: Four | GroupAddRobotEvent) -> None:
    print(event.id)


@dispatcher.on(Event)  # rejected: a catch-all gets every event
def catch_all_too_narrow(event: FriendAddEvent) -> None:
    print(event.d.openid)


@dispatcher.on(FriendAddEvent)
def wrong_field(event: FriendAddEvent) -> None:
    print(event.d.group_openid)  # rejected: FRIEND_ADD has no group


dispatcher.on(FriendAddEvent)(lambda event: event.d.no_such_field)  # rejected


@dispatcher.on()  # rejected: no event class, which on() refuses when called
def nothing(event: Event) -> None:
    print(event.op)
"""


# A handler of the wrong type, a field it lacks; on() without a class (its decorator then
# untyped).
_REJECTIONS = ("[arg-type]", "[attr-defined]", "[call-overload]", "[untyped-decorator]")


def test_mypy_accepts_handlers_typed_for_up_to_six_classes_and_rejects_wrong_ones_and_on_without_a_class(
    qqbot: Any, tmp_path: Path
) -> None:
    vendored = Path(qqbot.__file__).parent.parent
    (tmp_path / "bot.py").write_text(BOT, encoding="utf-8")
    result = run_mypy_strict(tmp_path, "bot.py", path=vendored)
    errors: dict[int, list[str]] = {}
    for line in result.stdout.splitlines():
        if re.match(r"^bot\.py:\d+: note: ", line):  # the overloads a call matches none of
            continue
        found = re.match(r"^(?P<file>[^:]+):(?P<line>\d+): error: (?P<message>.*)$", line)
        assert found, f"unexpected mypy output: {line}\n{result.stdout}{result.stderr}"
        assert found["file"] == "bot.py", result.stdout  # the package itself is clean
        errors.setdefault(int(found["line"]), []).append(found["message"])
    expected = {n for n, text in enumerate(BOT.splitlines(), 1) if "# rejected" in text}
    assert len(expected) == 8
    assert set(errors) == expected, result.stdout
    assert all(
        any(code in message for code in _REJECTIONS)
        for messages in errors.values()
        for message in messages
    ), result.stdout
