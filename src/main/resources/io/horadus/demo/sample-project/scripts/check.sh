#!/bin/sh
# make check: every script parses, and the compose file still declares what the runbook's rollout
# names (build api worker, --profile ops run --rm migrate, up -d api worker beat).
set -e
for script in *.sh scripts/*.sh; do
  sh -n "$script" || { echo "check: $script does not parse" >&2; exit 1; }
done
for service in api worker beat migrate; do
  grep -q "^  $service:" docker-compose.prod.yml || { echo "check: no service $service in docker-compose.prod.yml" >&2; exit 1; }
done
grep -q 'profiles: \["ops"\]' docker-compose.prod.yml || { echo "check: migrate is not in profile ops" >&2; exit 1; }
echo "check: ok"
