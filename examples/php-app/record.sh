#!/usr/bin/env bash
# Records examples/php-session.har: PHP's built-in server on 127.0.0.1:8001 (php.ini defaults)
# behind mitmproxy's HAR dump (../record-har.sh), driven by client.py.
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
trap 'kill "$server" 2>/dev/null || true; rm -rf "$sessions"' EXIT
EXAMPLE_FLAW="${EXAMPLE_FLAW:-}" "$here/../record-har.sh" 8001 "$out" client.py
