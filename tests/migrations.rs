//! The SQLite and PostgreSQL migrations are kept by hand: after both have run, the two catalogs
//! must define the same tables, columns (and whether they may be null), primary keys, unique keys,
//! indexes, and guard the same tables with triggers. Differences made on purpose are listed here
//! with their reason; anything else fails.

mod common;

use common::databases;
use gonghui::store::Store;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

/// Indexes one engine has and the other has not, on purpose.
const ONLY_ON: &[(&str, &str, &str)] = &[];

#[derive(Debug, Default, PartialEq)]
struct Table {
    /// Column → NOT NULL.
    columns: BTreeMap<String, bool>,
    primary_key: BTreeSet<String>,
    unique: BTreeSet<Vec<String>>,
    /// Non-unique indexes created by the migrations: name → columns.
    indexes: BTreeMap<String, Vec<String>>,
    triggers: bool,
}

type Schema = BTreeMap<String, Table>;

async fn sqlite_schema(path: &str) -> Schema {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{path}")).await.unwrap();
    let mut out = Schema::new();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            .fetch_all(&pool)
            .await
            .unwrap();
    for t in tables {
        let mut table = Table::default();
        for r in sqlx::query("SELECT name, \"notnull\" AS nn, pk FROM pragma_table_info($1)")
            .bind(&t)
            .fetch_all(&pool)
            .await
            .unwrap()
        {
            let name: String = r.get("name");
            let pk: i64 = r.get("pk");
            let nn: i64 = r.get("nn");
            if pk > 0 {
                table.primary_key.insert(name.clone());
            }
            table.columns.insert(name, nn != 0 || pk > 0);
        }
        for r in sqlx::query("SELECT name, \"unique\" AS u, origin FROM pragma_index_list($1)")
            .bind(&t)
            .fetch_all(&pool)
            .await
            .unwrap()
        {
            let (name, unique, origin): (String, i64, String) = (r.get("name"), r.get("u"), r.get("origin"));
            let cols: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                .bind(&name)
                .fetch_all(&pool)
                .await
                .unwrap();
            match origin.as_str() {
                "pk" => {}
                _ if unique != 0 => {
                    table.unique.insert(cols);
                }
                _ => {
                    table.indexes.insert(name, cols);
                }
            }
        }
        table.triggers = sqlx::query_scalar::<_, i64>(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = $1",
        )
        .bind(&t)
        .fetch_one(&pool)
        .await
        .unwrap()
            > 0;
        out.insert(t, table);
    }
    pool.close().await;
    out
}

async fn pg_schema(url: &str) -> Schema {
    let pool = sqlx::PgPool::connect(url).await.unwrap();
    let mut out = Schema::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    for t in tables {
        let mut table = Table::default();
        for r in sqlx::query(
            "SELECT column_name::text AS name, is_nullable::text AS nullable FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = $1",
        )
        .bind(&t)
        .fetch_all(&pool)
        .await
        .unwrap()
        {
            let nullable: String = r.get("nullable");
            table.columns.insert(r.get("name"), nullable == "NO");
        }
        for r in sqlx::query(
            "SELECT ic.relname::text AS name, i.indisunique AS u, i.indisprimary AS pk,
                    ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                          ORDER BY k.ord) AS cols
             FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = tc.relnamespace
             WHERE n.nspname = current_schema() AND tc.relname = $1",
        )
        .bind(&t)
        .fetch_all(&pool)
        .await
        .unwrap()
        {
            let (name, unique, pk, cols): (String, bool, bool, Vec<String>) =
                (r.get("name"), r.get("u"), r.get("pk"), r.get("cols"));
            if pk {
                table.primary_key = cols.into_iter().collect();
            } else if unique {
                table.unique.insert(cols);
            } else {
                table.indexes.insert(name, cols);
            }
        }
        table.triggers = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM information_schema.triggers
             WHERE trigger_schema = current_schema() AND event_object_table = $1",
        )
        .bind(&t)
        .fetch_one(&pool)
        .await
        .unwrap()
            > 0;
        out.insert(t, table);
    }
    pool.close().await;
    out
}

#[tokio::test]
async fn sqlite_and_postgres_migrations_define_the_same_schema() {
    let dbs = databases().await;
    let Some(pg) = dbs.iter().find(|d| d.engine == "postgres") else {
        eprintln!("GONGHUI_TEST_PG is not set: the two migration folders are not compared");
        return;
    };
    let lite = dbs.iter().find(|d| d.engine == "sqlite").unwrap();
    Store::open(&lite.url).await.unwrap().close().await;
    Store::open(&pg.url).await.unwrap().close().await;
    let mut a = sqlite_schema(&lite.url).await;
    let mut b = pg_schema(&pg.url).await;
    for (engine, index, _why) in ONLY_ON {
        let schema = if *engine == "postgres" { &mut b } else { &mut a };
        let found = schema.values_mut().any(|t| t.indexes.remove(*index).is_some());
        assert!(found, "{index} is listed as {engine}-only but {engine} does not have it: mend ONLY_ON");
    }
    // The catalogs were read: facts every version of the schema has.
    for (engine, s) in [("sqlite", &a), ("postgres", &b)] {
        assert!(s.len() >= 20, "{engine}: {} tables", s.len());
        let pk: BTreeSet<String> = ["org_id", "voucher_id", "line_no"].iter().map(|c| c.to_string()).collect();
        assert_eq!(s["entries"].primary_key, pk, "{engine}");
        assert_eq!(s["vouchers"].columns.get("hash"), Some(&false), "{engine}: vouchers.hash, nullable");
        assert!(s["bank_lines"].indexes.contains_key("bank_lines_date"), "{engine}");
        assert!(s["vouchers"].triggers && s["entries"].triggers, "{engine}");
    }
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "the same tables");
    for (name, t) in &a {
        let u = &b[name];
        assert_eq!(t.columns, u.columns, "{name}: columns (name → NOT NULL), SQLite left, PostgreSQL right");
        assert_eq!(t.primary_key, u.primary_key, "{name}: primary key");
        assert_eq!(t.unique, u.unique, "{name}: unique keys");
        assert_eq!(t.indexes, u.indexes, "{name}: indexes");
        assert_eq!(t.triggers, u.triggers, "{name}: guarded by triggers on one engine only");
    }
}
