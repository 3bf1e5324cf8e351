"""Hardening found in review: who may see a full RRN, durable saves (synchronous=FULL), the RRN
field key kept out of the file (sealed under the vault key in each person's key slot), and the
access log's keyed chain with its head anchored outside the file."""
from __future__ import annotations

import hashlib
import json
import secrets
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, select, text

from app.__main__ import main as cli_main
from app.services import access_log, accounts, households, rollback
from app.services.context import GENESIS, verify_audit_chain
from app.services.errors import AccessDenied, ServiceError
from models.entities import AuditLog, Member, Meta
from models.errors import StoreError
from models.keyslots import KeySlots
from models.types import Role
from models.store import (AUDIT_KEYED_AFTER_META, CENTER_KEY_META, SEALED_CENTER_KEY_META, VAULT_ESCROW_META,
                          EncryptedStore, FieldCipher, _hkdf, _raw_connect)

from .conftest import FAST_KDF, PASSWORD, as_staff
from .workflow_helpers import household

RRN = "900101-1234568"


def test_read_only_staff_cannot_reveal_a_full_rrn_and_the_refusal_is_logged(ctx, admin_ctx, staff_ids):
    _hh, [member] = household(ctx)
    reader = as_staff(admin_ctx, staff_ids["choi"])   # 최열람, 1팀, read-only: sees the case
    households.members_of(reader, _hh)                 # may read the household (masked number)
    with pytest.raises(AccessDenied, match="열람 전용"):
        households.reveal_rrn(reader, member, "확인")
    with ctx.session() as s:
        refused = s.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.action == "view_rrn", AuditLog.outcome == "refused", AuditLog.subject_id == member))
        shown = s.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.action == "view_rrn", AuditLog.outcome == "ok"))
    assert (refused, shown) == (1, 0)
    # the case manager and the supervisor still may, logged
    assert households.reveal_rrn(ctx, member, "동의서 출력") == "900101-1234568"
    assert households.reveal_rrn(as_staff(admin_ctx, staff_ids["park"]), member, "동의서 출력") == "900101-1234568"


def test_every_store_connection_commits_with_synchronous_full(admin_ctx):
    """In WAL mode NORMAL may lose the last acknowledged saves at a power cut; FULL fsyncs each commit."""
    with admin_ctx.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2      # FULL
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


# --- the RRN field key is not in the file ------------------------------------------------------


def _data_key(db_path: Path, username: str = "admin") -> bytes:
    return KeySlots.load(db_path).unwrap(username, PASSWORD)


def _meta_rows(db_path: Path, data_key: bytes) -> dict[str, str]:
    conn = _raw_connect(db_path, data_key)
    try:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    finally:
        conn.close()


def _view_rrn_count(ctx) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.action == "view_rrn", AuditLog.outcome == "ok"))


def test_the_data_key_alone_opens_no_full_rrn_and_a_signed_in_reveal_still_works(ctx, admin_ctx, db_path):
    _hh, [member] = household(ctx)
    center_key = admin_ctx.store.center_key()
    assert center_key is not None
    data_key = _data_key(db_path)

    meta = _meta_rows(db_path, data_key)
    assert CENTER_KEY_META not in meta and SEALED_CENTER_KEY_META in meta and VAULT_ESCROW_META not in meta
    assert not any(center_key.hex() in v for v in meta.values())          # no clear key in meta
    assert center_key.hex() not in KeySlots.path_for(db_path).read_text("utf-8")

    only_data_key = EncryptedStore.open_with_key(db_path, data_key)
    try:
        assert only_data_key.center_key() is None and only_data_key.audit_key is None
        with only_data_key.session() as s:
            sealed = [m.rrn_sealed for m in s.scalars(select(Member).where(Member.rrn_sealed.is_not(None)))]
        assert sealed
        for value in sealed:
            with pytest.raises(InvalidTag):
                only_data_key.cipher.open(value)
            # nor with any key derivable from the data key (the old device key)
            with pytest.raises(InvalidTag):
                FieldCipher(data_key).open(value)
        with pytest.raises(StoreError, match="로그인"):
            only_data_key.cipher.seal("9001011234568")
        with pytest.raises(StoreError, match="로그인"):
            only_data_key.install_center_key(secrets.token_bytes(32))
    finally:
        only_data_key.close()

    kim = accounts.sign_in(db_path, "kim", PASSWORD)   # a signed-in person: the reveal works, logged
    try:
        before = _view_rrn_count(kim)
        assert households.reveal_rrn(kim, member, "동의서 출력") == RRN
        assert _view_rrn_count(kim) == before + 1
    finally:
        accounts.sign_out(kim)


