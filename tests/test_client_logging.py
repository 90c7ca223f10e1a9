"""Logging through one standard logger per package, and secrets kept out of logs, reprs
and exception messages. Every secret here is a distinctive string searched for in
every log record (of every logger, httpx's included) and every repr/str."""

from __future__ import annotations

import asyncio
import logging
import re
import time
import warnings
from types import ModuleType
from typing import Any

import pytest
from mockserver import MockServer

KOOK_SECRET = "KOOK-SECRET-TOKEN-5dc1e"
LANYING_SECRET = "LANYING-SECRET-ACCESS-TOKEN-0b7f2"
QQ_CLIENT_SECRET = "QQ-SECRET-CLIENT-SECRET-9a3c4"
QQ_ACCESS_TOKEN = "QQ-SECRET-ACCESS-TOKEN-77e1d"
SECRETS = (KOOK_SECRET, LANYING_SECRET, QQ_CLIENT_SECRET, QQ_ACCESS_TOKEN)

LINE = re.compile(
    r"^(?P<method>GET|POST|PUT|DELETE) (?P<url>http://127\.0\.0\.1:\d+/\S*) -> (?P<status>\S+) "
    r"in (?P<ms>\d+\.\d) ms(?: \(retry (?P<retry>\d+)\))?$"
)


def leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def record_texts(caplog: pytest.LogCaptureFixture) -> list[str]:
    texts = []
    for record in caplog.records:
        texts.append(record.getMessage())
        texts.append(repr(record.args))
        texts.append(repr(record.__dict__))
    return texts


class Stopwatch:
    """Stands in for the `time` of kook's `_base_client`: `perf_counter` reads the given
    instants in turn (a request's start, then its end), and sleeps are not slept."""

    def __init__(self, *instants: float) -> None:
        self.instants = list(instants)

    def perf_counter(self) -> float:
        return self.instants.pop(0)

    def sleep(self, seconds: float) -> None:
        pass

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


