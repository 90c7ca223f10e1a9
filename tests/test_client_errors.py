"""How calls fail: status classes, envelope codes, decode errors, timeouts, connection
errors, bad arguments and bad configuration. Real HTTP against `botspec mock`; faults
are injected through its /__botspec__/faults endpoint."""

from __future__ import annotations

import asyncio
import pickle
import re
import warnings
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import Any

import httpx
import pydantic
import pytest
from gen_support import FakeClock, RecordingServer, refused_port
from mockserver import MockServer

KOOK_TOKEN = "kook-token-errors-51"

STATUS_CLASSES = [
    (400, "BadRequestError"),
    (401, "UnauthorizedError"),
    (403, "ForbiddenError"),
    (404, "NotFoundError"),
    (429, "RateLimitError"),
    (500, "ServerError"),
    (502, "ServerError"),
    (503, "ServerError"),
    (409, "ApiError"),
    (418, "ApiError"),
]


def kook_client(kook: ModuleType, server: MockServer, cls: str = "Client", **kwargs: Any) -> Any:
    return getattr(kook, cls)(token=KOOK_TOKEN, base_url=server.url + "/api/v3", **kwargs)


def qqbot_client(qqbot: ModuleType, server: MockServer, **kwargs: Any) -> Any:
    return qqbot.Client(
        app_id="1001",
        client_secret="qq-secret-errors",
        base_url=server.url,
        token_url=server.url + "/app/getAppAccessToken",
        **kwargs,
    )


# -- HTTP status classes ------------------------------------------------------------


@pytest.mark.parametrize("package", ["kook", "lanying", "qqbot"])
def test_api_error_class_names_end_in_error(package: str, request: pytest.FixtureRequest) -> None:
    api = request.getfixturevalue(package)
    classes = [getattr(api, n) for n in api.__all__]
    errors = [c for c in classes if isinstance(c, type) and issubclass(c, api.ApiError)]
    assert sorted(c.__name__ for c in errors) == [
        "ApiError", "BadRequestError", "ForbiddenError", "NotFoundError", "RateLimitError",
        "ServerError", "UnauthorizedError",
    ]  # fmt: skip


@pytest.mark.parametrize(("status", "class_name"), STATUS_CLASSES)
def test_kook_http_status_maps_to_its_exception_class(
    kook: ModuleType, kook_mock: MockServer, status: int, class_name: str
) -> None:
    kook_mock.fault(operation="me", status=status, message="refused by the mock")
    with (
        kook_client(kook, kook_mock, max_retries=0) as client,
        pytest.raises(kook.ApiError) as info,
    ):
        client.user.me()
    error = info.value
    assert type(error) is getattr(kook, class_name)
    assert isinstance(error, kook.KookError)
    assert error.status_code == status
    assert error.operation == "me"
    assert error.code == status  # the mock's envelope carries the status as its code
    assert error.message == "refused by the mock"
    assert isinstance(error.response, httpx.Response)
    assert error.call == "user.me()"
    assert str(error).startswith("user.me(): refused by the mock (HTTP ")


@pytest.mark.parametrize(("status", "class_name"), STATUS_CLASSES)
def test_qqbot_http_status_maps_to_its_exception_class_with_code_and_trace_id(
    qqbot: ModuleType, qqbot_mock: MockServer, status: int, class_name: str
) -> None:
    qqbot_mock.fault(
        operation="getGatewayBot",
        count=2 if status == 401 else 1,  # a 401 is tried once more with a new token
        status=status,
        body={"code": 11253, "message": "check app privilege not pass", "err_code": 11253,
              "trace_id": "trace-in-body"},
    )  # fmt: skip
    with (
        qqbot_client(qqbot, qqbot_mock, max_retries=0) as client,
        pytest.raises(qqbot.ApiError) as info,
    ):
        client.gateway.get_gateway_bot()
    error = info.value
    assert type(error) is getattr(qqbot, class_name)
    assert (error.status_code, error.code) == (status, 11253)
    assert error.message == "check app privilege not pass"
    assert error.trace_id == "trace-in-body"
    assert error.body["err_code"] == 11253
    assert "trace-in-body" in str(error)


def test_qqbot_trace_id_header_wins_over_the_body(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    qqbot_mock.fault(
        operation="getGateway",
        status=500,
        headers={"X-Tps-trace-ID": "trace-in-header"},
        body={"code": 500, "message": "boom", "trace_id": "trace-in-body"},
    )
    with (
        qqbot_client(qqbot, qqbot_mock, max_retries=0) as client,
        pytest.raises(qqbot.ServerError) as info,
    ):
        client.gateway.get_gateway()
    assert info.value.trace_id == "trace-in-header"


def test_rate_limited_carries_retry_after_bucket_and_global_flag(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    kook_mock.fault(
        operation="me",
        status=429,
        headers={
            "X-Rate-Limit-Remaining": "0",
            "X-Rate-Limit-Reset": "0.05",
            "X-Rate-Limit-Bucket": "user/me",
            "X-Rate-Limit-Global": "1",
        },
    )
    with (
        kook_client(kook, kook_mock, max_retries=0) as client,
        pytest.raises(kook.RateLimitError) as info,
    ):
        client.user.me()
    assert info.value.retry_after == pytest.approx(0.05)
    assert info.value.bucket == "user/me"
    assert info.value.is_global is True


def test_rate_limited_prefers_retry_after_and_is_not_global_without_the_header(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    kook_mock.fault(
        operation="me",
        status=429,
        headers={"Retry-After": "0.07", "X-Rate-Limit-Reset": "9", "X-Rate-Limit-Bucket": "b"},
    )
    with (
        kook_client(kook, kook_mock, max_retries=0) as client,
        pytest.raises(kook.RateLimitError) as info,
    ):
        client.user.me()
    assert info.value.retry_after == pytest.approx(0.07)
    assert info.value.is_global is False


# -- envelopes ----------------------------------------------------------------------


def test_kook_envelope_code_raises_api_error_with_code_and_message(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    kook_mock.fault(operation="view", envelope_code=40000, message="用户不存在")
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.ApiError) as info:
        client.user.view(user_id="1")
    error = info.value
    assert type(error) is kook.ApiError
    assert (error.status_code, error.code, error.message) == (200, 40000, "用户不存在")
    assert error.operation == "view"
    assert len(kook_mock.requests("view")) == 1  # an API error is an answer: no retry


def test_an_envelope_code_sent_as_a_string_is_quoted_in_the_message(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    kook_mock.fault(operation="view", status=200, body={"code": "0", "message": "", "data": {}})
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.ApiError) as info:
        client.user.view(user_id="1")
    assert info.value.code == "0"
    assert str(info.value) == "user.view(): request failed (HTTP 200, code '0')"


@pytest.mark.parametrize("code", [[0], {"code": 0}, False])
def test_an_envelope_code_no_success_code_is_in_json_raises_api_error_with_the_body(
    kook: ModuleType, kook_mock: MockServer, code: Any
) -> None:
    """JSON's `false` is not KOOK's success code 0, though Python's False == 0; a list or
    object is no code at all (nor hashable)."""
    body = {"code": code, "message": "odd", "data": {}}
    kook_mock.fault(operation="view", status=200, body=body)
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.ApiError) as info:
        client.user.view(user_id="1")
    assert type(info.value) is kook.ApiError
    assert (info.value.status_code, info.value.code, info.value.body) == (200, code, body)


@pytest.mark.parametrize("code", [[0], False])
def test_a_page_whose_envelope_code_no_success_code_is_in_json_raises_api_error(
    lists_api: ModuleType, lists_mock: MockServer, code: Any
) -> None:
    body = {"code": code, "message": "odd", "data": {"items": [], "meta": {"page_total": 1}}}
    lists_mock.fault(operation="listGuilds", status=200, body=body)
    with (
        lists_api.Client(token="t", base_url=lists_mock.url) as client,
        pytest.raises(lists_api.ApiError) as info,
    ):
        list(client.guild.iter_guilds())
    assert (info.value.code, info.value.body) == (code, body)


@pytest.mark.parametrize("status", [200, 401])
def test_kook_401_envelope_with_foreign_data_decodes_into_unauthorized(
    kook: ModuleType, kook_mock: MockServer, status: int
) -> None:
    """KOOK answers bad tokens with data {"name", "status"}, which is no CurrentUser."""
    body = {
        "code": 401,
        "message": "你的用户凭证不正确",
        "data": {"name": "UnauthorizedError", "status": 401},
    }
    kook_mock.fault(operation="me", status=status, body=body)
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.UnauthorizedError) as info:
        client.user.me()
    assert info.value.code == 401
    assert info.value.status_code == status
    assert info.value.message == "你的用户凭证不正确"
    assert info.value.body["data"] == {"name": "UnauthorizedError", "status": 401}


@pytest.mark.parametrize(
    ("code", "name"),
    [
        (401, "UnauthorizedError"),
        (404, "NotFoundError"),
        (500, "ServerError"),
        (503, "ServerError"),
        (40000, "ApiError"),
        (5000, "ApiError"),
    ],
)
def test_an_envelope_code_that_is_an_http_status_is_classed_as_that_status(
    kook: ModuleType, kook_mock: MockServer, code: int, name: str
) -> None:
    kook_mock.fault(operation="view", envelope_code=code, message="no")
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.ApiError) as info:
        client.user.view(user_id="1")
    assert type(info.value) is getattr(kook, name)
    assert (info.value.status_code, info.value.code) == (200, code)


