// Regulations, EndUserTypes and SupportingDocumentTypes through twilio-node (read-only catalog).
// The catalog's content is taken from the server itself; the tests check how the library sees it.
'use strict';

const assert = require('node:assert/strict');
const { RestException, startRegbox } = require('../harness');

const { test: it } = require('node:test');

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

it('regulations list every regulation with its requirements', async (t) => {
  const { app, rc } = await setup(t);

  const regulations = await rc.regulations.list();

  assert.ok(regulations.length > 0);
  for (const regulation of regulations) {
    assert.match(regulation.sid, /^RN[0-9a-f]{32}$/);
    assert.equal(regulation.url, `${app.baseUrl}/v2/RegulatoryCompliance/Regulations/${regulation.sid}`);
    assert.ok(Array.isArray(regulation.requirements.end_user));
    assert.ok(regulation.requirements.supporting_document.every(Array.isArray));
  }
});

it('regulations filter by country, number type and end-user type', async (t) => {
  const { rc } = await setup(t);
  const [sample] = await rc.regulations.list({ limit: 1 });

  const matching = await rc.regulations.list({
    isoCountry: sample.isoCountry,
    numberType: sample.numberType,
    endUserType: sample.endUserType,
    includeConstraints: true,
  });

  assert.ok(matching.some((r) => r.sid === sample.sid));
  for (const r of matching) {
    assert.deepEqual([r.isoCountry, r.numberType, r.endUserType], [sample.isoCountry, sample.numberType, sample.endUserType]);
  }
});

it('regulations page through in a stable order and fetch by sid', async (t) => {
  const { rc } = await setup(t);
  const everything = (await rc.regulations.list({ pageSize: 1000 })).map((r) => r.sid);

  const paged = (await rc.regulations.list({ pageSize: 3 })).map((r) => r.sid);
  const fetched = await rc.regulations(everything[0]).fetch({ includeConstraints: true });

  assert.deepEqual(paged, everything);
  assert.equal(fetched.sid, everything[0]);
});

it('an invalid EndUserType filter rejects with RestException 22212', async (t) => {
  const { rc } = await setup(t);
  // twilio-node raises RestException for list errors too (docs/WIRE.md, "Errors").
  await assertRestError(rc.regulations.list({ endUserType: 'robot' }), 400, 22212);
});

it('an unknown regulation is 20404', async (t) => {
  const { rc } = await setup(t);
  await assertRestError(rc.regulations('RN' + '0'.repeat(32)).fetch(), 404, 20404);
});

it('end-user types include individual and business and can be fetched', async (t) => {
  const { rc } = await setup(t);

  const types = await rc.endUserTypes.list();
  const fetched = await rc.endUserTypes(types[0].sid).fetch();

  const names = types.map((ty) => ty.machineName);
  assert.ok(names.includes('individual') && names.includes('business'));
  assert.deepEqual([fetched.machineName, fetched.fields], [types[0].machineName, types[0].fields]);
});

it('supporting-document types page through and can be fetched', async (t) => {
  const { rc } = await setup(t);

  const everything = await rc.supportingDocumentTypes.list({ pageSize: 1000 });
  const paged = await rc.supportingDocumentTypes.list({ pageSize: 3 });
  const fetched = await rc.supportingDocumentTypes(everything[0].sid).fetch();

  assert.deepEqual(paged.map((d) => d.sid), everything.map((d) => d.sid));
  assert.ok(everything.some((d) => d.machineName === 'passport'));
  assert.equal(fetched.machineName, everything[0].machineName);
  await assertRestError(rc.supportingDocumentTypes('OY' + '0'.repeat(32)).fetch(), 404, 20404);
});
