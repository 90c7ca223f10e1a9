"""The requests that need a closer look than the sweep in test_client_operations.py:
auth headers, act-as headers, query strings on PUT, text/plain and DELETE bodies,
path escaping, raw responses. Real HTTP against `botspec mock` on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import json
import urllib.parse
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from gen_support import RecordingServer, spec_folder
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mockserver import MockServer, generate_into, issue_qq_tokens

KOOK_TOKEN = "kook-token-wire-81"
LANYING_TOKEN = "lanying-token-wire-82"
QQ_SECRET = "qq-secret-wire-83"
QQ_TOKEN = "qq-access-token-wire-84"


def kook_client(kook: ModuleType, server: MockServer, **kwargs: Any) -> Any:
    return kook.Client(token=KOOK_TOKEN, base_url=server.url + "/api/v3", **kwargs)


def lanying_client(lanying: ModuleType, server: MockServer, **kwargs: Any) -> Any:
    return lanying.Client(access_token=LANYING_TOKEN, app_id="4321", base_url=server.url, **kwargs)


def qqbot_client(qqbot: ModuleType, server: MockServer, cls: str = "Client", **kwargs: Any) -> Any:
    return getattr(qqbot, cls)(
        app_id="1001",
        client_secret=QQ_SECRET,
        base_url=server.url,
        token_url=server.url + "/app/getAppAccessToken",
        **kwargs,
    )


# -- KOOK ---------------------------------------------------------------------------


def test_kook_sends_bot_token_and_user_agent_on_every_call(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    with kook_client(kook, kook_mock) as client:
        client.user.me()
        client.user.offline()
    for sent in kook_mock.requests():
        assert sent["headers"]["authorization"] == f"Bot {KOOK_TOKEN}"
        assert sent["headers"]["user-agent"].startswith("kook/3 (botspec")


def test_answers_are_asked_for_compressed_and_a_gzip_answer_is_decoded(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    answer = httpx.get(
        kook_mock.url + "/api/v3/user/me", headers={"Authorization": f"Bot {KOOK_TOKEN}"}
    ).content
    with RecordingServer() as server, kook.Client(token=KOOK_TOKEN, base_url=server.url) as client:
        server.reply(gzip.compress(answer), headers={"Content-Encoding": "gzip"})
        user = client.user.me()
        sent = server.last.headers
    assert "gzip" in sent["accept-encoding"].split(", ")
    assert user.id == json.loads(answer)["data"]["id"]


def test_kook_query_parameters_skip_unset_optionals(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    with kook_client(kook, kook_mock) as client:
        client.user.view(user_id="2418200000")
        client.user.view(user_id="2418200000", guild_id="601")
    first, second = kook_mock.requests("view")
    assert first["query"] == [["user_id", "2418200000"]]
    assert second["query"] == [["user_id", "2418200000"], ["guild_id", "601"]]
    assert first["method"] == "GET" and first["path"] == "/api/v3/user/view"
    assert first["body"] == ""


def test_kook_client_wide_header_is_sent_and_overridden_per_call(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    with kook_client(kook, kook_mock, accept_language="en-us") as client:
        client.user.me()
        client.user.me(accept_language="zh-cn")
        client.user.me(extra_headers={"Accept-Language": "ja-jp", "X-Trace": "t1"})
    sent = [r["headers"] for r in kook_mock.requests("me")]
    assert [h["accept-language"] for h in sent] == ["en-us", "zh-cn", "ja-jp"]
    assert sent[2]["x-trace"] == "t1"


def test_kook_without_client_wide_header_sends_none(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    with kook_client(kook, kook_mock) as client:
        client.user.me()
    assert "accept-language" not in kook_mock.last("me")["headers"]


@pytest.mark.parametrize("cls", ["Client", "AsyncClient"])
def test_extra_headers_replace_a_header_whatever_its_case(
    kook: ModuleType, kook_mock: MockServer, cls: str
) -> None:
    extra = {"authorization": "Bot other", "USER-AGENT": "mybot/1", "accept-language": "zh-cn"}
    client = getattr(kook, cls)(
        token=KOOK_TOKEN, base_url=kook_mock.url + "/api/v3", accept_language="en-us"
    )
    if cls == "Client":
        with client:
            client.user.me(extra_headers=extra)
    else:

        async def run() -> None:
            async with client:
                await client.user.me(extra_headers=extra)

        asyncio.run(run())
    sent = kook_mock.last("me")["headers"]
    assert (sent["authorization"], sent["user-agent"]) == ("Bot other", "mybot/1")
    assert sent["accept-language"] == "zh-cn"


def test_an_own_http_client_adds_its_headers_cookies_and_query(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    own = httpx.Client(headers={"X-Corp": "42"}, cookies={"sid": "c"}, params={"trace": "1"})
    with own, kook_client(kook, kook_mock, http_client=own) as client:
        client.user.view(user_id="7")
    sent = kook_mock.last("view")
    assert sent["headers"]["x-corp"] == "42"
    assert sent["headers"]["cookie"] == "sid=c"
    assert sorted(sent["query"]) == [["trace", "1"], ["user_id", "7"]]
    assert sent["headers"]["user-agent"].startswith("kook/3 (botspec")  # the package's wins
    assert sent["headers"]["authorization"] == f"Bot {KOOK_TOKEN}"


def test_an_own_async_http_client_adds_its_headers_to_the_token_purchase_too(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    issue_qq_tokens(qqbot_mock, QQ_TOKEN)

    async def run() -> None:
        async with (
            httpx.AsyncClient(headers={"X-Corp": "42"}) as own,
            qqbot_client(qqbot, qqbot_mock, "AsyncClient", http_client=own) as client,
        ):
            await client.gateway.get_gateway()

    asyncio.run(run())
    assert [r["headers"]["x-corp"] for r in qqbot_mock.requests()] == ["42", "42"]


def test_the_token_purchase_through_an_own_http_client_sends_the_packages_user_agent(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    # It went out with the caller's client's User-Agent and Accept-Encoding.
    issue_qq_tokens(qqbot_mock, QQ_TOKEN)
    own = httpx.Client(headers={"User-Agent": "mine/1", "Accept-Encoding": "br"})
    with own, qqbot_client(qqbot, qqbot_mock, http_client=own) as client:
        client.gateway.get_gateway()
    bought, call = (r["headers"] for r in qqbot_mock.requests())
    assert bought["user-agent"] == call["user-agent"] == "qqbot/v2 (botspec; python-httpx)"
    assert bought["accept-encoding"] == call["accept-encoding"] == "gzip, deflate"


def test_raw_response_gives_status_headers_bytes_and_parsed_value(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    with kook_client(kook, kook_mock) as client:
        raw = client.with_raw_response.user.me()
        parsed = client.user.me()
    assert raw.status_code == 200
    assert raw.headers["x-rate-limit-bucket"] == "mock"
    assert json.loads(raw.content)["data"]["id"] == "364862"
    assert isinstance(raw.parse(), kook.CurrentUser)
    assert raw.parse() == parsed


@pytest.mark.parametrize("package", ["kook", "lanying", "qqbot"])
def test_raw_response_class_is_exported(package: str, request: pytest.FixtureRequest) -> None:
    api = request.getfixturevalue(package)
    assert "RawResponse" in api.__all__
    assert api.RawResponse is api._base_client.RawResponse


def test_raw_response_is_an_instance_of_the_exported_class(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    with kook_client(kook, kook_mock) as client:
        raw = client.with_raw_response.user.me()
    assert isinstance(raw, kook.RawResponse)


@pytest.mark.parametrize("package", ["kook", "lanying", "qqbot"])
def test_async_client_has_the_public_names_of_the_sync_client(
    package: str, request: pytest.FixtureRequest
) -> None:
    """The gateway's token plumbing on the async client is private."""
    api = request.getfixturevalue(package)

    def public(cls: type) -> set[str]:
        return {name for name in dir(cls) if not name.startswith("_")}

    assert public(api.AsyncClient) == public(api.Client)


