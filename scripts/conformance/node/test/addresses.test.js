// The 2010-04-01 Addresses resource through twilio-node (`client.addresses`, `client.api.v2010`).
'use strict';

const assert = require('node:assert/strict');
const { ACCOUNT_SID, RestException, startRegbox } = require('../harness');

const { test: it } = require('node:test');
const HOME = {
  customerName: 'Ann Lee',
  street: '1 Main St',
  city: 'Sydney',
  region: 'NSW',
  postalCode: '2000',
  isoCountry: 'AU',
};

async function assertRestError(promise, status, code) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof RestException, `expected RestException, got ${error}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    return true;
  });
}

it('create returns the address with 2010 conventions', async (t) => {
  const client = (await startRegbox(t)).connect();

  const address = await client.addresses.create({ ...HOME, friendlyName: 'home' });

  assert.match(address.sid, /^AD[0-9a-f]{32}$/);
  assert.equal(address.accountSid, ACCOUNT_SID);
  assert.deepEqual([address.customerName, address.city, address.isoCountry, address.friendlyName], ['Ann Lee', 'Sydney', 'AU', 'home']);
  assert.ok(address.dateCreated instanceof Date && !Number.isNaN(address.dateCreated.getTime()));
  assert.equal(address.uri, `/2010-04-01/Accounts/${ACCOUNT_SID}/Addresses/${address.sid}.json`);
});

it('fetch, update, list across pages and remove', async (t) => {
  const client = (await startRegbox(t)).connect();
  const addresses = client.api.v2010.accounts(ACCOUNT_SID).addresses;
  const sids = [];
  for (let i = 0; i < 5; i += 1) sids.push((await client.addresses.create({ ...HOME, customerName: `Customer ${i}` })).sid);

  assert.equal((await addresses(sids[0]).fetch()).customerName, 'Customer 0');
  assert.equal((await addresses(sids[0]).update({ friendlyName: 'office' })).friendlyName, 'office');
  const listed = await client.addresses.list({ pageSize: 2 });
  assert.deepEqual(listed.map((a) => a.sid).sort(), [...sids].sort());

  assert.equal(await addresses(sids[0]).remove(), true);
  await assertRestError(addresses(sids[0]).fetch(), 404, 20404);
});

it('a blank required field is 20001', async (t) => {
  const client = (await startRegbox(t)).connect();
  await assertRestError(client.addresses.create({ ...HOME, street: '' }), 400, 20001);
});
