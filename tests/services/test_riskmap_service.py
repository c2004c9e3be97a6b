"""Townships import (all or nothing, errors by row and feature), risk levels by date with their history,
the map of a past date, and the map issued for a date."""
from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest
from riskmap_support import LEVELS, TOWNSHIPS, feature, square, write_csv, write_geojson
from sqlalchemy import func, select

from wzcommand.services import risk_levels, riskmap_print, townships
from wzcommand.services.errors import ImportRejected, ValidationError
from wzcommand.services.levels import RefusedError
from wzcommand.storage.models import AuditEntry, RiskMapIssue, Township, TownshipRisk

CST = timezone(timedelta(hours=8))
DAY1 = datetime(2026, 11, 20, 9, 0, tzinfo=CST)


def counts(db):
    with db.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Township, TownshipRisk, AuditEntry))


def rejected(db, path) -> list[str]:
    before = counts(db)
    with pytest.raises(ImportRejected) as info:
        townships.import_townships(db, path, "值班员")
    assert counts(db) == before  # nothing written
    return [str(e) for e in info.value.errors]


def test_list_import_refuses_unknown_division_duplicates_and_bad_codes(db, tmp_path):
    rows = [("鹿城区", "五马街道", "330302001000", None), ("月亮县", "嫦娥镇", "330399001000", None),
            ("鹿城", "五马街道", "330302009000", None), ("乐清市", "柳市镇", "330302101000", None),
            ("瓯海区", "景山街道", "12345", None), ("鹿城区", "南汇街道", "330302001000", None)]
    errors = rejected(db, write_csv(tmp_path / "t.csv", rows))
    assert errors[0].startswith("第3行“县（市、区）”列：没有名为“月亮县”的县（市、区）")
    assert "第4行“乡镇（街道）”列：鹿城区五马街道重复，已在第2行出现" in errors
    assert "第5行“代码”列：代码“330302101000”不以乐清市的区划代码330382开头" in errors
    assert any(e.startswith("第6行“代码”列：代码“12345”应为 9 位或 12 位数字") for e in errors)
    assert "第7行“代码”列：代码330302001000重复，已在第2行出现" in errors
    header = tmp_path / "h.csv"
    header.write_text("县区,名字\n鹿城区,五马街道\n", encoding="utf-8")
    assert any("缺少“乡镇（街道）”列" in e for e in rejected(db, header))


def test_boundary_outside_its_division_is_refused_and_names_where_it_lies(db, tmp_path):
    lucheng = feature("鹿城区", "五马街道", "330302001000", (120.655, 28.015))
    misplaced = feature("鹿城区", "城东街道", "330302003000", (120.985, 28.125))  # a square inside 乐清市
    outside = feature("泰顺县", "海上镇", "330329109000", (122.5, 27.5))
    twice = feature("鹿城区", "五马街道", "330302001000", (120.655, 28.015))
    broken = feature("龙湾区", "永中街道", "330303001000", None, {"type": "Point", "coordinates": [120.8, 27.9]})
    errors = rejected(db, write_geojson(tmp_path / "b.geojson", [lucheng, misplaced, outside, twice, broken]))
    assert "第2个要素“边界”：城东街道的边界不在鹿城区范围内（其范围在乐清市）" in errors
    assert "第3个要素“边界”：海上镇的边界不在泰顺县范围内（其范围不在温州市内）" in errors
    assert "第4个要素“乡镇（街道）”：鹿城区五马街道重复，已在第1个要素出现" in errors
    assert any(e.startswith("第5个要素“边界”：几何类型“Point”不是面") for e in errors)
    not_json = tmp_path / "x.geojson"
    not_json.write_text("{", encoding="utf-8")
    assert rejected(db, not_json)[0].startswith("文件：不是有效的 JSON")


