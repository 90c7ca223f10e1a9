"""Response models keep unknown fields, request models reject them: tests/specs/openness
generated, type-checked, and called against `botspec mock` on 127.0.0.1."""

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
        with pytest.raises(openness.InvalidArgument, match=r"'profile': pet\.cat\.clwas"):
            client.profile.put_profile(profile={"nick": "n", "pet": {"kind": "cat", "clwas": 1}})
    assert mock.requests() == []
