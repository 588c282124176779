//! [`I256`]: a 256-bit two's-complement integer, just enough of one for
//! [`super::ExactSum`]: exact addition (checked or saturating), rounding from `f64`,
//! conversion to `f64`, and decimal text. Payoffs up to 10²⁰ (a flow of 10¹⁵ summed
//! over the longest horizon), squared and scaled by 2³², summed over 10¹² runs stay
//! below 2²⁰⁵: far inside its range of ±2²⁵⁵.

use std::cmp::Ordering;
use std::fmt;

/// A signed 256-bit integer, little-endian 64-bit limbs in two's complement.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Hash)]
pub struct I256 {
    limbs: [u64; 4],
}

impl I256 {
    pub const ZERO: I256 = I256 { limbs: [0; 4] };
    pub const MAX: I256 = I256 {
        limbs: [u64::MAX, u64::MAX, u64::MAX, u64::MAX >> 1],
    };
    pub const MIN: I256 = I256 {
        limbs: [0, 0, 0, 1 << 63],
    };

    pub fn from_i128(v: i128) -> I256 {
        let fill = if v < 0 { u64::MAX } else { 0 };
        I256 {
            limbs: [v as u64, (v >> 64) as u64, fill, fill],
        }
    }

    /// Whether the value is below zero.
    pub fn is_negative(self) -> bool {
        self.limbs[3] >> 63 == 1
    }

    /// The value as an `i128`, when it fits.
    pub fn to_i128(self) -> Option<i128> {
        let v = (u128::from(self.limbs[1]) << 64 | u128::from(self.limbs[0])) as i128;
        (I256::from_i128(v) == self).then_some(v)
    }

    fn wrapping_add(self, o: I256) -> I256 {
        let mut out = [0u64; 4];
        let mut carry = false;
        for (k, slot) in out.iter_mut().enumerate() {
            let (s1, c1) = self.limbs[k].overflowing_add(o.limbs[k]);
            let (s2, c2) = s1.overflowing_add(u64::from(carry));
            *slot = s2;
            carry = c1 || c2;
        }
        I256 { limbs: out }
    }

    fn wrapping_neg(self) -> I256 {
        let inv = I256 {
            limbs: self.limbs.map(|l| !l),
        };
        inv.wrapping_add(I256::from_i128(1))
    }

    /// `self + o`, or `None` on overflow.
    pub fn checked_add(self, o: I256) -> Option<I256> {
        let r = self.wrapping_add(o);
        let overflow =
            self.is_negative() == o.is_negative() && r.is_negative() != self.is_negative();
        (!overflow).then_some(r)
    }

    /// `self + o`, clamped to [`I256::MIN`] ..= [`I256::MAX`].
    pub fn saturating_add(self, o: I256) -> I256 {
        self.checked_add(o).unwrap_or(if o.is_negative() {
            I256::MIN
        } else {
            I256::MAX
        })
    }

    /// `round(x)` (half away from zero) for a finite `x`; saturates beyond ±2²⁵⁵.
    pub fn round_f64(x: f64) -> I256 {
        let r = x.round();
        if r.abs() < 1.7e38 {
            return I256::from_i128(r as i128);
        }
        if !r.is_finite() || r.abs() >= 5.7e76 {
            return if r < 0.0 { I256::MIN } else { I256::MAX };
        }
        // |r| ≥ 2^127 is an integer: mantissa m (53 bits) times 2^e with e > 74.
        let bits = r.abs().to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i32 - 1075;
        let m = (bits & ((1 << 52) - 1)) | (1 << 52);
        let mut limbs = [0u64; 4];
        let (word, shift) = ((exp / 64) as usize, (exp % 64) as u32);
        limbs[word] = m << shift;
        if shift > 11 && word + 1 < 4 {
            limbs[word + 1] = m >> (64 - shift);
        }
        let v = I256 { limbs };
        if r < 0.0 { v.wrapping_neg() } else { v }
    }

    /// The nearest `f64` (to within one rounding per limb; exact below 2⁵³).
    pub fn to_f64(self) -> f64 {
        if let Some(v) = self.to_i128() {
            return v as f64;
        }
        if self == I256::MIN {
            return -(2f64.powi(255));
        }
        let (neg, a) = if self.is_negative() {
            (true, self.wrapping_neg())
        } else {
            (false, self)
        };
        let mut v = 0.0;
        for k in (0..4).rev() {
            v = v * 18_446_744_073_709_551_616.0 + a.limbs[k] as f64;
        }
        if neg { -v } else { v }
    }

