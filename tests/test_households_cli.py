"""Household editing (all-or-nothing registration) and the command line."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.__main__ import build_parser, main
from app.services import households
from app.services.errors import AccessDenied, ValidationError
from app.services.households import MemberInput
from models.entities import Household, Member

from .conftest import as_staff, dong_id


def test_register_household_is_all_or_nothing(ctx):
    with pytest.raises(ValidationError, match="13자리"):
        households.register_household(ctx, dong_id=dong_id(ctx), address="서울 서대문구 연희로 1",
                                      head=MemberInput(name="김민수", rrn="900101-123"))
    with ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(Household)) == 0
    hh, member, warnings = households.register_household(
        ctx, dong_id=dong_id(ctx), address="서울 서대문구 연희로 1", household_types=["독거"],
        head=MemberInput(name="김민수", rrn="900101-1234567", is_head=True))
    assert warnings and "검증번호" in warnings[0]
    with ctx.session() as s:
        assert s.get(Member, member).household_id == hh


def test_update_household(ctx):
    hh, _, _ = households.register_household(ctx, dong_id=dong_id(ctx), address="서울 서대문구 연희로 1",
                                             head=MemberInput(name="김민수"))
    households.update_household(ctx, hh, dong_id=dong_id(ctx, "연희동"), address="서울 서대문구 연희로 2",
                                income_status="수급", household_types=["부자"])
    with ctx.session() as s:
        h = s.get(Household, hh)
        assert (h.address, h.income_status, h.household_types, h.version) == ("서울 서대문구 연희로 2", "수급", ["부자"], 2)
    with pytest.raises(ValidationError, match="소득 구분"):
        households.update_household(ctx, hh, dong_id=dong_id(ctx), address="x", income_status="부자")


def test_read_only_account_cannot_change_households(admin_ctx, staff_ids):
    reader = as_staff(admin_ctx, staff_ids["choi"])
    with pytest.raises(AccessDenied):
        households.register_household(reader, dong_id=dong_id(admin_ctx), address="주소", head=MemberInput(name="김"))


@pytest.mark.parametrize("argv", [["--db", "/x/a.db", "gui"], ["gui", "--db", "/x/a.db"]])
def test_db_option_before_or_after_the_command(argv):
    args = build_parser().parse_args(argv)
    assert str(args.db) == "/x/a.db" and args.func.__name__ == "cmd_gui"


def test_cli_init_demo_and_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PW", "a-long-password-1")
    db = tmp_path / "c.db"
    assert main(["init", "--db", str(db), "--center", "테스트센터", "--admin", "boss", "--dong", "천연동",
                 "--password-env", "PW"]) == 0
    assert main(["init", "--db", str(db), "--center", "x", "--admin", "boss", "--password-env", "PW"]) == 2
    assert "덮어쓰지" in capsys.readouterr().err
    assert main(["verify-audit", "--db", str(db), "--user", "boss", "--password-env", "PW"]) == 0
    monkeypatch.setenv("PW", "wrong-password-1")
    assert main(["verify-audit", "--db", str(db), "--user", "boss", "--password-env", "PW"]) == 2
    assert "비밀번호" in capsys.readouterr().err
    demo = tmp_path / "demo.db"
    assert main(["demo", "--db", str(demo), "--households", "12"]) == 0
    assert "demo-password-1" in capsys.readouterr().out
    assert main(["demo", "--db", str(demo), "--households", "12"]) == 2
