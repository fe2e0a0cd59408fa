"""Text on images: CJK through Pillow with a system font, ASCII through OpenCV otherwise."""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

logger = logging.getLogger(__name__)

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


@lru_cache(maxsize=1)
def cjk_font_path() -> Path | None:
    """$WINDOWWATCH_FONT, else the first CJK font found on the system, else None."""
    for candidate in (os.environ.get("WINDOWWATCH_FONT"), *FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    logger.warning("no CJK font found (install fonts-wqy-microhei or set WINDOWWATCH_FONT); "
                   "Chinese text is drawn as '?'")
    return None


def draw_text(image: np.ndarray, text: str, origin: tuple[int, int], size: int,
              color: tuple[int, int, int], background: tuple[int, int, int] | None = None) -> np.ndarray:
    """Draw one line at origin (top-left, pixels) on a BGR image; returns the image."""
    font_path = cjk_font_path()
    if font_path is None or text.isascii():
        return _draw_cv2(image, text.encode("ascii", "replace").decode(), origin, size, color, background)
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(font_path), size)
    pil = Image.fromarray(image[:, :, ::-1])
    draw = ImageDraw.Draw(pil)
    if background is not None:
        x1, y1, x2, y2 = draw.textbbox(origin, text, font=font)
        draw.rectangle((x1 - 4, y1 - 4, x2 + 4, y2 + 4), fill=background[::-1])
    draw.text(origin, text, font=font, fill=color[::-1])
    image[:] = np.asarray(pil)[:, :, ::-1]
    return image


def _draw_cv2(image: np.ndarray, text: str, origin: tuple[int, int], size: int,
              color: tuple[int, int, int], background: tuple[int, int, int] | None) -> np.ndarray:
    scale = size / 30
    (tw, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, 2)
    x, y = origin
    if background is not None:
        cv2.rectangle(image, (x - 4, y - 4), (x + tw + 4, y + th + base + 4), background, -1)
    cv2.putText(image, text, (x, y + th), cv2.FONT_HERSHEY_SIMPLEX, scale, color, 2, cv2.LINE_AA)
    return image
