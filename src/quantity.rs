//! Kubernetes resource quantities (`100m`, `0.5`, `128Mi`, `1e3`, ...).
//!
//! Values are kept exactly as `mantissa * 10^exp` with an arbitrary-size
//! mantissa, so comparisons never suffer from floating point rounding and
//! never overflow, whatever the input.

use crate::diagnostic::Code;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A parsed resource quantity, either a concrete value or a `{{VAR}}`
/// interpolation whose value is only known at deploy time.
#[derive(Debug, Clone)]
pub struct Quantity {
    text: String,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Value(Exact),
    /// `{{NAME}}` with an optional unit: known only at deploy time.
    Interpolated,
}

/// `(-1)^negative * mantissa * 10^exp`; zero is never negative.
#[derive(Debug, Clone)]
struct Exact {
    negative: bool,
    mantissa: BigUint,
    exp: i128,
}

/// The error returned for text that is not a quantity, or not one a resource may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuantityError {
    input: String,
    negative: bool,
}

impl QuantityError {
    /// The diagnostic code of `validate`: `quantity.negative` or `quantity.malformed`.
    pub fn code(&self) -> Code {
        if self.negative {
            Code::QuantityNegative
        } else {
            Code::QuantityMalformed
        }
    }
}

impl fmt::Display for QuantityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // escape_debug keeps the message on one line even for odd input.
        let input = self.input.escape_debug();
        if self.negative {
            write!(
                f,
                "`{input}` is negative (Kubernetes refuses a request or limit below zero)"
            )
        } else {
            write!(
                f,
                "`{input}` is not a valid quantity (expected a number with an optional unit such as 100m, 0.5, 128Mi, 1Gi)"
            )
        }
    }
}

impl std::error::Error for QuantityError {}

/// Parses a quantity; see [`Quantity::parse`].
pub fn parse(s: &str) -> Result<Quantity, QuantityError> {
    Quantity::parse(s)
}

/// Parses the quantity of a CPU or memory request or limit: well formed and not below zero
/// (Kubernetes refuses negative resources).
pub fn parse_resource(s: &str) -> Result<Quantity, QuantityError> {
    let q = Quantity::parse(s)?;
    if q.is_negative() {
        return Err(QuantityError {
            input: s.to_owned(),
            negative: true,
        });
    }
    Ok(q)
}

/// What a quantity measures: the Console writes each in one unit only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Cpu,
    Memory,
}

impl Resource {
    /// The one unit the Console takes for it.
    pub fn console_unit(self) -> &'static str {
        match self {
            Self::Cpu => "m",
            Self::Memory => "Mi",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Cpu => "CPU",
            Self::Memory => "memory",
        }
    }

    fn unit_name(self) -> &'static str {
        match self {
            Self::Cpu => "millicores",
            Self::Memory => "mebibytes",
        }
    }
}

/// Whether the Console accepts `s` as a value of `r` (console-types `services.ts`: CPU
/// `^(\d+|{{VAR}})m$`, memory `^(\d+|{{VAR}})Mi$`, or empty). Kubernetes takes more (`0.5`,
/// `1Gi`); the Console refuses to save those.
pub fn console_accepts(s: &str, r: Resource) -> bool {
    let Some(body) = s.strip_suffix(r.console_unit()) else {
        return s.is_empty();
    };
    if let Some(name) = body.strip_prefix("{{").and_then(|b| b.strip_suffix("}}")) {
        return is_var_name(name);
    }
    !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit())
}

/// Why the Console refuses `s` as a value of `r`, with the same value in its unit when there is
/// one (`0.5` is `500m`, `1Gi` is `1024Mi`).
pub fn console_error(s: &str, r: Resource) -> String {
    let unit = r.console_unit();
    let same = console_equivalent(s, r).map_or(String::new(), |v| format!("; `{s}` is `{v}`"));
    format!(
        "`{}` is not a {} value the Console accepts: it takes {}, `<digits>{unit}` or `{{{{VAR}}}}{unit}`{same}",
        s.escape_debug(),
        r.label(),
        r.unit_name(),
    )
}

