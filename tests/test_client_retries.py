"""Retries and rate limits, counted on the wire of `botspec mock`.

No test measures real time: the waits are those the client asks for, recorded by a fake
clock standing in for the `time` and `asyncio` of the package's `_base_client` (which
moves only when the client sleeps), and compared exactly to what the server said.
"""

from __future__ import annotations

import asyncio
import random
from types import ModuleType
from typing import Any

import httpx
import pytest
from gen_support import FakeClock, refused_port
from mockserver import MockServer


@pytest.fixture
def fast_backoff(kook: ModuleType, lanying: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """Backoff without a server-given delay starts at 10 ms instead of 0.5 s."""
    for module in (kook, lanying):
        monkeypatch.setattr(module._base_client, "_INITIAL_BACKOFF", 0.01)


@pytest.fixture
def clock(kook: ModuleType, monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """kook's client on a fake clock: its sleeps are recorded in `clock.asked`, not slept."""
    return FakeClock().install(kook._base_client, monkeypatch)


def kook_client(kook: ModuleType, server: MockServer, cls: str = "Client", **kwargs: Any) -> Any:
    return getattr(kook, cls)(token="kook-retries", base_url=server.url + "/api/v3", **kwargs)


def lanying_client(lanying: ModuleType, server: MockServer, **kwargs: Any) -> Any:
    return lanying.Client(access_token="t", app_id="1", base_url=server.url, **kwargs)


def limited(remaining: str, reset: str, bucket: str, **extra: str) -> dict[str, str]:
    return {
        "X-Rate-Limit-Remaining": remaining,
        "X-Rate-Limit-Reset": reset,
        "X-Rate-Limit-Bucket": bucket,
        **extra,
    }


# -- which calls are retried --------------------------------------------------------


@pytest.mark.parametrize("call", ["me", "offline"])
def test_429_is_retried_for_every_method(
    kook: ModuleType, kook_mock: MockServer, call: str, fast_backoff: None
) -> None:
    kook_mock.fault(operation=call, status=429, count=2, headers={"Retry-After": "0"})
    with kook_client(kook, kook_mock) as client:
        getattr(client.user, call)()
    assert len(kook_mock.requests(call)) == 3


def test_429_gives_up_after_the_default_two_retries(
    kook: ModuleType, kook_mock: MockServer, fast_backoff: None
) -> None:
    kook_mock.fault(operation="online", status=429, count=5, headers={"Retry-After": "0"})
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.RateLimitError):
        client.user.online()
    assert len(kook_mock.requests("online")) == 3


@pytest.mark.parametrize(("max_retries", "requests"), [(0, 1), (1, 2), (4, 5)])
def test_max_retries_bounds_the_attempts(
    kook: ModuleType, kook_mock: MockServer, max_retries: int, requests: int, fast_backoff: None
) -> None:
    kook_mock.fault(operation="me", status=503, count=10)
    with (
        kook_client(kook, kook_mock, max_retries=max_retries) as client,
        pytest.raises(kook.ServerError),
    ):
        client.user.me()
    assert len(kook_mock.requests("me")) == requests


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504])
def test_5xx_and_408_are_retried_for_get(
    kook: ModuleType, kook_mock: MockServer, status: int, fast_backoff: None
) -> None:
    kook_mock.fault(operation="getOnlineStatus", status=status, count=2)
    with kook_client(kook, kook_mock) as client:
        assert client.user.get_online_status().online is True
    assert len(kook_mock.requests("getOnlineStatus")) == 3


@pytest.mark.parametrize("status", [408, 500, 503])
def test_5xx_and_408_are_not_retried_for_post(
    kook: ModuleType, kook_mock: MockServer, status: int, fast_backoff: None
) -> None:
    kook_mock.fault(operation="offline", status=status, count=2)
    with kook_client(kook, kook_mock) as client, pytest.raises(kook.ApiError):
        client.user.offline()
    assert len(kook_mock.requests("offline")) == 1


