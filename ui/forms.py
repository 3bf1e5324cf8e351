"""Shared form machinery: every editing dialog is a FormDialog.

A form declares its fields with `watch`, says what is wrong with `problems()` (Korean sentences,
re-checked on every change), and what to save with `save_call()` (a function run on the database
worker). The base class does the rest the same way everywhere: problem list under the form, save
button enabled only when nothing is wrong, service errors shown in place, drafts of long forms
kept in the encrypted store, and a question before unsaved input is closed away.
"""
from __future__ import annotations

from datetime import date, datetime, time
from enum import Enum
from typing import Any, Callable, Iterable, Sequence

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QDateEdit, QDateTimeEdit,
                               QDialog, QDialogButtonBox, QFormLayout, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QScrollArea, QSizePolicy, QSpinBox, QTableView, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from app.services.particles import particle

from . import messages
from .tasks import TaskRunner

DRAFT_DELAY_MS = 2000


# --- small field builders ---------------------------------------------------------------------


def date_edit(value: date | None = None) -> QDateEdit:
    w = QDateEdit()
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy-MM-dd")
    w.setDate(QDate(value) if value else QDate.currentDate())
    return w


def datetime_edit(value: datetime) -> QDateTimeEdit:
    w = QDateTimeEdit()
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy-MM-dd HH:mm")
    w.setDateTime(QDateTime(QDate(value.date()), QTime(value.hour, value.minute)))
    return w


def py_date(w: QDateEdit) -> date:
    return w.date().toPython()


def py_datetime(w: QDateTimeEdit) -> datetime:
    qdt = w.dateTime()
    return datetime.combine(qdt.date().toPython(), time(qdt.time().hour(), qdt.time().minute()))


class Combo(QComboBox):
    """A combo box whose item data stay Python objects. (Qt would turn a StrEnum member into a
    plain str on the way through QVariant, losing `.label` and identity.)"""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._data: list[Any] = []

    def addItem(self, label: str, data: Any = None) -> None:  # noqa: N802 - Qt's name
        self._data.append(data)
        super().addItem(label)

    def clear(self) -> None:
        self._data.clear()
        super().clear()

    def itemData(self, index: int, role: int = 0) -> Any:  # noqa: N802
        return self._data[index] if 0 <= index < len(self._data) else None

    def currentData(self, role: int = 0) -> Any:  # noqa: N802
        return self.itemData(self.currentIndex())

    def findData(self, data: Any, role: int = 0, flags=None) -> int:  # noqa: N802
        return next((i for i, d in enumerate(self._data) if d == data), -1)


def combo(items: Iterable[tuple[str, Any]], current: Any = None) -> Combo:
    """A combo box of (label, data) pairs."""
    w = Combo()
    for label, data in items:
        w.addItem(label, data)
    if current is not None:
        set_combo(w, current)
    return w


def enum_combo(members: Iterable[Enum], current: Enum | None = None) -> QComboBox:
    return combo(((m.label, m) for m in members), current)  # type: ignore[attr-defined]


def set_combo(w: QComboBox, data: Any) -> None:
    for i in range(w.count()):
        if w.itemData(i) == data:
            w.setCurrentIndex(i)
            return


class TextArea(QPlainTextEdit):
    """Multi-line text sized in lines; Tab moves on to the next field as in every other field.
    Short areas keep their height; `grow=True` areas take the room left in the dialog."""

    def __init__(self, placeholder: str = "", rows: int = 3, grow: bool = False):
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self._rows = rows
        self.setSizePolicy(QSizePolicy.Policy.Expanding,
                           QSizePolicy.Policy.Expanding if grow else QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self._height())

    def _height(self) -> int:
        margins = self.contentsMargins()
        return (self.fontMetrics().lineSpacing() * self._rows + 2 * int(self.document().documentMargin())
                + margins.top() + margins.bottom() + 4)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(super().sizeHint().width(), self._height())


def text_area(placeholder: str = "", rows: int = 3, grow: bool = False) -> TextArea:
    return TextArea(placeholder, rows, grow)


