//! Inline SVG charts for HTML reports: drawn here so they need no script, no network and no
//! fonts beyond the page's, and print as crisply as text.
//!
//! Every chart scales to the width of its container (a `viewBox` and `max-width: 100%`), labels
//! its values in text (not only in colour), and carries a `<title>` for screen readers. Long
//! labels are shortened with an ellipsis; the full text is in a `<title>` on hover.

use std::fmt::Write as _;

/// Bars at or above target (or with no target).
const BLUE: &str = "#2b7bb9";
/// Bars below target.
const ORANGE: &str = "#d9822b";
const GREEN: &str = "#2f855a";
const RED: &str = "#c53030";
const TRACK: &str = "#eceff3";
const GRID: &str = "#cfd6de";
const INK: &str = "#1f2933";
const MUTED: &str = "#52606d";
/// Roughly the width of one character of 12px text, to shorten labels that would not fit.
const CHAR_W: f64 = 6.6;

pub(crate) fn open(width: f64, height: f64, title: &str) -> String {
    format!(
        r#"<svg class="chart" role="img" aria-label="{t}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" style="max-width:100%;height:auto" xmlns="http://www.w3.org/2000/svg" font-size="12"><title>{t}</title>"#,
        t = escape(title)
    )
}

/// A label shortened to `width` pixels, with its full text as a tooltip when shortened.
fn label(text: &str, x: f64, y: f64, width: f64, anchor: &str) -> String {
    let max = (width / CHAR_W).floor().max(4.0) as usize;
    let count = text.chars().count();
    if count <= max {
        return format!(
            r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" fill="{INK}">{}</text>"#,
            escape(text)
        );
    }
    let short: String = text.chars().take(max - 1).collect();
    format!(
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" fill="{INK}"><title>{}</title>{}…</text>"#,
        escape(text),
        escape(short.trim_end())
    )
}

/// Vertical grid lines at 0, 25, 50, 75 and 100 over a 0..100 scale, with their values below.
fn grid_0_100(svg: &mut String, x0: f64, width: f64, top: f64, bottom: f64) {
    let mut d = String::new();
    for step in 0..=4 {
        let x = x0 + width * f64::from(step) / 4.0;
        let _ = write!(d, "M{x:.1} {top:.1}V{bottom:.1}");
        let _ = write!(
            svg,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="{MUTED}" font-size="10">{}</text>"#,
            bottom + 12.0,
            step * 25
        );
    }
    let _ = write!(
        svg,
        r#"<path d="{d}" stroke="{GRID}" stroke-width="1" stroke-dasharray="2 3" fill="none"/>"#
    );
}

/// A horizontal bar chart of 0..100 scores, one bar per item, with an optional target marker
/// (a dark tick). A bar below its target is orange, otherwise blue; the value is written after
/// the bar.
pub fn bars(items: &[(String, f64, Option<f64>)]) -> String {
    bars_titled(items, "")
}

