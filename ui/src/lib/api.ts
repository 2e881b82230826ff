// Typed wrappers over the Tauri commands. The page talks to the core only through
// these functions; their argument and result types, and the commands' names, are
// generated from Rust (ipc-types.ts, commands.ts).
import { invoke } from "@tauri-apps/api/core";
import type { Command } from "./commands";
import { first } from "./first";
import type {
  UpdateInstalledDto,
  UpdatesDto,
  AgendaItemDto,
  AttendeeDto,
  CheckInNewDto,
  CoverageRowDto,
  MapDto,
  MapFilterDto,
  NewAgendaItemDto,
  PrintHeaderDto,
  ConsoleDto,
  EditNoteDto,
  MeetingDto,
  NoteVersionDto,
  ThematicSeriesDto,
  NewNoteDto,
  NewMeetingDto,
  NewPersonDto,
  NewRelationshipDto,
  OrganisationDetailDto,
  RelationshipDto,
  NoteDto,
  NoteHitDto,
  PersonDto,
  SimilarDto,
  MergedDto,
  OrgListFilterDto,
  PeopleFilterDto,
  RegisterPreviewDto,
  ImportReportDto,
  ConflictDto,
  SyncReportDto,
  SyncStatusDto,
  SynthesisDto,
  GroupDto,
  NewGroupDto,
  GroupDetailDto,
  GroupOpDto,
  CatalogueDto,
  InterventionDto,
  NewInterventionDto,
  EvaluationDto,
  OutcomeInputDto,
  RegionsDto,
  PackageImportDto,
  PracticeFilterDto,
  PracticeDetailDto,
  ScoreInputDto,
  ComparisonDto,
  NewPracticeDto,
  GuidelinesViewDto,
  GuidelinesOpDto,
  ComparedDto,
  DocumentDto,
  BackupDto,
  ConsentInputDto,
  RecoveryStatusDto,
  RestoredDto,
  SalvageDto,
  UnlockedDto,
  EncryptedDto,
  ErasedDto,
  PersonPrivacyDto,
  CodeDto,
  CodingNoteDto,
  CodePassageDto,
  CodeMatrixDto,
} from "./ipc-types";
import type {
  CommandError,
  DemoLoaded,
  DrillRowDto,
  ExportDoneDto,
  FilterDto,
  IndicatorsDto,
  NewOrganisationDto,
  OrganisationDto,
  TerritoryDto,
  WorkspaceStatus,
} from "./ipc-types";

