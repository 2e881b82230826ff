//! What the demo's meetings said: the themes and a bank of notes of every kind.

use crate::vocabulary::{NoteKind, Theme};

pub(super) const THEMES: &[(Theme, &str)] = &[
    (Theme::Health, "Salute"),
    (Theme::Education, "Istruzione"),
    (Theme::Work, "Lavoro"),
    (Theme::Housing, "Casa"),
];

/// What facilitators note in the thematic meetings: kind and text with its #tags.
pub(super) const NOTE_BANK: &[(NoteKind, &str)] = &[
    (NoteKind::Need, "Servono mediatori linguistici negli sportelli, non solo su chiamata #mediazione"),
    (NoteKind::CriticalIssue, "La modulistica è solo in italiano e le famiglie rinunciano #accesso #modulistica"),
    (NoteKind::GoodPractice, "Il tavolo mensile tra Comune, ASP e terzo settore ha ridotto i tempi di presa in carico #governance"),
    (NoteKind::Recommendation, "Inserire i richiedenti asilo nella programmazione ordinaria dei Piani di Zona #governance #programmazione"),
    (NoteKind::Proposal, "Uno sportello unico di orientamento nei locali del Comune, aperto anche il sabato #accesso"),
    (NoteKind::Commitment, "L'ufficio anagrafe si impegna a pubblicare la procedura per la residenza fittizia #residenza"),
    (NoteKind::Quote, "«Quando arrivi non sai a quale porta bussare»"),
    (NoteKind::Need, "Mancano dati condivisi sugli utenti stranieri dei servizi territoriali #monitoraggio"),
    (NoteKind::CriticalIssue, "I trasporti non collegano le campagne ai servizi: chi lavora nei campi non arriva agli orari di apertura #trasporti"),
    (NoteKind::GoodPractice, "Le associazioni di migranti hanno co-progettato il volantino multilingue #partecipazione"),
    (NoteKind::Recommendation, "Formare insieme operatori pubblici e del privato sociale, non in percorsi separati #formazione"),
    (NoteKind::Proposal, "Un gruppo di lavoro territoriale per scrivere le linee guida sull'accoglienza nei servizi #lineeguida"),
    (NoteKind::Need, "I neomaggiorenni usciti dall'accoglienza restano senza casa e senza lavoro #neomaggiorenni #casa"),
    (NoteKind::CriticalIssue, "Il rinnovo del permesso di soggiorno blocca l'iscrizione al centro per l'impiego #permesso #lavoro"),
    (NoteKind::GoodPractice, "Il CPIA ha aperto corsi di italiano serali per chi lavora di giorno #italiano #scuola"),
    (NoteKind::Recommendation, "Valutare i progetti con indicatori condivisi fin dall'inizio, non alla fine #monitoraggio #valutazione"),
    (NoteKind::Proposal, "Una mappa dei servizi aggiornata dagli stessi enti della rete #mappa"),
    (NoteKind::Commitment, "L'ASP mette a disposizione due mediatrici per l'ambulatorio STP #salute #mediazione"),
    (NoteKind::Quote, "«Il servizio c'è, ma nessuno lo sa»"),
    (NoteKind::Need, "Le scuole chiedono supporto per l'inserimento degli alunni arrivati in corso d'anno #scuola"),
    (NoteKind::CriticalIssue, "Il caporalato resta invisibile ai servizi sociali #lavoro #caporalato"),
    (NoteKind::GoodPractice, "Il protocollo con la Prefettura ha semplificato gli appuntamenti per i permessi #protocollo"),
    (NoteKind::Recommendation, "Coinvolgere le comunità straniere nella valutazione dei servizi #partecipazione #valutazione"),
    (NoteKind::Proposal, "Agenzia sociale per la casa con garanzia pubblica per i proprietari #casa"),
];

/// Notes per held meeting in the first copy (the demo proper) and in the copies
/// made for benchmarks.
pub(super) const NOTES_FIRST: usize = 8;
pub(super) const NOTES_COPY: usize = 28;
