#!/usr/bin/env bash
# Build the one-folder desktop app with PyInstaller, then start the built app offscreen on a
# fresh demo database up to its sign-in window, and check that it says so.
#   scripts/build_app.sh            → dist/saryegwanri/
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

"$PY" -m PyInstaller --noconfirm --log-level WARN build.spec

APP=dist/saryegwanri/saryegwanri
[ -x "$APP" ] || APP=dist/saryegwanri/saryegwanri.exe
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A database to sign in to (fast key derivation: it is thrown away right after).
"$PY" - "$WORK/smoke.db" <<'PY'
import sys
from pathlib import Path
from app.services import accounts
from models.keyslots import KdfParams
ctx = accounts.create_database(Path(sys.argv[1]), accounts.NewCenter(name="스모크 테스트 센터", dongs=("천연동",)),
                               admin_username="admin", admin_name="관리자", admin_password="correct-horse-42",
                               kdf=KdfParams.fast_for_tests())
ctx.store.close()
PY

if [ -f app/__main__.py ]; then ARGS=(--db "$WORK/smoke.db" gui); else ARGS=(gui --db "$WORK/smoke.db"); fi
START=$(date +%s.%N)
OUT=$(QT_QPA_PLATFORM=offscreen SARYE_SMOKE_TEST=1 SARYE_LANG=ko timeout 120 "$APP" "${ARGS[@]}" 2>"$WORK/stderr" || true)
END=$(date +%s.%N)
echo "$OUT"
if ! grep -q "^SMOKE OK 통합사례관리 — 로그인" <<<"$OUT"; then
    echo "smoke test failed: the built app did not reach its sign-in window" >&2
    cat "$WORK/stderr" >&2
    exit 1
fi
printf 'built app reached its sign-in window in %.2f s (%s)\n' "$(echo "$END - $START" | bc)" "$(du -sh dist/saryegwanri | cut -f1)"

# Then sign in: the encrypted store, its migrations and the services must work inside the bundle.
OUT=$(QT_QPA_PLATFORM=offscreen SARYE_SMOKE_TEST=1 SARYE_LANG=ko SARYE_SMOKE_USER=admin \
      SARYE_SMOKE_PASSWORD=correct-horse-42 timeout 120 "$APP" "${ARGS[@]}" 2>"$WORK/stderr" || true)
echo "$OUT"
if ! grep -q "^SMOKE SIGNED IN 통합사례관리 — 스모크 테스트 센터" <<<"$OUT"; then
    echo "smoke test failed: the built app could not sign in and show its main window" >&2
    cat "$WORK/stderr" >&2
    exit 1
fi
