#!/usr/bin/env bash
# Records examples/dancer2-session.pcap: app.pl (Dancer2's default server-side sessions, no new
# ID at login) on 127.0.0.1:8778. Driven by ../record-session-replay.sh: twelve curl clients log
# in, visit the account page, log out and replay their old cookie (refused).
# Needs root for tcpdump, and: apt-get install libdancer2-perl.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../record-session-replay.sh "${1:-$here/../dancer2-session.pcap}" 8778 username perl app.pl
