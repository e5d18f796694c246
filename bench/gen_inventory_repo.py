#!/usr/bin/env python3
"""Generated repository for the inventory benchmark (bench/inventory_bench.sh).

    python3 bench/gen_inventory_repo.py --files 10000 --out /tmp/versiond-inv/repo [--seed 1]

Writes --files files (deterministic for a seed) in the layout of a large
GitOps/infrastructure monorepo, every file kind versiond reads plus files it
must walk past:

  share  kind                               path
   20%   Kubernetes Deployments (2 images)  k8s/<team>/<app>/deployment.yaml
   15%   Helm values (nested image maps)    charts/<app>/values.yaml
   10%   Dockerfiles (ARG + multi-stage)    images/<app>/Dockerfile
   10%   Terraform (providers, modules,     terraform/<stack>/main.tf
         helm_release)
    5%   GitHub workflows (sha + comment)   .github/workflows/ci-<n>.yml
    5%   kustomization.yaml                 overlays/<env>-<n>/kustomization.yaml
    5%   Chart.yaml (dependencies)          charts/<app>/Chart.yaml
    5%   compose files                      compose/<app>/compose.yaml
    5%   ArgoCD Applications                argocd/apps/<app>.yaml
    5%   Flux HelmReleases + repositories   clusters/<n>/release.yaml
   15%   files no extractor reads           docs/*.md, scripts/*.py, data/*.json
  plus   one VERSIONS.md and a .gitignore (the tree is committed to a git
         repository: Renovate's local platform lists files with git).

Each file is small (0.3-2 KB), as real ones are: the benchmark measures the
walk, the reads and the parsers, not one huge file.
"""
import argparse
import os
import random
import subprocess

IMAGES = ["nginx", "redis", "postgres", "bitnami/mongodb", "grafana/grafana", "prom/prometheus",
          "quay.io/jetstack/cert-manager-controller", "ghcr.io/fluxcd/source-controller",
          "registry.k8s.io/ingress-nginx/controller", "natsio/nats-box", "busybox", "alpine"]
CHARTS = [("cert-manager", "https://charts.jetstack.io"),
          ("ingress-nginx", "https://kubernetes.github.io/ingress-nginx"),
          ("redis", "oci://registry-1.docker.io/bitnamicharts"),
          ("grafana", "https://grafana.github.io/helm-charts"),
          ("external-secrets", "https://charts.external-secrets.io")]
ACTIONS = [("actions/checkout", "08c6903cd8c0fde910a37f88322edcfb5dd907a8", "v5.0.0"),
           ("actions/setup-python", "e797f83bcb11b83ae66e0230d6156d7c80228e7c", "v6.0.0"),
           ("actions/cache", "0057852bfaa89a56745cba8c7296529d2fc39830", "v4.3.0")]


def version(rng):
    return f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 20)}"


def deployment(rng, app):
    a, b = rng.sample(IMAGES, 2)
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}
  labels: {{app: {app}}}
spec:
  replicas: 2
  selector:
    matchLabels: {{app: {app}}}
  template:
    metadata:
      labels: {{app: {app}}}
    spec:
      initContainers:
        - name: init
          image: {b}:{version(rng)}
          command: ["sh", "-c", "true"]
      containers:
        - name: {app}
          image: {a}:{version(rng)}
          ports:
            - containerPort: 8080
          resources:
            limits: {{cpu: 500m, memory: 256Mi}}
---
apiVersion: v1
kind: Service
metadata:
  name: {app}
spec:
  selector: {{app: {app}}}
  ports:
    - port: 80
      targetPort: 8080
"""


def values(rng, app):
    a, b = rng.sample(IMAGES, 2)
    return f"""# Default values for {app}.
global:
  imageRegistry: ""
replicaCount: 1
defaults: &res
  limits: {{cpu: 200m, memory: 128Mi}}
image:
  registry: docker.io
  repository: {a}
  tag: "{version(rng)}"
  pullPolicy: IfNotPresent
metrics:
  enabled: true
  exporter:
    image:
      repository: {b}
      tag: "{version(rng)}"
    resources: *res
service:
  type: ClusterIP
  port: 80
"""


def dockerfile(rng, app):
    return f"""# syntax=docker/dockerfile:1
ARG GO_VERSION={version(rng)}
FROM --platform=$BUILDPLATFORM golang:${{GO_VERSION}} AS build
WORKDIR /src
COPY . .
RUN go build -o /out/{app} ./cmd/{app} \\
    && strip /out/{app}
FROM {rng.choice(IMAGES)}:{version(rng)} AS runtime
COPY --from=build /out/{app} /usr/local/bin/{app}
ENTRYPOINT ["/usr/local/bin/{app}"]
"""


def terraform(rng, n):
    chart, repo = rng.choice(CHARTS)
    return f"""terraform {{
  required_version = ">= 1.9.0"
  required_providers {{
    azurerm = {{
      source  = "hashicorp/azurerm"
      version = "~> 4.{rng.randint(0, 50)}"
    }}
    helm = {{
      source  = "hashicorp/helm"
      version = "2.{rng.randint(0, 17)}.0"
    }}
  }}
}}

