#!/usr/bin/env python3
"""Runs clang-tidy on versiond's own code (every file under src/ in a
compile_commands.json, and through them the headers of include/), with a
result cache so that an unchanged translation unit is not analysed twice.
Tests and benchmarks are compiled with -Wall -Wextra -Werror but not tidied:
analysing them too would double the check's time in .ci/run.

    scripts/check_tidy.py BUILD_DIR ROOT CACHE_DIR [JOBS]

A file's key is the SHA-256 of clang-tidy's version, the .clang-tidy file, the
compile command and the preprocessed translation unit (the compiler's own -E
output: the file and every header it includes), with ROOT replaced by a
placeholder so that clones in other folders share entries. Only clean results
are cached (an empty file named by the key): a file with findings is analysed
again on every run and its findings printed, so the cache can make a run
faster but never quieter. Exit status 1 when any file has a finding.

clang-tidy takes about 10 s of CPU per file here and the tree has ~240 files,
so without the cache the check alone would take most of .ci/run's budget on a
2-core machine; ccache does the same for the compiler.
"""

import concurrent.futures
import hashlib
import json
import os
import shlex
import subprocess
import sys


def project_entries(build_dir, root):
    """compile_commands.json entries of files under ROOT (not build/), once each."""
    with open(os.path.join(build_dir, "compile_commands.json"), encoding="utf-8") as f:
        entries = json.load(f)
    seen = set()
    for entry in entries:
        path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
        rel = os.path.relpath(path, root)
        if not rel.startswith("src" + os.sep) or rel in seen:
            continue
        seen.add(rel)
        yield path, entry


def preprocess_command(entry):
    """The entry's compiler command turned into "-E to stdout", no dependency files."""
    args = entry["arguments"] if "arguments" in entry else shlex.split(entry["command"])
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if arg in ("-c", "-MD", "-MMD"):
            continue
        out.append(arg)
    return out + ["-E", "-o", "-"]


def key_for(path, entry, root, salt):
    result = subprocess.run(preprocess_command(entry), cwd=entry["directory"],
                            capture_output=True, check=False)
    if result.returncode != 0:
        return None  # cannot key it: analyse it every time
    digest = hashlib.sha256(salt)
    digest.update(os.path.relpath(path, root).encode())
    digest.update(entry.get("command", " ".join(entry.get("arguments", []))).replace(root, "@ROOT@").encode())
    digest.update(result.stdout.replace(root.encode(), b"@ROOT@"))
    return digest.hexdigest()


def tidy(path, build_dir):
    # Findings go to stdout; "N warnings generated." (suppressed ones in
    # system headers) to stderr, which is dropped.
    result = subprocess.run(["clang-tidy", "-p", build_dir, "--quiet", path],
                            capture_output=True, text=True, check=False)
    return result.returncode, result.stdout


def main():
    build_dir, root, cache_dir = (os.path.realpath(a) for a in sys.argv[1:4])
    jobs = int(sys.argv[4]) if len(sys.argv) > 4 else os.cpu_count() or 1
    os.makedirs(cache_dir, exist_ok=True)
    version = subprocess.run(["clang-tidy", "--version"], capture_output=True, check=True).stdout
    with open(os.path.join(root, ".clang-tidy"), "rb") as f:
        salt = version + f.read()
    entries = list(project_entries(build_dir, root))
    if not entries:
        print("check-tidy: no project files in compile_commands.json", file=sys.stderr)
        return 1

    def check(item):
        path, entry = item
        key = key_for(path, entry, root, salt)
        marker = os.path.join(cache_dir, key) if key else None
        if marker and os.path.exists(marker):
            return path, 0, "", True
        status, out = tidy(path, build_dir)
        if status == 0 and not out.strip() and marker:
            with open(marker, "w", encoding="utf-8"):
                pass
        return path, status, out, False

    failed, cached = 0, 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for path, status, out, hit in pool.map(check, entries):
            cached += hit
            if status != 0 or out.strip():
                failed += 1
                sys.stdout.write(out)
                if status != 0 and not out.strip():
                    print(f"{path}: clang-tidy exited {status}")
    print(f"check-tidy: {len(entries)} files ({cached} unchanged since a clean run), "
          f"{failed} with findings")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
