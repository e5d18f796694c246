#!/usr/bin/env python3
"""Checks versiond's alert rules and dashboard against the metrics
`versiond serve` exposes (metrics.txt), beyond what promtool checks:

1. every metric name in the rules and the dashboard is in metrics.txt (or `up`);
2. every versiond label they select or aggregate by is one the metric has,
   plus the labels Prometheus and the agent add (cluster, namespace, pod,
   instance, app); versiond's `job` label must be written `exported_job`,
   since the scrape job's own `job` label takes its place;
3. the dashboard uses the $mimir datasource variable, every query filters on
   $cluster, all its PromQL passes `promtool check rules`, and it shows every
   metric of metrics.txt.

Reuses terraform/observability/tools/check_dashboard.py's PromQL helpers.
Exit status 0 when clean, 1 with one line per problem otherwise.
"""
import argparse
import json
import pathlib
import re
import sys

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "terraform" / "observability" / "tools"))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3] / "scripts" / "ops"))
import check_dashboard  # noqa: E402  (paths set just above)
import report  # noqa: E402

SCRAPE_LABELS = {"cluster", "namespace", "pod", "instance", "app", "exported_job"}
SELECTOR = re.compile(r"([A-Za-z_:][A-Za-z0-9_:]*)\s*\{([^}]*)\}")
MATCHER_LABEL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)")
GROUPING = re.compile(r"\b(?:by|without|on|ignoring)\s*\(([^)]*)\)")


def load_contract(path):
    """metrics.txt: 'name type label,label' lines -> {name: set(labels)}."""
    contract = {}
    for number, raw in enumerate(pathlib.Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 3 or parts[1] not in {"gauge", "counter"}:
            raise ValueError(f"{path}:{number}: expected 'name gauge|counter label,...'")
        contract[parts[0]] = set(parts[2].split(","))
    return contract


def expr_problems(where, expr, contract):
    problems = []
    names = check_dashboard.metric_names(check_dashboard.substitute_variables(expr))
    versiond = {n for n in names if n in contract}
    for name in sorted(names - set(contract) - {"up"}):
        problems.append(f"{where}: {name} is not a metric versiond exposes (metrics.txt)")
    allowed = SCRAPE_LABELS.union(*(contract[n] for n in versiond)) if versiond else None
    for name, matchers in SELECTOR.findall(expr):
        if name in contract:
            for label in MATCHER_LABEL.findall(matchers):
                problems += label_problem(where, label, contract[name] | SCRAPE_LABELS)
    if allowed is not None:
        for group in GROUPING.findall(expr):
            for label in filter(None, (part.strip() for part in group.split(","))):
                problems += label_problem(where, label, allowed)
    return problems


def label_problem(where, label, allowed):
    if label == "job":
        return [f"{where}: versiond's job label is scraped as exported_job; `job` is the scrape job"]
    if label not in allowed:
        return [f"{where}: label {label} is not one of {sorted(allowed)}"]
    return []


def rule_exprs(rules_dir):
    for path in sorted(pathlib.Path(rules_dir).glob("*.rules.yaml")):
        for group in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("groups", []):
            for rule in group.get("rules", []):
                name = rule.get("alert") or rule.get("record")
                yield f"{path.name} {name}", str(rule.get("expr", ""))


def dashboard_exprs(dashboard):
    """[(where, expr)] of every panel target; raises on structure problems."""
    variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
    if variables.get("mimir", {}).get("type") != "datasource":
        raise check_dashboard.DashboardError("missing datasource variable $mimir")
    if variables.get("cluster", {}).get("type") != "query":
        raise check_dashboard.DashboardError("missing query variable $cluster")
    exprs = []
    panels = [p for p in check_dashboard.iter_panels(dashboard.get("panels", [])) if p.get("type") != "row"]
    if not panels:
        raise check_dashboard.DashboardError("dashboard has no panels")
    for panel in panels:
        where = f"panel {panel.get('id')} {panel.get('title')!r}"
        for target in panel.get("targets") or [{}]:
            if target.get("datasource", panel.get("datasource")) != {"type": "prometheus", "uid": "${mimir}"}:
                raise check_dashboard.DashboardError(f"{where}: datasource is not ${{mimir}}")
            expr = target.get("expr", "")
            if not re.search(r"\bcluster=~\"\$cluster\"", expr):
                raise check_dashboard.DashboardError(f"{where}: query ignores $cluster: {expr!r}")
            exprs.append((f"{where} target {target.get('refId')}", expr))
    return exprs


def check(rules_dir, dashboard_path, contract_path, promtool="promtool"):
    contract = load_contract(contract_path)
    problems = []
    for where, expr in rule_exprs(rules_dir):
        problems += expr_problems(where, expr, contract)
    try:
        exprs = dashboard_exprs(json.loads(pathlib.Path(dashboard_path).read_text(encoding="utf-8")))
        check_dashboard.promtool_check(exprs, promtool)
    except check_dashboard.DashboardError as error:
        return problems + [f"dashboard: {error}"]
    shown = set()
    for where, expr in exprs:
        problems += expr_problems(where, expr, contract)
        shown |= check_dashboard.metric_names(check_dashboard.substitute_variables(expr))
    for name in sorted(set(contract) - shown):
        problems.append(f"dashboard: shows no panel for {name}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = pathlib.Path(__file__).resolve().parent.parent
    parser.add_argument("--rules", default=str(here / "rules"))
    parser.add_argument("--dashboard", default=str(here / "dashboards" / "versiond.json"))
    parser.add_argument("--metrics", default=str(here / "metrics.txt"))
    parser.add_argument("--promtool", default="promtool")
    args = parser.parse_args(argv)
    problems = check(args.rules, args.dashboard, args.metrics, args.promtool)
    return report.finish(problems, "versiond rules and dashboard")


if __name__ == "__main__":
    sys.exit(main())
