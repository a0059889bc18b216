//! Hints for refused draws and sample checks.

use super::Hint;
use crate::sampling::SamplingError as E;

pub(super) fn sampling(e: &E) -> Hint {
    let hint = match e {
        E::NotADay { why, .. } => why.clone(),
        E::PeriodReversed { .. } => "give the first day of the period with --from and the last with --to".into(),
        E::NothingPerAgent => "give how many interactions to draw for each agent, e.g. --per-agent 4".into(),
        E::VisitRubric { .. } => "draw samples for an interaction rubric such as call-quality; visits are planned with `qaudit visit plan`".into(),
        E::ChannelOutsideRubric { .. } => {
            "draw only the channels the rubric scores, or choose another rubric (`qaudit rubric list`)".into()
        }
        E::UnknownChannel { known, .. } if known.is_empty() => {
            "import interactions first with `qaudit interaction import FILE.csv`".into()
        }
        E::UnknownChannel { known, .. } => format!("channels in the store: {}", known.join(", ")),
        E::EmptyTeam { .. } => "`qaudit agent list` shows the agents and their teams".into(),
        E::NoAgents => "add agents with `qaudit agent add` or `qaudit agent import FILE.csv`".into(),
        E::UnknownAgent { .. } => "`qaudit agent list` shows the agents".into(),
        E::NotInTeam { .. } => "leave out --team, or name only agents of that team".into(),
        E::NoEvaluators => "add one with `qaudit staff add ID --name NAME --role evaluator`".into(),
        E::EvaluatorList(_) => "write --evaluators eva,lea for equal shares or --evaluators eva:60,lea:40".into(),
        E::NotAnEvaluator { id } => {
            format!("a lead can add it with `qaudit staff add {id} --name NAME --role evaluator`")
        }
        E::NotStaff { .. } => "`qaudit staff list --role evaluator` shows the evaluators".into(),
        E::DoubleNeedsTwo => "name two or more with --evaluators, e.g. --evaluators eva,tom --double 10".into(),
        E::NoEvaluatorFor { .. } => "add another evaluator with --evaluators, or leave that agent out with --agent".into(),
        E::NothingDrawn { .. } => "widen the period or the filters; interactions already in an open sample are not drawn again (`qaudit queue` lists them)".into(),
        E::StoreChanged => "run the same command again".into(),
        E::NoSample(_) => "`qaudit sample list` shows the samples".into(),
        E::UnreadableParameters(_) => "it was recorded by another tool or another version; its parameters are shown by `qaudit sample show`".into(),
        E::OtherAlgorithm { .. } => "verify it with the qaudit release that drew it".into(),
        E::BadPeriod { .. } => "the sample's parameters were changed outside qaudit".into(),
        E::OtherDoubles { .. } => "the sample's double-scoring items were changed outside qaudit (`qaudit log --entity sample:ID` shows its history)".into(),
        E::NotReproduced { differences, .. } => {
            return (
                "the store changed in a way the draw cannot see past: an evaluation voided or an agent's interactions changed since the draw, or the sample was edited outside qaudit (`qaudit log --entity sample:ID` shows its history)".into(),
                differences.clone(),
            );
        }
    };
    (hint, Vec::new())
}
