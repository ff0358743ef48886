//! The published JSON Schema of `livret.report/1` (docs/livret.report.schema.json) against
//! the real reports of every fixture folder, with `--by month`, `--claims`, `--waivers`,
//! `--probes` and a period not over. The validator is written here with serde_json: it knows
//! the keywords the schema uses and refuses any other, so that the schema cannot lean on a
//! keyword nothing checks. (The `jsonschema` crate would pull an HTTP client and a regex
//! engine into the build for the same result.)

use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Map, Value};

use crate::helpers::{livret_at, root, NOW};

fn schema() -> Value {
    let text =
        std::fs::read_to_string(root().join("docs/livret.report.schema.json")).expect("docs/livret.report.schema.json");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn report(now: &str, args: &[&str]) -> Value {
    let out = livret_at(now).env_remove("NO_COLOR").args(["audit", "--format", "json"]).args(args).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{args:?}: not JSON ({e}), exit {:?}: {}", out.status.code(), String::from_utf8_lossy(&out.stderr))
    })
}

/// Keywords that only annotate.
const ANNOTATIONS: [&str; 4] = ["$schema", "title", "description", "$defs"];

/// The errors of `v` against `schema` (`root` resolves `$ref`), each with its JSON pointer.
fn validate(root: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(s) = schema.as_object() else {
        panic!("{at}: a schema must be an object: {schema}");
    };
    for (key, rule) in s {
        match key.as_str() {
            k if ANNOTATIONS.contains(&k) => {}
            "$ref" => {
                let name = rule.as_str().and_then(|r| r.strip_prefix("#/$defs/")).expect("local $ref");
                let target = &root["$defs"][name];
                assert!(target.is_object(), "no $defs/{name}");
                validate(root, target, v, at, errors);
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => panic!("type: {rule}"),
                };
                if !types.iter().any(|t| has_type(v, t)) {
                    errors.push(format!("{at}: {v} is not of type {types:?}"));
                }
            }
            "const" if v != rule => errors.push(format!("{at}: {v} is not {rule}")),
            "const" => {}
            "enum" => {
                if !rule.as_array().expect("enum").contains(v) {
                    errors.push(format!("{at}: {v} is not one of {rule}"));
                }
            }
            "anyOf" => {
                let ok = rule.as_array().expect("anyOf").iter().any(|alt| {
                    let mut e = Vec::new();
                    validate(root, alt, v, at, &mut e);
                    e.is_empty()
                });
                if !ok {
                    errors.push(format!("{at}: {v} matches none of {rule}"));
                }
            }
            "properties" | "required" | "additionalProperties" => {
                if let Value::Object(m) = v {
                    object(root, s, key, m, at, errors);
                }
            }
            "items" => {
                if let Value::Array(a) = v {
                    for (i, x) in a.iter().enumerate() {
                        validate(root, rule, x, &format!("{at}/{i}"), errors);
                    }
                }
            }
            "minimum" => {
                if let (Some(x), Some(min)) = (v.as_f64(), rule.as_f64()) {
                    if x < min {
                        errors.push(format!("{at}: {v} < {min}"));
                    }
                }
            }
            "minLength" | "maxLength" => {
                if let (Some(t), Some(n)) = (v.as_str(), rule.as_u64()) {
                    let len = t.chars().count() as u64;
                    if (key == "minLength" && len < n) || (key == "maxLength" && len > n) {
                        errors.push(format!("{at}: {v} has {len} characters ({key} {n})"));
                    }
                }
            }
            "pattern" => {
                // The one pattern the schema uses, checked by hand (no regex engine here).
                assert_eq!(rule, "^[0-9a-f]{64}$", "{at}: unsupported pattern");
                if let Some(t) = v.as_str() {
                    if t.len() != 64 || !t.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
                        errors.push(format!("{at}: {v} is not 64 lowercase hex digits"));
                    }
                }
            }
            "format" => {
                assert_eq!(rule, "date-time", "{at}: unsupported format");
                if let Some(t) = v.as_str() {
                    if DateTime::parse_from_rfc3339(t).is_err() {
                        errors.push(format!("{at}: {v} is not an RFC 3339 instant"));
                    }
                }
            }
            other => panic!("{at}: the schema uses `{other}`, which this validator does not check"),
        }
    }
}

