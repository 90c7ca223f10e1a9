"""The specs hold every item the source documents name (issue 2, Deliver 4).

The inventory is parsed out of ../shared/seeds/ by tests/seed_inventory.py: operations, their
methods, parameters (path/query/header/body, as spelled), request and response fields (from
tables and from examples) with the types the tables and example values give them, enum members,
ranges and defaults stated in descriptions, the Chinese wording of descriptions (kept in the
spec's), events with their fields and intents, and the documents' examples. Each item is one test case, named after
the item, so a missing one shows up by name. The tests after the main one prove the extractor
reads changes to the documents, and the check notices what a spec lacks.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from seed_inventory import (
    SEEDS,
    SPECS,
    SPECS_FOR_SEED,
    Facts,
    Item,
    Placeholder,
    PseudoJsonError,
    SpecIndex,
    SpecItem,
    check,
    facts_of,
    inventory_of,
    missing_items,
    parse_pseudo_json,
    provenance_problems,
    seed_files,
    seed_inventory,
    spec_items,
)

SEED_NAMES = [path.name for path in seed_files()]
INVENTORY = [item for name in SEED_NAMES for item in seed_inventory(name).items]
SEED = {name[:3]: name for name in SEED_NAMES}


@cache
def real_index() -> SpecIndex:
    return SpecIndex.real()


def seed_text(prefix: str) -> str:
    return (SEEDS / SEED[prefix]).read_text(encoding="utf-8")


def labels(prefix: str) -> set[str]:
    return {item.label for item in seed_inventory(SEED[prefix]).items}


def missing_labels(prefix: str, text: str) -> list[str]:
    """What the real specs lack of document `prefix` given as `text`, beyond what they lack of
    the document itself (so these tests prove their point even while the specs miss something)."""
    inventory = inventory_of(SEED[prefix], text)
    assert inventory.problems == []
    already = {m.label for m in missing_items(seed_inventory(SEED[prefix]).items, real_index())}
    return [m.label for m in missing_items(inventory.items, real_index()) if m.label not in already]


def with_inserted(text: str, after: str, new: str) -> str:
    """`text` with the line `new` inserted after the only line containing `after`."""
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if after in line]
    assert len(hits) == 1, f"{after!r} is on lines {hits}"
    return "\n".join([*lines[: hits[0] + 1], new, *lines[hits[0] + 1 :]])


# --------------------------------------------------------------------------- the main check


def test_the_five_source_documents_are_found() -> None:
    assert sorted(SEED) == ["000", "001", "002", "003", "004"], f"seed files in {SEEDS}"
    assert sorted(SEED) == sorted(SPECS_FOR_SEED)


@pytest.mark.parametrize("item", INVENTORY, ids=lambda item: item.label)
def test_the_specs_hold_every_item_the_documents_name(item: Item) -> None:
    assert check(item, real_index()) == []


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_every_table_and_example_of_the_documents_is_understood(seed: str) -> None:
    assert seed_inventory(seed).problems == []


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_no_document_has_items_missing_from_the_specs(seed: str) -> None:
    assert [str(m) for m in missing_items(seed_inventory(seed).items, real_index())] == []


SPEC_ITEMS = list(spec_items(real_index()))


@pytest.mark.parametrize("spec_item", SPEC_ITEMS, ids=lambda s: s.label)
def test_every_spec_operation_and_message_names_a_seed_that_documents_it(
    spec_item: SpecItem,
) -> None:
    inventories = {name: seed_inventory(name) for name in SEED_NAMES}
    assert provenance_problems(spec_item, inventories) == []


# --------------------------------------------------------------------------- the inventory is real


def test_the_inventory_counts_what_the_documents_announce() -> None:
    def kinds(prefix: str, *wanted: str) -> list[Item]:
        return seed_inventory(SEED[prefix]).of_kind(*wanted)

    events = {prefix: {i.event for i in kinds(prefix, "event")} for prefix in ("000", "001", "002")}
    assert events["000"] == {"FRIEND_ADD", "FRIEND_DEL", "C2C_MSG_REJECT", "C2C_MSG_RECEIVE"}
    group = {"GROUP_ADD_ROBOT", "GROUP_DEL_ROBOT", "GROUP_MSG_REJECT", "GROUP_MSG_RECEIVE"}
    assert events["001"] == events["002"] == group
    assert {i.value for p in ("000", "001", "002") for i in kinds(p, "intent")} == {25}
    members = ("POST", "/v2/groups/{group_openid}/members")
    assert [(i.method, i.path) for i in kinds("001", "operation")] == [members]
    assert [(i.method, i.path) for i in kinds("002", "withdrawn")] == [members]
    assert kinds("002", "operation") == []
    # 003: 39 documented operations, 23 of them under two methods: 62 method + path pairs.
    assert seed_inventory(SEED["003"]).sections == 39
    assert len(kinds("003", "operation")) == 62
    assert len(kinds("003", "pair")) == 23
    assert {i.value for i in kinds("003", "pair")} == {("POST", "PUT"), ("POST", "DELETE")}
    assert sorted(i.path or "" for i in kinds("004", "operation")) == sorted(
        f"/api/v3/user/{name}" for name in ("me", "view", "offline", "online", "get-online-status")
    )


@pytest.mark.parametrize(
    "label",
    [
        # a field only in an example, fields only in a table
        "004 GET /api/v3/user/me: response field data.client_id",
        "004 GET /api/v3/user/view: response field data.nickname",
        "004 GET /api/v3/user/view: response field data.is_vip",
        "004 GET /api/v3/user/view: query parameter user_id required",
        "004 GET /api/v3/user/me: response field data.status enum 10",
        "004 POST /api/v3/user/offline: webhook-only",
        # parameters as spelled, where they are sent
        "003 DELETE /user/token/unbind: query parameter deviceSn",
        "003 POST /user/token/unbind: query parameter deviceSn",
        "003 PUT /user/username: query parameter username",
        "003 POST /user/push/limit: query parameter no_push_start_hour range 0..23",
        "003 GET /user/list: query parameter page_num range 1..",
        "003 GET /user/list: query parameter page_num default 1",
        "003 GET /user/list: query parameter page_size default 50",
        "003 GET /user/list: header parameter access-token",
        "003 PUT /user/authmode: query parameter value enum 3",
        "003 GET /user/device/list: response field data[].platform enum 6",
        "003 GET /user/list: response field data[].status enum 1",
        "003 POST /user/register/v2: response field data.auth_mode enum 0",
        "003 POST /user/register/batch: request field list[].password",
        "003 PUT /user/public: request body is a raw string sent as application/json",
        "003 DELETE /user/push/tag: request body is JSON",
        "003 POST /user/delete: no request body",
        "003 POST+DELETE /user/device/remove: both methods, one canonical (x-alias-of)",
        "003 document: success code 200 in code",
        "003 document: server is a per-app variable (Host: <api-endpoint>)",
        "003 GET /user/device/list: response field cursor",
        # the QQ members call and events
        "001 POST /v2/groups/{group_openid}/members: invite-only: x-invite-only and deprecated",
        "001 POST /v2/groups/{group_openid}/members: body parameter limit range 1..500",
        "001 POST /v2/groups/{group_openid}/members: response field members[].join_timestamp",
        "002 POST /v2/groups/{group_openid}/members: withdrawn in this revision: deprecated",
        "001 event GROUP_ADD_ROBOT: field op_member_openid",
        "002 event GROUP_ADD_ROBOT: field d.op_member_openid",
        "002 event GROUP_MSG_RECEIVE: event example",
        "000 event FRIEND_ADD: field d.openid",
        "000 event C2C_MSG_RECEIVE: intent 1<<25",
        "000 event FRIEND_DEL: pushed over websocket",
    ],
)
def test_the_inventory_holds_the_items_the_issue_names(label: str) -> None:
    assert label in labels(label[:3])


# --------------------------------------------------------------------------- the extractor


def test_pseudo_json_keeps_keys_comments_and_placeholders_and_ignores_trailing_commas() -> None:
    text = """{
        "code": 200,  //返回码,200 表示成功
        "data": [ //用户列表
            {
                "user_id":<user_id>, //用户ID
                "tags":["<tag1>", "<tag2>"],
            },
        ],
    }"""
    parsed = parse_pseudo_json(text)
    assert parsed.value == {
        "code": 200,
        "data": [{"user_id": Placeholder("user_id"), "tags": ["<tag1>", "<tag2>"]}],
    }
    assert parsed.comments == {
        "code": "返回码,200 表示成功",
        "data": "用户列表",
        "data[].user_id": "用户ID",
        "data[].tags": "",
    }
    assert parsed.end == len(text)


def test_pseudo_json_reads_bare_keys_and_single_quotes() -> None:
    assert parse_pseudo_json("{member_openid:'',join_timestamp: 0}").value == {
        "member_openid": "",
        "join_timestamp": 0,
    }


@pytest.mark.parametrize("text", ['{"a": }', '{"a" 1}', '{"a": 1', "{@}"])
def test_pseudo_json_that_is_not_even_pseudo_json_is_an_error(text: str) -> None:
    with pytest.raises(PseudoJsonError):
        parse_pseudo_json(text)


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("验证方式, 0 - 无需验证, 1 - 需要同意, 2 - 需要回答, 3 - 拒绝", Facts(enum=(0, 1, 2, 3))),
        ("平台,1:ios, 2:android, 3:windows, 4:mac, 5:linux, 6:web", Facts(enum=(1, 2, 3, 4, 5, 6))),
        ("状态:0-正常,1-封禁", Facts(enum=(0, 1))),
        ("用户的状态, 0 和 1 代表正常，10 代表被封禁", Facts(enum=(0, 1, 10))),  # noqa: RUF001
        ("每页限制数量 1-500", Facts(low=1, high=500)),
        ("不推送结束时间(小时),0~23", Facts(low=0, high=23)),
        ("页数:必须大于0,默认为1", Facts(low=1, default=1)),
        ("每页大小:默认每页50条", Facts(default=50)),
        ("返回码,200 表示成功", Facts(success=200)),
        ("首页输入 0，后续填入返回参数的 next_index", Facts()),  # noqa: RUF001
        ("手机区号,如中国为 86", Facts()),
    ],
)
def test_descriptions_state_enums_ranges_and_defaults(text: str, facts: Facts) -> None:
    assert facts_of(text) == facts


def test_a_table_the_extractor_does_not_understand_is_reported() -> None:
    text = seed_text("004").replace(
        "### 返回示例", "### 其他说明\n\n| a | b |\n| - | - |\n| x | y |\n\n### 返回示例", 1
    )
    problems = inventory_of(SEED["004"], text).problems
    assert problems == ["GET /api/v3/user/me: table under '其他说明' not understood"]


# --------------------------------------------------------------------------- a changed document


def test_a_row_added_to_a_document_table_is_reported_missing() -> None:
    text = with_inserted(seed_text("004"), "| is_vip ", "| extra_field | string | x |")
    assert missing_labels("004", text) == [
        "004 GET /api/v3/user/view: response field data.extra_field"
    ]


def test_a_key_added_to_a_lanying_example_is_reported_missing() -> None:
    text = with_inserted(seed_text("003"), '"email":"<email>"', '        "new_key":1, //c')
    assert missing_labels("003", text) == [
        "003 GET /user/profile: response field data.new_key",
        "003 GET /user/profile: response example",
    ]


def test_an_operation_added_to_the_lanying_document_is_reported_once() -> None:
    new = """
    新接口

    基本信息

    POST /user/new
    Host: <api-endpoint>
    Content-Type: application/json

    请求参数

    Headers

    参数名称 参数类型 必填 备注
    access-token string 令牌

    Query

    参数名称 类型 必须 备注
    value integer 0 - 关, 1 - 开

    返回数据

    {
        "code": 200,  //返回码,200 表示成功
        "data": true //true 成功
    }
