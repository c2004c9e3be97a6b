"""Report dialog: a drafted first report is previewed and issued in the background; what the service
refuses (empty sections, permission, fonts) is said in the dialog and nothing is issued."""
import io
from datetime import timedelta

import pdfplumber
import pytest
from doc_support import ensure_signer
from PySide6.QtWidgets import QMessageBox

from wzcommand import clock
from wzcommand.reports.fonts import FontsMissingError, resolve_fonts
from wzcommand.services import accounts, deadlines, events, reports
from wzcommand.ui.dialogs.report_dialog import FONT_HINT, ReportDialog
from wzcommand.ui.panels.events_panel import EventsPanel
from wzcommand.ui.panels.reports_panel import ReportsPanel
from wzcommand.ui.pdf_preview import qtpdf_available

NOW = clock.now().replace(second=0, microsecond=0)
WAIT = 60000


@pytest.fixture(autouse=True)
def _fonts():
    try:
        resolve_fonts("鹿城区某学校诺如病毒感染聚集性疫情")
    except FontsMissingError:
        pytest.skip("no Chinese TrueType fonts on this machine")


@pytest.fixture
def yes(monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text)
                        or QMessageBox.StandardButton.Yes)
    return asked


def register(db, **changes):
    data = dict(name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区", township="五马街道",
                place="某小学", place_kind="学校", occurred_at=NOW - timedelta(hours=1),
                received_at=NOW - timedelta(minutes=20), grade="较大", symptoms="呕吐、腹泻",
                reporting_unit="鹿城区疾病预防控制中心", reporter="张三", reporter_phone="0577-88888888",
                counts={"ill": 23, "dead": 0})
    data.update(changes)
    ensure_signer(db)
    return events.register_event(db, events.EventInput(**data), "值班员")


@pytest.fixture
def events_panel(qtbot, ui_context):
    panel = EventsPanel(ui_context)
    qtbot.addWidget(panel)
    return panel


def test_first_report_drafted_issued_and_archived(qtbot, ui_context, db, events_panel, yes):
    event = register(db)
    events_panel.reload()
    events_panel.select_event(event.id)
    written = next(v for v in events_panel.clock_model.views() if v.item.kind == "written")
    assert written.item.clock.done is None
    dialog = events_panel.open_report("first")
    assert dialog.ui.titleEdit.text() == "关于鹿城区某学校诺如病毒感染聚集性疫情的首次报告"
    assert dialog.ui.addresseeEdit.text() == "市委、市政府"
    assert [e.accessibleName() for e in dialog.section_edits][:2] == ["基本情况", "发病及死亡情况"]
    dialog.set_section_text("已采取的措施", "停课、环境消毒。")
    archive = ReportsPanel(ui_context)
    qtbot.addWidget(archive)
    archive.show()
    assert archive.model.rowCount() == 0

    task = dialog.issue()
    assert task is not None and dialog.busy()
    assert not dialog.ui.issueButton.isEnabled() and dialog.ui.busyBar.isVisible()
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=WAIT)
    doc_no = f"温应指〔{NOW.year}〕1号"
    assert dialog.issued.doc_no == doc_no
    assert doc_no in dialog.message()
    assert "首次报告" in yes[0]
    assert not dialog.ui.issueButton.isEnabled() and dialog.ui.exportButton.isVisible()
    assert dialog.ui.printButton.isEnabled()
    [info] = reports.list_reports(db)
    assert "停课、环境消毒。" in reports.draft_correction(db, info.id).text()
    # the archive follows the bus and shows the new report with its number
    qtbot.waitUntil(lambda: archive.model.rowCount() == 1, timeout=WAIT)
    assert archive.model.index(0, 0).data() == doc_no
    assert archive.model.index(0, 1).data() == "首次报告"
    assert archive.model.index(0, 6).data() == info.sha256[:8]
    # the written clock stopped
    written = next(v for v in events_panel.clock_model.views() if v.item.kind == "written")
    assert written.item.clock.done is not None and written.state == "done"
    assert next(i for i in deadlines.event_clocks(db, event.id) if i.kind == "written").clock.done is not None


@pytest.mark.skipif(not qtpdf_available(), reason="QtPdf (PySide6-Pdf) not installed")
def test_preview_shows_the_draft_with_its_pages(qtbot, ui_context, db):
    event = register(db, measures="停课、消毒。" * 120)  # long enough for several pages
    draft = reports.draft_first(db, event.id)
    expected = len(pdfplumber.open(io.BytesIO(reports.preview_pdf(db, draft))).pages)
    assert expected >= 2
    dialog = ReportDialog(ui_context, draft)
    qtbot.addWidget(dialog)
    dialog.show()
    task = dialog.render_preview()
    assert task is not None and dialog.ui.busyBar.isVisible() and not dialog.ui.previewButton.isEnabled()
    qtbot.waitUntil(lambda: dialog.preview.page_count() > 0, timeout=WAIT)
    assert dialog.preview.document.pageCount() == expected
    assert dialog.preview.pages_label.text() == f"/ {expected} 页"
    dialog.preview.next_button.click()
    assert dialog.preview.current_page() == 1 and dialog.preview.page_spin.value() == 2
    dialog.preview.zoom_combo.setCurrentIndex(dialog.preview.zoom_combo.findText("150%"))
    assert dialog.preview.view.zoomFactor() == pytest.approx(1.5)
    assert f"共 {expected} 页" in dialog.message()
    dialog.ui.titleEdit.setText("关于某事件的首次报告（修改）")
    dialog.ui.titleEdit.textEdited.emit("x")
    assert "草稿已修改" in dialog.message()
    assert reports.list_reports(db) == []


