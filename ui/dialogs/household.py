"""가구 등록과 가구원 편집. The RRN is only ever shown masked; a failed check digit is a warning.
Registering a household or a member first looks for the same person (app.services.duplicates)."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QCheckBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget)

from app.services import duplicates, households, rrn
from app.services.errors import ValidationError
from app.services.hangul import phone_digits
from app.services.households import MemberInput

from .. import messages
from ..forms import CheckList, FormDialog, combo, length_problem, set_combo


def phone_problem(text: str) -> str | None:
    digits = phone_digits(text)
    if text.strip() and not 8 <= len(digits) <= 12:
        return "전화번호는 숫자 8~12자리로 입력하세요(예: 010-1234-5678)."
    return None


class MemberFields(QWidget):
    """The member fields, shared by the household dialog (first member) and the member dialog."""

    def __init__(self, dialog: FormDialog, existing_masked: str = ""):
        super().__init__()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.name = dialog.watch("member_name", QLineEdit())
        self.rrn = dialog.watch("member_rrn", QLineEdit())
        self.rrn.setPlaceholderText(self.tr("예: 900101-1234567") if not existing_masked
                                    else self.tr("{0} (바꿀 때만 입력)").format(existing_masked))
        self.relation = dialog.watch("member_relation", QLineEdit("본인"))
        self.phone = dialog.watch("member_phone", QLineEdit())
        self.phone.setPlaceholderText("010-1234-5678")
        self.lives_together = dialog.watch("member_together", QCheckBox(self.tr("함께 삶")))
        self.lives_together.setChecked(True)
        self.is_head = dialog.watch("member_head", QCheckBox(self.tr("세대주")))
        self.flags = dialog.watch("member_flags", CheckList(households.MEMBER_FLAGS, columns=5))
        form.addRow(self.tr("이름"), self.name)
        form.addRow(self.tr("주민등록번호"), self.rrn)
        form.addRow(self.tr("관계"), self.relation)
        form.addRow(self.tr("전화번호"), self.phone)
        form.addRow("", self.lives_together)
        form.addRow("", self.is_head)
        form.addRow(self.tr("특성"), self.flags)

    def _parsed(self):
        return rrn.parse(self.rrn.text()) if self.rrn.text().strip() else None

    def problems(self) -> list[str]:
        out = [p for p in (length_problem(self.name.text(), "이름", 50, required=True),
                           length_problem(self.relation.text(), "관계", 20),
                           phone_problem(self.phone.text())) if p]
        try:
            self._parsed()
        except ValidationError as exc:
            out.append(str(exc))
        return out

    def notes(self) -> list[str]:
        try:
            parsed = self._parsed()
        except ValidationError:
            return []
        return list(parsed.warnings) if parsed else []

    def value(self) -> MemberInput:
        return MemberInput(name=self.name.text(), rrn=self.rrn.text(), relation=self.relation.text() or "본인",
                           phone=self.phone.text(), lives_together=self.lives_together.isChecked(),
                           is_head=self.is_head.isChecked(), flags=self.flags.value())

    def load(self, m) -> None:
        self.name.setText(m.name)
        self.relation.setText(m.relation)
        self.phone.setText(m.phone)
        self.lives_together.setChecked(m.lives_together)
        self.is_head.setChecked(m.is_head)
        self.flags.set_value(m.flags)


class DuplicatePanel(QGroupBox):
    """같은 사람일 수 있는 사람: looked up on the worker a moment after the name, RRN, phone or
    address changes; the worker opens the existing case or goes on registering. Nothing is blocked:
    two people may share a name and a birth date."""

    def __init__(self, dialog: FormDialog, member: "MemberFields", address: QLineEdit | None = None,
                 exclude_household: str | None = None):
        super().__init__(self.tr("같은 사람일 수 있습니다 — 이미 등록된 사람인지 확인하세요"))
        self.setStyleSheet("QGroupBox { color:#8a4b00; font-weight:bold; }")
        self.dialog, self.member, self.address, self.exclude = dialog, member, address, exclude_household
        self.candidates: list[duplicates.Candidate] = []
        self.dismissed = False
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        self.open_button = QPushButton(self.tr("선택한 사례 열기"))
        self.open_button.clicked.connect(self._open)
        self.continue_button = QPushButton(self.tr("다른 사람입니다 — 계속 등록"))
        self.continue_button.clicked.connect(self._dismiss)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.continue_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(lambda _r: self._fit_buttons())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(350)
        self.timer.timeout.connect(self.check)
        for w in (member.name, member.rrn, member.phone) + ((address,) if address is not None else ()):
            w.textChanged.connect(self._changed)
        self.setVisible(False)

    def _changed(self) -> None:
        self.dismissed = False
        self.timer.start()

    def check(self) -> None:
        m = self.member
        args = dict(name=m.name.text(), rrn=m.rrn.text(), phone=m.phone.text(),
                    address=self.address.text() if self.address is not None else "",
                    exclude_household=self.exclude)
        self.dialog.runner.submit(duplicates.find_duplicates, self.dialog.ctx, **args, on_done=self._show,
                                  on_error=lambda _m: None, owner=self)

    def _show(self, candidates) -> None:
        self.candidates = list(candidates)
        self.list.clear()
        for c in self.candidates:
            where = c.address if c.readable else self.tr("{0} (다른 팀의 대상자)").format(c.dong)
            case = f"{c.case_no} {c.stage.label}" if c.case_no and c.stage else self.tr("사례 없음")
            item = QListWidgetItem(f"{c.name} · {' · '.join(c.reasons)} — {where} · {case}")
            self.list.addItem(item)
        if self.candidates:
            self.list.setCurrentRow(0)
        self.setVisible(bool(self.candidates) and not self.dismissed)
        self._fit_buttons()

    def _chosen(self) -> duplicates.Candidate | None:
        row = self.list.currentRow()
        return self.candidates[row] if 0 <= row < len(self.candidates) else None

    def _fit_buttons(self) -> None:
        c = self._chosen()
        self.open_button.setEnabled(bool(c and c.readable and c.case_id))

    def _open(self) -> None:
        """The existing case opens in the main window; this form stays open with what was typed."""
        c = self._chosen()
        if c and c.readable and c.case_id:
            main = self.dialog.parentWidget().window() if self.dialog.parentWidget() else None
            if hasattr(main, "open_case"):
                main.open_case(c.case_id)

    def _dismiss(self) -> None:
        self.dismissed = True
        self.setVisible(False)


class HouseholdFields:
    """The household's own fields, shared by registration and editing."""

    def __init__(self, dialog: FormDialog, dongs: Sequence, current=None):
        self.dong = dialog.add_row(dialog.tr("행정동"), "dong", combo((d.name, d.dong_id) for d in dongs))
        self.address = dialog.add_row(dialog.tr("주소"), "address", QLineEdit())
        self.phone = dialog.add_row(dialog.tr("가구 전화"), "phone", QLineEdit())
        self.income = dialog.add_row(dialog.tr("소득 구분"), "income",
                                     combo((s, s) for s in households.INCOME_STATUSES))
        self.types = dialog.add_row(dialog.tr("가구 유형"), "types", CheckList(households.HOUSEHOLD_TYPES, 5))
        self.problems_box = dialog.add_row(dialog.tr("문제 유형"), "problem_types",
                                           CheckList(households.PROBLEM_TYPES, 3))
        if current is not None:
            set_combo(self.dong, current.dong_id)
            self.address.setText(current.address)
            self.phone.setText(current.phone)
            set_combo(self.income, current.income_status)
            self.types.set_value(current.household_types)
            self.problems_box.set_value(current.problem_types)

    def problems(self) -> list[str]:
        out = []
        if self.dong.currentData() is None:
            out.append("행정동을 고르세요. (관리자가 동 목록을 먼저 등록해야 합니다)")
        return out + [p for p in (length_problem(self.address.text(), "주소", 200, required=True),
                                  phone_problem(self.phone.text())) if p]

    def value(self) -> dict:
        return dict(dong_id=self.dong.currentData(), address=self.address.text(), phone=self.phone.text(),
                    income_status=self.income.currentData(), household_types=self.types.value(),
                    problem_types=self.problems_box.value())


