import type { Command } from 'commander';
import { generateOpenApiDocument } from '../openapi-document.js';

export function registerOpenApiCommand(program: Command): void {
  program
    .command('openapi')
    .description('Print the OpenAPI document generated from the route schemas')
    .action(async () => {
      process.stdout.write(await generateOpenApiDocument());
    });
}
