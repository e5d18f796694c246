"""Mutation check of the rule unit tests: for every alert, replacing its
expression with one that always fires must fail a silent case, and one that
never fires must fail a firing case. This proves each alert's tests really
evaluate it, not just name it. Needs promtool and python3-yaml."""
import concurrent.futures
import os
import pathlib
import shutil
import subprocess
import tempfile
import unittest

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
ALWAYS = "vector(1)"
NEVER = "vector(1) < 0"


def alert_names():
    names = []
    for path in sorted((ROOT / "rules").glob("*.rules.yaml")):
        for group in yaml.safe_load(path.read_text())["groups"]:
            names.extend(rule["alert"] for rule in group["rules"] if "alert" in rule)
    return names


class RuleMutations(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if shutil.which("promtool") is None:
            raise AssertionError("promtool not installed (Debian package 'prometheus')")

    def run_with_mutation(self, alert, expr):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copytree(ROOT / "tests", pathlib.Path(tmp, "tests"))
            rules_dir = pathlib.Path(tmp, "rules")
            rules_dir.mkdir()
            for path in (ROOT / "rules").glob("*.rules.yaml"):
                document = yaml.safe_load(path.read_text())
                for group in document["groups"]:
                    for rule in group["rules"]:
                        if rule.get("alert") == alert:
                            rule["expr"] = expr
                            rule["for"] = "0m"
                (rules_dir / path.name).write_text(yaml.safe_dump(document, sort_keys=False))
            tests = [str(p) for p in sorted(pathlib.Path(tmp, "tests").glob("*.test.yaml"))
                     if f"alertname: {alert}\n" in p.read_text()]
            self.assertTrue(tests, f"{alert}: no test file mentions it")
            return subprocess.run(["promtool", "test", "rules", *tests],
                                  capture_output=True, text=True, check=False)

    def test_every_alert_is_really_evaluated(self):
        cases = [(alert, label, expr) for alert in alert_names()
                 for label, expr in (("always fires", ALWAYS), ("never fires", NEVER))]
        # promtool runs are independent; use the machine's cores.
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(lambda case: self.run_with_mutation(case[0], case[2]), cases))
        self.assertGreaterEqual(len(cases), 40)
        for (alert, label, _), result in zip(cases, results):
            with self.subTest(alert=alert, mutation=label):
                self.assertNotEqual(result.returncode, 0, f"{alert}: tests still pass when it {label}")

if __name__ == "__main__":
    unittest.main()
