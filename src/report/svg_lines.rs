//! An inline SVG line chart of 0..100 scores over numbered steps (the weeks of tenure of
//! `report ramp-up`), drawn like the charts of [`super::svg`]: no script, scales to its
//! container, every point's value written in a `<title>`, a legend in text beside the colours.

use super::svg::{escape, open};
use std::fmt::Write as _;

/// Colours of the series after the first, which is drawn dark and thick (the cohort).
const PALETTE: &[&str] = &[
    "#2b7bb9", "#d9822b", "#2f855a", "#c53030", "#6b46c1", "#b7791f", "#319795",
];
const INK: &str = "#1f2933";
const MUTED: &str = "#52606d";
const GRID: &str = "#cfd6de";

/// One line: its label and a value per step (`None` where there is no data: the line breaks).
pub type Series = (String, Vec<Option<f64>>);

/// Lines of 0..100 values over steps 1..=N (N the longest series), labelled `step_label` with
/// the step's number (`Week 3`) under the axis. The first series is emphasised; a point alone
/// (no neighbour with data) is drawn as a dot so it is never lost.
pub fn lines(series: &[Series], step_label: &str, title: &str) -> String {
    let steps = series.iter().map(|(_, v)| v.len()).max().unwrap_or(0).max(1);
    let (left, top, plot_w, plot_h) = (36.0, 12.0, 600.0, 200.0);
    let legend_top = top + plot_h + 34.0;
    let height = legend_top + 16.0 * series.len() as f64 + 4.0;
    let width = left + plot_w + 20.0;
    let x = |i: usize| {
        if steps == 1 {
            left + plot_w / 2.0
        } else {
            left + plot_w * i as f64 / (steps - 1) as f64
        }
    };
    let y = |v: f64| top + plot_h * (1.0 - v.clamp(0.0, 100.0) / 100.0);
    let mut svg = open(width, height, title);
    let mut grid = String::new();
    for step in 0..=4 {
        let gy = y(f64::from(step) * 25.0);
        let _ = write!(grid, "M{left:.1} {gy:.1}H{:.1}", left + plot_w);
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="{MUTED}" font-size="10">{}</text>"#,
            left - 4.0,
            gy + 3.5,
            step * 25
        );
    }
    let _ = write!(
        svg,
        r#"<path d="{grid}" stroke="{GRID}" stroke-width="1" stroke-dasharray="2 3" fill="none"/>"#
    );
    for i in 0..steps {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{MUTED}" font-size="10">{}</text>"#,
            x(i),
            top + plot_h + 14.0,
            i + 1
        );
    }
    let _ = write!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{MUTED}" font-size="10">{}</text>"#,
        left + plot_w / 2.0,
        top + plot_h + 27.0,
        escape(step_label)
    );
    for (k, (name, values)) in series.iter().enumerate() {
        let (color, stroke) = if k == 0 {
            (INK, 3.0)
        } else {
            (PALETTE[(k - 1) % PALETTE.len()], 1.8)
        };
        let mut d = String::new();
        let mut pen_down = false;
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    let _ = write!(d, "{}{:.1} {:.1}", if pen_down { "L" } else { "M" }, x(i), y(*v));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if !d.is_empty() {
            let _ = write!(
                svg,
                r#"<path d="{d}" stroke="{color}" stroke-width="{stroke}" fill="none" stroke-linejoin="round"/>"#
            );
        }
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                let _ = write!(
                    svg,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{color}"><title>{}, {} {}: {v:.1}</title></circle>"#,
                    x(i),
                    y(*v),
                    escape(name),
                    escape(step_label),
                    i + 1
                );
            }
        }
        let ly = legend_top + 16.0 * k as f64;
        let _ = write!(
            svg,
            r#"<line x1="{left:.1}" x2="{:.1}" y1="{ly:.1}" y2="{ly:.1}" stroke="{color}" stroke-width="{stroke}"/><text x="{:.1}" y="{:.1}" fill="{INK}">{}</text>"#,
            left + 22.0,
            left + 28.0,
            ly + 4.0,
            escape(name)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_missing_weeks_and_escape_names() {
        let svg = lines(
            &[
                ("Cohort".into(), vec![Some(60.0), Some(70.0), None, Some(90.0)]),
                ("<Ana>".into(), vec![Some(50.0), None, None, None]),
            ],
            "Week",
            "Ramp-up",
        );
        // The grid, the cohort in two pieces (a gap at week 3), and Ana's lone point.
        assert_eq!(svg.matches("<path d=\"M").count(), 3, "{svg}");
        assert!(svg.contains("L236.0 72.0M636.0"), "{svg}");
        assert!(svg.contains("&lt;Ana&gt;") && !svg.contains("<Ana>"));
        assert!(svg.contains("Cohort, Week 4: 90.0"));
    }
}
