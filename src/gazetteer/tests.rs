//! The built-in gazetteer's invariants over every place, and the official units, qualified
//! names, romanisation folding and places abroad.

use super::normalize::name_key;
use super::{Gazetteer, LoadError, PlaceIdx, PlaceKind, ResolveError, Rule};
use std::collections::{BTreeMap, BTreeSet};

fn gazetteer() -> Gazetteer {
    Gazetteer::builtin().expect("the built-in gazetteer is valid")
}

fn id(g: &Gazetteer, q: &str) -> String {
    match g.resolve(q) {
        Ok(m) => g.place(m.place).id.clone(),
        Err(e) => format!("{e:?}"),
    }
}

fn idx(g: &Gazetteer, id: &str) -> PlaceIdx {
    g.by_id(id).unwrap_or_else(|| panic!("no place {id}"))
}

#[test]
fn official_units_know_their_district_and_province() {
    let g = gazetteer();
    let m = g.resolve("Thma Da").expect("the commune");
    let commune = g.place(m.place);
    assert_eq!(commune.kind, PlaceKind::Commune);
    assert_eq!(commune.code, "150605");
    assert_eq!(
        g.province_of(m.place).map(|p| p.id.as_str()),
        Some("pursat")
    );
    assert_eq!(
        g.district_of(m.place).map(|p| p.id.as_str()),
        Some("veal-veng")
    );
    assert_eq!(g.by_code("150605"), Some(m.place));
    assert_eq!(g.by_code("1506"), Some(idx(&g, "veal-veng")));
    // The generated id of a unit that a curated zone stands for still finds the zone.
    assert_eq!(g.by_id("veal-veaeng-1506"), Some(idx(&g, "veal-veng")));
    let sez = idx(&g, "thmor-da-sez");
    assert!(
        g.lies_in(sez, m.place),
        "the SEZ lies within Thma Da commune"
    );
    assert_eq!(
        g.describe(sez),
        "Thmor Da Special Economic Zone (thmor-da-sez, sez in Thma Da, Veal Veng, Pursat)"
    );
}

#[test]
fn a_name_official_units_share_is_ambiguous_and_names_their_units() {
    let g = gazetteer();
    let Err(e @ ResolveError::Ambiguous { .. }) = g.resolve("Chrey Thum") else {
        panic!("expected an ambiguity");
    };
    let (message, hint) = g.explain("Chrey Thum", &e);
    assert_eq!(message, "`Chrey Thum` could be any of 2 places");
    let hint = hint.expect("a hint");
    assert!(hint.contains("e.g. `Chrey Thum, Kandal`"), "{hint}");
    assert!(
        hint.contains("commune in Romeas Haek, Svay Rieng"),
        "{hint}"
    );
    assert!(
        hint.contains("village in Sampov Pun, Sampov Pun, Kandal"),
        "{hint}"
    );
}

#[test]
fn a_qualified_name_resolves_within_its_unit() {
    let g = gazetteer();
    assert_eq!(id(&g, "Chrey Thum, Kandal"), "chrey-thom");
    assert_eq!(id(&g, "Chrey Thum, Svay Rieng"), "chrey-thum-200406");
    assert_eq!(
        id(&g, "Chrey Thum, Romeas Haek, Svay Rieng"),
        "chrey-thum-200406"
    );
    assert_eq!(id(&g, "chrey thum , kandal province"), "chrey-thom");
    assert_eq!(id(&g, "Samraong, Oddar Meanchey"), "samraong-city");
    let m = g.resolve("Chrey Thum, Kandal").expect("resolves");
    assert_eq!(m.rule, Some(Rule::Within));
    // A name with a comma of its own is read whole first.
    assert_eq!(
        id(&g, "Sangkat 3 (Commune 3), Sihanoukville"),
        "sangkat-3-sihanoukville"
    );
    let kandal = idx(&g, "kandal");
    assert_eq!(
        g.resolve_in("Chrey Thum", kandal)
            .map(|m| g.place(m.place).id.clone()),
        Ok("chrey-thom".to_owned())
    );
    let Err(e @ ResolveError::Outside { .. }) = g.resolve_in("Bavet", kandal) else {
        panic!("Bavet is not in Kandal");
    };
    let (message, hint) = g.explain("Bavet", &e);
    assert_eq!(message, "no place called `Bavet` lies in Kandal");
    assert!(hint.expect("hint").contains("city in Svay Rieng"));
    assert!(matches!(
        g.resolve("Chrey Thum, Kandall"),
        Err(ResolveError::NotFound { .. })
    ));
}

