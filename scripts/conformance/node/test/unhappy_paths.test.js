// The unhappy paths through twilio-node's own methods: faults injected with POST /sandbox/Faults
// surface as the library's RestException, and an account clock moved with POST /sandbox/Clock
// expires that account's approved bundle. The control plane is plain HTTP (fetch).
'use strict';

const assert = require('node:assert/strict');
const { ACCOUNT_SID, AUTH_TOKEN, RestException, startRegbox } = require('../harness');

const { test: it } = require('node:test');
const END_USERS = '/v2/RegulatoryCompliance/EndUsers';
const DAY_S = 86400;
const HOME = {
  customerName: 'Ann Lee', street: '1 George St', city: 'Sydney', region: 'NSW', postalCode: '2000', isoCountry: 'AU',
};

async function sandbox(app, method, path, form, expected) {
  const auth = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');
  const response = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form ? new URLSearchParams(form) : undefined,
  });
  const text = await response.text();
  assert.equal(response.status, expected, text);
  return text ? JSON.parse(text) : null;
}

async function setup(t) {
  const app = await startRegbox(t);
  const client = app.connect();
  return { app, client, rc: client.numbers.v2.regulatoryCompliance };
}

async function waitForStatus(rc, sid, status) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const bundle = await rc.bundles(sid).fetch();
    if (bundle.status === status) return bundle;
    assert.ok(Date.now() < deadline, `${sid} stayed ${bundle.status}, never ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('a 429 fault is a RestException with 20429 and creates nothing', async (t) => {
  const { app, rc } = await setup(t);
  await sandbox(app, 'POST', '/sandbox/Faults', { Path: END_USERS, Method: 'POST', Status: '429' }, 201);

  await assert.rejects(rc.endUsers.create({ friendlyName: 'Ann', type: 'individual' }), (error) => {
    assert.ok(error instanceof RestException, `expected RestException, got ${error}`);
    assert.equal(error.status, 429);
    assert.equal(error.code, 20429);
    return true;
  });

  assert.deepEqual(await rc.endUsers.list(), []);
  const listed = await sandbox(app, 'GET', '/sandbox/Faults', null, 200);
  assert.equal(listed.faults[0].remaining, 0);
});

it('a delay fault delays the request, then serves it', async (t) => {
  const { app, rc } = await setup(t);
  await sandbox(app, 'POST', '/sandbox/Faults', { Path: END_USERS, DelayMs: '700' }, 201);

  const started = Date.now();
  const user = await rc.endUsers.create({ friendlyName: 'Ann', type: 'individual' });

  assert.ok(Date.now() - started >= 700, `took ${Date.now() - started} ms`);
  assert.deepEqual((await rc.endUsers.list()).map((u) => u.sid), [user.sid]);
});

it('moving the clock past valid_until expires the bundle', async (t) => {
  const { app, client, rc } = await setup(t);
  const bundle = await rc.bundles.create({
    friendlyName: 'Sydney office', email: 'ann@example.com', isoCountry: 'AU', numberType: 'local', endUserType: 'individual',
  });
  const user = await rc.endUsers.create({ friendlyName: 'Ann', type: 'individual', attributes: { first_name: 'Ann', last_name: 'Lee' } });
  const address = await client.api.v2010.accounts(ACCOUNT_SID).addresses.create(HOME);
  for (const objectSid of [user.sid, address.sid]) {
    await rc.bundles(bundle.sid).itemAssignments.create({ objectSid });
  }
  await rc.bundles(bundle.sid).update({ status: 'pending-review' });
  await waitForStatus(rc, bundle.sid, 'twilio-approved');
  const validUntil = new Date(Date.now() + 30 * DAY_S * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  await sandbox(app, 'POST', `/sandbox/Bundles/${bundle.sid}/ValidUntil`, { ValidUntil: validUntil }, 200);

  const clock = await sandbox(app, 'POST', '/sandbox/Clock', { Advance: String(31 * DAY_S) }, 200);

  assert.equal(clock.offset_seconds, 31 * DAY_S);
  const expired = await waitForStatus(rc, bundle.sid, 'twilio-rejected');
  assert.ok(expired.dateUpdated > new Date(Date.now() + 30 * DAY_S * 1000), `${expired.dateUpdated}`);
});
