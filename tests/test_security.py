"""Privacy and security: lockout, rollback detection, tamper-evident access log, retention and
destruction (checked on the decrypted pages of the real file), roles × actions, cloud folders."""
from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy import select, text

from app.device_vault import DeviceVault, MemoryKeyring
from app.services import access_log, accounts, cases, expenses, meetings, printing, referrals, retention
from app.services.context import verify_audit_chain
from app.services.errors import AccessDenied, ValidationError
from app.services.rollback import GenerationCounter, RollbackDetected
from app.services.storage_check import cloud_sync_warning
from models.entities import AuditLog, Case
from models.errors import WrongPasswordError
from models.keyslots import KeySlots
from models.types import (ClosureReason, ConsentKind, ContactKind, ExpenseCategory, IntakeDecision, MeetingKind,
                          Role, SelectionOutcome)

from .conftest import FAST_KDF, PASSWORD, as_staff
from .workflow_helpers import ATTENDEES, closure_meeting, in_service_case, intake_case

# --- passwords and lockout --------------------------------------------------------------------


@pytest.mark.parametrize("password,ok", [("short1!", False), ("abcdefgh", False), ("abcdefg1", True),
                                         ("abcdefghij", True), ("12345678!", True), ("가나다라마바사아자차", True)])
def test_password_rules(password, ok):
    if ok:
        accounts.check_password(password)
    else:
        with pytest.raises(ValidationError, match="10자 이상"):
            accounts.check_password(password)


def test_lockout_after_five_failures(admin_ctx, db_path):
    admin_ctx.store.close()
    now = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)
    for _ in range(4):
        with pytest.raises(WrongPasswordError):
            accounts.sign_in(db_path, "admin", "wrong-password", now=now)
    with pytest.raises(accounts.AccountLocked, match="잠겼습니다"):
        accounts.sign_in(db_path, "admin", "wrong-password", now=now)
    with pytest.raises(accounts.AccountLocked):  # even the right password, while locked
        accounts.sign_in(db_path, "admin", PASSWORD, now=now + timedelta(minutes=9))
    ctx = accounts.sign_in(db_path, "admin", PASSWORD, now=now + timedelta(minutes=11))
    accounts.sign_out(ctx)
    assert "failures" not in KeySlots.load(db_path)._data or not KeySlots.load(db_path)._data["failures"]


def test_no_shared_or_duplicate_accounts(admin_ctx, staff_ids):
    with pytest.raises(ValidationError, match="이미 있는 아이디"):
        accounts.add_staff(admin_ctx, username="kim", display_name="다른김", role=Role.CASE_MANAGER,
                           password=PASSWORD, kdf=FAST_KDF)
    kim = as_staff(admin_ctx, staff_ids["kim"])
    with pytest.raises(AccessDenied):
        accounts.add_staff(kim, username="new", display_name="신규", role=Role.ADMIN, password=PASSWORD, kdf=FAST_KDF)


# --- rollback to an older copy ----------------------------------------------------------------


@pytest.mark.parametrize("vault_kind", ["keyring", "file"])
def test_older_copy_of_the_file_is_detected(admin_ctx, db_path, tmp_path, vault_kind):
    admin_ctx.store.close()
    from keyring.backends.fail import Keyring as NoKeyring
    vault = DeviceVault(MemoryKeyring() if vault_kind == "keyring" else NoKeyring())
    assert vault.available == (vault_kind == "keyring")
    counter = GenerationCounter(vault, tmp_path / "outside" / "generations.json")
    ctx = accounts.sign_in(db_path, "admin", PASSWORD, counter=counter)
    backup = tmp_path / "backup"
    backup.mkdir()
    for f in db_path.parent.glob("center.db*"):
        shutil.copy2(f, backup / f.name)  # a copy taken in the middle of a session
    intake_case(ctx)
    accounts.sign_out(ctx)
    accounts.sign_out(accounts.sign_in(db_path, "admin", PASSWORD, counter=counter))  # normal use goes on
    for f in db_path.parent.glob("center.db*"):
        f.unlink()
    for f in backup.iterdir():
        shutil.copy2(f, db_path.parent / f.name)
    with pytest.raises(RollbackDetected, match="오래된 사본"):
        accounts.sign_in(db_path, "admin", PASSWORD, counter=counter)
    assert (vault_kind == "file") == (tmp_path / "outside" / "generations.json").exists()
    ctx = accounts.sign_in(db_path, "admin", PASSWORD, counter=counter, accept_older=True)
    with ctx.session() as s:
        assert s.scalars(select(AuditLog.purpose).where(AuditLog.action == "login")).all()[-1] == "오래된 사본 사용 승인"
    accounts.sign_out(ctx)
    accounts.sign_out(accounts.sign_in(db_path, "admin", PASSWORD, counter=counter))  # accepted: usable again


