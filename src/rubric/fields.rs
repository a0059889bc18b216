//! The field names of a serde struct, read from its `Deserialize` impl.
//!
//! "Did you mean" needs the list of fields allowed at each place in a rubric. Reading it from
//! serde's own derive keeps the list from drifting away from the raw types.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// A deserializer that only records the field list serde asks for, then stops.
struct FieldCatcher<'a> {
    fields: &'a mut &'static [&'static str],
}

impl<'de> Deserializer<'de> for FieldCatcher<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.fields = fields;
        Err(de::Error::custom("fields caught"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// The names of the fields `T` accepts (empty for types that are not structs).
pub fn struct_fields<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(FieldCatcher { fields: &mut fields });
    fields
}

#[cfg(test)]
mod tests {
    use super::struct_fields;
    use crate::rubric::raw::RawBand;

    #[test]
    fn reads_field_names_from_the_derive() {
        assert_eq!(struct_fields::<RawBand>(), &["min", "label"]);
    }
}
