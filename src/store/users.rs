//! Users of the database and the roles they hold in each union.

use super::{with_db, Org, Store};
use crate::error::Result;
use crate::ledger::roles::Role;
use serde::Serialize;
use sqlx::Row;

/// A user as the books keep it (the password only as its Argon2id hash, never shown).
#[derive(Clone, Debug, Serialize)]
pub struct User {
    pub name: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub disabled_at: Option<String>,
    pub created_at: String,
    pub created_by: String,
}

impl Store {
    pub async fn user(&self, name: &str) -> Result<Option<User>> {
        with_db!(self, |c| {
            let r = sqlx::query(
                "SELECT name, password_hash, disabled_at, created_at, created_by FROM users WHERE name = $1",
            )
            .bind(name)
            .fetch_optional(&mut *c)
            .await?;
            Ok(match r {
                None => None,
                Some(r) => Some(User {
                    name: r.try_get("name")?,
                    password_hash: r.try_get("password_hash")?,
                    disabled_at: r.try_get("disabled_at")?,
                    created_at: r.try_get("created_at")?,
                    created_by: r.try_get("created_by")?,
                }),
            })
        })
    }

    /// Register a user (no password in `open` mode); nothing when the name is taken.
    pub async fn add_user(&self, name: &str, password_hash: Option<&str>, by: &str) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            sqlx::query(
                "INSERT INTO users (name, password_hash, created_at, created_by) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(password_hash)
            .bind(&now)
            .bind(by)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }

    pub async fn set_password_hash(&self, name: &str, hash: &str) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query("UPDATE users SET password_hash = $2 WHERE name = $1")
                .bind(name)
                .bind(hash)
                .execute(&mut *c)
                .await?;
            Ok(())
        })
    }

    /// Wrong passwords in a row for `name`, and when the last one was given.
    pub async fn login_failures(&self, name: &str) -> Result<Option<(i64, String)>> {
        with_db!(self, |c| {
            Ok(sqlx::query_as("SELECT failures, last_at FROM login_failures WHERE name = $1")
                .bind(name)
                .fetch_optional(&mut *c)
                .await?)
        })
    }

    /// One more wrong password for `name`; returns how many in a row.
    pub async fn add_login_failure(&self, name: &str) -> Result<i64> {
        let now = crate::now_text();
        with_db!(self, |c| {
            Ok(sqlx::query_scalar(
                "INSERT INTO login_failures (name, failures, last_at) VALUES ($1, 1, $2)
                 ON CONFLICT (name) DO UPDATE SET failures = login_failures.failures + 1, last_at = $2
                 RETURNING failures",
            )
            .bind(name)
            .bind(&now)
            .fetch_one(&mut *c)
            .await?)
        })
    }

    /// A right password: the count starts again.
    pub async fn clear_login_failures(&self, name: &str) -> Result<()> {
        with_db!(self, |c| {
            sqlx::query("DELETE FROM login_failures WHERE name = $1").bind(name).execute(&mut *c).await?;
            Ok(())
        })
    }

    /// The users registered by `by` (e.g. the upgrade), in name order.
    pub async fn users_created_by(&self, by: &str) -> Result<Vec<String>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar("SELECT name FROM users WHERE created_by = $1 ORDER BY name")
                .bind(by)
                .fetch_all(&mut *c)
                .await?)
        })
    }

    pub async fn disable_user(&self, name: &str) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            sqlx::query("UPDATE users SET disabled_at = $2 WHERE name = $1 AND disabled_at IS NULL")
                .bind(name)
                .bind(&now)
                .execute(&mut *c)
                .await?;
            Ok(())
        })
    }

    /// The roles a user holds in a union, in their order.
    pub async fn user_roles(&self, org: &Org, name: &str) -> Result<Vec<Role>> {
        let codes: Vec<String> = with_db!(self, |c| {
            sqlx::query_scalar("SELECT role FROM user_roles WHERE org_id = $1 AND name = $2")
                .bind(org.id)
                .bind(name)
                .fetch_all(&mut *c)
                .await?
        });
        let mut roles: Vec<Role> = codes.iter().filter_map(|c| Role::parse(c).ok()).collect();
        roles.sort();
        Ok(roles)
    }

    pub async fn grant_role(&self, org: &Org, name: &str, role: Role, by: &str) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            sqlx::query(
                "INSERT INTO user_roles (org_id, name, role, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (org_id, name, role) DO NOTHING",
            )
            .bind(org.id)
            .bind(name)
            .bind(role.code())
            .bind(by)
            .bind(&now)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }

    /// Every user with the roles held in this union (users without any role in it included).
    pub async fn users_with_roles(&self, org: &Org) -> Result<Vec<(User, Vec<Role>)>> {
        type Raw = (String, Option<String>, String, String, Option<String>);
        let rows: Vec<Raw> = with_db!(self, |c| {
            sqlx::query_as(
                "SELECT u.name, u.disabled_at, u.created_at, u.created_by, r.role
                 FROM users u LEFT JOIN user_roles r ON r.name = u.name AND r.org_id = $1
                 ORDER BY u.created_at, u.name",
            )
            .bind(org.id)
            .fetch_all(&mut *c)
            .await?
        });
        let mut out: Vec<(User, Vec<Role>)> = Vec::new();
        for (name, disabled_at, created_at, created_by, role) in rows {
            if out.last().is_none_or(|(u, _)| u.name != name) {
                out.push((User { name, password_hash: None, disabled_at, created_at, created_by }, Vec::new()));
            }
            if let Some(role) = role.and_then(|c| Role::parse(&c).ok()) {
                out.last_mut().expect("pushed").1.push(role);
            }
        }
        for (_, roles) in &mut out {
            roles.sort();
        }
        Ok(out)
    }

    /// The active users holding `role` in a union.
    pub async fn holders(&self, org: &Org, role: Role) -> Result<Vec<String>> {
        with_db!(self, |c| {
            Ok(sqlx::query_scalar(
                "SELECT r.name FROM user_roles r JOIN users u ON u.name = r.name
                 WHERE r.org_id = $1 AND r.role = $2 AND u.disabled_at IS NULL ORDER BY r.name",
            )
            .bind(org.id)
            .bind(role.code())
            .fetch_all(&mut *c)
            .await?)
        })
    }

    pub async fn add_session(&self, token_hash: &str, name: &str, sealed_key: &str, expires_at: &str) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            sqlx::query(
                "INSERT INTO sessions (token_hash, name, sealed_key, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash)
            .bind(name)
            .bind(sealed_key)
            .bind(&now)
            .bind(expires_at)
            .execute(&mut *c)
            .await?;
            Ok(())
        })
    }

    /// A session by its token's digest: (name, sealed key, expires at).
    pub async fn session(&self, token_hash: &str) -> Result<Option<(String, String, String)>> {
        with_db!(self, |c| {
            Ok(sqlx::query_as("SELECT name, sealed_key, expires_at FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&mut *c)
                .await?)
        })
    }

    /// End a session, and every expired one.
    pub async fn end_session(&self, token_hash: &str) -> Result<()> {
        let now = crate::now_text();
        with_db!(self, |c| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1 OR expires_at < $2")
                .bind(token_hash)
                .bind(&now)
                .execute(&mut *c)
                .await?;
            Ok(())
        })
    }
}
