//! Issue 16's start-up and memory budget, side by side in one run with a bare Tauri
//! v2 window (`benches/bare-window`: an empty page, the same toolchain and Tauri):
//!
//! - time from launch to the first usable screen: the app on the demo workspace
//!   until the register's first row is on the page, the bare window until its empty
//!   page is; both started the same way, by WebKitWebDriver under Xvfb, timed from
//!   the new-session request (which starts the program) — target ≤ 1.5× the bare
//!   window's and < 1.5 s;
//! - memory of the whole process tree (the program and its WebKit processes), PSS
//!   from `/proc/<pid>/smaps_rollup`, after 30 s idle, each program started on its
//!   own (no WebDriver), with WebKitGTK's default renderer and with its DMA-BUF
//!   renderer off (as the AppImage starts it) — target ≤ 1.2× the bare window's.
//!
//! Then, in one more launch of each, where the time goes: before the page is asked
//! for, and in the page (its document, the element), with the first screen's
//! calls timed again from the page.
//!
//! Run by `make bench` after `cargo build --release -p tavolo-bare-window`; the
//! runs alternate (bare, app, bare, app …) so both see the machine alike.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::webdriver::Session;
use support::{wait_for, Display, Driver};
use tavolo::{OpenMode, Store};

const APP: &str = env!("CARGO_BIN_EXE_tavolo-desktop");
const ROUNDS: usize = 7;
const IDLE: Duration = Duration::from_secs(30);

/// The bare window, built into the same target folder as this benchmark.
fn bare_window() -> PathBuf {
    let app = Path::new(APP);
    let bare = app.with_file_name("tavolo-bare-window");
    assert!(
        bare.is_file(),
        "{}: build it first: cargo build --release -p tavolo-bare-window",
        bare.display()
    );
    bare
}

/// Starts `binary` through a fresh driver; returns the driver, the session and
/// the time until `selector` is on the page.
fn launch(
    display: &Display,
    db: &Path,
    dir: &Path,
    binary: &str,
    selector: &str,
) -> (Driver, Session, Duration) {
    let driver = Driver::start(display, db, dir);
    let start = Instant::now();
    let session = Session::start(driver.port, binary).expect("start through WebDriver");
    wait_for(selector, Duration::from_secs(60), || {
        session.find(selector).ok().flatten()
    });
    let took = start.elapsed();
    (driver, session, took)
}

/// Every process descended from `root` (not `root` itself).
fn descendants(root: u32) -> Vec<u32> {
    let mut parent_of = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let Some(close) = stat.rfind(')') else {
            continue;
        };
        if let Some(ppid) = stat[close + 2..]
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse::<u32>().ok())
        {
            parent_of.push((pid, ppid));
        }
    }
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let p = found[i];
        found.extend(parent_of.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    found.remove(0);
    found
}

/// The PSS of one process in KiB (0 when it is gone).
fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

