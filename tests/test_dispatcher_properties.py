"""The generated `Dispatcher` and `parse_event` (vendored qqbot), on what hypothesis draws.

The dispatcher against a model of its rules, on registrations (sync or async handlers, some
raising, for one or several event classes, the catch-all `Event` among them) interleaved
with frames (every example of the spec, a type outside the table, frames that cannot be
decoded), fed as bytes, str or an already decoded mapping, through `feed` and `feed_async`.
The model: a frame decodes to the class its spec example names, or to `UnknownEvent`, or is
reported to `on_error` as an `EventDecodeError` holding the frame as given; the handlers
registered so far for a class the event is an instance of run once each, in registration
order; a handler that raises is reported with its event and the next ones still run; sync
`feed` refuses an event one of whose handlers is async, before running any.

`parse_event` on any frame a received message's schema accepts (hypothesis-jsonschema draws
it, fields the spec does not list included): it decodes to that message's class, and dumps
back to the frame, every field kept.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
from gateway_server import _messages, example
from gen_support import SPECS, drawable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from generator.load import load
from generator.pipeline import spec_files_in

FORMS = ("bytes", "str", "mapping")


def spec_frames() -> list[tuple[dict[str, Any], str]]:
    """Each example frame of the spec with the name of the class it decodes to (opcode 0:
    `<message>Event`, else `<message>Frame`)."""
    frames = []
    for name in _messages():
        payload = example(name)
        if "op" in payload:  # a frame, not the answer to a validation request
            frames.append((payload, name + ("Event" if payload["op"] == 0 else "Frame")))
    return frames


def odd_frames() -> list[tuple[Any, str | None]]:
    """Frames the spec has no example of: (frame, class name), None where undecodable."""
    friend_add = example("FriendAdd")
    wrong_type = {**friend_add, "d": {**friend_add["d"], "timestamp": "soon"}}
    return [
        ({"op": 0, "s": 9, "t": "NOT_IN_THE_SPEC", "d": {"n": 1}}, "UnknownEvent"),
        ({"op": 0, "t": "NOT_IN_THE_SPEC", "d": "anything"}, "UnknownEvent"),
        (wrong_type, None),  # a known type its class rejects: broken, not unknown
        ({k: v for k, v in friend_add.items() if k != "op"}, None),
        ({**friend_add, "op": 99}, None),
        ({**friend_add, "op": "0"}, None),
        ("not json", None),
        ([1, 2], None),
    ]


FRAMES: list[tuple[Any, str | None]] = [*spec_frames(), *odd_frames()]
CLASSES = ["Event", "UnknownEvent", *sorted({name for _, name in spec_frames()})]


@dataclass(frozen=True)
class Register:
    classes: tuple[str, ...]
    is_async: bool
    raises: bool


@dataclass(frozen=True)
class Feed:
    frame: int  # index into FRAMES
    form: str


def as_given(frame: Any, form: str) -> Any:
    if isinstance(frame, str):  # not JSON: the text itself
        return frame.encode() if form == "bytes" else frame
    if form == "mapping":
        return frame
    text = json.dumps(frame, ensure_ascii=False)
    return text.encode() if form == "bytes" else text


class Bot:
    """A Dispatcher whose handlers and on_error write to one log."""

    def __init__(self, qqbot: ModuleType) -> None:
        self.qqbot = qqbot
        self.log: list[tuple[Any, ...]] = []
        self.dispatcher = qqbot.Dispatcher(on_error=self._on_error)

    def _on_error(self, error: Exception, event: Any) -> None:
        held = error.raw if isinstance(error, self.qqbot.EventDecodeError) else str(error)
        self.log.append(("error", type(error).__name__, held, _name(event)))

    def register(self, index: int, step: Register) -> None:
        def record(event: Any) -> None:
            self.log.append(("call", index, type(event).__name__))
            if step.raises:
                raise ValueError(f"handler {index}")

        async def record_async(event: Any) -> None:
            await asyncio.sleep(0)
            record(event)

        classes = [getattr(self.qqbot, name) for name in step.classes]
        self.dispatcher.on(*classes)(record_async if step.is_async else record)


def _name(event: Any) -> str | None:
    return None if event is None else type(event).__name__


class Model:
    """What the dispatcher should do, from the rules alone."""

    def __init__(self, qqbot: ModuleType) -> None:
        self.qqbot = qqbot
        self.registered: list[tuple[int, Register]] = []
        self.log: list[tuple[Any, ...]] = []

    def feed(self, step: Feed, *, sync: bool) -> tuple[str | None, bool]:
        """The class name the feed returns an event of (None: undecodable), and whether
        sync `feed` refuses it."""
        frame, class_name = FRAMES[step.frame]
        if class_name is None:
            given = as_given(frame, step.form)
            self.log.append(("error", "EventDecodeError", given, None))
            return None, False
        cls = getattr(self.qqbot, class_name)
        handlers = [
            (index, handler)
            for index, handler in self.registered
            if issubclass(cls, tuple(getattr(self.qqbot, name) for name in handler.classes))
        ]
        if sync and any(handler.is_async for _, handler in handlers):
            return class_name, True
        for index, handler in handlers:
            self.log.append(("call", index, class_name))
            if handler.raises:
                self.log.append(("error", "ValueError", f"handler {index}", class_name))
        return class_name, False


registers = st.builds(
    Register,
    classes=st.lists(st.sampled_from(CLASSES), min_size=1, max_size=3).map(tuple),
    is_async=st.booleans(),
    raises=st.booleans(),
)
feeds = st.builds(Feed, frame=st.integers(0, len(FRAMES) - 1), form=st.sampled_from(FORMS))
plans = st.lists(st.one_of(registers, feeds, feeds), min_size=1, max_size=30)


def play(qqbot: ModuleType, plan: list[Register | Feed], *, sync: bool) -> None:
    bot, model = Bot(qqbot), Model(qqbot)

    async def feed_all() -> None:
        for step in plan:
            if isinstance(step, Register):
                index = len(model.registered)
                model.registered.append((index, step))
                bot.register(index, step)
                continue
            expected, refused = model.feed(step, sync=sync)
            given = as_given(FRAMES[step.frame][0], step.form)
            if refused:
                with pytest.raises(TypeError, match="async handler"):
                    bot.dispatcher.feed(given)
                continue
            event = bot.dispatcher.feed(given) if sync else await bot.dispatcher.feed_async(given)
            assert _name(event) == expected
            assert bot.log == model.log

    asyncio.run(feed_all())


@settings(
    max_examples=150,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(plan=plans)
def test_handlers_run_once_in_registration_order_for_every_class_their_event_is(
    qqbot: ModuleType, plan: list[Register | Feed]
) -> None:
    play(qqbot, plan, sync=False)
    play(qqbot, plan, sync=True)


# -- any frame its message schema accepts --------------------------------------------------

QQBOT_SPECS = load(spec_files_in(SPECS / "qqbot"))
ASYNCAPI = next(doc for doc in QQBOT_SPECS.roots if doc.kind == "asyncapi")
FRAME_FIELDS = {
    ASYNCAPI.data["x-frame"]["sequence"]: {"type": ["integer", "null"]},
    ASYNCAPI.data["x-frame"]["type"]: {"type": ["string", "null"]},
    ASYNCAPI.data["x-frame"]["id"]: {"type": ["string", "null"]},
}
# The frames a bot receives (the messages of the spec's `receive` operations): the models of
# the frames it sends are closed, as request models are.
RECEIVED = sorted(
    {
        message["$ref"].rsplit("/", 1)[-1]
        for operation in ASYNCAPI.data["operations"].values()
        if operation["action"] == "receive"
        for message in operation["messages"]
    }
)


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,  # hypothesis-jsonschema's own filtering
    ],
)
@given(data=st.data(), message=st.sampled_from(RECEIVED))
def test_any_frame_its_message_schema_accepts_decodes_to_its_class_keeping_every_field(
    qqbot: ModuleType, data: st.DataObject, message: str
) -> None:
    payload = ASYNCAPI.data["components"]["messages"][message]["payload"]
    # x-frame's sequence, type and id fields mean the same on every frame (the Event base
    # class types them), whether a message's schema lists them or not
    framed = {"allOf": [payload, {"properties": FRAME_FIELDS}]}
    frame = data.draw(from_schema(drawable(QQBOT_SPECS, ASYNCAPI, framed, closed=False)))
    event = qqbot.parse_event(json.dumps(frame).encode())
    assert type(event).__name__ in (message + "Event", message + "Frame")
    assert event.model_dump(mode="json", by_alias=True, exclude_unset=True) == frame
