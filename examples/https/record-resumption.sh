#!/usr/bin/env bash
# Records examples/https/tls12-resumed.pcap and its key log: curl fetches three URLs from nginx
# over TLS 1.2 with "Connection: close", so it opens three connections and resumes the first
# one's session (by session ID) in the other two; nginx sets a cookie on each answer. curl
# logs a CLIENT_RANDOM line for every handshake, resumed or not; the tests drop the resumed
# ones to check that sessionlint finds their master secret through the session it resumes.
# Needs root (or CAP_NET_RAW) for tcpdump, nginx, curl and openssl.
set -euo pipefail
out="$(realpath -m "${1:-$(dirname "$0")}")"
work="$(mktemp -d)"
source "$(dirname "$0")/tls-server.sh"
make_certificate "$work"
nginx_config "$work" "    server {
        listen 127.0.0.1:9444 ssl;
        ssl_certificate $work/cert.pem;
        ssl_certificate_key $work/key.pem;
        ssl_session_cache shared:SSL:1m;
        location / {
            add_header Set-Cookie \"sid=\$request_id; Path=/; Secure; HttpOnly\";
            return 200 \"ok\\n\";
        }
    }" > "$work/nginx.conf"
nginx -c "$work/nginx.conf"
trap 'kill "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT
sleep 0.5
rm -f "$out/tls12-resumed.pcap" "$out/tls12-resumed.keylog"
tcpdump -i lo -U -s 0 -w "$out/tls12-resumed.pcap" 'tcp port 9444' 2>/dev/null &
capture=$!
sleep 1
SSLKEYLOGFILE="$out/tls12-resumed.keylog" curl -sk --tls-max 1.2 -H "Connection: close" \
    https://127.0.0.1:9444/a https://127.0.0.1:9444/b https://127.0.0.1:9444/c >/dev/null
sleep 1
kill -INT "$capture"
wait "$capture" || true
chmod 644 "$out/tls12-resumed.keylog"
echo "wrote $out/tls12-resumed.pcap"
