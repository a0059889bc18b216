//! Inline SVG charts for HTML reports: drawn here so they need no script, no network and no
//! fonts beyond the page's, and print as crisply as text.

/// A horizontal bar chart of 0..100 scores, one bar per item, with an optional target marker.
pub fn bars(items: &[(String, f64, Option<f64>)]) -> String {
    let row = 22.0;
    let label_w = 190.0;
    let bar_w = 300.0;
    let height = row * items.len() as f64 + 8.0;
    let mut svg = format!(
        r#"<svg class="chart" role="img" viewBox="0 0 {w} {height}" width="{w}" height="{height}" xmlns="http://www.w3.org/2000/svg">"#,
        w = label_w + bar_w + 50.0
    );
    for (i, (label, value, target)) in items.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let v = value.clamp(0.0, 100.0);
        let width = bar_w * v / 100.0;
        svg.push_str(&format!(
            r##"<text x="{tx}" y="{ty}" text-anchor="end" font-size="12">{label}</text><rect x="{label_w}" y="{y}" width="{bar_w}" height="16" fill="#eceff3"/><rect x="{label_w}" y="{y}" width="{width:.1}" height="16" fill="{color}"/><text x="{vx:.1}" y="{ty}" font-size="12">{v:.1}</text>"##,
            tx = label_w - 6.0,
            ty = y + 12.5,
            label = escape(label),
            color = if target.is_some_and(|t| v < t) { "#d9822b" } else { "#2b7bb9" },
            vx = label_w + bar_w + 6.0,
        ));
        if let Some(t) = target {
            let x = label_w + bar_w * t.clamp(0.0, 100.0) / 100.0;
            svg.push_str(&format!(
                r##"<line x1="{x:.1}" x2="{x:.1}" y1="{y1}" y2="{y2}" stroke="#333" stroke-width="2"/>"##,
                y1 = y - 2.0,
                y2 = y + 18.0
            ));
        }
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
}
