#!/usr/bin/env bash
# Records real Java session IDs for the `tokens` tests, each a request without cookies that
# starts a session, captured by tcpdump on the loopback interface:
#   jetty-sessions.pcap   1,000 sessions from Jetty 9.4 (Debian's libjetty9-java, JettySessions.java):
#                         "node0" + two random base36 longs + a counter from 0 + ".node0"
#   tomcat-sessions.pcap  300 sessions from Tomcat 10.1 (Debian's tomcat10) serving one JSP:
#                         32 upper-case hex digits from SecureRandom
# Needs root (or CAP_NET_RAW) for tcpdump, curl, and: apt-get install -y libjetty9-java tomcat10
# (a JDK 11 or later runs JettySessions.java from source).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tokens="$here/../tokens"

wait_for() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return; sleep 0.3; done; echo "nothing on port $1" >&2; exit 1; }
port_free() { if (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; then echo "port $1 is taken: stop what listens there" >&2; exit 1; fi; }

capture() {  # capture PORT OUT COUNT URL
  tcpdump -i lo -U -s 0 -w "$2" "tcp port $1" 2>/dev/null &
  local dump=$!
  sleep 1
  for _ in $(seq "$3"); do curl -s -o /dev/null "$4"; done
  sleep 1
  kill -TERM "$dump"  # a background job ignores SIGINT in a script
  wait "$dump" || true
  echo "wrote $2"
}

java_libs=/usr/share/java
classpath="$java_libs/jetty9-server.jar:$java_libs/jetty9-util.jar:$java_libs/jetty9-http.jar:$java_libs/jetty9-io.jar"
classpath+=":$java_libs/jetty9-servlet.jar:$java_libs/jetty9-security.jar:$java_libs/jetty9-jmx.jar:$java_libs/servlet-api.jar"
port_free 8003
java -cp "$classpath" "$here/JettySessions.java" 8003 >/dev/null 2>&1 &
jetty=$!
wait_for 8003
capture 8003 "$tokens/jetty-sessions.pcap" 1000 http://127.0.0.1:8003/
kill "$jetty"; wait "$jetty" 2>/dev/null || true

# Tomcat from the Debian package, in a base of our own: one JSP (JSPs start a session by
# default), listening on 127.0.0.1:8004, shutdown port off.
base="$(mktemp -d)"
mkdir -p "$base/conf" "$base/webapps/ROOT" "$base/logs" "$base/work" "$base/temp"
cp /etc/tomcat10/{web.xml,context.xml,catalina.properties,logging.properties,tomcat-users.xml,jaspic-providers.xml} "$base/conf/"
sed -e 's/<Server port="8005"/<Server port="-1"/' \
    -e 's/<Connector port="8080" protocol="HTTP\/1.1"/<Connector port="8004" address="127.0.0.1" protocol="HTTP\/1.1"/' \
    /etc/tomcat10/server.xml > "$base/conf/server.xml"
echo '<%@ page contentType="text/plain" %>session started' > "$base/webapps/ROOT/index.jsp"
port_free 8004
CATALINA_HOME=/usr/share/tomcat10 CATALINA_BASE="$base" /usr/share/tomcat10/bin/catalina.sh run >"$base/logs/run.log" 2>&1 &
tomcat=$!
wait_for 8004
curl -s -o /dev/null http://127.0.0.1:8004/  # compiles the JSP before the capture
capture 8004 "$tokens/tomcat-sessions.pcap" 300 http://127.0.0.1:8004/
kill "$tomcat"; wait "$tomcat" 2>/dev/null || true
rm -rf "$base"
