/**
 * Honest storage faults for the API's data directory, as root on Linux (where chmod does not
 * stop root from writing):
 *   - a small tmpfs mounted on the directory: a real file system with a real size limit, so a
 *     full disk is real ENOSPC; and mounted (or remounted, while no file is open) read-only,
 *     a real EROFS;
 *   - `chattr +i` (immutable) on the files of a running process: their next write fails with
 *     EPERM, as when a disk turns read-only under a process (Linux remounts ext4 read-only on
 *     errors; a remount while files are open for writing is refused, so we cannot do that).
 * Without root (CI runners), `available()` says so and the tests that need it are skipped
 * with that reason printed; as a non-root user chmod works and is used for start-up instead.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd: string, args: string[]): void => {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
};

export const isRoot = (): boolean => process.getuid?.() === 0;

/** Can we mount a tmpfs here (root with CAP_SYS_ADMIN)? */
export function canMount(): boolean {
  if (!isRoot()) return false;
  const probe = `/tmp/gevinst-mount-probe-${process.pid}`;
  try {
    mkdirSync(probe, { recursive: true });
    run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
    run('umount', [probe]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

/** Does `chattr +i` work on files in this directory (ext2/3/4, xfs, btrfs; not tmpfs)? */
export function canChattr(dir: string): boolean {
  if (!isRoot()) return false;
  const file = join(dir, `.chattr-probe-${process.pid}`);
  try {
    closeSync(openSync(file, 'w'));
    run('chattr', ['+i', file]);
    run('chattr', ['-i', file]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(file, { force: true });
  }
}

export class Tmpfs {
  constructor(
    readonly dir: string,
    readonly sizeBytes: number,
  ) {
    mkdirSync(dir, { recursive: true });
    run('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0755`, 'tmpfs', dir]);
  }

  readOnly(): void {
    run('mount', ['-o', 'remount,ro', this.dir]);
  }

  readWrite(): void {
    run('mount', ['-o', 'remount,rw', this.dir]);
  }

  /** Writes a file until the file system is full; returns its path (delete it to free the space). */
  fill(name = 'filler'): string {
    const file = join(this.dir, name);
    const fd = openSync(file, 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    }
    // And the last few bytes.
    try {
      for (;;) writeSync(fd, Buffer.alloc(512, 1));
    } catch {
      // full
    } finally {
      closeSync(fd);
    }
    return file;
  }

  unmount(): void {
    try {
      run('umount', [this.dir]);
    } catch {
      run('umount', ['-l', this.dir]);
    }
  }
}

/**
 * chattr +i / -i on the files of a data directory, except SQLite's `-shm` files: those are
 * shared-memory indexes mapped into the process (not durable data), and a write through the
 * mapping of an immutable file kills the process with SIGBUS, which is an artifact of this
 * simulation (a kernel refuses to remount read-only while files are open for writing).
 */
export function setImmutable(dir: string, on: boolean): string[] {
  const files = readdirSync(dir)
    .filter((f) => !f.endsWith('-shm'))
    .map((f) => join(dir, f));
  setImmutableFiles(files, on);
  return files;
}

export function setImmutableFiles(files: readonly string[], on: boolean): void {
  for (const f of files) run('chattr', [on ? '+i' : '-i', f]);
}
