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
