//! The stakeholder register: territories, organisations, the people who belong to
//! them, the typed relationships of the map, and finding and merging duplicates.

pub mod duplicates;
pub mod organisations;
pub mod people;
pub mod relationships;
pub mod territories;
