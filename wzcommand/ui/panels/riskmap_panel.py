"""风险地图: the township risk map of a date, drawn with QGraphicsView over the boundaries projected once
(plan.geo; no web view): each division and each township with a boundary a path in its level's colour,
names as labels that keep their size, the legend, the date and the issuing body. Zoom and pan with the
mouse wheel and drag or the keyboard (+ − 0, arrows); hovering an area, or choosing it in the list,
shows its level and since when. The date selector redraws any past date; 打印地图 issues the page."""
from __future__ import annotations

from datetime import date
from functools import cache
from html import escape

from PySide6.QtCore import QDate, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QWidget,
)

from ... import clock
from ...plan import riskmap as rules
from ...plan.geo import Shape
from ...reports.riskmap_doc import RiskMapData
from ...services import riskmap_print
from ...services.changes import Changes
from .. import folders
from ..bus import RISKMAP, UiContext
from ..forms.ui_riskmap_panel import Ui_RiskMapPanel
from ..printing import PdfOutput

SCALE = 1000.0  # scene units per projected unit (a degree of latitude)
ZOOM_STEP = 1.25
MAX_ERRORS_SHOWN = 30
TOWN_LABEL_ZOOM = 2.4  # township names appear from this zoom on (the whole city fitted is 1)
KEY_ROLE = Qt.ItemDataRole.UserRole


def colour(rgb: tuple[int, int, int]) -> QColor:
    return QColor(*rgb)


