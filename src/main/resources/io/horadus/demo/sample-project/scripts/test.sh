#!/bin/sh
# make test: the pages the api serves say the version being released (HORADUS_TAG, set by the operator
# in the gate's container; the version the tree says when run by hand).
set -e
version=$(cat www/version)
tag=${HORADUS_TAG:-$version}
[ "$version" = "$tag" ] || { echo "test: www/version says $version, the release is $tag" >&2; exit 1; }
[ "$(cat www/health)" = "ok $tag" ] || { echo "test: www/health does not say ok $tag" >&2; exit 1; }
grep -q "horadus_build_info{version=\"$tag\"} 1" www/metrics || { echo "test: www/metrics has no build info for $tag" >&2; exit 1; }
echo "test: ok ($tag)"
