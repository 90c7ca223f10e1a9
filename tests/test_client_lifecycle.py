"""A client's life under real use, against `botspec mock` on 127.0.0.1: calls cancelled
mid-way (while the answer is awaited, while another task buys the token, while backing off
before a retry), a client closed by another task under a call, `with` blocks nested on one
client, and an `http_client` brought from another event loop.

Each cancelled call must raise CancelledError (not an API error), and leave the client
working: no lock held, no connection leaked (the clients here have a pool of one connection,
so a leaked one would make the next call time out), no token state spoiled. Nothing waits
on the clock: the tests wait on events set by the code under test."""

from __future__ import annotations

import asyncio
import threading
from types import ModuleType
from typing import Any

import httpx
import pytest
from gen_support import FakeClock
from mockserver import AwaitingTransport, MockServer, issue_qq_tokens

KOOK_TOKEN = "kook-token-lifecycle"
QQ_SECRET = "qq-secret-lifecycle"


def qq_async(qqbot: ModuleType, server: MockServer, **kwargs: Any) -> Any:
    return qqbot.AsyncClient(
        app_id="1001",
        client_secret=QQ_SECRET,
        base_url=server.url,
        token_url=server.url + "/app/getAppAccessToken",
        **kwargs,
    )


def kook_client(kook: ModuleType, server: MockServer, cls: str = "Client", **kwargs: Any) -> Any:
    return getattr(kook, cls)(token=KOOK_TOKEN, base_url=server.url + "/api/v3", **kwargs)


async def outcome(task: asyncio.Task[Any]) -> BaseException | None:
    """What awaiting `task` raised (None: nothing)."""
    try:
        await task
    except BaseException as exc:  # the point of the test: which one it is
        return exc
    return None


async def cancelled(task: asyncio.Task[Any]) -> BaseException | None:
    """Cancel `task` and answer what awaiting it raised."""
    task.cancel()
    return await outcome(task)


def tokens_sent(server: MockServer, operation: str) -> list[str]:
    return [r["headers"]["authorization"] for r in server.requests(operation)]


def operations(server: MockServer) -> list[str]:
    return [r["operation"] for r in server.requests()]


# -- cancellation -------------------------------------------------------------------


