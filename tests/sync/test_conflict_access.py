"""A shared office PC holds conflicts and note versions of several people's cases: each person
is shown only those of cases they may read."""
from __future__ import annotations

import pytest

from app.services.errors import AccessDenied, NotFound
from app.sync.client import conflicts, note_versions, open_conflict_count, resolve_conflict
from models.entities import Contact, Household

from ..conftest import as_staff
from .conftest import join
from .helpers import edit, kims_case


def test_conflicts_and_note_versions_only_for_readable_cases(hub, center, tmp_path, staff_ids):
    kim = join(hub, tmp_path, "kim")
    case_id, household_id, contact_id = kims_case(kim.ctx)
    kim.sync()
    office = center["admin"]
    office.sync()
    edit(kim.ctx, Household, household_id, address="연희로 2 (김)")
    edit(kim.ctx, Contact, contact_id, companions=[{"name": "보건소", "role": "동행"}], note="김의 기록")
    edit(office.ctx, Household, household_id, address="연희로 3 (사무실)")
    edit(office.ctx, Contact, contact_id, companions=[{"name": "동 주민센터", "role": "동행"}])
    kim.sync()
    office.sync()
    assert {c.entity for c in conflicts(office.ctx)} == {"household", "contact"}   # hh: and case scopes

    lee_at_office = as_staff(office.ctx, staff_ids["lee"])     # 2팀: may not read 김's case
    kim_at_office = as_staff(office.ctx, staff_ids["kim"])
    assert conflicts(lee_at_office) == [] and open_conflict_count(lee_at_office) == 0
    assert conflicts(lee_at_office, include_resolved=True) == []
    mine = conflicts(kim_at_office)
    assert mine and [c.id for c in mine] == [c.id for c in conflicts(office.ctx)]
    assert open_conflict_count(kim_at_office) == len(mine)
    with pytest.raises(NotFound):
        resolve_conflict(lee_at_office, mine[0].id, "hub")

    assert len(note_versions(kim_at_office, contact_id)) >= 2
    with pytest.raises(AccessDenied):
        note_versions(lee_at_office, contact_id)
