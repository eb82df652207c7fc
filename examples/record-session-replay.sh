#!/usr/bin/env bash
# Shared by the framework examples' record.sh (aiohttp, client-sessions, gorilla, koa-cookies,
# pyramid, tornado): starts an app on 127.0.0.1:PORT and captures the loopback interface with
# tcpdump into OUT while twelve curl clients each log in (POST /login with FIELD=userN and a
# password), visit /account three times, log out (/logout), and then replay the cookies they
# held before the logout, printing each answer (for these apps, "account of userN": a session
# kept in the cookie cannot be revoked by the server).
#
#   record-session-replay.sh OUT PORT FIELD APP-COMMAND...
#
# Needs root for tcpdump, and curl.
set -euo pipefail
out="$1" port="$2" field="$3"
shift 3
work="$(mktemp -d)"
"$@" >/dev/null 2>&1 &
server=$!
tcpdump -U -i lo -w "$out" "tcp port $port" >/dev/null 2>&1 &
capture=$!
trap 'kill "$server" "$capture" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 2
base="http://127.0.0.1:$port"
for client in $(seq 1 12); do
  jar="$work/jar-$client.txt"
  curl -s -c "$jar" -b "$jar" "$base/" >/dev/null
  curl -s -c "$jar" -b "$jar" "$base/login" >/dev/null
  curl -s -c "$jar" -b "$jar" -d "$field=user$client&password=pw" "$base/login" >/dev/null
  for _ in 1 2 3; do curl -s -c "$jar" -b "$jar" "$base/account" >/dev/null; done
  cp "$jar" "$work/before-logout-$client.txt"
  curl -s -c "$jar" -b "$jar" "$base/logout" >/dev/null
  echo "client $client, replayed after logout: $(curl -s -b "$work/before-logout-$client.txt" "$base/account")"
done
sleep 1