@pytest.mark.parametrize(
    ("call", "operation", "retried"),
    [
        (lambda c: c.user.set_username(username="u"), "setUsername", True),  # PUT
        (lambda c: c.user.delete_user(), "deleteUser", True),  # DELETE
        (lambda c: c.user.unbind_push_tags(tags=["t"]), "unbindPushTags", True),  # DELETE + body
        (lambda c: c.user.register_user(username="u", password="p"), "registerUser", False),
        (lambda c: c.user.bind_push_tags(tags=["t"]), "bindPushTags", False),  # POST
    ],
)
def test_lanying_put_and_delete_are_idempotent_post_is_not(
    lanying: ModuleType, lanying_mock: MockServer, call: Any, operation: str, retried: bool,
    fast_backoff: None,
) -> None:  # fmt: skip
    lanying_mock.fault(operation=operation, status=502, count=1)
    with lanying_client(lanying, lanying_mock) as client:
        if retried:
            call(client)
        else:
            with pytest.raises(lanying.ServerError):
                call(client)
    assert len(lanying_mock.requests(operation)) == (2 if retried else 1)


class AnswerTooLate(httpx.HTTPTransport):
    """A real transport on which the first answer to each path in `paths` comes too late:
    the request reaches the server, then the read times out (as on a slow server, without
    racing a real timer)."""

    def __init__(self, *paths: str) -> None:
        super().__init__()
        self.late = set(paths)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path in self.late:
            self.late.discard(request.url.path)
            response.read()
            response.close()
            raise httpx.ReadTimeout("timed out", request=request)
        return response


def test_timeouts_are_retried_for_get_only(
    kook: ModuleType, kook_mock: MockServer, fast_backoff: None
) -> None:
    transport = AnswerTooLate("/api/v3/user/me", "/api/v3/user/online")
    with kook_client(kook, kook_mock, transport=transport) as client:
        assert client.user.me().id == "364862"  # GET: retried
        with pytest.raises(kook.ApiTimeoutError):
            client.user.online()  # POST: not
    assert transport.late == set()
    assert len(kook_mock.requests("me")) == 2
    assert len(kook_mock.requests("online")) == 1


def test_dropped_connection_is_retried_for_get_only(
    kook: ModuleType, kook_mock: MockServer, fast_backoff: None
) -> None:
    kook_mock.fault(operation="me", drop=True)
    kook_mock.fault(operation="offline", drop=True)
    with kook_client(kook, kook_mock) as client:
        client.user.me()
        with pytest.raises(kook.ApiConnectionError):
            client.user.offline()
    assert len(kook_mock.requests("me")) == 2
    assert len(kook_mock.requests("offline")) == 1


