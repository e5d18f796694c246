#!/usr/bin/env python3
"""Checks the conventions promtool cannot: every alert carries a severity, a
summary, a description and a runbook_url whose anchor exists in
docs/OPERATIONS.md; every aggregation keeps the `cluster` label; every alert
has at least one firing and one silent unit-test case; every recording rule
is exercised by a promql_expr_test.

Uses PyYAML from Debian's python3-yaml (run with /usr/bin/python3).
Exit status 0 when clean, 1 with one line per problem otherwise.
"""
import argparse
import pathlib
import re
import sys

import yaml

SEVERITIES = {"critical", "warning", "info"}
REQUIRED_ANNOTATIONS = ("summary", "description", "runbook_url")
RUNBOOK_PREFIX = "docs/OPERATIONS.md#"
BY_CLAUSE = re.compile(r"\bby\s*\(([^)]*)\)")
WITHOUT_CLAUSE = re.compile(r"\bwithout\s*\(")


def github_slug(heading):
    """The anchor GitHub generates for a Markdown heading: lower case,
    punctuation other than '-' and '_' removed, spaces turned into '-'."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def markdown_anchors(markdown_text):
    anchors = set()
    in_fence = False
    for line in markdown_text.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if heading:
            anchors.add(github_slug(heading.group(1)))
        anchors.update(re.findall(r'<a\s+(?:id|name)="([^"]+)"', line))
    return anchors


def load_yaml(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_rules(rules_dir):
    """Returns (alerts, records): lists of (file, group, rule dict)."""
    alerts, records = [], []
    for path in sorted(pathlib.Path(rules_dir).glob("*.rules.yaml")):
        document = load_yaml(path) or {}
        for group in document.get("groups", []):
            for rule in group.get("rules", []):
                target = alerts if "alert" in rule else records
                target.append((path.name, group.get("name", "?"), rule))
    return alerts, records


def expr_problems(expr):
    """Problems with how an expression treats the cluster label."""
    problems = []
    for clause in BY_CLAUSE.findall(expr):
        labels = [label.strip() for label in clause.split(",")]
        if "cluster" not in labels:
            problems.append(f"aggregates by ({clause.strip()}) without cluster")
    if WITHOUT_CLAUSE.search(expr):
        problems.append("uses without(); list the kept labels with by (cluster, ...)")
    return problems


def alert_problems(rule, anchors):
    name = rule["alert"]
    problems = []
    labels = rule.get("labels") or {}
    annotations = rule.get("annotations") or {}
    if labels.get("severity") not in SEVERITIES:
        problems.append(f"{name}: severity must be one of {sorted(SEVERITIES)}, got {labels.get('severity')!r}")
    for key in REQUIRED_ANNOTATIONS:
        if not str(annotations.get(key, "")).strip():
            problems.append(f"{name}: missing annotation {key}")
    runbook = str(annotations.get("runbook_url", ""))
    if runbook:
        if not runbook.startswith(RUNBOOK_PREFIX):
            problems.append(f"{name}: runbook_url {runbook!r} must start with {RUNBOOK_PREFIX}")
        elif runbook[len(RUNBOOK_PREFIX):] not in anchors:
            problems.append(f"{name}: runbook_url anchor #{runbook[len(RUNBOOK_PREFIX):]} not found in docs/OPERATIONS.md")
    if "$labels.cluster" not in str(annotations.get("summary", "")):
        problems.append(f"{name}: summary must name {{{{ $labels.cluster }}}}")
    problems.extend(f"{name}: {p}" for p in expr_problems(rule.get("expr", "")))
    return problems


def test_coverage(tests_dir):
    """Returns ({alertname: {'firing', 'silent'}}, [promql exprs], problems)."""
    coverage, exprs, problems = {}, [], []
    for path in sorted(pathlib.Path(tests_dir).glob("*.test.yaml")):
        document = load_yaml(path) or {}
        tests = document.get("tests") or []
        if not tests:
            problems.append(f"{path.name}: no tests (promtool passes an empty file)")
        for test in tests:
            for case in test.get("alert_rule_test") or []:
                kind = "firing" if case.get("exp_alerts") else "silent"
                coverage.setdefault(case["alertname"], set()).add(kind)
            exprs.extend(case["expr"] for case in test.get("promql_expr_test") or [])
    return coverage, exprs, problems


def check(rules_dir, tests_dir, runbooks_path):
    anchors = markdown_anchors(pathlib.Path(runbooks_path).read_text(encoding="utf-8"))
    alerts, records = load_rules(rules_dir)
    coverage, exprs, problems = test_coverage(tests_dir)
    if not alerts:
        problems.append(f"{rules_dir}: no alert rules found")
    names = set()
    for _, _, rule in alerts:
        if rule["alert"] in names:
            problems.append(f"{rule['alert']}: defined twice")
        names.add(rule["alert"])
        problems.extend(alert_problems(rule, anchors))
        kinds = coverage.get(rule["alert"], set())
        for kind in ("firing", "silent"):
            if kind not in kinds:
                problems.append(f"{rule['alert']}: no {kind} unit-test case")
    for unknown in sorted(set(coverage) - names):
        problems.append(f"tests mention alert {unknown} that no rule defines")
    for _, _, rule in records:
        if not any(rule["record"] in expr for expr in exprs):
            problems.append(f"{rule['record']}: recording rule has no promql_expr_test")
        problems.extend(f"{rule['record']}: {p}" for p in expr_problems(rule.get("expr", "")))
    return problems, len(alerts), len(records)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", required=True)
    parser.add_argument("--tests", required=True)
    parser.add_argument("--runbooks", required=True)
    args = parser.parse_args(argv)
    problems, alert_count, record_count = check(args.rules, args.tests, args.runbooks)
    for problem in problems:
        print(problem)
    print(f"{alert_count} alerts, {record_count} recording rules, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
