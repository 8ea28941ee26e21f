// Counted words as people write them: 1 error, 2 errors.
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "N more findings of rule R not shown": the lint formats say it the same way. */
export const omittedLine = (rule: string, n: number, limit: number) => `${plural(n, 'more finding')} of rule ${rule} not shown (at most ${limit} a rule are listed).`;

/** The first few names of a list for a sentence, then how many more: "a, b, c, d and 7 more". */
export const someOf = (names: readonly string[], max = 4) => (names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`);
