// plivo-node (npm `plivo`, pinned) driving regbox's Plivo Compliance API through its own methods:
// requirements, create/get/list/update/delete, error cases, resubmission, review, callbacks
// validated with the SDK's own validateV3Signature, linking and buying numbers.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { test: it } = require('node:test');
const plivo = require('plivo');
const { startRegbox } = require('../harness');

const AUTH_ID = 'MAAAAAAAAAAAAAAAAAAA';
const AUTH_TOKEN = 'regbox-plivo-auth-token';
const NAME = 'ACME TECHNOLOGIES PRIVATE LIMITED';
const PDF = Buffer.from('%PDF-1.4\n%regbox node\n');

function plivoClient(baseUrl, authId = AUTH_ID, token = AUTH_TOKEN) {
  return new plivo.Client(authId, token, { url: `${baseUrl}/v1/Account/${authId}` });
}

function files() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regbox-plivo-'));
  const coi = path.join(dir, 'coi.pdf');
  const gst = path.join(dir, 'gst.pdf');
  fs.writeFileSync(coi, PDF);
  fs.writeFileSync(gst, PDF);
  const bad = path.join(dir, 'fake.pdf');
  fs.writeFileSync(bad, 'GIF89a');
  return { coi, gst, bad };
}

async function applicationData(client, alias, extra = {}) {
  const req = await client.phoneNumberComplianceRequirements.get({ countryIso: 'IN', numberType: 'local', userType: 'business' });
  const [reg, gst] = req.documentTypes;
  return Object.assign({
    country_iso: 'IN',
    number_type: 'local',
    alias,
    end_user: { type: 'business', name: NAME, email: 'compliance@acme.in' },
    documents: [
      { document_type_id: reg.documentTypeId, data_fields: { business_name: NAME } },
      { document_type_id: gst.documentTypeId },
    ],
  }, extra);
}

async function review(baseUrl, id, status, reason) {
  const body = new URLSearchParams({ status });
  if (reason) body.set('rejection_reason', reason);
  const response = await fetch(`${baseUrl}/sandbox/plivo/compliance/${id}/review`, {
    method: 'POST',
    body,
    headers: { Authorization: 'Basic ' + Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64') },
  });
  assert.equal(response.status, 200, await response.text());
}

/** A receiver recording each callback with its V3 headers. */
async function receiver(t) {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      received.push({
        method: req.method,
        url: req.url,
        signature: req.headers['x-plivo-signature-v3'],
        nonce: req.headers['x-plivo-signature-v3-nonce'],
        params: Object.fromEntries(new URLSearchParams(body)),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const base = `http://127.0.0.1:${server.address().port}`;
  const waitFor = async (count) => {
    const deadline = Date.now() + 15000;
    while (received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} callbacks, got ${JSON.stringify(received)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return received.slice();
  };
  return { base, url: `${base}/kyc?team=a%20b`, waitFor };
}

async function rejectsWith(promise, status, pattern) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.status, status, `status of ${error}`);
    assert.match(error.message, pattern);
    assert.ok(error.apiID, 'apiID');
    return true;
  });
}

it('requirements for India', async (t) => {
  const regbox = await startRegbox(t, { REGBOX_REVIEW: 'manual' });
  const client = plivoClient(regbox.baseUrl);
  const ids = new Set();
  for (const numberType of ['local', 'mobile', 'tollfree']) {
    const req = await client.phoneNumberComplianceRequirements.get({ countryIso: 'IN', numberType, userType: 'business' });
    assert.equal(req.numberType, numberType);
    assert.deepEqual(req.documentTypes.map((d) => d.name), ['Registration Certificate', 'GST certificate']);
    assert.equal(req.documentTypes[0].requiredFields[0].fieldName, 'business_name');
    ids.add(req.requirementId);
  }
  assert.equal(ids.size, 3);
  assert.ok(ids.has('1b592b77-d072-4298-b193-370ba887f94a'));
  await rejectsWith(client.phoneNumberComplianceRequirements.get({ countryIso: 'IN', numberType: 'local', userType: 'individual' }),
    404, /No compliance requirement/);
  await rejectsWith(client.phoneNumberComplianceRequirements.get({ countryIso: 'IN', numberType: 'local' }), 400, /user_type/);
});

