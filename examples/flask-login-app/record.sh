#!/usr/bin/env bash
# Records examples/flask-login.har: the Flask-Login example on 127.0.0.1:5001 behind mitmproxy's HAR
# dump on 127.0.0.1:8080, driven by client.py. Needs: pip install flask flask-login mitmproxy requests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../flask-login.har}"
cd "$here"
python3 -m flask --app app run --host 127.0.0.1 --port 5001 >/dev/null 2>&1 &
server=$!
mitmdump --listen-host 127.0.0.1 --listen-port 8080 --set hardump="$out" >/dev/null 2>&1 &
proxy=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  if curl -s -o /dev/null http://127.0.0.1:5001/ && (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then break; fi
  sleep 0.2
done
python3 client.py http://127.0.0.1:5001 http://127.0.0.1:8080
kill -INT "$proxy"
wait "$proxy" || true
echo "wrote $out"
