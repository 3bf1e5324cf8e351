"""사례사업비 지출, with this year's remaining cap per household and 동 budget shown first."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from app.services import expenses
from models.types import ExpenseCategory

from ..forms import FormDialog, date_edit, enum_combo, length_problem, money_box, py_date


class ExpenseDialog(FormDialog):
    def __init__(self, runner, ctx, detail, parent=None):
        super().__init__(runner, ctx, self.tr("사례사업비 — {0} {1}").format(detail.case_no, detail.primary_name),
                         parent)
        self.case_id = detail.case_id
        self.room = None
        self.room_label = QLabel(self.tr("남은 한도를 불러오는 중…"))
        self.room_label.setObjectName("room")
        self.form.addRow(self.tr("올해 한도"), self.room_label)
        self.category = self.add_row(self.tr("항목"), "category", enum_combo(ExpenseCategory))
        self.amount = self.add_row(self.tr("금액"), "amount", money_box())
        self.spent_on = self.add_row(self.tr("지출일"), "spent_on", date_edit(ctx.today()))
        self.note = self.add_row(self.tr("내용"), "note", QLineEdit())
        self.spent_on.dateChanged.connect(self._load_room)
        self._load_room()
        self.resize(520, 300)

    def _load_room(self) -> None:
        year = py_date(self.spent_on).year
        self.runner.submit(expenses.expense_room, self.ctx, self.case_id, year, on_done=self._show_room,
                           on_error=self.show_error, owner=self)

    def _show_room(self, room) -> None:
        self.room = room
        text = self.tr("가구 사용 {0:,}원 · 남은 한도 {1:,}원").format(room.household_spent,
                                                                max(room.household_remaining, 0))
        if room.dong_remaining is not None:
            text += self.tr(" · 동 예산 남은 금액 {0:,}원").format(max(room.dong_remaining, 0))
        self.room_label.setText(text)
        self.revalidate()

    def problems(self) -> list[str]:
        out = []
        amount = self.amount.value()
        if amount <= 0:
            out.append("금액은 1원 이상의 정수로 입력하세요.")
        if self.room is not None and self.room.household_remaining <= 0:
            return [f"올해 가구당 한도를 모두 사용했습니다(사용 {self.room.household_spent:,}원). "
                    "다른 자원을 연계하거나 내년 예산으로 계획하세요."]
        if self.room is not None:
            if amount > self.room.household_remaining:
                out.append(f"가구당 한도를 넘습니다. 올해 남은 한도는 {max(self.room.household_remaining, 0):,}원입니다.")
            if self.room.dong_remaining is not None and amount > self.room.dong_remaining:
                out.append(f"동 사례사업비 예산을 넘습니다. 남은 예산은 {max(self.room.dong_remaining, 0):,}원입니다.")
        p = length_problem(self.note.text(), "내용", 1000)
        return out + ([p] if p else [])

    def save_call(self):
        ctx, case_id = self.ctx, self.case_id
        args = dict(category=self.category.currentData(), amount=self.amount.value(),
                    spent_on=py_date(self.spent_on), note=self.note.text())
        return lambda: expenses.add_expense(ctx, case_id, **args)
