"""Simple, distinct demo logos drawn with Pillow: a short mark on a coloured shape.

The picture is then stored through ``communities.images.process_logo``, the path every uploaded logo
takes, so a demo logo is exactly as valid (and as clean) as one a responsible person uploads.
"""

import hashlib
import io

from PIL import Image, ImageDraw, ImageFont

from communities.images import CleanLogo, process_logo

SIZE = 192  # the pages show logos at 64 and 96 CSS pixels: sharp on a phone's 2x screen
DRAWN = SIZE * 2  # drawn larger, then reduced: smooth edges without anti-aliased shapes
# Colours that hold white text at a readable contrast.
PALETTE = [
    "#1F618D",
    "#117A65",
    "#A04000",
    "#6C3483",
    "#B03A2E",
    "#1E8449",
    "#2E4053",
    "#9A7D0A",
    "#AF601A",
    "#148F77",
    "#5B2C6F",
    "#283593",
    "#AD1457",
    "#00695C",
]
SHAPES = ("rounded", "circle", "rounded_band", "hexagon")
# A bold face where the system has one; Pillow's own scalable font everywhere else.
BOLD_FONTS = ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "Arial Bold.ttf")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in BOLD_FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _pick(key: str, options):
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return options[int.from_bytes(digest[:4], "big") % len(options)]


def _hexagon(size: int, margin: int) -> list[tuple[float, float]]:
    half, quarter = size / 2, size / 4
    return [
        (quarter, margin),
        (size - quarter, margin),
        (size - margin, half),
        (size - quarter, size - margin),
        (quarter, size - margin),
        (margin, half),
    ]


def draw_logo(*, key: str, mark: str) -> Image.Image:
    """The same picture for the same key (a community's slug) and mark (one to four characters)."""
    colour = _pick(key, PALETTE)
    shape = _pick(key[::-1], SHAPES)
    size, margin, radius = DRAWN, DRAWN // 48, DRAWN // 5
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    box = (margin, margin, size - margin, size - margin)
    if shape == "circle":
        draw.ellipse(box, fill=colour)
    elif shape == "hexagon":
        draw.polygon(_hexagon(size, margin), fill=colour)
    else:
        draw.rounded_rectangle(box, radius=radius, fill=colour)
        if shape == "rounded_band":  # a lighter band along the bottom, like a badge
            band = Image.new("RGBA", (size, size), (0, 0, 0, 0))
            ImageDraw.Draw(band).rectangle((0, int(size * 0.74), size, size), fill=(255, 255, 255, 70))
            mask = Image.new("L", (size, size), 0)
            ImageDraw.Draw(mask).rounded_rectangle(box, radius=radius, fill=255)
            image.paste(Image.alpha_composite(image, band), (0, 0), mask)
            draw = ImageDraw.Draw(image)
    text = mark[:4]
    font_size = size * {1: 136, 2: 106, 3: 82, 4: 64}.get(len(text), 64) // 256
    centre = (size / 2, size / 2 - (size // 32 if shape == "rounded_band" else 0))
    draw.text(centre, text, font=_font(font_size), fill="white", anchor="mm")
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def logo_file(*, key: str, mark: str) -> CleanLogo:
    """A demo logo as a file ready for ``community.logo.save``, re-encoded like an upload."""
    buffer = io.BytesIO()
    draw_logo(key=key, mark=mark).save(buffer, format="PNG")
    buffer.name = f"{key}.png"
    buffer.seek(0)
    return process_logo(buffer)
