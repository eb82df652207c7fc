#!/usr/bin/env bash
# Records examples/pyramid-session.pcap: app.py (Pyramid's SignedCookieSessionFactory) on 127.0.0.1:8767.
# Driven by ../record-session-replay.sh: twelve curl clients log in, visit the account page, log
# out and replay their old cookie.
# Needs root for tcpdump, and: pip install pyramid waitress.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../record-session-replay.sh "${1:-$here/../pyramid-session.pcap}" 8767 username python3 app.py
