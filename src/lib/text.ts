import { z } from 'zod';

// Text from outside is stored as it will be read back, the same on both databases:
// - NUL (U+0000) means nothing in anything a person or coach writes, but PostgreSQL text columns
//   cannot hold it (SQLite can): a note with one was stored on one database and a 500 on the
//   other, and a search or lookup containing one failed the query. It is dropped.
// - A lone surrogate (half an emoji, from a client that cut a string in the wrong place) is
//   written by SQLite's driver as three bytes that read back as three U+FFFD, and by
//   PostgreSQL's as one. It becomes the one U+FFFD a UTF-8 reader would show anyway.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text as it can be stored and read back unchanged. */
export function storable(text: string): string {
  return text.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\ufffd');
}

/**
 * A string schema for text from outside that reaches the database (stored, searched or looked
 * up): made storable before the schema's own checks (trim, length) run.
 */
export function storableText() {
  return z.string().overwrite(storable);
}