export const api = {
  workspaceStatus: () => call<WorkspaceStatus>("workspace_status"),
  loadDemo: () => call<DemoLoaded>("load_demo"),
  /** "Start empty", remembered on this laptop. */
  startEmpty: () => call<null>("start_empty"),
  listTerritories: () => call<TerritoryDto[]>("list_territories"),
  listOrganisations: (search: string, limit: number) =>
    call<OrganisationDto[]>("list_organisations", { search, limit }),
  listPeople: (filter: PeopleFilterDto, limit: number) =>
    call<PersonDto[]>("list_people", { filter, limit }),
  filterOrganisations: (filter: OrgListFilterDto, limit: number) =>
    call<OrganisationDto[]>("filter_organisations", { filter, limit }),
  createOrganisation: (input: NewOrganisationDto) =>
    call<OrganisationDto>("create_organisation", { input }),
  updateOrganisation: (id: string, input: NewOrganisationDto) =>
    call<OrganisationDto>("update_organisation", { id, input }),
  setOrganisationArchived: (id: string, archived: boolean) =>
    call<OrganisationDto>("set_organisation_archived", { id, archived }),
  similarOrganisations: (name: string, except: string | null) =>
    call<SimilarDto[]>("similar_organisations", { name, except }),
  similarPeople: (givenName: string, familyName: string, email: string | null) =>
    call<PersonDto[]>("similar_people", { givenName, familyName, email }),
  mergeOrganisations: (keep: string, gone: string) =>
    call<MergedDto>("merge_organisations", { keep, gone }),
  /**
   * The system's open dialog; the chosen file's name, null when the user
   * cancels. The preview and the import read the file chosen here (the page
   * never passes a path).
   */
  chooseRegisterFile: () => call<string | null>("choose_register_file"),
  registerPreview: (subject: string, sheet: string | null) =>
    call<RegisterPreviewDto>("register_preview", { subject, sheet }),
  registerImport: (
    subject: string,
    sheet: string | null,
    mapping: (string | null)[],
    addUnknownOrganisations: boolean,
    dryRun: boolean,
  ) =>
    call<ImportReportDto>("register_import", {
      subject,
      sheet,
      mapping,
      addUnknownOrganisations,
      dryRun,
    }),
  indicators: (filter: FilterDto) => call<IndicatorsDto>("indicators", { filter }),
  drillDown: (filter: FilterDto, figure: string) =>
    call<DrillRowDto[]>("drill_down", { filter, figure }),
  /** Opens the save dialog, then writes the workbook; null when the user cancels. */
  exportXlsx: (filter: FilterDto, pseudonymise: boolean, exportDate: string) =>
    call<ExportDoneDto | null>("export_xlsx", { filter, pseudonymise, exportDate }),
  listMeetings: () => call<MeetingDto[]>("list_meetings"),
  meetingConsole: (meetingId: string) => call<ConsoleDto>("meeting_console", { meetingId }),
  searchPeople: (search: string, limit: number) =>
    call<PersonDto[]>("search_people", { search, limit }),
  /** A consent given or withdrawn today; the meeting's attendees as they now show. */
  setConsent: (input: ConsentInputDto) => call<AttendeeDto[]>("set_consent", { input }),
  checkIn: (meetingId: string, personId: string, role: string) =>
    call<AttendeeDto[]>("check_in", { meetingId, personId, role }),
  checkInNewPerson: (input: CheckInNewDto) =>
    call<AttendeeDto[]>("check_in_new_person", { input }),
  /** Resolves once the note is on disk. */
  addNote: (input: NewNoteDto) => call<NoteDto>("add_note", { input }),
  saveDraft: (meetingId: string, text: string) => call<null>("save_draft", { meetingId, text }),
  /** Opens the save dialog, then writes the .ics; the path, or null when cancelled. */
  exportIcs: () => call<string | null>("export_ics"),
  printHeader: () => call<PrintHeaderDto>("print_header"),
  setPrintHeader: (project: string, funder: string) => call<null>("set_print_header", { project, funder }),
  /** Adds an agenda item; resolves to the whole agenda once it is on disk. */
  addAgendaItem: (input: NewAgendaItemDto) => call<AgendaItemDto[]>("add_agenda_item", { input }),
  removeAgendaItem: (itemId: string) => call<AgendaItemDto[]>("remove_agenda_item", { itemId }),
  setMeetingStatus: (meetingId: string, status: string) =>
    call<MeetingDto>("set_meeting_status", { meetingId, status }),
  editNote: (noteId: string, input: EditNoteDto) => call<NoteDto>("edit_note", { noteId, input }),
  organisationDetail: (organisationId: string) =>
    call<OrganisationDetailDto>("organisation_detail", { organisationId }),
  createPerson: (input: NewPersonDto) => call<PersonDto>("create_person", { input }),
  createRelationship: (input: NewRelationshipDto) =>
    call<RelationshipDto>("create_relationship", { input }),
  networkMap: (filter: MapFilterDto) => call<MapDto>("network_map", { filter }),
  coverage: () => call<CoverageRowDto[]>("coverage"),
  exportGraphml: (filter: MapFilterDto) => call<string | null>("export_graphml", { filter }),
  saveMapPng: (pngBase64: string) => call<string | null>("save_map_png", { pngBase64 }),
  saveMapSvg: (svg: string) => call<string | null>("save_map_svg", { svg }),
  createMeeting: (input: NewMeetingDto) => call<MeetingDto>("create_meeting", { input }),
  planThematicSeries: (input: ThematicSeriesDto) =>
    call<MeetingDto[]>("plan_thematic_series", { input }),
  /** Opens the save dialog, then writes the minutes as .odt; the path, or null. */
  exportMinutesOdt: (meetingId: string, project: string, funder: string) =>
    call<string | null>("export_minutes_odt", { meetingId, project, funder }),
  moveNote: (noteId: string, up: boolean) => call<NoteDto[]>("move_note", { noteId, up }),
  splitNote: (noteId: string, at: number) => call<NoteDto[]>("split_note", { noteId, at }),
  mergeNotes: (firstId: string, secondId: string) =>
    call<NoteDto[]>("merge_notes", { firstId, secondId }),
  searchNotes: (query: string, meetingId: string | null, kind: string | null, limit: number) =>
    call<NoteHitDto[]>("search_notes", { query, meetingId, kind, limit }),
  noteHistory: (noteId: string) => call<NoteVersionDto[]>("note_history", { noteId }),
  syncStatus: () => call<SyncStatusDto>("sync_status"),
  /** The system's folder dialog; the folder chosen, or null when cancelled. */
  chooseSyncFolder: () => call<string | null>("choose_sync_folder"),
  syncNow: () => call<SyncReportDto>("sync_now"),
  /** A folder dialog (a USB stick), then this laptop's new changes written there. */
  exportChanges: () => call<SyncReportDto | null>("export_changes"),
  /** An open dialog for bundles, then applied. */
  importChanges: () => call<SyncReportDto | null>("import_changes"),
  syncConflicts: () => call<ConflictDto[]>("sync_conflicts"),
  resolveConflict: (id: string, keep: "mine" | "theirs" | "merged", text: string | null) =>
    call<null>("resolve_conflict", { id, keep, text }),
  synthesisReport: (meetingId: string) => call<SynthesisDto>("synthesis_report", { meetingId }),
  setTableSynthesis: (meetingId: string, tableId: string, text: string) =>
    call<SynthesisDto>("set_table_synthesis", { meetingId, tableId, text }),
  /** The save dialog, then the report as .docx or .odt; the path, or null. */
  exportSynthesis: (meetingId: string, format: "docx" | "odt") =>
    call<string | null>("export_synthesis", { meetingId, format }),
  listGroups: () => call<GroupDto[]>("list_groups"),
  createGroup: (input: NewGroupDto) => call<GroupDetailDto>("create_group", { input }),
  groupDetail: (groupId: string) => call<GroupDetailDto>("group_detail", { groupId }),
  /** One change to a group; resolves to its page once it is on disk. */
  editGroup: (groupId: string, op: GroupOpDto) => call<GroupDetailDto>("edit_group", { groupId, op }),
  practiceCatalogue: (filter: PracticeFilterDto) => call<CatalogueDto>("practice_catalogue", { filter }),
  practiceDetail: (practiceId: string) => call<PracticeDetailDto>("practice_detail", { practiceId }),
  /** A good-practice note becomes a practice (the same one if promoted before). */
  promoteNote: (noteId: string) => call<PracticeDetailDto>("promote_note", { noteId }),
  /** A reviewer's scores, all in one transaction; resolves once on disk. */
  scorePractice: (practiceId: string, reviewerId: string, scores: ScoreInputDto[]) =>
    call<PracticeDetailDto>("score_practice", { practiceId, reviewerId, scores }),
  /** A new practice (id null) or the form's fields for one already there. */
  savePractice: (practiceId: string | null, input: NewPracticeDto) =>
    call<PracticeDetailDto>("save_practice", { practiceId, input }),
  archivePractice: (practiceId: string, archived: boolean) =>
    call<PracticeDetailDto>("archive_practice", { practiceId, archived }),
  comparePractices: (practiceIds: string[]) => call<ComparisonDto>("compare_practices", { practiceIds }),
  interventions: () => call<InterventionDto[]>("interventions"),
  createIntervention: (input: NewInterventionDto) => call<EvaluationDto>("create_intervention", { input }),
  evaluateIntervention: (interventionId: string) => call<EvaluationDto>("evaluate_intervention", { interventionId }),
  /** One value typed in; resolves to the estimates once it is on disk. */
  recordOutcome: (interventionId: string, value: OutcomeInputDto) =>
    call<EvaluationDto>("record_outcome", { interventionId, value }),
  /** The open dialog, then the sheet's values (all or none); null when cancelled. */
  importOutcomes: (interventionId: string, indicator: string | null) =>
    call<EvaluationDto | null>("import_outcomes", { interventionId, indicator }),
  regions: () => call<RegionsDto>("regions"),
  /** The open dialog, then the package checked and kept; null when cancelled. */
  importPackage: () => call<PackageImportDto | null>("import_package"),
  removePackage: (digest: string) => call<RegionsDto>("remove_package", { digest }),
  /** The save dialog, then this region's package; the path, or null. */
  exportPackage: (region: string) => call<string | null>("export_package", { region }),
  exportRegions: () => call<string | null>("export_regions"),
  exportPractices: (format: "docx" | "xlsx", compare: string[]) =>
    call<string | null>("export_practices", { format, compare }),
  guidelinesView: (territoryId: string) => call<GuidelinesViewDto>("guidelines_view", { territoryId }),
  /** One change to a territory's guidelines; resolves to the page once on disk. */
  editGuidelines: (territoryId: string, op: GuidelinesOpDto) =>
    call<GuidelinesViewDto>("edit_guidelines", { territoryId, op }),
  compareGuidelines: (territoryId: string, versionId: string) =>
    call<ComparedDto[]>("compare_guidelines", { territoryId, versionId }),
  guidelinesDocument: (territoryId: string) => call<DocumentDto>("guidelines_document", { territoryId }),
  /** The save dialog, then the guidelines as .docx or .odt; the path, or null. */
  exportGuidelines: (territoryId: string, format: "docx" | "odt") =>
    call<string | null>("export_guidelines", { territoryId, format }),
  /** Accepts a device's clock: its bundles held back for being far ahead apply next. */
  acceptClock: (device: string) => call<null>("accept_clock", { device }),
  /** Whether the database can be used, and the backups beside it. */
  recoveryStatus: () => call<RecoveryStatusDto>("recovery_status"),
  createBackup: () => call<BackupDto>("create_backup"),
  /** One of the listed backups, by its file name. */
  restoreBackup: (name: string) => call<RestoredDto>("restore_backup", { name }),
  /** A backup chosen in the open dialog; null when cancelled. */
  restoreBackupFile: () => call<RestoredDto | null>("restore_backup_file"),
  openOtherDatabase: () => call<string | null>("open_other_database"),
  /** What can still be read, into a file chosen in the save dialog. */
  salvageDatabase: () => call<SalvageDto | null>("salvage_database"),
  /** Opens the encrypted database with a typed passphrase (kept in the keyring if `remember`). */
  unlockDatabase: (passphrase: string, remember: boolean) =>
    call<UnlockedDto>("unlock_database", { passphrase, remember }),
  /** A folder dialog, then the update files there (null when cancelled). */
  findUpdates: () => call<UpdatesDto | null>("find_updates"),
  /** Installs an update of the folder chosen, by its file name (a backup first). */
  installUpdate: (name: string) => call<UpdateInstalledDto>("install_update", { name }),
  /** Starts the app again: the new version after an update. */
  restartApp: () => call<null>("restart_app"),
  /** Encrypts the open plain database in place with a new passphrase (a backup first). */
  encryptDatabase: (passphrase: string, remember: boolean) =>
    call<EncryptedDto>("encrypt_database", { passphrase, remember }),
  /** A person's consents and minor flag, for the privacy panel. */
  personPrivacy: (personId: string) => call<PersonPrivacyDto>("person_privacy", { personId }),
  setPersonConsent: (personId: string, purpose: string, given: boolean, how: string | null) =>
    call<PersonPrivacyDto>("set_person_consent", { personId, purpose, given, how }),
  setPersonMinor: (personId: string, minor: boolean) =>
    call<PersonPrivacyDto>("set_person_minor", { personId, minor }),
  /** Everything held about the person into a file chosen in the save dialog (docx, odt, json). */
  exportPersonData: (personId: string, format: string) =>
    call<string | null>("export_person_data", { personId, format }),
  /** Erasure on request; cannot be undone. */
  erasePerson: (personId: string) => call<ErasedDto>("erase_person", { personId }),
  /** The codebook (made from the #tags first) with how many notes each code is on. */
  codebook: () => call<CodeDto[]>("codebook"),
  codingNotes: (meetingId: string) => call<CodingNoteDto[]>("coding_notes", { meetingId }),
  /** Codes a passage (a new code name makes the code); resolves to the note once on disk. */
  codePassage: (input: CodePassageDto) => call<CodingNoteDto>("code_passage", { input }),
  removePassage: (passageId: string) => call<CodingNoteDto>("remove_passage", { passageId }),
  codingMatrix: (cols: string) => call<CodeMatrixDto>("coding_matrix", { cols }),
  codingCell: (cols: string, codeId: string, caseName: string) =>
    call<CodingNoteDto[]>("coding_cell", { cols, codeId, case: caseName }),
  /** Asks where to save the analysis workbook; resolves to its path, or null if cancelled. */
  exportAnalysis: () => call<string | null>("export_analysis"),
};

/** Calls a command; `Command` (generated from Rust) admits only real command names. */
// Commands under way. The end-to-end tests click only when none is: an answer
// arriving lays the page out again, and would move a button under the pointer.
let pending = 0;
(globalThis as unknown as { __tavoloPending: () => number }).__tavoloPending = () => pending;

async function call<T>(command: Command, args?: Record<string, unknown>): Promise<T> {
  // The first screen's calls are answered by what the app gave with the page.
  const given = first.take(command, args);
  if (given !== undefined) return given as T;
  pending += 1;
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw asCommandError(e);
  } finally {
    pending -= 1;
  }
}

/** Whatever a command rejected with, as a CommandError. */
export function asCommandError(e: unknown): CommandError {
  if (typeof e === "object" && e !== null && "kind" in e && "message" in e) {
    const o = e as Partial<CommandError>;
    return {
      kind: String(o.kind),
      field: o.field ?? null,
      code: o.code ?? null,
      message: String(o.message),
    };
  }
  return { kind: "internal", field: null, code: null, message: String(e) };
}
