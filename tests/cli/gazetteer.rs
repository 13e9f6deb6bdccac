//! `tonle gazetteer`: lookups, listings, override folders, and the built-in data's invariants.

use super::{tonle, tonle_in};

#[test]
fn lookup_explains_each_resolution() {
    let run = tonle(&[
        "gazetteer",
        "lookup",
        "Sihanoukville",
        "Kampong Som",
        "Kâmpóng Saôm",
        "Preah Sihanouk province",
        "ខេត្តព្រះសីហនុ",
        "Thmor Da SEZ",
        "Veal Veng district",
        "Siem Reap",
        "Siem Reap province",
        "O'Smach",
        "Lao PDR",
        "Chrey Thum, Kandal",
        "Anlung Veaeng",
        "Memot",
        "Paoy Paet",
        "Koh Kong city",
        "Krong Bavet",
        "ភ្នំពេញ",
        "Phnom Penh",
        "Thma Da",
        "Myawaddy",
        "Golden Triangle SEZ",
        "Ho Chi Minh City",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn lookup_fails_with_suggestions_and_exit_1() {
    let run = tonle(&[
        "gazetteer",
        "lookup",
        "Sihanoukvile",
        "Atlantis",
        "Pursat",
        "Chrey Thum",
        "Bavet, Kandal",
    ]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn lookup_json_has_the_documented_shape() {
    let run = tonle(&[
        "gazetteer",
        "lookup",
        "--json",
        "Kampong Som",
        "Thmor Da",
        "Sihanoukvile",
    ]);
    assert_eq!(run.code, 1);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let found = &value[0];
    assert_eq!(found["query"], "Kampong Som");
    assert_eq!(found["id"], "sihanoukville");
    assert_eq!(found["kind"], "city");
    assert_eq!(found["province"]["id"], "preah-sihanouk");
    assert_eq!(found["province"]["iso_3166_2"], "KH-18");
    assert_eq!(found["province"]["pcode"], "KH18");
    assert_eq!(found["country"], "KH");
    assert_eq!(found["geo_precision"], 2);
    assert_eq!(value[1]["id"], "thmor-da-sez");
    assert_eq!(value[2]["query"], "Sihanoukvile");
    assert_eq!(value[2]["suggestions"][0], "sihanoukville");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn list_table_and_kinds() {
    let run = tonle(&["gazetteer", "list", "--kind", "city"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
    let run = tonle(&["gazetteer", "list", "--country", "la"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("list_laos", run.stdout);
    let run = tonle(&["gazetteer", "list", "--kind", "country", "--format", "csv"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.lines().skip(1).all(|l| l.contains(",country,")),
        "{}",
        run.stdout
    );
    let run = tonle(&["gazetteer", "list", "--kind", "hamlet"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--kind hamlet: unknown kind; one of: country, province, region"),
        "{}",
        run.stderr
    );
    let run = tonle(&["gazetteer", "list", "--country", "Thailand"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--country THAILAND: not an ISO 3166-1 alpha-2 code"),
        "{}",
        run.stderr
    );
}

/// Every district and commune of the national list is there, with its code, its Khmer name
/// and its parent; their points are their own or their province's, and say which.
#[test]
fn every_official_unit_is_listed_with_its_code_and_parent() {
    let run = tonle(&["gazetteer", "list", "--format", "json"]);
    let places: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON");
    let units: Vec<&serde_json::Value> = places
        .iter()
        .filter(|p| p["code"].as_str().is_some_and(|c| c.len() >= 4))
        .collect();
    let count = |len: usize| {
        units
            .iter()
            .filter(|p| p["code"].as_str().map(str::len) == Some(len))
            .count()
    };
    assert_eq!((count(4), count(6)), (210, 1661), "districts and communes");
    for unit in &units {
        let code = unit["code"].as_str().expect("code");
        assert!(unit["name_km"].is_string(), "{code} has a Khmer name");
        let parent = unit["parent_id"].as_str().expect("a parent");
        let parent = places
            .iter()
            .find(|p| p["id"] == parent)
            .expect("parent listed");
        let parent_code = parent["code"].as_str().expect("parent code");
        assert_eq!(parent_code, &code[..code.len() - 2], "{code}");
        match unit["precision"].as_str() {
            Some("province") => {
                let province = places
                    .iter()
                    .find(|p| p["id"] == unit["province_id"])
                    .expect("province");
                assert_eq!(
                    (&unit["lat"], &unit["lon"]),
                    (&province["lat"], &province["lon"])
                );
                assert_eq!(unit["geo_precision"], 3, "{code}");
            }
            Some(_) => assert!(unit["source"].as_str().unwrap_or("").contains("GeoNames")),
            None => panic!("{code} has no precision"),
        }
    }
}

#[test]
fn list_geojson_parses_and_has_every_place() {
    let run = tonle(&["gazetteer", "list", "--format", "geojson"]);
    assert_eq!(run.code, 0);
    let collection: geojson::FeatureCollection = run
        .stdout
        .parse::<geojson::GeoJson>()
        .expect("GeoJSON")
        .try_into()
        .expect("collection");
    let csv_rows = tonle(&["gazetteer", "list", "--format", "csv"])
        .stdout
        .lines()
        .count()
        - 1;
    assert_eq!(collection.features.len(), csv_rows);
    let json: serde_json::Value =
        serde_json::from_str(&tonle(&["gazetteer", "list", "--format", "json"]).stdout)
            .expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(csv_rows));
}

/// The built-in provinces: all 25 units, each with its codes, a Khmer name and a point in
/// Cambodia.
#[test]
fn every_province_is_complete() {
    let run = tonle(&[
        "gazetteer",
        "list",
        "--kind",
        "province",
        "--format",
        "json",
    ]);
    let provinces: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(provinces.len(), 25);
    let mut isos: Vec<u32> = Vec::new();
    for p in &provinces {
        let iso = p["iso_3166_2"].as_str().expect("iso");
        let n: u32 = iso
            .strip_prefix("KH-")
            .and_then(|n| n.parse().ok())
            .expect("KH-n");
        isos.push(n);
        assert_eq!(p["pcode"], format!("KH{n:02}"), "{iso}");
        let km = p["name_km"].as_str().expect("Khmer name");
        assert!(
            km.chars().any(|c| ('\u{1780}'..='\u{17ff}').contains(&c)),
            "{iso} Khmer name {km}"
        );
        let (lat, lon) = (
            p["lat"].as_f64().expect("lat"),
            p["lon"].as_f64().expect("lon"),
        );
        assert!(
            (10.0..=14.7).contains(&lat) && (102.3..=107.7).contains(&lon),
            "{iso} at {lat},{lon}"
        );
        assert!(
            !p["source"].as_str().unwrap_or("").is_empty(),
            "{iso} has a source"
        );
    }
    isos.sort_unstable();
    assert_eq!(isos, (1..=25).collect::<Vec<_>>());
}

#[test]
fn every_zone_names_its_source_and_precision() {
    let run = tonle(&["gazetteer", "list", "--format", "json"]);
    let places: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON");
    for p in places
        .iter()
        .filter(|p| p["kind"] != "province" && p["kind"] != "country")
    {
        assert!(
            !p["source"].as_str().unwrap_or("").is_empty(),
            "{} has a source",
            p["id"]
        );
        if p["country"] == "KH" {
            assert!(p["province_id"].is_string(), "{} has a province", p["id"]);
        } else {
            let iso = p["iso_3166_2"].as_str().expect("a division code abroad");
            assert!(
                iso.starts_with(p["country"].as_str().expect("country")),
                "{iso}"
            );
            assert!(p["parent_id"].is_string(), "{} lies in a country", p["id"]);
        }
        if p["precision"] != "exact" {
            assert!(
                p["note"].is_string(),
                "{} says why its point is not exact",
                p["id"]
            );
        }
    }
    for id in [
        "sihanoukville",
        "sihanoukville-sez",
        "sangkat-3-sihanoukville",
        "great-wall-park",
        "galaxy-world",
        "sihanoukville-chinatown",
        "thmor-da-sez",
        "veal-veng",
        "bavet",
        "manhattan-sez",
        "poipet",
        "o-smach",
        "cham-yeam",
        "phnom-penh-city",
        "siem-reap-city",
        "banteay-srei",
        "run-ta-ek",
        "otres",
        "ochheuteal",
        "jin-bei",
        "bokor",
        "chrey-thom",
        "anlong-veng",
        "myawaddy",
        "shwe-kokko",
        "kk-park",
        "golden-triangle-sez",
        "kings-romans",
        "bokeo",
        "ton-pheung",
        "mae-sot",
        "aranyaprathet",
        "ban-khlong-luek",
        "bangkok",
        "ho-chi-minh-city",
        "moc-bai",
        "tay-ninh",
        "an-giang",
    ] {
        assert!(
            places.iter().any(|p| p["id"] == id),
            "the gazetteer has {id}"
        );
    }
}

#[test]
fn an_override_folder_adds_a_village_and_replaces_a_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    let gaz = dir.path().join("gaz");
    std::fs::create_dir(&gaz).expect("mkdir");
    std::fs::write(
        gaz.join("zones.csv"),
        "id,kind,name,aliases,province,lat,lon,precision,source,note\n\
         phum-thmei,town,Phum Thmei,Phoum Thmey,pursat,12.5,103.9,approximate,field notes,test village\n\
         bavet,city,Bavet,Krong Bavet,svay-rieng,11.07,106.14,exact,survey,moved point\n",
    )
    .expect("write");
    let run = tonle_in(
        dir.path(),
        &[
            "gazetteer",
            "lookup",
            "--json",
            "--gazetteer",
            "gaz",
            "Phoum Thmey",
            "Bavet",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(value[0]["id"], "phum-thmei");
    assert_eq!(value[0]["province"]["id"], "pursat");
    assert_eq!(value[1]["lat"], 11.07);
    assert_eq!(value[1]["geo_precision"], 2);
}

#[test]
fn a_broken_override_row_is_reported_with_file_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("zones.csv"),
        "id,kind,name,province,lat,lon,precision\n\
         Bad Id,village,,pursatt,103.9,12.5,guess\n",
    )
    .expect("write");
    let run = tonle_in(
        dir.path(),
        &["gazetteer", "lookup", "--gazetteer", ".", "Pursat"],
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr.replace(&dir.path().display().to_string(), "TMP"));
}

#[test]
fn a_missing_override_folder_is_a_hard_error() {
    let run = tonle(&["gazetteer", "list", "--gazetteer", "no/such/folder"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no/such/folder is not a folder"),
        "{}",
        run.stderr
    );
}

/// Issue 13: look-alike ids and names in an override are refused where they are, the
/// character escaped so that the terminal shows it.
#[test]
fn an_override_with_invisible_characters_is_refused_with_their_cells() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("zones.csv"),
        "id,kind,name,province,lat,lon,precision\n\
         otres-\u{200b}x,site,Otres X,preah-sihanouk,10.6,103.5,town\n\
         otres-y,site,Otres Y\u{202e},preah-sihanouk,10.6,103.5,town\n",
    )
    .expect("write");
    let run = tonle_in(
        dir.path(),
        &["gazetteer", "lookup", "--gazetteer", ".", "Otres"],
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn an_override_adds_a_place_abroad() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("zones.csv"),
        "id,kind,name,province,iso_3166_2,lat,lon,precision,source\n\
         chong-chom,border_crossing,Chong Chom,thailand,TH-32,14.43,103.70,approximate,field notes\n",
    )
    .expect("write");
    let run = tonle_in(
        dir.path(),
        &[
            "gazetteer",
            "lookup",
            "--json",
            "--gazetteer",
            ".",
            "Chong Chom checkpoint",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(value[0]["id"], "chong-chom");
    assert_eq!(value[0]["country"], "TH");
    assert!(value[0]["province"].is_null());
}

/// Sihanoukville's numbered sangkats answer to their own number in every spelling: `pir` is 2
/// and `bei` is 3 (issue 16: "Sangkat Pir Sihanoukville" once sat on Sangkat 3).
#[test]
fn sihanoukvilles_numbered_sangkats_resolve_to_their_own_number() {
    let names = [
        ("Sangkat Pir Sihanoukville", "sangkat-2-sihanoukville"),
        ("Sangkat Pir", "sangkat-2-sihanoukville"),
        ("Sangkat Lekh Pir", "sangkat-2-sihanoukville"),
        ("Commune 2", "sangkat-2-sihanoukville"),
        ("Sangkat Bei", "sangkat-3-sihanoukville"),
        ("Sangkat Lekh Bei", "sangkat-3-sihanoukville"),
        ("Commune 3", "sangkat-3-sihanoukville"),
    ];
    let mut args = vec!["gazetteer", "lookup", "--json"];
    args.extend(names.iter().map(|(name, _)| *name));
    let run = tonle(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    for (i, (name, id)) in names.iter().enumerate() {
        assert_eq!(value[i]["query"], *name);
        assert_eq!(value[i]["id"], *id, "{name}");
        assert_eq!(value[i]["province"]["id"], "preah-sihanouk", "{name}");
    }
}
