"""Iterators over every page, sync and async, following each spec's `x-pagination`,
against `botspec mock` serving collections set through /__botspec__/collections; last, a
property test: for any collection size and page size hypothesis draws, every paging style
hands over each item once, in order, with no request past the last page."""

from __future__ import annotations

import asyncio
import json
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
from gen_support import RecordingServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mockserver import MockServer

Mode = str  # "sync" | "async"


def collect(
    module: ModuleType, kwargs: dict[str, Any], mode: Mode, walk: Callable[[Any], Any]
) -> list[Any]:
    """Every item `walk(client)` iterates over, with the sync or the async client."""
    if mode == "sync":
        with module.Client(**kwargs) as client:
            iterator: Iterator[Any] = walk(client)
            return list(iterator)

    async def run() -> list[Any]:
        async with module.AsyncClient(**kwargs) as client:
            iterator: AsyncIterator[Any] = walk(client)
            return [item async for item in iterator]

    return asyncio.run(run())


def lanying_kwargs(server: MockServer) -> dict[str, Any]:
    return {"access_token": "t", "app_id": "1", "base_url": server.url}


def users(n: int) -> list[dict[str, Any]]:
    return [{"user_id": 1000 + i, "username": f"user{i}", "status": 0} for i in range(n)]


# -- Lanying /user/list: page numbers until a short or empty page --------------------


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize(("total", "pages"), [(7, 3), (6, 3), (2, 2), (0, 1)])
def test_lanying_users_are_paged_until_a_page_shorter_than_the_longest_or_an_empty_one(
    lanying: ModuleType, lanying_mock: MockServer, mode: Mode, total: int, pages: int
) -> None:
    lanying_mock.collection("listUsers", users(total))
    items = collect(
        lanying, lanying_kwargs(lanying_mock), mode, lambda c: c.user.iter_users(page_size=3)
    )
    assert [u.user_id for u in items] == [1000 + i for i in range(total)]
    assert all(isinstance(u, lanying.UserListItem) for u in items)
    sent = lanying_mock.requests("listUsers")
    assert len(sent) == pages
    assert [dict(r["query"]) for r in sent] == [
        {"page_size": "3"} if page == 1 else {"page_num": str(page), "page_size": "3"}
        for page in range(1, pages + 1)
    ]


