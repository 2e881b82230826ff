//! Started as an AppImage: unpack the image once, then run its `AppRun`.

use crate::elf::Layout;
use backhand::{FilesystemReader, InnerNode};
use std::fs::File;
use std::io::BufReader;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn as_appimage(me: &Path, layout: &Layout, args: &[String]) -> Result<ExitCode, String> {
    match args.first().map(String::as_str) {
        Some("--appimage-offset") => {
            println!("{}", layout.elf_end);
            return Ok(ExitCode::SUCCESS);
        }
        Some("--appimage-extract") => {
            let dest = PathBuf::from(args.get(1).map_or("squashfs-root", String::as_str));
            extract(me, layout, &dest)?;
            println!("{}", dest.display());
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    let dir = unpacked(me, layout)?;
    let argv0 = std::env::args().next().unwrap_or_default();
    let err = std::process::Command::new(dir.join("AppRun"))
        .args(args)
        .env("APPIMAGE", me)
        .env("APPDIR", &dir)
        .env("ARGV0", argv0)
        .exec();
    Err(format!(
        "{}: cannot be started: {err}",
        dir.join("AppRun").display()
    ))
}

/// The image unpacked in a folder of this user's, made once per AppImage file.
fn unpacked(me: &Path, layout: &Layout) -> Result<PathBuf, String> {
    let meta = std::fs::metadata(me).map_err(|e| format!("{}: {e}", me.display()))?;
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    let key = format!(
        "tavolo-appimage-{}-{:x}-{:x}-{:x}",
        meta.uid(),
        meta.len(),
        meta.ino(),
        meta.mtime_nsec() as u64 ^ (meta.mtime() as u64) << 20
    );
    let done = base.join(&key);
    let fresh = tempfile::Builder::new()
        .prefix(".tavolo-appimage-")
        .tempdir_in(&base)
        .map_err(|e| format!("{}: {e}", base.display()))?;
    let my_uid = std::fs::metadata(fresh.path())
        .map_err(|e| e.to_string())?
        .uid();
    if let Ok(m) = std::fs::symlink_metadata(&done) {
        // Reuse only a real folder of ours that no one else can write into.
        if m.is_dir() && m.uid() == my_uid && m.mode() & 0o022 == 0 && done.join("AppRun").exists()
        {
            return Ok(done);
        }
    }
    let tmp = fresh.path().join("root");
    extract(me, layout, &tmp)?;
    std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o700))
        .map_err(|e| e.to_string())?;
    match std::fs::rename(&tmp, &done) {
        Ok(()) => Ok(done),
        // Another start won the race, or the name is taken by something not ours: run
        // from this copy, kept for as long as the program runs.
        Err(_) => Ok(fresh.keep().join("root")),
    }
}

/// Writes every entry of the image under `dest`, with its permissions.
fn extract(me: &Path, layout: &Layout, dest: &Path) -> Result<(), String> {
    let file = File::open(me).map_err(|e| format!("{}: {e}", me.display()))?;
    let fs = FilesystemReader::from_reader_with_offset(BufReader::new(file), layout.elf_end)
        .map_err(|e| format!("{}: the image cannot be read: {e}", me.display()))?;
    std::fs::create_dir_all(dest).map_err(|e| format!("{}: {e}", dest.display()))?;
    let mut dirs = Vec::new();
    for node in fs.files() {
        let rel = node.fullpath.strip_prefix("/").unwrap_or(&node.fullpath);
        if rel.as_os_str().is_empty() {
            continue;
        }
        if rel
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
        {
            return Err(format!(
                "{}: the image holds a path outside it",
                rel.display()
            ));
        }
        let path = dest.join(rel);
        let mode = u32::from(node.header.permissions);
        match &node.inner {
            InnerNode::Dir(_) => {
                std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                dirs.push((path, mode));
            }
            InnerNode::File(f) => {
                let mut out =
                    File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let mut data = fs.file(f).reader();
                std::io::copy(&mut data, &mut out)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                out.set_permissions(std::fs::Permissions::from_mode(mode))
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            }
            InnerNode::Symlink(link) => {
                std::os::unix::fs::symlink(&link.link, &path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            }
            _ => {}
        }
    }
    for (path, mode) in dirs {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
