//! voucher add | edit | void | unreview | import | list | show | review | post | reverse

use super::output::{emit, emit_json, emit_json_pretty, emit_listing, warn};
use super::Global;
use crate::error::{Error, Result};
use crate::ledger::period::{parse_date_arg, Period};
use crate::ledger::voucher::{parse_line_spec, NewVoucher, Source, Status};
use crate::ops::drafts;
use crate::ops::vouchers as ops;
use crate::render::Format;
use crate::report::listings;
use clap::{Args, Subcommand, ValueEnum};

/// What a voucher says: the flags of `voucher add`, `voucher edit` and `adjust --prior-year`.
#[derive(Args, Debug)]
pub struct VoucherFlags {
    /// 凭证日期，如 2025-03-08
    #[arg(long)]
    pub date: String,
    /// 摘要
    #[arg(long)]
    pub summary: String,
    /// 借方分录，如 50102=1200.00@A03，支出可加经济分类 50102=1200.00@A03#30214（可多次）
    #[arg(long = "dr", required = true)]
    pub dr: Vec<String>,
    /// 贷方分录，如 102=1200.00（可多次）
    #[arg(long = "cr", required = true)]
    pub cr: Vec<String>,
    /// 附件张数
    #[arg(long, default_value_t = 0)]
    pub attachments: i64,
    /// 集体决策的会议纪要号（大额支出）
    #[arg(long, default_value = "")]
    pub decision: String,
}

impl VoucherFlags {
    /// The voucher these flags describe.
    pub fn voucher(&self, source: Source) -> Result<NewVoucher> {
        let mut lines = Vec::new();
        for s in &self.dr {
            lines.push(parse_line_spec(s, true).map_err(Error::input)?);
        }
        for s in &self.cr {
            lines.push(parse_line_spec(s, false).map_err(Error::input)?);
        }
        Ok(NewVoucher {
            date: parse_date_arg(&self.date)?,
            summary: self.summary.trim().to_string(),
            attachments: self.attachments,
            lines,
            source,
            decision_ref: self.decision.clone(),
            reverses: None,
        })
    }
}

