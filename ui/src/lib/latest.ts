// Answers to what the user types, shown only if no newer question was asked.
//
// The core answers commands on a pool of threads, so when typing fires several
// look-ups (a search box, the look-alikes under a form) their answers can come
// back out of order: without this, the answer to "tere" could land after, and
// replace, the answer to "teresa".

/**
 * A source of tickets: `take()` returns a ticket that stays current until the
 * next `take()`. Take one when asking; show the answer only if it is current.
 */
export function newestOnly(): { take: () => () => boolean } {
  let newest = 0;
  return {
    take() {
      const mine = ++newest;
      return () => mine === newest;
    },
  };
}

/**
 * Writes that must reach the core in the order they were made: each call runs
 * once the one before has settled (done or failed). The console's note box
 * saves its draft as it is typed and the note on Enter; sent side by side, a
 * draft sent just before Enter could be written after the note, and bring the
 * saved note's text back into the box as a draft.
 */
export function inOrder(): <T>(write: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(write: () => Promise<T>) => {
    const next = tail.then(write);
    tail = next.catch(() => undefined);
    return next;
  };
}
