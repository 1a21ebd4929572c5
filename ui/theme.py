"""The kiosk's design system in one place (docs/design.md is its description): colours, a type
scale in millimetres, spacing, touch targets and motion, computed from the configured screen so
that text and targets are the same physical size on any panel (reference/ux.md).

``uv run python -m ui.theme`` prints every colour pair with its computed contrast ratio and the
type scale in millimetres and pixels: the numbers quoted in docs/design.md."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

from kiosk.config import ScreenSettings

# Noto Sans CJK: Latin capital height is ~0.73 of the pixel size.
CAP_HEIGHT_RATIO = 0.73

# -- colours (contrast ratios: COLOUR_PAIRS below, checked by tests/ui/test_accessibility.py) ---
TEXT = "#111111"
SECONDARY_TEXT = "#444444"  # hints, captions: still 9.7:1 on white
PLACEHOLDER = "#4A4A4A"  # example text inside an empty field: 8.9:1 (Qt's default grey was 3.5:1)
BACKGROUND = "#FFFFFF"
PANEL = "#EEF2F7"  # the frame bars and cards
PRIMARY = "#0B3D91"  # the one action colour; white on it 10.0:1, icons on white 10.0:1
PRIMARY_PULSE = "#1A4FA8"  # the attract button's second pulse colour: still blue, white on it 7.7:1
PRIMARY_TEXT = "#FFFFFF"
PRIMARY_SOFT = "#DCE6F5"  # finished phases, selected rows: PRIMARY on it 8.0:1
DANGER = "#A4000F"  # errors, call staff; white on it 8.1:1, on white 8.1:1
DANGER_BG = "#FDECEC"  # behind an error message: DANGER on it 7.1:1
SUCCESS = "#0A5C36"  # 已办结 / paid; white on it 8.1:1, on white 8.1:1
NOTICE_BG = "#FFF4CC"
MUTED_BUTTON = "#DDE3EA"  # secondary buttons: #111 on this 14.6:1
HIGHLIGHT_BG = "#FFE08A"
# Disabled is its own look (dashed outline, pale fill), never the secondary grey: a button that
# merely pulses must not look switched off (issue #16).
DISABLED_BG = "#F2F4F7"
DISABLED_TEXT = "#3D3D3D"  # 9.9:1 on DISABLED_BG: still readable, as the text says why
SCRIM = "rgba(17, 17, 17, 166)"  # the dimmed screen behind the timeout question (65 % of TEXT)

# Every (text, background) pair the screens use. The accessibility test requires ≥ 7:1 of each.
COLOUR_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("body text", TEXT, BACKGROUND),
    ("secondary text", SECONDARY_TEXT, BACKGROUND),
    ("placeholder", PLACEHOLDER, BACKGROUND),
    ("primary button", PRIMARY_TEXT, PRIMARY),
    ("attract pulse", PRIMARY_TEXT, PRIMARY_PULSE),
    ("icon / link", PRIMARY, BACKGROUND),
    ("finished phase", PRIMARY, PRIMARY_SOFT),
    ("frame bar", TEXT, PANEL),
    ("icon on a card", PRIMARY, PANEL),
    ("secondary button", TEXT, MUTED_BUTTON),
    ("disabled button", DISABLED_TEXT, DISABLED_BG),
    ("call staff", PRIMARY_TEXT, DANGER),
    ("error text", DANGER, BACKGROUND),
    ("error box", DANGER, DANGER_BG),
    ("finished (已办结)", PRIMARY_TEXT, SUCCESS),
    ("success text", SUCCESS, BACKGROUND),
    ("notice", TEXT, NOTICE_BG),
    ("highlight", TEXT, HIGHLIGHT_BG),
    ("checked button", BACKGROUND, TEXT),
)


def luminance(hex_colour: str) -> float:
    """Relative luminance, WCAG 2.2."""
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# -- type scale: capital height in mm at normal size (elder mode ×1.5) --------------------------
# Body 7.3 mm is 0.7° at a 600 mm viewing distance (EN 301 549 5.1.4); nothing is below the
# ADA's 4.8 mm, and nothing a citizen reads is below 7 mm.
TYPE_SCALE_MM = {
    "caption": 7.1,
    "body": 7.3,
    "heading": 9.9,
    "display": 14.6,  # the case number on the done screen
    "countdown": 29.0,  # the seconds left in the timeout question
}

# -- spacing (mm) -----------------------------------------------------------------------------
GAP_MM = 3.0  # between any two touch targets, and the layouts' spacing
MARGIN_MM = 2.5  # around every screen's content (more would push elder landscape forms off the panel)
SECTION_MM = 8.0  # between sections of a page
ICON_MM = 12.0  # area and service icons on home
ILLUSTRATION_MM = 60.0  # height of the card / face / printer illustrations (elder ×1.25)

# -- motion -----------------------------------------------------------------------------------
PULSE_MS = 900  # attract button: PRIMARY ↔ PRIMARY_PULSE, pausable, none in elder mode


@dataclass(frozen=True)
class Theme:
    px_per_mm: float
    elder: bool

    @property
    def scale(self) -> float:
        return 1.5 if self.elder else 1.0

    def mm(self, millimetres: float) -> int:
        return max(1, round(millimetres * self.px_per_mm))

    def type_px(self, role: str) -> int:
        """Pixel size of a type-scale role (its capital height in mm, ×1.5 in elder mode)."""
        return round(self.mm(TYPE_SCALE_MM[role] * self.scale) / CAP_HEIGHT_RATIO)

    @property
    def body_px(self) -> int:
        """Body text pixel size: capital height 7.3 mm (0.7° at 600 mm), ×1.5 in elder mode."""
        return self.type_px("body")

    @property
    def title_px(self) -> int:
        return self.type_px("heading")

    @property
    def small_px(self) -> int:
        return self.type_px("caption")

    @property
    def target_px(self) -> int:
        """Minimum touch target edge: 16 mm (elder mode 20 mm)."""
        return self.mm(20 if self.elder else 16)

    @property
    def gap_px(self) -> int:
        return self.mm(GAP_MM)

    @property
    def icon_px(self) -> int:
        return self.mm(ICON_MM * (1.25 if self.elder else 1.0))

    @property
    def illustration_px(self) -> int:
        return self.mm(ILLUSTRATION_MM * (1.25 if self.elder else 1.0))

    @property
    def items_per_page(self) -> int:
        return 4 if self.elder else 6

    def style(self) -> QProxyStyle:
        """The application style: Qt's layouts then keep GAP_MM between targets (Fusion's 6 px
        default is 1.9 mm on a 27" panel)."""
        return KioskStyle(self)

    def same_style(self, style: QStyle) -> bool:
        return isinstance(style, KioskStyle) and style.gap == self.gap_px

    def stylesheet(self) -> str:
        pad = self.mm(3)
        line = self.mm(0.6)
        scroll = self.mm(6)
        check = self.mm(10 if not self.elder else 12)
        return f"""
        QWidget {{ background: {BACKGROUND}; color: {TEXT}; font-size: {self.body_px}px;
                   font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", sans-serif; }}
        QLabel[role="title"] {{ font-size: {self.title_px}px; font-weight: bold; }}
        QLabel[role="section"] {{ font-size: {self.title_px}px; font-weight: bold; color: {PRIMARY};
                                  padding-top: {self.mm(2)}px; }}
        QLabel[role="small"] {{ font-size: {self.small_px}px; color: {SECONDARY_TEXT}; }}
        QLabel[role="display"] {{ font-size: {self.type_px("display")}px; font-weight: bold; color: {PRIMARY}; }}
        QLabel[role="countdown"] {{ font-size: {self.type_px("countdown")}px; font-weight: bold; }}
        QLabel[role="error"] {{ color: {DANGER}; background: {DANGER_BG}; font-weight: bold;
                                padding: {pad // 2}px {pad}px; border-left: {self.mm(1.5)}px solid {DANGER}; }}
        QLabel[role="notice"] {{ background: {NOTICE_BG}; padding: {pad}px; }}
        QLabel[role="highlight"] {{ background: {HIGHLIGHT_BG}; padding: {pad // 2}px; font-weight: bold; }}
        QLabel[role="status_done"] {{ background: {SUCCESS}; color: {PRIMARY_TEXT}; padding: {pad}px;
                                      font-weight: bold; }}
        QLabel[role="status_received"] {{ background: {PRIMARY}; color: {PRIMARY_TEXT}; padding: {pad}px;
                                          font-weight: bold; }}
        QLabel[role="review_label"] {{ color: {SECONDARY_TEXT}; font-size: {self.small_px}px; }}
        QLabel[role="review_value"] {{ font-weight: bold; }}
        QFrame[role="bar"], QFrame[role="bar"] QLabel {{ background: {PANEL}; }}
        QFrame[role="phasebar"] {{ background: {BACKGROUND}; }}
        QLabel[phase="done"] {{ background: {PRIMARY_SOFT}; color: {PRIMARY}; padding: {pad // 2}px; }}
        QLabel[phase="current"] {{ background: {PRIMARY}; color: {PRIMARY_TEXT}; font-weight: bold;
                                   padding: {pad // 2}px; }}
        QLabel[phase="todo"] {{ background: {PANEL}; color: {TEXT}; padding: {pad // 2}px; }}
        QFrame[role="card"], QFrame[role="card"] QLabel {{ background: {PANEL}; }}
        QPushButton {{ background: {PRIMARY}; color: {PRIMARY_TEXT}; border: none;
                       border-radius: {self.mm(2)}px; padding: {pad}px {pad * 2}px;
                       min-height: {self.target_px}px; min-width: {self.target_px}px; }}
        QPushButton:disabled {{ background: {DISABLED_BG}; color: {DISABLED_TEXT};
                                border: {line}px dashed {DISABLED_TEXT}; }}
        QPushButton[role="secondary"] {{ background: {MUTED_BUTTON}; color: {TEXT}; }}
        QPushButton[role="pulse"] {{ background: {PRIMARY_PULSE}; color: {PRIMARY_TEXT}; }}
        QPushButton[role="tile"] {{ background: {PANEL}; color: {TEXT}; text-align: left;
                                    border: {line}px solid {PRIMARY}; }}
        QPushButton[role="staff"] {{ background: {DANGER}; color: {PRIMARY_TEXT}; }}
        QPushButton:checked {{ background: {TEXT}; color: {BACKGROUND}; }}
        QLineEdit {{ border: {line}px solid {TEXT}; min-height: {self.target_px}px;
                     padding: 0 {pad}px; background: {BACKGROUND}; placeholder-text-color: {PLACEHOLDER}; }}
        QLineEdit[invalid="true"] {{ border: {line * 2}px solid {DANGER}; }}
        QCheckBox {{ spacing: {pad}px; min-height: {self.target_px}px; }}
        QCheckBox::indicator {{ width: {check}px; height: {check}px; }}
        QScrollBar:vertical {{ background: {PANEL}; width: {scroll}px; margin: 0; }}
        QScrollBar::handle:vertical {{ background: {PRIMARY}; min-height: {self.mm(15)}px;
                                       border-radius: {scroll // 2}px; }}
        QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
        QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
        """


