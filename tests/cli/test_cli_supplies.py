"""stock list|move|import|export and supply request|approve|issue|receive|list|chase: JSON with --json;
a move or an import that would leave a negative quantity exits 2 and writes nothing."""
import json

from openpyxl import Workbook


def setup(run, dbfile):
    for args in (("stock", "item", "add", "医用防护服", "--unit", "套"), ("stock", "site", "add", "市应急物资储备库"),
                 ("stock", "site", "add", "市疾控中心库房"),
                 ("stock", "move", "--item", "医用防护服", "--site", "市应急物资储备库", "--qty", "100", "--batch", "B1",
                  "--expires", "2027-06-30", "--source", "采购")):
        code, out, err = run(*args, "--db", dbfile)
        assert code == 0, err


def audit_len(run, dbfile):
    return len(json.loads(run("audit", "--db", dbfile, "--json")[1]))


def test_stock_moves_and_lists_with_the_rate_and_days_of_cover(run, dbfile):
    setup(run, dbfile)
    code, out, err = run("stock", "move", "--item", "医用防护服", "--site", "市应急物资储备库", "--qty", "-14",
                         "--to", "市卫生健康委", "--db", dbfile, "--json")
    assert code == 0, err
    moved = json.loads(out)
    assert (moved["kind"], moved["to"], moved["quantity"], moved["batches"][0]["batch"]) == ("issue", "市卫生健康委", 14, "B1")
    listed = json.loads(run("stock", "list", "--db", dbfile, "--json")[1])
    row = listed["stock"][0]
    assert (row["site"], row["quantity"], row["issued_7d"], row["daily_rate"], row["days_of_cover"]) == \
        ("市应急物资储备库", 86, 14, 2.0, 43.0)
    assert "近7日" in listed["rate"] and listed["items"] == [
        {"item": "医用防护服", "unit": "套", "quantity": 86, "usable": 86, "issued_7d": 14}]
    text = run("stock", "list", "--db", dbfile)[1]
    assert "43.0天" in text and "本程序设定" in text


def test_a_move_below_zero_exits_2_and_writes_nothing(run, dbfile):
    setup(run, dbfile)
    before = audit_len(run, dbfile)
    for args, needle in (
            (["--qty", "-101", "--to", "瑞安市"], "现有可用库存100套，不足101套，结存不能为负数"),
            (["--qty", "-101", "--to-site", "市疾控中心库房"], "结存不能为负数"),
            (["--qty", "-1"], "请填写发放对象"),
            (["--qty", "0"], "非零整数"),
            (["--qty", "-1", "--to", "某医院"], "不是成员单位或县")):
        code, out, err = run("stock", "move", "--item", "医用防护服", "--site", "市应急物资储备库", *args,
                             "--db", dbfile, "--json")
        assert code == 2 and out == "" and needle in err, (args, err)
    assert audit_len(run, dbfile) == before
    assert json.loads(run("stock", "list", "--db", dbfile, "--json")[1])["stock"][0]["quantity"] == 100


