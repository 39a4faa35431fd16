//! The command line speaks Chinese, clap's own words included: help headings, the help and
//! version flags, usage lines, and every parse error (an unknown command or option, a missing
//! argument, a bad value), each with what to do next.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Names shown for the values of common options (`--date <日期>`).
const VALUE_NAMES: &[(&str, &str)] = &[
    ("db", "数据库"),
    ("org", "工会代码"),
    ("user", "姓名"),
    ("format", "格式"),
    ("out", "文件"),
    ("font", "字体文件"),
    ("file", "文件"),
    ("date", "日期"),
    ("month", "月份"),
    ("year", "年度"),
    ("from", "起始"),
    ("to", "截止"),
    ("summary", "摘要"),
    ("dr", "科目=金额[@活动]"),
    ("cr", "科目=金额[@活动]"),
    ("account", "科目"),
    ("activity", "活动"),
    ("amount", "金额"),
    ("encoding", "编码"),
    ("layout", "版式"),
    ("rules", "规则"),
    ("reason", "理由"),
    ("name", "名称"),
    ("code", "代码"),
    ("no", "凭证号"),
    ("nos", "凭证号"),
    ("line", "流水序号"),
    ("key", "设置项"),
    ("value", "值"),
    ("chair", "姓名"),
    ("by", "口径"),
    ("province", "省份"),
    ("status", "状态"),
    ("id", "编号"),
    ("attachments", "张数"),
    ("life_years", "年数"),
    ("pay_from", "付款科目"),
    ("expense_account", "支出科目"),
    ("approved_on", "日期"),
    ("dispose", "编号"),
    ("outcome", "结论"),
    ("rate", "比例"),
    ("retention", "比例"),
    ("upward", "比例"),
    ("tax_fee", "比例"),
    ("dues_rate", "比例"),
    ("mode", "方式"),
    ("to_", "格式"),
    ("cost", "金额"),
    ("proceeds", "金额"),
    ("note", "说明"),
    ("doc", "文号"),
    ("decision", "纪要号"),
    ("category", "类别"),
    ("finished", "活动编码"),
];

/// The command tree with Chinese headings, help and version flags and value names.
pub fn localize(cmd: Command) -> Command {
    let cmd = cmd.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("显示版本号")
            .help_heading("选项"),
    );
    with_chinese(cmd)
}

fn with_chinese(cmd: Command) -> Command {
    cmd.help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助").help_heading("选项"))
        .mut_args(|a| {
            let heading = a.get_help_heading().map(str::to_string);
            let a = match heading {
                Some(_) => a,
                None if a.is_positional() => a.help_heading("参数"),
                None => a.help_heading("选项"),
            };
            let id = a.get_id().as_str().to_string();
            match VALUE_NAMES.iter().find(|(k, _)| *k == id) {
                Some((_, zh)) if a.get_action().takes_values() => a.value_name(*zh),
                _ => a,
            }
        })
        .mut_subcommands(with_chinese)
}

/// clap's remaining words in rendered help and usage text.
pub fn text(s: &str) -> String {
    s.replace("Usage: ", "用法：")
        .replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>")
        .replace("[COMMAND]", "[命令]")
        .replace("[default: ", "[默认：")
        .replace("[env: ", "[环境变量：")
        .replace("[possible values: ", "[可选值：")
        .replace("[aliases: ", "[别名：")
        .replace("[alias: ", "[别名：")
}

fn get(e: &clap::Error, k: ContextKind) -> Option<String> {
    e.get(k).map(|v| v.to_string())
}

fn list(e: &clap::Error, k: ContextKind) -> Vec<String> {
    match e.get(k) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(|s| s.to_string()).collect(),
        Some(v) => vec![v.to_string()],
        None => Vec::new(),
    }
}

/// Why a value did not parse, from the Rust error clap passes on.
fn why(e: &clap::Error) -> String {
    let Some(source) = std::error::Error::source(e) else { return String::new() };
    let s = source.to_string();
    if s.contains("invalid digit") || s.contains("cannot parse integer") || s.contains("number too") {
        "应为整数".into()
    } else if s.contains("empty string") {
        "不能为空".into()
    } else {
        s
    }
}

/// A parse error in Chinese: what was wrong, the usage, and where to read more.
pub fn error(e: &clap::Error) -> String {
    let arg = get(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = get(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut msg = match e.kind() {
        ErrorKind::InvalidSubcommand => {
            format!("没有“{}”这个命令", get(e, ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::UnknownArgument => format!("不认识的选项或参数“{arg}”"),
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个值"),
        ErrorKind::InvalidValue => {
            let valid = list(e, ContextKind::ValidValue);
            let mut m = format!("{arg} 的值“{value}”无效");
            if !valid.is_empty() {
                m.push_str(&format!("；可选：{}", valid.join("、")));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let reason = why(e);
            if reason.is_empty() {
                format!("{arg} 的值“{value}”无效")
            } else {
                format!("{arg} 的值“{value}”无效：{reason}")
            }
        }
        ErrorKind::MissingRequiredArgument => {
            format!("缺少必需的参数：{}", list(e, ContextKind::InvalidArg).join("、"))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let valid = list(e, ContextKind::ValidSubcommand);
            if valid.is_empty() {
                "缺少命令".to_string()
            } else {
                format!("缺少命令；可用：{}", valid.join("、"))
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = list(e, ContextKind::PriorArg);
            if prior.iter().any(|p| p == &arg) {
                format!("{arg} 只能给一次")
            } else if prior.is_empty() {
                format!("{arg} 不能与其他选项同时使用")
            } else {
                format!("{arg} 不能与 {} 同时使用", prior.join("、"))
            }
        }
        ErrorKind::TooManyValues => format!("{arg} 多给了值“{value}”"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!("{arg} 的值的个数不对"),
        ErrorKind::NoEquals => format!("{arg} 的值须用 = 连接，如 {arg}=值"),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8 编码）".to_string(),
        _ => text(&e.render().to_string()).replace("error: ", "").trim().to_string(),
    };
    if let Some(s) = get(e, ContextKind::SuggestedSubcommand) {
        msg.push_str(&format!("；是不是要用“{s}”？"));
    } else if let Some(s) = get(e, ContextKind::SuggestedArg) {
        msg.push_str(&format!("；是不是要用“{s}”？"));
    } else if let Some(s) = get(e, ContextKind::SuggestedValue) {
        msg.push_str(&format!("；是不是要用“{s}”？"));
    }
    let usage = get(e, ContextKind::Usage).map(|u| text(&u)).unwrap_or_default();
    let mut out = format!("错误：{msg}\n");
    if !usage.is_empty() {
        out.push_str(&format!("\n{}\n", usage.trim_end()));
    }
    out.push_str("\n加 --help 查看说明（例如 gonghui --help、gonghui voucher add --help）。\n");
    out
}