def test_only_an_admin_may_accept_an_older_copy(admin_ctx, staff_ids, db_path, tmp_path):
    admin_ctx.store.close()
    counter = GenerationCounter(DeviceVault(MemoryKeyring()), tmp_path / "g.json")
    with pytest.raises(AccessDenied, match="관리자"):
        accounts.sign_in(db_path, "kim", PASSWORD, counter=counter, accept_older=True)


# --- access log -------------------------------------------------------------------------------


def test_every_action_is_logged_without_personal_data(ctx):
    case_id, member, _ = in_service_case(ctx)
    printing.consent_form(ctx, case_id, purpose="서명")
    with ctx.session() as s:
        rows = s.scalars(select(AuditLog)).all()
        actions = {r.action for r in rows}
        assert {"create", "update", "print"} <= actions
        dumped = " ".join(f"{r.entity} {r.subject_id} {r.purpose} {r.action}" for r in rows)
        for personal in ("김민수", "900101", "010-1234-5678", "연희로"):
            assert personal not in dumped
        assert all(r.device_id and r.staff_id for r in rows)


@pytest.mark.parametrize("tamper", ["edit", "delete_middle", "delete_last", "insert"])
def test_tampering_with_the_access_log_is_reported(ctx, tamper):
    intake_case(ctx)
    intake_case(ctx)
    with ctx.session() as s:
        assert verify_audit_chain(s) == []
        seqs = s.scalars(select(AuditLog.seq).order_by(AuditLog.seq)).all()
    with ctx.store.engine.begin() as conn:
        if tamper == "edit":
            conn.execute(text("UPDATE audit_log SET action='view' WHERE seq=:s"), {"s": seqs[2]})
        elif tamper == "delete_middle":
            conn.execute(text("DELETE FROM audit_log WHERE seq=:s"), {"s": seqs[2]})
        elif tamper == "delete_last":
            conn.execute(text("DELETE FROM audit_log WHERE seq=:s"), {"s": seqs[-1]})
        else:
            conn.execute(text("INSERT INTO audit_log (at, staff_id, device_id, action, entity, subject_id, purpose,"
                              " outcome, prev_hash, hash) SELECT at, staff_id, device_id, 'print', entity, subject_id,"
                              " purpose, outcome, prev_hash, hash FROM audit_log WHERE seq=:s"), {"s": seqs[1]})
    with ctx.session() as s:
        broken = verify_audit_chain(s)
    expected = {"edit": [seqs[2]], "delete_middle": [seqs[3]], "delete_last": [-1]}
    assert broken == expected[tamper] if tamper in expected else broken


def test_monthly_review_for_supervisors(ctx, admin_ctx, staff_ids):
    case_id, _ = intake_case(ctx)
    printing.consent_form(ctx, case_id, purpose="서명")
    other = as_staff(admin_ctx, staff_ids["lee"])
    with pytest.raises(AccessDenied):
        cases.decide_intake(other, case_id, IntakeDecision.INFORMATION)
    with pytest.raises(AccessDenied):
        access_log.monthly_review(ctx, 2026, 11)
    review = access_log.monthly_review(as_staff(admin_ctx, staff_ids["park"]), *access_log.month_of(date.today()))
    by_name = {a.name: a for a in review.activity}
    assert by_name["이사례"].refusals == 1 and review.activity[0].name == "이사례"  # refusals first
    assert by_name["김사례"].sensitive == 1 and review.broken_chain == []


