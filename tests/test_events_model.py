"""The events model (`build_events`) and the events module rendered from it.

Model tests read specs/qqbot/asyncapi.yaml (AsyncAPI 3.0) and
tests/specs/events/relay_asyncapi26.yaml (AsyncAPI 2.6: another envelope, no intents, two
channels). Runtime tests render `_events.py` into a package outside the repository,
import it and decode every example frame of the spec.
"""

from __future__ import annotations

import asyncio
import copy
import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from events_harness import ROOT, build, write_package
from gen_support import generate_to, ruff_findings
from pydantic import BaseModel, ValidationError

from generator.load import load
from generator.model import build as build_api
from generator.model._events import build_events
from generator.model._schemas import Schemas
from generator.model._types import Event, EventSet
from generator.problems import SpecError

QQBOT = ROOT / "specs" / "qqbot" / "asyncapi.yaml"
RELAY = ROOT / "tests" / "specs" / "events" / "relay_asyncapi26.yaml"

QQBOT_DISPATCH = {
    "READY": "ReadyEvent",
    "RESUMED": "ResumedEvent",
    "FRIEND_ADD": "FriendAddEvent",
    "FRIEND_DEL": "FriendDelEvent",
    "C2C_MSG_REJECT": "C2CMsgRejectEvent",
    "C2C_MSG_RECEIVE": "C2CMsgReceiveEvent",
    "GROUP_ADD_ROBOT": "GroupAddRobotEvent",
    "GROUP_DEL_ROBOT": "GroupDelRobotEvent",
    "GROUP_MSG_REJECT": "GroupMsgRejectEvent",
    "GROUP_MSG_RECEIVE": "GroupMsgReceiveEvent",
}
QQBOT_CONTROL = {
    "HelloFrame": 10,
    "IdentifyFrame": 2,
    "HeartbeatFrame": 1,
    "HeartbeatAckFrame": 11,
    "ResumeFrame": 6,
    "ReconnectFrame": 7,
    "InvalidSessionFrame": 9,
    "CallbackValidationFrame": 13,
    "CallbackAckFrame": 12,
}
PACKAGES = ("events_qqbot", "events_relay", "events_control")
FRIEND_ADD = {
    "op": 0,
    "s": 4,
    "t": "FRIEND_ADD",
    "id": "FRIEND_ADD:701d1cfb-46cd-4979-9a01-1031819c2e4b",
    "d": {"openid": "E4F4AEA33253A2797FB897C50B81D7ED", "timestamp": 1699240365},
}


@pytest.fixture(scope="module")
def qqbot() -> tuple[EventSet, Schemas]:
    return build(QQBOT)


@pytest.fixture(scope="module")
def relay() -> tuple[EventSet, Schemas]:
    return build(RELAY)


def by_class(events: EventSet) -> dict[str, Event]:
    return {e.class_name: e for e in events.events}


def fields(event: Event) -> dict[str, tuple[str, str | None]]:
    return {f.python_name: (f.type, f.default) for f in event.fields}


# -- the model, AsyncAPI 3.0 ------------------------------------------------------------


def test_dispatch_events_are_named_after_their_type(qqbot: tuple[EventSet, Schemas]) -> None:
    events, _ = qqbot
    named = {e.type_value: e.class_name for e in events.dispatch_events}
    assert named == QQBOT_DISPATCH
    assert events.dispatch_opcode == 0


def test_control_frames_are_named_after_their_message_and_keep_their_opcode(
    qqbot: tuple[EventSet, Schemas],
) -> None:
    events, _ = qqbot
    assert {e.class_name: e.opcode for e in events.control_frames} == QQBOT_CONTROL
    assert all(e.type_value is None for e in events.control_frames)


def test_a_message_without_opcode_is_only_a_model(qqbot: tuple[EventSet, Schemas]) -> None:
    events, schemas = qqbot
    reply = by_class(events)["CallbackValidationResponse"]
    assert reply.kind == "body"
    assert reply.direction == "send"
    assert "CallbackValidationResponse" in schemas.names
    assert "CallbackValidationResponse" not in events.exports
    assert schemas.definitions()["CallbackValidationResponse"]["additionalProperties"] is False


def test_data_fields_are_typed_from_the_schemas(qqbot: tuple[EventSet, Schemas]) -> None:
    events, _ = qqbot
    types = {e.class_name: e.data_type for e in events.frames}
    assert types["FriendAddEvent"] == "FriendAddData"
    assert types["HeartbeatFrame"] == "int | None"  # type: [integer, 'null'], required
    assert types["ResumedEvent"] == "str | None"  # not required
    assert types["CallbackAckFrame"] == "Literal[0]"
    assert types["HeartbeatAckFrame"] is None  # no data field at all
    assert "FriendAddData" in events.models
    assert "FriendAuthor" not in events.models  # nested: _models imports it, not _events


def test_opcode_and_type_are_literals_with_defaults(qqbot: tuple[EventSet, Schemas]) -> None:
    events, _ = qqbot
    declared = fields(by_class(events)["FriendAddEvent"])
    assert declared["op"] == ("Literal[0]", "0")
    assert declared["t"] == ("Literal['FRIEND_ADD']", "'FRIEND_ADD'")


