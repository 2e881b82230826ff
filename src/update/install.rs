//! Installing a checked update: a backup of the database, then the new program in
//! place of the old one (the AppImage replaced atomically, the old one kept beside it
//! as `.previous`; a `.deb` through dpkg).

use super::{payload, refused, Kind, Offer};
use crate::error::{Error, Result};
use crate::store::backup::Reason;
use crate::store::Store;
use sha2::{Digest, Sha256};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Where an update goes on this computer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The AppImage the program runs from (or any program file given).
    File(PathBuf),
    /// The system's package manager, for a Tavolo installed from the `.deb`.
    Dpkg,
}

/// What an installation did.
#[derive(Debug, Clone)]
pub struct Installed {
    pub version: String,
    /// The backup of the database taken first (none when no database was open).
    pub backup: Option<PathBuf>,
    /// The old program, kept to go back by hand (AppImage only).
    pub previous: Option<PathBuf>,
}

/// Where an update of `kind` goes for the program running now.
pub fn target_here(kind: Kind) -> Result<Target> {
    match kind {
        Kind::AppImage => std::env::var_os("APPIMAGE")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute() && p.is_file())
            .map(Target::File)
            .ok_or_else(|| {
                Error::Conflict(
                    "this is an AppImage update, and this Tavolo does not run from an AppImage: \
                     use the update made for how it was installed (.deb)"
                        .into(),
                )
            }),
        Kind::Deb => {
            let exe = std::env::current_exe().unwrap_or_default();
            if exe.starts_with("/usr/") {
                Ok(Target::Dpkg)
            } else {
                Err(Error::Conflict(
                    "this is a .deb update, and this Tavolo was not installed from a .deb: \
                     use the update made for how it was installed (AppImage)"
                        .into(),
                ))
            }
        }
    }
}

/// Installs `offer` into `target`, after a backup of the database `store` holds.
/// Nothing is replaced when the payload read now does not match its signed digest.
pub fn install(store: Option<&Store>, offer: &Offer, target: &Target) -> Result<Installed> {
    let backup = match store {
        Some(store) => Some(store.backup(None, Reason::BeforeUpdate)?.path),
        None => None,
    };
    let previous = match target {
        Target::File(path) => Some(replace(offer, path)?),
        Target::Dpkg => {
            dpkg(offer)?;
            None
        }
    };
    Ok(Installed {
        version: offer.manifest.version.clone(),
        backup,
        previous,
    })
}

/// Copies the payload into `out`, checking it against the manifest as it goes.
fn copy_checked(offer: &Offer, out: &mut impl Write) -> std::io::Result<()> {
    let mut input = payload(offer).map_err(|e| std::io::Error::other(e.to_string()))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
        size += n as u64;
    }
    if size != offer.manifest.size || super::hex(&hasher.finalize()) != offer.manifest.sha256 {
        return Err(std::io::Error::other(
            "the update changed while it was being installed: copy it again",
        ));
    }
    Ok(())
}

/// The program file replaced by the payload; the old one kept as `<name>.previous`.
fn replace(offer: &Offer, path: &Path) -> Result<PathBuf> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".previous");
    let previous = path.with_file_name(name);
    crate::formats::files::with_temp(&previous, |temp| {
        std::fs::copy(path, temp)?;
        std::fs::File::open(temp)?.sync_all()
    })?;
    crate::formats::files::with_temp(path, |temp| {
        let mut file = std::fs::File::create(temp)?;
        copy_checked(offer, &mut file)?;
        file.sync_all()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o755))?;
        }
        Ok(())
    })?;
    Ok(previous)
}

/// The payload written to a temporary `.deb` and installed with dpkg (through
/// pkexec, which asks for the administrator's password, unless already root).
fn dpkg(offer: &Offer) -> Result<()> {
    let mut deb = tempfile::Builder::new()
        .prefix("tavolo-update-")
        .suffix(".deb")
        .tempfile()
        .map_err(|e| Error::Internal(format!("no temporary file: {e}")))?;
    copy_checked(offer, deb.as_file_mut())
        .and_then(|()| deb.as_file().sync_all())
        .map_err(|e| refused(&offer.path, e.to_string()))?;
    let root = is_root();
    let mut command = std::process::Command::new(if root { "dpkg" } else { "pkexec" });
    if !root {
        command.arg("dpkg");
    }
    let output = command
        .arg("-i")
        .arg(deb.path())
        .output()
        .map_err(|e| Error::Internal(format!("dpkg cannot be started: {e}")))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let last = said
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(refused(
            &offer.path,
            format!("was not installed by dpkg: {last}"),
        ));
    }
    Ok(())
}

#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

#[cfg(not(unix))]
fn is_root() -> bool {
    false
}
