//! Hybrid logical clock.
//!
//! Every field a write changes is stamped with an [`Hlc`]: wall-clock milliseconds,
//! a counter that breaks ties inside one millisecond (and keeps time moving forward
//! when the wall clock goes back), and the device id. Its text form sorts in the
//! same order as the clock itself, so "latest write wins" is a string comparison in
//! SQL and in Rust, identical on every laptop.

use std::fmt;
use std::str::FromStr;

/// A source of wall-clock time. Tests use a fixed clock so that sync and merge
/// results are deterministic; the application uses [`SystemClock`].
pub trait Clock: Send {
    /// Milliseconds since the Unix epoch.
    fn now_millis(&self) -> u64;
}

/// The operating system's clock. This is the only place the core reads it.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)]
    fn now_millis(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(0)
    }
}

/// A clock that returns a fixed time, for tests.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub u64);

impl Clock for FixedClock {
    fn now_millis(&self) -> u64 {
        self.0
    }
}

/// One hybrid-logical-clock timestamp.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    pub millis: u64,
    pub counter: u32,
    pub device: String,
}

const MILLIS_WIDTH: usize = 15;
const COUNTER_WIDTH: usize = 10;

impl Hlc {
    /// The zero timestamp of a device, older than any real write.
    pub fn zero(device: &str) -> Self {
        Hlc {
            millis: 0,
            counter: 0,
            device: device.to_owned(),
        }
    }

    /// The next timestamp for a local write, after `self` (the latest seen).
    pub fn tick(&self, now_millis: u64, device: &str) -> Hlc {
        if now_millis > self.millis {
            Hlc {
                millis: now_millis,
                counter: 0,
                device: device.to_owned(),
            }
        } else {
            Hlc {
                millis: self.millis,
                counter: self.counter.saturating_add(1),
                device: device.to_owned(),
            }
        }
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:0mw$}-{:0cw$}-{}",
            self.millis,
            self.counter,
            self.device,
            mw = MILLIS_WIDTH,
            cw = COUNTER_WIDTH
        )
    }
}

/// The text was not a timestamp written by [`Hlc`]'s `Display`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a clock timestamp")]
pub struct BadHlc(pub String);

impl FromStr for Hlc {
    type Err = BadHlc;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadHlc(s.to_owned());
        let mut parts = s.splitn(3, '-');
        let millis = parts.next().ok_or_else(bad)?;
        let counter = parts.next().ok_or_else(bad)?;
        let device = parts.next().ok_or_else(bad)?;
        if millis.len() != MILLIS_WIDTH || counter.len() != COUNTER_WIDTH || device.is_empty() {
            return Err(bad());
        }
        Ok(Hlc {
            millis: millis.parse().map_err(|_| bad())?,
            counter: counter.parse().map_err(|_| bad())?,
            device: device.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    #[test]
    fn tick_moves_forward_when_the_wall_clock_goes_back() {
        let a = Hlc::zero("dev").tick(1_000, "dev");
        let b = a.tick(500, "dev");
        assert!(b > a);
        assert_eq!((b.millis, b.counter), (1_000, 1));
    }

    #[test]
    fn text_form_round_trips() {
        let h = Hlc {
            millis: 1_732_345_678_901,
            counter: 7,
            device: "abc".into(),
        };
        assert_eq!(h.to_string(), "001732345678901-0000000007-abc");
        assert_eq!(h.to_string().parse::<Hlc>(), Ok(h));
        assert!("12-3-x".parse::<Hlc>().is_err());
    }

    proptest! {
        #[test]
        fn text_order_is_clock_order(
            a in (0u64..10_000_000_000_000, 0u32..u32::MAX, "[0-9a-f]{4}"),
            b in (0u64..10_000_000_000_000, 0u32..u32::MAX, "[0-9a-f]{4}"),
        ) {
            let a = Hlc { millis: a.0, counter: a.1, device: a.2 };
            let b = Hlc { millis: b.0, counter: b.1, device: b.2 };
            prop_assert_eq!(a.cmp(&b), a.to_string().cmp(&b.to_string()));
        }
    }
}
