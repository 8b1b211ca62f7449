#!/usr/bin/env python3
"""Prints each Python peer's time as a multiple of plugkit's, path by path.

Reads the JSON report of ``peers.py`` and criterion's estimates of the same paths
(``<criterion dir>/<group>/<bench>/new/estimates.json``, the median's point estimate; the group
and bench names are read from ``benchmark.json`` beside it, so no directory name is guessed).
The peers' figure is ``peers.py``'s best repeat per call. Only estimates written after the file
given to ``--newer-than`` are read: an estimate from an earlier run is an error, not a figure.
"""

import argparse
import glob
import json
import os
import sys

# The criterion group that measures each path of peers.py (plugkit/benches/pluggable_call.rs).
GROUPS = {"first_match": "first_match", "collect_all_10": "collect_all_10"}
PLUGKIT_PREFIX = "plugkit"
LIMIT_PREFIX = "limit"
# The order of the peers' columns.
PEER_ORDER = ("pluggy", "compas")


def read_criterion(criterion_dir, newer_than):
    """Median estimates (ns) by (group, bench), only those written after `newer_than`."""
    estimates = {}
    stale = []
    for meta_path in sorted(glob.glob(os.path.join(criterion_dir, "*", "*", "new", "benchmark.json"))):
        with open(meta_path) as meta_file:
            meta = json.load(meta_file)
        group = meta.get("group_id")
        if group not in GROUPS.values():
            continue
        estimates_path = os.path.join(os.path.dirname(meta_path), "estimates.json")
        if os.path.getmtime(estimates_path) < newer_than:
            stale.append(estimates_path)
            continue
        with open(estimates_path) as estimates_file:
            median = json.load(estimates_file)["median"]["point_estimate"]
        estimates[(group, meta["function_id"])] = median
    return estimates, stale


def build_rows(peers, estimates):
    """One row per (path, plugkit bench): plugkit's median, each peer's best and their ratio."""
    best = {(r["peer"], r["path"]): r["best_ns"] for r in peers["results"]}
    rows = []
    for path, group in GROUPS.items():
        limits = {f: ns for (g, f), ns in estimates.items() if g == group and f.startswith(LIMIT_PREFIX)}
        for (g, bench), plugkit_ns in sorted(estimates.items()):
            if g != group or not bench.startswith(PLUGKIT_PREFIX):
                continue
            row = {"path": path, "plugkit_bench": "{}/{}".format(group, bench), "plugkit_median_ns": plugkit_ns,
                   "limits_median_ns": limits, "peers": {}}
            for peer in peers["peers"]:
                peer_ns = best.get((peer, path))
                row["peers"][peer] = None if peer_ns is None else {"best_ns": peer_ns, "ratio": peer_ns / plugkit_ns}
            rows.append(row)
    return rows


def print_rows(rows, peers):
    names = sorted(peers["peers"], key=lambda name: (PEER_ORDER + (name,)).index(name))
    header = ["path", "plugkit median ns"]
    for peer in names:
        header += ["{} best ns".format(peer), "{} / plugkit".format(peer)]
    table = [header]
    for row in rows:
        line = [row["path"], "{:.2f}".format(row["plugkit_median_ns"])]
        for peer in names:
            cell = row["peers"][peer]
            line += ["n/a", "n/a"] if cell is None else ["{:.1f}".format(cell["best_ns"]), "{:.0f}x".format(cell["ratio"])]
        table.append(line)
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
    for row in rows:
        limits = ", ".join("{} {:.2f} ns".format(name, ns) for name, ns in sorted(row["limits_median_ns"].items()))
        print("{}: plugkit bench `{}`; its limits in the same run: {}".format(
            row["path"], row["plugkit_bench"], limits or "none measured"))
    for peer, info in peers["peers"].items():
        if "error" in info:
            print("{}: not measured: {}".format(peer, info["error"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peers", required=True, help="the JSON report written by peers.py --json")
    parser.add_argument("--criterion", required=True, help="criterion's output directory ($CARGO_TARGET_DIR/criterion)")
    parser.add_argument("--newer-than", required=True, help="a file touched before the benchmarks ran")
    parser.add_argument("--json", help="also write the ratios as JSON to this file")
    args = parser.parse_args()

    with open(args.peers) as peers_file:
        peers = json.load(peers_file)
    estimates, stale = read_criterion(args.criterion, os.path.getmtime(args.newer_than))
    missing = [path for path, group in GROUPS.items()
               if not any(g == group and f.startswith(PLUGKIT_PREFIX) for (g, f) in estimates)]
    if missing:
        print("error: no criterion estimate of this run for the path(s) {} under {} (groups {}, benches "
              "named `{}...`); stale estimates skipped: {}. Did the benchmark filter match, or were "
              "the groups renamed in plugkit/benches/pluggable_call.rs? Update GROUPS in {}.".format(
                  ", ".join(missing), args.criterion, ", ".join(GROUPS[p] for p in missing), PLUGKIT_PREFIX,
                  len(stale), os.path.abspath(__file__)), file=sys.stderr)
        return 1

    rows = build_rows(peers, estimates)
    print_rows(rows, peers)
    if args.json:
        with open(args.json, "w") as out:
            out.write(json.dumps({"peers_time_utc": peers["time_utc"], "rows": rows}, indent=2, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
