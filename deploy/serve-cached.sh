#!/usr/bin/env bash
# `make serve-cached`: Varnish (deploy/varnish.vcl) on http://$HOST:$PORT/ in front of gunicorn on $APP_PORT, with
# the production settings of `make serve`; the app purges Varnish on every change. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${HOST:=127.0.0.1}" "${PORT:=8000}" "${APP_PORT:=8001}" "${PY:=.venv/bin/python}" "${VENV:=.venv}"

VARNISHD=$(command -v varnishd || echo /usr/sbin/varnishd)
if [ ! -x "$VARNISHD" ]; then
  echo "Varnish is not installed. On Debian: apt-get install -y varnish varnish-modules" >&2
  exit 1
fi

export DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export NEWSROOM_SITE_URL="${NEWSROOM_SITE_URL:-http://$HOST:$PORT}"
export NEWSROOM_PURGE_URLS="${NEWSROOM_PURGE_URLS:-http://$HOST:$PORT/}"
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py migrate --noinput

WORK=$(mktemp -d)
GUNICORN_PID=""
cleanup() {
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

GUNICORN_BIND="127.0.0.1:$APP_PORT" "$VENV/bin/gunicorn" -c gunicorn.conf.py &
GUNICORN_PID=$!
sed -E "0,/\.port = \"[0-9]+\";/s//.port = \"$APP_PORT\";/" deploy/varnish.vcl > "$WORK/newsroom.vcl"

echo ""
echo "  The site through Varnish: http://$HOST:$PORT/   (gunicorn behind it on 127.0.0.1:$APP_PORT)"
echo ""
# -j none: run as the current user, without Varnish's privilege separation (a local trial, not a deployment).
"$VARNISHD" -F -j none -n "$WORK/varnish" -a "$HOST:$PORT" -f "$WORK/newsroom.vcl" -s malloc,256m
