"""QQ's access token: bought from getAppAccessToken (served by `botspec mock`, reached
through `token_url=`), cached, renewed before it expires and once after a 401, and
bought once however many calls need it at the same time. And a token operation on the
API's own servers (tests/specs/token_exchange): bought with a form where the operation
takes one, and where `base_url=` or `sandbox=` sends the calls."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Literal
from urllib.parse import parse_qs

import pytest
from gen_support import FakeClock, RecordingServer, refused_port, spec_folder
from mockserver import TEST_SPECS, MockServer, generate_into, issue_qq_tokens, served

SECRET = "qq-token-tests-secret"


def client_kwargs(server: MockServer, **kwargs: Any) -> dict[str, Any]:
    return {
        "app_id": "1001",
        "client_secret": SECRET,
        "base_url": server.url,
        "token_url": server.url + "/app/getAppAccessToken",
        **kwargs,
    }


def tokens_sent(server: MockServer, operation: str) -> list[str]:
    return [r["headers"]["authorization"] for r in server.requests(operation)]


def test_token_is_bought_once_and_reused(qqbot: ModuleType, qqbot_mock: MockServer) -> None:
    issue_qq_tokens(qqbot_mock, "tok-A", "tok-B")
    with qqbot.Client(**client_kwargs(qqbot_mock)) as client:
        client.gateway.get_gateway()
        client.gateway.get_gateway_bot()
        client.gateway.get_gateway()
    assert len(qqbot_mock.requests("getAppAccessToken")) == 1
    assert tokens_sent(qqbot_mock, "getGateway") == ["QQBot tok-A", "QQBot tok-A"]
    assert tokens_sent(qqbot_mock, "getGatewayBot") == ["QQBot tok-A"]


def test_token_request_sends_the_app_credentials(qqbot: ModuleType, qqbot_mock: MockServer) -> None:
    with qqbot.Client(**client_kwargs(qqbot_mock)) as client:
        client.gateway.get_gateway()
    bought = qqbot_mock.last("getAppAccessToken")
    assert bought["method"] == "POST"
    assert bought["path"] == "/app/getAppAccessToken"
    assert json.loads(bought["body"]) == {"appId": "1001", "clientSecret": SECRET}


@pytest.fixture
def clock(qqbot: ModuleType, monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """qqbot's client on a fake clock that moves only when the test says."""
    return FakeClock().install(qqbot._base_client, monkeypatch)


def test_token_is_renewed_before_it_expires(
    qqbot: ModuleType, qqbot_mock: MockServer, clock: FakeClock
) -> None:
    # A 100-second token is renewed at 90% of its life, before the platform would refuse it.
    issue_qq_tokens(qqbot_mock, "tok-short", expires_in="100")
    issue_qq_tokens(qqbot_mock, "tok-next")
    with qqbot.Client(**client_kwargs(qqbot_mock)) as client:
        client.gateway.get_gateway()
        clock.advance(89.5)
        client.gateway.get_gateway()  # 89.5 s of 100 s: still fresh
        clock.advance(1)
        client.gateway.get_gateway()  # 90.5 s of 100 s: renewed first
    assert tokens_sent(qqbot_mock, "getGateway") == ["QQBot tok-short"] * 2 + ["QQBot tok-next"]
    assert len(qqbot_mock.requests("getAppAccessToken")) == 2


def test_long_lived_token_is_kept_until_a_minute_before_expiry(
    qqbot: ModuleType, qqbot_mock: MockServer, clock: FakeClock
) -> None:
    issue_qq_tokens(qqbot_mock, "tok-long", "tok-next", expires_in="7200")
    with qqbot.Client(**client_kwargs(qqbot_mock)) as client:
        _call_through_a_2_hour_token(client, clock)
    assert tokens_sent(qqbot_mock, "getGateway") == ["QQBot tok-long"] * 2 + ["QQBot tok-next"]


