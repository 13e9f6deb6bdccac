//! Leg numbers: a leg's place in its journey, counted from 1.

use super::Problem;
use crate::diagnostics::Code;

/// Reads a leg number (non-empty).
pub fn leg(text: &str) -> Result<u32, Problem> {
    match text.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(
            Problem::new(Code::BadLeg, format!("`leg` is not a leg number: `{text}`"))
                .hint("number a journey's legs 1, 2, 3 ... in the order they were travelled"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legs_count_from_one() {
        assert_eq!(leg("1"), Ok(1));
        assert_eq!(leg("12"), Ok(12));
        for bad in ["0", "-1", "1.5", "first", "99999999999"] {
            assert_eq!(leg(bad).map_err(|p| p.code), Err(Code::BadLeg), "{bad}");
        }
    }
}
