#!/usr/bin/env python3
"""Tables for bench/micro.sh: median (min-max) over the repetitions of each benchmark
and over the probe runs. Usage: micro_summary.py OUT_DIR"""
import glob
import json
import os
import statistics
import sys


def spread(values, fmt):
    return "%s (%s–%s)" % (fmt % statistics.median(values), fmt % min(values), fmt % max(values))


def main():
    out = sys.argv[1]
    lines = ["# Micro-benchmarks", ""]
    for name in ("loadavg-before", "loadavg-after"):
        path = os.path.join(out, name)
        if os.path.exists(path):
            lines.append("- %s: %s" % (name, open(path).read().split()[:3]))
    for path in sorted(glob.glob(os.path.join(out, "bench_*.json"))):
        data = json.load(open(path))
        ctx = data["context"]
        lines += ["", "## %s" % os.path.basename(path)[:-5], "",
                  "%d CPUs at %s MHz, library build %s" % (ctx["num_cpus"], ctx["mhz_per_cpu"],
                                                         ctx.get("library_build_type", "?")), "",
                  "| benchmark | real time | CPU time | unit | counters |", "|---|---|---|---|---|"]
        runs = {}
        for b in data["benchmarks"]:
            if b.get("run_type") != "iteration" or b.get("error_occurred"):
                continue
            runs.setdefault(b["run_name"], []).append(b)
        for name, reps in runs.items():
            extra = {k: round(v, 2) for k, v in reps[0].items()
                     if k in ("MiB", "charts", "versions", "components", "matching")}
            rate = [r["bytes_per_second"] / 1048576 for r in reps if "bytes_per_second" in r]
            if rate:
                extra["MiB/s"] = round(statistics.median(rate), 1)
            lines.append("| %s | %s | %s | %s | %s |" % (
                name, spread([r["real_time"] for r in reps], "%.3g"), spread([r["cpu_time"] for r in reps], "%.3g"),
                reps[0]["time_unit"], ", ".join("%s=%s" % kv for kv in extra.items())))
    probe = os.path.join(out, "probe.jsonl")
    if os.path.exists(probe):
        rows = [json.loads(line) for line in open(probe) if line.strip()]
        lines += ["", "## helm_index_probe (per file: 3 processes x 5 timed parses; cells are median (min–max)"
                  " of the per-process medians)", "",
                  "| file | MiB | charts tracked | parse wall ms | parse CPU ms |"
                  " peak RSS MiB | (peak − start) / size | parse growth / size |", "|---|---|---|---|---|---|---|---|"]
        for f in sorted({r["file"] for r in rows}):
            rs = [r for r in rows if r["file"] == f]
            lines.append("| %s | %.2f | %d | %s | %s | %s | %s | %s |" % (
                os.path.basename(f), rs[0]["mib"], rs[0]["charts"], spread([r["parse_ms_median"] for r in rs], "%.0f"),
                spread([r["parse_cpu_ms_median"] for r in rs], "%.0f"),
                spread([r["peak_rss_mib"] for r in rs], "%.0f"),
                spread([r["peak_minus_start_over_size"] for r in rs], "%.2f"),
                spread([r["parse_growth_over_size"] for r in rs], "%.2f")))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
