//! The keys an update may be signed with, and the project's own tools to make one.

use super::{hex, refused, unhex};
use crate::error::{Error, Result};
use ed25519_dalek::{SigningKey, VerifyingKey};
use std::path::Path;

/// The project's public key: `TAVOLO_UPDATE_PUBLIC_KEY` when the program was built
/// (an office building with its own key), else the one in the repository.
fn project_key_text() -> &'static str {
    option_env!("TAVOLO_UPDATE_PUBLIC_KEY")
        .unwrap_or(include_str!("../../assets/update-public-key.txt"))
}

/// Keys an administrator trusts on this computer (root-owned, one per file).
const ADMIN_KEYS: &str = "/etc/tavolo/update-keys";

/// The public key in a text: its one line of 64 hex digits (`#` lines are comments).
pub fn parse_public(text: &str) -> Option<VerifyingKey> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    VerifyingKey::from_bytes(&unhex::<32>(line)?).ok()
}

/// Every key an update may be signed with on this computer.
pub fn trusted_keys() -> Vec<VerifyingKey> {
    let mut keys: Vec<VerifyingKey> = parse_public(project_key_text()).into_iter().collect();
    if let Ok(entries) = std::fs::read_dir(ADMIN_KEYS) {
        for entry in entries.flatten() {
            if let Some(key) = std::fs::read_to_string(entry.path())
                .ok()
                .and_then(|t| parse_public(&t))
            {
                keys.push(key);
            }
        }
    }
    // The tests sign their updates with a key of their own, trusted by debug
    // builds only: a release build never accepts it.
    #[cfg(debug_assertions)]
    keys.extend(parse_public(include_str!(
        "../../tests/fixtures/update-test-public-key.txt"
    )));
    keys
}

/// Makes a new signing key in `path` (never over an existing file; readable by its
/// owner only) and returns its public half, hex, to publish in the program.
pub fn keygen(path: &Path) -> Result<String> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| Error::Internal(format!("no random bytes: {e}")))?;
    let key = SigningKey::from_bytes(&seed);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| {
        refused(
            path,
            format!("cannot be made ({e}); a key is never overwritten"),
        )
    })?;
    std::io::Write::write_all(&mut file, format!("{}\n", hex(&seed)).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| refused(path, format!("cannot be written ({e})")))?;
    Ok(hex(key.verifying_key().as_bytes()))
}

/// The signing key kept in `path` by [`keygen`].
pub fn read_signing_key(path: &Path) -> Result<SigningKey> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| refused(path, format!("cannot be read ({e})")))?;
    unhex::<32>(text.trim())
        .map(|seed| SigningKey::from_bytes(&seed))
        .ok_or_else(|| refused(path, "is not a Tavolo signing key (64 hex digits)"))
}
