//! Exports for regional offices and funders.

pub mod ics;
pub mod sheets;
pub mod xlsx;