# --- retention and destruction ----------------------------------------------------------------


def decrypted_pages(path: Path, key: bytes, page_size: int = 4096, reserve: int = 80) -> bytes:
    """Every page of a SQLCipher 4 file decrypted, free pages included (AES-256-CBC, IV at the page end)."""
    data = path.read_bytes()
    out = []
    for offset in range(0, len(data), page_size):
        page = data[offset:offset + page_size]
        iv = page[page_size - reserve:page_size - reserve + 16]
        dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out.append(dec.update(page[16 if offset == 0 else 0:page_size - reserve]) + dec.finalize())
    return b"".join(out)


def closed_case(ctx, closed_on: date, name: str):
    case_id, member, _ = in_service_case(ctx, members=((name, "900101-1234568", "본인"),))
    cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 20, 10), kind=ContactKind.VISIT,
                         note=f"{name} 비밀상담메모", companions=[cases.Companion("이복지", "assistant")])
    closure_meeting(ctx, case_id)
    cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="달성", closed_on=date(2026, 11, 21))
    with ctx.session() as s:
        s.get(Case, case_id).closed_on = closed_on
    return case_id


def test_cases_past_retention_are_destroyed_unrecoverably(ctx, admin_ctx, staff_ids, db_path):
    old = closed_case(ctx, date(2020, 3, 1), "파기될사람")
    recent = closed_case(ctx, date(2023, 3, 1), "남을사람")
    lead = as_staff(admin_ctx, staff_ids["park"])
    assert [c.case_id for c in retention.destruction_candidates(lead)] == [old]
    with pytest.raises(AccessDenied):
        retention.destroy(ctx, [old], approval_note="보존기간 경과")
    with pytest.raises(ValidationError, match="보존기간이 지나지 않았"):
        retention.destroy(lead, [recent], approval_note="보존기간 경과")
    key = ctx.store._data_key
    with ctx.store.engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    assert "파기될사람".encode() in decrypted_pages(db_path, key)  # the check can see the name before
    count = retention.destroy(lead, [old], approval_note="2026년 보존기간 경과분")
    assert count >= 8
    raw = decrypted_pages(db_path, key)
    assert "파기될사람".encode() not in raw and "남을사람".encode() in raw
    assert "파기될사람 비밀상담메모".encode() not in raw  # the outbox copy of the note is gone too
    assert "남을사람 비밀상담메모".encode() in raw
    assert Path(str(db_path) + "-wal").stat().st_size == 0
    with ctx.session() as s:
        assert s.get(Case, old) is None
        logged = s.scalars(select(AuditLog).where(AuditLog.action == "destroy")).all()
        assert [(r.subject_id, r.staff_id) for r in logged] == [(old, staff_ids["park"])]
        assert "파기될사람" not in logged[0].purpose
        assert verify_audit_chain(s) == []


# --- roles × actions --------------------------------------------------------------------------

