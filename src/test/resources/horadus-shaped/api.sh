#!/bin/sh
# The api stand-in (HoradusShapedApp fills in the @NAME@ placeholders). httpd serves /www on 8000; a
# loop rewrites /health once a second from what the api can see: the settings .env must give it, the
# database's schema (asked over the internal network, by service name) and redis. /version shows a
# non-secret value of .env. Like the real Horadus, the health and metrics a monitor reads need keys from
# .env: /cgi-bin/health wants X-API-Key, /cgi-bin/metrics wants X-Admin-API-Key (401 otherwise); /live
# is public.
trap 'exit 0' TERM
mkdir -p /www/cgi-bin
echo live > /www/live
cat > /www/cgi-bin/health <<'END'
#!/bin/sh
if [ -z "$API_KEY" ] || [ "$HTTP_X_API_KEY" != "$API_KEY" ]; then
  printf 'Status: 401 Unauthorized\r\nContent-Type: text/plain\r\n\r\nmissing or wrong X-API-Key\n'
elif [ -f /www/health ]; then
  printf 'Content-Type: text/plain\r\n\r\n'; cat /www/health
else
  printf 'Status: 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\n'; cat /www/why
fi
END
cat > /www/cgi-bin/metrics <<'END'
#!/bin/sh
if [ -z "$ADMIN_API_KEY" ] || [ "$HTTP_X_ADMIN_API_KEY" != "$ADMIN_API_KEY" ]; then
  printf 'Status: 401 Unauthorized\r\nContent-Type: text/plain\r\n\r\nmissing or wrong X-Admin-API-Key\n'
else
  printf 'Content-Type: text/plain; version=0.0.4\r\n\r\n'; cat /www/metrics
fi
END
chmod +x /www/cgi-bin/health /www/cgi-bin/metrics
echo "@VERSION@ $APP_ENV" > /www/version
printf '# TYPE horadus_build_info gauge\nhoradus_build_info{version="@VERSION@"} 1\n# TYPE horadus_up gauge\nhoradus_up 1\n' > /www/metrics
start=$(date +%s)
(
  while :; do
    why=""
    [ -n "$SECRET_KEY" ] || why="SECRET_KEY not set"
    case "$DATABASE_URL" in *@db:5432/*) ;; *) why="$why DATABASE_URL does not name db:5432" ;; esac
    schema=$(wget -q -O - http://db:5432/cgi-bin/schema 2>/dev/null)
    [ -n "$schema" ] || why="$why db unreachable"
    [ "${schema:-0}" -ge @SCHEMA@ ] 2>/dev/null || why="$why schema ${schema:-?} below @SCHEMA@"
    [ "$(wget -q -O - http://redis:6379/ping 2>/dev/null)" = PONG ] || why="$why redis unreachable"
    if [ @BREAKS_AFTER@ -gt 0 ] && [ $(( $(date +%s) - start )) -ge @BREAKS_AFTER@ ]; then why="$why broken on purpose"; fi
    if [ -z "$why" ]; then
      echo "ok @VERSION@ schema $schema" > /www/.health.next && mv -f /www/.health.next /www/health
    else
      rm -f /www/health
      echo "unhealthy:$why" > /www/why
    fi
    sleep 1
  done
) &
httpd -f -p 8000 -h /www & wait $!
