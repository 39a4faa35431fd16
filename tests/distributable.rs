//! The schema stays distributable by `org_id` (issue 24, docs/scale.md): read from PostgreSQL's
//! catalog after every migration, each table is either a per-organisation table — `org_id` in its
//! primary key, in every unique key, and in every foreign key to another per-organisation table,
//! as Citus requires of a table distributed on `org_id` — or one of the few global tables named
//! here, which a federation keeps as Citus reference tables. A new table that is neither fails.

mod common;

use gonghui::store::Store;
use std::collections::{BTreeMap, BTreeSet};

/// Tables without `org_id`: every server holds a copy (Citus reference tables), or they stay on
/// the coordinator. Each with why it is global.
const GLOBAL: &[(&str, &str)] = &[
    ("orgs", "the unions and their links: read by every consolidation and every login"),
    ("users", "a person may hold roles in many unions (代记账)"),
    ("sessions", "a login, before a union is chosen"),
    ("login_failures", "wrong passwords counted per person"),
    ("role_orgs", "which unions a database login may act in (row-level security)"),
    ("gonghui_migrations", "the schema's version"),
];

#[derive(Default, Debug)]
struct Table {
    columns: BTreeSet<String>,
    /// Primary key and unique constraints/indexes: their columns.
    keys: Vec<(String, BTreeSet<String>)>,
    /// Foreign keys: (name, columns, referenced table, referenced columns).
    foreign: Vec<(String, BTreeSet<String>, String, BTreeSet<String>)>,
}

/// A foreign key as the catalog gives it: table, name, columns, referenced table and columns.
type ForeignKeyRow = (String, String, Vec<String>, String, Vec<String>);

async fn catalog(url: &str) -> BTreeMap<String, Table> {
    let pool = sqlx::postgres::PgPoolOptions::new().max_connections(1).connect(url).await.unwrap();
    let mut out: BTreeMap<String, Table> = BTreeMap::new();
    let cols: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for (t, c) in cols {
        out.entry(t).or_default().columns.insert(c);
    }
    // Unique indexes (primary keys and unique constraints are unique indexes too).
    let keys: Vec<(String, String, Vec<String>)> = sqlx::query_as(
        "SELECT t.relname::text, i.relname::text,
                ARRAY(SELECT a.attname::text FROM unnest(x.indkey) k JOIN pg_attribute a
                      ON a.attrelid = t.oid AND a.attnum = k)
         FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema() AND x.indisunique",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for (t, name, cols) in keys {
        out.entry(t).or_default().keys.push((name, cols.into_iter().collect()));
    }
    let fks: Vec<ForeignKeyRow> = sqlx::query_as(
        "SELECT t.relname::text, c.conname::text,
                ARRAY(SELECT a.attname::text FROM unnest(c.conkey) k JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k),
                r.relname::text,
                ARRAY(SELECT a.attname::text FROM unnest(c.confkey) k JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k)
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema() AND c.contype = 'f'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for (t, name, cols, rt, rcols) in fks {
        out.entry(t).or_default().foreign.push((name, cols.into_iter().collect(), rt, rcols.into_iter().collect()));
    }
    pool.close().await;
    out
}

/// What keeps `name` from being distributed on `org_id` (or from being a named global table).
fn problems(name: &str, t: &Table, global: &BTreeSet<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if global.contains(name) {
        return out;
    }
    if !t.columns.contains("org_id") {
        out.push(format!("{name}: no org_id and not named a global (reference) table"));
        return out;
    }
    if !t.keys.iter().any(|(k, _)| k.ends_with("_pkey")) {
        out.push(format!("{name}: no primary key"));
    }
    for (k, cols) in &t.keys {
        if !cols.contains("org_id") {
            out.push(format!("{name}: unique key {k} {cols:?} leaves out org_id"));
        }
    }
    for (fk, cols, to, to_cols) in &t.foreign {
        if global.contains(to.as_str()) {
            continue;
        }
        if !cols.contains("org_id") || !to_cols.contains("org_id") {
            out.push(format!("{name}: foreign key {fk} to {to} leaves out org_id"));
        }
    }
    out
}

#[tokio::test]
async fn every_table_is_per_organisation_on_org_id_or_a_named_global_table() {
    for db in common::databases().await.into_iter().filter(|d| d.engine == "postgres") {
        Store::open(&db.url).await.unwrap().close().await;
        let tables = catalog(&db.url).await;
        assert!(tables.len() >= 30 && tables.contains_key("entries"), "the catalog was read: {:?}", tables.keys());
        let global: BTreeSet<&str> = GLOBAL.iter().map(|(t, _)| *t).collect();
        for g in &global {
            assert!(tables.contains_key(*g), "{g} is named global but does not exist: mend GLOBAL");
        }
        let found: Vec<String> = tables.iter().flat_map(|(n, t)| problems(n, t, &global)).collect();
        assert!(found.is_empty(), "not distributable by org_id:\n  {}", found.join("\n  "));

        // The rule bites: a table keyed without org_id, or unknown and global, is caught.
        let mut broken = Table::default();
        broken.columns.extend(["org_id".to_string(), "no".to_string()]);
        broken.keys.push(("broken_pkey".into(), ["no".to_string()].into()));
        broken.foreign.push((
            "to_vouchers".into(),
            ["no".to_string()].into(),
            "vouchers".into(),
            ["id".to_string()].into(),
        ));
        let p = problems("broken", &broken, &global);
        assert_eq!(p.len(), 2, "{p:?}");
        assert_eq!(problems("stray", &Table::default(), &global).len(), 1);
    }
}
