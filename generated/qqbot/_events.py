"""
Frames of QQ Bot gateway and webhook events (QQ机器人开放平台 事件) as typed events.

`parse_event` decodes a frame into its class: dispatch events are told apart by their
type (see `EVENTS`), control frames by their opcode. `Dispatcher` routes events to
handlers.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Mapping
from enum import IntFlag
from typing import Annotated, Any, Literal, NamedTuple, TypeVar, cast, overload

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    ValidationError,
    model_serializer,
)
from pydantic_core import CoreSchema, core_schema, from_json

from ._exceptions import QqbotError
from ._models import (
    C2CMsgReceiveData,
    C2CMsgRejectData,
    CallbackValidationData,
    FriendAddData,
    FriendDelData,
    GroupAddRobotData,
    GroupDelRobotData,
    GroupMsgReceiveData,
    GroupMsgRejectData,
    HelloData,
    IdentifyData,
    ReadyData,
    ResumeData,
)

__all__ = [
    "EVENTS",
    "C2CMsgReceiveEvent",
    "C2CMsgRejectEvent",
    "CallbackAckFrame",
    "CallbackValidationFrame",
    "Dispatcher",
    "Event",
    "EventDecodeError",
    "FriendAddEvent",
    "FriendDelEvent",
    "GroupAddRobotEvent",
    "GroupDelRobotEvent",
    "GroupMsgReceiveEvent",
    "GroupMsgRejectEvent",
    "HeartbeatAckFrame",
    "HeartbeatFrame",
    "HelloFrame",
    "IdentifyFrame",
    "Intents",
    "InvalidSessionFrame",
    "ReadyEvent",
    "ReconnectFrame",
    "ResumeFrame",
    "ResumedEvent",
    "UnknownEvent",
    "parse_event",
]

log = logging.getLogger(__name__.rpartition(".")[0])  # the package, wherever it is vendored


class Intents(IntFlag):
    """Intent flags: the groups of events a connection subscribes to. Combine them with `|`."""

    GROUP_AND_C2C_EVENT = 1 << 25


class EventDecodeError(QqbotError):
    """A frame that cannot be decoded: not a JSON object, a missing or unknown opcode, or a
    field of the wrong type. `raw` is the frame as it was received."""

    def __init__(self, raw: bytes | str | Mapping[str, Any], reason: str) -> None:
        super().__init__(f"cannot decode frame: {reason}")
        self.raw = raw
        self.reason = reason


# Each event class narrows the frame fields of Event to its own values (`op: Literal[10]`,
# an `id` it requires), by which pydantic tells the classes apart. pyright reports such a
# narrowing of a mutable field as an incompatible override; here it is deliberate.
# pyright: reportIncompatibleVariableOverride=false


class Event(BaseModel):
    """A frame of the connection; every event class derives from it.

    Fields the spec does not list are kept (`model_extra`). A frame dumps as it came with
    `model_dump(by_alias=True, exclude_unset=True)` (or `model_dump_json`), what forwarding
    it needs: a plain `model_dump()` leaves out the optional frame fields a frame does not
    carry, but gives its data's absent optional fields as None.
    """

    model_config = ConfigDict(extra="allow")

    op: int
    """Opcode: which kind of frame this is."""
    s: Annotated[int | None, Field(strict=True)] = None
    """Sequence number of the frame, on connections that number them."""
    t: str | None = None
    """Event type of a dispatch frame."""
    id: str | None = None
    """Event id."""

    @model_serializer(mode="wrap")
    def _omit_absent(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        for name in ("s", "t", "id"):
            if name in data and data[name] is None and name not in self.model_fields_set:
                del data[name]
        return data


class UnknownEvent(Event):
    """A dispatch event whose type is not in `EVENTS`: one the spec does not describe.

    Its data is the decoded JSON, unchecked. `parse_event` never makes one of a type in
    `EVENTS`: such a frame that its own class rejects is broken, not unknown.
    """

    op: Literal[0] = 0
    t: str = Field()
    d: Any = None


class HelloFrame(Event):
    """
    First frame the gateway sends after the WebSocket connection is established.

    Sent by the gateway right after the WebSocket connection is established; carries the
    heartbeat interval in milliseconds.
    """

    op: Literal[10] = 10
    """Opcode 10 (Hello)."""
    d: HelloData
    """Hello data."""


class IdentifyFrame(Event):
    """
    Client authentication, opens a session.

    Sent by the client after Hello to log in (登录鉴权). On success the gateway
    dispatches READY with the session id; only then are events pushed.
    """

    model_config = ConfigDict(extra="forbid")

    op: Literal[2] = 2
    """Opcode 2 (Identify)."""
    d: IdentifyData
    """Identify data (登录鉴权)."""


class HeartbeatFrame(Event):
    """
    Periodic heartbeat carrying the latest sequence number received.

    Sent every heartbeat_interval milliseconds after a successful Identify. `d` is the
    `s` of the latest frame the client received, or null on a first connection. The
    server may also send heartbeats.
    """

    op: Literal[1] = 1
    """Opcode 1 (Heartbeat)."""
    d: int | None
    """
    The `s` of the latest frame the client received; null on a first connection when
    nothing has been received yet.
    """


class HeartbeatAckFrame(Event):
    """
    Acknowledges a heartbeat.

    Received after a heartbeat was sent successfully.
    """

    op: Literal[11] = 11
    """Opcode 11 (Heartbeat ACK)."""


class ResumeFrame(Event):
    """
    Restores a session after a reconnect.

    Sent instead of Identify after reconnecting to the gateway (恢复登录态 Session). The
    gateway replays the events after `seq` and then dispatches RESUMED.
    """

    model_config = ConfigDict(extra="forbid")

    op: Literal[6] = 6
    """Opcode 6 (Resume)."""
    d: ResumeData
    """Resume data."""


class ReconnectFrame(Event):
    """
    The server asks the client to reconnect.

    The server tells the client to reconnect (服务端通知客户端重新连接); reconnect and
    send Resume.
    """

    op: Literal[7] = 7
    """Opcode 7 (Reconnect)."""


class InvalidSessionFrame(Event):
    """
    Identify or Resume parameters were wrong.

    Returned when the parameters of Identify or Resume are wrong (当 identify 或 resume
    的时候，如果参数有错，服务端会返回该消息).
    """

    op: Literal[9] = 9
    """Opcode 9 (Invalid Session)."""
    d: bool | None = None
    """Whether the session may be resumed (true) or a new Identify is needed (false)."""


class ReadyEvent(Event):
    """
    Identify succeeded; carries the session id.

    Dispatched after a successful Identify (鉴权成功之后 ... Ready Event). Store
    `session_id` for Resume.
    """

    op: Literal[0] = 0
    """Opcode 0 (Dispatch)."""
    t: Literal["READY"] = "READY"
    """Event type READY."""
    d: ReadyData
    """Session information after a successful Identify."""


class ResumedEvent(Event):
    """
    Resume succeeded and all missed events were replayed.

    Dispatched after a successful Resume once all missed events have been replayed; `d`
    is the empty string.
    """

    op: Literal[0] = 0
    """Opcode 0 (Dispatch)."""
    t: Literal["RESUMED"] = "RESUMED"
    """Event type RESUMED."""
    d: str | None = None
    """Always the empty string ""."""


class FriendAddEvent(Event):
    """
    A user added the bot as a friend.

    Trigger (触发场景): a user adds the bot as a 'friend' to their message list (用户添
    加机器人'好友'到消息列表). Required permission (权限要求): none (暂无). Push method
    (推送方式): WebSocket. The ice-breaker message sent after a user adds the bot is
    configured in the open platform's feature settings (添加好友后的破冰消息文案).

    Needs the `Intents.GROUP_AND_C2C_EVENT` intent.
    """

    op: Literal[0] = 0
    """Opcode 0 (Dispatch)."""
    t: Literal["FRIEND_ADD"] = "FRIEND_ADD"
    """Event type FRIEND_ADD."""
    id: str = Field()
    """Event id, "FRIEND_ADD:<uuid>"."""
    d: FriendAddData
    """FRIEND_ADD event fields (事件字段)."""


class FriendDelEvent(Event):
    """
    A user deleted the bot from their friends.

    Trigger (触发场景): a user deletes the bot 'friend' (用户删除机器人'好友'). Required
    permission (权限要求): none (暂无). Push method (推送方式): WebSocket.

    Needs the `Intents.GROUP_AND_C2C_EVENT` intent.
    """

    op: Literal[0] = 0
    """Opcode 0 (Dispatch)."""
    t: Literal["FRIEND_DEL"] = "FRIEND_DEL"
    """Event type FRIEND_DEL."""
    id: str = Field()
    """Event id, "FRIEND_DEL:<uuid>"."""
    d: FriendDelData
    """FRIEND_DEL event fields (事件字段)."""


class C2CMsgRejectEvent(Event):
    """
    A user turned off the bot's proactive messages.

    Trigger (触发场景): the user manually turns off "proactive message" push on the
    bot's profile card (用户在机器人资料卡手动关闭"主动消息"推送). Required permission
    (权限要求): none (暂无). Push method (推送方式): WebSocket. The message
    automatically pushed to the user after the proactive-message setting changes is
    configured in the open platform's feature settings (主动消息变更后自动推送给用户的消
    息文案).

    Needs the `Intents.GROUP_AND_C2C_EVENT` intent.
    """

    op: Literal[0] = 0
    """Opcode 0 (Dispatch)."""
    t: Literal["C2C_MSG_REJECT"] = "C2C_MSG_REJECT"
    """Event type C2C_MSG_REJECT."""
    id: str = Field()
    """Event id, "C2C_MSG_REJECT:<uuid>"."""
    d: C2CMsgRejectData
    """C2C_MSG_REJECT event fields (事件字段)."""


class C2CMsgReceiveEvent(Event):
    """
    A user turned on the bot's proactive messages.

    Trigger (触发场景): the user manually turns on the "proactive message" push switch
    on the bot's profile card (用户在机器人资料卡手动开启"主动消息"推送开关). Required
    permission (权限要求): none (暂无). Push method (推送方式): WebSocket. The message
    automatically pushed to the user after the proactive-message setting changes is
    configured in the open platform's feature settings (主动消息变更后自动推送给用户的消
    息文案).

    Needs the `Intents.GROUP_AND_C2C_EVENT` intent.
    """

    op: Literal[0] = 0
    """Opcode 0 (Dispatch)."""
    t: Literal["C2C_MSG_RECEIVE"] = "C2C_MSG_RECEIVE"
    """Event type C2C_MSG_RECEIVE."""
    id: str = Field()
    """Event id, "C2C_MSG_RECEIVE:<uuid>"."""
    d: C2CMsgReceiveData
    """C2C_MSG_RECEIVE event fields (事件字段)."""


class GroupAddRobotEvent(Event):
    """
    The bot was added to a group chat.

    Trigger (触发场景): the bot is added to a group chat (机器人被添加到群聊). Required
    permission (权限要求): none (暂无). Push method (推送方式): WebSocket. The
    ice-breaker message sent when the bot joins a group is configured in the open
    platform's feature settings (进群破冰消息配置).

    Needs the `Intents.GROUP_AND_C2C_EVENT` intent.
    """

    op: Literal[0] = 0
    """Opcode 0 (Dispatch)."""
    t: Literal["GROUP_ADD_ROBOT"] = "GROUP_ADD_ROBOT"
    """Event type GROUP_ADD_ROBOT."""
    id: str = Field()
    """Event id, "GROUP_ADD_ROBOT:<uuid>"."""
    d: GroupAddRobotData
    """GROUP_ADD_ROBOT event fields (事件字段)."""


class GroupDelRobotEvent(Event):
    """
    The bot was removed from a group chat.

    Trigger (触发场景): the bot is removed from a group chat (机器人被移出群聊).
    Required permission (权限要求): none (暂无). Push method (推送方式): WebSocket.

    Needs the `Intents.GROUP_AND_C2C_EVENT` intent.
    """

    op: Literal[0] = 0
    """Opcode 0 (Dispatch)."""
    t: Literal["GROUP_DEL_ROBOT"] = "GROUP_DEL_ROBOT"
    """Event type GROUP_DEL_ROBOT."""
    id: str = Field()
    """Event id, "GROUP_DEL_ROBOT:<uuid>"."""
    d: GroupDelRobotData
    """GROUP_DEL_ROBOT event fields (事件字段)."""


class GroupMsgRejectEvent(Event):
    """
    A group admin turned off the bot's proactive messages in the group.

    Trigger (触发场景): a group administrator turns off notifications on the bot's
    profile page (群管理员主动在机器人资料页操作关闭通知). Required permission (权限要
    求): none (暂无). Push method (推送方式): WebSocket.

    Needs the `Intents.GROUP_AND_C2C_EVENT` intent.
    """

    op: Literal[0] = 0
    """Opcode 0 (Dispatch)."""
    t: Literal["GROUP_MSG_REJECT"] = "GROUP_MSG_REJECT"
    """Event type GROUP_MSG_REJECT."""
    id: str = Field()
    """Event id, "GROUP_MSG_REJECT:<uuid>"."""
    d: GroupMsgRejectData
    """GROUP_MSG_REJECT event fields (事件字段)."""


class GroupMsgReceiveEvent(Event):
    """
    A group admin turned on the bot's proactive messages in the group.

    Trigger (触发场景): a group administrator turns on notifications on the bot's
    profile page (群管理员主动在机器人资料页操作开启通知). Required permission (权限要
    求): none (暂无). Push method (推送方式): WebSocket.

    Needs the `Intents.GROUP_AND_C2C_EVENT` intent.
    """

    op: Literal[0] = 0
    """Opcode 0 (Dispatch)."""
    t: Literal["GROUP_MSG_RECEIVE"] = "GROUP_MSG_RECEIVE"
    """Event type GROUP_MSG_RECEIVE."""
    id: str = Field()
    """Event id, "GROUP_MSG_RECEIVE:<uuid>"."""
    d: GroupMsgReceiveData
    """GROUP_MSG_RECEIVE event fields (事件字段)."""


class CallbackValidationFrame(Event):
    """
    The platform validates the bot's callback URL.

    Sent by the platform after the callback URL is configured (回调地址验证). The bot
    answers with CallbackValidationResponse in the HTTP response.
    """

    op: Literal[13] = 13
    """Opcode 13 (callback URL validation, 回调地址验证)."""
    d: CallbackValidationData
    """Callback validation data (请求结构 Payload.d)."""


class CallbackAckFrame(Event):
    """
    Acknowledges a webhook delivery (HTTP response body).

    Returned by the bot as the HTTP response body to a webhook dispatch, meaning the bot
    received the pushed data (仅用于 http 回调模式的回包，代表机器人收到了平台推送的数
    据).
    """

    model_config = ConfigDict(extra="forbid")

    op: Literal[12] = 12
    """Opcode 12 (HTTP Callback ACK)."""
    d: Literal[0]
    """Always 0."""


EVENTS: dict[str, type[Event]] = {
    "READY": ReadyEvent,
    "RESUMED": ResumedEvent,
    "FRIEND_ADD": FriendAddEvent,
    "FRIEND_DEL": FriendDelEvent,
    "C2C_MSG_REJECT": C2CMsgRejectEvent,
    "C2C_MSG_RECEIVE": C2CMsgReceiveEvent,
    "GROUP_ADD_ROBOT": GroupAddRobotEvent,
    "GROUP_DEL_ROBOT": GroupDelRobotEvent,
    "GROUP_MSG_REJECT": GroupMsgRejectEvent,
    "GROUP_MSG_RECEIVE": GroupMsgReceiveEvent,
}
"""Dispatch event classes by event type."""

_CONTROL_FRAMES: dict[int, type[Event]] = {
    10: HelloFrame,
    2: IdentifyFrame,
    1: HeartbeatFrame,
    11: HeartbeatAckFrame,
    6: ResumeFrame,
    7: ReconnectFrame,
    9: InvalidSessionFrame,
    13: CallbackValidationFrame,
    12: CallbackAckFrame,
}
_DISPATCH_OPCODE = 0

# Every valid frame goes from bytes (or str) to its typed event in one pass of pydantic-core,
# with no Python code on the way; only a broken frame takes the slow path, `_decode`, to say
# what is wrong. The validator's methods are called directly: TypeAdapter's Python wrapper
# costs about as much as the validation itself.


class _Frame:
    """Every frame `parse_event` accepts, as one pydantic-core schema: a frame picked by its
    opcode (`_CONTROL_FRAMES`), and under the dispatch opcode an event picked by its type
    (`EVENTS`), else an `UnknownEvent`. A frame without opcode matches nothing, although
    the event classes default theirs.

    Each pick is one dict lookup, however many types the table holds. A type outside
    `EVENTS` gets a custom error: the default one spells out every type of the table, and
    would be built for every such frame.
    """

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        by_opcode: dict[int, CoreSchema] = {
            opcode: handler(frame) for opcode, frame in _CONTROL_FRAMES.items()
        }
        by_type: dict[str, CoreSchema] = {
            event_type: handler(event) for event_type, event in EVENTS.items()
        }
        by_opcode[_DISPATCH_OPCODE] = core_schema.union_schema(
            [
                core_schema.tagged_union_schema(
                    by_type,
                    discriminator="t",
                    custom_error_type="not_in_events",
                    custom_error_message="Not an event type of EVENTS",
                ),
                handler(UnknownEvent),
            ],
            mode="left_to_right",
        )
        return core_schema.tagged_union_schema(by_opcode, discriminator="op")


_validator = TypeAdapter(_Frame).validator
# Any input: a Mapping gets a ValidationError, as broken JSON text does.
_validate_json = cast(Callable[[object], Any], _validator.validate_json)


def parse_event(raw: bytes | str | Mapping[str, Any]) -> Event:
    """Decode one frame, JSON text or an already decoded object, into its event class.

    A dispatch event whose type is not in `EVENTS` becomes an `UnknownEvent`.

    Raises:
        EventDecodeError: The frame is not a JSON object, its opcode is missing or unknown,
            or a field has the wrong type.
    """
    try:
        event: Event | None = _validate_json(raw)
    except ValidationError:
        event = None
    if event is None or (type(event) is UnknownEvent and event.t in EVENTS):
        return _decode(raw)  # rejected, or an event its own class rejected: broken, not unknown
    return event


def _decode(raw: bytes | str | Mapping[str, Any]) -> Event:
    """Decode a frame the one-pass validator rejected step by step, to say what is wrong."""
    frame: Any = raw
    if isinstance(raw, (bytes, bytearray, str)):
        try:
            frame = from_json(raw)  # as the validator parses it: nesting is bounded
        except ValueError as error:
            raise EventDecodeError(raw, f"not JSON: {error}") from error
        except TypeError:  # pydantic-core's error for a str that UTF-8 cannot encode
            raise EventDecodeError(raw, _not_utf8(raw)) from None
    if not isinstance(frame, Mapping):
        raise EventDecodeError(raw, f"not a JSON object: {type(frame).__name__}")
    fields = cast(Mapping[str, Any], frame)
    opcode = fields.get("op")
    if type(opcode) is not int:
        raise EventDecodeError(raw, "no integer opcode ('op')")
    if opcode == _DISPATCH_OPCODE:
        event_type = fields.get("t")
        cls = EVENTS.get(event_type, UnknownEvent) if isinstance(event_type, str) else UnknownEvent
    elif opcode in _CONTROL_FRAMES:
        cls = _CONTROL_FRAMES[opcode]
    else:
        raise EventDecodeError(raw, f"unknown opcode {opcode}")
    try:
        return cls.model_validate(frame)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors(include_url=False)
        )
        raise EventDecodeError(raw, f"{cls.__name__}: {problems}") from error


def _not_utf8(raw: bytes | bytearray | str) -> str:
    """Why pydantic-core refused `raw` with a TypeError: a str holding a lone surrogate (half
    of a UTF-16 pair, as `json.loads` makes of a `"\\ud83d"`), which UTF-8 cannot encode."""
    try:
        if isinstance(raw, str):
            raw.encode()
    except UnicodeEncodeError as error:
        character = error.object[error.start]
        return f"not JSON: {character!r} at {error.start} is a lone surrogate, not UTF-8 text"
    return "not JSON text"


_E = TypeVar("_E", bound=Event)
_E2 = TypeVar("_E2", bound=Event)
_E3 = TypeVar("_E3", bound=Event)
_E4 = TypeVar("_E4", bound=Event)
_E5 = TypeVar("_E5", bound=Event)
_E6 = TypeVar("_E6", bound=Event)
_R = TypeVar("_R")


class _Handler(NamedTuple):
    func: Callable[[Any], Any]
    is_async: bool


class Dispatcher:
    """Routes events to the handlers registered for their class.

    A handler registered for a class also gets the events of its subclasses, so `on(Event)`
    is a catch-all. An event's handlers run one after another, in registration order. A
    handler that raises, and a frame that cannot be decoded, go to `on_error` (by default
    they are logged); the other handlers, and the next frames, still run.

    Args:
        on_error: Called with the exception and the event (None for an `EventDecodeError`,
            whose `raw` is the frame). It may be async when events come through the async
            methods (`dispatch_async`, `feed_async`, `report_async`). An exception it raises
            is logged, never propagated.

    Example:
        dispatcher = Dispatcher()

        @dispatcher.on(FriendAddEvent)
        async def handle(event: FriendAddEvent) -> None: ...

        await dispatcher.feed_async(frame)
    """

    def __init__(
        self, *, on_error: Callable[[Exception, Event | None], object] | None = None
    ) -> None:
        self._on_error = on_error or _log_error
        self._registered: list[tuple[tuple[type[Event], ...], _Handler]] = []
        # The handlers of each event class, in order, worked out when it is first dispatched.
        self._routes: dict[type[Event], tuple[_Handler, ...]] = {}
        self._sync_routes: dict[type[Event], tuple[Callable[[Any], Any], ...]] = {}

    @overload
    def on(self, event_type: type[_E], /) -> Callable[[Callable[[_E], _R]], Callable[[_E], _R]]: ...

    @overload
    def on(
        self, first: type[_E], second: type[_E2], /
    ) -> Callable[[Callable[[_E | _E2], _R]], Callable[[_E | _E2], _R]]: ...

    @overload
    def on(
        self, first: type[_E], second: type[_E2], third: type[_E3], /
    ) -> Callable[[Callable[[_E | _E2 | _E3], _R]], Callable[[_E | _E2 | _E3], _R]]: ...

    @overload
    def on(
        self, first: type[_E], second: type[_E2], third: type[_E3], fourth: type[_E4], /
    ) -> Callable[[Callable[[_E | _E2 | _E3 | _E4], _R]], Callable[[_E | _E2 | _E3 | _E4], _R]]: ...

    @overload
    def on(
        self,
        first: type[_E],
        second: type[_E2],
        third: type[_E3],
        fourth: type[_E4],
        fifth: type[_E5],
        /,
    ) -> Callable[
        [Callable[[_E | _E2 | _E3 | _E4 | _E5], _R]], Callable[[_E | _E2 | _E3 | _E4 | _E5], _R]
    ]: ...

    @overload
    def on(
        self,
        first: type[_E],
        second: type[_E2],
        third: type[_E3],
        fourth: type[_E4],
        fifth: type[_E5],
        sixth: type[_E6],
        /,
    ) -> Callable[
        [Callable[[_E | _E2 | _E3 | _E4 | _E5 | _E6], _R]],
        Callable[[_E | _E2 | _E3 | _E4 | _E5 | _E6], _R],
    ]: ...

    # Seven classes or more: the handler takes their nearest common base. None is no call.
    @overload
    def on(
        self, first: type[_E], /, *more: type[_E]
    ) -> Callable[[Callable[[_E], _R]], Callable[[_E], _R]]: ...

    def on(self, *event_types: type[Event]) -> Callable[[Callable[[Any], _R]], Callable[[Any], _R]]:
        """Register the decorated function, sync or async, for events of these classes."""
        if not event_types:
            raise TypeError("on() needs at least one event class")
        for event_type in event_types:
            if not _is_event_class(event_type):
                raise TypeError(f"on() takes event classes, not {event_type!r}")

        def register(handler: Callable[[Any], _R]) -> Callable[[Any], _R]:
            if not callable(handler):
                raise TypeError(f"a handler must be callable, not {handler!r}")
            self._registered.append((event_types, _Handler(handler, _is_async(handler))))
            self._routes.clear()
            self._sync_routes.clear()
            return handler

        return register

    def dispatch(self, event: Event) -> None:
        """Run the handlers of `event`; they must all be sync (else use `dispatch_async`).

        Raises:
            TypeError: An async handler is registered for the event's class.
        """
        try:
            handlers = self._sync_routes[type(event)]
        except KeyError:
            handlers = self._sync_route(type(event))
        for handler in handlers:
            try:
                result = handler(event)
                if result is not None and inspect.isawaitable(result):
                    _discard(result)
                    raise TypeError(
                        f"handler {_name(handler)} returned an awaitable: use dispatch_async()"
                    )
            except Exception as error:
                self.report(error, event)

    async def dispatch_async(self, event: Event) -> None:
        """Run the handlers of `event`, awaiting the async ones (and what sync ones return
        when it is awaitable)."""
        try:
            handlers = self._routes[type(event)]
        except KeyError:
            handlers = self._route(type(event))
        for handler, is_async in handlers:
            try:
                if is_async:
                    await handler(event)
                else:
                    result = handler(event)
                    if result is not None and inspect.isawaitable(result):
                        await result
            except Exception as error:
                await self.report_async(error, event)

    def report(self, error: Exception, event: Event | None) -> None:
        """Hand an error to `on_error`, as `dispatch` and `feed` do with their own.

        An async `on_error` cannot run here: the error is logged instead (use `report_async`).
        """
        try:
            result = self._on_error(error, event)
        except Exception:
            log.exception("on_error raised while handling %r", error)
            return
        if inspect.isawaitable(result):
            _discard(result)
            log.error("on_error is async: use the async methods; unhandled error", exc_info=error)

    async def report_async(self, error: Exception, event: Event | None) -> None:
        """Hand an error to `on_error`, awaiting it when it is async."""
        try:
            result = self._on_error(error, event)
            if inspect.isawaitable(result):
                await result
        except Exception:
            log.exception("on_error raised while handling %r", error)

    def feed(self, raw: bytes | str | Mapping[str, Any]) -> Event | None:
        """Decode a frame and `dispatch` it; returns the event, None when undecodable (the
        `EventDecodeError` goes to `on_error`)."""
        # parse_event and dispatch, inline: this is the path of every frame
        try:
            event: Event | None = _validate_json(raw)
        except ValidationError:
            event = None
        if event is None or (type(event) is UnknownEvent and event.t in EVENTS):
            try:
                event = _decode(raw)
            except EventDecodeError as error:
                self.report(error, None)
                return None
        try:
            handlers = self._sync_routes[type(event)]
        except KeyError:
            handlers = self._sync_route(type(event))
        for handler in handlers:
            try:
                result = handler(event)
                if result is not None and inspect.isawaitable(result):
                    _discard(result)
                    raise TypeError(
                        f"handler {_name(handler)} returned an awaitable: use dispatch_async()"
                    )
            except Exception as error:
                self.report(error, event)
        return event

    async def feed_async(self, raw: bytes | str | Mapping[str, Any]) -> Event | None:
        """Decode a frame and `dispatch_async` it; returns the event, None when undecodable
        (the `EventDecodeError` goes to `on_error`)."""
        try:
            event = parse_event(raw)
        except EventDecodeError as error:
            await self.report_async(error, None)
            return None
        await self.dispatch_async(event)
        return event

    def _route(self, cls: type[Event]) -> tuple[_Handler, ...]:
        route = tuple(handler for types, handler in self._registered if issubclass(cls, types))
        self._routes[cls] = route
        return route

    def _sync_route(self, cls: type[Event]) -> tuple[Callable[[Any], Any], ...]:
        route = self._routes[cls] if cls in self._routes else self._route(cls)
        for handler in route:
            if handler.is_async:
                raise TypeError(
                    f"{cls.__name__} has an async handler ({_name(handler.func)}):"
                    " use dispatch_async()"
                )
        handlers = self._sync_routes[cls] = tuple(handler.func for handler in route)
        return handlers


def is_number(value: object, *, whole: bool = False) -> bool:
    """Whether a setting is a number as passed (annotations are not enforced), not a bool:
    the gateway's and the webhook app's checks share it."""
    return isinstance(value, int if whole else (int, float)) and not isinstance(value, bool)


def _is_event_class(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, Event)


def _is_async(handler: object) -> bool:
    """Whether calling `handler` gives a coroutine: an async function, or an object whose
    __call__ is one."""
    return inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(
        getattr(handler, "__call__", None)
    )


def _name(handler: Callable[[Any], Any]) -> str:
    return getattr(handler, "__qualname__", None) or repr(handler)


def _discard(awaitable: object) -> None:
    """Close a coroutine that will never be awaited (so Python does not warn about it)."""
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()


def _log_error(error: Exception, event: Event | None) -> None:
    what = "a frame" if event is None else type(event).__name__
    log.error("error handling %s", what, exc_info=error)