fn name_of(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let bare = bare_window();
    let bare = bare.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tavolo.db");
    {
        let mut store = Store::open(&db, OpenMode::CreateIfMissing).unwrap();
        tavolo::demo::load(&mut store, 1).unwrap();
        store
            .read(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?))
            .unwrap();
    }
    let display = Display::get();
    // One start of each first, not measured: the files are then in the page cache
    // for both, as on a laptop where the app was started before.
    for (binary, selector) in [(bare, "#ready"), (APP, "[data-testid=org-row]")] {
        drop(launch(&display, &db, dir.path(), binary, selector));
    }
    let (mut bare_times, mut app_times) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        bare_times.push(launch(&display, &db, dir.path(), bare, "#ready").2);
        app_times.push(launch(&display, &db, dir.path(), APP, "[data-testid=org-row]").2);
    }
    let (bare_t, app_t) = (median(bare_times.clone()), median(app_times.clone()));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let ratio = app_t.as_secs_f64() / bare_t.as_secs_f64();
    println!("launch to first usable screen, median of {ROUNDS} (Xvfb, WebKitWebDriver):");
    println!(
        "  bare Tauri window (empty page): {:.0} ms  (runs {:?})",
        ms(bare_t),
        bare_times
            .iter()
            .map(|d| ms(*d).round())
            .collect::<Vec<_>>()
    );
    println!(
        "  Tavolo, demo workspace, register's first row: {:.0} ms  (runs {:?})",
        ms(app_t),
        app_times.iter().map(|d| ms(*d).round()).collect::<Vec<_>>()
    );
    println!(
        "  = {ratio:.2}x the bare window (target <= 1.5x: {}); under 1.5 s: {}",
        if ratio <= 1.5 { "met" } else { "NOT MET" },
        if app_t < Duration::from_millis(1500) {
            "met"
        } else {
            "NOT MET"
        }
    );

    // Where the start-up goes, in one more launch of each: the time to the page's
    // first request (the program, its window and the webview starting), then the
    // page's own timeline (its files, its calls to the program) until the
    // element is there.
    for (what, binary, selector) in [
        ("bare Tauri window", bare, "#ready"),
        ("Tavolo", APP, "[data-testid=org-row]"),
    ] {
        let (_driver, session, took) = launch(&display, &db, dir.path(), binary, selector);
        println!("  {what}: {}", timeline(&session, took));
        if binary == APP {
            println!(
                "  Tavolo's first calls, each again once the page is up: {}",
                calls(&session)
            );
        }
    }

    // TAVOLO_BENCH_NO_MEMORY=1: the start-up only (a quick look, two minutes
    // less); `make bench` measures both.
    if std::env::var_os("TAVOLO_BENCH_NO_MEMORY").is_some() {
        return;
    }
    // Memory: each program started on its own (no WebDriver: the automation
    // session is not part of what a user runs), idle for 30 s, PSS of its tree;
    // with WebKitGTK's default renderer and with WEBKIT_DISABLE_DMABUF_RENDERER=1,
    // as the AppImage starts it.
    for dmabuf_off in [false, true] {
        let mut idle = Vec::new();
        for (what, binary) in [("bare Tauri window", bare), ("Tavolo", APP)] {
            let (kib, parts) = idle_pss(&display, &db, dir.path(), binary, dmabuf_off);
            println!(
                "  {what}{}: PSS of the process tree after {} s idle: {:.1} MiB ({})",
                if dmabuf_off {
                    ", DMA-BUF renderer off"
                } else {
                    ""
                },
                IDLE.as_secs(),
                kib as f64 / 1024.0,
                parts
                    .iter()
                    .map(|(n, k)| format!("{n} {:.1}", *k as f64 / 1024.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            idle.push(kib);
        }
        let ratio = idle[1] as f64 / idle[0] as f64;
        println!(
            "idle memory{}: Tavolo {:.1} MiB = {ratio:.2}x the bare window's {:.1} MiB (target <= 1.2x: {})",
            if dmabuf_off { " (DMA-BUF renderer off)" } else { "" },
            idle[1] as f64 / 1024.0,
            idle[0] as f64 / 1024.0,
            if ratio <= 1.2 { "met" } else { "NOT MET" }
        );
    }
}

/// The page's timeline, from `performance`: how long after the launch the page
/// was asked for (the launch's time minus the page's own age just after the
/// element was found), when its document was parsed, and its age then. (Its
/// files come through the program's own protocol, which the resource timing
/// does not list.)
fn timeline(session: &Session, took: Duration) -> String {
    let v = session
        .execute(
            "const n = performance.getEntriesByType('navigation')[0];
             const marks = performance.getEntriesByType('mark')
               .map((m) => `${m.name} ${m.startTime.toFixed(0)}`).join(', ');
             return [performance.now(), n ? n.domContentLoadedEventEnd : 0, marks];",
            vec![],
        )
        .unwrap();
    let page_age = v[0].as_f64().unwrap_or(0.0);
    let before = took.as_secs_f64() * 1000.0 - page_age;
    let marks = v[2].as_str().unwrap_or("");
    format!(
        "page asked for about {before:.0} ms after the launch; document parsed at {:.0} ms; element found at {page_age:.0} ms (after the page was asked for){}",
        v[1].as_f64().unwrap_or(0.0),
        if marks.is_empty() { String::new() } else { format!("; the page's marks: {marks}") }
    )
}

/// The calls the first screen makes, each timed on its own from the page once it
/// is up (warm: the program's caches already filled by the first time).
fn calls(session: &Session) -> String {
    let v = session
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const invoke = window.__TAURI_INTERNALS__.invoke;
             const filter = { search: '', kind: '', level: '', sector: '', territory_id: '',
               territory_as_coverage: false, tag: '', archived: '', sort: '', descending: false };
             const asks = [['recovery_status', {}], ['workspace_status', {}],
               ['list_territories', {}], ['filter_organisations', { filter, limit: 500 }]];
             (async () => {
               const out = [];
               for (const [name, args] of asks) {
                 const t = performance.now();
                 try { await invoke(name, args); out.push(`${name} ${(performance.now() - t).toFixed(1)} ms`); }
                 catch (e) { out.push(`${name} failed: ${JSON.stringify(e)}`); }
               }
               done(out.join(', '));
             })();",
            vec![],
        )
        .unwrap();
    v.as_str().unwrap_or("").to_owned()
}

/// Starts `binary` directly under the display, waits [`IDLE`], and returns the PSS
/// of its process tree; the program is then killed with its group.
fn idle_pss(
    display: &Display,
    db: &Path,
    dir: &Path,
    binary: &str,
    dmabuf_off: bool,
) -> (u64, Vec<(String, u64)>) {
    use std::os::unix::process::CommandExt;
    let home = tempfile::tempdir_in(dir).unwrap();
    let mut command = std::process::Command::new(binary);
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("DISPLAY", &display.name)
        .env("TAVOLO_DB", db)
        .env("TAVOLO_KEYRING", "off")
        .env("XDG_RUNTIME_DIR", home.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0);
    if dmabuf_off {
        command.env("WEBKIT_DISABLE_DMABUF_RENDERER", "1");
    }
    let mut child = command.spawn().unwrap();
    std::thread::sleep(IDLE);
    let mut pids = vec![child.id()];
    pids.extend(descendants(child.id()));
    let parts: Vec<(String, u64)> = pids
        .into_iter()
        .map(|p| (name_of(p), pss_kib(p)))
        .filter(|(_, k)| *k > 0)
        .collect();
    let _ = std::process::Command::new("kill")
        .args(["-s", "KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
    (parts.iter().map(|(_, k)| k).sum(), parts)
}