def test_required_frame_fields_are_narrowed_and_optional_ones_inherited(
    qqbot: tuple[EventSet, Schemas],
) -> None:
    events, _ = qqbot
    assert fields(by_class(events)["FriendAddEvent"])["id"] == ("str", None)
    assert "id" not in fields(by_class(events)["ReadyEvent"])  # optional there
    assert "s" not in fields(by_class(events)["FriendAddEvent"])
    base = {f.python_name: (f.type, f.default) for f in events.base_fields}
    assert base == {
        "op": ("int", None),
        "s": ("int | None", "None"),
        "t": ("str | None", "None"),
        "id": ("str | None", "None"),
    }


def test_directions_come_from_operations_and_replies(qqbot: tuple[EventSet, Schemas]) -> None:
    events, _ = qqbot
    direction = {e.class_name: e.direction for e in events.events}
    assert direction["HelloFrame"] == "receive"
    assert direction["IdentifyFrame"] == "send"
    assert direction["HeartbeatFrame"] == "both"
    assert direction["CallbackAckFrame"] == "send"
    assert direction["FriendAddEvent"] == "receive"


def test_only_frames_the_client_just_sends_with_closed_payloads_are_closed(
    qqbot: tuple[EventSet, Schemas],
) -> None:
    events, _ = qqbot
    closed = {e.class_name for e in events.frames if e.closed}
    assert closed == {"IdentifyFrame", "ResumeFrame", "CallbackAckFrame"}  # not Heartbeat


def test_a_message_in_two_channels_is_one_event(qqbot: tuple[EventSet, Schemas]) -> None:
    events, _ = qqbot
    assert by_class(events)["FriendAddEvent"].channels == ("gateway", "webhook")
    assert sum(e.type_value == "FRIEND_ADD" for e in events.events) == 1


def test_intents_skip_extension_keys(qqbot: tuple[EventSet, Schemas]) -> None:
    events, _ = qqbot
    assert events.intents == (("GROUP_AND_C2C_EVENT", 25),)
    assert by_class(events)["FriendAddEvent"].intent == "GROUP_AND_C2C_EVENT"
    assert by_class(events)["HelloFrame"].intent is None
    assert (
        "Needs the `Intents.GROUP_AND_C2C_EVENT` intent." in by_class(events)["FriendAddEvent"].doc
    )


def test_close_codes_are_integers_with_actions(qqbot: tuple[EventSet, Schemas]) -> None:
    events, _ = qqbot
    codes = {c.code: c.action for c in events.close_codes}
    assert len(codes) == 28
    assert (codes[4004], codes[4006], codes[4009], codes[4914]) == (
        "refresh-token",
        "reidentify",
        "resume",
        "fatal",
    )
    assert [c.code for c in events.close_codes] == sorted(codes)
    assert {c.channel for c in events.close_codes} == {"gateway"}


def test_examples_are_kept(qqbot: tuple[EventSet, Schemas]) -> None:
    events, _ = qqbot
    assert by_class(events)["FriendAddEvent"].examples == (FRIEND_ADD,)
    assert len(by_class(events)["HeartbeatFrame"].examples) == 2


def test_event_classes_never_take_a_model_class_name() -> None:
    specs = load([QQBOT])
    schemas = Schemas(specs)
    doc = specs.roots[0]
    # A model named like an event class, as a REST schema could be.
    schemas.class_for(
        doc, ("components", "schemas", "FriendAddEvent"), "FriendAddEvent", "response"
    )
    names = {e.class_name for e in build_events(doc, specs, schemas).frames}
    assert "FriendAddEvent" in schemas.names
    assert "FriendAddEvent" not in names
    assert "FriendAddEvent2" in names


# -- the model, AsyncAPI 2.6 ------------------------------------------------------------


def test_asyncapi_26_frame_fields_come_from_x_frame(relay: tuple[EventSet, Schemas]) -> None:
    events, _ = relay
    assert [(f.name, f.type) for f in events.base_fields] == [
        ("kind", "int"),
        ("seq", "int | None"),
        ("event", "str | None"),
    ]
    assert events.frame == {"opcode": "kind", "sequence": "seq", "type": "event", "data": "payload"}


def test_asyncapi_26_subscribe_is_received_and_publish_sent(
    relay: tuple[EventSet, Schemas],
) -> None:
    events, _ = relay
    direction = {e.class_name: e.direction for e in events.events}
    assert direction == {
        "WelcomeFrame": "receive",
        "MessageCreatedEvent": "receive",
        "MemberJoinedEvent": "receive",
        "PingFrame": "send",
        "ChallengeFrame": "receive",
    }
    assert by_class(events)["PingFrame"].closed


def test_asyncapi_26_operation_without_a_message_declares_no_event(tmp_path: Path) -> None:
    """AsyncAPI 2.6 lets an operation leave out its message: its channel then carries no
    event of its own (it crashed the model stage)."""
    text = RELAY.read_text(encoding="utf-8")
    cut = text.index("      message:\n        $ref: '#/components/messages/Ping'")
    spec = tmp_path / "relay.yaml"
    spec.write_text(text[:cut] + text[cut:].split("\n", 2)[2], encoding="utf-8")
    events, _ = build(spec)
    assert "PingFrame" not in by_class(events)  # only the publish operation named it
    assert by_class(events)["MessageCreatedEvent"].channels == ("stream", "hooks")


def test_asyncapi_26_without_intents_has_no_intents(relay: tuple[EventSet, Schemas]) -> None:
    events, _ = relay
    assert events.intents == ()
    assert "Intents" not in events.exports
    assert all(e.intent is None for e in events.events)


