"""The 征用补偿清单 as the clerk reads it: each owner once with its items, amounts in 元 with separators,
the grand total in figures and capitals, no total of nothing while every owner is still to be assessed."""
from datetime import datetime, timedelta, timezone

from wzcommand.reports.blocks import Heading2, Paragraph, Table
from wzcommand.reports.compensation_doc import ItemLine, OwnerBlock, compensation_list

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone(timedelta(hours=8)))
BASIS = ("《温州市突发公共卫生事件应急预案》6.3.1（5）", "临时征用有关房屋、交通工具以及设施设备。")
PAY = ("《温州市突发公共卫生事件应急预案》7.3", "……进行评估并给予合理补偿。")


def item(what, returned=True):
    return ItemLine(what, "2辆", T0, "完好", "温州市人民政府 温政征〔2026〕1号",
                    T0 + timedelta(days=5) if returned else None, "完好" if returned else "")


def document(amounts):
    owners = [OwnerBlock("企业", "温州某某客运有限公司", "林调度 0577-88880000",
                         [item("交通工具：大客车"), item("交通工具：中型客车", returned=False)], "按租金评估", amounts[0]),
              OwnerBlock("个人", "张三", "", [item("劳务：驾驶")], "按日工资", amounts[1])]
    return compensation_list(owners, started=T0, ended=T0 + timedelta(days=10), at=T0 + timedelta(days=12),
                             basis=BASIS, compensation=PAY, today=(T0 + timedelta(days=12)).date())


def paragraphs(doc):
    return [b.text for b in doc.body if isinstance(b, Paragraph)]


def test_totals_per_owner_and_grand_total_in_figures_and_capitals():
    doc = document([1_280_050, 360_000])
    text = paragraphs(doc)
    assert text[0].startswith("2026年11月2日至2026年11月12日应急响应期间，依据《温州市突发公共卫生事件应急预案》6.3.1（5）"
                              "“临时征用有关房屋、交通工具以及设施设备”，共临时征用2个单位、企业或个人的物资和劳务3项。")
    assert "补偿金额合计16,400.50元（大写：壹万陆仟肆佰元伍角）。尚有1项未归还" in text[1]
    assert [b.text for b in doc.body if isinstance(b, Heading2)] == ["（一）温州某某客运有限公司（企业）", "（二）张三（个人）"]
    summary = [b for b in doc.body if isinstance(b, Table)][-1].rows
    assert summary[1:] == [["1", "温州某某客运有限公司", "企业", "2", "12,800.50"], ["2", "张三", "个人", "1", "3,600.00"],
                           ["", "合计", "", "3", "16,400.50"]]
    assert "评估意见：按租金评估。补偿金额：12,800.50元。" in text


def test_owners_not_yet_assessed_are_named_and_nothing_is_totalled_before_any_assessment():
    partly = paragraphs(document([None, 360_000]))
    assert "补偿金额合计3,600.00元（大写：叁仟陆佰元整），其中温州某某客运有限公司尚待评估。" in partly[1]
    none = document([None, None])
    assert "各被征用方的补偿尚待评估。" in paragraphs(none)[1] and "合计0.00" not in paragraphs(none)[1]
    assert [row[-1] for row in [b for b in none.body if isinstance(b, Table)][-1].rows[1:]] == ["待评估"] * 3
