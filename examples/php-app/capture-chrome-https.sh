#!/usr/bin/env bash
# Records examples/https/php-chrome-h2.pcap and its key log: Chromium (headless, QUIC off) visits
# the PHP example app (EXAMPLE_FLAW=no-rotation) behind nginx with TLS and HTTP/2 on
# 127.0.0.1:9443, one browser run per page (/, /lang, /prefs, /api/whoami) with one profile, so
# persistent cookies carry over and session cookies do not, as after a browser restart. Chrome
# splits the Cookie header into one HPACK field per cookie ("crumbs", RFC 9113 §8.2.3) and asks
# for /favicon.ico after each page. Needs root (or CAP_NET_RAW) for tcpdump, nginx, php-cli,
# chromium and openssl.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(realpath -m "${1:-$here/../https}")"  # Chromium ignores a key log path with ".." in it
mkdir -p "$out"
work="$(mktemp -d)"

source "$here/../https/tls-server.sh"
serve_php_shop "$work" 8002 "127.0.0.1:9443 ssl http2"

rm -f "$out/php-chrome-h2.pcap" "$out/php-chrome-h2.keylog"
tcpdump -i lo -U -s 0 -w "$out/php-chrome-h2.pcap" 'tcp port 9443' 2>/dev/null &
capture=$!
sleep 1
for page in / /lang /prefs /api/whoami; do
    timeout 60 chromium --headless=new --no-sandbox --disable-gpu --disable-quic --ignore-certificate-errors \
        --user-data-dir="$work/profile" --ssl-key-log-file="$out/php-chrome-h2.keylog" \
        --host-resolver-rules="MAP shop.test 127.0.0.1" --dump-dom "https://shop.test:9443$page" >/dev/null 2>&1 || true
done
sleep 1
kill -INT "$capture"
wait "$capture" || true
echo "wrote $out/php-chrome-h2.pcap"
