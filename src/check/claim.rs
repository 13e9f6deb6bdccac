//! `status` and `sensitivity`: closed lists, kept canonical (lower case) in the event's text.

use super::Problem;
use crate::diagnostics::Code;
use crate::events::{Sensitivity, Status};

/// A status, or what the choices are.
pub fn status(text: &str) -> Result<Status, Problem> {
    Status::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        Problem::new(Code::UnknownStatus, format!("`{text}` is not a status")).hint(format!(
            "use one of: {} (empty: reported)",
            names.join(", ")
        ))
    })
}

/// A sensitivity, or what the choices are.
pub fn sensitivity(text: &str) -> Result<Sensitivity, Problem> {
    Sensitivity::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Sensitivity::ALL.iter().map(|s| s.as_str()).collect();
        Problem::new(
            Code::UnknownSensitivity,
            format!("`{text}` is not a sensitivity"),
        )
        .hint(format!("use one of: {} (empty: public)", names.join(", ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names_pass_and_others_name_the_choices() {
        assert_eq!(status("Alleged"), Ok(Status::Alleged));
        assert_eq!(sensitivity("restricted"), Ok(Sensitivity::Restricted));
        let p = status("rumour").expect_err("not a status");
        assert_eq!(p.code, Code::UnknownStatus);
        assert!(p.hint.as_deref().is_some_and(|h| h.contains("disputed")));
        assert!(sensitivity("secret").is_err());
    }
}