@cache
def _path(shape: Shape) -> QPainterPath:
    """The shape as a scene path (north up: scene y grows downwards), built once per shape."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for polygon in shape:
        for ring in polygon:
            path.addPolygon(QPolygonF([QPointF(x * SCALE, -y * SCALE) for x, y in ring]))
            path.closeSubpath()
    return path


class AreaItem(QGraphicsPathItem):
    """A division or township; hovering it tells the panel, which shows its level and since when."""

    def __init__(self, panel: RiskMapPanel, key: str, path: QPainterPath, tip: str):
        super().__init__(path)
        self.owner, self.key = panel, key
        self.setAcceptHoverEvents(True)
        self.setToolTip(tip)

    def hoverEnterEvent(self, event) -> None:
        self.owner.show_area(self.key)
        super().hoverEnterEvent(event)


class RiskMapPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ui = Ui_RiskMapPanel()
        self.ui.setupUi(self)
        self._ctx = ctx
        self.data: RiskMapData | None = None
        self._rows: list = []
        self.town_labels: list[QGraphicsSimpleTextItem] = []
        self._fit_scale = 1.0
        self._shown = False
        self.items: dict[str, AreaItem] = {}
        self.texts: dict[str, str] = {}
        self.last_job: PdfOutput | None = None
        ui = self.ui
        self.scene = QGraphicsScene(self)
        self.view: QGraphicsView = ui.view
        view = ui.view
        view.setScene(self.scene)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        view.setBackgroundBrush(QBrush(QColor(250, 250, 248)))
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)
        view.setToolTip("")
        view.setAccessibleName("风险地图（+ − 缩放，0 全图，方向键平移）")
        ui.splitter.setStretchFactor(0, 3)
        ui.splitter.setStretchFactor(1, 1)
        ui.legendLabel.setText("图例：")
        for level in rules.LEVELS:  # a swatch with a frame (未划定's pale grey shows on any background)
            swatch = QLabel()
            swatch.setFixedSize(14, 12)
            swatch.setStyleSheet(f"background: rgb{rules.COLOURS[level]}; border: 1px solid #555;")
            ui.legendRow.insertWidget(ui.legendRow.indexOf(ui.legendRight), swatch)
            ui.legendRow.insertWidget(ui.legendRow.indexOf(ui.legendRight), QLabel(rules.LEGEND[level]))
        ui.dateEdit.setDate(_qdate(clock.local(clock.now()).date()))
        ui.dateEdit.dateChanged.connect(lambda _d: self.reload())
        ui.todayButton.clicked.connect(lambda: ui.dateEdit.setDate(_qdate(clock.local(clock.now()).date())))
        ui.printButton.clicked.connect(lambda: self.print_map())
        ui.importButton.clicked.connect(lambda: self.choose_import())
        ui.levelButton.clicked.connect(lambda: self.record_level())
        ui.areaList.currentItemChanged.connect(lambda current, _old: self._list_chosen(current))
        ctx.bus.follow(self, self._on_changed)
        self.reload()

    def _on_changed(self, topic: str) -> None:
        if topic == RISKMAP:
            self.reload()

    @property
    def day(self) -> date:
        d = self.ui.dateEdit.date()
        return date(d.year(), d.month(), d.day())

    # ------------------------------------------------------------------ drawing
    def reload(self) -> None:
        self.data = data = riskmap_print.map_data(self._ctx.db, self.day)
        self.ui.headerLabel.setText(f'<span style="color: #d00000; font-weight: bold">{escape(data.issuer)}</span><br>'
                                    f"<b>{escape(rules.TITLE)}</b>（{data.day.year}年{data.day.month}月{data.day.day}日）")
        from ...services import risk_levels

        self._rows = risk_levels.risk_on(self._ctx.db, self.day)
        rows = {(r.division, r.township): r for r in self._rows}
        first = self.scene.items() == []
        self.scene.clear()
        self.items, self.texts = {}, {}
        dark = QPen(QColor(64, 64, 64), 1.3)
        dark.setCosmetic(True)
        light = QPen(QColor(150, 150, 150), 0.8)
        light.setCosmetic(True)
        for a in data.divisions:
            fill = rules.tint(a.level) if a.level != "none" else rules.COLOURS["none"]
            self._add(a.name, _path(a.shape), colour(fill), dark, self._division_text(a.name, a.level))
        for t in data.townships:
            division = t.division
            row = rows.get((division, t.name))
            text = self.township_text(row) if row else f"{division}{t.name}：{rules.LEGEND[t.level]}"
            self._add(f"{division}/{t.name}", _path(t.shape), colour(rules.COLOURS[t.level]), light, text, z=1)
        outline = QPen(QColor(64, 64, 64), 1.3)
        outline.setCosmetic(True)
        for a in data.divisions:  # division lines over the townships
            line = self.scene.addPath(_path(a.shape), outline)
            line.setZValue(2)
            line.setAcceptHoverEvents(False)
        self.town_labels = [self._label(t.name, t.label, 8, False) for t in data.townships]
        for a in data.divisions:
            self._label(a.name, a.label, 10, True)
        self._show_town_labels()
        self._fill_list()
        self.ui.summaryLabel.setText(self.summary_text(data))
        if first:
            self.fit()

    def _add(self, key: str, path: QPainterPath, fill: QColor, pen: QPen, text: str, z: float = 0) -> None:
        item = AreaItem(self, key, path, text)
        item.setBrush(QBrush(fill))
        item.setPen(pen)
        item.setZValue(z)
        self.scene.addItem(item)
        self.items[key] = item
        self.texts[key] = text

    def _label(self, text: str, at: tuple[float, float], size: int, bold: bool) -> QGraphicsSimpleTextItem:
        label = QGraphicsSimpleTextItem(text)
        font = QFont(self.font())
        font.setPointSize(size)
        font.setBold(bold)
        label.setFont(font)
        label.setBrush(QBrush(QColor(20, 20, 20)))
        label.setFlag(QGraphicsSimpleTextItem.GraphicsItemFlag.ItemIgnoresTransformations)
        rect = label.boundingRect()
        label.setPos(at[0] * SCALE, -at[1] * SCALE)
        label.setTransformOriginPoint(rect.center())
        label.setZValue(3)
        # centred on its point whatever the zoom (the item ignores the view's scale)
        label.setTransform(label.transform().translate(-rect.width() / 2, -rect.height() / 2))
        label.setAcceptHoverEvents(False)
        self.scene.addItem(label)
        return label

    def _show_town_labels(self) -> None:
        """Township names only once zoomed in enough for them not to cover each other (the whole city
        at once shows the divisions' names; the list and hovering name every township)."""
        shown = self.ui.view.transform().m11() >= self._fit_scale * TOWN_LABEL_ZOOM
        for label in self.town_labels:
            label.setVisible(shown)

    def _all_rows(self):
        return self._rows

    def _division_text(self, name: str, level: str) -> str:
        mine = [r for r in self._all_rows() if r.division == name]
        if not mine:
            return f"{name}：尚未登记乡镇（街道）"
        counts = [f"{rules.LEGEND[lv]}{n}个" for lv in ("high", "medium", "low")
                  if (n := sum(1 for r in mine if r.level == lv))]
        return f"{name}：乡镇（街道）{len(mine)}个" + ("，" + "、".join(counts) if counts else "，均未划定风险等级")

    def _fill_list(self) -> None:
        lst = self.ui.areaList
        lst.blockSignals(True)
        lst.clear()
        rows = self._all_rows()
        assert self.data is not None
        for a in self.data.divisions:
            item = QListWidgetItem(a.name)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            item.setData(KEY_ROLE, a.name)
            lst.addItem(item)
            for r in (r for r in rows if r.division == a.name):
                since = f"　自{clock.local_text(r.since, '%m-%d')}" if r.since else ""
                item = QListWidgetItem(f"　{r.township}　{rules.LEGEND[r.level]}{since}")
                item.setForeground(QBrush(colour(rules.COLOURS[r.level]).darker(130) if r.level != "none"
                                          else QColor(90, 90, 90)))
                key = f"{r.division}/{r.township}"
                item.setData(KEY_ROLE, key)
                self.texts[key] = self.township_text(r)
                lst.addItem(item)
        lst.blockSignals(False)

    @staticmethod
    def township_text(r) -> str:
        """鹿城区五马街道：高风险，自2026-11-20 09:00起；依据：…"""
        since = f"，自{clock.local_text(r.since)}起" if r.since else "（从未登记风险等级）"
        basis = f"；依据：{r.basis}" if r.basis else ""
        return f"{r.division}{r.township}：{rules.LEGEND[r.level]}{since}{basis}"

    @staticmethod
    def summary_text(data: RiskMapData) -> str:
        if not data.township_count:
            return "尚未导入乡镇（街道）：地图只绘出县（市、区）界线。用“导入乡镇（街道）”导入名单（.xlsx/.csv）或边界（.geojson）。"
        high = [f"{r.division}{r.township}" for r in data.rows if r.level == "high"]
        medium = [f"{r.division}{r.township}" for r in data.rows if r.level == "medium"]
        parts = [f"高风险{len(high)}个：{'、'.join(high)}" if high else "无高风险地区",
                 f"中风险{len(medium)}个：{'、'.join(medium)}" if medium else "无中风险地区"]
        return f"全市乡镇（街道）{data.township_count}个；" + "；".join(parts) + "。"

    # ------------------------------------------------------------------ hover, list, keys
    def show_area(self, key: str) -> None:
        self.ui.infoLabel.setText(self.texts.get(key, key))

    def _list_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        key = item.data(KEY_ROLE)
        self.show_area(key)
        target = self.items.get(key) or self.items.get(key.split("/")[0])
        for k, area in self.items.items():
            pen = area.pen()
            if k == key or area is target:
                self.ui.view.ensureVisible(area, 40, 40)
            area.setOpacity(1.0 if target is None or area is target or k == key.split("/")[0] else 0.55)
            area.setPen(pen)

    def fit(self) -> None:
        self.ui.view.fitInView(self.scene.itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._fit_scale = self.ui.view.transform().m11() or 1.0
        self._show_town_labels()

    def zoom(self, factor: float) -> None:
        self.ui.view.scale(factor, factor)
        self._show_town_labels()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ui.view and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                self.zoom(ZOOM_STEP)
                return True
            if key == Qt.Key.Key_Minus:
                self.zoom(1 / ZOOM_STEP)
                return True
            if key == Qt.Key.Key_0:
                self.fit()
                return True
            view = self.view
            bars = {Qt.Key.Key_Left: (view.horizontalScrollBar(), -1), Qt.Key.Key_Right: (view.horizontalScrollBar(), 1),
                    Qt.Key.Key_Up: (view.verticalScrollBar(), -1), Qt.Key.Key_Down: (view.verticalScrollBar(), 1)}
            if key in bars:
                bar, sign = bars[key]
                bar.setValue(bar.value() + sign * max(bar.pageStep() // 5, 10))
                return True
        if watched is self.ui.view.viewport() and event.type() == QEvent.Type.Wheel:
            self.zoom(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)  # type: ignore[attr-defined]
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            total = self.ui.splitter.width()
            self.ui.splitter.setSizes([total * 7 // 10, total - total * 7 // 10])
        self.fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._shown and abs(self.ui.view.transform().m11() - self._fit_scale) < 1e-9:
            self.fit()  # still showing the whole city: keep it whole

    # ------------------------------------------------------------------ printing
    def print_map(self) -> PdfOutput:
        db, day, operator = self._ctx.db, self.day, self._ctx.operator()

        def render() -> bytes:
            return riskmap_print.riskmap_pdf(db, day, operator=operator)

        self.last_job = PdfOutput(self, rules.TITLE, f"风险地图-{day.isoformat()}.pdf", render)
        task = self.last_job.start()
        bus = self._ctx.bus  # issued: the schedule's 风险地图发布 item of that date shows it
        task.finished.connect(lambda _data: bus.announce(Changes.of(RISKMAP)))
        return self.last_job


    # ------------------------------------------------------------------ levels
    def level_dialog(self):
        from ..dialogs.risk_level_dialog import RiskLevelDialog

        current = self.ui.areaList.currentItem()
        key = current.data(KEY_ROLE) if current is not None else ""
        return RiskLevelDialog(self._ctx, self, checked=(key.replace("/", ""),) if "/" in key else ())

    def record_level(self) -> None:
        self.level_dialog().exec()

    # ------------------------------------------------------------------ import
    def choose_import(self) -> None:
        path, _ = folders.open_name(self, "导入乡镇（街道）名单或边界", "townships",
                                    "乡镇（街道）名单或边界 (*.xlsx *.csv *.geojson *.json)")
        if path:
            self.import_file(path)

    def import_file(self, path: str):
        """The list (.xlsx/.csv) or the boundaries (.geojson), all or nothing: every row's or feature's
        error is listed and nothing is written; what was imported is said under the list."""
        from ...services import townships
        from ...services.errors import ImportRejected

        def rejected(exc: ImportRejected) -> None:
            lines = [str(e) for e in exc.errors[:MAX_ERRORS_SHOWN]]
            more = len(exc.errors) - len(lines)
            QMessageBox.warning(self, "导入未执行", f"发现 {len(exc.errors)} 处错误，未写入任何数据：\n\n"
                                + "\n".join(lines) + (f"\n……另有 {more} 处" if more > 0 else ""))

        ok, result = self._ctx.bus.attempt(self, RISKMAP, townships.import_townships, self._ctx.db, path,
                                           self._ctx.operator(), title="导入未执行",
                                           handlers={ImportRejected: rejected})
        if ok and result is not None:
            parts = [f"新增 {result.added} 个" if result.added else "", f"更新 {result.updated} 个" if result.updated else "",
                     f"未变 {result.unchanged} 个" if result.unchanged else "",
                     f"其中边界 {result.boundaries} 个" if result.boundaries else ""]
            self.ui.infoLabel.setText("已导入乡镇（街道）：" + "，".join(p for p in parts if p) + "。")
        return result


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)
