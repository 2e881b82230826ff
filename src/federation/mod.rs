//! The five regions side by side (seed 001: five regions under one lead that
//! compares them). Each region exports an indicators package: aggregates only —
//! the indicators in total, by territory, theme, year, organisation type,
//! operator category, and the counts of notes, actions and practices — with no
//! name, no id, no e-mail or phone, and every count from 1 to 4 written "< 5"
//! (with a second cell hidden where one hidden cell could be worked out from the
//! others). The package is signed with this laptop's Ed25519 key, so the lead
//! region can tell who sent it and that nobody changed it on the way; [`merge`]
//! reads the packages and puts the regions side by side.
//!
//! The file is JSON: `{"format": "tavolo-indicators", "version": 1, "payload":
//! "<the aggregates, as a JSON text>", "signer": "<public key, hex>",
//! "signature": "<Ed25519 signature of the payload's bytes, hex>"}`. The payload
//! is carried as text so the signed bytes are exactly the bytes read back.

pub mod aggregate;
pub mod kept;
pub mod merge;

use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::formats::files::write_atomically;
use crate::store::local::local_value;
use crate::store::Store;

pub use aggregate::{Cell, Row};

/// The file's format name and the version this Tavolo writes and reads.
pub const FORMAT: &str = "tavolo-indicators";
pub const VERSION: u32 = 1;

/// This laptop's signing key (32 bytes, hex) in `local_meta`: never replicated.
const SIGNING_KEY: &str = "federation_signing_key";

/// What a package says, once its signature holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    pub region: String,
    /// RFC 3339, UTC.
    pub made_at: String,
    /// The Tavolo that made it ("tavolo 0.1.0").
    pub made_by: String,
    pub rows: Vec<Row>,
}

#[derive(Serialize, Deserialize)]
struct File {
    format: String,
    version: u32,
    payload: String,
    signer: String,
    signature: String,
}

/// A package read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    pub payload: Payload,
    /// The signer's public key, hex.
    pub signer: String,
    /// SHA-256 of the payload, hex: one package sent twice has one digest.
    pub digest: String,
}

impl Package {
    /// The first 16 hex digits of the signer's key, as people compare it by phone.
    pub fn fingerprint(&self) -> String {
        fingerprint(&self.signer)
    }
}

pub fn fingerprint(signer: &str) -> String {
    signer
        .as_bytes()
        .chunks(4)
        .take(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// This laptop's signing key, made at its first package.
fn signing_key(store: &mut Store) -> Result<SigningKey> {
    if let Some(seed) = store.read(|c| local_value(c, SIGNING_KEY))? {
        return unhex::<32>(&seed)
            .map(|s| SigningKey::from_bytes(&s))
            .ok_or_else(|| Error::Internal("the stored signing key is not 32 bytes".into()));
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| Error::Internal(format!("no random bytes: {e}")))?;
    store.set_local_value(SIGNING_KEY, &hex(&seed))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// This laptop's public key, hex (what the lead region sees as the signer).
pub fn public_key(store: &mut Store) -> Result<String> {
    Ok(hex(signing_key(store)?.verifying_key().as_bytes()))
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub region: String,
    pub rows: usize,
    pub suppressed: usize,
    pub signer: String,
}

/// Writes the indicators package of `region` to `path`, atomically. When the
/// workspace holds a region of that name, the package covers that region only;
/// otherwise it covers the whole workspace under that name. Without a name, the
/// workspace's only region is taken (an error names the choice when there are
/// several).
pub fn export(store: &mut Store, region: Option<&str>, path: &Path) -> Result<Exported> {
    let key = signing_key(store)?;
    let (region, rows) = store.read(|c| aggregate::aggregate(c, region))?;
    let payload = Payload {
        region: region.clone(),
        made_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        made_by: format!("tavolo {}", env!("CARGO_PKG_VERSION")),
        rows,
    };
    let text = serde_json::to_string(&payload).map_err(|e| Error::Internal(e.to_string()))?;
    let signature = key.sign(text.as_bytes());
    let file = File {
        format: FORMAT.into(),
        version: VERSION,
        payload: text,
        signer: hex(key.verifying_key().as_bytes()),
        signature: hex(&signature.to_bytes()),
    };
    let bytes = serde_json::to_vec_pretty(&file).map_err(|e| Error::Internal(e.to_string()))?;
    write_atomically(path, &bytes)?;
    Ok(Exported {
        region,
        rows: payload.rows.len(),
        suppressed: payload
            .rows
            .iter()
            .filter(|r| r.value == Cell::Suppressed)
            .count(),
        signer: file.signer,
    })
}

/// Reads and checks a package: its format, its version, its signature.
pub fn read(path: &Path) -> Result<Package> {
    let shown = path.display().to_string();
    let bad = |message: String| Error::File {
        path: shown.clone(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let file: File = serde_json::from_slice(&bytes)
        .map_err(|e| bad(format!("is not a Tavolo indicators package ({e})")))?;
    if file.format != FORMAT {
        return Err(bad(format!(
            "is a '{}' file, not a Tavolo indicators package",
            file.format
        )));
    }
    if file.version > VERSION {
        return Err(bad(format!(
            "was made by a newer Tavolo (package version {}; this Tavolo reads version {VERSION}): update Tavolo to read it",
            file.version
        )));
    }
    let key = unhex::<32>(&file.signer)
        .and_then(|k| VerifyingKey::from_bytes(&k).ok())
        .ok_or_else(|| bad("has no valid signer key".into()))?;
    let signature = unhex::<64>(&file.signature)
        .map(|s| Signature::from_bytes(&s))
        .ok_or_else(|| bad("has no valid signature".into()))?;
    key.verify(file.payload.as_bytes(), &signature).map_err(|_| {
        bad("was changed after it was signed (the signature does not match): ask the region to send it again".into())
    })?;
    let payload: Payload = serde_json::from_str(&file.payload)
        .map_err(|e| bad(format!("has a signed payload Tavolo cannot read ({e})")))?;
    Ok(Package {
        payload,
        signer: file.signer,
        digest: hex(&Sha256::digest(file.payload.as_bytes())),
    })
}