def test_password_change_and_new_staff_keep_the_reveal(admin_ctx, staff_ids, db_path):
    kim = as_staff(admin_ctx, staff_ids["kim"])
    _hh, [member] = household(kim)
    accounts.change_password(db_path, "kim", PASSWORD, "another-password-7", kdf=FAST_KDF)
    signed_in = accounts.sign_in(db_path, "kim", "another-password-7")
    try:
        assert households.reveal_rrn(signed_in, member, "동의서 출력") == RRN
    finally:
        accounts.sign_out(signed_in)
    accounts.add_staff(admin_ctx, username="jung", display_name="정사례", role=Role.SUPERVISOR,
                       team="1팀", password=PASSWORD, kdf=FAST_KDF)
    jung = accounts.sign_in(db_path, "jung", PASSWORD)
    try:
        assert households.reveal_rrn(jung, member, "동의서 출력") == RRN
    finally:
        accounts.sign_out(jung)


def _legacy_seal(data_key: bytes, digits: str) -> bytes:
    """How a store from before the vault key sealed an RRN without the center key."""
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(_hkdf(data_key, b"field:rrn")).encrypt(nonce, digits.encode(), b"rrn")


def _old_chain(conn) -> None:
    """Recompute every access-log row with the unkeyed SHA-256 chain (what old stores hold)."""
    prev = GENESIS
    for seq, at, staff, device, action, entity, subject, purpose, outcome in conn.execute(
            "SELECT seq, at, staff_id, device_id, action, entity, subject_id, purpose, outcome "
            "FROM audit_log ORDER BY seq").fetchall():
        at_text = at.replace(" ", "T")
        if "+" not in at_text[10:]:
            at_text += "+00:00"
        digest = hashlib.sha256("|".join([prev, at_text, staff or "", device, action, entity, subject or "",
                                          purpose, outcome]).encode()).hexdigest()
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq))
        prev = digest
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (prev,))


def _make_old_format(db_path: Path, center_key: bytes, legacy_member: str) -> None:
    """Turn a store into the format before the vault key: the center key in clear in meta, no vault
    key in any slot, one RRN sealed with the data-key-derived device key, the unkeyed chain."""
    data_key = _data_key(db_path)
    conn = _raw_connect(db_path, data_key)
    try:
        conn.execute("DELETE FROM meta WHERE key IN (?, ?, ?)",
                     (SEALED_CENTER_KEY_META, VAULT_ESCROW_META, AUDIT_KEYED_AFTER_META))
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (CENTER_KEY_META, center_key.hex()))
        conn.execute("UPDATE member SET rrn_sealed = ? WHERE id = ?",
                     (_legacy_seal(data_key, "8505052234561"), legacy_member))
        _old_chain(conn)
    finally:
        conn.close()
    keys = KeySlots.path_for(db_path)
    data = json.loads(keys.read_text("utf-8"))
    for slot in data["slots"].values():
        slot.pop("vault", None)
    keys.write_text(json.dumps(data), "utf-8")


def test_an_old_store_is_upgraded_at_the_first_sign_in(admin_ctx, staff_ids, db_path):
    kim_ctx = as_staff(admin_ctx, staff_ids["kim"])
    _hh, [first, second] = household(kim_ctx, members=(("김민수", RRN, "본인"), ("이영희", "850505-2234561", "배우자")))
    center_key = admin_ctx.store.center_key()
    admin_ctx.store.close()
    _make_old_format(db_path, center_key, legacy_member=second)
    data_key = _data_key(db_path)
    old_rows = _meta_rows(db_path, data_key)
    assert old_rows[CENTER_KEY_META] == center_key.hex()

    kim = accounts.sign_in(db_path, "kim", PASSWORD)      # the first sign-in after the upgrade
    try:
        meta = _meta_rows(db_path, data_key)
        assert CENTER_KEY_META not in meta and SEALED_CENTER_KEY_META in meta
        assert AUDIT_KEYED_AFTER_META in meta
        assert VAULT_ESCROW_META in meta          # admin, lee, park, choi have not signed in yet
        assert kim.store.center_key() == center_key
        assert households.reveal_rrn(kim, first, "동의서 출력") == RRN
        assert households.reveal_rrn(kim, second, "동의서 출력") == "850505-2234561"
        with kim.session() as s:
            resealed = s.get(Member, second).rrn_sealed
        assert not FieldCipher(data_key).sealed_with_legacy_key(resealed)
        assert kim.store.cipher.sealed_with_center_key(resealed)
        assert access_log.verify_audit(kim) == []             # old rows unkeyed, new rows keyed
        with kim.session() as s:
            old_seq = int(s.get(Meta, AUDIT_KEYED_AFTER_META).value.split(":")[0])
            assert old_seq > 0 and s.scalar(select(func.max(AuditLog.seq))) > old_seq
    finally:
        accounts.sign_out(kim)

    for username in ("admin", "lee", "park", "choi"):   # each signs in once: the escrow goes
        ctx = accounts.sign_in(db_path, username, PASSWORD)
        if username == "park":
            assert households.reveal_rrn(ctx, second, "동의서 출력") == "850505-2234561"
        accounts.sign_out(ctx)
    meta = _meta_rows(db_path, data_key)
    assert VAULT_ESCROW_META not in meta and CENTER_KEY_META not in meta
    assert KeySlots.load(db_path).slots_without_vault() == 0
    only_data_key = EncryptedStore.open_with_key(db_path, data_key)
    try:
        with only_data_key.session() as s:
            for m in s.scalars(select(Member).where(Member.rrn_sealed.is_not(None))):
                with pytest.raises(InvalidTag):
                    only_data_key.cipher.open(m.rrn_sealed)
    finally:
        only_data_key.close()

    # An old (unkeyed) row rewritten and the whole unkeyed chain recomputed: still detected.
    conn = _raw_connect(db_path, data_key)
    try:
        conn.execute("UPDATE audit_log SET purpose = '조작' WHERE seq = 2")
        _old_chain(conn)
    finally:
        conn.close()
    admin = accounts.sign_in(db_path, "admin", PASSWORD)
    try:
        broken = access_log.verify_audit(admin)
        assert broken and old_seq + 1 in broken          # the first keyed row no longer links
    finally:
        admin.store.close()


