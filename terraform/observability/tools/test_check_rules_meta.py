"""Unit tests for check_rules_meta.py (run with /usr/bin/python3: needs python3-yaml)."""
import pathlib
import tempfile
import textwrap
import unittest

import check_rules_meta as meta

ROOT = pathlib.Path(__file__).resolve().parent.parent
REPO = ROOT.parent.parent

RULE = {
    "alert": "Demo",
    "expr": "sum by (cluster, pod) (rate(x_total[5m])) > 0",
    "labels": {"severity": "warning"},
    "annotations": {
        "summary": "demo on {{ $labels.cluster }}",
        "description": "d",
        "runbook_url": "docs/OPERATIONS.md#demo",
    },
}


class Slugs(unittest.TestCase):
    def test_github_slug(self):
        self.assertEqual(meta.github_slug("PodRestartBurst"), "podrestartburst")
        self.assertEqual(meta.github_slug("Rollback plan (template)"), "rollback-plan-template")

    def test_anchors_skip_code_fences(self):
        text = "# Title\n```\n# not a heading\n```\n<a id=\"custom\"></a>\n## Sub Part\n"
        self.assertEqual(meta.markdown_anchors(text), {"title", "custom", "sub-part"})


class AlertProblems(unittest.TestCase):
    def test_clean_rule(self):
        self.assertEqual(meta.alert_problems(RULE, {"demo"}), [])

    def test_missing_cluster_in_by(self):
        rule = dict(RULE, expr="sum by (pod) (x) > 0")
        self.assertIn("Demo: aggregates by (pod) without cluster", meta.alert_problems(rule, {"demo"}))

    def test_bad_severity_and_anchor(self):
        rule = dict(RULE, labels={"severity": "page"})
        problems = meta.alert_problems(rule, set())
        self.assertTrue(any("severity" in p for p in problems))
        self.assertTrue(any("#demo not found" in p for p in problems))


class Coverage(unittest.TestCase):
    def test_alert_without_silent_case_is_reported(self):
        with tempfile.TemporaryDirectory() as tmp:
            rules = pathlib.Path(tmp, "rules"); rules.mkdir()
            tests = pathlib.Path(tmp, "tests"); tests.mkdir()
            (rules / "a.rules.yaml").write_text(textwrap.dedent("""\
                groups:
                  - name: g
                    rules:
                      - alert: Demo
                        expr: sum by (cluster) (x) > 0
                        labels: {severity: warning}
                        annotations:
                          summary: "on {{ $labels.cluster }}"
                          description: d
                          runbook_url: docs/OPERATIONS.md#demo
                """))
            (tests / "a.test.yaml").write_text(textwrap.dedent("""\
                rule_files: [../rules/a.rules.yaml]
                tests:
                  - interval: 1m
                    input_series: []
                    alert_rule_test:
                      - eval_time: 1m
                        alertname: Demo
                        exp_alerts:
                          - exp_labels: {severity: warning, cluster: c}
                """))
            (tests / "empty.test.yaml").write_text("rule_files: []\n")
            runbooks = pathlib.Path(tmp, "OPS.md"); runbooks.write_text("## Demo\n")
            problems, alerts, _ = meta.check(rules, tests, runbooks)
            self.assertEqual(alerts, 1)
            self.assertIn("Demo: no silent unit-test case", problems)
            self.assertIn("empty.test.yaml: no tests (promtool passes an empty file)", problems)

    def test_repository_rules_are_clean(self):
        problems, alerts, records = meta.check(ROOT / "rules", ROOT / "tests", REPO / "docs/OPERATIONS.md")
        self.assertEqual(problems, [])
        self.assertGreaterEqual(alerts, 20)
        self.assertGreaterEqual(records, 5)


if __name__ == "__main__":
    unittest.main()
