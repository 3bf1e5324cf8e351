"""Screens for team leads and administrators: 접속기록 점검, 개인정보 파기, 직원 관리, and the
비밀번호 변경 dialog every account has."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QTableView, QVBoxLayout, QWidget)

from models.changes import Changes
from models.types import Role

from . import messages
from .changes import follow
from .forms import FormDialog, combo, enum_combo, length_problem, text_area
from .models import destruction_columns, review_columns, staff_account_columns
from .session import UiSession
from .widgets import ListPanel

PASSWORD_RULE = "비밀번호는 10자 이상이거나, 8자 이상이면서 영문·숫자·특수문자 중 두 종류 이상을 섞어야 합니다."
NO_RESET = ("비밀번호는 관리자도 재설정할 수 없습니다. 각 직원의 비밀번호가 그 사람 몫의 암호화 키를 감싸고 있어, "
            "지금 비밀번호 없이는 새 비밀번호로 바꿀 방법이 없도록 설계되어 있습니다. 비밀번호를 잊은 직원에게는 "
            "새 아이디를 만들어 주세요.")


def _password_problems(password: str, again: str) -> list[str]:
    from app.services import accounts
    from app.services.errors import ValidationError
    out = []
    try:
        accounts.check_password(password)
    except ValidationError as exc:
        out.append(str(exc))
    if password != again:
        out.append("비밀번호 확인이 맞지 않습니다.")
    return out


def _password_field() -> QLineEdit:
    w = QLineEdit()
    w.setEchoMode(QLineEdit.EchoMode.Password)
    return w


# --- 접속기록 점검 -------------------------------------------------------------------------------


class AccessReviewPage(QWidget):
    """The monthly review: per-staff activity (refusals, sensitive actions, off-hours first) and,
    above everything, whether the log's hash chain is intact."""

    def __init__(self, session: UiSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.review = None
        today = session.ctx.today()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setValue(today.month)
        self.show_button = QPushButton(self.tr("점검"))
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("점검 월")))
        top.addWidget(self.year)
        top.addWidget(QLabel(self.tr("년")))
        top.addWidget(self.month)
        top.addWidget(QLabel(self.tr("월")))
        top.addWidget(self.show_button)
        top.addStretch(1)

        self.chain = QLabel(self.tr("점검할 달을 고르고 [점검]을 누르세요."))
        self.chain.setObjectName("chainResult")
        self.chain.setWordWrap(True)
        self.chain.setStyleSheet("font-size:13pt; font-weight:bold; padding:10px; border-radius:4px;"
                                 "background:#eeeeee;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.activity = ListPanel(self.tr("직원별 활동"), review_columns(), stretch_column=5,
                                  empty=self.tr("이 달의 접속기록이 없습니다."))
        hint = QLabel(self.tr("거부: 권한 없는 사례에 접근하려다 거부된 횟수 · 민감 작업: 출력, 내보내기, 주민등록번호 "
                              "열람, 공유, 파기 · 업무시간 외: 21시~7시. 빨간 숫자는 사유를 확인하세요."))
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.chain)
        layout.addWidget(self.summary)
        layout.addWidget(self.activity, 1)
        layout.addWidget(hint)

    def refresh(self) -> None:
        from app.services import access_log
        self.show_button.setEnabled(False)
        self.session.runner.submit(access_log.monthly_review, self.session.ctx, self.year.value(), self.month.value(),
                                   on_done=self._show, on_error=self._failed, owner=self)

    def _failed(self, message: str) -> None:
        self.show_button.setEnabled(True)
        messages.error(self, message)

    def _show(self, review) -> None:
        self.review = review
        self.show_button.setEnabled(True)
        if review.broken_chain:
            where = ", ".join(self.tr("끝부분 삭제") if n == -1 else str(n) for n in review.broken_chain[:10])
            self.chain.setText(self.tr("⚠ 접속기록 위·변조 의심: 기록의 연결(해시 체인)이 끊어진 곳이 있습니다 "
                                       "(순번 {0}). 관리자와 함께 원인을 확인하세요.").format(where))
            self.chain.setStyleSheet("font-size:13pt; font-weight:bold; padding:10px; border-radius:4px;"
                                     "background:#fde7e9; color:#b3261e;")
        else:
            self.chain.setText(self.tr("✓ 접속기록 무결성 확인: 처음부터 지금까지 고쳐지거나 지워진 기록이 없습니다."))
            self.chain.setStyleSheet("font-size:13pt; font-weight:bold; padding:10px; border-radius:4px;"
                                     "background:#e6f4ea; color:#1e6b34;")
        refusals = sum(a.refusals for a in review.activity)
        self.summary.setText(self.tr("{0}년 {1}월: 기록 {2}건, 직원 {3}명, 거부 {4}건").format(
            review.year, review.month, review.total, len(review.activity), refusals))
        self.activity.set_rows(review.activity)


