/**
 * The sizes ptheta accepts, in one place. Each bounds work or memory that a single value from
 * the caller could otherwise make unbounded (one category code, one `n`, one count in a JSON
 * file); the errors-and-edge-cases guide lists them.
 */

/**
 * The most categories one categorical feature may have: codes are integers in
 * [0, MAX_CATEGORIES). A code sizes a table per class or component, so one large code must not
 * allocate gigabytes: 2¹⁶ categories × 8 bytes is 512 KiB per class.
 *
 * @example
 * ```ts
 * Categorical.fit([MAX_CATEGORIES - 1]); // the largest code accepted
 * ```
 */
export const MAX_CATEGORIES = 65536;

/**
 * The most values one call may draw or allocate as a result (rows × columns of a sample, the
 * length of an `out` buffer): 2³⁰ doubles, 8 GiB, below what a typed array can hold everywhere.
 *
 * @example
 * ```ts
 * new Gaussian(0, 1).sample(createRng(1), MAX_RESULT_SIZE + 1); // RangeError naming n
 * ```
 */
export const MAX_RESULT_SIZE = 2 ** 30;

/**
 * The most columns one joint block of counts may have: the categories of a multinomial, the
 * terms of a vocabulary. A block sizes a table of that many doubles per class or component, and
 * a sparse matrix may claim any number of columns without storing them, so one number must not
 * allocate gigabytes: 2²⁴ terms × 8 bytes is 128 MiB.
 *
 * @example
 * ```ts
 * MAX_DIMENSION; // 16777216
 * ```
 */
export const MAX_DIMENSION = 2 ** 24;
