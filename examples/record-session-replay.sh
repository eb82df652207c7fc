#!/usr/bin/env bash
# Shared by the framework examples' record.sh (aiohttp, bottle, cherrypy, client-sessions,
# dancer2, flask-session, gorilla, koa-cookies, laravel, mojolicious, pyramid, rails, sinatra,
# tornado): starts an app on 127.0.0.1:PORT, waits until it listens, and captures the loopback
# interface with tcpdump into OUT while twelve curl clients each log in (POST /login with
# FIELD=userN and a password), visit /account three times, log out (/logout), and then replay
# the cookies they held before the logout, printing each answer ("account of userN" where the
# session is kept in the cookie, which the server cannot revoke; a refusal where the server
# ended it).
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
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
# Wait (up to a minute: Rails takes seconds to boot) until the app accepts connections, by
# opening one without a request, before the capture starts: nothing of the wait is recorded.
for _ in $(seq 1 300); do
  kill -0 "$server" 2>/dev/null || { echo "the app exited before it listened on port $port: $*" >&2; exit 1; }
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done
tcpdump -U -i lo -w "$out" "tcp port $port" >/dev/null 2>&1 &
capture=$!
trap 'kill "$server" "$capture" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 1
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
