"""Every operation of the API: method, path, where each argument goes, what comes back."""

from __future__ import annotations

from ._base_client import Argument, Endpoint, Pagination
from ._models import (
    AppAccessToken,
    AppAccessTokenRequest,
    Gateway,
    GatewayBot,
    GroupMember,
    GroupMemberList,
    ListMembersRequest,
)

LIST_MEMBERS: Endpoint[GroupMemberList] = Endpoint(
    operation="listMembers",
    call="groups.list_members()",
    method="POST",
    path="/v2/groups/{group_openid}/members",
    response=GroupMemberList,
    arguments={
        "group_openid": Argument("group_openid", "path", str),
        "limit": Argument("limit", "body", int),
        "start_index": Argument("start_index", "body", int),
    },
    media_type="application/json",
    body_model=ListMembersRequest,
    body_optional=True,
    warning="is invite-only and no longer publicly documented",
    pagination=Pagination(
        style="cursor",
        items=("members",),
        item_list=list[GroupMember],
        page_argument="start_index",
        call="groups.iter_members()",
        next_cursor=("next_index",),
    ),
)

GET_GATEWAY: Endpoint[Gateway] = Endpoint(
    operation="getGateway",
    call="gateway.get_gateway()",
    method="GET",
    path="/gateway",
    response=Gateway,
    idempotent=True,
)

GET_GATEWAY_BOT: Endpoint[GatewayBot] = Endpoint(
    operation="getGatewayBot",
    call="gateway.get_gateway_bot()",
    method="GET",
    path="/gateway/bot",
    response=GatewayBot,
    idempotent=True,
)

GET_APP_ACCESS_TOKEN: Endpoint[AppAccessToken] = Endpoint(
    operation="getAppAccessToken",
    call="auth.get_app_access_token()",
    method="POST",
    path="/app/getAppAccessToken",
    response=AppAccessToken,
    arguments={
        "app_id": Argument("appId", "body", str, required=True),
        "client_secret": Argument("clientSecret", "body", str, required=True),
    },
    media_type="application/json",
    body_model=AppAccessTokenRequest,
    authenticated=False,
    base_url="https://bots.qq.com",
)
