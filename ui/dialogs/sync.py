"""동기화 설정 (hub address, database, account, password) and the sync file dialogs for centers
without a server. All are FormDialogs: problems listed under the form, the work on a worker."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QWidget)

from .. import messages
from ..forms import FormDialog

NOTE_STYLE = "color:#444; background:#f3f3f3; padding:6px; border-radius:4px;"


def _password_edit(placeholder: str) -> QLineEdit:
    w = QLineEdit()
    w.setEchoMode(QLineEdit.EchoMode.Password)
    w.setPlaceholderText(placeholder)
    return w


def _note(text: str, warn: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color:#8a5300; background:#fff4ce; padding:6px; border-radius:4px;" if warn else NOTE_STYLE)
    return label


def _keyring_note(keyring: bool, kept: str, not_kept: str) -> QLabel:
    """Where the hub password goes: `kept` (in the keyring) as a plain note, or `not_kept` as a
    warning where this computer has no trusted keyring."""
    return _note(kept) if keyring else _note(not_kept, warn=True)


class HubFields:
    """For a FormDialog that asks where the center's server is (동기화 설정 and the first-run join
    form, ui.join): the rows for its address, port, database and CA file, the chooser for that
    file, and the HubSettings the rows make with the dialog's own `username` field."""

    def add_hub_rows(self, hub=None) -> None:
        """서버 주소, 포트, 데이터베이스 and the CA file, filled from `hub`; without one, empty on the
        default port."""
        if hub is None:
            from app.sync.settings import HubSettings
            hub = HubSettings()
        self.host = self.add_row(self.tr("서버 주소"), "host", QLineEdit(hub.host))
        self.host.setPlaceholderText(self.tr("예: 192.168.0.10 또는 hub.center.local"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(hub.port)
        self.port.setMaximumWidth(120)
        self.add_row(self.tr("포트"), "port", self.port)
        self.database = self.add_row(self.tr("데이터베이스"), "database", QLineEdit(hub.database))
        self.database.setPlaceholderText(self.tr("관리자가 알려 준 이름"))
        self.ca_file = self.add_row(self.tr("기관 인증서(CA) 파일"), "ca_file", _FileRow(self._choose_ca))
        self.ca_file.setText(hub.ca_file)
        self.ca_file.edit.setPlaceholderText(self.tr("있으면 서버 인증서를 확인합니다 (없어도 항상 암호화)"))

    def settings(self):
        from app.sync.settings import HubSettings
        return HubSettings(self.host.text(), self.port.value(), self.database.text(), self.username.text(),
                           self.ca_file.text()).cleaned()

    def _choose_ca(self, current: str) -> str:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("기관 인증서(CA) 파일"), current,
                                              self.tr("인증서 (*.pem *.crt *.cer)"))
        return path


class SyncSettingsDialog(HubFields, FormDialog):
    """Where the office server is and which account this person syncs with.

    `hub` is the current app.sync.settings.HubSettings; `saved_password` whether the keyring holds
    one; `keyring` whether a trusted keyring exists at all. `check_runner` runs 연결 시험 (the sync
    worker: a network wait must not hold up the database worker)."""

    def __init__(self, runner, ctx, hub, *, saved_password: bool, keyring: bool, vault, check_runner=None,
                 parent=None):
        super().__init__(runner, ctx, self.tr("동기화 설정"), parent)
        self.vault, self.keyring, self.saved_password = vault, keyring, saved_password
        self.check_runner = check_runner or runner
        self.setMinimumWidth(560)
        self.add_hub_rows(hub)
        self.username = self.add_row(self.tr("서버 계정(아이디)"), "username", QLineEdit(hub.username))
        self.password = self.add_row(self.tr("서버 비밀번호"), "password", _password_edit(
            self.tr("저장된 비밀번호 사용 (바꿀 때만 입력)") if saved_password else self.tr("서버 비밀번호")))
        self.form.addRow(_note(  # notes span the whole width: narrow wrapped boxes are hard to read
            self.tr("서버 주소와 데이터베이스는 이 컴퓨터의 모든 직원이 함께 씁니다. 계정은 로그인한 직원마다 따로입니다."
                    " 설정에는 개인정보가 들어가지 않습니다.")))
        self.keyring_note = _keyring_note(
            keyring, self.tr("비밀번호는 이 컴퓨터의 키링(Windows 자격 증명 관리자, macOS 키체인 등)에 암호화되어 저장됩니다."),
            self.tr("이 컴퓨터에는 안전한 키 저장소(키링)가 없어 서버 비밀번호를 저장하지 않습니다. "
                    "동기화할 때마다 비밀번호를 입력해야 합니다."))
        self.form.addRow(self.keyring_note)

        self.check_button = QPushButton(self.tr("연결 시험"))
        self.check_button.clicked.connect(self.check_connection)
        self.check_result = QLabel()
        self.check_result.setWordWrap(True)
        self.check_result.hide()
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.check_button)
        line.addStretch(1)
        self.form.addRow(row)
        self.form.addRow(self.check_result)
        self.save_result = None   # not "result": that would hide QDialog.result(), which closeEvent calls

    def problems(self) -> list[str]:
        return self.settings().problems()

    def save_call(self):
        from app.sync import settings
        hub, password, vault, ctx = self.settings(), self.password.text() or None, self.vault, self.ctx
        return lambda: settings.save(ctx, hub, password, vault)

    def after_save(self, result) -> None:
        self.save_result = result
        if self.password.text() and not result.password_saved:
            messages.info(self.parentWidget(), self.tr("동기화 설정"),
                          self.tr("설정을 저장했습니다. 이 컴퓨터에는 키링이 없어 비밀번호는 저장하지 않았습니다. "
                                  "동기화할 때마다 비밀번호를 묻습니다."))

    # --- 연결 시험 ---
    def check_connection(self) -> None:
        if self.revalidate():
            return
        hub, typed, ctx, vault = self.settings(), self.password.text(), self.ctx, self.vault
        if not typed and not (self.keyring and self.saved_password):
            self._show_check(False, self.tr("연결을 시험하려면 서버 비밀번호를 입력하세요."))
            return
        self.check_button.setEnabled(False)
        self.check_button.setText(self.tr("연결하는 중…"))
        self._show_check(None, self.tr("서버에 연결하는 중…"))
        self.check_runner.submit(_check, ctx, hub, typed, vault, on_done=self._checked, owner=self)

    def _checked(self, outcome) -> None:
        from ..sync import describe_error
        self.check_button.setEnabled(True)
        self.check_button.setText(self.tr("연결 시험"))
        check, error = outcome
        if error is None:
            state = self.tr("등록됨") if check.device == "active" else self.tr("처음 연결 (이 기기를 등록했습니다)")
            self._show_check(True, self.tr("연결되었습니다. 서버 스키마 {0}, 이 기기: {1}.").format(check.hub_schema, state))
        else:
            problem = describe_error(error)
            self._show_check(False, f"{problem.title}: {problem.text}")

    def _show_check(self, ok: bool | None, text: str) -> None:
        color = {True: "#1b6e20", False: "#b3261e", None: "#444"}[ok]
        self.check_result.setStyleSheet(f"color:{color};")
        self.check_result.setText(("✓ " if ok else "✕ " if ok is False else "") + text)
        self.check_result.show()