it('create, get, list, delete', async (t) => {
  const regbox = await startRegbox(t, { REGBOX_REVIEW: 'manual' });
  const client = plivoClient(regbox.baseUrl);
  const f = files();
  const created = await client.phoneNumberCompliance.create({
    data: await applicationData(client, 'Acme'), documents: [{ file: f.coi }, { file: f.gst }],
  });
  assert.equal(created.message, 'Compliance application created and submitted for review.');
  const id = created.complianceId;
  const app = await client.phoneNumberCompliance.get(id, { expand: 'end_user,documents,linked_numbers' });
  assert.equal(app.status, 'submitted');
  assert.equal(app.endUser.name, NAME);
  assert.deepEqual(app.documents.map((d) => d.fileName), ['coi.pdf', 'gst.pdf']);
  assert.deepEqual(app.linkedNumbers, []);
  const download = await fetch(app.documents[0].downloadUrl);
  assert.equal(download.status, 200);
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), PDF);

  const second = await client.phoneNumberCompliance.create({
    data: await applicationData(client, 'Second'), documents: [{ file: f.coi }, { file: f.gst }],
  });
  const page = await client.phoneNumberCompliance.list({ status: 'submitted', countryIso: 'IN', limit: 1, offset: 0 });
  assert.equal(page.meta.totalCount, 2);
  assert.deepEqual(page.compliances.map((c) => c.complianceId), [id]);
  const next = await client.phoneNumberCompliance.list({ limit: 1, offset: 1 });
  assert.deepEqual(next.compliances.map((c) => c.complianceId), [second.complianceId]);
  assert.equal((await client.phoneNumberCompliance.list({ alias: 'Second' })).meta.totalCount, 1);
  assert.equal((await client.phoneNumberCompliance.list({ numberType: 'mobile' })).meta.totalCount, 0);

  assert.equal(await client.phoneNumberCompliance.delete(id), true);
  await rejectsWith(client.phoneNumberCompliance.get(id), 404, /not found/);
  assert.equal((await client.phoneNumberCompliance.list()).meta.totalCount, 1);
});

it('validation errors name what to fix and store nothing', async (t) => {
  const regbox = await startRegbox(t, { REGBOX_REVIEW: 'manual' });
  const client = plivoClient(regbox.baseUrl);
  const f = files();
  const good = await applicationData(client, 'Acme');
  const noName = Object.assign({}, good, { end_user: { type: 'business' } });
  const onlyGst = Object.assign({}, good, { documents: good.documents.slice(1) });
  const cases = [
    [noName, [{ file: f.coi }, { file: f.gst }], /end_user\.name/],
    [onlyGst, [{ file: f.gst }], /documents: Registration Certificate/],
    [good, [{ file: f.coi }], /documents\[1\]\.file/],
    [good, [{ file: f.coi }, { file: f.bad }], /not a PDF, JPEG or PNG/],
    [{ alias: 'x' }, [{ file: f.coi }], /country_iso/],
  ];
  for (const [data, documents, pattern] of cases) {
    await rejectsWith(client.phoneNumberCompliance.create({ data, documents }), 400, pattern);
  }
  assert.equal((await client.phoneNumberCompliance.list()).meta.totalCount, 0);
});

it('resubmission, review and V3-signed callbacks', async (t) => {
  const regbox = await startRegbox(t, { REGBOX_REVIEW: 'manual' });
  const client = plivoClient(regbox.baseUrl);
  const hook = await receiver(t);
  const f = files();
  const data = await applicationData(client, 'Acme', { callback_url: hook.url, callback_method: 'POST' });
  const { complianceId: id } = await client.phoneNumberCompliance.create({ data, documents: [{ file: f.coi }, { file: f.gst }] });
  await rejectsWith(client.phoneNumberCompliance.update(id, { data: { alias: 'v2' } }), 400, /submitted status/);

  await review(regbox.baseUrl, id, 'rejected', 'Document is blurry');
  const [rejected] = await hook.waitFor(1);
  assert.equal(rejected.method, 'POST');
  assert.equal(rejected.params.status, 'rejected');
  assert.equal(rejected.params.event, 'compliance.rejected');
  assert.equal(plivo.validateV3Signature('POST', hook.url, rejected.nonce, AUTH_TOKEN, rejected.signature, rejected.params), true);
  assert.equal(plivo.validateV3Signature('POST', hook.url, rejected.nonce, 'wrong', rejected.signature, rejected.params), false);

  await rejectsWith(client.phoneNumberCompliance.update(id, { data: { end_user: { type: 'individual' } } }), 400, /end_user\.type/);
  const up = await client.phoneNumberCompliance.update(id, { data: { alias: 'Acme v2' } });
  assert.equal(up.message, 'Compliance application updated and resubmitted for review.');
  assert.equal(up.compliance.status, 'submitted');
  const after = await client.phoneNumberCompliance.get(id, { expand: 'documents' });
  assert.equal(after.alias, 'Acme v2');
  assert.equal(after.documents.length, 2, 'documents kept when not sent');

  await review(regbox.baseUrl, id, 'rejected', 'again');
  const before = after.documents.map((d) => d.documentId);
  await client.phoneNumberCompliance.update(id, { data: { documents: data.documents }, documents: [{ file: f.coi }, { file: f.gst }] });
  const replaced = await client.phoneNumberCompliance.get(id, { expand: 'documents' });
  assert.notDeepEqual(replaced.documents.map((d) => d.documentId), before);

  await review(regbox.baseUrl, id, 'accepted');
  const callbacks = await hook.waitFor(3);
  const accepted = callbacks[2];
  assert.equal(accepted.params.event, 'compliance.accepted');
  assert.equal(plivo.validateV3Signature('POST', hook.url, accepted.nonce, AUTH_TOKEN, accepted.signature, accepted.params), true);
});

