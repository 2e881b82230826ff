//! The coverage matrix: provinces and regions × sectors, organisations in a
//! municipality or district counted in its province; zero is a gap.

use crate::error::Result;
use crate::vocabulary::Sector;
use rusqlite::Connection;
use std::collections::HashMap;

/// One row of the coverage matrix: a province (or a region, for organisations
/// placed at regional level) and the number of active organisations per sector,
/// in the order of `Sector::ALL`. A zero is a gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRow {
    pub territory_id: String,
    pub territory: String,
    pub counts: Vec<usize>,
}

/// The coverage matrix: every province and region × every sector.
pub fn coverage(conn: &Connection) -> Result<Vec<CoverageRow>> {
    // Each organisation rolled up to its province (municipalities and districts sit
    // under one), or kept at its region or province.
    let mut stmt = conn.prepare(
        "SELECT CASE WHEN t.kind IN ('municipality', 'district') THEN t.parent_id ELSE t.id END,
                o.sectors
         FROM organisations o JOIN territories t ON t.id = o.territory_id
         WHERE o.deleted = 0 AND o.archived = 0",
    )?;
    let mut counts: HashMap<String, Vec<usize>> = HashMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (territory, sectors) = row?;
        let Some(territory) = territory else { continue };
        let entry = counts
            .entry(territory)
            .or_insert_with(|| vec![0; Sector::ALL.len()]);
        for code in sectors.split_whitespace() {
            if let Some(i) = Sector::ALL.iter().position(|s| s.code() == code) {
                entry[i] += 1;
            }
        }
    }
    let mut stmt = conn.prepare(
        "SELECT t.id, t.name FROM territories t LEFT JOIN territories r ON r.id = t.parent_id
         WHERE t.deleted = 0 AND t.kind IN ('region', 'province')
         ORDER BY coalesce(r.name, t.name), t.kind = 'province', t.name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (id, name) = row?;
        let counts = counts
            .remove(&id)
            .unwrap_or_else(|| vec![0; Sector::ALL.len()]);
        out.push(CoverageRow {
            territory_id: id,
            territory: name,
            counts,
        });
    }
    Ok(out)
}
