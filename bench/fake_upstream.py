#!/usr/bin/env python3
"""Fake upstream for the benchmarks: every API versiond and Renovate ask, on 127.0.0.1 only.

    python3 bench/fake_upstream.py --data OUT/upstream.json --port 18500 [--latency-ms 20]
        [--registry-ports] [--info-out FILE] [--stats-out FILE] [--log FILE]

It serves the data bench/gen_repo.py wrote (upstream.json), so every answer agrees
with expected.json.

Main port (http://127.0.0.1:PORT):
  GitHub REST     GET  /repos/O/R/releases, /repos/O/R/tags  (?per_page, ?page, Link,
                       x-ratelimit-* headers), /repos/O/R/releases/latest; also under /api/v3
  GitHub GraphQL  POST /graphql, /api/graphql: the repository{payload: releases|refs}
                       queries Renovate's github-releases / github-tags datasources send
  Helm            GET  /charts/<repo>/index.yaml
  Terraform       GET  /.well-known/terraform.json, /v1/providers/NS/TYPE/versions,
                       /v1/providers/NS/TYPE, /v1/modules/NS/NAME/PROVIDER/versions
  OCI registries  GET  /v2/, /v2/<host>/<name>/tags/list (?n, ?last, Link),
                       /v2/<host>/<name>/manifests/<ref>, /v2/<host>/<name>/blobs/<digest>
                       (a pull-through-mirror layout: the first path segment is the
                       original registry host), GET /token (anonymous bearer tokens)
With --registry-ports, each registry host also gets a port of its own (PORT+1, PORT+2, ...
in sorted host order) that serves /v2/<name>/... for that host alone, as a mirror of
the registry would; --info-out lists them.

Every answer carries an ETag and Last-Modified; If-None-Match / If-Modified-Since give
304. Registry calls without a valid token get 401 + WWW-Authenticate: Bearer
realm=".../token",service=...,scope="repository:<name>:pull"; a token is good for the
repositories named in its scopes only. Bodies over 1 KiB are gzip-compressed when the
client accepts it.

Control (not counted, no latency): GET /__stats (requests by kind and status, bytes),
GET|POST /__reset (zero the counters), GET /__info (ports). The stats are also written
to --stats-out on SIGTERM/SIGINT.
"""
import argparse
import base64
import email.utils
import gzip
import hashlib
import itertools
import json
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

LAST_MODIFIED = "Sat, 01 Nov 2025 12:00:00 GMT"
LAST_MODIFIED_TS = email.utils.parsedate_to_datetime(LAST_MODIFIED).timestamp()


KINDS = ("github-rest", "github-graphql", "helm-index", "terraform-discovery", "terraform-versions",
         "oci-challenge", "oci-token", "oci-tags", "oci-manifest", "oci-blob", "unknown")
STATUSES = (200, 304, 400, 401, 404, 422)  # anything else is counted as "other"


class Stats:
    """Request counters shared by every server process (fork inherits the shared memory)."""

    def __init__(self):
        width = len(STATUSES) + 1
        self.width = width
        self.lock = multiprocessing.Lock()
        self.counts = multiprocessing.RawArray("q", len(KINDS) * width)
        self.bytes = multiprocessing.RawValue("q", 0)
        self.started = multiprocessing.RawValue("d", time.time())

    def reset(self):
        with self.lock:
            for i in range(len(self.counts)):
                self.counts[i] = 0
            self.bytes.value = 0
            self.started.value = time.time()

    def add(self, kind, status, nbytes):
        k = KINDS.index(kind) if kind in KINDS else KINDS.index("unknown")
        col = STATUSES.index(status) if status in STATUSES else len(STATUSES)
        with self.lock:
            self.counts[k * self.width + col] += 1
            self.bytes.value += nbytes

    def snapshot(self):
        with self.lock:
            counts = list(self.counts)
            nbytes, started = self.bytes.value, self.started.value
        by_kind = {}
        for k, kind in enumerate(KINDS):
            row = counts[k * self.width:(k + 1) * self.width]
            per = {str(st): n for st, n in zip(list(STATUSES) + ["other"], row) if n}
            if per:
                by_kind[kind] = per
        total = sum(counts)
        not_modified = sum(counts[k * self.width + STATUSES.index(304)] for k in range(len(KINDS)))
        return {"total": total, "not_modified": not_modified, "bytes_sent": nbytes, "by_kind": by_kind,
                "seconds_since_reset": round(time.time() - started, 3)}


