// Subaccounts through twilio-node's 2010 Accounts resource (`client.api.v2010.accounts`).
'use strict';

const assert = require('node:assert/strict');
const { ACCOUNT_SID, RestException, startRegbox } = require('../harness');

const { test: it } = require('node:test');

it('create, fetch, list and update a subaccount', async (t) => {
  const regbox = await startRegbox(t);
  const client = regbox.connect();

  const created = await client.api.v2010.accounts.create({ friendlyName: 'team b' });
  assert.match(created.sid, /^AC[0-9a-f]{32}$/);
  assert.deepEqual([created.friendlyName, created.status, created.ownerAccountSid], ['team b', 'active', ACCOUNT_SID]);
  assert.ok(created.dateCreated instanceof Date && !Number.isNaN(created.dateCreated.getTime()));

  const child = regbox.connect(created.sid, created.authToken);
  assert.equal((await child.api.v2010.accounts(created.sid).fetch()).friendlyName, 'team b');
  assert.deepEqual((await child.api.v2010.accounts.list()).map((a) => a.sid), [created.sid]);
  const family = await client.api.v2010.accounts.list({ pageSize: 1 });
  assert.deepEqual(family.map((a) => a.sid).sort(), [ACCOUNT_SID, created.sid].sort());

  const updated = await client.api.v2010.accounts(created.sid).update({ friendlyName: 'renamed', status: 'suspended' });
  assert.deepEqual([updated.friendlyName, updated.status], ['renamed', 'suspended']);
});

it('a subaccount cannot see its parent or create subaccounts', async (t) => {
  const regbox = await startRegbox(t);
  const created = await regbox.connect().api.v2010.accounts.create();
  const child = regbox.connect(created.sid, created.authToken);

  await assert.rejects(child.api.v2010.accounts(ACCOUNT_SID).fetch(), (error) => {
    assert.ok(error instanceof RestException, `expected RestException, got ${error}`);
    assert.deepEqual([error.status, error.code], [404, 20404]);
    return true;
  });
  await assert.rejects(child.api.v2010.accounts.create({ friendlyName: 'grandchild' }), (error) => {
    assert.deepEqual([error.status, error.code], [403, 20403]);
    return true;
  });
});