def test_list_then_boundaries_then_a_rename(db, tmp_path):
    r = townships.import_townships(db, write_csv(tmp_path / "t.csv"), "值班员")
    assert (r.added, r.updated, r.boundaries) == (12, 0, 0)
    listed = townships.list_townships(db)
    assert [t.division for t in listed][:3] == ["鹿城区", "鹿城区", "龙湾区"] and not any(t.has_boundary for t in listed)
    r = townships.import_townships(db, write_geojson(tmp_path / "b.geojson"), "值班员")
    assert (r.added, r.updated, r.boundaries) == (0, 12, 12)
    assert all(t.has_boundary for t in townships.list_townships(db))
    # the same file again changes nothing; a code already registered may be renamed
    assert townships.import_townships(db, write_geojson(tmp_path / "b.geojson"), "值班员").unchanged == 12
    r = townships.import_townships(db, write_csv(tmp_path / "r.csv", [("鹿城区", "五马街道（新）", "330302001000")]), "值班员")
    assert r.updated == 1 and "五马街道（新）" in [t.name for t in townships.list_townships(db)]
    # a new name that another code already has is refused
    errors = rejected(db, write_csv(tmp_path / "c.csv", [("鹿城区", "松台街道", "330302077000")]))
    assert errors == ["第2行“乡镇（街道）”列：鹿城区松台街道已登记，代码为330302002000，与本文件的330302077000不同"]


def set_levels(db, at=DAY1):
    for name, level in LEVELS.items():
        risk_levels.set_risk(db, [name], level, at, "11月19日风险评估", "值班员")


def test_levels_by_date_keep_their_history_and_since(db, tmp_path):
    townships.import_townships(db, write_csv(tmp_path / "t.csv"), "值班员")
    before = counts(db)
    set_levels(db)
    assert counts(db)[1:] == (before[1] + len(LEVELS), before[2] + len(LEVELS))
    later = DAY1 + timedelta(days=3)
    r = risk_levels.set_risk(db, ["鹿城区五马街道", "龙湾永中街道"], "中", later, "11月22日会商", "值班员")
    assert r.set == ("鹿城区五马街道", "龙湾区永中街道") and r.level == "medium"
    risk_levels.set_risk(db, ["330302001000"], "高风险", later + timedelta(days=1), "复核", "值班员")  # by code
    on_20 = {x.township: x for x in risk_levels.risk_on(db, date(2026, 11, 20))}
    assert on_20["五马街道"].level == "high" and on_20["五马街道"].since == DAY1
    assert on_20["泽雅镇"].level == "none" and on_20["泽雅镇"].since is None
    on_19 = risk_levels.risk_on(db, date(2026, 11, 19))
    assert {x.level for x in on_19} == {"none"}
    on_23 = {x.township: x for x in risk_levels.risk_on(db, date(2026, 11, 23))}
    assert on_23["五马街道"].level == "medium" and on_23["五马街道"].since == later
    assert on_23["五马街道"].basis == "11月22日会商"
    on_25 = {x.township: x for x in risk_levels.risk_on(db, date(2026, 11, 25))}
    assert on_25["五马街道"].level == "high" and on_25["五马街道"].basis == "复核"
    changed = risk_levels.changed_between(db, DAY1 + timedelta(days=1), later + timedelta(hours=1))
    assert [(c.township, c.before, c.after) for c in changed] == [("五马街道", "high", "medium"),
                                                                  ("永中街道", "high", "medium")]


@pytest.mark.parametrize("names,level,at,needle", [
    (["月亮镇"], "高", DAY1, "没有登记名为“月亮镇”的乡镇（街道）"),
    (["五马街道"], "极高", DAY1, "未知的风险等级“极高”"),
    (["五马街道"], "高", datetime(2099, 1, 1, tzinfo=CST), "不能晚于当前时间三日以后"),
])
def test_bad_settings_are_refused_and_write_nothing(db, tmp_path, names, level, at, needle):
    townships.import_townships(db, write_csv(tmp_path / "t.csv"), "值班员")
    before = counts(db)
    with pytest.raises(ValidationError, match=needle):
        risk_levels.set_risk(db, names, level, at, "依据", "值班员")
    assert counts(db) == before


