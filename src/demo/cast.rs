//! The people and places of the demo: a contact centre with two teams (one working in
//! Spanish), stores in three regions, evaluators who differ in leniency, shoppers and leads.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// An agent's profile: how good they are, where they are weaker, and which way they are going.
pub struct Profile {
    pub id: String,
    pub name: String,
    pub team: String,
    pub location: Option<String>,
    /// Typical normalised quality, 0..1.
    pub base: f64,
    /// A section id the agent is weak at, and one they are strong at.
    pub weak: usize,
    pub strong: usize,
    /// Change of quality per month (positive: improving).
    pub trend: f64,
}

/// A staff member and, for evaluators, how much they over- or under-score (normalised).
pub struct Staff {
    pub id: &'static str,
    pub name: &'static str,
    pub roles: &'static [crate::roles::Role],
    pub leniency: f64,
}

use crate::roles::Role::{Evaluator, Lead, Shopper};

/// Evaluators with different leniency, two leads (who also evaluate), three shoppers.
pub const STAFF: [Staff; 9] = [
    Staff {
        id: "eva",
        name: "Eva Gil",
        roles: &[Evaluator],
        leniency: 0.0,
    },
    Staff {
        id: "jorge",
        name: "Jorge Navarro",
        roles: &[Evaluator],
        leniency: 0.07,
    },
    Staff {
        id: "priya",
        name: "Priya Shah",
        roles: &[Evaluator],
        leniency: -0.06,
    },
    Staff {
        id: "tom",
        name: "Tom Baker",
        roles: &[Evaluator],
        leniency: 0.02,
    },
    Staff {
        id: "lea",
        name: "Lea Sol",
        roles: &[Lead, Evaluator],
        leniency: -0.01,
    },
    Staff {
        id: "mario",
        name: "Mario Rossi",
        roles: &[Lead, Evaluator],
        leniency: 0.01,
    },
    Staff {
        id: "sam",
        name: "Sam Paz",
        roles: &[Shopper],
        leniency: 0.0,
    },
    Staff {
        id: "ines",
        name: "Inés Vidal",
        roles: &[Shopper],
        leniency: 0.03,
    },
    Staff {
        id: "kofi",
        name: "Kofi Mensah",
        roles: &[Shopper],
        leniency: -0.03,
    },
];

/// (id, name, region, address) of the stores.
pub const LOCATIONS: [(&str, &str, &str, &str); 8] = [
    ("mad-01", "Madrid Gran Vía", "centro", "Gran Vía 32, Madrid"),
    ("mad-02", "Madrid Chamberí", "centro", "Calle de Fuencarral 120, Madrid"),
    ("tol-01", "Toledo Centro", "centro", "Calle Comercio 18, Toledo"),
    (
        "bcn-01",
        "Barcelona Eixample",
        "este",
        "Passeig de Gràcia 55, Barcelona",
    ),
    ("vlc-01", "València Ruzafa", "este", "Carrer de Sueca 21, València"),
    ("sev-01", "Sevilla Triana", "sur", "Calle San Jacinto 40, Sevilla"),
    ("mal-01", "Málaga Soho", "sur", "Calle Tomás Heredia 9, Málaga"),
    ("gra-01", "Granada Centro", "sur", "Calle Reyes Católicos 12, Granada"),
];

const FIRST: [&str; 24] = [
    "Lucía", "Daniel", "Sofía", "Hugo", "Martina", "Pablo", "Valeria", "Álvaro", "Emma", "Mateo", "Julia", "Leo",
    "Aisha", "Omar", "Grace", "Liam", "Noor", "Ethan", "Chloe", "Ravi", "Nora", "Iván", "Carmen", "Samuel",
];
const LAST: [&str; 16] = [
    "García",
    "Martínez",
    "López",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Fernández",
    "Ruiz",
    "Smith",
    "Okafor",
    "Chen",
    "Novak",
    "Silva",
    "Moreau",
    "Kowalski",
    "Haddad",
];

/// The contact-centre teams: `norte` works in English (call-quality), `sur` in Spanish
/// (calidad-contacto); `tiendas` are store staff met by mystery shoppers.
pub const TEAMS: [&str; 3] = ["norte", "sur", "tiendas"];

/// `n` agents: two thirds in the contact centre, a third in the stores.
pub fn agents(rng: &mut ChaCha8Rng, n: usize, sections: usize) -> Vec<Profile> {
    (0..n)
        .map(|i| {
            let team = if i % 3 == 2 { TEAMS[2] } else { TEAMS[i % 3] };
            let location = (team == TEAMS[2]).then(|| LOCATIONS[(i / 3) % LOCATIONS.len()].0.to_string());
            let name = format!(
                "{} {}",
                FIRST[i % FIRST.len()],
                LAST[(i * 7 + i / FIRST.len()) % LAST.len()]
            );
            // Spread the quality so that scores reach every band.
            let base = 0.55 + 0.42 * rng.random::<f64>();
            let weak = rng.random_range(0..sections);
            let strong = (weak + 1 + rng.random_range(0..sections - 1)) % sections;
            let trend = (rng.random::<f64>() - 0.45) * 0.06;
            Profile {
                id: format!("a-{:03}", i + 1),
                name,
                team: team.to_string(),
                location,
                base,
                weak,
                strong,
                trend,
            }
        })
        .collect()
}
