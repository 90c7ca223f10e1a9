"""One client shared by many threads (`Client`) or tasks (`AsyncClient`) while QQ's access
token expires and is renewed, against `botspec mock` on 127.0.0.1: one purchase per expiry,
every call succeeds, and no call carries a token the client already replaced.

The token's age is a fake clock's (it moves only when a test says); the mock records the
token each request carried."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from gen_support import FakeClock, RecordingServer
from mockserver import AwaitingSyncTransport, AwaitingTransport, MockServer, issue_qq_tokens

SECRET = "qq-secret-concurrency"
CALLS = 20


def qq_client(qqbot: ModuleType, server: MockServer, cls: str = "Client", **kwargs: Any) -> Any:
    return getattr(qqbot, cls)(
        app_id="1001",
        client_secret=SECRET,
        base_url=server.url,
        **{"token_url": server.url + "/app/getAppAccessToken", **kwargs},
    )


def tokens_sent(server: MockServer, operation: str = "getGateway") -> list[str]:
    return [r["headers"]["authorization"] for r in server.requests(operation)]


@pytest.fixture
def clock(qqbot: ModuleType, monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    return FakeClock().install(qqbot._base_client, monkeypatch)


def in_threads(count: int, call: Callable[[], Any]) -> list[BaseException]:
    """Run `call` in `count` threads released together; the errors they raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run() -> None:
        start.wait()
        try:
            call()
        except BaseException as exc:  # reported to the test
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a call never returned"
    return errors


def test_threads_sharing_a_client_across_a_token_expiry_buy_one_new_token_and_use_only_it(
    qqbot: ModuleType, qqbot_mock: MockServer, clock: FakeClock
) -> None:
    issue_qq_tokens(qqbot_mock, "tok-old", expires_in="100")
    issue_qq_tokens(qqbot_mock, "tok-new", delay=0.2)  # slow, so calls queue behind it
    with qq_client(qqbot, qqbot_mock) as client:
        assert in_threads(CALLS, client.gateway.get_gateway) == []
        clock.advance(95)  # past 90% of the token's life: renewed before the next call
        assert in_threads(CALLS, client.gateway.get_gateway) == []
    assert len(qqbot_mock.requests("getAppAccessToken")) == 2
    assert tokens_sent(qqbot_mock) == ["QQBot tok-old"] * CALLS + ["QQBot tok-new"] * CALLS


def test_tasks_sharing_an_async_client_across_a_token_expiry_buy_one_new_token_and_use_only_it(
    qqbot: ModuleType, qqbot_mock: MockServer, clock: FakeClock
) -> None:
    issue_qq_tokens(qqbot_mock, "tok-old", expires_in="100")
    issue_qq_tokens(qqbot_mock, "tok-new", delay=0.2)

    async def run() -> None:
        async with qq_client(qqbot, qqbot_mock, "AsyncClient") as client:
            await asyncio.gather(*(client.gateway.get_gateway() for _ in range(CALLS)))
            clock.advance(95)
            await asyncio.gather(*(client.gateway.get_gateway() for _ in range(CALLS)))

    asyncio.run(run())
    assert len(qqbot_mock.requests("getAppAccessToken")) == 2
    assert tokens_sent(qqbot_mock) == ["QQBot tok-old"] * CALLS + ["QQBot tok-new"] * CALLS


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_401_to_a_token_another_call_already_replaced_keeps_the_replacement(
    qqbot: ModuleType, qqbot_mock: MockServer, clock: FakeClock, cls: str
) -> None:
    """Between a call getting its token and sending it, another call renews the token; the
    platform then refuses the old one. The call retries with the new token: it does not
    throw the new one away and buy a third."""
    issue_qq_tokens(qqbot_mock, "tok-1", "tok-2", "tok-3")
    qqbot_mock.fault(operation="getGateway", status=401)
    client = qq_client(qqbot, qqbot_mock, cls, timeout=None)  # the clock jumps 2 h in the call
    source = client._token_source
    name = "aget" if cls == "AsyncClient" else "get"
    real_get = getattr(source, name)

    def renewed_meanwhile(token: str) -> bool:
        if token != "tok-1":
            return False
        clock.advance(7200)  # tok-1 is out of date now: the other call buys tok-2
        return True

    def get(http: Any, timeout: Any, call: str) -> str:
        token: str = real_get(http, timeout, call)
        if renewed_meanwhile(token):
            real_get(http, timeout, call)
        return token

    async def aget(http: Any, timeout: Any, call: str) -> str:
        token: str = await real_get(http, timeout, call)
        if renewed_meanwhile(token):
            await real_get(http, timeout, call)
        return token

    setattr(source, name, aget if cls == "AsyncClient" else get)

    async def call_async() -> Any:
        async with client:
            return await client.gateway.get_gateway()

    if cls == "AsyncClient":
        asyncio.run(call_async())
    else:
        with client:
            client.gateway.get_gateway()
    assert tokens_sent(qqbot_mock) == ["QQBot tok-1", "QQBot tok-2"]
    assert len(qqbot_mock.requests("getAppAccessToken")) == 2


