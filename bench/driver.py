#!/usr/bin/env python3
"""Side-by-side benchmark driver: versiond vs Renovate on the same repository and upstream.

Normally started by bench/run.sh, which installs Renovate and builds versiond first.

    python3 bench/driver.py --out DIR --versiond BIN --renovate BIN [--sizes 50,500,2000]
        [--runs 3] [--modes cold,warm] [--latency-ms 20] [--tools versiond,renovate]

For each N: generate the repository (gen_repo.py), start the fake upstream
(fake_upstream.py) with the injected latency, then per mode (cold: caches wiped
before every run; warm: the previous run's cache kept) run one warm-up of each tool
(not counted) and then RUNS counted runs alternately (A B A B ...). Every run is
measured (wall clock; user+sys CPU and peak RSS from wait4() of the tool's process,
which include its waited-for children; requests from the fake's counters) and its
answers are checked against expected.json. Raw runs go to DIR/results.json, the
tables to DIR/summary.md.
"""
import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import check  # noqa: E402  (bench/check.py)
import versiond_config  # noqa: E402  (bench/versiond_config.py)

RUN_TIMEOUT_S = 900


# ------------------------------------------------------------------------------ machine
def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


def machine_info():
    cpu = next((line.split(":", 1)[1].strip() for line in read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor())
    mem_kib = next((int(line.split()[1]) for line in read("/proc/meminfo").splitlines()
                    if line.startswith("MemTotal:")), 0)
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_gib": round(mem_kib / 1048576, 1),
            "kernel": platform.release(), "python": platform.python_version()}


def busy_jiffies():
    """(busy, total) CPU jiffies of the whole machine."""
    fields = [int(x) for x in read("/proc/stat").splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def proc_cpu_seconds(pid):
    stat = read("/proc/%d/stat" % pid)
    if not stat:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------------------ processes
def measure(cmd, cwd, env, stdout_path, stderr_path, fake_pids):
    """Runs cmd to completion; returns wall, cpu, peak RSS and the load around it."""
    hz = os.sysconf("SC_CLK_TCK")
    busy0, total0 = busy_jiffies()
    fake0 = sum(proc_cpu_seconds(p) for p in fake_pids)
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                start_new_session=True)
        timer = threading.Timer(RUN_TIMEOUT_S, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    busy1, total1 = busy_jiffies()
    cpu = usage.ru_utime + usage.ru_stime
    ncpu = os.cpu_count() or 1
    # CPU the rest of the machine used meanwhile (other engineers, the fake), in cores.
    others = max(0.0, (busy1 - busy0) / hz - cpu) / wall if wall > 0 else 0.0
    return {"exit": proc.returncode, "wall_s": round(wall, 4), "cpu_s": round(cpu, 4),
            "user_s": round(usage.ru_utime, 4), "sys_s": round(usage.ru_stime, 4),
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
            "fake_cpu_s": round(sum(proc_cpu_seconds(p) for p in fake_pids) - fake0, 3),
            "others_cores": round(others, 2), "ncpu": ncpu,
            "machine_busy_pct": round(100.0 * (busy1 - busy0) / max(1, total1 - total0), 1),
            "loadavg": read("/proc/loadavg").split()[:3]}


def http_json(port, path):
    import urllib.request
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as r:
        return json.loads(r.read())


class Fake:
    def __init__(self, out, port, latency_ms):
        self.info_path = os.path.join(out, "fake-info.json")
        if os.path.exists(self.info_path):
            os.remove(self.info_path)
        self.port = port
        self.log = open(os.path.join(out, "fake.out"), "ab")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "fake_upstream.py"), "--data", os.path.join(out, "upstream.json"),
             "--port", str(port), "--latency-ms", str(latency_ms), "--registry-ports",
             "--info-out", self.info_path, "--stats-out", os.path.join(out, "fake-stats-final.json")],
            stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 60
        while not os.path.exists(self.info_path):
            if self.proc.poll() is not None or time.time() > deadline:
                raise SystemExit("fake upstream did not start: see %s/fake.out" % out)
            time.sleep(0.05)
        with open(self.info_path) as f:
            self.info = json.load(f)

    def reset(self):
        http_json(self.port, "/__reset")

    def stats(self):
        return http_json(self.port, "/__stats")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# ------------------------------------------------------------------------------ tools
