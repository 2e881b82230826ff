//! Updates without internet: a `.tavolo-update` file, signed with the project's key,
//! that a laptop installs from a folder, a shared drive or a USB stick.
//!
//! The file is three text lines, then the new program's bytes:
//!
//! ```text
//! TAVOLO-UPDATE 1
//! {"format":1,"product":"tavolo","version":"0.2.0","platform":"linux-x86_64","kind":"appimage",…,"sha256":"…"}
//! <Ed25519 signature of "tavolo-update-v1\n" + the manifest line, hex>
//! <payload: the AppImage, the .deb, …>
//! ```
//!
//! The signature covers the manifest, and the manifest the payload's SHA-256 and size,
//! so one check of the signature and one pass over the payload prove the whole file.
//! The keys trusted are the project's (in the program, `assets/update-public-key.txt`,
//! or `TAVOLO_UPDATE_PUBLIC_KEY` at build time), the ones an administrator puts in
//! `/etc/tavolo/update-keys/` (a regional office signing its own builds), and in a
//! debug build the tests' key. An update is refused when its signature does not hold,
//! its payload does not match, it is for another system, or it is not newer than the
//! program running. Installing takes a backup of the database first; the new version
//! migrates the database when it first opens it (after its own backup, as always).

mod install;
mod keys;

pub use install::{install, target_here, Installed, Target};
pub use keys::{keygen, read_signing_key, trusted_keys};

use crate::error::{Error, Result};
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// The first line of every update file.
const MAGIC: &str = "TAVOLO-UPDATE 1";
/// What the signature covers, before the manifest line.
const CONTEXT: &[u8] = b"tavolo-update-v1\n";
/// The extension of update files.
pub const EXTENSION: &str = "tavolo-update";
const FORMAT: u32 = 1;
const PRODUCT: &str = "tavolo";
/// Longest header line read (a manifest is well under this).
const MAX_LINE: u64 = 64 * 1024;

/// What the payload is, so the laptop knows how to install it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An AppImage: replaces the AppImage the program runs from.
    AppImage,
    /// A Debian package: installed with dpkg.
    Deb,
}

impl Kind {
    pub fn parse(text: &str) -> Option<Kind> {
        match text {
            "appimage" => Some(Kind::AppImage),
            "deb" => Some(Kind::Deb),
            _ => None,
        }
    }
}

/// The signed description of an update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub product: String,
    pub version: String,
    pub platform: String,
    pub kind: Kind,
    pub size: u64,
    pub sha256: String,
    /// What is new, in the office's words (shown before installing).
    pub notes: String,
}

/// An update whose signature holds, for this system, newer than this program.
#[derive(Debug, Clone)]
pub struct Offer {
    pub path: PathBuf,
    pub manifest: Manifest,
    /// Where the payload starts in the file.
    payload_at: u64,
}

/// One file found in a folder: the update it offers or why it is refused.
#[derive(Debug)]
pub struct Found {
    pub path: PathBuf,
    pub outcome: std::result::Result<Offer, Refusal>,
}

/// This program's version.
pub fn current_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The system this program runs on, as a manifest names it (`linux-x86_64`).
pub fn platform() -> String {
    format!("{}-{}", std::env::consts::OS, std::env::consts::ARCH)
}

/// A version `X.Y.Z` as numbers, to compare.
pub fn parse_version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().ok());
    let v = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(v)
}

fn refused(path: &Path, message: impl Into<String>) -> Error {
    Error::File {
        path: path.display().to_string(),
        message: message.into(),
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// Writes an update file: the manifest of `payload`, signed with `key`, then the
/// payload. Written atomically; returns the manifest.
pub fn make(
    payload: &Path,
    out: &Path,
    version: &str,
    kind: Kind,
    platform: &str,
    notes: &str,
    key: &SigningKey,
) -> Result<Manifest> {
    if parse_version(version).is_none() {
        return Err(Error::invalid(
            "version",
            crate::error::Problem::BadFormat {
                value: version.into(),
                expected: "a version like 1.2.3",
            },
        ));
    }
    let (size, sha256) = digest_of(&mut open(payload)?, payload)?;
    let manifest = Manifest {
        format: FORMAT,
        product: PRODUCT.into(),
        version: version.into(),
        platform: platform.into(),
        kind,
        size,
        sha256,
        notes: notes.trim().into(),
    };
    let line = serde_json::to_string(&manifest).map_err(|e| Error::Internal(e.to_string()))?;
    let signature = key.sign(&signed_bytes(&line));
    crate::formats::files::with_temp(out, |temp| {
        let mut file = std::fs::File::create(temp)?;
        writeln!(file, "{MAGIC}")?;
        writeln!(file, "{line}")?;
        writeln!(file, "{}", hex(&signature.to_bytes()))?;
        std::io::copy(&mut std::fs::File::open(payload)?, &mut file)?;
        file.sync_all()
    })?;
    Ok(manifest)
}

fn signed_bytes(line: &str) -> Vec<u8> {
    [CONTEXT, line.as_bytes()].concat()
}

fn open(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).map_err(|e| refused(path, format!("cannot be read ({e})")))
}

/// Size and SHA-256 (hex) of what `reader` holds to its end.
fn digest_of(reader: &mut impl Read, path: &Path) -> Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| refused(path, format!("cannot be read ({e})")))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((size, hex(&hasher.finalize())))
}

fn read_line(reader: &mut impl BufRead, path: &Path) -> Result<String> {
    let mut line = Vec::new();
    reader
        .take(MAX_LINE)
        .read_until(b'\n', &mut line)
        .map_err(|e| refused(path, format!("cannot be read ({e})")))?;
    if line.pop() != Some(b'\n') {
        return Err(refused(
            path,
            "is not a Tavolo update (its header is cut short)",
        ));
    }
    String::from_utf8(line).map_err(|_| refused(path, "is not a Tavolo update"))
}