ACTIONS = {
    "view_referral_check": lambda c, case, m: referrals.check_referral(c, case, m, "self_support"),
    "consent": lambda c, case, m: cases.record_consent(c, case, member_id=m, kind=ConsentKind.MENTAL_HEALTH,
                                                       agreed=True, recorded_on=date(2026, 11, 20)),
    "contact": lambda c, case, m: cases.record_contact(c, case, occurred_at=datetime(2026, 11, 20, 10),
                                                       kind=ContactKind.PHONE, note="안부"),
    "assessment": lambda c, case, m: cases.save_assessment(c, case, held_on=date(2026, 11, 20),
                                                           domains={"economy": cases.DomainInput(urgency=1)}),
    "expense": lambda c, case, m: expenses.add_expense(c, case, category=ExpenseCategory.LIVING, amount=1000,
                                                       spent_on=date(2026, 11, 20)),
    "meeting_decision": lambda c, case, m: meetings.record_meeting(
        c, kind=MeetingKind.INTERNAL, held_at=datetime(2026, 11, 20, 9), attendees=ATTENDEES,
        decisions=[meetings.DecisionInput(case, SelectionOutcome.CONTINUE)]),
    "print": lambda c, case, m: printing.consent_form(c, case, purpose="확인"),
    "expense_room": lambda c, case, m: expenses.expense_room(c, case),
}
READS = {"view_referral_check", "print", "expense_room"}
# who: (may read, may write) on a case managed by 김사례 of 1팀
WHO = {"manager": ("kim", True, True), "other_manager": ("lee", False, False), "team_supervisor": ("park", True, True),
       "read_only": ("choi", True, False), "admin": (None, True, True), "shared_with": ("lee_shared", True, True)}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("who", sorted(WHO))
def test_role_by_action(ctx, admin_ctx, staff_ids, who, action):
    from app.services.sharing import share_case
    case_id, member, _ = in_service_case(ctx)
    username, may_read, may_write = WHO[who]
    if who == "admin":
        actor_ctx = admin_ctx
    elif who == "shared_with":
        share_case(ctx, case_id, staff_ids["lee"])
        actor_ctx = as_staff(admin_ctx, staff_ids["lee"])
    else:
        actor_ctx = as_staff(admin_ctx, staff_ids[username])
    allowed = may_read if action in READS else may_write
    with ctx.session() as s:
        refusals_before = len(s.scalars(select(AuditLog).where(AuditLog.outcome == "refused")).all())
    if allowed:
        ACTIONS[action](actor_ctx, case_id, member)
    else:
        with pytest.raises(AccessDenied):
            ACTIONS[action](actor_ctx, case_id, member)
        with ctx.session() as s:
            refused = s.scalars(select(AuditLog).where(AuditLog.outcome == "refused")).all()
            assert len(refused) == refusals_before + 1 and refused[-1].subject_id == case_id


# --- cloud folders ----------------------------------------------------------------------------


@pytest.mark.parametrize("path,warn", [("C:/Users/kim/OneDrive - 서대문구/cases.db", True),
                                       ("/home/kim/Dropbox/cases.db", True), ("/home/kim/Google Drive/x.db", True),
                                       ("/Users/kim/Library/Mobile Documents/com~apple~CloudDocs/x.db", True),
                                       ("/home/kim/.local/share/saryegwanri/cases.db", False),
                                       ("D:/사례관리/cases.db", False)])
def test_cloud_folder_warning(path, warn):
    assert (cloud_sync_warning(Path(path)) is not None) == warn


def test_suspended_account_can_no_longer_open_the_file(admin_ctx, staff_ids, db_path):
    accounts.set_staff_active(admin_ctx, staff_ids["kim"], False)
    with pytest.raises(WrongPasswordError):
        accounts.sign_in(db_path, "kim", PASSWORD)
    with pytest.raises(ValidationError, match="자기 계정"):
        accounts.set_staff_active(admin_ctx, admin_ctx.actor.staff_id, False)
    accounts.restore_staff(admin_ctx, staff_ids["kim"], "a-fresh-password-9", FAST_KDF)
    accounts.sign_out(accounts.sign_in(db_path, "kim", "a-fresh-password-9"))


def test_admin_can_lift_a_lockout(admin_ctx, staff_ids, db_path):
    now = datetime.now(timezone.utc)
    for _ in range(5):
        with pytest.raises((WrongPasswordError, accounts.AccountLocked)):
            accounts.sign_in(db_path, "kim", "wrong-password", now=now)
    with pytest.raises(accounts.AccountLocked):
        accounts.sign_in(db_path, "kim", PASSWORD, now=now)
    assert accounts.unlock_account(admin_ctx, "kim") is True
    accounts.sign_out(accounts.sign_in(db_path, "kim", PASSWORD, now=now))
    kim = as_staff(admin_ctx, staff_ids["kim"])
    with pytest.raises(AccessDenied):
        accounts.unlock_account(kim, "lee")