/// [`bars`] with a title for screen readers.
pub fn bars_titled(items: &[(String, f64, Option<f64>)], title: &str) -> String {
    let row = 24.0;
    let label_w = 290.0;
    let bar_w = 440.0;
    let top = 6.0;
    let bottom = top + row * items.len() as f64;
    let width = label_w + bar_w + 56.0;
    let height = bottom + 18.0;
    let mut svg = open(width, height, title);
    grid_0_100(&mut svg, label_w, bar_w, top - 2.0, bottom);
    for (i, (text, value, target)) in items.iter().enumerate() {
        let y = top + row * i as f64 + 3.0;
        let v = value.clamp(0.0, 100.0);
        let w = bar_w * v / 100.0;
        let color = if target.is_some_and(|t| v < t) { ORANGE } else { BLUE };
        svg.push_str(&label(text, label_w - 8.0, y + 12.5, label_w - 12.0, "end"));
        let _ = write!(
            svg,
            r#"<rect x="{label_w}" y="{y:.1}" width="{bar_w}" height="16" fill="{TRACK}"/><rect x="{label_w}" y="{y:.1}" width="{w:.1}" height="16" fill="{color}"/><text x="{:.1}" y="{:.1}" fill="{INK}" font-weight="600">{v:.1}</text>"#,
            label_w + bar_w + 6.0,
            y + 12.5,
        );
        if let Some(t) = target {
            let x = label_w + bar_w * t.clamp(0.0, 100.0) / 100.0;
            let _ = write!(
                svg,
                r#"<line x1="{x:.1}" x2="{x:.1}" y1="{:.1}" y2="{:.1}" stroke="{INK}" stroke-width="2.5"><title>{t:.0}</title></line>"#,
                y - 3.0,
                y + 19.0
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A histogram of counts over ten-point bins of a 0..100 score (`counts[i]` counts scores in
/// `[10i, 10i+10)`, the last bin includes 100), with an optional dashed line at `mark` (the pass
/// mark) labelled `mark_label`, and the count written on each bar.
pub fn histogram(counts: &[u64; 10], mark: Option<f64>, mark_label: &str, title: &str) -> String {
    let left = 36.0;
    let plot_w = 600.0;
    let plot_h = 150.0;
    let top = 18.0;
    let bottom = top + plot_h;
    let width = left + plot_w + 16.0;
    let height = bottom + 30.0;
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bin_w = plot_w / 10.0;
    let mut svg = open(width, height, title);
    let _ = write!(
        svg,
        r#"<path d="M{left} {bottom}H{:.1}" stroke="{MUTED}" stroke-width="1"/>"#,
        left + plot_w
    );
    for (i, &n) in counts.iter().enumerate() {
        let x = left + bin_w * i as f64;
        let h = plot_h * n as f64 / max;
        let below = mark.is_some_and(|m| (i as f64 + 1.0) * 10.0 <= m);
        let color = if below { ORANGE } else { BLUE };
        if n > 0 {
            let _ = write!(
                svg,
                r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}" fill="{color}"/><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{INK}" font-weight="600" stroke="#fff" stroke-width="3" paint-order="stroke">{n}</text>"##,
                x + 3.0,
                bottom - h,
                bin_w - 6.0,
                x + bin_w / 2.0,
                bottom - h - 4.0
            );
        }
        let _ = write!(
            svg,
            r#"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="{MUTED}" font-size="10">{}</text>"#,
            bottom + 13.0,
            i * 10
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{MUTED}" font-size="10">100</text>"#,
        left + plot_w,
        bottom + 13.0
    );
    if let Some(m) = mark {
        let x = left + plot_w * m.clamp(0.0, 100.0) / 100.0;
        let _ = write!(
            svg,
            r#"<path d="M{x:.1} {:.1}V{bottom:.1}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="5 3"/><text x="{x:.1}" y="{:.1}" text-anchor="end" fill="{INK}" font-size="11">{} {m:.0} </text>"#,
            top - 8.0,
            top - 2.0,
            escape(mark_label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One row of a [`dumbbell`] chart: a label, the value before and after (either may be missing),
/// and an optional target.
pub type Change = (String, Option<f64>, Option<f64>, Option<f64>);

/// Before and after on a 0..100 scale, one row each: a hollow dot for before, a filled dot for
/// after, joined by a green line when it went up and a red one when it went down; a dark tick
/// marks the row's target. The legend names the two dots (`before_label`, `after_label`).
pub fn dumbbell(items: &[Change], before_label: &str, after_label: &str, title: &str) -> String {
    let row = 24.0;
    let label_w = 300.0;
    let plot_w = 420.0;
    let top = 26.0;
    let bottom = top + row * items.len() as f64;
    let width = label_w + plot_w + 110.0;
    let height = bottom + 18.0;
    let mut svg = open(width, height, title);
    let _ = write!(
        svg,
        r##"<circle cx="{:.1}" cy="9" r="5" fill="#fff" stroke="{MUTED}" stroke-width="2"/><text x="{:.1}" y="13" fill="{INK}">{}</text><circle cx="{:.1}" cy="9" r="5" fill="{BLUE}"/><text x="{:.1}" y="13" fill="{INK}">{}</text>"##,
        label_w + 6.0,
        label_w + 15.0,
        escape(before_label),
        label_w + 150.0,
        label_w + 159.0,
        escape(after_label)
    );
    grid_0_100(&mut svg, label_w, plot_w, top - 2.0, bottom);
    let x_of = |v: f64| label_w + plot_w * v.clamp(0.0, 100.0) / 100.0;
    for (i, (text, before, after, target)) in items.iter().enumerate() {
        let cy = top + row * i as f64 + 12.0;
        svg.push_str(&label(text, label_w - 8.0, cy + 4.0, label_w - 12.0, "end"));
        if let Some(t) = target {
            let x = x_of(*t);
            let _ = write!(
                svg,
                r#"<line x1="{x:.1}" x2="{x:.1}" y1="{:.1}" y2="{:.1}" stroke="{INK}" stroke-width="2.5"><title>{t:.0}</title></line>"#,
                cy - 9.0,
                cy + 9.0
            );
        }
        if let (Some(b), Some(a)) = (before, after) {
            let color = if a > b {
                GREEN
            } else if a < b {
                RED
            } else {
                MUTED
            };
            let _ = write!(
                svg,
                r#"<line x1="{:.1}" x2="{:.1}" y1="{cy:.1}" y2="{cy:.1}" stroke="{color}" stroke-width="3"/>"#,
                x_of(*b),
                x_of(*a)
            );
        }
        if let Some(b) = before {
            let _ = write!(
                svg,
                r##"<circle cx="{:.1}" cy="{cy:.1}" r="5" fill="#fff" stroke="{MUTED}" stroke-width="2"><title>{b:.1}</title></circle>"##,
                x_of(*b)
            );
        }
        if let Some(a) = after {
            let _ = write!(
                svg,
                r#"<circle cx="{:.1}" cy="{cy:.1}" r="5.5" fill="{BLUE}"><title>{a:.1}</title></circle>"#,
                x_of(*a)
            );
        }
        let shown = match (before, after) {
            (Some(b), Some(a)) => format!("{b:.1} → {a:.1}"),
            (None, Some(a)) => format!("– → {a:.1}"),
            (Some(b), None) => format!("{b:.1} → –"),
            (None, None) => "–".to_string(),
        };
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" fill="{INK}">{}</text>"#,
            label_w + plot_w + 8.0,
            cy + 4.0,
            escape(&shown)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Bars either side of zero, one row each: negative values to the left (`left_label`), positive
/// to the right (`right_label`), the value written at the end of each bar. The scale reaches
/// `limit` either side (at least the largest value). Rows whose value is `None` show a dash.
pub fn diverging(
    items: &[(String, Option<f64>)],
    limit: f64,
    left_label: &str,
    right_label: &str,
    title: &str,
) -> String {
    let row = 24.0;
    let label_w = 200.0;
    let half = 220.0;
    let top = 24.0;
    let bottom = top + row * items.len() as f64;
    let width = label_w + 2.0 * half + 60.0;
    let height = bottom + 10.0;
    let largest = items.iter().filter_map(|(_, v)| v.map(f64::abs)).fold(limit, f64::max);
    let zero = label_w + half + 20.0;
    let mut svg = open(width, height, title);
    let _ = write!(
        svg,
        r#"<text x="{:.1}" y="12" text-anchor="end" fill="{MUTED}">← {}</text><text x="{:.1}" y="12" fill="{MUTED}">{} →</text><path d="M{zero:.1} {:.1}V{bottom:.1}" stroke="{INK}" stroke-width="1.5"/>"#,
        zero - 6.0,
        escape(left_label),
        zero + 6.0,
        escape(right_label),
        top - 6.0
    );
    for (i, (text, value)) in items.iter().enumerate() {
        let y = top + row * i as f64 + 3.0;
        svg.push_str(&label(text, label_w - 8.0, y + 12.5, label_w - 12.0, "end"));
        let Some(v) = value else {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" fill="{MUTED}">–</text>"#,
                zero + 6.0,
                y + 12.5
            );
            continue;
        };
        let w = half * v.abs() / largest;
        let (x, color, tx, anchor) = if *v < 0.0 {
            (zero - w, BLUE, zero - w - 5.0, "end")
        } else {
            (zero, ORANGE, zero + w + 5.0, "start")
        };
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="16" fill="{color}"/><text x="{tx:.1}" y="{:.1}" text-anchor="{anchor}" fill="{INK}" font-weight="600">{v:+.2}</text>"#,
            y + 12.5
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Escapes text for SVG (which is XML).
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_escape_labels_and_mark_targets() {
        let svg = bars(&[
            ("<b>Courtesy</b>".into(), 80.0, Some(90.0)),
            ("Clarity".into(), 95.0, None),
        ]);
        assert!(svg.contains("&lt;b&gt;Courtesy&lt;/b&gt;"));
        assert!(!svg.contains("<b>"));
        assert_eq!(svg.matches("<line").count(), 1);
        assert!(svg.contains("#d9822b"), "below target is coloured");
    }

    #[test]
    fn long_labels_are_shortened_with_the_full_text_as_a_title() {
        let long = "Credibility, reliability and product knowledge of the whole range".to_string();
        let svg = bars(&[(long.clone(), 70.0, None)]);
        assert!(svg.contains(&format!("<title>{long}</title>")), "{svg}");
        assert!(svg.contains('…'));
    }

    #[test]
    fn histogram_writes_counts_and_the_pass_mark() {
        let svg = histogram(&[0, 0, 0, 0, 0, 0, 1, 3, 5, 2], Some(85.0), "pass mark", "Scores");
        for n in ["1", "3", "5", "2"] {
            assert!(svg.contains(&format!(">{n}</text>")), "{n} missing");
        }
        assert!(svg.contains("pass mark 85"));
        assert!(svg.contains("stroke-dasharray=\"5 3\""));
    }

    #[test]
    fn dumbbell_colours_the_direction() {
        let svg = dumbbell(
            &[
                ("Up".into(), Some(60.0), Some(80.0), Some(90.0)),
                ("Down".into(), Some(80.0), Some(70.0), None),
                ("New".into(), None, Some(75.0), None),
            ],
            "before",
            "after",
            "Trend",
        );
        assert!(svg.contains(GREEN) && svg.contains(RED));
        assert!(svg.contains("60.0 → 80.0") && svg.contains("– → 75.0"));
    }

    #[test]
    fn diverging_puts_negatives_left() {
        let svg = diverging(
            &[
                ("Harsh".into(), Some(-0.8)),
                ("Kind".into(), Some(0.6)),
                ("Few".into(), None),
            ],
            1.0,
            "harsher",
            "more lenient",
            "Leniency",
        );
        assert!(svg.contains("-0.80") && svg.contains("+0.60"));
        assert!(svg.contains("← harsher"));
    }
}