def money_box(maximum: int = 100_000_000) -> QSpinBox:
    w = QSpinBox()
    w.setRange(0, maximum)
    w.setSingleStep(10_000)
    w.setGroupSeparatorShown(True)
    w.setSuffix(" 원")
    w.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
    w.setAlignment(Qt.AlignmentFlag.AlignRight)
    return w


class CheckList(QWidget):
    """A grid of check boxes for a multi-choice field (household types, member flags …)."""

    changed = Signal()

    def __init__(self, choices: Sequence[str], columns: int = 4, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self._boxes: dict[str, QCheckBox] = {}
        for i, choice in enumerate(choices):
            box = QCheckBox(choice)
            box.toggled.connect(self.changed)
            grid.addWidget(box, i // columns, i % columns)
            self._boxes[choice] = box

    def value(self) -> list[str]:
        return [c for c, b in self._boxes.items() if b.isChecked()]

    def set_value(self, values: Iterable[str]) -> None:
        chosen = set(values)
        for c, b in self._boxes.items():
            b.setChecked(c in chosen)

    def box(self, choice: str) -> QCheckBox:
        return self._boxes[choice]


def stretch_table(view: QTableView | QTableWidget, stretch_column: int | None = None) -> None:
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Size columns from the first rows only: measuring every row of a 500-row list on each update
    # cost more than building the whole home screen.
    header.setResizeContentsPrecision(60)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)


def length_problem(text: str, label: str, max_len: int, required: bool = False) -> str | None:
    """The same sentences the services use (app.services.hangul.clean_text), checked while typing."""
    value = text.strip()
    if required and not value:
        return f"{particle(label, '을/를')} 입력하세요."
    if len(value) > max_len:
        return f"{particle(label, '은/는')} {max_len}자 이내로 입력하세요(현재 {len(value)}자)."
    return None


# --- generic field values (for drafts and dirty tracking) -------------------------------------


def widget_value(w: QWidget) -> Any:
    if isinstance(w, QLineEdit):
        return w.text()
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QComboBox):
        return w.currentIndex()
    if isinstance(w, QDateTimeEdit) and not isinstance(w, QDateEdit):
        return w.dateTime().toString(Qt.DateFormat.ISODate)
    if isinstance(w, QDateEdit):
        return w.date().toString(Qt.DateFormat.ISODate)
    if isinstance(w, QSpinBox):
        return w.value()
    if isinstance(w, QCheckBox):
        return w.isChecked()
    if isinstance(w, CheckList):
        return w.value()
    if isinstance(w, RowsEditor):
        return table_values(w.table)
    raise TypeError(type(w).__name__)


def set_widget_value(w: QWidget, value: Any) -> None:
    if isinstance(w, QLineEdit):
        w.setText(str(value))
    elif isinstance(w, QPlainTextEdit):
        w.setPlainText(str(value))
    elif isinstance(w, QComboBox):
        w.setCurrentIndex(int(value))
    elif isinstance(w, QDateTimeEdit) and not isinstance(w, QDateEdit):
        w.setDateTime(QDateTime.fromString(value, Qt.DateFormat.ISODate))
    elif isinstance(w, QDateEdit):
        w.setDate(QDate.fromString(value, Qt.DateFormat.ISODate))
    elif isinstance(w, QSpinBox):
        w.setValue(int(value))
    elif isinstance(w, QCheckBox):
        w.setChecked(bool(value))
    elif isinstance(w, CheckList):
        w.set_value(value)
    elif isinstance(w, RowsEditor):
        set_table_values(w.table, value)


def _change_signal(w: QWidget):
    for attr in ("textChanged", "changed", "currentIndexChanged", "dateTimeChanged", "dateChanged",
                 "valueChanged", "toggled"):
        if hasattr(w, attr):
            return getattr(w, attr)
    raise TypeError(type(w).__name__)


def table_values(table: QTableWidget) -> list[list[Any]]:
    """Cell texts, or a combo's index where a cell holds a combo box."""
    rows = []
    for r in range(table.rowCount()):
        row = []
        for c in range(table.columnCount()):
            cell = table.cellWidget(r, c)
            if isinstance(cell, QComboBox):
                row.append(cell.currentIndex())
            else:
                item = table.item(r, c)
                row.append(item.text() if item else "")
        rows.append(row)
    return rows