def test_a_call_cancelled_while_awaiting_its_answer_raises_cancelled_error_and_frees_the_client(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    issue_qq_tokens(qqbot_mock, "tok-1")
    qqbot_mock.fault(operation="getGateway", hold=True)
    transport = AwaitingTransport()

    async def run() -> tuple[BaseException | None, Any]:
        async with qq_async(qqbot, qqbot_mock, transport=transport, timeout=5.0) as client:
            call = asyncio.create_task(client.gateway.get_gateway())
            await transport.on("/gateway").wait()
            error = await cancelled(call)
            return error, await client.gateway.get_gateway()  # the one connection is free

    error, after = asyncio.run(run())
    assert isinstance(error, asyncio.CancelledError)
    assert after.url.startswith("wss://")
    # The token bought before the cancellation is kept. (The cancelled request is recorded
    # only if the mock read it before its connection closed.)
    assert len(qqbot_mock.requests("getAppAccessToken")) == 1
    assert tokens_sent(qqbot_mock, "getGateway")[-1] == "QQBot tok-1"


def test_a_call_timed_out_by_wait_for_raises_timeout_error_not_an_api_error(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    issue_qq_tokens(qqbot_mock, "tok-1")
    qqbot_mock.fault(operation="getGateway", hold=True)
    transport = AwaitingTransport()

    async def run() -> Any:
        async with qq_async(qqbot, qqbot_mock, transport=transport, timeout=5.0) as client:
            call = asyncio.create_task(client.gateway.get_gateway())
            await transport.on("/gateway").wait()
            with pytest.raises(TimeoutError) as info:
                await asyncio.wait_for(call, timeout=0)
            assert not isinstance(info.value, qqbot.QqbotError)
            return await client.gateway.get_gateway()

    assert asyncio.run(run()).url.startswith("wss://")


def test_when_the_token_buyer_is_cancelled_a_waiting_call_buys_the_token_itself(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    issue_qq_tokens(qqbot_mock, "tok-abandoned", hold=True)
    issue_qq_tokens(qqbot_mock, "tok-2")
    transport = AwaitingTransport()

    async def run() -> tuple[BaseException | None, Any, Any]:
        async with qq_async(qqbot, qqbot_mock, transport=transport, timeout=5.0) as client:
            source = client._token_source
            buying = asyncio.Event()
            real_aget = source.aget

            async def aget(http: Any, timeout: Any, call: str) -> str:
                buying.set()  # the waiter is at the token lock from here on
                return await real_aget(http, timeout, call)

            buyer = asyncio.create_task(client.gateway.get_gateway())
            await transport.on("/app/getAppAccessToken").wait()
            source.aget = aget
            waiter = asyncio.create_task(client.gateway.get_gateway_bot())
            await buying.wait()
            error = await cancelled(buyer)
            return error, await waiter, await client.gateway.get_gateway()

    error, waited, after = asyncio.run(run())
    assert isinstance(error, asyncio.CancelledError)
    assert waited.shards == 9 and after.url.startswith("wss://")
    # tok-2 comes from the waiter's own purchase, the only one answered
    sent = tokens_sent(qqbot_mock, "getGatewayBot") + tokens_sent(qqbot_mock, "getGateway")
    assert sent == ["QQBot tok-2", "QQBot tok-2"]


def test_a_call_cancelled_while_backing_off_raises_cancelled_error_and_frees_the_client(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    kook_mock.fault(operation="me", status=503)

    async def run() -> tuple[BaseException | None, Any]:
        transport = AwaitingTransport()
        # no timeout: the call's time would not let it wait the backoff below
        client = kook_client(kook, kook_mock, "AsyncClient", transport=transport, timeout=None)
        async with client:
            backing_off = asyncio.Event()

            def backoff(attempt: int, response: httpx.Response | None) -> float:
                backing_off.set()
                return 3600.0  # only a cancellation ends this wait

            client._backoff = backoff
            call = asyncio.create_task(client.user.me())
            await backing_off.wait()
            error = await cancelled(call)
            return error, await client.user.me()

    error, after = asyncio.run(run())
    assert isinstance(error, asyncio.CancelledError)
    assert after.username
    assert operations(kook_mock) == ["me", "me"]


# -- nested `with` ------------------------------------------------------------------


async def enter_twice_async(kook: ModuleType, client: Any) -> str:
    async with client:
        with pytest.raises(kook.ClientClosedError) as info:
            async with client:
                pass
        assert (await client.user.me()).username  # the outer block goes on
    with pytest.raises(kook.ClientClosedError, match="is closed: make a new one"):
        await client.user.me()  # and its end closed the client
    return str(info.value)


def enter_twice(kook: ModuleType, client: Any) -> str:
    with client:
        with pytest.raises(kook.ClientClosedError) as info, client:
            pass
        assert client.user.me().username  # the outer block goes on
    with pytest.raises(kook.ClientClosedError, match="is closed: make a new one"):
        client.user.me()  # and its end closed the client
    return str(info.value)


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_entering_a_client_inside_its_own_with_block_raises_and_leaves_it_open(
    kook: ModuleType, kook_mock: MockServer, cls: str
) -> None:
    client = kook_client(kook, kook_mock, cls)
    if cls == "AsyncClient":
        message = asyncio.run(enter_twice_async(kook, client))
    else:
        message = enter_twice(kook, client)
    keyword = "async with" if cls == "AsyncClient" else "with"
    assert message == (
        f"this {cls} is already open in a `{keyword}` block, which closes it at its end:"
        f" use it there without another `{keyword}`, or make a new {cls}"
    )
    assert operations(kook_mock) == ["me"]


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_client_entered_and_left_without_error_closes_at_the_end_of_its_block(
    kook: ModuleType, kook_mock: MockServer, cls: str
) -> None:
    client = kook_client(kook, kook_mock, cls)

    async def run() -> None:
        async with client:
            await client.user.me()

    if cls == "Client":
        with client:
            client.user.me()
    else:
        asyncio.run(run())
    with pytest.raises(kook.ClientClosedError, match="is closed: make a new one"):
        client.user.me() if cls == "Client" else asyncio.run(client.user.me())


# -- an http_client from another event loop -----------------------------------------


def used_in_a_loop(server: MockServer, loop: asyncio.AbstractEventLoop) -> httpx.AsyncClient:
    """An httpx client whose pool keeps a connection made in `loop`."""
    http = httpx.AsyncClient()
    url = server.url + "/api/v3/user/me"
    loop.run_until_complete(http.get(url, headers={"Authorization": "Bot " + KOOK_TOKEN}))
    return http


@pytest.mark.parametrize("first_loop", ["closed", "still open"])
def test_an_http_client_used_in_another_event_loop_raises_client_closed_error(
    kook: ModuleType, kook_mock: MockServer, first_loop: str
) -> None:
    loop = asyncio.new_event_loop()
    try:
        http = used_in_a_loop(kook_mock, loop)
        if first_loop == "closed":
            loop.close()
        client = kook_client(kook, kook_mock, "AsyncClient", http_client=http, max_retries=0)

        async def me() -> Any:
            return await client.user.me()

        with pytest.raises(kook.ClientClosedError) as info:
            asyncio.run(me())
    finally:
        loop.close()
    assert str(info.value) == (
        "user.me(): the http_client given to this AsyncClient was used in another event loop,"
        " whose connections this one cannot use: give it an httpx.AsyncClient made in this one"
    )


# -- how often a call checks the client is open ---------------------------------------


def counting(client: Any, monkeypatch: pytest.MonkeyPatch) -> list[None]:
    checks: list[None] = []
    real = client._closed_reason

    def closed_reason() -> str | None:
        checks.append(None)
        return real()  # type: ignore[no-any-return]

    monkeypatch.setattr(client, "_closed_reason", closed_reason)
    return checks


def test_an_async_call_checks_the_client_is_open_as_often_as_a_sync_call(
    kook: ModuleType, kook_mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sync_client = kook_client(kook, kook_mock)
    async_client = kook_client(kook, kook_mock, "AsyncClient")
    sync_checks = counting(sync_client, monkeypatch)
    async_checks = counting(async_client, monkeypatch)
    sync_client.user.me()

    async def me() -> Any:
        return await async_client.user.me()

    asyncio.run(me())
    assert len(async_checks) == len(sync_checks) == 2  # at the call, and before sending


# -- closed by another task under a call ----------------------------------------------


@pytest.mark.parametrize("call", ["offline", "me"])  # a POST, not retried; a GET, retried
def test_a_call_whose_client_another_task_closes_under_it_raises_client_closed_error_at_once(
    kook: ModuleType, kook_mock: MockServer, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    clock = FakeClock().install(kook._base_client, monkeypatch)
    kook_mock.fault(operation=call, hold=True)
    transport = AwaitingTransport()

    async def run() -> BaseException | None:
        client = kook_client(kook, kook_mock, "AsyncClient", transport=transport)
        task = asyncio.create_task(getattr(client.user, call)())
        await transport.on(f"/api/v3/user/{call}").wait()
        await client.close()
        return await outcome(task)

    error = asyncio.run(run())
    assert isinstance(error, kook.ClientClosedError)
    assert str(error) == f"user.{call}(): this AsyncClient is closed: make a new one"
    assert clock.asked == []  # no backoff before saying so
    # Sent once at most, and never again (the mock may not have recorded a request whose
    # connection closed before it read it).
    assert operations(kook_mock) in ([], [call])


def test_a_sync_call_whose_client_another_thread_closes_while_it_waits_returns_no_answer(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    """httpx's sync client cannot end a read another thread is blocked in, and close() leaves
    an http_client of the caller's open: the answer comes, and the call raises
    ClientClosedError instead of returning it."""
    kook_mock.fault(operation="me", hold=True)
    http = httpx.Client()
    client = kook_client(kook, kook_mock, http_client=http)
    results: list[Any] = []

    def call() -> None:
        try:
            results.append(client.user.me())
        except BaseException as exc:  # the point of the test: which one it is
            results.append(exc)

    thread = threading.Thread(target=call)
    thread.start()
    kook_mock.wait_held(1)
    client.close()
    kook_mock.release()  # the answer comes, to a closed client
    thread.join(timeout=30)
    http.close()
    [error] = results
    assert isinstance(error, kook.ClientClosedError)
    assert str(error) == "user.me(): this Client is closed: make a new one"


def test_a_call_whose_client_another_task_closes_while_it_buys_the_token_raises_at_once(
    qqbot: ModuleType, qqbot_mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock().install(qqbot._base_client, monkeypatch)
    issue_qq_tokens(qqbot_mock, "tok-held", hold=True)
    transport = AwaitingTransport()

    async def run() -> BaseException | None:
        client = qq_async(qqbot, qqbot_mock, transport=transport)
        task = asyncio.create_task(client.gateway.get_gateway())
        await transport.on("/app/getAppAccessToken").wait()
        await client.close()
        return await outcome(task)

    error = asyncio.run(run())
    assert isinstance(error, qqbot.ClientClosedError)
    assert str(error) == "gateway.get_gateway(): this AsyncClient is closed: make a new one"
    assert clock.asked == []
    assert operations(qqbot_mock) in ([], ["getAppAccessToken"])  # no call sent
