/**
 * `npm run account -- create NAME [--bot] | token NAME | revoke NAME | list [--data PATH]`: accounts of the
 * lichess-compatible Bot API, in the server's data file (the same `--data`/ROOKERY_DATA as `npm start`). Works
 * while the server runs. A token is printed once, on its own line on stdout, and never again.
 */
import { DEFAULT_DATA_PATH } from '../config.js';
import { Accounts } from './accounts.js';
import type { AccountStore } from './account-store.js';
import { openSqliteAccountStore } from './sqlite-account-store.js';

const USAGE = `Usage: npm run account -- <command> [--data PATH | --redis URL]

  create NAME [--bot]  make an account (--bot: a BOT account for lichess-bot, berserk and bots/cli.ts
                       --lichess-api) and print its token once
  token NAME           print a new token for an existing account (after revoke, say)
  revoke NAME          revoke every token of the account (its bots stop at their next request)
  list                 the accounts, their titles and how many live tokens each has

  --data PATH          the server's data file (env ROOKERY_DATA, default ${DEFAULT_DATA_PATH})
  --redis URL          a scale-out deployment's Redis instead (env ROOKERY_REDIS_URL)
  --redis-prefix P     its key prefix (env ROOKERY_REDIS_PREFIX, default rookery:)
`;

/** The accounts of the data file, or of the deployment's Redis; a message when they cannot be opened. */
async function openAccounts(
  dataPath: string,
  redisUrl: string,
  redisPrefix: string,
): Promise<{ store: AccountStore; close: () => Promise<void> } | string> {
  if (redisUrl !== '') {
    const { checkRedisSchema, connectRedis } = await import('../store/redis-connection.js');
    const { RedisAccountStore } = await import('./redis-account-store.js');
    try {
      const connections = await connectRedis(redisUrl);
      try {
        await checkRedisSchema(connections.client, redisPrefix);
      } catch (error) {
        await connections.close();
        throw error;
      }
      return { store: new RedisAccountStore(connections.client, redisPrefix), close: () => connections.close() };
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (dataPath === ':memory:' || dataPath.trim() === '') {
    return 'Accounts need a data file: give --data PATH (the one the server uses), or --redis URL.';
  }
  const opened = openSqliteAccountStore(dataPath);
  return opened.ok ? { store: opened.value, close: () => opened.value.close() } : opened.message;
}

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  let dataPath = process.env['ROOKERY_DATA'] ?? DEFAULT_DATA_PATH;
  let redisUrl = process.env['ROOKERY_REDIS_URL'] ?? '';
  let redisPrefix = process.env['ROOKERY_REDIS_PREFIX'] ?? 'rookery:';
  let bot = false;
  const words: string[] = [];
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === '--data') dataPath = args.shift() ?? '';
    else if (arg.startsWith('--data=')) dataPath = arg.slice('--data='.length);
    else if (arg === '--redis') redisUrl = args.shift() ?? '';
    else if (arg.startsWith('--redis=')) redisUrl = arg.slice('--redis='.length);
    else if (arg === '--redis-prefix') redisPrefix = args.shift() ?? '';
    else if (arg.startsWith('--redis-prefix=')) redisPrefix = arg.slice('--redis-prefix='.length);
    else if (arg === '--bot') bot = true;
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(USAGE);
      return 0;
    } else words.push(arg);
  }
  const [command, name, ...extra] = words;
  const needsName = command === 'create' || command === 'token' || command === 'revoke';
  if (!command || (needsName && !name) || extra.length > 0 || (!needsName && command !== 'list' && name)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const opened = await openAccounts(dataPath, redisUrl, redisPrefix);
  if (typeof opened === 'string') {
    process.stderr.write(`${opened}\n`);
    return 1;
  }
  const accounts = new Accounts(opened.store);
  try {
    switch (command) {
      case 'create': {
        const made = await accounts.create(name!, { bot });
        if (!made.ok) throw new Error(made.message);
        process.stderr.write(
          `Made ${bot ? 'bot ' : ''}account ${made.value.account.username}. Its token (shown once):\n`,
        );
        process.stdout.write(`${made.value.token}\n`);
        return 0;
      }
      case 'token': {
        const issued = await accounts.issueToken(name!);
        if (!issued.ok) throw new Error(issued.message);
        process.stderr.write(`New token for ${issued.value.account.username} (shown once):\n`);
        process.stdout.write(`${issued.value.token}\n`);
        return 0;
      }
      case 'revoke': {
        const revoked = await accounts.revoke(name!);
        if (!revoked.ok) throw new Error(revoked.message);
        process.stdout.write(`Revoked ${revoked.value.revoked} token(s) of ${revoked.value.account.username}.\n`);
        return 0;
      }
      case 'list': {
        for (const account of await accounts.list()) {
          const title = account.title ?? '-';
          process.stdout.write(
            `${account.username}\t${title}\t${account.tokens} token(s)\t${new Date(account.createdAt).toISOString()}\n`,
          );
        }
        return 0;
      }
      default:
        process.stderr.write(USAGE);
        return 2;
    }
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  } finally {
    await opened.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
