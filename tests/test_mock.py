"""`botspec mock`: the spec-driven mock server itself, spoken to with plain httpx as a
user's bot test would, plus the command line."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from gen_support import FakeClock
from mockserver import REPO_ROOT, MockServer

from generator.mock import _app as mock_app

BOT = {"Authorization": "Bot mock-test-token"}
LANYING = {"access-token": "t", "app_id": "1"}


@pytest.fixture
def kook_http(kook_mock: MockServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=kook_mock.url + "/api/v3", headers=BOT) as client:
        yield client


# -- answers ------------------------------------------------------------------------


def test_valid_request_gets_the_spec_example_in_the_envelope(kook_http: httpx.Client) -> None:
    response = kook_http.get("/user/me")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == 0
    assert body["data"]["id"] == "364862"
    assert response.headers["x-rate-limit-bucket"] == "mock"


def test_base_path_of_the_server_is_optional(kook_mock: MockServer) -> None:
    response = httpx.get(kook_mock.url + "/user/me", headers=BOT)
    assert response.status_code == 200


def test_qqbot_answers_carry_a_trace_id_header(qqbot_mock: MockServer) -> None:
    response = httpx.get(qqbot_mock.url + "/gateway", headers={
        "Authorization": "QQBot x", "X-Union-Appid": "1"})  # fmt: skip
    assert response.status_code == 200
    assert response.headers["x-tps-trace-id"].startswith("mock-trace-")
    assert response.json() == {"url": "wss://api.sgroup.qq.com/websocket/"}


# -- request checks -----------------------------------------------------------------


def test_missing_credentials_get_401_naming_the_header(kook_mock: MockServer) -> None:
    response = httpx.get(kook_mock.url + "/api/v3/user/me")
    assert response.status_code == 401
    assert "Authorization" in response.json()["message"]


def test_wrong_auth_scheme_is_refused(kook_mock: MockServer) -> None:
    response = httpx.get(kook_mock.url + "/api/v3/user/me", headers={"Authorization": "Bearer x"})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "missing credentials: Authorization, X-Union-Appid"),
        ({"X-Union-Appid": "1"}, "missing credentials: Authorization"),
        ({"Authorization": "QQBot tok"}, "missing credentials: X-Union-Appid"),
        (
            {"Authorization": "Bot tok", "X-Union-Appid": "1"},
            "bad credentials: Authorization expects 'QQBot <token>', got 'Bot ...'",
        ),
        (
            {"Authorization": "QQBot", "X-Union-Appid": "1"},
            "bad credentials: Authorization expects 'QQBot <token>', got no token",
        ),
        (
            {"Authorization": "tok"},
            "bad credentials: Authorization expects 'QQBot <token>', got no scheme;"
            " X-Union-Appid missing",
        ),
    ],
)
def test_a_401_says_of_each_credential_header_what_is_wrong_with_it(
    qqbot_mock: MockServer, headers: dict[str, str], message: str
) -> None:
    response = httpx.get(qqbot_mock.url + "/gateway", headers=headers)
    assert response.status_code == 401
    assert response.json()["message"] == "getGateway: " + message


def test_unknown_path_gets_404(kook_http: httpx.Client) -> None:
    response = kook_http.get("/user/nope")
    assert response.status_code == 404
    assert "no operation at GET" in response.json()["message"]


def test_wrong_method_gets_405_listing_the_allowed_ones(kook_http: httpx.Client) -> None:
    response = kook_http.delete("/user/me")
    assert response.status_code == 405
    assert "allowed: GET" in response.json()["message"]
    assert response.headers["Allow"] == "GET"


def test_missing_required_query_parameter_gets_400_naming_it(kook_http: httpx.Client) -> None:
    response = kook_http.get("/user/view")
    assert response.status_code == 400
    assert "user_id" in response.json()["message"]


def test_query_parameter_of_the_wrong_type_gets_400(lanying_mock: MockServer) -> None:
    response = httpx.put(
        lanying_mock.url + "/user/download", params={"value": "maybe"}, headers=LANYING
    )
    assert response.status_code == 400
    assert "value" in response.json()["message"]


def test_a_body_lacking_a_field_holding_an_unknown_one_or_missing_gets_400(
    lanying_mock: MockServer,
) -> None:
    url = lanying_mock.url + "/user/register/v2"
    assert (
        httpx.post(url, json={"username": "u", "password": "p"}, headers=LANYING).status_code == 200
    )
    missing = httpx.post(url, json={"username": "u"}, headers=LANYING)
    assert missing.status_code == 400
    assert "password" in missing.json()["message"]
    extra = httpx.post(url, json={"username": "u", "password": "p", "x": 1}, headers=LANYING)
    assert extra.status_code == 400
    no_body = httpx.post(url, headers=LANYING)
    assert no_body.status_code == 400
    assert "missing required request body" in no_body.json()["message"]


def test_body_media_type_is_checked(lanying_mock: MockServer) -> None:
    url = lanying_mock.url + "/user/register/v2"
    as_text = httpx.post(url, content="x", headers={**LANYING, "Content-Type": "text/plain"})
    assert as_text.status_code == 400
    assert "'text/plain' not accepted" in as_text.json()["message"]


def test_a_raw_text_body_is_taken_as_its_text_under_its_media_type(
    lanying_mock: MockServer,
) -> None:
    url = lanying_mock.url + "/user/public"
    json_type = {**LANYING, "Content-Type": "application/json"}
    # `x-raw-text`: the string itself, not JSON ("hello" is no JSON document), under the
    # media type the spec declares; a JSON object's text is a string too.
    assert httpx.put(url, content="hello", headers=json_type).status_code == 200
    assert httpx.put(url, content='{"hobby":"阅读"}', headers=json_type).status_code == 200
    as_text = httpx.put(url, content="hello", headers={**LANYING, "Content-Type": "text/plain"})
    assert as_text.status_code == 400
    assert "application/json" in as_text.json()["message"]
    not_utf_8 = httpx.put(url, content=b"\xff\xfe", headers=json_type)
    assert not_utf_8.status_code == 400
    assert "not UTF-8 text" in not_utf_8.json()["message"]
    # A required text body may be empty: with its media type, the body is there.
    assert httpx.put(url, content="", headers=json_type).status_code == 200
    assert httpx.put(url, headers=LANYING).status_code == 400


def test_escaped_slash_stays_inside_its_path_parameter(qqbot_mock: MockServer) -> None:
    headers = {"Authorization": "QQBot x", "X-Union-Appid": "1"}
    response = httpx.post(
        qqbot_mock.url + "/v2/groups/a%2F..%2Fb/members", json={}, headers=headers
    )
    assert response.status_code == 200
    assert qqbot_mock.last()["path"] == "/v2/groups/a%2F..%2Fb/members"
    assert qqbot_mock.last()["operation"] == "listMembers"


# -- recorded requests --------------------------------------------------------------


def test_requests_are_recorded_with_method_path_query_headers_body_and_time(
    lanying_mock: MockServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock(wall=1_750_000_000)  # the mock's clock, in this process
    monkeypatch.setattr(mock_app, "time", clock)
    httpx.put(lanying_mock.url + "/user/username", params={"username": "a b"},
              headers={**LANYING, "X-Custom": "Yes"})  # fmt: skip
    clock.advance(2.5)
    httpx.post(lanying_mock.url + "/user/push/tag", json={"tags": ["x"]}, headers=LANYING)
    httpx.get(lanying_mock.url + "/not/an/operation")
    first, second, third = lanying_mock.requests()
    assert first["operation"] == "setUsername"
    assert (first["method"], first["path"], first["query"]) == (
        "PUT",
        "/user/username",
        [["username", "a b"]],
    )
    assert first["headers"]["x-custom"] == "Yes"
    assert first["headers"]["access-token"] == "t"
    assert (first["received_at"], second["received_at"]) == (1_750_000_000, 1_750_000_002.5)
    assert json.loads(second["body"]) == {"tags": ["x"]}
    assert third["operation"] is None  # unknown requests are recorded too


def test_reset_forgets_requests_faults_and_collections(lanying_mock: MockServer) -> None:
    lanying_mock.fault(status=500)
    lanying_mock.collection("listUsers", [])
    httpx.get(lanying_mock.url + "/user/nope")
    lanying_mock.reset()
    assert lanying_mock.requests() == []
    response = httpx.get(lanying_mock.url + "/user/list", headers=LANYING)
    assert response.status_code == 200
    assert response.json()["data"] == [{"user_id": 12345, "username": "zhangsan", "status": 0}]


# -- faults -------------------------------------------------------------------------


def test_fault_answers_the_next_count_calls_then_stops(
    kook_mock: MockServer, kook_http: httpx.Client
) -> None:
    kook_mock.fault(status=503, count=2, message="down for maintenance")
    statuses = [kook_http.get("/user/me").status_code for _ in range(3)]
    assert statuses == [503, 503, 200]


def test_fault_for_one_operation_leaves_the_others_alone(
    kook_mock: MockServer, kook_http: httpx.Client
) -> None:
    kook_mock.fault(operation="view", status=500)
    assert kook_http.get("/user/me").status_code == 200
    assert kook_http.get("/user/view", params={"user_id": "1"}).status_code == 500


def test_faults_are_taken_in_order(kook_mock: MockServer, kook_http: httpx.Client) -> None:
    kook_mock.faults([{"status": 429}, {"status": 500}])
    assert [kook_http.get("/user/me").status_code for _ in range(3)] == [429, 500, 200]


def test_error_fault_uses_the_platform_envelope_and_rate_limit_headers(
    kook_mock: MockServer, kook_http: httpx.Client
) -> None:
    kook_mock.fault(status=429, headers={"X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": "3"})
    response = kook_http.get("/user/me")
    assert response.status_code == 429
    assert response.json() == {"code": 429, "message": "injected fault", "data": {}}
    assert response.headers["x-rate-limit-remaining"] == "0"
    assert response.headers["x-rate-limit-reset"] == "3"
    assert response.headers["x-rate-limit-limit"] == "120"


def test_envelope_code_fault_answers_200_with_that_code(
    kook_mock: MockServer, kook_http: httpx.Client
) -> None:
    kook_mock.fault(envelope_code=40100, message="无权限")
    response = kook_http.get("/user/me")
    assert response.status_code == 200
    assert response.json()["code"] == 40100
    assert response.json()["message"] == "无权限"


def test_qqbot_error_fault_has_the_platform_error_shape(qqbot_mock: MockServer) -> None:
    qqbot_mock.fault(status=403)
    response = httpx.get(qqbot_mock.url + "/gateway", headers={
        "Authorization": "QQBot x", "X-Union-Appid": "1"})  # fmt: skip
    body = response.json()
    assert response.status_code == 403
    assert (body["code"], body["err_code"]) == (403, 403)
    assert body["trace_id"].startswith("mock-trace-")


def test_body_fault_replaces_the_answer(kook_mock: MockServer, kook_http: httpx.Client) -> None:
    kook_mock.fault(status=200, body="<html>not json</html>")
    response = kook_http.get("/user/me")
    assert response.text == "<html>not json</html>"


def test_delay_only_fault_waits_that_long_then_gives_the_normal_answer(
    kook_mock: MockServer, kook_http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The mock's asyncio, in this process, sleeps on a fake clock that records the wait.
    clock = FakeClock()
    monkeypatch.setattr(mock_app, "asyncio", clock.asyncio_module())
    kook_mock.fault(delay=1.25)
    response = kook_http.get("/user/me")
    assert clock.asked == [1.25]
    assert response.json()["data"]["id"] == "364862"
    assert kook_http.get("/user/me").status_code == 200
    assert clock.asked == [1.25]  # the fault was for one call


def _held_call(server: MockServer, pool: ThreadPoolExecutor) -> Future[httpx.Response]:
    """A GET /user/me in a thread whose answer the mock holds; returns once the mock is
    holding it."""
    server.fault(operation="me", hold=True)
    call = pool.submit(httpx.get, server.url + "/api/v3/user/me", headers=BOT, timeout=30.0)
    server.wait_held()
    assert [r["operation"] for r in server.requests()] == ["me"]
    return call


def test_hold_fault_keeps_the_answer_until_released(
    kook_mock: MockServer, kook_http: httpx.Client
) -> None:
    with ThreadPoolExecutor(1) as pool:
        call = _held_call(kook_mock, pool)
        assert kook_http.get("/user/me").status_code == 200  # others are answered meanwhile
        assert not call.done()
        assert kook_mock.release() == 1
        response = call.result(timeout=30)
    assert response.status_code == 200
    assert response.json()["data"]["id"] == "364862"
    assert not kook_mock.app.wait_held(1, timeout=0)  # the released answer is held no more
    assert kook_mock.release() == 0


def test_wait_held_returns_once_that_many_answers_are_held(kook_mock: MockServer) -> None:
    assert not kook_mock.app.wait_held(1, timeout=0)  # nothing held yet
    kook_mock.fault(operation="me", hold=True, count=2)
    url = kook_mock.url + "/api/v3/user/me"
    with ThreadPoolExecutor(2) as pool:
        calls = [pool.submit(httpx.get, url, headers=BOT, timeout=30.0) for _ in range(2)]
        kook_mock.wait_held(2)
        assert not any(call.done() for call in calls)
        assert not kook_mock.app.wait_held(3, timeout=0)
        assert kook_mock.release() == 2
        assert [call.result(timeout=30).status_code for call in calls] == [200, 200]
    assert not kook_mock.app.wait_held(1, timeout=0)


def test_reset_releases_held_answers(kook_mock: MockServer) -> None:
    with ThreadPoolExecutor(1) as pool:
        call = _held_call(kook_mock, pool)
        assert not call.done()
        kook_mock.reset()
        assert call.result(timeout=30).json()["data"]["id"] == "364862"
    assert kook_mock.release() == 0


def test_stopping_the_server_releases_held_answers() -> None:
    server = MockServer(REPO_ROOT / "specs" / "kook").start()
    try:
        with ThreadPoolExecutor(1) as pool:
            call = _held_call(server, pool)
            server.stop()  # graceful: waits for the held answer, which the stop lets go
            assert not server._thread.is_alive()
            assert call.result(timeout=30).status_code == 200
    finally:
        if server._thread.is_alive():
            server.stop()


def _until_a_call_is_recorded(url: str) -> None:
    """Returns once the mock at `url` has received a call: it records one before it delays it,
    with no wait in between."""
    for _ in range(600):  # a bound, not a timing
        if httpx.get(f"{url}/__botspec__/requests").json():
            return
        time.sleep(0.05)
    raise AssertionError("the mock received no call")


def test_reset_ends_a_delay_and_the_call_gets_the_faults_answer(kook_mock: MockServer) -> None:
    kook_mock.fault(operation="me", delay=3600, status=503)
    with ThreadPoolExecutor(1) as pool:
        call = pool.submit(httpx.get, kook_mock.url + "/api/v3/user/me", headers=BOT, timeout=60)
        _until_a_call_is_recorded(kook_mock.url)
        assert not call.done()
        kook_mock.reset()
        assert call.result(timeout=30).status_code == 503


def test_sigterm_ends_a_delay_the_mock_exits_and_the_call_gets_its_answer() -> None:
    process, url = _started_mock("--port", "0")
    try:
        httpx.post(f"{url}/__botspec__/faults", json={"delay": 3600}).raise_for_status()
        with ThreadPoolExecutor(1) as pool:
            call = pool.submit(httpx.get, f"{url}/api/v3/user/me", headers=BOT, timeout=60)
            _until_a_call_is_recorded(url)
            process.terminate()
            assert process.wait(timeout=30) == 143  # 128 + SIGTERM; a bound, not a timing
            assert call.result(timeout=30).json()["data"]["id"] == "364862"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


@pytest.mark.parametrize("hold", ["yes", 1, None])
def test_hold_that_is_not_a_boolean_is_refused(kook_mock: MockServer, hold: object) -> None:
    response = httpx.post(kook_mock.url + "/__botspec__/faults", json={"hold": hold})
    assert response.status_code == 400
    assert response.json()["error"] == "bad fault: 'hold' must be true or false"


def test_headers_only_fault_adds_them_to_the_normal_answer(
    kook_mock: MockServer, kook_http: httpx.Client
) -> None:
    kook_mock.fault(headers={"X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Bucket": "b"})
    response = kook_http.get("/user/me")
    assert response.status_code == 200
    assert response.json()["code"] == 0
    assert response.headers["x-rate-limit-remaining"] == "0"
    assert response.headers["x-rate-limit-bucket"] == "b"


def test_a_2xx_status_only_fault_keeps_the_normal_answer_under_that_status(
    kook_mock: MockServer, kook_http: httpx.Client
) -> None:
    kook_mock.fault(status=202)
    response = kook_http.get("/user/me")
    assert response.status_code == 202
    assert response.json()["data"]["id"] == "364862"


def test_drop_fault_closes_the_connection_mid_answer(
    kook_mock: MockServer, kook_http: httpx.Client
) -> None:
    kook_mock.fault(drop=True)
    with pytest.raises(httpx.RemoteProtocolError):
        kook_http.get("/user/me")
    assert kook_http.get("/user/me").status_code == 200


def test_bad_fault_is_refused_with_400(kook_mock: MockServer) -> None:
    response = httpx.post(kook_mock.url + "/__botspec__/faults", json={"stauts": 500})
    assert response.status_code == 400
    assert "stauts" in response.json()["error"]


@pytest.mark.parametrize(
    ("fault", "named"),
    [
        ({"count": "x"}, "count"),
        ({"count": 0}, "count"),
        ({"status": "500"}, "status"),
        ({"status": 1000}, "status"),
        ({"delay": "abc"}, "delay"),
        ({"delay": -1}, "delay"),
        ({"headers": ["X-A"]}, "headers"),
        ({"headers": {"X-A": 1}}, "headers"),
        ({"envelope_code": "40000"}, "envelope_code"),
        ({"drop": "yes"}, "drop"),
        ({"operation": "getMe"}, "getMe"),
    ],
)
def test_fault_with_a_bad_field_is_refused_naming_it_and_later_calls_are_answered(
    kook_mock: MockServer, kook_http: httpx.Client, fault: dict[str, object], named: str
) -> None:
    response = httpx.post(kook_mock.url + "/__botspec__/faults", json=fault)
    assert response.status_code == 400
    assert named in response.json()["error"]
    assert kook_http.get("/user/me").status_code == 200


FAULT_FIELDS = "count, operation, status, headers, body, envelope_code, message, delay, drop, hold"


@pytest.mark.parametrize(
    ("fault", "said"),
    [
        (5, f"expected a JSON object (or a list of them) of {FAULT_FIELDS}; got 5"),
        ([{}, "x"], f'expected a JSON object (or a list of them) of {FAULT_FIELDS}; got "x"'),
        ({"unknown": 1}, f"unknown field 'unknown' (allowed: {FAULT_FIELDS})"),
        (
            {"stauts": 500},
            f"unknown field 'stauts'; did you mean 'status'? (allowed: {FAULT_FIELDS})",
        ),
    ],
)
def test_a_fault_that_is_no_object_or_has_an_unknown_field_is_refused_saying_what_is_expected(
    kook_mock: MockServer, fault: object, said: str
) -> None:
    response = httpx.post(kook_mock.url + "/__botspec__/faults", json=fault)
    assert (response.status_code, response.json()) == (400, {"error": f"bad fault: {said}"})
    queued = httpx.post(kook_mock.url + "/__botspec__/faults", json={"status": 500}).json()
    assert queued == {"queued": 1}  # none of the refused list was queued


@pytest.mark.parametrize(
    ("headers", "said"),
    [
        (
            {"bad name": "v"},
            "header name 'bad name' is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~"
            " only)",
        ),
        (
            {"X-A": "a\nb"},
            "header 'X-A': value 'a\\nb' is not an HTTP field value (visible ASCII, spaces and"
            " tabs only between characters)",
        ),
        (
            {"X-A": "caf\u00e9"},
            "header 'X-A': value 'caf\u00e9' is not an HTTP field value (visible ASCII, spaces"
            " and tabs only between characters)",
        ),
        (
            {"Content-Length": "5"},
            "header 'Content-Length' is the server's to set: it frames the answer's body",
        ),
    ],
)
def test_a_fault_header_http_cannot_carry_is_refused_naming_it_and_the_call_is_answered(
    kook_mock: MockServer, kook_http: httpx.Client, headers: dict[str, str], said: str
) -> None:
    fault = {"status": 500, "headers": headers}
    response = httpx.post(kook_mock.url + "/__botspec__/faults", json=fault)
    assert (response.status_code, response.json()) == (400, {"error": f"bad fault: {said}"})
    assert kook_http.get("/user/me").status_code == 200


def test_fault_for_an_unknown_operation_lists_the_specs_operations(kook_mock: MockServer) -> None:
    response = httpx.post(kook_mock.url + "/__botspec__/faults", json={"operation": "getMe"})
    assert "getOnlineStatus, me, offline, online, view" in response.json()["error"]


def test_a_header_sent_twice_is_recorded_with_both_values(
    kook_mock: MockServer, kook_http: httpx.Client
) -> None:
    kook_http.get("/user/me", headers=[("X-Twice", "a"), ("x-twice", "b")])
    assert kook_mock.last("me")["headers"]["x-twice"] == "a, b"


# -- collections and paging ---------------------------------------------------------


def test_collection_is_served_page_by_page(lanying_mock: MockServer) -> None:
    lanying_mock.collection(
        "listUsers", [{"user_id": i, "username": f"u{i}", "status": 0} for i in range(5)]
    )
    page = httpx.get(
        lanying_mock.url + "/user/list", params={"page_num": 2, "page_size": 2}, headers=LANYING
    )
    assert [u["user_id"] for u in page.json()["data"]] == [2, 3]


def test_cursor_collection_pages_by_the_examples_size_with_a_string_cursor(
    lanying_mock: MockServer,
) -> None:
    lanying_mock.collection("listDevices", [{"device_sn": i, "platform": 1} for i in range(3)])
    first = httpx.get(lanying_mock.url + "/user/device/list", headers=LANYING).json()
    assert (first["data"], first["cursor"]) == ([{"device_sn": 0, "platform": 1}], "1")
    last = httpx.get(
        lanying_mock.url + "/user/device/list", params={"cursor": "2"}, headers=LANYING
    ).json()
    assert last["data"] == [{"device_sn": 2, "platform": 1}]
    assert "cursor" not in last


@pytest.mark.parametrize("size", ["0", "-2"])
def test_a_page_size_below_one_gets_the_servers_own_size(
    lanying_mock: MockServer, size: str
) -> None:
    lanying_mock.collection(
        "listUsers", [{"user_id": i, "username": f"u{i}", "status": 0} for i in range(5)]
    )
    page = httpx.get(lanying_mock.url + "/user/list", params={"page_size": size}, headers=LANYING)
    assert [u["user_id"] for u in page.json()["data"]] == [0, 1, 2, 3, 4]


def test_a_cursor_before_the_first_item_gets_the_first_page(lanying_mock: MockServer) -> None:
    lanying_mock.collection("listDevices", [{"device_sn": i, "platform": 1} for i in range(3)])
    url = lanying_mock.url + "/user/device/list"
    page = httpx.get(url, params={"cursor": "-1"}, headers=LANYING).json()
    assert (page["data"], page["cursor"]) == ([{"device_sn": 0, "platform": 1}], "1")


def test_collection_must_be_a_json_array(lanying_mock: MockServer) -> None:
    response = httpx.put(lanying_mock.url + "/__botspec__/collections/listUsers", json={"a": 1})
    assert response.status_code == 400


def test_collection_that_is_not_json_is_refused_with_400(lanying_mock: MockServer) -> None:
    url = lanying_mock.url + "/__botspec__/collections/listUsers"
    response = httpx.put(url, content=b"[1, 2")
    assert response.status_code == 400
    assert "JSON array" in response.json()["error"]


def test_collection_for_an_unknown_operation_is_refused_with_404(lanying_mock: MockServer) -> None:
    url = lanying_mock.url + "/__botspec__/collections/listUser"
    response = httpx.put(url, json=[{"user_id": 1}])
    assert response.status_code == 404
    assert "listUser" in response.json()["error"]


# -- the command line ---------------------------------------------------------------


def _started_mock(*options: str) -> tuple[subprocess.Popen[str], str]:
    """`botspec mock specs/kook OPTIONS...`, once it says it listens: the process and the URL
    it printed (the port the OS picked, for `--port 0`)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "mock", "specs/kook", *options],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    pool = ThreadPoolExecutor(1)
    try:  # the line comes once uvicorn listens
        line = pool.submit(process.stdout.readline).result(timeout=60)  # a bound, not a timing
    except TimeoutError:
        line = ""  # killed below, which ends the read
    finally:
        pool.shutdown(wait=False)
    printed = re.fullmatch(r"botspec mock: serving on (http://127\.0\.0\.1:\d+)\n", line)
    if printed is None:
        process.kill()
        _, err = process.communicate(timeout=30)
        raise AssertionError(f"botspec mock printed {line!r}; stderr: {err}")
    return process, printed[1]


