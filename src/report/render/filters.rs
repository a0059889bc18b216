//! The filters templates format values with, and the Markdown escaping: numbers in the report's
//! language, padding and wrapping for text tables, a dash for a missing value.

use minijinja::{Environment, ErrorKind, Value};

/// The name of the Markdown auto-escape mode.
pub(super) const MARKDOWN: &str = "markdown";

/// Escapes a value for Markdown: entities for what HTML would read, a backslash for what
/// Markdown would read as emphasis, code, links or table cells, and spaces for line breaks.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' if out.is_empty() => out.push_str("\\#"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push(' ');
                }
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A value as text for the text filters: `–` when missing.
pub(super) fn text_of(v: &Value) -> String {
    if v.is_none() || v.is_undefined() {
        "–".to_string()
    } else {
        v.to_string()
    }
}

pub(super) fn number(v: &Value) -> Option<f64> {
    if v.is_none() || v.is_undefined() {
        None
    } else {
        f64::try_from(v.clone()).ok()
    }
}

pub(super) fn not_a_number(filter: &str, v: &Value) -> minijinja::Error {
    minijinja::Error::new(
        ErrorKind::InvalidOperation,
        format!("`{filter}` needs a number or none, not {}", v.kind()),
    )
}

/// `text` padded with spaces to `width` characters, or shortened to it with `…`.
pub fn fit(text: &str, width: usize, right: bool) -> String {
    let n = text.chars().count();
    if n > width {
        let mut short: String = text.chars().take(width.saturating_sub(1)).collect();
        if width > 0 {
            short.push('…');
        }
        return short;
    }
    let pad = " ".repeat(width - n);
    if right {
        format!("{pad}{text}")
    } else {
        format!("{text}{pad}")
    }
}

/// `Name (id)` in `width` characters: a long name is shortened, never the id people type into
/// the next command; when the id alone does not fit, the text is longer than `width`.
pub fn name_with_id(name: &str, id: &str, width: usize) -> String {
    let suffix = format!(" ({id})");
    let whole = format!("{name}{suffix}");
    let room = width.saturating_sub(suffix.chars().count());
    if whole.chars().count() <= width || room < 2 {
        return if whole.chars().count() >= width {
            whole
        } else {
            fit(&whole, width, false)
        };
    }
    let short: String = name.chars().take(room - 1).collect();
    format!("{short}…{suffix}")
}

