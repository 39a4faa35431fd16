//! People's names as the books compare them: trimmed (also of full-width spaces), in Unicode
//! NFC, and without control or zero-width characters, so that "张敏 " or "张\u{200b}敏" cannot pass
//! for another person in the separation of duties.

use unicode_normalization::UnicodeNormalization;

/// Characters nobody sees: zero-width spaces and joiners, the word joiner, the byte-order mark,
/// bidirectional marks.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{00ad}')
}

/// The name as the books keep it, or why it cannot be one.
pub fn normalise(name: &str) -> Result<String, String> {
    let t: String = name.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}').nfc().collect();
    if t.is_empty() {
        return Err("操作人姓名为空：请用 --user 姓名 或环境变量 GONGHUI_USER 指定".into());
    }
    if let Some(c) = t.chars().find(|c| c.is_control() || invisible(*c)) {
        return Err(format!(
            "操作人姓名“{}”含有看不见的字符（U+{:04X}）：请重新输入姓名",
            t.chars().filter(|c| !c.is_control() && !invisible(*c)).collect::<String>(),
            c as u32
        ));
    }
    Ok(t)
}

/// Whether two recorded names are the same person's (both normalised; an invalid name is
/// compared as written, trimmed).
pub fn same(a: &str, b: &str) -> bool {
    let n = |s: &str| normalise(s).unwrap_or_else(|_| s.trim().to_string());
    n(a) == n(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_forms_and_invisible_characters() {
        assert_eq!(normalise(" 张敏　").unwrap(), "张敏");
        assert!(same("张敏 ", "张敏"));
        assert!(normalise("张\u{200b}敏").is_err());
        assert!(normalise("张敏\u{7}").is_err());
        assert!(normalise("  ").is_err());
        // "é" composed and decomposed are one name.
        assert!(same("Jos\u{e9}", "Jose\u{301}"));
        assert!(!same("张敏", "刘洋"));
    }
}