def test_same_level_again_and_a_setting_before_a_later_one_are_refused(db, tmp_path):
    townships.import_townships(db, write_csv(tmp_path / "t.csv"), "值班员")
    set_levels(db)
    with pytest.raises(RefusedError, match="当时已是高风险，无需登记"):
        risk_levels.set_risk(db, ["五马街道"], "高", DAY1 + timedelta(hours=1), "依据", "值班员")
    with pytest.raises(RefusedError, match="已有生效时间更晚的登记"):
        risk_levels.set_risk(db, ["五马街道"], "低", DAY1 - timedelta(days=1), "依据", "值班员")


def test_the_map_of_a_past_date_shows_that_dates_levels_and_printing_issues_it(db, tmp_path):
    townships.import_townships(db, write_csv(tmp_path / "t.csv"), "值班员")
    set_levels(db)
    risk_levels.set_risk(db, ["五马街道"], "低", DAY1 + timedelta(days=3), "解除", "值班员")
    past = riskmap_print.map_data(db, date(2026, 11, 21))
    assert [(r.township, r.level) for r in past.rows] == [("五马街道", "high"), ("永中街道", "high"),
                                                         ("松台街道", "medium"), ("城东街道", "medium"),
                                                         ("灵溪镇", "medium")]
    assert {d.name: d.level for d in past.divisions}["鹿城区"] == "high"  # no boundaries: tinted by its highest
    now = riskmap_print.map_data(db, date(2026, 11, 25))
    assert "五马街道" not in [r.township for r in now.rows]
    assert ("乐清市", "medium", ("城东街道",)) in now.listed and ("鹿城区", 1) in now.low_counts
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(riskmap_print.riskmap_pdf(db, date(2026, 11, 21), operator="值班员"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "2026年11月21日" in text and "五马街道" in text and "11月19日风险评估" in text
    with db.read() as s:
        issue = s.scalars(select(RiskMapIssue)).one()
    assert issue.map_date == date(2026, 11, 21) and not issue.public
    public = riskmap_print.map_data(db, date(2026, 11, 21), public=True)
    assert public.chain is None and all(r.basis == "" for r in public.rows)


def test_with_boundaries_townships_are_drawn_and_not_listed(db, tmp_path):
    townships.import_townships(db, write_csv(tmp_path / "t.csv"), "值班员")
    townships.import_townships(db, write_geojson(tmp_path / "b.geojson"), "值班员")
    set_levels(db)
    data = riskmap_print.map_data(db, date(2026, 11, 21))
    assert len(data.townships) == 12 and not data.listed and not data.low_counts
    assert {d.level for d in data.divisions} == {"none"}
    assert {t.name: t.level for t in data.townships}["五马街道"] == "high"
    assert square(0, 0)["type"] == "Polygon" and len(TOWNSHIPS) == 12


def test_a_progress_report_lists_the_townships_whose_level_changed_since_the_previous_report(db, tmp_path):
    from doc_support import issued_first_report

    from wzcommand import clock
    from wzcommand.services import reports

    now = clock.now()
    townships.import_townships(db, write_csv(tmp_path / "t.csv"), "值班员")
    risk_levels.set_risk(db, ["松台街道"], "中", now - timedelta(hours=3), "早前评估", "值班员")  # before the first report
    first = issued_first_report(db, now)
    risk_levels.set_risk(db, ["五马街道"], "高", now - timedelta(minutes=30), "评估", "值班员")
    risk_levels.set_risk(db, ["松台街道"], "低", now - timedelta(minutes=20), "评估", "值班员")
    text = reports.draft_progress(db, first.event_id).text()
    assert "以来，2个乡镇（街道）风险等级调整：鹿城区五马街道由未划定调整为高风险（" in text
    assert "鹿城区松台街道由中风险调整为低风险（" in text
