"""The API's operations, grouped by tag; each method is a thin call into the client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from . import _endpoints
from ._base_client import NOT_GIVEN, NotGiven, to_async_raw_response, to_raw_response
from ._models import CurrentUser, OnlineStatus, User

if TYPE_CHECKING:
    from ._base_client import AsyncApiClient, SyncApiClient

__all__ = [
    "AsyncUserResource",
    "UserResource",
]


class UserResource:
    """User-related endpoints (用户相关接口)."""

    def __init__(self, client: SyncApiClient) -> None:
        self._client = client
        self.with_raw_response = UserResourceWithRawResponse(self)

    def me(
        self,
        *,
        accept_language: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> CurrentUser:
        """
        Get the current user's information

        Get the information of the currently logged-in user, i.e. the bot itself (获取当
        前登录的用户的信息). Takes no parameters.

        Args:
            accept_language: Language for error messages and prompts, e.g. `en-us`. If
                the language is supported, the `message` field is returned in it;
                otherwise the default `zh-cn` is used. Sent as `Accept-Language`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.ME,
            {
                "accept_language": accept_language,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def view(
        self,
        *,
        user_id: str,
        guild_id: str | None = None,
        accept_language: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> User:
        """
        Get a target user's information

        Get the information of a target user (获取目标用户信息), optionally in the
        context of a server (guild): with `guild_id` the response also carries the
        user's nickname, roles, join time and active time in that server.

        Args:
            user_id: ID of the user to look up.
            guild_id: Server (guild) ID (服务器 id). When given, the response includes
                the user's server-specific fields (nickname, roles, joined_at,
                active_time).
            accept_language: Language for error messages and prompts, e.g. `en-us`. If
                the language is supported, the `message` field is returned in it;
                otherwise the default `zh-cn` is used. Sent as `Accept-Language`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.VIEW,
            {
                "user_id": user_id,
                "guild_id": guild_id,
                "accept_language": accept_language,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def offline(
        self,
        *,
        accept_language: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> dict[str, Any]:
        """
        Take the bot offline

        Take the bot offline (下线机器人); only for bots connected through a webhook (仅
        限webhook使用). For a bot connected through WebSocket, disconnecting the
        WebSocket counts as going offline (websocket断开即视为下线). Takes no
        parameters; `data` is an empty object.

        Only for bots connected through webhook.

        Args:
            accept_language: Language for error messages and prompts, e.g. `en-us`. If
                the language is supported, the `message` field is returned in it;
                otherwise the default `zh-cn` is used. Sent as `Accept-Language`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.OFFLINE,
            {
                "accept_language": accept_language,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def online(
        self,
        *,
        accept_language: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> dict[str, Any]:
        """
        Bring the bot online

        Bring the bot online (上线机器人); only for bots connected through a webhook (仅
        限webhook使用). For a bot connected through WebSocket, connecting directly to
        the signalling server counts as going online (websocket直接连上信令服务器即视为
        上线). Note (注意): the allowed call frequency of this endpoint is low; it only
        exists so developers can bring a bot online without going through the web UI.
        When the bot has been taken offline because of too many errors, investigate the
        problem first rather than simply calling this endpoint (该接口的允许调用频率较
        低,仅用于允许开发者不经过界面上线机器人。当出现过多错误下线时，请尽量先排查问题
        再上线，而不是直接调用该接口。). Takes no parameters; `data` is an empty object.

        Only for bots connected through webhook.

        Args:
            accept_language: Language for error messages and prompts, e.g. `en-us`. If
                the language is supported, the `message` field is returned in it;
                otherwise the default `zh-cn` is used. Sent as `Accept-Language`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.ONLINE,
            {
                "accept_language": accept_language,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def get_online_status(
        self,
        *,
        accept_language: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> OnlineStatus:
        """
        Get the bot's online status

        Get the bot's online status (获取机器人在线状态); can be used to make sure the
        bot stays online (可以用来保证机器人在线). Takes no parameters.

        Args:
            accept_language: Language for error messages and prompts, e.g. `en-us`. If
                the language is supported, the `message` field is returned in it;
                otherwise the default `zh-cn` is used. Sent as `Accept-Language`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.GET_ONLINE_STATUS,
            {
                "accept_language": accept_language,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )


class UserResourceWithRawResponse:
    """
    `UserResource` methods answering a `RawResponse` (status, headers, bytes,
    `.parse()`).
    """

    def __init__(self, resource: UserResource) -> None:
        self.me = to_raw_response(resource.me)
        self.view = to_raw_response(resource.view)
        self.offline = to_raw_response(resource.offline)
        self.online = to_raw_response(resource.online)
        self.get_online_status = to_raw_response(resource.get_online_status)


class AsyncUserResource:
    """User-related endpoints (用户相关接口)."""

    def __init__(self, client: AsyncApiClient) -> None:
        self._client = client
        self.with_raw_response = AsyncUserResourceWithRawResponse(self)

    async def me(
        self,
        *,
        accept_language: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> CurrentUser:
        """
        Get the current user's information

        Get the information of the currently logged-in user, i.e. the bot itself (获取当
        前登录的用户的信息). Takes no parameters.

        Args:
            accept_language: Language for error messages and prompts, e.g. `en-us`. If
                the language is supported, the `message` field is returned in it;
                otherwise the default `zh-cn` is used. Sent as `Accept-Language`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.ME,
            {
                "accept_language": accept_language,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def view(
        self,
        *,
        user_id: str,
        guild_id: str | None = None,
        accept_language: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> User:
        """
        Get a target user's information

        Get the information of a target user (获取目标用户信息), optionally in the
        context of a server (guild): with `guild_id` the response also carries the
        user's nickname, roles, join time and active time in that server.

        Args:
            user_id: ID of the user to look up.
            guild_id: Server (guild) ID (服务器 id). When given, the response includes
                the user's server-specific fields (nickname, roles, joined_at,
                active_time).
            accept_language: Language for error messages and prompts, e.g. `en-us`. If
                the language is supported, the `message` field is returned in it;
                otherwise the default `zh-cn` is used. Sent as `Accept-Language`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.VIEW,
            {
                "user_id": user_id,
                "guild_id": guild_id,
                "accept_language": accept_language,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def offline(
        self,
        *,
        accept_language: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> dict[str, Any]:
        """
        Take the bot offline

        Take the bot offline (下线机器人); only for bots connected through a webhook (仅
        限webhook使用). For a bot connected through WebSocket, disconnecting the
        WebSocket counts as going offline (websocket断开即视为下线). Takes no
        parameters; `data` is an empty object.

        Only for bots connected through webhook.

        Args:
            accept_language: Language for error messages and prompts, e.g. `en-us`. If
                the language is supported, the `message` field is returned in it;
                otherwise the default `zh-cn` is used. Sent as `Accept-Language`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.OFFLINE,
            {
                "accept_language": accept_language,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def online(
        self,
        *,
        accept_language: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> dict[str, Any]:
        """
        Bring the bot online

        Bring the bot online (上线机器人); only for bots connected through a webhook (仅
        限webhook使用). For a bot connected through WebSocket, connecting directly to
        the signalling server counts as going online (websocket直接连上信令服务器即视为
        上线). Note (注意): the allowed call frequency of this endpoint is low; it only
        exists so developers can bring a bot online without going through the web UI.
        When the bot has been taken offline because of too many errors, investigate the
        problem first rather than simply calling this endpoint (该接口的允许调用频率较
        低,仅用于允许开发者不经过界面上线机器人。当出现过多错误下线时，请尽量先排查问题
        再上线，而不是直接调用该接口。). Takes no parameters; `data` is an empty object.

        Only for bots connected through webhook.

        Args:
            accept_language: Language for error messages and prompts, e.g. `en-us`. If
                the language is supported, the `message` field is returned in it;
                otherwise the default `zh-cn` is used. Sent as `Accept-Language`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.ONLINE,
            {
                "accept_language": accept_language,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def get_online_status(
        self,
        *,
        accept_language: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> OnlineStatus:
        """
        Get the bot's online status

        Get the bot's online status (获取机器人在线状态); can be used to make sure the
        bot stays online (可以用来保证机器人在线). Takes no parameters.

        Args:
            accept_language: Language for error messages and prompts, e.g. `en-us`. If
                the language is supported, the `message` field is returned in it;
                otherwise the default `zh-cn` is used. Sent as `Accept-Language`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.GET_ONLINE_STATUS,
            {
                "accept_language": accept_language,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )


class AsyncUserResourceWithRawResponse:
    """
    `AsyncUserResource` methods answering a `RawResponse` (status, headers, bytes,
    `.parse()`).
    """

    def __init__(self, resource: AsyncUserResource) -> None:
        self.me = to_async_raw_response(resource.me)
        self.view = to_async_raw_response(resource.view)
        self.offline = to_async_raw_response(resource.offline)
        self.online = to_async_raw_response(resource.online)
        self.get_online_status = to_async_raw_response(resource.get_online_status)
