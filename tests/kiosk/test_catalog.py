"""The catalog loader: a broken file is rejected with a message naming file, item and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.catalog import CatalogError, StepKind, default_catalog_dir, load_catalog
from app.cli import main

GOOD = Path(__file__).parent / "data" / "catalog_sample.toml"


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = GOOD.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} no longer in {GOOD.name}"
    path = tmp_path / "public_order.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_sample_catalog_loads() -> None:
    catalog = load_catalog(GOOD)
    assert "ZA-0101" in catalog
    assert catalog.item("ZA-0101").step_kinds[0] is StepKind.GUIDE


def test_shipped_catalog_loads() -> None:
    assert len(load_catalog(default_catalog_dir())) >= 1


def test_unknown_field_kind_names_file_item_and_field(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, 'kind = "phone"', 'kind = "telephone"')
    with pytest.raises(CatalogError) as err:
        load_catalog(path)
    message = str(err.value)
    assert str(path) in message
    assert "item ZA-0101" in message
    assert "workflow.3.fields.1.kind" in message


def test_missing_english_name_is_rejected(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, 'en = "Report a lost item"', 'english = "Report a lost item"')
    with pytest.raises(CatalogError, match=r"item ZA-0101, field name\.en"):
        load_catalog(path)


def test_workflow_must_start_with_guide(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8")
    first = text.index('[[items.workflow]]\nkind = "guide"')
    path = tmp_path / "c.toml"
    path.write_text(text[:first] + text[first:].replace('kind = "guide"', 'kind = "consent"', 1), encoding="utf-8")
    with pytest.raises(CatalogError, match="starts with a guide step"):
        load_catalog(path)


def test_duplicate_codes_across_files(tmp_path: Path) -> None:
    shutil.copy(GOOD, tmp_path / "a.toml")
    shutil.copy(GOOD, tmp_path / "b.toml")
    with pytest.raises(CatalogError, match="item ZA-0101, field code: duplicate"):
        load_catalog(tmp_path)


def test_not_toml(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text("items = [", encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid TOML"):
        load_catalog(path)


def test_cli_check_rejects_with_precise_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = broken_copy(tmp_path, "visits = 0", "visits = 3")
    assert main(["catalog", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "catalog check failed" in err
    assert "item ZA-0101, field guide.visits" in err


def test_cli_check_accepts_shipped_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog", "check"]) == 0
    assert ": ok" in capsys.readouterr().out


def test_show_when_must_name_a_choice_the_earlier_field_has(tmp_path: Path) -> None:
    line = '  { key = "lost_place", kind = "text", label = { zh = "遗失地点", en = "Where it was lost" }, max_length = 60 },'
    phone_model = (line + '\n  { key = "phone_model", kind = "text", label = { zh = "手机型号", en = "Phone model" }, '
                   'show_when = { key = "item_category", equals = "%s" } },')
    assert load_catalog(broken_copy(tmp_path, line, phone_model % "phone")).item("ZA-0101")
    with pytest.raises(CatalogError, match="has no choice 'tablet'"):
        load_catalog(broken_copy(tmp_path, line, phone_model % "tablet"))


def test_show_when_must_follow_the_choice_it_depends_on(tmp_path: Path) -> None:
    line = '  { key = "item_description", kind = "text"'
    early = ('  { key = "colour", kind = "text", label = { zh = "颜色", en = "Colour" }, '
             'show_when = { key = "lost_place", equals = "x" } },\n' + line)
    with pytest.raises(CatalogError, match="not a choice field earlier on this form"):
        load_catalog(broken_copy(tmp_path, line, early))


def test_a_result_step_needs_a_query_before_it(tmp_path: Path) -> None:
    """ZM-0101 showed "没有查到相关信息" from a result step with no query behind it: a screen
    that pretends. Such a workflow no longer loads, and no shipped item has one."""
    path = broken_copy(tmp_path, '[[items.workflow]]\nkind = "review"', '[[items.workflow]]\nkind = "result"\n\n[[items.workflow]]\nkind = "review"')
    with pytest.raises(CatalogError, match=r"item ZA-0101, field workflow: .*result step needs a query step"):
        load_catalog(path)
    for item in load_catalog(default_catalog_dir()).items():
        kinds = list(item.step_kinds)
        if StepKind.RESULT in kinds:
            assert StepKind.QUERY in kinds[:kinds.index(StepKind.RESULT)], item.code
