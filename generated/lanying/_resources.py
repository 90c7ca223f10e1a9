"""The API's operations, grouped by tag; each method is a thin call into the client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING

import httpx

from . import _endpoints
from ._base_client import NOT_GIVEN, NotGiven, to_async_raw_response, to_raw_response
from ._models import (
    AuthMode,
    AvatarUpdate,
    BatchRegisterResult,
    BatchUserResult,
    Device,
    ProfileUpdate,
    RegisterUserRequest,
    UserListItem,
    UserProfile,
    UserSettings,
)

if TYPE_CHECKING:
    from ._base_client import AsyncApiClient, SyncApiClient

__all__ = [
    "AsyncUserResource",
    "UserResource",
]


class UserResource:
    """User operations (用户操作): accounts, profile, settings, devices and push."""

    def __init__(self, client: SyncApiClient) -> None:
        self._client = client
        self.with_raw_response = UserResourceWithRawResponse(self)

    def register_user(
        self,
        *,
        username: str,
        password: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> UserSettings:
        """
        Register a user

        Registers a user (注册用户).

        Args:
            username: Username (用户名).
            password: Password (密码).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.REGISTER_USER,
            {
                "username": username,
                "password": password,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def batch_register_users(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        list_: list[RegisterUserRequest] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[BatchRegisterResult]:
        """
        Register users in batch

        Registers several users at once (批量注册用户).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            list_: Users to register. Sent as `list`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.BATCH_REGISTER_USERS,
            {
                "user_id": user_id,
                "group_id": group_id,
                "list_": list_,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def delete_user(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Delete a user

        Deletes the user (删除用户). The call has no body (Body 无).

        Also documented as POST /user/delete.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.DELETE_USER,
            {
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_username(
        self,
        *,
        username: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Change the username

        Changes the user's username (修改用户的用户名).

        Also documented as POST /user/username.

        Args:
            username: The new username (用户名).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_USERNAME,
            {
                "username": username,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def change_password(
        self,
        *,
        old_password: str,
        new_password: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Change the password

        Changes the user's password (修改用户密码).

        Args:
            old_password: Old password (旧密码).
            new_password: New password (新密码).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.CHANGE_PASSWORD,
            {
                "old_password": old_password,
                "new_password": new_password,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_avatar(
        self,
        *,
        avatar: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the avatar

        Sets the user's avatar (设置用户头像).

        Also documented as POST /user/avatar.

        Args:
            avatar: Avatar URL (头像URL).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_AVATAR,
            {
                "avatar": avatar,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def batch_set_avatars(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        list_: list[AvatarUpdate] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[BatchUserResult]:
        """
        Set avatars in batch

        Sets the avatars of several users (批量设置用户头像).

        Also documented as POST /user/avatar/batch.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            list_: Avatars to set. Sent as `list`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.BATCH_SET_AVATARS,
            {
                "user_id": user_id,
                "group_id": group_id,
                "list_": list_,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_nickname(
        self,
        *,
        nick_name: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the nickname

        Sets the user's nickname (设置用户昵称).

        Also documented as POST /user/nickname.

        Args:
            nick_name: The user's nickname (用户昵称).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_NICKNAME,
            {
                "nick_name": nick_name,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_mobile(
        self,
        *,
        mobile: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the mobile number

        Sets the user's mobile phone number (设置用户手机号码).

        Also documented as POST /user/mobile.

        Args:
            mobile: Mobile phone number (手机号码).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_MOBILE,
            {
                "mobile": mobile,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_public_info(
        self,
        *,
        body: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set public extension info

        Sets the user's public extension information (设置用户公开的扩展信息). The body
        is a plain string, not JSON (body 直接传递字符串,非json 格式).

        Also documented as POST /user/public.

        Args:
            body: The public extension information (公开扩展信息). The body is the
                string itself, not JSON (注意:body 直接传递字符串,非json 格式).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_PUBLIC_INFO,
            {
                "body": body,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_private_info(
        self,
        *,
        body: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set private extension info

        Sets the user's private extension information (设置用户私有扩展信息). The body
        is a plain string, not JSON (body 直接传递字符串,非json 格式).

        Also documented as POST /user/private.

        Args:
            body: The private extension information (私有扩展信息). The body is the
                string itself, not JSON (注意:body 直接传递字符串,非json 格式).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_PRIVATE_INFO,
            {
                "body": body,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_auto_download(
        self,
        *,
        value: bool,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set automatic download

        Sets whether thumbnails and files are downloaded automatically (设置用户是否自动
        下载缩略图和文件).

        Also documented as POST /user/download.

        Args:
            value: true: download thumbnails and files automatically (true 自动下载).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_AUTO_DOWNLOAD,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_auth_mode(
        self,
        *,
        value: AuthMode,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the friend-request verification method

        Sets how others may add the user as a friend (设置用户,加好友的验证方式).

        Also documented as POST /user/authmode.

        Args:
            value: Friend-request verification method (验证方式): 0 - anyone can add the
                user, 1 - approval needed, 2 - correct answer needed, 3 - reject all
                requests.
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_AUTH_MODE,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def get_profile(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> UserProfile:
        """
        Get the profile

        Gets the user's profile (查询用户信息).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.GET_PROFILE,
            {
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def update_profile(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        nick_name: str | None = None,
        description: str | None = None,
        public_info: str | None = None,
        private_info: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Update the profile

        Updates the user's profile (更新用户的Profile).

        Also documented as POST /user/profile.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            nick_name: Nickname (用户昵称).
            description: Description (描述信息).
            public_info: Public information, visible to friends and strangers (公开信息,
                好友和陌生人可见).
            private_info: Private information, visible only to the user (私有信息,仅自己
                可见).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.UPDATE_PROFILE,
            {
                "user_id": user_id,
                "group_id": group_id,
                "nick_name": nick_name,
                "description": description,
                "public_info": public_info,
                "private_info": private_info,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def batch_update_profiles(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        list_: list[ProfileUpdate] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[BatchUserResult]:
        """
        Update profiles in batch

        Updates the profiles of several users (批量更新用户信息).

        Also documented as POST /user/profile/batch.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            list_: Profiles to update. Sent as `list`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.BATCH_UPDATE_PROFILES,
            {
                "user_id": user_id,
                "group_id": group_id,
                "list_": list_,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def get_settings(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> UserSettings:
        """
        Get the settings

        Gets the user's settings (获取用户的设置信息).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.GET_SETTINGS,
            {
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def update_settings(
        self,
        *,
        user_id: int,
        user_id_header: int | None = None,
        group_id: int | None = None,
        id: int | None = None,
        auth_mode: AuthMode | None = None,
        auth_question: str | None = None,
        auth_answer: str | None = None,
        auto_download: bool | None = None,
        group_confirm: bool | None = None,
        no_push: bool | None = None,
        no_push_detail: bool | None = None,
        no_push_start_hour: int | None = None,
        no_push_end_hour: int | None = None,
        no_sounds: bool | None = None,
        push_nick_name: str | None = None,
        push_token: str | None = None,
        silence_start_time: int | None = None,
        silence_end_time: int | None = None,
        vibratory: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Update the settings

        Changes the user's settings (修改用户的配置信息).

        Also documented as POST /user/settings.

        Args:
            user_id: User ID (用户ID).
            user_id_header: Only when access-token is an admin token: call this API as
                the user with this ID (仅当access-token为管理员token时,可以设置此字段,表
                示以此用户ID的身份来调用此接口). Sent as `user_id`.
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            id: ID of the settings record.
            auth_mode: How others may add the user as a friend (验证方式): 0 - no
                verification, anyone can add the user as a friend (无需验证,任何人可以加
                为好友); 1 - the user must approve (需要同意方可加为好友); 2 - the
                requester must answer the verification question correctly (需要回答问题
                正确方可加为好友); 3 - reject all friend requests (拒绝所有加好友申请).
            auth_question: Verification question for friend requests (验证问题).
            auth_answer: Answer to the verification question (验证问题答案).
            auto_download: Whether thumbnails and files are downloaded automatically (是
                否自动下载).
            group_confirm: Whether the user must confirm group invitations: true - the
                user must agree before joining, false - invitations are accepted
                automatically (邀请入群时是否需要用户确认: true - 需要用户同意才可加入,
                false - 自动同意邀请).
            no_push: Whether push notifications are turned off (是否关闭推送消息).
            no_push_detail: Whether push notification details are turned off (是否关闭推
                送详情).
            no_push_start_hour: Start hour of the push do-not-disturb period (推送免打扰
                开始时间).
            no_push_end_hour: End hour of the push do-not-disturb period (推送免打扰结束
                时间).
            no_sounds: Whether new messages arrive silently (收到消息时是否静音).
            push_nick_name: Nickname shown in push notifications (推送昵称).
            push_token: Push token (推送token).
            silence_start_time: Start of the period in which pushes do not alert (推送不
                提醒开始时间).
            silence_end_time: End of the period in which pushes do not alert (推送不提醒
                结束时间).
            vibratory: Whether the device vibrates on new messages (收到消息时否振动).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.UPDATE_SETTINGS,
            {
                "user_id": user_id,
                "user_id_header": user_id_header,
                "group_id": group_id,
                "id": id,
                "auth_mode": auth_mode,
                "auth_question": auth_question,
                "auth_answer": auth_answer,
                "auto_download": auto_download,
                "group_confirm": group_confirm,
                "no_push": no_push,
                "no_push_detail": no_push_detail,
                "no_push_start_hour": no_push_start_hour,
                "no_push_end_hour": no_push_end_hour,
                "no_sounds": no_sounds,
                "push_nick_name": push_nick_name,
                "push_token": push_token,
                "silence_start_time": silence_start_time,
                "silence_end_time": silence_end_time,
                "vibratory": vibratory,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def disable_users(
        self,
        *,
        list_: list[int],
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Ban users

        Bans users; a banned user cannot log in to IM (封禁用户,被封禁的用户无法登录IM).

        Args:
            list_: User IDs (用户ID 列表). Sent as `list`.
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.DISABLE_USERS,
            {
                "list_": list_,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def enable_users(
        self,
        *,
        list_: list[int],
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Unban users

        Lifts the ban on users so they can use IM again (解除封禁用户,被解禁的用户恢复可
        以使用IM).

        Args:
            list_: User IDs (用户ID 列表). Sent as `list`.
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.ENABLE_USERS,
            {
                "list_": list_,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def list_devices(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        cursor: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[Device]:
        """
        List devices

        Lists the devices the user is logged in on (查询用户登录的设备列表).

        Returns one page; `iter_devices()` walks every page.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            cursor: Paging cursor: the `cursor` field of the previous page's answer,
                beside its list (the method returns the list; read the cursor from the
                raw response, or let the paging method follow it). Omit it for the first
                page. Assumed name: the document returns the cursor but names no request
                parameter.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.LIST_DEVICES,
            {
                "user_id": user_id,
                "group_id": group_id,
                "cursor": cursor,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def iter_devices(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        cursor: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> Iterator[Device]:
        """
        Every item of `list_devices`, page after page; pages are fetched as the
        iteration reaches them.

        Lists the devices the user is logged in on (查询用户登录的设备列表).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            cursor: Paging cursor: the `cursor` field of the previous page's answer,
                beside its list (the method returns the list; read the cursor from the
                raw response, or let the paging method follow it). Omit it for the first
                page. Assumed name: the document returns the cursor but names no request
                parameter.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.paginate(
            _endpoints.LIST_DEVICES,
            {
                "user_id": user_id,
                "group_id": group_id,
                "cursor": cursor,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def remove_device(
        self,
        *,
        device_sn: int,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Remove a device

        Removes one of the user's login devices (删除用户登录设备).

        Also documented as POST /user/device/remove.

        Args:
            device_sn: Serial number of the device to remove (device_sn).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.REMOVE_DEVICE,
            {
                "device_sn": device_sn,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def kick_device(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        device_sn: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Kick a device offline

        Kicks one of the user's devices offline; without device_sn all devices are
        kicked (踢出指定用户设备,使下线).

        Also documented as POST /user/kick.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            device_sn: Serial number of the device to kick; omit it to kick all devices
                (不传device_sn表示踢所有设备).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.KICK_DEVICE,
            {
                "user_id": user_id,
                "group_id": group_id,
                "device_sn": device_sn,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def register_push_user(
        self,
        *,
        username: str,
        password: str,
        user_id: int | None = None,
        group_id: int | None = None,
        device_guid: str | None = None,
        alias: str | None = None,
        push_token: str | None = None,
        sign: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> UserSettings:
        """
        Register a push user

        Registers a push user (注册推送用户).

        Args:
            username: Username (用户名).
            password: Password; required (密码,必填).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            device_guid: Device ID (设备ID).
            alias: Alias (别名).
            push_token: Push token (推送token).
            sign: Signature (签名).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.REGISTER_PUSH_USER,
            {
                "username": username,
                "password": password,
                "user_id": user_id,
                "group_id": group_id,
                "device_guid": device_guid,
                "alias": alias,
                "push_token": push_token,
                "sign": sign,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def bind_push_token(
        self,
        *,
        device_sn: int,
        device_token: str,
        notifier_name: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Bind a device push token

        Binds the push token of a device (绑定设备推送的token).

        Also documented as POST /user/token/bind.

        Args:
            device_sn: Device serial number (设备SN).
            device_token: The device's push token (设备的token).
            notifier_name: Name of the push certificate (证书名称).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.BIND_PUSH_TOKEN,
            {
                "device_sn": device_sn,
                "device_token": device_token,
                "notifier_name": notifier_name,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def unbind_push_token(
        self,
        *,
        device_sn: int,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Unbind a device push token

        Unbinds the push token of a device (解绑推送token).

        Also documented as POST /user/token/unbind.

        Args:
            device_sn: Device serial number (设备序号). Spelled deviceSn (camelCase) in
                this call. Sent as `deviceSn`.
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.UNBIND_PUSH_TOKEN,
            {
                "device_sn": device_sn,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def bind_push_alias(
        self,
        *,
        alias: str,
        user_id: int | None = None,
        group_id: int | None = None,
        push_token: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Bind a push alias

        Binds the user's push alias (绑定用户的推送别名).

        Args:
            alias: Alias (别名).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            push_token: Push token (推送token).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.BIND_PUSH_ALIAS,
            {
                "alias": alias,
                "user_id": user_id,
                "group_id": group_id,
                "push_token": push_token,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def get_push_tags(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[str]:
        """
        Get push tags

        Gets the user's push tags (查询用户的推送标签).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.GET_PUSH_TAGS,
            {
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def bind_push_tags(
        self,
        *,
        tags: list[str],
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Bind push tags

        Binds tags to the user (绑定用户的标签).

        Args:
            tags: Tag list; each tag is a string (标签列表,每个标签就是一个字符串).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.BIND_PUSH_TAGS,
            {
                "tags": tags,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def unbind_push_tags(
        self,
        *,
        tags: list[str],
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Unbind push tags

        Removes push tags from the user (删除用户的推送标签). The tags go in a JSON
        body.

        Args:
            tags: Tag list; each tag is a string (标签列表,每个标签就是一个字符串).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.UNBIND_PUSH_TAGS,
            {
                "tags": tags,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def delete_all_push_tags(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Delete all push tags

        Deletes all of the user's push tags (删除所有标签).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.DELETE_ALL_PUSH_TAGS,
            {
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_push_badge(
        self,
        *,
        badge: int,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the push badge

        Sets the user's push badge number (设置用户的推送角标).

        Args:
            badge: Badge number (角标数值).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_PUSH_BADGE,
            {
                "badge": badge,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_no_push_hours(
        self,
        *,
        no_push_end_hour: int,
        no_push_start_hour: int,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set push do-not-disturb hours

        Sets the hours during which the user gets no pushes (设置用户推送的免打扰时间).

        Also documented as POST /user/push/limit.

        Args:
            no_push_end_hour: End hour of the no-push period, 0-23 (不推送结束时间(小
                时),0~23).
            no_push_start_hour: Start hour of the no-push period, 0-23 (不推送开始时间
                (小时),0~23).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_NO_PUSH_HOURS,
            {
                "no_push_end_hour": no_push_end_hour,
                "no_push_start_hour": no_push_start_hour,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_push_nickname(
        self,
        *,
        nick_name: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the push nickname

        Sets the nickname shown in the user's push notifications (设置用户的推送昵称).

        Also documented as POST /user/push/nickname.

        Args:
            nick_name: Nickname shown in push notifications (用户推送昵称).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_PUSH_NICKNAME,
            {
                "nick_name": nick_name,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_no_sounds(
        self,
        *,
        value: bool,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Turn sound alerts off or on

        Sets whether the sound alert for new messages is turned off (设置用户的新消息提
        醒,是否关闭声音提醒).

        Also documented as POST /user/sounds.

        Args:
            value: true: turn off the sound alert for new messages (true 关闭).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_NO_SOUNDS,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_vibratory(
        self,
        *,
        value: bool,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Turn vibration on or off

        Sets whether the device vibrates on new messages (设置用户收到新消息,是否震动提
        醒).

        Also documented as POST /user/vibratory.

        Args:
            value: true: vibrate on new messages (true 震动).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_VIBRATORY,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_no_push(
        self,
        *,
        value: bool,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Turn push notifications off or on

        Sets whether the user's push notifications are turned off (设置用户是否关闭推
        送).

        Also documented as POST /user/push.

        Args:
            value: true: turn off push notifications (true 关闭推送).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_NO_PUSH,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def set_no_push_detail(
        self,
        *,
        value: bool,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Turn push details off or on

        Sets whether push notification details are turned off (设置用户是否关闭推送详
        情).

        Also documented as POST /user/push/detail.

        Args:
            value: true: turn off push details (关闭推送详情).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.SET_NO_PUSH_DETAIL,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def list_users(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        page_num: int | None = None,
        page_size: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[UserListItem]:
        """
        List all users of the app

        Lists all users of the app (列出APP 下所有用户).

        Returns one page; `iter_users()` walks every page.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            page_num: Page number; must be greater than 0 (页数:必须大于0,默认为1).
                Default: 1.
            page_size: Page size (每页大小:默认每页50条). Default: 50.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.request(
            _endpoints.LIST_USERS,
            {
                "user_id": user_id,
                "group_id": group_id,
                "page_num": page_num,
                "page_size": page_size,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def iter_users(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        page_num: int | None = None,
        page_size: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> Iterator[UserListItem]:
        """
        Every item of `list_users`, page after page; pages are fetched as the iteration
        reaches them.

        Lists all users of the app (列出APP 下所有用户).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            page_num: Page number; must be greater than 0 (页数:必须大于0,默认为1).
                Default: 1.
            page_size: Page size (每页大小:默认每页50条). Default: 50.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.paginate(
            _endpoints.LIST_USERS,
            {
                "user_id": user_id,
                "group_id": group_id,
                "page_num": page_num,
                "page_size": page_size,
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
        self.register_user = to_raw_response(resource.register_user)
        self.batch_register_users = to_raw_response(resource.batch_register_users)
        self.delete_user = to_raw_response(resource.delete_user)
        self.set_username = to_raw_response(resource.set_username)
        self.change_password = to_raw_response(resource.change_password)
        self.set_avatar = to_raw_response(resource.set_avatar)
        self.batch_set_avatars = to_raw_response(resource.batch_set_avatars)
        self.set_nickname = to_raw_response(resource.set_nickname)
        self.set_mobile = to_raw_response(resource.set_mobile)
        self.set_public_info = to_raw_response(resource.set_public_info)
        self.set_private_info = to_raw_response(resource.set_private_info)
        self.set_auto_download = to_raw_response(resource.set_auto_download)
        self.set_auth_mode = to_raw_response(resource.set_auth_mode)
        self.get_profile = to_raw_response(resource.get_profile)
        self.update_profile = to_raw_response(resource.update_profile)
        self.batch_update_profiles = to_raw_response(resource.batch_update_profiles)
        self.get_settings = to_raw_response(resource.get_settings)
        self.update_settings = to_raw_response(resource.update_settings)
        self.disable_users = to_raw_response(resource.disable_users)
        self.enable_users = to_raw_response(resource.enable_users)
        self.list_devices = to_raw_response(resource.list_devices)
        self.remove_device = to_raw_response(resource.remove_device)
        self.kick_device = to_raw_response(resource.kick_device)
        self.register_push_user = to_raw_response(resource.register_push_user)
        self.bind_push_token = to_raw_response(resource.bind_push_token)
        self.unbind_push_token = to_raw_response(resource.unbind_push_token)
        self.bind_push_alias = to_raw_response(resource.bind_push_alias)
        self.get_push_tags = to_raw_response(resource.get_push_tags)
        self.bind_push_tags = to_raw_response(resource.bind_push_tags)
        self.unbind_push_tags = to_raw_response(resource.unbind_push_tags)
        self.delete_all_push_tags = to_raw_response(resource.delete_all_push_tags)
        self.set_push_badge = to_raw_response(resource.set_push_badge)
        self.set_no_push_hours = to_raw_response(resource.set_no_push_hours)
        self.set_push_nickname = to_raw_response(resource.set_push_nickname)
        self.set_no_sounds = to_raw_response(resource.set_no_sounds)
        self.set_vibratory = to_raw_response(resource.set_vibratory)
        self.set_no_push = to_raw_response(resource.set_no_push)
        self.set_no_push_detail = to_raw_response(resource.set_no_push_detail)
        self.list_users = to_raw_response(resource.list_users)


class AsyncUserResource:
    """User operations (用户操作): accounts, profile, settings, devices and push."""

    def __init__(self, client: AsyncApiClient) -> None:
        self._client = client
        self.with_raw_response = AsyncUserResourceWithRawResponse(self)

    async def register_user(
        self,
        *,
        username: str,
        password: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> UserSettings:
        """
        Register a user

        Registers a user (注册用户).

        Args:
            username: Username (用户名).
            password: Password (密码).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.REGISTER_USER,
            {
                "username": username,
                "password": password,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def batch_register_users(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        list_: list[RegisterUserRequest] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[BatchRegisterResult]:
        """
        Register users in batch

        Registers several users at once (批量注册用户).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            list_: Users to register. Sent as `list`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.BATCH_REGISTER_USERS,
            {
                "user_id": user_id,
                "group_id": group_id,
                "list_": list_,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def delete_user(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Delete a user

        Deletes the user (删除用户). The call has no body (Body 无).

        Also documented as POST /user/delete.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.DELETE_USER,
            {
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_username(
        self,
        *,
        username: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Change the username

        Changes the user's username (修改用户的用户名).

        Also documented as POST /user/username.

        Args:
            username: The new username (用户名).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_USERNAME,
            {
                "username": username,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def change_password(
        self,
        *,
        old_password: str,
        new_password: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Change the password

        Changes the user's password (修改用户密码).

        Args:
            old_password: Old password (旧密码).
            new_password: New password (新密码).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.CHANGE_PASSWORD,
            {
                "old_password": old_password,
                "new_password": new_password,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_avatar(
        self,
        *,
        avatar: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the avatar

        Sets the user's avatar (设置用户头像).

        Also documented as POST /user/avatar.

        Args:
            avatar: Avatar URL (头像URL).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_AVATAR,
            {
                "avatar": avatar,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def batch_set_avatars(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        list_: list[AvatarUpdate] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[BatchUserResult]:
        """
        Set avatars in batch

        Sets the avatars of several users (批量设置用户头像).

        Also documented as POST /user/avatar/batch.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            list_: Avatars to set. Sent as `list`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.BATCH_SET_AVATARS,
            {
                "user_id": user_id,
                "group_id": group_id,
                "list_": list_,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_nickname(
        self,
        *,
        nick_name: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the nickname

        Sets the user's nickname (设置用户昵称).

        Also documented as POST /user/nickname.

        Args:
            nick_name: The user's nickname (用户昵称).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_NICKNAME,
            {
                "nick_name": nick_name,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_mobile(
        self,
        *,
        mobile: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the mobile number

        Sets the user's mobile phone number (设置用户手机号码).

        Also documented as POST /user/mobile.

        Args:
            mobile: Mobile phone number (手机号码).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_MOBILE,
            {
                "mobile": mobile,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_public_info(
        self,
        *,
        body: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set public extension info

        Sets the user's public extension information (设置用户公开的扩展信息). The body
        is a plain string, not JSON (body 直接传递字符串,非json 格式).

        Also documented as POST /user/public.

        Args:
            body: The public extension information (公开扩展信息). The body is the
                string itself, not JSON (注意:body 直接传递字符串,非json 格式).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_PUBLIC_INFO,
            {
                "body": body,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_private_info(
        self,
        *,
        body: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set private extension info

        Sets the user's private extension information (设置用户私有扩展信息). The body
        is a plain string, not JSON (body 直接传递字符串,非json 格式).

        Also documented as POST /user/private.

        Args:
            body: The private extension information (私有扩展信息). The body is the
                string itself, not JSON (注意:body 直接传递字符串,非json 格式).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_PRIVATE_INFO,
            {
                "body": body,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_auto_download(
        self,
        *,
        value: bool,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set automatic download

        Sets whether thumbnails and files are downloaded automatically (设置用户是否自动
        下载缩略图和文件).

        Also documented as POST /user/download.

        Args:
            value: true: download thumbnails and files automatically (true 自动下载).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_AUTO_DOWNLOAD,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_auth_mode(
        self,
        *,
        value: AuthMode,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the friend-request verification method

        Sets how others may add the user as a friend (设置用户,加好友的验证方式).

        Also documented as POST /user/authmode.

        Args:
            value: Friend-request verification method (验证方式): 0 - anyone can add the
                user, 1 - approval needed, 2 - correct answer needed, 3 - reject all
                requests.
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_AUTH_MODE,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def get_profile(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> UserProfile:
        """
        Get the profile

        Gets the user's profile (查询用户信息).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.GET_PROFILE,
            {
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def update_profile(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        nick_name: str | None = None,
        description: str | None = None,
        public_info: str | None = None,
        private_info: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Update the profile

        Updates the user's profile (更新用户的Profile).

        Also documented as POST /user/profile.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            nick_name: Nickname (用户昵称).
            description: Description (描述信息).
            public_info: Public information, visible to friends and strangers (公开信息,
                好友和陌生人可见).
            private_info: Private information, visible only to the user (私有信息,仅自己
                可见).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.UPDATE_PROFILE,
            {
                "user_id": user_id,
                "group_id": group_id,
                "nick_name": nick_name,
                "description": description,
                "public_info": public_info,
                "private_info": private_info,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def batch_update_profiles(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        list_: list[ProfileUpdate] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[BatchUserResult]:
        """
        Update profiles in batch

        Updates the profiles of several users (批量更新用户信息).

        Also documented as POST /user/profile/batch.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            list_: Profiles to update. Sent as `list`.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.BATCH_UPDATE_PROFILES,
            {
                "user_id": user_id,
                "group_id": group_id,
                "list_": list_,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def get_settings(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> UserSettings:
        """
        Get the settings

        Gets the user's settings (获取用户的设置信息).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.GET_SETTINGS,
            {
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def update_settings(
        self,
        *,
        user_id: int,
        user_id_header: int | None = None,
        group_id: int | None = None,
        id: int | None = None,
        auth_mode: AuthMode | None = None,
        auth_question: str | None = None,
        auth_answer: str | None = None,
        auto_download: bool | None = None,
        group_confirm: bool | None = None,
        no_push: bool | None = None,
        no_push_detail: bool | None = None,
        no_push_start_hour: int | None = None,
        no_push_end_hour: int | None = None,
        no_sounds: bool | None = None,
        push_nick_name: str | None = None,
        push_token: str | None = None,
        silence_start_time: int | None = None,
        silence_end_time: int | None = None,
        vibratory: bool | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Update the settings

        Changes the user's settings (修改用户的配置信息).

        Also documented as POST /user/settings.

        Args:
            user_id: User ID (用户ID).
            user_id_header: Only when access-token is an admin token: call this API as
                the user with this ID (仅当access-token为管理员token时,可以设置此字段,表
                示以此用户ID的身份来调用此接口). Sent as `user_id`.
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            id: ID of the settings record.
            auth_mode: How others may add the user as a friend (验证方式): 0 - no
                verification, anyone can add the user as a friend (无需验证,任何人可以加
                为好友); 1 - the user must approve (需要同意方可加为好友); 2 - the
                requester must answer the verification question correctly (需要回答问题
                正确方可加为好友); 3 - reject all friend requests (拒绝所有加好友申请).
            auth_question: Verification question for friend requests (验证问题).
            auth_answer: Answer to the verification question (验证问题答案).
            auto_download: Whether thumbnails and files are downloaded automatically (是
                否自动下载).
            group_confirm: Whether the user must confirm group invitations: true - the
                user must agree before joining, false - invitations are accepted
                automatically (邀请入群时是否需要用户确认: true - 需要用户同意才可加入,
                false - 自动同意邀请).
            no_push: Whether push notifications are turned off (是否关闭推送消息).
            no_push_detail: Whether push notification details are turned off (是否关闭推
                送详情).
            no_push_start_hour: Start hour of the push do-not-disturb period (推送免打扰
                开始时间).
            no_push_end_hour: End hour of the push do-not-disturb period (推送免打扰结束
                时间).
            no_sounds: Whether new messages arrive silently (收到消息时是否静音).
            push_nick_name: Nickname shown in push notifications (推送昵称).
            push_token: Push token (推送token).
            silence_start_time: Start of the period in which pushes do not alert (推送不
                提醒开始时间).
            silence_end_time: End of the period in which pushes do not alert (推送不提醒
                结束时间).
            vibratory: Whether the device vibrates on new messages (收到消息时否振动).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.UPDATE_SETTINGS,
            {
                "user_id": user_id,
                "user_id_header": user_id_header,
                "group_id": group_id,
                "id": id,
                "auth_mode": auth_mode,
                "auth_question": auth_question,
                "auth_answer": auth_answer,
                "auto_download": auto_download,
                "group_confirm": group_confirm,
                "no_push": no_push,
                "no_push_detail": no_push_detail,
                "no_push_start_hour": no_push_start_hour,
                "no_push_end_hour": no_push_end_hour,
                "no_sounds": no_sounds,
                "push_nick_name": push_nick_name,
                "push_token": push_token,
                "silence_start_time": silence_start_time,
                "silence_end_time": silence_end_time,
                "vibratory": vibratory,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def disable_users(
        self,
        *,
        list_: list[int],
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Ban users

        Bans users; a banned user cannot log in to IM (封禁用户,被封禁的用户无法登录IM).

        Args:
            list_: User IDs (用户ID 列表). Sent as `list`.
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.DISABLE_USERS,
            {
                "list_": list_,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def enable_users(
        self,
        *,
        list_: list[int],
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Unban users

        Lifts the ban on users so they can use IM again (解除封禁用户,被解禁的用户恢复可
        以使用IM).

        Args:
            list_: User IDs (用户ID 列表). Sent as `list`.
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.ENABLE_USERS,
            {
                "list_": list_,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def list_devices(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        cursor: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[Device]:
        """
        List devices

        Lists the devices the user is logged in on (查询用户登录的设备列表).

        Returns one page; `iter_devices()` walks every page.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            cursor: Paging cursor: the `cursor` field of the previous page's answer,
                beside its list (the method returns the list; read the cursor from the
                raw response, or let the paging method follow it). Omit it for the first
                page. Assumed name: the document returns the cursor but names no request
                parameter.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.LIST_DEVICES,
            {
                "user_id": user_id,
                "group_id": group_id,
                "cursor": cursor,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def iter_devices(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        cursor: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> AsyncIterator[Device]:
        """
        Every item of `list_devices`, page after page; pages are fetched as the
        iteration reaches them.

        Lists the devices the user is logged in on (查询用户登录的设备列表).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            cursor: Paging cursor: the `cursor` field of the previous page's answer,
                beside its list (the method returns the list; read the cursor from the
                raw response, or let the paging method follow it). Omit it for the first
                page. Assumed name: the document returns the cursor but names no request
                parameter.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.paginate(
            _endpoints.LIST_DEVICES,
            {
                "user_id": user_id,
                "group_id": group_id,
                "cursor": cursor,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def remove_device(
        self,
        *,
        device_sn: int,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Remove a device

        Removes one of the user's login devices (删除用户登录设备).

        Also documented as POST /user/device/remove.

        Args:
            device_sn: Serial number of the device to remove (device_sn).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.REMOVE_DEVICE,
            {
                "device_sn": device_sn,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def kick_device(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        device_sn: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Kick a device offline

        Kicks one of the user's devices offline; without device_sn all devices are
        kicked (踢出指定用户设备,使下线).

        Also documented as POST /user/kick.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            device_sn: Serial number of the device to kick; omit it to kick all devices
                (不传device_sn表示踢所有设备).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.KICK_DEVICE,
            {
                "user_id": user_id,
                "group_id": group_id,
                "device_sn": device_sn,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def register_push_user(
        self,
        *,
        username: str,
        password: str,
        user_id: int | None = None,
        group_id: int | None = None,
        device_guid: str | None = None,
        alias: str | None = None,
        push_token: str | None = None,
        sign: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> UserSettings:
        """
        Register a push user

        Registers a push user (注册推送用户).

        Args:
            username: Username (用户名).
            password: Password; required (密码,必填).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            device_guid: Device ID (设备ID).
            alias: Alias (别名).
            push_token: Push token (推送token).
            sign: Signature (签名).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.REGISTER_PUSH_USER,
            {
                "username": username,
                "password": password,
                "user_id": user_id,
                "group_id": group_id,
                "device_guid": device_guid,
                "alias": alias,
                "push_token": push_token,
                "sign": sign,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def bind_push_token(
        self,
        *,
        device_sn: int,
        device_token: str,
        notifier_name: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Bind a device push token

        Binds the push token of a device (绑定设备推送的token).

        Also documented as POST /user/token/bind.

        Args:
            device_sn: Device serial number (设备SN).
            device_token: The device's push token (设备的token).
            notifier_name: Name of the push certificate (证书名称).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.BIND_PUSH_TOKEN,
            {
                "device_sn": device_sn,
                "device_token": device_token,
                "notifier_name": notifier_name,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def unbind_push_token(
        self,
        *,
        device_sn: int,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Unbind a device push token

        Unbinds the push token of a device (解绑推送token).

        Also documented as POST /user/token/unbind.

        Args:
            device_sn: Device serial number (设备序号). Spelled deviceSn (camelCase) in
                this call. Sent as `deviceSn`.
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.UNBIND_PUSH_TOKEN,
            {
                "device_sn": device_sn,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def bind_push_alias(
        self,
        *,
        alias: str,
        user_id: int | None = None,
        group_id: int | None = None,
        push_token: str | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Bind a push alias

        Binds the user's push alias (绑定用户的推送别名).

        Args:
            alias: Alias (别名).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            push_token: Push token (推送token).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.BIND_PUSH_ALIAS,
            {
                "alias": alias,
                "user_id": user_id,
                "group_id": group_id,
                "push_token": push_token,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def get_push_tags(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[str]:
        """
        Get push tags

        Gets the user's push tags (查询用户的推送标签).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.GET_PUSH_TAGS,
            {
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def bind_push_tags(
        self,
        *,
        tags: list[str],
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Bind push tags

        Binds tags to the user (绑定用户的标签).

        Args:
            tags: Tag list; each tag is a string (标签列表,每个标签就是一个字符串).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.BIND_PUSH_TAGS,
            {
                "tags": tags,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def unbind_push_tags(
        self,
        *,
        tags: list[str],
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Unbind push tags

        Removes push tags from the user (删除用户的推送标签). The tags go in a JSON
        body.

        Args:
            tags: Tag list; each tag is a string (标签列表,每个标签就是一个字符串).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.UNBIND_PUSH_TAGS,
            {
                "tags": tags,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def delete_all_push_tags(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Delete all push tags

        Deletes all of the user's push tags (删除所有标签).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.DELETE_ALL_PUSH_TAGS,
            {
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_push_badge(
        self,
        *,
        badge: int,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the push badge

        Sets the user's push badge number (设置用户的推送角标).

        Args:
            badge: Badge number (角标数值).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_PUSH_BADGE,
            {
                "badge": badge,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_no_push_hours(
        self,
        *,
        no_push_end_hour: int,
        no_push_start_hour: int,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set push do-not-disturb hours

        Sets the hours during which the user gets no pushes (设置用户推送的免打扰时间).

        Also documented as POST /user/push/limit.

        Args:
            no_push_end_hour: End hour of the no-push period, 0-23 (不推送结束时间(小
                时),0~23).
            no_push_start_hour: Start hour of the no-push period, 0-23 (不推送开始时间
                (小时),0~23).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_NO_PUSH_HOURS,
            {
                "no_push_end_hour": no_push_end_hour,
                "no_push_start_hour": no_push_start_hour,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_push_nickname(
        self,
        *,
        nick_name: str,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Set the push nickname

        Sets the nickname shown in the user's push notifications (设置用户的推送昵称).

        Also documented as POST /user/push/nickname.

        Args:
            nick_name: Nickname shown in push notifications (用户推送昵称).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_PUSH_NICKNAME,
            {
                "nick_name": nick_name,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_no_sounds(
        self,
        *,
        value: bool,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Turn sound alerts off or on

        Sets whether the sound alert for new messages is turned off (设置用户的新消息提
        醒,是否关闭声音提醒).

        Also documented as POST /user/sounds.

        Args:
            value: true: turn off the sound alert for new messages (true 关闭).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_NO_SOUNDS,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_vibratory(
        self,
        *,
        value: bool,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Turn vibration on or off

        Sets whether the device vibrates on new messages (设置用户收到新消息,是否震动提
        醒).

        Also documented as POST /user/vibratory.

        Args:
            value: true: vibrate on new messages (true 震动).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_VIBRATORY,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_no_push(
        self,
        *,
        value: bool,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Turn push notifications off or on

        Sets whether the user's push notifications are turned off (设置用户是否关闭推
        送).

        Also documented as POST /user/push.

        Args:
            value: true: turn off push notifications (true 关闭推送).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_NO_PUSH,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def set_no_push_detail(
        self,
        *,
        value: bool,
        user_id: int | None = None,
        group_id: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> bool:
        """
        Turn push details off or on

        Sets whether push notification details are turned off (设置用户是否关闭推送详
        情).

        Also documented as POST /user/push/detail.

        Args:
            value: true: turn off push details (关闭推送详情).
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.SET_NO_PUSH_DETAIL,
            {
                "value": value,
                "user_id": user_id,
                "group_id": group_id,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    async def list_users(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        page_num: int | None = None,
        page_size: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> list[UserListItem]:
        """
        List all users of the app

        Lists all users of the app (列出APP 下所有用户).

        Returns one page; `iter_users()` walks every page.

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            page_num: Page number; must be greater than 0 (页数:必须大于0,默认为1).
                Default: 1.
            page_size: Page size (每页大小:默认每页50条). Default: 50.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return await self._client.request(
            _endpoints.LIST_USERS,
            {
                "user_id": user_id,
                "group_id": group_id,
                "page_num": page_num,
                "page_size": page_size,
            },
            extra_headers=extra_headers,
            timeout=timeout,
        )

    def iter_users(
        self,
        *,
        user_id: int | None = None,
        group_id: int | None = None,
        page_num: int | None = None,
        page_size: int | None = None,
        extra_headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    ) -> AsyncIterator[UserListItem]:
        """
        Every item of `list_users`, page after page; pages are fetched as the iteration
        reaches them.

        Lists all users of the app (列出APP 下所有用户).

        Args:
            user_id: Only when access-token is an admin token: call this API as the user
                with this ID (仅当access-token为管理员token时,可以设置此字段,表示以此用
                户ID的身份来调用此接口).
            group_id: Only when access-token is an admin token: call this API as an
                admin of the group with this ID (仅当access-token为管理员token时,可以设
                置此字段,表示以此群ID的管理员身份来调用此接口).
            page_num: Page number; must be greater than 0 (页数:必须大于0,默认为1).
                Default: 1.
            page_size: Page size (每页大小:默认每页50条). Default: 50.
            extra_headers: Headers to send with this call, replacing any the client
                would send under the same name (in any case).
            timeout: Seconds (or an `httpx.Timeout`) the whole call may take, its
                retries and waits included; None waits without limit. Default: the
                client's.
        """
        return self._client.paginate(
            _endpoints.LIST_USERS,
            {
                "user_id": user_id,
                "group_id": group_id,
                "page_num": page_num,
                "page_size": page_size,
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
        self.register_user = to_async_raw_response(resource.register_user)
        self.batch_register_users = to_async_raw_response(resource.batch_register_users)
        self.delete_user = to_async_raw_response(resource.delete_user)
        self.set_username = to_async_raw_response(resource.set_username)
        self.change_password = to_async_raw_response(resource.change_password)
        self.set_avatar = to_async_raw_response(resource.set_avatar)
        self.batch_set_avatars = to_async_raw_response(resource.batch_set_avatars)
        self.set_nickname = to_async_raw_response(resource.set_nickname)
        self.set_mobile = to_async_raw_response(resource.set_mobile)
        self.set_public_info = to_async_raw_response(resource.set_public_info)
        self.set_private_info = to_async_raw_response(resource.set_private_info)
        self.set_auto_download = to_async_raw_response(resource.set_auto_download)
        self.set_auth_mode = to_async_raw_response(resource.set_auth_mode)
        self.get_profile = to_async_raw_response(resource.get_profile)
        self.update_profile = to_async_raw_response(resource.update_profile)
        self.batch_update_profiles = to_async_raw_response(resource.batch_update_profiles)
        self.get_settings = to_async_raw_response(resource.get_settings)
        self.update_settings = to_async_raw_response(resource.update_settings)
        self.disable_users = to_async_raw_response(resource.disable_users)
        self.enable_users = to_async_raw_response(resource.enable_users)
        self.list_devices = to_async_raw_response(resource.list_devices)
        self.remove_device = to_async_raw_response(resource.remove_device)
        self.kick_device = to_async_raw_response(resource.kick_device)
        self.register_push_user = to_async_raw_response(resource.register_push_user)
        self.bind_push_token = to_async_raw_response(resource.bind_push_token)
        self.unbind_push_token = to_async_raw_response(resource.unbind_push_token)
        self.bind_push_alias = to_async_raw_response(resource.bind_push_alias)
        self.get_push_tags = to_async_raw_response(resource.get_push_tags)
        self.bind_push_tags = to_async_raw_response(resource.bind_push_tags)
        self.unbind_push_tags = to_async_raw_response(resource.unbind_push_tags)
        self.delete_all_push_tags = to_async_raw_response(resource.delete_all_push_tags)
        self.set_push_badge = to_async_raw_response(resource.set_push_badge)
        self.set_no_push_hours = to_async_raw_response(resource.set_no_push_hours)
        self.set_push_nickname = to_async_raw_response(resource.set_push_nickname)
        self.set_no_sounds = to_async_raw_response(resource.set_no_sounds)
        self.set_vibratory = to_async_raw_response(resource.set_vibratory)
        self.set_no_push = to_async_raw_response(resource.set_no_push)
        self.set_no_push_detail = to_async_raw_response(resource.set_no_push_detail)
        self.list_users = to_async_raw_response(resource.list_users)
