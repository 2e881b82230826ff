// Generated from src-tauri/src/dto.rs by `make types`. Do not edit by hand.

export type WorkspaceStatus = { 
/**
 * True when the workspace holds no records yet (show the first-launch screen).
 */
empty: boolean, 
/**
 * The database file, shown in the settings so people know where their data is.
 */
db_path: string, organisations: number, people: number, meetings: number, 
/**
 * True once someone chose "start empty" on this laptop: an empty workspace
 * then opens on the register, not on the first-launch screen again.
 */
started_empty: boolean, };

export type DemoLoaded = { territories: number, organisations: number, people: number, meetings: number, attendance: number, };

export type Vocabulary = { territory_kinds: Array<string>, org_kinds: Array<string>, levels: Array<string>, sectors: Array<string>, operator_categories: Array<string>, relation_kinds: Array<string>, meeting_kinds: Array<string>, themes: Array<string>, meeting_statuses: Array<string>, attendance_roles: Array<string>, note_kinds: Array<string>, agenda_kinds: Array<string>, group_statuses: Array<string>, member_roles: Array<string>, action_statuses: Array<string>, guidelines_statuses: Array<string>, clause_statuses: Array<string>, practice_statuses: Array<string>, targets: Array<string>, criteria: Array<string>, };

export type TerritoryDto = { id: string, kind: string, name: string, parent_id: string | null, };

export type OrganisationDto = { id: string, name: string, short_name: string | null, kind: string, is_public: boolean, level: string, sectors: Array<string>, territory_id: string | null, territory_name: string | null, country: string | null, email: string | null, phone: string | null, notes: string, address: string | null, tags: Array<string>, influence: number | null, interest: number | null, archived: boolean, };

export type NewOrganisationDto = { name: string, short_name: string | null, kind: string, is_public: boolean | null, level: string, sectors: Array<string>, territory_id: string | null, country: string | null, email: string | null, phone: string | null, notes: string, address: string | null, 
/**
 * Free tags, separated by commas or spaces.
 */
tags: string, influence: number | null, interest: number | null, };

export type FilterDto = { from: string | null, to: string | null, territory_id: string | null, theme: string | null, kind: string | null, };

export type CountDto = { key: string, count: number, };

export type IndicatorsDto = { meetings_held: number, participations: number, people: number, public_operators: number, private_operators: number, organisations: number, territories: number, notes: number, meetings_by_month: Array<CountDto>, meetings_by_theme: Array<CountDto>, people_by_theme: Array<CountDto>, organisations_by_kind: Array<CountDto>, notes_by_kind: Array<CountDto>, groups_active: number, group_members: number, actions_by_status: Array<CountDto>, };

export type DrillRowDto = { id: string, name: string, };

export type ExportDoneDto = { path: string, sheets: Array<CountDto>, };

export type ExportProgressDto = { done: number, total: number, };

export type MeetingDto = { id: string, title: string, kind: string, theme: string, territory_name: string | null, date: string, start_time: string | null, end_time: string | null, place: string | null, status: string, attendees: number, };

export type PersonDto = { id: string, given_name: string, family_name: string, organisation_name: string | null, role: string | null, organisation_id: string | null, category: string | null, is_public_operator: boolean, email: string | null, phone: string | null, languages: Array<string>, needs_interpreter: boolean, };

export type AttendeeDto = { person_id: string, given_name: string, family_name: string, organisation_id: string | null, organisation_name: string | null, role: string, is_public_operator: boolean, 
/**
 * The person's role in their organisation, from the register.
 */
job: string | null, 
/**
 * Consented to be named in minutes and reports, and not a minor.
 */
may_name: boolean, 
/**
 * Never named on what is printed for others.
 */
minor: boolean, 
/**
 * The name, or "partecipante" and the kind of their organisation: what
 * minutes and reports show.
 */
shown_name: string, };

export type QuestionDto = { id: string, text: string, };

export type TableDto = { id: string, title: string, questions: Array<QuestionDto>, };

export type NoteDto = { id: string, table_id: string | null, question_id: string | null, speaker_id: string | null, kind: string | null, text: string, tags: Array<string>, taken_at_ms: number, };

