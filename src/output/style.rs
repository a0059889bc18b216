//! Colour for the few words that must stand out (PASS, FAIL, CRITICAL), only when stdout is a
//! terminal (or `CLICOLOR_FORCE` asks for it) and `NO_COLOR` is not set (no-color.org).

use std::io::IsTerminal;

/// The colours qaudit uses.
#[derive(Debug, Clone, Copy)]
pub enum Tone {
    Good,
    Bad,
}

/// Whether output is coloured, from the environment and the terminal.
pub fn enabled() -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    if set("NO_COLOR") {
        return false;
    }
    set("CLICOLOR_FORCE") || std::io::stdout().is_terminal()
}

/// `text` in the tone's colour (bold), or unchanged when colour is off.
pub fn paint(text: &str, tone: Tone) -> String {
    if !enabled() {
        return text.to_string();
    }
    let code = match tone {
        Tone::Good => "1;32",
        Tone::Bad => "1;31",
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
}
