"""Change notices (models.changes): after each committed write the store tells its listeners which
records changed, by table and by the case, household and meeting they belong to; a refused or
read-only unit of work tells nothing."""
from __future__ import annotations

from datetime import datetime

import pytest

from app.services import cases
from app.services.errors import ServiceError
from app.services.views import case_file, drafts
from models.changes import Changes
from models.types import ContactKind

from .workflow_helpers import in_service_case, intake_case


@pytest.fixture
def heard(ctx):
    notices: list[Changes] = []
    unsubscribe = ctx.store.subscribe(notices.append)
    yield notices
    unsubscribe()


def test_a_saved_contact_names_its_table_and_case(ctx, heard):
    case_id, _, _ = in_service_case(ctx)
    heard.clear()
    cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 20, 10), kind=ContactKind.PHONE,
                         note="안부 전화")
    [notice] = heard
    assert notice.entities == {"contact"} and notice.case_ids == {case_id}
    assert notice.touches(case_id=case_id) and not notice.touches(case_id="another case")
    assert notice.touches(entities=("contact",)) and not notice.touches(entities=("meeting",))


def test_intake_names_the_household_and_the_new_case(ctx, heard):
    case_id, member_id = intake_case(ctx)
    household_id = case_file.case_detail(ctx, case_id).household.household_id
    assert any(n.household_ids >= {household_id} for n in heard)
    assert heard[-1].case_ids == {case_id} and "case_file" in heard[-1].entities


def test_reads_drafts_and_refused_saves_tell_nothing(ctx, heard):
    case_id, _, _ = in_service_case(ctx)
    heard.clear()
    case_file.case_detail(ctx, case_id)                   # writes only the access log
    drafts.save_draft(ctx, f"contact:{case_id}", {"note": "작성 중"})
    with pytest.raises(ServiceError):
        cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 20, 10), kind=ContactKind.PHONE,
                             note="")                     # refused: a note is required
    assert heard == []


def test_a_failing_listener_never_fails_the_save(ctx, heard):
    case_id, _, _ = in_service_case(ctx)

    def broken(_changes):
        raise RuntimeError("a screen that went away")
    ctx.store.subscribe(broken)
    heard.clear()
    contact_id, _ = cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 20, 10),
                                         kind=ContactKind.PHONE, note="안부 전화")
    assert contact_id and len(heard) == 1


def test_everything_touches_every_screen():
    assert Changes.of_everything().touches(case_id="x") and not Changes()
