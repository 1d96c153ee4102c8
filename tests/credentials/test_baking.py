"""Baked badges: the credential goes into the picture and comes out the same."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from hackkit.credentials import baking
from hackkit.credentials.artwork import badge_png, badge_svg

CREDENTIAL = json.dumps({"name": "Zoë's badge ]]> with a CDATA end", "n": 1}, ensure_ascii=False)


def test_png_round_trip_and_the_picture_still_opens() -> None:
    baked = baking.bake_png(badge_png("juror", "Hack Night"), CREDENTIAL)
    assert baking.unbake_png(baked) == CREDENTIAL
    with Image.open(io.BytesIO(baked)) as picture:
        picture.load()
        assert picture.size == (400, 400)
        assert picture.text["openbadgecredential"] == CREDENTIAL  # a standard iTXt chunk


def test_svg_round_trip_even_with_a_cdata_end_inside() -> None:
    baked = baking.bake_svg(badge_svg("placed", "Hack <Night>"), CREDENTIAL)
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
    assert baking.unbake_svg(baked) == CREDENTIAL
    assert "Hack &lt;Night&gt;" in baked


@pytest.mark.parametrize(
    "data",
    [b"", b"GIF89a", baking.PNG_SIGNATURE + b"\x00\x00", badge_png("juror", "x")[:100]],
)
def test_a_png_without_a_credential_is_refused(data: bytes) -> None:
    with pytest.raises(baking.BakingError):
        baking.unbake_png(data)


def test_an_svg_without_a_credential_is_refused() -> None:
    with pytest.raises(baking.BakingError):
        baking.unbake_svg(badge_svg("juror", "x"))