export type ConsoleDto = { meeting: MeetingDto, tables: Array<TableDto>, attendees: Array<AttendeeDto>, notes: Array<NoteDto>, 
/**
 * What was left typed in the note box, if anything.
 */
draft: string | null, 
/**
 * The agenda (programma), by start time.
 */
agenda: Array<AgendaItemDto>, };

export type NewNoteDto = { meeting_id: string, table_id: string | null, question_id: string | null, speaker_id: string | null, kind: string | null, text: string, };

export type CheckInNewDto = { meeting_id: string, given_name: string, family_name: string, organisation_id: string | null, new_organisation_name: string | null, role: string, };

export type EditNoteDto = { text: string, kind: string | null, speaker_id: string | null, table_id: string | null, };

export type ThematicSeriesDto = { territory_id: string, 
/**
 * YYYY-MM-DD; the others follow weekly.
 */
first_date: string, start_time: string | null, end_time: string | null, place: string | null, with_template_tables: boolean, };

export type NoteHitDto = { note: NoteDto, pieces: Array<string>, };

export type NewMeetingDto = { title: string, kind: string, theme: string, territory_id: string | null, 
/**
 * YYYY-MM-DD.
 */
date: string, start_time: string | null, end_time: string | null, place: string | null, with_template_tables: boolean, };

export type SpeakerDto = { id: string, person_id: string | null, name: string, role: string | null, };

export type AgendaItemDto = { id: string, 
/**
 * HH:MM.
 */
at: string, title: string, 
/**
 * A kind code, or null.
 */
kind: string | null, speakers: Array<SpeakerDto>, };

export type NewSpeakerDto = { person_id: string | null, name: string | null, role: string | null, };

export type NewAgendaItemDto = { meeting_id: string, 
/**
 * HH:MM.
 */
at: string, title: string, kind: string | null, speakers: Array<NewSpeakerDto>, };

export type RelationshipDto = { id: string, kind: string, from_org_id: string | null, from_person_id: string | null, from_name: string, to_org_id: string, to_name: string, strength: number, since: string | null, until: string | null, };

export type NewRelationshipDto = { kind: string, from_org_id: string | null, from_person_id: string | null, to_org_id: string, strength: number, since: string | null, notes: string, };

export type NewPersonDto = { given_name: string, family_name: string, organisation_id: string | null, role: string | null, category: string | null, email: string | null, phone: string | null, 
/**
 * Languages spoken, separated by commas.
 */
languages: string, needs_interpreter: boolean, };

export type OrganisationDetailDto = { organisation: OrganisationDto, people: Array<PersonDto>, relationships: Array<RelationshipDto>, meetings: Array<MeetingDto>, };

export type MapFilterDto = { territory_id: string | null, sector: string | null, level: string | null, kind: string | null, };

export type MapNodeDto = { id: string, name: string, kind: string, level: string, influence: number | null, interest: number | null, degree: number, 
/**
 * 0–1; null when the map is too large to compute it.
 */
betweenness: number | null, 
/**
 * Position laid out by the core for large maps (more than
 * `network::PRESET_LAYOUT_ABOVE` organisations); null: the page lays it out.
 */
x: number | null, y: number | null, 
/**
 * Large maps: the index of the organisation's territory in `MapDto::clusters`.
 */
cluster: number | null, };

export type MapEdgeDto = { id: string, from: string, to: string, kind: string, strength: number, };

export type TerritoryMeasuresDto = { territory: string, actors: number, links: number, isolated: number, };

export type MapClusterDto = { 
/**
 * "cluster:" and the territory's id ("cluster:" alone: no territory).
 */
id: string, name: string, x: number, y: number, radius: number, actors: number, };

export type MapClusterLinkDto = { from: string, to: string, links: number, };

export type MapDto = { nodes: Array<MapNodeDto>, edges: Array<MapEdgeDto>, territories: Array<TerritoryMeasuresDto>, 
/**
 * Large maps only (laid out by the core): one cluster per territory, and
 * the links between clusters, drawn instead of every single link.
 */
clusters: Array<MapClusterDto>, cluster_links: Array<MapClusterLinkDto>, 
/**
 * Large maps only, instead of `edges` (then empty): each link as
 * [from, to, strength], the first two indexes into `nodes`. Thirty thousand
 * links as ids were two thirds of the map's JSON, and the page needs a link
 * only when one of its ends is focused.
 */
links: Array<[number, number, number]>, 
/**
 * Milliseconds the core took (query, measures, layout), for the benchmark.
 */
core_ms: number, };

