"""`Client` and `AsyncClient`: credentials, connection settings and the API's resources."""

from __future__ import annotations

from types import TracebackType
from typing import Annotated, Any, Self

import httpx
from pydantic import Field

from ._base_client import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ApiConfig,
    AsyncApiClient,
    Authentication,
    Endpoint,
    Envelope,
    SyncApiClient,
    check_credential,
    check_header_credential,
    client_header,
)
from ._resources import AsyncUserResource, UserResource

__all__ = ["AsyncClient", "AsyncClientWithRawResponse", "Client", "ClientWithRawResponse"]


_CONFIG = ApiConfig(
    user_agent="lanying/2023-01-31 (botspec; python-httpx)",
    envelope=Envelope(
        code="code",
        message="message",
        data="data",
        success=frozenset([200]),
    ),
    error_fields=("code", "message"),
)


class Client(SyncApiClient):
    """
    Lanying IM server API: user operations (蓝莺IM 服务端API 用户操作) client.

    Args:
        access_token: Token (令牌); an app admin token or a user token, generated on the
            console's Token management (Token管理) page.
        app_id: App ID (应用ID), shown on the app info (应用信息) page of the console.
        base_url: The API's base URL, `{api_endpoint}`. `{api_endpoint}`: The app's own
            API endpoint (api_endpoint). It is per app and shown on the "应用信息" (app
            info) page of the Lanying console; the default is only a placeholder.
        user_id: Only when access-token is an admin token: call this API as the user
            with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用户ID
            的身份来调用此接口). Sent on every call.
        group_id: Only when access-token is an admin token: call this API as an admin of
            the group with this ID (仅当access-token为管理员token时,可以设置此字段,表示
            以此群ID的管理员身份来调用此接口). Sent on every call.
        timeout: Seconds (or an httpx.Timeout: its longest limit) before a call is
            abandoned, its retries and waits included; None never abandons it. A
            method's `timeout=` overrides it for that call.
        max_retries: How often a failed request is retried.
        http_client: An httpx client to send requests with, e.g. with your own proxies.
        transport: An httpx transport for the client this one creates; not with
            http_client.
    """

    _config = _CONFIG
    user: UserResource

    def __init__(
        self,
        *,
        access_token: str,
        app_id: str,
        base_url: str,
        user_id: int | None = None,
        group_id: int | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        check_credential("access_token", access_token)
        check_credential("app_id", app_id)
        check_header_credential("access_token", access_token)
        check_header_credential("app_id", app_id)
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers={
                "user_id": client_header(
                    "user_id", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)], user_id
                ),
                "group_id": client_header(
                    "group_id", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)], group_id
                ),
            },
            http_client=http_client,
            transport=transport,
        )
        self._static_auth = {
            "access-token": access_token,
            "app_id": app_id,
        }
        self.user = UserResource(self)
        self.with_raw_response = ClientWithRawResponse(self)

    def _auth_headers(self, endpoint: Endpoint[Any], timeout: Any) -> Authentication:
        if not endpoint.authenticated:
            return {}, None
        headers = {
            "access-token": self._static_auth["access-token"],
            "app_id": self._static_auth["app_id"],
        }
        return headers, None

    def __enter__(self) -> Self:
        self._enter_with("with")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class ClientWithRawResponse:
    """The resources of a `Client`, their methods answering `RawResponse`."""

    def __init__(self, client: Client) -> None:
        self.user = client.user.with_raw_response


class AsyncClient(AsyncApiClient):
    """
    Lanying IM server API: user operations (蓝莺IM 服务端API 用户操作) asynchronous
    client.

    Args:
        access_token: Token (令牌); an app admin token or a user token, generated on the
            console's Token management (Token管理) page.
        app_id: App ID (应用ID), shown on the app info (应用信息) page of the console.
        base_url: The API's base URL, `{api_endpoint}`. `{api_endpoint}`: The app's own
            API endpoint (api_endpoint). It is per app and shown on the "应用信息" (app
            info) page of the Lanying console; the default is only a placeholder.
        user_id: Only when access-token is an admin token: call this API as the user
            with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用户ID
            的身份来调用此接口). Sent on every call.
        group_id: Only when access-token is an admin token: call this API as an admin of
            the group with this ID (仅当access-token为管理员token时,可以设置此字段,表示
            以此群ID的管理员身份来调用此接口). Sent on every call.
        timeout: Seconds (or an httpx.Timeout: its longest limit) before a call is
            abandoned, its retries and waits included; None never abandons it. A
            method's `timeout=` overrides it for that call.
        max_retries: How often a failed request is retried.
        http_client: An httpx client to send requests with, e.g. with your own proxies.
        transport: An httpx transport for the client this one creates; not with
            http_client.
    """

    _config = _CONFIG
    user: AsyncUserResource

    def __init__(
        self,
        *,
        access_token: str,
        app_id: str,
        base_url: str,
        user_id: int | None = None,
        group_id: int | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        check_credential("access_token", access_token)
        check_credential("app_id", app_id)
        check_header_credential("access_token", access_token)
        check_header_credential("app_id", app_id)
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers={
                "user_id": client_header(
                    "user_id", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)], user_id
                ),
                "group_id": client_header(
                    "group_id", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)], group_id
                ),
            },
            http_client=http_client,
            transport=transport,
        )
        self._static_auth = {
            "access-token": access_token,
            "app_id": app_id,
        }
        self.user = AsyncUserResource(self)
        self.with_raw_response = AsyncClientWithRawResponse(self)

    async def _auth_headers(self, endpoint: Endpoint[Any], timeout: Any) -> Authentication:
        if not endpoint.authenticated:
            return {}, None
        headers = {
            "access-token": self._static_auth["access-token"],
            "app_id": self._static_auth["app_id"],
        }
        return headers, None

    async def __aenter__(self) -> Self:
        self._enter_with("async with")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()


class AsyncClientWithRawResponse:
    """The resources of an `AsyncClient`, their methods answering `RawResponse`."""

    def __init__(self, client: AsyncClient) -> None:
        self.user = client.user.with_raw_response
