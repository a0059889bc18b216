//! Helpers that the recording* test files share (moved out of tests/recording.rs when it was split).

use super::*;
use super::{Sandbox, score_cmd};

/// `eva` scores `interaction` with call-quality from the answers text.
pub fn score(sb: &Sandbox, interaction: &str, answers: &str) -> assert_cmd::assert::Assert {
    score_cmd(sb, "eva", interaction, "call-quality", answers).assert()
}
