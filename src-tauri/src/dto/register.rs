//! The register's types: territories, organisations, people, relationships,
//! look-alikes and merges, the import's preview and report.

use serde::{Deserialize, Serialize};
use tavolo::vocabulary as v;
use ts_rs::TS;

use tavolo::register::organisations::Organisation;
use tavolo::register::territories::Territory;

use super::blank;
use super::meetings::MeetingDto;

#[derive(Debug, Clone, Serialize, TS)]
pub struct TerritoryDto {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub parent_id: Option<String>,
}

impl From<Territory> for TerritoryDto {
    fn from(t: Territory) -> Self {
        TerritoryDto {
            id: t.id,
            kind: t.kind.code().to_owned(),
            name: t.name,
            parent_id: t.parent_id,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OrganisationDto {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: String,
    pub is_public: bool,
    pub level: String,
    pub sectors: Vec<String>,
    pub territory_id: Option<String>,
    pub territory_name: Option<String>,
    pub country: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
    pub address: Option<String>,
    pub tags: Vec<String>,
    pub influence: Option<u8>,
    pub interest: Option<u8>,
    pub archived: bool,
}

impl From<Organisation> for OrganisationDto {
    fn from(o: Organisation) -> Self {
        OrganisationDto {
            id: o.id,
            name: o.name,
            short_name: o.short_name,
            kind: o.kind.code().to_owned(),
            is_public: o.is_public,
            level: o.level.code().to_owned(),
            sectors: o.sectors.iter().map(|s| s.code().to_owned()).collect(),
            territory_id: o.territory_id,
            territory_name: o.territory_name,
            country: o.country,
            email: o.email,
            phone: o.phone,
            notes: o.notes,
            address: o.address,
            tags: o.tags,
            influence: o.influence,
            interest: o.interest,
            archived: o.archived,
        }
    }
}

/// The create form's fields, as typed.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewOrganisationDto {
    pub name: String,
    pub short_name: Option<String>,
    pub kind: String,
    pub is_public: Option<bool>,
    pub level: String,
    pub sectors: Vec<String>,
    pub territory_id: Option<String>,
    pub country: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
    pub address: Option<String>,
    /// Free tags, separated by commas or spaces.
    pub tags: String,
    pub influence: Option<u8>,
    pub interest: Option<u8>,
}

impl NewOrganisationDto {
    /// Converts to the core's input; unknown codes become errors naming the field.
    pub fn into_core(self) -> tavolo::Result<tavolo::register::organisations::NewOrganisation> {
        Ok(tavolo::register::organisations::NewOrganisation {
            name: self.name,
            short_name: self.short_name,
            kind: v::OrgKind::parse("kind", &self.kind)?,
            is_public: self.is_public,
            level: v::Level::parse("level", &self.level)?,
            sectors: self
                .sectors
                .iter()
                .map(|s| v::Sector::parse("sectors", s))
                .collect::<tavolo::Result<_>>()?,
            territory_id: self.territory_id.filter(|t| !t.is_empty()),
            country: self.country,
            email: self.email,
            phone: self.phone,
            notes: self.notes,
            address: blank(self.address),
            tags: tavolo::register::organisations::tags_typed(&self.tags),
            influence: self.influence,
            interest: self.interest,
        })
    }
}

/// A person found by the check-in search.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PersonDto {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub organisation_name: Option<String>,
    pub role: Option<String>,
    pub organisation_id: Option<String>,
    pub category: Option<String>,
    pub is_public_operator: bool,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: Vec<String>,
    pub needs_interpreter: bool,
}

impl From<tavolo::register::people::Person> for PersonDto {
    fn from(p: tavolo::register::people::Person) -> Self {
        PersonDto {
            id: p.id,
            given_name: p.given_name,
            family_name: p.family_name,
            organisation_name: p.organisation_name,
            role: p.role,
            organisation_id: p.organisation_id,
            category: p.category.map(|c| c.code().to_owned()),
            is_public_operator: p.is_public_operator,
            email: p.email,
            phone: p.phone,
            languages: p.languages,
            needs_interpreter: p.needs_interpreter,
        }
    }
}

/// The people list's search, filters and order ("" for "any").
#[derive(Debug, Clone, Deserialize, TS)]
pub struct PeopleFilterDto {
    pub search: String,
    pub category: String,
    /// "public", "private" or "".
    pub operator: String,
    pub needs_interpreter: bool,
    pub language: String,
    /// "name", "organisation" or "category".
    pub sort: String,
    pub descending: bool,
}

impl PeopleFilterDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::register::people::ListFilter> {
        use tavolo::register::people::SortBy;
        Ok(tavolo::register::people::ListFilter {
            search: self.search,
            category: blank(Some(self.category))
                .map(|c| v::OperatorCategory::parse("category", &c))
                .transpose()?,
            public_operator: tavolo::register::people::operator_filter("operator", &self.operator)?,
            needs_interpreter: self.needs_interpreter,
            language: blank(Some(self.language)),
            sort: SortBy::parse("sort", &self.sort)?,
            descending: self.descending,
        })
    }
}

