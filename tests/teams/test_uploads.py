"""Idea pictures: checked, re-encoded, stored under random names, served safely."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from hackkit.teams import uploads


def picture(
    kind: str = "PNG", size: tuple[int, int] = (64, 48), mode: str = "RGB", **save
) -> bytes:
    out = io.BytesIO()
    colour = (255, 140, 0, 90) if mode == "RGBA" else "orange"  # half transparent
    Image.new(mode, size, colour).save(out, format=kind, **save)
    return out.getvalue()


def test_pictures_are_reencoded_as_webp_without_metadata(app):
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90 degrees
    data = picture("JPEG", (80, 40), exif=exif.tobytes()) + b"<script>trailing</script>"
    encoded = uploads.reencode(data)
    with Image.open(io.BytesIO(encoded)) as out:
        assert out.format == "WEBP"
        assert out.size == (40, 80)  # turned upright
        assert not out.getexif()
    assert b"SecretCam" not in encoded and b"<script>" not in encoded


def test_large_pictures_are_scaled_down_and_transparency_kept(app):
    with Image.open(io.BytesIO(uploads.reencode(picture("PNG", (3200, 1000), "RGBA")))) as out:
        assert out.size == (1600, 500)
        assert out.mode == "RGBA"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "image_rejected"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "image_type"),
        (b"GIF89a" + b"\0" * 20, "image_type"),
        (picture("BMP"), "image_type"),
        (picture("PNG", (9000, 5000), "1"), "image_too_large"),
        (b"\xff" * (uploads.MAX_UPLOAD_BYTES + 1), "image_too_large"),
    ],
)
def test_what_is_not_an_acceptable_picture_is_refused(app, data, code):
    with pytest.raises(uploads.ImageRejected) as refused:
        uploads.reencode(data)
    assert refused.value.code == code


def test_upload_and_serving_through_the_web(hack, client):
    from tests.teams.conftest import sign_in
    from tests.teams.test_ideas import _team

    _team(hack, "Ada")
    hack.person("Cy")
    url = hack.path("/images")
    auth = {"Authorization": f"Bearer {hack.tokens['Ada']}"}
    response = client.post(url, data={"image": (io.BytesIO(picture()), "me.png")}, headers=auth)
    assert response.status_code == 200, response.get_json()
    stored = response.get_json()["data"]
    assert uploads.is_image_name(stored["image"])
    served = client.get(stored["url"])
    served.close()
    assert served.status_code == 200
    assert served.mimetype == "image/webp"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    idea = hack.ok(
        "POST",
        "/ideas",
        "Ada",
        {"title": "Pic", "challenge_id": hack.challenges[0], "image": stored["image"]},
    )
    assert idea["image_url"] == stored["url"]
    # Once hidden, the picture is gone for everyone but the facilitator.
    hack.ok("POST", f"/ideas/{idea['id']}/hide", None, {"reason": "Not ok"})
    assert client.get(stored["url"]).status_code == 404
    sign_in(client)
    as_facilitator = client.get(stored["url"])
    as_facilitator.close()
    assert as_facilitator.status_code == 200
    assert client.get("/uploads/..%2Fsecret_key").status_code == 404
    assert client.get("/uploads/" + "A" * 22 + ".webp").status_code == 404


def test_uploads_need_a_participant_of_the_event_and_a_picture(hack, client):
    hack.person("Ada")
    url = hack.path("/images")
    anonymous = client.post(url, data={"image": (io.BytesIO(picture()), "me.png")})
    assert anonymous.status_code == 401
    auth = {"Authorization": f"Bearer {hack.tokens['Ada']}"}
    empty = client.post(url, data={}, headers=auth)
    assert empty.get_json()["error"]["code"] == "image_required"
    text = client.post(url, data={"image": (io.BytesIO(b"hello"), "x.png")}, headers=auth)
    assert (text.status_code, text.get_json()["error"]["code"]) == (400, "image_type")
    other = f"/api/events/{hack.event['id'] + 1}/images"
    assert (
        client.post(
            other, data={"image": (io.BytesIO(picture()), "me.png")}, headers=auth
        ).status_code
        == 404
    )
