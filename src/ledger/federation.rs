//! The federation of unions (工会组织体系) as pure rules: what kind each union is, which union is
//! whose upper union, which unions an upper union's reports span (`--scope direct|all`), and
//! which links cannot be (a cycle, a grassroots union above another). The store keeps the links;
//! the use cases check them here.

use std::collections::{BTreeMap, BTreeSet};

/// What level a union is at. A grassroots union has no union under it; a county (区/县) or city
/// (市) federation has unions under it and may itself be under a higher one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Kind {
    /// 基层工会.
    Grassroots,
    /// 县级（区/县总工会，含街道、开发区等联合工会的上级）.
    County,
    /// 市级（市总工会）.
    City,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Grassroots, Kind::County, Kind::City];

    /// The code kept in the database.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Grassroots => "grassroots",
            Kind::County => "county",
            Kind::City => "city",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Grassroots => "基层",
            Kind::County => "县级",
            Kind::City => "市级",
        }
    }

    /// A kind by its code or its Chinese name (with or without 工会/总工会).
    pub fn parse(text: &str) -> Result<Kind, String> {
        let t = text.trim().trim_end_matches("总工会").trim_end_matches("工会");
        Kind::ALL
            .into_iter()
            .find(|k| k.code().eq_ignore_ascii_case(t) || k.label() == t)
            .or(match t {
                "区级" | "县" | "区" | "区县" => Some(Kind::County),
                "市" => Some(Kind::City),
                "基层工会" | "基层" => Some(Kind::Grassroots),
                _ => None,
            })
            .ok_or_else(|| format!("不认识的工会级别“{}”；可用：基层、县级、市级", text.trim()))
    }
}

/// The accounts a county or city federation keeps beside the grassroots set: what it owes and
/// is owed by the unions under it, and its subsidies to them.
pub const UPPER_ACCOUNTS: &[&str] = &["132", "212", "21201", "21202", "508", "50801", "50802"];

/// The chart a union of `kind` starts with: the grassroots set, and for a federation its
/// accounts with the unions under it.
pub fn enable_for(kind: Kind, chart: &mut [crate::ledger::chart::Account]) {
    if kind != Kind::Grassroots {
        for a in chart.iter_mut().filter(|a| UPPER_ACCOUNTS.contains(&a.code.as_str())) {
            a.enabled = true;
        }
    }
}

/// Which subordinates an upper union's report spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The unions directly under it.
    Direct,
    /// Every union under it, at every level.
    All,
}

impl Scope {
    pub fn parse(text: &str) -> Result<Scope, String> {
        match text.trim() {
            "direct" | "直属" | "直接" => Ok(Scope::Direct),
            "all" | "全部" | "所有" => Ok(Scope::All),
            t => Err(format!("--scope 只能是 direct（直属下级）或 all（各级下级），不是“{t}”")),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Scope::Direct => "本级及直属下级工会",
            Scope::All => "本级及各级下级工会",
        }
    }
}

/// One union as the federation sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: Kind,
    pub upper: Option<i64>,
}

/// Every union of a database with its upper-union links.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    nodes: BTreeMap<i64, Node>,
    children: BTreeMap<i64, Vec<i64>>,
}

impl Tree {
    pub fn new(nodes: impl IntoIterator<Item = Node>) -> Tree {
        let mut t = Tree::default();
        for n in nodes {
            if let Some(u) = n.upper {
                t.children.entry(u).or_default().push(n.id);
            }
            t.nodes.insert(n.id, n);
        }
        for c in t.children.values_mut() {
            c.sort_by(|a, b| t.nodes[a].code.cmp(&t.nodes[b].code));
        }
        t
    }

    pub fn node(&self, id: i64) -> Option<&Node> {
        self.nodes.get(&id)
    }