def test_lanying_users_start_at_the_given_page(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    lanying_mock.collection("listUsers", users(5))
    items = collect(
        lanying,
        lanying_kwargs(lanying_mock),
        "sync",
        lambda c: c.user.iter_users(page_num=2, page_size=2),
    )
    assert [u.user_id for u in items] == [1002, 1003, 1004]
    assert [dict(r["query"])["page_num"] for r in lanying_mock.requests()] == ["2", "3"]


def test_lanying_users_without_page_size_stop_after_an_empty_page(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    lanying_mock.collection("listUsers", users(4))  # the mock serves them all on page 1
    items = collect(lanying, lanying_kwargs(lanying_mock), "sync", lambda c: c.user.iter_users())
    assert len(items) == 4
    assert len(lanying_mock.requests("listUsers")) == 2


def test_iteration_fetches_pages_only_as_they_are_reached(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    lanying_mock.collection("listUsers", users(9))
    with lanying.Client(**lanying_kwargs(lanying_mock)) as client:
        iterator = client.user.iter_users(page_size=3)
        assert lanying_mock.requests() == []
        assert next(iterator).user_id == 1000
        assert len(lanying_mock.requests()) == 1
        assert [next(iterator).user_id for _ in range(3)] == [1001, 1002, 1003]
        assert len(lanying_mock.requests()) == 2


def test_error_on_a_later_page_raises_from_the_iterator(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    lanying_mock.collection("listUsers", users(6))
    seen: list[int] = []
    with lanying.Client(**lanying_kwargs(lanying_mock), max_retries=0) as client:
        iterator = client.user.iter_users(page_size=3)
        seen += [next(iterator).user_id for _ in range(3)]
        lanying_mock.fault(operation="listUsers", envelope_code=50000, message="page lost")
        with pytest.raises(lanying.ApiError, match="page lost"):
            next(iterator)
    assert seen == [1000, 1001, 1002]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_pages_a_server_cuts_below_the_size_asked_for_are_all_walked(
    lanying: ModuleType, mode: Mode
) -> None:
    """The server answers 2 items a page whatever page_size asks; 7 items in all."""
    everyone = users(7)
    with RecordingServer() as server:
        for start in range(0, 8, 2):
            server.reply({"code": 200, "message": "ok", "data": everyone[start : start + 2]})
        kwargs = {"access_token": "t", "app_id": "1", "base_url": server.url}
        items = collect(lanying, kwargs, mode, lambda c: c.user.iter_users(page_size=10))
        pages = [r.query.get("page_num", ["1"]) for r in server.requests]
    assert [u.user_id for u in items] == [1000 + i for i in range(7)]
    assert pages == [["1"], ["2"], ["3"], ["4"]]  # the 4th, of one item, is the last


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("cursor", [101, {"at": 1}, ["1"]])
def test_a_next_cursor_of_another_type_than_the_spec_says_is_a_decode_error(
    lanying: ModuleType, mode: Mode, cursor: Any
) -> None:
    """The server's answer is at fault, not an argument of the caller's."""
    device = {"device_sn": 1, "platform": 2, "user_id": 7}
    with RecordingServer() as server:
        server.reply({"code": 200, "message": "ok", "data": [device], "cursor": cursor})
        kwargs = {"access_token": "t", "app_id": "1", "base_url": server.url}
        seen: list[Any] = []
        with pytest.raises(lanying.DecodeError) as info:
            collect(lanying, kwargs, mode, lambda c: tracked(c.user.iter_devices(), seen))
        assert len(server.requests) == 1
    assert [d.device_sn for d in seen] == [1]
    assert str(info.value).startswith(
        "user.iter_devices(): cannot decode the response: its next cursor is no cursor to send:"
    )
    assert info.value.response.json()["cursor"] == cursor


def tracked(items: Any, seen: list[Any]) -> Any:
    """`items` (an iterator or async iterator), each noted in `seen` as it is handed over."""
    if hasattr(items, "__aiter__"):

        async def walk() -> Any:
            async for item in items:
                seen.append(item)
                yield item

        return walk()
    return (seen.append(item) or item for item in items)


# -- Lanying /user/device/list: a cursor until it is absent --------------------------


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_lanying_devices_follow_the_cursor_until_it_is_absent(
    lanying: ModuleType, lanying_mock: MockServer, mode: Mode
) -> None:
    devices = [
        {"device_sn": i, "platform": 2, "user_agent": f"ua{i}", "user_id": 7} for i in range(4)
    ]
    lanying_mock.collection("listDevices", devices)
    items = collect(lanying, lanying_kwargs(lanying_mock), mode, lambda c: c.user.iter_devices())
    assert [d.device_sn for d in items] == [0, 1, 2, 3]
    assert all(isinstance(d, lanying.Device) for d in items)
    # the mock pages as the spec's example does (one device a page), cursor "1", "2", ...
    assert [r["query"] for r in lanying_mock.requests("listDevices")] == [
        [],
        [["cursor", "1"]],
        [["cursor", "2"]],
        [["cursor", "3"]],
    ]


def test_lanying_devices_single_page_without_cursor(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    items = collect(lanying, lanying_kwargs(lanying_mock), "sync", lambda c: c.user.iter_devices())
    assert [d.device_sn for d in items] == [1]  # the spec's example
    assert len(lanying_mock.requests("listDevices")) == 1


# -- QQ group members: start_index -> next_index --------------------------------------


def qq_kwargs(server: MockServer) -> dict[str, Any]:
    return {
        "app_id": "1",
        "client_secret": "s",
        "base_url": server.url,
        "token_url": server.url + "/app/getAppAccessToken",
    }


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_qqbot_members_follow_next_index(
    qqbot: ModuleType, qqbot_mock: MockServer, mode: Mode
) -> None:
    members = [{"member_openid": f"M{i}", "join_timestamp": 1699240000 + i} for i in range(5)]
    qqbot_mock.collection("listMembers", members)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        items = collect(
            qqbot,
            qq_kwargs(qqbot_mock),
            mode,
            lambda c: c.groups.iter_members(group_openid="G", limit=2),
        )
    assert [m.member_openid for m in items] == ["M0", "M1", "M2", "M3", "M4"]
    assert all(isinstance(m, qqbot.GroupMember) for m in items)
    bodies = [json.loads(r["body"]) for r in qqbot_mock.requests("listMembers")]
    assert bodies == [{"limit": 2}, {"limit": 2, "start_index": 2}, {"limit": 2, "start_index": 4}]
    assert len(qqbot_mock.requests("getAppAccessToken")) == 1


# -- KOOK's page / page_size / meta.page_total, with a spec of our own -----------------


def guilds(n: int) -> list[dict[str, str]]:
    return [{"id": f"g{i}", "name": f"guild {i}"} for i in range(n)]


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_kook_style_list_stops_at_page_total(
    lists_api: ModuleType, lists_mock: MockServer, mode: Mode
) -> None:
    lists_mock.collection("listGuilds", guilds(6))
    kwargs = {"token": "t", "base_url": lists_mock.url + "/api/v3"}
    items = collect(lists_api, kwargs, mode, lambda c: c.guild.iter_guilds(page_size=2))
    assert [g.id for g in items] == [f"g{i}" for i in range(6)]
    assert all(isinstance(g, lists_api.Guild) for g in items)
    # three full pages and page_total 3: no fourth request (a short-page rule would make one)
    pages = [dict(r["query"]).get("page", "1") for r in lists_mock.requests("listGuilds")]
    assert pages == ["1", "2", "3"]


def test_kook_style_list_with_paging_in_the_post_body(
    lists_api: ModuleType, lists_mock: MockServer
) -> None:
    lists_mock.collection("searchGuilds", guilds(3))
    kwargs = {"token": "t", "base_url": lists_mock.url}
    items = collect(
        lists_api,
        kwargs,
        "sync",
        lambda c: c.guild.iter_search_guilds(keyword="guild", page_size=2),
    )
    assert [g.id for g in items] == ["g0", "g1", "g2"]
    bodies = [json.loads(r["body"]) for r in lists_mock.requests("searchGuilds")]
    assert bodies == [
        {"keyword": "guild", "page_size": 2},
        {"keyword": "guild", "page_size": 2, "page": 2},
    ]


def test_kook_style_list_single_call_returns_the_typed_page(
    lists_api: ModuleType, lists_mock: MockServer
) -> None:
    lists_mock.collection("listGuilds", guilds(3))
    with lists_api.Client(token="t", base_url=lists_mock.url) as client:
        page = client.guild.list_guilds(page=2, page_size=2)
    assert [g.id for g in page.items] == ["g2"]
    assert page.meta.page_total == 2


# -- any collection, any page size: every item once, in order --------------------------


@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    total=st.integers(0, 25),
    page_size=st.integers(1, 7),
    mode=st.sampled_from(["sync", "async"]),
)
def test_every_paging_style_hands_over_each_item_once_in_order(
    lanying: ModuleType,
    lanying_mock: MockServer,
    qqbot: ModuleType,
    qqbot_mock: MockServer,
    lists_api: ModuleType,
    lists_mock: MockServer,
    total: int,
    page_size: int,
    mode: Mode,
) -> None:
    lanying_mock.reset()
    lanying_mock.collection("listUsers", users(total))
    got = collect(
        lanying,
        lanying_kwargs(lanying_mock),
        mode,
        lambda c: c.user.iter_users(page_size=page_size),
    )
    assert [u.user_id for u in got] == [1000 + i for i in range(total)]  # page numbers
    # full pages, then the short (or empty) one that ends them; a short first page is
    # followed by an empty one (it could be a page the server cut short)
    short_first = 0 < total < page_size
    assert len(lanying_mock.requests("listUsers")) == total // page_size + 1 + short_first

    devices = [{"device_sn": i, "platform": 2, "user_id": 7} for i in range(total)]
    lanying_mock.collection("listDevices", devices)
    got = collect(lanying, lanying_kwargs(lanying_mock), mode, lambda c: c.user.iter_devices())
    assert [d.device_sn for d in got] == list(range(total))  # cursor

    qqbot_mock.reset()
    members = [{"member_openid": f"M{i}", "join_timestamp": i} for i in range(total)]
    qqbot_mock.collection("listMembers", members)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        got = collect(
            qqbot,
            qq_kwargs(qqbot_mock),
            mode,
            lambda c: c.groups.iter_members(group_openid="G", limit=page_size),
        )
    assert [m.member_openid for m in got] == [f"M{i}" for i in range(total)]  # next index

    lists_mock.reset()
    lists_mock.collection("listGuilds", guilds(total))
    kwargs = {"token": "t", "base_url": lists_mock.url + "/api/v3"}
    got = collect(lists_api, kwargs, mode, lambda c: c.guild.iter_guilds(page_size=page_size))
    assert [g.id for g in got] == [f"g{i}" for i in range(total)]  # page total
    pages = max(1, -(-total // page_size))
    assert len(lists_mock.requests("listGuilds")) == pages
