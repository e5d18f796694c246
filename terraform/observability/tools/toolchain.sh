#!/usr/bin/env bash
# Builds and caches what the manifest checks need, idempotently:
# - kubeconform, built from source at a pinned version with the project's
#   pinned Go (scripts/go.sh, installed by scripts/bootstrap.sh) through the
#   Go module proxy configured for this machine;
# - standalone strict JSON schemas for the built-in Kubernetes kinds,
#   generated offline (k8s_schemas.py) from the OpenAPI document inside the
#   pinned k8s.io/kubernetes Go module.
# Everything lands under $VERSIOND_CACHE/toolchain/; a second run only
# checks that the cached results are complete. Prints the paths it provides.
set -euo pipefail

KUBECONFORM_VERSION="v0.6.7"
KUBERNETES_VERSION="v1.34.4"

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=../../../scripts/go.sh
source "$here/../../../scripts/go.sh"
cache="$VERSIOND_CACHE/toolchain"
kc_dir="$cache/kubeconform-$KUBECONFORM_VERSION"
schema_dir="$cache/kubernetes-schemas-$KUBERNETES_VERSION"

# need_go: sets go_bin to the pinned Go and exports its environment (the
# project's Go caches), or fails saying how to install it. Only needed while
# something here is not built yet.
need_go() {
  use_pinned_go || { echo "error: Go is needed once to build kubeconform and the schemas" >&2; exit 1; }
  go_bin="$VERSIOND_GOROOT/bin/go"
}

if [ ! -x "$kc_dir/kubeconform" ]; then
  need_go
  mkdir -p "$cache"
  tmp="$(mktemp -d "$cache/.kc.XXXXXX")"
  echo "building kubeconform $KUBECONFORM_VERSION" >&2
  GOBIN="$tmp" GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0 \
    "$go_bin" install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"
  rm -rf "$kc_dir"
  mv "$tmp" "$kc_dir"
fi

if [ ! -f "$schema_dir/.complete" ]; then
  need_go
  echo "generating Kubernetes $KUBERNETES_VERSION schemas" >&2
  zip="$(GOTOOLCHAIN=local GOFLAGS=-mod=mod "$go_bin" mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" \
    | sed -n 's/^[[:space:]]*"Zip": "\(.*\)",\{0,1\}$/\1/p')"
  [ -f "$zip" ] || { echo "error: k8s.io/kubernetes@$KUBERNETES_VERSION module zip not found" >&2; exit 1; }
  mkdir -p "$cache"
  tmp="$(mktemp -d "$cache/.schemas.XXXXXX")"
  python3 "$here/k8s_schemas.py" "$zip" "$tmp" >&2
  echo "k8s.io/kubernetes@$KUBERNETES_VERSION api/openapi-spec/swagger.json" > "$tmp/.complete"
  rm -rf "$schema_dir"
  mv "$tmp" "$schema_dir"
fi

"$kc_dir/kubeconform" -v >/dev/null
[ -f "$schema_dir/deployment-apps-v1.json" ] || { echo "error: $schema_dir is incomplete" >&2; exit 1; }
echo "KUBECONFORM=$kc_dir/kubeconform"
echo "KUBERNETES_SCHEMAS=$schema_dir"
