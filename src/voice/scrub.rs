//! Scrubbing survey verbatims of customer identifiers before they are stored: email addresses,
//! phone numbers, card numbers, IBANs and Spanish DNI/NIE numbers become `[email]`, `[phone]`,
//! `[card]`, `[iban]` and `[dni]`.
//!
//! Numbers are replaced only when they are what they look like, so that order numbers, amounts
//! and dates a customer writes survive: a card is 13 to 19 digits passing the Luhn check; an
//! IBAN passes the ISO 13616 mod-97 check; a DNI (8 digits) or NIE (X/Y/Z and 7 digits) carries
//! its check letter; a phone is `+` or `00` and 8 to 15 digits, or a Spanish number of 9 digits
//! beginning with 6, 7, 8 or 9. Digits may be grouped by spaces, dashes or dots. A run of digits
//! that is none of these is kept whole (no part of it is replaced).

/// The verbatim with every identifier replaced by its placeholder.
pub fn scrub(text: &str) -> String {
    let without_emails = emails(text);
    numbers(&without_emails)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Replaces `local@domain.tld`.
fn emails(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let local = |c: char| c.is_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_alphanumeric() || c == '.' || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut done = 0; // chars[..done] are in `out`
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '@' {
            i += 1;
            continue;
        }
        let mut start = i;
        while start > done && local(chars[start - 1]) {
            start -= 1;
        }
        let mut end = i + 1;
        while end < chars.len() && domain(chars[end]) {
            end += 1;
        }
        // A trailing dot ends the sentence, not the domain.
        while end > i + 1 && chars[end - 1] == '.' {
            end -= 1;
        }
        let host: String = chars[i + 1..end].iter().collect();
        let tld_ok = host
            .rsplit_once('.')
            .is_some_and(|(name, tld)| !name.is_empty() && tld.len() >= 2 && tld.chars().all(char::is_alphabetic));
        if start < i && tld_ok {
            out.extend(&chars[done..start]);
            out.push_str("[email]");
            done = end;
            i = end;
        } else {
            i += 1;
        }
    }
    out.extend(&chars[done..]);
    out
}

/// Replaces IBANs, DNI/NIE, cards and phones, scanning at word starts.
fn numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let at_start = i == 0 || !is_word(chars[i - 1]);
        if at_start {
            if let Some(n) = iban_at(&chars, i) {
                out.push_str("[iban]");
                i += n;
                continue;
            }
            if let Some(n) = dni_at(&chars, i) {
                out.push_str("[dni]");
                i += n;
                continue;
            }
            if let Some((n, digits, plus)) = digit_run(&chars, i) {
                match classify(&digits, plus) {
                    Some(placeholder) => out.push_str(placeholder),
                    None => out.extend(&chars[i..i + n]),
                }
                i += n;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether `chars[i]` ends a token (end of text or no word character).
fn ends(chars: &[char], i: usize) -> bool {
    i >= chars.len() || !is_word(chars[i])
}

/// A run of digits from `i`: an optional leading `+`, digits grouped by single spaces, dashes or
/// dots, ending at a word boundary. Returns its length in chars, its digits and the `+`.
fn digit_run(chars: &[char], i: usize) -> Option<(usize, String, bool)> {
    let plus = chars[i] == '+';
    let mut j = if plus { i + 1 } else { i };
    if !chars.get(j).is_some_and(char::is_ascii_digit) {
        return None;
    }
    let mut digits = String::new();
    loop {
        while let Some(c) = chars.get(j).filter(|c| c.is_ascii_digit()) {
            digits.push(*c);
            j += 1;
        }
        let sep = chars.get(j).is_some_and(|c| " -.".contains(*c));
        if sep && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
            j += 1;
            continue;
        }
        break;
    }
    // A run glued to letters (`12345ABC`) is a code, not a number.
    ends(chars, j).then_some((j - i, digits, plus))
}

/// What a run of digits is, if it is an identifier.
fn classify(digits: &str, plus: bool) -> Option<&'static str> {
    let n = digits.len();
    if (13..=19).contains(&n) && !plus && luhn(digits) {
        return Some("[card]");
    }
    let international = plus || digits.starts_with("00");
    if international && (8..=15).contains(&(n - if plus { 0 } else { 2 })) {
        return Some("[phone]");
    }
    if n == 9 && digits.starts_with(['6', '7', '8', '9']) {
        return Some("[phone]");
    }
    None
}

/// The Luhn check of a card number.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (k, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if k % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// The ISO 13616 check of a compact IBAN (`ES9121000418450200051332`).
pub fn iban_valid(iban: &str) -> bool {
    if !(15..=34).contains(&iban.len()) || !iban.is_char_boundary(4) {
        return false;
    }
    let (head, rest) = iban.split_at(4);
    let mut r: u32 = 0;
    for c in rest.chars().chain(head.chars()) {
        let v = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            _ => return false,
        };
        r = if v >= 10 { (r * 100 + v) % 97 } else { (r * 10 + v) % 97 };
    }
    r == 1
}

