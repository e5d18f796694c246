#!/usr/bin/env python3
"""Checks deploy/kubernetes beyond kubeconform's schemas: what running one
versiond per store safely needs, and that the pieces refer to each other.

1. each kustomization.yaml lists only files that exist, and every manifest
   of its folder is listed;
2. the Deployment: 1 replica, strategy Recreate, runAsNonRoot, seccomp
   RuntimeDefault, and per container readOnlyRootFilesystem, no privilege
   escalation, capabilities drop ALL, liveness on /healthz and readiness on
   /readyz; the state volume is a PVC of the manifests, the config volume a
   ConfigMap of the manifests, the token volume the Secret an ExternalSecret
   writes; the config's server.listen port is the container's port;
3. the ExternalSecret uses the ClusterSecretStore (name, apiVersion) that
   the aks_spoke module renders (--eso-manifest);
4. the Service selects the pod; a ServiceMonitor selects the Service and
   names one of its ports.

Uses PyYAML (Debian's python3-yaml). Exit 0 when clean, 1 with one line per
problem otherwise.
"""
import argparse
import pathlib
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import report  # noqa: E402


def load_documents(paths):
    documents = []
    for path in paths:
        for document in yaml.safe_load_all(pathlib.Path(path).read_text(encoding="utf-8")):
            if document:
                documents.append((str(path), document))
    return documents


def kustomization_problems(directory):
    problems = []
    for kfile in sorted(pathlib.Path(directory).rglob("kustomization.yaml")):
        listed = yaml.safe_load(kfile.read_text(encoding="utf-8")).get("resources", [])
        for resource in listed:
            if not (kfile.parent / resource).exists():
                problems.append(f"{kfile}: resource {resource} does not exist")
        for manifest in sorted(kfile.parent.glob("*.yaml")):
            if manifest.name != "kustomization.yaml" and manifest.name not in listed:
                problems.append(f"{kfile}: {manifest.name} is not listed in resources")
    return problems


def by_kind(documents, kind):
    return [(path, doc) for path, doc in documents if doc.get("kind") == kind]


def names(documents, kind):
    return {doc["metadata"]["name"] for _, doc in by_kind(documents, kind)}


def deployment_problems(path, deployment, documents):
    where = f"{path}: Deployment {deployment['metadata']['name']}"
    problems = []
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    if spec.get("replicas") != 1:
        problems.append(f"{where}: replicas must be 1 (one instance per store)")
    if spec.get("strategy", {}).get("type") != "Recreate":
        problems.append(f"{where}: strategy must be Recreate (the old pod releases the store first)")
    security = pod.get("securityContext", {})
    if security.get("runAsNonRoot") is not True:
        problems.append(f"{where}: securityContext.runAsNonRoot must be true")
    if security.get("seccompProfile", {}).get("type") != "RuntimeDefault":
        problems.append(f"{where}: seccompProfile must be RuntimeDefault")
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for container in pod["containers"]:
        cwhere = f"{where} container {container['name']}"
        csec = container.get("securityContext", {})
        if csec.get("readOnlyRootFilesystem") is not True:
            problems.append(f"{cwhere}: readOnlyRootFilesystem must be true")
        if csec.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{cwhere}: allowPrivilegeEscalation must be false")
        if csec.get("capabilities", {}).get("drop") != ["ALL"]:
            problems.append(f"{cwhere}: capabilities must drop ALL")
        for probe, path_wanted in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            if container.get(probe, {}).get("httpGet", {}).get("path") != path_wanted:
                problems.append(f"{cwhere}: {probe} must GET {path_wanted}")
        ports = {p.get("containerPort") for p in container.get("ports", [])}
        for mount in container.get("volumeMounts", []):
            if mount["name"] not in volumes:
                problems.append(f"{cwhere}: mounts undeclared volume {mount['name']}")
        problems += config_port_problems(cwhere, volumes, documents, ports)
    problems += volume_problems(where, volumes, documents)
    return problems


