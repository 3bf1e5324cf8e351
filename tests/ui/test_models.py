"""Every Qt item model of the client passes pytest-qt's model tester, on real service rows."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.services import queries

from app.services.views import case_file, home
from app.services.rules import CriterionResult
from ui import models
from ui.models import ROW_ROLE, RowTableModel

from ..conftest import TODAY
from ..workflow_helpers import in_service_case, intake_case


@pytest.fixture
def detail(ctx):
    case_id, _member, _ = in_service_case(ctx)
    from app.services import cases
    from models.types import ContactKind
    cases.record_contact(ctx, case_id, occurred_at=TODAY, kind=ContactKind.VISIT, note="방문\n두 줄 메모")
    return case_file.case_detail(ctx, case_id)


def check(qtmodeltester, columns, rows):
    model = RowTableModel(columns)
    model.set_rows(rows)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(rows)
    return model


def test_case_file_models(qtmodeltester, detail):
    check(qtmodeltester, models.member_columns(), detail.household.members)
    check(qtmodeltester, models.consent_columns(), detail.consents)
    check(qtmodeltester, models.assessment_columns(), detail.assessments)
    check(qtmodeltester, models.decision_columns(), detail.decisions)
    check(qtmodeltester, models.plan_item_columns(), detail.current_plan.items)
    check(qtmodeltester, models.contact_columns(), detail.contacts)
    check(qtmodeltester, models.referral_columns(), detail.referrals)
    check(qtmodeltester, models.expense_columns(), detail.expenses)
    check(qtmodeltester, models.follow_up_columns(), detail.follow_ups)


def test_home_and_search_models(qtmodeltester, ctx, detail):
    intake_case(ctx, members=(("이영희", "450305-2345671", "본인"),))
    check(qtmodeltester, models.case_columns(), queries.my_cases(ctx))
    check(qtmodeltester, models.monitoring_columns(TODAY.date()), queries.monitoring_due(ctx, within_days=30))
    check(qtmodeltester, models.long_open_columns(TODAY.date()), queries.long_open_cases(ctx, days=1))
    check(qtmodeltester, models.meeting_columns(), home.upcoming_meeting_rows(ctx, days=30))
    check(qtmodeltester, models.awaiting_reply_columns(), home.awaiting_reply_rows(ctx))
    hits = queries.search_people(ctx, "ㄱㅁㅅ")
    model = check(qtmodeltester, models.person_columns(), hits)
    assert model.index(0, 0).data() == "김민수"
    assert model.index(0, 1).data() == "900101-1******"
    check(qtmodeltester, models.criteria_columns(), [CriterionResult("만 65세 이상", False),
                                                     CriterionResult("독거", True)])


@dataclass(frozen=True)
class Row:
    n: int


def test_large_lists_are_fed_to_the_view_in_batches(qtmodeltester):
    model = RowTableModel([models.Column("번호", lambda r: r.n, align_right=True)], batch=100)
    model.set_rows([Row(i) for i in range(1050)])
    assert model.rowCount() == 100 and model.canFetchMore()
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 1050
    assert model.index(1049, 0).data() == "1049"
    assert model.index(5, 0).data(ROW_ROLE) == Row(5)
    model.set_rows([])
    assert model.rowCount() == 0 and not model.canFetchMore()


def test_cells_show_one_line_and_korean_labels(detail):
    model = RowTableModel(models.contact_columns())
    model.set_rows(detail.contacts)
    note_col = 4
    assert "\n" not in model.index(0, note_col).data()
    assert model.index(0, 1).data() == "가정방문"