/// `properties`, `required` and `additionalProperties`, checked once (under `properties`,
/// or under whichever of the three comes first when there is no `properties`).
fn object(root: &Value, s: &Map<String, Value>, key: &str, m: &Map<String, Value>, at: &str, errors: &mut Vec<String>) {
    let first = ["properties", "required", "additionalProperties"].into_iter().find(|k| s.contains_key(*k));
    if first != Some(key) {
        return;
    }
    let props = s.get("properties").and_then(Value::as_object);
    for name in s.get("required").and_then(Value::as_array).into_iter().flatten() {
        let name = name.as_str().expect("required names");
        if !m.contains_key(name) {
            errors.push(format!("{at}: `{name}` is missing"));
        }
    }
    for (k, x) in m {
        let here = format!("{at}/{k}");
        match (props.and_then(|p| p.get(k)), s.get("additionalProperties")) {
            (Some(p), _) => validate(root, p, x, &here, errors),
            (None, Some(Value::Bool(false))) => errors.push(format!("{at}: `{k}` is not allowed")),
            (None, Some(extra @ Value::Object(_))) => validate(root, extra, x, &here, errors),
            (None, _) => {}
        }
    }
}

/// JSON types as serde_json holds them: `integer` is a number written without a fraction
/// or exponent (stricter than JSON Schema, for which `1.0` is an integer: the report writes
/// its counts as integers).
fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "number" => v.is_number(),
        "integer" => v.as_number().is_some_and(|n| n.is_i64() || n.is_u64()),
        other => panic!("unknown type {other}"),
    }
}

/// A change that breaks a report.
type Breakage = Box<dyn Fn(&mut Value)>;

fn errors_of(v: &Value) -> Vec<String> {
    let s = schema();
    let mut errors = Vec::new();
    validate(&s, &s, v, "", &mut errors);
    errors
}

