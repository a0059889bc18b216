//! The rubrics shipped inside the binary (`rubrics/` in the source tree), loaded by `init`.

/// (file name, YAML text) of every bundled rubric, in the order `init` loads them.
pub const BUNDLED: [(&str, &str); 4] = [
    (
        "rubrics/call-quality.yaml",
        include_str!("../../rubrics/call-quality.yaml"),
    ),
    (
        "rubrics/store-visit.yaml",
        include_str!("../../rubrics/store-visit.yaml"),
    ),
    (
        "rubrics/calidad-contacto.yaml",
        include_str!("../../rubrics/calidad-contacto.yaml"),
    ),
    (
        "rubrics/visita-tienda.yaml",
        include_str!("../../rubrics/visita-tienda.yaml"),
    ),
];
