//! A leg's stage: a closed list (HTCDS's three and two more, see `crate::events::Stage`).

use super::Problem;
use crate::diagnostics::Code;
use crate::events::Stage;
use crate::suggest::did_you_mean;

/// Reads a stage (non-empty), in any case.
pub fn stage(text: &str) -> Result<Stage, Problem> {
    Stage::parse(text).ok_or_else(|| {
        let names = Stage::ALL.iter().map(|s| s.as_str());
        let hint = match did_you_mean(&text.to_ascii_lowercase(), names) {
            Some(best) => format!("did you mean `{best}`? The stages are: {}", Stage::names()),
            None => format!("one of: {}", Stage::names()),
        };
        Problem::new(Code::UnknownStage, format!("unknown stage `{text}`")).hint(hint)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_stage_lists_the_stages() {
        assert_eq!(stage("Transit"), Ok(Stage::Transit));
        let p = stage("transport").expect_err("unknown");
        assert_eq!(p.message, "unknown stage `transport`");
        assert_eq!(
            p.hint.as_deref(),
            Some("did you mean `transit`? The stages are: recruitment, transit, exploitation, release, return")
        );
    }
}
