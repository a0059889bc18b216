//! Paths into a YAML document (`sections[1].criteria[0].weight`), shared by the position index,
//! the unknown-field collector and the validator so that an error found by any of them can be
//! placed at a line and column.

use std::fmt;

/// One step of a path: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path from the document root to a node.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YamlPath(pub Vec<Seg>);

impl YamlPath {
    /// The document root.
    pub fn root() -> Self {
        YamlPath(Vec::new())
    }

    /// This path extended by a mapping key.
    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        YamlPath(segs)
    }

    /// This path extended by a sequence index.
    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        YamlPath(segs)
    }

    /// The last mapping key of the path, if it ends in one.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// The path without its last step.
    pub fn parent(&self) -> YamlPath {
        let mut segs = self.0.clone();
        segs.pop();
        YamlPath(segs)
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

impl From<&serde_ignored::Path<'_>> for YamlPath {
    fn from(path: &serde_ignored::Path<'_>) -> Self {
        fn walk(path: &serde_ignored::Path<'_>, out: &mut Vec<Seg>) {
            use serde_ignored::Path;
            match path {
                Path::Root => {}
                Path::Seq { parent, index } => {
                    walk(parent, out);
                    out.push(Seg::Index(*index));
                }
                Path::Map { parent, key } => {
                    walk(parent, out);
                    out.push(Seg::Key(key.clone()));
                }
                Path::Some { parent } | Path::NewtypeStruct { parent } | Path::NewtypeVariant { parent } => {
                    walk(parent, out)
                }
            }
        }
        let mut segs = Vec::new();
        walk(path, &mut segs);
        YamlPath(segs)
    }
}

impl From<&serde_path_to_error::Path> for YamlPath {
    fn from(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment;
        let segs = path
            .iter()
            .filter_map(|seg| match seg {
                Segment::Seq { index } => Some(Seg::Index(*index)),
                Segment::Map { key } => Some(Seg::Key(key.clone())),
                Segment::Enum { variant } => Some(Seg::Key(variant.clone())),
                Segment::Unknown => None,
            })
            .collect();
        YamlPath(segs)
    }
}
