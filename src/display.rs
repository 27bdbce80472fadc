//! Showing untrusted text to a person: file names, ids and values from the
//! data reach terminals and one-line messages, so control characters (a
//! newline in a file name, a terminal escape in a headline) are escaped.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::fmt::{self, Write};

/// A path or string as messages show it: lossy UTF-8 with control
/// characters escaped (`\n`, `\u{1b}`), so it stays on one line and inert.
pub struct Shown<'a, T: AsRef<OsStr> + ?Sized>(pub &'a T);

impl<T: AsRef<OsStr> + ?Sized> fmt::Display for Shown<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.as_ref().to_string_lossy().chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// `text` with control characters escaped; borrowed when there are none.
pub fn inert(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        Cow::Owned(Shown(text).to_string())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            Shown(Path::new("a\nb\u{1b}[2J.txt")).to_string(),
            "a\\nb\\u{1b}[2J.txt"
        );
        assert!(matches!(inert("plain"), Cow::Borrowed("plain")));
        assert_eq!(inert("bell\u{7}"), "bell\\u{7}");
    }
}
