// Where the simulator's parts live, shared by the routes and by `npm run phone` (which must not
// load restify just to know an address).

/** The phone page's JSON API. */
export const PAGE_API_PATH = '/dev/phone/api/messages';
/** The Twilio-compatible API; the SDK's apiBaseUrl is the service's own address plus this. */
export const TWILIO_API_PREFIX = '/dev/twilio';
/** Lantern's SMS webhook, as Twilio calls it. */
export const INBOUND_PATH = '/api/sms/inbound';
