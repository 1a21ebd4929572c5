"""Screens a citizen meets from the guide to the receipt, for every catalog item (issue #16: ≤ 7).

    uv run python benchmarks/screen_counts.py

Counted: every step screen from the guide (phase 1) to the receipt, or to the done screen when
nothing is printed. Not counted: submit (it saves and moves on by itself; its screen stays only
when saving fails), the optional rating after the receipt, and a step the screen before it
carries (the consent on the guide's 同意并开始办理, a signature given on the review:
kiosk/workflow.carried_by_previous_screen). Pure catalog arithmetic (ui/phases.py), so no machine
load matters."""

from __future__ import annotations

from collections import Counter

from kiosk.catalog import StepKind, default_catalog_dir, load_catalog
from ui.phases import phases_of, screens_from_guide_to_receipt


def main() -> None:
    catalog = load_catalog(sorted(default_catalog_dir().glob("*.toml")))
    print("| item | screens | steps to the end (incl. submit) | phases | steps |")
    print("|---|---|---|---|---|")
    counts = Counter()
    for item in catalog.items():
        kinds = [s.kind for s in item.workflow]
        ends = [i for i, k in enumerate(kinds) if k is StepKind.RECEIPT] or \
            [i for i, k in enumerate(kinds) if k is StepKind.DONE] or [len(kinds) - 1]
        n = screens_from_guide_to_receipt(kinds)
        counts[n] += 1
        print(f"| {item.code} | {n} | {ends[0] + 1} | {len(phases_of(kinds))} | "
              f"{' → '.join(k.value for k in kinds[: ends[0] + 1])} |")
    print()
    print("services per screen count: " + ", ".join(f"{n} screens: {c}" for n, c in sorted(counts.items())))


if __name__ == "__main__":
    main()
