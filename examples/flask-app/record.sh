#!/usr/bin/env bash
# Records examples/flask-session.har: the Flask example on 127.0.0.1:5000 behind mitmproxy's HAR
# dump, driven by client.py. Needs: pip install flask mitmproxy requests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../flask-session.har}"
cd "$here"
python3 -m flask --app app run --host 127.0.0.1 --port 5000 >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
"$here/../record-har.sh" 5000 "$out" client.py
