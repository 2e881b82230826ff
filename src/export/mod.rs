//! Exports for regional offices and funders.

pub mod sheets;
pub mod xlsx;
