#!/usr/bin/env bash
# Records examples/php-session.har: PHP's built-in server on 127.0.0.1:8001 (php.ini defaults)
# behind mitmproxy's HAR dump on 127.0.0.1:8080, driven by client.py.
# Needs: apt-get install php-cli; pip install mitmproxy requests.
# EXAMPLE_FLAW=no-rotation,logout-keeps-session,id-in-url,token-in-body ./record.sh "$PWD/../php-vulnerable.har"
# records the deliberately vulnerable variant (client.py then also replays the pre-logout cookie).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../php-session.har}"
sessions="$(mktemp -d)"
cd "$here"
EXAMPLE_FLAW="${EXAMPLE_FLAW:-}" php -n -d session.save_path="$sessions" -d zlib.output_compression=1 -S 127.0.0.1:8001 index.php >/dev/null 2>&1 &
server=$!
mitmdump --listen-host 127.0.0.1 --listen-port 8080 --set hardump="$out" >/dev/null 2>&1 &
proxy=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$sessions"' EXIT
for _ in $(seq 50); do
  if curl -s -o /dev/null http://127.0.0.1:8001/ && (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then break; fi
  sleep 0.2
done
EXAMPLE_FLAW="${EXAMPLE_FLAW:-}" python3 client.py http://127.0.0.1:8001 http://127.0.0.1:8080
kill -INT "$proxy"
wait "$proxy" || true
echo "wrote $out"
