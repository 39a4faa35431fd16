//! JSON: the report with each table's rows as objects keyed by column name; amounts as strings
//! with two decimals, never floats.

use super::plain;
use crate::report::{Cell, Report, Section};
use serde_json::{json, Map, Value};

fn value(c: &Cell) -> Value {
    match c {
        Cell::Empty => Value::Null,
        Cell::Int(i) => json!(i),
        other => Value::String(plain(other)),
    }
}

pub fn to_value(r: &Report) -> Value {
    let mut sections = Vec::new();
    for s in &r.sections {
        match s {
            Section::Table(t) => {
                let rows: Vec<Value> = t
                    .rows
                    .iter()
                    .map(|row| {
                        let mut m = Map::new();
                        for (col, cell) in t.columns.iter().zip(&row.cells) {
                            m.insert(col.name.clone(), value(cell));
                        }
                        Value::Object(m)
                    })
                    .collect();
                sections.push(json!({
                    "type": "table",
                    "title": t.title,
                    "columns": t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
                    "rows": rows,
                }));
            }
            Section::Text { heading, paragraphs } => {
                sections.push(json!({"type": "text", "heading": heading, "paragraphs": paragraphs}));
            }
            Section::Chart(c) => {
                let series: Vec<Value> = c
                    .series
                    .iter()
                    .map(|s| json!({"name": s.name, "values": s.values.iter().map(|v| v.plain()).collect::<Vec<_>>()}))
                    .collect();
                sections.push(json!({"type": "chart", "title": c.title, "categories": c.categories, "series": series}));
            }
        }
    }
    let mut v = json!({
        "report": r.name,
        "title": r.title,
        "org": r.org,
        "period": r.period,
        "unit": r.unit,
        "sections": sections,
        "notes": r.notes,
        "meta": {"state_root": r.state},
    });
    if !r.parts.is_empty() {
        v["parts"] = Value::Array(r.parts.iter().map(to_value).collect());
    }
    v
}

pub fn render(r: &Report) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(&to_value(r)).expect("serialisable");
    out.push(b'\n');
    out
}
