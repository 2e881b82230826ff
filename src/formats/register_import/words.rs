//! Values read from the words offices write: a type of organisation, a level, a
//! sector, an operator category, yes/no, lists, scores, a territory by name.

use crate::text::{clean, fold};
use crate::vocabulary::{Level, OperatorCategory, OrgKind, Sector};
use std::collections::HashMap;

/// The type of an organisation from the words offices use ("ASP", "Comune",
/// "Cooperativa sociale" …), or from its code.
pub fn kind_from_words(text: &str) -> Option<OrgKind> {
    if let Ok(k) = OrgKind::parse("kind", text.trim()) {
        return Some(k);
    }
    let t = format!(
        " {} ",
        fold(text).replace(|c: char| !c.is_alphanumeric(), " ")
    );
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    use OrgKind::*;
    let kind = if has(&[" regione ", " regionale "]) && !has(&[" ufficio scolastico "]) {
        Region
    } else if has(&[
        " asl ",
        " asp ",
        " asm ",
        " azienda sanitaria",
        " sanitari",
        " ospedal",
        " consultorio",
        " ausl ",
        " health",
    ]) {
        HealthAgency
    } else if has(&[
        " prefettura",
        " questura",
        " polizia",
        " carabinieri",
        " police",
    ]) {
        Prefecture
    } else if has(&[
        " centro per l impiego",
        " centri per l impiego",
        " cpi ",
        " impiego ",
    ]) {
        JobCentre
    } else if has(&[" universita", " university", " ateneo"]) {
        University
    } else if has(&[
        " scuola",
        " cpia ",
        " istituto comprensivo",
        " liceo",
        " istituto ",
        " ufficio scolastico",
        " school",
    ]) {
        School
    } else if has(&[
        " comune ",
        " municipio",
        " unione dei comuni",
        " citta di",
        " municipality",
    ]) {
        Municipality
    } else if has(&[" migranti", " comunita ", " diaspora", " stranieri"]) && has(&[" associazion"])
    {
        MigrantAssociation
    } else if has(&[
        " sindacat",
        " cgil ",
        " cisl ",
        " uil ",
        " ugl ",
        " trade union",
    ]) {
        TradeUnion
    } else if has(&[
        " caritas",
        " diocesi",
        " parrocchia",
        " chiesa",
        " religios",
        " moschea",
    ]) {
        Religious
    } else if has(&[
        " cooperativ",
        " associazion",
        " terzo settore",
        " ets ",
        " aps ",
        " odv ",
        " onlus",
        " fondazion",
        " volontariato",
    ]) {
        ThirdSector
    } else if has(&[
        " impresa",
        " azienda",
        " srl ",
        " s r l ",
        " spa ",
        " s p a ",
        " datore",
        " confindustria",
        " coldiretti",
        " confagricoltura",
    ]) {
        Employer
    } else if has(&[" partner estero", " estero", " foreign"]) {
        ForeignPartner
    } else if has(&[" altro ", " other "]) {
        Other
    } else {
        return None;
    };
    Some(kind)
}

pub(super) fn level_from_words(text: &str) -> Option<Level> {
    if let Ok(l) = Level::parse("level", text.trim()) {
        return Some(l);
    }
    let t = fold(text);
    if t.contains("europ") || t.trim() == "ue" {
        Some(Level::Eu)
    } else if t.contains("nazional") || t.contains("national") {
        Some(Level::National)
    } else if t.contains("regional") {
        Some(Level::Regional)
    } else if ["local", "provincial", "comunal", "territorial", "distrett"]
        .iter()
        .any(|w| t.contains(w))
    {
        Some(Level::Local)
    } else {
        None
    }
}

/// The usual level of an organisation of this type.
pub(super) fn usual_level(kind: OrgKind) -> Level {
    match kind {
        OrgKind::Region => Level::Regional,
        OrgKind::ForeignPartner => Level::Eu,
        _ => Level::Local,
    }
}

pub(super) fn sector_from_words(text: &str) -> Option<Sector> {
    if let Ok(s) = Sector::parse("sectors", text.trim()) {
        return Some(s);
    }
    let t = fold(text);
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    Some(if has(&["sanit", "salute", "health"]) {
        Sector::Health
    } else if has(&[
        "servizi social",
        "sociale",
        "social",
        "welfare",
        "assistenz",
    ]) {
        Sector::SocialServices
    } else if has(&["formazion", "training"]) {
        Sector::Training
    } else if has(&["istruzion", "scuol", "educa"]) {
        Sector::Education
    } else if has(&["lavor", "occupa", "impiego", "work"]) {
        Sector::Work
    } else if has(&["casa", "abitat", "allogg", "housing"]) {
        Sector::Housing
    } else if has(&["sicurezz", "ordine pubblico", "security"]) {
        Sector::Security
    } else {
        return None;
    })
}

pub(super) fn category_from_words(text: &str) -> Option<OperatorCategory> {
    if let Ok(c) = OperatorCategory::parse("category", text.trim()) {
        return Some(c);
    }
    let t = fold(text);
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    use OperatorCategory::*;
    Some(if has(&["dirigent", "apical", "manager", "responsabil"]) {
        SeniorManager
    } else if has(&["animator"]) {
        ServicesAnimator
    } else if has(&["servizi social", "assistente social", "social"]) {
        SocialServices
    } else if has(&["sanit", "medic", "infermier", "salute"]) {
        Health
    } else if has(&["sicurezz", "polizia", "forze dell", "prefettur", "questur"]) {
        Security
    } else if has(&["scuol", "formazion", "docent", "insegnant", "istruzion"]) {
        SchoolTraining
    } else if has(&["terzo settore", "cooperativ", "associazion", "volontar"]) {
        ThirdSector
    } else if has(&["produttiv", "impres", "aziend", "datori"]) {
        ProductiveSystem
    } else {
        return None;
    })
}

/// Yes/no as spreadsheets write it; `None` when it is neither.
pub(super) fn yes_no(text: &str) -> Option<bool> {
    match fold(text).trim() {
        "si" | "s" | "x" | "1" | "vero" | "true" | "yes" | "y" | "pubblico" | "pubblica"
        | "public" => Some(true),
        "no" | "n" | "0" | "falso" | "false" | "privato" | "privata" | "private" => Some(false),
        _ => None,
    }
}

/// A list cell ("sanità, lavoro; casa") split into its items.
pub(super) fn items(text: &str) -> Vec<String> {
    text.split([',', ';', '/', '|', '\n'])
        .flat_map(|part| part.split(" e "))
        .filter_map(clean)
        .collect()
}

/// A 1–5 score written as a number ("4", "4,0").
pub(super) fn score(text: &str) -> Option<u8> {
    let n: f64 = text.trim().replace(',', ".").parse().ok()?;
    (n.fract() == 0.0 && (1.0..=5.0).contains(&n)).then_some(n as u8)
}

/// The territory a cell names: its name, or a name followed by "(PZ)" or "- PZ".
pub(super) fn territory_of(text: &str, territories: &HashMap<String, String>) -> Option<String> {
    let folded = fold(text);
    let candidates = [
        folded.trim().to_owned(),
        folded
            .split(['(', '-', ','])
            .next()
            .unwrap_or("")
            .trim()
            .to_owned(),
        folded
            .trim_start_matches("comune di ")
            .trim_start_matches("provincia di ")
            .trim_start_matches("regione ")
            .trim()
            .to_owned(),
    ];
    candidates
        .iter()
        .find_map(|c| territories.get(c.as_str()).cloned())
}
