"""The exporter-down alerts select `up` by scrape job (and, for annotated
pods, by the `app` label). Both must exist in the example Prometheus agent,
or the alerts can never fire: every `up{job="..."}` in the rules names a
job of docs/examples/gitops/observability/prometheus-agent.yaml, the
annotated-pods job copies app.kubernetes.io/name to `app`, and every `app`
value the rules select is the pod label of an annotated workload in that
directory. Needs python3-yaml."""
import pathlib
import re
import unittest

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = ROOT.parent.parent / "docs" / "examples" / "gitops" / "observability"
UP_SELECTOR = re.compile(r"\bup\{([^}]*)\}")
MATCHER = re.compile(r'(\w+)\s*(=~|=)\s*"([^"]*)"')


def up_selectors():
    """[(alert, {label: (op, value)})] for every `up{...}` in an alert."""
    found = []
    for path in sorted((ROOT / "rules").glob("*.rules.yaml")):
        for group in yaml.safe_load(path.read_text())["groups"]:
            for rule in group["rules"]:
                for selector in UP_SELECTOR.findall(rule.get("expr", "")):
                    found.append((rule.get("alert", rule.get("record")),
                                  {m[0]: (m[1], m[2]) for m in MATCHER.findall(selector)}))
    return found


def agent_scrape_configs():
    for document in yaml.safe_load_all((EXAMPLES / "prometheus-agent.yaml").read_text()):
        if document and document.get("kind") == "ConfigMap":
            return yaml.safe_load(document["data"]["prometheus.yml"])["scrape_configs"]
    raise AssertionError("prometheus-agent.yaml has no ConfigMap")


def annotated_apps():
    """app.kubernetes.io/name of every pod template annotated for scraping."""
    apps = set()
    for path in sorted(EXAMPLES.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text()):
            template = ((document or {}).get("spec") or {}).get("template") or {}
            metadata = template.get("metadata") or {}
            if (metadata.get("annotations") or {}).get("prometheus.io/scrape") == "true":
                apps.add((metadata.get("labels") or {}).get("app.kubernetes.io/name"))
    return apps


class ScrapeTargets(unittest.TestCase):
    def test_exporter_alerts_select_up(self):
        alerts = {alert for alert, _ in up_selectors()}
        for alert in ("KubeStateMetricsDown", "NodeExporterDown", "OTelCollectorDown", "AlloyDown"):
            self.assertIn(alert, alerts)

    def test_every_up_job_is_scraped_by_the_agent(self):
        jobs = {config["job_name"] for config in agent_scrape_configs()}
        for alert, matchers in up_selectors():
            with self.subTest(alert=alert):
                self.assertIn("job", matchers, f"{alert}: up without a job matcher")
                op, value = matchers["job"]
                self.assertEqual(op, "=", f"{alert}: match one job exactly")
                self.assertIn(value, jobs, f"{alert}: the agent has no scrape job {value!r}")

    def test_every_up_app_is_an_annotated_workload(self):
        configs = {config["job_name"]: config for config in agent_scrape_configs()}
        apps = annotated_apps()
        for alert, matchers in up_selectors():
            if "app" not in matchers:
                continue
            with self.subTest(alert=alert):
                relabels = configs[matchers["job"][1]].get("relabel_configs") or []
                self.assertTrue(any(r.get("target_label") == "app" and r.get("source_labels") ==
                                    ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]
                                    for r in relabels),
                                f"{alert}: job {matchers['job'][1]} does not set the app label")
                op, value = matchers["app"]
                wanted = value.split("|") if op == "=~" else [value]
                for app in wanted:
                    self.assertIn(app, apps, f"{alert}: no annotated workload labelled {app!r}")


if __name__ == "__main__":
    unittest.main()
