//! Pure decisions of a session task: poll timing, retries, expiry. No I/O; table-tested.

use std::time::Duration;

/// Poll timing: short first interval, exponential backoff with jitter, a cap.
pub const FIRST_POLL: Duration = Duration::from_millis(250);
pub const MAX_POLL: Duration = Duration::from_secs(5);
/// Transient failures one session may absorb before it is marked failed.
pub const RETRY_BUDGET: u32 = 40;
/// How long an Amlyze assessment or a peer answer is followed before giving up.
pub(crate) const FOLLOW_LIMIT: Duration = Duration::from_secs(15 * 60);

pub fn next_interval(d: Duration) -> Duration {
    (d.mul_f64(1.6)).min(MAX_POLL)
}
