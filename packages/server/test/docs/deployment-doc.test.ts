import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ConfigSchema, configFromEnv } from '../../src/config.js';

/**
 * docs/deployment.md lists every environment variable once, with the schema's default, and the deploy/
 * recipes (systemd unit, env example, compose file) name only variables that exist.
 */
const root = new URL('../../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** Every TESSERA_* variable configFromEnv reads, and the setting each one fills. */
function variablesOfSchema(): Map<string, string> {
  const names = new Set<string>();
  configFromEnv(new Proxy({}, { get: (_target, name) => (names.add(String(name)), undefined) }));
  return new Map(
    [...names].map((name) => {
      const settings = Object.keys(configFromEnv({ [name]: '10.0.0.1' }));
      expect(settings, `${name} fills exactly one setting`).toHaveLength(1);
      return [name, settings[0]!];
    }),
  );
}

/** The rows of the "Every environment variable" table: variable → default cell (backticks removed). */
function documentedVariables(): Map<string, string> {
  const section = read('docs/deployment.md').split('## Every environment variable')[1]!.split('\n## ')[0]!;
  const rows = section.split('\n').filter((line) => line.startsWith('| `TESSERA_'));
  return new Map(rows.map((row) => row.split('|').map((cell) => cell.trim().replaceAll('`', ''))).map((cells) => [cells[1]!, cells[2]!]));
}

describe('docs/deployment.md', () => {
  test('its table names every environment variable of the configuration schema, and no other', () => {
    expect([...documentedVariables().keys()].sort()).toEqual([...variablesOfSchema().keys()].sort());
    expect([...new Set(variablesOfSchema().values())].sort(), 'every setting has its variable').toEqual(Object.keys(ConfigSchema.properties).sort());
  });

  test("each variable's documented default is the schema's", () => {
    const documented = documentedVariables();
    const properties = ConfigSchema.properties as Record<string, { default?: unknown }>;
    for (const [name, setting] of variablesOfSchema()) {
      const schemaDefault = properties[setting]!.default;
      expect(documented.get(name), name).toBe(schemaDefault === undefined ? '' : String(schemaDefault));
    }
  });

  test.each(['deploy/tessera.service', 'deploy/tessera.env.example', 'deploy/compose.yaml', 'deploy/Dockerfile', 'docs/operations.md'])(
    '%s names only variables that exist',
    (path) => {
      const known = variablesOfSchema();
      for (const [name] of read(path).matchAll(/TESSERA_[A-Z0-9_]+/g)) expect(known.has(name), `${path}: ${name}`).toBe(true);
    },
  );

  test('the systemd unit keeps its hardening', () => {
    const unit = read('deploy/tessera.service');
    for (const option of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/tessera', 'CapabilityBoundingSet=\n']) expect(unit).toContain(option);
  });
});
