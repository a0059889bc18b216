//! The people commands: `agent`, `staff` and `location`. Doc comments here are the help
//! text people read.

use super::ImportOptions;
use crate::roles::Role;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum AgentCommand {
    /// Add an agent (or update the name, team, location and hire date of an existing one).
    ///
    /// Adding an id that is stored updates it and says what changed; --team, --location and
    /// --hired-on left out keep their stored values, and an empty value (--team "") clears them.
    /// The location must be stored first (`qaudit location add`). The hire date marks new hires
    /// (`report team`, `report ramp-up`, `sample draw --new-hire-weeks`).
    ///
    /// Example: qaudit agent add a-017 --name "Lucía Pérez" --team north --location madrid-01 --hired-on 2026-11-02
    Add {
        /// The agent id used in interaction exports, e.g. a-017.
        id: String,
        /// The agent's name as shown on reports.
        #[arg(long)]
        name: String,
        /// The team the agent belongs to.
        #[arg(long)]
        team: Option<String>,
        /// The location (store) the agent works at, if any.
        #[arg(long)]
        location: Option<String>,
        /// The day the agent was hired (YYYY-MM-DD, today, -30d); weeks of tenure count from it.
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        hired_on: Option<String>,
    },
    /// List agents.
    ///
    /// Example: qaudit agent list --team north
    List {
        /// Only this team.
        #[arg(long)]
        team: Option<String>,
        /// Language of the table (default: English).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
    /// Import agents from a CSV file with columns id, name, team, location, hired_on.
    ///
    /// The first line must name the columns (id and name are required; any other column is
    /// refused). The whole file is checked and imported in one transaction: every bad row is
    /// reported as file:line and nothing is imported. Stored ids are updated; rows already
    /// stored unchanged are skipped, so importing the same file again changes nothing. A column
    /// left out of the file keeps the stored values; an empty cell clears them. hired_on is a
    /// day (YYYY-MM-DD): importing a stored id with it sets or corrects the hire date (audited).
    ///
    /// Example: qaudit agent import agents.csv --delimiter ";" --encoding windows-1252
    Import {
        /// The CSV of agents (columns id, name, team, location, hired_on).
        #[arg(value_name = "CSV")]
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
    },
    /// Staff satisfaction surveys per agent (employee satisfaction beside quality).
    #[command(subcommand)]
    Survey(super::AgentSurveyCommand),
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a staff member with one or more roles (or add roles to an existing one).
    ///
    /// Example: qaudit staff add marta --name "Marta Gil" --role evaluator --role lead
    Add {
        /// The id people pass as --as (or QAUDIT_USER).
        id: String,
        /// The person's name as shown on reports.
        #[arg(long)]
        name: String,
        /// A role: evaluator, shopper or lead (repeatable).
        #[arg(long = "role", value_enum, required = true)]
        roles: Vec<Role>,
    },
    /// List staff and their roles.
    ///
    /// Example: qaudit staff list --role evaluator
    List {
        /// Only people holding this role.
        #[arg(long, value_enum)]
        role: Option<Role>,
        /// Language of the table (default: English).
        #[arg(long, value_enum)]
        lang: Option<crate::lang::Lang>,
    },
    /// Designate the reference evaluator of a rubric (lead role): `report evaluators` compares
    /// every other evaluator with them on the contacts both scored.
    ///
    /// Without one, the mean of the other evaluators is the reference.
    /// Example: qaudit staff reference call-quality lea
    Reference {
        /// The rubric.
        rubric: String,
        /// The staff member (with the evaluator role) whose scores are the reference.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LocationCommand {
    /// Add a location (or update an existing one).
    ///
    /// --region, --address, --open-days and --timezone left out keep their stored values; an
    /// empty value clears them. A location without opening days opens every day; without a
    /// time zone its visit and photo times are read in UTC.
    ///
    /// Example: qaudit location add madrid-01 --name "Madrid Gran Vía" --region centre --open-days Mon-Sat --timezone Europe/Madrid
    Add {
        /// The location's id, as typed in later commands (e.g. madrid-01).
        id: String,
        /// The location's name as shown on reports.
        #[arg(long)]
        name: String,
        /// The region, for `report locations --region`.
        #[arg(long)]
        region: Option<String>,
        /// The street address.
        #[arg(long)]
        address: Option<String>,
        /// The days it opens: Mon-Sat, Mon-Fri,Sun, Tue,Thu (`visit plan` plans no visit on
        /// other days).
        #[arg(long, value_name = "DAYS")]
        open_days: Option<String>,
        /// Its IANA time zone, e.g. Europe/Madrid: visit times typed without an offset and EXIF
        /// photo times are read in it.
        #[arg(long, value_name = "ZONE")]
        timezone: Option<String>,
    },
    /// List locations.
    ///
    /// Example: qaudit location list --region centre
    List {
        /// Only this region.
        #[arg(long)]
        region: Option<String>,
    },
    /// Import locations from a CSV file with columns id, name, region, address, open_days,
    /// timezone (open_days as `Mon-Sat`; only id and name are required).
    ///
    /// Same rules as `agent import`: a header naming the columns (id and name required), one
    /// transaction, every bad row reported as file:line and nothing imported; unchanged rows
    /// are skipped.
    ///
    /// Example: qaudit location import stores.csv --map "Store=id"
    Import {
        /// The CSV of locations (columns id, name, region, address).
        #[arg(value_name = "CSV")]
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptions,
    },
}
