#!/usr/bin/env bash
# Records populations of real session IDs for the `tokens` tests: 300 fresh sessions from PHP's
# native session handler (php.ini defaults, the PHP example app) and 300 from Django's session
# framework (the Django example's /session/set/), each a request without cookies, captured by
# tcpdump on the loopback interface as php-sessions.pcap and django-sessions.pcap; and 100 from
# the PHP app with EXAMPLE_FLAW=uniqid-session-id (IDs from uniqid()) as php-uniqid-sessions.pcap;
# and 100 from examples/java-random-app (old Jetty's IDs from java.util.Random) as
# java-random-sessions.pcap.
# Needs root (or CAP_NET_RAW) for tcpdump, php-cli, curl, a JDK (11 or later), and: pip install django.
set -euo pipefail
tokens="$(cd "$(dirname "$0")" && pwd)"
count="${COUNT:-300}"

capture() {  # capture PORT OUT URL: COUNT requests without cookies, each starting a session
  tcpdump -i lo -U -s 0 -w "$2" "tcp port $1" 2>/dev/null &
  local dump=$!
  sleep 1
  for _ in $(seq "$count"); do curl -s -o /dev/null "$3"; done
  sleep 1
  kill -INT "$dump"
  wait "$dump" || true
  echo "wrote $2"
}

php_capture() {  # php_capture OUT [FLAW]
  local sessions
  sessions="$(mktemp -d)"
  EXAMPLE_FLAW="${2:-}" php -n -d session.save_path="$sessions" -S 127.0.0.1:8001 "$tokens/../php-app/index.php" >/dev/null 2>&1 &
  local server=$!
  for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/8001) 2>/dev/null && break; sleep 0.2; done
  capture 8001 "$1" http://127.0.0.1:8001/
  kill "$server"
  wait "$server" 2>/dev/null || true
  rm -rf "$sessions"
}
php_capture "$tokens/php-sessions.pcap"
count=100 php_capture "$tokens/php-uniqid-sessions.pcap" uniqid-session-id

java "$tokens/../java-random-app/WeakSessionServer.java" 8002 &
java_server=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/8002) 2>/dev/null && break; sleep 0.2; done
count=100 capture 8002 "$tokens/java-random-sessions.pcap" http://127.0.0.1:8002/
kill "$java_server"
wait "$java_server" 2>/dev/null || true

here="$tokens/../django-app"
source "$here/serve-app.sh"
capture 8000 "$tokens/django-sessions.pcap" http://127.0.0.1:8000/session/set/
