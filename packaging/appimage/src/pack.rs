//! `pack`: this program, marked, then an application folder as SquashFS.

use crate::elf::{Layout, MARK};
use backhand::compression::Compressor;
use backhand::{FilesystemCompressor, FilesystemWriter, NodeHeader};
use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Writes OUT (through a temporary file beside it, renamed at the end) and returns its size.
pub fn pack(me: &Path, layout: &Layout, appdir: &Path, out: &Path) -> Result<u64, String> {
    for needed in ["AppRun", ".DirIcon"] {
        if !appdir.join(needed).exists() {
            return Err(format!("{}: has no {needed}", appdir.display()));
        }
    }
    let mut runtime = std::fs::read(me).map_err(|e| format!("{}: {e}", me.display()))?;
    let elf_end = usize::try_from(layout.elf_end).map_err(|e| e.to_string())?;
    runtime.truncate(elf_end);
    runtime[8..11].copy_from_slice(&MARK);

    let entries = walk(appdir)?;
    let mut fs = FilesystemWriter::default();
    fs.set_only_root_id();
    fs.set_root_mode(0o755);
    fs.set_compressor(
        FilesystemCompressor::new(Compressor::Zstd, None).map_err(|e| e.to_string())?,
    );
    for (rel, path) in &entries {
        let meta =
            std::fs::symlink_metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mode = u16::try_from(meta.mode() & 0o7777).map_err(|e| e.to_string())?;
        let mtime = u32::try_from(meta.mtime().max(0)).unwrap_or(u32::MAX);
        let header = NodeHeader::new(mode, 0, 0, mtime);
        let pushed = if meta.file_type().is_symlink() {
            let target =
                std::fs::read_link(path).map_err(|e| format!("{}: {e}", path.display()))?;
            fs.push_symlink(target, rel, header)
        } else if meta.is_dir() {
            fs.push_dir(rel, header)
        } else {
            let file = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
            fs.push_file(file, rel, header)
        };
        pushed.map_err(|e| format!("{}: {e}", rel.display()))?;
    }

    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    tmp.write_all(&runtime).map_err(|e| e.to_string())?;
    fs.write_with_offset(tmp.as_file_mut(), layout.elf_end)
        .map_err(|e| format!("the image cannot be written: {e}"))?;
    let size = tmp
        .as_file_mut()
        .seek(SeekFrom::End(0))
        .map_err(|e| e.to_string())?;
    tmp.as_file().sync_all().map_err(|e| e.to_string())?;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(0o755))
        .map_err(|e| e.to_string())?;
    tmp.persist(out)
        .map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(size)
}

/// Every entry under `root`, parents before children, in name order (a reproducible image).
fn walk(root: &Path) -> Result<Vec<(PathBuf, PathBuf)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = root.join(&rel);
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        names.sort();
        let mut subdirs = Vec::new();
        for name in names {
            let child = rel.join(&name);
            let path = root.join(&child);
            let is_dir = std::fs::symlink_metadata(&path)
                .map(|m| m.is_dir())
                .unwrap_or(false);
            out.push((child.clone(), path));
            if is_dir {
                subdirs.push(child);
            }
        }
        stack.extend(subdirs.into_iter().rev());
    }
    Ok(out)
}
