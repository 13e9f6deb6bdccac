//! The event reader: any bytes after a valid header give events or diagnostics, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tonle::read::Loader;
use tonle::gazetteer::Gazetteer;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::builtin().expect("the built-in gazetteer loads"))
}

fuzz_target!(|data: &[u8]| {
    // Half the inputs get a valid header so the fuzzer reaches the field checks quickly.
    let mut input = Vec::new();
    if data.first().is_some_and(|b| b & 1 == 0) {
        input.extend_from_slice(
            b"id,date,type,title,place,origin,destination,lat,lon,arrested,people,nationalities,source,source_url\n",
        );
    }
    input.extend_from_slice(data);
    let mut diagnostics = Vec::new();
    let mut events = 0u64;
    let rows = Loader::new(gazetteer())
        .read_from(input.as_slice(), "fuzz.csv", &mut diagnostics, |_| events += 1)
        .expect("reading from memory does not fail");
    assert!(events <= rows);
    assert!(events == rows || !diagnostics.is_empty());
});
