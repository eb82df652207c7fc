#!/usr/bin/env bash
# Records examples/starlette-session.pcap: app.py on 127.0.0.1:8765 under uvicorn, captured on
# the loopback interface with tcpdump while curl logs in, visits the account page three times,
# logs out, and then replays the cookie it held before the logout (answered "account of alice").
# Needs root for tcpdump, and: pip install starlette itsdangerous python-multipart uvicorn.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../starlette-session.pcap}"
work="$(mktemp -d)"
cd "$here"
uvicorn app:app --host 127.0.0.1 --port 8765 >/dev/null 2>&1 &
server=$!
tcpdump -i lo -w "$out" "tcp port 8765" >/dev/null 2>&1 &
capture=$!
trap 'kill "$server" "$capture" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 2
base=http://127.0.0.1:8765
jar="$work/jar.txt"
curl -s -c "$jar" -b "$jar" "$base/" >/dev/null
curl -s -c "$jar" -b "$jar" "$base/login" >/dev/null
curl -s -c "$jar" -b "$jar" -d "username=alice&password=pw" "$base/login" >/dev/null
for _ in 1 2 3; do curl -s -c "$jar" -b "$jar" "$base/account" >/dev/null; done
cp "$jar" "$work/before-logout.txt"
curl -s -c "$jar" -b "$jar" "$base/logout" >/dev/null
echo "replayed after logout: $(curl -s -b "$work/before-logout.txt" "$base/account")"
sleep 1
