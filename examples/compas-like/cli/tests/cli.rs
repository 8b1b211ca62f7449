//! The `compas-like` binary as users run it: exact output, exact errors, exit codes, the
//! plugin chosen in and out of Rhino, and the `PLUGKIT_DEBUG` trace.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const UNION_URL: &str =
    "https://plugins.compas-like.example/booleans/boolean_union_polygon_polygon";
const AREA_URL: &str = "https://plugins.compas-like.example/measure/area";
const INSTALL_URL: &str = "https://plugins.compas-like.example/install/installable_packages";

/// What a run printed, and how it ended.
#[derive(Debug, PartialEq)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary from `examples/compas-like` (so `data/a.json` works), with neither
/// `PLUGKIT_DEBUG` nor `COMPAS_LIKE_RHINO` set unless `env` sets them.
fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_compas-like"));
    command
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."))
        .env_remove("PLUGKIT_DEBUG")
        .env_remove("COMPAS_LIKE_RHINO")
        .envs(env.iter().copied());
    let output = command.output().expect("the binary runs");
    Run {
        code: output
            .status
            .code()
            .expect("the binary exits, it is not killed"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn ok(stdout: &str, stderr: &str) -> Run {
    Run {
        code: 0,
        stdout: stdout.to_owned(),
        stderr: stderr.to_owned(),
    }
}

fn failed(code: i32, stderr: &str) -> Run {
    Run {
        code,
        stdout: String::new(),
        stderr: stderr.to_owned(),
    }
}

fn note(origin: &str) -> String {
    format!("note: computed by {origin}\n")
}

fn geo_union() -> String {
    note(&format!(
        "compas-like-geo {VERSION} (compas_like_geo::booleans::union)"
    ))
}

/// The area of a polygon as JSON gives it, by the shoelace formula (exterior minus holes).
fn area(polygon: &serde_json::Value) -> f64 {
    let ring_area = |ring: &serde_json::Value| {
        let points: Vec<(f64, f64)> = ring
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect();
        let n = points.len();
        (0..n)
            .map(|i| points[i].0 * points[(i + 1) % n].1 - points[(i + 1) % n].0 * points[i].1)
            .sum::<f64>()
            .abs()
            / 2.0
    };
    let holes: f64 = polygon
        .get("holes")
        .and_then(|h| h.as_array())
        .map_or(0.0, |h| h.iter().map(ring_area).sum());
    ring_area(&polygon["exterior"]) - holes
}

const OVERLAPPING_UNION: &str = "[\n  \
    {\"exterior\":[[0.0,1.0],[0.0,0.0],[1.0,0.0],[1.0,0.5],[1.5,0.5],[1.5,1.5],[0.5,1.5],[0.5,1.0]]}\n\
    ]\n";

#[test]
fn the_union_of_two_overlapping_unit_squares_is_one_polygon_of_area_1_75_by_geo() {
    let result = run(&["union", "data/a.json", "data/b.json"], &[]);
    assert_eq!(result, ok(OVERLAPPING_UNION, &geo_union()));
    let polygons: Vec<serde_json::Value> = serde_json::from_str(&result.stdout).unwrap();
    assert_eq!(polygons.iter().map(area).collect::<Vec<_>>(), [1.75]);
}

#[test]
fn the_union_of_disjoint_polygons_is_both() {
    let result = run(&["union", "data/a.json", "data/c.json"], &[]);
    let expected = "[\n  \
        {\"exterior\":[[0.0,1.0],[0.0,0.0],[1.0,0.0],[1.0,1.0]]},\n  \
        {\"exterior\":[[3.0,2.0],[3.0,0.0],[5.0,0.0],[5.0,2.0]]}\n\
        ]\n";
    assert_eq!(result, ok(expected, &geo_union()));
}

#[test]
fn rhino_computes_the_union_when_rhino_runs_and_only_then() {
    let rhino = note(&format!(
        "compas-like-rhino {VERSION} (compas_like_rhino::booleans::union_in_rhino)"
    ));
    let args = ["union", "data/a.json", "data/b.json"];
    assert_eq!(
        run(&args, &[("COMPAS_LIKE_RHINO", "1")]),
        ok(OVERLAPPING_UNION, &rhino)
    );
    assert_eq!(
        run(&args, &[("COMPAS_LIKE_RHINO", "0")]),
        ok(OVERLAPPING_UNION, &geo_union())
    );
    assert_eq!(
        run(&args, &[("COMPAS_LIKE_RHINO", "")]),
        ok(OVERLAPPING_UNION, &geo_union())
    );
    assert_eq!(run(&args, &[]), ok(OVERLAPPING_UNION, &geo_union()));

    let inside = run(&["explain", UNION_URL], &[("COMPAS_LIKE_RHINO", "1")]);
    assert!(
        inside.stdout.contains(&format!(
            "  1. compas_like_rhino::booleans::union_in_rhino (compas-like-rhino {VERSION}) [tryfirst]: selected\n  \
               2. compas_like_geo::booleans::union (compas-like-geo {VERSION}): not used: \
             `compas_like_rhino::booleans::union_in_rhino` comes first\n"
        )),
        "{}",
        inside.stdout
    );
}

#[test]
fn area_is_computed_by_geo() {
    let geo = note(&format!(
        "compas-like-geo {VERSION} (compas_like_geo::measure::area)"
    ));
    assert_eq!(run(&["area", "data/a.json"], &[]), ok("1\n", &geo));
    assert_eq!(run(&["area", "data/c.json"], &[]), ok("4\n", &geo));
}

#[test]
fn installable_lists_each_package_with_its_plugin_the_fallback_last() {
    let expected = "\
        compas-like           from compas_like::install::core_packages\n\
        compas-like-geo       from compas_like_geo::install::installable_packages\n\
        compas-like-rhino     from compas_like_rhino::install::installable_packages\n\
        compas-like-fallback  from compas_like_fallback::install::installable_packages\n";
    assert_eq!(run(&["installable"], &[]), ok(expected, ""));
    // Installing happens outside Rhino: the rhino crate contributes either way.
    assert_eq!(
        run(&["installable"], &[("COMPAS_LIKE_RHINO", "1")]),
        ok(expected, "")
    );
}

fn union_explanation() -> String {
    format!(
        "{UNION_URL} (first_match, no default)\n  \
         declared by compas-like {VERSION} (compas_like::booleans::boolean_union_polygon_polygon)\n  \
         1. compas_like_rhino::booleans::union_in_rhino (compas-like-rhino {VERSION}) [tryfirst]: \
         skipped: requirement `rhino_running()` returned false\n  \
         2. compas_like_geo::booleans::union (compas-like-geo {VERSION}): selected\n  \
         3. compas_like_fallback::booleans::union (compas-like-fallback {VERSION}) [trylast]: \
         not used: `compas_like_geo::booleans::union` comes first\n  \
         runs: compas_like_geo::booleans::union\n"
    )
}

#[test]
fn plugins_lists_every_point_and_its_entries_in_order_with_status() {
    let expected = format!(
        "{union}\n\
         {INSTALL_URL} (collect_all, no default)\n  \
         declared by compas-like {VERSION} (compas_like::install::installable_packages)\n  \
         1. compas_like::install::core_packages (compas-like {VERSION}): collected, #1\n  \
         2. compas_like_geo::install::installable_packages (compas-like-geo {VERSION}): collected, #2\n  \
         3. compas_like_rhino::install::installable_packages (compas-like-rhino {VERSION}): collected, #3\n  \
         4. compas_like_fallback::install::installable_packages (compas-like-fallback {VERSION}) \
         [after `compas-like-geo` `compas-like-rhino`]: collected, #4\n  \
         runs: compas_like::install::core_packages, compas_like_geo::install::installable_packages, \
         compas_like_rhino::install::installable_packages, compas_like_fallback::install::installable_packages\n\
         \n\
         {AREA_URL} (first_match, has a default)\n  \
         declared by compas-like {VERSION} (compas_like::measure::area)\n  \
         1. compas_like_geo::measure::area (compas-like-geo {VERSION}): selected\n  \
         2. compas_like_fallback::measure::area (compas-like-fallback {VERSION}) [trylast]: \
         not used: `compas_like_geo::measure::area` comes first\n  \
         runs: compas_like_geo::measure::area\n",
        union = union_explanation()
    );
    assert_eq!(run(&["plugins"], &[]), ok(&expected, ""));
}

#[test]
fn explain_says_which_plugin_runs_and_why_the_others_do_not() {
    assert_eq!(
        run(&["explain", UNION_URL], &[]),
        ok(&union_explanation(), "")
    );
}

#[test]
fn plugins_json_is_the_registry_with_every_point_and_entry_in_order() {
    let ids = |json: &serde_json::Value, point: usize| -> Vec<String> {
        json["points"][point]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    for rhino in ["0", "1"] {
        let result = run(&["plugins", "--json"], &[("COMPAS_LIKE_RHINO", rhino)]);
        assert_eq!((result.code, result.stderr.as_str()), (0, ""));
        let json: serde_json::Value = serde_json::from_str(&result.stdout).unwrap();
        let urls: Vec<&str> = json["points"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["url"].as_str().unwrap())
            .collect();
        // plugkit's own point for plugin configuration sections is part of every program.
        assert_eq!(
            urls,
            [
                UNION_URL,
                INSTALL_URL,
                AREA_URL,
                "plugkit://plugkit/config/plugins"
            ]
        );
        assert_eq!(
            ids(&json, 0),
            [
                "compas_like_rhino::booleans::union_in_rhino",
                "compas_like_geo::booleans::union",
                "compas_like_fallback::booleans::union"
            ]
        );
        assert_eq!(
            ids(&json, 1),
            [
                "compas_like::install::core_packages",
                "compas_like_geo::install::installable_packages",
                "compas_like_rhino::install::installable_packages",
                "compas_like_fallback::install::installable_packages"
            ]
        );
        assert_eq!(
            ids(&json, 2),
            [
                "compas_like_geo::measure::area",
                "compas_like_fallback::measure::area"
            ]
        );
        let rhino_entry = &json["points"][0]["entries"][0];
        assert_eq!(rhino_entry["available"], rhino == "1");
        assert_eq!(rhino_entry["order"]["tier"], "first");
        assert_eq!(
            rhino_entry["requires"],
            serde_json::json!(["rhino_running()"])
        );
        assert_eq!(
            json["points"][1]["entries"][3]["order"]["after"],
            serde_json::json!(["compas-like-geo", "compas-like-rhino"])
        );
        assert_eq!(json["problems"], serde_json::json!([]));
    }
}

const FIX_EXAMPLE: &str = r#"{"exterior": [[0, 0], [1, 0], [1, 1], [0, 1]], "holes": []}"#;

#[test]
fn a_missing_file_is_named_with_the_fix() {
    assert_eq!(
        run(&["union", "data/a.json", "data/missing.json"], &[]),
        failed(
            1,
            "error: cannot read `data/missing.json`: No such file or directory (os error 2)\n  \
             fix: check the path; polygon files are JSON, like those in examples/compas-like/data\n"
        )
    );
}

#[test]
fn malformed_json_is_located_with_the_fix() {
    assert_eq!(
        run(&["area", "data/malformed.json"], &[]),
        failed(
            1,
            &format!(
                "error: `data/malformed.json` is not valid JSON: expected `,` or `]` at line 1, column 30\n  \
                 fix: correct the JSON there; a polygon file looks like {FIX_EXAMPLE}\n"
            )
        )
    );
}

#[test]
fn json_that_is_not_a_polygon_says_what_is_wrong() {
    assert_eq!(
        run(&["union", "data/line.json", "data/a.json"], &[]),
        failed(
            1,
            &format!(
                "error: `data/line.json` is not a valid polygon: the exterior ring has all its points on one \
                 line; a polygon ring must enclose an area\n  \
                 fix: a polygon file looks like {FIX_EXAMPLE}\n"
            )
        )
    );
}

#[test]
fn an_unknown_url_is_a_usage_error_with_a_suggestion() {
    assert_eq!(
        run(
            &[
                "explain",
                "https://plugins.compas-like.example/booleans/boolean_union"
            ],
            &[]
        ),
        failed(
            2,
            &format!(
                "error: no extension point `https://plugins.compas-like.example/booleans/boolean_union` is \
                 registered; did you mean `{UNION_URL}`?\n  \
                 fix: link the crate that declares it, and check the URL with `Registry::points`\n"
            )
        )
    );
}

#[test]
fn bad_arguments_are_usage_errors() {
    let missing = run(&["union", "data/a.json"], &[]);
    assert_eq!((missing.code, missing.stdout.as_str()), (2, ""));
    assert!(
        missing
            .stderr
            .starts_with("error: the following required arguments were not provided:\n  <B>\n"),
        "{}",
        missing.stderr
    );
    let unknown = run(&["frobnicate"], &[]);
    assert_eq!((unknown.code, unknown.stdout.as_str()), (2, ""));
    assert!(
        unknown
            .stderr
            .starts_with("error: unrecognized subcommand 'frobnicate'\n"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn plugkit_debug_traces_to_stderr_and_changes_nothing_else() {
    let commands: [&[&str]; 6] = [
        &["union", "data/a.json", "data/b.json"],
        &["area", "data/a.json"],
        &["installable"],
        &["plugins"],
        &["explain", UNION_URL],
        &["area", "data/missing.json"],
    ];
    for args in commands {
        let plain = run(args, &[]);
        let traced = run(args, &[("PLUGKIT_DEBUG", "1")]);
        assert_eq!(
            (traced.code, &traced.stdout),
            (plain.code, &plain.stdout),
            "{args:?}: stdout and exit code"
        );
        let (trace, rest): (Vec<&str>, Vec<&str>) = traced
            .stderr
            .lines()
            .partition(|l| l.starts_with("[plugkit] "));
        assert_eq!(
            rest,
            plain.stderr.lines().collect::<Vec<_>>(),
            "{args:?}: stderr besides the trace"
        );
        for expected in [
            format!(
                "[plugkit] discovered point {UNION_URL} from compas-like {VERSION} \
                 (compas_like::booleans::boolean_union_polygon_polygon)"
            ),
            format!(
                "[plugkit] discovered plugin compas_like_rhino::booleans::union_in_rhino for {UNION_URL} from \
                 compas-like-rhino {VERSION} (compas_like_rhino::booleans::union_in_rhino)"
            ),
            format!(
                "[plugkit] registered {UNION_URL} in order [compas_like_rhino::booleans::union_in_rhino, \
                 compas_like_geo::booleans::union, compas_like_fallback::booleans::union]"
            ),
        ] {
            assert!(
                trace.contains(&expected.as_str()),
                "{args:?}: no `{expected}` in\n{}",
                traced.stderr
            );
        }
    }

    let traced = run(
        &["union", "data/a.json", "data/b.json"],
        &[("PLUGKIT_DEBUG", "1")],
    );
    let calls: Vec<&str> = traced
        .stderr
        .lines()
        .skip_while(|l| !l.starts_with("[plugkit] selecting"))
        .collect();
    assert_eq!(
        calls,
        [
            format!("[plugkit] selecting for {UNION_URL} (first_match)"),
            format!(
                "[plugkit]   candidate compas_like_rhino::booleans::union_in_rhino from compas-like-rhino {VERSION} \
                 (compas_like_rhino::booleans::union_in_rhino): skipped: requirement `rhino_running()` returned false"
            ),
            format!(
                "[plugkit]   candidate compas_like_geo::booleans::union from compas-like-geo {VERSION} \
                 (compas_like_geo::booleans::union): available"
            ),
            format!(
                "[plugkit]   candidate compas_like_fallback::booleans::union from compas-like-fallback {VERSION} \
                 (compas_like_fallback::booleans::union): available"
            ),
            format!("[plugkit] call {UNION_URL} -> compas_like_geo::booleans::union"),
            geo_union().trim_end().to_owned(),
        ]
    );
}
