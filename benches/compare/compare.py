#!/usr/bin/env python3
"""Side by side: gonghui, hledger and ledger on one seeded dataset (issue 16, point 7).

    python3 benches/compare/compare.py                  # 100,000 transactions, 3 rounds
    python3 benches/compare/compare.py --sizes 100000 1000000 --rounds 3

Generates, for each size, one year of transactions (10% three-line 拨缴 receipts Dr 102 /
Cr 402 / Cr 211, 90% two-line spending Dr 5xxxx / Cr 102) as a gonghui voucher CSV, an
hledger/ledger journal and a bank statement CSV (with hledger CSV rules), then runs each task
with every tool that is installed (nothing is installed by this script), tools alternating
within each round, and prints one Markdown table: task, size, each tool's median wall time and
peak memory (max RSS, from /usr/bin/time), and gonghui's time as a ratio of the fastest other
tool. gonghui is the release binary (built first with `cargo build --release`).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GONGHUI = os.path.join(ROOT, "target", "release", "gonghui")
SPEND = ["50101", "50102", "50105", "50301", "50405", "50501", "50502", "50504"]


def rng(seed):
    """xorshift64*: the same numbers everywhere for a seed."""
    x = seed
    while True:
        x ^= (x >> 12) & 0xFFFFFFFFFFFFFFFF
        x ^= (x << 25) & 0xFFFFFFFFFFFFFFFF
        x ^= (x >> 27) & 0xFFFFFFFFFFFFFFFF
        yield (x * 0x2545F4914F6CDD1D) & 0xFFFFFFFFFFFFFFFF


def yuan(fen):
    return f"{fen // 100}.{fen % 100:02d}"


def generate(n, d):
    """Write vouchers.csv, books.journal, statement.csv and statement.csv.rules into d."""
    r = rng(20250101)
    vouchers = open(os.path.join(d, "vouchers.csv"), "w", encoding="utf-8")
    journal = open(os.path.join(d, "books.journal"), "w", encoding="utf-8")
    stmt = open(os.path.join(d, "statement.csv"), "w", encoding="utf-8")
    vouchers.write("凭证序号,日期,摘要,科目编码,活动编码,借方金额,贷方金额\n")
    stmt.write("账号,账户名称,交易时间,借方发生额（支取）,贷方发生额（收入）,余额,币种,对方户名,对方账号,"
               "对方开户机构,记账日期,摘要,备注,账户明细编号-交易流水号\n")
    # An opening balance large enough that the bank never goes below zero.
    opening = 100 * n * 5000
    journal.write(f"2025-01-01 opening\n    a:102  {yuan(opening)}\n    e:32201\n\n")
    vouchers.write(f"0,2025-01-01,期初,102,,{yuan(opening)},\n0,2025-01-01,期初,32201,,,{yuan(opening)}\n")
    bal = opening
    for i in range(n):
        day = i * 365 // n
        y, m, dd = date_of(day)
        date = f"{y}-{m:02d}-{dd:02d}"
        k = next(r)
        if k % 10 == 0:
            amt = 100_000 + next(r) % 2_000_000
            up = amt * 4 // 10
            lines = [("102", amt, 0), ("402", 0, amt - up), ("211", 0, up)]
            summary = f"拨缴经费 {i}"
            bal += amt
            dr, cr = "", yuan(amt)
        else:
            amt = 1_000 + next(r) % 500_000
            acct = SPEND[next(r) % len(SPEND)]
            lines = [(acct, amt, 0), ("102", 0, amt)]
            summary = f"支出 {i}"
            bal -= amt
            dr, cr = yuan(amt), ""
        journal.write(f"{date} {summary}\n")
        for acct, d_, c_ in lines:
            vouchers.write(f"{i + 1},{date},{summary},{acct},,{yuan(d_) if d_ else ''},{yuan(c_) if c_ else ''}\n")
            journal.write(f"    a:{acct}  {yuan(d_) if d_ else '-' + yuan(c_)}\n")
        journal.write("\n")
        compact = date.replace("-", "")
        stmt.write(f"4400,某某学校工会,{compact} 10:00:00,{dr},{cr},{yuan(bal)},人民币元,对方{i % 500},"
                   f"6222{i % 500:08d},建行,{compact},{summary},,SN{i:09d}\n")
    for f in (vouchers, journal, stmt):
        f.close()
    with open(os.path.join(d, "statement.csv.rules"), "w", encoding="utf-8") as f:
        f.write("skip 1\n"
                "fields acct_no, acct_name, time, out, in, balance, currency, payee, payee_acct, bank, date, "
                "summary, note, serial\n"
                "date-format %Y%m%d\n"
                "account1 a:102\n"
                "amount-in %in\n"
                "amount-out %out\n"
                "description %payee %summary\n")


def date_of(day):
    months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    m = 0
    while day >= months[m]:
        day -= months[m]
        m += 1
    return 2025, m + 1, day + 1


def timed(cmd, cwd):
    """(seconds, peak MB) of one run; exits on failure."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, cwd=cwd, capture_output=True, text=True,
                         env=dict(os.environ, GONGHUI_USER="张敏"))
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr[-2000:]}")
    secs, kb = out.stderr.strip().splitlines()[-1].split()
    return float(secs), int(kb) / 1024


