#!/usr/bin/env python3
"""Checks a tool's answers against gen_repo.py's expected.json.

    python3 bench/check.py OUT/expected.json --renovate report.json
    python3 bench/check.py OUT/expected.json --versiond scan.json

For every expected dependency: did the tool look it up, and is the newest stable
version it reports upstream the expected one? A dependency counts as correct only
then. Prints a JSON summary and the first mismatches.
"""
import argparse
import json
import re
import sys

GROUPS = {"github-releases": "github", "github-tags": "github", "docker": "docker", "helm": "helm",
          "terraform-provider": "terraform-provider", "terraform-module": "terraform-module"}
MIRROR_PREFIX = re.compile(r"^127\.0\.0\.1:\d+/")


def norm(version):
    return (version or "").strip().lstrip("vV")


def version_key(version):
    """Sort key: numeric segments, then stable above pre-release."""
    core, _, pre = norm(version).partition("-")
    nums = [int(x) if x.isdigit() else -1 for x in core.split(".")]
    return (nums + [0] * (4 - len(nums)), 0 if pre else 1, pre)


def key_of(datasource, package):
    package = MIRROR_PREFIX.sub("", package or "").lower()
    return GROUPS.get(datasource, datasource or ""), package


def satisfies_open_range(constraint, version):
    """True for ">= X" constraints that `version` meets (Renovate proposes no update then)."""
    m = re.fullmatch(r"\s*>=\s*([0-9][0-9.]*)\s*", constraint or "")
    return bool(m) and version_key(version) >= version_key(m.group(1))


# ------------------------------------------------------------------------------ Renovate
def renovate_answers(report):
    """(group, package) -> {"newest": version or None, "current": ...} from a reportType=file report."""
    answers = {}
    for repo in report.get("repositories", {}).values():
        for files in repo.get("packageFiles", {}).values():
            for pf in files:
                for dep in pf.get("deps", []):
                    if dep.get("skipReason") or dep.get("datasource") == "kubernetes-api":
                        continue
                    ds = dep.get("datasource")
                    if ds == "docker" or ds == "helm":
                        pkg = dep.get("depName")
                    else:
                        pkg = dep.get("packageName") or dep.get("depName")
                    if ds == "terraform-provider" and "/" not in (pkg or ""):
                        pkg = "hashicorp/" + pkg
                    newer = [u["newVersion"] for u in dep.get("updates", []) if u.get("newVersion")]
                    base = dep.get("lockedVersion") or dep.get("currentVersion") or dep.get("currentValue")
                    answers[key_of(ds, pkg)] = {"newest": max(newer, key=version_key) if newer else None,
                                                "current": base, "proposed": bool(newer),
                                                "file": pf.get("packageFile")}
    return answers


# ------------------------------------------------------------------------------ versiond
NEWEST_KEYS = ("latest_overall", "newest", "latest", "newest_version", "latest_version", "newest_overall", "upstream_latest")


def _first(obj, keys):
    for k in keys:
        v = obj.get(k)
        if isinstance(v, str) and v:
            return v
        if isinstance(v, dict):  # e.g. {"newest": {"version": "1.2.3", ...}}
            inner = v.get("version")
            if isinstance(inner, str) and inner:
                return inner
    return None


def _records(node):
    if isinstance(node, list):
        for item in node:
            yield from _records(item)
    elif isinstance(node, dict):
        if "package" in node or "component" in node:
            yield node
        else:
            for v in node.values():
                yield from _records(v)


def versiond_answers(scan):
    """(group, package) -> {"newest": ...} from `versiond scan --format json`. Accepts a
    record per component, with the component either flat or under "component"."""
    answers = {}
    for rec in _records(scan):
        comp = rec.get("component") if isinstance(rec.get("component"), dict) else rec
        pkg, ds = comp.get("package"), comp.get("datasource")
        if not pkg:
            continue
        lookup = rec.get("lookup") if isinstance(rec.get("lookup"), dict) else {}
        newest = _first(rec, NEWEST_KEYS) or _first(lookup, NEWEST_KEYS)
        error = rec.get("error") or lookup.get("error") or (
            rec.get("reason") if rec.get("status") not in (None, "ok") else None)
        answers[key_of(ds, pkg)] = {"newest": newest, "current": comp.get("current"), "error": error,
                                    "file": (comp.get("origin") or {}).get("file")}
    return answers


# ------------------------------------------------------------------------------ comparison
def compare(expected, answers, allow_open_range=False):
    ok, problems = 0, []
    for dep in expected["dependencies"]:
        k = key_of(dep["datasource"], dep["package"])
        got = answers.get(k)
        if got is None and k[0] == "helm":  # a tool may name a chart repo/chart
            got = next((v for (g, p), v in answers.items() if g == "helm" and p.endswith("/" + k[1])), None)
        if got is None:
            problems.append({"problem": "missing", "package": dep["package"], "datasource": dep["datasource"],
                             "file": dep["file"]})
            continue
        newest = got.get("newest")
        if newest is None and not got.get("proposed", True) and not got.get("error"):
            # Renovate proposes nothing when the current version is already the newest.
            if norm(got.get("current")) == norm(dep["newest"]) or (
                    allow_open_range and satisfies_open_range(dep["current"], dep["newest"])):
                ok += 1
                continue
        if newest is not None and norm(newest) == norm(dep["newest"]):
            ok += 1
        else:
            problems.append({"problem": "wrong" if newest else "no-answer", "package": dep["package"],
                             "datasource": dep["datasource"], "file": dep["file"], "current": dep["current"],
                             "expected": dep["newest"], "got": newest, "error": got.get("error")})
    return {"expected": len(expected["dependencies"]), "correct": ok, "problems": problems}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("expected")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--renovate", help="Renovate report (RENOVATE_REPORT_TYPE=file)")
    g.add_argument("--versiond", help="output of versiond scan --format json")
    ap.add_argument("--show", type=int, default=10, help="mismatches to print")
    args = ap.parse_args()
    with open(args.expected) as f:
        expected = json.load(f)
    with open(args.renovate or args.versiond) as f:
        data = json.load(f)
    answers = renovate_answers(data) if args.renovate else versiond_answers(data)
    result = compare(expected, answers, allow_open_range=bool(args.renovate))
    print(json.dumps({"expected": result["expected"], "correct": result["correct"],
                      "problems": len(result["problems"])}))
    for p in result["problems"][:args.show]:
        print("  ", json.dumps(p))
    return 0 if result["correct"] == result["expected"] else 1


if __name__ == "__main__":
    sys.exit(main())
