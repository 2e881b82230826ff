//! The closed lists of the domain (organisation types, levels, sectors, operator
//! categories, meeting kinds ...). Each value has a stable code, stored in the
//! database and exchanged with the UI, which shows it through its message catalogue.

use crate::error::{Error, Problem, Result};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident ($messages:literal) {
        $($variant:ident = $code:literal => $label:literal),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The prefix of this list's keys in the page's message catalogues
            /// (`ui/src/lib/messages/`): the label of `code` is `"<prefix>.<code>"`.
            pub const MESSAGES: &'static str = $messages;

            /// The stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Italian label, as the app shows it: what files for offices and
            /// funders carry (the workbook, the minutes).
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
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

            /// Every (code, Italian label), in display order.
            pub const LABELS: &'static [(&'static str, &'static str)] = &[$(($code, $label)),+];
        }
    };
}

vocabulary!(
    /// Level of a territory in the hierarchy region > province > municipality or district.
    TerritoryKind ("territory") {
        Region = "region" => "Regione",
        Province = "province" => "Provincia",
        Municipality = "municipality" => "Comune",
        District = "district" => "Ambito / distretto",
    }
);

vocabulary!(
    /// Type of organisation in the stakeholder register.
    OrgKind ("kind") {
        Region = "region" => "Regione",
        Municipality = "municipality" => "Comune",
        HealthAgency = "health_agency" => "Azienda sanitaria (ASL/ASP)",
        School = "school" => "Scuola / CPIA",
        JobCentre = "job_centre" => "Centro per l'impiego",
        Prefecture = "prefecture" => "Prefettura / Forze dell'ordine",
        University = "university" => "Università",
        ThirdSector = "third_sector" => "Terzo settore",
        MigrantAssociation = "migrant_association" => "Associazione di migranti",
        TradeUnion = "trade_union" => "Sindacato",
        Employer = "employer" => "Impresa / datore di lavoro",
        Religious = "religious" => "Ente religioso",
        ForeignPartner = "foreign_partner" => "Partner estero",
        Other = "other" => "Altro",
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
    Level ("level") {
        Eu = "eu" => "Europeo",
        National = "national" => "Nazionale",
        Regional = "regional" => "Regionale",
        Local = "local" => "Locale",
    }
);

vocabulary!(
    /// Sector of services.
    Sector ("sector") {
        Health = "health" => "Salute",
        Education = "education" => "Istruzione",
        Work = "work" => "Lavoro",
        Housing = "housing" => "Casa",
        SocialServices = "social_services" => "Servizi sociali",
        Security = "security" => "Sicurezza",
        Training = "training" => "Formazione",
    }
);

vocabulary!(
    /// Operator category, as the Com.In. projects name their beneficiaries (seed 001).
    OperatorCategory ("category") {
        SeniorManager = "senior_manager" => "Dirigenti e responsabili",
        ServicesAnimator = "services_animator" => "Animatori dei servizi per stranieri",
        SocialServices = "social_services" => "Servizi sociali territoriali",
        Health = "health" => "Sanità",
        Security = "security" => "Sicurezza e forze dell'ordine",
        SchoolTraining = "school_training" => "Scuola e formazione professionale",
        ThirdSector = "third_sector" => "Terzo settore",
        ProductiveSystem = "productive_system" => "Sistema produttivo",
    }
);

vocabulary!(
    /// Kind of network meeting.
    MeetingKind ("meetingKind") {
        FocusGroup = "focus_group" => "Focus group",
        ThematicTable = "thematic_table" => "Tavolo tematico",
        Workshop = "workshop" => "Workshop",
        Seminar = "seminar" => "Seminario",
        Training = "training" => "Formazione",
        FinalWorkshop = "final_workshop" => "Workshop finale",
    }
);

vocabulary!(
    /// Theme of a meeting: the four thematic meetings, or another.
    Theme ("theme") {
        Health = "health" => "Salute",
        Education = "education" => "Istruzione",
        Work = "work" => "Lavoro",
        Housing = "housing" => "Casa",
        Other = "other" => "Altro",
    }
);

vocabulary!(
    /// Whether a meeting is still to come, took place, or was called off.
    MeetingStatus ("meetingStatus") {
        Planned = "planned" => "In programma",
        Held = "held" => "Svolto",
        Cancelled = "cancelled" => "Annullato",
    }
);

vocabulary!(
    /// The part a person had in a meeting.
    AttendanceRole ("role") {
        Participant = "participant" => "Partecipante",
        Facilitator = "facilitator" => "Facilitatore",
        Speaker = "speaker" => "Relatore",
        Observer = "observer" => "Osservatore",
    }
);

vocabulary!(
    /// What a note records, as facilitators classify what is said at a table.
    NoteKind ("noteKind") {
        Need = "need" => "Bisogno",
        Recommendation = "recommendation" => "Raccomandazione",
        GoodPractice = "good_practice" => "Buona pratica",
        CriticalIssue = "critical_issue" => "Criticità",
        Proposal = "proposal" => "Proposta",
        Commitment = "commitment" => "Impegno",
        Quote = "quote" => "Citazione",
    }
);

vocabulary!(
    /// Type of a relationship in the stakeholder map.
    RelationKind ("relation") {
        Coordinates = "coordinates" => "coordina",
        Collaborates = "collaborates" => "collabora con",
        Refers = "refers" => "invia utenti a",
        Funds = "funds" => "finanzia",
        MemberOf = "member_of" => "è membro di",
        Agreement = "agreement" => "protocollo d'intesa con",
        Other = "other" => "altro legame con",
    }
);

vocabulary!(
    /// Kind of an item of a meeting's agenda (seed 004's programme).
    AgendaKind ("agendaKind") {
        Registration = "registration" => "Registrazione",
        Greetings = "greetings" => "Saluti istituzionali",
        Talk = "talk" => "Intervento",
        Tables = "tables" => "Tavoli di lavoro",
        Plenary = "plenary" => "Plenaria",
        Break = "break" => "Pausa",
        Conclusions = "conclusions" => "Conclusioni",
    }
);

vocabulary!(
    /// Whether a territorial work group is meeting, paused or wound up.
    GroupStatus ("groupStatus") {
        Active = "active" => "Attivo",
        Paused = "paused" => "Sospeso",
        Closed = "closed" => "Chiuso",
    }
);

vocabulary!(
    /// The part a person has in a work group.
    MemberRole ("memberRole") {
        Coordinator = "coordinator" => "Coordinatore",
        Member = "member" => "Membro",
        Observer = "observer" => "Osservatore",
    }
);

vocabulary!(
    /// What a person consents to (GDPR: consent is given purpose by purpose).
    ConsentPurpose ("consentPurpose") {
        Register = "register" => "Essere nel registro della rete",
        Names = "names" => "Nome nei verbali e nei report",
        Quotes = "quotes" => "Citazioni delle proprie parole",
        Photos = "photos" => "Fotografie",
    }
);

vocabulary!(
    /// How a consent was given.
    ConsentHow ("consentHow") {
        SignedSheet = "signed_sheet" => "Foglio firmato",
        Verbal = "verbal" => "A voce",
        Form = "form" => "Modulo",
    }
);

vocabulary!(
    /// Where a co-design action (coprogettazione) stands.
    ActionStatus ("actionStatus") {
        Proposed = "proposed" => "Proposta",
        Agreed = "agreed" => "Concordata",
        InProgress = "in_progress" => "In corso",
        Done = "done" => "Conclusa",
        Dropped = "dropped" => "Abbandonata",
    }
);

vocabulary!(
    /// Where the PIA guidelines of a territory stand as a whole.
    GuidelinesStatus ("guidelinesStatus") {
        Draft = "draft" => "Bozza",
        Discussed = "discussed" => "Discussa",
        Final = "final" => "Definitiva",
    }
);

vocabulary!(
    /// Where one clause of the guidelines stands.
    ClauseStatus ("clauseStatus") {
        Draft = "draft" => "Bozza",
        Discussed = "discussed" => "Discussa",
        Agreed = "agreed" => "Concordata",
    }
);

vocabulary!(
    /// Where a good practice stands in the catalogue.
    PracticeStatus ("practiceStatus") {
        Candidate = "candidate" => "Segnalata",
        InReview = "in_review" => "In valutazione",
        Reviewed = "reviewed" => "Valutata",
        Archived = "archived" => "Archiviata",
    }
);

vocabulary!(
    /// Who a good practice is for.
    TargetGroup ("target") {
        UnaccompaniedMinors = "unaccompanied_minors" => "Minori stranieri non accompagnati",
        Women = "women" => "Donne",
        Workers = "workers" => "Lavoratori e lavoratrici",
        Families = "families" => "Famiglie",
        AsylumSeekers = "asylum_seekers" => "Richiedenti asilo e rifugiati",
        YoungPeople = "young_people" => "Giovani",
        TraffickingVictims = "trafficking_victims" => "Vittime di tratta e sfruttamento",
    }
);

vocabulary!(
    /// The criteria a peer-review panel scores a good practice on (1 to 5).
    Criterion ("criterion") {
        Effectiveness = "effectiveness" => "Efficacia",
        Transferability = "transferability" => "Trasferibilità",
        Sustainability = "sustainability" => "Sostenibilità",
        Innovation = "innovation" => "Innovazione",
        Participation = "participation" => "Partecipazione dei migranti",
    }
);

/// The codes a replicated field may hold, for the fields whose column the database
/// limits to them (a CHECK): a change from another laptop with any other code is
/// refused before anything is written. Organisation kinds, sectors, operator
/// categories, meeting kinds and themes are not limited: a code that a newer
/// Tavolo added arrives and is kept as it came (edits leave it alone).
pub fn closed_codes(table: &str, field: &str) -> Option<Vec<&'static str>> {
    CLOSED
        .iter()
        .find(|&&(t, f, _)| t == table && f == field)
        .map(|&(_, _, list)| list.labels().iter().map(|&(code, _)| code).collect())
}

