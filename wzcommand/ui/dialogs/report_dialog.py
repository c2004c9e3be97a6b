"""A report draft to edit, preview, print and issue (首次报告, 进程报告, 结案报告, or a correction).

The draft comes pre-filled from the service; every section is editable. 预览 renders the draft
(marked 草稿) in the background and shows it in the program; 签发 issues it in the background
(bus topic ``reports``), then shows the 文号 and the issued PDF, which can be printed, exported or
opened. What the service refuses (empty sections, the plan's order, permission, fonts) is shown
in the dialog; nothing is issued then.
"""
from __future__ import annotations

import dataclasses
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...reports.event_reports import KINDS, ReportDraft, cn_number
from ...services import reports, saved_drafts
from ...services.errors import ServiceError, ValidationError
from ...services.report_figures import FiguresUnconfirmed
from .. import folders
from ..bus import REPORTS, UiContext, attempt_read, refuse
from ..field_errors import ERROR_STYLE, FieldErrors
from ..forms.ui_report_dialog import Ui_ReportDialog
from ..pdf_preview import PdfPreview, safe_name
from ..print_dialog import print_pdf
from ..unsaved import fit_to_screen, settle
from ..window_marks import READ_ONLY_TIP as READ_ONLY
from ..window_marks import permission_tip
from ..worker import BackgroundTask, run_in_background

FONT_HINT = "可在“文件 → 设置”中指定字体文件。"
STALE = "草稿已修改，按“预览”查看修改后的版面。"
CONFIRM = "签发后报告编号（文号）即被占用，存档文件不能再修改，如有错误只能出具更正。\n\n确定签发《{title}》？"
FIGURES = ("正文中以下数字与登记的记录不一致：\n{figures}\n\n请核对正文。确认这些数字无误、仍要签发吗？"
           "（确认情况随报告存档。）")
FONTS = "本报告使用的字体：\n{lines}"
EMPTY_SECTION = "尚未填写：签发前请补充。"
SPLIT = "、"
AUTOSAVE_MS = 3000  # a crash or a power cut loses at most this much typing
REOPENED = "已打开 {when} 由 {who} 保存的草稿（未签发）。"


def cc_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace("，", SPLIT).replace(",", SPLIT).split(SPLIT) if part.strip()]