def test_lanying_envelope_code_raises_api_error(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    lanying_mock.fault(operation="getProfile", envelope_code=20017, message="user not exist")
    with (
        lanying.Client(access_token="t", app_id="1", base_url=lanying_mock.url) as client,
        pytest.raises(lanying.ApiError) as info,
    ):
        client.user.get_profile()
    assert type(info.value) is lanying.ApiError
    assert (info.value.code, info.value.message) == (20017, "user not exist")


def test_async_envelope_error_is_the_same_exception(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    kook_mock.fault(operation="me", envelope_code=40300, message="no")

    async def run() -> None:
        async with kook_client(kook, kook_mock, "AsyncClient") as client:
            await client.user.me()

    with pytest.raises(kook.ApiError) as info:
        asyncio.run(run())
    assert info.value.code == 40300


# -- decoding -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<html>502 Bad Gateway</html>", "not JSON"),
        ([1, 2, 3], "not a JSON object"),
        ({"code": 0, "message": "", "data": {"id": 5}}, "id"),
        ({"code": 0, "message": "", "data": "a string"}, "valid"),
        ({"code": 0, "message": ""}, "the envelope's 'data' field is missing"),
        ({"code": 0, "message": "", "data": None}, "the envelope's 'data' field is null"),
    ],
)
def test_kook_undecodable_success_body_raises_decode_error_naming_the_operation(
    kook: ModuleType, kook_mock: MockServer, body: Any, reason: str
) -> None:
    kook_mock.fault(operation="me", status=200, body=body)
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.DecodeError) as info:
        client.user.me()
    assert info.value.operation == "me"
    assert str(info.value).startswith("user.me(): cannot decode the response")
    assert reason in info.value.reason
    assert isinstance(info.value.response, httpx.Response)


@pytest.mark.parametrize("body", ["not json", {"url": 5}, {"no_url": "x"}, [1]])
def test_qqbot_undecodable_body_raises_decode_error(
    qqbot: ModuleType, qqbot_mock: MockServer, body: Any
) -> None:
    qqbot_mock.fault(operation="getGateway", status=200, body=body)
    with qqbot_client(qqbot, qqbot_mock) as client, pytest.raises(qqbot.DecodeError) as info:
        client.gateway.get_gateway()
    assert info.value.operation == "getGateway"
    assert str(info.value).startswith("gateway.get_gateway(): cannot decode the response")


# -- transport failures -------------------------------------------------------------


def test_slow_answer_raises_api_timeout_error(kook: ModuleType, kook_mock: MockServer) -> None:
    kook_mock.fault(operation="online", hold=True)
    with (
        kook_client(kook, kook_mock, timeout=0.1) as client,
        pytest.raises(kook.ApiTimeoutError) as info,
    ):
        client.user.online()
    assert isinstance(info.value, kook.ApiConnectionError)
    assert info.value.operation == "online"
    assert str(info.value).startswith("user.online(): timed out")


