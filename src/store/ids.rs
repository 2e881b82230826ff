//! Record identifiers.
//!
//! Records get UUIDv7 ids (time-ordered, so new rows land at the end of indexes);
//! link rows get a UUIDv5 of their two ends, so the same link made on two laptops is
//! one row after sync.

use uuid::Uuid;

/// The namespace of Tavolo's name-based (v5) ids. Never change it: ids derived from
/// it are stored in databases and exchange files.
const NAMESPACE: Uuid = Uuid::from_u128(0x6d1f_5a0e_2b47_4c8e_9a3c_7f21_d0b4_e915);

/// A new record id.
pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// The id of the link between `a` and `b`, of the given kind (e.g. "attendance").
pub fn link_id(kind: &str, a: &str, b: &str) -> String {
    Uuid::new_v5(&NAMESPACE, format!("{kind}\n{a}\n{b}").as_bytes()).to_string()
}

/// A deterministic UUIDv7 for generated data (the demo workspace): the timestamp is
/// `millis`, the random bits come from `key`, so the same call gives the same id.
pub fn fixed_v7(millis: u64, key: &str) -> String {
    let hash = Uuid::new_v5(&NAMESPACE, key.as_bytes());
    let bytes = hash.as_bytes();
    let mut random = [0u8; 10];
    random.copy_from_slice(&bytes[6..16]);
    uuid::Builder::from_unix_timestamp_millis(millis, &random)
        .into_uuid()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_ids_are_deterministic_and_ordered() {
        assert_eq!(
            link_id("attendance", "m", "p"),
            link_id("attendance", "m", "p")
        );
        assert_ne!(
            link_id("attendance", "m", "p"),
            link_id("attendance", "p", "m")
        );
        let id = Uuid::parse_str(&link_id("attendance", "m", "p")).map(|u| u.get_version_num());
        assert_eq!(id, Ok(5));
    }

    #[test]
    fn fixed_v7_is_a_v7_and_repeatable() {
        let a = fixed_v7(1_700_000_000_000, "x");
        assert_eq!(a, fixed_v7(1_700_000_000_000, "x"));
        assert_ne!(a, fixed_v7(1_700_000_000_000, "y"));
        assert_eq!(Uuid::parse_str(&a).map(|u| u.get_version_num()), Ok(7));
        assert_eq!(
            Uuid::parse_str(&new_id()).map(|u| u.get_version_num()),
            Ok(7)
        );
    }
}
