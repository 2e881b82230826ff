//! The sync state of this laptop: the workspace, this device, the peers seen and the
//! bundles held back.

use crate::error::Result;
use crate::store::Store;
use crate::sync::identity::device_name;

/// A device this laptop has received changes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub device: String,
    pub name: String,
    pub last_seq: i64,
    pub last_at_ms: i64,
}

/// A bundle held back, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub file: String,
    pub device: String,
    /// "wait", "schema" or "clock".
    pub kind: String,
    pub reason: String,
}

/// The sync state of this laptop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub workspace: Option<String>,
    pub device: String,
    pub device_name: String,
    pub peers: Vec<Peer>,
    pub held: Vec<Held>,
}

pub fn status(store: &Store) -> Result<Status> {
    let device = store.device().to_owned();
    store.read(|c| {
        let mut stmt = c.prepare(
            "SELECT device, name, last_seq, last_at_ms FROM sync_peers ORDER BY name, device",
        )?;
        let peers = stmt
            .query_map([], |r| {
                Ok(Peer {
                    device: r.get(0)?,
                    name: r.get(1)?,
                    last_seq: r.get(2)?,
                    last_at_ms: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt =
            c.prepare("SELECT file, device, kind, reason FROM sync_held ORDER BY file")?;
        let held = stmt
            .query_map([], |r| {
                Ok(Held {
                    file: r.get(0)?,
                    device: r.get(1)?,
                    kind: r.get(2)?,
                    reason: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Status {
            workspace: crate::sync::identity::workspace(c)?,
            device,
            device_name: device_name(c)?,
            peers,
            held,
        })
    })
}