def test_asyncapi_26_channels_are_kept(relay: tuple[EventSet, Schemas]) -> None:
    events, _ = relay
    assert by_class(events)["MessageCreatedEvent"].channels == ("stream", "hooks")
    assert by_class(events)["ChallengeFrame"].channels == ("hooks",)
    assert [(c.code, c.action, c.channel) for c in events.close_codes] == [
        (4000, "resume", "stream"),
        (4403, "fatal", "stream"),
    ]


def test_dotted_event_types_and_allof_payloads(relay: tuple[EventSet, Schemas]) -> None:
    events, _ = relay
    assert {e.type_value: e.class_name for e in events.dispatch_events} == {
        "message.created": "MessageCreatedEvent",
        "member.joined": "MemberJoinedEvent",
    }
    joined = by_class(events)["MemberJoinedEvent"]
    assert joined.data_type == "MemberJoinedData"  # inline schema, hoisted and named
    assert fields(by_class(events)["MessageCreatedEvent"])["seq"] == ("int", None)


def test_opcode_may_come_from_a_const_on_the_payload(relay: tuple[EventSet, Schemas]) -> None:
    events, _ = relay
    challenge = by_class(events)["ChallengeFrame"]
    assert (challenge.kind, challenge.opcode, challenge.data_type) == ("control", 3, "str")


def test_payload_fields_that_are_not_python_names_get_an_alias(
    relay: tuple[EventSet, Schemas],
) -> None:
    events, _ = relay
    trace = next(f for f in by_class(events)["MessageCreatedEvent"].fields if f.name == "trace-id")
    assert trace.python_name == "trace_id"
    assert trace.annotation == "Annotated[str | None, Field(alias='trace-id')]"
    assert events.aliased


def test_received_enum_frame_fields_also_take_values_the_spec_does_not_list(
    relay: tuple[EventSet, Schemas],
) -> None:
    events, _ = relay
    priority = next(
        f for f in by_class(events)["MessageCreatedEvent"].fields if f.name == "priority"
    )
    assert priority.annotation == (
        'Annotated[Priority | str | None, Field(union_mode="left_to_right")]'
    )
    assert priority.description.startswith("How urgent the message is")


# -- spec errors ------------------------------------------------------------------------


def broken(data: dict[str, Any], tmp_path: Path) -> SpecError:
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    specs = load([path])
    with pytest.raises(SpecError) as caught:
        build_events(specs.roots[0], specs, Schemas(specs))
    return caught.value


def relay_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RELAY.read_text(encoding="utf-8"))
    return copy.deepcopy(data)


def without_frame(data: dict[str, Any]) -> None:
    del data["x-frame"]


def duplicate_type(data: dict[str, Any]) -> None:
    joined = data["components"]["messages"]["MemberJoined"]["payload"]["allOf"][1]
    joined["properties"]["event"]["const"] = "message.created"


def unknown_intent(data: dict[str, Any]) -> None:
    data["components"]["messages"]["Welcome"]["x-intent"] = "NOPE"


def bad_close_action(data: dict[str, Any]) -> None:
    data["channels"]["stream"]["x-close-codes"]["4000"]["action"] = "retry"


def dispatch_opcode_without_type(data: dict[str, Any]) -> None:
    data["components"]["messages"]["Welcome"]["x-opcode"] = 0


def shared_opcode(data: dict[str, Any]) -> None:
    data["components"]["messages"]["Challenge"]["payload"]["properties"]["kind"]["const"] = 1


def frame_name_not_python(data: dict[str, Any]) -> None:
    data["x-frame"]["sequence"] = "seq-no"


def frame_name_shadowing_pydantic(data: dict[str, Any]) -> None:
    data["x-frame"]["sequence"] = "model_config"


def no_frames(data: dict[str, Any]) -> None:
    for message in data["components"]["messages"].values():
        message.pop("x-opcode", None)
        message["payload"] = {"type": "string"}
        message.pop("examples", None)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (without_frame, "needs x-frame"),
        (duplicate_type, "share event type 'message.created'"),
        (unknown_intent, "'NOPE' is not in x-intents"),
        (bad_close_action, "action is one of"),
        (dispatch_opcode_without_type, "has the dispatch opcode 0 but no const on its 'event'"),
        (shared_opcode, "'welcome' and 'challenge' share opcode 1"),
        (frame_name_not_python, "x-frame field names must be plain Python identifiers"),
        (frame_name_shadowing_pydantic, "x-frame field names must be plain Python identifiers"),
        (no_frames, "no message is a frame"),
    ],
)
def test_unusable_event_documents_are_errors_naming_the_place(
    mutate: Callable[[dict[str, Any]], None], message: str, tmp_path: Path
) -> None:
    data = relay_data()
    mutate(data)
    error = broken(data, tmp_path)
    assert message in str(error)
    assert "broken.yaml:" in str(error)


# -- the rendered module ----------------------------------------------------------------


def control_only(data: dict[str, Any]) -> dict[str, Any]:
    """The relay document without dispatch events (nor a type field): frames by opcode only."""
    del data["x-frame"]["type"]
    messages = data["components"]["messages"]
    del messages["MessageCreated"], messages["MemberJoined"]
    data["channels"]["stream"]["subscribe"]["message"] = {"$ref": "#/components/messages/Welcome"}
    data["channels"]["hooks"]["subscribe"]["message"] = {"$ref": "#/components/messages/Challenge"}
    return data