class Upstream:
    """Builds response bodies from upstream.json (cached: the data never changes)."""

    def __init__(self, data):
        self.github = data["github"]
        self.helm = data["helm"]
        self.helm_padding = data.get("helm_padding_bytes", {})
        self.providers = data["terraform_providers"]
        self.modules = {k.lower(): (k, v) for k, v in data["terraform_modules"].items()}
        self.images = data["docker"]
        self.cache = {}
        self.cache_lock = threading.Lock()

    def cached(self, key, build):
        with self.cache_lock:
            hit = self.cache.get(key)
        if hit is None:
            hit = build()
            with self.cache_lock:
                self.cache[key] = hit
        return hit

    # ---------------------------------------------------------------- helm
    def helm_index(self, repo):
        def build():
            out = ["apiVersion: v1", "entries:"]
            charts = self.helm[repo]
            for chart in sorted(charts):
                out += self.chart_entries(repo, chart, charts[chart])
            target = self.helm_padding.get(repo, 0)
            size, i = sum(len(line) + 1 for line in out), 0
            while size < target:  # untracked charts, as large public indexes have
                i += 1
                name = "filler-%04d" % i
                vers = [{"version": "%d.%d.%d" % (1 + j // 20, j % 20, 0), "appVersion": "1.0.%d" % j,
                         "created": "2025-0%d-01T00:00:00Z" % (1 + j % 9)} for j in range(40)]
                block = self.chart_entries(repo, name, vers)
                out += block
                size += sum(len(line) + 1 for line in block)
            out.append('generated: "2025-11-01T12:00:00Z"')
            return ("\n".join(out) + "\n").encode()
        return self.cached(("helm", repo), build)

    @staticmethod
    def chart_entries(repo, chart, versions):
        out = ["  %s:" % chart]
        for v in reversed(versions):  # newest first, like `helm repo index`
            d = hashlib.sha256((repo + chart + v["version"]).encode()).hexdigest()
            out += ["  - annotations:", "      category: Infrastructure", "    apiVersion: v2",
                    '    appVersion: "%s"' % v["appVersion"], '    created: "%s"' % v["created"],
                    "    description: A Helm chart for %s on Kubernetes" % chart, "    digest: %s" % d,
                    "    home: https://github.com/%s/helm-charts" % repo, "    maintainers:",
                    "    - name: %s-maintainers" % repo, "    name: %s" % chart, "    sources:",
                    "    - https://github.com/%s/%s" % (repo, chart), "    type: application", "    urls:",
                    "    - https://github.com/%s/helm-charts/releases/download/%s-%s/%s-%s.tgz"
                    % (repo, chart, v["version"], chart, v["version"]),
                    "    version: %s" % v["version"]]
        return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "versiond-bench-fake/1"
    # Headers and body leave in separate writes; with Nagle's algorithm on, the body
    # waits for the client's delayed ACK (~40 ms per response), which would be measured
    # as the tools' time.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet: --log records counted requests instead
        pass

    # ---------------------------------------------------------------- plumbing
    @property
    def up(self):
        return self.server.upstream

    def base_url(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def reply(self, status, body=b"", ctype="application/json", headers=None, kind=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body, separators=(",", ":")).encode()
        elif isinstance(body, str):
            body = body.encode()
        headers = dict(headers or {})
        if status == 200:
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:20]
            headers.update({"ETag": etag, "Last-Modified": LAST_MODIFIED, "Cache-Control": "max-age=0"})
            if self.not_modified(etag):
                status, body = 304, b""
        encoding = None
        if len(body) > 1024 and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            body = self.up.cached(("gz", hashlib.sha1(body).digest()), lambda b=body: gzip.compress(b, 6))
            encoding = "gzip"
        if kind is not None and self.server.latency > 0:
            time.sleep(self.server.latency)
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        if kind is not None:
            self.server.stats.add(kind, status, len(body))
            if self.server.log:
                self.server.log_line("%.3f %s %d %s %d %s conn=%d" % (
                    time.time(), self.command, self.server.server_address[1], self.path, status, kind,
                    self.client_address[1]))

    def not_modified(self, etag):
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return email.utils.parsedate_to_datetime(ims).timestamp() >= LAST_MODIFIED_TS
            except (TypeError, ValueError):
                return False
        return False

    # ---------------------------------------------------------------- routing
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urlsplit(self.path)
        path, query = url.path, {k: v for k, v in parse_qs(url.query).items()}
        if path == "/__stats":
            return self.reply(200, self.server.stats.snapshot())
        if path == "/__reset":
            self.server.stats.reset()
            return self.reply(200, {"ok": True})
        if path == "/__info":
            return self.reply(200, self.server.info)
        if path == "/token":
            return self.token(query)
        if path == "/v2" or path.startswith("/v2/"):
            return self.registry(path, query)
        if self.server.registry_host:  # a registry's own port serves nothing else
            return self.reply(404, {"errors": [{"code": "NOT_FOUND"}]}, kind="unknown")
        if path.startswith("/api/v3/"):
            path = path[len("/api/v3"):]
        if path.startswith("/repos/"):
            return self.github_rest(path, query)
        if path.startswith("/charts/") and path.endswith("/index.yaml"):
            repo = path[len("/charts/"):-len("/index.yaml")]
            if repo not in self.up.helm:
                return self.reply(404, "not found\n", ctype="text/plain", kind="helm-index")
            return self.reply(200, self.up.helm_index(repo), ctype="application/x-yaml", kind="helm-index")
        if path == "/.well-known/terraform.json":
            return self.reply(200, {"modules.v1": "/v1/modules/", "providers.v1": "/v1/providers/"},
                              kind="terraform-discovery")
        if path.startswith("/v1/providers/"):
            return self.terraform_provider(path[len("/v1/providers/"):].strip("/").split("/"))
        if path.startswith("/v1/modules/"):
            return self.terraform_module(path[len("/v1/modules/"):].strip("/").split("/"))
        return self.reply(404, {"message": "Not Found"}, kind="unknown")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = urlsplit(self.path).path
        if path == "/__reset":
            self.server.stats.reset()
            return self.reply(200, {"ok": True})
        if path in ("/graphql", "/api/graphql") and not self.server.registry_host:
            return self.github_graphql(raw)
        if path == "/v1/querybatch" and not self.server.registry_host:
            # OSV knows no advisory for the benchmark's packages: one empty result per query.
            try:
                queries = json.loads(raw or b"{}").get("queries", [])
            except ValueError:
                return self.reply(400, {"message": "malformed JSON"}, kind="osv")
            return self.reply(200, {"results": [{} for _ in queries]}, kind="osv")
        return self.reply(404, {"message": "Not Found"}, kind="unknown")

    # ---------------------------------------------------------------- GitHub
    def rate_headers(self):
        used = min(next(self.server.github_calls), 4000)  # per process: a plausible, falling count
        return {"x-ratelimit-limit": "5000", "x-ratelimit-remaining": str(5000 - 1 - used),
                "x-ratelimit-reset": str(int(self.server.started) + 3600), "x-ratelimit-resource": "core"}

    @staticmethod
    def tag_order(items):
        # The tags API lists by name, descending, not by version (v9.0 before v10.0): a
        # client that reads only the first page can miss the newest tag.
        return sorted(items, key=lambda it: it["tag"], reverse=True)

    def github_rest(self, path, query):
        parts = path.strip("/").split("/")  # repos O R releases|tags [latest]
        if len(parts) not in (4, 5) or parts[3] not in ("releases", "tags"):
            return self.reply(404, {"message": "Not Found"}, kind="github-rest")
        repo, what = parts[1] + "/" + parts[2], parts[3]
        items = self.up.github.get(repo)
        if items is None:
            return self.reply(404, {"message": "Not Found"}, headers=self.rate_headers(), kind="github-rest")
        if len(parts) == 5:
            if parts[4] != "latest" or what != "releases":
                return self.reply(404, {"message": "Not Found"}, kind="github-rest")
            latest = [it for it in items if not it["prerelease"]][-1]
            return self.reply(200, self.release_json(repo, latest), headers=self.rate_headers(), kind="github-rest")
        try:
            per_page = max(1, min(int(query.get("per_page", ["30"])[-1]), 100))
            page = max(1, int(query.get("page", ["1"])[-1]))
        except ValueError:
            return self.reply(422, {"message": "Invalid paging"}, kind="github-rest")
        ordered = list(reversed(items)) if what == "releases" else self.tag_order(items)
        chunk = ordered[(page - 1) * per_page: page * per_page]
        if what == "releases":
            body = [self.release_json(repo, it) for it in chunk]
        else:
            body = [{"name": it["tag"], "commit": {"sha": it["sha"], "url": "%s/repos/%s/commits/%s"
                                                   % (self.base_url(), repo, it["sha"])},
                     "zipball_url": "%s/repos/%s/zipball/refs/tags/%s" % (self.base_url(), repo, it["tag"]),
                     "tarball_url": "%s/repos/%s/tarball/refs/tags/%s" % (self.base_url(), repo, it["tag"]),
                     "node_id": "REF_" + it["sha"][:12]} for it in chunk]
        headers = self.rate_headers()
        pages = max(1, -(-len(ordered) // per_page))
        links = []
        for rel, p in (("prev", page - 1), ("next", page + 1), ("first", 1), ("last", pages)):
            if 1 <= p <= pages and (rel in ("first", "last") or p != page):
                links.append('<%s%s?%s>; rel="%s"' % (self.base_url(), urlsplit(self.path).path,
                                                      urlencode({"per_page": per_page, "page": p}), rel))
        if pages > 1:
            headers["Link"] = ", ".join(links)
        return self.reply(200, body, headers=headers, kind="github-rest")

    def release_json(self, repo, it):
        return {"url": "%s/repos/%s/releases/%d" % (self.base_url(), repo, int(it["sha"][:8], 16)),
                "html_url": "https://github.com/%s/releases/tag/%s" % (repo, it["tag"]),
                "id": int(it["sha"][:8], 16), "tag_name": it["tag"], "target_commitish": "main",
                "name": it["tag"], "draft": False, "prerelease": it["prerelease"],
                "created_at": it["published"], "published_at": it["published"],
                "body": "Release %s of %s." % (it["tag"], repo)}

    def github_graphql(self, raw):
        try:
            req = json.loads(raw or b"{}")
            variables = req.get("variables") or {}
            query = req.get("query") or ""
            owner, name = variables["owner"], variables["name"]
            count = max(1, min(int(variables.get("count") or 100), 100))
            cursor = variables.get("cursor")
            offset = int(base64.b64decode(cursor).decode()) if cursor else 0
        except (ValueError, KeyError, TypeError):
            return self.reply(400, {"errors": [{"message": "Problems parsing JSON"}]}, kind="github-graphql")
        repo = "%s/%s" % (owner, name)
        items = self.up.github.get(repo)
        if items is None:
            return self.reply(200, {"data": {"repository": None}, "errors": [
                {"type": "NOT_FOUND", "path": ["repository"],
                 "message": "Could not resolve to a Repository with the name '%s'." % repo}]},
                kind="github-graphql")
        tags = "refs(" in query
        ordered = self.tag_order(items) if tags else list(reversed(items))
        chunk = ordered[offset:offset + count]
        more = offset + count < len(ordered)
        if tags:
            nodes = [{"version": it["tag"], "target": {"type": "Commit", "oid": it["sha"],
                                                       "releaseTimestamp": it["published"]}} for it in chunk]
        else:
            nodes = [{"version": it["tag"], "releaseTimestamp": it["published"], "isDraft": False,
                      "isPrerelease": it["prerelease"], "url": "https://github.com/%s/releases/tag/%s"
                      % (repo, it["tag"]), "id": int(it["sha"][:8], 16), "name": it["tag"], "description": None}
                     for it in chunk]
        end = base64.b64encode(str(offset + count).encode()).decode() if more else None
        payload = {"pageInfo": {"hasNextPage": more, "endCursor": end}, "nodes": nodes}
        return self.reply(200, {"data": {"repository": {"isRepoPrivate": False, "payload": payload}}},
                          headers=self.rate_headers(), kind="github-graphql")

    # ---------------------------------------------------------------- Terraform
    def terraform_provider(self, parts):
        key = "/".join(parts[:2]).lower()
        versions = self.up.providers.get(key)
        if versions is None or len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] != "versions"):
            return self.reply(404, {"errors": ["Not Found"]}, kind="terraform-versions")
        if len(parts) == 3:
            body = {"id": key, "warnings": None, "versions": [
                {"version": v, "protocols": ["5.0"], "platforms": [
                    {"os": "linux", "arch": "amd64"}, {"os": "darwin", "arch": "arm64"},
                    {"os": "windows", "arch": "amd64"}]} for v in versions]}
        else:  # registry.terraform.io's own, richer form
            body = {"id": "%s/%s" % (key, versions[-1]), "namespace": parts[0], "name": parts[1],
                    "version": versions[-1], "published_at": "2025-11-01T12:00:00Z", "versions": versions,
                    "source": "https://github.com/%s/terraform-provider-%s" % (parts[0], parts[1])}
        return self.reply(200, body, kind="terraform-versions")

    def terraform_module(self, parts):
        hit = self.up.modules.get("/".join(parts[:3]).lower())
        if hit is None or len(parts) != 4 or parts[3] != "versions":
            return self.reply(404, {"errors": ["Not Found"]}, kind="terraform-versions")
        source, versions = hit
        body = {"modules": [{"source": source, "versions": [
            {"version": v, "root": {"providers": [], "dependencies": []}, "submodules": []} for v in versions]}]}
        return self.reply(200, body, kind="terraform-versions")

    # ---------------------------------------------------------------- OCI registries
    def challenge(self, scope=None):
        value = 'Bearer realm="%s/token",service="%s"' % (self.base_url(), self.server.service)
        if scope:
            value += ',scope="%s"' % scope
        return {"WWW-Authenticate": value, "Docker-Distribution-API-Version": "registry/2.0"}

    def token(self, query):
        names = []
        for scope in query.get("scope", []):
            for one in scope.split(" "):
                fields = one.split(":")
                if len(fields) >= 3 and fields[0] == "repository":
                    names.append(":".join(fields[1:-1]))
        raw = json.dumps({"svc": self.server.service, "repos": sorted(set(names))}, separators=(",", ":"))
        tok = "fake." + base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
        return self.reply(200, {"token": tok, "access_token": tok, "expires_in": 300,
                                "issued_at": "2025-11-01T12:00:00Z"}, kind="oci-token")

    def token_repos(self):
        auth = self.headers.get("Authorization") or ""
        if not auth.startswith("Bearer fake."):
            return None
        try:
            raw = auth[len("Bearer fake."):]
            info = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        except ValueError:
            return None
        return set(info.get("repos", [])) if info.get("svc") == self.server.service else None

    def registry(self, path, query):
        granted = self.token_repos()
        if path in ("/v2", "/v2/"):
            if granted is None:
                return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]},
                                  headers=self.challenge(), kind="oci-challenge")
            return self.reply(200, {}, headers={"Docker-Distribution-API-Version": "registry/2.0"},
                              kind="oci-challenge")
        rest = path[len("/v2/"):]
        for marker, kind in (("/tags/list", "oci-tags"), ("/manifests/", "oci-manifest"), ("/blobs/", "oci-blob")):
            at = rest.rfind(marker)
            if at > 0:
                name, ref = rest[:at], rest[at + len(marker):]
                break
        else:
            return self.reply(404, {"errors": [{"code": "NAME_UNKNOWN"}]}, kind="unknown")
        if granted is None or name not in granted:
            return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]},
                              headers=self.challenge("repository:%s:pull" % name), kind=kind)
        key = (self.server.registry_host + "/" + name) if self.server.registry_host else name
        tags = self.up.images.get(key)
        hdr = {"Docker-Distribution-API-Version": "registry/2.0"}
        if tags is None:
            return self.reply(404, {"errors": [{"code": "NAME_UNKNOWN", "message": "repository name not known"}]},
                              headers=hdr, kind=kind)
        if kind == "oci-tags":
            return self.tag_list(name, tags, query, hdr)
        config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Labels": {
            "org.opencontainers.image.source": "https://github.com/rocketchat-ops/" + name.rsplit("/", 1)[-1]}},
            "rootfs": {"type": "layers", "diff_ids": []}}).encode()
        if kind == "oci-blob":
            return self.reply(200, config, ctype="application/octet-stream", headers=hdr, kind=kind)
        manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                               "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                          "size": len(config), "digest": "sha256:" + hashlib.sha256(config).hexdigest()},
                               "layers": []}).encode()
        hdr["Docker-Content-Digest"] = "sha256:" + hashlib.sha256(manifest).hexdigest()
        return self.reply(200, manifest, ctype="application/vnd.oci.image.manifest.v1+json", headers=hdr, kind=kind)

    def tag_list(self, name, tags, query, hdr):
        ordered = sorted(tags)  # the distribution spec lists tags in lexical order
        last = query.get("last", [None])[-1]
        start = 0
        if last is not None:
            start = next((i for i, t in enumerate(ordered) if t > last), len(ordered))
        try:
            n = int(query["n"][-1]) if "n" in query else self.server.oci_page
        except ValueError:
            return self.reply(400, {"errors": [{"code": "PAGINATION_NUMBER_INVALID"}]}, headers=hdr, kind="oci-tags")
        chunk = ordered[start:start + n] if n > 0 else ordered[start:]
        if n > 0 and start + n < len(ordered):
            hdr["Link"] = '</v2/%s/tags/list?%s>; rel="next"' % (name, urlencode({"n": n, "last": chunk[-1]}))
        return self.reply(200, {"name": name, "tags": chunk}, headers=hdr, kind="oci-tags")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # a burst of parallel connections must not hit a tiny backlog
    allow_reuse_address = True
    allow_reuse_port = True  # every server process binds the same ports; the kernel spreads connections


