"""Screens for finding a service: attract, home (areas), an area's items, an item's guide page,
and the honest "please use the counter" page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QCheckBox, QFrame, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout

from kiosk.catalog import AREA_NAMES, Area, Item, StepKind
from kiosk.eligibility import describe
from kiosk.lang import lang_key
from kiosk.money import fen_to_yuan
from kiosk.on_behalf import describe as describe_agent
from kiosk.workflow import consent_at_guide
from ui.phases import takes_something
from ui.screens.base import Screen
from ui.theme import PRIMARY_TEXT, PULSE_MS
from ui.widgets import (
    ASSETS,
    FullWidthCheckBox,
    Illustration,
    PagedArea,
    Paragraph,
    button,
    icon,
    icon_label,
    label,
    set_role,
    svg_pixmap,
)

if TYPE_CHECKING:
    from ui.host import ShellHost


class AttractScreen(Screen):
    """Invites a touch. The gentle pulse can be paused (WCAG 2.2.2)."""

    name = "attract"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.welcome = label("", "title", name="attract_title")
        self.invite = label("", name="attract_invite")
        self.picture = Illustration("welcome", shell.theme.illustration_px, "attract_illustration")
        self.start_button = button("", shell.start_session, "attract_start")
        self.pause_button = button("", self.toggle_motion, "attract_pause", "secondary")
        for w in (self.picture, self.welcome, self.invite, self.start_button):
            layout.addWidget(w)
        layout.addStretch(3)
        layout.addWidget(self.pause_button)
        self._pulse = QTimer(self)
        self._pulse.setInterval(PULSE_MS)
        self._pulse.timeout.connect(self._tick)
        self._bright = False
        self.moving = shell.settings.session.attract_motion

    def render(self) -> None:
        self.picture.show_drawing("welcome", self.shell.theme.illustration_px)
        self.welcome.setText(self.tr("Police self-service"))
        self.invite.setText(self.tr("Touch the screen to start. 请触摸屏幕开始"))
        self.start_button.setText(self.tr("Start"))
        self.start_button.setAccessibleName(self.tr("Start"))
        self._update_pause_text()
        self._apply_motion()

    def toggle_motion(self) -> None:
        self.moving = not self.moving
        self._apply_motion()
        self._update_pause_text()

    def _apply_motion(self) -> None:
        """Pulse only when wanted and never in elder mode (适老化: no motion)."""
        elder = self.shell.theme.elder
        self.pause_button.setVisible(not elder)  # nothing moves, nothing to pause
        if self.moving and not elder:
            if not self._pulse.isActive():
                self._pulse.start()
            return
        self._pulse.stop()
        self._bright = False
        if self.start_button.property("role"):  # still: the button in its full colour
            self.start_button.setProperty("role", "")
            self.start_button.style().unpolish(self.start_button)
            self.start_button.style().polish(self.start_button)

    def _update_pause_text(self) -> None:
        text = self.tr("Pause animation") if self.moving else self.tr("Play animation")
        self.pause_button.setText(text)
        self.pause_button.setAccessibleName(text)

    def _tick(self) -> None:
        self._bright = not self._bright
        # Pulses between two blues: never the pale look of a disabled button (issue #16).
        self.start_button.setProperty("role", "pulse" if self._bright else "")
        self.start_button.style().unpolish(self.start_button)
        self.start_button.style().polish(self.start_button)

    def mousePressEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        self.shell.start_session()


# The services shown first on home: the most asked-for at police service halls (ID card,
# passport and Hong Kong/Macao permit, driving licence, progress), chosen by design, not counted.
MOST_USED = ("HZ-0101", "CRJ-0101", "JG-0201", "ZA-0101")
PROGRESS_QUERY = "ZM-0201"
AREA_ICONS = {area: area.value for area in Area}


class HomeScreen(Screen):
    name = "home"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="home_title")
        self.notice = label("", "notice", name="home_paused")
        # A hint, not a control: a card with the ID-card icon.
        self.card_hint = QFrame()
        self.card_hint.setProperty("role", "card")
        hint_row = QHBoxLayout(self.card_hint)
        self.card_icon = icon_label("id_card", shell.theme.icon_px, "home_card_icon")
        self.card_text = label("", name="home_card_hint")
        hint_row.addWidget(self.card_icon)
        hint_row.addWidget(self.card_text, 1)
        self.popular_heading = label("", "section", name="home_popular")
        self.popular = QGridLayout()
        self.areas_heading = label("", "section", name="home_areas")
        self.grid = QGridLayout()
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.card_hint)
        layout.addWidget(self.popular_heading)
        layout.addLayout(self.popular)
        layout.addWidget(self.areas_heading)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self._tiles: list[QPushButton] = []  # most-used shortcuts, made once, re-labelled
        self._items: list[Item] = []  # the item behind each tile shown
        self._area_buttons: list[QPushButton] = []
        self._shown_key: tuple[object, ...] = ()  # what the tiles show now
        self._placed: dict[int, tuple[int, int]] = {}  # per grid: buttons placed, columns

    def render(self) -> None:
        lang = self.shell.language
        theme = self.shell.theme
        self.heading.setText(self.tr("What would you like to do?"))
        paused = self.shell.paused_notices()
        self.notice.setText("\n".join(paused))
        self.notice.setVisible(bool(paused))
        self.card_text.setText(self.tr("Please have your ID card ready"))
        self.card_icon.setPixmap(svg_pixmap(ASSETS / "icons" / "id_card.svg", theme.icon_px))
        self.card_icon.setFixedSize(theme.icon_px, theme.icon_px)
        landscape = self.shell.width() > self.shell.height()
        columns = 2 if landscape or not theme.elder else 1
        # Service names are long (居民身份证换领（有效期满/信息变更）, "Exit-Entry Permit for Hong Kong
        # and Macao: …"): one per row in portrait, never cut; a landscape panel is wide enough for
        # two per row and not tall enough for five rows and the areas.
        popular_columns = 2 if landscape else 1
        # Large text: fewer shortcuts, so areas still fit a landscape panel without scrolling.
        most = 2 if theme.elder else 5
        self.popular_heading.setText(self.tr("Most used"))
        shortcuts = [(code, "progress" if code == PROGRESS_QUERY else "service")
                     for code in (PROGRESS_QUERY, *MOST_USED) if code in self.shell.catalog]
        # a shortcut to "please use the counter" is no shortcut
        shown = [(self.shell.catalog.item(code), drawing) for code, drawing in shortcuts
                 if not self.shell.unavailable_reason(self.shell.catalog.item(code))][:most]
        # The tiles are made once and only re-labelled, re-drawn or re-placed when what they show
        # changes (issue #16: home drew every tile and icon again on each visit).
        key = (lang, theme.icon_px, theme.target_px, popular_columns, columns, tuple(i.code for i, _ in shown))
        if key == self._shown_key:
            return
        self._shown_key = key
        self._items = [item for item, _ in shown]
        while len(self._tiles) < len(shown):
            index = len(self._tiles)
            self._tiles.append(button("", lambda i=index: self.shell.show_guide(self._items[i]), "", "tile"))
        self._place(self.popular, self._tiles, popular_columns)
        for tile, (item, drawing) in zip(self._tiles, shown, strict=False):
            tile.setText(item.name.get(lang))
            tile.setAccessibleName(item.name.get(lang))
            tile.setObjectName(f"popular_{item.code}")
            tile.setIcon(icon(AREA_ICONS.get(item.area, "service") if drawing == "service" else drawing, theme.icon_px))
            tile.setIconSize(QSize(theme.icon_px, theme.icon_px))
        for index, tile in enumerate(self._tiles):
            tile.setVisible(index < len(shown))
            if index >= len(shown):
                tile.setObjectName("")
        self.popular_heading.setVisible(bool(shown))
        self.areas_heading.setText(self.tr("All services by area"))
        areas = self.shell.catalog.areas()
        while len(self._area_buttons) < len(areas):
            area = areas[len(self._area_buttons)]
            # No setMinimumHeight: the style sheet's min-height (the design's target) applies at the
            # first polish and overrode it anyway while buttons were made per visit; on a button
            # kept across an elder-mode switch it would stick and push home off a landscape panel.
            self._area_buttons.append(button("", lambda a=area: self.shell.show_area(a), f"area_{area.value}"))
        self._place(self.grid, self._area_buttons, columns)
        for area, b in zip(areas, self._area_buttons, strict=False):
            count = len(self.shell.catalog.in_area(area))
            services = self.tr("%n services", "", count)  # outside the f-string so lupdate sees it
            b.setText(f"{AREA_NAMES[area].get(lang)}\n{services}")
            b.setAccessibleName(AREA_NAMES[area].get(lang))
            b.setIcon(icon(AREA_ICONS[area], theme.icon_px, PRIMARY_TEXT))
            b.setIconSize(QSize(theme.icon_px, theme.icon_px))

    def _place(self, grid: QGridLayout, buttons: list[QPushButton], columns: int) -> None:
        """Put the buttons in rows of `columns`; moved only when that or their number changed."""
        if self._placed.get(id(grid)) == (len(buttons), columns):
            return
        self._placed[id(grid)] = (len(buttons), columns)
        for b in buttons:
            grid.removeWidget(b)
        for index, b in enumerate(buttons):
            grid.addWidget(b, index // columns, index % columns)


class AreaScreen(Screen):
    """The items of one area, a page at a time."""

    name = "area"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        self.area: Area | None = None
        self.page = 0
        self._buttons: list[QPushButton] = []  # the page's item buttons, recycled
        self._items: list[Item] = []  # the item behind each button shown
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="area_title")
        self.column = QVBoxLayout()
        self.prev_button = button("", lambda: self.turn(-1), "area_prev", "secondary")
        self.next_button = button("", lambda: self.turn(1), "area_next", "secondary")
        self.page_label = label("", "small", name="area_page")
        paging = QHBoxLayout()
        paging.addWidget(self.prev_button)
        paging.addWidget(self.page_label, 1)
        paging.addWidget(self.next_button)
        layout.addWidget(self.heading)
        layout.addLayout(self.column)
        layout.addStretch(1)
        layout.addLayout(paging)

    def show_area(self, area: Area) -> None:
        self.area, self.page = area, 0

    def turn(self, direction: int) -> None:
        self.page += direction
        self.render()

    def render(self) -> None:
        if self.area is None:
            return
        lang = self.shell.language
        items = self.shell.catalog.in_area(self.area)
        per_page = self.shell.theme.items_per_page
        pages = max(1, -(-len(items) // per_page))
        self.page = min(max(self.page, 0), pages - 1)
        self.heading.setText(AREA_NAMES[self.area].get(lang))
        # One button per place on the page, made once and re-labelled (issue #16).
        self._items = items[self.page * per_page : (self.page + 1) * per_page]
        while len(self._buttons) < len(self._items):
            index = len(self._buttons)
            b = button("", lambda i=index: self.shell.show_guide(self._items[i]), "")
            self.column.addWidget(b)
            self._buttons.append(b)
        for b, item in zip(self._buttons, self._items, strict=False):
            text = item.name.get(lang)
            reason = self.shell.unavailable_reason(item)
            if reason:
                text += "\n" + reason
            b.setText(text)
            b.setObjectName(f"item_{item.code}")
            set_role(b, "secondary" if reason else "")
            b.setAccessibleName(item.name.get(lang))
            b.setVisible(True)
        for b in self._buttons[len(self._items):]:
            b.setVisible(False)
            b.setObjectName("")
        self.page_label.setText(self.tr("Page %1 of %2").replace("%1", str(self.page + 1)).replace("%2", str(pages)))
        self.prev_button.setText(self.tr("Previous page"))
        self.next_button.setText(self.tr("Next page"))
        for b in (self.prev_button, self.next_button):
            b.setAccessibleName(b.text())
        self.prev_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < pages - 1)
        self.page_label.setVisible(pages > 1)
        self.prev_button.setVisible(pages > 1)
        self.next_button.setVisible(pages > 1)


class GuideScreen(Screen):
    """The complete 一次性告知 of an item, with start (or the counter when the kiosk can't)."""

    name = "guide"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        self.item: Item | None = None
        self.combine: dict[str, QCheckBox] = {}  # the 一事联办 boxes shown now, by item code
        self._boxes: list[QCheckBox] = []  # every box made so far (recycled)
        self._shown_item: Item | None = None  # whose boxes are shown (ticks survive a re-render)
        layout = QVBoxLayout(self)
        self.kind_label = label("", "small", name="guide_kind")
        self.heading = label("", "title", name="guide_title")
        self.pages = PagedArea("", "", "guide_page")
        self.notice = label("", "notice", name="guide_unavailable")
        # The consent, when the start button carries it (kiosk/workflow.consent_at_guide): fixed
        # right above the button, on every page, so nobody agrees to text they have not seen.
        # Short, so that it fits with the guide in landscape elder mode (issue #16 screenshots).
        self.consent = label("", "notice", name="guide_consent_body")
        actions = QHBoxLayout()
        self.print_button = button("", self.print_notice, "guide_print", "secondary")
        self.start_button = button("", self.start, "guide_start")
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        actions.addWidget(self.start_button)
        layout.addWidget(self.kind_label)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.consent)
        layout.addLayout(actions)

    def show_item(self, item: Item) -> None:
        self.item = item
        self._shown_item = None  # a new visit: no box ticked from an earlier one

    def service_position(self) -> tuple[list[StepKind], StepKind] | None:
        """The guide is phase 1 of its item, before the workflow starts."""
        if self.item is None:
            return None
        return [s.kind for s in self.item.workflow], StepKind.GUIDE

    def collects(self) -> bool:
        return self.item is not None and takes_something(self.item.workflow)

    def render(self) -> None:
        item = self.item
        if item is None:
            return
        lang = self.shell.language
        # The item's code ("ZA-0101") is for staff and the catalog, not for the citizen.
        self.kind_label.setText(self.tr("One-time notice (service guide)"))
        self.heading.setText(item.name.get(lang))
        self.pages.set_texts(self.tr("Previous page"), self.tr("Next page"))
        g = item.guide
        # The page is a list of paragraphs shown in labels made once (PagedArea.show_paragraphs):
        # only the words change from one guide to the next (issue #16, screens built once).
        paragraphs: list[Paragraph] = []
        add = paragraphs.append
        marked = False

        def section(title: str, field: str) -> None:
            nonlocal marked
            example = field in g.examples
            marked = marked or example
            add(Paragraph(title + (" ※" if example else ""), "section"))

        add(Paragraph(item.summary.get(lang)))
        section(self.tr("Conditions"), "conditions")
        for text in g.conditions:
            add(Paragraph("• " + text.get(lang)))
        section(self.tr("Who can apply"), "eligibility")
        for text in g.eligibility:
            add(Paragraph("• " + text.get(lang)))
        for rule in item.eligibility:  # the rules the kiosk checks, in the same words it stops with
            add(Paragraph("• " + describe(rule, lang), name="guide_rule"))
        if item.agent is not None:
            add(Paragraph("• " + describe_agent(item.agent, lang), name="guide_agent"))
        section(self.tr("What to bring"), "materials")
        if not g.materials:
            add(Paragraph(self.tr("Nothing.")))
        for m in g.materials:
            parts = [m.name.get(lang), self.tr("original") if m.original else self.tr("copy")]
            if m.copies:
                parts.append(self.tr("%n copies", "", m.copies))
            if m.deferrable:
                parts.append(self.tr("may be brought later"))
            add(Paragraph("• " + self._list_separator().join(parts)))
        section(self.tr("Fees"), "fees")
        if not g.fees:
            add(Paragraph(self.tr("Free of charge.")))
        for fee in g.fees:
            add(Paragraph(f"• {fee.name.get(lang)}{self._colon()}¥{fen_to_yuan(fee.amount_fen)}"))
            for ex in fee.exemptions:
                add(Paragraph("  " + self.tr("Exempt: ") + ex.description.get(lang), "small"))
        time_field = "promised_time_limit_days" if "promised_time_limit_days" in g.examples else "legal_time_limit_days"
        section(self.tr("Time limits"), time_field)
        add(Paragraph(self._time_text(g.legal_time_limit_days, g.promised_time_limit_days)))
        add(Paragraph(self._visits_text(g.visits)))
        delivery = {"instant": self.tr("finished here at once"), "pickup": self.tr("pick up at the counter"),
                    "mail": self.tr("free mail delivery"), "electronic": self.tr("electronic certificate"),
                    "dispenser": self.tr("collect at this kiosk (self-service card collection)")}
        add(Paragraph(self.tr("How you receive the result: ")
                      + self._list_separator().join(delivery[d] for d in g.delivery)))
        section(self.tr("Legal basis"), "legal_basis")
        for text in g.legal_basis:
            add(Paragraph("• " + text.get(lang), "small"))
        section(self.tr("If this kiosk cannot help"), "counter")
        add(Paragraph(g.counter.get(lang)))
        if marked:  # only when a value on this page carries the mark
            add(Paragraph(self.tr("※ Local example values: they may differ in your city."), "small"))
        related = [self.shell.catalog.item(code) for code in item.related if code in self.shell.catalog]
        related = [r for r in related if not self.shell.unavailable_reason(r)]
        if not related or self.shell.unavailable_reason(item):
            related = []
        if related:
            add(Paragraph(self.tr("Do these together (one form)"), "section"))
        self.pages.show_paragraphs(paragraphs)
        self._show_combine(related, lang)
        reason = self.shell.unavailable_reason(item)
        self.notice.setVisible(bool(reason))
        if reason:
            self.notice.setText(reason + "\n" + self.tr("Please go to: ") + g.counter.get(lang))
        self.start_button.setVisible(not reason)
        consent = not reason and consent_at_guide([s.kind for s in item.workflow])
        self.consent.setVisible(consent)
        if consent:
            self.consent.setText(self._consent_text(item))
        start = self.tr("Agree and start") if consent else self.tr("Start")
        self.start_button.setText(start)
        self.start_button.setAccessibleName(start)
        can_print = self.shell.can_print()
        self.print_button.setVisible(can_print)
        self.print_button.setText(self.tr("Print this notice"))
        self.print_button.setAccessibleName(self.tr("Print this notice"))

    def _show_combine(self, related: list[Item], lang: str) -> None:
        """一事联办 check boxes below the paragraphs, recycled like them; never ticked for the
        citizen (a new guide, a new choice)."""
        self.combine.clear()
        for index, other in enumerate(related):
            if index == len(self._boxes):
                made = FullWidthCheckBox()
                self.pages.column.addWidget(made)  # after the paragraphs (inserted above it)
                self._boxes.append(made)
            box = self._boxes[index]
            box.setText(other.name.get(lang))
            box.setObjectName(f"combine_{other.code}")
            box.setMinimumHeight(self.shell.theme.target_px)
            if self._shown_item is not self.item:
                box.setChecked(False)
            box.show()
            self.combine[other.code] = box
        for unused in self._boxes[len(related):]:
            unused.hide()
            unused.setChecked(False)
            unused.setObjectName("")
        self._shown_item = self.item

    def _consent_text(self, item: Item) -> str:
        """What the start button agrees to: the same consent the consent screen asks for, and,
        where the service checks identity, that the face check is asked for on its own with
        staff verification instead (PIPL art. 26/28: separate consent; never biometrics only)."""
        text = self.tr(
            "Your information: by tapping \"Agree and start\" you let the kiosk use what you enter "
            "for this service and send it encrypted to the police service platform; nothing stays "
            "on this machine after delivery. If you do not agree, tap Back.")
        if any(s.kind is StepKind.IDENTIFY for s in item.workflow):
            text += self._sentence_gap() + self.tr(
                "The face check is asked for separately; staff can verify you instead.")
        return text

    def spoken_prompt(self) -> str:
        """The title, and the consent the start button gives when it gives one: a citizen who
        cannot see the page hears what they agree to."""
        title = self.heading.text()
        if self.consent.isVisibleTo(self):
            return title + "\n" + self.consent.text()
        return title

    def _zh(self) -> bool:
        return self.shell.language.startswith("zh")

    def _sentence_gap(self) -> str:
        return "" if self._zh() else " "  # Chinese sentences follow their 。 without a space

    def _list_separator(self) -> str:
        return "，" if self._zh() else ", "  # Chinese punctuation in Chinese text

    def _colon(self) -> str:
        return "：" if self._zh() else ": "

    def _visits_text(self, visits: int) -> str:
        # 最多跑一次 / 一次不用跑: the wording of the 放管服 reform the citizen knows.
        if visits == 0:
            return self.tr("No visit needed")
        if visits == 1:
            return self.tr("At most one visit")
        return self.tr("Visits needed: %1").replace("%1", str(visits))

    def _time_text(self, legal: int | None, promised: int | None) -> str:
        if promised == 0:
            return self.tr("Done on the spot.")
        parts = []
        if legal is not None:
            parts.append(self.tr("Legal limit: %n working days", "", legal))
        if promised is not None:
            parts.append(self.tr("We promise: %n working days", "", promised))
        return "; ".join(parts) or self.tr("No fixed time limit.")

    def start(self) -> None:
        if self.item is None:
            return
        chosen = [self.item] + [self.shell.catalog.item(c) for c, box in self.combine.items() if box.isChecked()]
        self.shell.start_workflow(chosen)

    def print_notice(self) -> None:
        if self.item is not None:
            self.shell.print_notice(self.item)


class OutOfServiceScreen(Screen):
    name = "out_of_service"

    def __init__(self, shell: ShellHost) -> None:
        super().__init__(shell)
        layout = QVBoxLayout(self)
        self.heading = label("", "title", name="oos_title")
        self.body = label("", name="oos_body")
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addStretch(2)

    def render(self) -> None:
        lang = self.shell.language
        counter = self.shell.settings.counter.get(lang_key(lang), "")
        self.heading.setText(self.tr("This kiosk is out of service"))
        self.body.setText(self.tr("Sorry. Please go to %1, where staff will help you.").replace("%1", counter))

