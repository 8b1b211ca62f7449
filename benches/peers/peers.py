#!/usr/bin/env python3
"""Times the Python peers of plugkit's two pluggable-call benchmarks: pluggy and COMPAS.

The paths and bodies are those of ``plugkit/benches/pluggable_call.rs``:

- ``first_match``: a call through an extension point with one implementation, after the first
  call. pluggy: a ``firstresult=True`` hook with one ``hookimpl``. COMPAS: a
  ``@pluggable(selector="first_match")`` function with one ``@plugin``. The body returns
  ``a + b``; the result is kept.
- ``collect_all_10``: a call through an extension point with ten implementations, every result
  collected. pluggy: a hook with ten ``hookimpl``s (one per plugin object, as pluggy requires).
  COMPAS: a ``@pluggable(selector="collect_all")`` function with ten ``@plugin``s. Each body
  returns ``a + b + k`` for k = 1..10; every value of the returned list is read (summed).

Before timing, each path is called once and checked: the plugin, not the default, answers, and
all ten collected values are there. Each path is timed with ``timeit``: ``autorange`` picks the
number of calls per repeat (at least 0.2 s), then ``--repeat`` repeats; the per-call time of the
best repeat is the figure (``timeit``'s convention), the median repeat is reported beside it.

Prints a table and the same figures as JSON, and writes the JSON to ``--json`` if given. A peer
that cannot be imported or set up is reported with the error, and the other is still measured.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import timeit

HERE = os.path.dirname(os.path.abspath(__file__))

# The statements timed, as a user writes the call; `a` and `b` are variables, not constants.
FIRST_MATCH_STMT = {
    "pluggy": "result = hook.add(a=a, b=b)",
    "compas": "result = add(a, b)",
}
COLLECT_ALL_STMT = {
    "pluggy": "result = sum(hook.add_all(a=a, b=b))",
    "compas": "result = sum(add_all(a, b))",
}
A, B = 2, 3
FIRST_MATCH_EXPECTED = A + B
COLLECT_ALL_EXPECTED = 10 * (A + B) + sum(range(1, 11))


def pluggy_namespace():
    """The pluggy hooks, registered as a pluggy user registers plugins."""
    import pluggy

    project = "plugkit_peers"
    hookspec = pluggy.HookspecMarker(project)
    hookimpl = pluggy.HookimplMarker(project)

    class Spec:
        @hookspec(firstresult=True)
        def add(self, a, b):
            """The first_match point."""

        @hookspec
        def add_all(self, a, b):
            """The collect_all point."""

    class AddPlugin:
        @hookimpl
        def add(self, a, b):
            return a + b

    def add_all_plugin(k):
        class AddAllPlugin:
            @hookimpl
            def add_all(self, a, b):
                return a + b + k

        return AddAllPlugin()

    manager = pluggy.PluginManager(project)
    manager.add_hookspecs(Spec)
    manager.register(AddPlugin())
    for k in range(1, 11):
        manager.register(add_all_plugin(k), name="add_all_{:02}".format(k))

    first = manager.hook.add(a=A, b=B)
    if first != FIRST_MATCH_EXPECTED:
        raise RuntimeError("pluggy add returned {!r}, expected {}".format(first, FIRST_MATCH_EXPECTED))
    collected = manager.hook.add_all(a=A, b=B)
    check_collected("pluggy", collected)
    return {"hook": manager.hook, "a": A, "b": B}, pluggy.__version__


def compas_namespace():
    """The COMPAS pluggables; their plugins are discovered in ``compas_plugkit_peers``."""
    if HERE not in sys.path:
        sys.path.insert(0, HERE)
    import compas
    from compas.plugins import pluggable

    category = "plugkit_peers"

    @pluggable(category=category)
    def add(a, b):
        # The default differs from the plugin's body, so the check below sees which one ran.
        return 0

    @pluggable(category=category, selector="collect_all")
    def add_all(a, b):
        pass

    first = add(A, B)
    if first != FIRST_MATCH_EXPECTED:
        raise RuntimeError(
            "COMPAS add returned {!r}, expected {}: the plugin in compas_plugkit_peers was not "
            "discovered".format(first, FIRST_MATCH_EXPECTED)
        )
    check_collected("COMPAS", add_all(A, B))
    return {"add": add, "add_all": add_all, "a": A, "b": B}, compas.__version__


def check_collected(peer, collected):
    values = list(collected)
    if len(values) != 10 or not all(isinstance(v, int) for v in values):
        raise RuntimeError("{} add_all collected {!r}, expected ten integers".format(peer, values))
    if sum(values) != COLLECT_ALL_EXPECTED:
        raise RuntimeError("{} add_all summed to {}, expected {}".format(peer, sum(values), COLLECT_ALL_EXPECTED))


def time_stmt(stmt, namespace, repeat):
    timer = timeit.Timer(stmt, globals=namespace)
    loops, _ = timer.autorange()
    per_call_ns = [total / loops * 1e9 for total in timer.repeat(repeat=repeat, number=loops)]
    return {
        "stmt": stmt,
        "best_ns": min(per_call_ns),
        "median_ns": statistics.median(per_call_ns),
        "loops": loops,
        "repeats": repeat,
    }


def measure(repeat):
    report = {
        "time_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "load_average": list(os.getloadavg()),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "peers": {},
        "results": [],
    }
    for peer, setup in (("pluggy", pluggy_namespace), ("compas", compas_namespace)):
        try:
            namespace, version = setup()
        except Exception as error:  # a peer that fails is reported, the other still measured
            report["peers"][peer] = {"error": "{}: {}".format(type(error).__name__, error)}
            continue
        report["peers"][peer] = {"version": version}
        for path, stmts in (("first_match", FIRST_MATCH_STMT), ("collect_all_10", COLLECT_ALL_STMT)):
            row = {"peer": peer, "path": path}
            row.update(time_stmt(stmts[peer], namespace, repeat))
            report["results"].append(row)
    return report


def print_table(report):
    print("Python {} ({}), {}, load average {:.2f} {:.2f} {:.2f}".format(
        report["python"], report["machine"], report["time_utc"], *report["load_average"]))
    for peer, info in report["peers"].items():
        print("  {}: {}".format(peer, info.get("version") or "NOT MEASURED: " + info["error"]))
    header = ("peer", "path", "best ns/call", "median ns/call", "loops x repeats")
    rows = [
        (r["peer"], r["path"], "{:.1f}".format(r["best_ns"]), "{:.1f}".format(r["median_ns"]),
         "{} x {}".format(r["loops"], r["repeats"]))
        for r in report["results"]
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    for line in [header] + rows:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timeit repeats per path (default 7)")
    parser.add_argument("--json", help="also write the JSON report to this file")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1, got {}".format(args.repeat))

    report = measure(args.repeat)
    print_table(report)
    text = json.dumps(report, indent=2, sort_keys=True)
    print(text)
    if args.json:
        with open(args.json, "w") as out:
            out.write(text + "\n")
    if not report["results"]:
        print("no peer could be measured", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
