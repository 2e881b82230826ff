//! What the end-to-end tests need around the real app: a display (Xvfb when there
//! is none), WebKitWebDriver in its own process group, and a small WebDriver client.

#![allow(dead_code)]

pub mod webdriver;

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Polls `condition` until it returns `Some`, or fails the test after `timeout`
/// naming `what`. This waits for a state, it does not stand in for one.
pub fn wait_for<T>(what: &str, timeout: Duration, mut condition: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = condition() {
            return v;
        }
        assert!(
            start.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A free TCP port on loopback.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

/// Kills a whole process group (the child started with `process_group(0)`).
fn kill_group(child: &mut Child) {
    // procps `kill -KILL -PID` silently does nothing; `-s KILL -- -PID` reaches the group.
    let _ = Command::new("kill")
        .args(["-s", "KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
}

/// A private Xvfb display for the app (1366×768, the laptop screen the UI is made
/// for), killed on drop. Tests never open windows on the developer's own screen.
pub struct Display {
    pub name: String,
    xvfb: Option<Child>,
}

impl Display {
    pub fn get() -> Display {
        for n in (90 + std::process::id() % 400)..1000 {
            if Path::new(&format!("/tmp/.X{n}-lock")).exists() {
                continue;
            }
            let mut child = Command::new("Xvfb")
                .args([
                    &format!(":{n}"),
                    "-screen",
                    "0",
                    "1366x768x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .expect("start Xvfb (installed by `make test`: apt package xvfb)");
            let socket = format!("/tmp/.X11-unix/X{n}");
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(10) {
                if Path::new(&socket).exists() {
                    return Display {
                        name: format!(":{n}"),
                        xvfb: Some(child),
                    };
                }
                if let Ok(Some(_)) = child.try_wait() {
                    break; // display taken meanwhile: try the next number
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            kill_group(&mut child);
        }
        panic!("could not start Xvfb on any display number");
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(child) = &mut self.xvfb {
            kill_group(child);
        }
    }
}

/// Where the app's export writes during a test (instead of the save dialog).
pub fn export_path(data_home: &Path) -> PathBuf {
    data_home.join("esportazione.xlsx")
}

/// The spreadsheet the app's register import opens during a test (instead of the
/// open dialog).
pub fn import_path(data_home: &Path) -> PathBuf {
    data_home.join("registro.csv")
}

/// The folder the app's folder dialog returns during a test (the shared folder
/// of "Sincronizza", and the USB stick of "Esporta modifiche su file…").
pub fn sync_folder_path(data_home: &Path) -> PathBuf {
    data_home.join("cartella-condivisa")
}

/// WebKitWebDriver, in its own process group so that killing the group also kills
/// the app it started and the app's web processes.
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    /// Starts the driver with the environment the app will inherit (no
    /// keyring: the user's own is never touched).
    pub fn start(display: &Display, db: &Path, data_home: &Path) -> Driver {
        Driver::start_with(display, db, data_home, &[])
    }

    /// Like [`Driver::start`], with more of the app's environment (a keyring's
    /// D-Bus, say).
    pub fn start_with(
        display: &Display,
        db: &Path,
        data_home: &Path,
        more: &[(String, String)],
    ) -> Driver {
        let port = free_port();
        let child = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .env("TAVOLO_KEYRING", "off")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .envs(more.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("DISPLAY", &display.name)
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            // Not WEBKIT_DISABLE_DMABUF_RENDERER: with it, WebDriver screenshots under
            // Xvfb wait forever for a frame (seen with WebKitGTK 2.50 on Debian 12).
            .env_remove("WEBKIT_DISABLE_DMABUF_RENDERER")
            .env("TAVOLO_DB", db)
            // The native save dialog is outside WebDriver's reach: the export writes
            // here instead of asking (see commands::SAVE_DIALOG_ANSWER).
            .env("TAVOLO_SAVE_DIALOG_ANSWER", export_path(data_home))
            .env("TAVOLO_OPEN_DIALOG_ANSWER", import_path(data_home))
            .env("TAVOLO_FOLDER_DIALOG_ANSWER", sync_folder_path(data_home))
            // The webview's own storage goes to the test's folder, not the user's.
            .env("XDG_DATA_HOME", data_home)
            .env("XDG_CACHE_HOME", data_home)
            .env("XDG_CONFIG_HOME", data_home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect(
                "start WebKitWebDriver (installed by `make test`: apt package webkit2gtk-driver)",
            );
        let driver = Driver { child, port };
        wait_for("WebKitWebDriver to listen", Duration::from_secs(20), || {
            webdriver::status(port).then_some(())
        });
        driver
    }

    /// The driver for a portable copy: no `TAVOLO_DB` (the copy finds its own
    /// database), `HOME` the test's own folder and no XDG folders, so anything
    /// the app wrote outside its portable folder would land in that home; the
    /// dialogs' answers in `driver_dir`.
    pub fn start_portable(display: &Display, home: &Path, driver_dir: &Path) -> Driver {
        let port = free_port();
        let runtime = driver_dir.join("runtime");
        std::fs::create_dir_all(&runtime).expect("the runtime folder");
        std::fs::set_permissions(
            &runtime,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .expect("the runtime folder's mode");
        let child = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .env("TAVOLO_KEYRING", "off")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("TAVOLO_DB")
            .env("HOME", home)
            .env("DISPLAY", &display.name)
            .env("TAURI_WEBVIEW_AUTOMATION", "true")
            .env_remove("WEBKIT_DISABLE_DMABUF_RENDERER")
            .env("TAVOLO_SAVE_DIALOG_ANSWER", export_path(driver_dir))
            .env("TAVOLO_OPEN_DIALOG_ANSWER", import_path(driver_dir))
            // A session's runtime folder, as a desktop session has (dconf keeps
            // its state there, not in HOME); no other XDG folder: what ignored
            // the portable folder would land in HOME.
            .env("XDG_RUNTIME_DIR", runtime)
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CACHE_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_STATE_HOME")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start WebKitWebDriver");
        let driver = Driver { child, port };
        wait_for("WebKitWebDriver to listen", Duration::from_secs(20), || {
            webdriver::status(port).then_some(())
        });
        driver
    }

    /// The driver's own process id (the programs it starts are its children).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Process ids of the app started by this driver.
    pub fn app_pids(&self) -> Vec<u32> {
        let driver_pid = self.child.id();
        let mut found = Vec::new();
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return found;
        };
        for entry in entries.flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            // The name is in parentheses and may hold spaces; fields follow it.
            let Some(close) = stat.rfind(')') else {
                continue;
            };
            let name = stat[..close].split_once('(').map(|x| x.1).unwrap_or("");
            let ppid = stat[close + 2..]
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<u32>().ok());
            if name == "tavolo-desktop" && ppid == Some(driver_pid) {
                found.push(pid);
            }
        }
        found
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        kill_group(&mut self.child);
    }
}

impl Display {
    /// A PNG of the whole display, taken by ImageMagick's `import` (installed by
    /// `make test`). WebDriver's own screenshot command stalled under Xvfb here.
    /// The webview paints a moment after the DOM changes, so this waits until the
    /// picture has more than a handful of colours (a blank window has one or two).
    pub fn screenshot(&self, path: &Path) {
        let shown = path.display().to_string();
        wait_for(
            &format!("a painted screenshot at {shown}"),
            Duration::from_secs(20),
            || {
                let status = Command::new("import")
                    .args(["-display", &self.name, "-window", "root", &shown])
                    .status()
                    .expect("run ImageMagick's import (apt package imagemagick)");
                assert!(status.success(), "import failed for {shown}");
                let colours = Command::new("identify")
                    .args(["-format", "%k", &shown])
                    .output()
                    .ok()?;
                let n: u32 = String::from_utf8_lossy(&colours.stdout)
                    .trim()
                    .parse()
                    .ok()?;
                (n > 16).then_some(())
            },
        );
    }
}

/// A D-Bus session and a GNOME keyring of a test's own (the operating system's
/// keyring the app keeps passphrases in), stopped when dropped.
pub struct PrivateKeyring {
    bus: Child,
    keyring: Child,
    address: String,
}

impl PrivateKeyring {
    pub fn start(home: &Path) -> PrivateKeyring {
        use std::io::{BufRead, Write};
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start dbus-daemon (apt package dbus-daemon, installed by `make test`)");
        let mut address = String::new();
        let stdout = bus.stdout.take().expect("the bus's address");
        std::io::BufReader::new(stdout)
            .read_line(&mut address)
            .expect("read the bus's address");
        let address = address.trim().to_owned();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", home)
            .env("XDG_RUNTIME_DIR", home)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect(
                "start gnome-keyring-daemon (apt package gnome-keyring, installed by `make test`)",
            );
        if let Some(mut stdin) = keyring.stdin.take() {
            stdin
                .write_all(b"keyring-test")
                .expect("unlock the keyring");
        }
        let me = PrivateKeyring {
            bus,
            keyring,
            address,
        };
        // Ready when this keyring owns the Secret Service's name (asked of the
        // bus itself, so no other keyring is started by activation).
        wait_for(
            "the Secret Service on the test's bus",
            Duration::from_secs(20),
            || {
                let out = Command::new("dbus-send")
                    .args([
                        "--session",
                        "--print-reply",
                        "--dest=org.freedesktop.DBus",
                        "/org/freedesktop/DBus",
                        "org.freedesktop.DBus.NameHasOwner",
                        "string:org.freedesktop.secrets",
                    ])
                    .env("DBUS_SESSION_BUS_ADDRESS", &me.address)
                    .stderr(Stdio::null())
                    .output()
                    .ok()?;
                String::from_utf8_lossy(&out.stdout)
                    .contains("boolean true")
                    .then_some(())
            },
        );
        me
    }

    /// What the app needs to find this keyring.
    pub fn env(&self, home: &Path) -> Vec<(String, String)> {
        vec![
            ("DBUS_SESSION_BUS_ADDRESS".into(), self.address.clone()),
            ("TAVOLO_KEYRING".into(), "on".into()),
            ("HOME".into(), home.display().to_string()),
        ]
    }
}

impl Drop for PrivateKeyring {
    fn drop(&mut self) {
        kill_group(&mut self.keyring);
        kill_group(&mut self.bus);
    }
}

/// Where the tests keep screenshots for people to look at.
pub fn artifacts_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../test-artifacts/e2e");
    std::fs::create_dir_all(&dir).expect("create test-artifacts/e2e");
    dir
}
