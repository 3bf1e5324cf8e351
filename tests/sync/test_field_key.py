"""The center's field key: an RRN sealed on one device opens on every other device of the center,
while the hub holds only ciphertext and a sealed copy of the key it cannot open."""
from __future__ import annotations

import psycopg
import pytest
from app.services import households
from app.services.errors import ServiceError
from app.sync import hub as hubmod
from app.sync.client import SyncClient
from app.sync.join import join_center
from models.entities import Member
from models.keyslots import open_with_password
from models.store import key_id

from ..conftest import FAST_KDF, PASSWORD
from ..workflow_helpers import household, intake_case
from .conftest import join

RRN = "900101-1234568"


def member_of(ctx, case_id: str) -> str:
    from models.entities import Case
    with ctx.session() as s:
        return s.get(Case, case_id).primary_member_id


def hub_dump(hub) -> str:
    """Everything the hub database holds in its tables, as text."""
    rows = hub.query("SELECT string_agg(t::text, ' ') FROM (SELECT fields::text AS t FROM hub.record "
                     "UNION ALL SELECT slot::text || key_id FROM hub.key_slot) x")
    return rows[0][0] or ""


def test_an_rrn_entered_on_a_laptop_opens_in_the_office(hub, center, tmp_path, admin_ctx):
    kim = join(hub, tmp_path, "kim")
    assert kim.ctx.store.cipher.has_center_key
    assert kim.ctx.store.center_key() == admin_ctx.store.center_key()
    case_id, _ = intake_case(kim.ctx)
    kim.sync()

    park = join(hub, tmp_path, "park")          # 1팀 supervisor, another device
    member = member_of(park.ctx, case_id)
    assert households.reveal_rrn(park.ctx, member, "동의서 출력") == RRN
    center["admin"].sync()
    assert households.reveal_rrn(admin_ctx, member, "동의서 출력") == RRN

    # The hub holds neither the number nor the key: only ciphertext and sealed copies.
    dump = hub_dump(hub)
    key = admin_ctx.store.center_key()
    assert "1234568" not in dump and RRN not in dump
    assert key.hex() not in dump and key_id(key) in dump


def test_numbers_sealed_before_the_key_arrived_are_resealed_and_sent(hub, admin_ctx, staff_ids, tmp_path):
    """A device that sealed RRNs with its own key (no key handed out yet) re-seals them when the
    administrator hands the key out; the office can then open them."""
    hubmod.create_staff_login(hub.admin_dsn, staff_id=admin_ctx.actor.staff_id, username="admin",
                              password=PASSWORD, hub_admin=True)   # no key slots yet
    hubmod.create_staff_login(hub.admin_dsn, staff_id=staff_ids["kim"], username="kim", password=PASSWORD)
    from .conftest import Device
    office = Device(admin_ctx, hub.dsn_for("admin"))
    office.sync()
    kim = join(hub, tmp_path, "kim")
    assert not kim.ctx.store.cipher.has_center_key
    case_id, _ = intake_case(kim.ctx)
    assert kim.sync().field_key == ""
    office.sync()
    member = member_of(admin_ctx, case_id)
    # The admin's own store has the key, but kim's number was sealed under kim's device key.
    with pytest.raises(ServiceError, match="다른 기기"):
        households.reveal_rrn(admin_ctx, member, "확인")

    # The administrator hands the key out (python -m app hub add-staff does this).
    hubmod.create_staff_login(hub.admin_dsn, staff_id=staff_ids["kim"], username="kim", password=PASSWORD,
                              center_key=admin_ctx.store.ensure_center_key(), kdf=FAST_KDF)
    report = kim.sync()
    assert report.field_key == "installed" and report.pushed >= 1
    assert households.reveal_rrn(kim.ctx, member, "확인") == RRN
    office.sync()
    assert households.reveal_rrn(admin_ctx, member, "확인") == RRN


def test_a_copy_sealed_under_another_password_leaves_sync_working(hub, center, admin_ctx, staff_ids, tmp_path,
                                                                   monkeypatch):
    hubmod.create_staff_login(hub.admin_dsn, staff_id=staff_ids["kim"], username="kim", password=PASSWORD,
                              center_key=admin_ctx.store.ensure_center_key(), kdf=FAST_KDF)
    # The login's password is changed behind the key slot's back (by hand on the server).
    with psycopg.connect(hub.admin_dsn, autocommit=True) as conn:
        conn.execute("ALTER ROLE staff_kim PASSWORD 'another-password-9'")
    dsn = hub.dsn_for("kim", "another-password-9")
    ctx = join_center(tmp_path / "kim.db", username="kim", password=PASSWORD, dsn=dsn, kdf=FAST_KDF)
    assert not ctx.store.cipher.has_center_key
    case_id, _ = intake_case(ctx)
    report = SyncClient(ctx, dsn).sync()
    assert report.field_key == "unreadable" and report.pushed >= 1
    assert households.reveal_rrn(ctx, member_of(ctx, case_id), "확인") == RRN   # its own numbers still open
    # The same copy is not tried again at every sync (an Argon2 run each time) ...
    import app.sync.engine as engine_mod
    tries = []
    real = engine_mod.open_with_password
    monkeypatch.setattr(engine_mod, "open_with_password", lambda *a: tries.append(1) or real(*a))
    assert SyncClient(ctx, dsn).sync().field_key == "unreadable" and tries == []
    # ... until the administrator issues a new one, under the new password.
    hubmod.create_staff_login(hub.admin_dsn, staff_id=staff_ids["kim"], username="kim",
                              password="another-password-9", center_key=admin_ctx.store.center_key(), kdf=FAST_KDF)
    assert SyncClient(ctx, dsn).sync().field_key == "installed" and tries == [1]
    assert ctx.store.center_key() == admin_ctx.store.center_key()


