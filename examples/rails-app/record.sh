#!/usr/bin/env bash
# Records examples/rails-session.pcap: app.rb (Rails 6.1's encrypted cookie store, reset_session
# on login and logout) on 127.0.0.1:8772. Driven by ../record-session-replay.sh: twelve curl
# clients log in, visit the account page, log out and replay their old cookie.
# Needs root for tcpdump, and: apt-get install ruby-rails ruby-webrick.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../record-session-replay.sh "${1:-$here/../rails-session.pcap}" 8772 username ruby app.rb
