"""The versiond.yaml the benchmark gives `versiond scan`: every upstream points at the
fake upstream on 127.0.0.1 (keys as in docs/versiond.schema.json)."""


def render(info, per_host=None, total=None, max_retries=None):
    """info: the fake's --info-out ({"port": P, "registry_ports": {host: port}}).
    per_host/total: http.concurrency overrides, max_retries: http.max_retries
    (None keeps versiond's defaults)."""
    base = "http://127.0.0.1:%d" % info["port"]
    ports = dict(sorted(info["registry_ports"].items()))
    lines = ["# Written by bench/driver.py: every upstream is the local fake (bench/fake_upstream.py).",
             "endpoints:",
             "  github_api: %s" % base,
             "  terraform_registry: %s" % base,
             "  osv: %s" % base]
    if "docker.io" in ports:
        lines.append("  docker_hub: http://127.0.0.1:%d" % ports["docker.io"])
    # Docker Hub's web API (last push, for the stale flag) on the fake too, so the
    # benchmark counts versiond's extra request per docker.io repository.
    lines.append("  docker_hub_api: %s" % base)
    lines.append("  registry_mirrors:")
    # Each registry host has a port of its own on the fake, serving /v2/ as a mirror would.
    lines += ["    %s: http://127.0.0.1:%d" % (host, port) for host, port in ports.items()]
    lines += ["http:", "  allow_plain_http_hosts: [127.0.0.1]"]
    if max_retries is not None:
        lines.append("  max_retries: %d" % max_retries)
    if per_host or total:
        lines.append("  concurrency:")
        if total:
            lines.append("    total: %d" % total)
        if per_host:
            lines.append("    per_host: %d" % per_host)
    return "\n".join(lines) + "\n"