/// A probe every 5 minutes over October 2026 in Paris, down 14 October 10:00–10:40 Paris,
/// silent 20 October 00:00–02:00 UTC.
fn probes(dir: &Path) -> String {
    let t = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
    let mut text = String::from("timestamp,status,response_ms\n");
    let mut at = t("2026-09-30T22:00:00Z");
    while at < t("2026-10-31T23:00:00Z") {
        let silent = t("2026-10-20T00:00:00Z") <= at && at < t("2026-10-20T02:00:00Z");
        let down = t("2026-10-14T08:00:00Z") <= at && at < t("2026-10-14T08:40:00Z");
        if !silent {
            writeln!(text, "{},{},120", at.to_rfc3339(), if down { 503 } else { 200 }).unwrap();
        }
        at += Duration::minutes(5);
    }
    let path = dir.join("probes.csv");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn every_fixture_report_follows_the_published_schema() {
    let dir = tempfile::tempdir().unwrap();
    let probes = probes(dir.path());
    let mut runs: Vec<(&str, Vec<String>)> = Vec::new();
    for p in ["talentsoft", "kmb-labs", "sprint-open", "preventcare"] {
        let folder = format!("fixtures/{p}");
        runs.push((
            NOW,
            vec!["-p".into(), p.into(), "--period".into(), "2026-10".into(), "--dir".into(), folder.clone()],
        ));
        runs.push((
            NOW,
            ["-p", p, "--period", "2026-Q4", "--by", "month", "--dir", &folder].map(String::from).to_vec(),
        ));
    }
    let owned = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    runs.push((
        NOW,
        owned(&[
            "-p",
            "talentsoft",
            "--period",
            "2026-10",
            "--dir",
            "fixtures/talentsoft",
            "--claims",
            "tests/data/claims/talentsoft-october.csv",
            "--waivers",
            "tests/data/waivers/october.toml",
        ]),
    ));
    runs.push((
        NOW,
        owned(&["-p", "sprint-open", "--period", "2026-10", "--dir", "fixtures/sprint-open", "--probes", &probes]),
    ));
    runs.push((NOW, owned(&["-p", "sprint-open", "--period", "2026-10", "--probes", &probes])));
    // Rows skipped with --skip-invalid.
    runs.push((
        NOW,
        owned(&[
            "-p",
            "talentsoft",
            "--period",
            "2026-10",
            "--backups",
            "tests/data/backups/bad-status.csv",
            "--skip-invalid",
            "--max-invalid",
            "50%",
        ]),
    ));
    // A period not over: open verdicts, rows after as-of.
    runs.push((
        "2026-10-15T12:00:00+02:00",
        owned(&["-p", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"]),
    ));
    let mut seen = (false, false, false, false);
    for (now, args) in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = report(now, &args);
        let errors = errors_of(&r);
        assert!(errors.is_empty(), "{args:?}: {} errors, first: {:#?}", errors.len(), &errors[..errors.len().min(10)]);
        // The codes scripts match: a period not over says so first; skipped rows are named.
        let codes: Vec<&str> = r["notes"].as_array().unwrap().iter().filter_map(|n| n["code"].as_str()).collect();
        assert_eq!(
            codes.first() == Some(&"period-incomplete"),
            !r["period"]["complete"].as_bool().unwrap(),
            "{args:?}"
        );
        assert_eq!(
            codes.contains(&"skipped-rows"),
            r["inputs"].as_array().unwrap().iter().any(|i| i["skipped"] != 0),
            "{args:?}"
        );
        seen.0 |= r.get("breakdown").is_some();
        seen.1 |= r.get("claims").is_some();
        seen.2 |= r.get("probes").is_some();
        seen.3 |= r["commitments"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["items"].as_array().unwrap().iter().any(|i| i.get("waiver").is_some()));
    }
    assert_eq!(seen, (true, true, true, true), "breakdown, claims, probes and a waived item were all checked");
}

#[test]
fn the_validator_refuses_what_the_schema_forbids() {
    let good = report(NOW, &["-p", "talentsoft", "--period", "2026-10", "--dir", "fixtures/talentsoft"]);
    assert_eq!(errors_of(&good), Vec::<String>::new());
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut r = good.clone();
        f(&mut r);
        errors_of(&r)
    };
    // A count written as a double, a verdict unknown, a note as a bare string, an instant
    // that is not one, a key the schema does not know at the top, a missing key.
    let cases: Vec<(&str, Breakage)> = vec![
        ("is not of type", Box::new(|r| r["commitments"][0]["measured"]["items"] = json!(6.0))),
        ("is not one of", Box::new(|r| r["verdict"] = json!("passed"))),
        ("is not of type", Box::new(|r| r["notes"][0] = json!("A1: …"))),
        ("is not an RFC 3339 instant", Box::new(|r| r["period"]["from"] = json!("2026-10-01 00:00"))),
        ("is not allowed", Box::new(|r| r["extra"] = json!(1))),
        (
            "`evidence` is missing",
            Box::new(|r| {
                r["commitments"][0].as_object_mut().unwrap().remove("evidence");
            }),
        ),
        ("is not one of", Box::new(|r| r["notes"][0]["code"] = json!("no-such-code"))),
        ("64 lowercase hex", Box::new(|r| r["inputs"][0]["sha256"] = json!("0F".repeat(32)))),
    ];
    for (want, f) in &cases {
        let errors = broken(f.as_ref());
        assert!(errors.iter().any(|e| e.contains(want)), "{want}: {errors:?}");
    }
}

#[test]
fn the_schema_lists_every_note_code() {
    let s = schema();
    let codes: Vec<&str> =
        s["$defs"]["note"]["properties"]["code"]["enum"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(codes, livret::checks::Note::CODES);
    // And docs/report.md names each of them in its table of codes.
    let doc = std::fs::read_to_string(root().join("docs/report.md")).unwrap();
    for c in codes.iter().filter(|c| !c.starts_with('A')) {
        assert!(doc.contains(&format!("| `{c}` |")), "docs/report.md does not list the note code {c}");
    }
}
