import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { PYTHON, pythonSdkEnv } from './python-sdk.js';

/** Calls AuthenticationClient methods named on stdin, one JSON line each; prints each result as a JSON line. */
const BRIDGE = `
import json, sys
from authing import AuthenticationClient
config = json.loads(sys.argv[1])
client = AuthenticationClient(app_id=config['appId'], app_host=config['appHost'], app_secret=config.get('appSecret'))
for line in sys.stdin:
    call = json.loads(line)
    try:
        result = getattr(client, call['method'])(*call.get('args', []), **call.get('kwargs', {}))
        print(json.dumps({'result': result}), flush=True)
    except Exception as error:
        print(json.dumps({'error': repr(error)}), flush=True)
`;

/**
 * The official Python SDK's AuthenticationClient in a child process, driven method by method: the test
 * keeps the browser's part (the software authenticator), the SDK makes every request itself.
 */
export class PythonSdkClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];

  constructor(config: { appId: string; appHost: string; appSecret?: string }) {
    // Fail, not skip: the SDK is part of the test fixture (pythonSdkEnv throws when it is missing).
    this.child = spawn(PYTHON, ['-u', '-c', BRIDGE, JSON.stringify(config)], { env: pythonSdkEnv() });
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => this.pending.shift()?.(line));
  }

  /** One SDK method call; rejects with what the SDK raised. */
  call<T = any>(method: string, ...args: unknown[]): Promise<T> {
    return new Promise((resolve, reject) => {
      this.pending.push((line) => {
        const answer = JSON.parse(line) as { result?: T; error?: string };
        if (answer.error !== undefined) reject(new Error(`python ${method}: ${answer.error}`));
        else resolve(answer.result as T);
      });
      this.child.stdin.write(`${JSON.stringify({ method, args })}\n`);
    });
  }

  close(): void {
    this.lines.close();
    this.child.stdin.end();
    this.child.kill();
  }
}
