//! The standard normal distribution: erfc, Φ, φ, Φ⁻¹ and the loss function
//! L(z) = φ(z) − z(1 − Φ(z)) (docs/theory.md, notation). Everything else in `theory` and
//! `stats` builds on these.

use std::f64::consts::{FRAC_1_SQRT_2, PI, SQRT_2};

/// Complementary error function erfc(x) = 2/√π ∫ₓ^∞ e^{−t²} dt.
///
/// Delegates to the `libm` crate's port of FreeBSD/Sun fdlibm `s_erf.c`: rational
/// approximations on five intervals with errors below one ulp (≪ 10⁻¹⁴ relative,
/// including the far tail, where erfc(x) underflows only beyond x ≈ 26.5).
/// erfc(±∞) = 0, 2; erfc(NaN) = NaN.
pub fn erfc(x: f64) -> f64 {
    libm::erfc(x)
}

/// Standard normal CDF Φ(x) = ½ erfc(−x/√2) (accurate in the lower tail too).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x * FRAC_1_SQRT_2)
}

/// Standard normal density φ(x) = e^{−x²/2}/√(2π).
pub fn normal_pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

/// ln Φ(x), accurate far into the lower tail (where Φ itself underflows): for
/// x < −37 it uses the asymptotic series ln Φ(x) = ln φ(x) − ln(−x) +
/// ln(1 − 1/x² + 3/x⁴ − 15/x⁶ + 105/x⁸).
pub fn ln_normal_cdf(x: f64) -> f64 {
    if x >= -37.0 || x.is_nan() {
        return normal_cdf(x).ln();
    }
    if x == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    let y = 1.0 / (x * x);
    let series = 1.0 - y * (1.0 - y * (3.0 - y * (15.0 - 105.0 * y)));
    -0.5 * x * x - 0.5 * (2.0 * PI).ln() - (-x).ln() + series.ln()
}

/// Standard normal quantile Φ⁻¹(p): Acklam's rational approximation (relative error
/// < 1.15·10⁻⁹) followed by one Halley step on Φ(x) − p, which brings it to full
/// double precision. Upper half computed as −Φ⁻¹(1 − p) (1 − p is exact there), so
/// both tails are accurate. p ≤ 0 → −∞, p ≥ 1 → +∞, NaN → NaN.
pub fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() {
        return f64::NAN;
    }
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    if p > 0.5 {
        return -lower_quantile(1.0 - p);
    }
    lower_quantile(p)
}

/// Φ⁻¹(p) for 0 < p ≤ ½.
fn lower_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e+01,
        2.209460984245205e+02,
        -2.759285104469687e+02,
        1.38357751867269e+02,
        -3.066479806614716e+01,
        2.506628277459239e+00,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e+01,
        1.615858368580409e+02,
        -1.556989798598866e+02,
        6.680131188771972e+01,
        -1.328068155288572e+01,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e+00,
        -2.549732539343734e+00,
        4.374664141464968e+00,
        2.938163982698783e+00,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-03,
        3.224671290700398e-01,
        2.445134137142996e+00,
        3.754408661907416e+00,
    ];
    const P_LOW: f64 = 0.02425;
    let x = if p < P_LOW {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    // Halley step: e = Φ(x) − p, u = e/φ(x).
    let e = 0.5 * erfc(-x / SQRT_2) - p;
    let u = e * (2.0 * PI).sqrt() * (0.5 * x * x).exp();
    let refined = x - u / (1.0 + 0.5 * x * u);
    if refined.is_finite() { refined } else { x }
}