class TimeoutsSeen(httpx.HTTPTransport):
    """httpx's own transport, noting the timeout each request carries to it (the
    `timeout` extension httpcore applies to the connection)."""

    def __init__(self) -> None:
        super().__init__()
        self.timeouts: list[dict[str, float | None]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.timeouts.append(request.extensions["timeout"])
        return super().handle_request(request)


def _held_offline_call(client: Any, server: MockServer, **kwargs: Any) -> Any:
    """`client.user.offline(**kwargs)` in a thread, its answer held by the mock until the
    call is known to be waiting for it, then released: its result."""
    server.fault(operation="offline", hold=True)
    with ThreadPoolExecutor(1) as pool:
        call = pool.submit(client.user.offline, **kwargs)
        try:
            server.wait_held()
            assert not call.done()
        finally:  # a failed wait must not leave the call held: the pool waits for it
            released = server.release()
        assert released == 1
        return call.result(timeout=60)


def test_per_call_timeout_overrides_the_client_timeout(
    kook: ModuleType, kook_mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    FakeClock().install(kook._base_client, monkeypatch)  # no time passes: none is cut off
    seen = TimeoutsSeen()
    with kook_client(kook, kook_mock, timeout=0.05, max_retries=0, transport=seen) as client:
        assert _held_offline_call(client, kook_mock, timeout=30.0) == {}
    assert seen.timeouts == [httpx.Timeout(30.0).as_dict()]  # not the client's 0.05
    kook_mock.fault(operation="offline", hold=True)  # never released: only a timeout ends it
    with kook_client(kook, kook_mock, timeout=5.0) as client, pytest.raises(kook.ApiTimeoutError):
        client.user.offline(timeout=0.1)


ME = {"code": 0, "message": "", "data": {"id": "1", "username": "u", "identify_num": "0001"}}


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_an_answer_still_coming_when_the_calls_timeout_passes_raises_api_timeout_error(
    kook: ModuleType, cls: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each read waits at most the timeout, so a server trickling its answer kept a call going
    for as long as it liked; the timeout now bounds the whole call, which is not retried."""
    clock = FakeClock().install(kook._base_client, monkeypatch)

    async def call_async(client: Any) -> None:
        async with client:
            await client.user.me(timeout=5.0)

    with RecordingServer() as server:
        server.reply(ME, midway=lambda: clock.advance(6.0))
        server.reply(ME)  # what a retry would be answered
        client = getattr(kook, cls)(token=KOOK_TOKEN, base_url=server.url)
        with pytest.raises(kook.ApiTimeoutError) as info:
            if cls == "AsyncClient":
                asyncio.run(call_async(client))
            else:
                with client:
                    client.user.me(timeout=5.0)
        assert len(server.requests) == 1
    assert str(info.value) == "user.me(): timed out (ReadTimeout)"


def test_a_retry_is_given_only_the_time_left_of_the_calls_timeout(
    kook: ModuleType, kook_mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock().install(kook._base_client, monkeypatch)
    kook_mock.fault(operation="me", status=503, headers={"Retry-After": "2"})
    seen = TimeoutsSeen()
    with kook_client(kook, kook_mock, transport=seen) as client:
        client.user.me(timeout=httpx.Timeout(5.0, connect=1.0))
    assert clock.asked == [2.0]
    assert seen.timeouts == [
        httpx.Timeout(5.0, connect=1.0).as_dict(),
        httpx.Timeout(3.0, connect=1.0).as_dict(),  # 5 s less the 2 s the retry waited
    ]


def test_per_call_timeout_none_means_no_timeout(kook: ModuleType, kook_mock: MockServer) -> None:
    seen = TimeoutsSeen()
    with kook_client(kook, kook_mock, timeout=0.05, max_retries=0, transport=seen) as client:
        assert _held_offline_call(client, kook_mock, timeout=None) == {}
    assert seen.timeouts == [httpx.Timeout(None).as_dict()]
    assert seen.timeouts[0]["read"] is None


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize("pooled", [False, True], ids=["new connection", "pooled connection"])
def test_per_call_timeout_zero_times_out_where_the_client_timeout_would_not(
    kook: ModuleType, kook_mock: MockServer, cls: str, pooled: bool
) -> None:
    """Zero gives httpx no time at all: the connect (or, on a pooled connection, the read of
    the answer the mock holds) times out, where the client's 5 s would wait for it. The sync
    transport's non-blocking socket fails such a wait as a ConnectError or ReadError."""
    client = kook_client(kook, kook_mock, cls, timeout=5.0, max_retries=0)

    async def call_async() -> None:
        async with client:
            if pooled:
                await client.user.get_online_status()
            kook_mock.fault(operation="offline", hold=True)
            await client.user.offline(timeout=0)

    with pytest.raises(kook.ApiTimeoutError) as info:
        if cls == "AsyncClient":
            asyncio.run(call_async())
        with client:
            if pooled:
                client.user.get_online_status()
            kook_mock.fault(operation="offline", hold=True)
            client.user.offline(timeout=0)
    waits = "(Write|Read)" if pooled else "Connect"  # async: the write of a 0 s limit fails
    assert re.fullmatch(rf"user\.offline\(\): timed out \({waits}Timeout\)", str(info.value))


def test_per_call_timeout_of_the_wrong_type_raises_invalid_argument_before_sending(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.InvalidArgument) as info:
        client.user.offline(timeout="5")
    assert str(info.value) == (
        "user.offline(): argument 'timeout': must be seconds, an httpx.Timeout or None, got str"
    )
    assert kook_mock.requests() == []


UNUSABLE_TIMEOUTS = [-1, float("nan"), float("inf"), 1e300, httpx.Timeout(5.0, read=-1)]


@pytest.mark.parametrize("timeout", UNUSABLE_TIMEOUTS, ids=repr)
def test_per_call_timeout_negative_or_not_finite_raises_invalid_argument_before_sending(
    kook: ModuleType, kook_mock: MockServer, timeout: Any
) -> None:
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.InvalidArgument) as info:
        client.user.offline(timeout=timeout)
    assert str(info.value).startswith(
        "user.offline(): argument 'timeout': must be 0 to 1e9 seconds (None for no limit), got "
    )
    assert kook_mock.requests() == []


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize("timeout", UNUSABLE_TIMEOUTS, ids=repr)
def test_client_timeout_negative_or_not_finite_raises_configuration_error(
    kook: ModuleType, kook_mock: MockServer, timeout: Any, cls: str
) -> None:
    with pytest.raises(kook.ConfigurationError, match=r"^timeout must be 0 to 1e9 seconds"):
        kook_client(kook, kook_mock, cls, timeout=timeout)


@pytest.mark.parametrize(
    ("extra_headers", "message"),
    [
        ({"X-Trace": 5}, "argument 'extra_headers['X-Trace']': must be a str, got int"),
        ({"X-Trace": None}, "argument 'extra_headers['X-Trace']': must be a str, got NoneType"),
        ("X-Trace: 1", "argument 'extra_headers': must be a mapping, got str"),
    ],
)
def test_extra_headers_of_the_wrong_type_raise_invalid_argument_before_sending(
    kook: ModuleType, kook_mock: MockServer, extra_headers: Any, message: str
) -> None:
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.InvalidArgument) as info:
        client.user.offline(extra_headers=extra_headers)
    assert str(info.value) == f"user.offline(): {message}"
    assert kook_mock.requests() == []


@pytest.mark.parametrize("value", ["en\r\nX-Injected: 1", "\x0c", " en", "en\t", "中文", "a\x00b"])
def test_a_header_argument_http_cannot_carry_raises_invalid_argument_before_sending(
    kook: ModuleType, kook_mock: MockServer, value: str
) -> None:
    reason = "not usable as an HTTP header value (visible ASCII, spaces and tabs only between"
    with kook_client(kook, kook_mock) as client:
        with pytest.raises(kook.InvalidArgument) as info:
            client.user.me(accept_language=value)
        assert info.value.argument == "accept_language"
        assert reason in str(info.value)
        with pytest.raises(kook.InvalidArgument) as info:
            client.user.offline(extra_headers={"X-Trace": value})
        assert info.value.argument == "extra_headers['X-Trace']"
        assert reason in str(info.value)
        client.user.me(accept_language="en-US,en;q=0.9")  # spaces and tabs inside are fine
        client.user.offline(extra_headers={"X-Trace": "a\tb c"})
    assert [r["operation"] for r in kook_mock.requests()] == ["me", "offline"]


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_per_call_timeout_reaches_httpx_as_given(
    kook: ModuleType, kook_mock: MockServer, cls: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Left out: the client's; None: none at all; a number or httpx.Timeout: that one (cut to
    the call's time left, all of it here: no time passes on the fake clock)."""
    FakeClock().install(kook._base_client, monkeypatch)
    seen: list[dict[str, Any]] = []
    calls = [{}, {"timeout": None}, {"timeout": 3.0}, {"timeout": httpx.Timeout(4.0, read=9.0)}]

    async def record(request: httpx.Request) -> None:
        seen.append(request.extensions["timeout"])

    async def run() -> None:
        http = httpx.AsyncClient(event_hooks={"request": [record]})
        async with kook_client(kook, kook_mock, cls, timeout=7.0, http_client=http) as client:
            for kwargs in calls:
                await client.user.offline(**kwargs)
        await http.aclose()

    if cls == "AsyncClient":
        asyncio.run(run())
    else:
        hook = [lambda request: seen.append(request.extensions["timeout"])]
        with (
            httpx.Client(event_hooks={"request": hook}) as http,
            kook_client(kook, kook_mock, timeout=7.0, http_client=http) as client,
        ):
            for kwargs in calls:
                client.user.offline(**kwargs)
    expected = [7.0, None, 3.0, httpx.Timeout(4.0, read=9.0)]
    assert seen == [httpx.Timeout(t).as_dict() for t in expected]


def test_async_slow_answer_raises_api_timeout_error(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    kook_mock.fault(operation="online", hold=True)

    async def run() -> None:
        async with kook_client(kook, kook_mock, "AsyncClient", timeout=0.1) as client:
            await client.user.online()

    with pytest.raises(kook.ApiTimeoutError):
        asyncio.run(run())


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_nothing_listening_raises_api_connection_error(kook: ModuleType, cls: str) -> None:
    async def run_async() -> None:
        async with client:
            await client.user.me()

    with refused_port() as port, pytest.raises(kook.ApiConnectionError) as info:
        client = getattr(kook, cls)(
            token=KOOK_TOKEN, base_url=f"http://127.0.0.1:{port}", max_retries=0
        )
        if cls == "Client":
            with client:
                client.user.me()
        else:
            asyncio.run(run_async())
    assert type(info.value) is kook.ApiConnectionError
    assert info.value.operation == "me"
    assert str(info.value).startswith("user.me(): ConnectError")


def test_connection_dropped_mid_answer_raises_api_connection_error(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    kook_mock.fault(operation="offline", drop=True)
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.ApiConnectionError):
        client.user.offline()


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_raises_api_error_naming_where_it_points_and_is_not_followed(
    kook: ModuleType, kook_mock: MockServer, status: int
) -> None:
    elsewhere = kook_mock.url + "/api/v3/user/view?user_id=1"
    kook_mock.fault(operation="me", status=status, body=None, headers={"Location": elsewhere})
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.ApiError) as info:
        client.user.me()
    assert info.value.status_code == status
    assert f"to {elsewhere} (redirects are not followed)" in str(info.value)
    assert [r["operation"] for r in kook_mock.requests()] == ["me"]


def redirected_error(api: ModuleType, cls: str, call: Any, **kwargs: Any) -> Any:
    """The error `call(client)` raises on a `cls` of `api` made with `kwargs`, where
    `http_client=True` stands for an httpx client of the right kind following redirects."""
    own = kwargs.pop("http_client", False)

    async def run_async() -> None:
        async with (
            httpx.AsyncClient(follow_redirects=True) as http,
            api.AsyncClient(**kwargs, http_client=http if own else None) as client,
        ):
            await call(client)

    with pytest.raises(api.ApiError) as info:
        if cls == "AsyncClient":
            asyncio.run(run_async())
        else:
            with (
                httpx.Client(follow_redirects=True) as http,
                api.Client(**kwargs, http_client=http if own else None) as client,
            ):
                call(client)
    return info.value


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize("status", [302, 307])
def test_an_own_http_client_following_redirects_sends_no_credentials_where_one_points(
    lanying: ModuleType, cls: str, status: int
) -> None:
    """httpx strips only Authorization on a redirect to another host: Lanying's access-token
    and app_id would go along."""
    with RecordingServer() as first, RecordingServer() as elsewhere:
        settings = {"access_token": "secret-lanying", "app_id": "42", "base_url": first.url}
        errors = []
        for own in (True, False):
            first.reply(status=status, headers={"Location": elsewhere.url + "/user/profile"})
            errors.append(
                redirected_error(
                    lanying, cls, lambda c: c.user.get_profile(), http_client=own, **settings
                )
            )
        assert elsewhere.requests == []
    assert [(type(e), e.status_code, str(e)) for e in errors] == [
        (lanying.ApiError, status, str(errors[1]))
    ] * 2
    assert f"to {elsewhere.url}/user/profile (redirects are not followed)" in str(errors[0])


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_an_own_http_client_following_redirects_sends_no_token_purchase_where_one_points(
    qqbot: ModuleType, cls: str
) -> None:
    """A 307 would send the purchase's body, the client secret, again."""
    with RecordingServer() as first, RecordingServer() as elsewhere:
        first.reply(status=307, headers={"Location": elsewhere.url + "/app/getAppAccessToken"})
        settings = {"app_id": "1001", "client_secret": "qq-secret", "base_url": first.url}
        error = redirected_error(
            qqbot,
            cls,
            lambda c: c.gateway.get_gateway(),
            http_client=True,
            token_url=first.url + "/app/getAppAccessToken",
            max_retries=0,
            **settings,
        )
        assert elsewhere.requests == []
    assert error.status_code == 307


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_body_that_is_not_its_content_encoding_raises_decode_error(
    kook: ModuleType, kook_mock: MockServer, cls: str
) -> None:
    kook_mock.fault(
        operation="me", status=200, body="not gzip", headers={"Content-Encoding": "gzip"}
    )
    if cls == "Client":
        with (
            kook_client(kook, kook_mock, max_retries=0) as client,
            pytest.raises(kook.DecodeError) as info,
        ):
            client.user.me()
    else:

        async def run() -> None:
            async with kook_client(kook, kook_mock, "AsyncClient", max_retries=0) as client:
                await client.user.me()

        with pytest.raises(kook.DecodeError) as info:
            asyncio.run(run())
    assert str(info.value).startswith("user.me(): cannot decode the response: ")
    assert "Content-Encoding" in info.value.reason


def test_every_error_survives_pickling_with_its_attributes(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    """As a task queue or multiprocessing moves an error between processes."""
    errors: list[Exception] = []
    kook_mock.faults([
        {"operation": "me", "status": 429, "headers": {"Retry-After": "3"}},
        {"operation": "me", "status": 200, "body": "not json"},
        {"operation": "me", "hold": True},
    ])  # fmt: skip
    with kook_client(kook, kook_mock, max_retries=0, timeout=0.1) as client:
        for call in (
            client.user.me,
            client.user.me,
            client.user.me,
            lambda: client.user.view(user_id=5),
            lambda: kook.Client(token=""),
        ):
            with pytest.raises(kook.KookError) as info:
                call()
            errors.append(info.value)
    assert [type(e).__name__ for e in errors] == [
        "RateLimitError", "DecodeError", "ApiTimeoutError", "InvalidArgument", "ConfigurationError"
    ]  # fmt: skip
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy), copy.args) == (type(error), str(error), error.args)
        plain = {k: v for k, v in vars(error).items() if k != "response"}
        assert {k: v for k, v in vars(copy).items() if k != "response"} == plain
    rate_limited = pickle.loads(pickle.dumps(errors[0]))
    assert (rate_limited.retry_after, rate_limited.status_code) == (3.0, 429)
    assert rate_limited.response.status_code == 429


def test_a_pickled_error_keeps_its_answer_but_not_the_token_its_request_carried(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    """A task queue's payload holds what a worker needs of an error, not the credentials:
    neither the request's headers nor a redirect's next request, which carries them again."""
    kook_mock.faults([
        {"operation": "me", "status": 404, "headers": {"Set-Cookie": "session=kook-cookie"}},
        {"operation": "me", "status": 307, "headers": {"Location": "/api/v3/user/me"}},
    ])  # fmt: skip
    errors: list[Any] = []
    with kook_client(kook, kook_mock, max_retries=0) as client:
        for _ in range(2):
            with pytest.raises(kook.ApiError) as info:
                client.user.me()
            errors.append(info.value)
    for error in errors:
        blob = pickle.dumps(error)
        assert KOOK_TOKEN.encode() not in blob and b"kook-cookie" not in blob
        copy = pickle.loads(blob)
        assert (str(copy), copy.call, copy.status_code, copy.body) == (
            str(error),
            "user.me()",
            error.status_code,
            error.body,
        )
        answer, request = copy.response, copy.response.request
        assert (answer.status_code, answer.json()) == (error.status_code, error.response.json())
        assert answer.headers["content-type"] == error.response.headers["content-type"]
        assert (request.method, request.url) == ("GET", error.response.request.url)
        assert "authorization" not in request.headers and answer.next_request is None
    assert errors[1].response.next_request is not None  # the original had one to leave out


def test_a_pickled_token_purchase_error_holds_no_client_secret(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    refusal = {"code": 100016, "message": "invalid appid or secret"}
    qqbot_mock.fault(operation="getAppAccessToken", status=200, body=refusal)
    with (
        qqbot_client(qqbot, qqbot_mock, max_retries=0) as client,
        pytest.raises(qqbot.UnauthorizedError) as info,
    ):
        client.gateway.get_gateway()
    blob = pickle.dumps(info.value)
    assert b"qq-secret-errors" not in blob
    copy = pickle.loads(blob)
    assert (copy.code, copy.body, copy.response.json()) == (100016, refusal, refusal)
    assert copy.response.request.content == b""
    assert str(copy.response.request.url) == qqbot_mock.url + "/app/getAppAccessToken"


def test_no_bare_httpx_or_pydantic_exception_escapes_a_call(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    faults: list[dict[str, Any]] = [
        {"status": 200, "body": "not json"},
        {"status": 200, "body": {"code": 0, "message": "", "data": {"id": []}}},
        {"status": 200, "body": {"code": 0, "message": "", "data": None}},
        {"status": 200, "body": {"code": "zero"}},
        {"status": 500, "body": "<html>oops</html>"},
        {"status": 302, "body": None, "headers": {"Location": "/elsewhere"}},
        {"status": 401, "body": [1, 2]},
        {"status": 200, "body": "not gzip", "headers": {"Content-Encoding": "gzip"}},
        {"drop": True},
        {"hold": True},
    ]
    with kook_client(kook, kook_mock, timeout=0.1, max_retries=0) as client:
        for fault in faults:
            kook_mock.fault(operation="me", **fault)
            with pytest.raises(Exception) as info:
                client.user.me()
            assert isinstance(info.value, kook.KookError), (fault, repr(info.value))
            assert not isinstance(info.value, (httpx.HTTPError, pydantic.ValidationError))
        for bad in (
            {"accept_language": 5},
            {"accept_language": "中文"},
            {"extra_headers": {"X": "a\nb"}},
        ):
            with pytest.raises(kook.InvalidArgument):
                client.user.me(**bad)


# -- bad arguments: nothing is sent -------------------------------------------------


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda c: c.user.view(user_id=123), "user_id"),
        (lambda c: c.user.view(user_id="1", guild_id=["g"]), "guild_id"),
        (lambda c: c.user.me(accept_language=1.5), "accept_language"),
        (lambda c: c.user.me(accept_language="中文"), "accept_language"),
    ],
)
def test_kook_wrong_argument_raises_invalid_argument_before_sending(
    kook: ModuleType, kook_mock: MockServer, call: Any, argument: str
) -> None:
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.InvalidArgument) as info:
        call(client)
    assert info.value.argument == argument
    assert f"'{argument}'" in str(info.value)
    assert isinstance(info.value, TypeError)
    assert kook_mock.requests() == []


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda c: c.user.set_username(username=["x"]), "username"),
        (lambda c: c.user.register_user(username="u", password=123), "password"),
        (lambda c: c.user.disable_users(list_=["not an id"]), "list_"),
        (lambda c: c.user.set_auth_mode(value=7), "value"),
        (lambda c: c.user.get_settings(user_id="abc"), "user_id"),
        (lambda c: c.user.update_settings(user_id="abc"), "user_id"),
        (lambda c: c.user.update_settings(user_id=1, user_id_header="abc"), "user_id_header"),
        (lambda c: c.user.register_user(username=None, password="p"), "username"),
        (lambda c: c.user.batch_set_avatars(list_=[{"user_id": 1, "avatar": 1}]), "list_"),
    ],
)
def test_lanying_wrong_argument_raises_invalid_argument_before_sending(
    lanying: ModuleType, lanying_mock: MockServer, call: Any, argument: str
) -> None:
    with (
        lanying.Client(access_token="t", app_id="1", base_url=lanying_mock.url) as client,
        pytest.raises(lanying.InvalidArgument) as info,
    ):
        call(client)
    assert info.value.argument == argument
    assert lanying_mock.requests() == []


