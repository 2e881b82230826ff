//! Sync between laptops without a server: each laptop writes its new changes as
//! an immutable, checked bundle (`bundle`) into a folder — a USB stick, a folder
//! kept in step by Syncthing or Nextcloud — or a file sent by e-mail, and applies
//! every other device's bundles (`exchange`), in any order, last writer wins per
//! field (`store::replay`); a text edited on two laptops apart keeps both values
//! until someone resolves it (`conflicts`). `identity` is who is syncing: the
//! workspace and this device.

pub mod bundle;
mod check;
pub mod conflicts;
pub mod exchange;
pub mod identity;
pub mod lock;
pub mod status;

pub use exchange::{export_to, folder, import, Arrived, Exported};
pub use status::{status, Held, Peer, Status};
