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