@pytest.mark.parametrize(
    ("call", "argument", "reason"),
    [
        (lambda c: c.user.get_profile(user_id=True), "user_id", "Input should be a valid integer"),
        (lambda c: c.user.get_profile(user_id="5"), "user_id", "Input should be a valid integer"),
        (lambda c: c.user.disable_users(list_=[True, 2]), "list_",
         "0: Input should be a valid integer"),
        (lambda c: c.user.disable_users(list_=[1, "2"]), "list_",
         "1: Input should be a valid integer"),
        (lambda c: c.user.update_settings(user_id=1, no_push="no"), "no_push",
         "Input should be a valid boolean"),
        (lambda c: c.user.update_settings(user_id=1, auto_download=1), "auto_download",
         "Input should be a valid boolean"),
        (lambda c: c.user.set_nickname(nick_name=b"nick"), "nick_name",
         "Input should be a valid string"),
        (lambda c: c.user.batch_register_users(list_=[{"username": "a", "password": b"p"}]),
         "list_", "0.password: Input should be a valid string"),
        (lambda c: c.user.update_settings(user_id=1, auth_mode=True), "auth_mode",
         "Input should be an instance of AuthMode"),
        (lambda c: c.user.update_settings(user_id=1, auth_mode="1"), "auth_mode",
         "Input should be an instance of AuthMode"),
        (lambda c: c.user.update_settings(user_id=1, auth_mode=7), "auth_mode",
         "Input should be 0, 1, 2 or 3"),
    ],
)  # fmt: skip
def test_an_argument_of_another_python_type_is_refused_not_converted(
    lanying: ModuleType, lanying_mock: MockServer, call: Any, argument: str, reason: str
) -> None:
    """pydantic's lax mode would send True as 1, "5" as 5, "no" as false: what the caller
    did not mean. An enum takes its listed values (of its values' type) beside its members."""
    with (
        lanying.Client(access_token="t", app_id="1", base_url=lanying_mock.url) as client,
        pytest.raises(lanying.InvalidArgument) as info,
    ):
        call(client)
    assert (info.value.argument, info.value.reason) == (argument, reason)
    assert lanying_mock.requests() == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda c: c.user.set_nickname(nick_name=123),
            "user.set_nickname(): argument 'nick_name': Input should be a valid string",
        ),
        (
            lambda c: c.user.update_settings(user_id=1, no_push_start_hour=24),
            "user.update_settings(): argument 'no_push_start_hour': "
            "Input should be less than or equal to 23",
        ),
        (
            lambda c: c.user.batch_set_avatars(list_=[{"user_id": 1, "avatar": 1}]),
            "user.batch_set_avatars(): argument 'list_': 0.avatar: Input should be a valid string",
        ),
        (  # the typo, not the required field it leaves unset
            lambda c: c.user.batch_register_users(list_=[{"username": "a", "pasword": "b"}]),
            "user.batch_register_users(): argument 'list_': 0.pasword: "
            "Extra inputs are not permitted",
        ),
    ],
)
def test_invalid_argument_message_names_the_python_call_and_the_argument_once(
    lanying: ModuleType, lanying_mock: MockServer, call: Any, message: str
) -> None:
    with (
        lanying.Client(access_token="t", app_id="1", base_url=lanying_mock.url) as client,
        pytest.raises(lanying.InvalidArgument) as info,
    ):
        call(client)
    assert str(info.value) == message
    operations = ("setNickname", "updateSettings", "batchSetAvatars", "batchRegisterUsers")
    assert info.value.operation in operations
    assert lanying_mock.requests() == []


