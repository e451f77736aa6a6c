// Bundles end to end through twilio-node: the guide's flow, signed callbacks checked with the
// library's own validateRequest, errors as RestException, and API-key auth.
'use strict';

const assert = require('node:assert/strict');
const http = require('node:http');
const twilio = require('twilio');
const { ACCOUNT_SID, AUTH_TOKEN, RestException, startRegbox } = require('../harness');

const { test: it } = require('node:test');

/** A StatusCallback receiver on 127.0.0.1 that records every POST. */
async function startReceiver(t) {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      received.push({ signature: req.headers['x-twilio-signature'], params: Object.fromEntries(new URLSearchParams(body)) });
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const url = `http://127.0.0.1:${server.address().port}/status-callback?team=a%20b`;
  const waitFor = async (count) => {
    const deadline = Date.now() + 15000;
    while (received.length < count) {
      assert.ok(Date.now() < deadline, `expected ${count} callbacks, got ${JSON.stringify(received)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return received.slice();
  };
  return { url, waitFor };
}

async function compliantBundle(client, callbackUrl) {
  const rc = client.numbers.v2.regulatoryCompliance;
  const [regulation] = await rc.regulations.list({ isoCountry: 'AU', numberType: 'local', endUserType: 'individual' });
  const bundle = await rc.bundles.create({
    friendlyName: 'Ann', email: 'ann@example.com', statusCallback: callbackUrl, regulationSid: regulation.sid,
  });
  const user = await rc.endUsers.create({ friendlyName: 'Ann', type: 'individual', attributes: { first_name: 'Ann', last_name: 'Lee' } });
  const address = await client.addresses.create({
    customerName: 'Ann Lee', street: '1 George St', city: 'Sydney', region: 'NSW', postalCode: '2000', isoCountry: 'AU',
  });
  await rc.bundles(bundle.sid).itemAssignments.create({ objectSid: user.sid });
  await rc.bundles(bundle.sid).itemAssignments.create({ objectSid: address.sid });
  return { rc, bundle };
}

it('a compliant bundle is approved and each callback passes validateRequest', async (t) => {
  const app = await startRegbox(t);
  const receiver = await startReceiver(t);
  const { rc, bundle } = await compliantBundle(app.connect(), receiver.url);

  const evaluation = await rc.bundles(bundle.sid).evaluations.create();
  assert.equal(evaluation.status, 'compliant');
  assert.equal((await rc.bundles(bundle.sid).update({ status: 'pending-review' })).status, 'pending-review');

  const callbacks = await receiver.waitFor(2);
  assert.deepEqual(callbacks.map((c) => c.params.Status), ['pending-review', 'twilio-approved']);
  for (const callback of callbacks) {
    assert.ok(twilio.validateRequest(AUTH_TOKEN, callback.signature, receiver.url, callback.params), JSON.stringify(callback));
    assert.equal(twilio.validateRequest('another-token', callback.signature, receiver.url, callback.params), false);
  }
  assert.equal((await rc.bundles(bundle.sid).fetch()).status, 'twilio-approved');
});

it('bundle and item errors reject with RestException and the documented codes', async (t) => {
  const app = await startRegbox(t);
  const rc = app.connect().numbers.v2.regulatoryCompliance;
  const expectCode = (promise, code) => assert.rejects(promise, (error) => {
    assert.ok(error instanceof RestException, String(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, code);
    return true;
  });
  await expectCode(rc.bundles.create({ friendlyName: 'b', email: 'a@b.co' }), 22202);
  const bundle = await rc.bundles.create({
    friendlyName: 'b', email: 'a@b.co', isoCountry: 'AU', numberType: 'local', endUserType: 'individual',
  });
  await expectCode(rc.bundles(bundle.sid).update({ status: 'pending-review' }), 22214);
  await expectCode(rc.bundles(bundle.sid).update({ status: 'pending-review', friendlyName: 'x' }), 22204);
  await expectCode(rc.bundles(bundle.sid).itemAssignments.create({ objectSid: bundle.sid }), 22206);
  await expectCode(rc.bundles(bundle.sid).itemAssignments.create({ objectSid: 'IT' + '0'.repeat(32) }), 22205);
});

it('an API key client acts as its account', async (t) => {
  const app = await startRegbox(t);
  const response = await fetch(`${app.baseUrl}/sandbox/Accounts/${ACCOUNT_SID}/Keys`, {
    method: 'POST',
    headers: { Authorization: 'Basic ' + Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64') },
  });
  assert.equal(response.status, 201);
  const key = await response.json();
  const client = twilio(key.sid, key.secret, { accountSid: ACCOUNT_SID });
  client.numbers.baseUrl = app.baseUrl;
  const rc = client.numbers.v2.regulatoryCompliance;
  const bundle = await rc.bundles.create({
    friendlyName: 'via key', email: 'a@b.co', isoCountry: 'AU', numberType: 'local', endUserType: 'individual',
  });
  assert.equal(bundle.accountSid, ACCOUNT_SID);
  assert.deepEqual((await rc.bundles.list({ pageSize: 1 })).map((b) => b.sid), [bundle.sid]);
});