class HouseholdDialog(FormDialog):
    """새 가구: the household and its first member (usually the person asking for help), saved
    together or not at all."""

    def __init__(self, runner, ctx, dongs: Sequence, parent=None):
        super().__init__(runner, ctx, self.tr("새 가구 등록"), parent, scroll=True)
        self.fields = HouseholdFields(self, dongs)
        # Kept as attributes: tests and screenshots reach the fields by these names.
        self.dong, self.address, self.phone = self.fields.dong, self.fields.address, self.fields.phone
        self.income, self.types, self.problems_box = self.fields.income, self.fields.types, self.fields.problems_box
        group = QGroupBox(self.tr("첫 가구원 (주 대상자)"))
        self.member = MemberFields(self)
        QVBoxLayout(group).addWidget(self.member)
        self.member.is_head.setChecked(True)
        self.duplicates = DuplicatePanel(self, self.member, self.address)
        self.body_layout.addWidget(group)
        self.body_layout.addWidget(self.duplicates)
        self.resize(760, 640)

    def problems(self) -> list[str]:
        return self.fields.problems() + self.member.problems()

    def notes(self) -> list[str]:
        return self.member.notes()

    def save_call(self):
        ctx, member, args = self.ctx, self.member.value(), self.fields.value()
        return lambda: households.register_household(ctx, head=member, **args)

    def after_save(self, result) -> None:
        messages.warnings(self.parentWidget(), self.tr("주민등록번호 확인"), result[2],
                          self.tr("가구를 등록했습니다."))


