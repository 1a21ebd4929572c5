"""Sizes and colours, computed in millimetres from the configured screen so that touch targets
and text are the same physical size on any panel (reference/ux.md)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.config import ScreenSettings

# Noto Sans CJK: Latin capital height is ~0.73 of the pixel size.
CAP_HEIGHT_RATIO = 0.73

TEXT = "#111111"
BACKGROUND = "#FFFFFF"
PANEL = "#EEF2F7"
PRIMARY = "#0B3D91"  # white on this: 10.0:1
PRIMARY_TEXT = "#FFFFFF"
DANGER = "#A4000F"  # white on this: 8.1:1; on white as text: 8.1:1 (measured: tests/ui/test_accessibility.py)
NOTICE_BG = "#FFF4CC"
MUTED_BUTTON = "#DDE3EA"  # #111 on this: 14.6:1
HIGHLIGHT_BG = "#FFE08A"


@dataclass(frozen=True)
class Theme:
    px_per_mm: float
    elder: bool

    @property
    def scale(self) -> float:
        return 1.5 if self.elder else 1.0

    def mm(self, millimetres: float) -> int:
        return max(1, round(millimetres * self.px_per_mm))

    @property
    def body_px(self) -> int:
        """Body text pixel size: capital height 7.3 mm (0.7° at 600 mm), ×1.5 in elder mode."""
        return round(self.mm(7.3 * self.scale) / CAP_HEIGHT_RATIO)

    @property
    def title_px(self) -> int:
        return round(self.body_px * 1.35)

    @property
    def small_px(self) -> int:
        # Secondary text still keeps the ADA minimum capital height of 4.8 mm… and we stay above 7 mm.
        return round(self.mm(7.1 * self.scale) / CAP_HEIGHT_RATIO)

    @property
    def target_px(self) -> int:
        """Minimum touch target edge: 16 mm (elder mode 20 mm)."""
        return self.mm(20 if self.elder else 16)

    @property
    def items_per_page(self) -> int:
        return 4 if self.elder else 6

    def stylesheet(self) -> str:
        pad = self.mm(3)
        return f"""
        QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-size: {self.body_px}px;
                   font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", sans-serif; }}
        QLabel[role="title"] {{ font-size: {self.title_px}px; font-weight: bold; }}
        QLabel[role="small"] {{ font-size: {self.small_px}px; }}
        QLabel[role="error"] {{ color: {DANGER}; font-weight: bold; }}
        QLabel[role="notice"] {{ background: {NOTICE_BG}; padding: {pad}px; }}
        QLabel[role="highlight"] {{ background: {HIGHLIGHT_BG}; padding: {pad // 2}px; font-weight: bold; }}
        QFrame[role="bar"], QFrame[role="bar"] QLabel {{ background: {PANEL}; }}
        QPushButton {{ background: {PRIMARY}; color: {PRIMARY_TEXT}; border: none;
                       border-radius: {self.mm(2)}px; padding: {pad}px {pad * 2}px;
                       min-height: {self.target_px}px; min-width: {self.target_px}px; }}
        QPushButton:disabled {{ background: {MUTED_BUTTON}; color: {TEXT}; }}
        QPushButton[role="secondary"] {{ background: {MUTED_BUTTON}; color: {TEXT}; }}
        QPushButton[role="staff"] {{ background: {DANGER}; color: {PRIMARY_TEXT}; }}
        QPushButton:checked {{ background: {TEXT}; color: {BACKGROUND}; }}
        QLineEdit {{ border: {self.mm(0.6)}px solid {TEXT}; min-height: {self.target_px}px;
                     padding: 0 {pad}px; background: {BACKGROUND}; }}
        QLineEdit[invalid="true"] {{ border-color: {DANGER}; }}
        """


def theme_for(screen: ScreenSettings, elder: bool) -> Theme:
    return Theme(px_per_mm=screen.px_per_mm, elder=elder)
