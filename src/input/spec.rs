//! The columns a table may have, and how header spellings name them: canonical names,
//! accepted spellings compared folded ([`fold`]: case, spaces and punctuation set aside), a
//! user's [`Mapping`] (`--columns FILE`) on top, which columns are required, and what becomes
//! of a column the spec does not know.

/// A header name with case, spaces, punctuation and a byte-order mark set aside: what two
/// spellings of one column have in common.
pub fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What a mapping file (`--columns`) makes of a header spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The column with this index.
    Column(usize),
    /// Nothing: the column is not read.
    Drop,
}

/// Header spellings a user maps to columns, or drops, beyond the spellings the spec accepts:
/// what `--columns FILE` holds. They are looked up before the spec's own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapping {
    entries: Vec<(String, Target)>,
}

impl Mapping {
    /// Maps `spelling` (compared folded) to `target`.
    pub fn add(&mut self, spelling: &str, target: Target) {
        self.entries.push((spelling.to_owned(), target));
    }

    /// Whether it maps nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The spellings and what they map to, in the file's order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, Target)> {
        self.entries.iter().map(|(s, t)| (s.as_str(), *t))
    }
}

/// The columns a table may have: canonical names (by index), the folded spellings that name
/// each, which are required, and what becomes of a column it does not know.
#[derive(Debug, Clone)]
pub struct HeaderSpec<'a> {
    pub(super) names: Vec<&'a str>,
    /// Folded spelling -> column index; a mapping's spellings come first.
    keys: Vec<(String, usize)>,
    /// Folded spellings of columns not to read at all.
    dropped: Vec<String>,
    pub(super) required: Vec<usize>,
    /// Required columns a header may lack because the reader makes their values (ids).
    pub(super) generated: Vec<usize>,
    /// Whether a column the spec does not know is carried along as an extra one (event
    /// sheets) or refused (the gazetteer's tables, whose columns are fixed).
    pub(super) carry_extras: bool,
}

impl<'a> HeaderSpec<'a> {
    /// A spec from canonical names only (the gazetteer's tables).
    pub fn new(names: &[&'a str], required: &[&str]) -> Self {
        let required = names
            .iter()
            .enumerate()
            .filter(|(_, n)| required.contains(n))
            .map(|(i, _)| i)
            .collect();
        HeaderSpec {
            names: names.to_vec(),
            keys: names
                .iter()
                .enumerate()
                .map(|(i, n)| (fold(n), i))
                .collect(),
            dropped: Vec::new(),
            required,
            generated: Vec::new(),
            carry_extras: false,
        }
    }

    /// Adds another spelling for column `index`.
    #[must_use]
    pub fn alias(mut self, index: usize, spelling: &str) -> Self {
        self.keys.push((fold(spelling), index));
        self
    }

    /// Columns the spec does not know are carried as extra columns instead of refused.
    #[must_use]
    pub fn carry_extras(mut self) -> Self {
        self.carry_extras = true;
        self
    }

    /// Required column `index` may be absent: the reader makes its values.
    #[must_use]
    pub fn generated(mut self, index: usize) -> Self {
        self.generated.push(index);
        self
    }

    /// The spec with a user's mapping on top: its spellings win over the spec's own.
    #[must_use]
    pub fn with_mapping(mut self, mapping: &Mapping) -> Self {
        let mut keys = Vec::with_capacity(self.keys.len() + mapping.entries.len());
        for (spelling, target) in &mapping.entries {
            match *target {
                Target::Column(i) => keys.push((fold(spelling), i)),
                Target::Drop => self.dropped.push(fold(spelling)),
            }
        }
        keys.append(&mut self.keys);
        self.keys = keys;
        self
    }

    /// The column a header name names, if any.
    pub fn lookup(&self, name: &str) -> Option<usize> {
        let key = fold(name);
        if self.dropped.contains(&key) {
            return None;
        }
        self.keys.iter().find(|(k, _)| *k == key).map(|(_, i)| *i)
    }

    /// The canonical name of the column whose name or spelling `name` is a likely typo of:
    /// one letter off, or two for spellings of ten letters or more (Damerau-Levenshtein,
    /// folded), among spellings of four letters or more: `destinaton` for `destination`,
    /// `Victim` for `victims`, but neither `Reporter` for `deported` nor for `reported by`.
    pub fn close_to(&self, name: &str) -> Option<&'a str> {
        let key = fold(name);
        self.keys
            .iter()
            .filter(|(k, _)| k.chars().count() >= 4)
            .map(|(k, i)| {
                let allowed = if k.chars().count() < 10 { 1 } else { 2 };
                (strsim::damerau_levenshtein(&key, k), allowed, *i)
            })
            .filter(|(distance, allowed, _)| distance <= allowed)
            .min_by_key(|(distance, _, i)| (*distance, *i))
            .map(|(_, _, i)| self.names[i])
    }

    /// Whether a mapping says not to read the column of this name.
    pub fn is_dropped(&self, name: &str) -> bool {
        self.dropped.contains(&fold(name))
    }

    /// How many columns the spec knows.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the spec knows no column.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The canonical name of column `index`.
    pub fn name(&self, index: usize) -> &'a str {
        self.names[index]
    }

    /// The required columns, comma-separated (`id,date,type`), for hints.
    pub fn required_names(&self, separator: &str) -> String {
        let names: Vec<&str> = self.required.iter().map(|&i| self.names[i]).collect();
        names.join(separator)
    }
}

/// What makes two extra columns' names the same column: the folded name, or the trimmed name
/// in lower case when folding leaves nothing (a header of punctuation only).
pub fn extra_key(name: &str) -> String {
    let folded = fold(name);
    if folded.is_empty() {
        name.trim().to_lowercase()
    } else {
        folded
    }
}