def test_statistics_on_screen_is_a_view_and_a_file_is_an_export(admin_ctx, staff_ids):
    lead = as_staff(admin_ctx, staff_ids["park"])
    printing.statistics_data(lead, date(2026, 1, 1), date(2026, 12, 31))
    printing.statistics_xlsx(lead, date(2026, 1, 1), date(2026, 12, 31), purpose="구청 보고")
    with lead.session() as s:
        rows = [(r.action, r.purpose) for r in s.scalars(select(AuditLog).where(AuditLog.entity == "statistics"))]
    assert rows[0][0] == "view" and rows[1] == ("export", "구청 보고 (통계 2026-01-01~2026-12-31 전체)")


# --- found in review: households of other teams, refusals inside a write ------------------------


@pytest.mark.parametrize("action", ["reveal_rrn", "update_household", "update_member", "add_member", "members_of",
                                    "open_intake"])
def test_households_of_cases_one_may_not_see_are_refused(ctx, admin_ctx, staff_ids, action):
    from app.services import households
    from app.services.households import MemberInput
    case_id, member = intake_case(ctx)
    with ctx.session() as s:
        hh = s.get(Case, case_id).household_id
    other = as_staff(admin_ctx, staff_ids["lee"])
    calls = {
        "reveal_rrn": lambda: households.reveal_rrn(other, member, "확인"),
        "update_household": lambda: households.update_household(other, hh, dong_id=_dong(ctx), address="바뀐 주소"),
        "update_member": lambda: households.update_member(other, member, MemberInput(name="김민수", phone="010-0000-0000")),
        "add_member": lambda: households.add_member(other, hh, MemberInput(name="끼어든사람")),
        "members_of": lambda: households.members_of(other, hh),
        "open_intake": lambda: cases.open_intake(other, household_id=hh, primary_member_id=member,
                                                 held_on=date(2026, 11, 20), referral_source="본인",
                                                 presenting_problems="다른 팀 가구에 사례 열기"),
    }
    with pytest.raises(AccessDenied):
        calls[action]()
    with ctx.session() as s:
        refused = s.scalars(select(AuditLog).where(AuditLog.outcome == "refused")).all()
        assert refused and refused[-1].subject_id in (hh, case_id) and refused[-1].staff_id == staff_ids["lee"]
    # The team supervisor may; a brand-new household with no case is open to any case manager.
    households.members_of(as_staff(admin_ctx, staff_ids["park"]), hh)


def _dong(ctx):
    from .conftest import dong_id
    return dong_id(ctx)


def test_refusal_inside_a_write_is_quick_logged_and_saves_nothing(ctx, admin_ctx, staff_ids):
    import time as _time
    mine, _, _ = in_service_case(ctx)
    theirs, _, _ = in_service_case(as_staff(admin_ctx, staff_ids["lee"]))
    with ctx.session() as s:
        meetings_before = s.scalar(text("SELECT count(*) FROM meeting"))
    started = _time.perf_counter()
    with pytest.raises(AccessDenied):
        meetings.record_meeting(ctx, kind=MeetingKind.INTERNAL, held_at=datetime(2026, 11, 20, 9), attendees=ATTENDEES,
                                decisions=[meetings.DecisionInput(mine, SelectionOutcome.CONTINUE, lead_agency="바뀜"),
                                           meetings.DecisionInput(theirs, SelectionOutcome.CONTINUE)])
    assert _time.perf_counter() - started < 2
    with ctx.session() as s:
        assert s.scalar(text("SELECT count(*) FROM meeting")) == meetings_before
        assert s.get(Case, mine).lead_agency != "바뀜"
        refused = s.scalars(select(AuditLog).where(AuditLog.outcome == "refused")).all()
        assert [r.subject_id for r in refused] == [theirs]


