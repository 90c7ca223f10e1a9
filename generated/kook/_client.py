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
    Envelope,
    SyncApiClient,
    check_credential,
    check_header_credential,
    client_header,
)
from ._resources import AsyncUserResource, UserResource

__all__ = ["AsyncClient", "AsyncClientWithRawResponse", "Client", "ClientWithRawResponse"]

DEFAULT_BASE_URL = "https://www.kookapp.cn/api/v3"

_CONFIG = ApiConfig(
    user_agent="kook/3 (botspec; python-httpx)",
    envelope=Envelope(
        code="code",
        message="message",
        data="data",
        success=frozenset([0]),
    ),
    error_fields=("code", "message"),
    rate_limit_remaining_header="X-Rate-Limit-Remaining",
    rate_limit_reset_header="X-Rate-Limit-Reset",
    rate_limit_bucket_header="X-Rate-Limit-Bucket",
    rate_limit_global_header="X-Rate-Limit-Global",
)


class Client(SyncApiClient):
    """
    KOOK Bot API client.

    Args:
        token: Bot token authentication: every request carries the bot's token, obtained
            from the developer centre after creating the bot, in the `Authorization`
            header as `Authorization: Bot <token>` (e.g. `Authorization: Bot
            BHsTZ4232tLatgV5AFyjoqZGAHHmpl9mTxYQ/u4/80=`). KOOK also accepts OAuth2
            tokens as `Authorization: Bearer <token>`, which this bot client does not
            use.
        base_url: Overrides the API's base URL (https://www.kookapp.cn/api/v3).
        accept_language: Language for error messages and prompts, e.g. `en-us`. If the
            language is supported, the `message` field is returned in it; otherwise the
            default `zh-cn` is used. Sent on every call.
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
        token: str,
        base_url: str | None = None,
        accept_language: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        check_credential("token", token)
        check_header_credential("token", token)
        super().__init__(
            base_url=DEFAULT_BASE_URL if base_url is None else base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers={
                "Accept-Language": client_header("accept_language", str, accept_language),
            },
            http_client=http_client,
            transport=transport,
        )
        self._static_auth = {
            "Authorization": "Bot " + token,
        }
        self.user = UserResource(self)
        self.with_raw_response = ClientWithRawResponse(self)

    def _auth_headers(self, endpoint: Endpoint[Any], timeout: Any) -> Authentication:
        if not endpoint.authenticated:
            return {}, None
        headers = {
            "Authorization": self._static_auth["Authorization"],
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
    KOOK Bot API asynchronous client.

    Args:
        token: Bot token authentication: every request carries the bot's token, obtained
            from the developer centre after creating the bot, in the `Authorization`
            header as `Authorization: Bot <token>` (e.g. `Authorization: Bot
            BHsTZ4232tLatgV5AFyjoqZGAHHmpl9mTxYQ/u4/80=`). KOOK also accepts OAuth2
            tokens as `Authorization: Bearer <token>`, which this bot client does not
            use.
        base_url: Overrides the API's base URL (https://www.kookapp.cn/api/v3).
        accept_language: Language for error messages and prompts, e.g. `en-us`. If the
            language is supported, the `message` field is returned in it; otherwise the
            default `zh-cn` is used. Sent on every call.
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
        token: str,
        base_url: str | None = None,
        accept_language: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        check_credential("token", token)
        check_header_credential("token", token)
        super().__init__(
            base_url=DEFAULT_BASE_URL if base_url is None else base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers={
                "Accept-Language": client_header("accept_language", str, accept_language),
            },
            http_client=http_client,
            transport=transport,
        )
        self._static_auth = {
            "Authorization": "Bot " + token,
        }
        self.user = AsyncUserResource(self)
        self.with_raw_response = AsyncClientWithRawResponse(self)

    async def _auth_headers(self, endpoint: Endpoint[Any], timeout: Any) -> Authentication:
        if not endpoint.authenticated:
            return {}, None
        headers = {
            "Authorization": self._static_auth["Authorization"],
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
