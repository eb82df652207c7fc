#!/usr/bin/env bash
# Records examples/django-tutorial.har: runs the example Django app on 127.0.0.1:8000, puts
# mitmproxy's HAR dump (mitmdump --set hardump=…) in front of it on 127.0.0.1:8080, and drives
# it with client.py. Needs: pip install django mitmproxy requests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../django-tutorial.har}"
source "$here/serve-app.sh"

mitmdump --listen-host 127.0.0.1 --listen-port 8080 --set hardump="$out" >"$work/proxy.log" 2>&1 &
proxy=$!
stop+=("$proxy")
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && break; sleep 0.2; done

python3 client.py http://127.0.0.1:8000 http://127.0.0.1:8080
kill -INT "$proxy"   # mitmdump writes the HAR when it shuts down
wait "$proxy" || true
echo "wrote $out"