def set_table_values(table: QTableWidget, rows: list[list[Any]]) -> None:
    """Refill a table; `add_row` of the owning editor recreates combo cells, so rows are added by it."""
    editor = getattr(table, "add_row", None)
    table.setRowCount(0)
    for values in rows:
        if editor:
            editor()
        else:
            table.insertRow(table.rowCount())
        r = table.rowCount() - 1
        for c, v in enumerate(values):
            cell = table.cellWidget(r, c)
            if isinstance(cell, QComboBox):
                cell.setCurrentIndex(int(v))
            else:
                table.setItem(r, c, QTableWidgetItem(str(v)))


class RowsEditor(QWidget):
    """An editable table (attendees, plan items, companions) with add/remove buttons.

    Columns are (header, choices): choices None → free text, else a list of (label, data) shown as a
    combo box. `rows()` gives each row as a list of text / data values.
    """

    changed = Signal()

    def __init__(self, columns: Sequence[tuple[str, Sequence[tuple[str, Any]] | None]], add_label: str,
                 parent=None):
        super().__init__(parent)
        self._columns = list(columns)
        self.table = QTableWidget(0, len(self._columns))
        self.table.setHorizontalHeaderLabels([h for h, _ in self._columns])
        self.table.add_row = self.add_row  # used by set_table_values when a draft is restored
        stretch_table(self.table)
        header = self.table.horizontalHeader()
        for c, (_, choices) in enumerate(self._columns):
            if choices is None:
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
            else:  # wide enough for its longest choice even while the table is empty
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
                longest = max((self.fontMetrics().horizontalAdvance(label) for label, _ in choices), default=80)
                header.resizeSection(c, longest + 48)
        self.table.setMinimumHeight(120)
        self.table.cellChanged.connect(self.changed)
        add = QPushButton(add_label)
        remove = QPushButton(self.tr("선택 행 삭제"))
        add.clicked.connect(lambda: self.add_row())
        remove.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.add_button, self.remove_button = add, remove

    def add_row(self, values: Sequence[Any] = ()) -> int:
        r = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(r)
        for c, (_, choices) in enumerate(self._columns):
            value = values[c] if c < len(values) else None
            if choices is not None:
                box = combo(choices, value)
                box.currentIndexChanged.connect(self.changed)
                self.table.setCellWidget(r, c, box)
            else:
                self.table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        self.table.blockSignals(False)
        self.changed.emit()
        return r

    def remove_selected(self) -> None:
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)
        self.changed.emit()

    def set_cell(self, row: int, column: int, value: Any) -> None:
        cell = self.table.cellWidget(row, column)
        if isinstance(cell, QComboBox):
            set_combo(cell, value)
        else:
            self.table.setItem(row, column, QTableWidgetItem(str(value)))

    def rows(self) -> list[list[Any]]:
        out = []
        for r in range(self.table.rowCount()):
            row = []
            for c in range(len(self._columns)):
                cell = self.table.cellWidget(r, c)
                if isinstance(cell, QComboBox):
                    row.append(cell.currentData())
                else:
                    item = self.table.item(r, c)
                    row.append(item.text().strip() if item else "")
            out.append(row)
        return out


# --- the form dialog --------------------------------------------------------------------------


FORM_SAVE_KEYS = ("Ctrl+S", "Ctrl+Return", "Ctrl+Enter")

# An office laptop: 1366×768 at 125% scaling leaves about 1093×574 logical pixels below the taskbar.
LAPTOP_AVAILABLE = QSize(1093, 574)


def fit_within(requested: QSize, available: QSize) -> QSize:
    """The requested window size, made no larger than the room there is."""
    return QSize(min(requested.width(), available.width()), min(requested.height(), available.height()))


def fit_to_screen(window: QWidget) -> None:
    screen = window.screen() or QApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry().size() - QSize(16, 40)   # the frame and title bar
        window.resize(fit_within(window.size(), room).expandedTo(window.minimumSizeHint()))


