import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort, type RedisServerHandle, startRedisServer } from './redis-server.js';

const run = promisify(execFile);

/** A Redis Cluster of three masters on 127.0.0.1 (no replicas), and a way to stop it. */
export interface RedisClusterHandle {
  readonly nodes: Array<{ host: string; port: number }>;
  close(): Promise<void>;
}

/** Starts three `redis-server --cluster-enabled yes` and joins them with `redis-cli --cluster create`. */
export async function startRedisCluster(): Promise<RedisClusterHandle> {
  const servers: RedisServerHandle[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((server) => server.close()));
  };
  try {
    for (let i = 0; i < 3; i++) {
      servers.push(
        await startRedisServer({ args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf'] }),
      );
    }
    const addresses = servers.map((server) => `127.0.0.1:${server.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes']);
    for (const server of servers) await waitForOutput(server.port, ['cluster', 'info'], /cluster_state:ok/);
    return { nodes: servers.map((server) => ({ host: '127.0.0.1', port: server.port })), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A master and one Sentinel watching it under the name `mymaster`. */
export interface RedisSentinelHandle {
  readonly sentinels: Array<{ host: string; port: number }>;
  readonly name: string;
  readonly master: RedisServerHandle;
  close(): Promise<void>;
}

/** Starts a master and `redis-server --sentinel` monitoring it; resolves once the Sentinel knows it. */
export async function startRedisSentinel(): Promise<RedisSentinelHandle> {
  const master = await startRedisServer();
  const port = await freePort();
  const config = join(master.dir, 'sentinel.conf');
  await writeFile(
    config,
    `port ${port}\nbind 127.0.0.1\ndir ${master.dir}\nsentinel monitor mymaster 127.0.0.1 ${master.port} 1\n`,
  );
  const sentinel = spawn('redis-server', [config, '--sentinel'], { stdio: 'ignore' });
  const close = async (): Promise<void> => {
    if (sentinel.exitCode === null) {
      const exited = new Promise((resolve) => sentinel.once('exit', resolve));
      sentinel.kill('SIGTERM');
      await exited;
    }
    await master.close();
  };
  try {
    await waitForOutput(
      port,
      ['sentinel', 'get-master-addr-by-name', 'mymaster'],
      new RegExp(String(master.port)),
    );
    return { sentinels: [{ host: '127.0.0.1', port }], name: 'mymaster', master, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function waitForOutput(port: number, command: string[], expected: RegExp): Promise<void> {
  let last = '';
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      last = (await run('redis-cli', ['-p', String(port), ...command])).stdout;
      if (expected.test(last)) return;
    } catch (error) {
      last = String(error);
    }
    await sleep(100);
  }
  throw new Error(`redis on port ${port} never answered ${command.join(' ')} with ${expected}: ${last}`);
}
