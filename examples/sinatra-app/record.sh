#!/usr/bin/env bash
# Records examples/sinatra-session.pcap: app.rb (Sinatra's `enable :sessions`, Rack's signed
# cookie session) on 127.0.0.1:8773. Driven by ../record-session-replay.sh: twelve curl clients
# log in, visit the account page, log out and replay their old cookie.
# Needs root for tcpdump, and: apt-get install ruby-sinatra ruby-webrick.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
../record-session-replay.sh "${1:-$here/../sinatra-session.pcap}" 8773 username ruby app.rb