def test_import_below_zero_exits_2_writes_nothing_and_export_writes_the_list(run, dbfile, tmp_path):
    setup(run, dbfile)
    book = Workbook()
    book.active.append(["存放点", "物资名称", "数量", "发放对象"])
    book.active.append(["市应急物资储备库", "医用防护服", -60, "瑞安市"])
    book.active.append(["市应急物资储备库", "医用防护服", -60, "平阳县"])
    path = tmp_path / "进出.xlsx"
    book.save(path)
    before = audit_len(run, dbfile)
    code, out, err = run("stock", "import", path, "--db", dbfile, "--json")
    assert code == 2 and "第3行“数量”列" in err and "未写入任何数据" in err
    assert audit_len(run, dbfile) == before
    out_path = tmp_path / "库存.xlsx"
    code, out, err = run("stock", "export", out_path, "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)["rows"] == 1 and out_path.is_file()
    code, out, err = run("stock", "import", out_path, "--db", dbfile, "--json")
    assert code == 0 and json.loads(out) == {"kind": "stocktake", "moves": 0, "unchanged": 1}


def test_a_request_through_its_steps_and_the_chase_list(run, dbfile):
    setup(run, dbfile)
    code, out, err = run("supply", "request", "--from", "瑞安市", "--item", "医用防护服", "--qty", "30",
                         "--at", "2026-11-29T08:00", "--needed-by", "2026-11-29T18:00", "--now", "2026-11-29T09:00",
                         "--db", dbfile, "--json")
    assert code == 0, err
    req = json.loads(out)
    assert req["status"] == "requested" and req["clock"]["step"] == "物资审批" and "预案未规定时限" in req["clock"]["setting"]
    chase = json.loads(run("supply", "chase", "--now", "2026-11-29T13:00", "--db", dbfile, "--json")[1])
    assert chase[0]["requester"] == "瑞安市" and chase[0]["requests"][0]["status"] == "overdue"
    assert chase[0]["requests"][0]["clock"]["waiting_on"] == "物资保障组审批"
    ident = str(req["id"])
    assert run("supply", "approve", ident, "--qty", "20", "--db", dbfile)[0] == 0
    code, out, err = run("supply", "issue", ident, "--site", "市疾控中心库房", "--db", dbfile)
    assert code == 2 and "结存不能为负数" in err
    code, out, err = run("supply", "issue", ident, "--site", "市应急物资储备库", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)["status"] in ("issued", "overdue")
    code, out, err = run("supply", "receive", ident, "--by", "张三", "--db", dbfile, "--json")
    assert code == 0 and json.loads(out)["status"] == "received"
    listed = json.loads(run("supply", "list", "--db", dbfile, "--json")[1])
    assert listed[0]["approved_quantity"] == 20 and listed[0]["clock"] is None
    assert json.loads(run("stock", "list", "--db", dbfile, "--json")[1])["stock"][0]["quantity"] == 80


def test_quantities_print_with_thousands_separators_as_amounts_do(run, dbfile):
    for args in (("stock", "item", "add", "医用外科口罩", "--unit", "只"), ("stock", "site", "add", "市应急物资储备库")):
        assert run(*args, "--db", dbfile)[0] == 0
    code, out, err = run("stock", "move", "--item", "医用外科口罩", "--site", "市应急物资储备库", "--qty", "150000",
                         "--source", "采购", "--db", dbfile)
    assert code == 0 and out.startswith("已记录入库：医用外科口罩 150,000只"), err
    code, out, err = run("stock", "move", "--item", "医用外科口罩", "--site", "市应急物资储备库", "--qty", "-12000",
                         "--to", "瑞安市", "--db", dbfile)
    assert code == 0 and "12,000只" in out, err
    listed = run("stock", "list", "--db", dbfile)[1]
    assert "138,000只" in listed and "12,000" in listed and "80.5天" in listed
    assert "12,000只" in run("stock", "moves", "--db", dbfile)[1]
    code, _, err = run("stock", "move", "--item", "医用外科口罩", "--site", "市应急物资储备库", "--qty", "-200000",
                       "--to", "瑞安市", "--db", dbfile)
    assert code == 2 and "现有可用库存138,000只，不足200,000只" in err
    code, _, err = run("supply", "request", "--from", "平阳县", "--item", "医用外科口罩", "--qty", "20000", "--db", dbfile)
    assert code == 0, err
    assert "20,000只" in run("supply", "list", "--db", dbfile)[1]
    assert "第1号  医用外科口罩 20,000只" in run("supply", "chase", "--db", dbfile)[1]
    code, _, err = run("supply", "approve", "1", "--qty", "30000", "--db", dbfile)
    assert code == 2 and "批准数量不能多于申请数量（20,000只）" in err
    assert json.loads(run("stock", "list", "--db", dbfile, "--json")[1])["stock"][0]["quantity"] == 138000  # JSON: numbers


def test_the_supply_chase_sheet_prints_the_overdue_requests_by_requester_with_who_acts_next(run, dbfile, tmp_path):
    import subprocess

    for args in (("stock", "item", "add", "医用外科口罩", "--unit", "只"), ("stock", "site", "add", "市应急物资储备库"),
                 ("stock", "move", "--item", "医用外科口罩", "--site", "市应急物资储备库", "--qty", "150000", "--source", "采购"),
                 ("supply", "request", "--from", "平阳县", "--item", "医用外科口罩", "--qty", "20000", "--purpose", "集中隔离点",
                  "--at", "2026-11-28T09:00"),
                 ("supply", "request", "--from", "市卫生健康委", "--item", "医用外科口罩", "--qty", "5000",
                  "--at", "2026-11-28T10:00"),
                 ("supply", "approve", "2", "--at", "2026-11-28T11:00"),
                 ("supply", "request", "--from", "瑞安市", "--item", "医用外科口罩", "--qty", "100",
                  "--needed-by", "2099-01-01T09:00")):  # not yet due: not on the sheet
        code, out, err = run(*args, "--db", dbfile)
        assert code == 0, (args, err)
    target = tmp_path / "催办单.pdf"
    code, out, err = run("print", "supply-chase", "--out", target, "--db", dbfile)
    assert code == 0, err
    text = "".join(subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    assert "物资申请催办单" in text and "本程序设定（预案未规定时限）" in text
    assert "（二）平阳县（联络员：未登记，电话：未登记）" in text  # more overdue first, then by name
    assert "第1号医用外科口罩20,000只（集中隔离点）11-2813:00物资保障组审批" in text
    assert "市卫生健康委" in text and "第2号医用外科口罩5,000只" in text and "物资保障组发放" in text
    assert "瑞安市" not in text and "审计链第" in text
