#!/usr/bin/env bash
# README command 1: set up .venv and run the main job on the bundled example.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/bootstrap.sh "${PREVIS_EXTRAS:-}"
exec .venv/bin/previs animatic examples/the-night-shift.fountain -o out/the-night-shift.mp4 "$@"
