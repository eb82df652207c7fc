#!/usr/bin/env bash
# Records examples/flask-login.har: the Flask-Login example on 127.0.0.1:5001 behind mitmproxy's
# HAR dump, driven by client.py. Needs: pip install flask flask-login mitmproxy requests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../flask-login.har}"
cd "$here"
python3 -m flask --app app run --host 127.0.0.1 --port 5001 >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
"$here/../record-har.sh" 5001 "$out" client.py