#[derive(Subcommand, Debug)]
pub enum VoucherCmd {
    /// 录入一张凭证：--dr 科目=金额[@活动][#经济分类] … --cr 科目=金额 …
    Add {
        #[command(flatten)]
        flags: VoucherFlags,
        /// 直接记账（仅限已设置免除单独审核的工会）
        #[arg(long)]
        post: bool,
    },
    /// 修改一张草稿凭证（凭证号不变；各项与 add 相同，分录整体替换）
    Edit {
        /// 凭证号（记-202503-0002，或简写 202503-2、2503-2）
        #[arg(value_parser = voucher_no)]
        no: String,
        #[command(flatten)]
        flags: VoucherFlags,
    },
    /// 作废一张草稿凭证（凭证号保留，记录作废人、时间和理由）
    Void {
        /// 凭证号（记-202503-0002，或简写 202503-2、2503-2）
        #[arg(value_parser = voucher_no)]
        no: String,
        /// 作废理由
        #[arg(long)]
        reason: String,
    },
    /// 取消审核（由审核人本人），凭证回到草稿，可修改或作废
    Unreview {
        /// 凭证号（记-202503-0002，或简写 202503-2、2503-2）
        #[arg(value_parser = voucher_no)]
        no: String,
    },
    /// 从 CSV/XLSX 批量导入凭证（整批导入或整批拒绝）
    Import {
        file: String,
        /// 文件编码（默认自动识别）：utf-8、gbk
        #[arg(long)]
        encoding: Option<String>,
        /// 直接记账（仅限已设置免除单独审核的工会）
        #[arg(long)]
        post: bool,
        /// 同一文件已导入过，仍要再导入一次（须用 --reason 写明理由）
        #[arg(long)]
        again: bool,
        /// 再次导入的理由
        #[arg(long, requires = "again")]
        reason: Option<String>,
    },
    /// 列出凭证
    List {
        /// 月份，如 2025-03
        #[arg(long)]
        month: Option<String>,
        /// 状态：draft（草稿）、reviewed（已审核）、posted（已记账）、reversed（已冲销）、void（已作废）
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// 摘要中含有的文字，如 --text 鲜花
        #[arg(long)]
        text: Option<String>,
        /// 金额（凭证合计或任一分录的金额），如 --amount 300
        #[arg(long)]
        amount: Option<String>,
        /// 用到的科目（含其明细科目），如 --account 501
        #[arg(long)]
        account: Option<String>,
        /// 用到的活动编码
        #[arg(long)]
        activity: Option<String>,
    },
    /// 显示一张凭证（及其附件）
    Show {
        /// 凭证号（记-202503-0002，或简写 202503-2、2503-2）
        #[arg(value_parser = voucher_no)]
        no: String,
    },
    /// 打印一个月已记账的凭证（装订用）：凭证封面加每张记账凭证，--out 凭证.pdf
    Print {
        /// 月份，如 2025-03
        #[arg(long)]
        month: String,
        /// 每张 A4 纸印几张凭证：2（默认，上下各一张，中间有裁剪线）或 1
        #[arg(long, default_value_t = 2)]
        per_sheet: u8,
        /// 纸张：a4（默认）、凭证纸（240×140 毫米，每张一张凭证），或尺寸如 212x120（毫米）
        #[arg(long, default_value = "a4")]
        paper: String,
    },
    /// 附上原始单据（PDF、OFD、JPG、PNG、XML 电子发票，每个不超过 20 MB）；同一单据不能附在两张凭证上
    Attach {
        #[arg(value_parser = voucher_no)]
        no: String,
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
    /// 取出凭证的第 N 个附件：--out 文件
    Attachment {
        #[arg(value_parser = voucher_no)]
        no: String,
        n: i64,
    },
    /// 审核凭证（审核人须不是制单人）
    Review {
        /// 凭证号（202503-2、2503-2；有 --month 时可只写序号 2）
        nos: Vec<String>,
        /// 审核该月全部草稿（给出凭证号时，为其月份）；审核前列出这些凭证供核对
        #[arg(long)]
        month: Option<String>,
        /// 审核全部草稿（审核前列出供核对）
        #[arg(long)]
        all: bool,
        /// 批量审核不再询问（脚本用）：列出后直接审核
        #[arg(long)]
        yes: bool,
    },
    /// 记账（已审核的凭证）
    Post {
        /// 凭证号（202503-2、2503-2；有 --month 时可只写序号 2）
        nos: Vec<String>,
        /// 记账该月全部已审核凭证（给出凭证号时，为其月份）
        #[arg(long)]
        month: Option<String>,
        /// 记账全部已审核凭证
        #[arg(long)]
        all: bool,
    },
    /// 红字冲销一张已记账凭证
    Reverse {
        #[arg(value_parser = voucher_no)]
        no: String,
        /// 冲销凭证日期（默认原凭证日期）
        #[arg(long)]
        date: Option<String>,
    },
}

/// A voucher status as given on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StatusArg {
    Draft,
    Reviewed,
    Posted,
    Reversed,
    Void,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Status {
        match s {
            StatusArg::Draft => Status::Draft,
            StatusArg::Reviewed => Status::Reviewed,
            StatusArg::Posted => Status::Posted,
            StatusArg::Reversed => Status::Reversed,
            StatusArg::Void => Status::Void,
        }
    }
}

/// Asked at the terminal: whether the user answers yes. Without a terminal, no.
fn confirm(question: &str) -> Result<bool> {
    use std::io::{IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    eprint!("{question}");
    std::io::stderr().flush().ok();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).map_err(|e| Error::io(format!("无法读取回答：{e}")))?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "是" | "确认"))
}

/// A voucher number as typed (记-202503-0002, 202503-2, 2503-2), in full.
pub fn voucher_no(s: &str) -> std::result::Result<String, String> {
    Period::expand_voucher_no(s, None)
}

