//! Email addresses and phone numbers as the stores accept them: trimmed,
//! checked, and refused with the field's name (VALIDATION) when wrong.
//!
//! Two strengths, each kept exactly as the forms have always checked them:
//!
//! - **Strict** ([`Email::parse`], [`Phone::parse`]): a user's own email
//!   and phone (`createUser`, `updateUser`, the bootstrap ADMIN). The email
//!   is the login name and the address every notice goes to, so it must be
//!   a real, lower-cased address (and unique, which the store checks); the
//!   phone is shown in the directory, so it must look like a number.
//! - **Lenient** ([`Email::parse_lenient`], [`Phone::parse_lenient`]): what
//!   a customer contact (`email`, `phone`) or a lead (`contactEmail`,
//!   `contactPhone`) was given as, typed in from a business card or a web
//!   form. It is kept as written (case included) as long as it fits the
//!   column; an email needs only an `@` and no white space, a phone only
//!   its length, so no real-world spelling is refused. Sending lower-cases
//!   and trims the address itself (`notify::delivery`).
//!
//! Control characters: the API refuses them in every string argument
//! before a resolver runs (`api/src/limits.rs`); of the checks here, the
//! strict ones refuse them too, the lenient ones only white space.

use std::fmt;

use crate::error::{DomainError, DomainResult};

/// An email address that passed [`Email::parse`] or
/// [`Email::parse_lenient`]; stored and bound as its text.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(transparent)]
pub struct Email(String);

impl Email {
    /// Strict: trimmed and lower-cased, at most 254 bytes, a syntactically
    /// valid address whose text has a `.`; else VALIDATION on `field`
    /// "not a valid email address".
    pub fn parse(field: &str, raw: &str) -> DomainResult<Email> {
        let e = raw.trim().to_lowercase();
        if e.len() > 254 || !email_address::EmailAddress::is_valid(&e) || !e.contains('.') {
            return Err(DomainError::validation(field, "not a valid email address"));
        }
        Ok(Email(e))
    }

    /// Lenient, optional: blank is `None`; trimmed, at most 254 characters
    /// ("must be at most 254 characters"), with an `@` and no white space
    /// ("not an email address"); the case is kept.
    pub fn parse_lenient(field: &str, raw: Option<&str>) -> DomainResult<Option<Email>> {
        let Some(e) = crate::text::optional(field, raw, 254)? else {
            return Ok(None);
        };
        if !e.contains('@') || e.contains(char::is_whitespace) {
            return Err(DomainError::validation(field, "not an email address"));
        }
        Ok(Some(Email(e)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A phone number that passed [`Phone::parse`] or [`Phone::parse_lenient`];
/// stored and bound as its text.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(transparent)]
pub struct Phone(String);

impl Phone {
    /// Strict, optional: blank is `None`; trimmed, at most 32 bytes, at
    /// least one digit and nothing but digits, spaces, `+`, `-` and
    /// parentheses; else VALIDATION on `field` "not a phone number".
    pub fn parse(field: &str, raw: Option<&str>) -> DomainResult<Option<Phone>> {
        let Some(p) = raw.map(str::trim).filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        let ok = p.len() <= 32
            && p.chars().any(|c| c.is_ascii_digit())
            && p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
        if !ok {
            return Err(DomainError::validation(field, "not a phone number"));
        }
        Ok(Some(Phone(p.to_owned())))
    }

    /// Lenient, optional: blank is `None`; trimmed, at most 32 characters
    /// ("must be at most 32 characters"), as written.
    pub fn parse_lenient(field: &str, raw: Option<&str>) -> DomainResult<Option<Phone>> {
        Ok(crate::text::optional(field, raw, 32)?.map(Phone))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message of a VALIDATION error on `field`.
    fn refusal<T: fmt::Debug>(r: DomainResult<T>, field: &str) -> String {
        match r {
            Err(DomainError::Validation { field: f, message }) if f == field => message,
            other => panic!("expected VALIDATION on {field}, got {other:?}"),
        }
    }

    #[test]
    fn a_users_email_is_lower_cased_and_must_be_a_real_address() {
        let e = Email::parse("email", "Wang.Wu@Example.COM").unwrap();
        assert_eq!(e.as_str(), "wang.wu@example.com");
        assert_eq!(e.to_string(), "wang.wu@example.com");
        assert_eq!(
            Email::parse("email", "  a@b.cn ").unwrap().into_inner(),
            "a@b.cn"
        );
        for bad in [
            "not-an-email",
            "",
            "a@localhost",
            "a b@example.com",
            "a\u{7}b@example.com",
        ] {
            assert_eq!(
                refusal(Email::parse("email", bad), "email"),
                "not a valid email address",
                "{bad:?}"
            );
        }
        let long = format!("{}@example.com", "a".repeat(243));
        assert_eq!(long.len(), 255);
        assert!(Email::parse("email", &long).is_err());
    }

    #[test]
    fn a_contacts_email_needs_an_at_and_no_white_space_and_keeps_its_case() {
        assert_eq!(Email::parse_lenient("email", None).unwrap(), None);
        assert_eq!(Email::parse_lenient("email", Some("  ")).unwrap(), None);
        assert_eq!(
            Email::parse_lenient("contactEmail", Some(" Li@Host "))
                .unwrap()
                .unwrap()
                .as_str(),
            "Li@Host"
        );
        for bad in ["no-at.example.com", "a b@example.com", "a@b\tc"] {
            assert_eq!(
                refusal(
                    Email::parse_lenient("contactEmail", Some(bad)),
                    "contactEmail"
                ),
                "not an email address",
                "{bad:?}"
            );
        }
        let long = format!("{}@b", "邮".repeat(253));
        assert_eq!(
            refusal(Email::parse_lenient("email", Some(&long)), "email"),
            "must be at most 254 characters"
        );
        let fits = format!("{}@b", "邮".repeat(252));
        assert!(Email::parse_lenient("email", Some(&fits)).is_ok());
    }

    #[test]
    fn a_users_phone_is_digits_and_punctuation() {
        assert_eq!(Phone::parse("phone", None).unwrap(), None);
        assert_eq!(Phone::parse("phone", Some(" ")).unwrap(), None);
        assert_eq!(
            Phone::parse("phone", Some(" +86 138-0000-0000 "))
                .unwrap()
                .unwrap()
                .as_str(),
            "+86 138-0000-0000"
        );
        assert!(Phone::parse("phone", Some("(010) 8888 8888")).is_ok());
        for bad in ["call me", "+-()", "138\u{7}0000", &"1".repeat(33)] {
            assert_eq!(
                refusal(Phone::parse("phone", Some(bad)), "phone"),
                "not a phone number",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_contacts_phone_is_only_limited_in_length() {
        assert_eq!(Phone::parse_lenient("phone", Some("")).unwrap(), None);
        assert_eq!(
            Phone::parse_lenient("contactPhone", Some(" ext. 12 "))
                .unwrap()
                .unwrap()
                .into_inner(),
            "ext. 12"
        );
        assert!(Phone::parse_lenient("phone", Some(&"电".repeat(32))).is_ok());
        assert_eq!(
            refusal(
                Phone::parse_lenient("contactPhone", Some(&"1".repeat(33))),
                "contactPhone"
            ),
            "must be at most 32 characters"
        );
    }
}