/// `s` written in the Console's unit for `r`, when it is a whole number of that unit.
fn console_equivalent(s: &str, r: Resource) -> Option<String> {
    let q = parse_resource(s).ok()?;
    // A variable's value is not known here: `{{CPU}}` and `{{CPU}}m` are not the same.
    let Kind::Value(v) = &q.kind else {
        return None;
    };
    // An estimate, then checked exactly: only a whole number of units is offered.
    let scale = match r {
        Resource::Cpu => 1e3,
        Resource::Memory => 1.0 / 1_048_576.0,
    };
    let n = (v.approx() * scale).round();
    if !(1.0..1e15).contains(&n) {
        return None;
    }
    let candidate = format!("{}{}", n as u64, r.console_unit());
    let exact = parse(&candidate).ok()?.cmp_value(&q) == Some(Ordering::Equal);
    exact.then_some(candidate)
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::parse(s)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Quantity {
    /// Parses `[+-]digits[.digits][suffix]` or `{{NAME}}[suffix]`, where the
    /// suffix is a binary (`Ki`..`Ei`), decimal (`n u m k M G T P E`) or
    /// exponent (`e3`, `E-2`) unit.
    pub fn parse(s: &str) -> Result<Quantity, QuantityError> {
        let kind = parse_interpolated(s)
            .or_else(|| parse_value(s).map(Kind::Value))
            .ok_or_else(|| QuantityError {
                input: s.to_owned(),
                negative: false,
            })?;
        Ok(Quantity {
            text: s.to_owned(),
            kind,
        })
    }

    /// True for a concrete value below zero (`-0` is not negative).
    pub fn is_negative(&self) -> bool {
        matches!(&self.kind, Kind::Value(v) if v.negative)
    }

    /// Exact numeric comparison; `None` when either side is interpolated.
    pub fn cmp_value(&self, other: &Quantity) -> Option<Ordering> {
        match (&self.kind, &other.kind) {
            (Kind::Value(a), Kind::Value(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }
}

fn parse_interpolated(s: &str) -> Option<Kind> {
    let rest = s.strip_prefix("{{")?;
    let end = rest.find("}}")?;
    let name = &rest[..end];
    let suffix = &rest[end + 2..];
    if !is_var_name(name) {
        return None;
    }
    if !suffix.is_empty() {
        parse_suffix(suffix)?;
    }
    Some(Kind::Interpolated)
}

fn is_var_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A unit suffix as `(power of ten, power of 1024)`.
fn parse_suffix(suffix: &str) -> Option<(i128, u32)> {
    let unit = match suffix {
        "" => (0, 0),
        "Ki" => (0, 1),
        "Mi" => (0, 2),
        "Gi" => (0, 3),
        "Ti" => (0, 4),
        "Pi" => (0, 5),
        "Ei" => (0, 6),
        "n" => (-9, 0),
        "u" => (-6, 0),
        "m" => (-3, 0),
        "k" => (3, 0),
        "M" => (6, 0),
        "G" => (9, 0),
        "T" => (12, 0),
        "P" => (15, 0),
        "E" => (18, 0),
        _ => {
            let exp = suffix
                .strip_prefix('e')
                .or_else(|| suffix.strip_prefix('E'))?;
            let digits = exp
                .strip_prefix('+')
                .or_else(|| exp.strip_prefix('-'))
                .unwrap_or(exp);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            // Like Kubernetes, the exponent must fit in an i64.
            (i128::from(exp.parse::<i64>().ok()?), 0)
        }
    };
    Some(unit)
}

fn parse_value(s: &str) -> Option<Exact> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (int_part, rest) = rest.split_at(int_len);
    let (frac_part, suffix) = match rest.strip_prefix('.') {
        Some(after) => {
            let frac_len = after.bytes().take_while(u8::is_ascii_digit).count();
            after.split_at(frac_len)
        }
        None => ("", rest),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let (pow10, pow1024) = parse_suffix(suffix)?;

    let mut mantissa = BigUint::zero();
    for b in int_part.bytes().chain(frac_part.bytes()) {
        mantissa.mul_add_small(10, u32::from(b - b'0'));
    }
    for _ in 0..pow1024 {
        mantissa.mul_add_small(1024, 0);
    }
    let frac_len = i128::try_from(frac_part.len()).ok()?;
    Some(Exact {
        negative: negative && !mantissa.is_zero(),
        mantissa,
        exp: pow10 - frac_len,
    })
}

impl Exact {
    fn cmp(&self, other: &Exact) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => cmp_magnitude(self, other),
            (true, true) => cmp_magnitude(other, self),
        }
    }
}

impl Exact {
    /// The value as a float, for estimates only.
    fn approx(&self) -> f64 {
        let m = self
            .mantissa
            .limbs
            .iter()
            .rev()
            .fold(0.0, |acc, &l| acc * 4_294_967_296.0 + f64::from(l));
        let exp = i32::try_from(self.exp.clamp(-400, 400)).unwrap_or(0);
        let sign = if self.negative { -1.0 } else { 1.0 };
        sign * m * 10f64.powi(exp)
    }
}

/// Compares `|a|` with `|b|`.
fn cmp_magnitude(a: &Exact, b: &Exact) -> Ordering {
    match (a.mantissa.is_zero(), b.mantissa.is_zero()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        (false, false) => {}
    }
    if a.exp >= b.exp {
        scaled_cmp(&a.mantissa, a.exp - b.exp, &b.mantissa)
    } else {
        scaled_cmp(&b.mantissa, b.exp - a.exp, &a.mantissa).reverse()
    }
}

/// Compares `x * 10^shift` with `y`, for non-zero `x` and `shift >= 0`.
fn scaled_cmp(x: &BigUint, shift: i128, y: &BigUint) -> Ordering {
    // y < 2^bits <= 10^shift <= x * 10^shift: decided without scaling, which
    // also bounds the work by the input length for huge exponents.
    if shift >= i128::from(y.bits()) {
        return Ordering::Greater;
    }
    let mut scaled = x.clone();
    for _ in 0..shift {
        scaled.mul_add_small(10, 0);
    }
    scaled.cmp(y)
}

/// Minimal unsigned big integer: little-endian base-2^32 limbs without
/// trailing zero limbs.
#[derive(Debug, Clone, PartialEq, Eq)]
struct BigUint {
    limbs: Vec<u32>,
}

impl BigUint {
    fn zero() -> Self {
        BigUint { limbs: Vec::new() }
    }

    fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    /// `self = self * mul + add`.
    fn mul_add_small(&mut self, mul: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.limbs {
            let v = u64::from(*limb) * u64::from(mul) + carry;
            // Truncation keeps the low 32 bits; the rest carries.
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            self.limbs.push(carry as u32);
        }
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }

    fn bits(&self) -> u64 {
        match self.limbs.last() {
            None => 0,
            Some(top) => {
                (self.limbs.len() as u64 - 1) * 32 + u64::from(u32::BITS - top.leading_zeros())
            }
        }
    }
}

impl Ord for BigUint {
    fn cmp(&self, other: &Self) -> Ordering {
        self.limbs
            .len()
            .cmp(&other.limbs.len())
            .then_with(|| self.limbs.iter().rev().cmp(other.limbs.iter().rev()))
    }
}

impl PartialOrd for BigUint {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(s: &str) -> Quantity {
        parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    fn cmp(a: &str, b: &str) -> Option<Ordering> {
        q(a).cmp_value(&q(b))
    }

    #[test]
    fn valid() {
        for s in [
            "0", "1", "1.5", ".5", "5.", "+1", "-1", "100m", "0.5", "128Mi", "1Gi", "1Ki", "1Ti",
            "1Pi", "1Ei", "1n", "1u", "1m", "1k", "1M", "1G", "1T", "1P", "1E", "1e3", "1E3",
            "1e-3", "1E+2", "007", "1.5e10", ".5Gi", "-0",
        ] {
            assert!(parse(s).is_ok(), "{s} should parse");
            assert!(s.parse::<Quantity>().is_ok(), "{s} should parse");
        }
    }

    #[test]
    fn invalid() {
        for s in [
            "1x",
            "abc",
            "--1",
            "1..2",
            "Mi",
            "",
            "1 Mi",
            "1mi",
            "1KB",
            "1K",
            ".",
            "-",
            "+",
            "1e",
            "1E+",
            "1e1.5",
            "1ee3",
            " 1",
            "1 ",
            "1Mi ",
            "e3",
            "1.2.3",
            "1Gii",
            "+-1",
            "1e99999999999999999999",
            "{{}}",
            "{{1X}}",
            "{{X}}x",
            "{{X}}1",
            "{{X",
            "x{{X}}",
            "-{{X}}",
            "{{X}}{{Y}}",
        ] {
            assert!(parse(s).is_err(), "{s:?} should not parse");
        }
    }

    #[test]
    fn error_message() {
        let err = parse("1x").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "`1x` is not a valid quantity (expected a number with an optional unit such as 100m, 0.5, 128Mi, 1Gi)"
            )
        );
        let err = parse("1\nx").err().map(|e| e.to_string());
        assert!(err.is_some_and(|m| !m.contains('\n')));
    }

    #[test]
    fn console_forms() {
        for s in ["", "100m", "0m", "{{CPU_LIMIT}}m"] {
            assert!(
                console_accepts(s, Resource::Cpu),
                "{s} is a Console CPU value"
            );
        }
        for s in [
            "0.5", "1", "9999999", "1Mi", "{{cpu}}", "{{1x}}m", "m", "-1m", "1.5m", " 1m",
        ] {
            assert!(
                !console_accepts(s, Resource::Cpu),
                "{s} is not a Console CPU value"
            );
        }
        for s in ["", "128Mi", "{{MEM}}Mi"] {
            assert!(
                console_accepts(s, Resource::Memory),
                "{s} is a Console memory value"
            );
        }
        for s in [
            "1Gi", "1m", "1Ki", "9999999", "128M", "{{mem}}", "Mi", "1.5Mi",
        ] {
            assert!(
                !console_accepts(s, Resource::Memory),
                "{s} is not a Console memory value"
            );
        }
    }

    #[test]
    fn console_errors_offer_the_same_value_in_the_console_unit() {
        assert_eq!(
            console_error("0.5", Resource::Cpu),
            "`0.5` is not a CPU value the Console accepts: it takes millicores, `<digits>m` or `{{VAR}}m`; `0.5` is `500m`"
        );
        assert!(console_error("1Gi", Resource::Memory).ends_with("`1Gi` is `1024Mi`"));
        assert!(console_error("2", Resource::Cpu).ends_with("`2` is `2000m`"));
        // Not a whole number of the unit, or a variable: only the unit is named.
        for (s, r) in [
            ("1Ki", Resource::Memory),
            ("1m", Resource::Memory),
            ("9999999", Resource::Memory),
            ("{{cpu}}", Resource::Cpu),
            ("0.0001", Resource::Cpu),
        ] {
            let m = console_error(s, r);
            assert!(!m.contains("` is `"), "{m}");
        }
    }

    #[test]
    fn resources_refuse_negative_values() {
        for s in ["0", "-0", "+1", "100m", "1Gi", "{{CPU}}m"] {
            assert!(parse_resource(s).is_ok(), "{s} is a valid resource");
        }
        for s in ["-1", "-1Gi", "-0.5", "-1e-9", "-300m"] {
            let e = parse_resource(s).expect_err(s);
            assert_eq!(e.code(), Code::QuantityNegative, "{s}");
            assert!(e.to_string().contains("is negative"), "{e}");
        }
        assert_eq!(
            parse_resource("1x").map_err(|e| e.code()).err(),
            Some(Code::QuantityMalformed)
        );
    }

    #[test]
    fn comparisons() {
        assert_eq!(cmp("100m", "0.2"), Some(Ordering::Less));
        assert_eq!(cmp("0.2", "1"), Some(Ordering::Less));
        assert_eq!(cmp("100m", "1"), Some(Ordering::Less));
        assert_eq!(cmp("1Gi", "1G"), Some(Ordering::Greater));
        assert_eq!(cmp("1024Mi", "1Gi"), Some(Ordering::Equal));
        assert_eq!(cmp("1e3", "1k"), Some(Ordering::Equal));
        assert_eq!(cmp("0.5", "500m"), Some(Ordering::Equal));
        assert_eq!(cmp("1", "1000000000n"), Some(Ordering::Equal));
        assert_eq!(cmp("1E", "1e18"), Some(Ordering::Equal));
        assert_eq!(cmp("1.0", "1"), Some(Ordering::Equal));
        assert_eq!(cmp("0", "-0"), Some(Ordering::Equal));
        assert_eq!(cmp("0", "0Ei"), Some(Ordering::Equal));
        assert_eq!(cmp("-1", "1m"), Some(Ordering::Less));
        assert_eq!(cmp("-2", "-1"), Some(Ordering::Less));
        assert_eq!(cmp("-1Gi", "-1G"), Some(Ordering::Less));
        assert_eq!(cmp("1n", "0"), Some(Ordering::Greater));
        assert_eq!(cmp("1e-1000", "0"), Some(Ordering::Greater));
        assert_eq!(
            cmp("1e1000", "999999999999999999999Ei"),
            Some(Ordering::Greater)
        );
        assert_eq!(
            cmp("99999999999999999999999999999999999999999Ei", "1e40"),
            Some(Ordering::Greater)
        );
        assert_eq!(
            cmp("1e9223372036854775807", "1e-9223372036854775808"),
            Some(Ordering::Greater)
        );
        assert_eq!(cmp("1Ei", "1152921504606846976"), Some(Ordering::Equal));
        assert_eq!(cmp("1Ei", "1152921504606846977"), Some(Ordering::Less));
        assert_eq!(cmp("1.5Gi", "1536Mi"), Some(Ordering::Equal));
    }

    #[test]
    fn sign_and_zero() {
        assert!(q("-1").is_negative());
        assert!(q("-100m").is_negative());
        assert!(!q("-0").is_negative());
        assert!(!q("1").is_negative());
        assert!(!q("-0.0").is_negative());
        assert_eq!(q("-0.0").cmp_value(&q("0")), Some(Ordering::Equal));
    }

    #[test]
    fn interpolations() {
        for s in ["{{CPU_LIMIT}}m", "{{MEM}}Mi", "{{X}}", "{{_x1}}e3"] {
            let v = q(s);
            assert!(matches!(v.kind, Kind::Interpolated), "{s}");
            assert!(!v.is_negative());
            assert_eq!(v.cmp_value(&q("1")), None);
            assert_eq!(q("1").cmp_value(&v), None);
            assert_eq!(v.cmp_value(&v), None);
        }
        assert!(matches!(q("1").kind, Kind::Value(_)));
    }

    #[test]
    fn display_keeps_text() {
        assert_eq!(q("1.50Gi").to_string(), "1.50Gi");
    }

    const UNITS: &[&str] = &[
        "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E", "e3",
        "E3", "e-3", "E+2",
    ];

    proptest! {
        #[test]
        fn number_with_unit_parses(n in any::<u32>(), unit in prop::sample::select(UNITS)) {
            let s = format!("{n}{unit}");
            prop_assert!(parse(&s).is_ok(), "{} should parse", s);
        }

        #[test]
        fn ki_mi_relation(n in any::<u32>()) {
            let ki = q(&format!("{}Ki", u64::from(n) * 1024));
            let mi = q(&format!("{n}Mi"));
            prop_assert_eq!(ki.cmp_value(&mi), Some(Ordering::Equal));
        }

        #[test]
        fn matches_integer_order(a in any::<u32>(), b in any::<u32>()) {
            // a milli vs b units compared through u64 arithmetic.
            let expected = u64::from(a).cmp(&(u64::from(b) * 1000));
            prop_assert_eq!(q(&format!("{a}m")).cmp_value(&q(&format!("{b}"))), Some(expected));
        }

        #[test]
        fn never_panics(s in "\\PC{0,12}") {
            let _ = parse(&s);
        }
    }
}
