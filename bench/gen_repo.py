#!/usr/bin/env python3
"""Synthetic Rocket.Chat-on-AKS GitOps repository generator for the benchmarks.

    python3 bench/gen_repo.py --deps 500 --port 18500 --out /tmp/versiond-bench/n500 [--seed 1]

Writes, under --out:
  repo/           a git repository with N dependencies that need an upstream lookup
  upstream.json   what the fake upstream (bench/fake_upstream.py) serves
  expected.json   per dependency: file, line, kind, datasource, package, current,
                  the newest stable version upstream (and the newest within the
                  constraint for Terraform providers)

Every dependency is a distinct upstream package, so N is also the number of
packages a tool must look up. The output depends only on the arguments (same
seed, same bytes).

Repository layout (shaped like a real GitOps repo of a Rocket.Chat-on-AKS platform):
  terraform/versions.tf          required_version + required_providers (constraints)
  terraform/.terraform.lock.hcl  the locked provider versions
  terraform/main.tf              registry modules with exact versions
  argocd/apps/*.yaml             ArgoCD Applications: single-source helm charts and
                                 multi-source ones (chart + a `ref: values` git source)
  values/<app>/values.yaml       Helm values files with `image:` maps (registry/repository/tag)
  k8s/<app>/deployment.yaml      Deployments (containers + initContainers) and Services
  VERSIONS.md                    the component table, real shape (bold name, backticked
                                 version, Location, GitHub "Update Source" link)
  ci/tools.env                   what the VERSIONS.md Location cells point at
  renovate.json                  Renovate's repository config (its managers need fileMatch)
Images keep their real registry hosts (docker.io, quay.io, ghcr.io, registry.k8s.io,
registry.rocket.chat); Helm repository URLs point at the fake upstream.
"""
import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys

# ------------------------------------------------------------------------------------------
# Real names first; past them the generator adds synthetic packages of the same shapes.
# ------------------------------------------------------------------------------------------
PROVIDERS = [  # source, current (locked) version; the constraint is "~> MAJOR.MINOR"
    ("hashicorp/azurerm", "4.50.0"), ("hashicorp/azuread", "3.0.2"), ("azure/azapi", "2.0.1"),
    ("hashicorp/helm", "2.17.0"), ("hashicorp/kubernetes", "2.35.1"), ("hashicorp/random", "3.6.3"),
    ("hashicorp/tls", "4.0.6"), ("hashicorp/time", "0.12.1"), ("hashicorp/null", "3.2.3"),
    ("hashicorp/local", "2.5.2"), ("hashicorp/http", "3.4.5"), ("hashicorp/cloudinit", "2.3.5"),
]
MODULES = [
    ("Azure/aks/azurerm", "9.1.0"), ("Azure/naming/azurerm", "0.4.1"),
    ("Azure/avm-res-network-virtualnetwork/azurerm", "0.7.1"),
    ("Azure/avm-res-keyvault-vault/azurerm", "0.9.1"),
    ("Azure/avm-res-operationalinsights-workspace/azurerm", "0.4.1"),
]
CHARTS = [  # helm repository name, chart, current version
    ("rocketchat", "rocketchat", "6.29.0"), ("traefik", "traefik", "34.4.1"),
    ("mongodb", "community-operator", "0.11.0"), ("external-secrets", "external-secrets", "0.10.5"),
    ("jetstack", "cert-manager", "v1.16.2"), ("argo", "argo-cd", "7.7.11"),
    ("bitnami", "mongodb", "15.6.26"), ("nats", "nats", "1.2.6"),
    ("prometheus-community", "kube-prometheus-stack", "66.2.2"), ("grafana", "loki", "6.23.0"),
    ("grafana", "promtail", "6.16.6"), ("kedacore", "keda", "2.16.0"),
    ("vmware-tanzu", "velero", "8.1.0"), ("stakater", "reloader", "1.2.0"),
    ("bitnami", "redis", "20.6.1"), ("open-telemetry", "opentelemetry-collector", "0.110.7"),
]
IMAGES = [  # image reference without tag, current tag
    ("registry.rocket.chat/rocketchat/rocket.chat", "7.13.2"), ("docker.io/library/nats", "2.10.24"),
    ("docker.io/natsio/nats-box", "0.14.5"), ("docker.io/natsio/prometheus-nats-exporter", "0.15.0"),
    ("docker.io/natsio/nats-server-config-reloader", "0.16.0"),
    ("quay.io/prometheus/prometheus", "v3.0.1"), ("docker.io/otel/opentelemetry-collector-contrib", "0.116.0"),
    ("docker.io/grafana/promtail", "3.3.2"), ("docker.io/library/alpine", "3.20.3"),
    ("quay.io/jetstack/cert-manager-controller", "v1.16.2"), ("registry.k8s.io/ingress-nginx/controller", "v1.12.0"),
    ("registry.k8s.io/external-dns/external-dns", "v0.15.1"), ("ghcr.io/external-secrets/external-secrets", "v0.10.5"),
    ("docker.io/library/traefik", "3.2.3"), ("docker.io/library/redis", "7.4.1"),
    ("docker.io/library/busybox", "1.37.0"), ("docker.io/bitnami/kubectl", "1.31.4"),
    ("quay.io/prometheus/node-exporter", "v1.8.2"), ("ghcr.io/stakater/reloader", "v1.2.0"),
    ("registry.k8s.io/kube-state-metrics/kube-state-metrics", "v2.14.0"), ("docker.io/velero/velero", "v1.15.1"),
    ("ghcr.io/kedacore/keda", "2.16.0"), ("docker.io/percona/mongodb_exporter", "0.43.1"),
    ("quay.io/argoproj/argocd", "v2.13.2"), ("docker.io/library/mongo", "7.0.16"),
]
GITHUB = [  # component label, owner/repo, "releases" or "tags", current tag
    ("Prometheus Agent", "prometheus/prometheus", "releases", "v3.0.1"),
    ("OpenTelemetry Collector", "open-telemetry/opentelemetry-collector-releases", "releases", "v0.116.0"),
    ("Promtail", "grafana/loki", "releases", "v3.3.2"), ("NATS Server", "nats-io/nats-server", "releases", "v2.10.24"),
    ("Kubernetes", "kubernetes/kubernetes", "tags", "v1.31.4"), ("Helm CLI", "helm/helm", "releases", "v3.16.4"),
    ("kubelogin", "Azure/kubelogin", "releases", "v0.1.6"), ("yq", "mikefarah/yq", "releases", "v4.44.6"),
    ("TFLint", "terraform-linters/tflint", "releases", "v0.54.0"), ("stern", "stern/stern", "tags", "v1.31.0"),
    ("k9s", "derailed/k9s", "releases", "v0.32.7"), ("Trivy", "aquasecurity/trivy", "releases", "v0.58.1"),
]
TERRAFORM_CORE = ("hashicorp/terraform", ">= 1.9.0", "v1.9.0")
EPOCH = dt.datetime(2025, 11, 1, 12, 0, 0, tzinfo=dt.timezone.utc)


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


# ------------------------------------------------------------------------------------------
# Version histories
# ------------------------------------------------------------------------------------------
def split_version(v):
    prefix = "v" if v.startswith("v") else ""
    nums = [int(x) for x in v[len(prefix):].split(".")]
    return prefix, tuple((nums + [0, 0, 0])[:3])


def show(prefix, t):
    return "%s%d.%d.%d" % (prefix, t[0], t[1], t[2])


def older(rng, t):
    major, minor, patch = t
    if patch > 0:
        return (major, minor, patch - 1)
    if minor > 0:
        return (major, minor - 1, rng.randint(0, 5))
    if major > 0:
        return (major - 1, rng.randint(2, 15), rng.randint(0, 5))
    return None


