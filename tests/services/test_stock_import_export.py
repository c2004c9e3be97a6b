"""Stock lists as .xlsx: a movement list is checked row by row against the stock the earlier rows leave
(a row that would go below zero refuses the whole file, nothing written); the exported stock list imports
back as a stock-taking list without a change; the roster import's file checks apply."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from wzcommand.services import stock_io, supplies
from wzcommand.services.errors import ImportRejected
from wzcommand.storage.models import AuditEntry, StockMove

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=timezone(timedelta(hours=8)))
MOVES = ["存放点", "物资名称", "计量单位", "数量", "批号", "有效期至", "发放对象", "调入存放点", "日期"]


def xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def setup(db):
    supplies.add_item(db, "医用防护服", "套", "值班员")
    supplies.add_item(db, "含氯消毒剂", "千克", "值班员")
    supplies.add_site(db, "市应急物资储备库", "值班员")
    supplies.add_site(db, "市疾控中心库房", "值班员")


def state(db):
    with db.read() as s:
        return ([(r.site, r.item, r.quantity) for r in supplies.stock(db, NOW)],
                s.scalar(select(func.count()).select_from(StockMove)), s.scalar(select(func.count()).select_from(AuditEntry)))


def test_a_row_that_would_go_below_zero_refuses_the_whole_file(db, tmp_path):
    setup(db)
    path = xlsx(tmp_path / "进出.xlsx", [MOVES,
                                        ["市应急物资储备库", "医用防护服", "套", 100, "B1", "2027-06-30", "", "", "2026-11-28"],
                                        ["市应急物资储备库", "医用防护服", "套", -60, "", "", "瑞安市", "", "2026-11-28"],
                                        ["市应急物资储备库", "医用防护服", "件", -50, "", "", "", "市疾控中心库房", "2026-11-29"],
                                        ["市应急物资储备库", "含氯消毒剂", "箱", 5, "", "", "", "", ""]])
    before = state(db)
    with pytest.raises(ImportRejected) as err:
        stock_io.import_stock(db, path, "值班员", now=NOW)
    found = [(e.row, e.column) for e in err.value.errors]
    assert found == [(4, "计量单位"), (4, "数量"), (5, "计量单位")]  # every problem of a row at once
    assert "现有可用库存40套，不足50套，结存不能为负数" in err.value.errors[1].message
    assert state(db) == before
    ws = load_workbook(path)
    ws.active["D4"] = -40
    ws.active["C4"] = "套"
    ws.active["C5"] = "千克"
    ws.save(path)
    result = stock_io.import_stock(db, path, "值班员", now=NOW)
    assert (result.kind, result.moves) == ("moves", 4)
    assert state(db)[0] == [("市应急物资储备库", "医用防护服", 0), ("市应急物资储备库", "含氯消毒剂", 5),
                            ("市疾控中心库房", "医用防护服", 40)]
    with pytest.raises(ImportRejected, match="已经导入过"):
        stock_io.import_stock(db, path, "值班员", now=NOW)


def test_export_imports_back_unchanged_as_a_stock_taking_list(db, tmp_path):
    setup(db)
    supplies.move(db, supplies.MoveSpec("医用防护服", "市应急物资储备库", 100, batch="B1", expires_on=date(2026, 12, 10)),
                  "值班员", now=NOW)
    supplies.move(db, supplies.MoveSpec("医用防护服", "市应急物资储备库", -30, to_unit="市公安局"), "值班员", now=NOW)
    path = tmp_path / "库存.xlsx"
    assert stock_io.export_stock(db, path, NOW) == 1
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == tuple(stock_io.EXPORT_HEADER)
    assert rows[1][:8] == ("市应急物资储备库", "医用防护服", "套", "B1", "2026-12-10", 70, "30天内到期", 30)
    before = state(db)
    result = stock_io.import_stock(db, path, "值班员", now=NOW)
    assert (result.kind, result.moves, result.unchanged) == ("stocktake", 0, 1)
    assert state(db)[:2] == before[:2]
    book = load_workbook(path)
    book.active["F2"] = 65  # counted: five fewer
    book.save(path)
    assert stock_io.import_stock(db, path, "值班员", now=NOW).moves == 1
    assert state(db)[0] == [("市应急物资储备库", "医用防护服", 65)]
    assert supplies.list_moves(db)[0].kind_name == "盘点调整"
    book.active["F2"] = -1
    book.save(path)
    with pytest.raises(ImportRejected) as err:
        stock_io.import_stock(db, path, "值班员", now=NOW)
    assert [(e.row, e.column) for e in err.value.errors] == [(2, "结存数量")] and "不能为负数" in str(err.value)


def test_file_checks_are_the_rosters(db, tmp_path):
    setup(db)
    formula = xlsx(tmp_path / "f.xlsx", [MOVES, ["市应急物资储备库", "医用防护服", "套", "=1+1"]])
    with pytest.raises(ImportRejected, match="公式"):
        stock_io.import_stock(db, formula, "值班员", now=NOW)
    with pytest.raises(ImportRejected, match="无法识别的列名"):
        stock_io.import_stock(db, xlsx(tmp_path / "h.xlsx", [["仓库", "物资名称", "数量"], ["a", "b", 1]]), "值班员")
    with pytest.raises(ImportRejected, match="数量.*结存数量"):
        stock_io.import_stock(db, xlsx(tmp_path / "n.xlsx", [["存放点", "物资名称"], ["a", "b"]]), "值班员")
    csv = tmp_path / "x.csv"
    csv.write_text("存放点,物资名称,数量\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match=r"\.xlsx"):
        stock_io.import_stock(db, csv, "值班员")
    assert state(db)[1] == 0
