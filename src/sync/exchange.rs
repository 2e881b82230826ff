//! Exchanging changes through files: this laptop's new changes written as a
//! bundle into a folder (a USB stick, a Syncthing or Nextcloud folder), bundles
//! of other devices applied in any order, and what the exchange reports.
//!
//! Tavolo writes only its own new files into a folder and never edits or removes
//! a file another device wrote, so a file-sync engine never sees a conflict.

use crate::sync::check::{check_changes, field_types};
use crate::sync::lock::lock;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::{params, OptionalExtension};

use crate::error::{Error, Result};
use crate::store::clock::{Clock, SystemClock};
use crate::store::local::local_value;
use crate::store::log;
use crate::store::schema::VERSION;
use crate::store::{Change, Store};
use crate::sync::bundle::{self, Bundle, Header, Seen, EXTENSION};
use crate::sync::conflicts;
use crate::sync::identity::{admit, device_name, workspace_of};

/// How many field changes one transaction of a sync applies: about 20 ms here, so
/// a note typed meanwhile waits at most that long. (Larger batches while nobody
/// typed did not apply faster — 16.2 s for the demo at scale 100 either way — and
/// made a note wait up to a whole batch.)
const BATCH: usize = 2_000;

/// The end of the batch of `changes` (in sequence order) that starts at `start`:
/// about `size` changes, never cut inside one write of the sender (a row is
/// created whole).
fn batch_end(changes: &[Change], start: usize, size: usize) -> usize {
    let mut end = (start + size).min(changes.len());
    while end < changes.len() && end > start && changes[end].seq == changes[end - 1].seq {
        end += 1;
    }
    end
}

/// A bundle whose clock is this much ahead of the receiver's is held back.
pub const MAX_CLOCK_AHEAD_MS: u64 = 24 * 60 * 60 * 1000;

/// A bundle written by [`export_to`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub file: PathBuf,
    pub changes: usize,
}

/// What an import brought in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arrived {
    /// Bundles applied now.
    pub bundles: usize,
    /// Field changes new to this database.
    pub changes: usize,
    /// Records changed, per table (organisations, notes, attendance …).
    pub records: BTreeMap<String, usize>,
    /// Bundles read but held back, with the reason.
    pub held: Vec<(PathBuf, String)>,
}

/// The file name of a bundle: workspace, device and sequence range.
pub fn file_name(h: &Header) -> String {
    format!(
        "tavolo_{}_{}_{:010}-{:010}.{EXTENSION}",
        h.workspace, h.device, h.from_seq, h.to_seq
    )
}

/// The workspace, device and range a bundle's file name says (None: not a bundle).
fn parse_name(name: &str) -> Option<(String, String, i64, i64)> {
    let stem = name
        .strip_prefix("tavolo_")?
        .strip_suffix(&format!(".{EXTENSION}"))?;
    let mut parts = stem.split('_');
    let (workspace, device, range) = (parts.next()?, parts.next()?, parts.next()?);
    let (from, to) = range.split_once('-')?;
    Some((
        workspace.to_owned(),
        device.to_owned(),
        from.parse().ok()?,
        to.parse().ok()?,
    ))
}

/// The bundles in a folder, by name (other files are left alone).
fn bundles_in(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::File {
        path: dir.display().to_string(),
        message: format!("cannot be read ({e})"),
    })?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::File {
            path: dir.display().to_string(),
            message: format!("cannot be read ({e})"),
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if parse_name(&name).is_some() {
            out.push(entry.path());
        }
    }
    out.sort();
    Ok(out)
}

/// Writes this laptop's changes that `dir` does not hold yet as one bundle and
/// returns it; `None` when there is nothing new.
pub fn export_to(store: &mut Store, dir: &Path) -> Result<Option<Exported>> {
    let _lock = lock(store)?;
    let listing = bundles_in(dir)?;
    export_locked(store, dir, &listing)
}

