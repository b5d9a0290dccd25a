//! The statement as a stored, self-contained HTML document (the email's
//! `statement-YYYY-MM.html` attachment). Bilingual labels (中文 / English),
//! so one document serves the sales manager and the customer; no clock and
//! no random parts, so the same figures give the same bytes.

use chrono::NaiveDate;

use super::{Figures, StatementLine};

/// HTML-escapes text.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub use crate::money::grouped as money;

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "SALE" => "销售 Sale",
        "RECEIPT" => "收款 Receipt",
        "PREPAYMENT" => "预收款 Prepayment",
        "CREDIT_APPLIED" => "预收款冲抵 Credit applied",
        "ADJUSTMENT" => "调整 Adjustment",
        "WRITE_OFF" => "核销 Write-off",
        "REVERSAL" => "冲正 Reversal",
        _ => "其他 Other",
    }
}

pub(super) fn html(
    f: &Figures,
    start: NaiveDate,
    end: NaiveDate,
    lines: &[StatementLine],
) -> String {
    let td = "padding:4px 8px;border-bottom:1px solid #ddd";
    let num = format!("{td};text-align:right;white-space:nowrap");
    let mut rows = String::new();
    for l in lines {
        let (debit, credit) = if l.amount.is_sign_negative() {
            (String::new(), money(-l.amount))
        } else {
            (money(l.amount), String::new())
        };
        rows.push_str(&format!(
            "<tr><td style=\"{td}\">{}</td><td style=\"{td}\">{}</td><td style=\"{td}\">{}</td>\
             <td style=\"{num}\">{debit}</td><td style=\"{num}\">{credit}</td></tr>\n",
            l.date,
            kind_label(&l.kind),
            esc(&l.document),
        ));
    }
    if lines.is_empty() {
        rows.push_str(&format!(
            "<tr><td colspan=\"5\" style=\"{td}\">本月无往来 No entries this month</td></tr>\n"
        ));
    }
    let summary = [
        ("期初余额 Opening balance", f.opening),
        ("本月销售 Sales", f.sales),
        ("本月收款 Receipts", f.receipts),
        (
            "其他调整 Other (adjustments, write-offs, reversals)",
            f.other,
        ),
        ("期末余额 Closing balance", f.closing),
    ]
    .iter()
    .map(|(label, v)| {
        format!(
            "<tr><th style=\"{td};text-align:left\">{label}</th><td style=\"{num}\">{}</td></tr>\n",
            money(*v)
        )
    })
    .collect::<String>();
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>对账单 Statement {month} {name}</title>\n</head>\n\
         <body style=\"font-family:sans-serif;color:#222;max-width:900px;margin:24px auto\">\n\
         <h1 style=\"font-size:20px\">对账单 Statement of account</h1>\n\
         <p>客户 Customer: <strong>{name}</strong><br>\n\
         期间 Period: {start} – {end}</p>\n\
         <table style=\"border-collapse:collapse;margin-bottom:16px\">\n{summary}</table>\n\
         <p style=\"font-size:13px\">期初余额 + 销售 − 收款 + 其他 = 期末余额 · \
         Opening + sales − receipts + other = closing. 余额为正表示客户欠款，为负表示预收款。 \
         A positive balance is owed by the customer; a negative one is credit held for the customer.</p>\n\
         <table style=\"border-collapse:collapse;width:100%\">\n\
         <tr><th style=\"{td};text-align:left\">日期 Date</th><th style=\"{td};text-align:left\">类型 Type</th>\
         <th style=\"{td};text-align:left\">单据 Document</th><th style=\"{td};text-align:right\">借方 Debit</th>\
         <th style=\"{td};text-align:right\">贷方 Credit</th></tr>\n{rows}</table>\n</body>\n</html>\n",
        month = start.format("%Y-%m"),
        name = esc(&f.customer_name),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn rec5_money_is_grouped_with_two_places() {
        assert_eq!(money(Decimal::new(123456750, 2)), "1,234,567.50");
        assert_eq!(money(Decimal::new(-100, 0)), "-100.00");
        assert_eq!(money(Decimal::ZERO), "0.00");
        assert_eq!(money(Decimal::new(999, 2)), "9.99");
    }

    #[test]
    fn rec5_document_escapes_names() {
        let f = Figures {
            customer_id: uuid::Uuid::nil(),
            customer_name: "<b>A&B</b>".into(),
            opening: Decimal::ZERO,
            sales: Decimal::ZERO,
            receipts: Decimal::ZERO,
            other: Decimal::ZERO,
            closing: Decimal::ZERO,
        };
        let d = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        let h = html(&f, d, d, &[]);
        assert!(h.contains("&lt;b&gt;A&amp;B&lt;/b&gt;"));
        assert!(!h.contains("<b>A"));
    }
}
