//! The closed lists of the domain (organisation types, levels, sectors, operator
//! categories, meeting kinds ...). Each value has a stable code, stored in the
//! database and exchanged with the UI, which shows it through its message catalogue.

use crate::error::{Error, Problem, Result};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code; the error names `field` and lists the accepted codes.
            pub fn parse(field: &str, code: &str) -> Result<Self> {
                match code.trim() {
                    $($code => Ok($name::$variant),)+
                    other => Err(Error::invalid(field, Problem::Unknown {
                        value: other.to_owned(),
                        accepted: Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", "),
                    })),
                }
            }

            /// Every code, in display order.
            pub fn codes() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.code()).collect()
            }
        }
    };
}

vocabulary!(
    /// Level of a territory in the hierarchy region > province > municipality or district.
    TerritoryKind {
        Region = "region",
        Province = "province",
        Municipality = "municipality",
        District = "district",
    }
);

vocabulary!(
    /// Type of organisation in the stakeholder register.
    OrgKind {
        Region = "region",
        Municipality = "municipality",
        HealthAgency = "health_agency",
        School = "school",
        JobCentre = "job_centre",
        Prefecture = "prefecture",
        University = "university",
        ThirdSector = "third_sector",
        MigrantAssociation = "migrant_association",
        TradeUnion = "trade_union",
        Employer = "employer",
        Religious = "religious",
        ForeignPartner = "foreign_partner",
        Other = "other",
    }
);

impl OrgKind {
    /// Whether organisations of this type are usually public bodies (the default
    /// of the public/private flag; the user can change it).
    pub fn usually_public(self) -> bool {
        matches!(
            self,
            OrgKind::Region
                | OrgKind::Municipality
                | OrgKind::HealthAgency
                | OrgKind::School
                | OrgKind::JobCentre
                | OrgKind::Prefecture
                | OrgKind::University
        )
    }
}

vocabulary!(
    /// Institutional level an organisation works at.
    Level {
        Eu = "eu",
        National = "national",
        Regional = "regional",
        Local = "local",
    }
);

vocabulary!(
    /// Sector of services.
    Sector {
        Health = "health",
        Education = "education",
        Work = "work",
        Housing = "housing",
        SocialServices = "social_services",
        Security = "security",
        Training = "training",
    }
);

vocabulary!(
    /// Operator category, as the Com.In. projects name their beneficiaries (seed 001).
    OperatorCategory {
        SeniorManager = "senior_manager",
        ServicesAnimator = "services_animator",
        SocialServices = "social_services",
        Health = "health",
        Security = "security",
        SchoolTraining = "school_training",
        ThirdSector = "third_sector",
        ProductiveSystem = "productive_system",
    }
);

vocabulary!(
    /// Kind of network meeting.
    MeetingKind {
        FocusGroup = "focus_group",
        ThematicTable = "thematic_table",
        Workshop = "workshop",
        Seminar = "seminar",
        Training = "training",
        FinalWorkshop = "final_workshop",
    }
);

vocabulary!(
    /// Theme of a meeting: the four thematic meetings, or another.
    Theme {
        Health = "health",
        Education = "education",
        Work = "work",
        Housing = "housing",
        Other = "other",
    }
);

vocabulary!(
    /// Whether a meeting is still to come, took place, or was called off.
    MeetingStatus {
        Planned = "planned",
        Held = "held",
        Cancelled = "cancelled",
    }
);

vocabulary!(
    /// The part a person had in a meeting.
    AttendanceRole {
        Participant = "participant",
        Facilitator = "facilitator",
        Speaker = "speaker",
        Observer = "observer",
    }
);

vocabulary!(
    /// What a note records, as facilitators classify what is said at a table.
    NoteKind {
        Need = "need",
        Recommendation = "recommendation",
        GoodPractice = "good_practice",
        CriticalIssue = "critical_issue",
        Proposal = "proposal",
        Commitment = "commitment",
        Quote = "quote",
    }
);

vocabulary!(
    /// Type of a relationship in the stakeholder map.
    RelationKind {
        Coordinates = "coordinates",
        Collaborates = "collaborates",
        Refers = "refers",
        Funds = "funds",
        MemberOf = "member_of",
        Agreement = "agreement",
        Other = "other",
    }
);

/// The codes a replicated field may hold, for the fields whose column the database
/// limits to them (a CHECK): a change from another laptop with any other code is
/// refused before anything is written. Organisation kinds, sectors, operator
/// categories, meeting kinds and themes are not limited: a code that a newer
/// Tavolo added arrives and is kept as it came (edits leave it alone).
pub fn closed_codes(table: &str, field: &str) -> Option<Vec<&'static str>> {
    Some(match (table, field) {
        ("territories", "kind") => TerritoryKind::codes(),
        ("organisations", "level") => Level::codes(),
        ("meetings", "status") => MeetingStatus::codes(),
        ("attendance", "role") => AttendanceRole::codes(),
        ("notes", "kind") => NoteKind::codes(),
        ("relationships", "kind") => RelationKind::codes(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_codes_and_names_the_field_otherwise() {
        assert_eq!(
            OrgKind::parse("kind", "health_agency").ok(),
            Some(OrgKind::HealthAgency)
        );
        assert_eq!(Level::parse("level", " local ").ok(), Some(Level::Local));
        let err = Sector::parse("sectors", "cooking")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("sectors: 'cooking' is not one of: health, education, work, housing, social_services, security, training")
        );
    }

    #[test]
    fn codes_are_unique() {
        let codes = OrgKind::codes();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), codes.len());
    }
}
