import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { parseWebhook, verifyWebhook, WebhookVerificationError } from 'oauthkit/helloasso';
import { afterAll, describe, expect, it } from 'vitest';

// HelloAsso notifications are outside input too: any body and any signature header give a
// boolean (verifyWebhook) or a typed notification or a WebhookVerificationError (parseWebhook),
// never another exception; a correct signature always verifies and any change to the body fails it.
const SEED = 20261202;
const KEY = 'property-signature-key';
let runs = 0;
const settings = (numRuns: number) => ({ seed: SEED, numRuns });
const sign = (body: Uint8Array, key = KEY) => createHmac('sha256', key).update(body).digest('hex');

afterAll(() => {
  process.stderr.write(`\nwebhook property runs: ${runs} (seed ${SEED})\n`);
});

const notification = fc.record({
  eventType: fc.constantFrom('Order', 'Payment', 'Form', 'Organization'),
  data: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })),
  metadata: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
});

describe('HelloAsso notification parsing, property-based', () => {
  it('verifyWebhook answers a boolean for any body and header, true only for the right HMAC', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 512 }),
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 64, maxLength: 64 }),
          fc.constant(undefined),
        ),
        (body, header) => {
          runs++;
          const result = verifyWebhook(body, header, KEY);
          expect(typeof result).toBe('boolean');
          expect(result).toBe(header !== undefined && header.trim().toLowerCase() === sign(body));
          expect(verifyWebhook(body, sign(body), KEY)).toBe(true);
          expect(verifyWebhook(body, sign(body).toUpperCase(), KEY)).toBe(true);
        },
      ),
      settings(800),
    );
  });

  it('a signed notification parses; one changed byte or another key is refused as bad-signature', () => {
    fc.assert(
      fc.property(notification, fc.nat(), fc.integer({ min: 1, max: 255 }), (event, at, flip) => {
        runs++;
        const body = Buffer.from(JSON.stringify(event));
        const parsed = parseWebhook(body, { 'x-ha-signature': sign(body) }, { signatureKey: KEY });
        expect(parsed).toEqual(JSON.parse(body.toString('utf8')));
        const tampered = Buffer.from(body);
        const index = at % tampered.length;
        tampered[index] = (tampered[index] ?? 0) ^ flip;
        for (const [raw, signature] of [
          [tampered, sign(body)],
          [body, sign(body, `${KEY}-other`)],
        ] as const) {
          const error = (() => {
            try {
              parseWebhook(raw, { 'x-ha-signature': signature }, { signatureKey: KEY });
            } catch (caught) {
              return caught;
            }
          })();
          expect(error).toBeInstanceOf(WebhookVerificationError);
          expect((error as WebhookVerificationError).reason).toBe('bad-signature');
        }
      }),
      settings(500),
    );
  });

  it('any unsigned body is a typed notification or a WebhookVerificationError, never another exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 256 }),
          fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
          notification.map((event) => Buffer.from(JSON.stringify(event))),
        ),
        (body) => {
          runs++;
          try {
            const event = parseWebhook(body, {});
            expect(['Order', 'Payment', 'Form', 'Organization']).toContain(event.eventType);
            expect(typeof event.data).toBe('object');
          } catch (error) {
            expect(error).toBeInstanceOf(WebhookVerificationError);
            expect(['not-json', 'not-a-notification']).toContain((error as WebhookVerificationError).reason);
          }
        },
      ),
      settings(1_500),
    );
  });
});