class FormDialog(QDialog):
    """Base of every editing dialog. Subclasses fill `self.form` (a QFormLayout) or `self.body`."""

    saved = Signal(object)

    def __init__(self, runner: TaskRunner, ctx, title: str, parent: QWidget | None = None,
                 draft_key: str | None = None, scroll: bool = False):
        super().__init__(parent)
        self.runner, self.ctx, self.draft_key = runner, ctx, draft_key
        self.setWindowTitle(title)
        self.setModal(True)
        self._watched: dict[str, QWidget] = {}
        self._dirty = False
        self._saving = False
        self._loading = False  # restoring a draft or loading values: not a user change
        self._ready = False    # set when first shown: values set while building are not edits
        self._service_error = ""

        self.body = QWidget()
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.addLayout(self.form)

        self.draft_bar = QWidget()
        bar = QHBoxLayout(self.draft_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        self.draft_bar.setStyleSheet("background:#fff4ce; border-radius:4px;")
        bar.addWidget(QLabel(self.tr("이 양식에 임시 저장된 내용이 있습니다.")), 1)
        self.restore_button = QPushButton(self.tr("불러오기"))
        self.drop_draft_button = QPushButton(self.tr("버리기"))
        bar.addWidget(self.restore_button)
        bar.addWidget(self.drop_draft_button)
        self.restore_button.clicked.connect(self._restore_draft)
        self.drop_draft_button.clicked.connect(self._drop_draft)
        self.draft_bar.hide()
        self._draft: dict | None = None

        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_label.setObjectName("problems")
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.setStyleSheet("color:#8a5300;")
        self.buttons = QDialogButtonBox()
        self.save_label = self.tr("저장")  # a dialog whose action is not saving (e.g. 미리 보기) renames it
        self.save_button = self.buttons.addButton(self.save_label, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(self.tr("취소"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)  # Enter in a field must not save a half-filled form
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # Ctrl+S and Ctrl+Enter save (and so close) the form; Esc cancels, asking about unsaved changes.
        for keys in FORM_SAVE_KEYS:
            QShortcut(QKeySequence(keys), self, activated=self.save)

        outer = QVBoxLayout(self)
        outer.addWidget(self.draft_bar)
        if scroll:
            area = QScrollArea()
            area.setWidgetResizable(True)
            area.setWidget(self.body)
            outer.addWidget(area, 1)
        else:
            outer.addWidget(self.body, 1)
        outer.addWidget(self.note_label)
        outer.addWidget(self.problem_label)
        outer.addWidget(self.buttons)

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._save_draft)
        if draft_key:
            self._look_for_draft()  # the answer arrives after the subclass has built its fields

    # --- for subclasses ---
    def watch(self, name: str, widget: QWidget) -> QWidget:
        """Track a field: re-validate and mark the form changed on every edit; include it in drafts."""
        self._watched[name] = widget
        _change_signal(widget).connect(self._changed)
        return widget

    def unwatch(self, prefix: str) -> None:
        """Forget fields whose widgets are going away (e.g. a removed section)."""
        for name in [n for n in self._watched if n.startswith(prefix)]:
            del self._watched[name]

    def set_save_label(self, text: str) -> None:
        self.save_label = text
        self.save_button.setText(text)

    def add_row(self, label: str, name: str, widget: QWidget) -> QWidget:
        self.form.addRow(label, self.watch(name, widget))
        return widget

    def problems(self) -> list[str]:
        """What is wrong now, in Korean; saving is refused while this is not empty."""
        return []

    def notes(self) -> list[str]:
        """Warnings that do not block saving (e.g. an RRN check digit that does not match)."""
        return []

    def save_call(self) -> Callable[[], Any]:
        raise NotImplementedError

    def after_save(self, result: Any) -> None:
        """Called on the GUI thread with the service result before the dialog closes."""

    def draft_fields(self) -> dict[str, Any]:
        return {name: widget_value(w) for name, w in self._watched.items()}

    def restore_fields(self, fields: dict[str, Any]) -> None:
        for name, value in fields.items():
            if name in self._watched:
                set_widget_value(self._watched[name], value)

    # --- state ---
    @property
    def dirty(self) -> bool:
        return self._dirty

    def mark_clean(self) -> None:
        self._dirty = False

    def loading(self):
        """`with self.loading():` — changes made by code, not by the user."""
        dialog = self

        class _Guard:
            def __enter__(self):
                dialog._loading = True

            def __exit__(self, *exc):
                dialog._loading = False
                if dialog._ready:
                    dialog.revalidate()
        return _Guard()

    def _changed(self, *_):
        if self._loading or not self._ready:
            return
        self._dirty = True
        self._service_error = ""
        self.revalidate()
        if self.draft_key:
            self._draft_timer.start()

    def revalidate(self) -> list[str]:
        problems = self.problems()
        shown = ([self._service_error] if self._service_error else []) + problems
        self.problem_label.setText("\n".join(f"• {p}" for p in shown))
        self.problem_label.setStyleSheet("color:#b3261e;")
        self.problem_label.setVisible(bool(shown))
        notes = self.notes()
        self.note_label.setText("\n".join(f"• {n}" for n in notes))
        self.note_label.setVisible(bool(notes))
        self.save_button.setEnabled(not problems and not self._saving)
        return problems

    def showEvent(self, event) -> None:
        if not self._ready:
            fit_to_screen(self)   # the size a form asked for may not fit an office laptop's screen
        super().showEvent(event)
        self._ready = True
        self.revalidate()

    # --- saving ---
    def save(self) -> None:
        if self._saving or self.revalidate():
            return
        try:
            call = self.save_call()
        except ValueError as exc:  # a form's own conversion said what is wrong
            self.show_error(str(exc))
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.save_button.setText(self.tr("처리 중…"))
        self.runner.submit(call, on_done=self._saved, on_error=self._save_failed, owner=self)

    def show_error(self, message: str) -> None:
        self._service_error = message
        self.revalidate()

    def _saved(self, result: Any) -> None:
        self._saving = False
        self.save_button.setText(self.save_label)
        self._dirty = False
        self._draft_timer.stop()
        if self.draft_key:
            from app.services.views import drafts
            self.runner.submit(drafts.discard_draft, self.ctx, self.draft_key)
        self.saved.emit(result)
        self.after_save(result)
        self.accept()

    def _save_failed(self, message: str) -> None:
        self._saving = False
        self.save_button.setText(self.save_label)
        self.show_error(message)

    # --- drafts ---
    def _look_for_draft(self) -> None:
        from app.services.views import drafts
        self.runner.submit(drafts.load_draft, self.ctx, self.draft_key, on_done=self._draft_found,
                           on_error=lambda _msg: None, owner=self)

    def _draft_found(self, fields: dict | None) -> None:
        if fields:
            self._draft = fields
            self.draft_bar.show()

    def _restore_draft(self) -> None:
        if self._draft:
            with self.loading():
                self.restore_fields(self._draft)
            self._dirty = True
        self.draft_bar.hide()

    def _drop_draft(self) -> None:
        from app.services.views import drafts
        self._draft = None
        self.draft_bar.hide()
        self.runner.submit(drafts.discard_draft, self.ctx, self.draft_key)

    def _save_draft(self) -> None:
        if self.draft_key and self._dirty and not self._saving:
            from app.services.views import drafts
            self.runner.submit(drafts.save_draft, self.ctx, self.draft_key, self.draft_fields(),
                               on_error=lambda _msg: None)

    # --- closing ---
    def reject(self) -> None:
        if self._saving:
            return  # the save finishes first; closing now would hide its outcome
        if self._dirty:
            choice = messages.unsaved_changes(self, has_drafts=bool(self.draft_key))
            if choice == messages.CANCEL:
                return
            if choice == messages.KEEP:
                self._save_draft()
            elif self.draft_key:
                self._draft_timer.stop()
                self._drop_draft()
        self._draft_timer.stop()
        super().reject()

    def closeEvent(self, event) -> None:
        # The window's close button goes through the same question as 취소.
        if self.result() == QDialog.DialogCode.Accepted or not (self._dirty or self._saving):
            super().closeEvent(event)
            return
        event.ignore()
        self.reject()