# -- waiting for another call's purchase ----------------------------------------------


def test_a_call_waiting_for_another_threads_token_purchase_times_out_within_its_own_timeout(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    issue_qq_tokens(qqbot_mock, "tok-held", hold=True)
    transport = AwaitingSyncTransport()
    with qq_client(qqbot, qqbot_mock, transport=transport, max_retries=0) as client:
        buyer = threading.Thread(target=in_threads, args=(1, client.gateway.get_gateway))
        buyer.start()
        assert transport.on("/app/getAppAccessToken").wait(timeout=30)
        try:
            with pytest.raises(qqbot.ApiTimeoutError) as info:
                client.gateway.get_gateway(timeout=0.2)
        finally:
            qqbot_mock.release()
            buyer.join(timeout=30)
    assert info.value.operation == "getAppAccessToken"
    assert str(info.value) == (
        "gateway.get_gateway(): timed out (waiting for the access token another call is" " buying)"
    )
    assert tokens_sent(qqbot_mock) == ["QQBot tok-held"]  # the buyer's call went through


def test_a_call_waiting_for_another_tasks_token_purchase_times_out_within_its_own_timeout(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    issue_qq_tokens(qqbot_mock, "tok-held", hold=True)
    transport = AwaitingTransport()

    async def run() -> Any:
        async with qq_client(
            qqbot, qqbot_mock, "AsyncClient", transport=transport, max_retries=0
        ) as client:
            buyer = asyncio.create_task(client.gateway.get_gateway())
            await transport.on("/app/getAppAccessToken").wait()
            try:
                with pytest.raises(qqbot.ApiTimeoutError) as info:
                    await client.gateway.get_gateway(timeout=0.2)
            finally:
                qqbot_mock.release()
            await buyer
            return info.value

    error = asyncio.run(run())
    assert error.operation == "getAppAccessToken"
    assert str(error) == (
        "gateway.get_gateway(): timed out (waiting for the access token another call is" " buying)"
    )
    assert tokens_sent(qqbot_mock) == ["QQBot tok-held"]


def test_a_call_refused_while_another_thread_buys_the_token_waits_at_most_its_own_timeout(
    qqbot: ModuleType, qqbot_mock: MockServer, wire: RecordingServer, clock: FakeClock
) -> None:
    """A call's token is refused (401) while another thread buys a new one from a token
    service that hangs: forgetting the refused token does not wait for that purchase, and the
    call waits for the new token no longer than its own timeout, saying what it waited for."""
    buying, hung_up = threading.Event(), threading.Event()

    def hang() -> None:  # the token service sends a byte of its answer, then nothing
        buying.set()
        hung_up.wait(timeout=60)

    wire.reply({"access_token": "tok-1", "expires_in": "10"})
    wire.reply({"access_token": "tok-2", "expires_in": "7200"}, midway=hang)
    qqbot_mock.fault(operation="getGateway", status=401, hold=True)
    token_url = wire.url + "/app/getAppAccessToken"
    client = qq_client(qqbot, qqbot_mock, token_url=token_url, max_retries=0)
    refused: list[BaseException] = []

    def refused_call() -> None:
        # It waits for a token no longer than its pool timeout, for its answer 30 s.
        timeout = httpx.Timeout(30.0, pool=0.5)
        refused.extend(in_threads(1, lambda: client.gateway.get_gateway(timeout=timeout)))

    first = threading.Thread(target=refused_call)
    buyer = threading.Thread(target=in_threads, args=(1, client.gateway.get_gateway))
    try:
        first.start()
        qqbot_mock.wait_held(1)  # the first call sent tok-1 and waits for its answer
        clock.advance(9.5)  # past 90% of tok-1's life: the next call buys tok-2
        buyer.start()
        assert buying.wait(timeout=30)
        qqbot_mock.release()  # the 401 to tok-1
        first.join(timeout=30)
        assert not first.is_alive(), "the refused call waited for the other call's purchase"
    finally:
        hung_up.set()
        buyer.join(timeout=30)
        first.join(timeout=30)
        client.close()
    [error] = refused
    assert isinstance(error, qqbot.ApiTimeoutError)
    assert str(error) == (
        "gateway.get_gateway(): timed out (waiting for the access token another call is buying)"
    )
    assert tokens_sent(qqbot_mock) == ["QQBot tok-1", "QQBot tok-2"]


# -- more calls than connections ------------------------------------------------------


def test_a_post_that_found_no_free_connection_in_time_is_retried_as_it_was_never_sent(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    """With every connection of the pool busy, a call that times out waiting for one
    (httpx's PoolTimeout) sent nothing: even a POST, never retried once sent, may go again."""
    kook_mock.fault(operation="me", hold=True)
    transport = AwaitingTransport()  # one connection

    async def run() -> Any:
        client = kook.AsyncClient(
            token="kook-concurrency", base_url=kook_mock.url + "/api/v3", transport=transport
        )
        async with client:
            busy = asyncio.create_task(client.user.me())
            await transport.on("/api/v3/user/me").wait()

            def backoff(attempt: int, response: Any) -> float:
                kook_mock.release()  # the busy call's answer frees the connection
                return 0.0

            client._backoff = backoff
            result = await client.user.offline(timeout=httpx.Timeout(30.0, pool=1.0))
            await busy
            return result

    assert asyncio.run(run()) == {}
    assert [r["operation"] for r in kook_mock.requests()] == ["me", "offline"]


def test_forgetting_a_refused_token_cannot_interleave_with_another_threads_purchase(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    """After a 401 the client forgets the token the call sent, if it is still the current
    one. Were another thread's purchase to store a new token between that check and the
    forgetting, the new token would be lost (and bought again): the check and the forgetting
    are made under the lock a purchase stores its token under, which the test sees from
    inside the check."""
    issue_qq_tokens(qqbot_mock, "tok-1", "tok-2")
    qqbot_mock.fault(operation="getGateway", status=401)
    locked_at_check: list[bool] = []

    with qq_client(qqbot, qqbot_mock) as client:
        source = client._token_source

        class Watched(str):
            def __eq__(self, other: object) -> bool:
                locked_at_check.append(source._token_lock.locked())
                return str.__eq__(self, other)

            __hash__ = str.__hash__

        real_store = source._store

        def store(response: Any, call: str) -> str:
            token = real_store(response, call)
            source._token = Watched(token)
            return source._token  # type: ignore[no-any-return]

        source._store = store
        client.gateway.get_gateway()
    assert locked_at_check == [True]
    assert tokens_sent(qqbot_mock) == ["QQBot tok-1", "QQBot tok-2"]
