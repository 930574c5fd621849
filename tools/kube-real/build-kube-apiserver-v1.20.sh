#!/bin/bash
# Builds a real kube-apiserver v1.20.2 from Debian bookworm's `kubernetes` source package with Debian's
# Go 1.19, using only Debian's apt repositories. The vendored reflect2 1.0.1 crashes under Go >= 1.18
# ("fatal error: fault" on the first custom object), so it is replaced by Debian's reflect2 1.0.2.
# Everything lands in $KUBE_REAL (default ~/kube-real). About 3.5 min on 2 cores, 2.4 GB of disk.
# tools/kube-real/binaries.sh runs it when no cached or shared binary exists, then keeps only the binary.
set -euo pipefail
K=${KUBE_REAL:-$HOME/kube-real}
mkdir -p "$K/apt/parts" "$K/apt/lists/partial" "$K/src" "$K/home"
cat > "$K/apt/src.sources" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
O=(-o "Dir::Etc::SourceList=$K/apt/src.sources" -o "Dir::Etc::SourceParts=$K/apt/parts" -o "Dir::State::Lists=$K/apt/lists")
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  golang-1.19-go make rsync golang-github-modern-go-reflect2-dev etcd-server openssl curl bc >/dev/null
apt-get "${O[@]}" update -qq
(cd "$K/src" && apt-get "${O[@]}" source --download-only kubernetes)
cd "$K"
rm -rf kubernetes-1.20.2 && tar xzf src/kubernetes_*.orig.tar.gz
R=kubernetes-1.20.2/vendor/github.com/modern-go/reflect2
rm -rf "$R" && cp -a /usr/share/gocode/src/github.com/modern-go/reflect2 "$R"
cd kubernetes-1.20.2
export PATH=/usr/lib/go-1.19/bin:$PATH CGO_ENABLED=0 GOPROXY=off HOME=$K/home
unset GOFLAGS GO111MODULE GOPATH GOCACHE KUBE_GIT_VERSION_FILE
unshare -n make WHAT=cmd/kube-apiserver
_output/bin/kube-apiserver --version
