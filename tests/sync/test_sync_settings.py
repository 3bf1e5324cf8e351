"""Hub connection settings: stored in the encrypted store per device and per person; the password
only in a trusted OS keyring, never anywhere else."""
from __future__ import annotations

import pytest
from keyring.backends.fail import Keyring as NoKeyring
from sqlalchemy import select

from app.device_vault import SERVICE, DeviceVault, MemoryKeyring
from app.services.errors import ValidationError
from app.sync import settings as hubsettings
from app.sync.errors import WrongCredentialsError
from app.sync.settings import HubSettings
from models.entities import Meta

from ..conftest import PASSWORD, as_staff

HUB = HubSettings(host="hub.center.local", port=5433, database="sarye_hub", username="kim")


def meta_values(ctx) -> str:
    with ctx.session() as s:
        return "\n".join(s.scalars(select(Meta.value)))


def test_round_trip_with_a_trusted_keyring(ctx):
    backend = MemoryKeyring()
    vault = DeviceVault(backend)
    result = hubsettings.save(ctx, HUB, "hub-password-1", vault)
    assert result.password_saved and result.keyring_available
    assert hubsettings.load(ctx) == HUB
    assert hubsettings.stored_password(ctx, HUB, vault) == "hub-password-1"
    # Under one key per device and account; nothing of it in the store itself.
    assert backend.get_password(SERVICE, f"hub:{ctx.device_id}:kim") == "hub-password-1"
    assert "hub-password-1" not in meta_values(ctx)
    # Saving again without a password keeps the saved one; forgetting drops it.
    hubsettings.save(ctx, HUB, None, vault)
    assert hubsettings.stored_password(ctx, HUB, vault) == "hub-password-1"
    hubsettings.forget_password(ctx, HUB, vault)
    assert hubsettings.stored_password(ctx, HUB, vault) is None


def test_without_a_trusted_keyring_the_password_is_not_stored(ctx):
    vault = DeviceVault(NoKeyring())
    result = hubsettings.save(ctx, HUB, "hub-password-1", vault)
    assert not result.password_saved and not result.keyring_available
    assert hubsettings.load(ctx) == HUB                  # the settings themselves are kept
    assert hubsettings.stored_password(ctx, HUB, vault) is None
    assert not hubsettings.keyring_available(vault)
    assert "hub-password-1" not in meta_values(ctx)


def test_the_hub_is_per_device_and_the_account_per_person(ctx, admin_ctx, staff_ids):
    assert hubsettings.load(ctx) == HubSettings(username="kim")     # nothing set: their own sign-in name
    hubsettings.save(ctx, HUB, None, DeviceVault(MemoryKeyring()))
    park = as_staff(admin_ctx, staff_ids["park"])
    assert hubsettings.load(park) == HubSettings(host=HUB.host, port=HUB.port, database=HUB.database,
                                                 username="park")
    hubsettings.save(park, HubSettings(HUB.host, HUB.port, HUB.database, "park.team1"), None,
                     DeviceVault(MemoryKeyring()))
    assert hubsettings.load(park).username == "park.team1"
    assert hubsettings.load(ctx).username == "kim"


@pytest.mark.parametrize("bad, words", [
    (HubSettings("", 5432, "hub", "kim"), "서버 주소"),
    (HubSettings("hub center", 5432, "hub", "kim"), "서버 주소는"),
    (HubSettings("hub", 0, "hub", "kim"), "포트"),
    (HubSettings("hub", 5432, " ", "kim"), "데이터베이스"),
    (HubSettings("hub", 5432, "hub", "김사례"), "영문"),
])
def test_bad_settings_are_refused_in_korean(ctx, bad, words):
    assert any(words in p for p in bad.problems())
    with pytest.raises(ValidationError) as err:
        hubsettings.save(ctx, bad, None, DeviceVault(MemoryKeyring()))
    assert words in str(err.value)


def test_dsn_uses_the_staff_login_role_and_no_stored_secret():
    dsn = HUB.dsn("p w'd")
    import psycopg
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    assert params == {"host": "hub.center.local", "port": "5433", "dbname": "sarye_hub", "user": "staff_kim",
                      "password": "p w'd", "sslmode": "require"}
    assert HUB.address() == "hub.center.local:5433/sarye_hub"


def test_a_center_ca_file_means_the_hub_certificate_is_verified(tmp_path):
    import psycopg
    from dataclasses import replace
    ca = tmp_path / "center-ca.pem"
    missing = replace(HUB, ca_file=str(ca))
    assert any("인증서" in p for p in missing.problems())
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    params = psycopg.conninfo.conninfo_to_dict(replace(HUB, ca_file=str(ca)).dsn("pw"))
    assert (params["sslmode"], params["sslrootcert"]) == ("verify-full", str(ca))


def test_connection_check_against_the_hub(admin_ctx, hub, center):
    """The office PC's administrator (the device the `center` fixture registered)."""
    good = HubSettings("127.0.0.1", hub.cluster.port, hub.dbname, "admin")
    with pytest.raises(WrongCredentialsError):
        hubsettings.check_connection(admin_ctx, good, "not-the-password")
    check = hubsettings.check_connection(admin_ctx, good, PASSWORD)
    assert check.hub_schema >= 2 and check.device == "active"
