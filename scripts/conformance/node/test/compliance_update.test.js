// The "Compliance Information Update" flow through twilio-node's own methods: list bundles by
// valid_until, copy one, fix and resubmit the copy, then replace the original's items.
// regbox's control plane (/sandbox/..., plain HTTP) stands in for Twilio setting a valid_until.
'use strict';

const assert = require('node:assert/strict');
const { test } = require('node:test');
const { ACCOUNT_SID, AUTH_TOKEN, RestException, startRegbox } = require('../harness');

const ANN = { first_name: 'Ann', last_name: 'Lee' };
const AU = { isoCountry: 'AU', numberType: 'local', endUserType: 'individual' };
const HOME = { customerName: 'Ann Lee', street: '1 George St', city: 'Sydney', region: 'NSW', postalCode: '2000', isoCountry: 'AU' };
const DAY_MS = 24 * 3600 * 1000;

async function setup(t) {
  const app = await startRegbox(t);
  const client = app.connect();
  return { app, client, rc: client.numbers.v2.regulatoryCompliance };
}

/** Whole seconds, as regbox stores them. */
function inDays(days) {
  return new Date(Math.floor((Date.now() + days * DAY_MS) / 1000) * 1000);
}

async function setValidUntil(app, sid, when) {
  const auth = Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64');
  const response = await fetch(`${app.baseUrl}/sandbox/Bundles/${sid}/ValidUntil`, {
    method: 'POST',
    headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ValidUntil: when.toISOString().replace(/\.\d{3}Z$/, 'Z') }),
  });
  assert.equal(response.status, 200, await response.text());
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

/** A bundle with an end user, an address and a utility bill, approved by regbox's reviewer. */
async function approvedBundle(client, rc, friendlyName) {
  const bundle = await rc.bundles.create({ friendlyName, email: 'ann@example.com', ...AU });
  const user = await rc.endUsers.create({ friendlyName: 'Ann Lee', type: 'individual', attributes: ANN });
  const address = await client.api.v2010.accounts(ACCOUNT_SID).addresses.create(HOME);
  const bill = await rc.supportingDocuments.create({
    friendlyName: 'Utility bill', type: 'utility_bill', attributes: { address_sids: [address.sid] },
  });
  for (const objectSid of [user.sid, address.sid, bill.sid]) {
    await rc.bundles(bundle.sid).itemAssignments.create({ objectSid });
  }
  assert.equal((await rc.bundles(bundle.sid).update({ status: 'pending-review' })).status, 'pending-review');
  return waitForStatus(rc, bundle.sid, 'twilio-approved');
}

async function objectsOf(rc, sid) {
  return (await rc.bundles(sid).itemAssignments.list()).map((a) => a.objectSid).sort();
}