# --- 개인정보 파기 --------------------------------------------------------------------------------


def held_in_backups_text(held, cases: int, *, listed: int = 5) -> str:
    """What becomes of the destroyed cases in the backups made before (app.services.backup.backups_holding)."""
    subject = "이 사례는" if cases == 1 else f"이 사례 {cases}건은"
    if not held:
        return f"{subject} 백업에 남아 있지 않습니다."
    last = max(h.expires_on for h in held)
    lines = [f"{subject} 아래 백업 {len(held)}개에 남아 있다가 보관 기한이 지나면 자동으로 삭제됩니다"
             f"(늦어도 {last:%Y-%m-%d}까지). 백업 파일은 검증한 그대로 두므로 그 안의 사례만 따로 지우지는 않습니다."]
    for h in sorted(held, key=lambda h: h.created_at)[:listed]:
        where = "두 번째 폴더" if h.location == "두 번째" else "데이터 폴더"
        lines.append(f"· {h.created_at.astimezone():%Y-%m-%d %H:%M} 백업({where}): {h.expires_on:%Y-%m-%d}까지")
    if len(held) > listed:
        lines.append(f"· 그 밖에 백업 {len(held) - listed}개")
    if any(h.location == "두 번째" for h in held):
        lines.append("두 번째 백업 폴더(USB 드라이브, NAS)의 백업은 그 폴더가 연결된 채로 백업할 때 지워집니다.")
    return "\n".join(lines)


class DestroyDialog(FormDialog):
    """Approval of a destruction: the cases, a reason, and a plain statement that it is final."""

    def __init__(self, runner, ctx, candidates, parent=None):
        super().__init__(runner, ctx, self.tr("개인정보 파기 승인"), parent)
        self.candidates = list(candidates)
        listing = QLabel(self.tr("파기할 사례 {0}건: {1}").format(
            len(self.candidates), ", ".join(c.case_no for c in self.candidates)))
        listing.setWordWrap(True)
        self.warning = warning = QLabel(self.tr("사례와 가구, 가구원, 상담·계획·동의 기록이 모두 지워지며 되돌릴 수 없습니다. "
                                 "접속기록에는 무엇을 지웠는지가 아니라 사례 식별번호와 승인 사유만 남습니다."))
        warning.setWordWrap(True)
        warning.setStyleSheet("color:#b3261e; font-weight:bold;")
        # Backups made before the destruction still hold these cases until rotation deletes them.
        self.held = None
        self.backups_note = QLabel(self.tr("이 사례가 들어 있는 백업을 확인하는 중…"))
        self.backups_note.setWordWrap(True)
        self.form.addRow(listing)
        self.form.addRow(warning)
        self.form.addRow(self.backups_note)
        self.reason = self.add_row(self.tr("승인 사유"), "reason",
                                   text_area(self.tr("예: 2026년 상반기 보존기간 경과분 정기 파기 (팀장 결재)"), rows=3))
        self.set_save_label(self.tr("파기"))
        self.resize(600, 420)
        from app.services import backup
        runner.submit(backup.backups_holding, ctx, [c.case_id for c in self.candidates], owner=self,
                      on_done=self._show_held,
                      on_error=lambda m: self.backups_note.setText(self.tr("백업을 확인하지 못했습니다: {0}").format(m)))

    def _show_held(self, held) -> None:
        self.held = held
        self.backups_note.setText(held_in_backups_text(held, len(self.candidates)))

    def draft_fields(self):
        return {}

    def problems(self) -> list[str]:
        p = length_problem(self.reason.toPlainText(), "승인 사유", 100, required=True)
        return [p] if p else []

    def save_call(self):
        from app.services import retention
        ctx, ids, note = self.ctx, [c.case_id for c in self.candidates], self.reason.toPlainText()
        return lambda: retention.destroy(ctx, ids, approval_note=note)


