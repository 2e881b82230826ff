//! Sync between laptops: the state, what a sync brought, the conflicts.

use serde::Serialize;
use ts_rs::TS;

use tavolo::sync::conflicts::Value;

use super::indicators::CountDto;

#[derive(Debug, Clone, Serialize, TS)]
pub struct PeerDto {
    pub device: String,
    pub name: String,
    pub last_seq: f64,
    /// When this laptop last applied its changes (milliseconds since the epoch).
    pub last_at_ms: f64,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct HeldDto {
    pub file: String,
    /// The device whose bundle it is ("" when the bundle could not say).
    pub device: String,
    /// "wait", "schema" or "clock" (a clock far ahead: it can be accepted).
    pub kind: String,
    pub reason: String,
}

/// The "Sincronizza" screen's state.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncStatusDto {
    pub workspace: Option<String>,
    pub device: String,
    pub device_name: String,
    /// The shared folder chosen on this laptop.
    pub folder: Option<String>,
    pub peers: Vec<PeerDto>,
    pub held: Vec<HeldDto>,
    pub conflicts: u32,
}

impl SyncStatusDto {
    pub fn new(
        s: tavolo::sync::Status,
        folder: Option<std::path::PathBuf>,
        conflicts: usize,
    ) -> Self {
        SyncStatusDto {
            workspace: s.workspace,
            device: s.device,
            device_name: s.device_name,
            folder: folder.map(|f| f.display().to_string()),
            peers: s
                .peers
                .into_iter()
                .map(|p| PeerDto {
                    device: p.device,
                    name: p.name,
                    last_seq: p.last_seq as f64,
                    last_at_ms: p.last_at_ms as f64,
                })
                .collect(),
            held: s
                .held
                .into_iter()
                .map(|h| HeldDto {
                    file: h.file,
                    device: h.device,
                    kind: h.kind,
                    reason: h.reason,
                })
                .collect(),
            conflicts: u32::try_from(conflicts).unwrap_or(u32::MAX),
        }
    }
}

/// How far a sync has got (the `sync-progress` event): field changes applied of
/// those to apply.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncProgressDto {
    pub done: u32,
    pub total: u32,
}

/// What one sync did: the bundle written, what arrived, what was held back.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SyncReportDto {
    pub written: Option<String>,
    pub written_changes: u32,
    pub bundles: u32,
    pub changes: u32,
    /// Records changed, per table.
    pub records: Vec<CountDto>,
    pub held: Vec<HeldDto>,
}

impl SyncReportDto {
    pub fn new(exported: Option<tavolo::sync::Exported>, arrived: tavolo::sync::Arrived) -> Self {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        SyncReportDto {
            written_changes: n(exported.as_ref().map_or(0, |e| e.changes)),
            written: exported.map(|e| e.file.display().to_string()),
            bundles: n(arrived.bundles),
            changes: n(arrived.changes),
            records: arrived
                .records
                .into_iter()
                .map(|(key, count)| CountDto {
                    key,
                    count: n(count),
                })
                .collect(),
            held: arrived
                .held
                .into_iter()
                .map(|(file, reason)| HeldDto {
                    file: file.display().to_string(),
                    device: String::new(),
                    kind: String::new(),
                    reason,
                })
                .collect(),
        }
    }
}

/// A text changed on two laptops apart, side by side.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ConflictDto {
    pub id: String,
    pub table: String,
    pub field: String,
    pub row_id: String,
    /// The text the row shows now.
    pub kept: String,
    pub other: String,
    /// Whether the kept text, or the other, was written on this laptop.
    pub kept_is_mine: bool,
    pub other_is_mine: bool,
}

/// A value of the log as the page shows it.
fn text(v: &Value) -> String {
    match v {
        Value::Text(t) => t.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Real(r) => r.to_string(),
        _ => String::new(),
    }
}

impl ConflictDto {
    pub fn new(k: tavolo::sync::conflicts::Conflict, me: &str) -> Self {
        ConflictDto {
            kept: text(&k.kept.value),
            other: text(&k.other.value),
            kept_is_mine: k.kept.device == me,
            other_is_mine: k.other.device == me,
            id: k.id,
            table: k.table,
            field: k.field,
            row_id: k.row_id,
        }
    }
}