def tasks(d):
    """task -> {tool: (setup command or None, command)}; gonghui's commands run on a copy of a
    prepared database, so that each round starts from the same books."""
    g = [GONGHUI, "--db"]
    return {
        "ingest (gonghui: voucher import --post; others: parse the journal)": {
            "gonghui": ("empty.db", g + ["run.db", "voucher", "import", "vouchers.csv", "--post"]),
            "hledger": (None, ["hledger", "-f", "books.journal", "stats"]),
            "ledger": (None, ["ledger", "-f", "books.journal", "stats"]),
        },
        "trial balance (bal)": {
            "gonghui": ("books.db", g + ["run.db", "report", "trial-balance", "--format", "csv", "--out", "tb.csv"]),
            "hledger": (None, ["hledger", "-f", "books.journal", "bal", "-O", "csv", "-o", "tb-h.csv"]),
            "ledger": (None, ["ledger", "-f", "books.journal", "bal", "--output", "tb-l.txt"]),
        },
        "register of 102 (reg)": {
            "gonghui": ("books.db", g + ["run.db", "report", "ledger", "--account", "102", "--format", "csv",
                                         "--out", "reg.csv"]),
            "hledger": (None, ["hledger", "-f", "books.journal", "reg", "a:102", "-O", "csv", "-o", "reg-h.csv"]),
            "ledger": (None, ["ledger", "-f", "books.journal", "reg", "a:102", "--output", "reg-l.txt"]),
        },
        "bank statement CSV import": {
            "gonghui": ("empty.db", g + ["run.db", "import", "bank", "statement.csv", "--account", "102"]),
            "hledger": (None, ["hledger", "-f", "statement.csv", "--rules-file", "statement.csv.rules", "print",
                               "-o", "stmt.journal"]),
        },
    }


def prepare(d):
    """empty.db: a union set up with the review waiver (one-person union) so import can post;
    books.db: the same with every voucher posted."""
    for f in ("empty.db", "books.db"):
        if os.path.exists(os.path.join(d, f)):
            os.remove(os.path.join(d, f))
    env = dict(os.environ, GONGHUI_USER="张敏")
    run = lambda *a: subprocess.run([GONGHUI, "--db", "empty.db", *a], cwd=d, env=env, check=True,
                                    capture_output=True)
    run("init", "--name", "对比测试工会", "--year", "2025")
    run("settings", "review_waiver", "on", "--reason", "对比测试：一人工会")
    shutil.copy(os.path.join(d, "empty.db"), os.path.join(d, "books.db"))
    subprocess.run([GONGHUI, "--db", "books.db", "voucher", "import", "vouchers.csv", "--post"], cwd=d, env=env,
                   check=True, capture_output=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--keep", help="write the datasets here instead of a temporary folder")
    ap.add_argument("--tasks", nargs="+", help="only the tasks whose name contains one of these words")
    a = ap.parse_args()
    if not os.path.exists(GONGHUI):
        sys.exit("build gonghui first: cargo build --release")
    tools = ["gonghui"] + [t for t in ("hledger", "ledger") if shutil.which(t)]
    missing = [t for t in ("hledger", "ledger") if t not in tools]
    base = a.keep or tempfile.mkdtemp(prefix="gonghui-compare-")
    rows = []
    for n in a.sizes:
        d = os.path.join(base, str(n))
        os.makedirs(d, exist_ok=True)
        print(f"generating {n} transactions in {d} …", file=sys.stderr)
        generate(n, d)
        prepare(d)
        for task, by_tool in tasks(d).items():
            if a.tasks and not any(w in task for w in a.tasks):
                continue
            runs = {t: [] for t in tools if t in by_tool}
            for _ in range(a.rounds):
                for tool in runs:
                    setup, cmd = by_tool[tool]
                    if setup:
                        for suffix in ("", "-wal", "-shm"):
                            if os.path.exists(os.path.join(d, "run.db" + suffix)):
                                os.remove(os.path.join(d, "run.db" + suffix))
                        shutil.copy(os.path.join(d, setup), os.path.join(d, "run.db"))
                    runs[tool].append(timed(cmd, d))
            med = {t: (statistics.median(s for s, _ in r), max(m for _, m in r)) for t, r in runs.items()}
            others = [med[t][0] for t in med if t != "gonghui"]
            ratio = f"{med['gonghui'][0] / min(others):.2f}×" if others and min(others) > 0 else "—"
            rows.append((task, n, med, ratio))
            print(f"  {task}: " + ", ".join(f"{t} {s:.2f} s {m:.0f} MB" for t, (s, m) in med.items()),
                  file=sys.stderr)
    print(f"| task | size | " + " | ".join(f"{t} time | {t} peak MB" for t in tools) + " | gonghui ÷ fastest other |")
    print("|---|---:|" + "---:|---:|" * len(tools) + "---:|")
    for task, n, med, ratio in rows:
        cells = []
        for t in tools:
            cells += [f"{med[t][0]:.2f} s", f"{med[t][1]:.0f}"] if t in med else ["—", "—"]
        print(f"| {task} | {n:,} | " + " | ".join(cells) + f" | {ratio} |")
    if missing:
        print(f"\nnot installed, left out: {', '.join(missing)}")
    if not a.keep:
        shutil.rmtree(base)


if __name__ == "__main__":
    main()