/// A relationship as the organisation page lists it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RelationshipDto {
    pub id: String,
    pub kind: String,
    pub from_org_id: Option<String>,
    pub from_person_id: Option<String>,
    pub from_name: String,
    pub to_org_id: String,
    pub to_name: String,
    pub strength: u8,
    pub since: Option<String>,
    pub until: Option<String>,
}

impl From<tavolo::register::relationships::Relationship> for RelationshipDto {
    fn from(r: tavolo::register::relationships::Relationship) -> Self {
        let (from_org_id, from_person_id) = match r.from {
            tavolo::register::relationships::Source::Organisation(o) => (Some(o), None),
            tavolo::register::relationships::Source::Person(p) => (None, Some(p)),
        };
        RelationshipDto {
            id: r.id,
            kind: r.kind.code().to_owned(),
            from_org_id,
            from_person_id,
            from_name: r.from_name,
            to_org_id: r.to_org_id,
            to_name: r.to_name,
            strength: r.strength,
            since: r.since,
            until: r.until,
        }
    }
}

/// A new link from an organisation or a person to an organisation.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewRelationshipDto {
    pub kind: String,
    pub from_org_id: Option<String>,
    pub from_person_id: Option<String>,
    pub to_org_id: String,
    pub strength: u8,
    pub since: Option<String>,
    pub notes: String,
}

impl NewRelationshipDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::register::relationships::NewRelationship> {
        let from = match (
            self.from_person_id.filter(|p| !p.is_empty()),
            self.from_org_id.filter(|o| !o.is_empty()),
        ) {
            (Some(p), _) => tavolo::register::relationships::Source::Person(p),
            (None, Some(o)) => tavolo::register::relationships::Source::Organisation(o),
            (None, None) => {
                return Err(tavolo::Error::invalid(
                    "from_org_id",
                    tavolo::Problem::Required,
                ))
            }
        };
        Ok(tavolo::register::relationships::NewRelationship {
            kind: v::RelationKind::parse("kind", &self.kind)?,
            from,
            to_org_id: self.to_org_id,
            strength: self.strength,
            since: self.since.filter(|s| !s.trim().is_empty()),
            until: None,
            notes: self.notes,
        })
    }
}

/// A person added to an organisation from its page.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewPersonDto {
    pub given_name: String,
    pub family_name: String,
    pub organisation_id: Option<String>,
    pub role: Option<String>,
    pub category: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// Languages spoken, separated by commas.
    pub languages: String,
    pub needs_interpreter: bool,
}

impl NewPersonDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::register::people::NewPerson> {
        Ok(tavolo::register::people::NewPerson {
            given_name: self.given_name,
            family_name: self.family_name,
            organisation_id: blank(self.organisation_id),
            role: blank(self.role),
            category: blank(self.category)
                .map(|c| v::OperatorCategory::parse("category", &c))
                .transpose()?,
            is_public_operator: None,
            email: blank(self.email),
            phone: blank(self.phone),
            languages: tavolo::register::people::languages_typed(&self.languages),
            needs_interpreter: self.needs_interpreter,
        })
    }
}

/// Everything the organisation page shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OrganisationDetailDto {
    pub organisation: OrganisationDto,
    pub people: Vec<PersonDto>,
    pub relationships: Vec<RelationshipDto>,
    pub meetings: Vec<MeetingDto>,
}

/// The register list's search, filters and order, as the page holds them ("" for
/// "any").
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct OrgListFilterDto {
    pub search: String,
    pub kind: String,
    pub level: String,
    pub sector: String,
    pub territory_id: String,
    /// The territory as a cell of the coverage matrix counts it (not the
    /// provinces under a region).
    pub territory_as_coverage: bool,
    pub tag: String,
    /// "active", "archived" or "" (both).
    pub archived: String,
    /// "name", "kind", "level" or "territory".
    pub sort: String,
    pub descending: bool,
}

