#!/usr/bin/env bash
# Refresh the message catalog (docs/i18n.md) from ui/, app/ and kiosk/, then compile it. Screens mark
# texts with self.tr(); Qt-free code in kiosk/ with kiosk.messages.translate("Context", "English"),
# which lupdate extracts the same way. Translate new strings (marked unfinished) in kiosk_zh_CN.ts
# with Qt Linguist (uv run pyside6-linguist) or by hand, then run this again to compile;
# tests/ui/test_i18n.py fails while any string is unfinished or a .qm is stale.
set -euo pipefail
cd "$(dirname "$0")/../.."
sources=(ui/*.py ui/screens/*.py ui/diagnostics/*.py app/*.py kiosk/*.py kiosk/*/*.py)  # app/: the demo panel
uv run pyside6-lupdate "${sources[@]}" -no-obsolete -source-language en -target-language zh_CN -ts assets/translations/kiosk_zh_CN.ts
uv run pyside6-lupdate -pluralonly "${sources[@]}" -no-obsolete -source-language en -target-language en -ts assets/translations/kiosk_en.ts
for lang in zh_CN en; do
  uv run pyside6-lrelease assets/translations/kiosk_$lang.ts -qm assets/translations/kiosk_$lang.qm
done
