//! The first screen's answers, given to the page with the page itself.
//!
//! The page's first calls wait for the webview: on WebKitGTK the register's first
//! list arrived 100–130 ms after the page asked for it, while the core answers it
//! in under a millisecond (the start-up bench's marks, ARCHITECTURE.md). So the
//! app computes, as it starts, what the first screen asks for (whether the
//! database can be used, the workspace's counts, the territories, the register's
//! first page) and hands it to the page in an initialization script; the page
//! takes each answer once, in place of its call (`ui/src/lib/first.ts`), and asks
//! the commands for everything after. A reload of the page (after a recovery)
//! finds nothing: the script gives the answers only to the first page of the
//! window's session.

use std::path::Path;

use serde::Serialize;
use tavolo::store::recovery;
use tavolo::Store;

use crate::dto::recovery::RecoveryStatusDto;
use crate::dto::register::{OrgListFilterDto, OrganisationDto, TerritoryDto};
use crate::dto::workspace::WorkspaceStatus;

/// The register's list as the page first shows it: no search, no filter, by name.
fn first_filter() -> OrgListFilterDto {
    OrgListFilterDto {
        search: String::new(),
        kind: String::new(),
        level: String::new(),
        sector: String::new(),
        territory_id: String::new(),
        territory_as_coverage: false,
        tag: String::new(),
        archived: String::new(),
        sort: "name".into(),
        descending: false,
    }
}

/// The register's first page: as many as the page asks for.
const FIRST_PAGE: u32 = 500;

/// What the first screen asks for; an answer that could not be made is left out
/// (the page then asks for it as usual).
#[derive(Serialize)]
struct FirstScreen {
    recovery: Option<RecoveryStatusDto>,
    workspace: Option<WorkspaceStatus>,
    territories: Option<Vec<TerritoryDto>>,
    organisations: Option<FirstPage>,
}

/// The register's first page and the question it answers.
#[derive(Serialize)]
struct FirstPage {
    filter: OrgListFilterDto,
    limit: u32,
    rows: Vec<OrganisationDto>,
}

fn answers(store: Option<&Store>, problem: Option<recovery::Problem>, db: &Path) -> FirstScreen {
    let recovery = super::recovery::status_of(problem, db).ok();
    let Some(store) = store else {
        return FirstScreen {
            recovery,
            workspace: None,
            territories: None,
            organisations: None,
        };
    };
    let filter = first_filter();
    FirstScreen {
        recovery,
        workspace: super::workspace::status_of(store).ok(),
        territories: super::register::territories_of(store).ok(),
        organisations: super::register::organisations_of(store, filter.clone(), FIRST_PAGE)
            .ok()
            .map(|rows| FirstPage {
                filter,
                limit: FIRST_PAGE,
                rows,
            }),
    }
}

/// The initialization script that gives the page the first screen's answers:
/// `window.__TAVOLO_FIRST__`, once per session of the window.
pub fn script(store: Option<&Store>, problem: Option<recovery::Problem>, db: &Path) -> String {
    let json =
        serde_json::to_string(&answers(store, problem, db)).unwrap_or_else(|_| "null".into());
    // The JSON as a string literal, parsed by the page: no value of it can be
    // read as code.
    let literal = serde_json::to_string(&json).unwrap_or_else(|_| "\"null\"".into());
    format!(
        "try {{ if (sessionStorage.getItem('tavolo.first') === null) {{ \
         sessionStorage.setItem('tavolo.first', '1'); \
         window.__TAVOLO_FIRST__ = JSON.parse({literal}); }} }} catch (e) {{}}"
    )
}
