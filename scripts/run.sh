#!/usr/bin/env bash
# Install and start the app. The first start makes a local encrypted demo database.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system_deps.sh
scripts/venv.sh
exec .venv/bin/python -m app "$@"
