#!/usr/bin/env python3
"""Validates the Self-Healing Events dashboard (standard library only).

1. Structure: datasource variables for Mimir (prometheus), Loki and Tempo,
   a `cluster` query variable that every panel query filters on, and no
   panel or target with a hard-coded datasource uid.
2. PromQL: every expression on the Mimir datasource (panel targets,
   annotations) gets its Grafana variables replaced by valid values and is
   written as a recording rule into a temporary rule file that
   `promtool check rules` must accept.
3. Coverage: every metric name those expressions use appears in some rule
   unit test's input_series, is produced by a recording rule, or is listed
   in the allow-list with a reason. Allow-list entries the dashboard no
   longer uses are reported too.
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile

# Values that make a Grafana-templated expression valid PromQL.
VARIABLE_VALUES = {
    "__rate_interval": "5m",
    "__interval": "1m",
    "__range": "1h",
    "__range_s": "3600",
    "__interval_ms": "60000",
    "cluster": "aks-weu-1",
}
PROMQL_KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "offset",
    "bool", "and", "or", "unless", "atan2", "inf", "nan", "start", "end",
}
IDENT = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")
SERIES_LINE = re.compile(r"""^\s*-?\s*series:\s*['"]?([A-Za-z_:][A-Za-z0-9_:]*)""")
RECORD_LINE = re.compile(r"""^\s*-?\s*record:\s*['"]?([A-Za-z_:][A-Za-z0-9_:]*)""")
DATASOURCE_VARIABLES = {"mimir": "prometheus", "loki": "loki", "tempo": "tempo"}


class DashboardError(Exception):
    """A problem with the dashboard or the allow-list, reported as one line."""


def substitute_variables(expr):
    """Replaces $name, ${name} and ${name:format} with test values."""
    def value(match):
        name = match.group(1) or match.group(2)
        if name not in VARIABLE_VALUES:
            raise DashboardError(f"unknown template variable ${name} in: {expr}")
        return VARIABLE_VALUES[name]
    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)", value, expr)


def metric_names(expr):
    """Metric names used by a PromQL expression.

    Removes string literals, label matchers, range/subquery brackets and
    by/on/ignoring/group_* label lists, then keeps identifiers that are not
    followed by '(' (functions, aggregations) and are not keywords or
    numbers. Also picks up {__name__="..."} selectors.
    """
    names = set(re.findall(r'__name__\s*=\s*"([A-Za-z_:][A-Za-z0-9_:]*)"', expr))
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    # The look-behind skips the unit of a duration ("1h") and exponents.
    for match in re.finditer(r"(?<![\w.])[A-Za-z_:][A-Za-z0-9_:]*", text):
        word = match.group(0)
        rest = text[match.end():].lstrip()
        if rest.startswith("(") or word.lower() in PROMQL_KEYWORDS:
            continue
        names.add(word)
    return names


