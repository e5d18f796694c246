#!/usr/bin/env python3
"""Builds dashboards/self-healing-events.json, the Self-Healing Events
dashboard (standard library only). Edit this file, not the JSON, then run
`python3 tools/build_dashboard.py` from terraform/observability/; check.sh
fails when the committed JSON differs from what this script produces
(`--check`).

Every PromQL expression uses the Mimir datasource variable and filters on
cluster=~"$cluster"; versiond's panels do not, since versiond runs in the
hub or CI rather than in a spoke.
"""
import json
import pathlib
import sys

OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "dashboards" / "self-healing-events.json"
MIMIR = {"type": "prometheus", "uid": "${mimir}"}
LOKI = {"type": "loki", "uid": "${loki}"}
TEMPO = {"type": "tempo", "uid": "${tempo}"}
C = 'cluster=~"$cluster"'
panels = []
pid = [0]
y = [0]
def nid():
    pid[0] += 1; return pid[0]
def row(title):
    panels.append({"type": "row", "id": nid(), "title": title, "collapsed": False,
                   "gridPos": {"h": 1, "w": 24, "x": 0, "y": y[0]}, "panels": []})
    y[0] += 1
def layout(items, h=8):
    w = 24 // len(items); x = 0
    for p in items:
        p["gridPos"] = {"h": h, "w": w, "x": x, "y": y[0]}; x += w
        panels.append(p)
    y[0] += h
def prom(kind, title, desc, targets, unit=None, extra=None):
    p = {"type": kind, "id": nid(), "title": title, "description": desc, "datasource": MIMIR,
         "targets": [{"datasource": MIMIR, "refId": chr(65+i), "expr": e, "legendFormat": l}
                     for i, (e, l) in enumerate(targets)],
         "fieldConfig": {"defaults": {}, "overrides": []}, "options": {}}
    if unit: p["fieldConfig"]["defaults"]["unit"] = unit
    if extra: p.update(extra)
    return p

row("Self-healing events (last hour, recording rules)")
layout([
  prom("stat", "Container restarts", "Restarts performed by the kubelet (cluster:container_restarts:increase1h).",
       [(f'sum by (cluster) (cluster:container_restarts:increase1h{{{C}}})', "{{cluster}}")]),
  prom("stat", "Pods rescheduled", "Pods created by a controller in the last hour (cluster:pods_rescheduled:count1h).",
       [(f'sum by (cluster) (cluster:pods_rescheduled:count1h{{{C}}})', "{{cluster}}")]),
  prom("stat", "ArgoCD syncs (Git + selfHeal)", "Automated syncs in the last hour (cluster:argocd_syncs:increase1h).",
       [(f'sum by (cluster) (cluster:argocd_syncs:increase1h{{{C}}})', "{{cluster}}")]),
  prom("stat", "Nodes replaced", "Nodes that joined in the last hour (cluster:node_replacements:count1h).",
       [(f'sum by (cluster) (cluster:node_replacements:count1h{{{C}}})', "{{cluster}}")]),
], h=5)

row("Pod restarts and CrashLoopBackOff")
layout([
  prom("timeseries", "Restarts timeline", "Container restarts per pod per interval.",
       [(f'sum by (cluster, namespace, pod) (increase(kube_pod_container_status_restarts_total{{{C}}}[$__rate_interval])) > 0', "{{cluster}} {{namespace}}/{{pod}}")]),
  prom("table", "Containers in CrashLoopBackOff", "Containers the kubelet is backing off right now.",
       [(f'max by (cluster, namespace, pod, container) (kube_pod_container_status_waiting_reason{{{C}, reason="CrashLoopBackOff"}}) == 1', "")],
       extra={"targets": [{"datasource": MIMIR, "refId": "A", "instant": True, "format": "table",
                           "expr": f'max by (cluster, namespace, pod, container) (kube_pod_container_status_waiting_reason{{{C}, reason="CrashLoopBackOff"}}) == 1'}]}),
])

row("Replica availability")
layout([
  prom("timeseries", "Deployments: available / desired", "1 means every desired replica is available.",
       [(f'max by (cluster, namespace, deployment) (kube_deployment_status_replicas_available{{{C}}}) / max by (cluster, namespace, deployment) (kube_deployment_spec_replicas{{{C}}} > 0)', "{{cluster}} {{namespace}}/{{deployment}}")], unit="percentunit"),
  prom("timeseries", "StatefulSets: ready / desired", "1 means every desired replica is ready (MongoDB, NATS).",
       [(f'max by (cluster, namespace, statefulset) (kube_statefulset_status_replicas_ready{{{C}}}) / max by (cluster, namespace, statefulset) (kube_statefulset_replicas{{{C}}} > 0)', "{{cluster}} {{namespace}}/{{statefulset}}")], unit="percentunit"),
])

