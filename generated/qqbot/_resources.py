"""The API's operations, grouped by tag; each method is a thin call into the client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING

import httpx

from . import _endpoints
from ._base_client import NOT_GIVEN, NotGiven, to_async_raw_response, to_raw_response
from ._models import AppAccessToken, Gateway, GatewayBot, GroupMember, GroupMemberList

if TYPE_CHECKING:
    from ._base_client import AsyncApiClient, SyncApiClient

__all__ = [
    "AsyncAuthResource",
    "AsyncGatewayResource",
    "AsyncGroupsResource",
    "AuthResource",
    "GatewayResource",
    "GroupsResource",
]


class GroupsResource:
    """Group management and group members (群管理 / 群成员)."""

    def __init__(self, client: SyncApiClient) -> None:
        self._client = client
        self.with_raw_response = GroupsResourceWithRawResponse(self)

    def list_members(
        self,
        *,
        group_openid: str,
        limit: int | None = None,
        start_index: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> GroupMemberList:
        """
        List the members of a group

        Gets the list of group member openids (获取群内成员列表 — 获取群成员 openid 列
        表).

        Paged by cursor: pass `start_index` 0 for the first page, then the `next_index`
        returned by the previous page.

        Error codes (错误码): 0 = ok.

        Returns one page; `iter_members()` walks every page.

        Invite-only: open to invited bots only and no longer publicly documented.

        Args:
            group_openid: The group chat's openid (群聊的 openid).
            limit: Maximum number of members per page, 1-500 (每页限制数量 1-500).
            start_index: Paging cursor: 0 for the first page, afterwards the
                `next_index` returned by the previous page (首页输入 0，后续填入返回参数
                的 next_index).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.LIST_MEMBERS,
            {
                "group_openid": group_openid,
                "limit": limit,
                "start_index": start_index,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def iter_members(
        self,
        *,
        group_openid: str,
        limit: int | None = None,
        start_index: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> Iterator[GroupMember]:
        """
        Every item of `list_members`, page after page; pages are fetched as the
        iteration reaches them.

        Gets the list of group member openids (获取群内成员列表 — 获取群成员 openid 列
        表).

        Paged by cursor: pass `start_index` 0 for the first page, then the `next_index`
        returned by the previous page.

        Error codes (错误码): 0 = ok.

        Invite-only: open to invited bots only and no longer publicly documented.

        Args:
            group_openid: The group chat's openid (群聊的 openid).
            limit: Maximum number of members per page, 1-500 (每页限制数量 1-500).
            start_index: Paging cursor: 0 for the first page, afterwards the
                `next_index` returned by the previous page (首页输入 0，后续填入返回参数
                的 next_index).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.paginate(
            _endpoints.LIST_MEMBERS,
            {
                "group_openid": group_openid,
                "limit": limit,
                "start_index": start_index,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )


class GroupsResourceWithRawResponse:
    """
    `GroupsResource` methods answering a `RawResponse` (status, headers, bytes,
    `.parse()`).
    """

    def __init__(self, resource: GroupsResource) -> None:
        self.list_members = to_raw_response(resource.list_members)


class AsyncGroupsResource:
    """Group management and group members (群管理 / 群成员)."""

    def __init__(self, client: AsyncApiClient) -> None:
        self._client = client
        self.with_raw_response = AsyncGroupsResourceWithRawResponse(self)

    async def list_members(
        self,
        *,
        group_openid: str,
        limit: int | None = None,
        start_index: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> GroupMemberList:
        """
        List the members of a group

        Gets the list of group member openids (获取群内成员列表 — 获取群成员 openid 列
        表).

        Paged by cursor: pass `start_index` 0 for the first page, then the `next_index`
        returned by the previous page.

        Error codes (错误码): 0 = ok.

        Returns one page; `iter_members()` walks every page.

        Invite-only: open to invited bots only and no longer publicly documented.

        Args:
            group_openid: The group chat's openid (群聊的 openid).
            limit: Maximum number of members per page, 1-500 (每页限制数量 1-500).
            start_index: Paging cursor: 0 for the first page, afterwards the
                `next_index` returned by the previous page (首页输入 0，后续填入返回参数
                的 next_index).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.LIST_MEMBERS,
            {
                "group_openid": group_openid,
                "limit": limit,
                "start_index": start_index,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def iter_members(
        self,
        *,
        group_openid: str,
        limit: int | None = None,
        start_index: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> AsyncIterator[GroupMember]:
        """
        Every item of `list_members`, page after page; pages are fetched as the
        iteration reaches them.

        Gets the list of group member openids (获取群内成员列表 — 获取群成员 openid 列
        表).

        Paged by cursor: pass `start_index` 0 for the first page, then the `next_index`
        returned by the previous page.

        Error codes (错误码): 0 = ok.

        Invite-only: open to invited bots only and no longer publicly documented.

        Args:
            group_openid: The group chat's openid (群聊的 openid).
            limit: Maximum number of members per page, 1-500 (每页限制数量 1-500).
            start_index: Paging cursor: 0 for the first page, afterwards the
                `next_index` returned by the previous page (首页输入 0，后续填入返回参数
                的 next_index).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.paginate(
            _endpoints.LIST_MEMBERS,
            {
                "group_openid": group_openid,
                "limit": limit,
                "start_index": start_index,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )


class AsyncGroupsResourceWithRawResponse:
    """
    `AsyncGroupsResource` methods answering a `RawResponse` (status, headers, bytes,
    `.parse()`).
    """

    def __init__(self, resource: AsyncGroupsResource) -> None:
        self.list_members = to_async_raw_response(resource.list_members)


class GatewayResource:
    """WebSocket gateway address lookup (WSS 接入点)."""

    def __init__(self, client: SyncApiClient) -> None:
        self._client = client
        self.with_raw_response = GatewayResourceWithRawResponse(self)

    def get_gateway(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> Gateway:
        """
        Get the WebSocket gateway address

        Returns an address for connecting to the WebSocket gateway (获取通用 WSS 接入
        点).

        Args:
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.GET_GATEWAY,
            {},
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def get_gateway_bot(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> GatewayBot:
        """
        Get the WebSocket gateway address with sharding information

        Returns an address for connecting to the WebSocket gateway, together with the
        recommended number of shards and the current session-start (connection) usage
        (获取带分片 WSS 接入点).

        Args:
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.GET_GATEWAY_BOT,
            {},
            extra_headers=extra_headers,
            timeout=timeout,
        )


class GatewayResourceWithRawResponse:
    """
    `GatewayResource` methods answering a `RawResponse` (status, headers, bytes,
    `.parse()`).
    """

    def __init__(self, resource: GatewayResource) -> None:
        self.get_gateway = to_raw_response(resource.get_gateway)
        self.get_gateway_bot = to_raw_response(resource.get_gateway_bot)


class AsyncGatewayResource:
    """WebSocket gateway address lookup (WSS 接入点)."""

    def __init__(self, client: AsyncApiClient) -> None:
        self._client = client
        self.with_raw_response = AsyncGatewayResourceWithRawResponse(self)

    async def get_gateway(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> Gateway:
        """
        Get the WebSocket gateway address

        Returns an address for connecting to the WebSocket gateway (获取通用 WSS 接入
        点).

        Args:
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.GET_GATEWAY,
            {},
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def get_gateway_bot(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> GatewayBot:
        """
        Get the WebSocket gateway address with sharding information

        Returns an address for connecting to the WebSocket gateway, together with the
        recommended number of shards and the current session-start (connection) usage
        (获取带分片 WSS 接入点).

        Args:
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.GET_GATEWAY_BOT,
            {},
            extra_headers=extra_headers,
            timeout=timeout,
        )


class AsyncGatewayResourceWithRawResponse:
    """
    `AsyncGatewayResource` methods answering a `RawResponse` (status, headers, bytes,
    `.parse()`).
    """

    def __init__(self, resource: AsyncGatewayResource) -> None:
        self.get_gateway = to_async_raw_response(resource.get_gateway)
        self.get_gateway_bot = to_async_raw_response(resource.get_gateway_bot)


class AuthResource:
    """Obtaining the app access token (获取调用凭证)."""

    def __init__(self, client: SyncApiClient) -> None:
        self._client = client
        self.with_raw_response = AuthResourceWithRawResponse(self)

    def get_app_access_token(
        self,
        *,
        app_id: str,
        client_secret: str,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> AppAccessToken:
        """
        Get the app access token

        Exchanges the bot's AppID and client secret for an access token (获取调用凭证).
        The token is sent on every OpenAPI call as `Authorization: QQBot
        {access_token}`.

        The access_token lifetime is 7200 seconds by default; a call does not refresh an
        unexpired token, so the developer must fetch a new one after it expires. When
        called within 60 seconds before the current token expires, a new access_token is
        returned and the old one stays valid for those 60 seconds.

        Error codes (错误码): 0 = ok.

        Args:
            app_id: The bot's AppID, obtained from the open platform management console
                (在开放平台管理端上获得). Sent as `appId`.
            client_secret: The bot's client secret (AppSecret), obtained from the open
                platform management console (在开放平台管理端上获得). Sent as
                `clientSecret`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.GET_APP_ACCESS_TOKEN,
            {
                "app_id": app_id,
                "client_secret": client_secret,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )


class AuthResourceWithRawResponse:
    """
    `AuthResource` methods answering a `RawResponse` (status, headers, bytes,
    `.parse()`).
    """

    def __init__(self, resource: AuthResource) -> None:
        self.get_app_access_token = to_raw_response(resource.get_app_access_token)


class AsyncAuthResource:
    """Obtaining the app access token (获取调用凭证)."""

    def __init__(self, client: AsyncApiClient) -> None:
        self._client = client
        self.with_raw_response = AsyncAuthResourceWithRawResponse(self)

    async def get_app_access_token(
        self,
        *,
        app_id: str,
        client_secret: str,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> AppAccessToken:
        """
        Get the app access token

        Exchanges the bot's AppID and client secret for an access token (获取调用凭证).
        The token is sent on every OpenAPI call as `Authorization: QQBot
        {access_token}`.

        The access_token lifetime is 7200 seconds by default; a call does not refresh an
        unexpired token, so the developer must fetch a new one after it expires. When
        called within 60 seconds before the current token expires, a new access_token is
        returned and the old one stays valid for those 60 seconds.

        Error codes (错误码): 0 = ok.

        Args:
            app_id: The bot's AppID, obtained from the open platform management console
                (在开放平台管理端上获得). Sent as `appId`.
            client_secret: The bot's client secret (AppSecret), obtained from the open
                platform management console (在开放平台管理端上获得). Sent as
                `clientSecret`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.GET_APP_ACCESS_TOKEN,
            {
                "app_id": app_id,
                "client_secret": client_secret,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )


class AsyncAuthResourceWithRawResponse:
    """
    `AsyncAuthResource` methods answering a `RawResponse` (status, headers, bytes,
    `.parse()`).
    """

    def __init__(self, resource: AsyncAuthResource) -> None:
        self.get_app_access_token = to_async_raw_response(resource.get_app_access_token)
