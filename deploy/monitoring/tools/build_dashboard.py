#!/usr/bin/env python3
"""Builds dashboards/versiond.json, the versiond service dashboard (standard
library only). Edit this file, not the JSON, then run
`python3 deploy/monitoring/tools/build_dashboard.py`; scripts/check-ops.sh
fails when the committed JSON differs from what this script produces
(`--check`).

Every expression uses the Mimir (Prometheus) datasource variable and filters
on cluster=~"$cluster". versiond's `job` label arrives as `exported_job`
(see rules/versiond-service.rules.yaml).
"""
import json
import pathlib
import sys

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "dashboards" / "versiond.json"
MIMIR = {"type": "prometheus", "uid": "${mimir}"}
C = 'cluster=~"$cluster"'
JOB = "exported_job"


class Layout:
    """Panels placed left to right in rows of equal-width panels."""

    def __init__(self):
        self.panels, self.y = [], 0

    def row(self, title):
        self.panels.append({"type": "row", "id": len(self.panels) + 1, "title": title,
                            "collapsed": False, "panels": [],
                            "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}})
        self.y += 1

    def add(self, items, h=8):
        width = 24 // len(items)
        for x, (kind, title, desc, targets, unit) in enumerate(items):
            self.panels.append({
                "type": kind, "id": len(self.panels) + 1, "title": title, "description": desc,
                "datasource": MIMIR,
                "targets": [{"datasource": MIMIR, "refId": chr(65 + i), "expr": expr, "legendFormat": legend}
                            for i, (expr, legend) in enumerate(targets)],
                "fieldConfig": {"defaults": {"unit": unit} if unit else {}, "overrides": []},
                "options": {},
                "gridPos": {"h": h, "w": width, "x": x * width, "y": self.y},
            })
        self.y += h


layout = Layout()
layout.row("Service")
layout.add([
    ("stat", "Version", "versiond_build_info: the running build.",
     [(f"max by (cluster, version, commit) (versiond_build_info{{{C}}})", "{{cluster}} {{version}} {{commit}}")], None),
    ("stat", "Scrape target up", "up of the versiond target (annotation scrape or ServiceMonitor).",
     [(f'max by (cluster) (up{{{C}, app="versiond"}})', "{{cluster}}")], None),
    ("stat", "Jobs running", "Jobs in progress right now.",
     [(f"sum by (cluster) (versiond_job_running{{{C}}})", "{{cluster}}")], None),
    ("table", "Next scheduled runs", "When each schedule fires next.",
     [(f"max by (cluster, schedule) (versiond_schedule_next_run_timestamp_seconds{{{C}}}) * 1000", "{{schedule}}")], "dateTimeAsIso"),
], h=5)
layout.row("Jobs")
layout.add([
    ("timeseries", "Runs by outcome", "Job runs per outcome (success, partial, failure) per hour.",
     [(f"sum by (cluster, {JOB}, outcome) (increase(versiond_job_runs_total{{{C}}}[1h]))", "{{cluster}} {{exported_job}} {{outcome}}")], None),
    ("table", "Time since last success", "Per job and repository; VersiondJobFailing and VersiondNoSuccessfulScan alert on it.",
     [(f"time() - max by (cluster, {JOB}, repository) (versiond_job_last_success_timestamp_seconds{{{C}}})", "{{exported_job}} {{repository}}"),
      (f"time() - max by (cluster, {JOB}, repository) (versiond_job_last_run_timestamp_seconds{{{C}}})", "{{exported_job}} {{repository}} (any outcome)")], "s"),
    ("timeseries", "Last run duration", "How long each job's last run took.",
     [(f"max by (cluster, {JOB}, repository) (versiond_job_duration_seconds{{{C}}})", "{{exported_job}} {{repository}}")], "s"),
])
layout.row("Upstreams")
layout.add([
    ("timeseries", "Requests by code", "Upstream requests per source and status class (error: no HTTP answer); VersiondUpstreamFailing fires when over 10% of an hour's are 5xx or error.",
     [(f"sum by (cluster, source, code) (rate(versiond_upstream_requests_total{{{C}}}[$__rate_interval]))", "{{source}} {{code}}")], "reqps"),
    ("timeseries", "Answered without a full download", "Cache hits and 304 Not Modified per source.",
     [(f"sum by (cluster, source) (rate(versiond_upstream_cache_hits_total{{{C}}}[$__rate_interval]))", "{{source}} cache hit"),
      (f"sum by (cluster, source) (rate(versiond_upstream_not_modified_total{{{C}}}[$__rate_interval]))", "{{source}} not modified")], "reqps"),
    ("timeseries", "Rate limit remaining", "Requests left before the upstream refuses; VersiondRateLimitExhausted fires below 100.",
     [(f"min by (cluster, source) (versiond_rate_limit_remaining{{{C}}})", "{{source}}")], None),
])
layout.row("Updates")
layout.add([
    ("timeseries", "Updates by tier and action", "Pending updates per risk tier and decided action.",
     [(f"sum by (cluster, tier, action) (versiond_updates{{{C}}})", "{{tier}} {{action}}")], None),
    ("table", "Longest behind (high tier)", "Components with a high-tier update pending longest; VersiondHighTierUpdateOverdue fires after 30 days.",
     [(f'topk(20, max by (cluster, repository, component) (versiond_component_behind_seconds{{{C}, tier="high"}}))', "{{repository}} {{component}}")], "s"),
    ("stat", "Open auto-PRs and plan items", "Pull requests versiond has open, and items in this week's Upgrade Plan.",
     [(f"sum by (cluster, repository) (versiond_open_pull_requests{{{C}}})", "{{repository}} PRs"),
      (f"sum by (cluster, repository) (versiond_plan_items{{{C}}})", "{{repository}} plan items")], None),
])

layout.row("Security advisories")
layout.add([
    ("stat", "Affected components by severity", "Components whose pinned version an advisory affects, in each repository's last scan.",
     [(f"sum by (cluster, severity) (versiond_advisory_affected_components{{{C}}})", "{{cluster}} {{severity}}")], None),
    ("table", "Longest exposed", "Advisories affecting a component longest (since the scan that first saw them); VersiondCriticalAdvisoryExposed fires after 2 days for critical ones.",
     [(f"topk(20, max by (cluster, repository, component, advisory, severity) (versiond_advisory_exposure_seconds{{{C}}}))", "{{repository}} {{component}} {{advisory}} {{severity}}")], "s"),
])

dash = {
    "title": "versiond",
    "uid": "versiond-service",
    "description": "versiond serve: jobs, upstreams, updates. Rules: deploy/monitoring/rules; runbooks: docs/OPERATIONS.md#versiond-service-alerts.",
    "tags": ["versiond", "upgrades"],
    "editable": True, "graphTooltip": 1, "schemaVersion": 39, "version": 1,
    "time": {"from": "now-7d", "to": "now"}, "refresh": "5m", "timezone": "utc",
    "templating": {"list": [
        {"name": "mimir", "label": "Metrics (Mimir)", "type": "datasource", "query": "prometheus",
         "current": {}, "hide": 0, "refresh": 1},
        {"name": "cluster", "label": "Cluster", "type": "query", "datasource": MIMIR,
         "definition": "label_values(versiond_build_info, cluster)",
         "query": {"query": "label_values(versiond_build_info, cluster)", "refId": "cluster"},
         "multi": True, "includeAll": True, "allValue": ".+", "current": {}, "refresh": 2, "sort": 1, "hide": 0},
    ]},
    "annotations": {"list": []},
    "panels": layout.panels,
}


def main(argv):
    text = json.dumps(dash, indent=2) + "\n"
    if argv[1:] == ["--check"]:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is out of date: run python3 deploy/monitoring/tools/build_dashboard.py")
            return 1
        print(f"{OUTPUT.name} matches tools/build_dashboard.py")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