def test_a_hostile_key_slot_is_refused_without_running_its_costs(hub, center, staff_ids, tmp_path):
    """A slot asking for 4 GiB of Argon2 memory is damage (or an attack on laptops), not work to do."""
    kim = join(hub, tmp_path, "kim")
    slot = hub.query("SELECT slot FROM hub.key_slot WHERE role_name = 'staff_kim'")[0][0]
    hostile = dict(slot, m=4 * 1024 * 1024)
    from models.errors import StoreError
    with pytest.raises(StoreError):
        open_with_password(hostile, PASSWORD, hubmod.CENTER_KEY_PURPOSE)
    assert open_with_password(slot, PASSWORD, hubmod.CENTER_KEY_PURPOSE) == kim.ctx.store.center_key()


def test_only_the_callers_own_copy_is_handed_out(hub, center, tmp_path):
    kim = join(hub, tmp_path, "kim")
    with hubmod.HubConnection(hub.dsn_for("kim")) as conn:
        mine = conn.field_key_slot(kim.ctx.device_id, 1)
    lee_slot = hub.query("SELECT slot FROM hub.key_slot WHERE role_name = 'staff_lee'")[0][0]
    assert mine["salt"] != lee_slot["salt"]
    # Staff logins cannot read the slot table itself.
    with psycopg.connect(hub.dsn_for("kim")) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT * FROM hub.key_slot")


def test_an_office_household_without_a_case_also_opens_elsewhere(hub, center, admin_ctx, tmp_path):
    """Numbers the administrator's device sealed itself use the center key from the start."""
    _, [member] = household(admin_ctx)
    with admin_ctx.session() as s:
        sealed = s.get(Member, member).rrn_sealed
    assert admin_ctx.store.cipher.sealed_with_center_key(sealed)


def test_the_key_from_the_hub_is_kept_sealed_and_the_data_key_alone_opens_no_number(hub, admin_ctx, staff_ids,
                                                                                    tmp_path):
    """On a laptop the center key from the hub lies sealed under the vault key of the key slots,
    never in clear in the file: with the laptop's data key alone no full RRN opens, neither those
    sealed before the key arrived (the vault's device key) nor after (the center key)."""
    from cryptography.exceptions import InvalidTag
    from sqlalchemy import select

    from app.services import accounts
    from models.keyslots import KeySlots
    from models.store import CENTER_KEY_META, SEALED_CENTER_KEY_META, EncryptedStore, FieldCipher, _raw_connect
    from .conftest import Device
    hubmod.create_staff_login(hub.admin_dsn, staff_id=admin_ctx.actor.staff_id, username="admin",
                              password=PASSWORD, hub_admin=True)
    hubmod.create_staff_login(hub.admin_dsn, staff_id=staff_ids["kim"], username="kim", password=PASSWORD)
    Device(admin_ctx, hub.dsn_for("admin")).sync()
    kim = join(hub, tmp_path, "kim")
    before_case, _ = intake_case(kim.ctx)                 # sealed with the laptop's own (vault) key
    hubmod.create_staff_login(hub.admin_dsn, staff_id=staff_ids["kim"], username="kim", password=PASSWORD,
                              center_key=admin_ctx.store.ensure_center_key(), kdf=FAST_KDF)
    assert kim.sync().field_key == "installed"
    after_case, _ = intake_case(kim.ctx)
    path = kim.ctx.store.path
    key = kim.ctx.store.center_key()
    data_key = KeySlots.load(path).unwrap("kim", PASSWORD)
    conn = _raw_connect(path, data_key)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    finally:
        conn.close()
    assert CENTER_KEY_META not in meta and SEALED_CENTER_KEY_META in meta
    assert not any(key.hex() in value for value in meta.values())
    bare = EncryptedStore.open_with_key(path, data_key)
    try:
        with bare.session() as s:
            sealed = list(s.scalars(select(Member.rrn_sealed).where(Member.rrn_sealed.is_not(None))))
        assert len(sealed) >= 2
        for value in sealed:
            with pytest.raises(InvalidTag):
                bare.cipher.open(value)
            with pytest.raises(InvalidTag):
                FieldCipher(data_key).open(value)
    finally:
        bare.close()
    again = accounts.sign_in(path, "kim", PASSWORD)      # signed in on the laptop: both open
    try:
        for case_id in (before_case, after_case):
            assert households.reveal_rrn(again, member_of(again, case_id), "동의서 출력") == RRN
    finally:
        again.store.close()