def load_allowlist(path):
    """Parses 'metric_name  reason...' lines; '#' starts a comment."""
    entries = {}
    for number, raw in enumerate(pathlib.Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        parts = line.split(None, 1)
        if not IDENT.fullmatch(parts[0]):
            raise DashboardError(f"{path}:{number}: not a metric name: {parts[0]!r}")
        if len(parts) < 2 or len(parts[1].strip()) < 10:
            raise DashboardError(f"{path}:{number}: {parts[0]} needs a reason")
        if parts[0] in entries:
            raise DashboardError(f"{path}:{number}: {parts[0]} listed twice")
        entries[parts[0]] = parts[1].strip()
    return entries


def names_matching(directory, pattern, glob):
    found = set()
    for path in sorted(pathlib.Path(directory).glob(glob)):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = pattern.match(line)
            if match:
                found.add(match.group(1))
    return found


def iter_panels(panels):
    for panel in panels:
        yield panel
        yield from iter_panels(panel.get("panels", []))


def datasource_kind(datasource):
    """Maps a panel/target datasource to 'prometheus', 'loki' or 'tempo'."""
    if not isinstance(datasource, dict):
        raise DashboardError(f"datasource must reference a variable, got {datasource!r}")
    uid = str(datasource.get("uid", ""))
    match = re.fullmatch(r"\$\{?(\w+)\}?", uid)
    if not match or match.group(1) not in DATASOURCE_VARIABLES:
        raise DashboardError(f"datasource uid {uid!r} is not one of ${{{'}, ${'.join(DATASOURCE_VARIABLES)}}}")
    return DATASOURCE_VARIABLES[match.group(1)]


def follows_cluster_variable(query):
    """A panel query must filter on $cluster. There is no exception for
    versiond's metrics: versiond runs in the spokes too, and its panels are on
    its own dashboard (deploy/monitoring), which filters on $cluster as well."""
    return bool(re.search(r"\$\{?cluster\b", query))


def collect_promql(dashboard):
    """Returns [(where, expr)] for every Mimir expression, checking structure."""
    variables = {v.get("name"): v for v in dashboard.get("templating", {}).get("list", [])}
    for name, kind in DATASOURCE_VARIABLES.items():
        variable = variables.get(name)
        if not variable or variable.get("type") != "datasource" or variable.get("query") != kind:
            raise DashboardError(f"missing datasource variable ${name} of type {kind}")
    cluster = variables.get("cluster")
    if not cluster or cluster.get("type") != "query":
        raise DashboardError("missing query variable $cluster")
    exprs = []
    query = cluster.get("query")
    query = query.get("query", "") if isinstance(query, dict) else str(query)
    label_values = re.fullmatch(r"label_values\((.+),\s*cluster\)", query.strip())
    if not label_values:
        raise DashboardError(f"$cluster must be label_values(<selector>, cluster), got {query!r}")
    exprs.append(("variable cluster", label_values.group(1)))
    for annotation in dashboard.get("annotations", {}).get("list", []):
        if annotation.get("expr"):
            datasource_kind(annotation.get("datasource"))
            exprs.append((f"annotation {annotation.get('name')!r}", annotation["expr"]))
    panels = [p for p in iter_panels(dashboard.get("panels", [])) if p.get("type") != "row"]
    if not panels:
        raise DashboardError("dashboard has no panels")
    for panel in panels:
        where = f"panel {panel.get('id')} {panel.get('title')!r}"
        panel_kind = datasource_kind(panel.get("datasource"))
        targets = panel.get("targets") or []
        if not targets:
            raise DashboardError(f"{where}: no targets")
        for target in targets:
            kind = datasource_kind(target.get("datasource", panel.get("datasource")))
            if kind != panel_kind:
                raise DashboardError(f"{where}: target datasource {kind} differs from panel's {panel_kind}")
            text = target.get("expr") or target.get("query") or ""
            if not text.strip():
                raise DashboardError(f"{where}: target {target.get('refId')} has no query")
            if not follows_cluster_variable(text):
                raise DashboardError(f"{where}: target {target.get('refId')} ignores $cluster: {text}")
            if kind == "prometheus":
                exprs.append((f"{where} target {target.get('refId')}", text))
    return exprs


def promtool_check(exprs, promtool="promtool"):
    """Writes the expressions as recording rules and runs promtool on them."""
    rules = [{"record": f"dashboard_expr_{i}", "expr": substitute_variables(expr)}
             for i, (_, expr) in enumerate(exprs)]
    document = {"groups": [{"name": "dashboard-expressions", "rules": rules}]}
    with tempfile.NamedTemporaryFile("w", suffix=".rules.json", delete=False) as handle:
        json.dump(document, handle, indent=1)  # JSON is valid YAML for promtool
        path = handle.name
    try:
        result = subprocess.run([promtool, "check", "rules", path],
                                capture_output=True, text=True, check=False)
    finally:
        pathlib.Path(path).unlink()
    if result.returncode != 0:
        index = {f"dashboard_expr_{i}": where for i, (where, _) in enumerate(exprs)}
        output = result.stdout + result.stderr
        for record, where in index.items():
            output = output.replace(record, f"{record} ({where})")
        raise DashboardError("promtool rejected dashboard PromQL:\n" + output.strip())


def check(dashboard_path, tests_dir, allowlist_path, rules_dir, promtool="promtool"):
    dashboard = json.loads(pathlib.Path(dashboard_path).read_text(encoding="utf-8"))
    exprs = collect_promql(dashboard)
    promtool_check(exprs, promtool)
    known = names_matching(tests_dir, SERIES_LINE, "*.test.yaml")
    recorded = names_matching(rules_dir, RECORD_LINE, "*.rules.yaml")
    allowlist = load_allowlist(allowlist_path)
    problems, used = [], set()
    for where, expr in exprs:
        for name in sorted(metric_names(substitute_variables(expr))):
            used.add(name)
            if name not in known and name not in recorded and name not in allowlist:
                problems.append(f"{where}: metric {name} is in no rule test input_series and not allow-listed")
    for name in sorted(set(allowlist) - used):
        problems.append(f"allow-list entry {name} is not used by the dashboard")
    for name in sorted(set(allowlist) & known):
        problems.append(f"allow-list entry {name} is already covered by a rule test")
    return problems, len(exprs), len(used)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dashboard", required=True)
    parser.add_argument("--tests", required=True)
    parser.add_argument("--allowlist", required=True)
    parser.add_argument("--rules", required=True)
    parser.add_argument("--promtool", default="promtool")
    args = parser.parse_args(argv)
    try:
        problems, expr_count, metric_count = check(
            args.dashboard, args.tests, args.allowlist, args.rules, args.promtool)
    except (DashboardError, OSError, ValueError) as error:
        print(f"{args.dashboard}: {error}")
        return 1
    for problem in problems:
        print(problem)
    print(f"{expr_count} PromQL expressions, {metric_count} metrics, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