def _call_through_a_2_hour_token(client: Any, clock: FakeClock) -> None:
    client.gateway.get_gateway()
    clock.advance(7139.5)
    client.gateway.get_gateway()  # half a second before the last minute: kept
    clock.advance(1)
    client.gateway.get_gateway()  # within the last minute: renewed first


@pytest.mark.parametrize("lifetime", ["7200", 7200])
def test_a_token_lifetime_as_digits_or_a_number_is_read_by_the_token_call_as_by_the_purchase(
    qqbot: ModuleType, qqbot_mock: MockServer, lifetime: str | int, clock: FakeClock
) -> None:
    # The platform answers "7200"; the public docs' table says a number: both are a lifetime.
    issue_qq_tokens(qqbot_mock, "tok-asked", "tok-long", "tok-next", expires_in=lifetime)
    with qqbot.Client(**client_kwargs(qqbot_mock)) as client:
        asked = client.auth.get_app_access_token(app_id="1001", client_secret=SECRET)
        assert (asked.access_token, asked.expires_in) == ("tok-asked", lifetime)
        _call_through_a_2_hour_token(client, clock)
    assert tokens_sent(qqbot_mock, "getGateway") == ["QQBot tok-long"] * 2 + ["QQBot tok-next"]


@pytest.mark.parametrize("lifetime", ["nan", "inf", "-inf", "soon"])
def test_a_token_lifetime_that_is_not_a_finite_number_counts_as_an_hour(
    qqbot: ModuleType, qqbot_mock: MockServer, lifetime: str, clock: FakeClock
) -> None:
    issue_qq_tokens(qqbot_mock, "tok-odd", "tok-other", expires_in=lifetime)
    with qqbot.Client(**client_kwargs(qqbot_mock)) as client:
        client.gateway.get_gateway()
        clock.advance(3539.5)
        client.gateway.get_gateway()  # an hour's token, a minute early: still kept
        clock.advance(1)
        client.gateway.get_gateway()  # now renewed
    assert tokens_sent(qqbot_mock, "getGateway") == ["QQBot tok-odd"] * 2 + ["QQBot tok-other"]


def test_401_renews_the_token_once_and_retries(qqbot: ModuleType, qqbot_mock: MockServer) -> None:
    issue_qq_tokens(qqbot_mock, "tok-revoked", "tok-fresh")
    qqbot_mock.fault(operation="getGatewayBot", status=401, message="token expired")
    with qqbot.Client(**client_kwargs(qqbot_mock)) as client:
        result = client.gateway.get_gateway_bot()
    assert result.shards == 9
    assert [r["operation"] for r in qqbot_mock.requests()] == [
        "getAppAccessToken", "getGatewayBot", "getAppAccessToken", "getGatewayBot",
    ]  # fmt: skip
    assert tokens_sent(qqbot_mock, "getGatewayBot") == ["QQBot tok-revoked", "QQBot tok-fresh"]


def test_second_401_is_raised_not_looped(qqbot: ModuleType, qqbot_mock: MockServer) -> None:
    issue_qq_tokens(qqbot_mock, "tok-1", "tok-2", "tok-3")
    qqbot_mock.fault(operation="getGateway", status=401, count=5)
    with (
        qqbot.Client(**client_kwargs(qqbot_mock)) as client,
        pytest.raises(qqbot.UnauthorizedError),
    ):
        client.gateway.get_gateway()
    assert len(qqbot_mock.requests("getGateway")) == 2
    assert len(qqbot_mock.requests("getAppAccessToken")) == 2


def test_async_401_renews_the_token_once(qqbot: ModuleType, qqbot_mock: MockServer) -> None:
    issue_qq_tokens(qqbot_mock, "tok-old", "tok-new")
    qqbot_mock.fault(operation="getGateway", status=401)

    async def run() -> None:
        async with qqbot.AsyncClient(**client_kwargs(qqbot_mock)) as client:
            await client.gateway.get_gateway()

    asyncio.run(run())
    assert tokens_sent(qqbot_mock, "getGateway") == ["QQBot tok-old", "QQBot tok-new"]