export type CoverageRowDto = { territory_id: string, territory: string, counts: Array<number>, };

export type NoteVersionDto = { at_ms: number, text: string, };

export type OrgListFilterDto = { search: string, kind: string, level: string, sector: string, territory_id: string, 
/**
 * The territory as a cell of the coverage matrix counts it (not the
 * provinces under a region).
 */
territory_as_coverage: boolean, tag: string, 
/**
 * "active", "archived" or "" (both).
 */
archived: string, 
/**
 * "name", "kind", "level" or "territory".
 */
sort: string, descending: boolean, };

export type PeopleFilterDto = { search: string, category: string, 
/**
 * "public", "private" or "".
 */
operator: string, needs_interpreter: boolean, language: string, 
/**
 * "name", "organisation" or "category".
 */
sort: string, descending: boolean, };

export type SimilarDto = { likeness: string, organisation: OrganisationDto, };

export type MergedDto = { references_moved: number, duplicates_removed: number, fields_filled: number, };

export type RegisterPreviewDto = { file_name: string, sheets: Array<string>, sheet: string, header_row: number, headers: Array<string>, 
/**
 * The first rows, each with its spreadsheet row number first.
 */
sample: Array<Array<string>>, rows: number, empty_rows: number, merged_cells: number, mapping: Array<string | null>, 
/**
 * The fields a column can hold, in the order the form lists them.
 */
fields: Array<string>, };

export type RemarkDto = { code: string, value: string, field: string | null, problem: string | null, };

export type RowReportDto = { row: number, 
/**
 * "imported", "merged" or "rejected".
 */
outcome: string, name: string, id: string | null, remarks: Array<RemarkDto>, };

export type ImportReportDto = { rows: Array<RowReportDto>, imported: number, merged: number, rejected: number, empty_rows: number, merged_cells: number, 
/**
 * True when nothing was written (the preview of the result).
 */
dry_run: boolean, };

export type PeerDto = { device: string, name: string, last_seq: number, 
/**
 * When this laptop last applied its changes (milliseconds since the epoch).
 */
last_at_ms: number, };

export type HeldDto = { file: string, 
/**
 * The device whose bundle it is ("" when the bundle could not say).
 */
device: string, 
/**
 * "wait", "schema" or "clock" (a clock far ahead: it can be accepted).
 */
kind: string, reason: string, };

export type SyncStatusDto = { workspace: string | null, device: string, device_name: string, 
/**
 * The shared folder chosen on this laptop.
 */
folder: string | null, peers: Array<PeerDto>, held: Array<HeldDto>, conflicts: number, };

export type SyncReportDto = { written: string | null, written_changes: number, bundles: number, changes: number, 
/**
 * Records changed, per table.
 */
records: Array<CountDto>, held: Array<HeldDto>, };

export type SyncProgressDto = { done: number, total: number, };

export type ConflictDto = { id: string, table: string, field: string, row_id: string, 
/**
 * The text the row shows now.
 */
kept: string, other: string, 
/**
 * Whether the kept text, or the other, was written on this laptop.
 */
kept_is_mine: boolean, other_is_mine: boolean, };

export type PrintHeaderDto = { project: string, funder: string, };

export type SourceDto = { note_id: string, text: string, kind: string | null, organisation: string | null, organisation_kind: string | null, table: string | null, table_number: number | null, meeting_id: string, meeting_title: string, meeting_date: string, 
/**
 * The note was deleted after it was cited.
 */
removed: boolean, 
/**
 * "Incontro …, 05/03/2024, tavolo 2 — Ente".
 */
citation: string, };

export type CommentDto = { id: string, author: string | null, text: string, 
/**
 * Milliseconds since the epoch.
 */
at: number, };

export type ClauseDto = { id: string, number: string, text: string, status: string, sources: Array<SourceDto>, comments: Array<CommentDto>, };

export type SectionDto = { id: string, key: string | null, title: string, clauses: Array<ClauseDto>, };