def _check(ctx, hub, typed: str, vault):
    """On the sync worker: (ConnectionCheck, None) or (None, the error) — every error is a value here,
    so the dialog can describe it by class."""
    from app.sync import settings
    try:
        password = typed or settings.stored_password(ctx, hub, vault) or ""
        return settings.check_connection(ctx, hub, password), None
    except Exception as exc:  # noqa: BLE001 - shown in the dialog; unexpected ones generically
        return None, exc


# --- sync files ---------------------------------------------------------------------------------


FILE_FILTER = "동기화 파일 (*.sync)"
MIN_PASSPHRASE = 10


class _FileRow(QWidget):
    """A path field with 찾아보기…; `textChanged` like a QLineEdit so FormDialog can watch it."""

    def __init__(self, choose, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.textChanged = self.edit.textChanged
        button = QPushButton(self.tr("찾아보기…"))
        button.clicked.connect(lambda: self._choose(choose))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(button)
        self.browse_button = button

    def _choose(self, choose) -> None:
        path = choose(self.edit.text())
        if path:
            self.edit.setText(path)

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self.edit.setText(text)


class ExportSyncFileDialog(FormDialog):
    """Write this device's changes to an encrypted file for a USB stick (no server at the center)."""

    def __init__(self, runner, ctx, parent=None, kdf=None):
        super().__init__(runner, ctx, self.tr("동기화 파일 내보내기"), parent)
        self.kdf = kdf  # tests pass a cheaper scrypt
        self.setMinimumWidth(600)
        self.set_save_label(self.tr("내보내기"))
        self.form.addRow(_note(self.tr("서버가 없는 기관에서, 이 기기에서 입력한 변경을 암호화된 파일로 만들어 다른 기기로 옮깁니다. "
                                       "파일은 기관 동기화 암호로 잠기며, 암호는 파일과 따로 전달하세요.")))
        suggested = str(Path.home() / f"동기화_{date.today():%Y%m%d}.sync")
        self.path = _FileRow(self._choose)
        self.path.setText(suggested)
        self.add_row(self.tr("저장할 파일"), "path", self.path)
        self.passphrase = self.add_row(self.tr("기관 동기화 암호"), "passphrase",
                                       _password_edit(self.tr("{0}자 이상").format(MIN_PASSPHRASE)))
        self.again = self.add_row(self.tr("암호 확인"), "again", _password_edit(self.tr("한 번 더 입력")))

    def _choose(self, current: str) -> str | None:
        return messages.save_file_path(self, self.tr("동기화 파일 저장 위치"), current, FILE_FILTER)

    def problems(self) -> list[str]:
        out = []
        if not self.path.text():
            out.append(self.tr("저장할 파일을 고르세요."))
        elif not Path(self.path.text()).parent.is_dir():
            out.append(self.tr("저장할 폴더가 없습니다. 다른 위치를 고르세요."))
        if len(self.passphrase.text()) < MIN_PASSPHRASE:
            out.append(self.tr("기관 동기화 암호는 {0}자 이상이어야 합니다.").format(MIN_PASSPHRASE))
        elif self.passphrase.text() != self.again.text():
            out.append(self.tr("두 번 입력한 암호가 서로 다릅니다."))
        return out

    def save_call(self):
        from app.sync.syncfile import export_sync_file
        path = Path(self.path.text())
        if not path.suffix:
            path = path.with_suffix(".sync")
        ctx, passphrase, kdf = self.ctx, self.passphrase.text(), self.kdf
        self.written = path
        return lambda: export_sync_file(ctx, path, passphrase, *((kdf,) if kdf else ()))

    def after_save(self, count: int) -> None:
        self.count = count
        messages.info(self.parentWidget(), self.tr("동기화 파일 내보내기"),
                      self.tr("변경 {0}건을 담은 파일을 만들었습니다:\n{1}\n\n다른 기기에서 '동기화 파일 가져오기'로 여세요.")
                      .format(count, self.written))


class ImportSyncFileDialog(FormDialog):
    """Bring in another device's sync file: all of it, or (refused) nothing at all."""

    def __init__(self, runner, ctx, parent=None):
        super().__init__(runner, ctx, self.tr("동기화 파일 가져오기"), parent)
        self.setMinimumWidth(600)
        self.set_save_label(self.tr("가져오기"))
        self.form.addRow(_note(self.tr("다른 기기에서 만든 동기화 파일의 변경을 이 기기에 반영합니다. 파일이 손상되었거나, "
                                       "이미 가져온 파일이거나, 다른 기관의 파일이면 아무것도 바꾸지 않고 거절합니다.")))
        self.path = _FileRow(self._choose)
        self.add_row(self.tr("가져올 파일"), "path", self.path)
        self.passphrase = self.add_row(self.tr("기관 동기화 암호"), "passphrase", _password_edit(""))
        self.report = None

    def _choose(self, current: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("동기화 파일 고르기"), current or str(Path.home()),
                                              FILE_FILTER + ";;" + self.tr("모든 파일 (*)"))
        return path or None

    def problems(self) -> list[str]:
        out = []
        if not self.path.text():
            out.append(self.tr("가져올 파일을 고르세요."))
        elif not Path(self.path.text()).is_file():
            out.append(self.tr("고른 파일이 없습니다. 파일 위치를 확인하세요."))
        if not self.passphrase.text():
            out.append(self.tr("기관 동기화 암호를 입력하세요."))
        return out

    def save_call(self):
        from app.sync.syncfile import import_sync_file
        ctx, path, passphrase = self.ctx, Path(self.path.text()), self.passphrase.text()
        return lambda: import_sync_file(ctx, path, passphrase)

    def after_save(self, report) -> None:
        self.report = report
        lines = [self.tr("반영한 변경: {0}건").format(report.applied),
                 self.tr("이미 있던 변경(건너뜀): {0}건").format(report.skipped)]
        if report.conflicts:
            lines.append(self.tr("사람이 정해야 할 충돌: {0}건 — '충돌 확인'에서 고르세요.").format(report.conflicts))
        messages.info(self.parentWidget(), self.tr("동기화 파일 가져오기"), "\n".join(lines))


__all__ = ["HubFields", "SyncSettingsDialog", "ExportSyncFileDialog", "ImportSyncFileDialog"]
