import { spawn } from 'node:child_process';
import { openSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HAPROXY = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';

/**
 * The balancer of deploy/haproxy.cfg, on loopback ports: round robin without stickiness, health
 * checks on /readyz, the client's address passed on in X-Forwarded-For (the nodes trust one hop).
 * Checks are more frequent than in production so a short run sees a node leave and come back.
 */
export function haproxyConfig(port: number, nodes: { name: string; port: number }[]): string {
  return [
    'global',
    '    maxconn 2048',
    '',
    'defaults',
    '    mode http',
    '    timeout connect 2s',
    '    timeout client 30s',
    '    timeout server 30s',
    '    timeout http-request 10s',
    '',
    'frontend public',
    `    bind 127.0.0.1:${port}`,
    '    http-request del-header X-Forwarded-For',
    '    option forwardfor',
    '    default_backend portal',
    '',
    'backend portal',
    '    balance roundrobin',
    '    option httpchk',
    '    http-check send meth GET uri /readyz',
    '    http-check expect status 200',
    '    default-server inter 1s fall 2 rise 2',
    ...nodes.map((n) => `    server ${n.name} 127.0.0.1:${n.port} check`),
    '',
  ].join('\n');
}

/** haproxy in the foreground (-db), so killing the child stops it; its output goes to the run's folder. */
export function startHaproxy(runDir: string, config: string): { stop(): Promise<void> } {
  const file = join(runDir, 'haproxy.cfg');
  writeFileSync(file, config);
  const log = openSync(join(runDir, 'haproxy.log'), 'a');
  const child = spawn(HAPROXY, ['-db', '-f', file], { stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
