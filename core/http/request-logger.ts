import type { FastifyBaseLogger } from 'fastify';

type Bindings = Record<string, unknown>;
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
/** The app's logger: pino, which can say whether a level would be written. */
export type ParentLogger = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
type Level = (typeof LEVELS)[number];
type LevelMethod = (...args: unknown[]) => void;

/**
 * A request's logger that makes its pino child (the request id and tenant bound) only when a
 * line is actually written at an enabled level. Most requests write none at production levels,
 * and binding a child (serialising its bindings) was a fixed cost of every page. The lines that
 * are written carry exactly the fields the eager child would have carried.
 */
export class RequestLogger {
  readonly #parent: ParentLogger;
  readonly #bindings: () => Bindings;
  #child: FastifyBaseLogger | undefined;

  constructor(parent: ParentLogger, bindings: () => Bindings) {
    this.#parent = parent;
    this.#bindings = bindings;
  }

  #real(): FastifyBaseLogger {
    return (this.#child ??= this.#parent.child(this.#bindings()));
  }

  #write(level: Level, args: unknown[]): void {
    // Once made, the child decides (its level may have been changed through this logger).
    if (this.#child) return (this.#child[level] as (...a: unknown[]) => void)(...args);
    if (this.#parent.isLevelEnabled(level)) (this.#real()[level] as (...a: unknown[]) => void)(...args);
  }

  get level(): string {
    return this.#child?.level ?? this.#parent.level;
  }
  set level(level: string) {
    this.#real().level = level;
  }

  declare fatal: LevelMethod;
  declare error: LevelMethod;
  declare warn: LevelMethod;
  declare info: LevelMethod;
  declare debug: LevelMethod;
  declare trace: LevelMethod;

  // On the prototype, not arrow fields: six closures per request would cost what this saves.
  static {
    for (const level of LEVELS) {
      Object.defineProperty(this.prototype, level, {
        value(this: RequestLogger, ...args: unknown[]) {
          this.#write(level, args);
        },
      });
    }
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }
}