/// Word-wraps `text` to lines of at most `width` characters; lines after the first are
/// prefixed with `indent` spaces (so a template can start the first line after a label of that
/// width). Words longer than a line are left whole. Existing line breaks are kept.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut len = 0;
        for word in paragraph.split_whitespace() {
            let w = word.chars().count();
            if len > 0 && len + 1 + w > width {
                lines.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.push_str(word);
            len += w;
        }
        lines.push(line);
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 || l.is_empty() {
                l.clone()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn add_filters(env: &mut Environment<'static>) {
    // A number with `digits` decimals in the report's language (`1,306` in Spanish).
    env.add_filter(
        "decimal",
        |state: &minijinja::State, v: Value, digits: usize| -> Result<String, minijinja::Error> {
            match number(&v) {
                Some(x) => Ok(localise(state, format!("{x:.digits$}"))),
                None if v.is_none() => Ok("–".into()),
                None => Err(not_a_number("decimal", &v)),
            }
        },
    );
    // minijinja's `replace`, except that a Spanish report puts a decimal number into a label's
    // placeholder with a decimal comma (`{photo}` in `a más de {photo} h` reads `2,0`).
    env.add_filter(
        "replace",
        |state: &minijinja::State, text: String, from: String, to: Value, count: Option<usize>| -> String {
            let decimal = match to.as_str() {
                Some(written) => is_decimal(written),
                None => to.kind() == minijinja::value::ValueKind::Number && !to.is_integer(),
            };
            let to = if decimal {
                localise(state, to.to_string())
            } else {
                to.to_string()
            };
            match count {
                Some(n) => text.replacen(&from, &to, n),
                None => text.replace(&from, &to),
            }
        },
    );
    // A number already formatted (a threshold as its author wrote it, a bound to the decimals
    // that show its side) in the report's language.
    env.add_filter("localised", |state: &minijinja::State, v: Value| {
        localise(state, text_of(&v))
    });
    env.add_filter(
        "score",
        |state: &minijinja::State, v: Value| -> Result<String, minijinja::Error> {
            match number(&v) {
                Some(x) => Ok(localise(state, format!("{x:.1}"))),
                None if v.is_none() => Ok("–".into()),
                None => Err(not_a_number("score", &v)),
            }
        },
    );
    env.add_filter("pct", |v: Value| -> Result<String, minijinja::Error> {
        match number(&v) {
            Some(x) => Ok(format!("{:.0}%", x * 100.0)),
            None if v.is_none() => Ok("–".into()),
            None => Err(not_a_number("pct", &v)),
        }
    });
    env.add_filter(
        "signed",
        |state: &minijinja::State, v: Value, digits: Option<usize>| -> Result<String, minijinja::Error> {
            let digits = digits.unwrap_or(1);
            match number(&v) {
                Some(x) if x.abs() < 0.5 * 10f64.powi(-(digits as i32)) => {
                    Ok(localise(state, format!("±{:.digits$}", 0.0)))
                }
                Some(x) => Ok(localise(state, format!("{x:+.digits$}"))),
                None if v.is_none() => Ok("–".into()),
                None => Err(not_a_number("signed", &v)),
            }
        },
    );
    env.add_filter("duration", |v: Value| -> Result<String, minijinja::Error> {
        match number(&v) {
            Some(x) => {
                let s = x.round().max(0.0) as u64;
                Ok(if s >= 3600 {
                    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                } else {
                    format!("{}:{:02}", s / 60, s % 60)
                })
            }
            None if v.is_none() => Ok("–".into()),
            None => Err(not_a_number("duration", &v)),
        }
    });
    // A span of seconds as people read a response or handling time: `45 s`, `12 min`, `3.5 h`,
    // `2.1 d` (the units are the same words in Spanish), decimals in the report's language.
    env.add_filter(
        "span",
        |state: &minijinja::State, v: Value| -> Result<String, minijinja::Error> {
            match number(&v) {
                Some(x) => Ok(localise(state, span_text(x))),
                None if v.is_none() => Ok("–".into()),
                None => Err(not_a_number("span", &v)),
            }
        },
    );
    env.add_filter("name_with_id", |name: Value, id: Value, width: usize| {
        name_with_id(&text_of(&name), &text_of(&id), width)
    });
    env.add_filter("ljust", |v: Value, width: usize| fit(&text_of(&v), width, false));
    env.add_filter("rjust", |v: Value, width: usize| fit(&text_of(&v), width, true));
    env.add_filter("bar", |v: Value, width: usize| match number(&v) {
        Some(x) => {
            let full = ((x.clamp(0.0, 100.0) / 100.0) * width as f64).round() as usize;
            format!("{}{}", "█".repeat(full), "░".repeat(width - full))
        }
        None => " ".repeat(width),
    });
    env.add_filter("wrap", |v: Value, width: Option<usize>, indent: Option<usize>| {
        wrap(&text_of(&v), width.unwrap_or(78), indent.unwrap_or(0))
    });
}

/// `seconds` in the largest unit that keeps it readable.
pub(super) fn span_text(seconds: f64) -> String {
    let s = seconds.max(0.0);
    if s < 60.0 {
        format!("{s:.0} s")
    } else if s < 3600.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 48.0 * 3600.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} d", s / 86_400.0)
    }
}

/// A formatted number in the report's language: Spanish writes the decimal comma (`64,5`).
pub(super) fn localise(state: &minijinja::State, formatted: String) -> String {
    match state.lookup("lang").as_ref().and_then(Value::as_str) {
        Some("es") => decimal_comma(&formatted),
        _ => formatted,
    }
}

