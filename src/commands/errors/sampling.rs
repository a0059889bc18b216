//! Hints for refused draws, sample checks and visit plans.

use super::Hint;
use crate::sampling::SamplingError as E;
use crate::sampling::month_plan::VisitPlanError;

pub(super) fn sampling(e: &E) -> Hint {
    let hint = match e {
        E::NotADay { why, .. } => why.clone(),
        E::PeriodReversed { .. } => "give the first day of the period with --from and the last with --to".into(),
        E::NothingPerAgent => "give how many interactions to draw for each agent, e.g. --per-agent 4".into(),
        E::NewHireWeeks(_) => "give the weeks of tenure that count as new, e.g. --new-hire-weeks 12".into(),
        E::NewHireNothing | E::NewHireTooMany { .. } => {
            "give how many interactions to draw for each new hire, e.g. --per-agent 4 --new-hire-per-agent 8".into()
        }
        E::NewHireNotHeavier { normal, .. } => format!(
            "give new hires more than the others, e.g. --new-hire-per-agent {}",
            normal.saturating_mul(2).max(1)
        ),
        E::NoHireDates { .. } => {
            "record hire dates first: `qaudit agent add ID --name NAME --hired-on YYYY-MM-DD`, or a hired_on column in `qaudit agent import`".into()
        }
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
        E::OtherSeed { .. } => "the sample was changed outside qaudit (`qaudit log --entity sample:ID` shows the seed it was drawn with)".into(),
        E::OtherDoubles { .. } => "the sample's double-scoring items were changed outside qaudit (`qaudit log --entity sample:ID` shows its history)".into(),
        E::NotReproduced { differences, .. } => {
            return (
                "the store changed in a way the draw cannot see past: an evaluation voided since the draw, an interaction changed outside qaudit (`qaudit interaction amend | withdraw` are undone for the check), or the sample was edited outside qaudit (`qaudit log --entity sample:ID` shows its history)".into(),
                differences.clone(),
            );
        }
    };
    (hint, Vec::new())
}

pub(super) fn visit_plan(e: &VisitPlanError) -> Hint {
    let hint = match e {
        VisitPlanError::BadMonth(_) => "e.g. --month 2026-12".into(),
        VisitPlanError::PerLocation { .. } => {
            "give how many visits each location gets in the month, e.g. --per-location 2".into()
        }
        VisitPlanError::Lockout(_) => {
            "give the days before a shopper may visit the same location again, e.g. --lockout-days 30".into()
        }
        VisitPlanError::BadClosed(_) => "e.g. --closed 2026-12-24,2026-12-25".into(),
        VisitPlanError::NoLocations => {
            "add them with `qaudit location add` or `qaudit location import FILE.csv`".into()
        }
        VisitPlanError::UnknownLocation(_) => "`qaudit location list` shows the locations".into(),
        VisitPlanError::NoShoppers => "add one with `qaudit staff add ID --name NAME --role shopper`".into(),
        VisitPlanError::NotAShopper(id) => {
            format!("a lead can add it with `qaudit staff add {id} --name NAME --role shopper`")
        }
        VisitPlanError::NotStaff(_) => "`qaudit staff list --role shopper` shows the shoppers".into(),
        VisitPlanError::AlreadyPlanned { .. } => {
            "`qaudit visit list --planned` shows them; plan other locations with --locations".into()
        }
        VisitPlanError::Closed { location, .. } => format!(
            "lower --per-location (each visit falls in its own part of the month), shorten --closed, or check the opening days of {location} (`qaudit location list`)"
        ),
        VisitPlanError::LockedOut {
            location,
            lockout_days,
            blocked,
            ..
        } => {
            return (
                "lower --lockout-days or --per-location, or add shoppers (--shoppers, or `qaudit staff add ID --name NAME --role shopper`)".into(),
                blocked
                    .iter()
                    .map(|(shopper, day)| {
                        format!("  {shopper}: already at {location} on {day} (lockout {lockout_days} days)")
                    })
                    .collect(),
            );
        }
    };
    (hint, Vec::new())
}
