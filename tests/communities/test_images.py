import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from communities import images

from .conftest import camera_exif, picture, upload

pytestmark = pytest.mark.unit


def decoded(logo) -> Image.Image:
    image = Image.open(io.BytesIO(logo.read()))
    image.load()
    return image


def codes(error: pytest.ExceptionInfo) -> list[str]:
    return [e.code for e in error.value.error_list]


def test_process_logo_accepts_png_and_keeps_it_png():
    logo = images.process_logo(upload(picture("PNG", size=(64, 48))))

    image = decoded(logo)
    assert (image.format, image.size, image.mode) == ("PNG", (64, 48), "RGB")
    assert logo.name.endswith(".png")


def test_process_logo_keeps_transparency():
    logo = images.process_logo(upload(picture("PNG", size=(10, 10), mode="RGBA", color=(0, 0, 0, 0))))

    image = decoded(logo)
    assert (image.mode, image.getpixel((5, 5))) == ("RGBA", (0, 0, 0, 0))


@pytest.mark.parametrize(
    ("fmt", "content_type", "expected"),
    [("JPEG", "image/jpeg", "WEBP"), ("WEBP", "image/webp", "PNG"), ("GIF", "image/gif", "PNG")],
)
def test_process_logo_accepts_other_formats(fmt, content_type, expected):
    logo = images.process_logo(upload(picture(fmt), name=f"logo.{fmt.lower()}", content_type=content_type))

    assert decoded(logo).format == expected


def test_process_logo_resizes_to_the_maximum_side():
    logo = images.process_logo(upload(picture("PNG", size=(2000, 1000))))

    assert decoded(logo).size == (512, 256)


def test_process_logo_strips_exif_and_text_chunks():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret comment")
    source = picture("JPEG", exif=camera_exif())
    assert b"SpyCam" in source  # the test's own premise: the upload does carry EXIF
    png_source = picture("PNG", exif=camera_exif(), pnginfo=info)
    assert b"secret comment" in png_source

    for content, name in [(source, "logo.jpg"), (png_source, "logo.png")]:
        logo = images.process_logo(upload(content, name=name))
        stored = logo.read()
        image = Image.open(io.BytesIO(stored))

        assert b"SpyCam" not in stored
        assert b"secret comment" not in stored
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info


def test_process_logo_drops_bytes_appended_after_the_image():
    content = picture("PNG") + b"<script>alert(1)</script>"

    stored = images.process_logo(upload(content)).read()

    assert b"<script>" not in stored


def test_process_logo_refuses_text_renamed_png():
    with pytest.raises(ValidationError) as error:
        images.process_logo(upload(b"just some text, not a picture\n" * 10, name="logo.png"))

    assert codes(error) == ["invalid_image"]


def test_process_logo_refuses_svg():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    with pytest.raises(ValidationError) as error:
        images.process_logo(upload(svg, name="logo.svg", content_type="image/svg+xml"))

    assert codes(error) == ["svg"]


def test_process_logo_refuses_svg_renamed_png():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    with pytest.raises(ValidationError) as error:
        images.process_logo(upload(svg, name="logo.png"))

    assert codes(error) == ["invalid_image"]


def test_process_logo_refuses_files_over_two_megabytes():
    big = picture("PNG") + b"\0" * images.MAX_UPLOAD_BYTES

    with pytest.raises(ValidationError) as error:
        images.process_logo(upload(big))

    assert codes(error) == ["too_big"]


def test_process_logo_refuses_too_many_pixels():
    # A small file that decodes to a huge picture: refused from the header, before decoding.
    content = picture("PNG", size=(images.MAX_SOURCE_SIDE + 1, 10), mode="1", color=0)
    assert len(content) < images.MAX_UPLOAD_BYTES

    with pytest.raises(ValidationError) as error:
        images.process_logo(upload(content))

    assert codes(error) == ["too_many_pixels"]


def test_process_logo_accepts_the_maximum_pixels():
    content = picture("PNG", size=(images.MAX_SOURCE_SIDE, 10), mode="1", color=0)

    assert decoded(images.process_logo(upload(content))).size == (512, 1)


def test_process_logo_refuses_a_truncated_png():
    content = picture("PNG", size=(300, 300), color=(1, 2, 3))

    with pytest.raises(ValidationError) as error:
        images.process_logo(upload(content[: len(content) // 2]))

    assert codes(error) == ["invalid_image"]


def test_process_logo_keeps_only_the_first_frame_of_an_animation():
    frames = [Image.new("RGB", (20, 20), color) for color in [(255, 0, 0), (0, 0, 255)]]
    output = io.BytesIO()
    frames[0].save(output, format="GIF", save_all=True, append_images=frames[1:])

    image = decoded(images.process_logo(upload(output.getvalue(), name="logo.gif")))

    assert (getattr(image, "n_frames", 1), image.convert("RGB").getpixel((1, 1))) == (1, (255, 0, 0))
