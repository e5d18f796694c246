"""Unit tests for check_dashboard.py (run: python3 -m unittest discover -s tools)."""
import json
import pathlib
import shutil
import tempfile
import unittest

import check_dashboard as cd

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


class MetricNames(unittest.TestCase):
    def test_skips_functions_labels_and_keywords(self):
        expr = ('sum by (cluster, pod) (rate(foo_total{job="a", reason=~"x|y"}[5m])) '
                '/ on (cluster) group_left (pod) bar_bytes > bool 0.5 and baz offset 1h')
        self.assertEqual(cd.metric_names(expr), {"foo_total", "bar_bytes", "baz"})

    def test_recording_rule_names_and_name_selector(self):
        expr = 'cluster:x:rate5m{cluster="a"} + {__name__="qux_seconds", job="j"}'
        self.assertEqual(cd.metric_names(expr), {"cluster:x:rate5m", "qux_seconds"})

    def test_strings_and_durations_are_not_metrics(self):
        expr = 'label_replace(up, "dst", "$1", "src", "(.*)") + max_over_time(foo[1h:5m])'
        self.assertEqual(cd.metric_names(expr), {"up", "foo"})


class Substitution(unittest.TestCase):
    def test_known_variables(self):
        out = cd.substitute_variables('rate(x{cluster=~"$cluster"}[$__rate_interval]) + ${__interval}')
        self.assertEqual(out, 'rate(x{cluster=~"aks-weu-1"}[5m]) + 1m')

    def test_unknown_variable_is_an_error(self):
        with self.assertRaises(cd.DashboardError):
            cd.substitute_variables("rate(x[$window])")


class AllowList(unittest.TestCase):
    def write(self, text):
        handle = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
        handle.write(text)
        handle.close()
        self.addCleanup(pathlib.Path(handle.name).unlink)
        return handle.name

    def test_entry_needs_a_reason(self):
        with self.assertRaisesRegex(cd.DashboardError, r":2: foo_total needs a reason"):
            cd.load_allowlist(self.write("# comment\nfoo_total\n"))

    def test_parses_reason(self):
        entries = cd.load_allowlist(self.write("foo_total  shown for context only, no threshold\n"))
        self.assertEqual(entries, {"foo_total": "shown for context only, no threshold"})


class WholeDashboard(unittest.TestCase):
    """Runs the real check on the real dashboard, then on broken copies."""

    def setUp(self):
        if shutil.which("promtool") is None:
            self.fail("promtool not installed (Debian package 'prometheus')")
        self.dashboard = json.loads((ROOT / "dashboards/self-healing-events.json").read_text())
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def run_check(self, dashboard):
        path = pathlib.Path(self.tmp.name) / "d.json"
        path.write_text(json.dumps(dashboard))
        return cd.check(path, ROOT / "tests", ROOT / "dashboards/metric-allowlist.txt", ROOT / "rules")

    def first_prom_target(self, dashboard):
        for panel in cd.iter_panels(dashboard["panels"]):
            for target in panel.get("targets", []):
                if target.get("expr") and panel["datasource"]["type"] == "prometheus":
                    return target
        self.fail("no PromQL target")

    def test_real_dashboard_is_clean(self):
        problems, exprs, _ = self.run_check(self.dashboard)
        self.assertEqual(problems, [])
        self.assertGreater(exprs, 20)

    def test_invalid_promql_is_rejected(self):
        self.first_prom_target(self.dashboard)["expr"] = 'sum(rate(foo_total{cluster=~"$cluster"}[5m])'
        with self.assertRaisesRegex(cd.DashboardError, "promtool rejected"):
            self.run_check(self.dashboard)

    def test_untested_metric_is_reported(self):
        self.first_prom_target(self.dashboard)["expr"] = 'sum by (cluster) (made_up_metric_total{cluster=~"$cluster"})'
        problems, _, _ = self.run_check(self.dashboard)
        self.assertTrue(any("made_up_metric_total" in p for p in problems), problems)

    def test_query_without_cluster_filter_is_rejected(self):
        self.first_prom_target(self.dashboard)["expr"] = "sum(kube_node_info)"
        with self.assertRaisesRegex(cd.DashboardError, r"ignores \$cluster"):
            self.run_check(self.dashboard)

    def test_versiond_query_without_cluster_filter_is_rejected(self):
        # versiond's metrics once had an exception; they come from the spokes
        # like the rest and belong on deploy/monitoring's dashboard anyway.
        self.first_prom_target(self.dashboard)["expr"] = "max by (cluster) (versiond_job_running)"
        with self.assertRaisesRegex(cd.DashboardError, r"ignores \$cluster"):
            self.run_check(self.dashboard)

    def test_hard_coded_datasource_is_rejected(self):
        target = self.first_prom_target(self.dashboard)
        target["datasource"] = {"type": "prometheus", "uid": "P1809F7CD0C75ACF3"}
        with self.assertRaisesRegex(cd.DashboardError, "not one of"):
            self.run_check(self.dashboard)


if __name__ == "__main__":
    unittest.main()
