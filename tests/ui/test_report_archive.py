"""报告档案: issued reports listed with number, type, hash and correction links; the stored PDF
previewed, exported byte for byte, printed; a correction issued through the report dialog."""
from datetime import timedelta

import pytest
from doc_support import ensure_signer, filled
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from wzcommand import clock
from wzcommand.reports.fonts import FontsMissingError, resolve_fonts
from wzcommand.services import events, reports
from wzcommand.ui.models.report_model import COL_CORRECTIONS, COL_DOC_NO, COL_EVENT, COL_KIND, HEADERS
from wzcommand.ui.panels.reports_panel import ReportsPanel
from wzcommand.ui.pdf_preview import load_document, qtpdf_available

NOW = clock.now().replace(second=0, microsecond=0)
WAIT = 60000


@pytest.fixture(autouse=True)
def _fonts():
    try:
        resolve_fonts("鹿城区某学校诺如病毒感染聚集性疫情")
    except FontsMissingError:
        pytest.skip("no Chinese TrueType fonts on this machine")


@pytest.fixture
def issued(db):
    ensure_signer(db)
    event = events.register_event(db, events.EventInput(
        name="鹿城区某学校诺如病毒感染聚集性疫情", category="infectious", district="鹿城区", place="某小学",
        occurred_at=NOW - timedelta(hours=3), received_at=NOW - timedelta(hours=2), grade="较大",
        counts={"ill": 23}), "值班员")
    first = reports.issue_report(db, reports.draft_first(db, event.id), "值班员", now=NOW - timedelta(hours=1))
    second = reports.issue_report(db, filled(reports.draft_progress(db, event.id)), "值班员", now=NOW)
    return first, second


@pytest.fixture
def panel(qtbot, ui_context):
    widget = ReportsPanel(ui_context)
    qtbot.addWidget(widget)
    widget.resize(1180, 740)
    return widget


def test_nothing_is_read_until_the_panel_is_shown(panel, issued):
    assert not panel.loaded and panel.model.rowCount() == 0 and panel.preview is None
    panel.show()
    assert panel.loaded and panel.model.rowCount() == 2


def test_archive_lists_reports_newest_first_and_previews_the_stored_pdf(qtbot, panel, issued):
    first, second = issued
    panel.show()
    model = panel.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == list(HEADERS)
    assert [model.index(r, COL_DOC_NO).data() for r in range(2)] == [second.doc_no, first.doc_no]
    assert model.index(0, COL_KIND).data() == "进程报告（续报一）"
    assert model.index(1, COL_EVENT).data() == "鹿城区某学校诺如病毒感染聚集性疫情"
    assert panel.current.id == second.id
    assert panel.preview.data == second.pdf
    if qtpdf_available():
        assert panel.preview.page_count() == load_document(second.pdf).pageCount() > 0
    assert panel.select_report(first.id) and panel.preview.data == first.pdf


def test_signer_column_shows_the_signer_not_the_operator(qtbot, panel, issued):
    panel.show()
    col = list(HEADERS).index("签发人")
    assert [panel.model.index(r, col).data() for r in range(2)] == ["李明", "李明"]     # issued by 值班员
    assert "操作员：值班员" in panel.model.index(0, col).data(Qt.ItemDataRole.ToolTipRole)


def test_export_writes_the_archived_bytes(qtbot, panel, issued, tmp_path, monkeypatch):
    first, _second = issued
    panel.show()
    panel.select_report(first.id)
    target = tmp_path / "导出"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    task = panel.export()
    assert task is not None and panel.ui.busyBar.isVisible()
    qtbot.waitUntil(lambda: "已导出" in panel.ui.messageLabel.text(), timeout=WAIT)
    assert (tmp_path / "导出.pdf").read_bytes() == reports.get_report_pdf(panel._ctx.db, first.id)


def test_correction_is_issued_as_a_new_report_linked_to_the_old(qtbot, panel, issued, monkeypatch):
    first, second = issued
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    panel.show()
    panel.select_report(second.id)
    dialog = panel.correct()
    assert dialog.draft().corrects_id == second.id and "更正" in dialog.windowTitle()
    dialog.set_section_text("事件进展", "经核实，新增病例数应为0例。")
    dialog.issue()
    qtbot.waitUntil(lambda: dialog.issued is not None, timeout=WAIT)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=WAIT)
    fix = dialog.issued
    assert "（更正）" in fix.title and fix.corrects_id == second.id
    rows = {panel.model.index(r, COL_DOC_NO).data(): panel.model.index(r, COL_CORRECTIONS).data() for r in range(3)}
    assert rows[fix.doc_no] == f"更正 {second.doc_no}"
    assert rows[second.doc_no] == f"已由 {fix.doc_no} 更正"
    assert rows[first.doc_no] == ""
    panel.select_report(second.id)
    assert not panel.ui.correctButton.isEnabled() and "已被更正" in panel.ui.correctButton.toolTip()
    # the 更正 column links the two: double-click follows it both ways
    assert panel.follow_link(panel.model.index(panel.model.row_of(second.id), COL_CORRECTIONS))
    assert panel.current.id == fix.id
    assert panel.follow_link(panel.model.index(panel.model.row_of(fix.id), COL_CORRECTIONS))
    assert panel.current.id == second.id
    assert not panel.follow_link(panel.model.index(panel.model.row_of(first.id), COL_CORRECTIONS))


def test_without_qtpdf_the_system_viewer_is_offered(qtbot, issued, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from wzcommand.ui import pdf_preview

    opened = []
    monkeypatch.setattr(pdf_preview, "qtpdf_available", lambda: False)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    preview = pdf_preview.PdfPreview()
    qtbot.addWidget(preview)
    assert preview.view is None and pdf_preview.NO_QTPDF in preview.message.text()
    preview.load(issued[0].pdf, "温应指〔2026〕1号 首次报告")
    assert preview.open_button.isEnabled() and preview.page_count() == 0
    path = preview.open_externally()
    assert opened == [str(path)] and path.read_bytes() == issued[0].pdf and path.suffix == ".pdf"
