#!/usr/bin/env python3
"""Reads a Renovate debug log (LOG_FORMAT=json) and prints two fields: the
extract phase of its "Repository timing splits" record in milliseconds, and
the dependency count of "Dependency extraction complete" ("?" when absent).

    python3 bench/renovate_extract_split.py renovate.log
"""
import json
import sys


def main():
    extract, deps = "?", "?"
    with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
        for line in log:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            msg = rec.get("msg", "")
            if msg.startswith("Repository timing splits"):
                extract = rec.get("splits", {}).get("extract", "?")
            elif msg == "Dependency extraction complete":
                deps = rec.get("stats", {}).get("total", {}).get("depCount", "?")
    print(extract, deps)


if __name__ == "__main__":
    main()
