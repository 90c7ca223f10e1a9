"""Every operation of the API: method, path, where each argument goes, what comes back."""

from __future__ import annotations

from typing import Any

from ._base_client import Argument, Endpoint
from ._models import CurrentUser, OnlineStatus, User

ME: Endpoint[CurrentUser] = Endpoint(
    operation="me",
    call="user.me()",
    method="GET",
    path="/user/me",
    response=CurrentUser,
    arguments={
        "accept_language": Argument("Accept-Language", "header", str),
    },
    unwrap=True,
    idempotent=True,
)

VIEW: Endpoint[User] = Endpoint(
    operation="view",
    call="user.view()",
    method="GET",
    path="/user/view",
    response=User,
    arguments={
        "user_id": Argument("user_id", "query", str, required=True),
        "guild_id": Argument("guild_id", "query", str),
        "accept_language": Argument("Accept-Language", "header", str),
    },
    unwrap=True,
    idempotent=True,
)

OFFLINE: Endpoint[dict[str, Any]] = Endpoint(
    operation="offline",
    call="user.offline()",
    method="POST",
    path="/user/offline",
    response=dict[str, Any],
    arguments={
        "accept_language": Argument("Accept-Language", "header", str),
    },
    unwrap=True,
)

ONLINE: Endpoint[dict[str, Any]] = Endpoint(
    operation="online",
    call="user.online()",
    method="POST",
    path="/user/online",
    response=dict[str, Any],
    arguments={
        "accept_language": Argument("Accept-Language", "header", str),
    },
    unwrap=True,
)

GET_ONLINE_STATUS: Endpoint[OnlineStatus] = Endpoint(
    operation="getOnlineStatus",
    call="user.get_online_status()",
    method="GET",
    path="/user/get-online-status",
    response=OnlineStatus,
    arguments={
        "accept_language": Argument("Accept-Language", "header", str),
    },
    unwrap=True,
    idempotent=True,
)
