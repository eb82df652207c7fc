#!/usr/bin/env bash
# Records examples/https/: the PHP example app (index.php, EXAMPLE_FLAW=no-rotation, so the
# session ID is not rotated at login) behind nginx with TLS (a self-signed certificate made
# here) on 127.0.0.1:8443, driven by curl with SSLKEYLOGFILE through the same visit as
# capture.sh, once per protocol pair:
#   php-h1-tls12  HTTP/1.1 over TLS 1.2     php-h2-tls12  HTTP/2 over TLS 1.2
#   php-h1-tls13  HTTP/1.1 over TLS 1.3     php-h2-tls13  HTTP/2 over TLS 1.3
#   php-clear     the same visit in clear through nginx on 127.0.0.1:8080
# Each capture NAME.pcap gets its key log NAME.keylog. Captured by tcpdump on loopback.
# Needs root (or CAP_NET_RAW) for tcpdump, nginx (with http_ssl and http_v2), php-cli,
# curl with HTTP/2, and openssl.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../https}"
mkdir -p "$out"
work="$(mktemp -d)"

source "$here/../https/tls-server.sh"
serve_php_shop "$work" 8001 "127.0.0.1:8443 ssl http2" "127.0.0.1:8080"

# One visit: a page, the language cookie, login, the JSON call, logout, a page.
visit() {
    local base="$1"; shift
    local jar="$work/jar"
    rm -f "$jar"
    local options=(-s -k --resolve shop.test:8443:127.0.0.1 --resolve shop.test:8080:127.0.0.1 -c "$jar" -b "$jar" "$@")
    curl "${options[@]}" "$base/" >/dev/null
    curl "${options[@]}" "$base/lang" >/dev/null
    curl "${options[@]}" -d username=alice "$base/login" >/dev/null
    curl "${options[@]}" "$base/api/whoami" >/dev/null
    curl "${options[@]}" -X POST "$base/logout" >/dev/null
    curl "${options[@]}" "$base/" >/dev/null
}

record() {
    local name="$1" port="$2"; shift 2
    rm -f "$out/$name.pcap" "$out/$name.keylog"
    tcpdump -i lo -U -s 0 -w "$out/$name.pcap" "tcp port $port" 2>/dev/null &
    local capture=$!
    sleep 1
    if [ "$port" = 8443 ]; then
        SSLKEYLOGFILE="$out/$name.keylog" visit https://shop.test:8443 "$@"
    else
        visit http://shop.test:8080 "$@"
    fi
    sleep 1
    kill -INT "$capture"
    wait "$capture" || true
    echo "wrote $out/$name.pcap"
}

record php-h1-tls12 8443 --http1.1 --tlsv1.2 --tls-max 1.2
record php-h1-tls13 8443 --http1.1 --tlsv1.3
record php-h2-tls12 8443 --http2 --tlsv1.2 --tls-max 1.2
record php-h2-tls13 8443 --http2 --tlsv1.3
record php-clear 8080 --http1.1