@pytest.fixture(scope="module")
def package_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The packages, rendered outside the repository and importable."""
    root = tmp_path_factory.mktemp("events")
    control_spec = root / "control.yaml"
    control_spec.write_text(yaml.safe_dump(control_only(relay_data()), sort_keys=False))
    write_package(QQBOT, root / "events_qqbot", "events_qqbot", "QqbotError")
    write_package(RELAY, root / "events_relay", "events_relay", "RelayError")
    write_package(control_spec, root / "events_control", "events_control", "ControlError")
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
    for name in [m for m in sys.modules if m.startswith(PACKAGES)]:
        del sys.modules[name]


@pytest.fixture(scope="module")
def qq(package_dir: Path) -> ModuleType:
    return importlib.import_module("events_qqbot._events")


@pytest.fixture(scope="module")
def rl(package_dir: Path) -> ModuleType:
    return importlib.import_module("events_relay._events")


def example_frames(events: EventSet) -> list[tuple[Event, Any]]:
    return [(event, example) for event in events.frames for example in event.examples]


@pytest.mark.parametrize("form", ["bytes", "bytearray", "str", "mapping"])
def test_every_example_frame_parses_to_its_class_with_typed_data(
    qq: ModuleType,
    rl: ModuleType,
    qqbot: tuple[EventSet, Schemas],
    relay: tuple[EventSet, Schemas],
    form: str,
) -> None:
    for module, (events, _) in ((qq, qqbot), (rl, relay)):
        models = importlib.import_module(module.__name__.replace("_events", "_models"))
        data_field = events.frame["data"]
        for event, example in example_frames(events):
            text = json.dumps(example)
            forms = {"bytes": text.encode(), "bytearray": bytearray(text.encode()), "str": text}
            raw = forms.get(form, example)
            parsed = module.parse_event(raw)
            assert type(parsed) is getattr(module, event.class_name), example
            if event.data_type in events.models:
                assert type(getattr(parsed, data_field)) is getattr(models, event.data_type)
    assert len(example_frames(qqbot[0])) == 20


def test_events_table_maps_every_dispatch_type_to_its_class(qq: ModuleType) -> None:
    assert {t: cls.__name__ for t, cls in qq.EVENTS.items()} == QQBOT_DISPATCH
    assert all(issubclass(cls, qq.Event) for cls in qq.EVENTS.values())


def test_typed_data_fields_are_models(qq: ModuleType) -> None:
    event = qq.parse_event(json.dumps(FRIEND_ADD))
    assert isinstance(event, qq.FriendAddEvent)
    assert (event.s, event.id, event.d.openid, event.d.timestamp) == (
        4,
        FRIEND_ADD["id"],
        "E4F4AEA33253A2797FB897C50B81D7ED",
        1699240365,
    )


def test_unknown_event_type_becomes_unknown_event_keeping_its_data(qq: ModuleType) -> None:
    frame = {"op": 0, "s": 9, "t": "GROUP_AT_MESSAGE_CREATE", "id": "x", "d": {"content": "hi"}}
    event = qq.parse_event(json.dumps(frame).encode())
    assert type(event) is qq.UnknownEvent
    assert (event.t, event.s, event.d) == ("GROUP_AT_MESSAGE_CREATE", 9, {"content": "hi"})


def test_unknown_event_in_another_envelope(rl: ModuleType) -> None:
    event = rl.parse_event(b'{"kind": 0, "event": "room.closed", "payload": [1, 2]}')
    assert type(event) is rl.UnknownEvent
    assert (event.event, event.payload) == ("room.closed", [1, 2])


def test_unknown_fields_are_kept(qq: ModuleType) -> None:
    frame = {
        **FRIEND_ADD,
        "extra": 1,
        "d": {**FRIEND_ADD["d"], "author": {"union_openid": "u"}, "new": True},
    }
    event = qq.parse_event(json.dumps(frame))
    assert event.model_extra == {"extra": 1}
    assert event.d.model_extra == {"new": True}
    assert event.d.author.union_openid == "u"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"\xff\xfe", "not JSON"),
        (bytearray(b"{not json"), "not JSON"),
        ({"op": 0, "t": "FRIEND_ADD", "id": "x", "d": {}}, "FriendAddEvent: d.timestamp"),
        (b"[1, 2]", "not a JSON object: list"),
        ("42", "not a JSON object: int"),
        (b'{"d": {}}', "no integer opcode ('op')"),
        (b'{"op": "0", "t": "FRIEND_ADD"}', "no integer opcode ('op')"),
        (b'{"op": true}', "no integer opcode ('op')"),
        (b'{"op": 99}', "unknown opcode 99"),
        (
            b'{"op": 0, "t": "FRIEND_ADD", "id": "x", "d": {"openid": "o"}}',
            "FriendAddEvent: d.timestamp",
        ),
        (
            b'{"op": 0, "t": "FRIEND_ADD", "id": "x", "d": {"openid": [], "timestamp": 1}}',
            "d.openid",
        ),
        (
            b'{"op": 0, "s": "four", "t": "FRIEND_DEL", "id": "x", "d": {"openid": "o", "timestamp": 1}}',
            "s: ",
        ),
        (b'{"op": 10, "d": {"heartbeat_interval": "soon"}}', "HelloFrame: d.heartbeat_interval"),
        (b'{"op": 0, "d": {}}', "UnknownEvent: t: Field required"),
        ({"op": 0, "t": ["x"]}, "UnknownEvent: t"),
    ],
)
def test_undecodable_frames_raise_event_decode_error_holding_the_frame(
    qq: ModuleType, raw: Any, reason: str
) -> None:
    with pytest.raises(qq.EventDecodeError) as caught:
        qq.parse_event(raw)
    assert reason in caught.value.reason
    assert caught.value.raw is raw
    assert isinstance(caught.value, importlib.import_module("events_qqbot._exceptions").QqbotError)


def test_frames_dump_as_they_came(qq: ModuleType) -> None:
    # The data models dump their absent optional fields as None, so exclude_unset here.
    assert qq.parse_event(json.dumps(FRIEND_ADD)).model_dump(exclude_unset=True) == FRIEND_ADD
    assert qq.parse_event(b'{"op": 11}').model_dump() == {"op": 11}
    assert qq.parse_event(b'{"op": 11, "s": null}').model_dump() == {"op": 11, "s": None}


def test_the_event_docstring_gives_the_dump_that_returns_a_frame_as_it_came(
    qq: ModuleType,
) -> None:
    doc = " ".join((qq.Event.__doc__ or "").split())
    assert "as it came with `model_dump(by_alias=True, exclude_unset=True)`" in doc
    event = qq.parse_event(json.dumps(FRIEND_ADD))
    assert event.model_dump(by_alias=True, exclude_unset=True) == FRIEND_ADD
    assert "author" not in FRIEND_ADD["d"] and event.model_dump()["d"]["author"] is None


def test_frames_built_to_be_sent_carry_only_what_they_set(qq: ModuleType) -> None:
    assert json.loads(qq.HeartbeatFrame(d=None).model_dump_json()) == {"op": 1, "d": None}
    identify = qq.IdentifyFrame(d={"token": "QQBot t", "intents": qq.Intents.GROUP_AND_C2C_EVENT})
    assert json.loads(identify.model_dump_json(exclude_none=True)) == {
        "op": 2,
        "d": {"token": "QQBot t", "intents": 1 << 25},
    }


def test_frames_only_sent_reject_unknown_fields(qq: ModuleType) -> None:
    with pytest.raises(ValidationError):
        qq.IdentifyFrame(d={"token": "t", "intents": 1}, extra=1)
    with pytest.raises(ValidationError):
        qq.IdentifyFrame(d={"token": "t", "intents": 1, "typo": 1})
    assert qq.HeartbeatFrame(d=1, extra=1).model_extra == {"extra": 1}  # also received


def test_aliased_fields_read_and_dump_the_wire_name(rl: ModuleType) -> None:
    frame = {
        "kind": 0,
        "event": "message.created",
        "seq": 1,
        "trace-id": "t",
        "payload": {"text": "x"},
    }
    event = rl.parse_event(json.dumps(frame))
    assert event.trace_id == "t"
    assert event.model_dump(by_alias=True, exclude_unset=True) == frame


def test_event_classes_work_in_match_statements(qq: ModuleType) -> None:
    def describe(event: BaseModel) -> str:
        match event:
            case qq.FriendAddEvent(d=data):
                return f"added by {data.openid}"
            case qq.HelloFrame(d=hello):
                return f"hello {hello.heartbeat_interval}"
            case qq.UnknownEvent(t=event_type):
                return f"unknown {event_type}"
        return "other"

    assert (
        describe(qq.parse_event(json.dumps(FRIEND_ADD)))
        == "added by E4F4AEA33253A2797FB897C50B81D7ED"
    )
    assert describe(qq.parse_event(b'{"op":10,"d":{"heartbeat_interval":45000}}')) == "hello 45000"
    assert describe(qq.parse_event(b'{"op":0,"t":"NEW","d":1}')) == "unknown NEW"
    assert describe(qq.parse_event(b'{"op":11}')) == "other"


def test_a_document_without_dispatch_events_routes_frames_by_opcode(package_dir: Path) -> None:
    control = importlib.import_module("events_control._events")
    assert control.EVENTS == {}
    assert not hasattr(control, "UnknownEvent")
    assert type(control.parse_event(b'{"kind": 3, "payload": "abc"}')) is control.ChallengeFrame
    with pytest.raises(control.EventDecodeError, match="unknown opcode 0"):
        control.parse_event(b'{"kind": 0, "event": "message.created"}')


def test_intents_are_flags_from_the_spec(qq: ModuleType) -> None:
    assert qq.Intents.GROUP_AND_C2C_EVENT == 1 << 25 == 33554432
    assert [member.name for member in qq.Intents] == ["GROUP_AND_C2C_EVENT"]
    assert not hasattr(importlib.import_module("events_relay._events"), "Intents")


# -- the dispatcher ---------------------------------------------------------------------


def frame(t: str) -> bytes:
    return json.dumps({**FRIEND_ADD, "t": t, "id": f"{t}:1"}).encode()


def test_handlers_run_in_registration_order_catch_all_included(qq: ModuleType) -> None:
    dispatcher = qq.Dispatcher()
    calls: list[str] = []
    dispatcher.on(qq.Event)(lambda e: calls.append(f"any {e.t}"))
    dispatcher.on(qq.FriendAddEvent)(lambda e: calls.append("add 1"))
    dispatcher.on(qq.FriendDelEvent)(lambda e: calls.append("del"))
    dispatcher.on(qq.FriendAddEvent)(lambda e: calls.append("add 2"))
    dispatcher.feed(frame("FRIEND_ADD"))
    assert calls == ["any FRIEND_ADD", "add 1", "add 2"]


def test_one_handler_for_several_classes(qq: ModuleType) -> None:
    dispatcher = qq.Dispatcher()
    seen: list[type] = []

    @dispatcher.on(qq.FriendAddEvent, qq.FriendDelEvent)
    def friends(event: Any) -> None:
        seen.append(type(event))

    for t in ("FRIEND_ADD", "FRIEND_DEL", "GROUP_ADD_ROBOT"):
        dispatcher.feed(frame(t))
    assert seen == [qq.FriendAddEvent, qq.FriendDelEvent]
    assert friends.__name__ == "friends"  # the decorator hands the function back


def test_catch_all_receives_unknown_events_and_control_frames(qq: ModuleType) -> None:
    dispatcher = qq.Dispatcher()
    seen: list[str] = []
    dispatcher.on(qq.Event)(lambda e: seen.append(type(e).__name__))
    dispatcher.feed(b'{"op": 0, "t": "NEW_EVENT", "d": {}}')
    dispatcher.feed(b'{"op": 11}')
    assert seen == ["UnknownEvent", "HeartbeatAckFrame"]


def test_events_without_handlers_are_dropped_quietly(qq: ModuleType) -> None:
    errors: list[Exception] = []
    dispatcher = qq.Dispatcher(on_error=lambda error, event: errors.append(error))
    assert isinstance(dispatcher.feed(frame("FRIEND_DEL")), qq.FriendDelEvent)
    assert errors == []


def test_async_handlers_are_awaited_in_order_with_sync_ones(qq: ModuleType) -> None:
    dispatcher = qq.Dispatcher()
    calls: list[str] = []

    @dispatcher.on(qq.FriendAddEvent)
    async def first(event: Any) -> None:
        for _ in range(10):  # turns of the loop: anything started concurrently would run now
            await asyncio.sleep(0)
        calls.append("async")

    dispatcher.on(qq.FriendAddEvent)(lambda e: calls.append("sync"))

    class Handler:
        async def __call__(self, event: Any) -> None:
            calls.append("callable")

    dispatcher.on(qq.Event)(Handler())
    event = asyncio.run(dispatcher.feed_async(frame("FRIEND_ADD")))
    assert isinstance(event, qq.FriendAddEvent)
    assert calls == ["async", "sync", "callable"]


def test_sync_dispatch_refuses_async_handlers(qq: ModuleType) -> None:
    dispatcher = qq.Dispatcher()

    @dispatcher.on(qq.FriendAddEvent)
    async def handler(event: Any) -> None: ...

    with pytest.raises(TypeError, match="dispatch_async"):
        dispatcher.dispatch(qq.parse_event(frame("FRIEND_ADD")))


def test_a_handler_that_raises_goes_to_on_error_and_the_others_still_run(qq: ModuleType) -> None:
    errors: list[tuple[Exception, Any]] = []
    dispatcher = qq.Dispatcher(on_error=lambda error, event: errors.append((error, event)))
    calls: list[str] = []

    @dispatcher.on(qq.FriendAddEvent)
    def broken(event: Any) -> None:
        raise RuntimeError("boom")

    dispatcher.on(qq.FriendAddEvent)(lambda e: calls.append("second"))
    event = dispatcher.feed(frame("FRIEND_ADD"))
    assert calls == ["second"]
    assert [(str(error), seen) for error, seen in errors] == [("boom", event)]

    errors.clear()
    asyncio.run(dispatcher.feed_async(frame("FRIEND_ADD")))
    assert [str(error) for error, _ in errors] == ["boom"]


def test_undecodable_frames_go_to_on_error_and_the_loop_goes_on(qq: ModuleType) -> None:
    errors: list[tuple[Exception, Any]] = []
    dispatcher = qq.Dispatcher(on_error=lambda error, event: errors.append((error, event)))
    seen: list[Any] = []
    dispatcher.on(qq.Event)(seen.append)
    assert dispatcher.feed(b"{oops") is None
    assert asyncio.run(dispatcher.feed_async(b'{"op": 99}')) is None
    dispatcher.feed(frame("FRIEND_ADD"))
    assert [(type(e), e.raw, event) for e, event in errors] == [
        (qq.EventDecodeError, b"{oops", None),
        (qq.EventDecodeError, b'{"op": 99}', None),
    ]
    assert len(seen) == 1


def test_errors_are_logged_without_on_error(
    qq: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    dispatcher = qq.Dispatcher()
    dispatcher.on(qq.FriendAddEvent)(lambda e: 1 / 0)
    dispatcher.feed(frame("FRIEND_ADD"))
    dispatcher.feed(b"[]")
    assert [r.getMessage() for r in caplog.records] == [
        "error handling FriendAddEvent",
        "error handling a frame",
    ]
    assert caplog.records[0].exc_info is not None


def test_registering_something_else_than_event_classes_fails(qq: ModuleType) -> None:
    dispatcher = qq.Dispatcher()
    with pytest.raises(TypeError):
        dispatcher.on()
    with pytest.raises(TypeError):
        dispatcher.on(dict)
    with pytest.raises(TypeError):
        dispatcher.on("FRIEND_ADD")


def test_routes_follow_registrations_made_after_dispatching(qq: ModuleType) -> None:
    dispatcher = qq.Dispatcher()
    calls: list[str] = []
    dispatcher.on(qq.FriendAddEvent)(lambda e: calls.append("first"))
    dispatcher.feed(frame("FRIEND_ADD"))
    dispatcher.on(qq.Event)(lambda e: calls.append("later"))
    dispatcher.feed(frame("FRIEND_ADD"))
    assert calls == ["first", "first", "later"]


# -- the generated code as code ---------------------------------------------------------

USAGE = """\
from events_qqbot._events import Dispatcher, Event, FriendAddEvent, FriendDelEvent

