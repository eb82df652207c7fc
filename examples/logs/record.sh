#!/usr/bin/env bash
# Records examples/logs/nginx-access.log and apache-access.log: real nginx and Apache (Debian
# packages nginx-light and apache2) as reverse proxies in front of the PHP example app, logging
# with sessionlint's cookie-aware formats, driven by curl with a cookie jar through the same
# visit as the PHP capture plus /prefs, which sets two cookies in one response.
# Needs: apt-get install nginx-light apache2 php-cli curl. Everything listens on 127.0.0.1 only.
# EXAMPLE_FLAW=no-rotation writes nginx-access-no-rotation.log and apache-access-no-rotation.log
# from the app without session_regenerate_id() at login; EXAMPLE_NAME=vulnerable
# EXAMPLE_FLAW=no-rotation,logout-keeps-session,id-in-url,token-in-body writes
# nginx-access-vulnerable.log and apache-access-vulnerable.log from the deliberately vulnerable
# variant, replaying the pre-logout cookie at the end as an attacker holding it would.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app="$here/../php-app"
work="$(mktemp -d)"
nginx_format='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $scheme $host "$http_cookie" "$sent_http_set_cookie"'
apache_format='%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\" %v %p \"%{Cookie}i\" \"%{Set-Cookie}o\"'

name="${EXAMPLE_NAME:-${EXAMPLE_FLAW:-}}"
suffix="${name:+-$name}"
EXAMPLE_FLAW="${EXAMPLE_FLAW:-}" php -n -d session.save_path="$work" -S 127.0.0.1:8001 "$app/index.php" >/dev/null 2>&1 &
php=$!

mkdir -p "$work/nginx/logs"
cat > "$work/nginx/nginx.conf" <<CONF
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events {}
http {
    log_format sessionlint '$nginx_format';
    access_log $here/nginx-access$suffix.log sessionlint;
    client_body_temp_path $work/nginx; proxy_temp_path $work/nginx;
    server {
        listen 127.0.0.1:8081;
        server_name localhost;
        location / { proxy_pass http://127.0.0.1:8001; proxy_set_header Host \$host:\$server_port; }
    }
}
CONF

cat > "$work/apache.conf" <<CONF
ServerRoot /usr/lib/apache2
PidFile $work/apache.pid
Listen 127.0.0.1:8082
ServerName localhost
LoadModule mpm_event_module modules/mod_mpm_event.so
LoadModule authz_core_module modules/mod_authz_core.so
LoadModule proxy_module modules/mod_proxy.so
LoadModule proxy_http_module modules/mod_proxy_http.so
ErrorLog $work/apache-error.log
LogFormat "$apache_format" sessionlint
CustomLog $here/apache-access$suffix.log sessionlint
ProxyPass / http://127.0.0.1:8001/
ProxyPreserveHost On
CONF

rm -f "$here/nginx-access$suffix.log" "$here/apache-access$suffix.log"
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' &
nginx=$!
APACHE_RUN_DIR="$work" apache2 -f "$work/apache.conf" -DFOREGROUND &
apache=$!
trap 'kill $php $nginx $apache 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT  # wait: the next run reuses the ports
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/8081 && exec 4<>/dev/tcp/127.0.0.1/8082) 2>/dev/null && break; sleep 0.2; done  # connect only: a request would be logged

for port in 8081 8082; do
  jar="$work/jar-$port"
  base="http://127.0.0.1:$port"
  curl -s -c "$jar" -b "$jar" "$base/" >/dev/null
  curl -s -c "$jar" -b "$jar" "$base/lang" >/dev/null
  curl -s -c "$jar" -b "$jar" "$base/prefs" >/dev/null
  curl -s -L -c "$jar" -b "$jar" -d username=alice "$base/login" >/dev/null  # a browser follows the redirect
  curl -s -c "$jar" -b "$jar" "$base/api/whoami" >/dev/null
  cp "$jar" "$jar.before-logout"
  curl -s -c "$jar" -b "$jar" -X POST "$base/logout" >/dev/null
  curl -s -c "$jar" -b "$jar" "$base/" >/dev/null
  case "${EXAMPLE_FLAW:-}" in
    *logout-keeps-session*) curl -s -b "$jar.before-logout" "$base/" >/dev/null ;;
  esac
done
sleep 0.5
echo "wrote $here/nginx-access$suffix.log and $here/apache-access$suffix.log"
