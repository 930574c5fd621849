#!/bin/bash
# Builds crd-apiserver: Kubernetes v1.36.4's real apiextensions-apiserver -- the code that serves
# CustomResourceDefinitions inside kube-apiserver (CRD registration and its validation, including
# the CEL cost budget; structural schemas, defaulting, x-kubernetes-validations CEL rules, printer
# columns, server-side field validation, dry-run) -- behind a small main (below) that adds
# kube-apiserver's --token-auth-file / --client-ca-file authentication and lets the system:masters
# group in (nobody else). It has no core API (namespaces, RBAC objects, ...) and no admission plugins.
#
# It is not kube-apiserver, because a modern kube-apiserver cannot be built from what this machine
# reaches: the Go module proxy does not resolve here ("lookup proxy.golang.org ... no such host";
# this machine kind reaches only Debian, Maven Central and npm), and no Debian suite ships the
# k8s.io/kubernetes tree after bookworm's 1.20 (trixie's and sid's `kubernetes` sources hold only
# cmd/kubectl and staging/). Debian sid does ship k8s.io/apiextensions-apiserver, k8s.io/apiserver
# and all their Go dependencies as golang-*-dev packages, and trixie-backports/sid ship Go 1.26.
#
# Only Debian's apt repositories are used: a private apt view of sid (nothing is installed into the
# system from it; packages are fetched with `apt-get download` and unpacked with dpkg-deb), then a
# GOPATH-mode build with GOPROXY=off inside `unshare -n` (no network at build time).
# etcd: Debian bookworm's etcd-server 3.4.23 (/usr/bin/etcd) works with it; no etcd is built.
# Output: ${KUBE_REAL:-$HOME/kube-real}/modern/bin/crd-apiserver. tools/kube-real/binaries.sh runs this
# script when no cached or shared binary exists and copies the result into its cache.
# Time: 3 min on 2 cores (apt update + 262 MB of .debs: 5 s; unpack: 30 s; compile: 2 min 24 s).
# Disk: about 5 GB at the peak (315 packages unpacked: 2.2 GB; Go build cache: 1.4 GB); 75 MB left
# after the clean-up (KEEP_BUILD=1 keeps the unpacked tree and the build cache for a faster rebuild).
# sid moves: the versions it built with are written to modern/VERSIONS; a later sid may need the
# small main below adjusted. MODERN_GO=golang-1.27 picks another Debian Go (only 1.26 was tried).
# Usage: build-modern.sh [--rebuild]
set -euo pipefail
K=${KUBE_REAL:-$HOME/kube-real}
M=$K/modern
BIN=$M/bin/crd-apiserver
if [ -x "$BIN" ] && [ "${1:-}" != "--rebuild" ]; then
  echo "already built ($BIN); --rebuild to build again"
  "$BIN" --version
  exit 0
fi
T0=$(date +%s)

# host tools from bookworm (the same as build.sh's, less the Go toolchain)
if ! command -v etcd >/dev/null || ! command -v dpkg-deb >/dev/null || ! command -v bc >/dev/null || ! command -v curl >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    etcd-server openssl curl bc >/dev/null
fi

# ---------- a private apt view of Debian sid; the system's apt state is not touched ----------
A=$M/apt
mkdir -p "$A/parts" "$A/lists/partial" "$A/cache/archives/partial"
cat > "$A/sid.sources" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
: > "$A/status"; : > "$A/prefs"
O=(-o "Dir::Etc::SourceList=$A/sid.sources" -o "Dir::Etc::SourceParts=$A/parts"
   -o "Dir::State::Lists=$A/lists" -o "Dir::Cache=$A/cache" -o "Dir::State::status=$A/status"
   -o "Dir::Etc::Preferences=$A/prefs" -o "Dir::Etc::PreferencesParts=$A/parts"
   -o "APT::Sandbox::User=root")
apt-get "${O[@]}" update -qq

GO=${MODERN_GO:-golang-1.26}
if ! apt-cache "${O[@]}" show "$GO-go" >/dev/null 2>&1; then   # gone from sid: take sid's default Go
  GO=$(apt-cache "${O[@]}" depends golang-go | sed -n 's/^ *Depends: \(golang-1\.[0-9]*\)-go$/\1/p' | head -1)