dispatcher = Dispatcher()


@dispatcher.on(FriendAddEvent)
def added(event: FriendAddEvent) -> None:
    print(event.d.openid)


@dispatcher.on(FriendAddEvent, FriendDelEvent)
async def friends(event: FriendAddEvent | FriendDelEvent) -> None:
    print(event.d.openid)


@dispatcher.on(Event)
def anything(event: Event) -> None:
    print(event.op)


@dispatcher.on(FriendAddEvent)
def wrong(event: FriendDelEvent) -> None:  # the one error mypy must report
    print(event.d.openid)
"""


def test_rendered_packages_pass_mypy_strict_and_handlers_are_typed(package_dir: Path) -> None:
    (package_dir / "usage.py").write_text(USAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *PACKAGES, "usage.py"],
        cwd=package_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    wrong_line = USAGE.splitlines().index("@dispatcher.on(FriendAddEvent)", 10) + 1
    assert len(errors) == 1, result.stdout
    assert errors[0].startswith(f"usage.py:{wrong_line}:"), result.stdout


def test_rendered_modules_are_black_formatted(package_dir: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "black",
            "--check",
            "-l",
            "100",
            "-q",
            *(f"{p}/_events.py" for p in PACKAGES),
        ],
        cwd=package_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_events_generator_names_no_platform() -> None:
    sources = [ROOT / "generator" / "model" / "_events.py", ROOT / "templates" / "_events.py.jinja"]
    for path in sources:
        text = path.read_text(encoding="utf-8").lower()
        assert "qq" not in text and "kook" not in text and "lanying" not in text, path


# -- x-session start-limit ---------------------------------------------------------------


def _qqbot_api_with(tmp_path: Path, start_limit: Any, key: str = "start-limit") -> Any:
    """The qqbot API built from copies of its specs, `x-session`'s `key` replaced."""
    from generator.model import build

    for source in sorted((ROOT / "specs" / "qqbot").glob("*.yaml")):
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        if source.name == "asyncapi.yaml":
            data["x-session"][key] = start_limit
        (tmp_path / source.name).write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return build(load(sorted(tmp_path.glob("*.yaml"))), "qqbot")