row("ArgoCD sync, health and self-heal")
layout([
  prom("timeseries", "Applications by sync status", "Count of applications per sync status.",
       [(f'count by (cluster, sync_status) (argocd_app_info{{{C}}})', "{{cluster}} {{sync_status}}")]),
  prom("timeseries", "Applications by health status", "Count of applications per health status.",
       [(f'count by (cluster, health_status) (argocd_app_info{{{C}}})', "{{cluster}} {{health_status}}")]),
  prom("timeseries", "Syncs per application", "Automated syncs; a steady climb for one application is a drift storm.",
       [(f'sum by (cluster, name) (increase(argocd_app_sync_total{{{C}}}[$__rate_interval])) > 0', "{{cluster}} {{name}}")]),
])

row("Nodes")
layout([
  prom("timeseries", "Nodes Ready / NotReady", "Ready and not-Ready node counts.",
       [(f'sum by (cluster) (kube_node_status_condition{{{C}, condition="Ready", status="true"}})', "{{cluster}} Ready"),
        (f'count by (cluster) (kube_node_info{{{C}}}) - sum by (cluster) (kube_node_status_condition{{{C}, condition="Ready", status="true"}})', "{{cluster}} NotReady")]),
  {"type": "logs", "id": nid(), "title": "Node and pod events (Kubernetes events via Alloy)",
   "description": "Kubernetes events shipped by Alloy's loki.source.kubernetes_events with source=\"kubernetes-events\".",
   "datasource": LOKI,
   "targets": [{"datasource": LOKI, "refId": "A",
                "expr": '{cluster=~"$cluster", source="kubernetes-events"} |~ "NodeNotReady|NodeReady|RegisteredNode|RemovingNode|Rebooted|Evicted|Killing|BackOff|Unhealthy"'}],
   "options": {"showTime": True, "wrapLogMessage": True, "sortOrder": "Descending"}},
], h=9)

row("Secrets (External Secrets Operator)")
layout([
  prom("timeseries", "ExternalSecrets not Ready", "ExternalSecrets whose last refresh from Key Vault failed; a rotation does not reach workloads while this is above 0.",
       [(f'count by (cluster) (externalsecret_status_condition{{{C}, condition="Ready", status="False"}} == 1)', "{{cluster}}")]),
], h=6)

row("Hub pipeline health")
layout([
  prom("timeseries", "Remote write: sent, retried and failed samples/s", "Prometheus agent remote write to Mimir. Sent counts every attempt, retries included; failed samples are dropped.",
       [(f'sum by (cluster) (rate(prometheus_remote_storage_samples_failed_total{{{C}}}[$__rate_interval]))', "{{cluster}} failed"),
        (f'sum by (cluster) (rate(prometheus_remote_storage_samples_retried_total{{{C}}}[$__rate_interval]))', "{{cluster}} retried"),
        (f'sum by (cluster) (rate(prometheus_remote_storage_samples_total{{{C}}}[$__rate_interval]))', "{{cluster}} sent"),
        (f'sum by (cluster) (prometheus_remote_storage_samples_pending{{{C}}})', "{{cluster}} pending")]),
  prom("timeseries", "Remote write lag", "Newest scraped sample minus newest sample sent.",
       [(f'max by (cluster, remote_name) (prometheus_remote_storage_highest_timestamp_in_seconds{{{C}}} - ignoring (remote_name, url) group_right prometheus_remote_storage_queue_highest_sent_timestamp_seconds{{{C}}})', "{{cluster}} {{remote_name}}")], unit="s"),
  prom("timeseries", "Trace export (OTel collector)", "Spans accepted, sent, failed and dropped (queue full).",
       [(f'sum by (cluster) (rate(otelcol_receiver_accepted_spans_total{{{C}}}[$__rate_interval]))', "{{cluster}} accepted"),
        (f'sum by (cluster) (rate(otelcol_exporter_sent_spans_total{{{C}}}[$__rate_interval]))', "{{cluster}} sent"),
        (f'sum by (cluster) (rate(otelcol_exporter_send_failed_spans_total{{{C}}}[$__rate_interval]))', "{{cluster}} failed"),
        (f'sum by (cluster) (rate(otelcol_exporter_enqueue_failed_spans_total{{{C}}}[$__rate_interval]))', "{{cluster}} dropped")]),
  prom("timeseries", "Log shipping (Alloy loki.write)", "Entries sent and dropped per reason.",
       [(f'sum by (cluster) (rate(loki_write_sent_entries_total{{{C}}}[$__rate_interval]))', "{{cluster}} sent"),
        (f'sum by (cluster, reason) (rate(loki_write_dropped_entries_total{{{C}}}[$__rate_interval]))', "{{cluster}} dropped {{reason}}")]),
])

