//! The change bundle, file format 1: one immutable file per device per sync, the
//! only thing Tavolo writes into a shared folder. Never the `.db` file itself.
//!
//! ```text
//! TAVOLO-BUNDLE\n                 magic line
//! {"format":1,…}\n                the header: one line of JSON (below)
//! <body_bytes bytes>              zstd of {"changes": […], "seen": […]}
//! ```
//!
//! The header says what the file holds before anything else is read: format and
//! schema versions, workspace, device id and name, the device's sequence range,
//! how many changes, the body's size compressed and not, and the SHA-256 of the
//! compressed body. Each change is `[seq, hlc, table, row_id, field, value]`, all
//! of the sending device; a value is JSON `null`, an integer, a string, `{"r": x}`
//! for a real number or `{"b": "hex"}` for bytes. `seen` is what the sending device
//! had applied of others, and when: `[peer, up_to_seq, at_own_seq]` — its changes
//! after `at_own_seq` were written knowing the peer's changes up to `up_to_seq`,
//! which is how a receiver tells a concurrent edit from a later one.
//!
//! Format 2 is format 1 sealed, written by a laptop whose database is encrypted:
//! the same header with one more field, `sealed` (`{"kdf": "pbkdf2-sha256",
//! "rounds": N, "nonce": "hex"}`), and a body that is the format-1 body (zstd of
//! the JSON) encrypted with XChaCha20-Poly1305. Its key is stretched from the
//! workspace's passphrase by PBKDF2-HMAC-SHA256, `rounds` times, salted with the
//! workspace id; the header's workspace, device and sequence range are bound to
//! the body as associated data. The checksum is of the sealed body, so a damaged
//! file is named as damaged before any key is tried; a wrong passphrase is named
//! as such. Counts and sizes stay readable (the "nothing new" path reads only
//! headers); names, notes and every value are not.
//!
//! FROZEN: formats 1 and 2 are read by every later Tavolo. Do not change its fields or
//! their meaning; a new format gets a new number (and `tests/fixtures/` a new
//! bundle). `tests/sync.rs` reads the format-1 fixture.

use std::io::{Read, Write};
use std::path::Path;

use rusqlite::types::Value;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::store::cipher::Passphrase;
use crate::store::Change;
use zeroize::Zeroizing;

/// The first line of every bundle.
pub const MAGIC: &[u8] = b"TAVOLO-BUNDLE\n";
/// The format of a plain bundle.
pub const FORMAT: u32 = 1;
/// The format of a sealed bundle (a laptop with an encrypted database).
pub const FORMAT_SEALED: u32 = 2;
/// PBKDF2 rounds for a sealed bundle's key (once per workspace per process).
const ROUNDS: u32 = 210_000;
/// The file name's extension.
pub const EXTENSION: &str = "tavolo-bundle";
/// A header longer than this is not a header.
const MAX_HEADER: usize = 64 * 1024;
/// The largest body this version accepts, compressed or not (a whole history at
/// the demo's scale 100 is about a tenth of it).
pub const MAX_BODY: u64 = 2 * 1024 * 1024 * 1024;

/// What a bundle says about itself. FROZEN (format 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub format: u32,
    /// The schema version of the database that wrote it.
    pub schema: i64,
    pub workspace: String,
    pub device: String,
    pub device_name: String,
    /// The device's sequence numbers it holds, both included.
    pub from_seq: i64,
    pub to_seq: i64,
    /// How many field changes.
    pub count: u64,
    /// The newest clock value among its changes (held back if far in the future).
    pub max_hlc: String,
    pub body_bytes: u64,
    pub raw_bytes: u64,
    /// SHA-256 of the compressed body, in hex.
    pub sha256: String,
    /// Format 2 only: how the body is sealed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
}

/// How a format-2 body is sealed. FROZEN (format 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sealed {
    /// Always `pbkdf2-sha256`.
    pub kdf: String,
    pub rounds: u32,
    /// XChaCha20-Poly1305's 24-byte nonce, in hex.
    pub nonce: String,
}

/// The workspace, device and range of a header, bound to its sealed body.
fn associated(h: &Header) -> Vec<u8> {
    format!(
        "tavolo-bundle {}\n{}\n{}\n{}\n{}",
        FORMAT_SEALED, h.workspace, h.device, h.from_seq, h.to_seq
    )
    .into_bytes()
}

