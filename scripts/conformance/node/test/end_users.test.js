// EndUsers through twilio-node's own methods: create, fetch, update, remove, list, each, page.
'use strict';

const assert = require('node:assert/strict');
const { ACCOUNT_SID, RestException, startRegbox } = require('../harness');

const { test: it } = require('node:test');
const ANN = { first_name: 'Ann', last_name: 'Lee', address_sids: ['AD' + '1'.repeat(32)] };
const UNKNOWN_SID = 'IT' + '0'.repeat(32);

async function setup(t) {
  const app = await startRegbox(t);
  const client = app.connect();
  return { app, client, rc: client.numbers.v2.regulatoryCompliance };
}

async function createMany(rc, count) {
  const sids = [];
  for (let i = 0; i < count; i += 1) {
    sids.push((await rc.endUsers.create({ friendlyName: `user ${i}`, type: 'individual' })).sid);
  }
  return sids;
}

async function assertRestError(promise, status, code) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof RestException, `expected RestException, got ${error}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    assert.match(error.moreInfo, new RegExp(`/errors/${code}$`));
    return true;
  });
}

it('create returns the end user with attributes as an object', async (t) => {
  const { app, rc } = await setup(t);

  const user = await rc.endUsers.create({ friendlyName: 'Ann Lee', type: 'individual', attributes: ANN });

  assert.match(user.sid, /^IT[0-9a-f]{32}$/);
  assert.equal(user.accountSid, ACCOUNT_SID);
  assert.equal(user.friendlyName, 'Ann Lee');
  assert.equal(user.type, 'individual');
  assert.deepEqual(user.attributes, ANN);
  assert.ok(user.dateCreated instanceof Date && !Number.isNaN(user.dateCreated.getTime()));
  assert.equal(user.url, `${app.baseUrl}/v2/RegulatoryCompliance/EndUsers/${user.sid}`);
});

it('fetch returns what create returned', async (t) => {
  const { rc } = await setup(t);
  const created = await rc.endUsers.create({ friendlyName: 'Ann', type: 'business', attributes: ANN });

  const fetched = await rc.endUsers(created.sid).fetch();

  assert.deepEqual(fetched.toJSON(), created.toJSON());
});

it('update changes friendly name and attributes but not the type', async (t) => {
  const { rc } = await setup(t);
  const created = await rc.endUsers.create({ friendlyName: 'Ann', type: 'individual', attributes: ANN });

  // Through the context: twilio-node 6.2.0 builds create()'s instance without its sid, so
  // `created.update()` throws "Parameter 'sid' is not valid." before any request is made.
  const updated = await rc.endUsers(created.sid).update({ friendlyName: 'Annie', attributes: { first_name: 'Annie' } });

  assert.equal(updated.sid, created.sid);
  assert.equal(updated.type, 'individual');
  assert.equal(updated.friendlyName, 'Annie');
  assert.deepEqual(updated.attributes, { first_name: 'Annie' });
  assert.ok(updated.dateUpdated >= created.dateCreated);
  assert.equal((await rc.endUsers(created.sid).fetch()).friendlyName, 'Annie');
});

it('remove resolves true and the end user is gone', async (t) => {
  const { rc } = await setup(t);
  const created = await rc.endUsers.create({ friendlyName: 'Temp', type: 'individual' });
  const user = await rc.endUsers(created.sid).fetch(); // a fetched instance knows its sid

  assert.equal(await user.remove(), true);

  await assertRestError(rc.endUsers(user.sid).fetch(), 404, 20404);
});

it('list walks every page newest first', async (t) => {
  const { app, client, rc } = await setup(t);
  const sids = await createMany(rc, 5);

  const listed = await rc.endUsers.list({ pageSize: 2 });

  assert.deepEqual(listed.map((u) => u.sid), [...sids].reverse());
  const gets = client.requests.filter((r) => r.method === 'GET');
  assert.equal(gets.length, 3, '5 end users at PageSize=2 take three pages');
  assert.ok(gets.every((r) => r.uri.startsWith(app.baseUrl)), 'next_page_url must point at regbox');
});

it('list with a limit stops at the limit', async (t) => {
  const { rc } = await setup(t);
  const sids = await createMany(rc, 5);

  const listed = await rc.endUsers.list({ limit: 3, pageSize: 2 });

  assert.deepEqual(listed.map((u) => u.sid), [...sids].reverse().slice(0, 3));
});

it('each visits every end user', async (t) => {
  const { rc } = await setup(t);
  const sids = await createMany(rc, 5);
  const seen = [];

  await new Promise((resolve, reject) => {
    rc.endUsers.each({ pageSize: 2, callback: (u) => seen.push(u.sid), done: (e) => (e ? reject(e) : resolve()) });
  });

  assert.deepEqual(seen, [...sids].reverse());
});

it('page and nextPage follow meta.next_page_url', async (t) => {
  const { rc } = await setup(t);
  await createMany(rc, 3);

  const first = await rc.endUsers.page({ pageSize: 2 });
  const second = await first.nextPage();

  assert.equal(first.instances.length, 2);
  assert.equal(second.instances.length, 1);
  assert.equal(await second.nextPage(), undefined);
});

const INVALID = [
  ['a missing FriendlyName', { friendlyName: '', type: 'individual' }, 20001],
  ['an unknown Type', { friendlyName: 'Ann', type: 'robot' }, 20001],
  ['malformed Attributes JSON', { friendlyName: 'Ann', type: 'individual', attributes: '{not json' }, 22207],
];
for (const [what, params, code] of INVALID) {
  it(`create with ${what} rejects with RestException ${code}`, async (t) => {
    const { rc } = await setup(t);
    await assertRestError(rc.endUsers.create(params), 400, code);
  });
}

it('an unknown SID is 20404 for fetch, update and remove', async (t) => {
  const { rc } = await setup(t);
  const target = rc.endUsers(UNKNOWN_SID);

  await assertRestError(target.fetch(), 404, 20404);
  await assertRestError(target.update({ friendlyName: 'x' }), 404, 20404);
  await assertRestError(target.remove(), 404, 20404);
});

it('a wrong auth token is 20003 with 401, for lists too', async (t) => {
  const { app } = await setup(t);
  const intruder = app.connect(ACCOUNT_SID, 'wrong-token').numbers.v2.regulatoryCompliance;

  await assertRestError(intruder.endUsers.create({ friendlyName: 'Ann', type: 'individual' }), 401, 20003);
  // Unlike twilio-python, twilio-node raises RestException for list errors too (docs/WIRE.md, "Errors").
  await assertRestError(intruder.endUsers.list(), 401, 20003);
});
