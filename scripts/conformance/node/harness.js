// Runs the real `regbox` binary on a fresh database and points twilio-node at it.
//
// Backend: REGBOX_CONFORMANCE_DB=sqlite (default; a new file in a temp dir) or postgres (a new
// database on REGBOX_TEST_PG_ADMIN_URL, dropped afterwards).
'use strict';

// Either one makes the library rewrite 127.0.0.1 into 127.<region>.0.1 (docs/WIRE.md, "Pointing a library at regbox").
delete process.env.TWILIO_EDGE;
delete process.env.TWILIO_REGION;

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { test } = require('node:test');
const twilio = require('twilio');

const REPO = path.resolve(__dirname, '..', '..', '..');
const ACCOUNT_SID = 'AC' + 'a'.repeat(32);
const AUTH_TOKEN = 'regbox-auth-token';
const DEFAULT_PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const BANNER = /^regbox listening on (http:\/\/127\.0\.0\.1:\d+)\s*$/;
const START_TIMEOUT_MS = 30000;

function backend() {
  const name = process.env.REGBOX_CONFORMANCE_DB || 'sqlite';
  if (name !== 'sqlite' && name !== 'postgres') {
    throw new Error(`REGBOX_CONFORMANCE_DB must be sqlite or postgres, not ${name}`);
  }
  return name;
}

async function withAdmin(fn) {
  const { Client } = require('pg');
  const admin = new Client({ connectionString: process.env.REGBOX_TEST_PG_ADMIN_URL || DEFAULT_PG_ADMIN_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** A DATABASE_URL nobody else uses, and a function that removes it. */
async function freshDatabase(dir) {
  if (backend() === 'sqlite') {
    return { url: path.join(dir, 'regbox.db'), drop: async () => {} };
  }
  const name = `regbox_conf_${crypto.randomUUID().replace(/-/g, '')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(process.env.REGBOX_TEST_PG_ADMIN_URL || DEFAULT_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

function regboxEnv(databaseUrl) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('REGBOX_') && !key.startsWith('TWILIO_')) env[key] = value;
  }
  return Object.assign(env, {
    REGBOX_LISTEN: '127.0.0.1:0',
    DATABASE_URL: databaseUrl,
    REGBOX_REVIEW_DELAY_MS: '100',
    REGBOX_ADMIN_TOKEN: 'test-admin',
  });
}

function awaitBanner(child, logPath) {
  return new Promise((resolve, reject) => {
    const fail = (why) => reject(new Error(`${why}; regbox log:\n${fs.readFileSync(logPath, 'utf8').slice(-4000)}`));
    const timer = setTimeout(() => fail('regbox printed no banner in time'), START_TIMEOUT_MS);
    // Keeps reading after the banner so the server never blocks on a full pipe.
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const match = BANNER.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(`regbox exited with ${code} before its banner`);
    });
  });
}

/** Starts regbox on a fresh database (with `extraEnv` settings); `t.after` stops it and removes the database. */
async function startRegbox(t, extraEnv = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regbox-conformance-'));
  const db = await freshDatabase(dir);
  const logPath = path.join(dir, 'regbox.log');
  const log = fs.openSync(logPath, 'w');
  const bin = process.env.REGBOX_BIN || path.join(REPO, 'target', 'debug', 'regbox');
  const env = Object.assign(regboxEnv(db.url), extraEnv);
  const child = spawn(bin, [], { cwd: dir, env, stdio: ['ignore', 'pipe', log] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    fs.closeSync(log);
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  t.after(stop);
  const baseUrl = await awaitBanner(child, logPath);
  return { baseUrl, connect: (sid, token) => connect(baseUrl, sid, token) };
}

/** A twilio-node client whose numbers and api domains talk to regbox, recording each request. */
function connect(baseUrl, sid = ACCOUNT_SID, token = AUTH_TOKEN) {
  const requests = [];
  const inner = new twilio.RequestClient();
  const httpClient = {
    request: (opts) => {
      requests.push({ method: opts.method.toUpperCase(), uri: opts.uri, params: opts.params || {} });
      return inner.request(opts);
    },
  };
  const client = twilio(sid, token, { httpClient });
  client.numbers.baseUrl = baseUrl;
  client.api.baseUrl = baseUrl;
  client.requests = requests;
  return client;
}

module.exports = { ACCOUNT_SID, AUTH_TOKEN, RestException: twilio.RestException, startRegbox };
