//! One row of the file into the register: an organisation or a person imported,
//! merged into the record with the same name, or rejected with the reason.

use super::mapping::Field;
use super::words::{
    category_from_words, items, kind_from_words, level_from_words, score, sector_from_words,
    territory_of, usual_level, yes_no,
};
use super::{Outcome, Remark, RowReport};
use crate::error::{Error, Result};
use crate::register::duplicates::{self, Likeness, OrganisationIndex, PeopleIndex};
use crate::register::organisations::{self, NewOrganisation};
use crate::register::people::{self, NewPerson};
use crate::store::schema::{ORGANISATIONS, PEOPLE};
use crate::store::WriteTx;
use crate::text::{clean, fold};
use crate::vocabulary::OrgKind;
use std::collections::HashMap;

/// The register as the import goes: what was there, plus what it has added.
pub(super) struct Known {
    pub(super) organisations: OrganisationIndex,
    pub(super) people: PeopleIndex,
    pub(super) add_unknown_organisations: bool,
}

pub(super) fn organisation_row(
    tx: &mut WriteTx<'_>,
    values: &HashMap<Field, String>,
    territories: &HashMap<String, String>,
    known: &mut Known,
    report: &mut RowReport,
) -> Result<()> {
    let get = |f: Field| values.get(&f).map(String::as_str);
    let name = get(Field::Name).and_then(clean).unwrap_or_default();
    report.name = name.clone();
    if name.is_empty() {
        return Err(Error::invalid("name", crate::error::Problem::Required));
    }
    let mut note = |code: &'static str, value: &str| report.remarks.push(Remark::new(code, value));
    let kind = match get(Field::Kind) {
        Some(k) => kind_from_words(k).unwrap_or_else(|| {
            let guessed = kind_from_words(&name);
            note("kind_unknown", k);
            guessed.unwrap_or(OrgKind::Other)
        }),
        None => kind_from_words(&name).unwrap_or(OrgKind::Other),
    };
    let level = match get(Field::Level) {
        Some(l) => level_from_words(l).unwrap_or_else(|| {
            note("level_unknown", l);
            usual_level(kind)
        }),
        None => usual_level(kind),
    };
    let is_public = get(Field::Public).and_then(|p| {
        let v = yes_no(p);
        if v.is_none() {
            note("public_unknown", p);
        }
        v
    });
    let mut sectors = Vec::new();
    for item in get(Field::Sectors).map(items).unwrap_or_default() {
        match sector_from_words(&item) {
            Some(s) => sectors.push(s),
            None => note("sector_unknown", &item),
        }
    }
    let territory_id = get(Field::Territory).and_then(|t| {
        let id = territory_of(t, territories);
        if id.is_none() {
            note("territory_unknown", t);
        }
        id
    });
    let country = get(Field::Country).and_then(|c| {
        let c = c.trim();
        if c.len() == 2 && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
            Some(c.to_ascii_uppercase())
        } else if fold(c) == "italia" || fold(c) == "italy" {
            Some("IT".into())
        } else {
            note("country_bad", c);
            None
        }
    });
    let email = get(Field::Email).and_then(|e| {
        let first = items(e).into_iter().next().unwrap_or_default();
        match crate::validate::email("email", Some(&first)) {
            Ok(v) => v,
            Err(_) => {
                note("email_bad", e);
                None
            }
        }
    });
    let mut scored = |f: Field, code: &'static str| {
        get(f).and_then(|s| match score(s) {
            Some(v) => Some(v),
            None => {
                note(code, s);
                None
            }
        })
    };
    let influence = scored(Field::Influence, "influence_bad");
    let interest = scored(Field::Interest, "interest_bad");
    let new = NewOrganisation {
        name: name.clone(),
        short_name: get(Field::ShortName).map(str::to_owned),
        kind,
        is_public,
        level,
        sectors,
        territory_id,
        country,
        email,
        phone: get(Field::Phone).and_then(|p| match crate::validate::phone("phone", Some(p)) {
            Ok(v) => v,
            Err(_) => {
                note("phone_bad", p);
                None
            }
        }),
        notes: get(Field::Notes).unwrap_or_default().to_owned(),
        address: get(Field::Address).map(str::to_owned),
        tags: get(Field::Tags)
            .map(|t| t.split([',', ';', ' ']).map(str::to_owned).collect())
            .unwrap_or_default(),
        influence,
        interest,
    };

    let found = known.organisations.find(&name, None, 1).into_iter().next();
    let found = match found {
        Some((l, id)) => Some((l, organisations::get(tx.conn(), &id)?)),
        None => None,
    };
    match found {
        Some((Likeness::Same, existing)) => {
            let values = organisations::validated(tx.conn(), &new)?;
            duplicates::fill_gaps(tx, &ORGANISATIONS, &existing.id, &values)?;
            report.outcome = Outcome::Merged;
            report
                .remarks
                .insert(0, Remark::new("same_organisation", &existing.name));
            report.id = Some(existing.id);
        }
        similar => {
            let made = organisations::create(tx, &new)?;
            known
                .organisations
                .add(made.id.clone(), &made.name, made.short_name.as_deref());
            if let Some((_, like)) = similar {
                report.remarks.push(Remark::new("looks_like", &like.name));
            }
            report.id = Some(made.id);
        }
    }
    Ok(())
}

