//! The types that cross the IPC boundary, serialised as JSON for the web UI.
//!
//! They mirror core types field by field; the TypeScript declarations in
//! `ui/src/lib/ipc-types.ts` are generated from them (`make types`), and the test
//! `ipc_types_are_fresh` fails when the committed file is stale. Codes of closed
//! lists (kind, level, sectors ...) travel as strings; the UI shows them through its
//! message catalogues.

pub mod coding;
pub mod evaluation;
pub mod files;
pub mod groups;
pub mod guidelines;
pub mod indicators;
pub mod map;
pub mod meetings;
pub mod notes;
pub mod practices;
pub mod privacy;
pub mod recovery;
pub mod register;
pub mod sync;
pub mod updates;
pub mod workspace;

use serde::Serialize;
use ts_rs::TS;

use coding::*;
use evaluation::*;
use files::*;
use groups::*;
use guidelines::*;
use indicators::*;
use map::*;
use meetings::*;
use notes::*;
use practices::*;
use privacy::*;
use recovery::*;
use register::*;
use sync::*;
use updates::*;
use workspace::*;

/// An optional text as a form sends it: `None` when empty or only spaces.
pub(crate) fn blank(value: Option<String>) -> Option<String> {
    value.filter(|s| !s.trim().is_empty())
}

/// The one error type of every command. `kind` is what the UI acts on
/// (not_found, invalid, conflict, file, storage, internal); `field` and `code` say
/// which input and why, so the UI can show the message in the user's language;
/// `message` is an English fallback.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CommandError {
    pub kind: String,
    pub field: Option<String>,
    pub code: Option<String>,
    pub message: String,
}

impl From<tavolo::Error> for CommandError {
    fn from(e: tavolo::Error) -> Self {
        let (field, code) = match &e {
            tavolo::Error::Invalid { field, problem } => {
                (Some(field.clone()), Some(problem.code().to_owned()))
            }
            _ => (None, None),
        };
        let message = match &e {
            // Storage details may contain data; they are not shown in the page.
            tavolo::Error::Storage(_) => "the database reported an error".to_owned(),
            other => other.to_string(),
        };
        CommandError {
            kind: e.kind().to_owned(),
            field,
            code,
            message,
        }
    }
}

/// Every IPC type, in the order they are written to the generated TypeScript file.
pub fn typescript_declarations() -> String {
    let decls = [
        WorkspaceStatus::decl(),
        DemoLoaded::decl(),
        Vocabulary::decl(),
        TerritoryDto::decl(),
        OrganisationDto::decl(),
        NewOrganisationDto::decl(),
        FilterDto::decl(),
        CountDto::decl(),
        IndicatorsDto::decl(),
        DrillRowDto::decl(),
        ExportDoneDto::decl(),
        ExportProgressDto::decl(),
        MeetingDto::decl(),
        PersonDto::decl(),
        AttendeeDto::decl(),
        QuestionDto::decl(),
        TableDto::decl(),
        NoteDto::decl(),
        ConsoleDto::decl(),
        NewNoteDto::decl(),
        CheckInNewDto::decl(),
        EditNoteDto::decl(),
        ThematicSeriesDto::decl(),
        NoteHitDto::decl(),
        NewMeetingDto::decl(),
        SpeakerDto::decl(),
        AgendaItemDto::decl(),
        NewSpeakerDto::decl(),
        NewAgendaItemDto::decl(),
        RelationshipDto::decl(),
        NewRelationshipDto::decl(),
        NewPersonDto::decl(),
        OrganisationDetailDto::decl(),
        MapFilterDto::decl(),
        MapNodeDto::decl(),
        MapEdgeDto::decl(),
        TerritoryMeasuresDto::decl(),
        MapClusterDto::decl(),
        MapClusterLinkDto::decl(),
        MapDto::decl(),
        CoverageRowDto::decl(),
        NoteVersionDto::decl(),
        OrgListFilterDto::decl(),
        PeopleFilterDto::decl(),
        SimilarDto::decl(),
        MergedDto::decl(),
        RegisterPreviewDto::decl(),
        RemarkDto::decl(),
        RowReportDto::decl(),
        ImportReportDto::decl(),
        PeerDto::decl(),
        HeldDto::decl(),
        SyncStatusDto::decl(),
        SyncReportDto::decl(),
        SyncProgressDto::decl(),
        ConflictDto::decl(),
        PrintHeaderDto::decl(),
        SourceDto::decl(),
        CommentDto::decl(),
        ClauseDto::decl(),
        SectionDto::decl(),
        SetAsideDto::decl(),
        VersionDto::decl(),
        GuidelinesDto::decl(),
        GuidelinesViewDto::decl(),
        GuidelinesOpDto::decl(),
        ComparedDto::decl(),
        BlockDto::decl(),
        DocumentDto::decl(),
        TableSynthesisDto::decl(),
        SynthesisDto::decl(),
        GroupDto::decl(),
        MemberDto::decl(),
        GroupMeetingDto::decl(),
        PartnerDto::decl(),
        ActionDto::decl(),
        BoardColumnDto::decl(),
        GroupDetailDto::decl(),
        NewGroupDto::decl(),
        NewActionDto::decl(),
        GroupOpDto::decl(),
        ConsentInputDto::decl(),
        BackupDto::decl(),
        UpdateFileDto::decl(),
        UpdatesDto::decl(),
        UpdateInstalledDto::decl(),
        ProblemDto::decl(),
        RecoveryStatusDto::decl(),
        RestoredDto::decl(),
        SalvagedTableDto::decl(),
        SalvageDto::decl(),
        UnlockedDto::decl(),
        EncryptedDto::decl(),
        ConsentDto::decl(),
        PersonPrivacyDto::decl(),
        ErasedDto::decl(),
        CodeDto::decl(),
        PassageDto::decl(),
        CodingNoteDto::decl(),
        CodePassageDto::decl(),
        CodeMatrixDto::decl(),
        PracticeFilterDto::decl(),
        RunnerDto::decl(),
        PracticeDto::decl(),
        ReviewerDto::decl(),
        ScoreDto::decl(),
        CriterionDto::decl(),
        ReviewDto::decl(),
        PracticeDetailDto::decl(),
        CatalogueDto::decl(),
        ScoreInputDto::decl(),
        CompareRowDto::decl(),
        ComparisonDto::decl(),
        NewPracticeDto::decl(),
        UnitDto::decl(),
        InterventionDto::decl(),
        NewInterventionDto::decl(),
        OutcomeInputDto::decl(),
        UnitChangeDto::decl(),
        TrendPointDto::decl(),
        EstimateDto::decl(),
        EvaluationDto::decl(),
        PackageDto::decl(),
        RegionLineDto::decl(),
        RegionsDto::decl(),
        PackageImportDto::decl(),
        CommandError::decl(),
    ];
    let mut out = String::from(
        "// Generated from src-tauri/src/dto.rs by `make types`. Do not edit by hand.\n",
    );
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(&d);
        out.push('\n');
    }
    out
}