/// Writes the bundle; `listing` is the folder's bundles, read once by the caller.
fn export_locked(store: &mut Store, dir: &Path, listing: &[PathBuf]) -> Result<Option<Exported>> {
    let workspace = workspace_of(store)?;
    let device = store.device().to_owned();
    let held = listing
        .iter()
        .filter_map(|p| parse_name(&p.file_name()?.to_string_lossy()))
        .filter(|(w, d, _, _)| *w == workspace && *d == device)
        .map(|(_, _, _, to)| to)
        .max()
        .unwrap_or(0);
    let (changes, seen, name) = store.read(|c| {
        let mut stmt = c.prepare(log::ENTRIES_SINCE)?;
        let rows = stmt.query_map(params![device, held], Change::from_row)?;
        let changes = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = c.prepare(
            "SELECT peer, up_to, at_seq FROM sync_seen WHERE device = ?1 ORDER BY peer, up_to",
        )?;
        let seen = stmt
            .query_map([&device], |r| {
                Ok(Seen {
                    peer: r.get(0)?,
                    up_to: r.get(1)?,
                    at: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((changes, seen, device_name(c)?))
    })?;
    let seen = compact_seen(seen, changes.first().map_or(0, |c| c.seq));
    let (Some(first), Some(last)) = (changes.first(), changes.last()) else {
        return Ok(None);
    };
    let header = Header {
        format: bundle::FORMAT,
        schema: VERSION,
        workspace,
        device,
        device_name: name,
        from_seq: first.seq,
        to_seq: last.seq,
        count: 0,
        max_hlc: changes
            .iter()
            .map(|c| c.hlc.as_str())
            .max()
            .unwrap_or_default()
            .to_owned(),
        body_bytes: 0,
        raw_bytes: 0,
        sha256: String::new(),
        sealed: None,
    };
    let file = dir.join(file_name(&header));
    bundle::write(
        &file,
        &bundle::encode(header, &changes, &seen, store.passphrase())?,
    )?;
    Ok(Some(Exported {
        file,
        changes: changes.len(),
    }))
}

/// What a bundle starting at `from` needs to say of what its device had seen:
/// per peer, the last entry before `from` (the receiver has the earlier ones, from
/// this device's earlier bundles, applied in order) and every entry since. A
/// laptop that syncs every few minutes would otherwise send its whole history of
/// syncs in every bundle. (`up_to` only grows with `at` for a peer.)
fn compact_seen(seen: Vec<Seen>, from: i64) -> Vec<Seen> {
    let mut before: BTreeMap<String, Seen> = BTreeMap::new();
    let mut since = Vec::new();
    for s in seen {
        if s.at >= from {
            since.push(s);
        } else if before.get(&s.peer).is_none_or(|b| s.up_to > b.up_to) {
            before.insert(s.peer.clone(), s);
        }
    }
    let mut out: Vec<Seen> = before.into_values().collect();
    out.extend(since);
    out
}

/// A bundle waiting its turn.
struct Pending {
    path: PathBuf,
    bundle: Bundle,
}

/// Applies bundles, in any order: each device's are applied in sequence, a bundle
/// after a gap waits (held) for the one before it; a bundle already applied
/// changes nothing. Every file is read and checked before anything is applied,
/// so one bad file leaves the database as it was.
pub fn import(store: &mut Store, files: &[PathBuf]) -> Result<Arrived> {
    import_with_clock(store, files, &SystemClock)
}

/// [`import`] with the clock that judges how far ahead a bundle is (tests).
pub fn import_with_clock(
    store: &mut Store,
    files: &[PathBuf],
    clock: &dyn Clock,
) -> Result<Arrived> {
    let _lock = lock(store)?;
    import_locked(store, files, clock, &|_, _| {})
}

/// How far an import has got: field changes applied of those to apply, reported
/// after every batch (the app's progress bar on a large bundle).
struct Tally<'a> {
    report: &'a dyn Fn(usize, usize),
    done: usize,
    total: usize,
}

impl Tally<'_> {
    fn add(&mut self, n: usize) {
        self.done += n;
        (self.report)(self.done.min(self.total), self.total);
    }
}

fn import_locked(
    store: &mut Store,
    files: &[PathBuf],
    clock: &dyn Clock,
    progress: &dyn Fn(usize, usize),
) -> Result<Arrived> {
    let me = store.device().to_owned();
    let applied: HashMap<String, i64> = store.read(|c| {
        let mut stmt = c.prepare("SELECT device, last_seq FROM sync_peers")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })?;
    let types = store.read(field_types)?;
    let own: i64 =
        store.read(|c| Ok(c.query_row(log::LAST_SEQ_OF_DEVICE, [&me], |r| r.get(0))?))?;
    let mut pending = Vec::new();
    let mut copies = false;
    for path in files {
        // A bundle's name says whose changes it holds and up to where: one applied
        // before is passed over without opening it ("nothing new" stays fast).
        let named = path
            .file_name()
            .and_then(|n| parse_name(&n.to_string_lossy()));
        if let Some((_, device, _, to)) = &named {
            let done = if *device == me {
                own
            } else {
                applied.get(device).copied().unwrap_or(0)
            };
            if done >= *to {
                continue;
            }
        }
        let header = bundle::read_header(path)?;
        if header.device == me && header.to_seq <= own {
            continue; // this laptop's own bundle, read back from the folder
        }
        if applied.get(&header.device).copied().unwrap_or(0) >= header.to_seq {
            continue; // applied before: the fast path reads no body
        }
        let bundle = bundle::read(path, store.passphrase())?;
        check_changes(path, &bundle.changes, &types)?;
        // Changes under this laptop's own id that it never wrote: another copy of
        // this database (copied before copies were told apart) writes as it.
        copies |= header.device == me;
        pending.push(Pending {
            path: path.clone(),
            bundle,
        });
    }
    for p in &pending {
        admit(
            store,
            &p.bundle.header.workspace,
            &p.path.display().to_string(),
        )?;
    }
    if copies {
        diverged(store, &pending, own)?;
        store.rekey()?;
    }
    pending.sort_by(|a, b| {
        (&a.bundle.header.device, a.bundle.header.from_seq)
            .cmp(&(&b.bundle.header.device, b.bundle.header.from_seq))
    });
    let now = clock.now_millis();
    let mut tally = Tally {
        report: progress,
        done: 0,
        // What is new to this laptop: a bundle may also carry changes applied before.
        total: pending
            .iter()
            .map(|p| {
                let done = applied.get(&p.bundle.header.device).copied().unwrap_or(0);
                p.bundle.changes.iter().filter(|c| c.seq > done).count()
            })
            .sum(),
    };
    let mut arrived = Arrived::default();
    let mut last: HashMap<String, i64> = applied;
    // Bundles apply in rounds: one whose changes were written knowing changes this
    // laptop does not hold yet (an edit of a row whose creation is in another
    // device's bundle still on its way) waits until a later round, or a later sync.
    let mut queue: Vec<Pending> = pending;
    loop {
        let mut waiting = Vec::new();
        let mut progressed = false;
        for p in queue {
            match readiness(store, &p, &last, now)? {
                Readiness::Done => {}
                Readiness::Wait(reason) => waiting.push((p, reason)),
                Readiness::Hold(kind, reason) => {
                    hold(store, &p.path, &p.bundle.header.device, kind, &reason, now)?;
                    arrived.held.push((p.path.clone(), reason));
                }
                Readiness::Ready => {
                    apply_one(store, p, &mut last, now, &mut arrived, &mut tally)?;
                    progressed = true;
                }
            }
        }
        if !progressed || waiting.is_empty() {
            for (p, reason) in waiting {
                hold(
                    store,
                    &p.path,
                    &p.bundle.header.device,
                    "wait",
                    &reason,
                    now,
                )?;
                arrived.held.push((p.path.clone(), reason));
            }
            break;
        }
        queue = waiting.into_iter().map(|(p, _)| p).collect();
    }
    // What arrived may be an erasure, or old values of someone erased; with
    // nothing new, a rewrite of the file owed since an earlier one is tried again.
    if arrived.changes > 0 {
        crate::privacy::erasure::reapply(store)?;
    } else {
        crate::privacy::erasure::settle(store)?;
    }
    Ok(arrived)
}

/// Whether a bundle can be applied now.
enum Readiness {
    /// Applied before: nothing to do.
    Done,
    Ready,
    /// Not yet: it needs changes that may arrive later in this import.
    Wait(String),
    /// Held back whatever arrives: a newer schema (`"schema"`), a clock far ahead
    /// (`"clock"`, until accepted).
    Hold(&'static str, String),
}

fn readiness(
    store: &Store,
    p: &Pending,
    last: &HashMap<String, i64>,
    now: u64,
) -> Result<Readiness> {
    let h = &p.bundle.header;
    let done = last.get(&h.device).copied().unwrap_or(0);
    if h.to_seq <= done {
        return Ok(Readiness::Done);
    }
    if h.schema > VERSION {
        return Ok(Readiness::Hold(
            "schema",
            format!(
                "was written by a newer Tavolo (schema {}; this laptop has schema {VERSION}): update Tavolo on this laptop",
                h.schema
            ),
        ));
    }
    let accepted = store
        .read(|c| local_value(c, &accepted_key(&h.device)))?
        .is_some();
    if let Some(reason) = clock_ahead(h, now).filter(|_| !accepted) {
        return Ok(Readiness::Hold("clock", reason));
    }
    if h.from_seq > done + 1 {
        return Ok(Readiness::Wait(format!(
            "waits for the changes {}–{} of {} ({}), which have not arrived yet",
            done + 1,
            h.from_seq - 1,
            h.device_name,
            h.device
        )));
    }
    // What the sender knew when it wrote these changes, this laptop must hold.
    let mut needed: BTreeMap<&str, i64> = BTreeMap::new();
    for s in p.bundle.seen.iter().filter(|s| s.at < h.to_seq) {
        let n = needed.entry(s.peer.as_str()).or_insert(0);
        *n = (*n).max(s.up_to);
    }
    for (peer, up_to) in needed {
        let held = match last.get(peer) {
            Some(n) => *n,
            None => store.read(|c| {
                Ok(c.query_row(log::LAST_SEQ_OF_DEVICE, [peer], |r| r.get::<_, i64>(0))?)
            })?,
        };
        if held < up_to {
            return Ok(Readiness::Wait(format!(
                "{} wrote these changes knowing changes {}–{up_to} of device {peer}, which have not arrived yet",
                h.device_name,
                held + 1
            )));
        }
    }
    Ok(Readiness::Ready)
}

/// Applies one bundle whose turn it is, in batches (see below).
fn apply_one(
    store: &mut Store,
    p: Pending,
    last: &mut HashMap<String, i64>,
    now: u64,
    arrived: &mut Arrived,
    tally: &mut Tally<'_>,
) -> Result<()> {
    let me = store.device().to_owned();
    let h = &p.bundle.header;
    let done = last.get(&h.device).copied().unwrap_or(0);
    let fresh: Vec<Change> = p
        .bundle
        .changes
        .into_iter()
        .filter(|c| c.seq > done)
        .collect();
    // Records changed per table, counted on borrowed names (a first sync has
    // hundreds of thousands of changes).
    let mut distinct: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
    let mut records: BTreeMap<String, usize> = BTreeMap::new();
    for c in &fresh {
        if distinct.insert((c.table.as_str(), c.row_id.as_str())) {
            *records.entry(c.table.clone()).or_default() += 1;
        }
    }
    drop(distinct);
    let (device, name, to_seq, file) = (
        h.device.clone(),
        h.device_name.clone(),
        h.to_seq,
        p.path.display().to_string(),
    );
    let seen = p.bundle.seen;
    // Applied in batches, each its own transaction, yielding to people's writes in
    // between: a note typed while a large bundle arrives is saved at once. A crash
    // between batches leaves the bundle unmarked; the next sync applies it again,
    // and what is already in the log is skipped.
    // Into an empty database (a laptop joining) the whole history goes at once
    // (`Store::apply_into_empty`): far faster, and there is nothing to type into.
    let mut joining = done == 0 && store.read(crate::store::join::log_is_empty)?;
    let mut n = 0;
    let (mut start, mut i) = (0, 0);
    loop {
        crate::store::yield_to_writers(std::time::Duration::from_secs(2));
        let end = if joining {
            fresh.len()
        } else {
            batch_end(&fresh, start, BATCH)
        };
        let batch = &fresh[start..end];
        let last_batch = end == fresh.len();
        let apply = |store: &mut Store, whole: bool| {
            let before = |c: &rusqlite::Connection| {
                if i == 0 {
                    // What the sender had seen of others first: it decides which of
                    // its edits were made knowing this laptop's.
                    for s in &seen {
                        c.execute(
                            "INSERT OR IGNORE INTO sync_seen (device, peer, up_to, at_seq) VALUES (?1, ?2, ?3, ?4)",
                            params![device, s.peer, s.up_to, s.at],
                        )?;
                    }
                }
                conflicts::detect(c, batch)
            };
            let after = |c: &rusqlite::Connection, found: Vec<conflicts::Conflict>| {
                conflicts::record(c, &found, batch)?;
                if !last_batch {
                    return Ok(());
                }
                c.execute(
                    "INSERT INTO sync_peers (device, name, last_seq, last_at_ms) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (device) DO UPDATE SET name = excluded.name, last_seq = excluded.last_seq,
                       last_at_ms = excluded.last_at_ms",
                    params![device, name, to_seq, i64::try_from(now).unwrap_or(i64::MAX)],
                )?;
                c.execute("DELETE FROM sync_held WHERE file = ?1", [&file])?;
                // From here on, this laptop's changes know the sender's up to to_seq.
                let at: i64 = c.query_row(log::LAST_SEQ_OF_DEVICE, [&me], |r| r.get(0))?;
                c.execute(
                    "INSERT OR IGNORE INTO sync_seen (device, peer, up_to, at_seq)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![me, device, to_seq, at],
                )?;
                Ok(())
            };
            if whole {
                let (report, base, total) = (tally.report, tally.done, tally.total);
                let progress = |k: usize| report((base + k).min(total), total);
                store.apply_into_empty(batch, &progress, before, after)
            } else {
                store.apply_changes_and(batch, before, after).map(Some)
            }
        };
        // Batches before the last need not wait for the disk: after a power cut
        // the bundle is still unmarked and is applied again. The last one's commit
        // waits, and with it everything before it.
        let outcome = if last_batch {
            apply(store, joining)?
        } else {
            store.with_lazy_commits(|s| apply(s, false))?
        };
        let Some((applied, ())) = outcome else {
            // Someone wrote into the database since it was found empty.
            joining = false;
            continue;
        };
        n += applied;
        tally.add(batch.len());
        if last_batch {
            break;
        }
        start = end;
        i += 1;
    }
    last.insert(device, to_seq);
    arrived.bundles += 1;
    arrived.changes += n;
    for (table, n) in records {
        *arrived.records.entry(table).or_default() += n;
    }
    Ok(())
}

/// Bundles of another copy of this database, written under this laptop's old
/// device id: those whose changes up to this laptop's own last sequence are this
/// laptop's own (a shared history, then theirs) apply once this laptop takes a
/// new id; one that wrote other changes under the same sequence numbers cannot
/// be applied without losing some, and is refused naming the file.
fn diverged(store: &Store, pending: &[Pending], own: i64) -> Result<()> {
    let me = store.device().to_owned();
    store.read(|conn| {
        let mut stmt = conn.prepare_cached(
            "SELECT hlc FROM change_log WHERE device = ?1 AND seq = ?2 AND field = ?3",
        )?;
        for p in pending.iter().filter(|p| p.bundle.header.device == me) {
            for c in p.bundle.changes.iter().filter(|c| c.seq <= own) {
                let mine: Option<String> = stmt
                    .query_row(params![me, c.seq, c.field], |r| r.get(0))
                    .optional()?;
                if mine.as_deref() != Some(c.hlc.as_str()) {
                    return Err(Error::File {
                        path: p.path.display().to_string(),
                        message: "was written by another copy of this database under the same device id, with other changes: it cannot be applied without losing some; import it into a new, empty database instead".into(),
                    });
                }
            }
        }
        Ok(())
    })
}

/// The `local_meta` key that says this laptop accepted a device's clock.
fn accepted_key(device: &str) -> String {
    format!("clock_accepted:{device}")
}

/// Accepts the clock of a device whose bundles were held back for being far
/// ahead: someone checked that laptop and wants its changes. The next sync
/// applies them. An error names a device with nothing held back for its clock.
pub fn accept_clock(store: &mut Store, device: &str) -> Result<()> {
    let held: i64 = store.read(|c| {
        Ok(c.query_row(
            "SELECT count(*) FROM sync_held WHERE device = ?1 AND kind = 'clock'",
            [device],
            |r| r.get(0),
        )?)
    })?;
    if held == 0 {
        return Err(Error::NotFound {
            entity: "bundle held back for its clock, of device",
            id: device.to_owned(),
        });
    }
    store.set_local_value(&accepted_key(device), "1")
}

/// The reason to hold a bundle whose clock is more than a day ahead of ours.
fn clock_ahead(h: &Header, now: u64) -> Option<String> {
    let stamped: u64 = h.max_hlc.parse::<crate::store::clock::Hlc>().ok()?.millis;
    if stamped <= now.saturating_add(MAX_CLOCK_AHEAD_MS) {
        return None;
    }
    let hours = (stamped - now) / 3_600_000;
    Some(format!(
        "{} ({}) stamped its changes {hours} hours ahead of this laptop's clock: check the date and time on that laptop",
        h.device_name, h.device
    ))
}

fn hold(
    store: &mut Store,
    path: &Path,
    device: &str,
    kind: &str,
    reason: &str,
    now: u64,
) -> Result<()> {
    store.with_local_tx(|c| {
        c.execute(
            "INSERT INTO sync_held (file, device, kind, reason, at_ms) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (file) DO UPDATE SET kind = excluded.kind, reason = excluded.reason,
               at_ms = excluded.at_ms",
            params![
                path.display().to_string(),
                device,
                kind,
                reason,
                i64::try_from(now).unwrap_or(i64::MAX)
            ],
        )?;
        Ok(())
    })
}

/// Both ways through one folder: this laptop's new bundle written, every other
/// device's bundle not applied yet applied.
pub fn folder(store: &mut Store, dir: &Path) -> Result<(Option<Exported>, Arrived)> {
    folder_with_progress(store, dir, &|_, _| {})
}

/// [`folder`], reporting `(changes applied, changes to apply)` after every batch.
pub fn folder_with_progress(
    store: &mut Store,
    dir: &Path,
    progress: &dyn Fn(usize, usize),
) -> Result<(Option<Exported>, Arrived)> {
    let _lock = lock(store)?;
    let files = bundles_in(dir)?;
    let arrived = import_locked(store, &files, &SystemClock, progress)?;
    // The folder as read before the import: it holds only this laptop's bundles
    // it already had, and other devices' (ours are found by name).
    let exported = export_locked(store, dir, &files)?;
    Ok((exported, arrived))
}