it('auto review accepts and calls back with GET', async (t) => {
  const regbox = await startRegbox(t, { REGBOX_REVIEW: 'auto', REGBOX_REVIEW_DELAY_MS: '200' });
  const client = plivoClient(regbox.baseUrl);
  const hook = await receiver(t);
  const f = files();
  const data = await applicationData(client, 'Auto', { callback_url: hook.url, callback_method: 'GET' });
  const { complianceId: id } = await client.phoneNumberCompliance.create({ data, documents: [{ file: f.coi }, { file: f.gst }] });
  const [callback] = await hook.waitFor(1);
  assert.equal(callback.method, 'GET');
  const full = hook.base + callback.url;
  assert.equal(new URL(full).searchParams.get('compliance_id'), id);
  assert.equal(plivo.validateV3Signature('GET', full, callback.nonce, AUTH_TOKEN, callback.signature, {}), true);
  assert.equal((await client.phoneNumberCompliance.get(id)).status, 'accepted');
});

it('buy and link numbers', async (t) => {
  const regbox = await startRegbox(t, { REGBOX_REVIEW: 'manual' });
  const client = plivoClient(regbox.baseUrl);
  const f = files();
  const { complianceId: id } = await client.phoneNumberCompliance.create({
    data: await applicationData(client, 'Acme'), documents: [{ file: f.coi }, { file: f.gst }],
  });
  await rejectsWith(client.numbers.buy('912212345678', null, null, undefined, id), 400, /only an accepted/);
  await review(regbox.baseUrl, id, 'accepted');
  await client.numbers.buy('912212345678', null, null, undefined, id);
  await client.numbers.buy('912212345679');
  const report = await client.phoneNumberComplianceLink.link({
    numbers: [
      { number: '+912212345679', complianceApplicationId: id },
      { number: '+912212345670', complianceApplicationId: id },
    ],
  });
  assert.equal(report.totalCount, 2);
  assert.equal(report.updatedCount, 1);
  assert.deepEqual(report.report.map((r) => [r.status, r.remarks]), [
    ['success', 'Number linked to compliance application.'],
    ['failed', 'Number not found on your account.'],
  ]);
  await client.numbers.buy('912212345680');
  const changed = await client.numbers.update('912212345680', { complianceApplicationId: id });
  assert.equal(changed.message, 'changed');
  const held = await client.numbers.get('912212345680');
  assert.equal(held.complianceApplicationId, id);
  assert.equal(held.complianceStatus, 'accepted');
  const app = await client.phoneNumberCompliance.get(id, { expand: 'linked_numbers' });
  assert.deepEqual(app.linkedNumbers.map((n) => n.number), ['+912212345678', '+912212345679', '+912212345680']);
});

it('a sandbox account sees only its own applications', async (t) => {
  const regbox = await startRegbox(t, { REGBOX_REVIEW: 'manual' });
  const response = await fetch(`${regbox.baseUrl}/sandbox/Accounts`, {
    method: 'POST', body: new URLSearchParams({ FriendlyName: 'tenant' }), headers: { Authorization: 'Bearer test-admin' },
  });
  const account = await response.json();
  assert.match(account.plivo_auth_id, /^MA[A-Z0-9]{18}$/);
  const mine = plivoClient(regbox.baseUrl);
  const f = files();
  const { complianceId: id } = await mine.phoneNumberCompliance.create({
    data: await applicationData(mine, 'Mine'), documents: [{ file: f.coi }, { file: f.gst }],
  });
  const theirs = plivoClient(regbox.baseUrl, account.plivo_auth_id, account.plivo_auth_token);
  await rejectsWith(theirs.phoneNumberCompliance.get(id), 404, /not found/);
  assert.equal((await theirs.phoneNumberCompliance.list()).meta.totalCount, 0);
  await rejectsWith(plivoClient(regbox.baseUrl, AUTH_ID, 'wrong').phoneNumberCompliance.list(), 401, /Authentication failed/);
});
