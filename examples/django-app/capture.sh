#!/usr/bin/env bash
# Records examples/django-tutorial.pcap: the same visit as record.sh (tutorial views, then a
# django.contrib.auth login and logout, driven by client.py), but straight to Django's
# runserver on 127.0.0.1:8000 and captured by tcpdump on the loopback interface.
# Needs root (or CAP_NET_RAW) for tcpdump, and: pip install django requests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../django-tutorial.pcap}"
work="$(mktemp -d)"
export EXAMPLE_DB="$work/db.sqlite3"

cd "$here"
python3 manage.py migrate --noinput >/dev/null
python3 manage.py shell -c "from django.contrib.auth.models import User; User.objects.create_user('alice', password='correct horse battery staple')"

python3 manage.py runserver 127.0.0.1:8000 --noreload >"$work/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:8000/cookie/get/ && break; sleep 0.2; done

tcpdump -i lo -U -s 0 -w "$out" 'tcp port 8000' 2>/dev/null &
capture=$!
sleep 1
python3 client.py http://127.0.0.1:8000 direct
sleep 1
kill -INT "$capture"
wait "$capture" || true
echo "wrote $out"
