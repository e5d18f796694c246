#!/usr/bin/env bash
# Validates every Kubernetes manifest of the GitOps examples with kubeconform
# in strict mode (unknown fields are errors) against the generated built-in
# schemas and the CRD schemas in ../schemas/crds. A kind without a schema is
# an error: there is no -ignore-missing-schemas.
#
# Usage: kubeconform.sh REPO_ROOT [FILE...]
# Without FILE arguments, the manifests are docs/examples/**/*.yaml (including the ESO manifests the
# aks_spoke module renders into docs/examples/gitops/external-secrets/) and
# terraform/examples/*/gitops/**/*.yaml when present.
set -euo pipefail

root="${1:?usage: kubeconform.sh REPO_ROOT [FILE...]}"
shift
here="$(cd "$(dirname "$0")" && pwd)"
# toolchain.sh builds kubeconform and the schemas once (it needs the pinned Go
# that scripts/bootstrap.sh installs) and prints KUBECONFORM=... and
# KUBERNETES_SCHEMAS=...; a failure there must stop us here, with its reason.
KUBECONFORM="" KUBERNETES_SCHEMAS=""
paths="$("$here/toolchain.sh")" || {
  echo "error: kubeconform is not available: tools/toolchain.sh failed (reason above); run scripts/bootstrap.sh" >&2
  exit 1
}
eval "$paths"
if [ ! -x "$KUBECONFORM" ] || [ ! -d "$KUBERNETES_SCHEMAS" ]; then
  echo "error: tools/toolchain.sh gave no usable kubeconform ('$KUBECONFORM') or schemas ('$KUBERNETES_SCHEMAS')" >&2
  exit 1
fi

if [ "$#" -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(
    {
      find "$root/docs/examples" -type f \( -name '*.yaml' -o -name '*.yml' \) 2>/dev/null
      find "$root"/terraform/examples/*/gitops -type f \( -name '*.yaml' -o -name '*.yml' \) 2>/dev/null
    } | sort
  )
  [ "${#files[@]}" -gt 0 ] || { echo "no manifests found under $root/docs/examples" >&2; exit 1; }
  for required in argocd rocketchat observability external-secrets; do
    ls "$root/docs/examples/gitops/$required/"*.yaml >/dev/null 2>&1 \
      || echo "note: docs/examples/gitops/$required/ has no manifests yet" >&2
  done
fi

"$KUBECONFORM" -strict -summary -output text \
  -kubernetes-version "${KUBERNETES_SCHEMAS##*-v}" \
  -schema-location "$KUBERNETES_SCHEMAS/{{ .ResourceKind }}{{ .KindSuffix }}.json" \
  -schema-location "$here/../schemas/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json" \
  "${files[@]}"
