//! The `Contains` search pattern: 2–16 characters of digits, letters (read as phone-keypad
//! digits, `STORM` = `78676`) and the metas `*` (any one digit), `%` (any run of digits),
//! a leading `+` (anchored at the start) and a trailing `$` (anchored at the end), as Twilio's
//! AvailablePhoneNumber `Contains` parameter describes.

/// One position of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// This digit (`b'0'..=b'9'`).
    Digit(u8),
    /// `*`: any one digit.
    One,
    /// `%`: any run of digits, possibly empty.
    Run,
}

/// A parsed `Contains`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub tokens: Vec<Token>,
    pub anchored_start: bool,
    pub anchored_end: bool,
}

/// The keypad digit of a letter.
fn keypad(letter: u8) -> u8 {
    match letter.to_ascii_uppercase() {
        b'A'..=b'C' => b'2',
        b'D'..=b'F' => b'3',
        b'G'..=b'I' => b'4',
        b'J'..=b'L' => b'5',
        b'M'..=b'O' => b'6',
        b'P'..=b'S' => b'7',
        b'T'..=b'V' => b'8',
        _ => b'9',
    }
}

impl Pattern {
    /// Parses `Contains`; the error says what to send instead.
    pub fn parse(raw: &str) -> Result<Pattern, String> {
        let hint =
            "send 2 to 16 digits or letters, with * for one digit, % for any digits, a leading + \
                    or a trailing $ to anchor it (e.g. 555, STORM, 510555****)";
        if !(2..=16).contains(&raw.len()) {
            return Err(format!("'{raw}' is not 2 to 16 characters long; {hint}"));
        }
        let body = raw.strip_prefix('+').unwrap_or(raw);
        let anchored_start = body.len() != raw.len();
        let inner = body.strip_suffix('$').unwrap_or(body);
        let anchored_end = inner.len() != body.len();
        let mut tokens = Vec::new();
        for byte in inner.bytes() {
            let token = match byte {
                b'0'..=b'9' => Token::Digit(byte),
                b'a'..=b'z' | b'A'..=b'Z' => Token::Digit(keypad(byte)),
                b'*' => Token::One,
                b'%' if tokens.last() != Some(&Token::Run) => Token::Run,
                _ => {
                    return Err(format!(
                        "'{raw}' has '{}' where it cannot be; {hint}",
                        byte as char
                    ))
                }
            };
            tokens.push(token);
        }
        let literals = tokens
            .iter()
            .filter(|t| matches!(t, Token::Digit(_)))
            .count();
        if literals < 2 {
            return Err(format!(
                "'{raw}' needs at least 2 digits or letters; {hint}"
            ));
        }
        Ok(Pattern {
            tokens,
            anchored_start,
            anchored_end,
        })
    }

    /// The pattern's digits in a form that names it in a generator seed.
    pub fn seed(&self) -> String {
        let mut seed: String = self
            .tokens
            .iter()
            .map(|t| match t {
                Token::Digit(d) => *d as char,
                Token::One => '*',
                Token::Run => '%',
            })
            .collect();
        if self.anchored_start {
            seed.insert(0, '+');
        }
        if self.anchored_end {
            seed.push('$');
        }
        seed
    }

    /// True when the number (E.164 digits `full`, of which the last `nsn_len` are the national
    /// number) holds the pattern. Anchors apply to either the full number or the national one.
    pub fn matches(&self, full: &str, nsn_len: usize) -> bool {
        let nsn = &full[full.len().saturating_sub(nsn_len)..];
        [full, nsn]
            .iter()
            .any(|text| self.matches_in(text.as_bytes()))
    }

    fn matches_in(&self, text: &[u8]) -> bool {
        let starts: Vec<usize> = if self.anchored_start {
            vec![0]
        } else {
            (0..=text.len()).collect()
        };
        starts
            .into_iter()
            .any(|start| match_here(&self.tokens, &text[start..], self.anchored_end))
    }
}

fn match_here(tokens: &[Token], text: &[u8], to_end: bool) -> bool {
    match tokens.split_first() {
        None => !to_end || text.is_empty(),
        Some((Token::Run, rest)) => {
            (0..=text.len()).any(|skip| match_here(rest, &text[skip..], to_end))
        }
        Some((token, rest)) => match text.split_first() {
            Some((digit, remaining)) if *token == Token::One || *token == Token::Digit(*digit) => {
                match_here(rest, remaining, to_end)
            }
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_read_as_keypad_digits() {
        let pattern = Pattern::parse("STORM").unwrap();
        assert_eq!(pattern.seed(), "78676");
    }

    #[test]
    fn wildcards_and_anchors_match_as_documented() {
        let classic = Pattern::parse("510555****").unwrap();
        assert!(classic.matches("15105551234", 10));
        assert!(!classic.matches("15105561234", 10));
        assert!(Pattern::parse("+1510").unwrap().matches("15105551234", 10));
        assert!(Pattern::parse("+510").unwrap().matches("15105551234", 10));
        assert!(!Pattern::parse("+555").unwrap().matches("15105551234", 10));
        assert!(Pattern::parse("34$").unwrap().matches("15105551234", 10));
        assert!(Pattern::parse("51%34").unwrap().matches("15105551234", 10));
    }

    #[test]
    fn bad_patterns_say_what_to_send() {
        for bad in ["5", "12345678901234567", "5!5", "5+5", "**", "%%55"] {
            assert!(
                Pattern::parse(bad).unwrap_err().contains("send 2 to 16"),
                "{bad}"
            );
        }
    }
}
