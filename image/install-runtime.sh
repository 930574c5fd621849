#!/usr/bin/env bash
# Installs what the operator needs beside its jar: the packages in packages.txt and the docker CLI.
# One script for both ways the image is built: image/Dockerfile runs it on debian:bookworm-slim,
# image/build-debian.sh runs it in its debootstrapped root before importing that as the base. It
# does nothing when everything is already there, so the Dockerfile builds offline on that base.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
docker_cli=/usr/local/bin/docker
mapfile -t packages < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$here/packages.txt" | grep -v '^$')

log() { printf '[install-runtime] %s\n' "$*"; }

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ] && [ -x "$docker_cli" ]; then
  log "already present: ${packages[*]} and $docker_cli; nothing to install"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
log "installing ${missing[*]:-(no packages)} and the docker CLI"
apt-get update -q
# Slim bases drop /usr/share/man/*; the JRE's postinst links java.1.gz there and fails without it.
mkdir -p /usr/share/man/man1
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The client binary only (Go, needs libc alone): the docker.io package is the engine too.
download=$(mktemp -d)
chown _apt "$download" 2>/dev/null || true
(cd "$download" && apt-get download -q docker.io)
dpkg-deb --fsys-tarfile "$download"/docker.io_*.deb | tar -xO ./usr/bin/docker > "$docker_cli"
chmod 0755 "$docker_cli"
rm -rf "$download"

apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt/* /var/log/dpkg.log /var/log/alternatives.log

log "java: $(java -version 2>&1 | head -1)"
log "docker CLI: $("$docker_cli" --version)"
log "compose: $(docker-compose version --short)"