def test_session_start_limit_names_the_gateway_answers_fields() -> None:
    from generator.model import build
    from generator.model._types import StartLimit

    api = build(load(sorted((ROOT / "specs" / "qqbot").glob("*.yaml"))), "qqbot")
    assert api.events.session.start_limit == StartLimit(
        field="session_start_limit", remaining="remaining", reset_after="reset_after"
    )


@pytest.mark.parametrize(
    "start_limit",
    [
        "session_start_limit",
        {"field": "session_start_limit", "remaining": "remaining"},
        {"field": "session_start_limit", "remaining": 0, "reset-after": "reset_after"},
    ],
    ids=["not a mapping", "reset-after missing", "not a field name"],
)
def test_a_malformed_start_limit_is_a_spec_error_at_its_place(
    tmp_path: Path, start_limit: Any
) -> None:
    with pytest.raises(SpecError) as raised:
        _qqbot_api_with(tmp_path, start_limit)
    [problem] = raised.value.problems
    assert problem.file.endswith("asyncapi.yaml") and problem.line > 1
    assert problem.pointer == ("x-session", "start-limit")
    assert "start-limit needs field, remaining and reset-after" in problem.message


@pytest.mark.parametrize(
    ("token_format", "prefix", "suffix"),
    [
        ("QQBot {token}", "QQBot ", ""),
        ("{token}", "", ""),
        ("Bearer {token};v=2", "Bearer ", ";v=2"),
    ],
)
def test_token_format_is_split_around_the_token(
    tmp_path: Path, token_format: str, prefix: str, suffix: str
) -> None:
    session = _qqbot_api_with(tmp_path, token_format, key="token-format").events.session
    assert session.token_parts == (prefix, suffix)


