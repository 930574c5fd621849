#!/bin/sh
# make db-upgrade: the migration runs to its end against a scratch copy of the database (a directory
# that goes away afterwards), and records its run there as it would on the real volume.
set -e
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
MIGRATIONS_DIR=$scratch sh migrate.sh
[ -s "$scratch/runs" ] || { echo "db-upgrade: the migration recorded no run" >&2; exit 1; }
echo "db-upgrade: ok ($(cat "$scratch/runs"))"
