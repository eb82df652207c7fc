#!/usr/bin/env bash
# Records examples/bottle-session.pcap: app.py (Bottle's signed cookie holding the account name,
# as its tutorial logs users in) on 127.0.0.1:8775. Driven by ../record-session-replay.sh: twelve
# curl clients log in, visit the account page, log out and replay their old cookie.
# Needs root for tcpdump, and: pip install bottle.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../record-session-replay.sh "${1:-$here/../bottle-session.pcap}" 8775 username python3 app.py
