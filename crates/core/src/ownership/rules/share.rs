//! Percentages known exactly or as intervals, and the threshold comparisons.

use super::TOLERANCE;

/// A percentage known exactly or as an interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Share {
    pub lo: f64,
    pub hi: f64,
    /// The lower end itself is excluded (`exclusiveMinimum`).
    pub lo_open: bool,
    /// The upper end itself is excluded (`exclusiveMaximum`).
    pub hi_open: bool,
}

impl Share {
    pub const ZERO: Share = Share {
        lo: 0.0,
        hi: 0.0,
        lo_open: false,
        hi_open: false,
    };

    pub fn exact(v: f64) -> Share {
        Share {
            lo: v,
            hi: v,
            lo_open: false,
            hi_open: false,
        }
    }

    /// Unstated: anything from 0 to 100 %.
    pub fn unknown() -> Share {
        Share {
            lo: 0.0,
            hi: 100.0,
            lo_open: false,
            hi_open: false,
        }
    }

    pub fn range(lo: f64, lo_open: bool, hi: f64, hi_open: bool) -> Share {
        Share {
            lo,
            hi,
            lo_open,
            hi_open,
        }
    }

    pub fn is_exact(&self) -> bool {
        (self.hi - self.lo).abs() <= TOLERANCE && !self.lo_open && !self.hi_open
    }

    /// Shares multiplied (percent × percent / 100).
    pub fn times(self, o: Share) -> Share {
        let pos = |v: f64, open: bool| v > 0.0 || open;
        Share {
            lo: self.lo * o.lo / 100.0,
            hi: self.hi * o.hi / 100.0,
            lo_open: (self.lo_open || o.lo_open)
                && pos(self.lo, self.lo_open)
                && pos(o.lo, o.lo_open),
            hi_open: self.hi_open || o.hi_open,
        }
    }

    pub fn plus(self, o: Share) -> Share {
        Share {
            lo: self.lo + o.lo,
            hi: self.hi + o.hi,
            lo_open: self.lo_open || o.lo_open,
            hi_open: self.hi_open || o.hi_open,
        }
    }

    /// The larger of two holdings (shares or votes, whichever is larger), end by end.
    pub fn max(self, o: Share) -> Share {
        let (lo, lo_open) = if self.lo > o.lo || (self.lo == o.lo && self.lo_open) {
            (self.lo, self.lo_open)
        } else {
            (o.lo, o.lo_open)
        };
        let (hi, hi_open) = if self.hi > o.hi || (self.hi == o.hi && !self.hi_open) {
            (self.hi, self.hi_open)
        } else {
            (o.hi, o.hi_open)
        };
        Share {
            lo,
            hi,
            lo_open,
            hi_open,
        }
    }

    pub(super) fn capped(self) -> Share {
        Share {
            lo: self.lo.clamp(0.0, 100.0),
            hi: self.hi.clamp(0.0, 100.0),
            ..self
        }
    }

    /// More than `t` for every value allowed.
    pub fn surely_above(&self, t: f64) -> bool {
        self.lo > t + TOLERANCE || (self.lo_open && self.lo >= t - TOLERANCE)
    }
    /// More than `t` for some value allowed.
    pub fn maybe_above(&self, t: f64) -> bool {
        self.hi > t + TOLERANCE
    }
    /// `t` or more for every value allowed.
    pub fn surely_at_least(&self, t: f64) -> bool {
        self.lo >= t - TOLERANCE
    }
    /// `t` or more for some value allowed.
    pub fn maybe_at_least(&self, t: f64) -> bool {
        self.hi > t + TOLERANCE || (!self.hi_open && self.hi >= t - TOLERANCE)
    }
}