@pytest.mark.parametrize(
    "token_format",
    ["Bot {token.__class__.__mro__}", "Bot {tok}", "Bot {", "{token} {token}", "Bot", 7],
)
def test_a_token_format_that_is_not_one_plain_token_field_is_a_spec_error_at_its_place(
    tmp_path: Path, token_format: Any
) -> None:
    with pytest.raises(SpecError) as raised:
        _qqbot_api_with(tmp_path, token_format, key="token-format")
    [problem] = raised.value.problems
    assert problem.file.endswith("asyncapi.yaml") and problem.line > 1
    assert problem.pointer == ("x-session", "token-format")
    assert "must hold '{token}' once" in problem.message


def test_the_gateway_joins_the_token_to_the_spec_text_and_never_formats_it() -> None:
    source = (ROOT / "generated" / "qqbot" / "_gateway.py").read_text(encoding="utf-8")
    assert 'return "QQBot " + token\n' in source
    assert ".format(" not in source


def test_frame_only_sent_carries_the_closed_twin_of_a_class_also_received(
    tmp_path: Path,
) -> None:
    data = relay_data()
    data["components"]["schemas"]["Note"] = {
        "type": "object",
        "properties": {"text": {"type": "string"}},
    }
    messages = data["components"]["messages"]
    messages["Welcome"]["payload"]["properties"]["payload"] = {"$ref": "#/components/schemas/Note"}
    messages["Ping"]["payload"]["properties"]["payload"] = {"$ref": "#/components/schemas/Note"}
    for message in ("Welcome", "Ping"):
        del messages[message]["examples"]
    path = tmp_path / "relay.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    api = build_api(load([path]), "relay")
    assert api.events is not None
    frames = by_class(api.events)
    assert frames["WelcomeFrame"].data_type == "Note"
    assert frames["PingFrame"].data_type == "NoteParam"
    assert {"Note", "NoteParam"} <= set(api.events.models)
    defs = api.models_schema["$defs"]
    assert defs["Note"]["additionalProperties"] is True
    assert defs["NoteParam"]["additionalProperties"] is False


