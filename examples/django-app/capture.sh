#!/usr/bin/env bash
# Records examples/django-tutorial.pcap: the same visit as record.sh (tutorial views, then a
# django.contrib.auth login and logout, driven by client.py), but straight to Django's
# runserver on 127.0.0.1:8000 and captured by tcpdump on the loopback interface.
# Needs root (or CAP_NET_RAW) for tcpdump, and: pip install django requests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../django-tutorial.pcap}"
source "$here/serve-app.sh"

tcpdump -i lo -U -s 0 -w "$out" 'tcp port 8000' 2>/dev/null &
capture=$!
sleep 1
python3 client.py http://127.0.0.1:8000 direct
sleep 1
kill -INT "$capture"
wait "$capture" || true
echo "wrote $out"