class Renovate:
    name = "renovate"

    def __init__(self, binary, work, repo, port):
        self.binary, self.work, self.repo, self.port = binary, work, repo, port
        self.cache = os.path.join(work, "renovate-cache")

    def prepare(self, mode):
        if mode == "cold":
            shutil.rmtree(self.cache, ignore_errors=True)

    def run_files(self, tag):
        return os.path.join(self.work, "renovate-%s.report.json" % tag)

    def command(self, tag, verify=False):
        env = dict(os.environ)
        for k in list(env):  # nothing from the caller's Renovate setup may leak in
            if k.startswith("RENOVATE_"):
                del env[k]
        env.update({"RENOVATE_CONFIG_FILE": os.path.join(HERE, "renovate", "config.js"),
                    "BENCH_FAKE_PORT": str(self.port), "RENOVATE_PLATFORM": "local",
                    "RENOVATE_CACHE_DIR": self.cache, "RENOVATE_BASE_DIR": os.path.join(self.work, "renovate-base"),
                    # Without a github.com token Renovate skips every GitHub lookup
                    # ("github-token-required"); this one is never sent anywhere.
                    "RENOVATE_GITHUB_COM_TOKEN": "bench-fake-upstream-token",
                    "RENOVATE_REPORT_TYPE": "file", "RENOVATE_REPORT_PATH": self.run_files(tag),
                    "LOG_LEVEL": "debug" if verify else "info", "LOG_FORMAT": "json" if verify else "pretty",
                    "RENOVATE_X_IGNORE_NODE_WARN": "true"})
        return [self.binary], self.repo, env

    def answers(self, tag):
        with open(self.run_files(tag)) as f:
            return check.renovate_answers(json.load(f))


class Versiond:
    name = "versiond"

    def __init__(self, binary, work, repo, fake_info, max_retries=None, per_host=None, total=None):
        self.binary, self.work, self.repo = binary, work, repo
        self.db = os.path.join(work, "versiond.db")
        self.config = os.path.join(work, "versiond.yaml")
        with open(self.config, "w") as f:
            f.write(versiond_config.render(fake_info, max_retries=max_retries, per_host=per_host,
                                           total=total))

    def prepare(self, mode):
        if mode == "cold":
            for suffix in ("", "-wal", "-shm", "-journal"):
                if os.path.exists(self.db + suffix):
                    os.remove(self.db + suffix)

    def run_files(self, tag):
        return os.path.join(self.work, "versiond-%s.stdout" % tag)

    def command(self, tag, verify=False):
        env = dict(os.environ)
        env.pop("GITHUB_TOKEN", None)
        cmd = [self.binary, "scan", "--repo", self.repo, "--config", self.config, "--db", self.db,
               "--format", "json"]
        return cmd, self.repo, env

    def answers(self, tag):
        with open(self.run_files(tag)) as f:
            return check.versiond_answers(json.load(f))


class VersiondEngine:
    """versiond's inventory + lookup stages without the store and the CLI
    (bench/micro/lookup_probe.cpp, one cold pass per process): a stand-in while
    `versiond scan` is not available, and a lower bound for it."""
    name = "versiond-engine"
    modes = ("cold",)

    def __init__(self, binary, work, repo, fake_info_path):
        self.binary, self.work, self.repo, self.info = binary, work, repo, fake_info_path

    def prepare(self, mode):
        pass

    def run_files(self, tag):
        return os.path.join(self.work, "engine-%s.stdout" % tag)

    def command(self, tag, verify=False):
        return [self.binary, self.repo, self.info, "--passes", "1"], self.repo, dict(os.environ)

    def answers(self, tag):
        with open(self.run_files(tag)) as f:
            return check.versiond_answers(json.load(f)["passes"][0]["answers"])


