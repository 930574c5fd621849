#!/usr/bin/env bash
# Builds the operator image (image/Dockerfile) where no container registry is reachable, only
# Debian's mirrors: the base is a Debian bookworm root made with debootstrap, with the image's
# packages installed by image/install-runtime.sh in a chroot, imported into the engine. The base is
# cached under a tag named after the hash of its inputs; debootstrap runs only when that tag is
# missing (HORADUS_REBUILD_BASE=1 forces it). Then the same Dockerfile builds on top of it.
#
#   ./mvnw package -DskipTests && image/build-debian.sh
#
# Run as root on Debian 12 (debootstrap and chroot need it). Writes only target/image/ (the
# transient root filesystem) and the images it tags; starts and stops nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
image=${HORADUS_IMAGE:-horadus-release-operator}
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -1)
version=${version%-SNAPSHOT}
workdir=$PWD/target/image

log() { printf '[build-debian %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "ERROR: $*"; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

[ "$(id -u)" -eq 0 ] || die "run as root: debootstrap and chroot need it"
[ -f target/quarkus-app/quarkus-run.jar ] || die "target/quarkus-app is missing: run ./mvnw package -DskipTests first"
[ -n "$version" ] || die "cannot read the project version from pom.xml"

# Mounts below the root are ours alone; unmounted on any exit so that removing the tree can never
# reach into /proc or /dev.
unmount_rootfs() {
  local mount
  for mount in "$rootfs/proc" "$rootfs/sys" "$rootfs/dev/pts"; do
    if mountpoint -q "$mount" 2>/dev/null; then
      umount "$mount" || umount -l "$mount"
    fi
  done
}
remove_rootfs() {
  unmount_rootfs
  [ -d "$rootfs" ] && rm -rf --one-file-system "$rootfs"
  return 0
}

# As the debian:bookworm-slim image does: no documentation, manual pages or translations, neither
# those debootstrap installed nor those of packages installed later (copyright files stay).
slim_rootfs() {
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/horadus-slim" <<'EXCLUDES'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EXCLUDES
  # Files only: maintainer scripts expect the directories (update-alternatives links java.1.gz
  # into /usr/share/man/man1 and fails without it).
  local dir
  for dir in doc man groff info lintian linda locale; do
    [ -d "$rootfs/usr/share/$dir" ] || continue
    find "$rootfs/usr/share/$dir" ! -type d ! \( -path "$rootfs/usr/share/doc/*/copyright" \) -delete
  done
}

make_base() {
  local step
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap \
      || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap; }
  fi
  remove_rootfs   # a leftover of an interrupted run
  mkdir -p "$workdir"

  step=$(date +%s)
  log "debootstrap $suite (minbase) from $mirror into $rootfs"
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$workdir/debootstrap.log" 2>&1 \
    || { tail -n 30 "$workdir/debootstrap.log"; die "debootstrap failed (log: $workdir/debootstrap.log)"; }
  log "debootstrap done in $(elapsed "$step")"

  slim_rootfs

  # The same sources as the debian:bookworm-slim image, security updates included.
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"

  step=$(date +%s)
  log "installing the image's packages in the chroot"
  mkdir -p "$rootfs/usr/local/share/horadus-image"
  cp image/packages.txt image/install-runtime.sh "$rootfs/usr/local/share/horadus-image/"
  # ca-certificates-java runs java in its postinst, and java needs /proc.
  mount -t proc proc "$rootfs/proc"
  chroot "$rootfs" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 /bin/bash /usr/local/share/horadus-image/install-runtime.sh
  unmount_rootfs
  log "packages installed in $(elapsed "$step")"

  # The engine provides these at run time; the build machine's must not travel in the image.
  : >"$rootfs/etc/resolv.conf"
  echo localhost >"$rootfs/etc/hostname"

  step=$(date +%s)
  log "importing the root filesystem as $base"
  tar --numeric-owner -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    --message "Debian $suite minbase with $(grep -v '^#' image/packages.txt | xargs) (image/build-debian.sh)" \
    - "$base" >/dev/null
  remove_rootfs
  log "imported in $(elapsed "$step")"
}

# The base's inputs: what is installed, by which script and recipe, from where. A change makes a new base.
base_key=$(cat image/packages.txt image/install-runtime.sh \
  <(echo "$suite minbase $mirror $security_mirror") <(declare -f make_base slim_rootfs) | sha256sum | cut -c1-12)
base=horadus-operator-base:$suite-$base_key
rootfs=$workdir/rootfs-$base_key
started=$(date +%s)
trap unmount_rootfs EXIT

if [ "${HORADUS_REBUILD_BASE:-0}" != 1 ] && docker image inspect "$base" >/dev/null 2>&1; then
  log "base $base exists: skipping debootstrap"
else
  step=$(date +%s)
  make_base
  log "base $base made in $(elapsed "$step")"
  # Earlier bases of this script are superseded; one still used by an image or container stays.
  for old in $(docker image ls --format '{{.Repository}}:{{.Tag}}' horadus-operator-base); do
    if [ "$old" != "$base" ]; then
      docker image rm "$old" >/dev/null 2>&1 && log "removed the superseded base $old" || true
    fi
  done
fi

# Without buildx the docker CLI refuses BuildKit; the legacy builder builds this Dockerfile as well.
builder=()
if ! docker buildx version >/dev/null 2>&1; then
  builder=(env DOCKER_BUILDKIT=0)
fi

step=$(date +%s)
log "docker build -f image/Dockerfile --build-arg BASE=$base -t $image:$version -t $image:dev"
"${builder[@]}" docker build --network host --build-arg "BASE=$base" \
  -f image/Dockerfile -t "$image:$version" -t "$image:dev" .
log "image built in $(elapsed "$step")"

size=$(docker image inspect -f '{{.Size}}' "$image:$version")
base_size=$(docker image inspect -f '{{.Size}}' "$base")
log "done in $(elapsed "$started"): $image:$version is $((size / 1000000)) MB (base $base $((base_size / 1000000)) MB)"
