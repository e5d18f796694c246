"""References from the observability material into the repository: every
repository path named in the rules, tests, tools, dashboard script and
README exists; the Rocket.Chat heap-limit recording rule uses the
same --max-old-space-size fraction of the memory limit as the example
Deployment it names; and no rule, test or dashboard here names a versiond
metric (versiond is monitored by deploy/monitoring/). Needs python3-yaml."""
import pathlib
import re
import unittest

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
REPO = ROOT.parent.parent
PATH = re.compile(r"\b((?:docs|terraform|scripts)/[A-Za-z0-9_./-]*[A-Za-z0-9_])")
DEPLOYMENT = REPO / "docs" / "examples" / "gitops" / "rocketchat" / "deployment.yaml"
UNITS = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}


def scanned_files():
    for pattern in ("rules/*.yaml", "tests/*.yaml", "tools/*.py", "tools/*.sh", "*.md", "*.sh",
                    "dashboards/*.txt"):
        yield from sorted(ROOT.glob(pattern))


def quantity_bytes(text):
    match = re.fullmatch(r"(\d+)(Ki|Mi|Gi|Ti)?", str(text))
    if not match:
        raise AssertionError(f"unsupported memory quantity {text!r}")
    return int(match.group(1)) * UNITS.get(match.group(2), 1)


class RuleReferences(unittest.TestCase):
    def test_named_repository_paths_exist(self):
        for path in scanned_files():
            if path.name == pathlib.Path(__file__).name:
                continue
            for reference in sorted(set(PATH.findall(path.read_text(encoding="utf-8")))):
                # $HOME-style or glob references are not paths to check.
                if "*" in reference or reference.endswith("/."):
                    continue
                with self.subTest(file=str(path.relative_to(REPO)), reference=reference):
                    self.assertTrue((REPO / reference).exists(),
                                    f"{path.relative_to(REPO)} names {reference}, which does not exist")

    def test_versiond_is_monitored_in_deploy_monitoring_only(self):
        # One source of truth: versiond's alerts, their tests and its panels
        # live in deploy/monitoring/ and use the metrics `versiond serve`
        # exposes (deploy/monitoring/metrics.txt). A versiond metric here
        # would be a second copy that drifts from them, as the module's old
        # versiond alerts on names versiond never exposed did.
        metric = re.compile(r"\bversiond_[a-z0-9_]+")
        for pattern in ("rules/*.yaml", "tests/*.yaml", "dashboards/*", "tools/build_dashboard.py"):
            for path in sorted(ROOT.glob(pattern)):
                with self.subTest(file=str(path.relative_to(REPO))):
                    self.assertEqual(metric.findall(path.read_text(encoding="utf-8")), [],
                                     f"{path.relative_to(REPO)} names versiond metrics; they belong in deploy/monitoring/")

    def test_heap_limit_factor_matches_the_example_deployment(self):
        records = yaml.safe_load((ROOT / "rules" / "self-healing-records.rules.yaml").read_text())
        expr = next(rule["expr"] for group in records["groups"] for rule in group["rules"]
                    if rule.get("record") == "rocketchat:heap_limit_bytes")
        factor = float(re.search(r"\*\s*([0-9.]+)\s*$", expr.strip()).group(1))
        documents = [d for d in yaml.safe_load_all(DEPLOYMENT.read_text()) if d]
        deployment = next(d for d in documents if d.get("kind") == "Deployment")
        container = next(c for c in deployment["spec"]["template"]["spec"]["containers"]
                         if c["name"] == "rocketchat")
        node_options = next(e["value"] for e in container["env"] if e["name"] == "NODE_OPTIONS")
        heap_mib = int(re.search(r"--max-old-space-size=(\d+)", node_options).group(1))
        limit = quantity_bytes(container["resources"]["limits"]["memory"])
        self.assertAlmostEqual(heap_mib * 2**20 / limit, factor, places=3,
                               msg="rocketchat:heap_limit_bytes factor differs from "
                                   "--max-old-space-size / memory limit in deployment.yaml")


if __name__ == "__main__":
    unittest.main()
