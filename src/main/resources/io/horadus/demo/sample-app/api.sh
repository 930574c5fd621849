#!/bin/sh
# What the sample api does over time (SampleApp fills in the @NAME@ placeholders). Its compose command
# runs this before httpd: the schema check at once, the timeline as a loop in the background that
# ticks once a second and dies with the container.

# A version with a schema serves on its own schema only: started on another one (a newer release
# migrated the database), it refuses, and /health answers 404 for as long as it runs.
schema=@SCHEMA@
if [ "$schema" -gt 0 ] && [ -f /data/schema ] && [ "$(cat /data/schema)" != "$schema" ]; then
  echo "refusing to serve: the database has schema $(cat /data/schema), this version needs $schema" >&2
  rm -f /www/health
fi

counters=@LIVE_COUNTERS@
errors_after=@ERRORS_AFTER@
stops_after=@PROCESSING_STOPS_AFTER@
flaps_after=@FLAPS_AFTER@
flap_down=@FLAP_DOWN@
flap_up=@FLAP_UP@
if [ "$counters" -eq 0 ] && [ "$flaps_after" -eq 0 ]; then
  exit 0
fi

(
  cp /www/metrics /app/metrics.static
  start=$(date +%s)
  ok=0
  errors=0
  items=0
  while :; do
    t=$(( $(date +%s) - start ))
    if [ "$counters" -eq 1 ]; then
      ok=$((ok + 10))
      if [ "$errors_after" -gt 0 ] && [ "$t" -ge "$errors_after" ]; then
        errors=$((errors + 10))
      fi
      if [ "$stops_after" -eq 0 ] || [ "$t" -lt "$stops_after" ]; then
        items=$((items + 5))
      fi
      # Written aside and renamed: httpd never serves half a page.
      {
        cat /app/metrics.static
        echo '# HELP http_requests_total Requests served, by status code.'
        echo '# TYPE http_requests_total counter'
        echo "http_requests_total{code=\"200\"} $ok"
        echo "http_requests_total{code=\"500\"} $errors"
        echo '# HELP horadus_items_processed_total Items the workers processed.'
        echo '# TYPE horadus_items_processed_total counter'
        echo "horadus_items_processed_total $items"
      } > /www/.metrics.next
      mv -f /www/.metrics.next /www/metrics
    fi
    if [ "$flaps_after" -gt 0 ] && [ "$t" -ge "$flaps_after" ]; then
      if [ $(( (t - flaps_after) % (flap_down + flap_up) )) -lt "$flap_down" ]; then
        if [ -f /www/health ]; then mv -f /www/health /app/health.away; fi
      elif [ -f /app/health.away ]; then
        mv -f /app/health.away /www/health
      fi
    fi
    sleep 1
  done
) &
