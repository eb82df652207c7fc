#!/usr/bin/env bash
# Records examples/flask-session-session.pcap: app.py (Flask-Session's server-side sessions, no
# new ID at login) on 127.0.0.1:8777. Driven by ../record-session-replay.sh: twelve curl clients
# log in, visit the account page, log out and replay their old cookie (refused).
# Needs root for tcpdump, and: pip install flask flask-session cachelib.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../record-session-replay.sh "${1:-$here/../flask-session-session.pcap}" 8777 username python3 app.py
