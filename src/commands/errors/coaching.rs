//! Hints for refused coaching requests.

use super::Hint;
use crate::coaching::{CoachingError as E, PlanAct};

pub(super) fn coaching(e: &E) -> Hint {
    let hint = match e {
        E::NoAgent(_) => "`qaudit agent list` shows agent ids".into(),
        E::NoPlan(_) => "`qaudit coach list` shows the saved plans; `qaudit coach plan AGENT --save` saves one".into(),
        E::BadStart(_) => "e.g. --starts 2026-12-01".into(),
        E::NoScoredWork { agent, .. } => format!(
            "a plan needs scored work: widen the period with --from, or see `qaudit evaluation list --agent {agent}`"
        ),
        E::NoScoredWorkWith { agent, .. } => format!(
            "widen the period with --from, or pick another rubric; `qaudit evaluation list --agent {agent}` shows the evaluations"
        ),
        E::AlreadySaved { copy, .. } => {
            format!("see it with `qaudit coach show {copy}`; add to it with `qaudit coach note {copy} TEXT`")
        }
        E::NotTheirs {
            act: PlanAct::Acknowledge,
            plan,
            agent,
            ..
        } => format!("the agent confirms their own plan: `qaudit --as {agent} coach ack {plan}`"),
        E::NotTheirs {
            act: PlanAct::Comment,
            plan,
            agent,
            ..
        } => format!("the agent comments on their own plan: `qaudit --as {agent} coach note {plan} TEXT`"),
        E::EmptyComment => "write what you want on the plan, e.g. \"Practised the greeting\"".into(),
        E::TooEarly {
            agent,
            starts,
            evaluations,
            sample_size,
            ..
        } => format!(
            "the review compares the work before and after the plan, so give it time: {evaluations} evaluation(s) of {agent} since {starts}, {sample_size} planned before the follow-up; `qaudit coach plan {agent} --from {starts}` shows the progress so far"
        ),
    };
    (hint, Vec::new())
}