/// The replicated fields whose column the database limits to a list's codes.
const CLOSED: &[(&str, &str, List)] = &[
    ("territories", "kind", List::TerritoryKind),
    ("organisations", "level", List::Level),
    ("meetings", "status", List::MeetingStatus),
    ("attendance", "role", List::AttendanceRole),
    ("notes", "kind", List::NoteKind),
    ("relationships", "kind", List::RelationKind),
];

/// A closed list by name, for what handles every list alike (the workbook's
/// coded columns, the check of the labels against the page's catalogue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    AgendaKind,
    TerritoryKind,
    OrgKind,
    Level,
    Sector,
    OperatorCategory,
    MeetingKind,
    Theme,
    MeetingStatus,
    AttendanceRole,
    NoteKind,
    RelationKind,
    GroupStatus,
    MemberRole,
    ConsentPurpose,
    ConsentHow,
    ActionStatus,
    GuidelinesStatus,
    ClauseStatus,
    PracticeStatus,
    TargetGroup,
    Criterion,
}

impl List {
    /// Every list.
    pub const ALL: &'static [List] = &[
        List::AgendaKind,
        List::TerritoryKind,
        List::OrgKind,
        List::Level,
        List::Sector,
        List::OperatorCategory,
        List::MeetingKind,
        List::Theme,
        List::MeetingStatus,
        List::AttendanceRole,
        List::NoteKind,
        List::RelationKind,
        List::GroupStatus,
        List::MemberRole,
        List::ConsentPurpose,
        List::ConsentHow,
        List::ActionStatus,
        List::GuidelinesStatus,
        List::ClauseStatus,
        List::PracticeStatus,
        List::TargetGroup,
        List::Criterion,
    ];

    /// Every (code, Italian label) of the list, in display order.
    pub fn labels(self) -> &'static [(&'static str, &'static str)] {
        match self {
            List::AgendaKind => AgendaKind::LABELS,
            List::TerritoryKind => TerritoryKind::LABELS,
            List::OrgKind => OrgKind::LABELS,
            List::Level => Level::LABELS,
            List::Sector => Sector::LABELS,
            List::OperatorCategory => OperatorCategory::LABELS,
            List::MeetingKind => MeetingKind::LABELS,
            List::Theme => Theme::LABELS,
            List::MeetingStatus => MeetingStatus::LABELS,
            List::AttendanceRole => AttendanceRole::LABELS,
            List::NoteKind => NoteKind::LABELS,
            List::RelationKind => RelationKind::LABELS,
            List::GroupStatus => GroupStatus::LABELS,
            List::MemberRole => MemberRole::LABELS,
            List::ConsentPurpose => ConsentPurpose::LABELS,
            List::ConsentHow => ConsentHow::LABELS,
            List::ActionStatus => ActionStatus::LABELS,
            List::GuidelinesStatus => GuidelinesStatus::LABELS,
            List::ClauseStatus => ClauseStatus::LABELS,
            List::PracticeStatus => PracticeStatus::LABELS,
            List::TargetGroup => TargetGroup::LABELS,
            List::Criterion => Criterion::LABELS,
        }
    }

    /// The prefix of the list's keys in the page's message catalogues.
    pub fn messages(self) -> &'static str {
        match self {
            List::AgendaKind => AgendaKind::MESSAGES,
            List::TerritoryKind => TerritoryKind::MESSAGES,
            List::OrgKind => OrgKind::MESSAGES,
            List::Level => Level::MESSAGES,
            List::Sector => Sector::MESSAGES,
            List::OperatorCategory => OperatorCategory::MESSAGES,
            List::MeetingKind => MeetingKind::MESSAGES,
            List::Theme => Theme::MESSAGES,
            List::MeetingStatus => MeetingStatus::MESSAGES,
            List::AttendanceRole => AttendanceRole::MESSAGES,
            List::NoteKind => NoteKind::MESSAGES,
            List::RelationKind => RelationKind::MESSAGES,
            List::GroupStatus => GroupStatus::MESSAGES,
            List::MemberRole => MemberRole::MESSAGES,
            List::ConsentPurpose => ConsentPurpose::MESSAGES,
            List::ConsentHow => ConsentHow::MESSAGES,
            List::ActionStatus => ActionStatus::MESSAGES,
            List::GuidelinesStatus => GuidelinesStatus::MESSAGES,
            List::ClauseStatus => ClauseStatus::MESSAGES,
            List::PracticeStatus => PracticeStatus::MESSAGES,
            List::TargetGroup => TargetGroup::MESSAGES,
            List::Criterion => Criterion::MESSAGES,
        }
    }

    /// Whether the database accepts only this version's codes for the list (see
    /// [`closed_codes`]); the other lists keep a newer version's codes as they came.
    pub fn is_closed(self) -> bool {
        CLOSED.iter().any(|&(_, _, list)| list == self)
    }

    /// The Italian label of `code`; `None` for a code this version does not know.
    pub fn label_of(self, code: &str) -> Option<&'static str> {
        self.labels()
            .iter()
            .find(|&&(c, _)| c == code)
            .map(|&(_, l)| l)
    }

    /// The code of an Italian label (any case) or of a code itself.
    pub fn code_of(self, text: &str) -> Option<&'static str> {
        let t = text.trim().to_lowercase();
        self.labels()
            .iter()
            .find(|&&(c, l)| c == t || l.to_lowercase() == t)
            .map(|&(c, _)| c)
    }
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

    #[test]
    fn the_italian_labels_are_the_ones_the_page_shows() {
        let catalogue = include_str!("../ui/src/lib/messages/it.ts");
        for list in List::ALL {
            for &(code, label) in list.labels() {
                let line = format!(
                    "\"{}.{code}\": \"{}\"",
                    list.messages(),
                    label.replace('"', "\\\"")
                );
                assert!(catalogue.contains(&line), "{line} is not in messages/it.ts");
                assert_eq!(list.code_of(label), Some(code));
                assert_eq!(list.code_of(&label.to_uppercase()), Some(code));
                assert_eq!(list.code_of(code), Some(code));
                assert_eq!(list.label_of(code), Some(label));
            }
        }
        assert_eq!(List::Sector.code_of("Salutee"), None);
        assert_eq!(List::NoteKind.code_of("criticità"), Some("critical_issue"));
    }
}