# --- the access log's keyed chain and its outside anchor ----------------------------------------


def _signed_in_cycle(db_path: Path, username: str = "admin"):
    """Sign in, do something logged, sign out (anchors the head), and sign in again."""
    ctx = accounts.sign_in(db_path, username, PASSWORD)
    household(ctx)
    accounts.sign_out(ctx)
    return accounts.sign_in(db_path, username, PASSWORD)


def _rows(conn):
    return conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq").fetchall()


def test_an_intact_chain_passes_also_from_the_command_line(admin_ctx, staff_ids, db_path, monkeypatch, capsys):
    admin_ctx.store.close()
    ctx = _signed_in_cycle(db_path)
    assert access_log.verify_audit(ctx) == []
    accounts.sign_out(ctx)
    monkeypatch.setenv("H16_PW", PASSWORD)
    assert cli_main(["verify-audit", "--db", str(db_path), "--user", "admin", "--password-env", "H16_PW"]) == 0
    assert "온전합니다" in capsys.readouterr().out


def test_rows_edited_and_the_chain_recomputed_with_the_data_key_only_are_detected(admin_ctx, staff_ids, db_path,
                                                                                   monkeypatch, capsys):
    admin_ctx.store.close()
    ctx = _signed_in_cycle(db_path)
    accounts.sign_out(ctx)
    data_key = _data_key(db_path)
    conn = _raw_connect(db_path, data_key)
    try:
        seqs = [seq for seq, _ in _rows(conn)]
        target = seqs[len(seqs) // 2]
        # Hide a reveal: rewrite a row, then recompute every hash from there as the old chain did
        # (the attacker has no audit key), and the head kept in the file too.
        conn.execute("UPDATE audit_log SET action = 'view', purpose = '' WHERE seq = ?", (target,))
        _old_chain(conn)
    finally:
        conn.close()
    admin = accounts.sign_in(db_path, "admin", PASSWORD)
    try:
        broken = access_log.verify_audit(admin)
        assert seqs[0] in broken and target in broken      # every rehashed row fails its HMAC
    finally:
        admin.store.close()
    monkeypatch.setenv("H16_PW", PASSWORD)
    assert cli_main(["verify-audit", "--db", str(db_path), "--user", "admin", "--password-env", "H16_PW"]) == 1
    assert "변조" in capsys.readouterr().out


def test_a_cut_off_tail_is_detected_against_the_outside_anchor(admin_ctx, staff_ids, db_path):
    admin_ctx.store.close()
    ctx = _signed_in_cycle(db_path)
    households.reveal_rrn(ctx, households.members_of(ctx, household(ctx)[0])[0].id, "동의서 출력")
    accounts.sign_out(ctx)                                  # the head with the reveal is anchored
    data_key = _data_key(db_path)
    conn = _raw_connect(db_path, data_key)
    try:
        rows = _rows(conn)
        keep_seq, keep_hash = rows[-4]
        conn.execute("DELETE FROM audit_log WHERE seq > ?", (keep_seq,))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (keep_hash,))   # the head in the file too
    finally:
        conn.close()
    admin = accounts.sign_in(db_path, "admin", PASSWORD)   # a sign-in does not move the anchor past the cut
    try:
        with admin.session() as s:
            assert verify_audit_chain(s) == []             # the file alone looks intact …
        assert -1 in access_log.verify_audit(admin)        # … the outside anchor does not
    finally:
        accounts.sign_out(admin)
    again = accounts.sign_in(db_path, "admin", PASSWORD)
    try:
        assert access_log.verify_audit(again)              # still reported after more sign-ins
    finally:
        again.store.close()


