#!/usr/bin/env bash
# Make (or refresh) the virtual environment at .venv with the given extras.
# Usage: scripts/bootstrap.sh [EXTRAS]   e.g. scripts/bootstrap.sh dev
# Reinstalls only when pyproject.toml or the extras changed (a stamp file records them).
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
py="${PYTHON:-python3}"
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "previs needs Python 3.11 or newer (found: $("$py" --version 2>&1)); set PYTHON=/path/to/python3.11" >&2
  exit 2
fi
[ -x .venv/bin/python ] || "$py" -m venv .venv
stamp=".venv/.previs-stamp"
want="$(cat pyproject.toml scripts/bootstrap.sh | "$py" -c 'import hashlib,sys;print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())') extras=$extras"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi
echo "setting up .venv (extras: ${extras:-none}) ..." >&2
pip=(.venv/bin/python -m pip --disable-pip-version-check -q)
"${pip[@]}" install --upgrade pip >/dev/null
if [[ "$extras" == *dev* || "$extras" == *diffusion* || "$extras" == *all* ]]; then
  # The diffusion extra needs torch; pin the release the project is tested with so pip
  # does not reach for a newer multi-GB build.
  "${pip[@]}" install "torch==2.13.0"
fi
if [ -n "$extras" ]; then target=".[$extras]"; else target="."; fi
"${pip[@]}" install -e "$target"
echo "$want" > "$stamp"