NOT_A_HEADER_NAME = "not usable as an HTTP header name (letters, digits and !#$%&'*+-.^_`|~ only)"
MANAGED = "is not for the caller to set: httpx sets it from the request itself"
LONE_SURROGATE = "holds '\\ud83d' at 1, a lone surrogate, which UTF-8 cannot encode"


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize(
    ("call", "argument", "reason"),
    [
        (lambda c: c.user.get_profile(extra_headers={"x trace": "1"}), "extra_headers['x trace']",
         NOT_A_HEADER_NAME),
        (lambda c: c.user.get_profile(extra_headers={"x-名": "1"}), "extra_headers['x-名']",
         NOT_A_HEADER_NAME),
        (lambda c: c.user.get_profile(extra_headers={"": "1"}), "extra_headers['']",
         NOT_A_HEADER_NAME),
        (lambda c: c.user.get_profile(extra_headers={1: "1"}), "extra_headers[1]",
         "a header name must be a str, got int"),
        (lambda c: c.user.bind_push_alias(alias="a", extra_headers={"Content-Length": "5"}),
         "extra_headers['Content-Length']", f"Content-Length {MANAGED}"),
        (lambda c: c.user.get_profile(extra_headers={"host": "elsewhere"}),
         "extra_headers['host']", f"host {MANAGED}"),
        (lambda c: c.user.get_profile(extra_headers={"Transfer-Encoding": "chunked"}),
         "extra_headers['Transfer-Encoding']", f"Transfer-Encoding {MANAGED}"),
        (lambda c: c.user.get_profile(extra_headers={"Connection": "close"}),
         "extra_headers['Connection']", f"Connection {MANAGED}"),
        (lambda c: c.user.set_nickname(nick_name="a" * 70000), "nick_name",
         "makes the URL component 'query' too long for httpx"),
        (lambda c: c.user.set_nickname(nick_name="a\ud83d"), "nick_name", LONE_SURROGATE),
        (lambda c: c.user.set_public_info(body="a\ud83d"), "body", LONE_SURROGATE),
    ],
)  # fmt: skip
def test_what_http_cannot_carry_raises_invalid_argument_naming_it_before_anything_is_sent(
    lanying: ModuleType,
    lanying_mock: MockServer,
    cls: str,
    call: Any,
    argument: str,
    reason: str,
) -> None:
    """Neither h11's nor httpx's error (nor a UnicodeEncodeError) escapes, nor is the mistake
    taken for a network failure and retried."""
    client = getattr(lanying, cls)(access_token="t", app_id="1", base_url=lanying_mock.url)

    async def call_async() -> None:
        async with client:
            await call(client)

    with pytest.raises(lanying.InvalidArgument) as info:
        if cls == "AsyncClient":
            asyncio.run(call_async())
        else:
            with client:
                call(client)
    assert (info.value.argument, info.value.reason) == (argument, reason)
    assert lanying_mock.requests() == []