    /// The unions directly under `id`, by code.
    pub fn children(&self, id: i64) -> &[i64] {
        self.children.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The unions above `id`, nearest first.
    pub fn ancestors(&self, id: i64) -> Vec<i64> {
        let mut out = Vec::new();
        let mut at = self.nodes.get(&id).and_then(|n| n.upper);
        while let Some(u) = at {
            if out.contains(&u) || u == id {
                break;
            }
            out.push(u);
            at = self.nodes.get(&u).and_then(|n| n.upper);
        }
        out
    }

    /// The unions under `id` (not `id` itself), depth first by code.
    pub fn below(&self, id: i64, scope: Scope) -> Vec<i64> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::from([id]);
        self.walk(id, scope, &mut out, &mut seen);
        out
    }

    fn walk(&self, id: i64, scope: Scope, out: &mut Vec<i64>, seen: &mut BTreeSet<i64>) {
        for &c in self.children(id) {
            if seen.insert(c) {
                out.push(c);
                if scope == Scope::All {
                    self.walk(c, scope, out, seen);
                }
            }
        }
    }

    /// `id` and the unions its report spans, the upper union first.
    pub fn members(&self, id: i64, scope: Scope) -> Vec<i64> {
        let mut out = vec![id];
        out.extend(self.below(id, scope));
        out
    }

    /// Whether `upper` is `id` or above it.
    pub fn covers(&self, upper: i64, id: i64) -> bool {
        upper == id || self.ancestors(id).contains(&upper)
    }

    /// The roots (unions with no upper union in the database), by code.
    pub fn roots(&self) -> Vec<i64> {
        let mut r: Vec<&Node> =
            self.nodes.values().filter(|n| n.upper.is_none_or(|u| !self.nodes.contains_key(&u))).collect();
        r.sort_by(|a, b| a.code.cmp(&b.code));
        r.into_iter().map(|n| n.id).collect()
    }

    /// Why `id` cannot have `upper` as its upper union, or `None` when it can: a union is not its
    /// own upper union nor above its upper union, a grassroots union has no union under it, and
    /// a union is not under one of a lower level (a city federation under a county one).
    pub fn refuse_link(&self, id: i64, upper: i64) -> Option<String> {
        let (Some(n), Some(u)) = (self.nodes.get(&id), self.nodes.get(&upper)) else {
            return Some("工会不存在".into());
        };
        if id == upper {
            return Some(format!("{} 不能是自己的上级工会", n.name));
        }
        if self.ancestors(upper).contains(&id) {
            return Some(format!("{} 在 {} 之下，不能再做它的上级工会（会形成循环）", u.name, n.name));
        }
        if u.kind == Kind::Grassroots {
            return Some(format!(
                "{} 是基层工会，不能作上级工会；如它是县级或市级总工会，先改它的级别（gonghui orgs set-kind 县级 --org {}）",
                u.name, u.code
            ));
        }
        if u.kind < n.kind {
            return Some(format!(
                "{}（{}）不能隶属于级别更低的 {}（{}）",
                n.name,
                n.kind.label(),
                u.name,
                u.kind.label()
            ));
        }
        None
    }

    /// The tree as indented lines, each root and everything under it: (depth, node).
    pub fn lines(&self) -> Vec<(usize, &Node)> {
        let mut out = Vec::new();
        for r in self.roots() {
            self.lines_from(r, 0, &mut out, &mut BTreeSet::new());
        }
        out
    }

    fn lines_from<'a>(&'a self, id: i64, depth: usize, out: &mut Vec<(usize, &'a Node)>, seen: &mut BTreeSet<i64>) {
        if !seen.insert(id) {
            return;
        }
        out.push((depth, &self.nodes[&id]));
        for &c in self.children(id) {
            self.lines_from(c, depth + 1, out, seen);
        }
    }
}

/// Where a filing with the upper union stands: the status of its last step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum FilingStatus {
    /// 已报送: with the upper union, waiting for it.
    Submitted,
    /// 已退回: sent back with a reason; the union files again.
    Returned,
    /// 已接收.
    Accepted,
}