class HouseholdEditDialog(FormDialog):
    """가구 정보 수정: address, 동, phone, income status and types of an existing household."""

    def __init__(self, runner, ctx, household, dongs: Sequence, parent=None):
        super().__init__(runner, ctx, self.tr("가구 정보 수정"), parent)
        self.household_id = household.household_id
        with self.loading():
            self.fields = HouseholdFields(self, dongs, household)
        self.resize(720, 420)

    def problems(self) -> list[str]:
        return self.fields.problems()

    def save_call(self):
        ctx, household_id, args = self.ctx, self.household_id, self.fields.value()
        return lambda: households.update_household(ctx, household_id, **args)


class MemberDialog(FormDialog):
    """가구원 추가 또는 수정."""

    def __init__(self, runner, ctx, household_id: str, member=None, parent=None):
        title = self.tr("가구원 수정") if member else self.tr("가구원 추가")
        super().__init__(runner, ctx, title, parent)
        self.household_id, self.existing = household_id, member
        self.member = MemberFields(self, existing_masked=member.rrn_masked if member else "")
        self.form.addRow(self.member)
        # Someone added to this household may already be registered in another one.
        self.duplicates = DuplicatePanel(self, self.member, exclude_household=household_id)
        self.form.addRow(self.duplicates)
        if member is None:
            self.member.relation.setText("")
        else:
            with self.loading():
                self.member.load(member)
        self.resize(720, 480)

    def problems(self) -> list[str]:
        return self.member.problems()

    def notes(self) -> list[str]:
        return self.member.notes()

    def save_call(self):
        ctx, data, hh, existing = self.ctx, self.member.value(), self.household_id, self.existing
        if existing is None:
            return lambda: households.add_member(ctx, hh, data)[1]
        return lambda: households.update_member(ctx, existing.member_id, data)

    def after_save(self, warnings) -> None:
        messages.warnings(self.parentWidget(), self.tr("주민등록번호 확인"), warnings,
                          self.tr("가구원을 저장했습니다."))


class RevealRrnDialog(FormDialog):
    """주민등록번호 전체 복사: the full number leaves the sealed field only with a stated purpose
    (logged by the service), goes to the clipboard, and is taken back after 30 seconds."""

    def __init__(self, runner, ctx, member, parent=None):
        super().__init__(runner, ctx, self.tr("주민등록번호 전체 복사 — {0}").format(member.name), parent)
        self.member = member
        note = QLabel(self.tr("전체 번호를 클립보드에 복사합니다. 열람 목적은 접속기록에 남고, 복사한 번호는 30초 뒤 "
                              "클립보드에서 지워집니다."))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.purpose = self.add_row(self.tr("열람 목적"), "purpose", QLineEdit())
        self.purpose.setPlaceholderText(self.tr("예: 사회보장급여 신청서 작성"))
        self.set_save_label(self.tr("복사"))
        self.save_button.setDefault(True)
        self.resize(520, 220)

    def draft_fields(self):
        return {}

    def problems(self) -> list[str]:
        p = length_problem(self.purpose.text(), "열람 목적", 200, required=True)
        return [p] if p else []

    def save_call(self):
        ctx, member_id, purpose = self.ctx, self.member.member_id, self.purpose.text()
        return lambda: households.reveal_rrn(ctx, member_id, purpose)

    def after_save(self, number: str) -> None:
        from ..security import clipboard_guard
        clipboard_guard().copy(number)

    def reject(self) -> None:
        QDialog.reject(self)
