"""A signature pad: touch or mouse strokes drawn with a thick pen, kept as a PNG image."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QResizeEvent, QTouchEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, name: str = "signature_pad") -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(300)
        self.image = QImage(1, 1, QImage.Format.Format_ARGB32)
        self.strokes = 0
        self._last: QPointF | None = None
        self.clear()

    # -- drawing ---------------------------------------------------------------------------------
    def _pen(self) -> QPen:
        pen = QPen(QColor("#000000"))
        pen.setWidthF(max(4.0, self.height() / 60))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _line_to(self, point: QPointF) -> None:
        painter = QPainter(self.image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self._pen())
        if self._last is None:
            painter.drawPoint(point)
        else:
            painter.drawLine(self._last, point)
        painter.end()
        self._last = point
        self.update()

    def _begin(self, point: QPointF) -> None:
        self._last = None
        self.strokes += 1
        self._line_to(point)

    def _end(self) -> None:
        self._last = None
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._last is not None:
            self._line_to(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._end()

    def event(self, event: object) -> bool:
        if isinstance(event, QTouchEvent) and event.points():
            point = event.points()[0].position()
            if event.type() == QTouchEvent.Type.TouchBegin:
                self._begin(point)
            elif event.type() == QTouchEvent.Type.TouchUpdate:
                self._line_to(point)
            else:
                self._end()
            event.accept()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        painter.drawImage(0, 0, self.image)
        painter.setPen(QPen(QColor("#1A1A1A"), 3))
        painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        baseline = int(self.height() * 0.75)
        painter.setPen(QPen(QColor("#6B6B6B"), 2, Qt.PenStyle.DashLine))
        painter.drawLine(20, baseline, self.width() - 20, baseline)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        if self.image.size() != self.size():
            bigger = QImage(self.size(), QImage.Format.Format_ARGB32)
            bigger.fill(Qt.GlobalColor.transparent)
            painter = QPainter(bigger)
            painter.drawImage(0, 0, self.image)
            painter.end()
            self.image = bigger

    # -- result ----------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return self.strokes == 0

    def clear(self) -> None:
        self.image = QImage(self.size().expandedTo(self.minimumSize()), QImage.Format.Format_ARGB32)
        self.image.fill(Qt.GlobalColor.transparent)
        self.strokes = 0
        self._last = None
        self.update()

    def png(self) -> bytes:
        """The strokes on white, cropped to what was drawn plus a margin."""
        bounds = _ink_bounds(self.image).adjusted(-16, -16, 16, 16).intersected(self.image.rect())
        out = QImage(bounds.size(), QImage.Format.Format_RGB32)
        out.fill(QColor("#FFFFFF"))
        painter = QPainter(out)
        painter.drawImage(0, 0, self.image, bounds.x(), bounds.y(), bounds.width(), bounds.height())
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        out.save(buffer, "PNG")
        return bytes(data.data())


def _ink_bounds(image: QImage) -> QRect:
    """Smallest rectangle holding every non-transparent pixel (scans a 4× smaller copy: fast)."""
    step = 4
    small = image.scaled(max(1, image.width() // step), max(1, image.height() // step))
    xs, ys = [], []
    for y in range(small.height()):
        for x in range(small.width()):
            if small.pixelColor(x, y).alpha() > 0:
                xs.append(x)
                ys.append(y)
    if not xs:
        return image.rect()
    return QRect(min(xs) * step, min(ys) * step, (max(xs) - min(xs) + 1) * step, (max(ys) - min(ys) + 1) * step)