test('list finds approved bundles by valid_until, in order, across pages', async (t) => {
  const { app, client, rc } = await setup(t);
  const soon = await approvedBundle(client, rc, 'soon');
  const later = await approvedBundle(client, rc, 'later');
  const undated = await approvedBundle(client, rc, 'undated');
  await setValidUntil(app, soon.sid, inDays(10));
  await setValidUntil(app, later.sid, inDays(40));

  const due = await rc.bundles.list({
    status: 'twilio-approved', hasValidUntilDate: true, sortBy: 'valid-until', sortDirection: 'ASC',
    validUntilDateBefore: inDays(30),
  });
  assert.deepEqual(due.map((b) => b.sid), [soon.sid]);
  assert.ok(due[0].validUntil instanceof Date);

  const dated = await rc.bundles.list({ hasValidUntilDate: true, sortBy: 'valid-until', sortDirection: 'DESC', pageSize: 1 });
  assert.deepEqual(dated.map((b) => b.sid), [later.sid, soon.sid]);
  const all = await rc.bundles.list({ sortBy: 'valid-until', sortDirection: 'ASC', pageSize: 2 });
  assert.deepEqual(all.map((b) => b.sid), [soon.sid, later.sid, undated.sid], 'undated bundles come last');
  const after = await rc.bundles.list({ validUntilDateAfter: inDays(20), hasValidUntilDate: 'true' });
  assert.deepEqual(after.map((b) => b.sid), [later.sid]);
  const sent = client.requests.find((r) => 'ValidUntilDate<' in r.params);
  assert.match(sent.params['ValidUntilDate<'], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
});

test('copy, fix, resubmit and replace the original items', async (t) => {
  const { app, client, rc } = await setup(t);
  const original = await approvedBundle(client, rc, 'Sydney office');
  await setValidUntil(app, original.sid, inDays(10));
  const originalObjects = await objectsOf(rc, original.sid);

  const copy = await rc.bundles(original.sid).bundleCopies.create({ friendlyName: 'Sydney office (update)' });
  assert.equal(copy.status, 'draft');
  assert.notEqual(copy.sid, original.sid);
  assert.equal(copy.validUntil, null);
  assert.deepEqual((await rc.bundles(original.sid).bundleCopies.list()).map((c) => c.sid), [copy.sid]);

  const assignments = await rc.bundles(copy.sid).itemAssignments.list();
  const endUser = assignments.find((a) => a.objectSid.startsWith('IT'));
  assert.ok(!originalObjects.includes(endUser.objectSid), 'the copy has its own end user');
  assert.equal(await rc.bundles(copy.sid).itemAssignments(endUser.sid).remove(), true);
  const married = await rc.endUsers.create({
    friendlyName: 'Ann Lee-Smith', type: 'individual', attributes: { first_name: 'Ann', last_name: 'Lee-Smith' },
  });
  await rc.bundles(copy.sid).itemAssignments.create({ objectSid: married.sid });
  assert.equal((await rc.bundles(copy.sid).evaluations.create()).status, 'compliant');
  await rc.bundles(copy.sid).update({ status: 'pending-review' });
  await waitForStatus(rc, copy.sid, 'twilio-approved');
  const moving = await objectsOf(rc, copy.sid);

  const replaced = await rc.bundles(original.sid).replaceItems.create({ fromBundleSid: copy.sid });

  assert.equal(replaced.sid, original.sid);
  assert.equal(replaced.status, 'twilio-approved');
  assert.equal(replaced.validUntil, null);
  assert.equal((await rc.bundles(original.sid).fetch()).validUntil, null);
  assert.deepEqual(await objectsOf(rc, original.sid), moving);
  assert.ok(moving.includes(married.sid));
  assert.deepEqual(await objectsOf(rc, copy.sid), []);
  assert.deepEqual(await rc.bundles.list({ hasValidUntilDate: true }), []);
});

test('copies and replace items refuse ineligible bundles with Twilio codes', async (t) => {
  const { client, rc } = await setup(t);
  const approved = await approvedBundle(client, rc, 'approved');
  const draft = await rc.bundles.create({ friendlyName: 'draft', email: 'ann@example.com', ...AU });
  const cases = [
    [() => rc.bundles(draft.sid).bundleCopies.create(), 22223],
    [() => rc.bundles(approved.sid).replaceItems.create({ fromBundleSid: approved.sid }), 22226],
    [() => rc.bundles(approved.sid).replaceItems.create({ fromBundleSid: 'BU' + '0'.repeat(32) }), 22225],
    [() => rc.bundles(approved.sid).replaceItems.create({ fromBundleSid: draft.sid }), 22224],
  ];
  for (const [call, code] of cases) {
    await assert.rejects(call(), (error) => {
      assert.ok(error instanceof RestException, `expected RestException, got ${error}`);
      assert.equal(error.status, 400);
      assert.equal(error.code, code);
      return true;
    });
  }
  await assert.rejects(rc.bundles.list({ sortBy: 'friendly-name' }), (error) => error.code === 20001);
});
