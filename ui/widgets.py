"""Reusable view pieces: a titled table over a RowTableModel, optionally with a detail pane."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (QFrame, QGroupBox, QHBoxLayout, QLabel, QMenu, QPlainTextEdit, QPushButton,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from .forms import stretch_table
from .models import Column, RowTableModel


class RowTable(QTableView):
    """A read-only table of rows; Enter or double-click activates a row."""

    activated_row = Signal(object)

    def __init__(self, columns: Sequence[Column], parent=None, stretch_column: int | None = None):
        super().__init__(parent)
        self.row_model = RowTableModel(columns, self)
        self.setModel(self.row_model)
        stretch_table(self, stretch_column)
        if stretch_column is None:
            self.horizontalHeader().setStretchLastSection(True)
        self.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.doubleClicked.connect(self._activate)
        self.activated.connect(self._activate)  # Enter on a row, the keyboard's double-click
        self._row_actions: list[tuple[str, Callable[[Any], None], Callable[[Any], bool] | None]] = []
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)  # also the Menu key / Shift+F10
        self.customContextMenuRequested.connect(self._context_menu)

    def add_row_action(self, text: str, slot: Callable[[Any], None],
                       enabled: Callable[[Any], bool] | None = None) -> None:
        """An entry of the row's context menu (e.g. 전화번호 복사), called with the row."""
        self._row_actions.append((text, slot, enabled))

    def _context_menu(self, pos) -> None:
        index = self.indexAt(pos)
        if index.isValid():  # a right click acts on the row under the mouse; the Menu key on the current one
            self.setCurrentIndex(index)
        row = self.current_row()
        if not self._row_actions or row is None:
            return
        menu = QMenu(self)
        for text, slot, enabled in self._row_actions:
            action = menu.addAction(text)
            action.setEnabled(enabled is None or enabled(row))
            action.triggered.connect(lambda _=False, s=slot, r=row: s(r))
        menu.exec(self.viewport().mapToGlobal(pos))

    def _activate(self, index: QModelIndex) -> None:
        row = self.row_model.row_at(index.row())
        if row is not None:
            self.activated_row.emit(row)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.row_model.set_rows(rows)

    def current_row(self) -> Any:
        index = self.currentIndex()
        return self.row_model.row_at(index.row()) if index.isValid() else None

    def select_where(self, matches: Callable[[Any], bool]) -> bool:
        """Make the first row that matches current; False when none does."""
        for i in range(self.row_model.total()):
            row = self.row_model.row_at(i)
            if row is not None and matches(row):
                self.setCurrentIndex(self.row_model.index(i, 0))
                return True
        return False


class ListPanel(QWidget):
    """A table with a count in its title, optional buttons above it, and an optional detail pane
    that shows the selected row's long text (notes, evaluations) in full."""

    def __init__(self, title: str, columns: Sequence[Column], *, detail: Callable[[Any], str] | None = None,
                 empty: str = "", stretch_column: int | None = None, parent=None):
        super().__init__(parent)
        self._title, self._empty = title, empty
        self.box = QGroupBox(title)
        self.table = RowTable(columns, stretch_column=stretch_column)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.empty_label = QLabel(empty)
        self.empty_label.setStyleSheet("color:#666;")
        inner = QVBoxLayout(self.box)
        inner.addLayout(self.buttons)
        self._detail = detail
        if detail is not None:
            self.detail_view = QPlainTextEdit()
            self.detail_view.setReadOnly(True)
            self.detail_view.setFrameShape(QFrame.Shape.StyledPanel)
            split = QSplitter(Qt.Orientation.Vertical)
            split.addWidget(self.table)
            split.addWidget(self.detail_view)
            split.setStretchFactor(0, 3)
            split.setStretchFactor(1, 2)
            inner.addWidget(split)
            self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        else:
            inner.addWidget(self.table)
        inner.addWidget(self.empty_label)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.box)

    def add_button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return self.add_widget(button)

    def add_widget(self, widget: QWidget) -> QWidget:
        """A control above the table, right-aligned after those added before it."""
        if self.buttons.count() == 0:
            self.buttons.addStretch(1)
        self.buttons.insertWidget(self.buttons.count() - 1, widget)
        return widget

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.table.set_rows(rows)
        self.box.setTitle(f"{self._title} ({len(rows)})")
        self.empty_label.setVisible(not rows and bool(self._empty))
        if self._detail is not None:
            self.detail_view.clear()
            if rows:
                self.table.selectRow(0)

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.table.row_model.row_at(current.row())
        self.detail_view.setPlainText(self._detail(row) if row is not None else "")