class DestructionPage(QWidget):
    """Cases past their retention period; several can be selected and destroyed together."""

    def __init__(self, session: UiSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.last_dialog: DestroyDialog | None = None
        intro = QLabel(self.tr("종결 후 보존기간이 지난 사례입니다. 같은 가구에 보존 중인 다른 사례가 있으면 목록에 "
                               "나오지 않습니다. 파기할 사례를 고르세요 (Ctrl·Shift로 여러 건)."))
        intro.setWordWrap(True)
        self.candidates = ListPanel(self.tr("파기 대상"), destruction_columns(),
                                    empty=self.tr("보존기간이 지난 사례가 없습니다."))
        self.candidates.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.refresh_button = self.candidates.add_button(self.tr("새로 고침"), self.refresh)
        self.destroy_button = self.candidates.add_button(self.tr("선택한 사례 파기…"), self.destroy_selected)
        self.result = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.candidates, 1)
        layout.addWidget(self.result)
        follow(self, session.notices, lambda changes: changes.touches(entities=("case_file", "closure")),
               self.refresh)
        self.refresh()

    def refresh(self) -> None:
        from app.services import retention
        self.session.runner.submit(retention.destruction_candidates, self.session.ctx,
                                   on_done=self.candidates.set_rows, on_error=lambda m: messages.error(self, m),
                                   owner=self)

    def selected(self) -> list:
        model = self.candidates.table.row_model
        rows = sorted({i.row() for i in self.candidates.table.selectionModel().selectedRows()})
        return [model.row_at(r) for r in rows if model.row_at(r) is not None]

    def destroy_selected(self) -> DestroyDialog | None:
        chosen = self.selected()
        if not chosen:
            messages.info(self, self.tr("개인정보 파기"), self.tr("파기할 사례를 목록에서 고르세요."))
            return None
        dialog = DestroyDialog(self.session.runner, self.session.ctx, chosen, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._destroyed)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _destroyed(self, count: int) -> None:
        text = self.tr("파기했습니다 (지운 기록 {0}건).").format(count)
        held = self.last_dialog.held if self.last_dialog is not None else None
        if held:
            text += " " + self.tr("이 사례가 든 백업 {0}개는 늦어도 {1:%Y-%m-%d}까지 자동으로 삭제됩니다.").format(
                len(held), max(h.expires_on for h in held))
        self.result.setText(text)
        self.result.setWordWrap(True)
        # Destruction deletes around the ORM: every screen may show a case that is gone.
        self.session.notices.publish(Changes.of_everything())


# --- 직원 관리 -----------------------------------------------------------------------------------


class AddStaffDialog(FormDialog):
    def __init__(self, runner, ctx, dongs, parent=None, kdf=None):
        super().__init__(runner, ctx, self.tr("직원 추가"), parent)
        self.kdf = kdf
        self.username = self.add_row(self.tr("아이디"), "username", QLineEdit())
        self.username.setPlaceholderText(self.tr("영문, 숫자, '.', '_', '-'"))
        self.display_name = self.add_row(self.tr("이름"), "name", QLineEdit())
        self.role = self.add_row(self.tr("역할"), "role", enum_combo(Role, Role.CASE_MANAGER))
        self.team = self.add_row(self.tr("팀"), "team", QLineEdit())
        self.agency = self.add_row(self.tr("소속 기관"), "agency", QLineEdit())
        self.dong = self.add_row(self.tr("담당 동"), "dong", combo([(self.tr("(없음)"), None)]
                                                                + [(d.name, d.dong_id) for d in dongs]))
        self.password = self.add_row(self.tr("처음 비밀번호"), "password", _password_field())
        self.password2 = self.add_row(self.tr("비밀번호 확인"), "password2", _password_field())
        rule = QLabel(self.tr(PASSWORD_RULE) + "\n" + self.tr("처음 비밀번호는 직원에게 직접 알려 주고, 첫 로그인 뒤 "
                                                               "[비밀번호 변경]으로 바꾸게 하세요."))
        rule.setWordWrap(True)
        rule.setStyleSheet("color:#555;")
        self.form.addRow(rule)
        self.set_save_label(self.tr("추가"))
        self.resize(560, 460)

    def draft_fields(self):  # never keep passwords anywhere
        return {}

    def problems(self) -> list[str]:
        out = [p for p in (length_problem(self.username.text(), "아이디", 50, required=True),
                           length_problem(self.display_name.text(), "이름", 50, required=True),
                           length_problem(self.team.text(), "팀", 50),
                           length_problem(self.agency.text(), "소속 기관", 100)) if p]
        return out + _password_problems(self.password.text(), self.password2.text())

    def save_call(self):
        from app.services import accounts
        ctx = self.ctx
        args = dict(username=self.username.text().strip(), display_name=self.display_name.text(),
                    role=self.role.currentData(), password=self.password.text(), team=self.team.text(),
                    agency=self.agency.text(), dong_id=self.dong.currentData(), kdf=self.kdf)
        return lambda: accounts.add_staff(ctx, **args)

    def reject(self) -> None:
        QDialog.reject(self)  # nothing is kept: no draft question