#[test]
fn the_spellings_people_write_resolve_by_romanisation_folding() {
    let g = gazetteer();
    for (query, expected) in [
        ("Veal Veaeng", "veal-veng"),
        ("Anlung Veaeng", "anlong-veng"),
        ("Anlong Veng", "anlong-veng"),
        ("Memot", "memut-2503"),
        ("Memot district", "memut-2503"),
        ("Kaoh Kong province", "koh-kong"),
        ("Paoy Paet", "poipet"),
        ("Poipet", "poipet"),
        ("Stueng Traeng", "stung-treng-city"),
        ("Siem Reab", "siem-reap-city"),
        ("Chrey Thom", "chrey-thom"),
        ("Toul Kork", "tuol-kouk-1204"),
        ("Boeung Keng Kang", "boeng-keng-kang-1213"),
        ("Dangkor", "dangkao-1205"),
        ("Prek Pnov", "preaek-pnov-1212"),
        ("Koh Rong", "kaoh-rung-1805"),
        ("Tbong Khmum district", "tboung-khmum-2507"),
        ("Bokor", "bokor"),
        ("កណ្តាល", "kandal"),
    ] {
        assert_eq!(id(&g, query), expected, "query {query}");
    }
}

/// Folding merges spellings; it must not merge the names of many different places. Over
/// every name of every place: the folded keys that join names which were different before
/// folding and belong to different places.
#[test]
fn the_folding_rule_adds_few_collisions() {
    let g = gazetteer();
    let mut by_folded: BTreeMap<String, BTreeSet<(String, PlaceIdx)>> = BTreeMap::new();
    for (idx, place) in g.places() {
        for text in std::iter::once(&place.name).chain(&place.aliases) {
            let key = name_key(text);
            by_folded
                .entry(key.folded)
                .or_default()
                .insert((key.full, idx));
        }
    }
    let new: Vec<String> = by_folded
        .iter()
        .filter(|(_, names)| {
            let keys: BTreeSet<&String> = names.iter().map(|(k, _)| k).collect();
            let places: BTreeSet<PlaceIdx> = names.iter().map(|(_, p)| *p).collect();
            keys.len() > 1 && places.len() > 1
        })
        .map(|(folded, names)| {
            let names: Vec<&str> = names.iter().map(|(k, _)| k.as_str()).collect();
            format!("{folded}: {}", names.join(" "))
        })
        .collect();
    assert!(
        new.len() <= 40,
        "{} new collisions:\n{}",
        new.len(),
        new.join("\n")
    );
}

/// Whether two readings of one place's names agree: the same place, or one of them
/// ambiguous among candidates that include the other's place.
fn agree(a: &Result<PlaceIdx, ResolveError>, b: &Result<PlaceIdx, ResolveError>) -> bool {
    match (a, b) {
        (Ok(x), Ok(y)) => x == y,
        (Ok(x), Err(ResolveError::Ambiguous { candidates }))
        | (Err(ResolveError::Ambiguous { candidates }), Ok(x)) => candidates.contains(x),
        (Err(_), Err(_)) => true,
        _ => false,
    }
}

