#!/usr/bin/env python3
"""Self-test of the benchmark harness: the generator, the fake upstream and the checker
must agree, or every figure the benchmark prints would be meaningless.

    python3 bench/test_harness.py [-v]          (also registered with ctest: bench_harness)

With LOOKUP_PROBE=path/to/lookup_probe (ctest sets it when the probe is built), one more
test checks versiond's own lookup stages against the fake: every answer must match.
"""
import base64
import gzip
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check  # noqa: E402


def free_port_block(count):
    """A base port such that base .. base+count-1 are free on 127.0.0.1."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + count >= 65535:
            continue
        ok = True
        for p in range(base, base + count):
            with socket.socket() as t:
                try:
                    t.bind(("127.0.0.1", p))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    raise RuntimeError("no free port block")


class Harness(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="versiond-bench-test-")
        cls.out = cls.tmp.name
        cls.port = free_port_block(8)
        gen = subprocess.run([sys.executable, os.path.join(HERE, "gen_repo.py"), "--deps", "60", "--port",
                              str(cls.port), "--out", cls.out, "--seed", "7"], check=True, capture_output=True,
                             text=True)
        cls.meta = json.loads(gen.stdout)
        with open(os.path.join(cls.out, "expected.json")) as f:
            cls.expected = json.load(f)
        with open(os.path.join(cls.out, "upstream.json")) as f:
            cls.upstream = json.load(f)
        info = os.path.join(cls.out, "info.json")
        cls.fake = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_upstream.py"), "--data",
                                     os.path.join(cls.out, "upstream.json"), "--port", str(cls.port),
                                     "--registry-ports", "--info-out", info, "--oci-page", "25"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 30
        while not os.path.exists(info):
            if time.time() > deadline or cls.fake.poll() is not None:
                raise RuntimeError("fake upstream did not start")
            time.sleep(0.05)
        with open(info) as f:
            cls.info = json.load(f)
        cls.info_path = info

    @classmethod
    def tearDownClass(cls):
        cls.fake.terminate()
        cls.fake.wait(timeout=30)
        cls.tmp.cleanup()

    def get(self, path, headers=None, port=None, method="GET", body=None):
        conn = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=10)
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, dict(resp.getheaders()), data

    def deps(self, datasource):
        return [d for d in self.expected["dependencies"] if d["datasource"] == datasource]

    # ------------------------------------------------------------------ generator
    def test_generator_is_deterministic_and_counts_every_dependency(self):
        self.assertEqual(self.meta["deps"], 60)
        self.assertEqual(len(self.expected["dependencies"]), 60)
        with tempfile.TemporaryDirectory() as again:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_repo.py"), "--deps", "60", "--port",
                            str(self.port), "--out", again, "--seed", "7"], check=True, capture_output=True)
            for name in ("expected.json", "upstream.json"):
                with open(os.path.join(again, name), "rb") as a, open(os.path.join(self.out, name), "rb") as b:
                    self.assertEqual(a.read(), b.read(), name)
        keys = {check.key_of(d["datasource"], d["package"]) for d in self.expected["dependencies"]}
        self.assertEqual(len(keys), 60, "every dependency is a distinct upstream package")

    def test_expected_lines_point_at_the_pinned_values(self):
        for dep in self.expected["dependencies"]:
            with open(os.path.join(self.out, "repo", dep["file"]), encoding="utf-8") as f:
                line = f.read().split("\n")[dep["line"] - 1]
            self.assertIn(dep["current"], line, dep)

    def test_newest_is_the_highest_stable_version_upstream(self):
        for dep in self.deps("terraform-provider"):
            versions = self.upstream["terraform_providers"][dep["package"].lower()]
            self.assertEqual(dep["newest"], max(versions, key=check.version_key))
        for dep in self.deps("docker"):
            shape = re.compile(r"v\d+\.\d+\.\d+" if dep["current"].startswith("v") else r"\d+\.\d+\.\d+")
            same_shape = [t for t in self.upstream["docker"][dep["package"]] if shape.fullmatch(t)]
            self.assertEqual(dep["newest"], max(same_shape, key=check.version_key), dep["package"])

    # ------------------------------------------------------------------ fake upstream
    def test_github_rest_pages_cover_every_release_and_revalidate(self):
        dep = max(self.deps("github-releases"), key=lambda d: len(self.upstream["github"][d["package"]]))
        repo, seen, page = dep["package"], [], 1
        while True:
            status, headers, body = self.get("/api/v3/repos/%s/releases?per_page=30&page=%d" % (repo, page))
            self.assertEqual(status, 200)
            seen += [r["tag_name"] for r in json.loads(body)]
            if 'rel="next"' not in headers.get("Link", ""):
                break
            page += 1
        self.assertEqual(sorted(seen), sorted(r["tag"] for r in self.upstream["github"][repo]))
        status, headers, _ = self.get("/repos/%s/releases?per_page=30&page=1" % repo)
        status, _, body = self.get("/repos/%s/releases?per_page=30&page=1" % repo,
                                   {"If-None-Match": headers["ETag"]})
        self.assertEqual((status, body), (304, b""))

    def test_graphql_shape_renovate_sends(self):
        dep = self.deps("github-tags")[0]
        owner, name = dep["package"].split("/")
        query = {"query": "query($owner:String!,$name:String!){repository(owner:$owner,name:$name)"
                          "{isRepoPrivate payload: refs(first:$count){nodes{version: name}}}}",
                 "variables": {"owner": owner, "name": name, "count": 10}}
        versions, cursor = [], None
        for _ in range(100):
            query["variables"]["cursor"] = cursor
            status, _, body = self.get("/api/graphql", method="POST", body=json.dumps(query),
                                       headers={"Content-Type": "application/json"})
            self.assertEqual(status, 200)
            payload = json.loads(body)["data"]["repository"]["payload"]
            versions += [n["version"] for n in payload["nodes"]]
            if not payload["pageInfo"]["hasNextPage"]:
                break
            cursor = payload["pageInfo"]["endCursor"]
        self.assertEqual(sorted(versions), sorted(r["tag"] for r in self.upstream["github"][dep["package"]]))

    def test_helm_index_lists_the_expected_newest(self):
        dep = self.deps("helm")[0]
        repo_path = dep["registry_url"].split("127.0.0.1:%d" % self.port, 1)[1]
        status, headers, body = self.get(repo_path + "/index.yaml", {"Accept-Encoding": "gzip"})
        self.assertEqual(status, 200)
        text = gzip.decompress(body).decode() if headers.get("Content-Encoding") == "gzip" else body.decode()
        self.assertIn("  %s:\n" % dep["package"], text)
        self.assertIn("    version: %s\n" % dep["newest"], text)

    def test_terraform_discovery_and_versions(self):
        status, _, body = self.get("/.well-known/terraform.json")
        self.assertEqual(json.loads(body)["providers.v1"], "/v1/providers/")
        dep = self.deps("terraform-module")[0]
        status, _, body = self.get("/v1/modules/%s/versions" % dep["package"])
        versions = [v["version"] for v in json.loads(body)["modules"][0]["versions"]]
        self.assertIn(dep["newest"], versions)

    def test_oci_token_flow_scopes_and_pagination(self):
        dep = next(d for d in self.deps("docker") if d["package"].startswith("docker.io/"))
        port = self.info["registry_ports"]["docker.io"]
        name = dep["package"].split("/", 1)[1]
        status, headers, _ = self.get("/v2/%s/tags/list" % name, port=port)
        self.assertEqual(status, 401)
        challenge = headers["WWW-Authenticate"]
        self.assertIn('scope="repository:%s:pull"' % name, challenge)
        realm = challenge.split('realm="', 1)[1].split('"', 1)[0]
        self.assertTrue(realm.startswith("http://127.0.0.1:%d/" % port))
        status, _, body = self.get("/token?service=x&scope=repository:%s:pull" % name, port=port)
        token = json.loads(body)["token"]
        auth = {"Authorization": "Bearer " + token}
        tags, path = [], "/v2/%s/tags/list" % name
        while path:
            status, headers, body = self.get(path, auth, port=port)
            self.assertEqual(status, 200)
            tags += json.loads(body)["tags"]
            link = headers.get("Link", "")
            path = link[1:link.index(">")] if link else None
        self.assertEqual(sorted(tags), sorted(self.upstream["docker"][dep["package"]]))
        self.assertIn(dep["newest"], tags)
        other = next(d for d in self.deps("docker") if d["package"].startswith("docker.io/")
                     and d["package"] != dep["package"])
        status, _, _ = self.get("/v2/%s/tags/list" % other["package"].split("/", 1)[1], auth, port=port)
        self.assertEqual(status, 401, "a token is good for its own scope only")
        forged = {"Authorization": "Bearer fake." + base64.urlsafe_b64encode(b'{"svc":"other","repos":[]}').decode()}
        status, _, _ = self.get("/v2/%s/tags/list" % name, forged, port=port)
        self.assertEqual(status, 401)

    def test_stats_count_by_kind_and_reset(self):
        self.get("/__reset")
        self.get("/.well-known/terraform.json")
        self.get("/v2/", port=self.info["registry_ports"]["quay.io"])
        status, _, body = self.get("/__stats")
        stats = json.loads(body)
        self.assertEqual(stats["total"], 2)
        self.assertEqual(stats["by_kind"], {"oci-challenge": {"401": 1}, "terraform-discovery": {"200": 1}})

    # ------------------------------------------------------------------ checker
    def test_checker_accepts_right_answers_and_flags_wrong_ones(self):
        right = [{"package": d["package"], "datasource": d["datasource"], "newest": d["newest"]}
                 for d in self.expected["dependencies"]]
        result = check.compare(self.expected, check.versiond_answers(right))
        self.assertEqual(result["correct"], 60)
        wrong = [dict(a) for a in right]
        wrong[0]["newest"] = "0.0.1"
        del wrong[1]
        result = check.compare(self.expected, check.versiond_answers(wrong))
        self.assertEqual(result["correct"], 58)
        self.assertEqual(sorted(p["problem"] for p in result["problems"]), ["missing", "wrong"])

    def lookup_stages_answer_every_dependency(self):
        run = subprocess.run([os.environ["LOOKUP_PROBE"], os.path.join(self.out, "repo"), self.info_path,
                              "--passes", "2"], capture_output=True, text=True, timeout=300)
        self.assertEqual(run.returncode, 0, run.stderr)
        out = json.loads(run.stdout)
        cold, warm = out["passes"]
        for p in (cold, warm):
            result = check.compare(self.expected, check.versiond_answers(p["answers"]))
            self.assertEqual(result["correct"], 60, result["problems"][:5])
        self.assertGreater(warm["not_modified"], 0, "the second pass revalidates with conditional requests")


# Only where the probe was built (ctest passes it): a missing binary is not a skipped test.
if os.environ.get("LOOKUP_PROBE"):
    Harness.test_versiond_lookup_stages_answer_every_dependency = Harness.lookup_stages_answer_every_dependency

if __name__ == "__main__":
    unittest.main()