/// A number already written as text (`-0.458`, `+0.67`, `92.4`): what the report's code or a
/// template formatted to a fixed number of decimals.
pub(super) fn is_decimal(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+', '±']).unwrap_or(text);
    match digits.split_once('.') {
        Some((whole, part)) => {
            !whole.is_empty()
                && !part.is_empty()
                && whole.chars().all(|c| c.is_ascii_digit())
                && part.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

/// `64.5` as Spanish writes it, `64,5`.
pub(super) fn decimal_comma(formatted: &str) -> String {
    formatted.replace('.', ",")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_name_is_shortened_and_its_id_never() {
        use super::name_with_id;
        assert_eq!(name_with_id("Julia Fernández", "a-011", 20), "Julia Ferná… (a-011)");
        assert_eq!(name_with_id("Eva", "a-1", 12), "Eva (a-1)   ");
        assert_eq!(
            name_with_id("Someone", "a-very-long-id", 10),
            "Someone (a-very-long-id)"
        );
    }

    use super::*;
    use crate::report::render::Renderer;

    #[test]
    fn spanish_reports_write_the_decimal_comma() {
        let mut env = Environment::new();
        add_filters(&mut env);
        let show = |lang: &str| {
            env.render_str(
                "{{ 64.5|score }} {{ -2.26|signed }} {{ none|score }}",
                minijinja::context! { lang => lang },
            )
            .unwrap()
        };
        assert_eq!(show("es"), "64,5 -2,3 –");
        let placed = |lang: &str| {
            env.render_str(
                r#"{{ "a {x} b {y} c {n}"|replace("{x}", 2.0)|replace("{y}", "%.4f"|format(0.0012))|replace("{n}", 3) }} {{ "aaa"|replace("a", "b", 2) }}"#,
                minijinja::context! { lang => lang },
            )
            .unwrap()
        };
        assert_eq!(placed("es"), "a 2,0 b 0,0012 c 3 bba");
        assert_eq!(placed("en"), "a 2.0 b 0.0012 c 3 bba");
        assert_eq!(show("en"), "64.5 -2.3 –");
    }

    #[test]
    fn markdown_escaping_keeps_values_literal() {
        assert_eq!(
            escape_markdown("<script>alert(1)</script> {{ 7*7 }} a|b [x](y)"),
            "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7\\*7 }} a\\|b \\[x\\](y)"
        );
        assert_eq!(escape_markdown("# not a heading\r\nnext"), "\\# not a heading next");
        assert_eq!(escape_markdown("first_contact a/b"), "first_contact a/b");
    }

    #[test]
    fn wrap_and_fit_count_characters() {
        assert_eq!(wrap("uno dos tres cuatro", 8, 2), "uno dos\n  tres\n  cuatro");
        assert_eq!(fit("Sección", 9, false), "Sección  ");
        assert_eq!(fit("Sección", 5, true), "Secc…");
        assert_eq!(fit("7", 3, true), "  7");
    }

    #[test]
    fn filters_print_a_dash_for_missing_values() {
        let r = Renderer::new(None).unwrap();
        let out = r
            .env
            .render_str(
                "{{ none|score }} {{ 81.25|score }} {{ 0.5|pct }} {{ -1.04|signed }} {{ 340|duration }} [{{ none|ljust(3) }}]",
                (),
            )
            .unwrap();
        assert_eq!(out, "– 81.2 50% -1.0 5:40 [–  ]");
    }

    #[test]
    fn spans_read_in_the_largest_readable_unit() {
        let spans: Vec<String> = [45.0, 108.0, 48_600.0, 187_200.0]
            .iter()
            .map(|&s| span_text(s))
            .collect();
        assert_eq!(spans, ["45 s", "2 min", "13.5 h", "2.2 d"]);
        let r = Renderer::new(None).unwrap();
        let es = r
            .env
            .render_str("{{ 48600|span }} {{ none|span }}", minijinja::context! { lang => "es" })
            .unwrap();
        assert_eq!(es, "13,5 h –");
    }
}