def test_botspec_mock_command_with_port_0_serves_the_spec_on_the_port_it_prints() -> None:
    process, url = _started_mock("--port", "0")
    try:
        assert int(url.rsplit(":", 1)[1]) > 0
        response = httpx.get(f"{url}/api/v3/user/get-online-status", headers=BOT)
        assert response.status_code == 200
        assert response.json()["data"] == {"online": True, "online_os": ["Webhook"]}
        httpx.post(f"{url}/__botspec__/faults", json={"status": 500})
        assert httpx.get(f"{url}/api/v3/user/me", headers=BOT).status_code == 500
        recorded = httpx.get(f"{url}/__botspec__/requests").json()
        assert [r["operation"] for r in recorded] == ["getOnlineStatus", "me"]
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_botspec_mock_command_binds_the_given_port_and_exits_3_when_it_is_taken() -> None:
    with socket.socket() as taken:  # the test holds the port: nobody else can bind it
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "generator", "mock", "specs/kook", "--port", str(port)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 3
    assert f"('127.0.0.1', {port})" in result.stderr
    assert "address already in use" in result.stderr
    assert result.stdout == ""  # it never said it was serving


def test_botspec_mock_rejects_a_missing_spec_folder(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "mock", str(tmp_path / "nope"), "--port", "0"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "not a spec folder" in result.stderr


def _botspec_mock(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "mock", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("subfolder", [False, True])
def test_botspec_mock_on_a_folder_without_spec_files_is_a_usage_error_as_for_validate(
    tmp_path: Path, subfolder: bool
) -> None:
    if subfolder:
        (tmp_path / "sub").mkdir()
    result = _botspec_mock(str(tmp_path), "--port", "0")
    validated = subprocess.run(
        [sys.executable, "-m", "generator", "validate", str(tmp_path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    said = f"botspec: error: no spec files (.yaml, .yml, .json) in {tmp_path}\n"
    assert (result.returncode, result.stderr, result.stdout) == (2, said, "")
    assert (validated.returncode, validated.stderr) == (2, said)


@pytest.mark.parametrize("port", ["99999", "65536", "-1"])
def test_botspec_mock_with_a_port_out_of_range_is_a_one_line_usage_error(port: str) -> None:
    result = _botspec_mock("specs/kook", "--port", port)
    said = f"botspec: error: --port {port}: not a port number (0 to 65535; 0: any free one)\n"
    assert (result.returncode, result.stderr, result.stdout) == (2, said, "")


def test_a_json_string_answer_is_sent_as_json_and_a_fault_body_string_as_text() -> None:
    with MockServer(REPO_ROOT / "tests" / "specs" / "subset_schemas") as mock:
        answer = httpx.get(mock.url + "/clock")
        mock.fault(operation="getClock", status=200, body="not json")
        faulted = httpx.get(mock.url + "/clock")
    assert answer.headers["content-type"] == "application/json"
    assert isinstance(answer.json(), str)
    assert faulted.headers["content-type"].startswith("text/plain")
    assert faulted.text == "not json"


_HOLDING_ITSELF = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /v:
    post:
      operationId: setV
      summary: Set v
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Value"}
      responses:
        "204": {description: Kept}
components:
  schemas:
    Value: {oneOf: [{$ref: "#/components/schemas/Value"}, {type: number}]}
"""


def test_a_body_whose_schema_holds_itself_in_place_is_taken_unchecked_not_a_500(
    tmp_path: Path,
) -> None:
    # No value can be checked against it: jsonschema recursed to the interpreter's limit.
    spec_dir = tmp_path / "holding"
    spec_dir.mkdir()
    (spec_dir / "openapi.yaml").write_text(_HOLDING_ITSELF, encoding="utf-8")
    with MockServer(spec_dir) as mock, httpx.Client(base_url=mock.url) as http:
        assert http.post("/v", json=5).status_code == 204
        assert http.post("/v", json="five").status_code == 204


_HYPHENATED_PATH_PARAMETER = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /chats/{chat-id}/members/{user_id}:
    get:
      operationId: getMember
      summary: Get a member
      parameters:
        - {name: chat-id, in: path, required: true, schema: {type: integer}}
        - {name: user_id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: Found}
"""


def test_a_path_parameter_whose_name_is_no_identifier_is_matched_and_checked(
    tmp_path: Path,
) -> None:
    # Its name was made a regular expression's group name: `botspec mock` did not start.
    (tmp_path / "openapi.yaml").write_text(_HYPHENATED_PATH_PARAMETER, encoding="utf-8")
    with MockServer(tmp_path) as mock, httpx.Client(base_url=mock.url) as http:
        assert http.get("/chats/12/members/u1").status_code == 204
        refused = http.get("/chats/twelve/members/u1")
    assert refused.status_code == 400
    assert "chat-id" in refused.json()["message"]
