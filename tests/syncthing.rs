//! Two laptops that share a folder through a real Syncthing (Debian's package)
//! need nothing more: each Tavolo writes only its own new bundles there, Syncthing
//! carries them, and both databases converge. Everything stays on 127.0.0.1: own
//! homes, no global or local discovery, no relays, no NAT, GUI/REST on loopback,
//! both instances stopped at the end.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{dump_rows, TestDb};

/// A running Syncthing, stopped when dropped.
struct Syncthing {
    child: Child,
}

impl Drop for Syncthing {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A free TCP port on loopback.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn syncthing() -> Command {
    let mut c = Command::new("syncthing");
    // No upgrade checks, no default folder, no usage reports: nothing leaves the machine.
    c.env("STNOUPGRADE", "1").env("STNODEFAULTFOLDER", "1");
    c
}

/// Generates a home (keys) and returns its device id.
fn generate(home: &Path) -> String {
    let ok = syncthing()
        .args([
            "generate",
            "--no-default-folder",
            &format!("--home={}", home.display()),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("syncthing is not installed: `make test` installs Debian's syncthing package");
    assert!(ok.success());
    let out = syncthing()
        .args([
            "serve",
            "--device-id",
            &format!("--home={}", home.display()),
        ])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// One side: its home, folder, ports and device id.
struct Side {
    home: PathBuf,
    folder: PathBuf,
    port: u16,
    gui: u16,
    id: String,
}

fn side(root: &Path, name: &str) -> Side {
    let home = root.join(format!("{name}-home"));
    let folder = root.join(format!("{name}-shared"));
    std::fs::create_dir_all(folder.join(".stfolder")).unwrap();
    let id = generate(&home);
    Side {
        home,
        folder,
        port: free_port(),
        gui: free_port(),
        id,
    }
}

/// Writes the side's whole configuration: one folder shared with the peer,
/// reached at its loopback address, and every way out of the machine off.
fn configure(me: &Side, peer: &Side) {
    let config = format!(
        r#"<configuration version="36">
    <folder id="tavolo" label="Tavolo" path="{folder}" type="sendreceive" rescanIntervalS="2" fsWatcherEnabled="true" fsWatcherDelayS="1">
        <filesystemType>basic</filesystemType>
        <device id="{me}"></device>
        <device id="{peer}"></device>
        <minDiskFree unit="%">0</minDiskFree>
    </folder>
    <device id="{me}" name="me"><address>dynamic</address></device>
    <device id="{peer}" name="peer"><address>tcp://127.0.0.1:{peer_port}</address></device>
    <gui enabled="true" tls="false"><address>127.0.0.1:{gui}</address><apikey>tavolo-test</apikey></gui>
    <options>
        <listenAddress>tcp://127.0.0.1:{port}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <startBrowser>false</startBrowser>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <minHomeDiskFree unit="%">0</minHomeDiskFree>
    </options>
</configuration>
"#,
        folder = me.folder.display(),
        me = me.id,
        peer = peer.id,
        peer_port = peer.port,
        gui = me.gui,
        port = me.port,
    );
    std::fs::write(me.home.join("config.xml"), config).unwrap();
}

fn start(side: &Side) -> Syncthing {
    let child = syncthing()
        .args([
            "serve",
            "--no-browser",
            "--no-restart",
            &format!("--home={}", side.home.display()),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Syncthing { child }
}

/// Waits until `dir` holds a file named `name` (Syncthing writes a temporary
/// name first and renames it, so a file under the name is complete).
fn wait_for(dir: &Path, name: &str) {
    let started = Instant::now();
    while !dir.join(name).exists() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "Syncthing did not bring {name} to {} in two minutes",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn written(out: &str) -> String {
    let line = out
        .lines()
        .find(|l| l.starts_with("written "))
        .unwrap_or_else(|| panic!("no bundle written: {out}"));
    let path = line
        .trim_start_matches("written ")
        .split(" (")
        .next()
        .unwrap();
    Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

#[test]
fn two_databases_converge_through_syncthing_alone() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (side(root.path(), "a"), side(root.path(), "b"));
    configure(&a, &b);
    configure(&b, &a);
    let _sa = start(&a);
    let _sb = start(&b);
    let (da, db) = (TestDb::new(), TestDb::new());
    da.cli(&["demo"]).ok();
    let dir = |s: &Side| s.folder.to_str().unwrap().to_owned();

    // A writes its history into its folder; Syncthing brings it to B's.
    let first = written(&da.cli(&["sync", "folder", &dir(&a)]).ok());
    wait_for(&b.folder, &first);
    let joined = db.cli(&["sync", "folder", &dir(&b)]).ok();
    assert!(joined.contains("arrived: 1 bundle(s)"), "{joined}");

    // Both change things; each bundle travels the other way too.
    let note = {
        let s = db.open();
        s.read(|c| tavolo::notes::of_meeting(c, &tavolo::meetings::list(c)?[0].id))
            .unwrap()[0]
            .id
            .clone()
    };
    db.cli(&[
        "note",
        "edit",
        "--note",
        &note,
        "Corretta sul portatile B #casa",
    ])
    .ok();
    let meeting = da.open().read(tavolo::meetings::list).unwrap()[0]
        .id
        .clone();
    da.cli(&[
        "note",
        "add",
        "--meeting",
        &meeting,
        "Aggiunta sul portatile A",
    ])
    .ok();
    let from_b = written(&db.cli(&["sync", "folder", &dir(&b)]).ok());
    let from_a = written(&da.cli(&["sync", "folder", &dir(&a)]).ok());
    wait_for(&a.folder, &from_b);
    wait_for(&b.folder, &from_a);
    da.cli(&["sync", "folder", &dir(&a)]).ok();
    db.cli(&["sync", "folder", &dir(&b)]).ok();
    assert_eq!(dump_rows(&da.open()), dump_rows(&db.open()));
    let text = da
        .open()
        .read(|c| tavolo::notes::get(c, &note))
        .unwrap()
        .text;
    assert_eq!(text, "Corretta sul portatile B #casa");
    // Tavolo wrote only its own new files: no conflict copies in either folder.
    for s in [&a, &b] {
        let names: Vec<String> = std::fs::read_dir(&s.folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.contains("sync-conflict")),
            "{names:?}"
        );
    }
}
