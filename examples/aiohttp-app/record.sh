#!/usr/bin/env bash
# Records examples/aiohttp-session.pcap: app.py (aiohttp-session's EncryptedCookieStorage) on 127.0.0.1:8766.
# Driven by ../record-session-replay.sh: twelve curl clients log in, visit the account page, log
# out and replay their old cookie.
# Needs root for tcpdump, and: pip install aiohttp aiohttp_session cryptography.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../record-session-replay.sh "${1:-$here/../aiohttp-session.pcap}" 8766 username python3 app.py