/// The sealing key of `workspace` under `pass`, stretched once per process.
fn bundle_key(pass: &Passphrase, workspace: &str, rounds: u32) -> Zeroizing<[u8; 32]> {
    type Cached = (Passphrase, String, u32, Zeroizing<[u8; 32]>);
    static KEYS: std::sync::Mutex<Vec<Cached>> = std::sync::Mutex::new(Vec::new());
    let mut keys = KEYS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, _, _, k)) = keys
        .iter()
        .find(|(p, w, r, _)| p.expose() == pass.expose() && w == workspace && *r == rounds)
    {
        return k.clone();
    }
    let mut key = Zeroizing::new([0u8; 32]);
    let salt = format!("tavolo-bundle\n{workspace}");
    pbkdf2::pbkdf2_hmac::<Sha256>(
        pass.expose().as_bytes(),
        salt.as_bytes(),
        rounds,
        key.as_mut(),
    );
    keys.push((pass.clone(), workspace.to_owned(), rounds, key.clone()));
    key
}

fn seal(h: &Header, body: &[u8], pass: &Passphrase) -> Result<(Vec<u8>, Sealed)> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
    let key = bundle_key(pass, &h.workspace, ROUNDS);
    let cipher = chacha20poly1305::XChaCha20Poly1305::new(key.as_ref().into());
    let aad = associated(h);
    let sealed = cipher
        .encrypt(
            (&nonce).into(),
            Payload {
                msg: body,
                aad: &aad,
            },
        )
        .map_err(|_| Error::Internal("the bundle could not be sealed".into()))?;
    Ok((
        sealed,
        Sealed {
            kdf: "pbkdf2-sha256".into(),
            rounds: ROUNDS,
            nonce: hex(&nonce),
        },
    ))
}

fn unseal(
    path: &Path,
    h: &Header,
    sealed: &Sealed,
    body: &[u8],
    pass: &Passphrase,
) -> Result<Vec<u8>> {
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    let nonce = unhex(&sealed.nonce)
        .filter(|n| n.len() == 24)
        .ok_or_else(|| bad(path, "is damaged: its seal cannot be read"))?;
    if sealed.kdf != "pbkdf2-sha256" || sealed.rounds == 0 || sealed.rounds > 10_000_000 {
        return Err(bad(
            path,
            "is sealed in a way this version of Tavolo does not know",
        ));
    }
    let key = bundle_key(pass, &h.workspace, sealed.rounds);
    let cipher = chacha20poly1305::XChaCha20Poly1305::new(key.as_ref().into());
    let aad = associated(h);
    cipher
        .decrypt(
            chacha20poly1305::XNonce::from_slice(&nonce),
            Payload { msg: body, aad: &aad },
        )
        .map_err(|_| Error::Locked {
            path: path.display().to_string(),
            message: "was sealed with another passphrase than this laptop's database (every laptop of a workspace uses the workspace's passphrase)".into(),
        })
}

/// Hex (a blob in the body, a nonce in the header) as bytes.
fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A bundle read and checked: its header, its changes and what its device had
/// seen of others.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    pub header: Header,
    pub changes: Vec<Change>,
    pub seen: Vec<Seen>,
}

/// The sending device had applied `peer`'s changes up to `up_to` when its own
/// sequence stood at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub peer: String,
    pub up_to: i64,
    pub at: i64,
}

/// A change as the body holds it. FROZEN (format 1).
type Wire = (i64, String, String, String, String, serde_json::Value);

/// The body. FROZEN (format 1).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    changes: Vec<Wire>,
    seen: Vec<(String, i64, i64)>,
}

fn value_to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => serde_json::Value::from(*i),
        Value::Real(r) => serde_json::json!({ "r": r }),
        Value::Text(t) => serde_json::Value::from(t.as_str()),
        Value::Blob(b) => {
            serde_json::json!({ "b": hex(b) })
        }
    }
}

fn value_from_json(v: &serde_json::Value) -> Option<Value> {
    Some(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Number(n) => Value::Integer(n.as_i64()?),
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Object(o) if o.len() == 1 => {
            if let Some(r) = o.get("r") {
                Value::Real(r.as_f64()?)
            } else {
                Value::Blob(unhex(o.get("b")?.as_str()?)?)
            }
        }
        _ => return None,
    })
}