impl FilingStatus {
    pub fn code(self) -> &'static str {
        match self {
            FilingStatus::Submitted => "submitted",
            FilingStatus::Returned => "returned",
            FilingStatus::Accepted => "accepted",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            FilingStatus::Submitted => "已报送",
            FilingStatus::Returned => "已退回",
            FilingStatus::Accepted => "已接收",
        }
    }
    pub fn parse(code: &str) -> Option<FilingStatus> {
        [FilingStatus::Submitted, FilingStatus::Returned, FilingStatus::Accepted].into_iter().find(|s| s.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: i64, code: &str, kind: Kind, upper: Option<i64>) -> Node {
        Node { id, code: code.into(), name: format!("{code}工会"), kind, upper }
    }

    /// A city (1) with two counties (2, 3); county 2 has two schools (4, 5), county 3 one (6);
    /// a union outside the tree (7).
    fn city() -> Tree {
        Tree::new([
            node(1, "C", Kind::City, None),
            node(2, "X1", Kind::County, Some(1)),
            node(3, "X2", Kind::County, Some(1)),
            node(4, "S1", Kind::Grassroots, Some(2)),
            node(5, "S2", Kind::Grassroots, Some(2)),
            node(6, "S3", Kind::Grassroots, Some(3)),
            node(7, "Z", Kind::Grassroots, None),
        ])
    }

    #[test]
    fn scope_direct_spans_one_level_and_all_spans_every_level() {
        let t = city();
        assert_eq!(t.members(1, Scope::Direct), [1, 2, 3]);
        assert_eq!(t.members(1, Scope::All), [1, 2, 4, 5, 3, 6]);
        assert_eq!(t.members(2, Scope::All), [2, 4, 5]);
        assert_eq!(t.members(4, Scope::All), [4], "a grassroots union spans itself");
        assert_eq!(t.ancestors(5), [2, 1]);
        assert!(t.covers(1, 6) && t.covers(2, 2) && !t.covers(2, 6) && !t.covers(1, 7));
    }

    #[test]
    fn links_that_cannot_be_are_refused_with_the_reason() {
        let t = city();
        assert!(t.refuse_link(1, 4).unwrap().contains("在"), "a cycle: the city under its own school");
        assert!(t.refuse_link(2, 2).unwrap().contains("自己"));
        assert!(t.refuse_link(6, 7).unwrap().contains("基层工会，不能作上级工会"));
        assert!(t.refuse_link(1, 3).unwrap().contains("循环"), "the city under its own county");
        let two = Tree::new([node(1, "C", Kind::City, None), node(2, "X", Kind::County, None)]);
        assert!(two.refuse_link(1, 2).unwrap().contains("级别更低"), "a city under a county");
        assert_eq!(t.refuse_link(6, 2), None, "a school moves to the other county");
        assert_eq!(t.refuse_link(7, 1), None, "a school directly under the city");
    }

    #[test]
    fn the_tree_prints_each_root_with_everything_under_it() {
        let t = city();
        let lines: Vec<(usize, &str)> = t.lines().into_iter().map(|(d, n)| (d, n.code.as_str())).collect();
        assert_eq!(lines, [(0, "C"), (1, "X1"), (2, "S1"), (2, "S2"), (1, "X2"), (2, "S3"), (0, "Z")]);
    }

    #[test]
    fn kinds_and_scopes_read_as_people_write_them() {
        assert_eq!(Kind::parse("县级").unwrap(), Kind::County);
        assert_eq!(Kind::parse("区总工会").unwrap(), Kind::County);
        assert_eq!(Kind::parse("city").unwrap(), Kind::City);
        assert!(Kind::parse("省级").unwrap_err().contains("基层、县级、市级"));
        assert_eq!(Scope::parse("all").unwrap(), Scope::All);
        assert!(Scope::parse("some").is_err());
    }
}
