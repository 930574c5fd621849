#!/bin/sh
# Worker and beat stand-in: needs the settings from .env, then loops.
trap 'exit 0' TERM
[ -n "$SECRET_KEY" ] || { echo "$1: SECRET_KEY not set" >&2; exit 1; }
while :; do sleep 1 & wait $!; done
