#!/usr/bin/env bash
# Records examples/laravel-session.pcap: public/index.php (Laravel 8's web middleware group, a
# new session ID at login and the session invalidated at logout, as its authentication guide
# shows) served by PHP's built-in server on 127.0.0.1:8779. Driven by
# ../record-session-replay.sh: twelve curl clients log in, visit the account page, log out and
# replay their old cookies (refused: the server ended the session).
# Needs root for tcpdump, and: apt-get install php-cli php-laravel-framework.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../record-session-replay.sh "${1:-$here/../laravel-session.pcap}" 8779 username php -S 127.0.0.1:8779 public/index.php