# ------------------------------------------------------------------------------ one size
def run_tool(tool, mode, tag, fake, expected, verify=False):
    tool.prepare(mode)
    fake.reset()
    cmd, cwd, env = tool.command(tag, verify)
    stdout = os.path.join(tool.work, "renovate-%s.log" % tag) if tool.name == "renovate" else tool.run_files(tag)
    stderr = os.path.join(tool.work, "%s-%s.stderr" % (tool.name, tag))
    m = measure(cmd, cwd, env, stdout, stderr, fake.info.get("pids", [fake.proc.pid]))
    stats = fake.stats()
    m.update({"tool": tool.name, "mode": mode, "tag": tag, "requests": stats["total"],
              "not_modified": stats["not_modified"], "bytes_received": stats["bytes_sent"],
              "requests_by_kind": stats["by_kind"]})
    try:
        result = check.compare(expected, tool.answers(tag), allow_open_range=tool.name == "renovate")
        m["correct"], m["problems"] = result["correct"], result["problems"][:20]
        m["n_problems"] = len(result["problems"])
    except (OSError, ValueError) as e:
        m["correct"], m["n_problems"], m["problems"] = 0, len(expected["dependencies"]), []
        m["unreadable_output"] = "%s: %s" % (type(e).__name__, e)
    m["expected"] = len(expected["dependencies"])
    if tool.name == "versiond":  # its own account of the scan, for "where the time goes"
        try:
            with open(tool.run_files(tag)) as f:
                m["self_reported"] = json.load(f).get("scan")
        except (OSError, ValueError):
            pass
    return m


