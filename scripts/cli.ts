// Small helpers shared by the command-line scripts.
import { ConfigError, readConfig, type Config } from '../src/lib/config.ts';
import { DataDirLockedError } from '../src/lib/data-dir-lock.ts';
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
