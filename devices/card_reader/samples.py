"""Sample identities (assets/demo/identities.json) for the simulator: text blocks and the
already-decoded card photos."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from devices.card_reader.identity import CardType
from devices.card_reader.textblock import build_text_block


@dataclass(frozen=True, repr=False)
class SampleCard:
    key: str
    card_type: CardType
    text_block: bytes
    photo: npt.NDArray[np.uint8] | None
    face_dir: Path | None

    def __repr__(self) -> str:
        return f"SampleCard({self.key})"


def load_samples(path: str | Path) -> dict[str, SampleCard]:
    path = Path(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    cards: dict[str, SampleCard] = {}
    for item in doc["identities"]:
        card_type = CardType(item["card_type"])
        face_dir = path.parent / item["faces"] if item.get("faces") else None
        photo = None
        if face_dir is not None and (face_dir / "card.png").is_file():
            photo = cv2.imread(str(face_dir / "card.png"), cv2.IMREAD_COLOR)
        cards[item["key"]] = SampleCard(item["key"], card_type, build_text_block(card_type, item["fields"]), photo, face_dir)
    return cards
