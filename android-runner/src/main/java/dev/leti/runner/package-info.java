/**
 * The on-device benchmark: loads a model, times every inference and prints one JSON line per run. Kept as small
 * as possible and free of the rest of leti, because it is dexed and pushed to phones.
 */
package dev.leti.runner;