module "network_{n}" {{
  source  = "Azure/network/azurerm"
  version = "{version(rng)}"
  resource_group_name = var.rg
}}

module "git_{n}" {{
  source = "git::https://github.com/org/tf-modules.git//net?ref=v{version(rng)}"
}}

resource "helm_release" "r{n}" {{
  name       = "{chart}"
  repository = "{repo}"
  chart      = "{chart}"
  version    = "{version(rng)}"
  values     = [file("${{path.module}}/values.yaml")]
}}
"""


def workflow(rng, n):
    steps = "\n".join(f"      - uses: {a}@{sha} # {v}" for a, sha, v in ACTIONS)
    return f"""name: ci-{n}
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
{steps}
      - run: make test
"""


def kustomization(rng, n):
    return f"""apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../base
  - github.com/org/platform//deploy?ref=v{version(rng)}
images:
  - name: {rng.choice(IMAGES)}
    newTag: "{version(rng)}"
"""


def chart_yaml(rng, app):
    chart, repo = rng.choice(CHARTS)
    return f"""apiVersion: v2
name: {app}
version: {version(rng)}
dependencies:
  - name: {chart}
    version: {version(rng)}
    repository: {repo}
"""


def compose(rng, app):
    return f"""services:
  {app}:
    image: {rng.choice(IMAGES)}:${{TAG:-{version(rng)}}}
    ports: ["8080:8080"]
  db:
    image: postgres:{rng.randint(13, 17)}.{rng.randint(0, 5)}
"""


def argocd(rng, app):
    chart, repo = rng.choice(CHARTS)
    return f"""apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: {app}
  namespace: argocd
spec:
  project: default
  sources:
    - repoURL: {repo}
      chart: {chart}
      targetRevision: {version(rng)}
      helm:
        valuesObject:
          image:
            repository: {rng.choice(IMAGES)}
            tag: "{version(rng)}"
    - repoURL: https://github.com/org/config.git
      targetRevision: main
      ref: values
  destination:
    server: https://kubernetes.default.svc
    namespace: {app}
"""


def flux(rng, n):
    chart, repo = rng.choice(CHARTS)
    return f"""apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: repo-{n}
  namespace: flux-system
spec:
  url: {repo}
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: {chart}-{n}
  namespace: flux-system
spec:
  chart:
    spec:
      chart: {chart}
      version: "{version(rng)}"
      sourceRef:
        kind: HelmRepository
        name: repo-{n}
"""


def other(rng, n):
    kind = n % 3
    if kind == 0:
        return f"docs/page-{n}.md", f"# Page {n}\n\n" + "Some prose about the platform.\n" * 20
    if kind == 1:
        return f"scripts/tool_{n}.py", f"def main():\n    return {n}\n" * 10
    return f"data/record-{n}.json", '{"id": %d, "values": [%s]}\n' % (
        n, ", ".join(str(rng.randint(0, 999)) for _ in range(40)))


KINDS = [  # (share in %, writer, path pattern)
    (20, deployment, "k8s/team-{t}/app-{n}/deployment.yaml"),
    (15, values, "charts/app-{n}/values.yaml"),
    (10, dockerfile, "images/app-{n}/Dockerfile"),
    (10, terraform, "terraform/stack-{n}/main.tf"),
    (5, workflow, ".github/workflows/ci-{n}.yml"),
    (5, kustomization, "overlays/env-{n}/kustomization.yaml"),
    (5, chart_yaml, "charts/app-{n}/Chart.yaml"),
    (5, compose, "compose/app-{n}/compose.yaml"),
    (5, argocd, "argocd/apps/app-{n}.yaml"),
    (5, flux, "clusters/c-{n}/release.yaml"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = args.out
    os.makedirs(out, exist_ok=True)
    written = 0

    def write(rel, text):
        nonlocal written
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        written += 1

    write(".gitignore", "build/\n*.tmp\n")
    rows = ["| Component | Current | Location |", "|---|---|---|"]
    for share, writer, pattern in KINDS:
        count = args.files * share // 100
        for n in range(count):
            rel = pattern.format(n=n, t=n % 20)
            arg = f"app-{n}" if "{t}" in pattern or "app-" in pattern else n
            write(rel, writer(rng, arg))
            if n < 50:
                rows.append(f"| app-{n} {writer.__name__} | {version(rng)} | `{rel}` |")
    write("VERSIONS.md", "# Versions\n\n" + "\n".join(rows) + "\n")
    n = 0
    while written < args.files:
        rel, text = other(rng, n)
        write(rel, text)
        n += 1
    # Committed: Renovate's local platform lists the files with git.
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@localhost",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@localhost",
               GIT_AUTHOR_DATE="2026-01-01T00:00:00Z", GIT_COMMITTER_DATE="2026-01-01T00:00:00Z")
    subprocess.run(["git", "init", "-q", out], check=True)
    subprocess.run(["git", "-C", out, "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", out, "commit", "-q", "-m", "generated"], check=True, env=env)
    print(f"{written} files in {out}")


if __name__ == "__main__":
    main()
