/** Runs async sections one at a time, in arrival order. */
export interface Mutex {
  run<T>(section: () => Promise<T>): Promise<T>;
}

/** Creates a mutex; a failing section does not block the ones queued after it. */
export function createMutex(): Mutex {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(section) {
      const result = tail.then(section, section);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