def test_a_path_argument_utf_8_cannot_carry_raises_invalid_argument_before_buying_a_token(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    with qqbot_client(qqbot, qqbot_mock) as client, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(qqbot.InvalidArgument) as info:
            client.groups.list_members(group_openid="G\ud83d")
    assert (info.value.argument, info.value.reason) == ("group_openid", LONE_SURROGATE)
    assert qqbot_mock.requests() == []


def test_errors_of_an_iter_method_name_the_iter_method(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    with qqbot_client(qqbot, qqbot_mock) as client, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(qqbot.InvalidArgument) as bad:
            list(client.groups.iter_members(group_openid=42))
        qqbot_mock.fault(operation="listMembers", status=200, body={"members": 5})
        with pytest.raises(qqbot.DecodeError) as undecodable:
            list(client.groups.iter_members(group_openid="g"))
    assert str(bad.value).startswith("groups.iter_members(): argument 'group_openid': ")
    assert str(undecodable.value).startswith("groups.iter_members(): cannot decode the response")


@pytest.mark.parametrize("caught", [TypeError, ValueError])
def test_invalid_argument_is_caught_as_type_error_and_as_value_error(
    lanying: ModuleType, lanying_mock: MockServer, caught: type[Exception]
) -> None:
    with (
        lanying.Client(access_token="t", app_id="1", base_url=lanying_mock.url) as client,
        pytest.raises(caught),
    ):
        client.user.update_settings(user_id=1, no_push_start_hour=24)


def test_qqbot_wrong_argument_raises_invalid_argument_before_buying_a_token(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    with qqbot_client(qqbot, qqbot_mock) as client, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(qqbot.InvalidArgument) as info:
            client.groups.list_members(group_openid=42)
        assert info.value.argument == "group_openid"
        with pytest.raises(qqbot.InvalidArgument) as info:
            client.groups.list_members(group_openid="g", limit="many")
        assert info.value.argument == "limit"
    assert qqbot_mock.requests() == []


@pytest.mark.parametrize(
    ("api", "call", "argument"),
    [
        ("qqbot", lambda c: c.groups.list_members(group_openid=None), "group_openid"),
        pytest.param("kook", lambda c: c.user.view(user_id=None), "user_id"),
        pytest.param(
            "lanying",
            lambda c: c.user.set_public_info(body=None),
            "body",
        ),
        pytest.param(
            "lanying",
            lambda c: c.user.set_username(username=None),
            "username",
        ),
    ],
)
def test_none_for_a_required_argument_raises_invalid_argument_before_sending(
    api: str, call: Any, argument: str, request: pytest.FixtureRequest
) -> None:
    module: ModuleType = request.getfixturevalue(api)
    server: MockServer = request.getfixturevalue(f"{api}_mock")
    kwargs = {
        "kook": {"token": "t", "base_url": server.url + "/api/v3"},
        "lanying": {"access_token": "t", "app_id": "1", "base_url": server.url},
        "qqbot": {"app_id": "1", "client_secret": "s", "base_url": server.url,
                  "token_url": server.url + "/app/getAppAccessToken"},
    }[api]  # fmt: skip
    with module.Client(**kwargs) as client, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(module.InvalidArgument) as info:
            call(client)
    assert info.value.argument == argument
    assert "required" in str(info.value)
    assert server.requests() == []


def test_async_wrong_argument_raises_invalid_argument_before_sending(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    async def run() -> None:
        async with kook_client(kook, kook_mock, "AsyncClient") as client:
            await client.user.view(user_id=2418200000)

    with pytest.raises(kook.InvalidArgument) as info:
        asyncio.run(run())
    assert info.value.argument == "user_id"
    assert kook_mock.requests() == []


# -- construction -------------------------------------------------------------------


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize(
    ("api", "kwargs", "missing"),
    [
        ("kook", {"token": ""}, "token"),
        ("kook", {"token": None}, "token"),
        (
            "lanying",
            {"access_token": "", "app_id": "1", "base_url": "http://127.0.0.1"},
            "access_token",
        ),
        ("lanying", {"access_token": "t", "app_id": "", "base_url": "http://127.0.0.1"}, "app_id"),
        ("lanying", {"access_token": "t", "app_id": "1", "base_url": ""}, "base_url"),
        ("qqbot", {"app_id": "", "client_secret": "s"}, "app_id"),
        ("qqbot", {"app_id": "1", "client_secret": ""}, "client_secret"),
    ],
)
def test_missing_credential_raises_configuration_error_naming_it(
    api: str, kwargs: dict[str, Any], missing: str, cls: str, request: pytest.FixtureRequest
) -> None:
    module: ModuleType = request.getfixturevalue(api)
    with pytest.raises(module.ConfigurationError, match=missing):
        getattr(module, cls)(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"token": "SECRET-1\r\nX-Injected: 1"}, "token"),
        ({"token": "SECRET-ö"}, "token"),
        ({"token": "SECRET-1 "}, "token"),
        ({"token": "SECRET\x0c1"}, "token"),
        ({"token": "t", "base_url": "kookapp.cn/api"}, "base_url"),
        ({"token": "t", "base_url": "ftp://127.0.0.1"}, "base_url"),
        ({"token": "t", "base_url": "http://127.0.0.1/api/v3?lang=en"}, "base_url"),
        ({"token": "t", "base_url": "http://127.0.0.1/api/v3#top"}, "base_url"),
        ({"token": "t", "base_url": "http://[::1/api"}, "base_url"),
        ({"token": "t", "max_retries": -1}, "max_retries"),
        ({"token": "t", "accept_language": "中文"}, "Accept-Language"),
    ],
)
def test_unusable_setting_raises_configuration_error_without_echoing_it(
    kook: ModuleType, kwargs: dict[str, Any], named: str
) -> None:
    with pytest.raises(kook.ConfigurationError) as info:
        kook.Client(**kwargs)
    assert named in str(info.value)
    assert "SECRET" not in str(info.value) and "SECRET" not in repr(info.value)


LANYING_OK = {"access_token": "t", "app_id": "1", "base_url": "http://127.0.0.1"}
QQBOT_OK = {"app_id": "1", "client_secret": "s"}


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize(
    ("api", "kwargs", "message"),
    [
        ("lanying", {**LANYING_OK, "app_id": 123}, "app_id must be a str, got int"),
        ("lanying", {**LANYING_OK, "access_token": b"t"}, "access_token must be a str, got bytes"),
        ("qqbot", {**QQBOT_OK, "client_secret": 123}, "client_secret must be a str, got int"),
        ("qqbot", {**QQBOT_OK, "token_url": None}, "token_url must be a str, got NoneType"),
        ("qqbot", {**QQBOT_OK, "token_url": "bots.qq.com/app"}, "token_url must be an absolute"),
        ("kook", {"token": "t", "base_url": 123}, "base_url must be a str, got int"),
        ("kook", {"token": "t", "max_retries": "3"}, "max_retries must be an int, got str"),
        ("kook", {"token": "t", "max_retries": True}, "max_retries must be an int, got bool"),
        ("kook", {"token": "t", "timeout": "30"}, "timeout must be seconds, an httpx.Timeout"),
        (
            "kook",
            {"token": "t", "accept_language": 5},
            "accept_language: Input should be a valid str",
        ),
        ("lanying", {**LANYING_OK, "user_id": True}, "user_id: Input should be a valid integer"),
        ("lanying", {**LANYING_OK, "user_id": "5"}, "user_id: Input should be a valid integer"),
        ("lanying", {**LANYING_OK, "group_id": 2**63}, "group_id: Input should be less than or"),
    ],
)
def test_wrong_typed_constructor_argument_raises_configuration_error_naming_it(
    api: str, kwargs: dict[str, Any], message: str, cls: str, request: pytest.FixtureRequest
) -> None:
    module: ModuleType = request.getfixturevalue(api)
    with pytest.raises(module.ConfigurationError) as info:
        getattr(module, cls)(**kwargs)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("cls", "option", "value", "message"),
    [
        ("Client", "http_client", httpx.AsyncClient, "http_client must be an httpx.Client"),
        ("AsyncClient", "http_client", httpx.Client, "http_client must be an httpx.AsyncClient"),
        ("Client", "transport", httpx.AsyncHTTPTransport, "transport must be an httpx.BaseTra"),
        ("AsyncClient", "transport", httpx.HTTPTransport, "transport must be an httpx.AsyncBas"),
    ],
)
def test_http_client_or_transport_of_the_other_kind_raises_configuration_error(
    kook: ModuleType, cls: str, option: str, value: Any, message: str
) -> None:
    with pytest.raises(kook.ConfigurationError, match=message):
        getattr(kook, cls)(token="t", **{option: value()})


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_transport_with_http_client_raises_configuration_error_naming_both(
    kook: ModuleType, cls: str
) -> None:
    http, transport = (
        (httpx.Client(), httpx.HTTPTransport())
        if cls == "Client"
        else (httpx.AsyncClient(), httpx.AsyncHTTPTransport())
    )
    with pytest.raises(kook.ConfigurationError, match="transport and http_client"):
        getattr(kook, cls)(token="t", http_client=http, transport=transport)


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize(
    ("api", "kwargs"),
    [("kook", {"token": "t"}), ("lanying", LANYING_OK), ("qqbot", QQBOT_OK)],
    ids=["default server", "no default server", "sandbox server"],
)
def test_an_empty_base_url_is_refused_alike_by_every_package(
    api: str, kwargs: dict[str, Any], cls: str, request: pytest.FixtureRequest
) -> None:
    """Not taken for "not given": the production server must not be reached by mistake."""
    module: ModuleType = request.getfixturevalue(api)
    with pytest.raises(module.ConfigurationError) as info:
        getattr(module, cls)(**{**kwargs, "base_url": ""})
    assert str(info.value) == "base_url is empty: it must be an absolute http:// or https:// URL"


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_sandbox_with_base_url_raises_configuration_error_naming_both(
    qqbot: ModuleType, cls: str
) -> None:
    with pytest.raises(qqbot.ConfigurationError, match="sandbox=True and base_url"):
        getattr(qqbot, cls)(**QQBOT_OK, sandbox=True, base_url="http://127.0.0.1")
    assert getattr(qqbot, cls)(**QQBOT_OK, sandbox=True).base_url == qqbot._client.SANDBOX_BASE_URL


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize("sandbox", ["no", 0, None])
def test_a_sandbox_switch_that_is_not_a_bool_raises_configuration_error(
    qqbot: ModuleType, cls: str, sandbox: object
) -> None:
    with pytest.raises(qqbot.ConfigurationError, match="sandbox must be a bool, got "):
        getattr(qqbot, cls)(**QQBOT_OK, sandbox=sandbox)


