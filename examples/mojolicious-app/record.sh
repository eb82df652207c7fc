#!/usr/bin/env bash
# Records examples/mojolicious-session.pcap: app.pl (Mojolicious' signed cookie session) on
# 127.0.0.1:8774. Driven by ../record-session-replay.sh: twelve curl clients log in, visit the
# account page, log out and replay their old cookie.
# Needs root for tcpdump, and: apt-get install libmojolicious-perl.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../record-session-replay.sh "${1:-$here/../mojolicious-session.pcap}" 8774 username perl app.pl
