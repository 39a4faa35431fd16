//! Receipts attached to vouchers (issue 17): what a file is (by its bytes, not its name), and for a
//! 数电票 (full digital e-invoice) in XML or OFD, its invoice number and amount, so that the same
//! invoice is never booked twice even when the files differ. The XML follows the published
//! structure: root `EInvoice`, `TaxSupervisionInfo/InvoiceNumber`, `TaxSupervisionInfo/IssueTime`,
//! `EInvoiceData/BasicInformation/TotalTax-includedAmount` (价税合计),
//! `EInvoiceData/SellerInformation/SellerName`; an OFD is a zip that carries that XML among its
//! parts. A PDF invoice is stored and checked by its bytes only (its number is not read).

use crate::money::Amount;
use sha2::{Digest, Sha256};

/// The largest file accepted, in bytes.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// The kinds of file a voucher may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Pdf,
    Ofd,
    Jpeg,
    Png,
    Xml,
}

impl Kind {
    pub fn media_type(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Ofd => "application/ofd",
            Kind::Jpeg => "image/jpeg",
            Kind::Png => "image/png",
            Kind::Xml => "application/xml",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Pdf => "PDF",
            Kind::Ofd => "OFD",
            Kind::Jpeg => "JPG",
            Kind::Png => "PNG",
            Kind::Xml => "XML",
        }
    }
}

/// What a file is, by its first bytes: PDF, OFD (a zip), JPG, PNG or XML.
pub fn sniff(bytes: &[u8]) -> Option<Kind> {
    let text_start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let trimmed = text_start.iter().position(|b| !b.is_ascii_whitespace()).map(|i| &text_start[i..]).unwrap_or(&[]);
    if bytes.starts_with(b"%PDF-") {
        Some(Kind::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some(Kind::Ofd)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Kind::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Kind::Png)
    } else if trimmed.starts_with(b"<") {
        Some(Kind::Xml)
    } else {
        None
    }
}

/// A file's size as people read it, to a tenth (`1.5 KB`, `20.3 MB`), in whole-number arithmetic.
pub fn size_text(bytes: u64) -> String {
    let (unit, name) = if bytes >= 1 << 20 { (1u64 << 20, "MB") } else { (1 << 10, "KB") };
    let tenths = (bytes * 10 + unit / 2) / unit;
    format!("{}.{} {name}", tenths / 10, tenths % 10)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// An e-invoice's number, total and seller, as read from its XML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invoice {
    pub number: String,
    pub amount: Option<Amount>,
    pub seller: String,
    pub issued: String,
}

/// The e-invoice in an XML text, if it is one (root `EInvoice` with an invoice number).
pub fn invoice_from_xml(xml: &[u8]) -> Option<Invoice> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut path: Vec<String> = Vec::new();
    let (mut number, mut amount, mut seller, mut issued) = (String::new(), None, String::new(), String::new());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = AsRef::<str>::as_ref(&e.local_name()).to_string();
                if path.is_empty() && name != "EInvoice" {
                    return None;
                }
                path.push(name);
            }
            Ok(Event::End(_)) => {
                path.pop();
            }
            Ok(Event::Text(t)) => {
                let text = t.xml10_content().trim().to_string();
                let at = path.join("/");
                match at.as_str() {
                    "EInvoice/TaxSupervisionInfo/InvoiceNumber" => number = text,
                    "EInvoice/TaxSupervisionInfo/IssueTime" => issued = text,
                    "EInvoice/EInvoiceData/BasicInformation/TotalTax-includedAmount" => {
                        amount = crate::money::parse_optional(&text).ok().flatten();
                    }
                    "EInvoice/EInvoiceData/SellerInformation/SellerName" => seller = text,
                    _ => {}
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return None,
            _ => {}
        }
        buf.clear();
    }
    let number: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    (!number.is_empty()).then_some(Invoice { number, amount, seller, issued })
}

/// The e-invoice an OFD carries: the first of its XML parts that is one.
pub fn invoice_from_ofd(bytes: &[u8]) -> Option<Invoice> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).ok()?;
        if !f.name().is_ok_and(|n| n.to_ascii_lowercase().ends_with(".xml")) || f.size() > MAX_BYTES as u64 {
            continue;
        }
        let mut xml = Vec::new();
        if std::io::Read::read_to_end(&mut f, &mut xml).is_ok() {
            if let Some(inv) = invoice_from_xml(&xml) {
                return Some(inv);
            }
        }
    }
    None
}

/// Whether a zip is an OFD document (it holds `OFD.xml`).
pub fn is_ofd(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map(|z| z.file_names().any(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case("OFD.xml"))))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<EInvoice><Header><EIid>x</EIid></Header>
<EInvoiceData><SellerInformation><SellerName>某某花店</SellerName></SellerInformation>
<BasicInformation><TotalAmWithoutTax>283.02</TotalAmWithoutTax><TotalTax-includedAmount>300.00</TotalTax-includedAmount></BasicInformation>
<IssuItemInformation><ItemName>*花卉*鲜花</ItemName><TotaltaxIncludedAmount>300.00</TotaltaxIncludedAmount></IssuItemInformation>
</EInvoiceData>
<TaxSupervisionInfo><InvoiceNumber>25342000000012345678</InvoiceNumber><IssueTime>2025-03-07</IssueTime></TaxSupervisionInfo>
</EInvoice>"#;

    #[test]
    fn sizes() {
        assert_eq!(size_text(1536), "1.5 KB");
        assert_eq!(size_text(125), "0.1 KB");
        assert_eq!(size_text(21 * 1024 * 1024), "21.0 MB");
    }

    #[test]
    fn kinds_by_their_bytes() {
        assert_eq!(sniff(b"%PDF-1.7 ..."), Some(Kind::Pdf));
        assert_eq!(sniff(b"\xEF\xBB\xBF  <?xml"), Some(Kind::Xml));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Kind::Jpeg));
        assert_eq!(sniff(b"MZ\x90"), None);
    }

    #[test]
    fn the_invoice_number_and_total_of_a_digital_invoice() {
        let inv = invoice_from_xml(XML.as_bytes()).unwrap();
        assert_eq!(inv.number, "25342000000012345678");
        assert_eq!(inv.amount, Some(Amount(30000)), "the total, not a line's amount");
        assert_eq!((inv.seller.as_str(), inv.issued.as_str()), ("某某花店", "2025-03-07"));
        assert!(invoice_from_xml(b"<Other><InvoiceNumber>1</InvoiceNumber></Other>").is_none());
        assert!(invoice_from_xml(b"<EInvoice><broken").is_none());
    }
}