/// Standard normal loss function L(z) = φ(z) − z(1 − Φ(z)) = E[(Z − z)⁺] (docs/theory.md,
/// notation; used by §5). L(z) → −z as z → −∞ and → 0 as z → +∞.
pub fn normal_loss(z: f64) -> f64 {
    if z == f64::NEG_INFINITY {
        return f64::INFINITY;
    }
    if z == f64::INFINITY {
        return 0.0;
    }
    (normal_pdf(z) - z * normal_cdf(-z)).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn erfc_known_values() {
        // Reference values: Abramowitz & Stegun Table 7.1 / DLMF, 16+ digits
        // (cross-checked with Python's math.erfc).
        let cases = [
            (0.0, 1.0),
            (0.5, 0.4795001221869535),
            (1.0, 0.15729920705028513),
            (2.0, 0.004677734981047265),
            (3.0, 2.2090496998585438e-05),
            (5.0, 1.5374597944280351e-12),
            (10.0, 2.088487583762545e-45),
            (-1.0, 1.842700792949715),
        ];
        for (x, want) in cases {
            assert!(
                rel(erfc(x), want) < 1e-14,
                "erfc({x}) = {} vs {want}",
                erfc(x)
            );
        }
    }

    #[test]
    fn quantile_inverts_cdf() {
        assert!((normal_quantile(0.975) - 1.959963984540054).abs() < 1e-15);
        assert_eq!(normal_quantile(0.5), 0.0);
        for p in [1e-300, 1e-12, 0.001, 0.02, 0.3, 0.7, 0.99, 1.0 - 1e-12] {
            let x = normal_quantile(p);
            // Compare the smaller tail: Φ(x) with p, or Φ(−x) with 1 − p.
            let (back, tail) = if p < 0.5 {
                (normal_cdf(x), p)
            } else {
                (normal_cdf(-x), 1.0 - p)
            };
            // Φ's relative condition number at x is ≈ |x|φ(x)/Φ(x) ≈ 1 + x², so one ulp
            // in x moves Φ(x) by about (1 + x²)·10⁻¹⁶ relative.
            let tol = 4e-16 * (1.0 + x * x);
            assert!(
                rel(back, tail) < tol,
                "p = {p}: x = {x}, tail {back} vs {tail}"
            );
        }
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(normal_quantile(1.0), f64::INFINITY);
        assert!(normal_quantile(f64::NAN).is_nan());
    }

    #[test]
    fn loss_function_against_quadrature() {
        // L(z) = ∫_z^∞ (x − z) φ(x) dx by Simpson's rule on [z, z + 40].
        for z in [-3.0, -0.5, 0.0, 0.7, 2.5] {
            let n = 20_000;
            let h = 40.0 / n as f64;
            let f = |x: f64| (x - z) * normal_pdf(x);
            let mut s = f(z) + f(z + 40.0);
            for i in 1..n {
                s += f(z + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
            }
            let want = s * h / 3.0;
            assert!((normal_loss(z) - want).abs() < 1e-12, "L({z})");
        }
        assert!((normal_loss(0.0) - 1.0 / (2.0 * PI).sqrt()).abs() < 1e-16);
    }

    #[test]
    fn ln_cdf_matches_in_the_overlap_and_tail() {
        // At x = −37 both branches are valid: compare the series with the direct form.
        let direct = normal_cdf(-36.9).ln();
        let y = 1.0 / (36.9f64 * 36.9);
        let series = -0.5 * 36.9f64 * 36.9 - 0.5 * (2.0 * PI).ln() - 36.9f64.ln()
            + (1.0 - y * (1.0 - y * (3.0 - y * (15.0 - 105.0 * y)))).ln();
        assert!(rel(direct, series) < 1e-13);
        // Far tail: ln Φ(−100) = −5005.524208694205 (the same series in Python; its
        // truncation error at x = −100 is below 945/x¹⁰ ≈ 10⁻¹⁷): finite, where
        // Φ(−100) itself underflows to 0.
        assert_eq!(normal_cdf(-100.0), 0.0);
        assert!(rel(ln_normal_cdf(-100.0), -5005.524208694205) < 1e-12);
        assert_eq!(ln_normal_cdf(-1e200), f64::NEG_INFINITY);
    }
}