def test_refused_token_request_raises_unauthorized_without_the_secret(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    qqbot_mock.fault(
        operation="getAppAccessToken",
        status=401,
        body={"code": 100016, "message": "invalid appid or secret"},
    )
    with (
        qqbot.Client(**client_kwargs(qqbot_mock, max_retries=0)) as client,
        pytest.raises(qqbot.UnauthorizedError) as info,
    ):
        client.gateway.get_gateway()
    assert info.value.operation == "getAppAccessToken"
    assert info.value.code == 100016
    assert "invalid appid or secret" in str(info.value)
    assert SECRET not in str(info.value) and SECRET not in repr(info.value)
    assert qqbot_mock.requests("getGateway") == []


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_failed_token_purchase_names_the_call_that_needed_the_token(
    qqbot: ModuleType, qqbot_mock: MockServer, cls: str
) -> None:
    refusal = {"code": 100016, "message": "invalid appid or secret"}
    qqbot_mock.fault(operation="getAppAccessToken", status=200, body=refusal)
    with pytest.raises(qqbot.UnauthorizedError) as info:
        call_gateway(qqbot, qqbot_mock, cls, max_retries=0)
    assert (info.value.call, info.value.operation) == ("gateway.get_gateway()", "getAppAccessToken")
    assert str(info.value) == (
        "gateway.get_gateway(): could not obtain an access token: invalid appid or secret"
        " (HTTP 200, code 100016)"
    )


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_token_service_out_of_reach_names_the_call_that_needed_the_token(
    qqbot: ModuleType, qqbot_mock: MockServer, cls: str
) -> None:
    with refused_port() as port, pytest.raises(qqbot.ApiConnectionError) as info:
        call_gateway(
            qqbot, qqbot_mock, cls, max_retries=0, token_url=f"http://127.0.0.1:{port}/token"
        )
    assert (info.value.call, info.value.operation) == ("gateway.get_gateway()", "getAppAccessToken")
    assert str(info.value).startswith(
        "gateway.get_gateway(): could not obtain an access token: ConnectError: "
    )


@pytest.fixture
def fast_backoff(qqbot: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qqbot._base_client, "_INITIAL_BACKOFF", 0.01)


def call_gateway(qqbot: ModuleType, server: MockServer, cls: str, **kwargs: Any) -> Any:
    """GET /gateway with a new sync or async client."""
    if cls == "Client":
        with qqbot.Client(**client_kwargs(server, **kwargs)) as client:
            return client.gateway.get_gateway()

    async def run() -> Any:
        async with qqbot.AsyncClient(**client_kwargs(server, **kwargs)) as client:
            return await client.gateway.get_gateway()

    return asyncio.run(run())


TOKEN_OUTAGES = [
    {"status": 503},
    {"status": 429, "headers": {"Retry-After": "0"}},
    {"drop": True},
]


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize("outage", TOKEN_OUTAGES, ids=["503", "429", "dropped"])
def test_a_failed_token_purchase_is_retried_within_max_retries(
    qqbot: ModuleType, qqbot_mock: MockServer, cls: str, outage: dict[str, Any], fast_backoff: None
) -> None:
    qqbot_mock.fault(operation="getAppAccessToken", count=2, **outage)
    assert call_gateway(qqbot, qqbot_mock, cls).url.startswith("wss://")
    assert len(qqbot_mock.requests("getAppAccessToken")) == 3
    assert len(qqbot_mock.requests("getGateway")) == 1


@pytest.mark.parametrize("outage", TOKEN_OUTAGES, ids=["503", "429", "dropped"])
def test_a_failed_token_purchase_is_raised_after_max_retries(
    qqbot: ModuleType, qqbot_mock: MockServer, outage: dict[str, Any], fast_backoff: None
) -> None:
    qqbot_mock.fault(operation="getAppAccessToken", count=3, **outage)
    with pytest.raises((qqbot.ApiError, qqbot.ApiConnectionError)) as info:
        call_gateway(qqbot, qqbot_mock, "Client", max_retries=1)
    assert info.value.operation == "getAppAccessToken"
    assert not isinstance(info.value, qqbot.UnauthorizedError)
    assert len(qqbot_mock.requests("getAppAccessToken")) == 2
    assert qqbot_mock.requests("getGateway") == []


def test_a_rate_limited_token_purchase_raises_rate_limit_error_with_its_wait(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    qqbot_mock.fault(
        operation="getAppAccessToken",
        status=429,
        headers={"Retry-After": "7"},
        body={"code": 11298, "message": "too many token requests"},
    )
    with pytest.raises(qqbot.RateLimitError) as info:
        call_gateway(qqbot, qqbot_mock, "Client", max_retries=0)
    assert info.value.retry_after == 7.0
    assert info.value.code == 11298


def test_a_refused_token_purchase_is_not_retried(
    qqbot: ModuleType, qqbot_mock: MockServer, fast_backoff: None
) -> None:
    qqbot_mock.fault(operation="getAppAccessToken", status=401, count=3)
    with pytest.raises(qqbot.UnauthorizedError):
        call_gateway(qqbot, qqbot_mock, "Client")
    assert len(qqbot_mock.requests("getAppAccessToken")) == 1


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_calls_timeout_bounds_the_token_purchase_it_needs(
    qqbot: ModuleType, qqbot_mock: MockServer, cls: str
) -> None:
    issue_qq_tokens(qqbot_mock, "tok-slow", hold=True)
    if cls == "Client":
        with (
            qqbot.Client(**client_kwargs(qqbot_mock, max_retries=0)) as client,
            pytest.raises(qqbot.ApiTimeoutError) as info,
        ):
            client.gateway.get_gateway(timeout=0.1)
    else:

        async def run() -> None:
            async with qqbot.AsyncClient(**client_kwargs(qqbot_mock, max_retries=0)) as client:
                await client.gateway.get_gateway(timeout=0.1)

        with pytest.raises(qqbot.ApiTimeoutError) as info:
            asyncio.run(run())
    assert info.value.operation == "getAppAccessToken"


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<html>502 Bad Gateway</html>", "the body is not a JSON object"),
        ({"expires_in": "7200"}, "the body has no 'access_token'"),
        (
            {"access_token": 12345, "expires_in": 7200},
            "its 'access_token' is a number, not a token",
        ),
        ({"access_token": "", "expires_in": 7200}, "its 'access_token' is empty, not a token"),
    ],
    ids=["html", "no token", "a number", "empty"],
)
def test_a_token_answer_of_200_that_is_neither_a_token_nor_a_refusal_is_a_decode_error(
    qqbot: ModuleType, qqbot_mock: MockServer, cls: str, body: Any, problem: str
) -> None:
    qqbot_mock.fault(operation="getAppAccessToken", status=200, body=body)
    with pytest.raises(qqbot.DecodeError) as info:
        call_gateway(qqbot, qqbot_mock, cls)
    assert (info.value.call, info.value.operation) == ("gateway.get_gateway()", "getAppAccessToken")
    assert str(info.value) == (
        "gateway.get_gateway(): cannot decode the response: could not obtain an access token: "
        + problem
    )
    assert info.value.response is not None and info.value.response.status_code == 200
    assert len(qqbot_mock.requests("getAppAccessToken")) == 1  # not retried
    assert qqbot_mock.requests("getGateway") == []


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_redirected_token_purchase_is_an_api_error_saying_where_it_points(
    qqbot: ModuleType, qqbot_mock: MockServer, cls: str
) -> None:
    elsewhere = "https://bots.example/app/getAppAccessToken"
    qqbot_mock.fault(
        operation="getAppAccessToken", status=301, headers={"Location": elsewhere}, body=""
    )
    with pytest.raises(qqbot.ApiError) as info:
        call_gateway(qqbot, qqbot_mock, cls)
    assert type(info.value) is qqbot.ApiError
    assert str(info.value) == (
        "gateway.get_gateway(): could not obtain an access token: Moved Permanently, to"
        f" {elsewhere} (redirects are not followed) (HTTP 301)"
    )
    assert len(qqbot_mock.requests("getAppAccessToken")) == 1