def test_empty_sections_are_named_and_nothing_is_issued(qtbot, ui_context, db, yes):
    event = register(db, received_at=NOW - timedelta(days=3), occurred_at=NOW - timedelta(days=3, hours=1))
    events.end_event(db, event.id, NOW - timedelta(hours=1), "值班员")
    draft = reports.draft_closing(db, event.id)
    assert draft.missing()
    dialog = ReportDialog(ui_context, draft)
    qtbot.addWidget(dialog)
    dialog.issue()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT)
    assert "以下部分尚未填写" in dialog.message() and "卫生学评价" in dialog.message()
    empty = [i for i, s in enumerate(draft.sections) if s.empty]
    assert all(dialog.section_errors[i].isVisibleTo(dialog) for i in empty)
    assert not dialog.section_errors[0].isVisibleTo(dialog)
    assert dialog.issued is None and reports.list_reports(db) == []
    assert dialog.ui.issueButton.isEnabled()


def test_permission_denied_is_shown(qtbot, ui_context, db, yes, monkeypatch):
    event = register(db)

    def refuse(*_a, **_k):
        raise accounts.PermissionDenied("签发报告需要办公室主任或管理员权限；当前账户为值班员。")

    monkeypatch.setattr(reports, "issue_report", refuse)
    dialog = ReportDialog(ui_context, reports.draft_first(db, event.id))
    qtbot.addWidget(dialog)
    dialog.issue()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT)
    assert "签发报告需要办公室主任" in dialog.message()
    assert reports.list_reports(db) == []


def test_a_role_that_may_not_issue_sees_the_button_disabled(qtbot, ui_context, db):
    event = register(db)
    ui_context.accounts_exist = True  # accounts exist and nobody is signed in
    dialog = ReportDialog(ui_context, reports.draft_first(db, event.id))
    qtbot.addWidget(dialog)
    assert not dialog.ui.issueButton.isEnabled()
    assert "权限" in dialog.ui.issueButton.toolTip()
    assert dialog.ui.previewButton.isEnabled()


def test_missing_fonts_say_what_to_install(qtbot, ui_context, db, monkeypatch):
    event = register(db)

    def no_fonts(*_a, **_k):
        raise reports.FontsUnavailableError("找不到能嵌入 PDF 并显示全部文字的中文字体。\n请安装 fonts-arphic-uming")

    monkeypatch.setattr(reports, "preview_pdf", no_fonts)
    dialog = ReportDialog(ui_context, reports.draft_first(db, event.id))
    qtbot.addWidget(dialog)
    dialog.render_preview()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT)
    assert "找不到能嵌入 PDF" in dialog.message() and FONT_HINT in dialog.message()
    assert dialog.ui.previewButton.isEnabled()


def test_without_a_signer_the_dialog_says_how_to_set_one_and_nothing_is_issued(qtbot, ui_context, db, yes):
    event = register(db)
    ensure_signer(db, "")                       # the office has no default signer, no commander registered
    dialog = ReportDialog(ui_context, reports.draft_first(db, event.id))
    qtbot.addWidget(dialog)
    assert dialog.ui.signerEdit.text() == ""
    dialog.issue()
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT)
    assert "必须有签发人" in dialog.errors.message("signer") and "公文设置" in dialog.errors.message("signer")
    assert dialog.errors.message("signer") and dialog.ui.signerError.isVisibleTo(dialog)
    assert reports.list_reports(db) == []
    dialog.ui.signerEdit.setText("陈华")
    dialog.issue()
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=WAIT)
    assert reports.list_reports(db)[0].signer == "陈华"


def test_before_issuing_the_dialog_names_each_face_and_says_which_is_a_substitute(qtbot, ui_context, db, yes):
    from wzcommand.services.report_docx import fonts_for

    event = register(db)
    dialog = ReportDialog(ui_context, reports.draft_first(db, event.id))
    qtbot.addWidget(dialog)
    dialog.issue()
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=WAIT)
    fonts = fonts_for(dialog.draft())
    asked = yes[0]
    for role, wanted in (("body", "仿宋"), ("title", "小标宋"), ("hei", "黑体"), ("kai", "楷体")):
        assert f"{wanted}：{fonts[role].face_name}" in asked
        assert (f"替代字体：本机没有{wanted}" in asked) == fonts[role].substitute
    assert dialog.ui.fontsLabel.isVisibleTo(dialog) and fonts["body"].face_name in dialog.ui.fontsLabel.text()


def test_figures_that_differ_from_the_record_are_shown_and_the_confirmation_is_kept(qtbot, ui_context, db, yes):
    event = register(db)
    dialog = ReportDialog(ui_context, reports.draft_first(db, event.id))
    qtbot.addWidget(dialog)
    dialog.set_section_text("发病及死亡情况", "截至目前，累计报告病例41例。")
    dialog.issue()
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=WAIT)
    assert any("病例41" in text and "确认" in text for text in yes)
    assert reports.list_reports(db)[0].confirmations == ("病例41",)


def test_a_draft_exports_as_a_word_document(qtbot, ui_context, db, tmp_path, monkeypatch):
    import docx
    from PySide6.QtWidgets import QFileDialog

    event = register(db)
    dialog = ReportDialog(ui_context, reports.draft_first(db, event.id))
    qtbot.addWidget(dialog)
    dialog.set_section_text("可能原因", "经流行病学调查，疑似经桶装水传播。")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "草稿"), ""))
    assert dialog.export_word() is not None
    qtbot.waitUntil(lambda: "已导出" in dialog.message(), timeout=WAIT)
    word = docx.Document(str(tmp_path / "草稿.docx"))
    texts = [p.text for p in word.paragraphs]
    assert "经流行病学调查，疑似经桶装水传播。" in texts and reports.list_reports(db) == []
    assert word.sections[0].page_height.mm == pytest.approx(297, abs=0.1)
