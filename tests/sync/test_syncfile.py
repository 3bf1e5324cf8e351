"""The encrypted sync file: round trip, merge, and refusal of damaged, replayed or foreign files."""
from __future__ import annotations

import shutil
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from app.services import accounts
from app.services.context import ServiceContext
from app.sync.client import conflicts, note_versions
from app.sync.errors import SyncFileDamaged, SyncFileError, SyncFileReplayed
from app.sync.syncfile import ScryptParams, export_sync_file, import_sync_file
from models.entities import Contact, Household, Meta
from models.store import EncryptedStore
from models.sync_models import SyncFileOp

from ..conftest import FAST_KDF, PASSWORD
from .helpers import contact, edit, get, kims_case, local_view

PASS = "우리 복지관 동기화 암호 2026"
FAST = ScryptParams(n=2 ** 10)


@pytest.fixture
def pair(ctx, tmp_path):
    """The office PC (김사례 signed in) and a laptop made as a copy of it before a home visit."""
    case_id, household_id, contact_id = kims_case(ctx)
    laptop_path = tmp_path / "laptop.db"
    with ctx.store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy must hold every write
    shutil.copy(ctx.store.path, laptop_path)
    shutil.copy(str(ctx.store.path) + ".keys", str(laptop_path) + ".keys")
    store = EncryptedStore.open(laptop_path, "kim", PASSWORD)
    with store.session() as s:
        s.get(Meta, "device_id").value = str(uuid.uuid4())
        device_id = s.get(Meta, "device_id").value
    laptop = replace(ctx, store=store, device_id=device_id)
    yield {"office": ctx, "laptop": laptop, "case": case_id, "household": household_id, "contact": contact_id}
    store.close()


def carry(src: ServiceContext, dst: ServiceContext, tmp_path, name="changes.sync"):
    path = tmp_path / name
    export_sync_file(src, path, PASS, FAST)
    return import_sync_file(dst, path, PASS)


def snapshot(ctx):
    with ctx.session() as s:
        return local_view(ctx), s.scalar(select(func.count()).select_from(SyncFileOp))


def test_changes_travel_both_ways_and_merge(pair, tmp_path):
    office, laptop = pair["office"], pair["laptop"]
    edit(laptop, Household, pair["household"], address="방문 후 확인한 새 주소")
    new_contact = contact(laptop, pair["case"], note="가정방문: 냉장고 고장")
    edit(office, Household, pair["household"], phone="02-330-0000")
    report = carry(laptop, office, tmp_path)
    assert (report.applied, report.conflicts) == (2, 0)
    carry(office, laptop, tmp_path, "back.sync")
    for d in (office, laptop):
        hh = get(d, Household, pair["household"])
        assert (hh.address, hh.phone) == ("방문 후 확인한 새 주소", "02-330-0000")
        assert get(d, Contact, new_contact).note == "가정방문: 냉장고 고장"
    # Carrying the same changes again (in a newer file) applies nothing twice.
    again = carry(laptop, office, tmp_path, "again.sync")
    assert again.applied == 0


def test_same_field_and_notes(pair, tmp_path):
    office, laptop = pair["office"], pair["laptop"]
    edit(laptop, Household, pair["household"], address="노트북 주소")
    edit(office, Household, pair["household"], address="사무실 주소")
    edit(laptop, Contact, pair["contact"], note="노트북에서 고친 기록")
    edit(office, Contact, pair["contact"], note="사무실에서 고친 기록")
    report = carry(laptop, office, tmp_path)
    assert report.conflicts == 1
    [c] = conflicts(office)
    assert (c.field, c.hub_value, c.device_value) == ("address", "사무실 주소", "노트북 주소")
    assert get(office, Household, pair["household"]).address == "사무실 주소"
    texts = [v.text for v in note_versions(office, pair["contact"])]
    assert texts == ["노트북에서 고친 기록"]   # kept as a version, marked as written concurrently
    assert note_versions(office, pair["contact"])[0].concurrent


@pytest.mark.parametrize("damage", ["truncated", "tampered_body", "tampered_header", "wrong_passphrase", "empty"])
def test_a_damaged_file_is_refused_whole(pair, tmp_path, damage):
    office, laptop = pair["office"], pair["laptop"]
    edit(laptop, Household, pair["household"], address="바뀐 주소")
    path = tmp_path / "f.sync"
    export_sync_file(laptop, path, PASS, FAST)
    data = bytearray(path.read_bytes())
    if damage == "truncated":
        data = data[:-7]
    elif damage == "tampered_body":
        data[-20] ^= 1
    elif damage == "tampered_header":
        data[:] = bytes(data).replace(b'"file_no": 1', b'"file_no": 9')
    elif damage == "empty":
        data = bytearray()
    path.write_bytes(bytes(data))
    before = snapshot(office)
    with pytest.raises(SyncFileDamaged) as e:
        import_sync_file(office, path, "다른 기관의 암호입니다" if damage == "wrong_passphrase" else PASS)
    assert "아무것도 바뀌지 않았습니다" in str(e.value)
    assert snapshot(office) == before


def test_a_replayed_or_older_file_is_refused(pair, tmp_path):
    office, laptop = pair["office"], pair["laptop"]
    edit(laptop, Household, pair["household"], address="첫 번째")
    first = tmp_path / "1.sync"
    export_sync_file(laptop, first, PASS, FAST)
    edit(laptop, Household, pair["household"], address="두 번째")
    second = tmp_path / "2.sync"
    export_sync_file(laptop, second, PASS, FAST)
    import_sync_file(office, second, PASS)
    before = snapshot(office)
    for path in (second, first):
        with pytest.raises(SyncFileReplayed):
            import_sync_file(office, path, PASS)
    assert snapshot(office) == before
    assert get(office, Household, pair["household"]).address == "두 번째"


def test_a_file_from_another_center_or_from_itself_is_refused(pair, tmp_path):
    office, laptop = pair["office"], pair["laptop"]
    other = accounts.create_database(tmp_path / "other.db", accounts.NewCenter(name="다른 복지관", dongs=("천연동",)),
                                     admin_username="admin", admin_name="관리자", admin_password=PASSWORD, kdf=FAST_KDF)
    path = tmp_path / "foreign.sync"
    export_sync_file(other, path, PASS, FAST)
    before = snapshot(office)
    with pytest.raises(SyncFileDamaged):
        import_sync_file(office, path, PASS)
    assert snapshot(office) == before
    own = tmp_path / "own.sync"
    export_sync_file(office, own, PASS, FAST)
    with pytest.raises(SyncFileError):
        import_sync_file(office, own, PASS)
    other.store.close()
