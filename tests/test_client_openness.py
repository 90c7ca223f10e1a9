"""Response models keep unknown fields and enum values, request models reject them:
tests/specs/openness generated, type-checked, and called against `botspec mock` on
127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pydantic
import pytest
from gen_support import TEST_SPECS, generate_to, imported, mypy_strict
from mockserver import MockServer

SPEC = TEST_SPECS / "openness"


@pytest.fixture(scope="module")
def parent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    parent = tmp_path_factory.mktemp("openness")
    generate_to(SPEC, parent)
    return parent


@pytest.fixture(scope="module")
def openness(parent: Path) -> Iterator[ModuleType]:
    with imported(parent, "openness") as module:
        yield module


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with MockServer(SPEC) as server:
        yield server


def test_package_with_request_twins_is_mypy_strict_clean(parent: Path) -> None:
    assert mypy_strict(parent, ["openness"]) == {"openness": []}


def test_response_closed_by_the_spec_decodes_with_an_unlisted_field(
    openness: ModuleType, mock: MockServer
) -> None:
    mock.reset()
    body = {"id": "r1", "lines": [{"text": "a", "sku": 7}], "issued_at": "today"}
    mock.fault(operation="makeReceipt", status=200, body=body)
    with openness.Client(base_url=mock.url) as client:
        receipt = client.profile.make_receipt()
    assert receipt.id == "r1"
    assert receipt.model_extra == {"issued_at": "today"}
    assert receipt.lines[0].model_extra == {"sku": 7}


def test_response_of_a_shared_class_keeps_unlisted_nested_fields(
    openness: ModuleType, mock: MockServer
) -> None:
    mock.reset()
    body = {"nick": "n", "home": {"city": "c", "zip": "1"}, "pet": {"kind": "dog", "age": 2}}
    mock.fault(operation="putProfile", status=200, body=body)
    with openness.Client(base_url=mock.url) as client:
        profile = client.profile.put_profile(profile={"nick": "n"})
    assert isinstance(profile, openness.Profile)
    assert profile.home.model_extra == {"zip": "1"}
    assert isinstance(profile.pet.root, openness.Dog)
    assert profile.pet.root.model_extra == {"age": 2}


def test_request_with_an_unknown_nested_field_is_rejected_before_sending(
    openness: ModuleType, mock: MockServer
) -> None:
    mock.reset()
    with openness.Client(base_url=mock.url) as client:
        with pytest.raises(openness.InvalidArgument, match=r"'profile': home\.ctiy"):
            client.profile.put_profile(profile={"nick": "n", "home": {"ctiy": "typo"}})
        with pytest.raises(pydantic.ValidationError, match=r"nikc"):
            openness.ProfileParam(nick="n", nikc="typo")
        with pytest.raises(openness.InvalidArgument, match=r"ctiy"):
            client.profile.make_receipt(body=[{"ctiy": "typo"}])
        # by the value's keys alone: the tag ("cat") is pydantic's label of the member
        with pytest.raises(openness.InvalidArgument, match=r"'profile': pet\.clwas"):
            client.profile.put_profile(profile={"nick": "n", "pet": {"kind": "cat", "clwas": 1}})
    assert mock.requests() == []


def test_response_enum_fields_keep_values_the_spec_does_not_list(
    openness: ModuleType, mock: MockServer
) -> None:
    mock.reset()
    mock.fault(
        operation="putProfile", status=200, body={"nick": "n", "level": 7, "visibility": "x"}
    )
    with openness.Client(base_url=mock.url) as client:
        profile = client.profile.put_profile(profile={"nick": "n"})
    assert (profile.level, profile.visibility) == (7, "x")


def test_response_enum_fields_decode_known_values_as_members(
    openness: ModuleType, mock: MockServer
) -> None:
    mock.reset()
    body = {"nick": "n", "level": 2, "visibility": "private"}
    mock.fault(operation="putProfile", status=200, body=body)
    with openness.Client(base_url=mock.url) as client:
        profile = client.profile.put_profile(profile={"nick": "n"})
    assert profile.level is openness.Level.FULL
    assert profile.visibility is openness.Visibility.PRIVATE
    built = openness.Profile(nick="n", level=2, visibility="private")  # Python input too
    assert (built.level, built.visibility) == (openness.Level.FULL, openness.Visibility.PRIVATE)
    assert type(built.level) is openness.Level and type(built.visibility) is openness.Visibility


def test_response_enum_fields_are_typed_as_the_enum_or_its_base_type(
    openness: ModuleType,
) -> None:
    fields = openness.Profile.model_fields
    assert fields["level"].annotation == openness.Level | int | None
    assert fields["visibility"].annotation == openness.Visibility | str | None
    assert openness.ProfileParam.model_fields["level"].annotation == openness.Level | None


def test_response_enums_held_in_lists_and_maps_keep_values_the_spec_does_not_list_sent_ones_not(
    openness: ModuleType, mock: MockServer
) -> None:
    mock.reset()
    body = {
        "nick": "n",
        "history": [1, 7],
        "shown_to": {"home": "private", "pet": "friends"},
        "badges": ["gold", "bronze"],
    }
    mock.fault(operation="putProfile", status=200, body=body)
    with openness.Client(base_url=mock.url) as client:
        profile = client.profile.put_profile(profile={"nick": "n"})
    assert profile.history == [openness.Level.BASIC, 7]
    assert type(profile.history[0]) is openness.Level
    assert profile.shown_to == {"home": openness.Visibility.PRIVATE, "pet": "friends"}
    assert type(profile.shown_to["home"]) is openness.Visibility
    assert profile.badges[1] == "bronze" and type(profile.badges[0]) is not str
    # what is sent stays closed
    with pytest.raises(pydantic.ValidationError, match=r"history\.1"):
        openness.ProfileParam(nick="n", history=[1, 7])
    with pytest.raises(pydantic.ValidationError, match=r"shown_to\.pet"):
        openness.ProfileParam(nick="n", shown_to={"pet": "friends"})


def test_answers_that_are_enums_or_lists_of_them_keep_values_the_spec_does_not_list(
    openness: ModuleType, mock: MockServer
) -> None:
    mock.reset()
    mock.fault(operation="listLevels", status=200, body=[2, 9])
    # a string body the mock answers as text: here the JSON text of a string
    mock.fault(operation="getVisibility", status=200, body='"friends"')
    mock.fault(operation="getTheme", status=200, body='"sepia"')
    with openness.Client(base_url=mock.url) as client:
        levels = client.profile.list_levels()
        assert (client.profile.get_visibility(), client.profile.get_theme()) == ("friends", "sepia")
    assert levels == [openness.Level.FULL, 9] and type(levels[0]) is openness.Level
    mock.reset()
    mock.fault(operation="getVisibility", status=200, body='"public"')
    with openness.Client(base_url=mock.url) as client:
        assert client.profile.get_visibility() is openness.Visibility.PUBLIC


def test_request_enum_field_rejects_a_value_the_spec_does_not_list(
    openness: ModuleType, mock: MockServer
) -> None:
    mock.reset()
    refused = pytest.raises(openness.InvalidArgument, match=r"argument 'profile': level: ")
    with openness.Client(base_url=mock.url) as client, refused:
        client.profile.put_profile(profile={"nick": "n", "level": 7})
    with pytest.raises(pydantic.ValidationError, match=r"visibility"):
        openness.ProfileParam(nick="n", visibility="x")
    assert mock.requests() == []


def test_lanying_device_with_a_new_platform_decodes(
    lanying: ModuleType, lanying_mock: MockServer
) -> None:
    devices = [{"device_sn": 1, "platform": 7}, {"device_sn": 2, "platform": 2}]
    body = {"code": 200, "message": "", "data": devices}
    lanying_mock.fault(operation="listDevices", status=200, body=body)
    with lanying.Client(access_token="t", app_id="1", base_url=lanying_mock.url) as client:
        found = client.user.list_devices()
    assert [device.platform for device in found] == [7, lanying.DevicePlatform.ANDROID]
    assert type(found[1].platform) is lanying.DevicePlatform


def test_kook_current_user_decodes_an_invited_count_the_documents_do_not_bound(
    kook: ModuleType, kook_mock: MockServer
) -> None:
    # Seed 004 types invited_count as an int and says no more: -1 is a count the
    # platform may send, not a reason to fail `me()`.
    kook_mock.reset()
    user = {"id": "364862", "username": "test", "identify_num": "1670", "invited_count": -1}
    body = {"code": 0, "message": "操作成功", "data": user}
    kook_mock.fault(operation="me", status=200, body=body)
    with kook.Client(token="t", base_url=kook_mock.url + "/api/v3") as client:
        assert client.user.me().invited_count == -1
