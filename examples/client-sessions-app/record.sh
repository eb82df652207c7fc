#!/usr/bin/env bash
# Records examples/client-sessions-session.pcap: app.js (Mozilla's client-sessions) under Node on 127.0.0.1:8771.
# Driven by ../record-session-replay.sh: twelve curl clients log in, visit the account page, log
# out and replay their old cookie.
# Needs root for tcpdump, and: apt-get install nodejs node-client-sessions.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
NODE_PATH=/usr/share/nodejs ../record-session-replay.sh "${1:-$here/../client-sessions-session.pcap}" 8771 username node app.js
