//! The people commands: `agent`, `staff` and `location`, one file each, and what they share.

pub(super) mod agent;
mod agent_survey;
pub(super) mod location;
mod shared;
pub(super) mod staff;