fi
# the Go libraries: golang-k8s-apiextensions-apiserver-dev and everything it depends on
mapfile -t LIBS < <(apt-cache "${O[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances golang-k8s-apiextensions-apiserver-dev | grep -E '^golang-.*-dev$' | sort -u)
rm -rf "$M/debs" "$M/root"
mkdir -p "$M/debs" "$M/root" "$M/bin" "$M/home"
(cd "$M/debs" && apt-get "${O[@]}" download "${LIBS[@]}" "$GO-go" "$GO-src" >/dev/null)
echo "fetched ${#LIBS[@]} Go library packages and $GO from sid ($(du -sh "$M/debs" | cut -f1)) in $(( $(date +%s) - T0 )) s"
for d in "$M"/debs/*.deb; do dpkg-deb -x "$d" "$M/root"; done

ver() { dpkg-deb -f "$M"/debs/"$1"_*.deb Version; }
KDEB=$(ver golang-k8s-apiextensions-apiserver-dev)            # e.g. 0.36.4-1
KV=$(echo "$KDEB" | sed 's/-[^-]*$//; s/^0\.//; s/~/-/')        # 36.4
KVER=v1.$KV
{
  echo "kubernetes $KVER (crd-apiserver; sid golang-k8s-apiextensions-apiserver-dev $KDEB, golang-k8s-apiserver-dev $(ver golang-k8s-apiserver-dev))"
  echo "go $(ver "$GO-go") ($GO from sid)"
  echo "etcd client: golang-etcd-server-dev $(ver golang-etcd-server-dev); etcd server: $(etcd --version 2>/dev/null | head -1)"
} > "$M/VERSIONS"

# ---------- the main: apiextensions-apiserver standalone, authn/authz done here ----------
GP=$M/gopath
mkdir -p "$GP/src/kubereal/crd-apiserver"
cat > "$GP/src/kubereal/crd-apiserver/main.go" <<'GO'
// crd-apiserver: the real Kubernetes apiextensions-apiserver (the CRD half of kube-apiserver:
// CRD registration, structural schema, defaulting, x-kubernetes-validations CEL rules, printer
// columns, server-side field validation, dry-run) run standalone on etcd, with kube-apiserver's
// --token-auth-file and --client-ca-file authentication and the system:masters group as the only
// authorized group. No core API (namespaces, RBAC objects), no admission plugins.
package main

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"sort"
	"sync"

	"github.com/spf13/cobra"
	noopoteltrace "go.opentelemetry.io/otel/trace/noop"

	apiextensionshelpers "k8s.io/apiextensions-apiserver/pkg/apihelpers"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apiextensions-apiserver/pkg/apiserver"
	"k8s.io/apiextensions-apiserver/pkg/cmd/server/options"
	generatedopenapi "k8s.io/apiextensions-apiserver/pkg/generated/openapi"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/version"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	"k8s.io/apiserver/pkg/authentication/request/bearertoken"
	unionauthn "k8s.io/apiserver/pkg/authentication/request/union"
	x509request "k8s.io/apiserver/pkg/authentication/request/x509"
	"k8s.io/apiserver/pkg/authentication/token/tokenfile"
	"k8s.io/apiserver/pkg/authorization/authorizerfactory"
	discoveryendpoint "k8s.io/apiserver/pkg/endpoints/discovery/aggregated"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/server/dynamiccertificates"
	"k8s.io/apiserver/pkg/util/openapi"
	"k8s.io/apiserver/pkg/util/webhook"
	scheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/cache"
	"k8s.io/component-base/cli"
	"k8s.io/component-base/version/verflag"
	netutils "k8s.io/utils/net"
)

type noServices struct{}

func (noServices) ResolveEndpoint(namespace, name string, port int32) (*url.URL, error) {
	return nil, fmt.Errorf("crd-apiserver has no core API: cannot resolve service %s/%s", namespace, name)
}

// serveGroupList serves GET /apis, which a standalone apiextensions-apiserver leaves to the
// kube-aggregator: the aggregated form (kubectl's discovery) comes from the CRD discovery
// controller; the plain APIGroupList is kept up to date here from the CRD informer.
func serveGroupList(server *apiserver.CustomResourceDefinitions) {
	gs := server.GenericAPIServer
	wrapped := discoveryendpoint.WrapAggregatedDiscoveryToHandler(gs.DiscoveryGroupManager, gs.AggregatedDiscoveryGroupManager, nil)
	gs.Handler.GoRestfulContainer.Add(wrapped.GenerateWebService("/apis", metav1.APIGroupList{}))
	crds := server.Informers.Apiextensions().V1().CustomResourceDefinitions()
	var mu sync.Mutex
	known := map[string]bool{}
	resync := func() {
		mu.Lock()
		defer mu.Unlock()
		list, err := crds.Lister().List(labels.Everything())
		if err != nil {
			return
		}
		groups := map[string]map[string]bool{}
		for _, crd := range list {
			if !apiextensionshelpers.IsCRDConditionTrue(crd, apiextensionsv1.Established) {
				continue
			}
			for _, v := range crd.Spec.Versions {
				if v.Served {
					if groups[crd.Spec.Group] == nil {
						groups[crd.Spec.Group] = map[string]bool{}
					}
					groups[crd.Spec.Group][v.Name] = true
				}
			}
		}
		for g := range known {
			if groups[g] == nil {
				gs.DiscoveryGroupManager.RemoveGroup(g)
				delete(known, g)
			}
		}
		for g, vs := range groups {
			names := make([]string, 0, len(vs))
			for v := range vs {
				names = append(names, v)
			}
			sort.Slice(names, func(i, j int) bool { return version.CompareKubeAwareVersionStrings(names[i], names[j]) > 0 })
			apiGroup := metav1.APIGroup{Name: g}
			for _, v := range names {
				apiGroup.Versions = append(apiGroup.Versions, metav1.GroupVersionForDiscovery{GroupVersion: g + "/" + v, Version: v})
			}
			apiGroup.PreferredVersion = apiGroup.Versions[0]
			gs.DiscoveryGroupManager.AddGroup(apiGroup)
			known[g] = true
		}
	}
	crds.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(interface{}) { resync() },
		UpdateFunc: func(interface{}, interface{}) { resync() },
		DeleteFunc: func(interface{}) { resync() },
	})
}

func main() {
	ctx := genericapiserver.SetupSignalContext()
	o := options.NewCustomResourceDefinitionsServerOptions(os.Stdout, os.Stderr)
	// no core kube-apiserver to delegate to: authenticate and authorize here, no admission chain
	o.RecommendedOptions.Authentication = nil
	o.RecommendedOptions.Authorization = nil
	o.RecommendedOptions.CoreAPI = nil
	o.RecommendedOptions.Admission = nil
	o.RecommendedOptions.Features.EnablePriorityAndFairness = false
	var tokenFile, clientCAFile string

	cmd := &cobra.Command{
		Use:   "crd-apiserver",
		Short: "Kubernetes apiextensions-apiserver (CustomResourceDefinitions) with token-file authentication",
		PersistentPreRunE: func(*cobra.Command, []string) error {
			return o.ServerRunOptions.ComponentGlobalsRegistry.Set()
		},
		RunE: func(c *cobra.Command, args []string) error {
			verflag.PrintAndExitIfRequested()
			if err := o.Complete(); err != nil {
				return err
			}
			if err := o.Validate(); err != nil {
				return err
			}
			// as options.Config(), less the core informers that a standalone server has not got
			if err := o.RecommendedOptions.SecureServing.MaybeDefaultWithSelfSignedCerts("localhost", nil, []net.IP{netutils.ParseIPSloppy("127.0.0.1")}); err != nil {
				return err
			}
			serverConfig := genericapiserver.NewRecommendedConfig(apiserver.Codecs)
			if err := o.ServerRunOptions.ApplyTo(&serverConfig.Config); err != nil {
				return err
			}
			if err := o.RecommendedOptions.ApplyTo(serverConfig); err != nil {
				return err
			}
			if err := o.APIEnablement.ApplyTo(&serverConfig.Config, apiserver.DefaultAPIResourceConfigSource(), apiserver.Scheme); err != nil {
				return err
			}
			getDefs := openapi.GetOpenAPIDefinitionsWithoutDisabledFeatures(generatedopenapi.GetOpenAPIDefinitions)
			serverConfig.OpenAPIV3Config = genericapiserver.DefaultOpenAPIV3Config(getDefs, openapinamer.NewDefinitionNamer(apiserver.Scheme, scheme.Scheme))
			serverConfig.OpenAPIConfig = genericapiserver.DefaultOpenAPIConfig(getDefs, openapinamer.NewDefinitionNamer(apiserver.Scheme, scheme.Scheme))
			config := &apiserver.Config{
				GenericConfig: serverConfig,
				ExtraConfig: apiserver.ExtraConfig{
					CRDRESTOptionsGetter: options.NewCRDRESTOptionsGetter(*o.RecommendedOptions.Etcd, serverConfig.ResourceTransformers, serverConfig.StorageObjectCountTracker),
					ServiceResolver:      noServices{},
					AuthResolverWrapper:  webhook.NewDefaultAuthenticationInfoResolverWrapper(nil, nil, serverConfig.LoopbackClientConfig, noopoteltrace.NewTracerProvider()),
					MasterCount:          1,
				},
			}
			gc := &config.GenericConfig.Config
			var authns []authenticator.Request
			if clientCAFile != "" {
				ca, err := dynamiccertificates.NewDynamicCAContentFromFile("client-ca-bundle", clientCAFile)
				if err != nil {
					return err
				}
				if err := gc.Authentication.ApplyClientCert(ca, gc.SecureServing); err != nil {
					return err
				}
				authns = append(authns, x509request.NewDynamic(ca.VerifyOptions, x509request.CommonNameUserConversion))
			}
			if tokenFile != "" {
				ta, err := tokenfile.NewCSV(tokenFile)
				if err != nil {
					return err
				}
				authns = append(authns, bearertoken.New(ta))
			}
			if len(authns) == 0 {
				return fmt.Errorf("need --token-auth-file and/or --client-ca-file")
			}
			gc.Authentication.Authenticator = unionauthn.New(authns...)
			gc.Authorization.Authorizer = authorizerfactory.NewPrivilegedGroups("system:masters")
			server, err := config.Complete().New(genericapiserver.NewEmptyDelegate())
			if err != nil {
				return err
			}
			serveGroupList(server)
			return server.GenericAPIServer.PrepareRun().RunWithContext(c.Context())
		},
	}
	cmd.SetContext(ctx)
	fs := cmd.Flags()
	o.AddFlags(fs)
	verflag.AddFlags(fs)
	fs.StringVar(&tokenFile, "token-auth-file", "", "kube-apiserver's static token file (token,user,uid,\"group1,group2\"); only members of system:masters are authorized")
	fs.StringVar(&clientCAFile, "client-ca-file", "", "authenticate client certificates signed by this CA (CN = user, O = groups)")
	os.Exit(cli.Run(cmd))
}
GO

# ---------- build: GOPATH mode, Debian's sources only, no network ----------
T1=$(date +%s)
export GOROOT=$M/root/usr/lib/go-${GO#golang-}
export PATH=$GOROOT/bin:$PATH GOPATH=$GP:$M/root/usr/share/gocode GO111MODULE=off CGO_ENABLED=0 \
  GOCACHE=$M/cache GOTOOLCHAIN=local GOPROXY=off GOFLAGS= HOME=$M/home
MAJ=${KVER#v}; MAJ=${MAJ%%.*}; MIN=${KVER#v*.}; MIN=${MIN%%.*}
LD="-s -w -X k8s.io/component-base/version.gitVersion=$KVER -X k8s.io/component-base/version.gitMajor=$MAJ"
LD="$LD -X k8s.io/component-base/version.gitMinor=$MIN -X k8s.io/component-base/version.gitTreeState=clean"
LD="$LD -X k8s.io/component-base/version.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
unshare -n go build -trimpath -ldflags "$LD" -o "$BIN.new" kubereal/crd-apiserver
mv "$BIN.new" "$BIN"
echo "compiled in $(( $(date +%s) - T1 )) s with $(go version)"
if [ "${KEEP_BUILD:-0}" != 1 ]; then rm -rf "$M/root" "$M/debs" "$M/cache" "$A/lists" "$A/cache"; fi
echo "built in $(( $(date +%s) - T0 )) s; $M takes $(du -sh "$M" | cut -f1)"
cat "$M/VERSIONS"
"$BIN" --version
