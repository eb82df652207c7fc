#!/usr/bin/env bash
# Records examples/cherrypy-session.pcap: app.py (CherryPy's server-side sessions, no new ID at
# login) on 127.0.0.1:8776. Driven by ../record-session-replay.sh: twelve curl clients log in,
# visit the account page, log out and replay their old cookie (refused: the server expired it).
# Needs root for tcpdump, and: pip install cherrypy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../record-session-replay.sh "${1:-$here/../cherrypy-session.pcap}" 8776 username python3 app.py
