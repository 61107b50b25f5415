# SPDX-License-Identifier: AGPL-3.0-or-later
# nginx for make bench's HTTP comparison (sourced by run-all.sh): its own prefix and config in a
# temporary directory, one worker, a tiny file on a free loopback port, no root paths and no
# daemon. Sets NGINX_URL (empty, with NGINX_STATUS saying why, when nginx is not there).
start_nginx() {
    local dir=$1 nginx port attempt
    NGINX_URL=""
    NGINX_STATUS=""
    nginx=$(command -v nginx || echo /usr/sbin/nginx)
    if [ ! -x "$nginx" ]; then
        NGINX_STATUS="nginx is not installed (installer/install-deps.sh --bench installs nginx-light)"
        return 0
    fi
    mkdir -p "$dir/www" "$dir/tmp" "$dir/logs"
    printf '{"zone": "playerinstance-GhibliHills-Benchy"}' >"$dir/www/tiny.json"
    # Started as root, nginx's worker runs as nobody: it must be able to reach the file.
    chmod 755 "$(dirname "$dir")" "$dir" "$dir/www"
    chmod 644 "$dir/www/tiny.json"
    for attempt in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000))
        cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port;
        root $dir/www;
        default_type application/json;
    }
}
CONF
        spawn "$SERVER_CPU" /dev/null "$dir/logs/start.log" "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log"
        NGINX_PID=$SPAWNED_PID
        for _ in $(seq 1 50); do
            if curl -sf "http://127.0.0.1:$port/tiny.json" >/dev/null 2>&1; then
                NGINX_URL="http://127.0.0.1:$port/tiny.json"
                NGINX_VERSION=$("$nginx" -v 2>&1 | sed 's/^nginx version: //')
                return 0
            fi
            kill -0 "$NGINX_PID" 2>/dev/null || break
            sleep 0.1
        done
        stop_pid "$NGINX_PID"
    done
    NGINX_STATUS="nginx did not start: $(tail -n 2 "$dir/logs/error.log" "$dir/logs/start.log" 2>/dev/null | tr '\n' ' ')"
}
