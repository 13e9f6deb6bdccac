//! The EDTF parser: any text parses or is refused with a message, never a panic; what parses
//! has a consistent start and end, and its canonical EDTF parses back to the same days.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tonle::dates;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(date) = dates::parse(text) {
        if let (Some(start), Some(end)) = (date.start_day(), date.end_day()) {
            assert!(start <= end, "{text}: {start} after {end}");
        }
        let _ = date.label();
        // The canonical form parses back to the same days.
        let again = dates::parse(&date.edtf()).expect("canonical EDTF parses");
        assert_eq!(
            (date.start_day(), date.end_day(), date.precision(), date.qualifier()),
            (again.start_day(), again.end_day(), again.precision(), again.qualifier()),
            "{text}"
        );
        let _ = date.overlaps(date.start_day(), date.end_day());
    }
    let _ = dates::parse_day(text);
});
