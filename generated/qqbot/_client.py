"""`Client` and `AsyncClient`: credentials, connection settings and the API's resources."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

import httpx

from ._base_client import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ApiConfig,
    AsyncApiClient,
    Authentication,
    Endpoint,
    SyncApiClient,
    TokenSource,
    check_bool,
    check_credential,
    check_header_credential,
    check_url,
)
from ._exceptions import ConfigurationError
from ._resources import (
    AsyncAuthResource,
    AsyncGatewayResource,
    AsyncGroupsResource,
    AuthResource,
    GatewayResource,
    GroupsResource,
)

__all__ = ["AsyncClient", "AsyncClientWithRawResponse", "Client", "ClientWithRawResponse"]

DEFAULT_BASE_URL = "https://api.sgroup.qq.com"
SANDBOX_BASE_URL = "https://sandbox.api.sgroup.qq.com"
TOKEN_URL = "https://bots.qq.com/app/getAppAccessToken"

_CONFIG = ApiConfig(
    user_agent="qqbot/v2 (botspec; python-httpx)",
    error_fields=("code", "message"),
    trace_id_header="X-Tps-trace-ID",
)


class Client(SyncApiClient):
    """
    QQ Bot open platform REST API (QQ机器人开放平台) client.

    Args:
        app_id: The bot's AppID, sent alongside the access token on OpenAPI calls.
        client_secret: Used to obtain the QQBotToken token.
        base_url: Overrides the API's base URL (https://api.sgroup.qq.com).
        sandbox: Use the sandbox server (https://sandbox.api.sgroup.qq.com); not with
            base_url.
        token_url: Where access tokens are bought (override for tests).
        timeout: Seconds (or an httpx.Timeout: its longest limit) before a call is
            abandoned, its retries and waits included; None never abandons it. A
            method's `timeout=` overrides it for that call.
        max_retries: How often a failed request is retried.
        http_client: An httpx client to send requests with, e.g. with your own proxies.
        transport: An httpx transport for the client this one creates; not with
            http_client.
    """

    _config = _CONFIG
    groups: GroupsResource
    gateway: GatewayResource
    auth: AuthResource

    def __init__(
        self,
        *,
        app_id: str,
        client_secret: str,
        base_url: str | None = None,
        sandbox: bool = False,
        token_url: str = TOKEN_URL,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        check_credential("app_id", app_id)
        check_credential("client_secret", client_secret)
        check_header_credential("app_id", app_id)
        check_url("token_url", token_url)
        check_bool("sandbox", sandbox)
        if sandbox and base_url is not None:
            raise ConfigurationError("sandbox=True and base_url cannot both be given")
        default_url = SANDBOX_BASE_URL if sandbox else DEFAULT_BASE_URL
        super().__init__(
            base_url=default_url if base_url is None else base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers={},
            http_client=http_client,
            transport=transport,
        )
        self._token_source = TokenSource(
            url=token_url,
            body={
                "appId": app_id,
                "clientSecret": client_secret,
            },
            token_field="access_token",
            expires_in_field="expires_in",
            error_fields=_CONFIG.error_fields,
            operation="getAppAccessToken",
            user_agent=_CONFIG.user_agent,
        )
        self._operation_urls = {"getAppAccessToken": token_url}
        self._static_auth = {
            "X-Union-Appid": app_id,
        }
        self.groups = GroupsResource(self)
        self.gateway = GatewayResource(self)
        self.auth = AuthResource(self)
        self.with_raw_response = ClientWithRawResponse(self)

    def _auth_headers(self, endpoint: Endpoint[Any], timeout: Any) -> Authentication:
        if not endpoint.authenticated:
            return {}, None
        assert self._token_source is not None
        token = self._token_source.get(self._http, timeout, endpoint.call)
        headers = {
            "Authorization": "QQBot " + token,
            "X-Union-Appid": self._static_auth["X-Union-Appid"],
        }
        return headers, token

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
        self.groups = client.groups.with_raw_response
        self.gateway = client.gateway.with_raw_response
        self.auth = client.auth.with_raw_response


class AsyncClient(AsyncApiClient):
    """
    QQ Bot open platform REST API (QQ机器人开放平台) asynchronous client.

    Args:
        app_id: The bot's AppID, sent alongside the access token on OpenAPI calls.
        client_secret: Used to obtain the QQBotToken token.
        base_url: Overrides the API's base URL (https://api.sgroup.qq.com).
        sandbox: Use the sandbox server (https://sandbox.api.sgroup.qq.com); not with
            base_url.
        token_url: Where access tokens are bought (override for tests).
        timeout: Seconds (or an httpx.Timeout: its longest limit) before a call is
            abandoned, its retries and waits included; None never abandons it. A
            method's `timeout=` overrides it for that call.
        max_retries: How often a failed request is retried.
        http_client: An httpx client to send requests with, e.g. with your own proxies.
        transport: An httpx transport for the client this one creates; not with
            http_client.
    """

    _config = _CONFIG
    groups: AsyncGroupsResource
    gateway: AsyncGatewayResource
    auth: AsyncAuthResource

    def __init__(
        self,
        *,
        app_id: str,
        client_secret: str,
        base_url: str | None = None,
        sandbox: bool = False,
        token_url: str = TOKEN_URL,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        check_credential("app_id", app_id)
        check_credential("client_secret", client_secret)
        check_header_credential("app_id", app_id)
        check_url("token_url", token_url)
        check_bool("sandbox", sandbox)
        if sandbox and base_url is not None:
            raise ConfigurationError("sandbox=True and base_url cannot both be given")
        default_url = SANDBOX_BASE_URL if sandbox else DEFAULT_BASE_URL
        super().__init__(
            base_url=default_url if base_url is None else base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers={},
            http_client=http_client,
            transport=transport,
        )
        self._token_source = TokenSource(
            url=token_url,
            body={
                "appId": app_id,
                "clientSecret": client_secret,
            },
            token_field="access_token",
            expires_in_field="expires_in",
            error_fields=_CONFIG.error_fields,
            operation="getAppAccessToken",
            user_agent=_CONFIG.user_agent,
        )
        self._operation_urls = {"getAppAccessToken": token_url}
        self._static_auth = {
            "X-Union-Appid": app_id,
        }
        self.groups = AsyncGroupsResource(self)
        self.gateway = AsyncGatewayResource(self)
        self.auth = AsyncAuthResource(self)
        self.with_raw_response = AsyncClientWithRawResponse(self)

    async def _auth_headers(self, endpoint: Endpoint[Any], timeout: Any) -> Authentication:
        if not endpoint.authenticated:
            return {}, None
        assert self._token_source is not None
        token = await self._token_source.aget(self._http, timeout, endpoint.call)
        headers = {
            "Authorization": "QQBot " + token,
            "X-Union-Appid": self._static_auth["X-Union-Appid"],
        }
        return headers, token

    async def _session_token(self) -> str:
        """The token a gateway session identifies with."""
        assert self._token_source is not None
        self._enter_loop(None)
        return await self._token_source.aget(self._http, self.timeout)

    def _forget_session_token(self, token: str | None) -> None:
        """Drop `token`, which the gateway rejected; the next session buys a new one. A newer
        token bought by a call meanwhile is kept."""
        if self._token_source is not None:
            self._token_source.invalidate(token)

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
        self.groups = client.groups.with_raw_response
        self.gateway = client.gateway.with_raw_response
        self.auth = client.auth.with_raw_response
