"""Administrative divisions (province → city → district) for the address picker.

The shipped file is an example subset of GB/T 2260; a deployment supplies its full list. Names
are Chinese only: addresses are written in Chinese on every document."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DEFAULT_REGIONS = Path(__file__).resolve().parent.parent / "assets" / "regions" / "example_regions.json"


@dataclass(frozen=True)
class Regions:
    tree: dict[str, dict[str, tuple[str, ...]]]  # province → city → districts

    def provinces(self) -> list[str]:
        return list(self.tree)

    def cities(self, province: str) -> list[str]:
        return list(self.tree.get(province, {}))

    def districts(self, province: str, city: str) -> list[str]:
        return list(self.tree.get(province, {}).get(city, ()))


def load_regions(path: Path = DEFAULT_REGIONS) -> Regions:
    data = json.loads(path.read_text(encoding="utf-8"))
    tree = {p["name"]: {c["name"]: tuple(c["districts"]) for c in p["cities"]} for p in data["provinces"]}
    return Regions(tree)


def join_address(province: str, city: str, district: str, detail: str) -> str:
    """One line as written on Chinese forms; a municipality is not repeated (北京市东城区…)."""
    head = province if province == city else province + city
    return head + district + detail
