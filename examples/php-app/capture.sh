#!/usr/bin/env bash
# Records examples/php-session.pcap: PHP's built-in server on 127.0.0.1:8001 (php.ini
# defaults), driven by curl with a cookie jar through the same visit as client.py (a page, the
# language cookie, login, /api/whoami, logout, a page), captured by tcpdump on the loopback
# interface. Responses are gzip-compressed (zlib.output_compression) for clients that ask, as
# curl --compressed does.
# Needs root (or CAP_NET_RAW) for tcpdump, php-cli and curl.
# EXAMPLE_FLAW=no-rotation ./capture.sh "$PWD/../php-no-rotation.pcap" records the app without
# session_regenerate_id() at login; EXAMPLE_FLAW=no-rotation,logout-keeps-session,id-in-url,token-in-body
# records the deliberately vulnerable variant, and then also replays the pre-logout cookie.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../php-session.pcap}"
work="$(mktemp -d)"
cd "$here"
EXAMPLE_FLAW="${EXAMPLE_FLAW:-}" php -n -d session.save_path="$work" -d zlib.output_compression=1 -S 127.0.0.1:8001 index.php >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:8001/ 2>/dev/null && break; sleep 0.2; done
rm -f "$work/jar"

tcpdump -i lo -U -s 0 -w "$out" 'tcp port 8001' 2>/dev/null &
capture=$!
sleep 1
jar="$work/jar"
curl -s -c "$jar" -b "$jar" http://127.0.0.1:8001/ >/dev/null
curl -s -c "$jar" -b "$jar" http://127.0.0.1:8001/lang >/dev/null
curl -s -c "$jar" -b "$jar" -d username=alice http://127.0.0.1:8001/login >/dev/null
curl -s --compressed -c "$jar" -b "$jar" http://127.0.0.1:8001/api/whoami >/dev/null
cp "$jar" "$jar.before-logout"
curl -s -c "$jar" -b "$jar" -X POST http://127.0.0.1:8001/logout >/dev/null
curl -s -c "$jar" -b "$jar" http://127.0.0.1:8001/ >/dev/null
case "${EXAMPLE_FLAW:-}" in
  *logout-keeps-session*)  # what an attacker holding the old cookie would do
    curl -s -b "$jar.before-logout" http://127.0.0.1:8001/ >/dev/null ;;
esac
sleep 1
kill -INT "$capture"
wait "$capture" || true
echo "wrote $out"