def test_context_manager_closes_the_connection_pool(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    with kook_client(kook, kook_mock) as client:
        client.user.me()
        http = client._http
        assert not http.is_closed
    assert http.is_closed


def test_async_context_manager_closes_the_connection_pool(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    async def run() -> httpx.AsyncClient:
        async with kook_client(kook, kook_mock, "AsyncClient") as client:
            await client.user.me()
            http: httpx.AsyncClient = client._http
            assert not http.is_closed
        return http

    assert asyncio.run(run()).is_closed


def test_injected_http_client_is_used_and_left_open(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    with httpx.Client(headers={"X-Injected": "yes"}) as http:
        with kook_client(kook, kook_mock, http_client=http) as client:
            client.user.me()
        assert not http.is_closed
    assert kook_mock.last("me")["headers"]["authorization"] == f"Bot {KOOK_TOKEN}"


def closed_call(kook: ModuleType, client: Any, how: str) -> None:
    """Close `client` as `how` says (twice, to show a second close does nothing), then
    call `user.me()` on it."""

    async def run_async() -> None:
        if how == "with":
            async with client:
                pass
        await client.close()
        await client.close()
        await client.user.me()

    if isinstance(client, kook.AsyncClient):
        asyncio.run(run_async())
        return
    if how == "with":
        with client:
            pass
    client.close()
    client.close()
    client.user.me()


@pytest.mark.parametrize("how", ["with", "close"])
@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_call_on_a_closed_client_raises_client_closed_error_naming_the_call(
    kook: ModuleType, kook_mock: MockServer, cls: str, how: str
) -> None:
    client = kook_client(kook, kook_mock, cls)
    with pytest.raises(kook.ClientClosedError) as info:
        closed_call(kook, client, how)
    assert isinstance(info.value, kook.KookError) and isinstance(info.value, RuntimeError)
    assert str(info.value) == f"user.me(): this {cls} is closed: make a new one"
    assert (info.value.operation, info.value.call) == ("me", "user.me()")
    assert kook_mock.requests() == []


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_call_after_the_own_http_client_was_closed_raises_client_closed_error(
    kook: ModuleType, kook_mock: MockServer, cls: str
) -> None:
    own = httpx.Client() if cls == "Client" else httpx.AsyncClient()
    client = kook_client(kook, kook_mock, cls, http_client=own)

    async def run_async() -> None:
        await own.aclose()
        await client.user.me()

    with pytest.raises(kook.ClientClosedError) as info:
        if cls == "Client":
            own.close()
            client.user.me()
        else:
            asyncio.run(run_async())
    assert str(info.value) == f"user.me(): the http_client given to this {cls} is closed"
    assert kook_mock.requests() == []


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_closing_a_client_with_an_own_http_client_refuses_its_calls_and_leaves_it_open(
    kook: ModuleType, kook_mock: MockServer, cls: str
) -> None:
    own = httpx.Client() if cls == "Client" else httpx.AsyncClient()
    client = kook_client(kook, kook_mock, cls, http_client=own)
    with pytest.raises(kook.ClientClosedError, match=f"^user.me\\(\\): this {cls} is closed"):
        closed_call(kook, client, "close")
    assert not own.is_closed


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_with_on_a_closed_client_raises_client_closed_error(
    kook: ModuleType, kook_mock: MockServer, cls: str
) -> None:
    client = kook_client(kook, kook_mock, cls)

    async def run_async() -> None:
        async with client:
            pass
        async with client:
            pass

    with pytest.raises(kook.ClientClosedError) as info:
        if cls == "Client":
            with client:
                pass
            with client:
                pass
        else:
            asyncio.run(run_async())
    assert str(info.value) == f"this {cls} is closed: make a new one"


def test_an_async_client_used_after_its_event_loop_closed_raises_client_closed_error(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    client = kook_client(kook, kook_mock, "AsyncClient")

    async def me() -> Any:
        return await client.user.me()

    async def enter() -> None:
        async with client:
            pass

    assert asyncio.run(me()).username  # its connection stays open in that loop's pool
    for second_loop in (me, enter):  # asyncio.run closed the first loop
        with pytest.raises(kook.ClientClosedError) as info:
            asyncio.run(second_loop())
        assert "this AsyncClient belongs to another event loop, the one it first sent in" in str(
            info.value
        )
    assert str(info.value).startswith("this AsyncClient")  # no call to name for `async with`
    asyncio.run(client.close())  # closing from another loop does not fail either
    assert len(kook_mock.requests()) == 1


def test_an_async_client_called_from_a_second_open_event_loop_raises_client_closed_error(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    client = kook_client(kook, kook_mock, "AsyncClient")
    first = asyncio.new_event_loop()
    try:
        first.run_until_complete(client.user.me())
        with pytest.raises(kook.ClientClosedError, match="belongs to another event loop"):
            asyncio.run(client.user.me())
        first.run_until_complete(client.user.me())  # its own loop still works
        first.run_until_complete(client.close())
    finally:
        first.close()
    assert len(kook_mock.requests()) == 2


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize("step", ["buying the token", "sending the request"])
def test_a_client_closed_by_another_thread_or_task_mid_call_raises_client_closed_error(
    qqbot: ModuleType, qqbot_mock: MockServer, cls: str, step: str
) -> None:
    client = getattr(qqbot, cls)(
        app_id="1001", client_secret="qq-secret-errors", base_url=qqbot_mock.url,
        token_url=qqbot_mock.url + "/app/getAppAccessToken",
    )  # fmt: skip
    # close() lands after the call's own check: before the token purchase, or before the
    # request is sent (after the token it carries was bought)
    source = client._token_source
    if step == "sending the request":
        source._token, source._expires_at = "tok", float("inf")
    name = "aget" if cls == "AsyncClient" else "get"
    get = getattr(source, name)

    def closing(http: Any, timeout: Any, call: str) -> Any:
        if step == "buying the token":
            client.close()
        token = get(http, timeout, call)
        if step == "sending the request":
            client.close()
        return token

    async def closing_async(http: Any, timeout: Any, call: str) -> Any:
        if step == "buying the token":
            await client.close()
        token = await get(http, timeout, call)
        if step == "sending the request":
            await client.close()
        return token

    setattr(source, name, closing_async if cls == "AsyncClient" else closing)

    async def call_async() -> Any:
        return await client.gateway.get_gateway()

    with pytest.raises(qqbot.ClientClosedError) as info:
        asyncio.run(call_async()) if cls == "AsyncClient" else client.gateway.get_gateway()
    assert str(info.value) == f"gateway.get_gateway(): this {cls} is closed: make a new one"
    assert qqbot_mock.requests() == []


def test_a_page_fetched_after_close_raises_client_closed_error(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    lanying_mock.collection("listUsers", [{"user_id": 1000 + i} for i in range(6)])
    kwargs = {"app_id": "a", "access_token": "t", "base_url": lanying_mock.url}
    with lanying.Client(**kwargs) as client:
        users = client.user.iter_users(page_size=3)
        assert [next(users).user_id for _ in range(3)] == [1000, 1001, 1002]
    with pytest.raises(lanying.ClientClosedError, match=r"^user\.iter_users\(\): this Client"):
        next(users)
    assert len(lanying_mock.requests("listUsers")) == 1
    with pytest.raises(lanying.ClientClosedError):  # and at the call, before any page
        client.user.iter_users()


@pytest.mark.parametrize("package", ["kook", "lanying", "qqbot"])
def test_client_closed_error_is_exported_and_survives_pickling(
    package: str, request: pytest.FixtureRequest
) -> None:
    module = request.getfixturevalue(package)
    assert "ClientClosedError" in module.__all__
    error = module.ClientClosedError("me", "this Client is closed", call="user.me()")
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.call, copy.reason) == (str(error), "user.me()", error.reason)


def test_injected_transport_carries_the_requests(kook: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200, json={"code": 0, "message": "", "data": {"online": True, "online_os": []}}
        )

    with kook.Client(token="t", transport=httpx.MockTransport(handler)) as client:
        status = client.user.get_online_status()
    assert status.online is True
    assert str(seen[0].url) == "https://www.kookapp.cn/api/v3/user/get-online-status"


@pytest.mark.parametrize("mode", ["sync", "async", "iter", "async-iter"])
def test_qqbot_list_members_warns_deprecated_naming_the_method_as_called_at_the_callers_line(
    qqbot: ModuleType, qqbot_mock: MockServer, mode: str
) -> None:
    async def run() -> Any:
        async with qqbot.AsyncClient(
            app_id="1", client_secret="s", base_url=qqbot_mock.url,
            token_url=qqbot_mock.url + "/app/getAppAccessToken",
        ) as client:  # fmt: skip
            if mode == "async":
                return await client.groups.list_members(group_openid="g")
            return [m async for m in client.groups.iter_members(group_openid="g", limit=2)]

    members = [{"member_openid": f"M{i}", "join_timestamp": i} for i in range(5)]
    qqbot_mock.collection("listMembers", members)  # three pages for the iterators

    called = "list_members" if mode in ("sync", "async") else "iter_members"
    said = rf"^groups\.{called}\(\) is invite-only"
    with pytest.warns(DeprecationWarning, match=said) as caught:
        if mode.startswith("async"):
            asyncio.run(run())
        else:
            with qqbot_client(qqbot, qqbot_mock) as client:
                if mode == "sync":
                    client.groups.list_members(group_openid="g")
                else:
                    list(client.groups.iter_members(group_openid="g", limit=2))
    deprecations = [w for w in caught if w.category is DeprecationWarning]
    assert len(deprecations) == 1  # once per call, not once per page
    assert deprecations[0].filename == __file__


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_deprecation_through_with_raw_response_warns_at_the_callers_line(
    qqbot: ModuleType, qqbot_mock: MockServer, mode: str
) -> None:
    kwargs = {"app_id": "1", "client_secret": "s", "base_url": qqbot_mock.url,
              "token_url": qqbot_mock.url + "/app/getAppAccessToken"}  # fmt: skip

    async def run() -> Any:
        async with qqbot.AsyncClient(**kwargs) as client:
            return await client.with_raw_response.groups.list_members(group_openid="g")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if mode == "async":
            raw = asyncio.run(run())
        else:
            with qqbot.Client(**kwargs) as client:
                raw = client.with_raw_response.groups.list_members(group_openid="g")
    assert raw.status_code == 200
    deprecations = [w for w in caught if w.category is DeprecationWarning]
    assert [w.filename for w in deprecations] == [__file__]


def test_non_deprecated_calls_do_not_warn(qqbot: ModuleType, qqbot_mock: MockServer) -> None:
    with qqbot_client(qqbot, qqbot_mock) as client, warnings.catch_warnings():
        warnings.simplefilter("error")
        client.gateway.get_gateway()


def test_an_error_holding_a_response_built_by_hand_still_pickles(kook: ModuleType) -> None:
    # A user's test double: a response answering no request (httpx raises on `.request`).
    response = httpx.Response(500, json={"code": 1})
    error = kook.ApiError("refused", operation="me", status_code=500, response=response)
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.response.status_code) == (str(error), 500)
