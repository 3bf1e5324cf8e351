"""Every message box the client shows goes through here, so wording and behaviour stay uniform
(and tests can answer questions without a modal loop)."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


translate = QCoreApplication.translate  # pyside6-lupdate finds translate("Context", "literal") calls


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def error(parent: QWidget | None, text: str, title: str | None = None) -> None:
    """A plain error sentence, non-blocking (the window stays usable behind it)."""
    _box(parent, QMessageBox.Icon.Warning, title or translate("Messages", "오류"), text).open()


def warnings(parent: QWidget | None, title: str, lines: Sequence[str], intro: str = "") -> None:
    """Warnings a service returned with a successful save (e.g. missing meeting attendees)."""
    if not lines:
        return
    body = (intro + "\n\n" if intro else "") + "\n".join(f"• {line}" for line in lines)
    _box(parent, QMessageBox.Icon.Information, title, body).open()


def info(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Information, title, text).open()


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes/no question; blocks until answered."""
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes


KEEP, DISCARD, CANCEL = "keep", "discard", "cancel"


def unsaved_changes(parent: QWidget | None, has_drafts: bool) -> str:
    """Closing a form with unsaved input: keep a draft, throw it away, or go back."""
    box = QMessageBox(QMessageBox.Icon.Question, translate("Messages", "저장하지 않은 내용"),
                      translate("Messages", "저장하지 않은 내용이 있습니다. 어떻게 할까요?"), QMessageBox.StandardButton.NoButton, parent)
    keep = box.addButton(translate("Messages", "임시 저장하고 닫기") if has_drafts else translate("Messages", "닫기"),
                         QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(translate("Messages", "버리고 닫기"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(translate("Messages", "계속 작성"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    if not has_drafts:
        keep.hide()
    box.exec()
    clicked = box.clickedButton()
    if clicked is keep:
        return KEEP
    if clicked is discard:
        return DISCARD
    return CANCEL


def save_file_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str | None:
    """Where to save an export (PDF, Excel): the user's choice, or None when cancelled.
    The extension of the filter is added when the user typed a name without one."""
    from PySide6.QtWidgets import QFileDialog
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    if not path:
        return None
    suffix = "." + file_filter.rsplit("*.", 1)[-1].rstrip(")").strip() if "*." in file_filter else ""
    return path if not suffix or path.lower().endswith(suffix.lower()) else path + suffix