@pytest.mark.parametrize(
    ("status", "error"), [(400, "BadRequestError"), (404, "NotFoundError"), (405, "ApiError")]
)
def test_a_token_purchase_failing_with_a_status_other_than_401_or_403_is_classed_as_a_call(
    qqbot: ModuleType, qqbot_mock: MockServer, status: int, error: str
) -> None:
    qqbot_mock.fault(operation="getAppAccessToken", status=status)
    with pytest.raises(qqbot.ApiError) as info:
        call_gateway(qqbot, qqbot_mock, "Client")
    assert type(info.value) is getattr(qqbot, error)
    assert info.value.status_code == status
    assert len(qqbot_mock.requests("getAppAccessToken")) == 1


def test_unreachable_token_url_raises_connection_error_naming_the_exchange(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    kwargs = client_kwargs(qqbot_mock, token_url="http://127.0.0.1:9/app/getAppAccessToken")
    with qqbot.Client(**kwargs) as client, pytest.raises(qqbot.ApiConnectionError) as info:
        client.gateway.get_gateway()
    assert info.value.operation == "getAppAccessToken"


class _AsyncPurchaseLock(asyncio.Lock):
    """The token source's purchase lock, counting the callers that found it taken (a
    purchase under way) and had to wait; `all_waiting` is set once `callers` minus the
    buyer do."""

    def __init__(self, callers: int) -> None:
        super().__init__()
        self.waited = 0
        self._callers = callers
        self.all_waiting = asyncio.Event()

    async def acquire(self) -> Literal[True]:
        if self.locked():
            self.waited += 1
            if self.waited == self._callers - 1:
                self.all_waiting.set()
        return await super().acquire()


class _ThreadPurchaseLock:
    """The same for threads: the token source's lock, counting the callers that found it
    taken; `wait_all(n)` returns once n of them have."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counted = threading.Condition()
        self.waited = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if self._lock.acquire(blocking=False):
            return True
        with self._counted:
            self.waited += 1
            self._counted.notify_all()
        return self._lock.acquire(blocking, timeout)

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def wait_all(self, count: int) -> None:
        with self._counted:
            assert self._counted.wait_for(lambda: self.waited >= count, 30), self.waited


@pytest.mark.parametrize("stale", ["absent", "expired"])
def test_50_concurrent_async_calls_buy_one_token(
    qqbot: ModuleType, qqbot_mock: MockServer, stale: str
) -> None:
    # The purchase is held at the mock until every other call is seen waiting for it.
    async def run() -> list[Any]:
        async with qqbot.AsyncClient(**client_kwargs(qqbot_mock)) as client:
            if stale == "expired":
                issue_qq_tokens(qqbot_mock, "tok-dead", expires_in="0")
                await client.gateway.get_gateway()  # leaves an expired token behind
                qqbot_mock.reset()
            lock = client._token_source._async_lock = _AsyncPurchaseLock(50)
            issue_qq_tokens(qqbot_mock, "tok-shared", hold=True)
            calls = asyncio.gather(*(client.gateway.get_gateway() for _ in range(50)))
            await asyncio.wait_for(lock.all_waiting.wait(), 30)  # a bound, not a timing
            await asyncio.to_thread(qqbot_mock.wait_held, 1)
            assert lock.waited == 49 and not calls.done()
            assert await asyncio.to_thread(qqbot_mock.release) == 1
            return await calls

    results = asyncio.run(run())
    assert len(results) == 50
    assert len(qqbot_mock.requests("getAppAccessToken")) == 1
    assert tokens_sent(qqbot_mock, "getGateway") == ["QQBot tok-shared"] * 50


def test_50_threads_sharing_a_sync_client_buy_one_token(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    # The purchase is held at the mock until the other 49 threads are seen waiting for it.
    issue_qq_tokens(qqbot_mock, "tok-threads", hold=True)
    errors: list[BaseException] = []

    with qqbot.Client(**client_kwargs(qqbot_mock)) as client:
        lock = client._token_source._thread_lock = _ThreadPurchaseLock()

        def call() -> None:
            try:
                client.gateway.get_gateway()
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=call) for _ in range(50)]
        for thread in threads:
            thread.start()
        try:
            lock.wait_all(49)
            qqbot_mock.wait_held(1)
            assert lock.waited == 49
        finally:  # a failed wait must not leave the threads held
            released = qqbot_mock.release()
            for thread in threads:
                thread.join(timeout=30)
        assert released == 1
    assert errors == []
    assert len(qqbot_mock.requests("getAppAccessToken")) == 1
    assert tokens_sent(qqbot_mock, "getGateway") == ["QQBot tok-threads"] * 50


# -- a token operation on the API's own servers: tests/specs/token_exchange ---------------

EXCHANGE = TEST_SPECS / "token_exchange"
PRODUCTION = "https://api.token-exchange.test/api"
SANDBOX = "https://sandbox.token-exchange.test/api"
CLIENT_SECRET = "exchange-tests-secret"

_exchange_server, exchange_mock = served(EXCHANGE, "exchange_mock")


@pytest.fixture(scope="module")
def exchange(
    _recording_server: RecordingServer,
    _exchange_mock_server: MockServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> ModuleType:
    """tests/specs/token_exchange generated with its production server on the recorder
    (`wire`: nothing may reach it) and its sandbox on the mock."""
    text = (EXCHANGE / "openapi.yaml").read_text(encoding="utf-8")
    text = text.replace(PRODUCTION, _recording_server.url + "/api")
    text = text.replace(SANDBOX, _exchange_mock_server.url + "/api")
    spec = spec_folder(tmp_path_factory.mktemp("spec"), EXCHANGE.name, text)
    return generate_into(spec, tmp_path_factory.mktemp("generated"))


def get_me(exchange: ModuleType, cls: str, **kwargs: Any) -> Any:
    """GET /me with a new sync or async client, which buys its token first."""
    kwargs = {"client_id": "app-1", "client_secret": CLIENT_SECRET, **kwargs}
    if cls == "Client":
        with exchange.Client(**kwargs) as client:
            return client.account.get_me()

    async def run() -> Any:
        async with exchange.AsyncClient(**kwargs) as client:
            return await client.account.get_me()

    return asyncio.run(run())


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_a_form_encoded_token_operation_is_bought_with_a_form(
    exchange: ModuleType, exchange_mock: MockServer, cls: str
) -> None:
    # The mock refuses a token request its operation does not declare (JSON) with a 400.
    assert get_me(exchange, cls, base_url=exchange_mock.url + "/api").id == "app-1"
    bought = exchange_mock.last("getToken")
    assert bought["headers"]["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(bought["body"]) == {
        "grant_type": ["client_credentials"],
        "client_id": ["app-1"],
        "client_secret": [CLIENT_SECRET],
    }
    me = exchange_mock.last("getMe")
    assert me["headers"]["authorization"] == "Bearer mock-access-token"


def test_the_token_purchase_sends_what_the_token_method_sends(
    exchange: ModuleType, exchange_mock: MockServer
) -> None:
    with exchange.Client(
        client_id="app-1", client_secret=CLIENT_SECRET, base_url=exchange_mock.url + "/api"
    ) as client:
        client.auth.get_token(client_id="app-1", client_secret=CLIENT_SECRET)
        client.account.get_me()
    by_hand, bought = exchange_mock.requests("getToken")
    sent = ("method", "path", "body")
    assert {k: bought[k] for k in sent} == {k: by_hand[k] for k in sent}
    assert bought["headers"]["content-type"] == by_hand["headers"]["content-type"]


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
@pytest.mark.parametrize("server", ["base_url", "sandbox"])
def test_the_token_is_bought_where_base_url_or_sandbox_sends_the_calls(
    exchange: ModuleType,
    exchange_mock: MockServer,
    wire: RecordingServer,
    cls: str,
    server: str,
) -> None:
    chosen = {"base_url": exchange_mock.url + "/api"} if server == "base_url" else {"sandbox": True}
    assert get_me(exchange, cls, **chosen).id == "app-1"
    assert [(r["operation"], r["path"]) for r in exchange_mock.requests()] == [
        ("getToken", "/api/oauth/token"),
        ("getMe", "/api/me"),
    ]
    assert wire.requests == []  # production (the recorder) was never handed the secret


def test_a_client_whose_token_is_bought_on_its_base_url_takes_no_token_url(
    exchange: ModuleType,
) -> None:
    with pytest.raises(TypeError, match="token_url"):
        exchange.Client(client_id="a", client_secret="b", token_url="http://127.0.0.1:9/t")


def exchange_variant(name: str, old: str, new: str) -> tuple[Any, Any, Any]:
    """Fixtures `<name>_spec`, `<name>_mock` and `<name>`, once per module:
    tests/specs/token_exchange with `old` replaced by `new` (package `name`), served by
    `botspec mock` and generated. Unpack the result into module-level names."""

    @pytest.fixture(scope="module", name=f"{name}_spec")
    def spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
        text = (EXCHANGE / "openapi.yaml").read_text(encoding="utf-8")
        assert old in text
        return spec_folder(tmp_path_factory.mktemp("spec"), name, text.replace(old, new))

    @pytest.fixture(scope="module", name=f"{name}_mock")
    def mock(request: pytest.FixtureRequest) -> Iterator[MockServer]:
        with MockServer(request.getfixturevalue(f"{name}_spec")) as running:
            yield running

    @pytest.fixture(scope="module", name=name)
    def package(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
        spec_dir = request.getfixturevalue(f"{name}_spec")
        return generate_into(spec_dir, tmp_path_factory.mktemp("generated"))

    return spec, mock, package


# -- a token operation of another method than POST -----------------------------------------


# tests/specs/token_exchange with its token operation a PUT.
_put_spec, _put_mock, _put = exchange_variant(
    "put_token", "  /oauth/token:\n    post:", "  /oauth/token:\n    put:"
)


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_the_token_is_bought_with_the_method_its_operation_declares(
    put_token: ModuleType, put_token_mock: MockServer, cls: str
) -> None:
    # The mock serves /oauth/token to PUT only: a POST there is no operation of the spec.
    put_token_mock.reset()
    assert get_me(put_token, cls, base_url=put_token_mock.url + "/api").id == "app-1"
    sent = [(r["operation"], r["method"], r["path"]) for r in put_token_mock.requests()]
    assert sent == [("getToken", "PUT", "/api/oauth/token"), ("getMe", "GET", "/api/me")]


# -- the headers of the purchase ---------------------------------------------------------


# tests/specs/token_exchange with a client-wide header (an act-as user) on its calls.
_acting_spec, _acting_mock, _acting = exchange_variant(
    "acting",
    "      tags: [account]\n",
    "      tags: [account]\n      parameters:\n"
    "        - {name: X-Act-As, in: header, x-client-default: true, schema: {type: string}}\n",
)


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_the_token_purchase_sends_the_clients_own_headers_not_the_apis(
    acting: ModuleType, acting_mock: MockServer, cls: str
) -> None:
    # It went out with httpx's User-Agent (python-httpx/...) and Accept-Encoding. A
    # client-wide header is the API's: the token bought is the app's, whoever a call acts as.
    acting_mock.reset()
    url = acting_mock.url + "/api"
    assert get_me(acting, cls, base_url=url, x_act_as="user-7").id == "app-1"
    bought, me = (acting_mock.last(operation)["headers"] for operation in ("getToken", "getMe"))
    assert me["x-act-as"] == "user-7"
    assert "x-act-as" not in bought
    assert bought["user-agent"] == me["user-agent"] == "acting/1 (botspec; python-httpx)"
    assert bought["accept-encoding"] == me["accept-encoding"] == "gzip, deflate"
