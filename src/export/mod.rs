//! Exports for regional offices and funders.

pub mod ics;
pub mod odt;
pub mod sheets;
pub mod xlsx;
