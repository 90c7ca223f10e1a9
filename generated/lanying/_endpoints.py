"""Every operation of the API: method, path, where each argument goes, what comes back."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ._base_client import Argument, Endpoint, Pagination
from ._models import (
    AuthMode,
    AvatarUpdate,
    BatchRegisterResult,
    BatchRegisterUsersRequest,
    BatchSetAvatarsRequest,
    BatchUpdateProfilesRequest,
    BatchUserResult,
    BindPushAliasRequest,
    BindPushTokenRequest,
    ChangePasswordRequest,
    Device,
    ProfileUpdate,
    PushTagsRequest,
    RegisterPushUserRequest,
    RegisterUserRequest,
    SetAvatarRequest,
    SetPushBadgeRequest,
    UpdateProfileRequest,
    UserIdList,
    UserListItem,
    UserProfile,
    UserSettings,
    UserSettingsUpdate,
)

REGISTER_USER: Endpoint[UserSettings] = Endpoint(
    operation="registerUser",
    call="user.register_user()",
    method="POST",
    path="/user/register/v2",
    response=UserSettings,
    arguments={
        "username": Argument("username", "body", str, required=True),
        "password": Argument("password", "body", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    media_type="application/json",
    body_model=RegisterUserRequest,
    unwrap=True,
)

BATCH_REGISTER_USERS: Endpoint[list[BatchRegisterResult]] = Endpoint(
    operation="batchRegisterUsers",
    call="user.batch_register_users()",
    method="POST",
    path="/user/register/batch",
    response=list[BatchRegisterResult],
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
        "list_": Argument("list", "body", list[RegisterUserRequest]),
    },
    media_type="application/json",
    body_model=BatchRegisterUsersRequest,
    unwrap=True,
)

DELETE_USER: Endpoint[bool] = Endpoint(
    operation="deleteUser",
    call="user.delete_user()",
    method="DELETE",
    path="/user/delete",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

SET_USERNAME: Endpoint[bool] = Endpoint(
    operation="setUsername",
    call="user.set_username()",
    method="PUT",
    path="/user/username",
    response=bool,
    arguments={
        "username": Argument("username", "query", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

CHANGE_PASSWORD: Endpoint[bool] = Endpoint(
    operation="changePassword",
    call="user.change_password()",
    method="POST",
    path="/user/change_password",
    response=bool,
    arguments={
        "old_password": Argument("old_password", "body", str, required=True),
        "new_password": Argument("new_password", "body", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    media_type="application/json",
    body_model=ChangePasswordRequest,
    unwrap=True,
)

SET_AVATAR: Endpoint[bool] = Endpoint(
    operation="setAvatar",
    call="user.set_avatar()",
    method="PUT",
    path="/user/avatar",
    response=bool,
    arguments={
        "avatar": Argument("avatar", "body", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    media_type="application/json",
    body_model=SetAvatarRequest,
    unwrap=True,
    idempotent=True,
)

BATCH_SET_AVATARS: Endpoint[list[BatchUserResult]] = Endpoint(
    operation="batchSetAvatars",
    call="user.batch_set_avatars()",
    method="PUT",
    path="/user/avatar/batch",
    response=list[BatchUserResult],
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
        "list_": Argument("list", "body", list[AvatarUpdate]),
    },
    media_type="application/json",
    body_model=BatchSetAvatarsRequest,
    unwrap=True,
    idempotent=True,
)

SET_NICKNAME: Endpoint[bool] = Endpoint(
    operation="setNickname",
    call="user.set_nickname()",
    method="PUT",
    path="/user/nickname",
    response=bool,
    arguments={
        "nick_name": Argument("nick_name", "query", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

SET_MOBILE: Endpoint[bool] = Endpoint(
    operation="setMobile",
    call="user.set_mobile()",
    method="PUT",
    path="/user/mobile",
    response=bool,
    arguments={
        "mobile": Argument("mobile", "query", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

SET_PUBLIC_INFO: Endpoint[bool] = Endpoint(
    operation="setPublicInfo",
    call="user.set_public_info()",
    method="PUT",
    path="/user/public",
    response=bool,
    arguments={
        "body": Argument("body", "body", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    media_type="application/json",
    raw_text=True,
    unwrap=True,
    idempotent=True,
)

SET_PRIVATE_INFO: Endpoint[bool] = Endpoint(
    operation="setPrivateInfo",
    call="user.set_private_info()",
    method="PUT",
    path="/user/private",
    response=bool,
    arguments={
        "body": Argument("body", "body", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    media_type="application/json",
    raw_text=True,
    unwrap=True,
    idempotent=True,
)

SET_AUTO_DOWNLOAD: Endpoint[bool] = Endpoint(
    operation="setAutoDownload",
    call="user.set_auto_download()",
    method="PUT",
    path="/user/download",
    response=bool,
    arguments={
        "value": Argument("value", "query", bool, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

SET_AUTH_MODE: Endpoint[bool] = Endpoint(
    operation="setAuthMode",
    call="user.set_auth_mode()",
    method="PUT",
    path="/user/authmode",
    response=bool,
    arguments={
        "value": Argument("value", "query", AuthMode, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

GET_PROFILE: Endpoint[UserProfile] = Endpoint(
    operation="getProfile",
    call="user.get_profile()",
    method="GET",
    path="/user/profile",
    response=UserProfile,
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

UPDATE_PROFILE: Endpoint[bool] = Endpoint(
    operation="updateProfile",
    call="user.update_profile()",
    method="PUT",
    path="/user/profile",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
        "nick_name": Argument("nick_name", "body", str),
        "description": Argument("description", "body", str),
        "public_info": Argument("public_info", "body", str),
        "private_info": Argument("private_info", "body", str),
    },
    media_type="application/json",
    body_model=UpdateProfileRequest,
    unwrap=True,
    idempotent=True,
)

BATCH_UPDATE_PROFILES: Endpoint[list[BatchUserResult]] = Endpoint(
    operation="batchUpdateProfiles",
    call="user.batch_update_profiles()",
    method="PUT",
    path="/user/profile/batch",
    response=list[BatchUserResult],
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
        "list_": Argument("list", "body", list[ProfileUpdate]),
    },
    media_type="application/json",
    body_model=BatchUpdateProfilesRequest,
    unwrap=True,
    idempotent=True,
)

GET_SETTINGS: Endpoint[UserSettings] = Endpoint(
    operation="getSettings",
    call="user.get_settings()",
    method="GET",
    path="/user/settings",
    response=UserSettings,
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

UPDATE_SETTINGS: Endpoint[bool] = Endpoint(
    operation="updateSettings",
    call="user.update_settings()",
    method="PUT",
    path="/user/settings",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "body", int, required=True),
        "user_id_header": Argument(
            "user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
        "id": Argument("id", "body", int),
        "auth_mode": Argument("auth_mode", "body", AuthMode),
        "auth_question": Argument("auth_question", "body", str),
        "auth_answer": Argument("auth_answer", "body", str),
        "auto_download": Argument("auto_download", "body", bool),
        "group_confirm": Argument("group_confirm", "body", bool),
        "no_push": Argument("no_push", "body", bool),
        "no_push_detail": Argument("no_push_detail", "body", bool),
        "no_push_start_hour": Argument("no_push_start_hour", "body", int),
        "no_push_end_hour": Argument("no_push_end_hour", "body", int),
        "no_sounds": Argument("no_sounds", "body", bool),
        "push_nick_name": Argument("push_nick_name", "body", str),
        "push_token": Argument("push_token", "body", str),
        "silence_start_time": Argument("silence_start_time", "body", int),
        "silence_end_time": Argument("silence_end_time", "body", int),
        "vibratory": Argument("vibratory", "body", bool),
    },
    media_type="application/json",
    body_model=UserSettingsUpdate,
    unwrap=True,
    idempotent=True,
)

DISABLE_USERS: Endpoint[bool] = Endpoint(
    operation="disableUsers",
    call="user.disable_users()",
    method="PUT",
    path="/user/disable",
    response=bool,
    arguments={
        "list_": Argument("list", "body", list[int], required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    media_type="application/json",
    body_model=UserIdList,
    unwrap=True,
    idempotent=True,
)

ENABLE_USERS: Endpoint[bool] = Endpoint(
    operation="enableUsers",
    call="user.enable_users()",
    method="PUT",
    path="/user/enable",
    response=bool,
    arguments={
        "list_": Argument("list", "body", list[int], required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    media_type="application/json",
    body_model=UserIdList,
    unwrap=True,
    idempotent=True,
)

LIST_DEVICES: Endpoint[list[Device]] = Endpoint(
    operation="listDevices",
    call="user.list_devices()",
    method="GET",
    path="/user/device/list",
    response=list[Device],
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
        "cursor": Argument("cursor", "query", str),
    },
    unwrap=True,
    idempotent=True,
    pagination=Pagination(
        style="cursor",
        items=("data",),
        item_list=list[Device],
        page_argument="cursor",
        call="user.iter_devices()",
        next_cursor=("cursor",),
    ),
)

REMOVE_DEVICE: Endpoint[bool] = Endpoint(
    operation="removeDevice",
    call="user.remove_device()",
    method="DELETE",
    path="/user/device/remove",
    response=bool,
    arguments={
        "device_sn": Argument("device_sn", "query", int, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

KICK_DEVICE: Endpoint[bool] = Endpoint(
    operation="kickDevice",
    call="user.kick_device()",
    method="PUT",
    path="/user/kick",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
        "device_sn": Argument("device_sn", "query", int),
    },
    unwrap=True,
    idempotent=True,
)

REGISTER_PUSH_USER: Endpoint[UserSettings] = Endpoint(
    operation="registerPushUser",
    call="user.register_push_user()",
    method="POST",
    path="/user/register/push",
    response=UserSettings,
    arguments={
        "username": Argument("username", "body", str, required=True),
        "password": Argument("password", "body", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
        "device_guid": Argument("device_guid", "body", str),
        "alias": Argument("alias", "body", str),
        "push_token": Argument("push_token", "body", str),
        "sign": Argument("sign", "body", str),
    },
    media_type="application/json",
    body_model=RegisterPushUserRequest,
    unwrap=True,
)

BIND_PUSH_TOKEN: Endpoint[bool] = Endpoint(
    operation="bindPushToken",
    call="user.bind_push_token()",
    method="PUT",
    path="/user/token/bind",
    response=bool,
    arguments={
        "device_sn": Argument("device_sn", "body", int, required=True),
        "device_token": Argument("device_token", "body", str, required=True),
        "notifier_name": Argument("notifier_name", "body", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    media_type="application/json",
    body_model=BindPushTokenRequest,
    unwrap=True,
    idempotent=True,
)

UNBIND_PUSH_TOKEN: Endpoint[bool] = Endpoint(
    operation="unbindPushToken",
    call="user.unbind_push_token()",
    method="DELETE",
    path="/user/token/unbind",
    response=bool,
    arguments={
        "device_sn": Argument("deviceSn", "query", int, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

BIND_PUSH_ALIAS: Endpoint[bool] = Endpoint(
    operation="bindPushAlias",
    call="user.bind_push_alias()",
    method="POST",
    path="/user/push/alias",
    response=bool,
    arguments={
        "alias": Argument("alias", "body", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
        "push_token": Argument("push_token", "body", str),
    },
    media_type="application/json",
    body_model=BindPushAliasRequest,
    unwrap=True,
)

GET_PUSH_TAGS: Endpoint[list[str]] = Endpoint(
    operation="getPushTags",
    call="user.get_push_tags()",
    method="GET",
    path="/user/push/tag",
    response=list[str],
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

BIND_PUSH_TAGS: Endpoint[bool] = Endpoint(
    operation="bindPushTags",
    call="user.bind_push_tags()",
    method="POST",
    path="/user/push/tag",
    response=bool,
    arguments={
        "tags": Argument("tags", "body", list[str], required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    media_type="application/json",
    body_model=PushTagsRequest,
    unwrap=True,
)

UNBIND_PUSH_TAGS: Endpoint[bool] = Endpoint(
    operation="unbindPushTags",
    call="user.unbind_push_tags()",
    method="DELETE",
    path="/user/push/tag",
    response=bool,
    arguments={
        "tags": Argument("tags", "body", list[str], required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    media_type="application/json",
    body_model=PushTagsRequest,
    unwrap=True,
    idempotent=True,
)

DELETE_ALL_PUSH_TAGS: Endpoint[bool] = Endpoint(
    operation="deleteAllPushTags",
    call="user.delete_all_push_tags()",
    method="DELETE",
    path="/user/push/tag/all",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

SET_PUSH_BADGE: Endpoint[bool] = Endpoint(
    operation="setPushBadge",
    call="user.set_push_badge()",
    method="POST",
    path="/user/push/badge",
    response=bool,
    arguments={
        "badge": Argument("badge", "body", int, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    media_type="application/json",
    body_model=SetPushBadgeRequest,
    unwrap=True,
)

SET_NO_PUSH_HOURS: Endpoint[bool] = Endpoint(
    operation="setNoPushHours",
    call="user.set_no_push_hours()",
    method="PUT",
    path="/user/push/limit",
    response=bool,
    arguments={
        "no_push_end_hour": Argument(
            "no_push_end_hour", "query", Annotated[int, Field(ge=0, le=23)], required=True
        ),
        "no_push_start_hour": Argument(
            "no_push_start_hour", "query", Annotated[int, Field(ge=0, le=23)], required=True
        ),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

SET_PUSH_NICKNAME: Endpoint[bool] = Endpoint(
    operation="setPushNickname",
    call="user.set_push_nickname()",
    method="PUT",
    path="/user/push/nickname",
    response=bool,
    arguments={
        "nick_name": Argument("nick_name", "query", str, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

SET_NO_SOUNDS: Endpoint[bool] = Endpoint(
    operation="setNoSounds",
    call="user.set_no_sounds()",
    method="PUT",
    path="/user/sounds",
    response=bool,
    arguments={
        "value": Argument("value", "query", bool, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

SET_VIBRATORY: Endpoint[bool] = Endpoint(
    operation="setVibratory",
    call="user.set_vibratory()",
    method="PUT",
    path="/user/vibratory",
    response=bool,
    arguments={
        "value": Argument("value", "query", bool, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

SET_NO_PUSH: Endpoint[bool] = Endpoint(
    operation="setNoPush",
    call="user.set_no_push()",
    method="PUT",
    path="/user/push",
    response=bool,
    arguments={
        "value": Argument("value", "query", bool, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

SET_NO_PUSH_DETAIL: Endpoint[bool] = Endpoint(
    operation="setNoPushDetail",
    call="user.set_no_push_detail()",
    method="PUT",
    path="/user/push/detail",
    response=bool,
    arguments={
        "value": Argument("value", "query", bool, required=True),
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
)

LIST_USERS: Endpoint[list[UserListItem]] = Endpoint(
    operation="listUsers",
    call="user.list_users()",
    method="GET",
    path="/user/list",
    response=list[UserListItem],
    arguments={
        "user_id": Argument("user_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]),
        "group_id": Argument(
            "group_id", "header", Annotated[int, Field(ge=-(2**63), le=2**63 - 1)]
        ),
        "page_num": Argument("page_num", "query", Annotated[int, Field(ge=1, le=2**31 - 1)]),
        "page_size": Argument(
            "page_size", "query", Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
        ),
    },
    unwrap=True,
    idempotent=True,
    pagination=Pagination(
        style="page",
        items=("data",),
        item_list=list[UserListItem],
        page_argument="page_num",
        call="user.iter_users()",
        first_page=1,
    ),
)