/// The Khmer and Latin names of a place lead to the same place (or one of them to an
/// ambiguity that lists it). An official unit is held to less, as the national list
/// sometimes romanises one Khmer name two ways (district Koas Krala, its commune Kaos Krala)
/// or two Khmer spellings one way (Svay Chrum): each of its names must lead to it, to a unit
/// containing it, to a larger unit of that name (the resolver's last rule), or to an
/// ambiguity that lists it.
#[test]
fn khmer_and_latin_names_of_a_place_resolve_alike() {
    let g = gazetteer();
    let mut differ = Vec::new();
    for (idx, place) in g.places() {
        if place.name_km.is_empty() {
            continue;
        }
        let latin = g.resolve(&place.name).map(|m| m.place);
        let khmer = g.resolve(&place.name_km).map(|m| m.place);
        let explained = |r: &Result<PlaceIdx, ResolveError>| match r {
            Ok(p) => g.lies_in(idx, *p) || g.place(*p).kind.rank() > place.kind.rank(),
            Err(ResolveError::Ambiguous { candidates }) => candidates.contains(&idx),
            Err(_) => false,
        };
        let fine = agree(&latin, &khmer)
            || (place.is_official_unit() && explained(&latin) && explained(&khmer));
        if !fine {
            differ.push(format!("{} {latin:?} {khmer:?}", g.describe(idx)));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    assert_eq!(id(&g, "ភ្នំពេញ"), "phnom-penh-city");
    assert_eq!(id(&g, "Phnom Penh"), "phnom-penh-city");
    assert_eq!(id(&g, "រាជធានីភ្នំពេញ"), "phnom-penh-city");
    assert_eq!(id(&g, "ខេត្តភ្នំពេញ"), "phnom-penh");
}

/// Every name and alias of a hand-curated place resolves to it, or to a place the rules
/// prefer for a reason: its seat town (for a province's names), a unit it lies in that
/// shares the name.
#[test]
fn every_curated_name_resolves_to_its_place_or_a_ruled_one() {
    let g = gazetteer();
    let mut wrong = Vec::new();
    for (idx, place) in g.places().filter(|(_, p)| !p.is_official_unit()) {
        for text in std::iter::once(&place.name).chain(&place.aliases) {
            let ok = match g.resolve(text) {
                Ok(m) => {
                    m.place == idx
                        || g.seat_zone.get(&idx) == Some(&m.place)
                        || g.lies_in(idx, m.place)
                }
                Err(_) => false,
            };
            if !ok {
                wrong.push(format!("{text}: {} gives {}", place.id, id(&g, text)));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_kind_word_picks_the_town_not_the_province() {
    let g = gazetteer();
    assert_eq!(id(&g, "Koh Kong city"), "khemarak-phoumin");
    assert_eq!(id(&g, "Krong Koh Kong"), "khemarak-phoumin");
    assert_eq!(id(&g, "Koh Kong"), "koh-kong");
    assert_eq!(id(&g, "Krong Bavet"), "bavet");
    assert_eq!(id(&g, "Bavet"), "bavet");
    assert_eq!(id(&g, "Kampot town"), "kampot-city");
    assert_eq!(id(&g, "Kampot province"), "kampot");
    let m = g.resolve("Tbong Khmum town").expect("the seat");
    assert_eq!(g.place(m.place).id, "suong");
    assert_eq!(m.rule, Some(Rule::SeatOfProvince));
}

#[test]
fn places_abroad_lie_in_their_country() {
    let g = gazetteer();
    for (query, expected, country) in [
        ("Mae Sot", "mae-sot", "TH"),
        ("Myawaddy", "myawaddy", "MM"),
        ("Yatai New City", "shwe-kokko", "MM"),
        ("KK Park", "kk-park", "MM"),
        ("Golden Triangle SEZ", "golden-triangle-sez", "LA"),
        ("Kings Romans", "kings-romans", "LA"),
        ("Saigon", "ho-chi-minh-city", "VN"),
        ("Moc Bai", "moc-bai", "VN"),
    ] {
        let m = g.resolve(query).expect(query);
        let place = g.place(m.place);
        assert_eq!(
            (place.id.as_str(), place.country.as_str()),
            (expected, country)
        );
        assert_eq!(place.province, None);
        assert_eq!(
            g.place(place.parent.expect("a country")).kind,
            PlaceKind::Country
        );
        assert!(!place.on_places_map());
    }
    assert_eq!(
        g.describe(idx(&g, "mae-sot")),
        "Mae Sot (mae-sot, town in Thailand)"
    );
    assert_eq!(id(&g, "Myawaddy, Myanmar"), "myawaddy");
}

#[test]
fn the_places_map_leaves_off_points_that_are_only_a_province_seat() {
    let g = gazetteer();
    let on = |id: &str| g.place(idx(&g, id)).on_places_map();
    assert!(on("kandal") && on("o-smach") && on("veal-veng") && on("galaxy-world"));
    assert!(!on("chrey-thom"), "its point is Kandal's seat");
    assert!(!on("thma-da-150605"));
    assert!(!on("thailand"));
    let province_points = g
        .places()
        .filter(|(_, p)| p.kind != PlaceKind::Province && p.on_places_map())
        .filter(|(_, p)| p.geo_precision() > 2)
        .count();
    assert_eq!(province_points, 0);
}

fn load_override(files: &[(&str, &str)]) -> Result<Gazetteer, LoadError> {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    Gazetteer::load(Some(dir.path()))
}

fn load_errors(files: &[(&str, &str)]) -> Vec<String> {
    match load_override(files) {
        Err(LoadError::Invalid(d)) => d
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{} {} {}",
                    d.location.line,
                    d.location.column.unwrap_or(0),
                    d.field.as_deref().unwrap_or(""),
                    d.code,
                    d.message
                )
            })
            .collect(),
        other => panic!("expected errors, got {other:?}"),
    }
}

#[test]
fn an_override_refuses_invisible_characters_where_they_are() {
    let errors = load_errors(&[(
        "zones.csv",
        "id,kind,name,province,lat,lon,precision\n\
         kbal-a,site,Kbal\u{200b} A,preah-sihanouk,10.6,103.5,town\n\
         kbal-b,site,Kbal B\u{202e},preah-sihanouk,10.6,103.5,town\n",
    )]);
    assert_eq!(
        errors,
        [
            "2:3:name invisible-character `name` holds the invisible character \\u{200b}, which makes different names and ids look alike",
            "3:3:name invisible-character `name` holds the invisible character \\u{202e}, which makes different names and ids look alike",
        ]
    );
}

#[test]
fn an_override_is_compared_in_nfc() {
    // `Kâmpôt Thmei` written with combining accents (NFD) is the same name as in NFC, and is
    // kept in NFC.
    let g = load_override(&[(
        "zones.csv",
        "id,kind,name,province,lat,lon,precision\n\
         kampot-thmei,site,Ka\u{302}mpo\u{302}t Thmei,kampot,10.6,104.2,town\n",
    )])
    .expect("loads");
    let place = g.place(idx(&g, "kampot-thmei"));
    assert_eq!(place.name, "K\u{e2}mp\u{f4}t Thmei");
    assert_eq!(id(&g, "K\u{e2}mp\u{f4}t Thmei"), "kampot-thmei");
}

#[test]
fn an_override_adds_places_abroad_and_official_units() {
    let g = load_override(&[
        (
            "zones.csv",
            "id,kind,name,province,iso_3166_2,lat,lon,precision,source\n\
             chong-chom,border_crossing,Chong Chom,thailand,TH-32,14.43,103.7,approximate,field notes\n",
        ),
        (
            "admin.csv",
            "id,code,kind,name,name_km,parent,lat,lon,precision\n\
             ou-thum-01020101,01020101,village,Ou Thum,អូរធំ,010201,,,\n",
        ),
    ])
    .expect("loads");
    let crossing = g.place(idx(&g, "chong-chom"));
    assert_eq!(
        (crossing.country.as_str(), crossing.iso_3166_2.as_str()),
        ("TH", "TH-32")
    );
    let village = idx(&g, "ou-thum-01020101");
    assert_eq!(g.place(village).parent, g.by_code("010201"));
    assert_eq!(
        g.province_of(village).map(|p| p.id.as_str()),
        Some("banteay-meanchey")
    );
    let province = g.place(idx(&g, "banteay-meanchey"));
    assert!((g.place(village).lat - province.lat).abs() < 1e-9);
    assert_eq!(g.place(village).precision, super::PointPrecision::Province);
}

#[test]
fn an_override_zone_with_bad_links_is_located() {
    let errors = load_errors(&[(
        "zones.csv",
        "id,kind,name,province,within,code,iso_3166_2,lat,lon,precision\n\
         a-site,site,A Site,pursat,0812,,,12.5,103.9,town\n\
         b-site,site,B Site,pursat,,9999,,12.5,103.9,town\n\
         c-site,site,C Site,thailand,,,XX-1,14.0,101.0,town\n\
         d-site,site,D Site,atlantis,,,,12.5,103.9,town\n",
    )]);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(
        errors[0].starts_with("2:5:within wrong-province"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("3:6:code unknown-code"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].starts_with("4:7:iso_3166_2 bad-code"),
        "{}",
        errors[2]
    );
    assert!(
        errors[3].starts_with("5:4:province unknown-province"),
        "{}",
        errors[3]
    );
}

#[test]
fn official_units_may_share_names_but_curated_zones_may_not() {
    // Two hand-curated zones called Samraong: refused (the resolver could not tell them
    // apart). The national list's twelve places called Samraong load.
    let errors = load_errors(&[(
        "zones.csv",
        "id,kind,name,province,lat,lon,precision\n\
         samraong-a,site,Samraong Market,takeo,10.9,104.7,town\n\
         samraong-b,site,Samraong Market,pursat,12.5,103.9,town\n",
    )]);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("ambiguous-name"), "{}", errors[0]);
    assert!(matches!(
        gazetteer().resolve("Samraong"),
        Err(ResolveError::Ambiguous { candidates }) if candidates.len() == 12
    ));
}
