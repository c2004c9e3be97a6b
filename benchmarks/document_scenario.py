"""Every printed document from one realistic scenario, for a clerk to read and look at.

    python benchmarks/document_scenario.py OUT_DIR [--exercise]

A 诺如病毒 outbreak at a primary school in 鹿城区 over 14 days: counts rise then fall, patients
are discharged (a fall in a current figure: news, not a correction), one count is marked as a
correction, the grade is raised, the response is started and ended, meetings are held, tasks are
assigned (one with 1,200 characters), done and overdue.  Writes the first report, two progress
reports, the closing report, a meeting notice, the 交办单 (short and long), the 催办单, the week
schedule and the paper kit as PDFs, the closing report as .docx, and prints each file's name.
Re-run it after any change to the documents, then look at the pages (pdftoppm -r 60 -png) and run
../shared/tools/pdf-layout on each.
"""
from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LONG_TASK = ("组织对全校教学楼、食堂、宿舍和卫生间开展全面终末消毒，对桶装水供应商的生产场所、灌装设备和水源进行"
             "采样检测，逐一核查近两周的供水批次和配送记录，督促学校落实晨午检、因病缺勤病因追查与登记制度，"
             "对所有病例的班级实行分班错峰就餐和分时段如厕，加强对保洁人员的培训和个人防护指导。") * 6


def main(out: Path, exercise: bool = False) -> list[Path]:
    os.environ.setdefault("WZCOMMAND_DATA_DIR", tempfile.mkdtemp(prefix="wzdocs-"))
    from wzcommand import clock
    from wzcommand.services import events, levels, meetings, office, people, reports, schedule_print, tasks
    from wzcommand.services.meta import mark_exercise
    from wzcommand.storage.database import open_database

    out.mkdir(parents=True, exist_ok=True)
    db = open_database(out / "scenario.sqlite3")
    if exercise:
        mark_exercise(db, "值班员")
    office.save_office_settings(db, replace(office.office_settings(db), signer="李明",
                                            contact="联系人：陈静，电话：0577-88001234"), "主任")
    people.set_person(db, "市长", "王五", "值班员", mobile="13900000001")
    now = clock.now().replace(minute=0, second=0, microsecond=0)
    start = now - timedelta(days=14)
    op = "值班员"
    e = events.register_event(db, events.EventInput(
        name="鹿城区五马街道某小学诺如病毒感染聚集性疫情", category="infectious", disease="诺如病毒感染",
        district="鹿城区", township="五马街道", place="温州市鹿城区五马街道某小学", place_kind="学校",
        occurred_at=start, received_at=start + timedelta(hours=2), grade="一般", area="该校一至三年级12个班级",
        symptoms="呕吐、腹泻、腹痛，部分伴发热", cause="疑似桶装饮用水污染引起的诺如病毒感染",
        measures="病例居家隔离，全校停止使用桶装水，对教室、卫生间开展消毒",
        reporting_unit="鹿城区疾病预防控制中心", reporter="张三", reporter_phone="0577-88888888",
        counts={"ill": 12, "dead": 0, "hospitalised": 2, "close_contacts": 60, "observed": 55}), op,
        now=start + timedelta(hours=2))
    events.log_phone_report(db, e.id, start + timedelta(hours=2, minutes=40), "市委市政府总值班室", "张三", op,
                            now=start + timedelta(hours=3))
    written = [reports.issue_report(db, reports.draft_first(db, e.id), "主任", now=start + timedelta(hours=3))]

    def count(day, hours=9, correction=False, **c):
        events.update_event(db, e.id, op, counts=c, at=start + timedelta(days=day, hours=hours),
                            now=start + timedelta(days=day, hours=hours), correction=correction)

    count(1, ill=31, hospitalised=5, severe=1, close_contacts=160, observed=150)
    events.update_event(db, e.id, op, grade="较大", at=start + timedelta(days=1, hours=10),
                        now=start + timedelta(days=1, hours=10))
    at = start + timedelta(days=1, hours=11)  # phe 6.1.4: 市卫生健康主管部门 decides after the assessment, 报市政府批准
    levels.switch_level(db, levels.SwitchRequest(
        "IV", at, "市卫生健康主管部门", "病例数超过30例，达到较大事件标准", event_id=e.id,
        assessment="专家咨询委员会评估：建议启动Ⅳ级应急响应", assessed_on=at.date(), approved_by="市政府",
        approval_ref="市政府同意（电话记录）", approved_at=at), op, now=at)
    dispatch = meetings.add_meeting(db, meetings.MeetingInput(
        "other", "诺如病毒疫情防控工作调度会", start + timedelta(days=1, hours=14), start + timedelta(days=1, hours=15),
        place="市卫生健康委3号会议室", host_post="市卫生健康委主任", host_person="刘强",
        attendees=["市教育局", "市市场监管局", "市公安局"],
        agenda="通报疫情进展\n部署桶装水溯源排查\n研究学校复课条件"), op)
    meetings.record_meeting(db, dispatch.id, op, minutes="会议通报疫情并部署溯源",
                            decisions="由市市场监管局牵头完成桶装水溯源排查")
    t1 = tasks.add_task(db, "完成涉事桶装水供应商溯源排查并报告结果", "市市场监管局", op, co_units=["市公安局"],
                        deadline=start + timedelta(days=3, hours=18), meeting_id=dispatch.id,
                        now=start + timedelta(days=1, hours=15))
    t2 = tasks.add_task(db, LONG_TASK, "市教育局", op, co_units=["市公安局", "市卫生健康委"],
                        deadline=start + timedelta(days=4, hours=18), meeting_id=dispatch.id,
                        now=start + timedelta(days=1, hours=15))
    t3 = tasks.add_task(db, "每日报送全市中小学因病缺勤监测情况", "市教育局", op,
                        deadline=now + timedelta(days=2), instruction="刘强同志批示：请市教育局每日报送",
                        now=start + timedelta(days=1, hours=16))
    written.append(reports.issue_report(db, _filled(reports.draft_progress(db, e.id, start + timedelta(days=1, hours=17)), "二"), "主任",
                                        now=start + timedelta(days=1, hours=17)))
    count(2, ill=42, hospitalised=6, severe=1, close_contacts=210, observed=190)
    count(3, ill=47, hospitalised=3, severe=0, close_contacts=230, observed=120)   # 3 discharged: news
    tasks.update_status(db, t1.id, "done", op, note="已完成溯源，供应商停产整改", now=start + timedelta(days=3, hours=12))
    count(3, hours=15, correction=True, ill=46)      # one case excluded on review: a marked correction
    written.append(reports.issue_report(db, _filled(reports.draft_progress(db, e.id, start + timedelta(days=3, hours=17)), "三"), "主任",
                                        now=start + timedelta(days=3, hours=17)))
    count(6, ill=48, hospitalised=1, severe=0, observed=40)
    count(9, ill=48, hospitalised=0, observed=0)
    at = start + timedelta(days=10, hours=10)  # phe 6.4.3(3): 终止响应的，报市政府备案后发布实施
    levels.switch_level(db, levels.SwitchRequest(
        "none", at, "市卫生健康主管部门", "连续7天无新发病例", event_id=e.id,
        assessment="专家分析论证：建议终止应急响应", assessed_on=at.date(), filed_with="市政府",
        filing_ref="报市政府备案", filed_at=at), op, now=at)
    events.end_event(db, e.id, start + timedelta(days=10, hours=12), op, now=start + timedelta(days=10, hours=12))
    closing = reports.draft_closing(db, e.id)
    for s in closing.sections:
        if s.empty:
            s.text = EVALUATION.get(s.heading, "经评估，各项措施落实到位。")
    written.append(reports.issue_report(db, closing, "主任", now=now - timedelta(days=1)))
    notice_item = meetings.add_meeting(db, meetings.MeetingInput(
        "other", "学校传染病防控工作总结会", now + timedelta(days=1, hours=1), now + timedelta(days=1, hours=2),
        place="市卫生健康委3号会议室", host_post="市卫生健康委主任", host_person="刘强",
        attendees=["市教育局", "市市场监管局", "市公安局", "市疾病预防控制中心"],
        agenda="通报疫情处置情况\n总结经验教训\n部署秋冬季学校传染病防控"), op)

    files = []
    for r in written:
        files.append(_write(out, f"{r.id}-{r.kind}{r.sequence or ''}.pdf", r.pdf))
    files.append(_write(out, "notice.pdf", schedule_print.meeting_notice_pdf(db, notice_item.id, operator=op)))
    files.append(_write(out, "task-short.pdf", schedule_print.task_sheet_pdf(db, t1.id)))
    files.append(_write(out, "task-long.pdf", schedule_print.task_sheet_pdf(db, t2.id)))
    files.append(_write(out, "chase.pdf", schedule_print.chase_list_pdf(db, now)))
    monday = (now - timedelta(days=now.weekday())).date()
    files.append(_write(out, "week.pdf", schedule_print.week_schedule_pdf(db, monday)))
    files.append(_write(out, "paper-kit.pdf", reports.paper_kit_pdf(db, now=now)))
    try:
        from wzcommand.services.report_docx import write_draft_docx
        files.append(write_draft_docx(db, reports.draft_correction(db, written[-1].id), out / "closing-draft.docx"))
    except ImportError:
        pass
    db.close()
    return files