def newer(rng, t):
    major, minor, patch = t
    r = rng.random()
    if r < 0.62:
        return (major, minor, patch + 1)
    if r < 0.93:
        return (major, minor + 1, 0)
    return (major + 1, 0, 0)


class History:
    """Ascending stable versions around `current`, plus an optional pre-release that is
    newer than every stable one (a tool that ranks it first is wrong)."""

    def __init__(self, rng, current, length):
        prefix, cur = split_version(current)
        up_to_date = rng.random() < 0.15
        after = 0 if up_to_date else rng.randint(1, max(1, length // 3))
        seq_after, t = [], cur
        for _ in range(after):
            t = newer(rng, t)
            seq_after.append(t)
        seq_before, t = [], cur
        for _ in range(max(1, length - 1 - after)):
            t = older(rng, t)
            if t is None:
                break
            seq_before.append(t)
        tuples = list(reversed(seq_before)) + [cur] + seq_after
        self.prefix = prefix
        self.stable = [show(prefix, x) for x in tuples]
        self.prerelease = None
        if rng.random() < 0.3:
            top = tuples[-1]
            self.prerelease = "%s%d.%d.0-rc.1" % (prefix, top[0], top[1] + 1)
        self.tuples = tuples

    def newest(self):
        return self.stable[-1]

    def all(self):
        return self.stable + ([self.prerelease] if self.prerelease else [])

    def newest_within_pessimistic(self, major, minor):
        """Highest stable version matching "~> MAJOR.MINOR" (>= MAJOR.MINOR, < MAJOR+1)."""
        ok = [s for s, t in zip(self.stable, self.tuples) if t[0] == major and t[1] >= minor]
        return ok[-1] if ok else None


def stamps(n):
    """n ascending ISO timestamps, the newest at EPOCH, 6 days apart."""
    return [(EPOCH - dt.timedelta(days=6 * (n - 1 - i))).strftime("%Y-%m-%dT%H:%M:%SZ") for i in range(n)]


# ------------------------------------------------------------------------------------------
# The generator
# ------------------------------------------------------------------------------------------
def allocate(n):
    """How many dependencies of each kind, in the proportions of the real repository."""
    n = max(n, 20)
    alloc = {
        "providers": max(3, round(0.10 * n)), "modules": max(2, round(0.05 * n)),
        "charts": max(4, round(0.25 * n)), "github": max(3, round(0.15 * n)),
        "values_images": max(2, round(0.12 * n)),
    }
    alloc["manifest_images"] = n - 1 - sum(alloc.values())  # 1 = terraform required_version
    return alloc


class Generator:
    def __init__(self, args):
        self.rng = random.Random(args.seed)
        self.args = args
        self.base = "http://127.0.0.1:%d" % args.port
        self.files = {}        # repo-relative path -> list of lines
        self.expected = []
        self.multi_source_apps = []  # charts whose ArgoCD app reads values/<chart>/values.yaml
        self.upstream = {"github": {}, "helm": {}, "helm_padding_bytes": {}, "terraform_providers": {},
                         "terraform_modules": {}, "docker": {}}

    def length(self):
        # Most packages have ~40 versions; one in ten has a long history (several API pages).
        return self.args.versions * 4 if self.rng.random() < 0.1 else self.args.versions

    def expect(self, path, kind, datasource, package, current, newest, **extra):
        row = {"file": path, "line": len(self.files[path]), "kind": kind, "datasource": datasource,
               "package": package, "current": current, "newest": newest}
        row.update(extra)
        self.expected.append(row)

    # ---------------------------------------------------------------- github
    def github_history(self, repo, current):
        hist = History(self.rng, current, self.length())
        versions = hist.all()
        self.upstream["github"][repo] = [
            {"tag": v, "published": ts, "prerelease": v == hist.prerelease, "sha": digest(repo + v)[:40]}
            for v, ts in zip(versions, stamps(len(versions)))]
        return hist

    # ---------------------------------------------------------------- terraform
    def terraform(self, alloc):
        providers = list(PROVIDERS)
        for i in range(1, alloc["providers"] + 1):
            if len(providers) >= alloc["providers"]:
                break
            providers.append(("rocketchat-ops/p%03d" % i, "1.%d.%d" % (i % 9, i % 4)))
        providers = providers[:alloc["providers"]]
        vt = self.files["terraform/versions.tf"] = []
        lock = self.files["terraform/.terraform.lock.hcl"] = [
            "# This file is maintained automatically by \"terraform init\".",
            "# Manual edits may be lost in future updates.", ""]
        vt += ["terraform {", '  required_version = "%s"' % TERRAFORM_CORE[1]]
        core = self.github_history(TERRAFORM_CORE[0], TERRAFORM_CORE[2])
        self.expect("terraform/versions.tf", "terraform-core", "github-releases", TERRAFORM_CORE[0],
                    TERRAFORM_CORE[1], core.newest())
        vt += ["", "  required_providers {"]
        for source, locked in providers:
            hist = History(self.rng, locked, self.length())
            self.upstream["terraform_providers"][source.lower()] = hist.stable
            major, minor, _ = split_version(locked)[1]
            constraint = "~> %d.%d" % (major, minor)
            vt += ["    %s = {" % source.split("/")[1], '      source  = "%s"' % source]
            vt.append('      version = "%s"' % constraint)
            self.expect("terraform/versions.tf", "terraform-provider", "terraform-provider", source, constraint,
                        hist.newest(), locked=locked, in_range=hist.newest_within_pessimistic(major, minor))
            vt.append("    }")
            lock += ['provider "registry.terraform.io/%s" {' % source.lower(),
                     '  version     = "%s"' % locked, '  constraints = "%s"' % constraint, "  hashes = [",
                     '    "h1:%s=",' % digest("h1" + source + locked)[:43],
                     '    "zh:%s",' % digest("zh1" + source + locked),
                     '    "zh:%s",' % digest("zh2" + source + locked), "  ]", "}", ""]
        vt += ["  }", "}", "", 'provider "azurerm" {', "  features {}", "}", ""]

        modules = list(MODULES)
        for i in range(1, alloc["modules"] + 1):
            if len(modules) >= alloc["modules"]:
                break
            modules.append(("rocketchat-ops/m%03d/azurerm" % i, "0.%d.%d" % (i % 7, i % 3)))
        mt = self.files["terraform/main.tf"] = [
            "locals {", '  location = "westeurope"', '  prefix   = "rc-prod"', "}", ""]
        for source, current in modules[:alloc["modules"]]:
            hist = History(self.rng, current, self.length())
            self.upstream["terraform_modules"][source] = hist.stable
            mt += ['module "%s" {' % source.split("/")[1].replace("-", "_"), '  source   = "%s"' % source]
            mt.append('  version  = "%s"' % current)
            self.expect("terraform/main.tf", "terraform-module", "terraform-module", source, current,
                        hist.newest())
            mt += ["  location = local.location", "  prefix   = local.prefix", "}", ""]

    # ---------------------------------------------------------------- helm / argocd
    def charts(self, alloc):
        charts = list(CHARTS)
        i = 0
        while len(charts) < alloc["charts"]:
            i += 1
            # Synthetic charts live in repositories of up to 8 charts, as real ones do.
            charts.append(("ops-charts-%02d" % ((i - 1) // 8), "app-%03d" % i, "0.%d.%d" % (i % 11, i % 6)))
        for n, (repo, chart, current) in enumerate(charts[:alloc["charts"]]):
            hist = History(self.rng, current, self.length())
            versions = hist.all()
            self.upstream["helm"].setdefault(repo, {})[chart] = [
                {"version": v, "created": ts, "appVersion": v.lstrip("v")}
                for v, ts in zip(versions, stamps(len(versions)))]
            path = "argocd/apps/%s.yaml" % chart
            multi = n % 3 == 1
            doc = self.files[path] = [
                "apiVersion: argoproj.io/v1alpha1", "kind: Application", "metadata:",
                "  name: %s" % chart, "  namespace: argocd", "  finalizers:",
                "    - resources-finalizer.argocd.argoproj.io", "spec:", "  project: rocketchat"]
            if multi:
                self.multi_source_apps.append(chart)
                doc += ["  sources:", "    - repoURL: %s/charts/%s" % (self.base, repo),
                        "      chart: %s" % chart, "      targetRevision: %s" % current]
                self.expect(path, "argocd-helm", "helm", chart, current, hist.newest(),
                            registry_url="%s/charts/%s" % (self.base, repo))
                doc += ["      helm:", "        releaseName: %s" % chart, "        valueFiles:",
                        "          - $values/values/%s/values.yaml" % chart,
                        "    - repoURL: https://github.com/rocketchat-ops/gitops.git",
                        "      targetRevision: main", "      ref: values"]
            else:
                doc += ["  source:", "    repoURL: %s/charts/%s" % (self.base, repo),
                        "    chart: %s" % chart, "    targetRevision: %s" % current]
                self.expect(path, "argocd-helm", "helm", chart, current, hist.newest(),
                            registry_url="%s/charts/%s" % (self.base, repo))
                doc += ["    helm:", "      releaseName: %s" % chart]
            doc += ["  destination:", "    server: https://kubernetes.default.svc",
                    "    namespace: %s" % chart, "  syncPolicy:", "    automated:", "      prune: true",
                    "      selfHeal: true", "    syncOptions:", "      - CreateNamespace=true", ""]
        if self.args.pad_helm_mb > 0:
            self.upstream["helm_padding_bytes"]["bitnami"] = int(self.args.pad_helm_mb * 1024 * 1024)

    # ---------------------------------------------------------------- images
    def image_history(self, image, current):
        """Tags of an image; returns (newest tag of current's shape, tags)."""
        hist = History(self.rng, current, self.length())
        tags = hist.all()
        if image.startswith("docker.io/library/"):
            # Variant tags, plus one variant newer than every plain tag: a tool that
            # ignores the suffix picks it for a plain current tag.
            tags += [v + "-alpine" for v in hist.stable[-12:]]
            top = hist.tuples[-1]
            tags.append(show(hist.prefix, (top[0], top[1], top[2] + 1)) + "-alpine")
        tags += ["latest", "sha-" + digest(image)[:7]]
        self.upstream["docker"][image] = tags
        return hist, tags

    def images(self, alloc):
        images = list(IMAGES)
        hosts = ["ghcr.io/rocketchat-ops", "quay.io/rocketchat-ops", "docker.io/rocketchatops",
                 "registry.k8s.io/rocketchat-ops"]
        i = 0
        total = alloc["values_images"] + alloc["manifest_images"]
        while len(images) < total:
            i += 1
            images.append(("%s/svc-%03d" % (hosts[i % len(hosts)], i), "%d.%d.%d" % (1 + i % 3, i % 13, i % 7)))
        images = images[:total]
        self.rng.shuffle(images)
        in_values, in_manifests = images[:alloc["values_images"]], images[alloc["values_images"]:]

        # Helm values files, 1-3 `image:` maps each (registry split out): first those the
        # multi-source ArgoCD apps name in valueFiles, then stand-alone ones.
        j = 0
        apps = list(self.multi_source_apps)
        while j < len(in_values) or apps:
            group = in_values[j:j + self.rng.randint(1, 3)]
            j += len(group)
            app = apps.pop(0) if apps else "stack-%03d" % j
            path = "values/%s/values.yaml" % app
            doc = self.files[path] = ["# Helm values for %s" % app, "replicaCount: 2"]
            for k, (image, current) in enumerate(group):
                hist, tags = self.image_history(image, current)
                registry, repository = image.split("/", 1)
                indent = "" if k == 0 else "  "  # later images sit under a sub-chart key
                if k:
                    doc.append("component%d:" % k)
                doc += ["%simage:" % indent, "%s  registry: %s" % (indent, registry),
                        "%s  repository: %s" % (indent, repository)]
                doc.append('%s  tag: "%s"' % (indent, current))
                self.expect(path, "helm-values-image", "docker", image, current, hist.newest())
                doc.append("%s  pullPolicy: IfNotPresent" % indent)
            doc += ["resources:", "  requests:", "    cpu: 100m", "    memory: 128Mi", ""]

        # Kubernetes manifests: Deployments with 1-3 containers, sometimes an initContainer.
        j = 0
        while j < len(in_manifests):
            group = in_manifests[j:j + self.rng.randint(1, 3)]
            j += len(group)
            app = group[0][0].rsplit("/", 1)[1].replace(".", "-").replace("_", "-") + "-%03d" % j
            path = "k8s/%s/deployment.yaml" % app
            doc = self.files[path] = [
                "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: %s" % app,
                "  namespace: rocketchat", "spec:", "  replicas: 2", "  selector:", "    matchLabels:",
                "      app.kubernetes.io/name: %s" % app, "  template:", "    metadata:", "      labels:",
                "        app.kubernetes.io/name: %s" % app, "    spec:"]
            init, main = (group[:1], group[1:]) if len(group) > 1 and self.rng.random() < 0.4 else ([], group)
            for section, members in (("initContainers", init), ("containers", main)):
                if not members:
                    continue
                doc.append("      %s:" % section)
                for k, (image, current) in enumerate(members):
                    hist, tags = self.image_history(image, current)
                    doc.append("        - name: %s-%d" % (section[:4].lower(), k))
                    doc.append("          image: %s:%s" % (image, current))
                    self.expect(path, "k8s-image", "docker", image, current, hist.newest())
                    doc += ["          imagePullPolicy: IfNotPresent", "          resources:",
                            "            requests:", "              cpu: 50m", "              memory: 64Mi"]
            doc += ["---", "apiVersion: v1", "kind: Service", "metadata:", "  name: %s" % app,
                    "  namespace: rocketchat", "spec:", "  selector:", "    app.kubernetes.io/name: %s" % app,
                    "  ports:", "    - port: 80", "      targetPort: 8080", ""]

    # ---------------------------------------------------------------- VERSIONS.md
    def versions_md(self, alloc):
        comps = list(GITHUB)
        i = 0
        while len(comps) < alloc["github"]:
            i += 1
            comps.append(("Ops tool %03d" % i, "rocketchat-ops/tool-%03d" % i, "releases" if i % 3 else "tags",
                          "v%d.%d.%d" % (i % 4, i % 10, i % 3)))
        comps = comps[:alloc["github"]]
        tools = self.files["ci/tools.env"] = ["# Tool versions used by CI jobs (tracked in VERSIONS.md)"]
        md = self.files["VERSIONS.md"] = [
            "# Software Versions Tracking", "",
            "This document tracks the software versions used by the Rocket.Chat on AKS platform.", "",
            "## Platform Tools", "",
            "| Component | Current Version | Latest Version | Upgrade Status | Location | Update Source |",
            "|-----------|----------------|----------------|----------------|----------|---------------|"]
        for label, repo, what, current in comps:
            hist = self.github_history(repo, current)
            tools.append("%s=%s" % (repo.split("/")[1].upper().replace("-", "_").replace(".", "_"), current))
            md.append("| **%s** | `%s` | `%s` | ⚠️ **Check latest** | `ci/tools.env` | [%s %s](https://github.com/%s/%s) |"
                      % (label, current, current, label, what.capitalize(), repo, what))
            self.expect("VERSIONS.md", "versions-table", "github-" + what, repo, current, hist.newest())
        md += ["", "Update this table when a component is upgraded.", ""]
        tools.append("")

    # ---------------------------------------------------------------- output
    def renovate_config(self):
        """Renovate's repository config: its argocd/kubernetes managers have no default
        fileMatch, and VERSIONS.md needs regex managers (one per GitHub datasource)."""
        row = (r"\|\s*\*\*(?<depName>[^*|\n]+)\*\*\s*\|\s*`(?<currentValue>[^`|\n]+)`\s*\|[^\n]*"
               r"\]\(https://github\.com/(?<packageName>[^/()\s]+/[^/()\s]+)/%s\)\s*\|")
        return {
            "argocd": {"fileMatch": ["^argocd/.+\\.ya?ml$"]},
            "kubernetes": {"fileMatch": ["^k8s/.+\\.ya?ml$"]},
            "customManagers": [
                {"customType": "regex", "fileMatch": ["(^|/)VERSIONS\\.md$"],
                 "matchStrings": [row % what], "datasourceTemplate": "github-" + what}
                for what in ("releases", "tags")],
        }

    def write(self):
        out = self.args.out
        repo = os.path.join(out, "repo")
        if os.path.exists(repo):
            shutil.rmtree(repo)
        for path, lines in sorted(self.files.items()):
            full = os.path.join(repo, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + ("" if lines[-1] == "" else "\n"))
        with open(os.path.join(repo, "renovate.json"), "w") as f:
            json.dump(self.renovate_config(), f, indent=2)
            f.write("\n")
        with open(os.path.join(repo, "README.md"), "w") as f:
            f.write("# rocketchat-aks-gitops (synthetic, generated by versiond bench/gen_repo.py)\n")
        env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
                   GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.invalid",
                   GIT_AUTHOR_DATE="2025-11-01T12:00:00Z", GIT_COMMITTER_DATE="2025-11-01T12:00:00Z")
        git = ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]
        subprocess.run(git + ["init", "-q", repo], check=True, env=env)
        subprocess.run(git + ["-C", repo, "add", "-A"], check=True, env=env)
        subprocess.run(git + ["-C", repo, "commit", "-q", "-m", "synthetic repository"], check=True, env=env)
        with open(os.path.join(out, "upstream.json"), "w") as f:
            json.dump(self.upstream, f, sort_keys=True)
        meta = {"deps": len(self.expected), "seed": self.args.seed, "port": self.args.port,
                "versions": self.args.versions, "pad_helm_mb": self.args.pad_helm_mb,
                "helm_repositories": len(self.upstream["helm"]),
                "with_update": sum(1 for e in self.expected if e["newest"].lstrip("v") != e.get("locked", e["current"]).lstrip("v"))}
        with open(os.path.join(out, "expected.json"), "w") as f:
            json.dump({"meta": meta, "dependencies": self.expected}, f, indent=1, sort_keys=True)
            f.write("\n")
        return meta


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--deps", type=int, default=50, help="dependencies that need a lookup (>= 20)")
    ap.add_argument("--port", type=int, default=18080, help="port of the fake upstream (Helm repo URLs)")
    ap.add_argument("--out", required=True, help="output folder (repo/, upstream.json, expected.json)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--versions", type=int, default=40, help="typical versions per package")
    ap.add_argument("--pad-helm-mb", type=float, default=0.0,
                    help="pad the bitnami Helm index with untracked charts to about this size")
    args = ap.parse_args()
    if args.deps < 20:
        sys.exit("gen_repo.py: --deps must be at least 20, got %d" % args.deps)
    gen = Generator(args)
    alloc = allocate(args.deps)
    gen.terraform(alloc)
    gen.charts(alloc)
    gen.images(alloc)
    gen.versions_md(alloc)
    os.makedirs(args.out, exist_ok=True)
    meta = gen.write()
    meta["alloc"] = alloc
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
