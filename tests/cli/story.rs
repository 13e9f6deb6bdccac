//! The story outputs (`story.html`, `storymap.json`) and `--title`: what they hold, against the
//! other outputs of the same export.

use super::export::geojson_features;
use super::{export_into, files};

/// The fixture whose every text field carries a script payload, with the gazetteer that puts
/// one into a province name.
const HOSTILE: &[&str] = &[
    "--events",
    "tests/fixtures/good/hostile.csv",
    "--gazetteer",
    "tests/fixtures/good/hostile-gazetteer",
];

/// The data block of a story page, pretty-printed, each outline's coordinates replaced by how
/// many polygons it has (the outlines are pinned by the boundaries' own tests).
pub(crate) fn story_data(page: &str) -> String {
    let open = r#"<script type="application/json" id="tonle-data">"#;
    let at = page.find(open).expect("data block") + open.len();
    let end = at + page[at..].find("</script>").expect("end of the data");
    let mut data: serde_json::Value = serde_json::from_str(&page[at..end]).expect("JSON");
    for list in ["provinces", "countries"] {
        for outline in data["map"][list].as_array_mut().expect("outlines") {
            let n = outline["polygons"].as_array().map_or(0, Vec::len);
            outline["polygons"] = serde_json::Value::from(format!("{n} polygons"));
        }
    }
    data["generator"] = serde_json::Value::from("tonle VERSION");
    serde_json::to_string_pretty(&data).expect("JSON")
}

/// The story page and the story map carry the events the public outputs carry, no more: the
/// page's event ids are exactly `events.csv`'s, and the story map's slides exactly the events
/// with a place of `events.geojson`. (The profile stage decides what reaches any output; this
/// keeps the story outputs from holding anything the others do not.)
#[test]
fn story_outputs_hold_exactly_the_events_of_the_public_outputs() {
    for extra in [&[][..], HOSTILE] {
        let dir = tempfile::tempdir().expect("temp dir");
        let run = export_into(dir.path(), extra);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let page = std::fs::read_to_string(dir.path().join("story.html")).expect("story.html");
        let data: serde_json::Value =
            serde_json::from_str(story_data(&page).as_str()).expect("JSON");
        let mut story: Vec<String> = data["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| e["id"].as_str().expect("id").to_owned())
            .collect();
        let csv = std::fs::read_to_string(dir.path().join("events.csv")).expect("events.csv");
        let mut rows = csv::Reader::from_reader(csv.as_bytes());
        let mut listed: Vec<String> = rows
            .records()
            .map(|r| r.expect("row")[0].to_owned())
            .collect();
        story.sort();
        listed.sort();
        assert_eq!(story, listed);
        let placed: Vec<String> = geojson_features(&dir.path().join("events.geojson"))
            .iter()
            .map(|f| {
                f.property("id")
                    .and_then(|v| v.as_str())
                    .expect("id")
                    .to_owned()
            })
            .collect();
        let storymap: serde_json::Value = serde_json::from_slice(
            &std::fs::read(dir.path().join("storymap.json")).expect("storymap.json"),
        )
        .expect("JSON");
        let slides = storymap["storymap"]["slides"].as_array().expect("slides");
        assert_eq!(
            slides.len(),
            placed.len() + 1,
            "an overview and a slide per placed event"
        );
    }
}

/// `--title` names the TimelineJS title slide, the story page and the story map, escaped where
/// the widget reads HTML; a blank title is refused before anything is written.
#[test]
fn the_title_reaches_every_output_that_shows_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let title = "Scam compounds & <raids>, 2022";
    let run = export_into(
        dir.path(),
        &[
            "--only",
            "timelinejs,story,storymap",
            "--events",
            "tests/fixtures/good/small.csv",
            "--title",
            title,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect(name);
    let escaped = "Scam compounds &amp; &lt;raids&gt;, 2022";
    let timeline: serde_json::Value = serde_json::from_str(&read("timeline.json")).expect("JSON");
    assert_eq!(timeline["title"]["text"]["headline"], escaped);
    let storymap: serde_json::Value = serde_json::from_str(&read("storymap.json")).expect("JSON");
    assert_eq!(
        storymap["storymap"]["slides"][0]["text"]["headline"],
        escaped
    );
    let page = read("story.html");
    assert!(page.contains(&format!("<title>{escaped}</title>")));
    let data: serde_json::Value = serde_json::from_str(&story_data(&page)).expect("JSON");
    assert_eq!(data["title"], title);

    let blank = tempfile::tempdir().expect("temp dir");
    let run = export_into(blank.path(), &["--title", "  "]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--title: the title is blank"),
        "{}",
        run.stderr
    );
    assert!(files(blank.path()).is_empty());
}
