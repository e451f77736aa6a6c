// Phone numbers through twilio-node: search (`client.availablePhoneNumbers`), buy with an approved
// bundle (`client.incomingPhoneNumbers`), update, release, an address's dependent numbers and the
// bundle delete guard.
'use strict';

const assert = require('node:assert/strict');
const { ACCOUNT_SID, RestException, startRegbox } = require('../harness');

const { test: it } = require('node:test');
const ANN = { first_name: 'Ann', last_name: 'Lee' };
const HOME = { customerName: 'Ann Lee', street: '1 George St', city: 'Sydney', region: 'NSW', postalCode: '2000', isoCountry: 'AU' };

async function assertRestError(promise, status, code) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof RestException, `expected RestException, got ${error}`);
    assert.deepEqual([error.status, error.code], [status, code]);
    return true;
  });
}

/** An AU local individual bundle with an end user and an address, approved by the reviewer. */
async function approvedBundle(client) {
  const rc = client.numbers.v2.regulatoryCompliance;
  const bundle = await rc.bundles.create({
    friendlyName: 'numbers', email: 'ann@example.com', isoCountry: 'AU', numberType: 'local', endUserType: 'individual',
  });
  const user = await rc.endUsers.create({ friendlyName: 'Ann Lee', type: 'individual', attributes: ANN });
  const address = await client.addresses.create(HOME);
  for (const objectSid of [user.sid, address.sid]) await rc.bundles(bundle.sid).itemAssignments.create({ objectSid });
  await rc.bundles(bundle.sid).update({ status: 'pending-review' });
  const deadline = Date.now() + 15000;
  while ((await rc.bundles(bundle.sid).fetch()).status !== 'twilio-approved') {
    assert.ok(Date.now() < deadline, 'the bundle was never approved');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { bundleSid: bundle.sid, addressSid: address.sid };
}

it('search gives the same numbers for the same query', async (t) => {
  const client = (await startRegbox(t)).connect();
  const first = await client.availablePhoneNumbers('AU').local.list({ contains: '555', limit: 5 });
  const again = await client.availablePhoneNumbers('AU').local.list({ contains: '555', limit: 5 });
  assert.equal(first.length, 5);
  assert.deepEqual(again.map((n) => n.phoneNumber), first.map((n) => n.phoneNumber));
  assert.ok(first.every((n) => n.phoneNumber.startsWith('+61') && n.phoneNumber.slice(3).includes('555')));
  const tollFree = await client.availablePhoneNumbers('US').tollFree.list({ limit: 2 });
  assert.equal(tollFree.length, 2);
  const au = await client.availablePhoneNumbers('AU').fetch();
  assert.deepEqual(Object.keys(au.subresourceUris).sort(), ['local', 'mobile', 'toll_free']);
});

it('a regulated number needs an approved bundle and its address', async (t) => {
  const client = (await startRegbox(t)).connect();
  const { bundleSid, addressSid } = await approvedBundle(client);
  const [offer] = await client.availablePhoneNumbers('AU').local.list({ limit: 1 });
  const phoneNumber = offer.phoneNumber;

  await assertRestError(client.incomingPhoneNumbers.create({ phoneNumber }), 400, 21649);
  await assertRestError(client.incomingPhoneNumbers.create({ phoneNumber, bundleSid }), 400, 21631);
  const bought = await client.incomingPhoneNumbers.local.create({ phoneNumber, bundleSid, addressSid });
  assert.match(bought.sid, /^PN[0-9a-f]{32}$/);
  assert.deepEqual([bought.bundleSid, bought.addressSid, bought.status], [bundleSid, addressSid, 'in-use']);
  await assertRestError(client.incomingPhoneNumbers.create({ phoneNumber, bundleSid, addressSid }), 400, 21422);
  await assertRestError(client.incomingPhoneNumbers.create({ phoneNumber: '12345' }), 400, 21421);
});

it('update, list, dependent numbers, the bundle guard and release', async (t) => {
  const client = (await startRegbox(t)).connect();
  const { bundleSid, addressSid } = await approvedBundle(client);
  const [offer] = await client.availablePhoneNumbers('AU').local.list({ limit: 1 });
  const bought = await client.incomingPhoneNumbers.create({ phoneNumber: offer.phoneNumber, bundleSid, addressSid });

  const updated = await client.incomingPhoneNumbers(bought.sid).update({ friendlyName: 'front desk', smsUrl: 'https://example.com/sms' });
  assert.deepEqual([updated.friendlyName, updated.smsUrl, updated.bundleSid], ['front desk', 'https://example.com/sms', bundleSid]);
  await assertRestError(client.incomingPhoneNumbers(bought.sid).update({ bundleSid: '' }), 400, 21649);
  assert.deepEqual((await client.incomingPhoneNumbers.list({ pageSize: 1 })).map((n) => n.sid), [bought.sid]);
  const dependents = await client.api.v2010.accounts(ACCOUNT_SID).addresses(addressSid).dependentPhoneNumbers.list();
  assert.deepEqual(dependents.map((n) => n.sid), [bought.sid]);

  const rc = client.numbers.v2.regulatoryCompliance;
  await assertRestError(rc.bundles(bundleSid).remove(), 400, 21648);
  assert.equal(await client.incomingPhoneNumbers(bought.sid).remove(), true);
  await assertRestError(client.incomingPhoneNumbers(bought.sid).fetch(), 404, 20404);
  assert.equal(await rc.bundles(bundleSid).remove(), true);
});

it('US numbers need no bundle; a toll-free number is refused on the Local list (21457 needs a raw AreaCode, which the sub-list methods never send)', async (t) => {
  const client = (await startRegbox(t)).connect();
  const [local] = await client.availablePhoneNumbers('US').local.list({ areaCode: 510, limit: 1 });
  const bought = await client.incomingPhoneNumbers.create({ phoneNumber: local.phoneNumber });
  assert.equal(bought.bundleSid, null);
  const [tollFree] = await client.availablePhoneNumbers('US').tollFree.list({ limit: 1 });
  await assertRestError(client.incomingPhoneNumbers.local.create({ phoneNumber: tollFree.phoneNumber }), 400, 21458);
});
