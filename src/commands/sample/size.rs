//! `qaudit sample size`: how large a sample must be for a margin of error.

use crate::cli::SampleSizeArgs;
use crate::error::{UserError, refuse};
use crate::output::Output;
use crate::stats::{self, Confidence, SampleSize, StatsError};
use anyhow::Result;
use serde::Serialize;

/// `sample size`, in either form.
pub(super) fn size(args: &SampleSizeArgs) -> Result<Output> {
    let confidence = Confidence::new(args.confidence).map_err(stats_refusal)?;
    let pct = |x: f64| format!("{}%", num(x * 100.0));
    match args.sd {
        Some(sd) => {
            let Some(margin) = args.margin else {
                return refuse(
                    "--sd needs --margin: how close to the true average, in points",
                    "e.g. qaudit sample size --sd 12 --margin 3",
                );
            };
            let s = stats::mean_sample_size(sd, margin, confidence, args.population).map_err(stats_refusal)?;
            let mut fields = vec![
                (
                    "Estimate",
                    format!(
                        "an agent's average score within ±{} points, at {} confidence",
                        num(margin),
                        pct(confidence.level())
                    ),
                ),
                (
                    "Method",
                    match args.population {
                        Some(_) => "Cochran, with the finite-population correction",
                        None => "Cochran, without population correction",
                    }
                    .to_string(),
                ),
                (
                    "Formula",
                    match args.population {
                        Some(_) => "n0 = (z × s / m)²,  n = ⌈n0 / (1 + n0/N)⌉",
                        None => "n = ⌈(z × s / m)²⌉",
                    }
                    .to_string(),
                ),
                (
                    "Inputs",
                    format!(
                        "s = {} (standard deviation of scores), m = {}, z = {:.4}{}",
                        num(sd),
                        num(margin),
                        s.z,
                        args.population.map(|n| format!(", N = {n}")).unwrap_or_default()
                    ),
                ),
            ];
            let working = match args.population {
                Some(big_n) => format!(
                    "n0 = ({:.4} × {} / {})² = {:.2}; {:.2} / (1 + {:.2}/{big_n}) = {:.2}",
                    s.z,
                    num(sd),
                    num(margin),
                    s.n0,
                    s.n0,
                    s.n0,
                    s.n0 / (1.0 + s.n0 / big_n as f64)
                ),
                None => format!("({:.4} × {} / {})² = {:.2}", s.z, num(sd), num(margin), s.n0),
            };
            fields.push(("Working", working));
            fields.push(("Evaluations", s.n.to_string()));
            Ok(Output::new(&SizeOut::new("mean", &s, args, confidence, Some(sd), margin)).fields(fields))
        }
        None => {
            let margin = args.margin.unwrap_or(0.05);
            let s = stats::proportion_sample_size(margin, confidence, args.proportion, args.population)
                .map_err(stats_refusal)?;
            let p = args.proportion;
            let mut fields = vec![
                (
                    "Estimate",
                    format!(
                        "a proportion (e.g. the pass rate) within ±{}, at {} confidence",
                        pct(margin),
                        pct(confidence.level())
                    ),
                ),
                (
                    "Method",
                    match args.population {
                        Some(_) => "Cochran, with the finite-population correction",
                        None => "Cochran, for an unlimited population",
                    }
                    .to_string(),
                ),
                (
                    "Formula",
                    match args.population {
                        Some(_) => "n0 = z² p(1−p) / e²,  n = ⌈n0 / (1 + (n0 − 1)/N)⌉",
                        None => "n = ⌈z² p(1−p) / e²⌉",
                    }
                    .to_string(),
                ),
                (
                    "Inputs",
                    format!(
                        "{}p = {}, e = {}, z = {:.4}",
                        args.population.map_or(String::new(), |n| format!("N = {n}, ")),
                        num(p),
                        num(margin),
                        s.z,
                    ),
                ),
                (
                    "Working",
                    format!(
                        "n0 = {:.4}² × {} × {} / {}² = {:.2}",
                        s.z,
                        num(p),
                        num(1.0 - p),
                        num(margin),
                        s.n0
                    ),
                ),
            ];
            if let Some(n) = args.population {
                fields.push((
                    "",
                    format!(
                        "n = {:.2} / (1 + {:.2}/{n}) = {:.2}",
                        s.n0,
                        s.n0 - 1.0,
                        s.n0 / (1.0 + (s.n0 - 1.0) / n as f64)
                    ),
                ));
            }
            fields.push(("Evaluations", s.n.to_string()));
            let out = Output::new(&SizeOut::new("proportion", &s, args, confidence, None, margin)).fields(fields);
            Ok(if args.population.is_none() {
                out.line(
                    "With --population N (the interactions in the period) the finite-population correction applies.",
                )
            } else {
                out
            })
        }
    }
}

/// `sample size` as JSON.
#[derive(Serialize)]
struct SizeOut {
    kind: &'static str,
    n: u64,
    n0: f64,
    z: f64,
    population: Option<u64>,
    margin: f64,
    confidence: f64,
    proportion: Option<f64>,
    sd: Option<f64>,
}

impl SizeOut {
    fn new(
        kind: &'static str,
        s: &SampleSize,
        args: &SampleSizeArgs,
        confidence: Confidence,
        sd: Option<f64>,
        margin: f64,
    ) -> SizeOut {
        SizeOut {
            kind,
            n: s.n,
            n0: s.n0,
            z: s.z,
            population: s.population,
            margin,
            confidence: confidence.level(),
            proportion: sd.is_none().then_some(args.proportion),
            sd,
        }
    }
}

/// A number without trailing zeros: 0.05, 12, 2.5.
fn num(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".to_string() } else { s.to_string() }
}

fn stats_refusal(e: StatsError) -> anyhow::Error {
    UserError::new(
        e.to_string(),
        "e.g. `qaudit sample size --population 10000 --margin 0.05 --confidence 0.95` or `qaudit sample size --sd 12 --margin 3`",
    )
    .into()
}
