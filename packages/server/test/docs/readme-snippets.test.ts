import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateTotp } from '../../src/domain/factors/otp/totp.js';
import { api } from '../support/api.js';
import { secretOfUri } from '../support/factors.js';
import { PYTHON, pythonSdkEnv } from '../support/python-sdk.js';
import { fillIn, readmeBlocks, type CodeBlock } from '../support/readme-blocks.js';
import { REPO_ROOT } from '../support/security-map.js';
import { useTestServer } from '../support/use-test-server.js';

/**
 * The README's "Sign in from your app" blocks, run as written: the ids of a test server filled in, Node blocks
 * with node (official SDK) and tsx (@tessera/sdk, from its sources), the Python block with Debian's python3 and
 * the vendored official SDK. A block asks for the authenticator's code on stdin; the test types it.
 */
const EMAIL = 'alice@example.com';
const PASSWORD = 'a long passphrase';
const PROMPT = 'Code from the app: ';
const { server } = useTestServer({}, async (started) => {
  await api(started, 'POST', '/api/v3/signup', { body: { connection: 'PASSWORD', passwordPayload: { email: EMAIL, password: PASSWORD } } });
  return {};
});

const blocks = readmeBlocks('Sign in from your app');
// Inside the repository, so `authing-node-sdk` resolves from its node_modules; ignored by git.
const scratch = join(REPO_ROOT, 'node_modules', '.cache', 'readme-snippets');
const SDK_SOURCES = join(REPO_ROOT, 'packages', 'sdk', 'src', 'index.ts');

/** The otpauth secret block 1 printed, as the user's authenticator app keeps it. */
let secret: Uint8Array | undefined;

/** Writes one block, the test server's ids filled in, where it can run; answers the file. */
function writeBlock(block: CodeBlock, index: number): string {
  const code = fillIn(block.code, {
    YOUR_APP_ID: server.appId,
    YOUR_APP_SECRET: server.appSecret,
    'http://127.0.0.1:3000': server.url,
    ...(block.lang === 'ts' ? { "'@tessera/sdk'": JSON.stringify(SDK_SOURCES) } : {}),
  });
  const extension = { python: 'py', ts: 'mts' }[block.lang] ?? 'mjs';
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, `block-${index}.${extension}`);
  writeFileSync(file, code);
  return file;
}

/** Runs one block, typing the current TOTP at each prompt; resolves to its stdout, rejects with its stderr. */
function run(block: CodeBlock, index: number): Promise<string> {
  const [command, env] =
    block.lang === 'python'
      ? [PYTHON, pythonSdkEnv()]
      : [block.lang === 'ts' ? join(REPO_ROOT, 'node_modules', '.bin', 'tsx') : process.execPath, process.env];
  const child = spawn(command, [writeBlock(block, index)], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    const uri = /otpauth:\/\/\S+/.exec(stdout)?.[0];
    if (uri) secret = secretOfUri(uri);
    if (stdout.endsWith(PROMPT)) child.stdin.write(`${generateTotp(secret!, server.clock.now())}\n`);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => (exitCode === 0 ? resolve(stdout) : reject(new Error(`README block ${index + 1} (${block.lang}) exited ${exitCode}:\n${stderr}\n${stdout}`))));
  });
}

/** Type-checks a block written by {@link run}, strictly, as a user's project would. */
function typeCheck(file: string): Promise<string> {
  const tsc = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
  const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
  const child = spawn(tsc, [...flags, '--types', 'node', '--skipLibCheck', '--allowImportingTsExtensions', file], { cwd: REPO_ROOT });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => (exitCode === 0 ? resolve(output) : reject(new Error(`the README's TypeScript block does not type-check:\n${output}`))));
  });
}

describe('README: sign in from your app', () => {
  test('has the binding block and the three sign-in blocks: official Node SDK, official Python SDK, @tessera/sdk', () => {
    expect(blocks.map((block) => block.lang)).toEqual(['js', 'js', 'python', 'ts']);
  });

  test('block 1 (official Node SDK) binds an authenticator app and shows the recovery code', async () => {
    expect(await run(blocks[0]!, 0)).toMatch(/Bound\. Keep the recovery code: \S+/);
  });

  test.each([
    ['official Node SDK', 1, /factorType: 'OTP'[\s\S]*Signed out: true/],
    ['official Python SDK', 2, /'factorType': 'OTP'[\s\S]*Signed out: True/],
    ['@tessera/sdk', 3, /factorType: 'OTP'[\s\S]*Signed out: true/],
  ])('%s signs in with the factor bound (1635, the code), reads the factors, refreshes, signs out', async (_client, index, shows) => {
    // Each block types a fresh code: a code accepted once is spent.
    server.clock.advanceSeconds(30);
    expect(await run(blocks[index]!, index)).toMatch(shows);
  });

  test('the @tessera/sdk block type-checks under strict', async () => {
    await typeCheck(writeBlock(blocks[3]!, 3));
  });
});