impl OrgListFilterDto {
    pub fn into_core(self) -> tavolo::Result<tavolo::register::organisations::ListFilter> {
        use tavolo::register::organisations::SortBy;
        let some = |s: String| (!s.trim().is_empty()).then_some(s);
        Ok(tavolo::register::organisations::ListFilter {
            search: self.search,
            kind: some(self.kind)
                .map(|k| v::OrgKind::parse("kind", &k))
                .transpose()?,
            level: some(self.level)
                .map(|l| v::Level::parse("level", &l))
                .transpose()?,
            sector: some(self.sector)
                .map(|x| v::Sector::parse("sector", &x))
                .transpose()?,
            territory_id: some(self.territory_id),
            territory_as_coverage: self.territory_as_coverage,
            tag: some(self.tag),
            archived: tavolo::register::organisations::archived_filter("archived", &self.archived)?,
            sort: SortBy::parse("sort", &self.sort)?,
            descending: self.descending,
        })
    }
}

/// An organisation that looks like the one being typed: "same" (the same name once
/// case, accents, punctuation and "di/del/della" are set aside) or "similar".
#[derive(Debug, Clone, Serialize, TS)]
pub struct SimilarDto {
    pub likeness: String,
    pub organisation: OrganisationDto,
}

/// What a merge changed.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MergedDto {
    pub references_moved: u32,
    pub duplicates_removed: u32,
    pub fields_filled: u32,
}

impl From<tavolo::register::duplicates::Merged> for MergedDto {
    fn from(m: tavolo::register::duplicates::Merged) -> Self {
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        MergedDto {
            references_moved: n(m.references_moved),
            duplicates_removed: n(m.duplicates_removed),
            fields_filled: n(m.fields_filled),
        }
    }
}

/// The import's mapping step: the sheet read, its header and first rows, and the
/// field proposed for each column (a field code, or null: not imported).
#[derive(Debug, Clone, Serialize, TS)]
pub struct RegisterPreviewDto {
    pub file_name: String,
    pub sheets: Vec<String>,
    pub sheet: String,
    pub header_row: u32,
    pub headers: Vec<String>,
    /// The first rows, each with its spreadsheet row number first.
    pub sample: Vec<Vec<String>>,
    pub rows: u32,
    pub empty_rows: u32,
    pub merged_cells: u32,
    pub mapping: Vec<Option<String>>,
    /// The fields a column can hold, in the order the form lists them.
    pub fields: Vec<String>,
}

/// A remark on an imported row (codes translated by the page).
#[derive(Debug, Clone, Serialize, TS)]
pub struct RemarkDto {
    pub code: String,
    pub value: String,
    pub field: Option<String>,
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RowReportDto {
    pub row: u32,
    /// "imported", "merged" or "rejected".
    pub outcome: String,
    pub name: String,
    pub id: Option<String>,
    pub remarks: Vec<RemarkDto>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportReportDto {
    pub rows: Vec<RowReportDto>,
    pub imported: u32,
    pub merged: u32,
    pub rejected: u32,
    pub empty_rows: u32,
    pub merged_cells: u32,
    /// True when nothing was written (the preview of the result).
    pub dry_run: bool,
}

impl ImportReportDto {
    pub fn new(r: tavolo::formats::register_import::Report, dry_run: bool) -> Self {
        use tavolo::formats::register_import::Outcome;
        let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        ImportReportDto {
            rows: r
                .rows
                .into_iter()
                .map(|row| RowReportDto {
                    row: n(row.row),
                    outcome: match row.outcome {
                        Outcome::Imported => "imported",
                        Outcome::Merged => "merged",
                        Outcome::Rejected => "rejected",
                    }
                    .to_owned(),
                    name: row.name,
                    id: row.id,
                    remarks: row
                        .remarks
                        .into_iter()
                        .map(|m| RemarkDto {
                            code: m.code.to_owned(),
                            value: m.value,
                            field: m.field,
                            problem: m.problem,
                        })
                        .collect(),
                })
                .collect(),
            imported: n(r.imported),
            merged: n(r.merged),
            rejected: n(r.rejected),
            empty_rows: n(r.empty_rows),
            merged_cells: n(r.merged_cells),
            dry_run,
        }
    }
}
