//! Pinyin initials of Chinese text, for finding an account or an activity the way a Chinese
//! accountant types it (`yhck` → 银行存款, `hyhd` → 会员活动支出), without a dictionary: the
//! 3,755 level-1 characters of GB2312 are ordered by pinyin, so a character's initial follows from
//! its GB2312 code. Characters read two ways with different initials (行 xíng/háng, 会 huì/kuài …)
//! match either. Level-2 characters (ordered by radical) and other scripts have no initial; ASCII
//! letters and digits stand for themselves.

/// The first GB2312 code of each initial (i, u and v begin no syllable).
const BOUNDS: &[(u16, char)] = &[
    (0xB0A1, 'a'),
    (0xB0C5, 'b'),
    (0xB2C1, 'c'),
    (0xB4EE, 'd'),
    (0xB6EA, 'e'),
    (0xB7A2, 'f'),
    (0xB8C1, 'g'),
    (0xB9FE, 'h'),
    (0xBBF7, 'j'),
    (0xBFA6, 'k'),
    (0xC0AC, 'l'),
    (0xC2E8, 'm'),
    (0xC4C3, 'n'),
    (0xC5B6, 'o'),
    (0xC5BE, 'p'),
    (0xC6DA, 'q'),
    (0xC8BB, 'r'),
    (0xC8F6, 's'),
    (0xCBFA, 't'),
    (0xCDDA, 'w'),
    (0xCEF4, 'x'),
    (0xD1B9, 'y'),
    (0xD4D1, 'z'),
];
const LEVEL1_END: u16 = 0xD7F9;

/// Characters with a second common reading of another initial (the GB2312 order gives one).
const OTHER_READING: &[(char, char)] = &[
    ('行', 'h'),
    ('会', 'k'),
    ('长', 'z'),
    ('重', 'c'),
    ('调', 'd'),
    ('单', 's'),
    ('乐', 'y'),
    ('朝', 'c'),
    ('藏', 'z'),
    ('传', 'z'),
    ('省', 'x'),
    ('便', 'p'),
    ('率', 's'),
    ('解', 'x'),
    ('参', 's'),
    ('校', 'j'),
    ('系', 'j'),
    ('种', 'c'),
    ('给', 'j'),
    ('还', 'h'),
    ('曾', 'c'),
    ('降', 'x'),
    ('弹', 't'),
    ('车', 'j'),
    ('奇', 'j'),
];

/// The initial(s) of one character: lower-case ASCII letters and digits stand for themselves.
fn initials_of(c: char) -> Vec<char> {
    if c.is_ascii_alphanumeric() {
        return vec![c.to_ascii_lowercase()];
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
    if unmappable || bytes.len() != 2 {
        return Vec::new();
    }
    let code = u16::from(bytes[0]) << 8 | u16::from(bytes[1]);
    if !(BOUNDS[0].0..=LEVEL1_END).contains(&code) {
        return Vec::new();
    }
    let first = BOUNDS.iter().rev().find(|(from, _)| code >= *from).map(|(_, l)| *l).expect("within bounds");
    let mut out = vec![first];
    out.extend(OTHER_READING.iter().filter(|(ch, l)| *ch == c && *l != first).map(|(_, l)| *l));
    out
}

/// Whether `query` (letters) is a run of the initials of consecutive characters of `text`, each
/// character read either way it may be read.
pub fn matches(text: &str, query: &str) -> bool {
    let q: Vec<char> = query.trim().chars().map(|c| c.to_ascii_lowercase()).collect();
    if q.is_empty() || !q.iter().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let sets: Vec<Vec<char>> = text.chars().map(initials_of).collect();
    (0..sets.len())
        .any(|start| start + q.len() <= sets.len() && q.iter().enumerate().all(|(i, c)| sets[start + i].contains(c)))
}

/// Whether what was typed finds an item (an account, an activity) of this code and name: the
/// code's beginning, a part of the name, or the initials of a part of the name.
pub fn finds(code: &str, name: &str, typed: &str) -> bool {
    let t = typed.trim();
    !t.is_empty()
        && (code.to_ascii_lowercase().starts_with(&t.to_ascii_lowercase()) || name.contains(t) || matches(name, t))
}

/// The initials as most people read them (the first reading of each character), e.g. yxck.
pub fn initials(text: &str) -> String {
    text.chars().filter_map(|c| initials_of(c).first().copied()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_and_activities_are_found_by_their_initials() {
        assert_eq!(initials("会员活动支出"), "hyhdzc");
        assert!(matches("银行存款", "yhck"), "银行 reads yínháng");
        assert!(matches("行政支出", "xzzc"));
        assert!(matches("节日慰问", "jrww"));
        assert!(matches("中秋节慰问", "jww"), "a run inside the name");
        assert!(matches("库存现金", "KCXJ"));
        assert!(!matches("库存现金", "yhck"));
        assert!(!matches("银行存款", ""));
        assert!(!matches("银行存款", "银行"), "only letters are initials");
        assert!(matches("A03 教师节慰问", "jsj"));
    }
}