row("Rocket.Chat")
layout([
  prom("timeseries", "Heap used / heap limit", "Used V8 heap against the configured --max-old-space-size (rocketchat:heap_limit_bytes), not against allocated heap.",
       [(f'max by (cluster, pod) (nodejs_heap_size_used_bytes{{{C}, namespace="rocketchat"}}) / on (cluster, pod) group_left max by (cluster, pod) (rocketchat:heap_limit_bytes{{{C}}})', "{{cluster}} {{pod}}")], unit="percentunit"),
  prom("timeseries", "REST 5xx ratio", "Share of REST API calls answered with 5xx.",
       [(f'sum by (cluster) (rate(rocketchat_rest_api_count{{{C}, status=~"5.."}}[$__rate_interval])) / sum by (cluster) (rate(rocketchat_rest_api_count{{{C}}}[$__rate_interval]))', "{{cluster}}")], unit="percentunit"),
  prom("timeseries", "Instances seen vs desired", "Rocket.Chat's own instance count against the Deployment's desired replicas.",
       [(f'min by (cluster) (rocketchat_instance_count{{{C}}})', "{{cluster}} seen"),
        (f'max by (cluster) (kube_deployment_spec_replicas{{{C}, namespace="rocketchat", deployment=~"rocketchat(-rocketchat)?"}})', "{{cluster}} desired")]),
  {"type": "table", "id": nid(), "title": "Error traces (Tempo)",
   "description": "Recent Rocket.Chat spans with error status; the OTel collector sets k8s.cluster.name.",
   "datasource": TEMPO,
   "targets": [{"datasource": TEMPO, "refId": "A", "queryType": "traceql", "limit": 20,
                "query": '{ resource.service.name = "rocketchat" && status = error && resource.k8s.cluster.name =~ "$cluster" }'}]},
])

row("versiond")
layout([
  prom("stat", "Since last successful scan", "versiond_scan_last_success_timestamp_seconds.",
       [(f'time() - max by (cluster) (versiond_scan_last_success_timestamp_seconds)', "{{cluster}}")], unit="s"),
  prom("timeseries", "Lookup failures per source", "Upstream lookups that failed (GitHub, Helm, OCI, Terraform registry).",
       [(f'sum by (cluster, source) (increase(versiond_lookup_failures_total[$__rate_interval]))', "{{cluster}} {{source}}")]),
  prom("timeseries", "Components behind by risk", "Pending upgrades classified by versiond's policy.",
       [(f'max by (cluster, risk) (versiond_components_behind)', "{{cluster}} {{risk}}")]),
], h=6)

dash = {
  "title": "Self-Healing Events",
  "uid": "self-healing-events",
  "description": "Evidence that each failure class of the Rocket.Chat spokes is detected, recovered and visible in the hub. Rules: terraform/observability/rules; runbooks: docs/OPERATIONS.md.",
  "tags": ["self-healing", "rocketchat", "gitops"],
  "editable": True, "graphTooltip": 1, "schemaVersion": 39, "version": 1,
  "time": {"from": "now-6h", "to": "now"}, "refresh": "1m", "timezone": "utc",
  "templating": {"list": [
    {"name": "mimir", "label": "Metrics (Mimir)", "type": "datasource", "query": "prometheus", "current": {}, "hide": 0, "refresh": 1},
    {"name": "loki", "label": "Logs (Loki)", "type": "datasource", "query": "loki", "current": {}, "hide": 0, "refresh": 1},
    {"name": "tempo", "label": "Traces (Tempo)", "type": "datasource", "query": "tempo", "current": {}, "hide": 0, "refresh": 1},
    {"name": "cluster", "label": "Cluster", "type": "query", "datasource": MIMIR,
     "definition": "label_values(kube_node_info, cluster)",
     "query": {"query": "label_values(kube_node_info, cluster)", "refId": "cluster"},
     "multi": True, "includeAll": True, "allValue": ".+", "current": {}, "refresh": 2, "sort": 1, "hide": 0},
  ]},
  "annotations": {"list": [
    {"name": "ArgoCD syncs", "datasource": MIMIR, "enable": True, "iconColor": "blue",
     "expr": f'changes(sum by (cluster, name) (argocd_app_sync_total{{{C}}})[2m:1m]) > 0',
     "titleFormat": "ArgoCD sync", "textFormat": "{{cluster}} {{name}}", "step": "1m"},
  ]},
  "panels": panels,
}


def main(argv):
    text = json.dumps(dash, indent=2) + "\n"
    if argv[1:] == ["--check"]:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is out of date: run python3 tools/build_dashboard.py")
            return 1
        print(f"{OUTPUT.name} matches tools/build_dashboard.py")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
