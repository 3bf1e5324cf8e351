"""The lock screen that covers the main window while the session is locked.

Only the account that locked may unlock, with its password (a full `accounts.sign_in`, so
lockout after wrong passwords applies here too). Anyone else is offered 로그아웃 instead, which
ends the locked session and drops what its open forms held.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class LockScreen(QWidget):
    unlock_requested = Signal(str)  # the password
    sign_out_requested = Signal()

    def __init__(self, display_name: str, username: str, parent=None):
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # paint the style sheet's background
        self.setStyleSheet("#lockScreen { background:#2f3b4a; } #lockCard { background:white; border-radius:8px; }")
        card = QFrame()
        card.setObjectName("lockCard")
        card.setMinimumWidth(480)
        title = QLabel(self.tr("화면이 잠겼습니다"))
        title.setStyleSheet("font-size:18pt; font-weight:bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.who = QLabel(self.tr("{0} ({1}) 님이 사용 중입니다.\n잠금을 풀려면 비밀번호를 입력하세요.").format(
            display_name, username))
        self.who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("비밀번호"))
        self.unlock_button = QPushButton(self.tr("잠금 해제"))
        self.unlock_button.setDefault(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("lockMessage")
        self.message.setStyleSheet("color:#b3261e;")
        other = QLabel(self.tr("다른 직원은 이 화면을 풀 수 없습니다.\n로그아웃하면 잠긴 사람의 저장하지 않은 "
                               "입력은 사라집니다."))
        other.setStyleSheet("color:#555;")
        self.sign_out_button = QPushButton(self.tr("로그아웃 (다른 사용자)"))
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.unlock_button)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 24)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(self.who)
        inner.addLayout(row)
        inner.addWidget(self.message)
        inner.addSpacing(8)
        inner.addWidget(other)
        inner.addWidget(self.sign_out_button, 0, Qt.AlignmentFlag.AlignRight)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.unlock_button.clicked.connect(self._unlock)
        self.password.returnPressed.connect(self._unlock)
        self.sign_out_button.clicked.connect(self.sign_out_requested)

    def _unlock(self) -> None:
        if not self.password.text():
            self.show_message(self.tr("비밀번호를 입력하세요."))
            return
        self.unlock_button.setEnabled(False)
        self.show_message(self.tr("확인 중…"), error=False)
        self.unlock_requested.emit(self.password.text())

    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet("color:#b3261e;" if error else "color:#444;")
        self.message.setText(text)

    def failed(self, text: str) -> None:
        self.unlock_button.setEnabled(True)
        self.show_message(text)
        self.password.selectAll()
        self.password.setFocus()

    def reset(self) -> None:
        self.password.clear()
        self.message.clear()
        self.unlock_button.setEnabled(True)
        self.password.setFocus()