def serve(plan, upstream, stats, info, args, log_line, ready, stopping):
    """One server process: a threaded server per port of the plan, until `stopping` is set."""
    if threading.current_thread() is threading.main_thread():  # a child: the parent stops it
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    servers = []
    for port, host in plan:
        srv = Server(("127.0.0.1", port), Handler)
        srv.upstream, srv.stats, srv.info = upstream, stats, info
        srv.registry_host = host
        srv.service = "fake-registry" + ("-" + host if host else "")
        srv.latency = args.latency_ms / 1000.0
        srv.oci_page = args.oci_page
        srv.log = log_line is not None
        srv.log_line = log_line
        srv.started = time.time()
        srv.github_calls = itertools.count()
        servers.append(srv)
    for srv in servers:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    ready.set()
    while not stopping.wait(0.5):
        pass
    stoppers = [threading.Thread(target=srv.shutdown) for srv in servers]  # in parallel: each polls
    for t in stoppers:
        t.start()
    for t in stoppers:
        t.join()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="upstream.json written by gen_repo.py")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--latency-ms", type=float, default=0.0, help="added to every counted request")
    ap.add_argument("--registry-ports", action="store_true", help="one extra port per registry host")
    ap.add_argument("--oci-page", type=int, default=0, help="tags per page when the client gives no n (0 = all)")
    ap.add_argument("--processes", type=int, default=4,
                    help="server processes sharing the ports (one Python process alone saturates first)")
    ap.add_argument("--info-out", help="write {ports, pids} here once listening")
    ap.add_argument("--stats-out", help="write the request counts here on exit")
    ap.add_argument("--log", help="append one line per counted request")
    args = ap.parse_args()
    with open(args.data) as f:
        upstream = Upstream(json.load(f))
    stats = Stats()
    log_line = None
    if args.log:
        log_lock = multiprocessing.Lock()

        def log_line(line):
            with log_lock, open(args.log, "a") as log_file:
                log_file.write(line + "\n")

    hosts = sorted({key.split("/", 1)[0] for key in upstream.images})
    plan = [(args.port, None)] + ([(args.port + 1 + i, h) for i, h in enumerate(hosts)] if args.registry_ports else [])
    # The server processes share their ports (SO_REUSEPORT), so the kernel would also let
    # them share a port with another fake left running: every answer would then come
    # from either. Refuse to start instead.
    for port, _ in plan:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                sys.exit("fake_upstream: 127.0.0.1:%d is already in use (another fake still running?)" % port)
    info = {"port": args.port, "registry_ports": {h: p for p, h in plan if h}, "latency_ms": args.latency_ms,
            "pid": os.getpid(), "processes": max(1, args.processes)}
    ctx = multiprocessing.get_context("fork")
    stopping = ctx.Event()
    # The handler only flips a flag: setting a multiprocessing Event from a handler could
    # interrupt a wait on that same Event's lock and deadlock.
    stop_requested = []
    signal.signal(signal.SIGTERM, lambda signum, frame: stop_requested.append(signum))
    signal.signal(signal.SIGINT, lambda signum, frame: stop_requested.append(signum))
    workers, readies = [], []
    for _ in range(info["processes"] - 1):
        ready = ctx.Event()
        proc = ctx.Process(target=serve, args=(plan, upstream, stats, info, args, log_line, ready, stopping),
                           daemon=True)
        proc.start()
        workers.append(proc)
        readies.append(ready)
    info["pids"] = [os.getpid()] + [w.pid for w in workers]
    ready = threading.Event()
    main_server = threading.Thread(target=serve, args=(plan, upstream, stats, info, args, log_line, ready, stopping))
    main_server.start()
    for r in readies + [ready]:
        r.wait(60)
    if args.info_out:
        tmp = args.info_out + ".tmp"
        with open(tmp, "w") as f:
            json.dump(info, f)
        os.replace(tmp, args.info_out)
    print("fake upstream on http://127.0.0.1:%d (%d registry ports, %d processes, latency %g ms)"
          % (args.port, len(plan) - 1, info["processes"], args.latency_ms), flush=True)
    while not stop_requested:
        time.sleep(0.2)
    stopping.set()
    main_server.join()
    for w in workers:
        w.join(10)
    if args.stats_out:
        with open(args.stats_out, "w") as f:
            json.dump(stats.snapshot(), f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