class KioskStyle(QProxyStyle):
    """Fusion with the design's spacing: GAP_MM between laid-out widgets, MARGIN_MM around."""

    def __init__(self, theme: Theme) -> None:
        super().__init__("Fusion")
        self.gap = theme.gap_px
        self._margin = theme.mm(MARGIN_MM)

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,  # noqa: N802 (Qt API)
                    widget: QWidget | None = None) -> int:
        m = QStyle.PixelMetric
        if metric in (m.PM_LayoutHorizontalSpacing, m.PM_LayoutVerticalSpacing):
            return self.gap
        if metric in (m.PM_LayoutLeftMargin, m.PM_LayoutTopMargin, m.PM_LayoutRightMargin, m.PM_LayoutBottomMargin):
            return self._margin
        return super().pixelMetric(metric, option, widget)


def theme_for(screen: ScreenSettings, elder: bool) -> Theme:
    return Theme(px_per_mm=screen.px_per_mm, elder=elder)


def main() -> None:
    """Print the numbers docs/design.md quotes."""
    print("| use | text | background | contrast |")
    print("|---|---|---|---|")
    for use, fg, bg in COLOUR_PAIRS:
        print(f"| {use} | `{fg}` | `{bg}` | {contrast(fg, bg):.1f}:1 |")
    screen = ScreenSettings()
    print(f"\nscreen: {screen.width_px}x{screen.height_px} px, {screen.diagonal_inch}\" → {screen.px_per_mm:.2f} px/mm")
    print("| role | capital height mm (normal / elder) | font px (normal / elder) |")
    print("|---|---|---|")
    normal, elder = theme_for(screen, False), theme_for(screen, True)
    for role, mm in TYPE_SCALE_MM.items():
        print(f"| {role} | {mm:.1f} / {mm * 1.5:.1f} | {normal.type_px(role)} / {elder.type_px(role)} |")
    print(f"\ntarget {normal.target_px} / {elder.target_px} px, gap {normal.gap_px} px")


if __name__ == "__main__":
    main()
