#!/usr/bin/env bash
# Starts etcd and a real Kubernetes API server on loopback, in a run folder of their own:
#   crd   Kubernetes v1.36.4's apiextensions-apiserver (CRDs, CEL and its cost budget, defaulting,
#         printer columns, status subresource, server-side apply; no core API, no RBAC objects)
#   kube  kube-apiserver v1.20.2 (core API, RBAC, ServiceAccount tokens, Events, Leases)
# Writes into RUN_DIR: kubeconfig (admin, group system:masters), pki/, etcd.pid, apiserver.pid,
# etcd.log, apiserver.log, ports. Returns once /readyz answers. stop.sh RUN_DIR stops both by PID.
# `start.sh again RUN_DIR`, after `stop.sh RUN_DIR --keep-data`, starts the same server again: same
# kind, ports, PKI, admin token, kubeconfig and etcd data, as an API server restarted in place (a
# client's kubeconfig and ServiceAccount tokens stay valid, every object is still there).
# Usage: start.sh crd|kube RUN_DIR [ETCD_PORT ETCD_PEER_PORT API_PORT]   (free ports are picked when omitted)
#        start.sh again RUN_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kind=${1:?usage: start.sh crd|kube|again RUN_DIR [ETCD_PORT ETCD_PEER_PORT API_PORT]}
run=${2:?usage: start.sh crd|kube|again RUN_DIR [ETCD_PORT ETCD_PEER_PORT API_PORT]}
again=false
if [ "$kind" = again ]; then
  again=true
  [ -r "$run/kind" ] && [ -r "$run/ports" ] && [ -r "$run/pki/tokens.csv" ] \
    || { printf '[kube-real] %s was not started by start.sh (no kind, ports or pki)\n' "$run" >&2; exit 2; }
  kind=$(cat "$run/kind")
fi

log() { printf '[kube-real] %s\n' "$*" >&2; }

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  log "no free port found"; exit 1
}

bin=$("$here/binaries.sh")
case "$kind" in
  crd) server=$bin/crd-apiserver-v1.36.4 ;;
  kube) server=$bin/kube-apiserver-v1.20.2 ;;
  *) log "unknown kind '$kind' (crd or kube)"; exit 2 ;;
esac

if [ -e "$run/apiserver.pid" ] && kill -0 "$(cat "$run/apiserver.pid")" 2>/dev/null; then
  log "$run already has a running API server (stop.sh $run first)"; exit 1
fi
mkdir -p "$run/pki"
run=$(cd "$run" && pwd)
pki=$run/pki
if $again; then
  etcd_port=$(sed -n 's/^etcd=//p' "$run/ports")
  peer_port=$(sed -n 's/^etcd-peer=//p' "$run/ports")
  api_port=$(sed -n 's/^api=//p' "$run/ports")
  token=$(cut -d, -f1 "$pki/tokens.csv")
else
etcd_port=${3:-$(free_port)}
peer_port=${4:-$(free_port)}
api_port=${5:-$(free_port)}
printf 'etcd=%s\netcd-peer=%s\napi=%s\n' "$etcd_port" "$peer_port" "$api_port" > "$run/ports"
echo "$kind" > "$run/kind"

# PKI: a CA, the server's certificate for loopback, a service-account key pair, an admin token.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=horadus-test-ca" \
  -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
  -keyout "$pki/server.key" -out "$pki/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$pki/server.ext"
openssl x509 -req -in "$pki/server.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
  -days 2 -extfile "$pki/server.ext" -out "$pki/server.crt" 2>/dev/null
openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
token=$(openssl rand -hex 24)
printf '%s,admin,admin,"system:masters"\n' "$token" > "$pki/tokens.csv"
chmod 600 "$pki"/*.key "$pki/tokens.csv"
fi

log "etcd on 127.0.0.1:$etcd_port"
setsid etcd --name default --data-dir "$run/etcd-data" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "default=http://127.0.0.1:$peer_port" >>"$run/etcd.log" 2>&1 </dev/null &
echo $! > "$run/etcd.pid"
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$etcd_port/health" >/dev/null 2>&1 && break
  kill -0 "$(cat "$run/etcd.pid")" 2>/dev/null || { log "etcd exited:"; tail -20 "$run/etcd.log" >&2; exit 1; }
  sleep 0.1
done

args=(--etcd-servers "http://127.0.0.1:$etcd_port" --bind-address 127.0.0.1 --secure-port "$api_port"
      --tls-cert-file "$pki/server.crt" --tls-private-key-file "$pki/server.key"
      --client-ca-file "$pki/ca.crt" --token-auth-file "$pki/tokens.csv")
if [ "$kind" = kube ]; then
  args+=(--insecure-port 0 --authorization-mode RBAC --advertise-address 127.0.0.1
         --service-account-issuer https://kubernetes.default.svc --service-account-key-file "$pki/sa.pub"
         --service-account-signing-key-file "$pki/sa.key" --service-cluster-ip-range 10.96.0.0/12
         --endpoint-reconciler-type none)
fi
log "$(basename "$server") on https://127.0.0.1:$api_port"
setsid "$server" "${args[@]}" >>"$run/apiserver.log" 2>&1 </dev/null &
echo $! > "$run/apiserver.pid"

if ! $again; then

cat > "$run/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $kind
  cluster:
    server: https://127.0.0.1:$api_port
    certificate-authority: $pki/ca.crt
contexts:
- name: $kind
  context:
    cluster: $kind
    namespace: default
    user: admin
users:
- name: admin
  user:
    token: $token
current-context: $kind
EOF
chmod 600 "$run/kubeconfig"
fi

for _ in $(seq 1 300); do
  if curl -fsS --cacert "$pki/ca.crt" -H "Authorization: Bearer $token" "https://127.0.0.1:$api_port/readyz" >/dev/null 2>&1; then
    log "ready: KUBECONFIG=$run/kubeconfig"
    exit 0
  fi
  kill -0 "$(cat "$run/apiserver.pid")" 2>/dev/null || { log "the API server exited:"; tail -30 "$run/apiserver.log" >&2; "$here/stop.sh" "$run"; exit 1; }
  sleep 0.1
done
log "the API server was not ready within 30 s:"; tail -30 "$run/apiserver.log" >&2
"$here/stop.sh" "$run"
exit 1
