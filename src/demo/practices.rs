//! The demo's good practices, their review, and an intervention to evaluate: a
//! practice promoted from each of three good-practice notes of different
//! territories, one run by a foreign partner (Valencia), the panel's scores by
//! two reviewers, and the "Sportello lavoro" run in Potenza, Palermo and Bari
//! from 2024-Q1, measured quarter by quarter from 2022 against four comparison
//! municipalities.

use rusqlite::OptionalExtension;

use super::Ids;
use crate::error::{Error, Result};
use crate::evaluation::{self, NewIntervention, OutcomeValue};
use crate::practices::{self, review, NewPractice};
use crate::store::WriteTx;
use crate::vocabulary::{Criterion, PracticeStatus, Sector, TargetGroup};

fn one(tx: &WriteTx<'_>, sql: &str, param: &str) -> Result<String> {
    tx.conn()
        .query_row(sql, [param], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::Internal(format!("demo: nothing found for {param}")))
}

fn municipality(tx: &WriteTx<'_>, name: &str) -> Result<String> {
    one(
        tx,
        "SELECT id FROM territories WHERE kind = 'municipality' AND name = ?1 AND deleted = 0
         ORDER BY id LIMIT 1",
        name,
    )
}

/// Scores (1 to 5) of the two reviewers, criterion by criterion, per practice.
const SCORES: [[[i64; 5]; 2]; 4] = [
    [[4, 4, 3, 3, 5], [5, 4, 4, 3, 4]],
    [[3, 5, 4, 4, 5], [4, 4, 4, 5, 5]],
    [[4, 3, 2, 3, 3], [3, 3, 4, 2, 3]],
    [[5, 4, 4, 4, 4], [4, 5, 3, 4, 5]],
];

/// 2024-05-06T08:00:00Z.
const SCORED_FROM_MS: i64 = 1_714_982_400_000;

pub(super) fn fill(tx: &mut WriteTx<'_>, ids: &mut Ids) -> Result<()> {
    let notes: Vec<String> = {
        let mut stmt = tx.conn().prepare(
            "SELECT min(n.id) FROM notes n JOIN meetings m ON m.id = n.meeting_id
             WHERE n.kind = 'good_practice' AND n.deleted = 0
             GROUP BY m.territory_id ORDER BY 1 LIMIT 3",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut practice_ids = Vec::new();
    for note in &notes {
        practice_ids.push(practices::promote(tx, note)?.id);
    }
    let valencia = one(
        tx,
        "SELECT id FROM organisations WHERE name LIKE ?1 AND deleted = 0 ORDER BY id LIMIT 1",
        "Ayuntamiento de Valencia%",
    )?;
    let foreign = NewPractice {
        title: "Mentoría social: cittadini volontari accompagnano le famiglie appena arrivate"
            .into(),
        summary: "Coppie di volontari formati affiancano per sei mesi una famiglia \
                  rifugiata: casa, scuola dei figli, primo lavoro, lingua."
            .into(),
        country: Some("ES".into()),
        foreign_region: Some("Comunitat Valenciana".into()),
        sectors: vec![Sector::SocialServices, Sector::Housing],
        targets: vec![TargetGroup::Families, TargetGroup::AsylumSeekers],
        period_from: Some("2019-01-01".into()),
        period_to: Some("2023-12-31".into()),
        cost_eur: Some(180_000),
        funding: Some("FAMI / fondi municipali".into()),
        evidence: "Rapporto di valutazione 2023: 214 famiglie accompagnate, 71 % con un \
                   contratto di affitto proprio a un anno."
            .into(),
        organisation_ids: vec![valencia],
        ..NewPractice::default()
    };
    let foreign_id = ids.next("practice:valencia");
    practice_ids.push(practices::create_as(tx, &foreign_id, &foreign)?.id);
    // Two reviewers from two regions: the first two public operators of the register.
    let reviewers: Vec<String> = {
        let mut stmt = tx.conn().prepare(
            "SELECT id FROM people WHERE is_public_operator = 1 AND deleted = 0 ORDER BY id LIMIT 2",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (p, practice) in practice_ids.iter().enumerate() {
        for (r, reviewer) in reviewers.iter().enumerate() {
            for (c, criterion) in Criterion::ALL.iter().enumerate() {
                // The last practice's second reviewer has not scored yet: one
                // review in progress.
                if p == 2 && r == 1 && c >= 3 {
                    continue;
                }
                // Scored in the days after the last demo meeting (May 2024).
                let at = SCORED_FROM_MS + ((p * 10 + r * 5 + c) as i64) * 3_600_000;
                review::score_at(
                    tx,
                    practice,
                    reviewer,
                    *criterion,
                    (SCORES[p][r][c], ""),
                    at,
                )?;
            }
        }
    }
    if let Some(first) = practice_ids.first() {
        let p = practices::get(tx.conn(), first)?;
        if p.status != PracticeStatus::Reviewed {
            return Err(Error::Internal(
                "demo: the first practice is not reviewed".into(),
            ));
        }
    }
    intervention(tx, ids)
}

fn intervention(tx: &mut WriteTx<'_>, ids: &mut Ids) -> Result<()> {
    let treated = ["Potenza", "Palermo", "Bari"]
        .iter()
        .map(|n| municipality(tx, n))
        .collect::<Result<Vec<_>>>()?;
    let comparison = ["Matera", "Catania", "Agrigento", "Melfi"]
        .iter()
        .map(|n| municipality(tx, n))
        .collect::<Result<Vec<_>>>()?;
    let new = NewIntervention {
        title: "Sportello lavoro per i titolari di protezione".into(),
        description: "Orientamento, bilancio di competenze e tirocini con le imprese del \
                      territorio, aperto dal Comune con il Centro per l'impiego."
            .into(),
        start_period: "2024-Q1".into(),
        treated: treated.clone(),
        comparison: comparison.clone(),
    };
    let id = ids.next("intervention:sportello-lavoro");
    evaluation::create_as(tx, &id, &new)?;
    // 16 quarters, 2022-Q1 to 2025-Q4: a common trend, a level per territory, a
    // slope and a wobble of its own, and from 2024-Q1 three to eight more
    // placements a quarter where the service runs.
    for (u, territory) in treated.iter().chain(&comparison).enumerate() {
        let is_treated = u < treated.len();
        for q in 0..16_i64 {
            let period = format!("{}-Q{}", 2022 + q / 4, q % 4 + 1);
            let wobble = ((u as i64 * 7 + q * q * 3) % 7 - 3) as f64;
            let effect = if is_treated && q >= 8 {
                3.0 + 2.5 * u as f64 + (q - 8) as f64 * 0.25
            } else {
                0.0
            };
            let slope = 0.6 + 0.15 * ((u * 3) % 5) as f64;
            let placements = 10.0 + 3.0 * u as f64 + slope * q as f64 + wobble + effect;
            let reached =
                40.0 + 9.0 * u as f64 + 2.5 * slope * q as f64 + 2.0 * wobble + 2.5 * effect;
            for (indicator, value) in [
                ("Inserimenti lavorativi", placements),
                ("Persone raggiunte", reached),
            ] {
                evaluation::record(
                    tx,
                    &id,
                    &OutcomeValue {
                        indicator: indicator.into(),
                        territory_id: territory.clone(),
                        period: period.clone(),
                        value,
                    },
                )?;
            }
        }
    }
    Ok(())
}