def test_async_raw_response_gives_status_headers_bytes_and_parsed_value(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    async def run() -> Any:
        async with kook.AsyncClient(token=KOOK_TOKEN, base_url=kook_mock.url + "/api/v3") as c:
            return await c.with_raw_response.user.view(user_id="2418200000")

    raw = asyncio.run(run())
    assert raw.status_code == 200
    assert json.loads(raw.content)["code"] == 0
    assert isinstance(raw.parse(), kook.User)
    assert raw.parse().id == "2418200000"


# -- Lanying ------------------------------------------------------------------------


def test_lanying_sends_access_token_and_app_id(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    with lanying_client(lanying, lanying_mock) as client:
        client.user.get_profile()
    headers = lanying_mock.last("getProfile")["headers"]
    assert headers["access-token"] == LANYING_TOKEN
    assert headers["app_id"] == "4321"
    assert "user_id" not in headers and "group_id" not in headers


def test_lanying_put_sends_its_values_in_the_query_string_without_a_body(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    with lanying_client(lanying, lanying_mock) as client:
        assert client.user.set_username(username="new name&x=1") is True
        assert client.user.set_no_push_hours(no_push_start_hour=22, no_push_end_hour=7) is True
        assert client.user.set_no_sounds(value=False) is True
        assert client.user.kick_device(device_sn=3) is True
    username = lanying_mock.last("setUsername")
    assert (username["method"], username["path"]) == ("PUT", "/user/username")
    assert username["query"] == [["username", "new name&x=1"]]
    assert username["body"] == "" and "content-type" not in username["headers"]
    hours = lanying_mock.last("setNoPushHours")
    assert sorted(hours["query"]) == [["no_push_end_hour", "7"], ["no_push_start_hour", "22"]]
    assert lanying_mock.last("setNoSounds")["query"] == [["value", "false"]]
    assert lanying_mock.last("kickDevice")["query"] == [["device_sn", "3"]]


@pytest.mark.parametrize(
    ("method", "operation", "path"),
    [
        ("set_public_info", "setPublicInfo", "/user/public"),
        ("set_private_info", "setPrivateInfo", "/user/private"),
    ],
)
@pytest.mark.parametrize("text", ['{"hobby": "阅读", "note": "line 1\nline 2"}', "vip 会员"])
def test_lanying_public_and_private_info_are_sent_as_their_text_under_application_json(
    lanying: ModuleType,
    lanying_mock: MockServer,
    method: str,
    operation: str,
    path: str,
    text: str,
) -> None:
    with lanying_client(lanying, lanying_mock) as client:
        assert getattr(client.user, method)(body=text) is True
    sent = lanying_mock.last(operation)
    assert (sent["method"], sent["path"]) == ("PUT", path)
    # Seed 003: `Content-Type: application/json`, the body the string itself, not JSON.
    assert sent["headers"]["content-type"] == "application/json"
    assert sent["body"] == text  # the text itself, not a JSON string
    assert sent["query"] == []


def test_lanying_delete_push_tags_carries_a_json_body(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    with lanying_client(lanying, lanying_mock) as client:
        assert client.user.unbind_push_tags(tags=["vip", "beijing"]) is True
    sent = lanying_mock.last("unbindPushTags")
    assert (sent["method"], sent["path"]) == ("DELETE", "/user/push/tag")
    assert sent["headers"]["content-type"] == "application/json"
    assert json.loads(sent["body"]) == {"tags": ["vip", "beijing"]}


def test_lanying_device_sn_keeps_its_wire_name(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    with lanying_client(lanying, lanying_mock) as client:
        client.user.unbind_push_token(device_sn=12)
        client.user.remove_device(device_sn=13)
    assert lanying_mock.last("unbindPushToken")["query"] == [["deviceSn", "12"]]
    assert lanying_mock.last("removeDevice")["query"] == [["device_sn", "13"]]


def test_lanying_act_as_headers_per_client_and_per_call(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    with lanying_client(lanying, lanying_mock, user_id=1001, group_id=2002) as client:
        client.user.get_settings()
        client.user.get_settings(user_id=1002)
        client.user.get_settings(group_id=2003)
    sent = [(r["headers"]["user_id"], r["headers"]["group_id"]) for r in lanying_mock.requests()]
    assert sent == [("1001", "2002"), ("1002", "2002"), ("1001", "2003")]


def test_lanying_body_user_id_and_act_as_header_are_separate_arguments(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    with lanying_client(lanying, lanying_mock, user_id=7) as client:
        client.user.update_settings(user_id=55, user_id_header=66, no_sounds=True)
        client.user.update_settings(user_id=55, no_push=False)
    first, second = lanying_mock.requests("updateSettings")
    assert first["headers"]["user_id"] == "66"
    assert json.loads(first["body"]) == {"user_id": 55, "no_sounds": True}
    assert second["headers"]["user_id"] == "7"  # the client's default, not the body field
    assert json.loads(second["body"]) == {"user_id": 55, "no_push": False}


def test_lanying_async_client_sends_the_same_request(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    async def run() -> Any:
        async with lanying.AsyncClient(
            access_token=LANYING_TOKEN, app_id="4321", base_url=lanying_mock.url, group_id=9
        ) as client:
            return await client.user.unbind_push_tags(tags=["a"], user_id=8)

    assert asyncio.run(run()) is True
    sent = lanying_mock.last("unbindPushTags")
    assert sent["method"] == "DELETE"
    assert json.loads(sent["body"]) == {"tags": ["a"]}
    assert (sent["headers"]["user_id"], sent["headers"]["group_id"]) == ("8", "9")
    assert sent["headers"]["access-token"] == LANYING_TOKEN


def test_lanying_body_models_accept_dicts_and_send_wire_names(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    with lanying_client(lanying, lanying_mock) as client:
        result = client.user.batch_register_users(
            list_=[{"username": "a", "password": "p1"}, {"username": "b", "password": "p2"}]
        )
    assert all(isinstance(item, lanying.BatchRegisterResult) for item in result)
    sent = lanying_mock.last("batchRegisterUsers")
    assert json.loads(sent["body"]) == {
        "list": [{"username": "a", "password": "p1"}, {"username": "b", "password": "p2"}]
    }


# -- QQ -----------------------------------------------------------------------------


def test_qqbot_buys_a_token_then_sends_it_with_the_app_id(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    issue_qq_tokens(qqbot_mock, QQ_TOKEN)
    with qqbot_client(qqbot, qqbot_mock) as client:
        gateway = client.gateway.get_gateway()
    assert isinstance(gateway, qqbot.Gateway)
    token_request, call = qqbot_mock.requests()
    assert token_request["operation"] == "getAppAccessToken"
    assert token_request["method"] == "POST"
    assert json.loads(token_request["body"]) == {"appId": "1001", "clientSecret": QQ_SECRET}
    assert "authorization" not in token_request["headers"]
    assert call["operation"] == "getGateway"
    assert call["headers"]["authorization"] == f"QQBot {QQ_TOKEN}"
    assert call["headers"]["x-union-appid"] == "1001"


def test_qqbot_token_operation_method_uses_token_url(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    issue_qq_tokens(qqbot_mock, "bought-by-hand")
    with qqbot_client(qqbot, qqbot_mock) as client:
        token = client.auth.get_app_access_token(app_id="1001", client_secret=QQ_SECRET)
    assert isinstance(token, qqbot.AppAccessToken)
    assert token.access_token == "bought-by-hand"
    assert [r["operation"] for r in qqbot_mock.requests()] == ["getAppAccessToken"]


@pytest.mark.parametrize(
    ("group_openid", "wire_path"),
    [
        ("a/../b", "/v2/groups/a%2F..%2Fb/members"),
        ("..", "/v2/groups/%2E%2E/members"),
        (".", "/v2/groups/%2E/members"),
        ("x?y#z", "/v2/groups/x%3Fy%23z/members"),
    ],
)
def test_qqbot_group_openid_is_escaped_so_the_path_stays_the_same(
    qqbot: ModuleType, qqbot_mock: MockServer, group_openid: str, wire_path: str
) -> None:
    with qqbot_client(qqbot, qqbot_mock) as client, pytest.warns(DeprecationWarning):
        members = client.groups.list_members(group_openid=group_openid, limit=2)
    assert isinstance(members, qqbot.GroupMemberList)
    sent = qqbot_mock.last("listMembers")
    assert sent["path"] == wire_path
    assert json.loads(sent["body"]) == {"limit": 2}


# Any text a caller passes (hypothesis draws it: '/', '..', '%', '?', '#', spaces, any script)
@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(group_openid=st.text(min_size=1), user_id=st.text(min_size=1), guild_id=st.text())
@example(group_openid="\n", user_id="a&b=c", guild_id="#")  # a newline once broke the mock
def test_any_text_in_a_path_or_query_parameter_reaches_the_server_as_given(
    qqbot: ModuleType,
    qqbot_mock: MockServer,
    kook: ModuleType,
    kook_mock: MockServer,
    group_openid: str,
    user_id: str,
    guild_id: str,
) -> None:
    with qqbot_client(qqbot, qqbot_mock) as client, pytest.warns(DeprecationWarning):
        client.groups.list_members(group_openid=group_openid, limit=2)
    path = qqbot_mock.last("listMembers")["path"]
    assert path.startswith("/v2/groups/") and path.endswith("/members")
    encoded = path.removeprefix("/v2/groups/").removesuffix("/members")
    assert "/" not in encoded and encoded not in (".", "..")
    assert urllib.parse.unquote(encoded) == group_openid

    with kook_client(kook, kook_mock) as client:
        client.user.view(user_id=user_id, guild_id=guild_id)
    assert kook_mock.last("view")["query"] == [["user_id", user_id], ["guild_id", guild_id]]


OPTIONAL_DATA = """\
openapi: 3.1.0
info: {title: Optional data, version: "1"}
servers: [{url: "https://api.example.com"}]
x-envelope: {code: code, message: message, data: data, success: [0]}
paths:
  /user:
    get:
      operationId: getUser
      summary: Get the user
      responses:
        "200":
          description: The user, when there is one.
          content:
            application/json:
              schema:
                type: object
                required: [code]
                properties:
                  code: {type: integer}
                  message: {type: string}
                  data: {$ref: "#/components/schemas/User"}
              example: {code: 0, message: "", data: {name: Ann}}
components:
  schemas:
    User:
      type: object
      properties: {name: {type: string}}
"""


def test_a_success_without_the_envelope_data_the_spec_makes_optional_returns_none(
    tmp_path: Path,
) -> None:
    spec = spec_folder(tmp_path, "optional_data", OPTIONAL_DATA)
    module = generate_into(spec, tmp_path / "generated")
    with MockServer(spec) as server, module.Client(base_url=server.url) as client:
        assert client.default.get_user() == module.User(name="Ann")
        server.fault(operation="getUser", status=200, body={"code": 0, "message": ""})
        assert client.default.get_user() is None


def test_an_optional_body_none_of_whose_fields_is_given_is_not_sent_a_required_one_is(
    qqbot: ModuleType, qqbot_mock: MockServer, lanying: ModuleType, lanying_mock: MockServer
) -> None:
    with qqbot_client(qqbot, qqbot_mock) as client, pytest.warns(DeprecationWarning):
        client.groups.list_members(group_openid="G1")  # its body is optional
    sent = qqbot_mock.last("listMembers")
    assert sent["body"] == "" and "content-type" not in sent["headers"]
    with lanying_client(lanying, lanying_mock) as client:
        client.user.batch_register_users()  # required, and none of its fields is
    sent = lanying_mock.last("batchRegisterUsers")
    assert sent["body"] == "{}" and sent["headers"]["content-type"] == "application/json"


def test_qqbot_empty_group_openid_is_refused_before_sending(
    qqbot: ModuleType, qqbot_mock: MockServer
) -> None:
    with (
        qqbot_client(qqbot, qqbot_mock) as client,
        pytest.warns(DeprecationWarning),
        pytest.raises(qqbot.InvalidArgument) as info,
    ):
        client.groups.list_members(group_openid="", limit=2)  # /v2/groups//members
    assert info.value.argument == "group_openid"
    assert "empty" in info.value.reason
    assert qqbot_mock.requests() == []


def test_qqbot_sandbox_switch_selects_the_sandbox_server(qqbot: ModuleType) -> None:
    with qqbot.Client(app_id="1", client_secret="s", sandbox=True) as client:
        assert client.base_url == "https://sandbox.api.sgroup.qq.com"
    with qqbot.Client(app_id="1", client_secret="s") as client:
        assert client.base_url == "https://api.sgroup.qq.com"