async fn pick(
    ctx: &crate::ops::Ctx,
    nos: Vec<String>,
    month: Option<String>,
    all: bool,
    status: Status,
) -> Result<Vec<String>> {
    let m = month.as_deref().map(Period::parse).transpose()?;
    if !nos.is_empty() {
        return nos.iter().map(|n| Period::expand_voucher_no(n, m).map_err(Error::input)).collect();
    }
    if m.is_none() && !all {
        return Err(Error::input("请给出凭证号，或用 --month YYYY-MM / --all"));
    }
    let list = ctx.books().numbers_with_status(status, m).await?;
    if list.is_empty() {
        return Err(Error::input("没有符合条件的凭证"));
    }
    Ok(list)
}

pub async fn run(g: &Global, cmd: VoucherCmd) -> Result<()> {
    let ctx = g.ctx().await?;
    let json = g.format_or(Format::Table) == Format::Json;
    match cmd {
        VoucherCmd::Add { flags, post } => {
            let v = flags.voucher(Source::Manual)?;
            let saved = ops::add(&ctx, v, post).await?;
            warn(&saved.warnings);
            if json {
                return emit_json(g, &saved);
            }
            let mut out = format!("已保存凭证 {}（{}）\n", saved.no, saved.status.label());
            for seq in &saved.matched {
                out.push_str(&format!("已与银行流水 {seq} 对应\n"));
            }
            emit(g, out.as_bytes())
        }
        VoucherCmd::Edit { no, flags } => {
            let saved = drafts::edit(&ctx, &no, flags.voucher(Source::Manual)?).await?;
            warn(&saved.warnings);
            if json {
                emit_json(g, &saved)
            } else {
                emit(g, format!("已修改草稿凭证 {}\n", saved.no).as_bytes())
            }
        }
        VoucherCmd::Void { no, reason } => {
            drafts::void(&ctx, &no, &reason).await?;
            emit(g, format!("凭证 {no} 已作废（凭证号保留，不再计入账簿）\n").as_bytes())
        }
        VoucherCmd::Unreview { no } => {
            drafts::unreview(&ctx, &no).await?;
            emit(g, format!("已取消凭证 {no} 的审核，凭证回到草稿\n").as_bytes())
        }
        VoucherCmd::Import { file, encoding, post, again, reason } => {
            let again = again.then(|| reason.unwrap_or_default());
            let path = std::path::Path::new(&file);
            let done = ops::import(&ctx, path, encoding.as_deref(), post, again.as_deref()).await?;
            warn(&done.warnings);
            if json {
                return emit_json(g, &done);
            }
            let nos = &done.vouchers;
            let range = match (nos.first(), nos.last()) {
                (Some(a), Some(b)) if a != b => format!("{a} … {b}"),
                (Some(a), _) => a.clone(),
                _ => String::new(),
            };
            let state = if done.posted { "已记账" } else { "草稿，待审核" };
            emit(g, format!("已导入 {} 张凭证（{range}），状态：{state}\n", nos.len()).as_bytes())
        }
        VoucherCmd::List { month, status, text, amount, account, activity } => {
            let m = month.as_deref().map(Period::parse).transpose()?;
            let amount = amount
                .as_deref()
                .map(|a| crate::money::Amount::parse(a).map_err(|e| Error::input(format!("--amount：{e}"))))
                .transpose()?;
            let search = listings::Search { text, amount, account, activity, ..Default::default() };
            let list = listings::find_vouchers(&ctx.books(), m, status.map(Status::from), &search).await?;
            if json {
                return emit_json_pretty(g, &listings::listed(&list));
            }
            emit_listing(g, &ctx, listings::vouchers(&list)).await
        }
        VoucherCmd::Show { no } => {
            use crate::report::voucher_form;
            let view = voucher_form::load_one(&ctx.books(), &no).await?;
            let v = &view.vouchers[0];
            if json {
                return emit_json_pretty(g, v);
            }
            emit_listing(g, &ctx, voucher_form::form(&view, v, true)).await?;
            let files = crate::ops::attachments::list(&ctx, &v.header.no).await?;
            if !files.is_empty() && g.out.is_none() {
                emit_listing(g, &ctx, listings::attachments(&ctx.org.name, &v.header.no, &files)).await?;
            }
            Ok(())
        }
        VoucherCmd::Print { month, per_sheet, paper } => {
            use crate::report::voucher_form;
            let m = Period::parse(&month)?;
            let paper = voucher_form::Paper::parse(&paper, per_sheet)?;
            let view = voucher_form::load_month(&ctx.books(), m).await?;
            emit_listing(g, &ctx, voucher_form::bundle(&view, paper)).await
        }
        VoucherCmd::Attach { no, files } => {
            let done = crate::ops::attachments::attach(&ctx, &no, &files).await?;
            if json {
                return emit_json(g, &done);
            }
            let mut out = String::new();
            for f in &done.files {
                let invoice = if f.invoice_no.is_empty() {
                    String::new()
                } else {
                    format!(
                        "，电子发票号码 {}，价税合计 {}",
                        f.invoice_no,
                        f.invoice_amount.as_deref().unwrap_or("未读出")
                    )
                };
                out.push_str(&format!("凭证 {} 附件 {}：{}（{}{invoice}）\n", done.voucher, f.n, f.file_name, f.kind));
            }
            if done.unread_pdfs > 0 {
                out.push_str(
                    "注：PDF 发票只按文件内容查重，未读取发票号码；有 XML 或 OFD 版本的，请一并附上以便按号码查重\n",
                );
            }
            emit(g, out.as_bytes())
        }
        VoucherCmd::Attachment { no, n } => {
            let Some(path) = g.out.clone() else {
                return Err(Error::input(format!(
                    "请用 --out 指定保存附件的文件名，例如 gonghui voucher attachment {no} {n} --out 发票.pdf"
                )));
            };
            let (name, bytes) = crate::ops::attachments::content(&ctx, &no, n).await?;
            emit(g, &bytes)?;
            eprintln!("已取出 {name}，保存为 {path}");
            Ok(())
        }
        VoucherCmd::Review { nos, month, all, yes } => {
            let batch = nos.is_empty();
            let what = month.clone().unwrap_or_else(|| "全部草稿".into());
            let nos = pick(&ctx, nos, month, all, Status::Draft).await?;
            if batch {
                // A month of vouchers is approved only once the reviewer has seen them.
                let preview = ops::preview_review(&ctx, &nos).await?;
                emit_listing(
                    &Global { out: None, ..g.clone() },
                    &ctx,
                    listings::review_preview(&ctx.org.name, &what, &preview),
                )
                .await?;
                if !yes && !confirm(&format!("确认审核以上 {} 张凭证？[y/N] ", nos.len()))? {
                    return Err(Error::refused(format!(
                        "未审核：请核对以上 {} 张凭证，确认后回答 y；在脚本中加 --yes",
                        nos.len()
                    )));
                }
            }
            let n = ops::review(&ctx, &nos).await?;
            emit(g, format!("{} 已审核 {n} 张凭证\n", ctx.user).as_bytes())
        }
        VoucherCmd::Post { nos, month, all } => {
            let nos = pick(&ctx, nos, month, all, Status::Reviewed).await?;
            let done = ops::post(&ctx, &nos).await?;
            warn(&done.warnings);
            emit(g, format!("已记账 {} 张凭证\n", done.posted).as_bytes())
        }
        VoucherCmd::Reverse { no, date } => {
            let d = date.as_deref().map(parse_date_arg).transpose()?;
            let r = ops::reverse(&ctx, &no, d).await?;
            if json {
                emit_json(g, &r)
            } else {
                emit(g, format!("已生成红字冲销凭证 {}（草稿，审核记账后生效）\n", r.no).as_bytes())
            }
        }
    }
}

#[derive(Args, Debug)]
pub struct AdjustArgs {
    /// 以前年度调整（必填，说明这是更正已结账年度的凭证）
    #[arg(long = "prior-year", required = true)]
    pub prior_year: bool,
    #[command(flatten)]
    pub flags: VoucherFlags,
}

pub async fn adjust(g: &Global, a: AdjustArgs) -> Result<()> {
    let ctx = g.ctx().await?;
    let saved = drafts::adjust_prior_year(&ctx, a.flags.voucher(Source::PriorYear)?).await?;
    warn(&saved.warnings);
    if g.format_or(Format::Table) == Format::Json {
        emit_json(g, &saved)
    } else {
        emit(g, format!("已保存以前年度调整凭证 {}（草稿，审核记账后生效；年度报表附注将列示）\n", saved.no).as_bytes())
    }
}