def test_a_member_sealed_on_another_device_can_still_be_edited(ctx):
    from app.services import households
    from app.services.households import MemberInput
    from models.entities import Member
    _, member = intake_case(ctx)
    with ctx.session() as s:
        s.get(Member, member).rrn_sealed = b"\x00" * 12 + b"sealed-with-another-devices-key"
    households.update_member(ctx, member, MemberInput(name="김민수", phone="010-2222-3333"))
    from app.services.errors import ServiceError
    with pytest.raises(ServiceError, match="다른 기기"):
        households.reveal_rrn(ctx, member, "확인")


def test_usernames_differing_only_in_case_are_one_account(admin_ctx, staff_ids, db_path):
    with pytest.raises(ValidationError, match="이미 있는 아이디"):
        accounts.add_staff(admin_ctx, username="KIM", display_name="가짜김", role=Role.CASE_MANAGER,
                           password="another-password-1", kdf=FAST_KDF)
    ctx = accounts.sign_in(db_path, " Kim ", PASSWORD)
    assert ctx.actor.username == "kim"
    accounts.sign_out(ctx)
    with pytest.raises(WrongPasswordError):
        accounts.sign_in(db_path, "KIM", "another-password-1")


def test_every_case_of_a_household_is_destroyed_together(ctx, admin_ctx, staff_ids):
    first = closed_case(ctx, date(2019, 3, 1), "한가구")
    with ctx.session() as s:
        hh = s.get(Case, first).household_id
        member = s.get(Case, first).primary_member_id
    second = cases.open_intake(ctx, household_id=hh, primary_member_id=member, held_on=date(2026, 11, 2),
                               referral_source="본인", presenting_problems="다시 찾아옴")
    cases.decide_intake(ctx, second, IntakeDecision.INFORMATION)
    with ctx.session() as s:
        s.get(Case, second).opened_on = date(2019, 5, 1)
        s.get(Case, second).closed_on = date(2019, 5, 1)
    lead = as_staff(admin_ctx, staff_ids["park"])
    assert {c.case_id for c in retention.destruction_candidates(lead)} == {first, second}
    with pytest.raises(ValidationError, match="같은 가구의 다른 사례"):
        retention.destroy(lead, [first], approval_note="보존기간 경과")
    retention.destroy(lead, [first, second], approval_note="보존기간 경과")
    with ctx.session() as s:
        assert s.get(Case, first) is None and s.get(Case, second) is None


def test_a_supervisor_is_offered_only_their_teams_households_for_destruction(ctx, admin_ctx, staff_ids):
    """Review finding: an office PC holds every team's cases; a 1팀 supervisor was offered, and
    could destroy, a 2팀 case."""
    lee = as_staff(admin_ctx, staff_ids["lee"])                          # 2팀 case manager
    lees = closed_case(lee, date(2019, 3, 1), "이팀대상자")
    kims = closed_case(ctx, date(2019, 3, 1), "일팀대상자")               # ctx: 김사례, 1팀
    park = as_staff(admin_ctx, staff_ids["park"])                        # 1팀 supervisor
    assert {c.case_id for c in retention.destruction_candidates(park)} == {kims}
    with pytest.raises(ValidationError, match="목록에 없는"):
        retention.destroy(park, [lees], approval_note="보존기간 경과")
    with ctx.session() as s:
        assert s.get(Case, lees) is not None
    assert {c.case_id for c in retention.destruction_candidates(admin_ctx)} == {kims, lees}


def test_device_vault_stores_only_in_a_trusted_keyring():
    from keyring.backends.fail import Keyring as NoKeyring
    vault = DeviceVault(MemoryKeyring())
    assert vault.put("hub:x", "secret") and vault.get("hub:x") == "secret"
    vault.delete("hub:x")
    vault.delete("hub:x")  # twice is harmless
    assert vault.get("hub:x") is None
    none = DeviceVault(NoKeyring())
    assert not none.available and none.put("hub:x", "secret") is False and none.get("hub:x") is None