/// An IBAN from `i`: two capital letters, two digits, then letters and digits, optionally in
/// groups split by single spaces; the longest prefix ending at a group or word end that passes
/// the check.
fn iban_at(chars: &[char], i: usize) -> Option<usize> {
    let head = chars.get(i..i + 4)?;
    if !(head[0].is_ascii_uppercase()
        && head[1].is_ascii_uppercase()
        && head[2].is_ascii_digit()
        && head[3].is_ascii_digit())
    {
        return None;
    }
    // (compact text so far, chars used) at each point where the IBAN could end.
    let mut compact = String::new();
    let mut ends_at: Vec<(usize, usize)> = Vec::new();
    let mut j = i;
    while j < chars.len() && compact.len() < 34 {
        let c = chars[j];
        if c.is_ascii_uppercase() || c.is_ascii_digit() {
            compact.push(c);
            j += 1;
            if ends(chars, j) || chars[j] == ' ' {
                ends_at.push((compact.len(), j - i));
            }
        } else if c == ' '
            && chars
                .get(j + 1)
                .is_some_and(|d| d.is_ascii_uppercase() || d.is_ascii_digit())
        {
            j += 1;
        } else {
            break;
        }
    }
    ends_at
        .into_iter()
        .rev()
        .find(|(n, _)| iban_valid(&compact[..*n]))
        .map(|(_, used)| used)
}

/// A DNI (`12345678Z`, `12345678-Z`) or NIE (`X1234567L`) from `i`, with its check letter.
fn dni_at(chars: &[char], i: usize) -> Option<usize> {
    const LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let first = chars.get(i)?.to_ascii_uppercase();
    let (prefix, start) = match first {
        'X' => (0, i + 1),
        'Y' => (1, i + 1),
        'Z' => (2, i + 1),
        _ => (-1, i),
    };
    let want = if prefix >= 0 { 7 } else { 8 };
    let digits: String = chars.get(start..start + want)?.iter().collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut j = start + want;
    if chars.get(j) == Some(&'-') {
        j += 1;
    }
    let letter = chars.get(j)?.to_ascii_uppercase();
    let number: u32 = format!(
        "{}{digits}",
        if prefix >= 0 { prefix.to_string() } else { String::new() }
    )
    .parse()
    .ok()?;
    (letter as u32 == LETTERS[(number % 23) as usize] as u32 && ends(chars, j + 1)).then_some(j + 1 - i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_replaced_and_a_sentence_dot_is_kept() {
        assert_eq!(scrub("Escribid a ana.perez+1@correo.es."), "Escribid a [email].");
        assert_eq!(scrub("mi usuario es @ana en la app"), "mi usuario es @ana en la app");
        assert_eq!(scrub("a@b"), "a@b");
    }

    #[test]
    fn phones_are_replaced_but_order_numbers_are_not() {
        assert_eq!(scrub("Llamadme al 600 123 456"), "Llamadme al [phone]");
        assert_eq!(scrub("o al +34 912-345-678, gracias"), "o al [phone], gracias");
        assert_eq!(scrub("desde fuera 0034912345678"), "desde fuera [phone]");
        assert_eq!(
            scrub("pedido 123456789 del 03/12/2026"),
            "pedido 123456789 del 03/12/2026"
        );
        assert_eq!(scrub("ref 48213, 12,50 €"), "ref 48213, 12,50 €");
    }

    #[test]
    fn cards_must_pass_luhn() {
        assert_eq!(
            scrub("cobrado en 4111 1111 1111 1111 dos veces"),
            "cobrado en [card] dos veces"
        );
        assert_eq!(scrub("tarjeta 5500-0000-0000-0004"), "tarjeta [card]");
        // Sixteen digits failing the Luhn check: an order or tracking number, kept whole.
        assert_eq!(scrub("envío 4111 1111 1111 1112"), "envío 4111 1111 1111 1112");
        assert_eq!(scrub("seguimiento 1234567890123456"), "seguimiento 1234567890123456");
    }

    #[test]
    fn ibans_must_pass_mod_97() {
        assert_eq!(scrub("IBAN ES91 2100 0418 4502 0005 1332."), "IBAN [iban].");
        assert_eq!(scrub("cuenta ES9121000418450200051332"), "cuenta [iban]");
        assert_eq!(scrub("GB82WEST12345698765432 ok"), "[iban] ok");
        // One digit changed: no IBAN (and too long a run to be anything else).
        assert_eq!(scrub("ES91 2100 0418 4502 0005 1333"), "ES91 2100 0418 4502 0005 1333");
    }

    #[test]
    fn dni_and_nie_need_their_check_letter() {
        assert_eq!(scrub("DNI 12345678Z"), "DNI [dni]");
        assert_eq!(scrub("dni 12345678-z, nombre"), "dni [dni], nombre");
        assert_eq!(scrub("NIE X1234567L"), "NIE [dni]");
        // A wrong letter, or no letter: an order number, kept.
        assert_eq!(scrub("pedido 12345678A"), "pedido 12345678A");
        assert_eq!(scrub("pedido 12345678"), "pedido 12345678");
        assert_eq!(scrub("modelo X1234567A"), "modelo X1234567A");
    }

    #[test]
    fn checks_on_known_values() {
        assert!(luhn("4111111111111111"));
        assert!(!luhn("4111111111111112"));
        assert!(iban_valid("ES9121000418450200051332"));
        assert!(!iban_valid("ES9121000418450200051333"));
        assert_eq!(scrub("Todo bien, gracias"), "Todo bien, gracias");
    }
}
