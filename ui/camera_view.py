"""The live camera picture: the newest frame, mirrored (people expect a mirror and move the wrong
way otherwise), scaled to fit, with the face box drawn. Shows frames only; keeps none."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

Box = tuple[int, int, int, int]  # top, right, bottom, left (frame coordinates)


class CameraView(QWidget):
    """Paints the last frame handed to `show_frame`; `clear()` drops it (session end)."""

    def __init__(self, name: str, mirror: bool = True) -> None:
        super().__init__()
        self.setObjectName(name)
        self.mirror = mirror  # faces are mirrored; documents are not (text must read normally)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(240)
        self._image: QImage | None = None
        self._box: Box | None = None
        self._ok = False

    def show_frame(self, frame: npt.NDArray[np.uint8] | None, box: Box | None = None, ok: bool = False) -> None:
        if frame is None:
            self.clear()
            return
        h, w = frame.shape[:2]
        mirrored = np.ascontiguousarray(frame[:, ::-1, :] if self.mirror else frame)
        # copy(): the QImage must own its pixels, the numpy buffer goes away after this call
        self._image = QImage(mirrored.data, w, h, 3 * w, QImage.Format.Format_BGR888).copy()
        if box is not None and self.mirror:
            box = (box[0], w - box[3], box[2], w - box[1])
        self._box = box
        self._ok = ok
        self.update()

    def has_frame(self) -> bool:
        return self._image is not None

    def clear(self) -> None:
        self._image = None
        self._box = None
        self.update()

    def paintEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#222222"))
        image = self._image
        if image is None:
            return
        scale = min(self.width() / image.width(), self.height() / image.height())
        w, h = image.width() * scale, image.height() * scale
        target = QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)
        painter.drawImage(target, image)
        if self._box is not None:
            top, right, bottom, left = self._box
            pen = QPen(QColor("#2E9E44" if self._ok else "#FFD400"))
            pen.setWidth(max(3, int(4 * scale)))
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(target.x() + left * scale, target.y() + top * scale,
                                    (right - left) * scale, (bottom - top) * scale))
        painter.end()