EVALUATION = {
    "卫生学评价": "涉事桶装水供应商灌装车间消毒记录缺失，3批次样本检出诺如病毒核酸阳性，已责令停产整改。",
    "居民健康状况评价": "病例均为轻症，无重症和死亡病例，全部康复返校；学校所在社区未发现关联病例。",
    "所采取措施的效果评价": "停用桶装水后第4天起无新发病例，分班错峰就餐和消毒措施有效阻断了续发传播。",
    "存在的问题": "学校晨午检登记不及时，首例病例出现后第2天才报告；桶装水进货查验流于形式。",
    "取得的经验及改进建议": "建议将学校饮用水纳入日常监督抽检，落实因病缺勤追踪与2小时内报告制度。",
}


def _filled(draft, n: str):
    for s in draft.sections:
        if s.empty and s.heading == "形势研判":
            s.text = f"经第{n}次专家会商研判，新发病例明显减少，疫情呈下降趋势，但潜伏期内仍可能出现续发病例。"
        elif s.empty and s.heading == "下一步工作":
            s.text = "继续落实分班错峰就餐和每日消毒，完成桶装水溯源，复课前由区疾控中心组织评估。"
        elif s.empty:
            s.text = "持续开展病例追踪和环境消毒，每日通报学校缺勤情况。"
    return draft


def _write(out: Path, name: str, data: bytes) -> Path:
    path = out / name
    path.write_bytes(data)
    return path


if __name__ == "__main__":
    for f in main(Path(sys.argv[1] if len(sys.argv) > 1 else "scenario-out"), "--exercise" in sys.argv):
        print(f)
