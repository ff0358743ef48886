//! The measured figures of a finding: one struct per commitment family, with SPEC §4.1's
//! field names in its order, serialised untagged so that `measured` is the family's object.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

/// A finding's `measured` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Measured {
    /// Named values in the order given: the empty object of a commitment not audited, and
    /// the hand-built reports of the format tests.
    Map(Map<String, Value>),
}

impl Default for Measured {
    fn default() -> Measured {
        Measured::Map(Map::new())
    }
}

impl Measured {
    /// The figures as a JSON map (built for typed figures), for the formats that list them
    /// and for the claims, which name a figure.
    pub fn to_map(&self) -> Cow<'_, Map<String, Value>> {
        match self {
            Measured::Map(m) => Cow::Borrowed(m),
            #[allow(unreachable_patterns)]
            typed => Cow::Owned(super::object_of(typed)),
        }
    }

    /// One figure by its JSON name.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.to_map().get(key).cloned()
    }

    /// Adds a named figure: kept for the families not typed yet.
    pub fn insert(&mut self, key: String, value: Value) {
        match self {
            Measured::Map(m) => {
                m.insert(key, value);
            }
            #[allow(unreachable_patterns)]
            typed => {
                let mut m = super::object_of(typed);
                m.insert(key, value);
                *typed = Measured::Map(m);
            }
        }
    }
}

impl From<Map<String, Value>> for Measured {
    fn from(m: Map<String, Value>) -> Measured {
        Measured::Map(m)
    }
}
