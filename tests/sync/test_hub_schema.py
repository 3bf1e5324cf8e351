"""The hub's layout: numbered migrations for tables, one current definition of each function.

A hub built from the released files (one file per version, whole functions replaced) and upgraded
by today's setup keeps its data and ends with the same functions, views and grants as a fresh hub;
setup runs again harmlessly, and a broken function file leaves the hub at its previous version."""
from __future__ import annotations

import re
import shutil
from datetime import date

import psycopg
import pytest

from app.services import retention
from app.sync import hub as hubmod
from models.entities import Household

from ..conftest import FAST_KDF, PASSWORD
from ..test_security import closed_case
from .conftest import Device, Hub, join, new_hub_db
from .helpers import edit, get, hub_view, kims_case, local_view
from .released_hub import build_released_hub

FUNCTION = re.compile(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?FUNCTION\s+(\w+)\.(\w+)\s*\(", re.I)
DO_BLOCK = re.compile(r"\bDO\s+\$\$.*?\$\$", re.S | re.I)


def logins(hub: Hub, admin_ctx, staff_ids) -> Device:
    """A login for the admin and every staff member, each with the center's field key, and the
    admin's office PC synced (as the `center` fixture does)."""
    key = admin_ctx.store.ensure_center_key()
    for username, staff_id in [("admin", admin_ctx.actor.staff_id), *staff_ids.items()]:
        hubmod.create_staff_login(hub.admin_dsn, staff_id=staff_id, username=username, password=PASSWORD,
                                  hub_admin=username == "admin", center_key=key, kdf=FAST_KDF)
    admin = Device(admin_ctx, hub.dsn_for("admin"))
    admin.sync()
    return admin


def catalog(hub: Hub) -> dict[str, dict]:
    """Every function (definition and grants), view, table, column, index and constraint of the hub."""
    def rows(query: str) -> dict:
        return {row[0]: row[1:] for row in hub.query(query)}
    return {
        "functions": rows("SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid), p.proacl::text "
                          "FROM pg_proc p WHERE p.pronamespace = 'hub'::regnamespace"),
        "views": rows("SELECT c.relname, pg_get_viewdef(c.oid), c.relacl::text FROM pg_class c "
                      "WHERE c.relnamespace = 'hub'::regnamespace AND c.relkind IN ('v', 'm')"),
        "relations": rows("SELECT c.relname, c.relkind::text, c.relacl::text, pg_get_userbyid(c.relowner)::text "
                          "FROM pg_class c WHERE c.relnamespace = 'hub'::regnamespace"),
        "columns": rows("SELECT table_name || '.' || column_name, data_type, column_default, is_nullable "
                        "FROM information_schema.columns WHERE table_schema = 'hub'"),
        "indexes": rows("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'hub'"),
        "constraints": rows("SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid) "
                            "FROM pg_constraint WHERE connamespace = 'hub'::regnamespace"),
        "schema": rows("SELECT nspname, nspacl::text FROM pg_namespace WHERE nspname = 'hub'"),
    }


def table_contents(hub: Hub) -> dict[str, list[str]]:
    """Every row of every hub table, and where the change sequence stands."""
    tables = [t for (t,) in hub.query("SELECT tablename FROM pg_tables WHERE schemaname = 'hub' ORDER BY 1")]
    contents = {t: [r for (r,) in hub.query(f"SELECT to_jsonb(x)::text FROM hub.{t} x ORDER BY 1")] for t in tables}
    contents["change_seq"] = hub.query("SELECT last_value, is_called FROM hub.change_seq")
    return contents


def hub_version(hub: Hub) -> int:
    [(version,)] = hub.query("SELECT max(version) FROM hub.schema_version")
    return version


def released_center_with_data(pg_cluster, tmp_path, admin_ctx, staff_ids) -> dict:
    """A schema-8 hub from the released files, synced by today's client: laptops with their case
    codes, cases with notes, a conflict, a destroyed case."""
    hub = Hub(pg_cluster, new_hub_db(pg_cluster))
    assert build_released_hub(hub.admin_dsn) == 8
    admin = logins(hub, admin_ctx, staff_ids)
    kim, park = join(hub, tmp_path, "kim"), join(hub, tmp_path, "park")
    case_id, household_id, _contact = kims_case(kim.ctx)
    old = closed_case(kim.ctx, date(2020, 3, 1), "파기될사람")
    kim.sync()
    park.sync()
    edit(kim.ctx, Household, household_id, address="연희로 2 (김)")
    edit(park.ctx, Household, household_id, address="연희로 3 (박)")
    kim.sync()
    assert park.sync().conflicts == 1
    admin.sync()
    retention.destroy(admin_ctx, [old], approval_note="보존기간 경과")
    assert admin.sync().conflicts == 0
    for device in (kim, park):
        device.sync()
    counts = dict(hub.query(
        "SELECT 'codes', count(case_code) FROM hub.device UNION ALL "
        "SELECT 'conflicts', count(*) FROM hub.record WHERE entity = 'sync_conflict' UNION ALL "
        "SELECT 'notes', count(*) FROM hub.record WHERE entity = 'note_version' UNION ALL "
        "SELECT 'destroyed', count(*) FROM hub.destruction UNION ALL "
        "SELECT 'cases', count(*) FROM hub.record WHERE entity = 'case_file' AND NOT deleted"))
    assert counts["codes"] == 3 and counts["conflicts"] >= 1 and counts["notes"] >= 1
    assert counts["destroyed"] >= 1 and counts["cases"] == 1
    return {"hub": hub, "admin": admin, "kim": kim, "park": park, "case": case_id, "household": household_id}


def test_a_released_hub_upgrades_without_losing_data_and_keeps_syncing(pg_cluster, tmp_path, admin_ctx, staff_ids):
    world = released_center_with_data(pg_cluster, tmp_path, admin_ctx, staff_ids)
    hub, kim, park = world["hub"], world["kim"], world["park"]
    released = catalog(hub)
    before = table_contents(hub)

    assert hubmod.setup_hub(hub.admin_dsn) == hubmod.hub_schema_version() == 9
    after = table_contents(hub)
    generation = after.pop("generation")                   # 009: the hub's first generation
    assert after.pop("schema_version")[:-1] == before.pop("schema_version")   # and its line there
    assert after == before
    assert len(generation) == 1 and '"number": 1' in generation[0] and '"restored_at": null' in generation[0]
    fresh = Hub(pg_cluster, new_hub_db(pg_cluster))
    hubmod.setup_hub(fresh.admin_dsn)
    upgraded = catalog(hub)
    assert upgraded == catalog(fresh)
    # since the release: the generation's two functions, hello telling it, conflicts named by their
    # op (009); faster push and pull pages (issue 18)
    changed = {f for f in upgraded["functions"] if upgraded["functions"][f] != released["functions"].get(f)}
    assert changed == {"hub._generation()", "hub.new_generation()", "hub.hello(text,integer,text)",
                       "hub._conflict(text,text,text,text,text,text,text,text,jsonb,jsonb,jsonb,integer,integer)",
                       "hub._bump(text[])", "hub._pull_page(text[],bigint,integer)",
                       "hub.pull_changes(text,integer,bigint,integer,text[])", "hub.push_changes(text,integer,jsonb)"}
    assert released["functions"].keys() <= upgraded["functions"].keys()

    edit(kim.ctx, Household, world["household"], phone="02-330-5678")
    assert kim.sync().pushed > 0
    park.sync()
    assert get(park.ctx, Household, world["household"]).phone == "02-330-5678"
    lee = join(hub, tmp_path, "lee")                        # a new laptop registers and claims its code
    assert hub.query("SELECT count(case_code) FROM hub.device") == [(4,)]
    for device, who in ((kim, "kim"), (park, "park"), (lee, "lee")):
        device.sync()
        assert local_view(device.ctx) == hub_view(hub, staff_ids[who])


@pytest.mark.parametrize("upto", [2, 5, 7, 8])
def test_a_fresh_hub_and_an_upgraded_one_have_the_same_functions_and_grants(hub, pg_cluster, upto):
    old = Hub(pg_cluster, new_hub_db(pg_cluster))
    build_released_hub(old.admin_dsn, upto=upto)
    hubmod.setup_hub(old.admin_dsn)
    fresh, upgraded = catalog(hub), catalog(old)
    assert fresh["functions"].keys() == upgraded["functions"].keys()
    for kind in fresh:
        assert fresh[kind] == upgraded[kind], kind
    [(staff_may_execute,)] = hub.query(
        "SELECT array_agg(p.proname::text ORDER BY p.proname) FROM pg_proc p "
        "WHERE p.pronamespace = 'hub'::regnamespace AND has_function_privilege('hub_staff', p.oid, 'EXECUTE')")
    assert staff_may_execute == ["claim_case_code", "field_key_slot", "hello", "pull_changes", "push_changes",
                                 "register_device", "register_device"]
    assert hub.query("SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'hub'::regnamespace "
                     "AND has_function_privilege('public', p.oid, 'EXECUTE')") == [(0,)]


def test_each_function_is_defined_once_and_migrations_define_none(hub):
    folder = hubmod.hub_sql_dir()
    defined: dict[str, set[str]] = {}
    for path in hubmod.function_files():
        for schema, name in FUNCTION.findall(path.read_text("utf-8")):
            assert schema == "hub", (path.name, name)
            defined.setdefault(name, set()).add(path.name)
    assert {name: files for name, files in defined.items() if len(files) > 1} == {}
    assert {p.name for p in (folder / "functions").glob("*.sql")} == set(hubmod.FUNCTION_FILES)
    assert hubmod.FUNCTION_FILES[-1] == "grants.sql"
    in_hub = {name for (name,) in hub.query("SELECT proname::text FROM pg_proc "
                                            "WHERE pronamespace = 'hub'::regnamespace")}
    assert in_hub == set(defined)

    versions = [v for v, _ in hubmod.migration_files()]
    assert versions == list(range(1, len(versions) + 1)) and hubmod.hub_schema_version() == versions[-1]
    for _, path in hubmod.migration_files():
        outside_do = DO_BLOCK.sub("", path.read_text("utf-8"))
        assert {schema for schema, _ in FUNCTION.findall(outside_do)} <= {"pg_temp"}, path.name
        assert not re.search(r"\b(GRANT|REVOKE)\b[^;]*\bFUNCTION\b|\bCREATE\s+(OR\s+REPLACE\s+)?VIEW\b",
                             outside_do, re.I), path.name


def test_setup_again_changes_nothing_and_drops_what_the_files_no_longer_define(hub, center, tmp_path, staff_ids):
    kim = join(hub, tmp_path, "kim")
    kims_case(kim.ctx)
    kim.sync()
    before, contents = catalog(hub), table_contents(hub)
    with psycopg.connect(hub.admin_dsn, autocommit=True) as conn:
        conn.execute("SET ROLE hub_owner")
        conn.execute("CREATE FUNCTION hub._taken_out(p integer) RETURNS integer LANGUAGE sql AS 'SELECT p'")
    assert hubmod.setup_hub(hub.admin_dsn) == hubmod.setup_hub(hub.admin_dsn) == hubmod.hub_schema_version()
    assert catalog(hub) == before and table_contents(hub) == contents
    assert kim.sync().pushed == 0 and center["admin"].sync().conflicts == 0
    assert local_view(kim.ctx) == hub_view(hub, staff_ids["kim"])


def test_a_broken_function_file_leaves_the_hub_at_its_previous_version(pg_cluster, tmp_path, monkeypatch):
    hub = Hub(pg_cluster, new_hub_db(pg_cluster))
    assert build_released_hub(hub.admin_dsn, upto=7) == 7
    before, contents = catalog(hub), table_contents(hub)
    broken = tmp_path / "hub"
    shutil.copytree(hubmod.hub_sql_dir(), broken)
    pull = broken / "functions" / "pull.sql"
    typo = "\nCREATE FUNCTION hub._broken() RETURNS int LANGUAGE sql AS $$ SELEC 1 $$;\n"
    pull.write_text(pull.read_text("utf-8") + typo, "utf-8")
    monkeypatch.setattr(hubmod, "hub_sql_dir", lambda: broken)
    with pytest.raises(psycopg.errors.SyntaxError):
        hubmod.setup_hub(hub.admin_dsn)
    assert hub_version(hub) == 7
    assert hub.query("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'hub' "
                     "AND table_name = 'device' AND column_name = 'case_code'") == [(0,)]   # 008 rolled back
    assert hub.query("SELECT to_regclass('hub.generation') IS NULL") == [(True,)]            # and 009
    assert catalog(hub) == before and table_contents(hub) == contents

    (broken / "functions" / "extra.sql").write_text("-- not in FUNCTION_FILES\n", "utf-8")
    with pytest.raises(RuntimeError, match="extra.sql"):
        hubmod.setup_hub(hub.admin_dsn)
    assert hub_version(hub) == 7

    monkeypatch.undo()
    assert hubmod.setup_hub(hub.admin_dsn) == hubmod.hub_schema_version() == 9
