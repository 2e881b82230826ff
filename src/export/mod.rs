//! Exports of the workspace for offices and funders.

pub mod xlsx;
