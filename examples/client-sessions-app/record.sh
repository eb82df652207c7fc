#!/usr/bin/env bash
# Records examples/client-sessions-session.pcap: app.js on 127.0.0.1:8771 under Node, captured on the
# loopback interface with tcpdump while twelve curl clients each log in, visit the account page
# three times, log out, and then replay the cookie they held before the logout (answered
# "account of userN": an encrypted cookie session cannot be revoked by the server).
# Needs root for tcpdump, and: apt-get install nodejs node-client-sessions.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../client-sessions-session.pcap}"
work="$(mktemp -d)"
cd "$here"
NODE_PATH=/usr/share/nodejs node app.js >/dev/null 2>&1 &
server=$!
tcpdump -U -i lo -w "$out" "tcp port 8771" >/dev/null 2>&1 &
capture=$!
trap 'kill "$server" "$capture" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 2
base=http://127.0.0.1:8771
for client in $(seq 1 12); do
  jar="$work/jar-$client.txt"
  curl -s -c "$jar" -b "$jar" "$base/" >/dev/null
  curl -s -c "$jar" -b "$jar" "$base/login" >/dev/null
  curl -s -c "$jar" -b "$jar" -d "username=user$client&password=pw" "$base/login" >/dev/null
  for _ in 1 2 3; do curl -s -c "$jar" -b "$jar" "$base/account" >/dev/null; done
  cp "$jar" "$work/before-logout-$client.txt"
  curl -s -c "$jar" -b "$jar" "$base/logout" >/dev/null
  echo "client $client, replayed after logout: $(curl -s -b "$work/before-logout-$client.txt" "$base/account")"
done
sleep 1
