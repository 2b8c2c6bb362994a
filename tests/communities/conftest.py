import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories.communities import CommunityFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Logos are written to disk: keep them out of the project's media folder.
    settings.MEDIA_ROOT = tmp_path / "media"


def picture(format="PNG", size=(64, 48), mode="RGB", color=(200, 30, 30), exif=None, name=None, **save) -> bytes:
    image = Image.new(mode, size, color)
    output = io.BytesIO()
    if exif is not None:
        save["exif"] = exif
    image.save(output, format=format, **save)
    return output.getvalue()


def upload(content: bytes, name="logo.png", content_type="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # Make
    exif[0x0131] = "SecretEditor 1.0"  # Software
    exif[0x0112] = 1  # Orientation
    return exif


@pytest.fixture
def community(db):
    return CommunityFactory(slug="pyhug", name="PyHUG", name_zh_hant="高雄 Python 使用者群組")
