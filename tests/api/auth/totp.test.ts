import { base32Decode, base32Encode, hotp, matchingStep, newTotpSecret, otpauthUrl, totp } from '../../../src/api/auth/totp';
import { TotpCodes } from '../../../src/api/auth/totp-codes';

// RFC 6238 appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP (RFC 6238) over HOTP (RFC 4226)', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('gives the RFC 6238 SHA-1 test vector at T=%i seconds', (seconds, code) => {
    expect(totp(RFC_SEED, seconds * 1000, 8)).toBe(code);
    // Six digits, as authenticator apps show: the same number, shorter.
    expect(totp(RFC_SEED, seconds * 1000)).toBe(code.slice(-6));
  });

  it.each([
    [0, '755224'], [1, '287082'], [2, '359152'], [3, '969429'], [4, '338314'],
    [5, '254676'], [6, '287922'], [7, '162583'], [8, '399871'], [9, '520489'],
  ])('gives the RFC 4226 HOTP test vector for counter %i', (counter, code) => {
    expect(hotp(RFC_SEED, counter)).toBe(code);
  });

  it('writes and reads base32 as authenticator apps do (RFC 4648)', () => {
    expect(base32Encode(RFC_SEED)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq')).toEqual(RFC_SEED);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI======')).toEqual(Buffer.from('foobar'));
    expect(() => base32Decode('NOT-BASE32!')).toThrow();
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
  });

  it('accepts the code of the step before and after now (clock drift), not two steps away', () => {
    const at = 1_700_000_000_000;
    const step = Math.floor(at / 30_000);
    expect(matchingStep(RFC_SEED, totp(RFC_SEED, at), at)).toBe(step);
    expect(matchingStep(RFC_SEED, totp(RFC_SEED, at - 30_000), at)).toBe(step - 1);
    expect(matchingStep(RFC_SEED, totp(RFC_SEED, at + 30_000), at)).toBe(step + 1);
    expect(matchingStep(RFC_SEED, totp(RFC_SEED, at - 60_000), at)).toBeNull();
    expect(matchingStep(RFC_SEED, totp(RFC_SEED, at + 60_000), at)).toBeNull();
    expect(matchingStep(RFC_SEED, 'abcdef', at)).toBeNull();
    expect(matchingStep(RFC_SEED, '1234567', at)).toBeNull();
  });

  it('makes an otpauth:// URL an authenticator app can read', () => {
    const url = new URL(otpauthUrl('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'jo.coach@northside.example'));
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Lantern:jo.coach@northside.example');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', issuer: 'Lantern', algorithm: 'SHA1', digits: '6', period: '30',
    });
  });
});

describe('used codes', () => {
  const secret = base32Encode(RFC_SEED);
  const at = new Date(1_700_000_000_000);

  it('accepts a code once, then refuses it (and older ones) within its window', () => {
    const codes = new TotpCodes();
    const code = totp(RFC_SEED, at.getTime());
    expect(codes.accept('staff-1', secret, code, at)).toBe(true);
    expect(codes.accept('staff-1', secret, code, at)).toBe(false);
    expect(codes.accept('staff-1', secret, code, new Date(at.getTime() + 25_000))).toBe(false);
    expect(codes.accept('staff-1', secret, totp(RFC_SEED, at.getTime() - 30_000), at)).toBe(false);
    // The next step's code is new, and someone else's use of a code is theirs alone.
    expect(codes.accept('staff-1', secret, totp(RFC_SEED, at.getTime() + 30_000), new Date(at.getTime() + 30_000))).toBe(true);
    expect(codes.accept('staff-2', secret, code, at)).toBe(true);
  });

  it('takes a code typed with a space, and refuses a wrong one', () => {
    const codes = new TotpCodes();
    const code = totp(RFC_SEED, at.getTime());
    expect(codes.accept('staff-1', secret, '000000' === code ? '111111' : '000000', at)).toBe(false);
    expect(codes.accept('staff-1', secret, `${code.slice(0, 3)} ${code.slice(3)}`, at)).toBe(true);
  });
});
