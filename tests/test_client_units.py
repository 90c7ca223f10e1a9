"""Runtime details that need exact control of the answer or of time: in-process
`httpx.MockTransport` unit tests, on top of the loopback tests in the other
test_client_* modules."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest
from gen_support import FakeClock

Handler = Callable[[httpx.Request], httpx.Response]
ME = {"code": 0, "message": "", "data": {"id": "1", "username": "u", "identify_num": "0001"}}


def kook_with(kook: ModuleType, handler: Handler, **kwargs: Any) -> Any:
    return kook.Client(token="t", transport=httpx.MockTransport(handler), **kwargs)


def sequence(*responses: httpx.Response) -> tuple[Handler, list[float]]:
    """A handler answering `responses` in order, and the times requests arrived."""
    arrived: list[float] = []
    answers = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        arrived.append(time.monotonic())
        return answers.pop(0)

    return handler, arrived


def test_retry_after_as_an_http_date(kook: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    FakeClock(wall=1_750_000_000).install(kook._base_client, monkeypatch)  # stands still
    when = email.utils.formatdate(1_750_000_000 + 30, usegmt=True)
    handler, _ = sequence(httpx.Response(429, headers={"Retry-After": when}, json={}))
    with (
        kook_with(kook, handler, max_retries=0) as client,
        pytest.raises(kook.RateLimitError) as info,
    ):
        client.user.me()
    assert info.value.retry_after == 30.0


def test_retry_after_beyond_a_minute_falls_back_to_backoff(
    kook: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock().install(kook._base_client, monkeypatch)
    handler, arrived = sequence(
        httpx.Response(429, headers={"Retry-After": "3600"}, json={}),
        httpx.Response(200, json=ME),
    )
    with kook_with(kook, handler) as client:
        client.user.me()
    assert len(arrived) == 2
    (waited,) = clock.asked
    assert 0.75 * 0.5 <= waited <= 1.25 * 0.5  # the first backoff (0.5 s +- 25%), not 3600 s


def test_5xx_ignores_the_buckets_reset_time(
    kook: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    """X-Rate-Limit-Reset says when the bucket refills, not when a failed server is back."""
    clock = FakeClock().install(kook._base_client, monkeypatch)
    handler, arrived = sequence(
        httpx.Response(503, headers={"X-Rate-Limit-Reset": "30", "X-Rate-Limit-Remaining": "5"}),
        httpx.Response(200, json=ME),
    )
    with kook_with(kook, handler) as client:
        client.user.me()
    assert len(arrived) == 2
    (waited,) = clock.asked
    assert 0.75 * 0.5 <= waited <= 1.25 * 0.5  # the first backoff (0.5 s +- 25%), not 30 s


def test_backoff_doubles_with_jitter_up_to_a_cap(kook: ModuleType) -> None:
    base = kook._base_client
    with kook.Client(token="t") as client:
        for attempt in range(8):
            nominal = min(base._INITIAL_BACKOFF * 2**attempt, base._MAX_BACKOFF)
            delays = {client._backoff(attempt, None) for _ in range(50)}
            assert all(0.75 * nominal <= d <= 1.25 * nominal for d in delays)
            assert len(delays) > 1  # jittered


def test_raw_response_repr_and_fields(kook: ModuleType) -> None:
    handler, _ = sequence(httpx.Response(200, json=ME, headers={"X-Tag": "a"}))
    with kook_with(kook, handler) as client:
        raw = client.with_raw_response.user.me()
    assert repr(raw) == "<RawResponse [200]>"
    assert raw.headers["x-tag"] == "a"
    assert raw.parse().identify_num == "0001"
    assert isinstance(raw.http_response, httpx.Response)


def test_user_agent_names_the_package_and_version(kook: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=ME)

    with kook_with(kook, handler) as client:
        client.user.me()
    assert seen[0].headers["user-agent"] == "kook/3 (botspec; python-httpx)"
    assert seen[0].headers["authorization"] == "Bot t"
