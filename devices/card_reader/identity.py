"""The typed identity record a card read produces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy costs ≈ 0.3 s at import: not before the kiosk's first frame (issue #16)
    import numpy as np
    import numpy.typing as npt


class CardType(str, Enum):
    RESIDENT = "resident"  # 居民身份证
    HMT_RESIDENCE = "hmt_residence"  # 港澳台居民居住证, flag J
    FOREIGNER_OLD = "foreigner_permanent_old"  # 外国人永久居留身份证 (2017), flag I
    FOREIGNER_2023 = "foreigner_permanent_2023"  # 外国人永久居留身份证 (2023), flag Y


@dataclass(frozen=True)
class Photo:
    """The card photo, already decoded (BGR uint8, 126 rows × 102 columns) or why not."""

    image: npt.NDArray[np.uint8] | None
    unavailable_reason: str = ""


@dataclass(frozen=True, repr=False)
class IdentityRecord:
    card_type: CardType
    name: str  # Chinese name (for the I/Y cards the Chinese name; English in extra)
    gender: str  # "1" male, "2" female, as on the card
    nation: str  # nation code for residents ("01" 汉); nationality code for foreigners
    birth_date: date | None
    address: str
    id_number: str  # ID number, or card number of the old foreigner card
    issuer: str
    valid_from: date | None
    valid_until: date | None  # None: 长期 (no expiry)
    extra: Mapping[str, str] = field(default_factory=dict)
    photo: Photo = field(default_factory=lambda: Photo(None, "not read"))

    @property
    def gender_text(self) -> str:
        return {"1": "男", "2": "女"}.get(self.gender, "未知")

    def __repr__(self) -> str:  # personal data never ends up in a log via repr()
        return f"IdentityRecord(card_type={self.card_type.value}, <redacted>)"
