#!/usr/bin/env bash
# README command 2: set up .venv with every extra and the test tools, then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh dev
exec .venv/bin/python -m pytest "$@"
