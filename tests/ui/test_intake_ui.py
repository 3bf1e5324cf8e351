"""초기상담 기록지 in the client: the whole record sheet, and household members added during intake."""
from __future__ import annotations

from .conftest import settle
from .test_workflow_ui import save, type_into


def test_intake_records_the_sheet_and_adds_the_household_members(qtbot, window, session, shown):
    from ui.forms import set_combo
    runner = session.runner
    hh = window.new_household()
    type_into(qtbot, hh.address, "서울 서대문구 연희로 3")
    type_into(qtbot, hh.member.name, "박아빠")
    hh.types.box("부자").setChecked(True)
    save(qtbot, runner, hh)

    intake = window.last_dialog
    assert intake.members_label.text() == "박아빠(본인)"
    member = intake.open_add_member()
    type_into(qtbot, member.member.name, "박아들")
    member.member.relation.setText("자녀")
    save(qtbot, runner, member)
    qtbot.waitUntil(lambda: intake.members_label.text() == "박아빠(본인) · 박아들(자녀)")
    assert intake.primary.count() == 2 and intake.primary.currentText() == "박아빠 (본인)"

    set_combo(intake.method, "방문")
    set_combo(intake.source, "통반장")
    type_into(qtbot, intake.problem_text, "실직 후 월세 체납")
    intake.urgent.setChecked(True)
    intake.income.setValue(450_000)
    set_combo(intake.housing, "월세")
    intake.housing_cost.setValue(300_000)
    type_into(qtbot, intake.opinion, "긴급 생계지원 검토")
    save(qtbot, runner, intake)
    [view] = window.case_views()
    settle(qtbot, runner)
    record = view.detail.intake
    assert (record.consult_method, record.urgent_support, record.monthly_income, record.assets,
            record.housing_type, record.housing_cost) == ("방문", True, 450_000, None, "월세", 300_000)
    assert [m.name for m in view.detail.household.members] == ["박아빠", "박아들"]
    assert "가구 경제 상황(초기상담): 월세 · 월 소득 450,000원 · 월 주거비 300,000원 · 긴급지원 필요" \
        in view.summary.text()
    assert shown.texts("error") == ""
