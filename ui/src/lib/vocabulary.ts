// Generated from the core's closed lists (src/vocabulary.rs) by `make types`. Do not
// edit by hand.
import type { Vocabulary } from "./ipc-types";

/** The codes of every closed list, in display order; the labels are in messages/. */
export const VOCABULARY: Vocabulary = {
  "territory_kinds": [
    "region",
    "province",
    "municipality",
    "district"
  ],
  "org_kinds": [
    "region",
    "municipality",
    "health_agency",
    "school",
    "job_centre",
    "prefecture",
    "university",
    "third_sector",
    "migrant_association",
    "trade_union",
    "employer",
    "religious",
    "foreign_partner",
    "other"
  ],
  "levels": [
    "eu",
    "national",
    "regional",
    "local"
  ],
  "sectors": [
    "health",
    "education",
    "work",
    "housing",
    "social_services",
    "security",
    "training"
  ],
  "operator_categories": [
    "senior_manager",
    "services_animator",
    "social_services",
    "health",
    "security",
    "school_training",
    "third_sector",
    "productive_system"
  ],
  "relation_kinds": [
    "coordinates",
    "collaborates",
    "refers",
    "funds",
    "member_of",
    "agreement",
    "other"
  ],
  "meeting_kinds": [
    "focus_group",
    "thematic_table",
    "workshop",
    "seminar",
    "training",
    "final_workshop"
  ],
  "themes": [
    "health",
    "education",
    "work",
    "housing",
    "other"
  ],
  "meeting_statuses": [
    "planned",
    "held",
    "cancelled"
  ],
  "attendance_roles": [
    "participant",
    "facilitator",
    "speaker",
    "observer"
  ],
  "note_kinds": [
    "need",
    "recommendation",
    "good_practice",
    "critical_issue",
    "proposal",
    "commitment",
    "quote"
  ],
  "agenda_kinds": [
    "registration",
    "greetings",
    "talk",
    "tables",
    "plenary",
    "break",
    "conclusions"
  ],
  "group_statuses": [
    "active",
    "paused",
    "closed"
  ],
  "member_roles": [
    "coordinator",
    "member",
    "observer"
  ],
  "action_statuses": [
    "proposed",
    "agreed",
    "in_progress",
    "done",
    "dropped"
  ],
  "guidelines_statuses": [
    "draft",
    "discussed",
    "final"
  ],
  "clause_statuses": [
    "draft",
    "discussed",
    "agreed"
  ],
  "practice_statuses": [
    "candidate",
    "in_review",
    "reviewed",
    "archived"
  ],
  "targets": [
    "unaccompanied_minors",
    "women",
    "workers",
    "families",
    "asylum_seekers",
    "young_people",
    "trafficking_victims"
  ],
  "criteria": [
    "effectiveness",
    "transferability",
    "sustainability",
    "innovation",
    "participation"
  ]
};
