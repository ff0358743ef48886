//! The HTML report opened in a real browser (Debian's `chromium`, headless): the sample report
//! must render to a screenshot that is not blank, and its DOM must hold the title, the
//! verdict and the charts' `<svg>`. `.ci/run` installs chromium, and with `CI=true` the test
//! fails when chromium is missing. Elsewhere (a developer's fresh machine with only the Rust
//! toolchain) a missing chromium skips the test, loudly; `LIVRET_SKIP_BROWSER=1` skips it
//! everywhere but in CI.
//!
//! Test code only: the parent declares this module under #[cfg(test)].

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::tests::sample;
use super::{Exporter, HtmlExporter, RenderOptions};

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LIVRET_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["chromium", "chromium-browser"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .chain([PathBuf::from("/usr/bin/chromium")])
        .find(|p| p.is_file())
}

/// Runs chromium headless with `args`, killing it if it hangs (a guard, not a timing check).
fn run_chromium(bin: &Path, profile: &Path, args: &[String]) -> String {
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    let deadline = Instant::now() + Duration::from_secs(180);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("chromium did not finish within 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Says that the test was skipped on the process's own standard error, which the test
/// harness does not capture (an `eprintln!` would be shown only on failure).
fn loud(why: &str) {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "\n!!!!!!!!!! SKIPPED html_report_renders_in_headless_chromium: {why} !!!!!!!!!!\n"
    );
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let ci = std::env::var("CI").as_deref() == Ok("true");
    if !ci && std::env::var("LIVRET_SKIP_BROWSER").as_deref() == Ok("1") {
        loud("the HTML report was NOT checked in a browser (LIVRET_SKIP_BROWSER=1)");
        return;
    }
    let Some(bin) = chromium() else {
        // CI must check the page in a browser: .ci/run installs chromium.
        assert!(
            !ci,
            "chromium not found and CI=true: .ci/run should have installed it \
             (`apt-get install -y --no-install-recommends chromium`)"
        );
        loud(
            "chromium not found; the HTML report was NOT checked in a browser. Install it with \
             `apt-get install -y --no-install-recommends chromium` (required when CI=true)",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let opts = RenderOptions { detail: true, failed_only: false, color: false, width: None };
    std::fs::write(&page, HtmlExporter.render(&sample(), &opts).unwrap()).unwrap();
    let url = format!("file://{}", page.display());

    let shot = dir.path().join("shot.png");
    run_chromium(
        &bin,
        &dir.path().join("profile-shot"),
        &[format!("--screenshot={}", shot.display()), "--window-size=1280,2000".into(), url.clone()],
    );
    let file =
        std::fs::File::open(&shot).unwrap_or_else(|e| panic!("chromium wrote no screenshot {}: {e}", shot.display()));
    let decoder = png::Decoder::new(std::io::BufReader::new(file));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (1280, 2000));
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let first = pixels[0];
    let differing = pixels.iter().filter(|p| *p != &first).count();
    assert!(differing > pixels.len() / 100, "the screenshot is (nearly) one colour: the page did not render");
    // The `fail` badge is drawn in red (#c62828): the inline CSS was applied.
    let red = pixels.iter().filter(|p| p[0] > 170 && p[1] < 80 && p[2] < 80).count();
    assert!(red > 50, "no red verdict badge in the screenshot ({red} red pixels)");

    let dom = run_chromium(&bin, &dir.path().join("profile-dom"), &["--dump-dom".into(), url]);
    assert!(dom.contains("<title>livret audit — Cegid Talentsoft"), "title missing from the DOM");
    assert!(
        dom.contains(r#"id="verdict">Verdict: <span class="badge v-fail">fail</span>"#),
        "verdict missing from the DOM"
    );
    assert!(dom.matches("<svg").count() >= 5, "the charts' <svg> are missing from the DOM");
    assert!(!dom.contains("<script"), "an input's <script> became an element");
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the escaped ticket title is shown as text");
    // The period in words, when and by which livret, the failing items listed, the hash wrapped.
    assert!(dom.contains("Period: <strong>1–31 October 2026</strong>"), "the period in words is missing");
    assert!(dom.contains(r#"id="generated">Report made on 3 December 2026 10:00 by livret "#), "no generation line");
    assert!(dom.contains("<tr><td>T-1042</td>"), "the failing ticket is not listed");
    assert!(dom.contains(r#"<code class="sha">"#), "the hash is not in its wrapping cell");
    // Calendars in their own words: the daily frequency says "no successful backup".
    assert!(dom.contains("no successful backup"), "the backup calendar does not say what it shows");
}
