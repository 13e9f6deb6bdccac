//! calamine can panic on a damaged workbook (a slice index out of range in a corrupt record, an
//! overflow in a size it read): every call into it goes through [`guarded`], which turns such
//! a panic into a message that the reader reports at the file or the row, like any other
//! unreadable workbook, and keeps the panic's own text off standard error.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`guarded`]: its panics are reported, not printed.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `call` (a call into calamine); a panic in it is returned as what went wrong. The
/// workbook it was reading must not be used after that: the caller stops reading it.
pub fn guarded<T>(call: impl FnOnce() -> T) -> Result<T, String> {
    quiet_hook();
    let outer = GUARDED.replace(true);
    // AssertUnwindSafe: after a panic the workbook is dropped unread, so no state it left
    // half-changed is looked at again.
    let result = panic::catch_unwind(AssertUnwindSafe(call));
    GUARDED.set(outer);
    result.map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        // One line: an assertion's message spans three.
        let what = what.split_whitespace().collect::<Vec<_>>().join(" ");
        format!("the workbook reader stopped on a damaged part ({what})")
    })
}

/// Installs, once, a panic hook that is silent inside [`guarded`] and otherwise does what the
/// hook before it did.
fn quiet_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let before = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                before(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_message_and_the_guard_is_lifted_after() {
        assert_eq!(guarded(|| 7), Ok(7));
        let slice: &[u8] = &[1];
        let index = slice.len() + 1;
        let err = guarded(|| slice[..index].len()).expect_err("panics");
        assert!(
            err.starts_with(
                "the workbook reader stopped on a damaged part (range end index 2 out of range"
            ),
            "{err}"
        );
        assert!(guarded(|| std::panic::panic_any(3u8))
            .expect_err("panics")
            .contains("no message"));
        assert!(!GUARDED.with(Cell::get));
    }
}