export type SetAsideDto = { source: SourceDto, reason: string, };

export type VersionDto = { id: string, status: string, taken_at: number, clauses: number, };

export type GuidelinesDto = { id: string, title: string, status: string, sections: Array<SectionDto>, set_aside: Array<SetAsideDto>, versions: Array<VersionDto>, };

export type GuidelinesViewDto = { territory_id: string, document: GuidelinesDto | null, unhandled: Array<SourceDto>, };

export type GuidelinesOpDto = { "op": "propose" } | { "op": "edit_clause", clause_id: string, text: string, } | { "op": "set_clause_status", clause_id: string, status: string, } | { "op": "move_clause", clause_id: string, section_id: string, index: number, } | { "op": "merge_clauses", keep: string, other: string, } | { "op": "split_clause", clause_id: string, at: number, } | { "op": "remove_clause", clause_id: string, } | { "op": "add_clause", section_id: string, text: string, note_ids: Array<string>, } | { "op": "add_source", clause_id: string, note_id: string, } | { "op": "remove_source", clause_id: string, note_id: string, } | { "op": "comment", clause_id: string, author: string | null, text: string, } | { "op": "set_aside", note_id: string, reason: string, } | { "op": "restore", note_id: string, } | { "op": "set_status", status: string, } | { "op": "add_section", title: string, } | { "op": "rename_section", section_id: string, title: string, };

export type ComparedDto = { 
/**
 * added, removed, changed, moved, same.
 */
change: string, before_number: string | null, before_text: string | null, after_number: string | null, after_text: string | null, };

export type BlockDto = { "type": "title", text: string, } | { "type": "heading", level: number, text: string, } | { "type": "paragraph", text: string, } | { "type": "quote", text: string, } | { "type": "item", text: string, } | { "type": "table", header: Array<string>, rows: Array<Array<string>>, } | { "type": "page_break" };

export type DocumentDto = { blocks: Array<BlockDto>, };

export type TableSynthesisDto = { table_id: string, title: string, text: string, };

export type SynthesisDto = { document: DocumentDto, tables: Array<TableSynthesisDto>, };

export type GroupDto = { id: string, territory_id: string, territory_name: string, name: string, themes: Array<string>, status: string, members: number, meetings: number, 
/**
 * Actions per status code, in board order.
 */
actions: Array<CountDto>, };

export type MemberDto = { id: string, person_id: string, name: string, organisation_name: string | null, role: string, };

export type GroupMeetingDto = { meeting_id: string, title: string, date: string, status: string, };

export type PartnerDto = { id: string, name: string, };

export type ActionDto = { id: string, title: string, description: string | null, owner_org_id: string | null, owner_name: string | null, partners: Array<PartnerDto>, status: string, start_date: string | null, due_date: string | null, funding: string | null, overdue: boolean, sources: Array<SourceDto>, };

export type BoardColumnDto = { status: string, actions: Array<ActionDto>, };

export type GroupDetailDto = { group: GroupDto, members: Array<MemberDto>, meetings: Array<GroupMeetingDto>, board: Array<BoardColumnDto>, 
/**
 * Suggestions for the funding field.
 */
funding_suggestions: Array<string>, };

export type NewGroupDto = { territory_id: string, name: string, themes: Array<string>, };

export type NewActionDto = { title: string, description: string | null, owner_org_id: string | null, partner_org_ids: Array<string>, status: string | null, start_date: string | null, due_date: string | null, funding: string | null, note_ids: Array<string>, };

export type GroupOpDto = { "op": "rename", name: string, } | { "op": "set_status", status: string, } | { "op": "set_themes", themes: Array<string>, } | { "op": "add_member", person_id: string, role: string, } | { "op": "remove_member", member_id: string, } | { "op": "link_meeting", meeting_id: string, } | { "op": "unlink_meeting", meeting_id: string, } | { "op": "add_action", action: NewActionDto, } | { "op": "set_action_status", action_id: string, status: string, } | { "op": "edit_action", action_id: string, action: NewActionDto, } | { "op": "remove_action", action_id: string, } | { "op": "add_action_note", action_id: string, note_id: string, } | { "op": "remove_action_note", action_id: string, note_id: string, };