def test_each_attempt_is_logged_with_method_url_status_time_and_retry(
    kook: ModuleType,
    kook_mock: MockServer,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The first attempt takes 12.34 ms, the second 1.5 s.
    monkeypatch.setattr(kook._base_client, "time", Stopwatch(5.0, 5.01234, 9.0, 10.5))
    caplog.set_level(logging.DEBUG, logger="kook")
    kook_mock.fault(operation="view", status=503, headers={"Retry-After": "0"})
    with kook.Client(token=KOOK_SECRET, base_url=kook_mock.url + "/api/v3") as client:
        client.user.view(user_id="42")
    lines = [r for r in caplog.records if r.name == "kook"]
    assert [r.levelno for r in lines] == [logging.DEBUG, logging.DEBUG]
    first, second = (LINE.match(r.getMessage()) for r in lines)
    assert first and second, [r.getMessage() for r in lines]
    assert first["method"] == second["method"] == "GET"
    assert first["url"] == f"{kook_mock.url}/api/v3/user/view?user_id=42"
    assert (first["status"], first["retry"]) == ("503", None)
    assert (second["status"], second["retry"]) == ("200", "1")
    assert (first["ms"], second["ms"]) == ("12.3", "1500.0")


def test_transport_failures_are_logged_with_the_error_name(
    kook: ModuleType, kook_mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="kook")
    kook_mock.fault(operation="me", hold=True)
    client = kook.Client(token=KOOK_SECRET, base_url=kook_mock.url, timeout=0.05, max_retries=0)
    with client, pytest.raises(kook.ApiTimeoutError):
        client.user.me()
    (line,) = [LINE.match(r.getMessage()) for r in caplog.records if r.name == "kook"]
    assert line and line["status"] == "ReadTimeout"


def test_nothing_is_logged_above_debug_for_a_normal_call(
    kook: ModuleType, kook_mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="kook")
    with kook.Client(token=KOOK_SECRET, base_url=kook_mock.url) as client:
        client.user.me()
    assert [r for r in caplog.records if r.name == "kook"] == []


def test_each_package_logs_under_its_own_name(
    lanying: ModuleType, lanying_mock: MockServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="lanying")
    with lanying.Client(
        access_token=LANYING_SECRET, app_id="1", base_url=lanying_mock.url
    ) as client:
        client.user.get_profile()
    assert [r.name for r in caplog.records if r.name.startswith("lanying")] == ["lanying"]


def test_secrets_never_reach_logs_reprs_or_exception_messages(
    kook: ModuleType,
    lanying: ModuleType,
    qqbot: ModuleType,
    kook_mock: MockServer,
    lanying_mock: MockServer,
    qqbot_mock: MockServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: the packages', httpx's and httpcore's
    texts: list[str] = []
    errors: list[BaseException] = []

    def expect_error(call: Any) -> None:
        try:
            call()
        except Exception as exc:
            errors.append(exc)
        else:
            raise AssertionError("expected an error")

    kook_client = kook.Client(token=KOOK_SECRET, base_url=kook_mock.url + "/api/v3", max_retries=1)
    lanying_client = lanying.Client(
        access_token=LANYING_SECRET, app_id="lanying-app", base_url=lanying_mock.url, max_retries=0
    )
    qq_client = qqbot.Client(
        app_id="1001",
        client_secret=QQ_CLIENT_SECRET,
        base_url=qqbot_mock.url,
        token_url=qqbot_mock.url + "/app/getAppAccessToken",
        max_retries=0,
    )
    qqbot_mock.fault(
        operation="getAppAccessToken",
        status=200,
        body={"access_token": QQ_ACCESS_TOKEN, "expires_in": "7200"},
    )
    with kook_client, lanying_client, qq_client, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        texts += [repr(kook_client), repr(lanying_client), repr(qq_client)]
        texts += [repr(qq_client._token_source), str(kook_client), str(qq_client)]
        # successful calls, raw responses
        kook_client.user.me()
        lanying_client.user.get_settings()
        qq_client.gateway.get_gateway()
        texts.append(repr(kook_client.with_raw_response.user.me()))
        # answered errors of every kind
        kook_mock.fault(operation="me", status=401, body={
            "code": 401, "message": "你的用户凭证不正确", "data": {"name": "Unauthorized", "status": 401}})  # fmt: skip
        expect_error(kook_client.user.me)
        kook_mock.fault(operation="me", status=429, count=2, headers={"Retry-After": "0"})
        expect_error(kook_client.user.me)
        kook_mock.fault(operation="me", status=200, body="garbage")
        expect_error(kook_client.user.me)
        kook_mock.fault(operation="view", hold=True, count=2)
        expect_error(lambda: kook_client.user.view(user_id="1", timeout=0.05))
        lanying_mock.fault(operation="getProfile", envelope_code=40100, message="token invalid")
        expect_error(lanying_client.user.get_profile)
        expect_error(lambda: lanying_client.user.set_username(username=5))
        qqbot_mock.fault(operation="getGateway", status=401, count=2)
        qqbot_mock.fault(operation="getAppAccessToken", status=401, body={"message": "bad secret"})
        expect_error(qq_client.gateway.get_gateway)
        expect_error(lambda: qq_client.groups.list_members(group_openid="g", limit="x"))
    # failures before any answer
    for bad in (
        lambda: kook.Client(token=KOOK_SECRET + "\n"),
        lambda: kook.Client(token=KOOK_SECRET, base_url="nowhere"),
        lambda: lanying.Client(access_token=LANYING_SECRET + "é", app_id="1", base_url="http://x"),
        lambda: qqbot.Client(app_id="", client_secret=QQ_CLIENT_SECRET),
        lambda: kook.Client(
            token=KOOK_SECRET, base_url="http://127.0.0.1:9", max_retries=0
        ).user.me(),
        lambda: qqbot.Client(
            app_id="1", client_secret=QQ_CLIENT_SECRET, token_url="http://127.0.0.1:9/t"
        ).gateway.get_gateway(),
    ):
        expect_error(bad)

    async def async_errors() -> None:
        async with kook.AsyncClient(token=KOOK_SECRET, base_url=kook_mock.url, max_retries=0) as c:
            kook_mock.fault(operation="me", status=500)
            try:
                await c.user.me()
            except kook.KookError as exc:
                errors.append(exc)

    asyncio.run(async_errors())
    assert len(errors) == 15
    assert {type(e).__name__ for e in errors} >= {
        "UnauthorizedError", "RateLimitError", "DecodeError", "ApiTimeoutError", "ApiError",
        "InvalidArgument", "ConfigurationError", "ApiConnectionError", "ServerError",
    }  # fmt: skip
    for error in errors:
        texts += [str(error), repr(error), repr(error.args)]
    texts += record_texts(caplog)
    assert any("GET" in t and "/user/me" in t for t in texts)  # the logs were captured
    assert [t for t in texts if leaked(t)] == []


def test_a_password_in_a_url_is_shown_as_stars_in_the_log_and_the_reprs(
    kook: ModuleType,
    qqbot: ModuleType,
    kook_mock: MockServer,
    qqbot_mock: MockServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A base_url or token_url through a proxy may carry one (`http://user:pass@host`)."""
    caplog.set_level(logging.DEBUG, logger="kook")
    caplog.set_level(logging.DEBUG, logger="qqbot")
    password = "URL-PASSWORD-4f2a9"
    kook_url = kook_mock.url.replace("http://", f"http://proxy:{password}@")
    qq_url = qqbot_mock.url.replace("http://", f"http://proxy:{password}@")
    kook_client = kook.Client(token=KOOK_SECRET, base_url=kook_url + "/api/v3", max_retries=0)
    qq_client = qqbot.Client(
        app_id="1001",
        client_secret=QQ_CLIENT_SECRET,
        base_url=qqbot_mock.url,
        token_url=qq_url + "/app/getAppAccessToken",
        max_retries=0,
    )
    with kook_client, qq_client:
        # httpx sends the URL's user and password as Basic credentials, in place of the token
        with pytest.raises(kook.UnauthorizedError):
            kook_client.user.get_online_status()
        qq_client.gateway.get_gateway()
        shown = [repr(kook_client), repr(qq_client._token_source)]
    shown += [r.getMessage() for r in caplog.records if r.name in ("kook", "qqbot")]
    hidden = kook_mock.url.replace("http://", "http://proxy:***@")
    assert shown[0] == f"Client(base_url='{hidden}/api/v3')"
    assert [m.split(" -> ")[0] for m in shown[2:]] == [
        f"GET {hidden}/api/v3/user/get-online-status",
        f"POST {qqbot_mock.url.replace('http://', 'http://proxy:***@')}/app/getAppAccessToken",
        f"GET {qqbot_mock.url}/gateway",
    ]
    assert [text for text in shown if password in text] == []
