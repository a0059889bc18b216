//! `qaudit config`: the store's settings.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Change a setting (a lead's work, audited).
    ///
    /// `timezone` takes an IANA name; tables, sheets and reports then show local times and
    /// name the zone, and --from/--to days and flag windows begin at local midnight. JSON keeps
    /// UTC RFC 3339. `business-hours` takes days and hours in the store's zone ("Mon-Fri
    /// 09:00-18:00", groups separated by commas); `target.response.CHANNEL` a response time
    /// (24h, 30m, 2d), counted in business hours when business hours are set;
    /// `target.escalation` the time from a contact to its escalation, counted the same way.
    ///
    /// Example: qaudit config set timezone Europe/Madrid
    Set {
        /// The setting (see `qaudit config list`), e.g. timezone.
        key: String,
        /// Its new value, e.g. Europe/Madrid.
        value: String,
    },
    /// Print one setting's value.
    ///
    /// Example: qaudit config get timezone
    Get {
        /// The setting, e.g. timezone.
        key: String,
    },
    /// Every setting with its value, and whether it is the default.
    ///
    /// Example: qaudit config list
    List,
}
