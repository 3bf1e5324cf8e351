"""Disaster drill on a real hub: 김사례's laptop is restored from last night's backup. Every change it
had pushed after the backup comes back by pull, the ones it never pushed are reported by period,
and nothing is duplicated (records, contacts, outbox operations)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.services import accounts, backup
from app.sync.client import pending_changes
from models.entities import Contact, Outbox

from ..conftest import PASSWORD
from .conftest import Device, join
from .helpers import contact, hub_view, kims_case, local_ids, local_view


def test_laptop_restored_from_last_nights_backup_gets_back_every_pushed_change(hub, center, tmp_path):
    laptop = join(hub, tmp_path, "kim")
    case_id, _household, first_note = kims_case(laptop.ctx)
    unsent_at_backup = contact(laptop.ctx, case_id, "전화: 밤 백업 직전, 아직 보내지 않음")
    laptop.sync()
    laptop_path = Path(laptop.ctx.store.path)
    # last night's backup (the nightly run also held a change not yet pushed at the time)
    unsent_in_backup = contact(laptop.ctx, case_id, "방문: 백업에 들어 있고 아직 보내지 않음")
    nightly = backup.create_backup(laptop.ctx).entries[0]
    # the next day: pushed after the backup
    pushed_after = {contact(laptop.ctx, case_id, f"방문 {i}: 백업 후 입력, 서버로 보냄") for i in range(3)}
    laptop.sync()
    # and some never pushed: the laptop dies before the next sync
    lost = contact(laptop.ctx, case_id, "전화: 백업 후 입력, 보내지 못함")
    hub_before = hub_view(hub, laptop.ctx.actor.staff_id)

    # the drill: restore from the backup (the wizard's steps), sign in, sync
    chosen = backup.open_backup(nightly.path, "kim", PASSWORD, current=laptop.ctx.store)
    result = backup.restore_in_app(laptop.ctx, chosen)
    assert result.kept_aside is not None and result.kept_aside.exists()
    restored = accounts.sign_in(laptop_path, "kim", PASSWORD)
    ids = local_ids(restored, Contact)
    assert pushed_after.isdisjoint(ids) and lost not in ids and unsent_in_backup in ids
    notice = backup.restore_notice(restored)
    assert f"{nightly.created_at.astimezone():%Y-%m-%d %H:%M} 이후 이 PC에서만 입력한 기록" in notice
    assert "동기화하면" in notice

    report = Device(restored, laptop.dsn).sync()
    ids = local_ids(restored, Contact)
    assert pushed_after <= ids                                 # every pushed change is back
    assert {first_note, unsent_at_backup, unsent_in_backup} <= ids
    assert lost not in ids                                     # reported, not invented
    assert "되찾았습니다" in backup.restore_notice(restored)
    assert pending_changes(restored) == 0
    # nothing duplicated: the hub holds the same records as before the restore (the outbox rows the
    # backup still held went again and were recognised by their op ids), and the device matches it
    hub_after = hub_view(hub, restored.actor.staff_id)
    assert hub_after == hub_before                             # not one record re-applied or added
    with restored.session() as s:
        assert s.scalar(select(func.count()).select_from(Contact).where(Contact.case_id == case_id)) == len(
            {first_note, unsent_at_backup, unsent_in_backup} | pushed_after)
        assert s.scalar(select(func.count()).select_from(Outbox).where(Outbox.pushed_at.is_(None))) == 0
    mine = local_view(restored)
    assert all(mine.get(k) == v for k, v in hub_after.items()), "device and hub disagree after the drill"
    assert report.pulled >= len(pushed_after)
    restored.store.close()
