/**
 * A class label: the one type every layer may name (the schema reads a target column into
 * labels, the models index classes by them).
 */

/**
 * A class label: a number (finite) or a string. One model uses one of the two.
 *
 * @example
 * ```ts
 * NaiveBayes.fit([[1, 0], [0, 1], [1, 1]], ["spam", "ham", "spam"]); // a NaiveBayes<string>
 * ```
 */
export type Label = number | string;