def request_budget(work, expected):
    """The issue's bound for one cold scan: one request per package (more only where a
    list needs several pages: GitHub 100 per page), one per Helm repository, one token
    per registry scope (an image), plus the Terraform service discovery."""
    with open(os.path.join(work, "upstream.json")) as f:
        up = json.load(f)
    budget = {"helm-index": len(up["helm"]), "terraform": 1, "github": 0, "oci-tags": 0, "oci-token": 0}
    for dep in expected["dependencies"]:
        ds = dep["datasource"]
        if ds.startswith("github-"):
            budget["github"] += max(1, -(-len(up["github"][dep["package"]]) // 100))
        elif ds.startswith("terraform-"):
            budget["terraform"] += 1
        elif ds == "docker":
            budget["oci-tags"] += 1
            budget["oci-token"] += 1
    budget["total"] = sum(budget.values())
    return budget


def run_size(n, args, tools_wanted, results):
    work = os.path.join(args.out, "n%d" % n)
    os.makedirs(work, exist_ok=True)
    port = args.base_port + 10 * len(results["sizes"])
    gen = subprocess.run([sys.executable, os.path.join(HERE, "gen_repo.py"), "--deps", str(n), "--port", str(port),
                          "--out", work, "--seed", str(args.seed), "--pad-helm-mb", str(args.pad_helm_mb)],
                         check=True, capture_output=True, text=True)
    meta = json.loads(gen.stdout)
    with open(os.path.join(work, "expected.json")) as f:
        expected = json.load(f)
    repo = os.path.join(work, "repo")
    fake = Fake(work, port, args.latency_ms)
    size = {"n": n, "port": port, "generator": meta, "runs": [], "verify": {}, "skipped": {},
            "request_budget": request_budget(work, expected)}
    results["sizes"].append(size)
    try:
        tools = []
        if "versiond" in tools_wanted:
            tools.append(Versiond(args.versiond, work, repo, fake.info, args.versiond_max_retries,
                                  args.versiond_per_host, args.versiond_total))
        if "versiond-engine" in tools_wanted:
            tools.append(VersiondEngine(args.engine, work, repo, fake.info_path))
        if "renovate" in tools_wanted:
            tools.append(Renovate(args.renovate, work, repo, port))
        # One verification run each (cold), kept apart from the timings.
        for tool in tools:
            v = run_tool(tool, "cold", "verify", fake, expected, verify=True)
            size["verify"][tool.name] = v
            log("N=%d %s verify: exit %d, %d/%d correct, %d requests, %.2fs"
                % (n, tool.name, v["exit"], v["correct"], v["expected"], v["requests"], v["wall_s"]))
        tools = [t for t in tools if usable(size["verify"][t.name], size, t.name)]
        for mode in ([] if args.verify_only else args.modes):
            for i in range(args.runs + 1):  # i == 0: warm-up, not counted
                for tool in [t for t in tools if mode in getattr(t, "modes", (mode,))]:
                    tag = "%s-%d" % (mode, i)
                    m = run_tool(tool, mode, tag, fake, expected)
                    m["counted"] = i > 0
                    size["runs"].append(m)
                    log("N=%d %-8s %s %s: wall %.2fs cpu %.2fs rss %.0fMiB req %d (304: %d) correct %d/%d"
                        " others %.2f cores" % (n, tool.name, mode, "warm-up" if i == 0 else "run %d" % i,
                                                m["wall_s"], m["cpu_s"], m["peak_rss_mib"], m["requests"],
                                                m["not_modified"], m["correct"], m["expected"], m["others_cores"]))
                save(results, args.out)
    finally:
        fake.stop()
    save(results, args.out)


def usable(verify, size, name):
    """A tool whose verification run crashed is not timed (its numbers would mean nothing)."""
    if verify.get("unreadable_output") or verify["exit"] not in (0, 3):
        size["skipped"][name] = "verification run failed: exit %d%s" % (
            verify["exit"], (", " + verify["unreadable_output"]) if verify.get("unreadable_output") else "")
        log("N=%d %s skipped: %s" % (size["n"], name, size["skipped"][name]))
        return False
    return True


# ------------------------------------------------------------------------------ reporting
def log(msg):
    print("[%s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def save(results, out):
    tmp = os.path.join(out, "results.json.tmp")
    with open(tmp, "w") as f:
        json.dump(results, f, indent=1)
    os.replace(tmp, os.path.join(out, "results.json"))
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(summary(results))


def spread(values, fmt):
    if not values:
        return "–"
    med = statistics.median(values)
    return (fmt % med) + " (" + (fmt % min(values)) + "–" + (fmt % max(values)) + ")"


def summary(results):
    mi = results["machine"]
    lines = ["# Benchmark summary", "",
             "Machine: %s, %d CPUs, %.1f GiB. Latency injected per request: %g ms. Counted runs per cell: %d"
             " (after 1 warm-up). Started %s, finished %s." % (mi["cpu"], mi["nproc"], mi["mem_gib"],
                                                               results["latency_ms"], results["runs"],
                                                               results["started"], results.get("finished", "–")),
             "", "Cells: median (min–max) over the counted runs. cpu = user+sys of the tool's process tree;"
             " rss = peak RSS of its largest process (wait4). others = CPU cores the rest of the machine"
             " used during the run (median).", ""]
    for size in results["sizes"]:
        n = size["n"]
        lines += ["## N = %d" % n, "", "Request budget of one cold scan (issue 6: one per package, per Helm"
                  " repository and per registry token scope): %d (`%s`)" % (
                      size["request_budget"]["total"], json.dumps(size["request_budget"])), ""]
        for name, v in size["verify"].items():
            lines.append("- %s verification run: exit %d, %d/%d correct, %d requests" % (
                name, v["exit"], v["correct"], v["expected"], v["requests"]))
        for name, why in size["skipped"].items():
            lines.append("- %s NOT timed: %s" % (name, why))
        lines += ["", "| mode | tool | wall s | cpu s | peak RSS MiB | requests | 304s | correct | others (cores) |",
                  "|---|---|---|---|---|---|---|---|---|"]
        medians = {}
        for mode in results["modes"]:
            for tool in ("versiond", "versiond-engine", "renovate"):
                runs = [r for r in size["runs"] if r["tool"] == tool and r["mode"] == mode and r["counted"]]
                if not runs:
                    continue
                col = lambda k: [r[k] for r in runs]  # noqa: E731
                medians[(mode, tool)] = {k: statistics.median(col(k)) for k in
                                         ("wall_s", "cpu_s", "peak_rss_mib", "requests")}
                correct = "%d/%d all runs" % (runs[0]["expected"], runs[0]["expected"]) \
                    if all(r["correct"] == r["expected"] for r in runs) else \
                    "min %d/%d" % (min(col("correct")), runs[0]["expected"])
                lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    mode, tool, spread(col("wall_s"), "%.2f"), spread(col("cpu_s"), "%.2f"),
                    spread(col("peak_rss_mib"), "%.0f"), spread(col("requests"), "%d"),
                    spread(col("not_modified"), "%d"), correct, "%.2f" % statistics.median(col("others_cores"))))
        ratio_rows = []
        for mode in results["modes"]:
            for ours in ("versiond", "versiond-engine"):
                a, b = medians.get((mode, ours)), medians.get((mode, "renovate"))
                if a and b:
                    r = lambda k: ("%.3f" % (a[k] / b[k])) if b[k] else "–"  # noqa: E731
                    ratio_rows.append("| %s | %s | %s | %s | %s | %s |" % (
                        mode, ours, r("wall_s"), r("cpu_s"), r("peak_rss_mib"), r("requests")))
        if ratio_rows:
            lines += ["", "Ratios to Renovate (of the medians):", "",
                      "| mode | tool | wall | cpu | peak RSS | requests |", "|---|---|---|---|---|---|"] + ratio_rows
        kinds = {}
        for r in size["runs"]:
            if r["counted"]:
                kinds.setdefault((r["tool"], r["mode"]), r["requests_by_kind"])
        for (tool, mode), by in sorted(kinds.items()):
            lines += ["", "%s, requests of one %s run by kind and status: `%s`" % (tool, mode, json.dumps(by))]
        lines.append("")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--versiond", help="versiond binary")
    ap.add_argument("--renovate", help="renovate executable")
    ap.add_argument("--engine", help="lookup_probe binary (tool versiond-engine)")
    ap.add_argument("--sizes", default="50,500,2000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--modes", default="cold,warm")
    ap.add_argument("--latency-ms", type=float, default=20.0)
    ap.add_argument("--tools", default="versiond,renovate")
    ap.add_argument("--base-port", type=int, default=28400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pad-helm-mb", type=float, default=0.0)
    ap.add_argument("--verify-only", action="store_true", help="one checked cold run per tool, no timings")
    ap.add_argument("--versiond-max-retries", type=int, help="http.max_retries in versiond's config")
    ap.add_argument("--versiond-per-host", type=int,
                    help="http.concurrency.per_host in versiond's config (default: versiond's own)")
    ap.add_argument("--versiond-total", type=int,
                    help="http.concurrency.total in versiond's config (default: versiond's own)")
    args = ap.parse_args()
    args.modes = [m for m in args.modes.split(",") if m]
    if set(args.modes) - {"cold", "warm"}:
        ap.error("--modes takes cold and/or warm")
    if args.runs < 3:
        ap.error("--runs must be at least 3 (a single run is never quoted)")
    tools = [t for t in args.tools.split(",") if t]
    for t in tools:
        option = {"versiond": "versiond", "versiond-engine": "engine", "renovate": "renovate"}.get(t)
        if option is None:
            ap.error("unknown tool %r (versiond, versiond-engine, renovate)" % t)
        if not getattr(args, option) or not os.access(getattr(args, option), os.X_OK):
            ap.error("--%s must name an executable (got %r)" % (option, getattr(args, option)))
    for option in ("versiond", "engine", "renovate"):
        if getattr(args, option):
            setattr(args, option, os.path.abspath(getattr(args, option)))
    args.out = os.path.abspath(args.out)
    os.makedirs(args.out, exist_ok=True)
    results = {"machine": machine_info(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "latency_ms": args.latency_ms, "runs": args.runs, "modes": args.modes, "tools": tools,
               "sizes": [], "versions": {}}
    if "renovate" in tools:
        results["versions"]["renovate"] = subprocess.run([args.renovate, "--version"], capture_output=True,
                                                         text=True).stdout.strip()
        results["versions"]["node"] = subprocess.run(["node", "--version"], capture_output=True,
                                                     text=True).stdout.strip()
    if "versiond" in tools:
        results["versions"]["versiond"] = subprocess.run([args.versiond, "--version"], capture_output=True,
                                                         text=True).stdout.strip()
    log("machine: %s" % json.dumps(results["machine"]))
    for n in [int(x) for x in args.sizes.split(",") if x]:
        run_size(n, args, tools, results)
    results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    save(results, args.out)
    log("results: %s/results.json, tables: %s/summary.md" % (args.out, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
