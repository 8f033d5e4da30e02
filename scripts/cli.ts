// Small helpers shared by the command-line scripts.
import { parseArgs } from 'node:util';
import { ConfigError, readConfig, type Config } from '../src/lib/config.ts';
import { DataDirLockedError } from '../src/lib/data-dir-lock.ts';
import { ArchiveError } from '../src/lib/import/export/archive/format.ts';
import { NotMigratedError } from '../db/migrator.ts';

/** Reads the config or exits with one line naming the variable and what is allowed. */
export function configOrExit(): Config {
  try {
    return readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(78);
    }
    throw error;
  }
}

/** Turns the errors people can act on into one clear line. */
export function exitOnKnownError(error: unknown): never {
  // A site archive that cannot be read or written says why, with its own exit code.
  if (error instanceof ArchiveError) {
    console.error(error.message);
    process.exit(error.exitCode);
  }
  if (error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(75);
  }
  if (error instanceof NotMigratedError) {
    console.error(error.message);
    process.exit(78);
  }
  if (error instanceof Error && 'code' in error && error.code === 'ECONNREFUSED') {
    console.error(`Cannot reach PostgreSQL (${error.message}). Is it running, and is DATABASE_URL right?`);
    process.exit(69);
  }
  throw error;
}

type ArgOptions = Record<string, { type: 'string' | 'boolean'; short?: string }>;
type ArgValues<T extends ArgOptions> = { [K in keyof T]?: T[K] extends { type: 'boolean' } ? boolean : string };

/**
 * Reads the command line: `--help` prints the usage and exits 0; an unknown
 * option or a missing value prints one line and exits 2 (the shells' "wrong
 * usage"), never a stack trace.
 */
export function argsOrExit<const T extends ArgOptions>(
  usage: string,
  options: T,
): { values: ArgValues<T>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
      console.log(usage);
      process.exit(0);
    }
    return { values: values as ArgValues<T>, positionals: parsed.positionals };
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      usageError(usage, error.message.replace(/\. To specify a positional.*$/s, '').replace(/\.$/, ''));
    }
    throw error;
  }
}

/** One line saying what is wrong and where the usage is; exit 2. */
export function usageError(_usage: string, problem: string): never {
  console.error(`${problem}. Run with --help for the usage.`);
  process.exit(2);
}
