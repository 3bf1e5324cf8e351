"""충돌 확인: the conflicts sync could not merge, and a person's choice for each.

A conflict keeps three values: the one both sides started from (원래 값), the office's — the hub's
— value (사무실 값), and the value of the device whose change collided (노트북 값; "이 기기" when
that device is this one). Choosing is a change like any other: the conflict leaves the list at
once and the choice goes to the hub with the next sync.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QSplitter,
                               QVBoxLayout, QWidget)

from models.types import Role

from . import messages
from .changes import follow
from .models import conflict_columns
from .session import UiSession
from .widgets import ListPanel


def _value_box(title: str, color: str) -> tuple[QGroupBox, QPlainTextEdit, QLabel]:
    box = QGroupBox(title)
    box.setStyleSheet(f"QGroupBox {{ font-weight:bold; border:2px solid {color}; border-radius:6px; margin-top:12px; }}"
                      "QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }")
    who = QLabel()
    who.setWordWrap(True)
    who.setStyleSheet("font-weight:normal; color:#555;")
    text = QPlainTextEdit()
    text.setReadOnly(True)
    text.setStyleSheet("font-weight:normal;")
    layout = QVBoxLayout(box)
    layout.addWidget(who)
    layout.addWidget(text, 1)
    return box, text, who


class ConflictPage(QWidget):
    changed = Signal()          # a conflict was resolved: the sync status changed
    open_case = Signal(str)

    def __init__(self, session: UiSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.rows: list = []
        intro = QLabel(self.tr("동기화 중 같은 내용을 사무실과 노트북에서 서로 다르게 고친 경우입니다. 아무 값도 저절로 "
                               "덮어쓰지 않았습니다. 목록에서 고른 뒤 남길 값을 정하세요. 고른 내용은 다음 동기화 때 "
                               "모든 기기에 반영됩니다."))
        intro.setWordWrap(True)
        self.list = ListPanel(self.tr("확인할 충돌"), conflict_columns(), empty=self.tr("확인할 충돌이 없습니다."))
        self.refresh_button = self.list.add_button(self.tr("새로 고침"), self.refresh)
        self.case_button = self.list.add_button(self.tr("사례 열기"), self._open_case)
        self.list.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.list.table.activated_row.connect(lambda r: self.open_case.emit(r.case_id) if r.case_id else None)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-size:12pt; font-weight:bold;")
        self.heading.setWordWrap(True)
        self.base_box, self.base_text, self.base_who = _value_box(self.tr("원래 값"), "#9e9e9e")
        self.hub_box, self.hub_text, self.hub_who = _value_box(self.tr("사무실 값 (서버)"), "#1565c0")
        self.device_box, self.device_text, self.device_who = _value_box(self.tr("노트북 값 (기기)"), "#ef6c00")
        self.base_who.setText(self.tr("양쪽이 고치기 전의 값"))
        self.hub_who.setText(self.tr("사무실 서버에 먼저 반영된 값"))
        values = QHBoxLayout()
        for box in (self.base_box, self.hub_box, self.device_box):
            values.addWidget(box, 1)
        self.use_device = QPushButton(self.tr("이 기기 값 사용"))
        self.use_hub = QPushButton(self.tr("사무실 값 사용"))
        self.use_device.setStyleSheet("padding:6px 14px;")
        self.use_hub.setStyleSheet("padding:6px 14px;")
        self.use_device.clicked.connect(lambda: self.resolve("device"))
        self.use_hub.clicked.connect(lambda: self.resolve("hub"))
        self.read_only_note = QLabel(self.tr("열람 전용 계정은 충돌을 해결할 수 없습니다."))
        self.read_only_note.setStyleSheet("color:#8a5300;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.read_only_note)
        buttons.addStretch(1)
        buttons.addWidget(self.use_hub)
        buttons.addWidget(self.use_device)
        self.detail = QWidget()
        detail_layout = QVBoxLayout(self.detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.heading)
        detail_layout.addLayout(values, 1)
        detail_layout.addLayout(buttons)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        self.read_only = session.ctx.actor.role == Role.READ_ONLY
        self.read_only_note.setVisible(self.read_only)
        self._show_selected()
        follow(self, session.notices, lambda changes: changes.touches(entities=("sync_conflict",)), self.refresh)
        self.refresh()

    # --- loading ---
    def refresh(self) -> None:
        from app.services.views import sync_status
        self.session.runner.submit(sync_status.conflict_rows, self.session.ctx, on_done=self._loaded,
                                   on_error=lambda m: messages.error(self, m), owner=self)

    def _loaded(self, rows) -> None:
        keep = self.selected()
        self.rows = list(rows)
        self.list.set_rows(self.rows)
        if keep is not None:
            for i, r in enumerate(self.rows):
                if r.conflict_id == keep.conflict_id:
                    self.list.table.selectRow(i)
        elif self.rows:
            self.list.table.selectRow(0)
        self._show_selected()

    def selected(self):
        return self.list.table.current_row()

    def _show_selected(self) -> None:
        row = self.selected()
        self.detail.setEnabled(row is not None)
        for w in (self.use_device, self.use_hub):
            w.setEnabled(row is not None and not self.read_only)
        self.case_button.setEnabled(row is not None and bool(row.case_id))
        if row is None:
            self.heading.setText(self.tr("목록에서 충돌을 고르세요."))
            for t in (self.base_text, self.hub_text, self.device_text):
                t.clear()
            return
        what = f"{row.entity_label} · {row.field_label}" if row.field_label else row.entity_label
        case = f"{row.case_no} {row.person}".strip()
        self.heading.setText(self.tr("{0} — {1}{2}").format(what, row.kind_label, f"  ({case})" if case else ""))
        self.base_text.setPlainText(row.base)
        self.hub_text.setPlainText(row.hub)
        self.device_text.setPlainText(row.device)
        if row.from_this_device:
            self.device_box.setTitle(self.tr("노트북 값 (이 기기)"))
            self.device_who.setText(self.tr("이 기기에서 입력한 값 ({0})").format(row.by_staff or self.tr("직원")))
            self.use_device.setText(self.tr("이 기기 값 사용"))
        else:
            self.device_box.setTitle(self.tr("노트북 값 (다른 기기)"))
            self.device_who.setText(self.tr("다른 기기에서 입력한 값 ({0})").format(row.by_staff or self.tr("직원")))
            self.use_device.setText(self.tr("노트북 값 사용"))

    def _open_case(self) -> None:
        row = self.selected()
        if row is not None and row.case_id:
            self.open_case.emit(row.case_id)

    # --- deciding ---
    def resolve(self, choice: str) -> None:
        from app.sync.client import resolve_conflict
        row = self.selected()
        if row is None or self.read_only:
            return
        for w in (self.use_device, self.use_hub):
            w.setEnabled(False)
        self.session.runner.submit(resolve_conflict, self.session.ctx, row.conflict_id, choice,
                                   on_done=lambda _r: self._resolved(), on_error=self._failed, owner=self)

    def _resolved(self) -> None:
        self.list.table.clearSelection()
        self.list.table.setCurrentIndex(self.list.table.model().index(-1, -1))
        self.refresh()
        self.changed.emit()

    def _failed(self, message: str) -> None:
        messages.error(self, message)
        self.refresh()