class ReportDialog(QDialog):
    def __init__(self, ctx: UiContext, draft: ReportDraft, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_ReportDialog()
        self.ui.setupUi(self)
        self._ctx = ctx
        self._draft = draft
        self._task: BackgroundTask | None = None
        self.issued = None  # the IssuedReport row, once issued
        self.section_edits: list[QPlainTextEdit] = []
        self.section_errors: list[QLabel] = []
        ui = self.ui
        kind = KINDS.get(draft.kind, draft.kind)
        correcting = draft.corrects_id is not None
        self.setWindowTitle(f"{'更正' if correcting else ''}{kind}：{draft.title}")
        ui.headerLabel.setText(
            f"<b>{'更正' if correcting else ''}{kind}</b>　草稿由登记内容生成，各部分均可修改；"
            + ("签发后作为新编号的更正报告存档，原报告保留。" if correcting else "签发前可先预览版面。"))
        self.errors = FieldErrors({"title": ui.titleError, "signer": ui.signerError}, fallback=ui.messageLabel)
        self.preview = PdfPreview(ui.previewBox)
        self.preview.open_button.hide()  # the dialog has its own button for it
        ui.previewLayout.addWidget(self.preview)
        saved = None if ctx.db.read_only else saved_drafts.find_draft(ctx.db, draft.kind, draft.event_id,
                                                                          draft.corrects_id)
        if saved:  # the text as it was written; tables and curves from the records as they are now
            fresh = {sec.heading: sec for sec in draft.sections}
            self._draft = dataclasses.replace(saved.draft, sections=[
                dataclasses.replace(sec, table=fresh[sec.heading].table, curve=fresh[sec.heading].curve)
                if sec.heading in fresh else sec for sec in saved.draft.sections])
        self._fill(self._draft)
        self._baseline = self.draft().to_dict()  # what is kept (the saved draft, or the generated one)
        self._stored = self._baseline if saved else None  # what the database holds now
        self._had_saved = saved is not None
        self.autosave_timer = QTimer(self, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        if not ctx.db.read_only:
            self.autosave_timer.start()
        ui.previewButton.clicked.connect(self.render_preview)
        ui.printButton.clicked.connect(self.print_shown)
        ui.exportButton.clicked.connect(self.export)
        ui.wordButton.clicked.connect(self.export_word)
        ui.openButton.clicked.connect(self.preview.open_externally)
        ui.issueButton.clicked.connect(self.issue)
        ui.closeButton.clicked.connect(self.reject)
        ui.previewButton.setDefault(True)
        ui.splitter.setStretchFactor(0, 1)
        ui.splitter.setStretchFactor(1, 1)
        ui.busyLabel.hide()
        ui.busyBar.hide()
        self._update_buttons()
        ui.titleEdit.setFocus()
        if saved:
            self._message(REOPENED.format(when=f"{saved.saved_at.astimezone():%m-%d %H:%M:%S}", who=saved.saved_by),
                          error=False)
            self._go_to(saved.place)

    # ------------------------------------------------------------------ the form

    def _fill(self, draft: ReportDraft) -> None:
        ui = self.ui
        ui.titleEdit.setText(draft.title)
        ui.titleEdit.setCursorPosition(0)
        ui.addresseeEdit.setText(draft.addressee)
        ui.signerEdit.setText(draft.signer)
        ui.openingEdit.setPlainText(draft.opening)
        ui.endingEdit.setText(draft.ending)
        ui.attachmentsEdit.setPlainText("\n".join(draft.attachments))
        ui.noteEdit.setText(draft.note)
        ui.ccEdit.setText(SPLIT.join(draft.cc))
        lines = ui.openingEdit.fontMetrics().lineSpacing()
        ui.openingEdit.setFixedHeight(lines * 5)
        ui.attachmentsEdit.setFixedHeight(lines * 3)
        for n, section in enumerate(draft.sections, 1):
            box = QGroupBox(f"{cn_number(n)}、{section.heading}", ui.sectionsBox)
            layout = QVBoxLayout(box)
            edit = QPlainTextEdit(section.text, box)
            edit.setObjectName(f"section{n}Edit")
            edit.setTabChangesFocus(True)
            edit.setAccessibleName(section.heading)
            edit.setPlaceholderText(f"请填写“{section.heading}”")
            rows = max(3, min(10, section.text.count("\n") + 2 + len(section.text) // 40))
            edit.setFixedHeight(lines * rows + 2 * edit.frameWidth() + 8)
            layout.addWidget(edit)
            extra = [f"表格 {len(section.table) - 1} 行" if section.table else "",
                     "疫情曲线图" if section.curve else ""]
            if any(extra):
                note = QLabel(f"本部分另附{'和'.join(e for e in extra if e)}（按登记数据生成，随报告打印）。", box)
                note.setStyleSheet("color: #555;")
                note.setWordWrap(True)
                layout.addWidget(note)
            error = QLabel(box)
            error.setStyleSheet(ERROR_STYLE)
            error.hide()
            layout.addWidget(error)
            ui.sectionsLayout.addWidget(box)
            self.section_edits.append(edit)
            self.section_errors.append(error)
            edit.textChanged.connect(self._mark_stale)
        for edit in (ui.titleEdit, ui.addresseeEdit, ui.signerEdit, ui.endingEdit, ui.noteEdit, ui.ccEdit):
            edit.textEdited.connect(self._mark_stale)
        for edit in (ui.openingEdit, ui.attachmentsEdit):
            edit.textChanged.connect(self._mark_stale)
        chain = [ui.titleEdit, ui.addresseeEdit, ui.signerEdit, ui.openingEdit, *self.section_edits, ui.endingEdit,
                 ui.attachmentsEdit, ui.noteEdit, ui.ccEdit, ui.previewButton]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ------------------------------------------------------------------ kept as a draft in the database

    def _place(self) -> str:
        """Where the writer is: the focused field's name and the cursor position in it."""
        widget = self.focusWidget()
        if widget is None or not widget.objectName():
            return ""
        cursor = widget.textCursor().position() if hasattr(widget, "textCursor") else (
            widget.cursorPosition() if hasattr(widget, "cursorPosition") else 0)
        return f"{widget.objectName()}:{cursor}"

    def _go_to(self, place: str) -> None:
        name, _, position = place.partition(":")
        widget = self.findChild(QWidget, name) if name else None
        if widget is None:
            return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ui.formArea.ensureWidgetVisible(widget)
        pos = int(position) if position.isdigit() else 0
        if isinstance(widget, (QPlainTextEdit, QTextEdit)):
            cursor = widget.textCursor()
            cursor.setPosition(min(pos, len(widget.toPlainText())))
            widget.setTextCursor(cursor)
        elif isinstance(widget, QLineEdit):
            widget.setCursorPosition(pos)

    def _keep(self, content: dict | None = None) -> bool:
        """Write the draft (as edited, or `content`) to the database; False if it could not be."""
        draft = self.draft() if content is None else self._draft_from(content)
        ok, _ = attempt_read(self.ui.messageLabel, saved_drafts.save_draft, self._ctx.db, draft, self._ctx.operator(),
                             self._place(), handlers={ServiceError: lambda exc: self._message(f"草稿未能自动保存：{exc.message}")})
        if not ok:
            return False
        self._stored = draft.to_dict()
        return True

    def _draft_from(self, content: dict) -> ReportDraft:
        return saved_drafts.draft_from_dict(content)

    def autosave(self) -> bool:
        """Every few seconds: keep the draft if it changed since last kept (nothing typed, nothing written)."""
        if self.issued is not None or self._ctx.db.read_only:
            return False
        current = self.draft().to_dict()
        if current == (self._stored or self._baseline):
            return False
        return self._keep()

    def has_unsaved(self) -> bool:
        return self.issued is None and not self._ctx.db.read_only and self.draft().to_dict() != self._baseline

    def unsaved_what(self) -> str:
        return f"报告草稿“{self.ui.titleEdit.text()}”"

    def save_unsaved(self) -> bool:
        if not self._keep() or self._stored is None:
            return False
        self._baseline = self._stored
        return True

    def discard_unsaved(self) -> None:
        """不保存: the draft goes back to what it was when opened (a fresh one is not kept at all)."""
        self.autosave_timer.stop()
        if self._stored is not None and self._stored != self._baseline:
            if self._had_saved:
                self._keep(self._baseline)
            else:
                saved_drafts.discard_draft(self._ctx.db, self._draft.kind, self._draft.event_id,
                                           self._draft.corrects_id, self._ctx.operator())
        self._baseline = self.draft().to_dict()

    def showEvent(self, event) -> None:
        fit_to_screen(self)
        super().showEvent(event)

    def reject(self) -> None:
        """Escape, 取消, the close button: unsaved changes ask 保存 / 不保存 / 取消 first."""
        if self.has_unsaved() and not settle(self, self):
            return
        self.autosave_timer.stop()
        super().reject()

    def draft(self) -> ReportDraft:
        """The draft as edited now."""
        ui = self.ui
        sections = [dataclasses.replace(s, text=edit.toPlainText().strip())
                    for s, edit in zip(self._draft.sections, self.section_edits, strict=True)]
        return dataclasses.replace(
            self._draft, title=ui.titleEdit.text().strip(), addressee=ui.addresseeEdit.text().strip(),
            signer=ui.signerEdit.text().strip(), opening=ui.openingEdit.toPlainText().strip(), sections=sections,
            ending=ui.endingEdit.text().strip(),
            attachments=[a.strip() for a in ui.attachmentsEdit.toPlainText().splitlines() if a.strip()],
            note=ui.noteEdit.text().strip(), cc=cc_list(ui.ccEdit.text()))

    def set_section_text(self, heading: str, text: str) -> None:
        index = [s.heading for s in self._draft.sections].index(heading)
        self.section_edits[index].setPlainText(text)

    def _mark_stale(self, *_args) -> None:
        if self.preview.data and self.issued is None:
            self._message(STALE, error=False)

    # ------------------------------------------------------------------ background work

    def busy(self) -> bool:
        return self._task is not None and self._task.running

    def _start(self, text: str, task: BackgroundTask) -> BackgroundTask:
        self._task = task
        self.ui.busyLabel.setText(text)
        self.ui.busyLabel.show()
        self.ui.busyBar.show()
        self.preview.show_message(text)
        self._update_buttons()
        return task

    def _done(self) -> None:
        self.ui.busyLabel.hide()
        self.ui.busyBar.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        ui, busy, issued = self.ui, self.busy(), self.issued is not None
        ui.previewButton.setEnabled(not busy and not issued)
        ui.issueButton.setEnabled(not busy and not issued and self.may_issue())
        ui.printButton.setEnabled(not busy and bool(self.preview.data))
        ui.openButton.setEnabled(not busy and bool(self.preview.data))
        ui.wordButton.setVisible(not issued)
        ui.wordButton.setEnabled(not busy and not issued)
        ui.exportButton.setVisible(issued)
        ui.exportButton.setEnabled(not busy and issued)
        ui.formArea.setEnabled(not busy and not issued)
        ui.closeButton.setText("关闭" if issued else "取消")

    def may_issue(self) -> bool:
        """Whether the signed-in role may issue and the database is writable (the service checks again)."""
        ctx = self._ctx
        allowed = ctx.may("report.issue") and not ctx.db.read_only
        self.ui.issueButton.setToolTip("" if allowed else READ_ONLY if ctx.db.read_only else
                                       permission_tip("report.issue") + "；可预览、打印草稿")
        return allowed

    def _message(self, text: str, error: bool = True) -> None:
        label = self.ui.messageLabel
        label.setStyleSheet(ERROR_STYLE if error else "color: #1b5e20;")
        label.setText(text)
        label.setVisible(bool(text))

    def render_preview(self) -> BackgroundTask | None:
        if self.busy() or self.issued is not None:
            return None
        self.errors.clear()
        self._clear_section_errors()
        db, draft = self._ctx.db, self.draft()
        task = self._start("正在生成预览…", run_in_background(lambda _progress: reports.preview_pdf(db, draft)))
        task.finished.connect(self._preview_ready)
        task.failed.connect(self._failed)
        return task

    def font_text(self) -> str:
        """Which face prints 仿宋, 小标宋, 黑体 and 楷体, and which are substitutes (shown before issuing)."""
        from ...services.report_docx import any_substitute, font_lines, fonts_for

        ok, fonts = attempt_read(self.ui.fontsLabel, fonts_for, self.draft())
        if not ok or fonts is None:
            return self.ui.fontsLabel.text()
        text = FONTS.format(lines="\n".join(font_lines(fonts)))
        self.ui.fontsLabel.setStyleSheet("")  # a refusal shown before made it red
        self.ui.fontsLabel.setText(text.replace("\n", "<br>") if not any_substitute(fonts) else
                                   "<span style='color:#b26a00'>" + text.replace("\n", "<br>") + "</span>")
        self.ui.fontsLabel.show()
        return text

    def _preview_ready(self, data: bytes) -> None:
        self._done()
        self.font_text()
        self.preview.load(data, f"{self.ui.titleEdit.text()}（草稿）")
        self._message(f"预览：共 {self.preview.page_count()} 页（草稿，未编号）。" if self.preview.page_count()
                      else "预览已生成。", error=False)
        self._update_buttons()

    def issue(self, confirmed: tuple[str, ...] = ()) -> BackgroundTask | None:
        if self.busy() or self.issued is not None:
            return None
        draft = self.draft()
        if not confirmed:
            question = CONFIRM.format(title=draft.title) + "\n\n" + self.font_text()
            if QMessageBox.question(self, "签发报告", question) != QMessageBox.StandardButton.Yes:
                return None
        self.errors.clear()
        self._clear_section_errors()
        ctx, operator = self._ctx, self._ctx.operator()
        def work(_progress):
            if draft.corrects_id is not None:
                return reports.issue_correction(ctx.db, draft.corrects_id, draft, operator, confirmed=confirmed)
            return reports.issue_report(ctx.db, draft, operator, confirmed=confirmed)

        task = self._start("正在签发…", ctx.bus.start_write(REPORTS, work))
        task.finished.connect(self._issued)
        task.failed.connect(self._failed)
        return task

    def _issued(self, row) -> None:
        self.issued = row
        self.autosave_timer.stop()
        draft = self._draft
        # the report is issued; a draft that could not be discarded only reopens next time
        attempt_read(self, saved_drafts.discard_draft, self._ctx.db, draft.kind, draft.event_id, draft.corrects_id,
                     self._ctx.operator(), issued=True, handlers={ServiceError: lambda _exc: None})
        self._done()
        self.preview.load(row.pdf, f"{row.doc_no} {row.title}")
        self._message(f"已签发：{row.doc_no}（校验值 {row.sha256[:12]}…）。可打印、导出或用系统查看器打开。",
                      error=False)
        self.setWindowTitle(f"已签发 {row.doc_no}：{row.title}")
        self._update_buttons()
        self.ui.printButton.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._done()
        if self.issued is None:
            self.preview.clear("未能生成，见下方说明。")
        self._update_buttons()
        if not refuse(self.ui.messageLabel, exc, handlers={FiguresUnconfirmed: self._confirm_figures,
                                                          ValidationError: self._show_invalid,
                                                          reports.FontsUnavailableError: self._show_fonts_missing}):
            self._message(f"出现意外错误，未完成：{exc}")

    def _confirm_figures(self, exc: FiguresUnconfirmed) -> None:
        self._message(exc.message)
        answer = QMessageBox.question(self, "核对数字", FIGURES.format(figures="、".join(exc.figures)))
        if answer == QMessageBox.StandardButton.Yes:
            self.issue(confirmed=tuple(exc.figures))

    def _show_invalid(self, exc: ValidationError) -> None:
        self.errors.show({k: v for k, v in exc.fields.items() if k in ("title", "signer")})
        rest = [v for k, v in exc.fields.items() if k not in ("title", "signer")]
        if "signer" in exc.fields:
            self.ui.signerEdit.setFocus()
        self._message("；".join(rest) if rest else "请按提示修改。")
        if "sections" in exc.fields:
            self._mark_empty_sections()

    def _show_fonts_missing(self, exc: ServiceError) -> None:
        self._message(f"{exc.message}\n{FONT_HINT}")

    def _mark_empty_sections(self) -> None:
        first = None
        for edit, label in zip(self.section_edits, self.section_errors, strict=True):
            if not edit.toPlainText().strip():
                label.setText(EMPTY_SECTION)
                label.show()
                first = first or edit
        if first is not None:
            self.ui.formArea.ensureWidgetVisible(first)
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _clear_section_errors(self) -> None:
        for label in self.section_errors:
            label.hide()

    def message(self) -> str:
        label = self.ui.messageLabel
        return label.text() if not label.isHidden() else ""

    # ------------------------------------------------------------------ after issuing

    def print_shown(self):
        """The print dialog for the issued report; the PrintRun (None when nothing was sent)."""
        if not self.preview.data:
            return None
        run = print_pdf(self, self.preview.data, self.preview.name)
        if run is not None:
            run.finished.connect(lambda text: self._message(text, error=False))
            run.failed.connect(self._message)
        return run

    def export(self) -> BackgroundTask | None:
        row = self.issued
        if row is None or self.busy():
            return None

        path, _chosen = folders.save_name(self, "导出报告", folders.REPORT, f"{safe_name(row.doc_no + row.title)}.pdf",
                                          "PDF 文件 (*.pdf)")
        if not path:
            return None
        db, report_id = self._ctx.db, row.id
        task = run_in_background(lambda _progress: reports.export_report(db, report_id, path))
        self._task = task
        self._update_buttons()
        task.finished.connect(self._exported)
        task.failed.connect(self._failed)
        return task

    def export_word(self) -> BackgroundTask | None:
        """The draft as edited now, as a Word document for circulating (the issued record stays the PDF)."""
        if self.busy() or self.issued is not None:
            return None
        from pathlib import Path

        from ...services.report_docx import write_draft_docx

        draft = self.draft()
        suggested = str(Path.home() / f"{safe_name(draft.title)}（草稿）.docx")
        path, _chosen = QFileDialog.getSaveFileName(self, "导出 Word 草稿", suggested, "Word 文档 (*.docx)")
        if not path:
            return None
        if not path.lower().endswith(".docx"):
            path += ".docx"
        db = self._ctx.db
        task = run_in_background(lambda _progress: write_draft_docx(db, draft, path))
        self._task = task
        self._update_buttons()
        task.finished.connect(self._exported)
        task.failed.connect(self._failed)
        return task

    def _exported(self, path) -> None:
        self._done()
        self._message(f"已导出：{path}", error=False)