export type ConsentInputDto = { meeting_id: string, person_id: string, 
/**
 * register, names, quotes, photos.
 */
purpose: string, given: boolean, 
/**
 * signed_sheet, verbal, form.
 */
how: string | null, };

export type BackupDto = { 
/**
 * The file's name in the backups folder: what a restore names.
 */
name: string, 
/**
 * When it was taken, dd/mm/yyyy hh:mm.
 */
taken: string, 
/**
 * daily, manual, before-migration, before-restore, before-encrypt, before-update, damaged.
 */
reason: string, kb: number, };

export type UpdateFileDto = { 
/**
 * The file's name in the folder: what an installation names.
 */
name: string, 
/**
 * The version offered (none when refused).
 */
version: string | null, 
/**
 * What is new, in the publisher's words.
 */
notes: string | null, 
/**
 * unreadable, unsigned, damaged, other-product, other-platform, not-newer.
 */
refused: string | null, 
/**
 * The refusal in English (the page shows its own words for the code).
 */
detail: string | null, };

export type UpdatesDto = { folder: string, 
/**
 * The version running now.
 */
running: string, files: Array<UpdateFileDto>, };

export type UpdateInstalledDto = { version: string, 
/**
 * The backup of the database taken first.
 */
backup: string | null, };

export type ProblemDto = { 
/**
 * unopenable (no database at all), damaged (quick_check found damage),
 * refused (sound, and still not usable: a newer Tavolo's schema …),
 * locked (encrypted, and no keyring gave its passphrase).
 */
code: string, 
/**
 * SQLite's or Tavolo's own words, in English.
 */
detail: string, };

export type RecoveryStatusDto = { 
/**
 * Why the database cannot be used; `None` when all is well.
 */
problem: ProblemDto | null, db_path: string, backup_folder: string, 
/**
 * Newest first.
 */
backups: Array<BackupDto>, 
/**
 * Whether the database file is encrypted.
 */
encrypted: boolean, };

export type RestoredDto = { 
/**
 * Where the database as it was went: a backup before the restore, or the
 * damaged file moved aside.
 */
kept_aside: string, };

export type SalvagedTableDto = { table: string, rows: number, 
/**
 * Reading stopped at a damaged page: rows after it were not copied.
 */
stopped: boolean, };

export type SalvageDto = { file: string, tables: Array<SalvagedTableDto>, };

export type UnlockedDto = { 
/**
 * Whether a keyring now keeps the passphrase (so it is not asked again).
 */
kept_in_keyring: boolean, };

export type EncryptedDto = { 
/**
 * The backup taken first (its file name, in the backups folder).
 */
backup: string, 
/**
 * The plain backups in the folder that were encrypted too.
 */
backups_sealed: number, 
/**
 * Whether a keyring keeps the passphrase (so it is not asked at start).
 */
kept_in_keyring: boolean, };

export type ConsentDto = { 
/**
 * register, names, quotes, photos.
 */
purpose: string, given: boolean, 
/**
 * signed_sheet, verbal, form.
 */
how: string | null, 
/**
 * dd/mm/yyyy.
 */
given_on: string | null, withdrawn_on: string | null, };

export type PersonPrivacyDto = { person_id: string, name: string, minor: boolean, 
/**
 * Whether the person was erased (nothing personal is left to show).
 */
erased: boolean, 
/**
 * Only the purposes with a record; no record is no consent.
 */
consents: Array<ConsentDto>, };

export type ErasedDto = { notes_unattributed: number, texts_changed: number, values_purged: number, 
/**
 * "dd/mm/yyyy hh:mm — kind — file — laptop", one per file.
 */
files_before: Array<string>, };

export type CodeDto = { id: string, name: string, parent_id: string | null, colour: string, retired: boolean, notes: number, };

export type PassageDto = { id: string, code_id: string, code_name: string, start: number | null, end: number | null, quote: string, coder: string, review: boolean, };

export type CodingNoteDto = { note_id: string, meeting: string, text: string, table: string | null, speaker: string | null, passages: Array<PassageDto>, 
/**
 * The codes the note's #tags give it as a whole.
 */
tag_codes: Array<string>, };

export type CodePassageDto = { note_id: string, code_name: string, start: number | null, end: number | null, };

