#!/bin/sh
# The migration stand-in: needs the database settings from .env, moves the database (reached by its
# service name on the internal network) to schema @SCHEMA@; the database records the run.
set -e
case "$DATABASE_URL" in *@db:5432/*) ;; *) echo "DATABASE_URL not set" >&2; exit 2 ;; esac
echo "migrating to schema @SCHEMA@"
wget -q -O - "http://db:5432/cgi-bin/schema?migrate=@SCHEMA@"
