import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryFS } from '@electric-sql/pglite';

/** Where PGlite keeps PostgreSQL's data folder inside its own (Emscripten) file system. */
const PGDATA = '/pglite/data';

/**
 * The Emscripten file system calls used here. PGlite types its `FS` with Emscripten's global
 * declarations, which a consumer's type checker does not always resolve (the linter's does not).
 */
interface EmscriptenFS {
  mkdirTree(path: string): void;
  mkdir(path: string): void;
  writeFile(path: string, data: Uint8Array): void;
  readdir(path: string): string[];
  stat(path: string): { mode: number };
  isDir(mode: number): boolean;
  readFile(path: string): Uint8Array;
}

/** A saved data folder held in memory: its folders, parents first, and its files, by path inside it. */
export interface ClusterImage {
  dirs: string[];
  files: { path: string; data: Uint8Array }[];
}

/** Reads a data folder saved by ClusterFS (or left by a clean shutdown on disk) into memory. */
export function readCluster(dir: string): ClusterImage {
  const image: ClusterImage = { dirs: [], files: [] };
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        image.dirs.push(path);
        walk(path);
      } else {
        // A plain Uint8Array, not the Buffer readFileSync gives: MEMFS copies a file in with
        // data.slice(), which on a Buffer shares the memory, and the database would write into
        // the image every later start copies.
        const bytes = readFileSync(join(dir, path));
        image.files.push({ path, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) });
      }
    }
  };
  walk('');
  return image;
}

/** A statSync stamp that changes when a folder saved under the same name is replaced. */
export function clusterStamp(dir: string): string {
  const { ino, mtimeMs } = statSync(join(dir, 'PG_VERSION'));
  return `${dir}\0${ino}\0${mtimeMs}`;
}

/**
 * An in-memory file system whose data folder starts as a copy of a saved cluster, and which can
 * write its data folder out once PostgreSQL has shut down cleanly. PGlite's own loadDataDir took a
 * tar of the folder and spent most of an in-memory start reading it back (a 43 MB Blob copied,
 * untarred, every path looked up once per parent folder); an image read once per thread is
 * written straight into place. And a folder saved after a clean shutdown starts without the crash
 * recovery a copy taken from a running database (dumpDataDir) costs every start.
 */
export class ClusterFS extends MemoryFS {
  #from?: ClusterImage;
  #saveTo?: string;

  constructor(from?: ClusterImage) {
    super();
    this.#from = from;
  }

  /** Writes the data folder to `dir` (a new folder) when the database closes. */
  saveOnClose(dir: string): void {
    this.#saveTo = dir;
  }

  override async initialSyncFs(): Promise<void> {
    const image = this.#from;
    if (!image) return;
    const fs = this.#fs();
    fs.mkdirTree(PGDATA);
    for (const dir of image.dirs) fs.mkdir(`${PGDATA}/${dir}`);
    for (const { path, data } of image.files) fs.writeFile(`${PGDATA}/${path}`, data);
  }

  override async closeFs(): Promise<void> {
    if (this.#saveTo) writeFolder(this.#fs(), PGDATA, this.#saveTo);
    await super.closeFs();
  }

  #fs(): EmscriptenFS {
    return (this.pg!.Module as unknown as { FS: EmscriptenFS }).FS;
  }
}

function writeFolder(fs: EmscriptenFS, from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of fs.readdir(from)) {
    if (name === '.' || name === '..') continue;
    const path = `${from}/${name}`;
    if (fs.isDir(fs.stat(path).mode)) writeFolder(fs, path, join(to, name));
    else writeFileSync(join(to, name), fs.readFile(path));
  }
}
