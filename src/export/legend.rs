//! How each event type looks and where it is grouped, declared once for every output that
//! draws or groups events: the QGIS project, the story page, `timeline-vis.css` and the
//! TimelineJS groups all read [`colour`] and [`Category::of`], so a raid is the same red on
//! every map and timeline.
//!
//! The colours are dark enough to carry white text (the story page writes type labels in white
//! on them) and stay apart from one another within a category; the categories are coarse
//! enough that a timeline of every category fits a 600 px TimelineJS embed.

use crate::events::EventType;

/// A colour, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#c62828`, as CSS and the story page take it.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// `198,40,40`, as QGIS writes a colour (an alpha is appended by the caller).
    pub fn qgis(self) -> String {
        format!("{},{},{}", self.0, self.1, self.2)
    }
}

/// The colour of an event type.
pub fn colour(kind: EventType) -> Rgb {
    match kind {
        EventType::Raid => Rgb(0xc6, 0x28, 0x28),
        EventType::Arrest => Rgb(0xe8, 0x59, 0x0c),
        EventType::Closure => Rgb(0x86, 0x2e, 0x9c),
        EventType::Trial => Rgb(0x5f, 0x3d, 0xc4),
        EventType::Rescue => Rgb(0x2b, 0x8a, 0x3e),
        EventType::Repatriation => Rgb(0x0c, 0x85, 0x99),
        EventType::Deportation => Rgb(0x5c, 0x94, 0x0d),
        EventType::TraffickingRoute => Rgb(0xb8, 0x86, 0x0b),
        EventType::Relocation => Rgb(0x8c, 0x56, 0x4b),
        EventType::Report => Rgb(0x33, 0x9a, 0xf0),
        EventType::Policy => Rgb(0x36, 0x4f, 0xc7),
        EventType::Statement => Rgb(0x1c, 0x7e, 0xd6),
        EventType::Protest => Rgb(0xd6, 0x33, 0x6c),
        EventType::Incident => Rgb(0x49, 0x50, 0x57),
    }
}

/// A coarse grouping of the types, for timelines that would otherwise need a row per type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// What the authorities did against the trade: raids, arrests, rescues, closures, trials.
    Enforcement,
    /// People or operations moving: routes, relocations, deportations, repatriations.
    Movement,
    /// What officials and organisations published, decided or said.
    Official,
    /// Protests and anything else that happened.
    Other,
}

impl Category {
    /// Every category, in display order.
    pub const ALL: [Category; 4] = [
        Category::Enforcement,
        Category::Movement,
        Category::Official,
        Category::Other,
    ];

    /// The category of a type.
    pub fn of(kind: EventType) -> Category {
        match kind {
            EventType::Raid
            | EventType::Arrest
            | EventType::Rescue
            | EventType::Closure
            | EventType::Trial => Category::Enforcement,
            EventType::TraffickingRoute
            | EventType::Relocation
            | EventType::Deportation
            | EventType::Repatriation => Category::Movement,
            EventType::Report | EventType::Policy | EventType::Statement => Category::Official,
            EventType::Protest | EventType::Incident => Category::Other,
        }
    }

    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Enforcement => "enforcement",
            Category::Movement => "movement",
            Category::Official => "official",
            Category::Other => "other",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Category::Enforcement => "Enforcement",
            Category::Movement => "Movement",
            Category::Official => "Official",
            Category::Other => "Other",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG's relative luminance of a colour.
    fn luminance(c: Rgb) -> f64 {
        let channel = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.039_28 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    }

    #[test]
    fn every_type_has_its_own_colour_and_a_category() {
        let mut seen: Vec<String> = EventType::ALL.iter().map(|&t| colour(t).hex()).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), EventType::ALL.len());
        for category in Category::ALL {
            assert!(
                EventType::ALL.iter().any(|&t| Category::of(t) == category),
                "{category:?} holds no type"
            );
        }
    }

    /// White type labels stay legible on every colour: at least 2.5:1 (the page's labels are
    /// bold), and the darker half well above.
    #[test]
    fn white_text_reads_on_every_colour() {
        for kind in EventType::ALL {
            let contrast = 1.05 / (luminance(colour(kind)) + 0.05);
            assert!(contrast >= 2.5, "{kind:?}: {contrast:.2}");
        }
    }

    #[test]
    fn colours_are_written_for_css_and_qgis() {
        assert_eq!(colour(EventType::Raid).hex(), "#c62828");
        assert_eq!(colour(EventType::Raid).qgis(), "198,40,40");
    }
}