class RefuseFirstConnects(httpx.HTTPTransport):
    """A real transport whose first `n` connection attempts fail before anything is sent."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.refusals = n

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.refusals:
            self.refusals -= 1
            raise httpx.ConnectError("connection refused", request=request)
        return super().handle_request(request)


def test_connection_failure_before_sending_is_retried_even_for_post(
    kook: ModuleType, kook_mock: MockServer, fast_backoff: None
) -> None:
    transport = RefuseFirstConnects(2)
    with kook_client(kook, kook_mock, transport=transport) as client:
        assert client.user.offline() == {}
    assert transport.refusals == 0
    assert len(kook_mock.requests("offline")) == 1


def test_nothing_listening_is_tried_three_times(
    kook: ModuleType, fast_backoff: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="kook")
    with (
        refused_port() as port,
        kook.Client(token="t", base_url=f"http://127.0.0.1:{port}") as client,
        pytest.raises(kook.ApiConnectionError),
    ):
        client.user.offline()
    attempts = [r for r in caplog.records if "ConnectError" in r.getMessage()]
    assert len(attempts) == 3


# -- how long retries wait ----------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{"Retry-After": "0.3"}, {"X-Rate-Limit-Reset": "0.3"}],
    ids=["retry-after", "x-rate-limit-reset"],
)
def test_retry_waits_as_long_as_the_server_says(
    kook: ModuleType, kook_mock: MockServer, headers: dict[str, str], clock: FakeClock
) -> None:
    kook_mock.fault(operation="offline", status=429, headers=headers)
    with kook_client(kook, kook_mock) as client:
        client.user.offline()
    assert len(kook_mock.requests("offline")) == 2
    assert clock.asked == [0.3]  # the server's wait, not the 0.5 s +- 25% backoff


@pytest.mark.parametrize("draw", [0.0, 0.5, 0.999])
def test_retry_without_server_delay_backs_off_exponentially(
    kook: ModuleType,
    kook_mock: MockServer,
    monkeypatch: pytest.MonkeyPatch,
    clock: FakeClock,
    draw: float,
) -> None:
    # The jitter's random draw is fixed, so the waits are known: 0.5 s, then 1 s, each
    # scaled by the same factor in [0.75, 1.25).
    drawn = random.Random()
    monkeypatch.setattr(drawn, "random", lambda: draw)
    monkeypatch.setattr(kook._base_client, "random", drawn)
    kook_mock.fault(operation="me", status=500, count=2)
    with kook_client(kook, kook_mock) as client:
        client.user.me()
    assert len(kook_mock.requests("me")) == 3
    factor = 0.75 + draw / 2
    assert clock.asked == pytest.approx([0.5 * factor, 1.0 * factor], rel=1e-12, abs=0)


def test_async_retry_honours_retry_after(
    kook: ModuleType, kook_mock: MockServer, clock: FakeClock
) -> None:
    kook_mock.fault(operation="me", status=503, headers={"Retry-After": "0.3"})

    async def run() -> None:
        async with kook_client(kook, kook_mock, "AsyncClient") as client:
            await client.user.me()

    asyncio.run(run())
    assert len(kook_mock.requests("me")) == 2
    assert clock.asked == [0.3]  # the server's wait, not the 0.5 s +- 25% backoff


@pytest.mark.parametrize("value", ["soon", "inf", "nan", "Wed, 99 Foo 2026 99:99:99 GMT"])
def test_a_retry_after_that_is_neither_seconds_nor_a_date_is_ignored(
    kook: ModuleType, kook_mock: MockServer, value: str, fast_backoff: None
) -> None:
    # Ignored, it leaves the wait to the next header: the bucket's reset time.
    headers = {"Retry-After": value, "X-Rate-Limit-Reset": "0.01"}
    kook_mock.fault(operation="me", status=429, count=3, headers=headers)
    with kook_client(kook, kook_mock, max_retries=1) as client:
        with pytest.raises(kook.RateLimitError) as info:
            client.user.me()
        assert info.value.retry_after == 0.01
        assert client.user.me().username == "test"  # backed off, retried, answered
    assert len(kook_mock.requests("me")) == 4


# -- rate-limit buckets -------------------------------------------------------------


@pytest.mark.parametrize("reset", ["inf", "1e12", "3600", "61"])
def test_a_bucket_reset_beyond_a_minute_is_not_waited_for_before_the_next_call(
    kook: ModuleType, kook_mock: MockServer, reset: str, clock: FakeClock
) -> None:
    kook_mock.fault(operation="me", status=200, headers=limited("0", reset, "user", **{
        "X-Rate-Limit-Global": "1"}))  # fmt: skip
    with kook_client(kook, kook_mock) as client:
        client.user.me()
        client.user.me()  # goes out: the server's answer decides
        client.user.view(user_id="1")
    assert clock.asked == []
    assert len(kook_mock.requests()) == 3


def test_a_bucket_reset_within_a_minute_and_the_calls_timeout_is_still_waited_for(
    kook: ModuleType, kook_mock: MockServer, clock: FakeClock
) -> None:
    kook_mock.fault(operation="me", status=200, headers=limited("0", "60", "user"))
    with kook_client(kook, kook_mock, timeout=90) as client:
        client.user.me()
        client.user.me()
    assert clock.asked == [60.0]


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_exhausted_bucket_delays_the_next_call_of_the_same_operation(
    kook: ModuleType, kook_mock: MockServer, cls: str, clock: FakeClock
) -> None:
    kook_mock.fault(operation="me", headers=limited("0", "0.3", "user/me"))

    async def calls(client: Any) -> None:
        await client.user.me()
        await client.user.me()

    client = kook_client(kook, kook_mock, cls)
    if cls == "Client":
        with client:
            client.user.me()
            client.user.me()
    else:
        asyncio.run(calls(client))
    assert len(kook_mock.requests("me")) == 2
    assert clock.asked == pytest.approx([0.3], rel=1e-9, abs=0)  # before the second call only


def test_exhausted_bucket_delays_other_operations_of_that_bucket_only(
    kook: ModuleType, kook_mock: MockServer, clock: FakeClock
) -> None:
    kook_mock.fault(operation="view", headers=limited("5", "10", "user"))
    kook_mock.fault(operation="getOnlineStatus", headers=limited("5", "10", "status"))
    kook_mock.fault(operation="me", headers=limited("0", "0.3", "user"))
    with kook_client(kook, kook_mock) as client:
        client.user.view(user_id="1")  # learns: view counts against bucket "user"
        client.user.get_online_status()  # ... and getOnlineStatus against "status"
        client.user.me()  # "user" is used up for 0.3 s
        client.user.get_online_status()  # another bucket: goes at once
        assert clock.asked == []
        clock.advance(0.1)
        client.user.view(user_id="1")  # same bucket: waits what is left of the 0.3 s
        assert clock.asked == pytest.approx([0.2], rel=1e-9, abs=0)
    sent = kook_mock.requests()
    assert [r["operation"] for r in sent] == [
        "view",
        "getOnlineStatus",
        "me",
        "getOnlineStatus",
        "view",
    ]


def test_bucket_with_calls_left_does_not_wait(
    kook: ModuleType, kook_mock: MockServer, clock: FakeClock
) -> None:
    kook_mock.fault(operation="me", headers=limited("3", "5", "user/me"))
    with kook_client(kook, kook_mock) as client:
        client.user.me()
        client.user.me()
    assert len(kook_mock.requests("me")) == 2
    assert clock.asked == []


def test_global_limit_pauses_every_operation(
    kook: ModuleType, kook_mock: MockServer, clock: FakeClock
) -> None:
    kook_mock.fault(
        operation="me", headers=limited("0", "0.3", "user/me", **{"X-Rate-Limit-Global": "1"})
    )
    with kook_client(kook, kook_mock) as client:
        client.user.me()
        assert clock.asked == []
        client.user.get_online_status()  # another operation, another bucket: waits too
    assert [r["operation"] for r in kook_mock.requests()] == ["me", "getOnlineStatus"]
    assert clock.asked == pytest.approx([0.3], rel=1e-9, abs=0)


def test_async_global_limit_pauses_every_operation(
    kook: ModuleType, kook_mock: MockServer, clock: FakeClock
) -> None:
    kook_mock.fault(
        operation="offline", headers=limited("10", "0.3", "x", **{"X-Rate-Limit-Global": "yes"})
    )

    async def run() -> None:
        async with kook_client(kook, kook_mock, "AsyncClient") as client:
            await client.user.offline()
            await client.user.me()

    asyncio.run(run())
    assert [r["operation"] for r in kook_mock.requests()] == ["offline", "me"]
    assert clock.asked == pytest.approx([0.3], rel=1e-9, abs=0)


# -- waits the call is not to make: past its timeout, or with max_retries=0 ----------


def kook_calls(kook: ModuleType, server: MockServer, cls: str, *calls: Any, **kwargs: Any) -> Any:
    """Make `calls` (each taking the client) in turn on one `cls` of `kook` made with
    `kwargs`: the error each raised (None where it answered)."""
    errors: list[Exception | None] = []

    async def run_async() -> None:
        async with kook_client(kook, server, cls, **kwargs) as client:
            for call in calls:
                try:
                    errors.append(await call(client) and None)
                except kook.KookError as error:
                    errors.append(error)

    if cls == "AsyncClient":
        asyncio.run(run_async())
        return errors
    with kook_client(kook, server, cls, **kwargs) as client:
        for call in calls:
            try:
                errors.append(call(client) and None)
            except kook.KookError as error:
                errors.append(error)
    return errors


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize(
    ("settings", "given", "why"),
    [
        ({}, {"timeout": 0.5}, "past the call's timeout"),
        ({"timeout": 2.0}, {}, "past the call's timeout"),
        ({"max_retries": 0}, {"timeout": None}, "max_retries=0"),
    ],
    ids=["call-timeout", "client-timeout", "max-retries-0"],
)
def test_a_hold_the_call_is_not_to_wait_raises_rate_limit_error_at_once_nothing_sent(
    kook: ModuleType,
    kook_mock: MockServer,
    clock: FakeClock,
    cls: str,
    settings: dict[str, Any],
    given: dict[str, Any],
    why: str,
) -> None:
    """The call would have slept out the bucket's 5 s reset before sending, whatever its
    timeout= and max_retries=0 said."""
    kook_mock.fault(operation="me", headers=limited("0", "5", "user"))
    me = lambda c: c.user.me()  # noqa: E731
    answered, error = kook_calls(kook, kook_mock, cls, me, lambda c: c.user.me(**given), **settings)
    assert answered is None and isinstance(error, kook.RateLimitError)
    assert (error.retry_after, error.bucket, error.is_global) == (5.0, "user", False)
    assert (
        str(error) == f"user.me(): not sent: the rate limit frees calls in 5 s ({why}) (HTTP 429)"
    )
    assert error.response is None
    assert clock.asked == []
    assert len(kook_mock.requests("me")) == 1


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize(
    ("timeout", "asked"),
    [(1.0, []), (httpx.Timeout(1.0, read=10.0), [5.0]), (None, [5.0])],
    ids=["shorter", "longest-limit-longer", "no-timeout"],
)
def test_a_retry_after_longer_than_the_calls_timeout_is_not_waited_the_429_raises(
    kook: ModuleType,
    kook_mock: MockServer,
    clock: FakeClock,
    cls: str,
    timeout: Any,
    asked: list[float],
) -> None:
    """The call's time is its timeout's longest limit; a wait past it is not made."""
    kook_mock.fault(operation="me", status=429, headers={"Retry-After": "5"})
    (error,) = kook_calls(kook, kook_mock, cls, lambda c: c.user.me(timeout=timeout))
    assert clock.asked == asked
    if asked:
        assert error is None and len(kook_mock.requests("me")) == 2
    else:
        assert isinstance(error, kook.RateLimitError) and error.retry_after == 5.0
        assert len(kook_mock.requests("me")) == 1


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_429_with_max_retries_0_raises_without_waiting_and_so_does_the_next_call(
    kook: ModuleType, kook_mock: MockServer, clock: FakeClock, cls: str
) -> None:
    kook_mock.fault(operation="me", status=429, headers=limited("0", "3", "user/me"))
    me = lambda c: c.user.me()  # noqa: E731
    answered, held = kook_calls(kook, kook_mock, cls, me, me, max_retries=0)
    assert isinstance(answered, kook.RateLimitError) and answered.response.status_code == 429
    assert isinstance(held, kook.RateLimitError) and held.response is None
    assert (answered.retry_after, held.retry_after) == (3.0, 3.0)
    assert clock.asked == []
    assert len(kook_mock.requests("me")) == 1


# -- x-idempotent, with a spec of our own -------------------------------------------


def test_post_marked_x_idempotent_is_retried_after_5xx(
    lists_api: ModuleType, lists_mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lists_api._base_client, "_INITIAL_BACKOFF", 0.01)
    lists_mock.fault(operation="searchGuilds", status=500, count=2)
    with lists_api.Client(token="t", base_url=lists_mock.url) as client:
        page = client.guild.search_guilds(keyword="g")
    assert [g.id for g in page.items] == ["g1"]
    assert len(lists_mock.requests("searchGuilds")) == 3
