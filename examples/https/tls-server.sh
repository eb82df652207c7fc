# Sourced by the scripts that record examples/https: a self-signed certificate for shop.test,
# and an nginx configuration that keeps every file nginx writes in the work directory.

# make_certificate WORK: WORK/cert.pem and WORK/key.pem.
make_certificate() {
    openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=shop.test" -addext "subjectAltName=DNS:shop.test" \
        -keyout "$1/key.pem" -out "$1/cert.pem" -days 30 2>/dev/null
}

# nginx_config WORK SERVER-BLOCKS: a whole nginx.conf on standard output, one worker.
nginx_config() {
    cat <<CONF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $1/body;
    proxy_temp_path $1/proxy;
    fastcgi_temp_path $1/fastcgi;
    uwsgi_temp_path $1/uwsgi;
    scgi_temp_path $1/scgi;
$2
}
CONF
}

# serve_php_shop WORK APP-PORT LISTEN…: the PHP example app (examples/php-app, with
# EXAMPLE_FLAW=no-rotation: no new session ID at login) on 127.0.0.1:APP-PORT behind nginx
# for shop.test, listening on each LISTEN ("127.0.0.1:8443 ssl http2"), TLS 1.2 and 1.3.
# Both stop, and WORK is removed, when the calling script exits.
serve_php_shop() {
    local work="$1" app_port="$2" listens="" listen
    shift 2
    for listen in "$@"; do listens+="        listen $listen;"$'\n'; done
    make_certificate "$work"
    nginx_config "$work" "    server {
$listens        server_name shop.test;
        ssl_certificate $work/cert.pem;
        ssl_certificate_key $work/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / {
            proxy_pass http://127.0.0.1:$app_port;
            proxy_set_header Host \$host;
        }
    }" > "$work/nginx.conf"
    (cd "$(dirname "${BASH_SOURCE[0]}")/../php-app" &&
        exec env EXAMPLE_FLAW=no-rotation php -n -d session.save_path="$work" -S "127.0.0.1:$app_port" index.php >/dev/null 2>&1) &
    shop_app=$!
    nginx -c "$work/nginx.conf"
    trap 'kill "$shop_app" 2>/dev/null || true; kill "$(cat "'"$work"'/nginx.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "'"$work"'"' EXIT
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$app_port/" 2>/dev/null && break; sleep 0.2; done
}
