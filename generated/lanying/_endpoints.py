"""Every operation of the API: method, path, where each argument goes, what comes back."""

from __future__ import annotations

from ._base_client import Argument, Endpoint, Pagination
from ._models import (
    RegisterUserRequest,
    UserSettings,
    AuthMode,
    BatchRegisterUsersRequest,
    BatchRegisterResult,
    ChangePasswordRequest,
    SetAvatarRequest,
    BatchSetAvatarsRequest,
    AvatarUpdate,
    BatchUserResult,
    UserProfile,
    UpdateProfileRequest,
    BatchUpdateProfilesRequest,
    ProfileUpdate,
    UserSettingsUpdate,
    UserIdList,
    Device,
    RegisterPushUserRequest,
    BindPushTokenRequest,
    BindPushAliasRequest,
    PushTagsRequest,
    SetPushBadgeRequest,
    UserListItem,
)

REGISTER_USER: Endpoint[UserSettings] = Endpoint(
    operation="registerUser",
    method="POST",
    path="/user/register/v2",
    response=UserSettings,
    arguments={
        "username": Argument("username", "body", str, required=True),
        "password": Argument("password", "body", str, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    media_type="application/json",
    body_model=RegisterUserRequest,
    unwrap=True,
)

BATCH_REGISTER_USERS: Endpoint[list[BatchRegisterResult]] = Endpoint(
    operation="batchRegisterUsers",
    method="POST",
    path="/user/register/batch",
    response=list[BatchRegisterResult],
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "list_": Argument("list", "body", list[RegisterUserRequest]),
    },
    media_type="application/json",
    body_model=BatchRegisterUsersRequest,
    unwrap=True,
)

DELETE_USER: Endpoint[bool] = Endpoint(
    operation="deleteUser",
    method="DELETE",
    path="/user/delete",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

SET_USERNAME: Endpoint[bool] = Endpoint(
    operation="setUsername",
    method="PUT",
    path="/user/username",
    response=bool,
    arguments={
        "username": Argument("username", "query", str, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

CHANGE_PASSWORD: Endpoint[bool] = Endpoint(
    operation="changePassword",
    method="POST",
    path="/user/change_password",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "old_password": Argument("old_password", "body", str),
        "new_password": Argument("new_password", "body", str),
    },
    media_type="application/json",
    body_model=ChangePasswordRequest,
    unwrap=True,
)

SET_AVATAR: Endpoint[bool] = Endpoint(
    operation="setAvatar",
    method="PUT",
    path="/user/avatar",
    response=bool,
    arguments={
        "avatar": Argument("avatar", "body", str, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    media_type="application/json",
    body_model=SetAvatarRequest,
    unwrap=True,
    idempotent=True,
)

BATCH_SET_AVATARS: Endpoint[list[BatchUserResult]] = Endpoint(
    operation="batchSetAvatars",
    method="PUT",
    path="/user/avatar/batch",
    response=list[BatchUserResult],
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "list_": Argument("list", "body", list[AvatarUpdate]),
    },
    media_type="application/json",
    body_model=BatchSetAvatarsRequest,
    unwrap=True,
    idempotent=True,
)

SET_NICKNAME: Endpoint[bool] = Endpoint(
    operation="setNickname",
    method="PUT",
    path="/user/nickname",
    response=bool,
    arguments={
        "nick_name": Argument("nick_name", "query", str, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

SET_MOBILE: Endpoint[bool] = Endpoint(
    operation="setMobile",
    method="PUT",
    path="/user/mobile",
    response=bool,
    arguments={
        "mobile": Argument("mobile", "query", str, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

SET_PUBLIC_INFO: Endpoint[bool] = Endpoint(
    operation="setPublicInfo",
    method="PUT",
    path="/user/public",
    response=bool,
    arguments={
        "body": Argument("body", "body", str, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    media_type="text/plain",
    unwrap=True,
    idempotent=True,
)

SET_PRIVATE_INFO: Endpoint[bool] = Endpoint(
    operation="setPrivateInfo",
    method="PUT",
    path="/user/private",
    response=bool,
    arguments={
        "body": Argument("body", "body", str, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    media_type="text/plain",
    unwrap=True,
    idempotent=True,
)

SET_AUTO_DOWNLOAD: Endpoint[bool] = Endpoint(
    operation="setAutoDownload",
    method="PUT",
    path="/user/download",
    response=bool,
    arguments={
        "value": Argument("value", "query", bool, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

SET_AUTH_MODE: Endpoint[bool] = Endpoint(
    operation="setAuthMode",
    method="PUT",
    path="/user/authmode",
    response=bool,
    arguments={
        "value": Argument("value", "query", AuthMode, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

GET_PROFILE: Endpoint[UserProfile] = Endpoint(
    operation="getProfile",
    method="GET",
    path="/user/profile",
    response=UserProfile,
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

UPDATE_PROFILE: Endpoint[bool] = Endpoint(
    operation="updateProfile",
    method="PUT",
    path="/user/profile",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
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
    method="PUT",
    path="/user/profile/batch",
    response=list[BatchUserResult],
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "list_": Argument("list", "body", list[ProfileUpdate]),
    },
    media_type="application/json",
    body_model=BatchUpdateProfilesRequest,
    unwrap=True,
    idempotent=True,
)

GET_SETTINGS: Endpoint[UserSettings] = Endpoint(
    operation="getSettings",
    method="GET",
    path="/user/settings",
    response=UserSettings,
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

UPDATE_SETTINGS: Endpoint[bool] = Endpoint(
    operation="updateSettings",
    method="PUT",
    path="/user/settings",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "body", int, required=True),
        "user_id_header": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
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
    method="PUT",
    path="/user/disable",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "list_": Argument("list", "body", list[int]),
    },
    media_type="application/json",
    body_model=UserIdList,
    unwrap=True,
    idempotent=True,
)

ENABLE_USERS: Endpoint[bool] = Endpoint(
    operation="enableUsers",
    method="PUT",
    path="/user/enable",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "list_": Argument("list", "body", list[int]),
    },
    media_type="application/json",
    body_model=UserIdList,
    unwrap=True,
    idempotent=True,
)

LIST_DEVICES: Endpoint[list[Device]] = Endpoint(
    operation="listDevices",
    method="GET",
    path="/user/device/list",
    response=list[Device],
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "cursor": Argument("cursor", "query", str),
    },
    unwrap=True,
    idempotent=True,
    pagination=Pagination(
        style="cursor",
        items=("data",),
        item_list=list[Device],
        page_argument="cursor",
        next_cursor=("cursor",),
    ),
)

REMOVE_DEVICE: Endpoint[bool] = Endpoint(
    operation="removeDevice",
    method="DELETE",
    path="/user/device/remove",
    response=bool,
    arguments={
        "device_sn": Argument("device_sn", "query", int, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

KICK_DEVICE: Endpoint[bool] = Endpoint(
    operation="kickDevice",
    method="PUT",
    path="/user/kick",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "device_sn": Argument("device_sn", "query", int),
    },
    unwrap=True,
    idempotent=True,
)

REGISTER_PUSH_USER: Endpoint[UserSettings] = Endpoint(
    operation="registerPushUser",
    method="POST",
    path="/user/register/push",
    response=UserSettings,
    arguments={
        "username": Argument("username", "body", str, required=True),
        "password": Argument("password", "body", str, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
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
    method="PUT",
    path="/user/token/bind",
    response=bool,
    arguments={
        "device_sn": Argument("device_sn", "body", int, required=True),
        "device_token": Argument("device_token", "body", str, required=True),
        "notifier_name": Argument("notifier_name", "body", str, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    media_type="application/json",
    body_model=BindPushTokenRequest,
    unwrap=True,
    idempotent=True,
)

UNBIND_PUSH_TOKEN: Endpoint[bool] = Endpoint(
    operation="unbindPushToken",
    method="DELETE",
    path="/user/token/unbind",
    response=bool,
    arguments={
        "device_sn": Argument("deviceSn", "query", int, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

BIND_PUSH_ALIAS: Endpoint[bool] = Endpoint(
    operation="bindPushAlias",
    method="POST",
    path="/user/push/alias",
    response=bool,
    arguments={
        "alias": Argument("alias", "body", str, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "push_token": Argument("push_token", "body", str),
    },
    media_type="application/json",
    body_model=BindPushAliasRequest,
    unwrap=True,
)

GET_PUSH_TAGS: Endpoint[list[str]] = Endpoint(
    operation="getPushTags",
    method="GET",
    path="/user/push/tag",
    response=list[str],
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

BIND_PUSH_TAGS: Endpoint[bool] = Endpoint(
    operation="bindPushTags",
    method="POST",
    path="/user/push/tag",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "tags": Argument("tags", "body", list[str]),
    },
    media_type="application/json",
    body_model=PushTagsRequest,
    unwrap=True,
)

UNBIND_PUSH_TAGS: Endpoint[bool] = Endpoint(
    operation="unbindPushTags",
    method="DELETE",
    path="/user/push/tag",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "tags": Argument("tags", "body", list[str]),
    },
    media_type="application/json",
    body_model=PushTagsRequest,
    unwrap=True,
    idempotent=True,
)

DELETE_ALL_PUSH_TAGS: Endpoint[bool] = Endpoint(
    operation="deleteAllPushTags",
    method="DELETE",
    path="/user/push/tag/all",
    response=bool,
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

SET_PUSH_BADGE: Endpoint[bool] = Endpoint(
    operation="setPushBadge",
    method="POST",
    path="/user/push/badge",
    response=bool,
    arguments={
        "badge": Argument("badge", "body", int, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    media_type="application/json",
    body_model=SetPushBadgeRequest,
    unwrap=True,
)

SET_NO_PUSH_HOURS: Endpoint[bool] = Endpoint(
    operation="setNoPushHours",
    method="PUT",
    path="/user/push/limit",
    response=bool,
    arguments={
        "no_push_end_hour": Argument("no_push_end_hour", "query", int, required=True),
        "no_push_start_hour": Argument("no_push_start_hour", "query", int, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

SET_PUSH_NICKNAME: Endpoint[bool] = Endpoint(
    operation="setPushNickname",
    method="PUT",
    path="/user/push/nickname",
    response=bool,
    arguments={
        "nick_name": Argument("nick_name", "query", str, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

SET_NO_SOUNDS: Endpoint[bool] = Endpoint(
    operation="setNoSounds",
    method="PUT",
    path="/user/sounds",
    response=bool,
    arguments={
        "value": Argument("value", "query", bool, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

SET_VIBRATORY: Endpoint[bool] = Endpoint(
    operation="setVibratory",
    method="PUT",
    path="/user/vibratory",
    response=bool,
    arguments={
        "value": Argument("value", "query", bool, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

SET_NO_PUSH: Endpoint[bool] = Endpoint(
    operation="setNoPush",
    method="PUT",
    path="/user/push",
    response=bool,
    arguments={
        "value": Argument("value", "query", bool, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

SET_NO_PUSH_DETAIL: Endpoint[bool] = Endpoint(
    operation="setNoPushDetail",
    method="PUT",
    path="/user/push/detail",
    response=bool,
    arguments={
        "value": Argument("value", "query", bool, required=True),
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
    },
    unwrap=True,
    idempotent=True,
)

LIST_USERS: Endpoint[list[UserListItem]] = Endpoint(
    operation="listUsers",
    method="GET",
    path="/user/list",
    response=list[UserListItem],
    arguments={
        "user_id": Argument("user_id", "header", int),
        "group_id": Argument("group_id", "header", int),
        "page_num": Argument("page_num", "query", int),
        "page_size": Argument("page_size", "query", int),
    },
    unwrap=True,
    idempotent=True,
    pagination=Pagination(
        style="page",
        items=("data",),
        item_list=list[UserListItem],
        page_argument="page_num",
        size_argument="page_size",
        first_page=1,
    ),
)