/// Why an update is refused, for a screen to say in its own language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reason {
    /// Not a Tavolo update, or a file that cannot be read.
    Unreadable,
    /// The signature does not hold with any trusted key (or the manifest changed).
    Unsigned,
    /// The payload does not match its signed size and digest.
    Damaged,
    /// An update of another product.
    OtherProduct,
    /// For another system.
    OtherPlatform,
    /// Not newer than the program running.
    NotNewer,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::Unreadable => "unreadable",
            Reason::Unsigned => "unsigned",
            Reason::Damaged => "damaged",
            Reason::OtherProduct => "other-product",
            Reason::OtherPlatform => "other-platform",
            Reason::NotNewer => "not-newer",
        }
    }
}

/// A refused update: why, and the message naming the file's problem.
#[derive(Debug, Clone)]
pub struct Refusal {
    pub reason: Reason,
    pub message: String,
}

/// Reads and checks an update file: its signature against `keys`, its payload
/// against the manifest, its system and its version against `running`.
pub fn check_with(path: &Path, keys: &[VerifyingKey], running: &str) -> Result<Offer> {
    check_reasoned(path, keys, running).map_err(|(_, e)| e)
}

fn check_reasoned(
    path: &Path,
    keys: &[VerifyingKey],
    running: &str,
) -> std::result::Result<Offer, (Reason, Error)> {
    let unreadable = |e: Error| (Reason::Unreadable, e);
    let mut reader = BufReader::new(open(path).map_err(unreadable)?);
    if read_line(&mut reader, path).map_err(unreadable)? != MAGIC {
        return Err(unreadable(refused(path, "is not a Tavolo update")));
    }
    let line = read_line(&mut reader, path).map_err(unreadable)?;
    let signature_text = read_line(&mut reader, path).map_err(unreadable)?;
    let signature = unhex::<64>(&signature_text)
        .map(|b| ed25519_dalek::Signature::from_bytes(&b))
        .ok_or_else(|| (Reason::Unsigned, refused(path, "has no valid signature")))?;
    let message = signed_bytes(&line);
    if !keys
        .iter()
        .any(|k| k.verify_strict(&message, &signature).is_ok())
    {
        return Err((
            Reason::Unsigned,
            refused(
                path,
                "is not signed with the project's key, or was changed after it was signed: \
                 it is not installed; ask for the update again from whoever publishes it",
            ),
        ));
    }
    let manifest: Manifest = serde_json::from_str(&line).map_err(|e| {
        unreadable(refused(
            path,
            format!("has a manifest Tavolo cannot read ({e})"),
        ))
    })?;
    let payload_at = (MAGIC.len() + line.len() + signature_text.len() + 3) as u64;
    let (size, sha256) = digest_of(&mut reader, path).map_err(unreadable)?;
    if size != manifest.size || sha256 != manifest.sha256 {
        return Err((
            Reason::Damaged,
            refused(
                path,
                "is incomplete or damaged (its content does not match its signed description): \
                 copy it again",
            ),
        ));
    }
    if manifest.format != FORMAT || manifest.product != PRODUCT {
        return Err((
            Reason::OtherProduct,
            refused(path, "is an update of something else, not of Tavolo"),
        ));
    }
    if manifest.platform != platform() {
        return Err((
            Reason::OtherPlatform,
            refused(
                path,
                format!(
                    "is for {}, and this computer is {}",
                    manifest.platform,
                    platform()
                ),
            ),
        ));
    }
    let (Some(new), Some(old)) = (parse_version(&manifest.version), parse_version(running)) else {
        return Err(unreadable(refused(
            path,
            format!("has a version Tavolo cannot read ({})", manifest.version),
        )));
    };
    if new <= old {
        let what = if new == old {
            "the one already installed"
        } else {
            "older than the one installed"
        };
        return Err((
            Reason::NotNewer,
            refused(
                path,
                format!(
                    "is version {}, {what} ({running}): an update never goes back",
                    manifest.version
                ),
            ),
        ));
    }
    Ok(Offer {
        path: path.to_owned(),
        manifest,
        payload_at,
    })
}

/// [`check_with`] against the trusted keys and this program's version.
pub fn check(path: &Path) -> Result<Offer> {
    check_with(path, &trusted_keys(), current_version())
}

/// Every update file in `folder` (not its subfolders), newest version first; a
/// refused one says why.
pub fn scan(folder: &Path) -> Result<Vec<Found>> {
    let entries =
        std::fs::read_dir(folder).map_err(|e| refused(folder, format!("cannot be read ({e})")))?;
    let keys = trusted_keys();
    let mut found: Vec<Found> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == EXTENSION) && p.is_file())
        .map(|path| Found {
            outcome: check_reasoned(&path, &keys, current_version()).map_err(|(reason, e)| {
                Refusal {
                    reason,
                    message: match e {
                        Error::File { message, .. } => message,
                        other => other.to_string(),
                    },
                }
            }),
            path,
        })
        .collect();
    found.sort_by(|a, b| {
        let v = |f: &Found| {
            f.outcome
                .as_ref()
                .ok()
                .and_then(|o| parse_version(&o.manifest.version))
        };
        v(b).cmp(&v(a)).then_with(|| a.path.cmp(&b.path))
    });
    Ok(found)
}

/// The payload of a checked offer, positioned at its first byte.
fn payload(offer: &Offer) -> Result<impl Read> {
    use std::io::{Seek, SeekFrom};
    let mut file = open(&offer.path)?;
    file.seek(SeekFrom::Start(offer.payload_at))
        .map_err(|e| refused(&offer.path, format!("cannot be read ({e})")))?;
    Ok(file)
}
