"""Idea images: checked, re-encoded on the server, stored under random names.

Nothing a participant uploads is served as they sent it. The bytes must open as one of a few
raster formats within size and pixel limits; the picture is then decoded, turned upright,
scaled down and written afresh as WebP (dropping metadata such as GPS positions and anything
smuggled after the image data). Files live in the instance folder's ``uploads/`` under random
names and are served with one fixed content type and ``nosniff``.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import tempfile
from pathlib import Path

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

from hackkit.errors import ServiceError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SOURCE_PIXELS = 40_000_000  # e.g. 8000 x 5000; larger is refused before decoding
MAX_EDGE = 1600  # stored pictures are at most this wide or tall
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
CONTENT_TYPE = "image/webp"
_NAME = re.compile(r"^[A-Za-z0-9_-]{22}\.webp$")


class ImageRejected(ServiceError):
    """An upload that is not an acceptable picture."""

    def __init__(self, message: str, code: str = "image_rejected"):
        super().__init__(code, message)


def uploads_dir() -> Path:
    """The folder images are stored in (created on first use)."""
    path = Path(current_app.config["HACKKIT"].instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def is_image_name(name: str) -> bool:
    """Whether ``name`` has the shape of a stored image's name (never a path)."""
    return isinstance(name, str) and bool(_NAME.match(name))


def image_path(name: str) -> Path | None:
    """Where a stored image is on disk, if the name is well-formed and the file exists."""
    if not is_image_name(name):
        return None
    path = uploads_dir() / name
    return path if path.is_file() else None


def image_exists(name: str) -> bool:
    """Whether an image with this name has been stored."""
    return image_path(name) is not None


def image_url(name: str) -> str:
    """The address screens load an image from."""
    return f"/uploads/{name}"


def reencode(data: bytes) -> bytes:
    """Check an uploaded picture and return it re-encoded as WebP; raise ImageRejected."""
    if not data:
        raise ImageRejected("The file is empty.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(
            f"Images can be at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.", "image_too_large"
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            if kind not in ACCEPTED_FORMATS:
                raise ImageRejected("Please upload a JPEG, PNG, WebP or GIF picture.", "image_type")
            # Checked from the header, before decoding: a tiny file can claim a huge canvas.
            if width < 1 or height < 1 or width * height > MAX_SOURCE_PIXELS:
                raise ImageRejected(
                    "That picture is too large (too many pixels).", "image_too_large"
                )
            probe.seek(0)  # the first frame of an animation is enough
            probe.load()
            picture = ImageOps.exif_transpose(probe)
            picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
    except ImageRejected:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ImageRejected("That file is not a picture we can read.", "image_type") from None
    picture.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, format="WEBP", quality=82, method=4)
    return out.getvalue()


def _has_alpha(picture: Image.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )


def store_image(data: bytes) -> str:
    """Check, re-encode and store an uploaded picture; return its new random name."""
    encoded = reencode(data)
    folder = uploads_dir()
    name = f"{secrets.token_urlsafe(16)}.webp"
    # Write then rename: a reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(encoded)
        os.replace(tmp, folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return name
