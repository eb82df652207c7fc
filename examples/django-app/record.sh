#!/usr/bin/env bash
# Records examples/django-tutorial.har: runs the example Django app on 127.0.0.1:8000, puts
# mitmproxy's HAR dump (mitmdump --set hardump=…) in front of it on 127.0.0.1:8080, and drives
# it with client.py. Needs: pip install django mitmproxy requests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../django-tutorial.har}"
source "$here/serve-app.sh"

"$here/../record-har.sh" 8000 "$out" client.py