"""
    text = seed_text("003") + new
    assert "003 POST /user/new: query parameter value enum 1" in {
        i.label for i in inventory_of(SEED["003"], text).items
    }
    assert missing_labels("003", text) == ["003 POST /user/new: operation"]


def test_a_row_added_to_the_qq_request_table_is_reported_missing() -> None:
    text = with_inserted(seed_text("001"), "| start_index | int |", "| offset | int | 否 | 偏移 |")
    assert missing_labels("001", text) == [
        "001 POST /v2/groups/{group_openid}/members: body parameter offset"
    ]


def test_a_query_parameter_added_to_a_documented_pair_is_reported_for_both_methods() -> None:
    text = with_inserted(
        seed_text("003"), "nick_name string 用户推送昵称", "    badge_hint string 提示"
    )
    assert missing_labels("003", text) == [
        "003 POST /user/push/nickname: query parameter badge_hint",
        "003 PUT /user/push/nickname: query parameter badge_hint",
    ]


def test_a_field_added_to_an_event_table_of_the_mojibake_revision_is_reported_missing() -> None:
    text = seed_text("002")
    row = "| op_member_openid | string |"
    second = text.index(row, text.index("GROUP_DEL_ROBOT"))
    end = text.index("\n", second)
    text = text[: end + 1] + "| extra_flag | bool | x |\n" + text[end + 1 :]
    assert missing_labels("002", text) == ["002 event GROUP_DEL_ROBOT: field d.extra_flag"]


def test_a_key_added_to_an_event_example_is_reported_missing() -> None:
    text = with_inserted(seed_text("000"), '"timestamp": 1699240328', '\t\t,"union_id": "x"')
    assert missing_labels("000", text) == [
        "000 event FRIEND_DEL: field d.union_id",
        "000 event FRIEND_DEL: event example",
    ]


def test_an_event_added_to_a_document_is_reported_missing() -> None:
    text = seed_text("000").replace("FRIEND_DEL", "FRIEND_BLOCK")
    assert missing_labels("000", text) == ["000 event FRIEND_BLOCK: message"]


# --------------------------------------------------------------------------- a changed spec


def node(data: Any, pointer: tuple[str, ...]) -> Any:
    for part in pointer:
        data = data[int(part)] if isinstance(data, list) else data[part]
    return data


def spec_copy(tmp_path: Path, rel: str, mutate: Callable[[Any], None]) -> Path:
    data = copy.deepcopy(real_index().specs.documents[(SPECS / rel).resolve()].data)
    mutate(data)
    out = tmp_path / rel
    out.parent.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)
    out.write_text(text, encoding="utf-8")
    return out


def _delete(pointer: tuple[str, ...], key: str) -> Callable[[Any], None]:
    return lambda data: node(data, pointer).pop(key)


def _set(pointer: tuple[str, ...], key: str, value: Any) -> Callable[[Any], None]:
    return lambda data: node(data, pointer).__setitem__(key, value)


def _public_info_body(media: str) -> Callable[[Any], None]:
    """The public info body made a string under `media`, without `x-raw-text`."""
    content = {media: {"schema": {"type": "string"}}}
    return _set(("components", "requestBodies", "SetPublicInfo"), "content", content)


SPEC_CHANGES = [
    pytest.param(
        ["004"],
        "kook/openapi.yaml",
        _delete(("components", "schemas", "User", "properties"), "is_vip"),
        ["004 GET /api/v3/user/view: response field data.is_vip"],
        id="a-response-field-deleted",
    ),
    pytest.param(
        ["004"],
        "kook/openapi.yaml",
        _delete(("components", "schemas", "CurrentUser", "properties"), "client_id"),
        ["004 GET /api/v3/user/me: response field data.client_id"],
        id="a-field-only-in-an-example-deleted",
    ),
    pytest.param(
        ["004"],
        "kook/openapi.yaml",
        _delete(("paths", "/user/offline", "post"), "x-webhook-only"),
        ["004 POST /api/v3/user/offline: webhook-only"],
        id="webhook-only-dropped",
    ),
    pytest.param(
        ["004"],
        "kook/openapi.yaml",
        _set(
            ("components", "schemas", "User", "properties", "vip_avatar"),
            "description",
            "URL of the VIP user's avatar, possibly an animated GIF.",
        ),
        ["004 GET /api/v3/user/view: response field data.vip_avatar wording"],
        id="a-description-without-the-document-wording",
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _set(("paths", "/user/kick", "put"), "description", "Kicks a device offline."),
        ["003 PUT /user/kick: wording"],
        id="an-operation-description-without-the-document-wording",
    ),
    pytest.param(
        ["000"],
        "qqbot/asyncapi.yaml",
        _set(("components", "messages", "FriendDel"), "description", "A user deleted the bot."),
        ["000 event FRIEND_DEL: wording"],
        id="an-event-description-without-the-document-wording",
    ),
    pytest.param(
        ["004"],
        "kook/openapi.yaml",
        _set(("components", "schemas", "User", "properties", "joined_at"), "type", "string"),
        ["004 GET /api/v3/user/view: response field data.joined_at type integer"],
        id="a-response-field-retyped",
    ),
    pytest.param(
        ["000"],
        "qqbot/asyncapi.yaml",
        _set(("components", "schemas", "FriendDelData", "properties", "openid"), "type", "integer"),
        ["000 event FRIEND_DEL: field d.openid type string"],
        id="an-event-field-retyped",
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _set(("components", "parameters", "VibratoryValue", "schema"), "type", "string"),
        [
            "003 POST /user/vibratory: query parameter value type boolean",
            "003 PUT /user/vibratory: query parameter value type boolean",
        ],
        id="a-query-parameter-retyped",
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _set(("components", "schemas", "DevicePlatform"), "enum", [1, 2, 3, 4, 5]),
        ["003 GET /user/device/list: response field data[].platform enum 6"],
        id="an-enum-value-deleted",
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _set(("components", "parameters", "NoPushStartHour"), "in", "header"),
        [
            "003 POST /user/push/limit: query parameter no_push_start_hour",
            "003 PUT /user/push/limit: query parameter no_push_start_hour",
        ],
        id="a-query-parameter-moved-to-a-header",
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _set(("components", "parameters", "UnbindDeviceSn"), "name", "device_sn"),
        [
            "003 POST /user/token/unbind: query parameter deviceSn",
            "003 DELETE /user/token/unbind: query parameter deviceSn",
        ],
        id="a-parameter-respelled",
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _set(("components", "parameters", "NoPushEndHour", "schema"), "maximum", 24),
        [
            "003 POST /user/push/limit: query parameter no_push_end_hour range 0..23",
            "003 PUT /user/push/limit: query parameter no_push_end_hour range 0..23",
        ],
        id="a-range-widened",
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _set(("components", "parameters", "PageSize", "schema"), "default", 20),
        ["003 GET /user/list: query parameter page_size default 50"],
        id="a-default-changed",
    ),
    *(
        pytest.param(
            ["003"],
            "lanying/openapi.yaml",
            _public_info_body(media),
            [
                "003 POST /user/public: request body is a raw string sent as application/json",
                "003 PUT /user/public: request body is a raw string sent as application/json",
            ],
            id=case,
        )
        # without x-raw-text the string is JSON-encoded; the documented header is
        # application/json
        for media, case in (
            ("application/json", "a-raw-string-body-json-encoded"),
            ("text/plain", "a-raw-string-body-sent-as-text-plain"),
        )
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _delete(("paths", "/user/push/tag", "delete"), "requestBody"),
        [
            "003 DELETE /user/push/tag: request body is JSON",
            "003 DELETE /user/push/tag: request field tags",
            "003 DELETE /user/push/tag: request example",
        ],
        id="a-json-body-dropped",
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _delete(("paths", "/user/username"), "post"),
        [
            "003 POST+PUT /user/username: both methods, one canonical (x-alias-of)",
            "003 POST /user/username: operation",
        ],
        id="one-method-of-a-pair-deleted",
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _delete(("paths", "/user/avatar", "post"), "x-alias-of"),
        ["003 POST+PUT /user/avatar: both methods, one canonical (x-alias-of)"],
        id="an-alias-made-canonical",
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _delete(
            ("components", "responses", "UserProfileResult", "content", "application/json"),
            "example",
        ),
        ["003 GET /user/profile: response example"],
        id="a-response-example-deleted",
    ),
    pytest.param(
        ["003"],
        "lanying/openapi.yaml",
        _delete(("paths", "/user/kick", "put"), "x-source-document"),
        ["003 PUT /user/kick: x-source-document"],
        id="a-source-document-dropped",
    ),
    pytest.param(
        ["001", "002"],
        "qqbot/openapi.yaml",
        _delete(("paths", "/v2/groups/{group_openid}/members", "post"), "deprecated"),
        [
            "001 POST /v2/groups/{group_openid}/members: invite-only: x-invite-only and deprecated",
            "002 POST /v2/groups/{group_openid}/members: withdrawn in this revision: deprecated",
        ],
        id="the-invite-only-call-undeprecated",
    ),
    pytest.param(
        ["000"],
        "qqbot/asyncapi.yaml",
        _delete(("components", "schemas", "FriendAddData", "properties"), "openid"),
        ["000 event FRIEND_ADD: field d.openid"],
        id="an-event-field-deleted",
    ),
    pytest.param(
        ["001"],
        "qqbot/asyncapi.yaml",
        _delete(("components", "schemas", "GroupMsgRejectData", "properties"), "op_member_openid"),
        ["001 event GROUP_MSG_REJECT: field op_member_openid"],
        id="an-event-field-without-an-example-deleted",
    ),
    pytest.param(
        ["000"],
        "qqbot/asyncapi.yaml",
        _set((), "x-intents", {"GROUP_AND_C2C_EVENT": 24}),
        [
            f"000 event {t}: intent 1<<25"
            for t in ("FRIEND_ADD", "FRIEND_DEL", "C2C_MSG_REJECT", "C2C_MSG_RECEIVE")
        ],
        id="the-intent-bit-changed",
    ),
    pytest.param(
        ["002"],
        "qqbot/asyncapi.yaml",
        _set(
            ("components", "schemas", "GroupDelRobotEvent", "properties", "t"),
            "const",
            "GROUP_DEL_BOT",
        ),
        ["002 event GROUP_DEL_ROBOT: message"],
        id="an-event-type-renamed",
    ),
]


@pytest.mark.parametrize(("seeds", "rel", "mutate", "expected"), SPEC_CHANGES)
def test_a_spec_that_lacks_an_item_reports_exactly_that_item(
    tmp_path: Path,
    seeds: list[str],
    rel: str,
    mutate: Callable[[Any], None],
    expected: list[str],
) -> None:
    changed = spec_copy(tmp_path, rel, mutate)
    files = {
        prefix: [changed if name == rel else SPECS / name for name in SPECS_FOR_SEED[prefix]]
        for prefix in seeds
    }
    index = SpecIndex.of(files, known=real_index().specs)
    items = [item for prefix in seeds for item in seed_inventory(SEED[prefix]).items]
    already = {m.label for m in missing_items(items, real_index())}
    assert [m.label for m in missing_items(items, index) if m.label not in already] == expected


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        pytest.param({}, ["neither x-source-document nor x-external-source"], id="names-nothing"),
        pytest.param({"x-external-source": "public docs"}, [], id="from-outside"),
        pytest.param(
            {"x-source-document": "999_nothing.txt"},
            [f"x-source-document 999_nothing.txt is not a file in {SEEDS}"],
            id="names-no-file",
        ),
        pytest.param(
            {"x-source-document": SEED.get("003", "003")},
            [f"{SEED.get('003', '003')} does not document [('GET', '/api/v3/user/me')]"],
            id="names-a-seed-that-does-not-document-it",
        ),
        pytest.param({"x-source-document": [SEED.get("004", "004")]}, [], id="names-its-seed"),
    ],
)
def test_a_spec_item_must_name_a_seed_that_documents_it(
    obj: dict[str, Any], expected: list[str]
) -> None:
    inventories = {name: seed_inventory(name) for name in SEED_NAMES}
    item = SpecItem("GET /user/me", "operation", obj, frozenset({("GET", "/api/v3/user/me")}))
    assert provenance_problems(item, inventories) == expected
