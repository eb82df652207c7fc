#!/usr/bin/env bash
# Records examples/gorilla-session.pcap: main.go on 127.0.0.1:8768, captured on the loopback
# interface with tcpdump while twelve curl clients each log in, visit the account page three
# times, log out, and then replay the cookie they held before the logout (answered "account of
# userN": a signed cookie session cannot be revoked by the server).
# Needs root for tcpdump, and: apt-get install golang-go golang-github-gorilla-sessions-dev.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../gorilla-session.pcap}"
work="$(mktemp -d)"
cd "$here"
GOPATH=/usr/share/gocode GO111MODULE=off go build -o "$work/app" main.go
"$work/app" &
server=$!
tcpdump -U -i lo -w "$out" "tcp port 8768" >/dev/null 2>&1 &
capture=$!
trap 'kill "$server" "$capture" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 2
base=http://127.0.0.1:8768
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
