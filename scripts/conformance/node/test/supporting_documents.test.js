// SupportingDocuments through twilio-node's own methods.
'use strict';

const assert = require('node:assert/strict');
const { ACCOUNT_SID, RestException, startRegbox } = require('../harness');

const { test: it } = require('node:test');
const PASSPORT = { first_name: 'Ann', last_name: 'Lee', document_number: 'X1234567' };

async function setup(t) {
  const app = await startRegbox(t);
  return { app, rc: app.connect().numbers.v2.regulatoryCompliance };
}

async function assertRestError(promise, status, code) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof RestException, `expected RestException, got ${error}`);
    assert.equal(error.status, status);
    assert.equal(error.code, code);
    return true;
  });
}

it('create returns a draft document with attributes as an object', async (t) => {
  const { app, rc } = await setup(t);

  const doc = await rc.supportingDocuments.create({ friendlyName: 'Passport', type: 'passport', attributes: PASSPORT });

  assert.match(doc.sid, /^RD[0-9a-f]{32}$/);
  assert.equal(doc.accountSid, ACCOUNT_SID);
  assert.deepEqual([doc.type, doc.status, doc.mimeType], ['passport', 'draft', null]);
  assert.deepEqual(doc.attributes, PASSPORT);
  assert.equal(doc.url, `${app.baseUrl}/v2/RegulatoryCompliance/SupportingDocuments/${doc.sid}`);
});

it('fetch, update and remove a document', async (t) => {
  const { rc } = await setup(t);
  const { sid } = await rc.supportingDocuments.create({ friendlyName: 'Passport', type: 'passport', attributes: PASSPORT });

  assert.deepEqual((await rc.supportingDocuments(sid).fetch()).attributes, PASSPORT);
  const updated = await rc.supportingDocuments(sid).update({ friendlyName: 'Renamed', attributes: { first_name: 'Annie' } });
  assert.deepEqual([updated.friendlyName, updated.attributes, updated.type], ['Renamed', { first_name: 'Annie' }, 'passport']);

  assert.equal(await rc.supportingDocuments(sid).remove(), true);
  await assertRestError(rc.supportingDocuments(sid).fetch(), 404, 20404);
});

it('list walks every page newest first', async (t) => {
  const { rc } = await setup(t);
  const sids = [];
  for (let i = 0; i < 5; i += 1) {
    sids.push((await rc.supportingDocuments.create({ friendlyName: `doc ${i}`, type: 'passport' })).sid);
  }

  const listed = await rc.supportingDocuments.list({ pageSize: 2 });

  assert.deepEqual(listed.map((d) => d.sid), [...sids].reverse());
});

it('create without FriendlyName is 22211, without Type 22210, with bad Attributes 22207', async (t) => {
  const { rc } = await setup(t);

  await assertRestError(rc.supportingDocuments.create({ friendlyName: '', type: 'passport' }), 400, 22211);
  await assertRestError(rc.supportingDocuments.create({ friendlyName: 'Doc', type: '' }), 400, 22210);
  await assertRestError(rc.supportingDocuments.create({ friendlyName: 'Doc', type: 'passport', attributes: '{' }), 400, 22207);
});
