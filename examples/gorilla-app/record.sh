#!/usr/bin/env bash
# Records examples/gorilla-session.pcap: main.go (gorilla/sessions' CookieStore) on 127.0.0.1:8768.
# Driven by ../record-session-replay.sh: twelve curl clients log in, visit the account page, log
# out and replay their old cookie.
# Needs root for tcpdump, and: apt-get install golang-go golang-github-gorilla-sessions-dev.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
GOPATH=/usr/share/gocode GO111MODULE=off go build -o "$build/app" main.go
../record-session-replay.sh "${1:-$here/../gorilla-session.pcap}" 8768 username "$build/app"
