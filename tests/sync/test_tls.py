"""The hub connection is always encrypted: verify-full against the center's CA when its file is
configured, require otherwise; clear text only with the loopback tests' explicit flag."""
from __future__ import annotations

import psycopg
import pytest

from app.sync import hub as hubmod
from app.sync.errors import HubCertificateError, InsecureConnectionError
from app.sync.hub import HubConnection, HubTls, tls_problem, with_tls

from . import pg
from .conftest import join


def mode(dsn: str) -> str:
    return psycopg.conninfo.conninfo_to_dict(dsn)["sslmode"]


def test_default_is_encrypted_and_a_ca_file_means_verify_full(hub, center, tmp_path, pg_cluster):
    kim = join(hub, tmp_path, "kim")
    assert mode(with_tls(kim.dsn)) == "require"
    with HubConnection(kim.dsn) as conn:
        assert conn.conn.pgconn.ssl_in_use
    ca = HubTls(sslrootcert=str(pg_cluster.ca_file))
    assert mode(with_tls(kim.dsn, ca)) == "verify-full"
    assert mode(with_tls(kim.dsn + f" sslrootcert={pg_cluster.ca_file}")) == "verify-full"
    with HubConnection(kim.dsn, tls=ca) as conn:
        assert conn.conn.pgconn.ssl_in_use
    kim.client(tls=ca).sync()
    hubmod.set_setting(hub.admin_dsn, "max_clock_skew_s", 300, tls=ca)


def test_a_hub_whose_certificate_another_ca_signed_is_refused(hub, center, tmp_path):
    kim = join(hub, tmp_path, "kim")
    other, _, _ = pg.make_ca(tmp_path, "Someone Else CA")
    with pytest.raises(HubCertificateError) as e:
        kim.client(tls=HubTls(sslrootcert=str(other))).sync()
    assert "인증서" in str(e.value)


@pytest.mark.parametrize("sslmode", ["disable", "allow", "prefer"])
def test_clear_text_is_refused_unless_the_loopback_tests_ask_for_it(hub, center, tmp_path, sslmode):
    kim = join(hub, tmp_path, "kim")
    for refused in (lambda: kim.client(tls=HubTls(sslmode=sslmode)).sync(),
                    lambda: HubConnection(kim.dsn + f" sslmode={sslmode}"),
                    lambda: hubmod.setup_hub(hub.admin_dsn + f" sslmode={sslmode}")):
        with pytest.raises(InsecureConnectionError) as e:
            refused()
        assert "암호화" in str(e.value)
    assert tls_problem(sslmode, None) is not None and tls_problem(sslmode, None, insecure_lan_test=True) is None
    lan = HubTls(sslmode="disable", insecure_lan_test=True)
    with HubConnection(kim.dsn, tls=lan) as conn:
        assert not conn.conn.pgconn.ssl_in_use
    kim.client(tls=lan).sync()


def test_settings_form_checks(tmp_path, pg_cluster):
    assert tls_problem("verify-full", str(pg_cluster.ca_file)) is None
    assert tls_problem(None, None) is None
    assert "찾을 수 없습니다" in tls_problem("verify-full", str(tmp_path / "missing.crt"))
    assert "sslmode" in tls_problem("verify-everything", None)
