//! How far an event's figures can be trusted (`status`) and who may see it (`sensitivity`):
//! the two columns that decide what a public export sums, shows and withholds.

/// How well an event's figures are established. Totals add only confirmed and reported
/// counts; alleged and disputed ones are summed apart, so that a claim of 100,000 people is
/// never added to a count of people held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Status {
    /// Established by an official record, a court or several independent outlets.
    Confirmed,
    /// Reported by a source (the default: what a news report says).
    #[default]
    Reported,
    /// Claimed by someone (an NGO, a victim, a politician) and not established.
    Alleged,
    /// Contradicted by another source.
    Disputed,
}

impl Status {
    /// Every status, in the README's order.
    pub const ALL: [Status; 4] = [
        Status::Confirmed,
        Status::Reported,
        Status::Alleged,
        Status::Disputed,
    ];

    /// The name used in files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "confirmed",
            Status::Reported => "reported",
            Status::Alleged => "alleged",
            Status::Disputed => "disputed",
        }
    }

    /// Parses the name used in files (case aside); `None` for anything else.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Whether its counts are summed with the others (confirmed and reported), or apart.
    pub fn is_counted(self) -> bool {
        matches!(self, Status::Confirmed | Status::Reported)
    }

    /// The label timelines and the story page put before an event's headline: `Alleged`,
    /// `Disputed`; `None` for the statuses shown as plain facts.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Status::Alleged => Some("Alleged"),
            Status::Disputed => Some("Disputed"),
            Status::Confirmed | Status::Reported => None,
        }
    }
}

/// Who may see an event. A public export (the default) coarsens `restricted` rows to their
/// province and leaves `confidential` rows out entirely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Sensitivity {
    /// Anyone (the default).
    #[default]
    Public,
    /// Published at province level only: no exact point, no place below the province, no
    /// place as written.
    Restricted,
    /// Only in internal exports.
    Confidential,
}

impl Sensitivity {
    /// Every sensitivity, from the least to the most protected.
    pub const ALL: [Sensitivity; 3] = [
        Sensitivity::Public,
        Sensitivity::Restricted,
        Sensitivity::Confidential,
    ];

    /// The name used in files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Sensitivity::Public => "public",
            Sensitivity::Restricted => "restricted",
            Sensitivity::Confidential => "confidential",
        }
    }

    /// Parses the name used in files (case aside); `None` for anything else.
    pub fn parse(text: &str) -> Option<Sensitivity> {
        Sensitivity::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_defaults_are_the_documented_ones() {
        for s in Status::ALL {
            assert_eq!(Status::parse(&s.as_str().to_uppercase()), Some(s));
        }
        for s in Sensitivity::ALL {
            assert_eq!(Sensitivity::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::default(), Status::Reported);
        assert_eq!(Sensitivity::default(), Sensitivity::Public);
        assert_eq!(Status::parse("rumour"), None);
        assert!(!Status::Alleged.is_counted() && Status::Confirmed.is_counted());
        assert_eq!(Status::Disputed.label(), Some("Disputed"));
    }
}
