/** System errors in words, for every adapter's messages (CLI, extension, catalogue loading). */

/** Words for the errno codes a user meets, so no message shows a bare code or a stack. */
const ERRNO_WORDS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'it already exists',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ELOOP: 'a loop of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error',
};

/** A system error in words: `permission denied`, else its own message. */
export function errnoWords(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return (e?.code && ERRNO_WORDS[e.code]) ?? String(e?.message ?? err).replace(/^\w+: /, '');
}
