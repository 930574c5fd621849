#!/usr/bin/env bash
# Makes sure the real Kubernetes API servers of the test tier are on this machine, and prints the
# directory that holds them (crd-apiserver-v1.36.4, kube-apiserver-v1.20.2). Sources, first that works:
#   1. the cache: ${HORADUS_KUBE_CACHE:-$HOME/.cache/horadus/kube-real}/bin (checked with --version);
#   2. the team's shared build cache, ${HORADUS_SHARED_KUBE:-<repo>/../shared/kube}/*.xz (unpacked, then checked with --version);
#   3. a build from Debian's packages with build-crd-apiserver.sh / build-kube-apiserver-v1.20.sh (3-4 min
#      each, ~5 GB of disk at the peak; only Debian's apt repositories are used).
# Also installs etcd-server and openssl from Debian when they are missing. No registry, no Go proxy needed.
# Usage: binaries.sh            (prints the bin directory on stdout; progress goes to stderr)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${HORADUS_KUBE_CACHE:-$HOME/.cache/horadus/kube-real}
shared=${HORADUS_SHARED_KUBE:-$repo/../shared/kube}
bin=$cache/bin

log() { printf '[kube-real] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v etcd >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  log "installing etcd-server, openssl, curl from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server openssl curl >&2
fi

mkdir -p "$bin"

# name | what its --version prints | the script that builds it | where that script leaves the binary
servers=(
  "crd-apiserver-v1.36.4|Kubernetes v1.36.4|build-crd-apiserver.sh|modern/bin/crd-apiserver"
  "kube-apiserver-v1.20.2|Kubernetes v1.20.2|build-kube-apiserver-v1.20.sh|kubernetes-1.20.2/_output/bin/kube-apiserver"
)

works() { [ -x "$1" ] && "$1" --version 2>/dev/null | grep -qF "$2"; }

for entry in "${servers[@]}"; do
  IFS='|' read -r name version script built <<<"$entry"
  target=$bin/$name
  if works "$target" "$version"; then
    continue
  fi
  if [ -r "$shared/$name.xz" ]; then
    log "unpacking $name from $shared"
    xz -dc "$shared/$name.xz" > "$target.new"
    chmod +x "$target.new"
    if works "$target.new" "$version"; then
      mv "$target.new" "$target"
      continue
    fi
    log "$shared/$name.xz does not run here; building instead"
    rm -f "$target.new"
  fi
  log "building $name from Debian's packages with $script (takes minutes)"
  build_area=$cache/build
  mkdir -p "$build_area"
  KUBE_REAL=$build_area "$here/$script" >&2
  cp "$build_area/$built" "$target.new"
  works "$target.new" "$version" || { log "the build of $name did not produce a working binary"; exit 1; }
  mv "$target.new" "$target"
  rm -rf "$build_area"
done

echo "$bin"