pub(super) fn person_row(
    tx: &mut WriteTx<'_>,
    values: &HashMap<Field, String>,
    known: &mut Known,
    report: &mut RowReport,
) -> Result<()> {
    let get = |f: Field| values.get(&f).map(String::as_str);
    let (given, family) = if let Some(both) = get(Field::FamilyThenGiven) {
        let mut words = both.split_whitespace();
        let family = words.next().unwrap_or_default().to_owned();
        (words.collect::<Vec<_>>().join(" "), family)
    } else if let Some(both) = get(Field::GivenThenFamily) {
        let mut words: Vec<&str> = both.split_whitespace().collect();
        let family = words.pop().unwrap_or_default().to_owned();
        (words.join(" "), family)
    } else {
        (
            get(Field::GivenName).unwrap_or_default().to_owned(),
            get(Field::FamilyName).unwrap_or_default().to_owned(),
        )
    };
    report.name = format!("{family} {given}").trim().to_owned();
    if family.trim().is_empty() {
        return Err(Error::invalid(
            "family_name",
            crate::error::Problem::Required,
        ));
    }
    if given.trim().is_empty() {
        return Err(Error::invalid(
            "given_name",
            crate::error::Problem::Required,
        ));
    }
    let mut note = |code: &'static str, value: &str| report.remarks.push(Remark::new(code, value));
    let organisation_id = match get(Field::Organisation) {
        None => None,
        Some(org) => match known
            .organisations
            .find(org, None, 1)
            .into_iter()
            .find(|(l, _)| *l == Likeness::Same)
        {
            Some((_, id)) => Some(id),
            None if !known.add_unknown_organisations => {
                note("organisation_unknown", org);
                None
            }
            None => {
                let kind = kind_from_words(org).unwrap_or(OrgKind::Other);
                let made = organisations::create(
                    tx,
                    &NewOrganisation::named(org, kind, usual_level(kind)),
                )?;
                known
                    .organisations
                    .add(made.id.clone(), &made.name, made.short_name.as_deref());
                note("organisation_added", org);
                Some(made.id)
            }
        },
    };
    let category = get(Field::Category).and_then(|c| {
        let v = category_from_words(c);
        if v.is_none() {
            note("category_unknown", c);
        }
        v
    });
    let is_public_operator = get(Field::PublicOperator).and_then(|p| {
        let v = yes_no(p);
        if v.is_none() {
            note("public_operator_unknown", p);
        }
        v
    });
    let email = get(Field::Email).and_then(|e| match crate::validate::email("email", Some(e)) {
        Ok(v) => v,
        Err(_) => {
            note("email_bad", e);
            None
        }
    });
    let needs_interpreter = get(Field::Interpreter).and_then(yes_no).unwrap_or(false);
    let new = NewPerson {
        given_name: given.clone(),
        family_name: family.clone(),
        organisation_id,
        role: get(Field::Role).map(str::to_owned),
        category,
        is_public_operator,
        email: email.clone(),
        phone: get(Field::Phone).and_then(|p| match crate::validate::phone("phone", Some(p)) {
            Ok(v) => v,
            Err(_) => {
                note("phone_bad", p);
                None
            }
        }),
        languages: get(Field::Languages).map(items).unwrap_or_default(),
        needs_interpreter,
    };
    let same = known
        .people
        .find(&given, &family, email.as_deref(), None, 1)
        .into_iter()
        .next();
    match same {
        Some(id) => {
            let existing = people::get(tx.conn(), &id)?;
            let values = people::validated(tx.conn(), &new)?;
            duplicates::fill_gaps(tx, &PEOPLE, &existing.id, &values)?;
            report.outcome = Outcome::Merged;
            let name = format!("{} {}", existing.family_name, existing.given_name);
            report.remarks.insert(0, Remark::new("same_person", name));
            report.id = Some(existing.id);
        }
        None => {
            let made = people::create(tx, &new)?;
            known.people.add(
                made.id.clone(),
                &made.given_name,
                &made.family_name,
                made.email.as_deref(),
            );
            report.id = Some(made.id);
        }
    }
    Ok(())
}
