//! A small tokenizer for the HTML govwiki writes, for the properties the fuzz targets check.
//!
//! It reads tags as a browser would start to: `<` then a letter (or `/` and a letter) opens a
//! tag, whose attributes run to the next `>` outside a quoted value. govwiki escapes `<` in
//! text, so every tag found is one that a browser sees too.

/// One start tag: its name and its attributes' names and values, all names lowercase.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    /// Where the tag starts in the HTML.
    pub at: usize,
}

/// Every start tag of `html`, in order; comments and `<!…>` declarations are skipped.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let at = i + offset;
        i = at + 1;
        if bytes.get(i) == Some(&b'/') || bytes.get(i) == Some(&b'!') {
            i = html[i..].find('>').map_or(html.len(), |end| i + end + 1);
            continue;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |end| i + end);
        let name = html[i..name_end].to_ascii_lowercase();
        let mut attributes = Vec::new();
        i = name_end;
        loop {
            while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace() || *b == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                i += 1;
                break;
            }
            let attr_end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '=' || c == '/')
                .map_or(html.len(), |end| i + end)
                .max(i + 1);
            let attr = html[i..attr_end].to_ascii_lowercase();
            i = attr_end;
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = html[i + 1..]
                            .find(char::from(quote))
                            .map_or(html.len(), |end| i + 1 + end);
                        value = html[i + 1..end].to_owned();
                        i = end + 1;
                    }
                    _ => {
                        let end = html[i..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(html.len(), |end| i + end);
                        value = html[i..end].to_owned();
                        i = end;
                    }
                }
            }
            attributes.push((attr, value));
        }
        tags.push(Tag { name, attributes, at });
        i = i.min(html.len());
    }
    tags
}
