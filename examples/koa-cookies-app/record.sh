#!/usr/bin/env bash
# Records examples/koa-cookies-session.pcap: app.js (the cookies library's signed session, as Koa keeps one) under Node on 127.0.0.1:8770.
# Driven by ../record-session-replay.sh: twelve curl clients log in, visit the account page, log
# out and replay their old cookie.
# Needs root for tcpdump, and: apt-get install nodejs node-cookies.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
NODE_PATH=/usr/share/nodejs ../record-session-replay.sh "${1:-$here/../koa-cookies-session.pcap}" 8770 username node app.js