def test_rows_written_with_the_data_key_alone_are_linked_in_at_the_next_sign_in(admin_ctx, staff_ids, db_path):
    from app.services.context import ServiceContext, actor_for, audit
    from models.entities import Staff
    admin_ctx.store.close()
    ctx = _signed_in_cycle(db_path)
    accounts.sign_out(ctx)
    bare = EncryptedStore.open_with_key(db_path, _data_key(db_path))   # e.g. a restore
    try:
        with bare.session() as s:
            staff = s.scalars(select(Staff).where(Staff.username == "admin")).one()
            audit(s, ServiceContext(bare, actor_for(staff)), "restore", "store", None, purpose="백업 복원")
        with bare.session() as s:
            waiting = s.scalars(select(AuditLog).where(AuditLog.action == "restore")).one()
            assert (waiting.prev_hash, waiting.hash) == ("", "")
        with bare.session() as s, pytest.raises(ServiceError, match="로그인"):
            verify_audit_chain(s)                            # no key: no check either
    finally:
        bare.close()
    admin = accounts.sign_in(db_path, "admin", PASSWORD)
    try:
        with admin.session() as s:
            linked = s.scalars(select(AuditLog).where(AuditLog.action == "restore")).one()
            assert linked.hash and s.get(Meta, "audit.pending") is None
        assert access_log.verify_audit(admin) == []
    finally:
        accounts.sign_out(admin)


def test_a_keyed_row_rehashed_with_a_guessed_key_fails(admin_ctx, staff_ids, db_path):
    """Without the vault key the HMAC cannot be recomputed: a row re-signed with any other key fails."""
    import hmac as hmac_mod
    admin_ctx.store.close()
    ctx = _signed_in_cycle(db_path)
    accounts.sign_out(ctx)
    data_key = _data_key(db_path)
    conn = _raw_connect(db_path, data_key)
    try:
        seq, prev, at, staff, device, entity, subject, purpose, outcome = conn.execute(
            "SELECT seq, prev_hash, at, staff_id, device_id, entity, subject_id, purpose, outcome FROM audit_log "
            "ORDER BY seq DESC LIMIT 1").fetchone()
        guess = _hkdf(data_key, b"vault:audit-chain")       # the best a data-key holder can derive
        forged = hmac_mod.new(guess, "|".join(["v2", prev, at, staff or "", device, "view", entity, subject or "",
                                               purpose, outcome]).encode(), hashlib.sha256).hexdigest()
        conn.execute("UPDATE audit_log SET action = 'view', hash = ? WHERE seq = ?", (forged, seq))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (forged,))
    finally:
        conn.close()
    admin = accounts.sign_in(db_path, "admin", PASSWORD)
    try:
        assert seq in access_log.verify_audit(admin)
    finally:
        admin.store.close()


def test_a_restored_backup_passes_the_check_and_still_reveals(admin_ctx, staff_ids, db_path):
    """The backup's key file holds the vault key of its time; the restore's own log row, written
    with the data key only, is linked in at the next sign-in; the outside anchor of the replaced
    file (ahead of the backup) is not held against the restored one."""
    from app.services import backup
    admin_ctx.store.close()
    ctx = accounts.sign_in(db_path, "admin", PASSWORD)
    _hh, [member] = household(ctx)
    taken = backup.create_backup(ctx).entries[0]
    household(ctx)                                         # after the backup: not in it
    accounts.sign_out(ctx)                                 # anchors a head the backup lacks
    ctx = accounts.sign_in(db_path, "admin", PASSWORD)
    with ctx.session() as s:
        store_id = s.get(Meta, "store_id").value
    anchored = access_log.AuditAnchor(rollback.GenerationCounter()).get(store_id)
    assert anchored and anchored["seq"] > 0
    chosen = backup.open_backup(taken.path, "admin", PASSWORD, current=ctx.store)
    backup.restore_in_app(ctx, chosen)
    restored = accounts.sign_in(db_path, "kim", PASSWORD)
    try:
        assert households.reveal_rrn(restored, member, "동의서 출력") == RRN
        assert access_log.verify_audit(restored) == []
        with restored.session() as s:
            assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "restore",
                                                                             AuditLog.hash != "")) >= 1
    finally:
        accounts.sign_out(restored)