def volume_problems(where, volumes, documents):
    problems = []
    secret_targets = {doc["spec"]["target"]["name"] for _, doc in by_kind(documents, "ExternalSecret")}
    kinds = {"persistentVolumeClaim": ("claimName", names(documents, "PersistentVolumeClaim")),
             "configMap": ("name", names(documents, "ConfigMap")),
             "secret": ("secretName", secret_targets)}
    if not any("persistentVolumeClaim" in v for v in volumes.values()):
        problems.append(f"{where}: no PersistentVolumeClaim volume for the store")
    for volume in volumes.values():
        for kind, (key, known) in kinds.items():
            if kind in volume and volume[kind][key] not in known:
                problems.append(f"{where}: volume {volume['name']}: {kind} {volume[kind][key]} is not in the manifests")
    return problems


def config_port_problems(where, volumes, documents, ports):
    problems = []
    for volume in volumes.values():
        if "configMap" not in volume:
            continue
        for _, config_map in by_kind(documents, "ConfigMap"):
            if config_map["metadata"]["name"] != volume["configMap"]["name"]:
                continue
            for text in config_map.get("data", {}).values():
                listen = ((yaml.safe_load(text) or {}).get("server") or {}).get("listen", "127.0.0.1:9464")
                host, _, port = listen.rpartition(":")
                if int(port) not in ports:
                    problems.append(f"{where}: server.listen {listen} is not a container port {sorted(ports)}")
                if host in ("127.0.0.1", "localhost", "[::1]"):
                    problems.append(f"{where}: server.listen {listen} is loopback; probes and scrapes cannot reach it")
    return problems


def eso_problems(documents, eso_manifest):
    problems = []
    stores = {(d["apiVersion"], d["metadata"]["name"]) for _, d in
              by_kind(load_documents([eso_manifest]), "ClusterSecretStore")}
    for path, secret in by_kind(documents, "ExternalSecret"):
        ref = secret["spec"]["secretStoreRef"]
        group_version = secret["apiVersion"]
        if ref.get("kind") != "ClusterSecretStore" or (group_version, ref.get("name")) not in stores:
            problems.append(f"{path}: ExternalSecret {secret['metadata']['name']} uses {ref.get('kind')} "
                            f"{ref.get('name')} ({group_version}); the module renders {sorted(stores)}")
    return problems


def service_problems(documents):
    problems = []
    pod_labels = [d["spec"]["template"]["metadata"].get("labels", {}) for _, d in by_kind(documents, "Deployment")]
    services = by_kind(documents, "Service")
    for path, service in services:
        selector = service["spec"].get("selector", {})
        if not any(selector.items() <= labels.items() for labels in pod_labels):
            problems.append(f"{path}: Service {service['metadata']['name']} selects no pod of the Deployment")
    for path, monitor in by_kind(documents, "ServiceMonitor"):
        wanted = monitor["spec"]["selector"].get("matchLabels", {})
        matched = [s for _, s in services if wanted.items() <= s["metadata"].get("labels", {}).items()]
        if not matched:
            problems.append(f"{path}: ServiceMonitor selects no Service")
        ports = {p.get("name") for s in matched for p in s["spec"]["ports"]}
        for endpoint in monitor["spec"]["endpoints"]:
            if endpoint.get("port") not in ports:
                problems.append(f"{path}: ServiceMonitor port {endpoint.get('port')} is not a Service port {sorted(ports)}")
    return problems


def check(directory, eso_manifest):
    manifests = [p for p in sorted(pathlib.Path(directory).rglob("*.yaml")) if p.name != "kustomization.yaml"]
    documents = load_documents(manifests)
    problems = kustomization_problems(directory)
    deployments = by_kind(documents, "Deployment")
    if not deployments:
        problems.append(f"{directory}: no Deployment")
    for path, deployment in deployments:
        problems += deployment_problems(path, deployment, documents)
    return problems + eso_problems(documents, eso_manifest) + service_problems(documents)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--eso-manifest", required=True, help="the ESO manifest the aks_spoke module renders")
    args = parser.parse_args(argv)
    problems = check(args.directory, args.eso_manifest)
    return report.finish(problems, str(args.directory))


if __name__ == "__main__":
    sys.exit(main())
