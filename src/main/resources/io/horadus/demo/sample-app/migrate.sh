#!/bin/sh
# Sample migration: one line per run in the project's volume (tests count the runs), then it takes
# its time and exits as the variant says.
set -e
# The compose service mounts the volume on /data; the db-upgrade gate points it at a scratch directory.
data=${MIGRATIONS_DIR:-/data}
echo "@VERSION@ $(date -u +%Y-%m-%dT%H:%M:%SZ)" >> "$data/runs"
# A version with a schema (above 0) moves the database to it; its api serves on that schema only.
if [ @SCHEMA@ -gt 0 ]; then echo @SCHEMA@ > "$data/schema"; fi
# Sleep in the background so a stop (SIGTERM to PID 1) ends the run at once.
trap 'exit 143' TERM
sleep @MIGRATE_SECONDS@ &
wait $!
exit @MIGRATE_EXIT@
