//! The resolver: any name resolves or is explained (with suggestions), never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tonle::gazetteer::Gazetteer;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::builtin().expect("the built-in gazetteer loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(name) = std::str::from_utf8(data) else { return };
    let g = gazetteer();
    match g.resolve(name) {
        Ok(m) => {
            let _ = g.place(m.place);
        }
        Err(e) => {
            let (message, _hint) = g.explain(name, &e);
            assert!(!message.is_empty());
        }
    }
});