/// The header and body of a bundle of `changes` (all of `header.device`, in
/// sequence order); the counts, sizes and checksum are filled in here. With a
/// passphrase the bundle is sealed (format 2).
pub fn encode(
    mut header: Header,
    changes: &[Change],
    seen: &[Seen],
    pass: Option<&Passphrase>,
) -> Result<Vec<u8>> {
    let wire: Vec<Wire> = changes
        .iter()
        .map(|c| {
            (
                c.seq,
                c.hlc.clone(),
                c.table.clone(),
                c.row_id.clone(),
                c.field.clone(),
                value_to_json(&c.value),
            )
        })
        .collect();
    let body = Body {
        changes: wire,
        seen: seen
            .iter()
            .map(|s| (s.peer.clone(), s.up_to, s.at))
            .collect(),
    };
    let raw = serde_json::to_vec(&body).map_err(|e| Error::Internal(e.to_string()))?;
    let mut body =
        zstd::encode_all(raw.as_slice(), 3).map_err(|e| Error::Internal(e.to_string()))?;
    header.format = FORMAT;
    header.sealed = None;
    if let Some(p) = pass {
        header.format = FORMAT_SEALED;
        let (sealed, how) = seal(&header, &body, p)?;
        body = sealed;
        header.sealed = Some(how);
    }
    header.count = changes.len() as u64;
    header.raw_bytes = raw.len() as u64;
    header.body_bytes = body.len() as u64;
    header.sha256 = hex_digest(&body);
    let mut out = Vec::with_capacity(body.len() + 512);
    out.extend_from_slice(MAGIC);
    serde_json::to_writer(&mut out, &header).map_err(|e| Error::Internal(e.to_string()))?;
    out.push(b'\n');
    out.extend_from_slice(&body);
    Ok(out)
}

fn hex_digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes as lower-case hex (blobs in the body, the checksum in the header).
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The problem with a file, as one line naming it.
fn bad(path: &Path, message: impl Into<String>) -> Error {
    Error::File {
        path: path.display().to_string(),
        message: message.into(),
    }
}

/// Reads only the header (the fast path of "nothing new": no body is read).
pub fn read_header(path: &Path) -> Result<Header> {
    let mut file =
        std::fs::File::open(path).map_err(|e| bad(path, format!("cannot be read ({e})")))?;
    let mut start = vec![0u8; MAX_HEADER + MAGIC.len()];
    let mut filled = 0;
    while filled < start.len() {
        match file.read(&mut start[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) => return Err(bad(path, format!("cannot be read ({e})"))),
        }
    }
    start.truncate(filled);
    parse_header(path, &start).map(|(h, _)| h)
}

/// The header, and where the body starts.
fn parse_header(path: &Path, bytes: &[u8]) -> Result<(Header, usize)> {
    if !bytes.starts_with(MAGIC) {
        return Err(bad(path, "is not a Tavolo change bundle"));
    }
    let rest = &bytes[MAGIC.len()..];
    let end = rest
        .iter()
        .take(MAX_HEADER)
        .position(|b| *b == b'\n')
        .ok_or_else(|| bad(path, "is cut short or damaged: its header does not end"))?;
    let line = &rest[..end];
    // The format number first, so a newer format is named as such.
    let format = serde_json::from_slice::<serde_json::Value>(line)
        .ok()
        .and_then(|v| v.get("format").and_then(serde_json::Value::as_u64))
        .ok_or_else(|| bad(path, "is damaged: its header cannot be read"))?;
    if format != u64::from(FORMAT) && format != u64::from(FORMAT_SEALED) {
        return Err(bad(
            path,
            format!(
                "is in bundle format {format}, which this version of Tavolo does not know (it reads formats {FORMAT} and {FORMAT_SEALED}): update Tavolo on this laptop"
            ),
        ));
    }
    let header: Header = serde_json::from_slice(line)
        .map_err(|e| bad(path, format!("is damaged: its header is not valid ({e})")))?;
    if (header.format == FORMAT_SEALED) != header.sealed.is_some() {
        return Err(bad(
            path,
            "is damaged: its header's format and seal disagree",
        ));
    }
    if header.from_seq < 1 || header.to_seq < header.from_seq {
        return Err(bad(
            path,
            "is damaged: its sequence range is empty or negative",
        ));
    }
    if header.body_bytes > MAX_BODY || header.raw_bytes > MAX_BODY {
        return Err(bad(
            path,
            format!(
                "claims a body of {} bytes ({} uncompressed), more than the {} this version accepts",
                header.body_bytes, header.raw_bytes, MAX_BODY
            ),
        ));
    }
    Ok((header, MAGIC.len() + end + 1))
}

