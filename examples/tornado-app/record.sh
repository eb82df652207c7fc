#!/usr/bin/env bash
# Records examples/tornado-session.pcap: app.py (Tornado's signed user cookie) on 127.0.0.1:8769.
# Driven by ../record-session-replay.sh: twelve curl clients log in, visit the account page, log
# out and replay their old cookie.
# Needs root for tcpdump, and: pip install tornado.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../record-session-replay.sh "${1:-$here/../tornado-session.pcap}" 8769 name python3 app.py
