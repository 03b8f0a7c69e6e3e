//! HSDS JSON as a person saves it from a directory's API: a service list page (`contents`
//! with the paging fields), a single service, or a plain array of services. The services of
//! a page are read one at a time, so a page of 20,000 is never held as one tree.

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{Hsds, Paging, Shape, Sink, not_a_service};
use crate::map::import::FileProblem;

/// Reads one JSON file, handing each service to `sink` with its JSON path. Says what the file
/// was; a file that is not JSON is refused with its line and column.
pub(super) fn read(bytes: &[u8], file: &str, sink: &mut Sink<'_>) -> Result<Shape, FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let shape = Top { file, sink }.deserialize(&mut de).map_err(|e| {
        let help = if e.is_data() {
            "a directory's organisations, locations and taxonomies have their own pages: import the pages of its service list"
        } else {
            "save the directory's page again as it came (a browser's Save As, or curl -o), or check the file is the JSON the directory gave"
        };
        FileProblem::new(
            format!("line {}, column {}: {}", e.line(), e.column(), json_words(&e)),
            help,
        )
    })?;
    de.end().map_err(|e| {
        FileProblem::new(
            format!(
                "line {}, column {}: more follows the end of the JSON",
                e.line(),
                e.column()
            ),
            "a page is one JSON value; save each page to a file of its own",
        )
    })?;
    Ok(shape)
}

fn not_services(what: &str, kind: &str) -> String {
    format!("{what} is {kind}, not a service: this is not the directory's list of services")
}

fn json_words(e: &serde_json::Error) -> String {
    let text = e.to_string();
    // serde_json says "… at line 3 column 7"; the place is said first already.
    match text.find(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

struct Top<'a, 'b> {
    file: &'a str,
    sink: &'a mut Sink<'b>,
}

impl<'de> DeserializeSeed<'de> for Top<'_, '_> {
    type Value = Shape;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Shape, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_, '_> {
    type Value = Shape;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a service list page, a service, or a list of services")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let mut others = Map::new();
        let mut contents = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "contents" {
                let n = map.next_value_seed(List {
                    file: self.file,
                    prefix: "contents",
                    sink: &mut *self.sink,
                })?;
                contents = Some(n);
            } else {
                let v: Value = map.next_value()?;
                others.insert(key, v);
            }
        }
        match contents {
            Some(n) => Ok(Shape::Page(Paging::from_fields(&others, n))),
            None => {
                let service = Value::Object(others);
                if let Some(kind) = not_a_service(&service) {
                    return Err(A::Error::custom(not_services("the file", kind)));
                }
                (self.sink)(Hsds::from_json(&service, self.file, ""));
                Ok(Shape::Service)
            }
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Shape, A::Error> {
        let n = List {
            file: self.file,
            prefix: "",
            sink: self.sink,
        }
        .visit_seq(seq)?;
        Ok(Shape::List(n))
    }
}

/// A list of services, each handed on as read: how many there were.
struct List<'a, 'b> {
    file: &'a str,
    prefix: &'static str,
    sink: &'a mut Sink<'b>,
}

impl<'de> DeserializeSeed<'de> for List<'_, '_> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for List<'_, '_> {
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of services")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut n = 0;
        while let Some(v) = seq.next_element::<Value>()? {
            let path = format!("{}[{n}]", self.prefix);
            if let Some(kind) = not_a_service(&v) {
                return Err(A::Error::custom(not_services(&path, kind)));
            }
            (self.sink)(Hsds::from_json(&v, self.file, &path));
            n += 1;
        }
        Ok(n)
    }
}
