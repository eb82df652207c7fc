#!/usr/bin/env bash
# Records examples/logs/django-nginx-access.log: the same Django visit as record.sh and
# capture.sh, through real nginx as a reverse proxy logging sessionlint's cookie-aware format.
# Needs: apt-get install nginx-light; pip install django requests. Listens on 127.0.0.1 only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../logs/django-nginx-access.log}"
nginx_format='$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $scheme $host "$http_cookie" "$sent_http_set_cookie"'

source "$here/serve-app.sh"

mkdir -p "$work/nginx"
cat > "$work/nginx/nginx.conf" <<CONF
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events {}
http {
    log_format sessionlint '$nginx_format';
    access_log $out sessionlint;
    client_body_temp_path $work/nginx; proxy_temp_path $work/nginx;
    server {
        listen 127.0.0.1:8083;
        server_name localhost;
        location / { proxy_pass http://127.0.0.1:8000; proxy_set_header Host \$host:\$server_port; }
    }
}
CONF

rm -f "$out"
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' &
stop+=($!)
for _ in $(seq 50); do curl -sf -o /dev/null http://127.0.0.1:8083/cookie/get/ && break; sleep 0.2; done
: > "$out"   # drop the readiness probes

python3 client.py http://127.0.0.1:8083 direct
sleep 0.5
echo "wrote $out"