/// Reads and checks a whole bundle: header, size, checksum, body (unsealed with
/// `pass`, this laptop's passphrase, when it is sealed). Nothing is applied
/// here; a file that fails any check is refused whole.
pub fn read(path: &Path, pass: Option<&Passphrase>) -> Result<Bundle> {
    let size = std::fs::metadata(path)
        .map_err(|e| bad(path, format!("cannot be read ({e})")))?
        .len();
    let header = read_header(path)?;
    // The sizes are checked against the file before anything is allocated, so a
    // header that claims a gigabyte costs nothing.
    let mut file =
        std::fs::File::open(path).map_err(|e| bad(path, format!("cannot be read ({e})")))?;
    let mut bytes = Vec::new();
    Read::by_ref(&mut file)
        .take(MAX_BODY + MAX_HEADER as u64 + 64)
        .read_to_end(&mut bytes)
        .map_err(|e| bad(path, format!("cannot be read ({e})")))?;
    let (_, body_at) = parse_header(path, &bytes)?;
    let held = size.saturating_sub(body_at as u64);
    if held != header.body_bytes {
        return Err(bad(
            path,
            format!(
                "is cut short or damaged: its header claims {} bytes of changes, the file holds {held}",
                header.body_bytes
            ),
        ));
    }
    let body = &bytes[body_at..];
    if hex_digest(body) != header.sha256 {
        return Err(bad(
            path,
            "is damaged: its checksum does not match its contents",
        ));
    }
    let opened;
    let body = match (&header.sealed, pass) {
        (None, _) => body,
        (Some(how), Some(p)) => {
            opened = unseal(path, &header, how, body, p)?;
            opened.as_slice()
        }
        (Some(_), None) => {
            return Err(Error::Locked {
                path: path.display().to_string(),
                message: "is sealed with the workspace's passphrase, and this laptop's database is not encrypted: encrypt it with that passphrase (`tavolo encrypt`) to read it".into(),
            })
        }
    };
    let mut raw = Vec::new();
    zstd::Decoder::new(body)
        .map_err(|e| {
            bad(
                path,
                format!("is damaged: its changes cannot be read ({e})"),
            )
        })?
        .take(header.raw_bytes + 1)
        .read_to_end(&mut raw)
        .map_err(|e| {
            bad(
                path,
                format!("is damaged: its changes cannot be read ({e})"),
            )
        })?;
    if raw.len() as u64 != header.raw_bytes {
        return Err(bad(
            path,
            "is damaged: its changes are not the size its header says",
        ));
    }
    let Body {
        changes: wire,
        seen,
    } = serde_json::from_slice(&raw)
        .map_err(|e| bad(path, format!("is damaged: its changes are not valid ({e})")))?;
    if wire.len() as u64 != header.count {
        return Err(bad(
            path,
            "is damaged: it holds another number of changes than its header says",
        ));
    }
    let mut changes = Vec::with_capacity(wire.len());
    for (i, (seq, hlc, table, row_id, field, value)) in wire.into_iter().enumerate() {
        if seq < header.from_seq || seq > header.to_seq {
            return Err(bad(
                path,
                format!(
                    "change {}: sequence {seq} is outside the file's range",
                    i + 1
                ),
            ));
        }
        let value = value_from_json(&value).ok_or_else(|| {
            bad(
                path,
                format!(
                    "change {}: the value of {table}.{field} is not a value Tavolo writes",
                    i + 1
                ),
            )
        })?;
        changes.push(Change {
            device: header.device.clone(),
            seq,
            hlc,
            table,
            row_id,
            field,
            value,
        });
    }
    let seen = seen
        .into_iter()
        .map(|(peer, up_to, at)| Seen { peer, up_to, at })
        .collect();
    Ok(Bundle {
        header,
        changes,
        seen,
    })
}

/// Writes `bytes` to `path` through a temporary name in the same folder, synced
/// and renamed: a reader never sees half a bundle.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::formats::files::with_temp(path, |tmp| {
        let mut f = std::fs::File::create(tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })
}
