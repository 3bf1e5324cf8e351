#!/usr/bin/env bash
# Install and run the tests (the same command CI runs). Qt runs offscreen; the sync tests start
# their own throwaway PostgreSQL cluster on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system_deps.sh
scripts/venv.sh test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest -q "$@"
