#!/usr/bin/env bash
# Records examples/django-tutorial.har: runs the example Django app on 127.0.0.1:8000, puts
# mitmproxy's HAR dump (mitmdump --set hardump=…) in front of it on 127.0.0.1:8080, and drives
# it with client.py. Needs: pip install django mitmproxy requests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../django-tutorial.har}"
work="$(mktemp -d)"
export EXAMPLE_DB="$work/db.sqlite3"

cd "$here"
python3 manage.py migrate --noinput >/dev/null
python3 manage.py shell -c "from django.contrib.auth.models import User; User.objects.create_user('alice', password='correct horse battery staple')"

python3 manage.py runserver 127.0.0.1:8000 --noreload >"$work/server.log" 2>&1 &
server=$!
mitmdump --listen-host 127.0.0.1 --listen-port 8080 --set hardump="$out" >"$work/proxy.log" 2>&1 &
proxy=$!
cleanup() { kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

for _ in $(seq 50); do
  if curl -s -o /dev/null http://127.0.0.1:8000/cookie/get/ && (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null; then break; fi
  sleep 0.2
done

python3 client.py http://127.0.0.1:8000 http://127.0.0.1:8080
kill -INT "$proxy"   # mitmdump writes the HAR when it shuts down
wait "$proxy" || true
echo "wrote $out"
