//! The packages the lead region's app keeps (`federation_packages`, synced
//! between its laptops like every record): one row per package, its id the
//! package's digest, so one sent twice is one row; of one region the latest
//! package is kept, an older one is said and left out.

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::Connection;

use super::merge::{combine, Merged};
use super::{read, Package, Payload};
use crate::error::{Error, Result};
use crate::store::schema::FEDERATION_PACKAGES;
use crate::store::WriteTx;

/// What importing one package did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Added,
    /// It replaced an older package of its region.
    Replaced,
    /// The same package was already here.
    Duplicate,
    /// A later package of its region is already here; this one is left out.
    Older,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Added => "added",
            Outcome::Replaced => "replaced",
            Outcome::Duplicate => "duplicate",
            Outcome::Older => "older",
        }
    }
}

/// Reads and checks the package at `path` (format, version, signature), then
/// keeps it.
pub fn import(tx: &mut WriteTx<'_>, path: &Path) -> Result<(Package, Outcome)> {
    let package = read(path)?;
    let here: bool = tx.conn().query_row(
        "SELECT count(*) FROM federation_packages WHERE id = ?1 AND deleted = 0",
        [&package.digest],
        |r| r.get(0),
    )?;
    if here {
        return Ok((package, Outcome::Duplicate));
    }
    let same_region: Vec<(String, String)> = tx
        .conn()
        .prepare("SELECT id, made_at FROM federation_packages WHERE region = ?1 AND deleted = 0")?
        .query_map([&package.payload.region], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut outcome = Outcome::Added;
    for (digest, made_at) in &same_region {
        if made_at >= &package.payload.made_at {
            return Ok((package, Outcome::Older));
        }
        tx.delete(&FEDERATION_PACKAGES, digest)?;
        outcome = Outcome::Replaced;
    }
    let body = serde_json::to_string(&package.payload)
        .map_err(|e| Error::Internal(format!("the package's payload: {e}")))?;
    tx.insert_or_revive(
        &FEDERATION_PACKAGES,
        &package.digest,
        &[
            ("region", Value::Text(package.payload.region.clone())),
            ("signer", Value::Text(package.signer.clone())),
            ("made_at", Value::Text(package.payload.made_at.clone())),
            ("body", Value::Text(body.clone())),
        ],
        &[("body", Value::Text(body))],
    )?;
    Ok((package, outcome))
}

/// The packages kept, by region.
pub fn kept(conn: &Connection) -> Result<Vec<Package>> {
    let rows: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT id, signer, body FROM federation_packages WHERE deleted = 0
             ORDER BY region, made_at",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(digest, signer, body)| {
            let payload: Payload = serde_json::from_str(&body)
                .map_err(|e| Error::Internal(format!("a kept package cannot be read back: {e}")))?;
            Ok(Package {
                payload,
                signer,
                digest,
            })
        })
        .collect()
}

/// Takes a region's package out of the comparison.
pub fn remove(tx: &mut WriteTx<'_>, digest: &str) -> Result<()> {
    crate::validate::reference(tx.conn(), "digest", &FEDERATION_PACKAGES, digest)?;
    tx.delete(&FEDERATION_PACKAGES, digest)
}

/// The kept packages side by side.
pub fn side_by_side(conn: &Connection) -> Result<Merged> {
    Ok(line_up(kept(conn)?))
}

/// Packages already read (kept ones) side by side, each named by its region.
pub fn line_up(packages: Vec<Package>) -> Merged {
    combine(
        packages
            .into_iter()
            .map(|p| {
                (
                    PathBuf::from(format!("{}.tavolo-indicators", p.payload.region)),
                    p,
                )
            })
            .collect(),
    )
}