# -- what the gateway session and the webhook app need ---------------------------------------

_HELLO_DATA = "required: [heartbeat_interval]\n      properties:\n        heartbeat_interval:"
_QQBOT_SESSION_NEEDS = [
    ("      x-role: hello\n", "", ("x-session",), "x-role: hello"),
    ("      x-role: heartbeat-ack\n", "", ("x-session",), "x-role: heartbeat-ack"),
    ("      x-role: invalid-session\n", "", ("x-session",), "x-role: invalid-session"),
    ("  sequence: s\n", "", ("x-session",), "x-frame's 'sequence' field"),
    (
        _HELLO_DATA,
        _HELLO_DATA.replace("heartbeat_", ""),
        ("x-session", "heartbeat-interval"),  # reported where the name is written
        "has no 'heartbeat_interval' field",
    ),
    ("      x-role: ack\n", "", ("x-webhook",), "x-role: ack"),
]


@pytest.mark.parametrize(
    ("removed", "instead", "pointer", "message"),
    _QQBOT_SESSION_NEEDS,
    ids=lambda v: v.strip() if isinstance(v, str) else None,
)
def test_a_session_or_webhook_missing_a_frame_or_field_it_uses_is_a_located_error(
    removed: str, instead: str, pointer: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    from generator.model import build as build_api

    text = QQBOT.read_text(encoding="utf-8")
    assert text.count(removed) == 1
    shutil.copy(QQBOT.with_name("openapi.yaml"), tmp_path / "openapi.yaml")
    spec = tmp_path / "asyncapi.yaml"
    text = text.replace(removed, instead)
    spec.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        build_api(load([tmp_path / "openapi.yaml", spec]), "qqbot")
    [problem] = caught.value.problems
    assert Path(problem.file).resolve() == spec.resolve()
    assert problem.pointer == pointer
    lines = text.splitlines()
    line = lines.index(f"{pointer[0]}:")
    for key in pointer[1:]:  # the first line below it starting with the key
        line = next(i for i in range(line, len(lines)) if lines[i].lstrip().startswith(key + ":"))
    assert problem.line == line + 1
    assert message in problem.message


def test_received_enum_frame_field_keeps_a_new_value_and_the_member_for_a_known_one(
    rl: ModuleType,
) -> None:
    models = importlib.import_module("events_relay._models")
    frame = {"kind": 0, "event": "message.created", "seq": 1, "payload": {"text": "hi"}}
    assert rl.parse_event({**frame, "priority": "urgent"}).priority == "urgent"
    known = rl.parse_event(json.dumps({**frame, "priority": "high"})).priority
    assert known is models.Priority.HIGH


def test_received_enums_in_a_frame_s_lists_and_maps_keep_new_values_and_known_members(
    rl: ModuleType,
) -> None:
    models = importlib.import_module("events_relay._models")
    payload = {"text": "hi", "urgency": {"ana": "high", "bo": "critical"}}
    frame = {"kind": 0, "event": "message.created", "seq": 1, "payload": payload}
    event = rl.parse_event(json.dumps({**frame, "escalations": ["low", "urgent"]}))
    assert event.escalations == [models.Priority.LOW, "urgent"]
    assert type(event.escalations[0]) is models.Priority
    assert event.payload.urgency == {"ana": models.Priority.HIGH, "bo": "critical"}
    assert type(event.payload.urgency["ana"]) is models.Priority


# -- a minimal events-only package -----------------------------------------------------------

_MINIMAL = """\
asyncapi: 3.0.0
info: {title: Minimal, version: '1'}
x-frame: %s
channels:
  stream:
    address: /stream
    messages: {one: {$ref: '#/components/messages/One'}}
operations:
  receiveOne:
    action: receive
    summary: Receive it.
    channel: {$ref: '#/channels/stream'}
    messages: [{$ref: '#/channels/stream/messages/one'}]
components:
  messages:
    One:
      name: one
      summary: The one frame.
%s      payload:
        type: object
        required: [op]
        properties:
%s
"""
_DISPATCH = _MINIMAL % (
    "{opcode: op, type: t, data: d}",
    "",
    "          op: {const: 0}\n          t: {const: ONE}\n          d: {type: integer}",
)
_CONTROL = _MINIMAL % (
    "{opcode: op, data: d}",
    "      x-opcode: 10\n",
    "          op: {const: 10}\n          d: {type: integer}",
)


@pytest.mark.parametrize("document", [_DISPATCH, _CONTROL], ids=["dispatch", "control"])
def test_a_minimal_events_only_package_imports_only_what_it_uses(
    document: str, tmp_path: Path
) -> None:
    (tmp_path / "minimal").mkdir()
    (tmp_path / "minimal" / "asyncapi.yaml").write_text(document, encoding="utf-8")
    package = generate_to(tmp_path / "minimal", tmp_path / "out")
    options = ("--select", "F401,I001,RUF022,E501", "--line-length", "100")
    assert ruff_findings(package, *options, "--target-version", "py311") == ""
