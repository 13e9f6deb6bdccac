//! How a leg was travelled: a closed list (`crate::events::Mode`).

use super::Problem;
use crate::diagnostics::Code;
use crate::events::Mode;

/// Reads a mode (non-empty), in any case; `on foot` is `on_foot`.
pub fn mode(text: &str) -> Result<Mode, Problem> {
    Mode::parse(text).ok_or_else(|| {
        let hint = match text.trim().to_ascii_lowercase().as_str() {
            "car" | "bus" | "truck" | "van" | "motorbike" | "taxi" | "tuk-tuk" | "overland" => {
                format!(
                    "a journey by {text} is `road`; the modes are: {}",
                    Mode::names()
                )
            }
            "plane" | "flight" => format!("a flight is `air`; the modes are: {}", Mode::names()),
            "walking" | "foot" => format!("walking is `on_foot`; the modes are: {}", Mode::names()),
            _ => format!("one of: {}", Mode::names()),
        };
        Problem::new(Code::UnknownMode, format!("unknown mode `{text}`")).hint(hint)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_point_to_the_mode() {
        assert_eq!(mode("on foot"), Ok(Mode::OnFoot));
        assert_eq!(
            mode("Bus").map_err(|p| p.hint),
            Err(Some(
                "a journey by Bus is `road`; the modes are: road, boat, air, on_foot".into()
            ))
        );
        assert_eq!(
            mode("rocket").map_err(|p| (p.code, p.message)),
            Err((Code::UnknownMode, "unknown mode `rocket`".to_owned()))
        );
    }
}
