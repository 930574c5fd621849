#!/usr/bin/env bash
# Installs what Horadus needs on a Debian machine and starts a Docker engine when none answers; the one
# place that does, for CI (.ci/run) and for the launcher (./horadus demo). Idempotent: what is there is
# left alone, and every package it installs and the engine it starts are named on stderr first.
#
#   tools/install-deps.sh          everything the test suite needs
#   tools/install-deps.sh --demo   only what `horadus demo` needs: a JDK, the Docker engine, compose, busybox-static
#
# Run as root, or as a user sudo lets run apt-get and dockerd. LOG_TAG sets the prefix of its lines.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[%s] %s\n' "${LOG_TAG:-install-deps}" "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

scope=tests
case "${1:-}" in
  "") ;;
  --demo) scope=demo ;;
  *) log "usage: $0 [--demo]"; exit 2 ;;
esac

# 1. System packages: the Docker engine, compose v1 (v2 is not installable here) and the static
#    busybox the sample app's base image is imported from (no registry is reachable).
missing=()
without_recommends=()
# A JDK, not only a JRE: the launcher and CI build with the Maven wrapper. Debian's default JDK is 17 or newer.
command -v javac >/dev/null 2>&1 || missing+=(default-jdk-headless)
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
# The static build: the base image has no libc.
dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
if [ "$scope" = tests ]; then
  # The real-API-server tier (tools/kube-real): etcd, openssl for its PKI, curl, xz for the cached binaries,
  # and kubectl (this machine kind ships one; Debian's kubernetes-client is the fallback).
  command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v xz >/dev/null 2>&1 || missing+=(xz-utils)
  command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
  # Git over ssh is tested against a real sshd the tests start on loopback (never the package's service).
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v ssh-keygen >/dev/null 2>&1 || missing+=(openssh-client)
  # promtool, for the alert rules' cases (AlertRulesIT): Debian ships it in the prometheus package,
  # installed without its recommended node exporter; its service is not started (see below).
  command -v promtool >/dev/null 2>&1 || without_recommends+=(prometheus)
fi
if [ "${#missing[@]}" -gt 0 ] || [ "${#without_recommends[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    log "missing ${missing[*]} ${without_recommends[*]}, and this is not a Debian machine (no apt-get): install them by hand"
    exit 1
  fi
  log "installing ${missing[*]} ${without_recommends[*]}"
  # Packages install, their services do not start (openssh-server would otherwise start sshd on port 22,
  # docker.io a dockerd with its own bridge and iptables rules): what runs is started below or by the tests.
  policy=/usr/sbin/policy-rc.d
  own_policy=false
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    own_policy=true
  fi
  as_root apt-get update -q
  if [ "${#missing[@]}" -gt 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
  if [ "${#without_recommends[@]}" -gt 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${without_recommends[@]}"
  fi
  if [ "$own_policy" = true ]; then as_root rm -f "$policy"; fi
fi

# 2. A Docker engine. Started without a bridge or iptables rules, so nothing touches the machine's
#    network; the test services use the host network and bind 127.0.0.1.
if ! docker info >/dev/null 2>&1; then
  if [ -S /var/run/docker.sock ] && [ "$(id -u)" -ne 0 ] && ! [ -w /var/run/docker.sock ]; then
    log "an engine's socket is there but $(id -un) may not use it: add the user to the docker group (sudo usermod -aG docker $(id -un)), then log in again"
    exit 1
  fi
  log "starting dockerd (--bridge=none --iptables=false --ip-masq=false; log in target/dockerd.log)"
  mkdir -p target
  as_root setsid dockerd --bridge=none --iptables=false --ip-masq=false >target/dockerd.log 2>&1 < /dev/null &
  echo $! > target/dockerd.pid
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { log "dockerd did not start"; cat target/dockerd.log >&2; exit 1; }
fi
log "docker engine $(docker version --format '{{.Server.Version}}') (API $(docker version --format '{{.Server.APIVersion}}'))"
log "$(docker-compose version --short 2>/dev/null || docker compose version --short) compose"