export type CodeMatrixDto = { cases: Array<string>, rows: Array<CodeDto>, cols: Array<string>, cells: Array<Array<number>>, };

export type PracticeFilterDto = { sector: string | null, target: string | null, country: string | null, status: string | null, };

export type RunnerDto = { id: string, name: string, country: string | null, };

export type PracticeDto = { id: string, title: string, summary: string, territory_id: string | null, country: string, foreign_region: string | null, 
/**
 * The territory, or the region and country abroad.
 */
place: string, sectors: Array<string>, targets: Array<string>, period_from: string | null, period_to: string | null, cost_eur: number | null, funding: string | null, evidence: string, status: string, organisations: Array<RunnerDto>, sources: Array<SourceDto>, 
/**
 * The mean of the criteria's means, once scored.
 */
overall: number | null, reviewers: number, };

export type ReviewerDto = { person_id: string, name: string, organisation: string | null, };

export type ScoreDto = { reviewer_id: string, reviewer_name: string, criterion: string, score: number, comment: string, };

export type CriterionDto = { criterion: string, count: number, mean: number | null, min: number | null, max: number | null, 
/**
 * high, medium, low; none with fewer than two scores.
 */
agreement: string | null, };

export type ReviewDto = { panel: Array<ReviewerDto>, scores: Array<ScoreDto>, criteria: Array<CriterionDto>, complete: boolean, overall: number | null, pairs_within_one: number | null, };

export type PracticeDetailDto = { practice: PracticeDto, review: ReviewDto, };

export type CatalogueDto = { practices: Array<PracticeDto>, candidates: Array<SourceDto>, };

export type ScoreInputDto = { criterion: string, score: number, comment: string | null, };

export type CompareRowDto = { criterion: string, 
/**
 * Per practice, in the order asked.
 */
means: Array<number | null>, agreements: Array<string | null>, 
/**
 * Indexes of the practices with the highest mean.
 */
best: Array<number>, };

export type ComparisonDto = { practices: Array<PracticeDto>, rows: Array<CompareRowDto>, };

export type NewPracticeDto = { title: string, summary: string, territory_id: string | null, country: string | null, foreign_region: string | null, sectors: Array<string>, targets: Array<string>, period_from: string | null, period_to: string | null, cost_eur: number | null, funding: string | null, evidence: string, organisation_ids: Array<string>, 
/**
 * The notes where it came up (kept as they are when editing).
 */
note_ids: Array<string>, };

export type UnitDto = { territory_id: string, name: string, treated: boolean, };

export type InterventionDto = { id: string, title: string, description: string, start_period: string, units: Array<UnitDto>, indicators: Array<string>, };

export type NewInterventionDto = { title: string, description: string, start_period: string, treated: Array<string>, comparison: Array<string>, };

export type OutcomeInputDto = { indicator: string, territory_id: string, period: string, value: number, };

export type UnitChangeDto = { name: string, treated: boolean, before: number, after: number, change: number, };

export type TrendPointDto = { period: string, before_start: boolean, treated: number | null, comparison: number | null, };

export type EstimateDto = { indicator: string, 
/**
 * Set when the indicator cannot be estimated yet (no values before or after).
 */
problem: string | null, before_after: number | null, comparison_change: number | null, did: number | null, ci_low: number | null, ci_high: number | null, units: Array<UnitChangeDto>, left_out: Array<string>, trend: Array<TrendPointDto>, wording: Array<string>, };

export type EvaluationDto = { intervention: InterventionDto, estimates: Array<EstimateDto>, values: number, };

export type PackageDto = { region: string, fingerprint: string, made_at: string, digest: string, };

export type RegionLineDto = { indicator: string, by: string, key: string, 
/**
 * Per region: the count, or null when hidden ("< 5") or absent.
 */
values: Array<number | null>, hidden: Array<boolean>, total: number, };

export type RegionsDto = { packages: Array<PackageDto>, regions: Array<string>, lines: Array<RegionLineDto>, };

export type PackageImportDto = { region: string, 
/**
 * added, replaced (an older package of that region), duplicate, older.
 */
outcome: string, regions: RegionsDto, };

export type CommandError = { kind: string, field: string | null, code: string | null, message: string, };
