#!/usr/bin/env bash
# Shared by the examples' record.sh scripts: with an app already listening on 127.0.0.1:PORT,
# puts mitmproxy's HAR dump on 127.0.0.1:8080 in front of it, runs CLIENT (a Python script
# taking the app URL and the proxy URL; it inherits EXAMPLE_FLAW and the rest of the
# environment) and writes OUT when mitmdump shuts down.
#   record-har.sh PORT OUT CLIENT
# Needs: pip install mitmproxy requests; curl.
set -euo pipefail
port="$1" out="$2" client="$3"
mitmdump --listen-host 127.0.0.1 --listen-port 8080 --set hardump="$out" >/dev/null 2>&1 &
proxy=$!
trap 'kill "$proxy" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/" && (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then break; fi
  sleep 0.2
done
python3 "$client" "http://127.0.0.1:$port" http://127.0.0.1:8080
kill -INT "$proxy"   # mitmdump writes the HAR when it shuts down
wait "$proxy" || true
trap - EXIT
echo "wrote $out"
