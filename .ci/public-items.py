#!/usr/bin/env python3
"""Counts the documented public items of a crate from rustdoc's JSON output.

Usage: public-items.py <crate.json> [--max-items N] [--max-types N --max-functions N --max-macros N]

The JSON comes from `cargo rustdoc -p <package> --lib --all-features -- -Z unstable-options
--output-format json` (`.ci/run` sets `RUSTC_BOOTSTRAP=1` to ask the stable rustdoc for it).

Types are structs, enums, unions, traits and type aliases; functions are free functions, inherent
methods and trait methods declared by the crate (not trait-impl methods such as `Display::fmt`).
Items hidden with `#[doc(hidden)]` are not in rustdoc's output and are not counted. Prints the
counts and every item, sorted, so a diff shows what was added; exits 1 when a maximum is passed.
"""
import json
import sys


GROUPS = {
    "struct": "types", "enum": "types", "union": "types", "trait": "types",
    "type_alias": "types", "function": "functions", "macro": "macros", "proc_macro": "macros",
    "proc_attribute": "macros", "proc_derive": "macros", "constant": "constants",
    "static": "constants",
}


def main(argv):
    path = argv[1]
    limits = {}
    for i in range(2, len(argv), 2):
        limits[argv[i].removeprefix("--max-")] = int(argv[i + 1])
    doc = json.load(open(path))
    index = doc["index"]
    root = index[str(doc["root"])]
    crate = root["name"]
    seen = {}

    def walk(item_id, prefix):
        item = index.get(str(item_id))
        if item is None:
            return
        inner = item["inner"]
        kind = next(iter(inner))
        name = item.get("name")
        if kind == "module":
            here = prefix if item_id == doc["root"] else f"{prefix}::{name}"
            for child in inner["module"]["items"]:
                walk(child, here)
            return
        if kind == "use":
            use = inner["use"]
            target = use.get("id")
            if target is None:
                return
            if use.get("is_glob"):
                walk(target, prefix)
                return
            name = use["name"]
            item = index.get(str(target))
            if item is None:
                # An item of another crate, re-exported (the proc macros): its kind is in `paths`.
                summary = doc["paths"].get(str(target))
                if summary is not None:
                    kind = summary["kind"]
                    group = GROUPS.get(kind)
                    if group is not None:
                        seen[(group, f"{prefix}::{name}")] = True
                return
            inner = item["inner"]
            kind = next(iter(inner))
            if kind == "module":
                for child in inner["module"]["items"]:
                    walk(child, f"{prefix}::{name}")
                return
        full = f"{prefix}::{name}"
        group = GROUPS.get(kind)
        if group is None:
            return
        seen[(group, full)] = True
        impls = []
        if kind in ("struct", "enum", "union"):
            impls = inner[kind].get("impls", [])
        if kind == "trait":
            for m in inner["trait"]["items"]:
                mi = index.get(str(m))
                if mi and "function" in mi["inner"]:
                    seen[("functions", f"{full}::{mi['name']}")] = True
        for impl_id in impls:
            impl = index.get(str(impl_id))
            if impl is None:
                continue
            body = impl["inner"]["impl"]
            if body.get("trait") is not None or body.get("is_synthetic") or body.get("blanket_impl"):
                continue
            for m in body["items"]:
                mi = index.get(str(m))
                if mi and "function" in mi["inner"]:
                    seen[("functions", f"{full}::{mi['name']}")] = True

    walk(doc["root"], crate)
    counts = {}
    for group, full in sorted(seen):
        counts[group] = counts.get(group, 0) + 1
        print(f"{group[:-1]:9} {full}")
    summary = ", ".join(f"{counts.get(g, 0)} {g}" for g in ("types", "functions", "macros", "constants"))
    print(f"{crate}: {summary}")
    counts["items"] = sum(counts.values())
    print(f"{crate}: {counts['items']} public items in all")
    over = [g for g, n in limits.items() if counts.get(g, 0) > n]
    for g in over:
        print(f"error: {crate} has {counts.get(g, 0)} public {g}, more than {limits[g]}; "
              f"hide what only generated code needs (`#[doc(hidden)]`, `__private`), or raise "
              f"the limit in .ci/run with a reason", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
