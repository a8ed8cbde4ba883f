"""Draw static/img/favicon.ico (16, 32 and 48 px) from the same shapes as favicon.svg.

Two interlocking rings on a rounded square: peers. Drawn with Pillow at 8 times the size and
scaled down, so the edges are smooth. Run once after changing the mark:

    .venv/bin/python scripts/make_favicon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
SCALE = 8
BRAND, LEFT, RIGHT = "#0d5c63", "#ffffff", "#ffb38f"


def draw(size: int = 32) -> Image.Image:
    big = 32 * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=7 * SCALE, fill=BRAND)
    for centre_x, colour in ((12, LEFT), (20, RIGHT)):
        radius, x, y = 7 * SCALE, centre_x * SCALE, 16 * SCALE
        pen.ellipse(
            (x - radius, y - radius, x + radius, y + radius), outline=colour, width=3 * SCALE
        )
    return image.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    output = ROOT / "static" / "img" / "favicon.ico"
    draw(48).save(output, sizes=[(16, 16), (32, 32), (48, 48)])
    draw(180).save(ROOT / "static" / "img" / "apple-touch-icon.png")
    print(f"{output.relative_to(ROOT)}: {output.stat().st_size} bytes")