class ChangePasswordDialog(FormDialog):
    """비밀번호 변경 for the signed-in account: re-wraps its copy of the data key."""

    def __init__(self, runner, ctx, db_path, parent=None, kdf=None):
        super().__init__(runner, ctx, self.tr("비밀번호 변경"), parent)
        self.db_path, self.kdf = db_path, kdf
        self.form.addRow(QLabel(self.tr("{0} ({1})").format(ctx.actor.display_name, ctx.actor.username)))
        self.old = self.add_row(self.tr("지금 비밀번호"), "old", _password_field())
        self.new = self.add_row(self.tr("새 비밀번호"), "new", _password_field())
        self.new2 = self.add_row(self.tr("새 비밀번호 확인"), "new2", _password_field())
        rule = QLabel(self.tr(PASSWORD_RULE))
        rule.setWordWrap(True)
        rule.setStyleSheet("color:#555;")
        self.form.addRow(rule)
        self.set_save_label(self.tr("변경"))
        self.resize(500, 300)

    def draft_fields(self):
        return {}

    def problems(self) -> list[str]:
        out = [] if self.old.text() else ["지금 비밀번호를 입력하세요."]
        return out + _password_problems(self.new.text(), self.new2.text())

    def save_call(self):
        from app.services import accounts
        args = (self.db_path, self.ctx.actor.username, self.old.text(), self.new.text())
        kdf = self.kdf
        return lambda: accounts.change_password(*args, kdf=kdf)

    def after_save(self, _result) -> None:
        messages.info(self.parentWidget(), self.tr("비밀번호 변경"), self.tr("비밀번호를 바꿨습니다. 다음 로그인부터 "
                                                                        "새 비밀번호를 쓰세요."))

    def reject(self) -> None:
        QDialog.reject(self)


class StaffPage(QWidget):
    """직원 관리 (administrators): the accounts of the center and adding one."""

    def __init__(self, session: UiSession, parent=None, kdf=None):
        super().__init__(parent)
        self.session, self.kdf = session, kdf
        self.last_dialog: AddStaffDialog | None = None
        self.staff = ListPanel(self.tr("직원"), staff_account_columns(), stretch_column=4)
        self.add_button = self.staff.add_button(self.tr("직원 추가…"), self.add_staff)
        note = QLabel(self.tr(NO_RESET))
        note.setObjectName("noReset")
        note.setWordWrap(True)
        note.setStyleSheet("background:#fff4ce; padding:8px; border-radius:4px;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.staff, 1)
        layout.addWidget(note)
        follow(self, session.notices, lambda changes: changes.touches(entities=("staff",)), self.refresh)
        self.refresh()

    def refresh(self) -> None:
        from app.services.views import reference
        self.session.runner.submit(reference.staff_accounts, self.session.ctx, on_done=self.staff.set_rows,
                                   on_error=lambda m: messages.error(self, m), owner=self)

    def add_staff(self) -> AddStaffDialog:
        dialog = AddStaffDialog(self.session.runner, self.session.ctx, self.session.reference.dongs, parent=self,
                                kdf=self.kdf)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()
        return dialog
