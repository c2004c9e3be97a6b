"""The county board on one printed page: every county, the flags with their clauses, the chain mark."""
from datetime import datetime, timedelta, timezone

from warning_support import STEPS
from wzcommand.services import counties, county_print, warnings

T0 = datetime(2026, 11, 29, 8, 0, tzinfo=timezone(timedelta(hours=8)))


def test_one_page_with_every_county_the_notes_and_the_chain_mark(db, tmp_path, helpers):
    now = T0 + timedelta(days=2)
    warnings.record_warning(db, "yellow", T0, "市卫生健康委", "监测", "主任", now=now, steps=STEPS)
    counties.record_county(db, "鹿城区", T0, "鹿城区政府", "电话", "值班员", level="III", warning="yellow", now=now)
    counties.set_county_contact(db, "鹿城区", "值班员", duty_phone="0577-88880000", liaison="张三",
                                liaison_phone="13900001111")
    for county in ("龙湾区", "瓯海区"):
        counties.record_county(db, county, T0, "县政府", "电话", "值班员", warning="blue", now=now)
    counties.instruct_counties(db, ["龙湾区", "瓯海区"], "III", "温政办〔2026〕1号", T0, "主任", now=now)
    counties.instruct_counties(db, ["洞头区"], "IV", "温卫〔2026〕9号", now - timedelta(hours=1), "主任", now=now)
    pdf = tmp_path / "board.pdf"
    pdf.write_bytes(county_print.county_board_pdf(db, now))
    text = helpers.pdftotext(pdf)
    assert text.count("\f") == 1  # one page
    flat = "".join(text.split())
    assert "各县（市、区）应急响应和预警情况表" in flat and "全市未启动应急响应、黄色预警" in flat
    for name in ("鹿城区", "泰顺县", "龙港市"):
        assert name in flat
    assert "0577-88880000" in flat and "张三13900001111" in flat and "11-2908:00" in flat
    assert "预警低于全市黄色预警：龙湾区、瓯海区（2个）" in flat and "泰顺县未启动—未报告" in flat
    assert "市级要求启动Ⅲ级应急响应" in flat and "已过时" in flat  # the notes column wraps beside its clause
    assert "市级要求启动Ⅳ级应急响应" in flat and "Ⅳ级·待报" in flat and "Ⅲ级·逾期" in flat
    assert "预警级别应不低于市级预警级别" in flat and "必须启动相应级别的应急响应" in flat and "同上" in flat
    assert "审计链第" in flat


def test_the_paper_kit_lists_every_county_command_with_its_phones(db):
    from wzcommand.reports.blocks import Table
    from wzcommand.services import reports

    now = T0 + timedelta(hours=1)
    counties.set_county_contact(db, "龙港市", "值班员", duty_phone="0577-68880000", liaison="李四",
                                liaison_phone="13800002222")
    counties.record_county(db, "龙港市", T0, "龙港市政府", "电话", "值班员", level="IV", now=now)
    title, blocks = next(s for s in reports.paper_kit_data(db, now).extra if s[0] == "各县（市、区）应急指挥部联系方式")
    table = next(b for b in blocks if isinstance(b, Table))
    assert [r[0] for r in table.rows[1:]] == list(counties.rules.COUNTY_NAMES)
    assert ["龙港市", "Ⅳ级", "未报告", "0577-68880000", "李四 13800002222"] in table.rows