    /// Divide the magnitude (non-negative value) by `d`, returning the remainder.
    fn div_rem_small(&mut self, d: u64) -> u64 {
        let mut rem = 0u128;
        for k in (0..4).rev() {
            let cur = rem << 64 | u128::from(self.limbs[k]);
            self.limbs[k] = (cur / u128::from(d)) as u64;
            rem = cur % u128::from(d);
        }
        rem as u64
    }

    /// `self·m + a` on the limbs read as an unsigned 256-bit number; `None` on carry out.
    fn mul_small_add(self, m: u64, a: u64) -> Option<I256> {
        let mut out = [0u64; 4];
        let mut carry = u128::from(a);
        for (k, slot) in out.iter_mut().enumerate() {
            let cur = u128::from(self.limbs[k]) * u128::from(m) + carry;
            *slot = cur as u64;
            carry = cur >> 64;
        }
        (carry == 0).then_some(I256 { limbs: out })
    }
}

impl PartialOrd for I256 {
    fn partial_cmp(&self, o: &I256) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for I256 {
    fn cmp(&self, o: &I256) -> Ordering {
        match (self.is_negative(), o.is_negative()) {
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => self.limbs.iter().rev().cmp(o.limbs.iter().rev()),
        }
    }
}

impl fmt::Display for I256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(v) = self.to_i128() {
            return write!(f, "{v}");
        }
        let neg = self.is_negative();
        // MIN's magnitude wraps to itself; read as unsigned it is still 2^255.
        let mut a = if neg { self.wrapping_neg() } else { *self };
        let mut chunks = Vec::new();
        while a != I256::ZERO {
            chunks.push(a.div_rem_small(10_000_000_000_000_000_000));
        }
        let mut s = String::from(if neg { "-" } else { "" });
        for (k, c) in chunks.iter().rev().enumerate() {
            if k == 0 {
                s.push_str(&c.to_string());
            } else {
                s.push_str(&format!("{c:019}"));
            }
        }
        f.write_str(&s)
    }
}

impl std::str::FromStr for I256 {
    type Err = &'static str;

    fn from_str(s: &str) -> Result<I256, &'static str> {
        let (neg, digits) = match s.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, s),
        };
        if digits.is_empty() || digits.len() > 80 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err("not a whole number");
        }
        let mut v = I256::ZERO;
        for b in digits.bytes() {
            v = v
                .mul_small_add(10, u64::from(b - b'0'))
                .ok_or("out of the 256-bit range")?;
        }
        // The magnitude, read unsigned, must be below 2^255 (or equal to it for MIN).
        if v.is_negative() && !(neg && v == I256::MIN) {
            return Err("out of the 256-bit range");
        }
        Ok(if neg { v.wrapping_neg() } else { v })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_matches_i128() {
        for v in [0i128, 1, -1, i128::MAX, i128::MIN, 123_456_789_012_345_678] {
            let w = I256::from_i128(v);
            assert_eq!(w.to_string(), v.to_string());
            assert_eq!(w.to_string().parse::<I256>(), Ok(w));
        }
        let big = I256::from_i128(i128::MAX)
            .checked_add(I256::from_i128(i128::MAX))
            .unwrap();
        assert_eq!(big.to_string(), "340282366920938463463374607431768211454");
        assert_eq!(big.to_string().parse::<I256>(), Ok(big));
        assert_eq!(I256::MAX.to_string().parse::<I256>(), Ok(I256::MAX));
        assert_eq!(I256::MIN.to_string().parse::<I256>(), Ok(I256::MIN));
        assert!("1".repeat(78).parse::<I256>().is_err());
        assert!("".parse::<I256>().is_err() && "1e5".parse::<I256>().is_err());
    }

    #[test]
    fn rounding_from_f64_is_exact_for_large_values() {
        // 2^200 and -3·2^130 are exact f64 values.
        let x = 2f64.powi(200);
        assert_eq!(I256::round_f64(x).to_f64(), x);
        let y = -3.0 * 2f64.powi(130);
        assert_eq!(I256::round_f64(y).to_f64(), y);
        assert_eq!(I256::round_f64(2.5).to_i128(), Some(3));
        assert_eq!(I256::round_f64(-2.5).to_i128(), Some(-3));
        assert_eq!(I256::round_f64(1e300), I256::MAX);
    }

    #[test]
    fn additions_overflow_only_at_the_edges() {
        assert_eq!(I256::MAX.checked_add(I256::from_i128(1)), None);
        assert_eq!(I256::MIN.checked_add(I256::from_i128(-1)), None);
        assert_eq!(I256::MAX.checked_add(I256::MIN), Some(I256::from_i128(-1)));
        assert_eq!(I256::MAX.saturating_add(I256::MAX), I256::MAX);
        assert!(I256::from_i128(-5) < I256::from_i128(3));
        assert!(I256::round_f64(1e60) > I256::from_i128(i128::MAX));
    }
}
