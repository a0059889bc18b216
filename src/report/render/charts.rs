//! The chart functions templates call, each returning inline SVG for HTML reports.

use super::filters::number;
use minijinja::value::Kwargs;
use minijinja::{Environment, Value};

/// `item.key` as a number, `None` when missing or none.
pub(super) fn attr_number(item: &Value, key: &str) -> Option<f64> {
    item.get_attr(key).ok().and_then(|v| number(&v))
}

pub(super) fn attr_text(item: &Value, key: &str) -> String {
    item.get_attr(key)
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_none())
        .map(|v| v.to_string())
        .unwrap_or_default()
}

pub(super) fn items(v: &Value) -> Result<Vec<Value>, minijinja::Error> {
    Ok(v.try_iter()?.collect())
}

/// A keyword argument naming which attribute of the items to read, or `default`.
pub(super) fn key(kwargs: &Kwargs, name: &str, default: &str) -> Result<String, minijinja::Error> {
    Ok(kwargs
        .get::<Option<String>>(name)?
        .unwrap_or_else(|| default.to_string()))
}

/// Chart functions. Each takes a list of items and reads their attributes, named by keyword
/// arguments so that a report's own rows can be charted as they are: `bar_chart(rows, title,
/// label="title", value="score", target="target")`. Items whose value is none are left out of
/// bar charts.
pub(super) fn add_charts(env: &mut Environment<'static>) {
    env.add_function("bar_chart", |list: Value, title: Option<String>, kwargs: Kwargs| {
        let (l, v, t) = (
            key(&kwargs, "label", "label")?,
            key(&kwargs, "value", "value")?,
            key(&kwargs, "target", "target")?,
        );
        kwargs.assert_all_used()?;
        let rows: Vec<(String, f64, Option<f64>)> = items(&list)?
            .iter()
            .filter_map(|i| Some((attr_text(i, &l), attr_number(i, &v)?, attr_number(i, &t))))
            .collect();
        Ok::<_, minijinja::Error>(Value::from_safe_string(crate::report::svg::bars_titled(
            &rows,
            title.as_deref().unwrap_or(""),
        )))
    });
    env.add_function(
        "histogram",
        |counts: Value, mark: Option<f64>, mark_label: Option<String>, title: Option<String>| {
            let mut bins = [0u64; 10];
            for (i, c) in items(&counts)?.iter().take(10).enumerate() {
                bins[i] = number(c).unwrap_or(0.0).max(0.0) as u64;
            }
            Ok::<_, minijinja::Error>(Value::from_safe_string(crate::report::svg::histogram(
                &bins,
                mark,
                mark_label.as_deref().unwrap_or(""),
                title.as_deref().unwrap_or(""),
            )))
        },
    );
    env.add_function(
        "dumbbell_chart",
        |list: Value, before_label: String, after_label: String, title: Option<String>, kwargs: Kwargs| {
            let l = key(&kwargs, "label", "label")?;
            let b = key(&kwargs, "before", "before")?;
            let a = key(&kwargs, "after", "after")?;
            let t = key(&kwargs, "target", "target")?;
            kwargs.assert_all_used()?;
            let rows: Vec<crate::report::svg::Change> = items(&list)?
                .iter()
                .map(|i| {
                    (
                        attr_text(i, &l),
                        attr_number(i, &b),
                        attr_number(i, &a),
                        attr_number(i, &t),
                    )
                })
                .collect();
            Ok::<_, minijinja::Error>(Value::from_safe_string(crate::report::svg::dumbbell(
                &rows,
                &before_label,
                &after_label,
                title.as_deref().unwrap_or(""),
            )))
        },
    );
    env.add_function(
        "diverging_chart",
        |list: Value, left: String, right: String, title: Option<String>, kwargs: Kwargs| {
            let (l, v) = (key(&kwargs, "label", "label")?, key(&kwargs, "value", "value")?);
            let limit = kwargs.get::<Option<f64>>("limit")?.unwrap_or(1.0);
            kwargs.assert_all_used()?;
            let rows: Vec<(String, Option<f64>)> = items(&list)?
                .iter()
                .map(|i| (attr_text(i, &l), attr_number(i, &v)))
                .collect();
            Ok::<_, minijinja::Error>(Value::from_safe_string(crate::report::svg::diverging(
                &rows,
                limit,
                &left,
                &right,
                title.as_deref().unwrap_or(""),
            )))
        },
    );
    env.add_function(
        "line_chart",
        |list: Value, step_label: String, title: Option<String>, kwargs: Kwargs| {
            let (l, v) = (key(&kwargs, "label", "label")?, key(&kwargs, "values", "values")?);
            kwargs.assert_all_used()?;
            let series: Vec<crate::report::svg_lines::Series> = items(&list)?
                .iter()
                .map(|i| {
                    let values = i
                        .get_attr(&v)
                        .ok()
                        .and_then(|vs| items(&vs).ok())
                        .unwrap_or_default()
                        .iter()
                        .map(number)
                        .collect();
                    Ok((attr_text(i, &l), values))
                })
                .collect::<Result<_, minijinja::Error>>()?;
            Ok::<_, minijinja::Error>(Value::from_safe_string(crate::report::svg_lines::lines(
                &series,
                &step_label,
                title.as_deref().unwrap_or(""),
            )))
        },
    );
}
