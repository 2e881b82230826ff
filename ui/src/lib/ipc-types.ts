// Generated from src-tauri/src/dto.rs by `make types`. Do not edit by hand.

export type WorkspaceStatus = { 
/**
 * True when the workspace holds no records yet (show the first-launch screen).
 */
empty: boolean, 
/**
 * The database file, shown in the settings so people know where their data is.
 */
db_path: string, organisations: number, people: number, meetings: number, };

export type DemoLoaded = { territories: number, organisations: number, people: number, meetings: number, attendance: number, };

export type Vocabulary = { territory_kinds: Array<string>, org_kinds: Array<string>, levels: Array<string>, sectors: Array<string>, operator_categories: Array<string>, meeting_kinds: Array<string>, themes: Array<string>, meeting_statuses: Array<string>, attendance_roles: Array<string>, };

export type TerritoryDto = { id: string, kind: string, name: string, parent_id: string | null, };

export type OrganisationDto = { id: string, name: string, short_name: string | null, kind: string, is_public: boolean, level: string, sectors: Array<string>, territory_id: string | null, territory_name: string | null, country: string | null, email: string | null, phone: string | null, notes: string, };

export type NewOrganisationDto = { name: string, short_name: string | null, kind: string, is_public: boolean | null, level: string, sectors: Array<string>, territory_id: string | null, country: string | null, email: string | null, phone: string | null, notes: string, };

export type CommandError = { kind: string, field: string | null, code: string | null, message: string, };
