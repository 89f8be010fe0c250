/** Where the Direct Line 3.0 API lives, as Web Chat's `domain` option names it. */
export const DIRECT_LINE_PATH = '/v3/directline';

/** The stream's path, matched by hand because WebSocket upgrades bypass restify's router. */
export const STREAM_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,100})\/stream$/;
