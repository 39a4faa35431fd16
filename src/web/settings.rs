//! 设置 for the 管理员 (or 会计主管): the union's settings that people change, each with what it
//! means, its value, and who changed it last, when and why; changed with a reason through the
//! use case of `gonghui settings KEY VALUE --reason`. The organisation profile (signatories, 开户行
//! …) is edited as its text and checked as the command line checks its file.

use super::page::{self, given, Chrome, WebResult};
use super::session::Who;
use super::Shared;
use crate::ledger::roles::Act;
use crate::ops;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;

/// A setting as the page offers it: key, name, what it means, and its values when they are a
/// choice (value, label).
struct Known {
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    choices: &'static [(&'static str, &'static str)],
}

#[rustfmt::skip]
const KNOWN: &[Known] = &[
    Known { key: "post_role", label: "记账权限", hint: "谁可以为已审核的凭证记账", choices: &[("any", "可记账的任何人（制单人须经他人审核）"), ("review", "只有审核或会计主管")] },
    Known { key: "budget_control", label: "预算控制", hint: "支出超过预算时", choices: &[("warn", "提醒并记录"), ("strict", "拒绝记账")] },
    Known { key: "year_close", label: "年终结账检查", hint: "未对账、未计提折旧时", choices: &[("warn", "提醒并记录"), ("strict", "处理后才能年终结账")] },
    Known { key: "decision_amount", label: "集体决策金额（元）", hint: "单笔支出达到此金额须经工会委员会集体研究决定（本会议事规则）", choices: &[] },
    Known { key: "reconcile_age_days", label: "未达账项提醒天数", hint: "银行未达账项超过此天数时提醒", choices: &[] },
    Known { key: "allocation_due", label: "拨缴期限", hint: "如 次月末、次月15日", choices: &[] },
    Known { key: "disclosure_days", label: "财务公开公示天数", hint: "如 7", choices: &[] },
    Known { key: "disclosure_channel", label: "财务公开渠道", hint: "如 校务公开栏、工会微信群", choices: &[] },
    Known { key: "disclosure_contact", label: "财务公开联系人", hint: "会员对公开内容有疑问时联系谁，如 经审会 王芳，电话 0551-1234567", choices: &[] },
    Known { key: "audit_conditions", label: "规则包适用条件", hint: "规则包中的条件标准，如 经费充裕企业工会；多个用、分隔", choices: &[] },
    Known { key: "province", label: "省份", hint: "选择经审规则包和拨缴比例", choices: &[] },
    Known { key: "year", label: "当前会计年度", hint: "如 2025", choices: &[] },
];

pub struct SettingView {
    pub key: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub value: String,
    pub choices: Vec<(&'static str, &'static str, bool)>,
    /// Who changed it last, when and why (empty: never changed here).
    pub changed: String,
}

#[derive(Template)]
#[template(path = "web/settings.html")]
struct SettingsPage {
    chrome: Chrome,
    settings: Vec<SettingView>,
    profile: String,
    profile_changed: String,
    auth: String,
    may_change: bool,
    done: String,
    error: String,
}

#[derive(Deserialize, Default)]
pub struct SettingsQuery {
    done: Option<String>,
}

/// The last change of `key` as the record of changes has it: who, when, why.
fn last_change(events: &[crate::store::Event], key: &str) -> String {
    let prefix = format!("{key}=");
    events
        .iter()
        .rev()
        .find(|e| e.subject.starts_with(&prefix))
        .map(|e| {
            let why = if e.detail.trim().is_empty() { String::new() } else { format!("：{}", e.detail) };
            format!("{} 于 {} 修改{why}", e.actor, crate::shown_date(&e.at))
        })
        .unwrap_or_default()
}

async fn settings_page(
    app: &Shared,
    who: &Who,
    typed_profile: Option<String>,
    done: &str,
    error: &str,
) -> WebResult<SettingsPage> {
    let ctx = who.ctx(app);
    let b = ctx.books();
    let events = b.events(Some("setting")).await?;
    let mut settings = Vec::new();
    for k in KNOWN {
        let value = b.setting(k.key).await?.unwrap_or_default();
        settings.push(SettingView {
            key: k.key,
            label: k.label,
            hint: k.hint,
            choices: k.choices.iter().map(|(v, l)| (*v, *l, *v == value)).collect(),
            value,
            changed: last_change(&events, k.key),
        });
    }
    let kept = b.setting(crate::ledger::profile::SETTING).await?.unwrap_or_default();
    let profile = typed_profile.unwrap_or_else(|| match kept.strip_prefix("toml:") {
        Some(text) => text.to_string(),
        None => crate::ledger::profile::TEMPLATE.to_string(),
    });
    Ok(SettingsPage {
        chrome: who.chrome("/settings"),
        settings,
        profile,
        profile_changed: last_change(&events, crate::ledger::profile::SETTING),
        auth: ops::users::mode(&ctx).await?.label().to_string(),
        may_change: who.may(Act::Settings),
        done: done.into(),
        error: error.into(),
    })
}

/// `/settings`.
pub async fn page(State(app): State<Shared>, who: Who, Query(q): Query<SettingsQuery>) -> WebResult<Response> {
    let done = given(&q.done).unwrap_or("").to_string();
    Ok(page::render(&settings_page(&app, &who, None, &done, "").await?))
}

#[derive(Deserialize)]
pub struct SettingForm {
    #[serde(default)]
    csrf: String,
    key: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    reason: String,
}

/// A setting changed with its reason; the profile's text checked as its file would be.
pub async fn set(State(app): State<Shared>, who: Who, Form(f): Form<SettingForm>) -> WebResult<Response> {
    who.check_csrf(&f.csrf)?;
    who.require(Act::Settings)?;
    let ctx = who.ctx(&app);
    let key = f.key.trim();
    let done = if key == crate::ledger::profile::SETTING {
        profile(&ctx, &f.value, &f.reason).await
    } else if KNOWN.iter().any(|k| k.key == key) {
        ops::setup::set_setting(&ctx, key, f.value.trim(), f.reason.trim()).await.map(|_| {
            let label = KNOWN.iter().find(|k| k.key == key).map_or(key, |k| k.label);
            format!("已设置{label}：{}", f.value.trim())
        })
    } else {
        return Err(page::WebError::bad_request(format!("设置项“{key}”不在本页修改")));
    };
    match done {
        Ok(said) => Ok(page::back_saying("/settings", &said)),
        Err(e) => {
            let typed = (key == crate::ledger::profile::SETTING).then(|| f.value.clone());
            let p = settings_page(&app, &who, typed, "", &e.to_string()).await?;
            Ok(page::render_with(page::status_of(&e), &p))
        }
    }
}

/// The profile's text, checked as its file would be.
async fn profile(ctx: &ops::Ctx, text: &str, reason: &str) -> crate::error::Result<String> {
    ops::setup::set_profile(ctx, &text.replace("\r\n", "\n"), "单位信息", reason.trim()).await?;
    Ok("已保存单位信息".to_string())
}
