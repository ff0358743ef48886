//! Text from the inputs as the formats meant for people show it. Two things never reach a
//! reader as they are: characters that drive a terminal or hide text (control characters —
//! C0, DEL, C1 — and the bidirectional controls that reorder what is displayed, such as
//! U+202E, which can make `fail` read `liaf`); and fields so long that a report is unreadable
//! (a 4 MiB ticket subject also took the terminal table minutes to lay out). The JSON report
//! keeps every field exact.

use std::borrow::Cow;

// What must not reach a reader is decided in `error`, the bottom layer, which escapes it in
// messages too.
pub use crate::error::is_hidden;

/// The most characters a table cell shows of a short field (an id, a subject, a measured
/// value, a path); a longer one is cut there and ends with `…`.
pub const MAX_FIELD_CHARS: usize = 200;

/// The most characters shown of a sentence (a finding's evidence or headline, an item's
/// detail, a note): the tool writes these, some past 400 characters, quoting the inputs.
pub const MAX_SENTENCE_CHARS: usize = 1000;

/// `s` cut to its first `max` characters followed by `…` when it has more.
pub fn shorten(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some((end, _)) => Cow::Owned(format!("{}…", &s[..end])),
    }
}

/// `s` with every hidden character but tab and line feed replaced by U+FFFD: for formats
/// whose cells may hold several lines (CSV).
pub fn keep_lines(s: &str) -> Cow<'_, str> {
    let hidden = |c: char| is_hidden(c) && c != '\t' && c != '\n';
    if s.chars().any(hidden) {
        Cow::Owned(s.chars().map(|c| if hidden(c) { '\u{FFFD}' } else { c }).collect())
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_fields_are_cut_by_characters_not_bytes() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "abc…");
        // "é" is two bytes: four of them cut after three characters (six bytes).
        assert_eq!(shorten("éééé", 3), "ééé…");
        assert_eq!(shorten("", 0), "");
        assert!(matches!(shorten("short", MAX_FIELD_CHARS), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_and_bidi_overrides_are_hidden_tab_and_line_feed_kept_where_allowed() {
        for c in ['\u{1b}', '\u{7}', '\r', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{200f}', '\u{61c}'] {
            assert!(is_hidden(c), "{c:?}");
        }
        for c in ['a', 'é', ' ', '\u{a0}', '€', '\u{2010}', '\u{2070}'] {
            assert!(!is_hidden(c), "{c:?}");
        }
        assert_eq!(keep_lines("a\tb\nc\rd\u{1b}[2J\u{202e}liaf"), "a\tb\nc\u{FFFD}d\u{FFFD}[2J\u{FFFD}liaf");
    }
}
